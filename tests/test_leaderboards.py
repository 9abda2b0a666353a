"""Leaderboards: standard competition ranks, periods, teams, visibility, the dashboard panel,
each checked against a count made independently from the raw shares."""

import csv
import datetime
import io
import random
import re
from collections import Counter
from html import unescape
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wagtail_advocacy.game import leaderboards
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
from wagtail_advocacy.game.tasks import award_day_points, award_share_points
from wagtail_advocacy.models import (
    Click,
    Conversion,
    ConversionType,
    DailyStat,
    Share,
    TrackedLink,
)
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
    programme.shares(amelie, 6, yesterday)
    programme.shares(bruno, 2, yesterday)
    programme.shares(bruno, 2, today)
    programme.shares(chloe, 4, today)
    programme.shares(anonymous, 2, today)
    # Four colleagues who shared once: the bottom half of the board, never shown.
    rest = [programme.ambassador(f"Rest{n}", programme.rnd) for n in range(4)]
    for colleague in rest:
        programme.shares(colleague, 1, today)
    rollup_day(yesterday)
    rollup_day(today)
    period = Period(yesterday, today)

    result = compute_board(BoardKind.AMBASSADORS, Metric.SHARES, period)

    expected = shares_counted_from_raw_events(period, [amelie, bruno, chloe, anonymous])
    assert {row.key: row.value for row in result.rows} == dict(expected)
    assert [(row.rank, str(row.label), row.value) for row in result.rows] == [
        (1, "Amélie Example", 6),
        (2, "Bruno Example", 4),
        (2, "Chloé Example", 4),
        (4, "Anonymous ambassador", 2),
    ]
    assert result.ranked == 8
    assert [result.rank_of(colleague.pk) for colleague in rest] == [5, 5, 5, 5]
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
        programme.shares(amb, 2, today)
    # Two who did less, so that the rows under test are in the top half of the board.
    rest = [programme.ambassador(f"Rest{n}", programme.rnd) for n in range(2)]
    for colleague in rest:
        programme.shares(colleague, 1, today)
    rollup_day(today)
    period = Period(today, today)

    on_shares = compute_board(BoardKind.AMBASSADORS, Metric.SHARES, period)
    assert {row.key for row in on_shares.rows} == {shown.pk, uncredited.pk}
    assert on_shares.ranked == 4  # the hidden, the excluded and the one who left: not ranked
    DailyStat.objects.filter(day=today).update(unique_visitors=4)
    DailyStat.objects.filter(day=today, ambassador__in=rest).update(unique_visitors=1)
    on_clicks = compute_board(BoardKind.AMBASSADORS, Metric.UNIQUE_CLICKS, period)
    assert {row.key for row in on_clicks.rows} == {shown.pk}
    assert on_clicks.ranked == 3  # nor the uncredited one, on clicks


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
    # Two teams that did less: the bottom half of the board.
    for name in ("Ops", "Finance"):
        team = make_team(name)
        programme.shares(programme.ambassador(f"{name}1", team), 1, today)
        programme.ambassador(f"{name}2", team)
    rollup_day(today)

    result = compute_board(BoardKind.TEAMS, Metric.SHARES, Period(today, today))

    assert [(row.rank, row.name, row.value, row.members) for row in result.rows] == [
        (1, "R&D", 2.0, 2),
        (1, "Sales", 2.0, 3),
    ]
    assert result.ranked == 4  # Legal is too small to be ranked


def test_a_board_shows_its_top_n_and_ties_at_the_edge(programme):
    today = timezone.localdate()
    for n, count in enumerate([5, 4, 3, 3, 1, 1, 1, 1]):
        programme.shares(programme.ambassador(f"P{n}", programme.sales), count, today)
    rollup_day(today)

    result = compute_board(BoardKind.AMBASSADORS, Metric.SHARES, Period(today, today), top=3)

    assert [row.rank for row in result.rows] == [1, 2, 3, 3]
    assert result.ranked == 8


