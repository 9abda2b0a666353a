"""The leaderboard StreamField block: what a newsletter's readers see, a frozen period's
snapshot with today's visibility choices, editors' mistakes refused clearly."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Page

from wagtail_advocacy.game.blocks import LeaderboardBlock
from wagtail_advocacy.game.models import LeaderboardSnapshot, PointsEntry
from wagtail_advocacy.models import RolledUpDay
from wagtail_advocacy.models.people import Recognition

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaderboards_on(switch_on):
    return switch_on("points", "leaderboards")


@pytest.fixture
def scored(make_ambassador, make_user):
    """A builder: an ambassador with ``points`` in the ledger on ``day``."""

    def make(first_name, points, day, **choices):
        choices.setdefault("recognition", Recognition.NAMED)
        ambassador = make_ambassador(user=make_user(first_name=first_name), **choices)
        PointsEntry.objects.create(
            ambassador=ambassador,
            reason="share",
            day=day,
            quantity=1,
            rule_value=points,
            points=points,
            cause=f"test:{ambassador.pk}",
            idempotency_key=f"test:{ambassador.pk}",
        )
        return ambassador

    return make


def render(context=None, **value):
    block = LeaderboardBlock()
    data = {"kind": "ambassadors", "metric": "points", "period": "month", "top": 10, **value}
    return block.render(block.to_python(data), context=context)


def roll_up(day, hour=None):
    """The day's figures were rolled up: after it was over (final), or at ``hour`` that day."""
    at = datetime.datetime.combine(day, datetime.time(hour)) if hour is not None else None
    at = at or datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, 30))
    RolledUpDay.objects.update_or_create(
        day=day, defaults={"rolled_up_at": timezone.make_aware(at)}
    )


def on_page_published(day):
    """The parent context of a block on a page first published on ``day``, at noon."""
    published = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    return {"page": Page(title="Northwind Monthly", first_published_at=published)}


def last_day_of_last_month():
    return timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


def test_nothing_shows_while_leaderboards_are_off(scored):
    scored("Amélie", 30, timezone.localdate())

    assert render().strip() == ""


def test_the_block_shows_this_months_top_ambassadors(leaderboards_on, scored):
    today = timezone.localdate()
    scored("Amélie", 30, today)
    scored("Bruno", 20, today, recognition=Recognition.ANONYMOUS)
    scored("Chloé", 10, today, recognition=Recognition.HIDDEN)
    scored("Dan", 5, today)  # the bottom half of the board, with Emil
    scored("Emil", 1, today)

    html = render(title="Bravo!")

    assert "<h2" in html and "Bravo!" in html
    assert html.index("Amélie Example") < html.index("Anonymous ambassador")
    assert "Bruno" not in html and "Chloé" not in html
    assert "Dan Example" not in html and "Emil Example" not in html


def test_a_small_board_shows_only_its_top_half_and_says_why(leaderboards_on, scored):
    today = timezone.localdate()
    scored("Amélie", 30, today)
    scored("Bruno", 20, today)

    assert "Amélie Example" in render()
    assert "Bruno" not in render()  # second of two: the last place

    scored("Chloé", 30, today)  # Amélie and Chloé tied first, Bruno last: a tie across the half
    html = render()

    assert "Amélie" not in html and "Chloé" not in html and "Bruno" not in html
    assert "Only the top half of a board is shown" in html


def test_a_snapshot_frozen_before_the_top_half_rule_shows_its_top_half(leaderboards_on, scored):
    start = timezone.localdate().replace(day=1) - datetime.timedelta(days=40)
    end = start + datetime.timedelta(days=9)
    people = [scored(name, points, start) for name, points in (("Amélie", 30), ("Bruno", 20))]
    LeaderboardSnapshot.objects.create(
        spec=f"ambassadors:points:{start}:{end}:10:",
        rows=[
            [rank, person.pk, value, None]
            for rank, person, value in zip((1, 2), people, (30, 20), strict=True)
        ],
        ranked=2,
    )

    html = render(period="custom", start=start.isoformat(), end=end.isoformat())

    assert "Amélie Example" in html and "Bruno" not in html


