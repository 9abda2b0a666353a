"""Leaderboards: standard competition ranks, periods, teams, visibility, the dashboard panel,
each checked against a count made independently from the raw shares."""

import datetime
from collections import Counter
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail_advocacy.game.leaderboards import (
    BoardKind,
    Metric,
    PeriodChoice,
    board,
    competition_ranks,
    compute_board,
    resolve_period,
)
from wagtail_advocacy.game.models import PointsEntry
from wagtail_advocacy.game.rules import game_settings
from wagtail_advocacy.game.tasks import award_share_points
from wagtail_advocacy.models import DailyStat, Share, TrackedLink
from wagtail_advocacy.models.people import Recognition
from wagtail_advocacy.stats.kpis import Period
from wagtail_advocacy.stats.rollup import day_bounds, rollup_day

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 18)  # a Wednesday


def test_equal_values_share_a_rank_and_the_next_rank_skips():
    assert competition_ranks([12, 9, 9, 4, 4, 4, 1]) == [1, 2, 2, 4, 4, 4, 7]
    assert competition_ranks([]) == []


@pytest.mark.parametrize(
    ("choice", "start"),
    [
        (PeriodChoice.WEEK, datetime.date(2026, 11, 16)),
        (PeriodChoice.MONTH, datetime.date(2026, 11, 1)),
        (PeriodChoice.QUARTER, datetime.date(2026, 10, 1)),
        (PeriodChoice.ALL_TIME, datetime.date.min),
    ],
)
def test_a_period_runs_from_its_first_day_to_today(choice, start):
    assert resolve_period(choice, today=TODAY) == Period(start, TODAY)


def test_a_custom_period_needs_its_start_before_its_end():
    start, end = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    assert resolve_period(PeriodChoice.CUSTOM, start=start, end=end) == Period(start, end)
    with pytest.raises(ValueError, match="start on or before its end"):
        resolve_period(PeriodChoice.CUSTOM, start=end, end=start)


@pytest.fixture
def programme(make_ambassador, make_share_kit, make_team, make_user):
    """Ambassadors of two teams who shared over two days, and a builder for more shares."""
    kit = make_share_kit()
    sales, rnd = make_team("Sales"), make_team("R&D")

    def ambassador(first_name, team, **choices):
        choices.setdefault("recognition", Recognition.NAMED)
        user = make_user(first_name=first_name, last_name="Example", teams=[team])
        return make_ambassador(user=user, team=team, **choices)

    def shares(amb, count, day, network="linkedin"):
        link, _ = TrackedLink.objects.get_or_create(kit=kit, ambassador=amb, network=network)
        for n in range(count):
            made = Share.objects.create(kit=kit, ambassador=amb, link=link, network=network)
            Share.objects.filter(pk=made.pk).update(
                created_at=day_bounds(day)[0] + datetime.timedelta(hours=9, minutes=n)
            )

    return SimpleNamespace(kit=kit, sales=sales, rnd=rnd, ambassador=ambassador, shares=shares)


def shares_counted_from_raw_events(period, ambassadors):
    """The board's figure computed another way: the Share rows themselves."""
    counts = Counter()
    for share in Share.objects.filter(ambassador__in=ambassadors):
        if period.start <= timezone.localdate(share.created_at) <= period.end:
            counts[share.ambassador_id] += 1
    return counts


def test_the_ambassador_board_ranks_shares_like_a_count_of_the_shares(programme):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    amelie = programme.ambassador("Amélie", programme.sales)
    bruno = programme.ambassador("Bruno", programme.sales)
    chloe = programme.ambassador("Chloé", programme.rnd)
    anonymous = programme.ambassador("Dora", programme.rnd, recognition=Recognition.ANONYMOUS)
    programme.shares(amelie, 3, yesterday)
    programme.shares(bruno, 1, yesterday)
    programme.shares(bruno, 1, today)
    programme.shares(chloe, 2, today)
    programme.shares(anonymous, 1, today)
    rollup_day(yesterday)
    rollup_day(today)
    period = Period(yesterday, today)

    result = compute_board(BoardKind.AMBASSADORS, Metric.SHARES, period)

    expected = shares_counted_from_raw_events(period, [amelie, bruno, chloe, anonymous])
    assert {row.key: row.value for row in result.rows} == dict(expected)
    assert [(row.rank, str(row.label), row.value) for row in result.rows] == [
        (1, "Amélie Example", 3),
        (2, "Bruno Example", 2),
        (2, "Chloé Example", 2),
        (4, "Anonymous ambassador", 1),
    ]
    assert (
        compute_board(BoardKind.AMBASSADORS, Metric.SHARES, Period(today, today)).rank_of(
            amelie.pk
        )
        is None
    )  # she shared nothing today