@pytest.mark.parametrize(
    ("counts", "shown_ranks"),
    [
        ([5, 4, 3, 2, 1, 1], [1, 2, 3]),  # six ranked: the first three
        ([5, 4, 3, 3, 1, 1], [1, 2]),  # a tie across the half is left out whole
        ([2, 2, 2, 2, 2, 2], []),  # all tied: the first place is the last, nobody shows
        ([5, 4, 3, 2, 1], [1, 2]),  # five ranked: the top half rounds down
        ([3, 1], [1]),
        ([3], [1]),  # alone: at least the first place shows
        ([3, 3], []),
    ],
)
def test_a_board_shows_at_most_the_top_half_of_those_ranked(programme, counts, shown_ranks):
    """A team of six with "top 10" sees its top three, never its last place: every surface
    shows these rows, and the last one still learns their own rank."""
    today = timezone.localdate()
    people = [programme.ambassador(f"P{n}", programme.sales) for n in range(len(counts))]
    for person, count in zip(people, counts, strict=True):
        programme.shares(person, count, today)
    rollup_day(today)
    period = Period(today, today)

    result = compute_board(BoardKind.AMBASSADORS, Metric.SHARES, period, top=10)
    cached = board(BoardKind.AMBASSADORS, Metric.SHARES, period, top=10)

    assert [row.rank for row in result.rows] == shown_ranks
    assert [row.key for row in result.rows] == [person.pk for person in people][: len(shown_ranks)]
    assert [row.key for row in cached.rows] == [row.key for row in result.rows]
    assert cached.ranked == result.ranked == len(counts)
    assert cached.rank_of(people[-1].pk) == competition_ranks(counts)[-1]


def test_which_ranks_a_board_shows():
    assert leaderboards.shown_on_board([1, 2, 3, 4, 5, 6], 6, top=10) == [True] * 3 + [False] * 3
    assert leaderboards.shown_on_board([1, 2, 2, 4], 4, top=10) == [True, False, False, False]
    assert leaderboards.shown_on_board([1, 2, 3, 3], 40, top=2) == [True, True, False, False]
    assert leaderboards.shown_on_board([1, 2, 3, 3], 40, top=3) == [True] * 4
    # The first rows of a bigger ranking (a snapshot's): the half comes from ``ranked``.
    assert leaderboards.shown_on_board([1, 2, 2], 5, top=2) == [True, False, False]
    assert leaderboards.shown_on_board([1], 1, top=10) == [True]
    assert leaderboards.shown_on_board([], 0, top=10) == []


def test_points_boards_read_the_ledger_and_are_cached_until_the_next_scoring(programme):
    settings = game_settings()
    settings.points_enabled = True
    settings.save()
    today = timezone.localdate()
    amelie = programme.ambassador("Amélie", programme.sales)
    programme.shares(amelie, 1, today)
    period = Period(today, today)
    assert board(BoardKind.AMBASSADORS, Metric.POINTS, period).rows == []

    award_share_points(Share.objects.get().pk)
    # A share's job ranks nothing: the cached board waits for the roll-up's scoring.
    assert board(BoardKind.AMBASSADORS, Metric.POINTS, period).rows == []

    award_day_points(today)

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
    make_points(programme.ambassador("Chloé", programme.sales), 30)
    make_points(programme.ambassador("Dan", programme.rnd), 20)
    make_points(programme.ambassador("Emil", programme.rnd), 15)
    make_points(viewer, 10)

    html = dashboard(client, viewer_user)

    assert "Top ambassadors" in html
    assert html.index("Amélie Example") < html.index("Anonymous ambassador")
    assert "Chloé Example" in html  # third of six: the top half ends here
    assert "Dora" not in html
    assert "Dan Example" not in html and "Emil Example" not in html
    assert "You are number 6 of 6." in html  # her own rank, not on the board


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


def test_a_member_of_an_excluded_team_sees_no_board_anywhere_ambassador_or_not(
    client, leaderboards_on, programme, make_user, make_team
):
    """The works council declined the game: its members see no panel, no report and no
    block, whether they joined the programme or not."""
    from wagtail_advocacy.game.blocks import LeaderboardBlock

    make_points(programme.ambassador("Amélie", programme.sales), 30)
    council = make_team("Works council")
    leaderboards_on.excluded_teams.add(council)
    member = make_user(is_staff=True, is_superuser=True, teams=[council])
    colleague = make_user(is_staff=True, is_superuser=True)
    block = LeaderboardBlock()
    value = block.to_python({"kind": "ambassadors", "metric": "points", "period": "month"})

    def block_for(user):
        return block.render(value, {"request": SimpleNamespace(user=user)})

    assert "Top ambassadors" in dashboard(client, colleague)
    assert report(client).status_code == 200
    assert "Amélie Example" in block_for(colleague)

    assert "Top ambassadors" not in dashboard(client, member)
    assert report(client).status_code == 302  # Wagtail's "permission denied"
    assert "Advocacy: leaderboard" not in dashboard(client, member)
    assert block_for(member).strip() == ""