def test_a_past_period_is_frozen_and_shown_with_todays_visibility_choices(leaderboards_on, scored):
    start = timezone.localdate().replace(day=1) - datetime.timedelta(days=40)
    end = start + datetime.timedelta(days=9)
    amelie = scored("Amélie", 30, start)
    bruno = scored("Bruno", 20, start)
    scored("Dan", 5, start)  # the bottom half of the board, with Emil
    scored("Emil", 1, start)
    value = {"period": "custom", "start": start.isoformat(), "end": end.isoformat()}
    roll_up(end)
    first = render(**value)
    assert "Amélie Example" in first and "Bruno Example" in first

    scored("Late", 99, start)  # a late correction after the snapshot: the past stays put
    type(amelie).objects.filter(pk=amelie.pk).update(recognition=Recognition.ANONYMOUS)
    type(bruno).objects.filter(pk=bruno.pk).update(recognition=Recognition.HIDDEN)
    html = render(**value)

    assert LeaderboardSnapshot.objects.count() == 1
    assert "Late" not in html
    assert "Amélie" not in html and "Anonymous ambassador" in html
    assert "Bruno" not in html


def test_this_month_on_a_page_of_last_month_is_last_months_board_frozen(leaderboards_on, scored):
    last_month = last_day_of_last_month()
    scored("Amélie", 30, last_month.replace(day=3))
    scored("Bruno", 50, timezone.localdate())  # this month: not in last month's issue
    roll_up(last_month)
    issue = on_page_published(last_month.replace(day=14))

    html = render(issue)

    assert "Amélie Example" in html and "Bruno" not in html
    # From the first to the last day of that month, not to the day of the issue.
    assert f"from {date_format(last_month.replace(day=1))} to {date_format(last_month)}" in html
    [snapshot] = LeaderboardSnapshot.objects.all()
    assert f":{last_month.replace(day=1)}:{last_month}:" in snapshot.spec
    scored("Late", 99, last_month.replace(day=20))  # a late correction: the issue stays put
    assert "Late" not in render(issue)


def test_this_month_on_a_page_published_this_month_is_live(leaderboards_on, scored):
    today = timezone.localdate()
    scored("Amélie", 30, last_day_of_last_month())
    scored("Bruno", 50, today)
    roll_up(last_day_of_last_month())

    html = render(on_page_published(today.replace(day=1)))

    assert "Bruno Example" in html and "Amélie" not in html
    assert LeaderboardSnapshot.objects.count() == 0
    scored("Chloé", 70, today)
    cache.clear()  # as the next scoring job does (forget_boards)
    assert "Chloé Example" in render(on_page_published(today.replace(day=1)))


def test_a_page_never_published_shows_the_period_of_today(leaderboards_on, scored):
    scored("Bruno", 50, timezone.localdate())
    draft = {"page": Page(title="Draft", first_published_at=None)}

    assert "Bruno Example" in render(draft)


def test_a_period_whose_last_day_is_not_final_is_not_frozen_yet(leaderboards_on, scored):
    last_month = last_day_of_last_month()
    scored("Amélie", 30, last_month.replace(day=3))
    for name, points in (("Low", 2), ("Lower", 1)):  # the board's bottom half
        scored(name, points, last_month.replace(day=3))
    roll_up(last_month, hour=14)  # the roll-up of 14:00 did not count the evening
    issue = on_page_published(last_month.replace(day=14))

    assert "Amélie Example" in render(issue)
    assert LeaderboardSnapshot.objects.count() == 0

    scored("Evening", 99, last_month)  # counted by the roll-up after midnight
    roll_up(last_month)
    cache.clear()  # as the roll-up does (forget_boards)
    html = render(issue)

    assert html.index("Evening Example") < html.index("Amélie Example")
    assert LeaderboardSnapshot.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ({"period": "custom", "end": "2026-03-01"}, "start", "Give the first day."),
        (
            {"period": "custom", "start": "2026-03-10", "end": "2026-03-01"},
            "end",
            "The last day cannot come before the first.",
        ),
        (
            {"kind": "teams", "team": "1"},
            "team",
            "A board of teams is for the whole organisation.",
        ),
    ],
)
def test_an_editors_impossible_board_is_refused_next_to_its_field(
    make_team, value, field, message
):
    team = make_team("Sales")
    block = LeaderboardBlock()
    data = {"kind": "ambassadors", "metric": "shares", "period": "month", "top": 10, **value}
    if "team" in data:
        data["team"] = str(team.pk)

    with pytest.raises(ValidationError) as raised:
        block.clean(block.to_python(data))

    assert message in str(raised.value.block_errors[field])