def test_hidden_excluded_and_uncredited_ambassadors_stay_off_the_board(programme):
    today = timezone.localdate()
    council = type(programme.sales).objects.create(name="Works council")
    game_settings().excluded_teams.add(council)
    shown = programme.ambassador("Shown", programme.sales)
    hidden = programme.ambassador("Hidden", programme.sales, recognition=Recognition.HIDDEN)
    excluded = programme.ambassador("Excluded", council)
    uncredited = programme.ambassador("Uncredited", programme.rnd, credit_clicks=False)
    left = programme.ambassador("Left", programme.rnd, left_at=timezone.now())
    for amb in (shown, hidden, excluded, uncredited, left):
        programme.shares(amb, 1, today)
    rollup_day(today)
    period = Period(today, today)

    on_shares = compute_board(BoardKind.AMBASSADORS, Metric.SHARES, period)
    assert {row.key for row in on_shares.rows} == {shown.pk, uncredited.pk}
    DailyStat.objects.filter(day=today).update(unique_visitors=4)
    on_clicks = compute_board(BoardKind.AMBASSADORS, Metric.UNIQUE_CLICKS, period)
    assert {row.key for row in on_clicks.rows} == {shown.pk}


def test_team_boards_rank_by_the_average_per_active_ambassador_of_big_enough_teams(
    programme, make_team
):
    today = timezone.localdate()
    settings = game_settings()
    settings.minimum_team_size = 2
    settings.save()
    small = make_team("Legal")
    a1 = programme.ambassador("A1", programme.sales)
    programme.ambassador("A2", programme.sales)
    programme.ambassador("A3", programme.sales)
    b1 = programme.ambassador("B1", programme.rnd, recognition=Recognition.HIDDEN)
    b2 = programme.ambassador("B2", programme.rnd)
    solo = programme.ambassador("Solo", small)
    programme.shares(a1, 6, today)  # Sales: 6 + 0 + 0 over 3 members = 2
    programme.shares(b1, 3, today)  # R&D: 3 + 1 over 2 members = 2 (a hidden one counts)
    programme.shares(b2, 1, today)
    programme.shares(solo, 9, today)  # Legal has one member: not on the board
    rollup_day(today)

    result = compute_board(BoardKind.TEAMS, Metric.SHARES, Period(today, today))

    assert [(row.rank, row.name, row.value, row.members) for row in result.rows] == [
        (1, "R&D", 2.0, 2),
        (1, "Sales", 2.0, 3),
    ]


def test_a_board_shows_its_top_n_and_ties_at_the_edge(programme):
    today = timezone.localdate()
    for n, count in enumerate([5, 4, 3, 3, 1]):
        programme.shares(programme.ambassador(f"P{n}", programme.sales), count, today)
    rollup_day(today)

    result = compute_board(BoardKind.AMBASSADORS, Metric.SHARES, Period(today, today), top=3)

    assert [row.rank for row in result.rows] == [1, 2, 3, 3]
    assert result.ranked == 5


def test_points_boards_read_the_ledger_and_are_cached_until_the_next_award(programme):
    settings = game_settings()
    settings.points_enabled = True
    settings.save()
    today = timezone.localdate()
    amelie = programme.ambassador("Amélie", programme.sales)
    programme.shares(amelie, 1, today)
    period = Period(today, today)
    assert board(BoardKind.AMBASSADORS, Metric.POINTS, period).rows == []

    award_share_points(Share.objects.get().pk)

    assert [row.value for row in board(BoardKind.AMBASSADORS, Metric.POINTS, period).rows] == [30]


@pytest.fixture
def leaderboards_on(switch_on):
    return switch_on("points", "leaderboards")


def dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("wagtailadmin_home")).content.decode()


def make_points(ambassador, points, day=None):
    PointsEntry.objects.create(
        ambassador=ambassador,
        reason="share",
        day=day or timezone.localdate(),
        quantity=1,
        rule_value=points,
        points=points,
        cause=f"test:{ambassador.pk}:{points}",
        idempotency_key=f"test:{ambassador.pk}:{points}",
    )


def test_the_dashboard_shows_no_leaderboard_until_it_is_switched_on(client, admin_user):
    assert "Top ambassadors" not in dashboard(client, admin_user)


def test_the_dashboard_panel_names_the_named_and_tells_the_viewer_their_rank(
    client, leaderboards_on, programme, make_user
):
    named = programme.ambassador("Amélie", programme.sales)
    anonymous = programme.ambassador("Dora", programme.sales, recognition=Recognition.ANONYMOUS)
    viewer_user = make_user(is_staff=True, is_superuser=True, first_name="Vera")
    viewer = programme.ambassador("Vera", programme.rnd)
    viewer.user = viewer_user
    viewer.save()
    make_points(named, 50)
    make_points(anonymous, 40)
    make_points(viewer, 10)

    html = dashboard(client, viewer_user)

    assert "Top ambassadors" in html
    assert html.index("Amélie Example") < html.index("Anonymous ambassador")
    assert "Dora" not in html
    assert "You are number 3 of 3." in html


def test_members_of_an_excluded_team_do_not_see_the_leaderboard(
    client, leaderboards_on, programme, make_user
):
    council = type(programme.sales).objects.create(name="Works council")
    leaderboards_on.excluded_teams.add(council)
    user = make_user(is_staff=True, is_superuser=True)
    member = programme.ambassador("Member", council)
    member.user = user
    member.save()

    assert "Top ambassadors" not in dashboard(client, user)


def test_the_panel_takes_a_constant_number_of_queries(
    client, leaderboards_on, programme, admin_user, django_assert_max_num_queries
):
    for n in range(3):
        make_points(programme.ambassador(f"A{n}", programme.sales), 10 + n)
    client.force_login(admin_user)
    url = reverse("wagtailadmin_home")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    cache.clear()
    for n in range(30):
        make_points(programme.ambassador(f"B{n}", programme.rnd), 5 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