def test_no_board_on_points_in_the_report_while_points_are_off(admin_client, switch_on, programme):
    switch_on("leaderboards")

    html = report(admin_client, metric="points").content.decode()

    assert "Correct the filters to see a board." in html
    assert '<option value="points"' not in html
    assert '<option value="shares"' in html


@pytest.mark.parametrize("viewer_ranked", [False, True])
def test_the_panel_takes_a_constant_number_of_queries(
    client, leaderboards_on, programme, admin_user, django_assert_max_num_queries, viewer_ranked
):
    for n in range(3):
        make_points(programme.ambassador(f"A{n}", programme.sales), 10 + n)
    if viewer_ranked:  # an ambassador reads the panel: their own rank is looked up too
        viewer = programme.ambassador("Admin", programme.sales)
        make_points(viewer, 1)
        viewer.user.is_staff = viewer.user.is_superuser = True
        viewer.user.save()
        admin_user = viewer.user
    client.force_login(admin_user)
    url = reverse("wagtailadmin_home")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    cache.clear()
    for n in range(30):
        make_points(programme.ambassador(f"B{n}", programme.rnd), 5 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- The leaderboard report of the admin --------------------------------------------------

REPORT = "wagtail_advocacy_game_admin:report_leaderboard"


def report(client, **params):
    return client.get(reverse(REPORT), params)


def exported(client, export_format, **params):
    response = report(client, export=export_format, **params)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode(), newline="")))
    return [
        list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    ]


def test_the_report_is_nowhere_until_leaderboards_are_switched_on(admin_client, switch_on):
    switch_on("points")
    assert (
        "Advocacy: leaderboard"
        not in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )
    assert report(admin_client).status_code == 302  # Wagtail's "permission denied"

    switch_on("points", "leaderboards")

    assert (
        "Advocacy: leaderboard" in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )
    assert report(admin_client).status_code == 200