def test_the_preview_renders(leaderboards_on):
    block = LeaderboardBlock()
    html = block.render(block.to_python(block.meta.preview_value))
    assert "Our top ambassadors this month" in html


def test_the_block_takes_a_constant_number_of_queries(leaderboards_on, scored):
    today = timezone.localdate()
    past = {"period": "custom", "start": "2026-01-01", "end": "2026-01-31"}
    roll_up(datetime.date(2026, 1, 31))
    for n in range(3):
        scored(f"A{n}", 10 + n, today)
        scored(f"P{n}", 10 + n, datetime.date(2026, 1, 5))
    with CaptureQueriesContext(connection) as few_live:
        render()
    with CaptureQueriesContext(connection) as few_past:
        render(**past)
    for n in range(30):
        scored(f"B{n}", 5 + n, today)
        scored(f"Q{n}", 5 + n, datetime.date(2026, 1, 6))
    cache.clear()
    LeaderboardSnapshot.objects.all().delete()
    with CaptureQueriesContext(connection) as many_live:
        render()
    with CaptureQueriesContext(connection) as many_past:
        render(**past)

    assert len(many_live) == len(few_live)
    assert len(many_past) == len(few_past)


def test_photos_show_each_named_ambassador_photo_or_initials_and_no_anonymous_face(
    leaderboards_on, scored
):
    from tests.test_directory import make_image

    today = timezone.localdate()
    scored("Amélie", 30, today, photo=make_image())
    scored("Bruno", 20, today)  # no photo: his initials, drawn here
    scored("Chloé", 10, today, photo=make_image(), recognition=Recognition.ANONYMOUS)
    for n in range(3):  # the board's bottom half, never shown
        scored(f"Bottom{n}", 1, today)

    html = render(show_photos=True)
    amelie, bruno, anonymous = html.split("<tr>")[2:5]

    assert '<img alt="" class="advocacy-avatar advocacy-leaderboard-block__photo"' in amelie
    assert 'width="48"' in amelie and ".fill-48x48" in amelie
    assert "<svg" in bruno and ">BE</text>" in bruno and "<img" not in bruno
    assert "Anonymous ambassador" in anonymous
    assert "<img" not in anonymous and "<svg" not in anonymous
    assert "<img" not in render() and "<svg" not in render()  # photos are off by default


def test_photos_take_a_constant_number_of_queries(leaderboards_on, scored):
    from tests.test_directory import make_image

    today = timezone.localdate()
    for n in range(30):  # the board's bottom half, tied last and never shown
        scored(f"Bottom{n}", 1, today)
    for n in range(2):
        scored(f"A{n}", 10 + n, today, photo=make_image())
        scored(f"I{n}", 10 + n, today)
    render(show_photos=True, top=50)  # the renditions are made once, then read
    with CaptureQueriesContext(connection) as few:
        html = render(show_photos=True, top=50)
    assert html.count("<img") == 2
    for n in range(10):
        scored(f"B{n}", 5 + n, today, photo=make_image())
        scored(f"J{n}", 5 + n, today)
    cache.clear()
    render(show_photos=True, top=50)
    with CaptureQueriesContext(connection) as many:
        html = render(show_photos=True, top=50)

    assert html.count("<img") == 12 and html.count("<svg") == 12
    assert len(many) == len(few)


def test_a_live_board_stops_naming_someone_as_soon_as_they_turn_anonymous(leaderboards_on, scored):
    amelie = scored("Amélie", 30, timezone.localdate())
    assert "Amélie Example" in render()

    amelie.recognition = Recognition.ANONYMOUS
    amelie.save()

    assert "Amélie" not in render()