def test_the_report_is_for_those_who_may_read_the_figures(client, leaderboards_on, make_user):
    editor = make_user(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert report(client).status_code == 302


def test_the_report_shows_the_board_of_the_panel_anonymous_included(
    admin_client, leaderboards_on, programme
):
    amelie = programme.ambassador("Amélie", programme.sales)
    dora = programme.ambassador("Dora", programme.sales, recognition=Recognition.ANONYMOUS)
    hidden = programme.ambassador("Hidden", programme.rnd, recognition=Recognition.HIDDEN)
    for ambassador, points in ((amelie, 50), (dora, 40), (hidden, 90)):
        make_points(ambassador, points)
    for n, points in enumerate([20, 10]):  # the bottom half of the board
        make_points(programme.ambassador(f"Bottom{n}", programme.rnd), points)

    html = report(admin_client).content.decode()

    assert html.index("Amélie Example") < html.index("Anonymous ambassador")
    assert "Dora" not in html
    assert "Hidden" not in html
    assert "Bottom" not in html  # the bottom half of the board
    rows = exported(admin_client, "csv")
    assert rows == [
        ["Rank", "Ambassador", "Points"],
        ["1", "Amélie Example", "50"],
        ["2", "Anonymous ambassador", "40"],
    ]


def test_the_report_ranks_teams_by_their_average_and_exports_their_names_safely(
    admin_client, leaderboards_on, programme, make_team
):
    leaderboards_on.minimum_team_size = 2
    leaderboards_on.save()
    formula = make_team('=HYPERLINK("https://evil.example")')
    for n, points in enumerate([30, 10]):
        make_points(programme.ambassador(f"F{n}", formula), points)
    for n, points in enumerate([8, 4, 3]):
        make_points(programme.ambassador(f"S{n}", programme.sales), points)
    for name, points in (("Legal", [4, 2]), ("Ops", [2, 0])):  # the bottom half: 3.0 and 1.0
        team = make_team(name)
        for n, value in enumerate(points):
            ambassador = programme.ambassador(f"{name}{n}", team)
            if value:
                make_points(ambassador, value)

    csv_rows = exported(admin_client, "csv", kind="teams")
    xlsx_rows = exported(admin_client, "xlsx", kind="teams")

    assert csv_rows == [
        ["Rank", "Team", "Active ambassadors", "Points per active ambassador"],
        ["1", '\'=HYPERLINK("https://evil.example")', "2", "20.0"],
        ["2", "Sales", "3", "5.0"],
    ]
    assert xlsx_rows[1] == [1, '=HYPERLINK("https://evil.example")', 2, 20]
    assert xlsx_rows[2] == [2, "Sales", 3, 5]


def test_the_report_ranks_within_a_team_over_a_range_of_dates(
    admin_client, leaderboards_on, programme
):
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    amelie = programme.ambassador("Amélie", programme.sales)
    bruno = programme.ambassador("Bruno", programme.sales)
    chloe = programme.ambassador("Chloé", programme.rnd)
    make_points(amelie, 5, day=last_week)
    make_points(bruno, 9, day=last_week)
    make_points(chloe, 20, day=last_week)
    for n, points in enumerate([3, 1]):  # the bottom half of Sales' board
        make_points(programme.ambassador(f"Sales{n}", programme.sales), points, day=last_week)
    make_points(amelie, 70)  # today: outside the range

    rows = exported(
        admin_client,
        "csv",
        period="custom",
        day_from=last_week.isoformat(),
        day_to=last_week.isoformat(),
        team=programme.sales.pk,
    )

    assert rows[1:] == [["1", "Bruno Example", "9"], ["2", "Amélie Example", "5"]]


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"period": "custom"}, "A range of dates needs a first and a last day."),
        ({"period": "custom", "day_from": "2026-02-30", "day_to": "x"}, "Enter a valid date."),
        (
            {"period": "custom", "day_from": "2026-03-31", "day_to": "2026-03-01"},
            "The last day cannot come before the first.",
        ),
        ({"kind": "teams", "team": "1"}, "Team boards rank every team; choose no team."),
        ({"metric": "salary"}, "Select a valid choice."),
        ({"top": "100000"}, "Select a valid choice."),
        ({"team": "not-a-team"}, "Select a valid choice."),
    ],
)
def test_bad_report_options_say_what_is_wrong(
    admin_client, leaderboards_on, programme, params, error
):
    make_points(programme.ambassador("Amélie", programme.sales), 5)
    if "team" in params and params["team"] == "1":
        params = {**params, "team": programme.sales.pk}

    response = report(admin_client, **params)

    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    # Above the list, not only in the closed filter drawer: the reason, with its filter.
    message = re.search(r"Correct the filters to see a board\.([^<]*)<", html)
    assert message and error in unescape(message.group(1))
    assert "Amélie Example" not in html


def test_an_empty_board_says_so(admin_client, leaderboards_on):
    assert "Nobody is on this board for this period yet." in report(admin_client).content.decode()
    assert (
        "No team has at least 5 active ambassadors with a figure in this period."
        in report(admin_client, kind="teams").content.decode()
    )


def test_the_report_takes_a_constant_number_of_queries(
    admin_client, leaderboards_on, programme, django_assert_max_num_queries
):
    leaderboards_on.minimum_team_size = 2  # a team on the board from the start
    leaderboards_on.save()
    for n in range(3):
        make_points(programme.ambassador(f"A{n}", programme.sales), 10 + n)
    with CaptureQueriesContext(connection) as few:
        report(admin_client, kind="teams")
        report(admin_client)
    cache.clear()
    for n in range(40):
        make_points(programme.ambassador(f"B{n}", programme.rnd), 5 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        report(admin_client, kind="teams")
        report(admin_client)


# --- Every board against an independent computation from the raw events -------------------

NETWORKS = ["linkedin", "x", "mastodon"]
METRIC_OF_EVENTS = [Metric.SHARES, Metric.UNIQUE_CLICKS, Metric.CONVERSIONS]


def figures_from_raw_events(metric, period):
    """{ambassador id: figure} of ``metric`` over ``period``, read from the Share, Click and
    Conversion rows with none of the roll-up's or the boards' code: a click figure is the
    distinct visitors of each day and (kit, network) of an ambassador's links, summed."""
    figures = Counter()
    if metric == Metric.SHARES:
        for share in Share.objects.all():
            if period.start <= timezone.localdate(share.created_at) <= period.end:
                figures[share.ambassador_id] += 1
    elif metric == Metric.UNIQUE_CLICKS:
        visitors = set()
        for click in Click.objects.select_related("link"):
            day = timezone.localdate(click.clicked_at)
            if period.start <= day <= period.end:
                link = click.link
                visitors.add(
                    (link.ambassador_id, link.kit_id, link.network, day, click.visitor_hash)
                )
        figures.update(ambassador for ambassador, *_rest in visitors)
    else:
        for conversion in Conversion.objects.select_related("link"):
            if period.start <= timezone.localdate(conversion.occurred_at) <= period.end:
                figures[conversion.link.ambassador_id] += 1
    return figures


def expected_ranks(figures: dict, top: int) -> list[tuple[int, int, float]]:
    """(rank, key, figure), best first, of the rows a board shows: a rank is one more than the
    number of better figures; a row shows when its rank is at most ``top`` and when no more
    than half of those ranked (at least one) did as well as it, or better."""
    half = max(1, len(figures) // 2)
    return sorted(
        (1 + sum(other > value for other in figures.values()), key, value)
        for key, value in figures.items()
        if 1 + sum(other > value for other in figures.values()) <= top
        and sum(other >= value for other in figures.values()) <= half
    )


def expected_figures(kind, metric, period, people, settings, within_team=None) -> dict:
    """{ambassador or team id: figure} of everyone a board ranks."""
    excluded = set(settings.excluded_teams.values_list("pk", flat=True))
    figures = figures_from_raw_events(metric, period)
    if kind == BoardKind.AMBASSADORS:
        shown = {
            person.pk: figures[person.pk]
            for person in people
            if person.left_at is None
            and person.suspended_at is None
            and person.recognition != Recognition.HIDDEN
            and person.team_id not in excluded
            and (person.credit_clicks or metric == Metric.SHARES)
            and (within_team is None or person.team_id == within_team.pk)
            and figures[person.pk] > 0
        }
        return shown
    members = Counter(
        person.team_id
        for person in people
        if person.left_at is None and person.team_id not in excluded
    )
    big_enough = {team for team, n in members.items() if n >= settings.minimum_team_size}
    totals = Counter()
    for person in people:
        if person.left_at is None and person.team_id in big_enough:
            totals[person.team_id] += figures[person.pk]
    return {team: round(total / members[team], 2) for team, total in totals.items() if total > 0}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_board_matches_a_computation_from_the_raw_events(
    seed, programme, make_share_kit, make_team
):
    rng = random.Random(seed)
    today = timezone.localdate()
    settings = game_settings()
    settings.minimum_team_size = 3
    settings.save()
    council = make_team("Works council")
    settings.excluded_teams.add(council)
    teams = [programme.sales, programme.rnd, make_team("Legal"), council]
    people = []
    for n in range(16):
        person = programme.ambassador(
            f"P{n:02d}",
            rng.choice(teams),
            recognition=rng.choice(list(Recognition)),
            credit_clicks=rng.random() > 0.25,
        )
        if rng.random() < 0.1:
            person.left_at = timezone.now()
        elif rng.random() < 0.1:
            person.suspended_at = timezone.now()
        person.save()
        people.append(person)
    kits = [programme.kit, make_share_kit()]
    lead = ConversionType.objects.create(name="Sign-up", slug="board-test-sign-up")
    days = [today - datetime.timedelta(days=n) for n in range(12)]
    for day in days:
        start = day_bounds(day)[0]
        for person in rng.sample(people, 8):
            kit, network = rng.choice(kits), rng.choice(NETWORKS)
            link, _ = TrackedLink.objects.get_or_create(
                kit=kit, ambassador=person, network=network
            )
            for _n in range(rng.randint(0, 2)):
                share = Share.objects.create(
                    kit=kit, ambassador=person, link=link, network=network
                )
                Share.objects.filter(pk=share.pk).update(
                    created_at=start + datetime.timedelta(hours=8)
                )
            for minute in range(rng.randint(0, 6)):
                Click.objects.create(
                    link=link,
                    clicked_at=start + datetime.timedelta(hours=10, minutes=minute),
                    visitor_hash=f"v{rng.randint(1, 4)}",  # repeats within and across days
                )
            if rng.random() < 0.3:
                Conversion.objects.create(
                    link=link,
                    conversion_type=lead,
                    occurred_at=start + datetime.timedelta(hours=11),
                    source=Conversion.Source.SIGNED,
                )
        rollup_day(day)
    periods = [
        Period(today, today),
        Period(days[6], days[2]),
        resolve_period(PeriodChoice.ALL_TIME),
    ]

    boards = []
    for kind in BoardKind:
        for metric in METRIC_OF_EVENTS:
            for period in periods:
                for within in (
                    (None, programme.sales) if kind == BoardKind.AMBASSADORS else (None,)
                ):
                    figures = expected_figures(kind, metric, period, people, settings, within)
                    for top in (100, 3):
                        computed = compute_board(kind, metric, period, top=top, within_team=within)
                        assert sorted((r.rank, r.key, r.value) for r in computed.rows) == (
                            expected_ranks(figures, top)
                        ), (kind, metric, period, within, top)
                        assert computed.ranked == len(figures)
                        assert all(
                            computed.rank_of(key) == 1 + sum(v > value for v in figures.values())
                            for key, value in figures.items()
                        )
                    boards.append(figures)
    # The world is varied enough to test something: ties, and a tie across the half of a
    # board, left out whole.
    assert any(len(set(figures.values())) < len(figures) for figures in boards)
    assert any(
        sum(v > value for v in figures.values())
        < max(1, len(figures) // 2)
        < sum(v >= value for v in figures.values())
        for figures in boards
        for value in figures.values()
    )


def test_the_scoring_job_of_a_roll_up_computes_the_panels_boards_before_anyone_asks(
    client, switch_on, programme, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    switch_on("leaderboards")  # without points the panel ranks shares
    today = timezone.localdate()
    programme.shares(programme.ambassador("Amélie", programme.sales), 2, today)
    with django_capture_on_commit_callbacks(execute=True):
        rollup_day(today)  # its scoring job runs on commit (the tests' cluster is synchronous)

    def no_ranking_in_a_request(*args, **kwargs):
        raise AssertionError("a request ranked")

    monkeypatch.setattr(leaderboards, "compute_board", no_ranking_in_a_request)
    client.force_login(admin_user)

    assert "Amélie Example" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_shares_job_ranks_no_board(leaderboards_on, programme, monkeypatch):
    """A campaign's burst of shares must not rank the boards once per share."""
    today = timezone.localdate()
    amelie = programme.ambassador("Amélie", programme.sales)
    programme.shares(amelie, 1, today)

    def no_ranking(*args, **kwargs):
        raise AssertionError("a share's job ranked")

    monkeypatch.setattr(leaderboards, "compute_board", no_ranking)

    assert award_share_points(Share.objects.get(ambassador=amelie).pk) > 0


def test_without_leaderboards_the_scoring_job_computes_no_board(
    switch_on, programme, monkeypatch, django_capture_on_commit_callbacks
):
    switch_on("points")
    computed = []
    monkeypatch.setattr(leaderboards, "compute_board", lambda *a, **k: computed.append(a))
    today = timezone.localdate()
    programme.shares(programme.ambassador("Amélie", programme.sales), 2, today)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rollup_day(today)

    assert callbacks  # the scoring job ran
    assert computed == []


def test_a_cached_board_tells_a_rank_even_when_its_ranks_left_the_cache(programme):
    today = timezone.localdate()
    people = [programme.ambassador(f"R{n}", programme.sales) for n in range(4)]
    for person, count in zip(people, [4, 3, 3, 1], strict=True):
        programme.shares(person, count, today)
    rollup_day(today)
    period = Period(today, today)
    board(BoardKind.AMBASSADORS, Metric.SHARES, period, top=1)  # computes and caches

    cached = board(BoardKind.AMBASSADORS, Metric.SHARES, period, top=1)
    assert [row.key for row in cached.rows] == [people[0].pk]
    assert cached.ranks == {}  # the rows only: the ranks are cached apart
    assert cached.rank_of(people[3].pk) == 4
    cache.delete(cached.ranks_key)
    assert [cached.rank_of(person.pk) for person in people] == [1, 2, 2, 4]


def test_the_reports_default_board_shows_no_active_filter_and_a_chosen_one_does(
    admin_client, leaderboards_on
):
    assert "w-pill" not in report(admin_client).content.decode()
    assert "w-pill" in report(admin_client, kind="teams").content.decode()
