"""The rollup job: daily aggregates recomputed from raw events, the same however often it runs;
the retention job deletes raw clicks only once counted."""

import importlib
import threading
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection, connections
from django.db.models import F
from django.utils import timezone

from wagtail_advocacy.models import (
    Campaign,
    Click,
    Conversion,
    ConversionType,
    DailyStat,
    RolledUpDay,
    Share,
    TrackedLink,
)
from wagtail_advocacy.stats import rollup
from wagtail_advocacy.stats.rollup import day_bounds
from wagtail_advocacy.tasks import purge_raw_events, rollup_daily_stats, setup_schedules


def at(day, hour):
    return day_bounds(day)[0] + timedelta(hours=hour)


@pytest.fixture
def story(make_tracked_link, make_ambassador, make_team, make_share_kit):
    """Two ambassadors of two teams sharing a campaign kit on two networks, over two days."""
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    campaign = Campaign.objects.create(name="Launch", slug="launch", starts_on=yesterday)
    kit = make_share_kit(campaign=campaign, category="employer")
    alice = make_ambassador(team=make_team("Sales"))
    bob = make_ambassador(team=make_team("R&D"))
    alice_in = make_tracked_link(kit=kit, ambassador=alice, network="linkedin")
    alice_bs = make_tracked_link(kit=kit, ambassador=alice, network="bluesky")
    bob_in = make_tracked_link(kit=kit, ambassador=bob, network="linkedin")
    lead = ConversionType.objects.get(slug="lead")  # created by the migrations

    def share(link, when):
        s = Share.objects.create(
            kit=kit, ambassador=link.ambassador, link=link, network=link.network
        )
        Share.objects.filter(pk=s.pk).update(created_at=when)

    def clicks(link, when, *visitors):
        Click.objects.bulk_create(
            Click(link=link, clicked_at=when, visitor_hash=v * 64) for v in visitors
        )

    share(alice_in, at(yesterday, 9))
    share(alice_bs, at(yesterday, 9))
    share(bob_in, at(today, 0))
    clicks(alice_in, at(yesterday, 10), "a", "b", "b", "c")
    clicks(alice_in, at(today, 1), "a")
    clicks(alice_bs, at(yesterday, 23), "d")
    clicks(bob_in, at(today, 2), "e", "f")
    Conversion.objects.create(
        link=alice_in,
        conversion_type=lead,
        occurred_at=at(yesterday, 11),
        source="form",
        value=Decimal("40.00"),
    )
    Conversion.objects.create(
        link=alice_in,
        conversion_type=lead,
        occurred_at=at(yesterday, 12),
        source="signed",
        reference="signed:1",
        value=Decimal("55.50"),
    )
    return {"today": today, "yesterday": yesterday, "kit": kit, "alice": alice, "bob": bob}


def age_events_by_one_day():
    """Move every event one day back; returns the day yesterday's events are now on."""
    one_day = timedelta(days=1)
    Share.objects.update(created_at=F("created_at") - one_day)
    Click.objects.update(clicked_at=F("clicked_at") - one_day)
    Conversion.objects.update(occurred_at=F("occurred_at") - one_day)
    return timezone.localdate() - 2 * one_day


def aggregates():
    return sorted(
        DailyStat.objects.values_list(
            "day",
            "ambassador__team__name",
            "network",
            "campaign__slug",
            "category",
            "shares",
            "clicks",
            "unique_visitors",
            "conversions",
            "conversion_value",
        )
    )


@pytest.mark.django_db
def test_rollup_gives_the_figures_per_day_ambassador_and_network(story):
    rollup_daily_stats()

    today, yesterday = story["today"], story["yesterday"]
    assert aggregates() == sorted(
        [
            (yesterday, "Sales", "bluesky", "launch", "employer", 1, 1, 1, 0, Decimal("0")),
            (yesterday, "Sales", "linkedin", "launch", "employer", 1, 4, 3, 2, Decimal("95.50")),
            (today, "R&D", "linkedin", "launch", "employer", 1, 2, 2, 0, Decimal("0")),
            (today, "Sales", "linkedin", "launch", "employer", 0, 1, 1, 0, Decimal("0")),
        ]
    )


@pytest.mark.django_db
def test_rollup_twice_gives_the_same_aggregates(story):
    rollup_daily_stats()
    first = aggregates()

    rollup_daily_stats()
    rollup_daily_stats(story["yesterday"].isoformat())

    assert aggregates() == first
    assert DailyStat.objects.count() == 4


def click_on_past_days(link, days_ago):
    """``n + 1`` clicks of distinct visitors ``n`` days ago, for each ``n`` of ``days_ago``."""
    today = timezone.localdate()
    for n in days_ago:
        Click.objects.bulk_create(
            Click(
                link=link, clicked_at=at(today - timedelta(days=n), 14), visitor_hash=f"{v}" * 64
            )
            for v in range(n + 1)
        )


def clicks_per_day():
    return dict(DailyStat.objects.filter(network="linkedin").values_list("day", "clicks"))


@pytest.mark.django_db
def test_the_hourly_job_catches_up_on_the_days_it_missed(story):
    # The job last ran six days ago, early; its task cluster has been down since.
    today = story["today"]
    rollup_daily_stats((today - timedelta(days=6)).isoformat())
    link = TrackedLink.objects.get(ambassador=story["alice"], network="linkedin")
    click_on_past_days(link, range(2, 7))

    rollup_daily_stats()
    first = aggregates()
    rollup_daily_stats()

    assert {
        day: clicks for day, clicks in clicks_per_day().items() if day < story["yesterday"]
    } == {today - timedelta(days=n): n + 1 for n in range(2, 7)}
    assert aggregates() == first
    assert DailyStat.objects.count() == 4 + 5


@pytest.mark.django_db
def test_the_first_roll_up_covers_the_whole_retention_period(story, settings):
    settings.WAGTAIL_ADVOCACY_RAW_EVENT_RETENTION_DAYS = 3
    link = TrackedLink.objects.get(ambassador=story["alice"], network="linkedin")
    click_on_past_days(link, [2, 3, 4])  # four days ago is past retention

    rollup_daily_stats()

    today = story["today"]
    assert clicks_per_day()[today - timedelta(days=2)] == 3
    assert clicks_per_day()[today - timedelta(days=3)] == 4
    assert today - timedelta(days=4) not in clicks_per_day()


@pytest.mark.django_db
def test_catching_up_stops_at_the_raw_event_retention(story, settings):
    settings.WAGTAIL_ADVOCACY_RAW_EVENT_RETENTION_DAYS = 3
    today = story["today"]
    RolledUpDay.objects.create(day=today - timedelta(days=10), rolled_up_at=timezone.now())
    link = TrackedLink.objects.get(ambassador=story["alice"], network="linkedin")
    click_on_past_days(link, [3, 5])

    rollup_daily_stats()

    days = clicks_per_day()
    assert days[today - timedelta(days=3)] == 4
    assert today - timedelta(days=5) not in days
    assert RolledUpDay.objects.filter(day__gt=today - timedelta(days=10)).count() == 4


# serialized_rollback: the flush after an earlier transactional test removed the root page and
# site the migrations create, which the story needs.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_rollups_of_a_day_give_the_aggregates_of_one(request, monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in memory: one connection per thread sees its own empty database")
    story = request.getfixturevalue("story")
    yesterday = story["yesterday"]
    bob_in = TrackedLink.objects.get(ambassador=story["bob"], network="linkedin")
    first_has_read, second_done, errors = threading.Event(), threading.Event(), []
    read_figures = rollup._figures_of_day

    def read_then_dawdle(day):
        figures = read_figures(day)
        if threading.current_thread().name == "first":
            first_has_read.set()
            # Leave the second roll-up time to overtake this one, if it can.
            second_done.wait(timeout=2)
        return figures

    def roll_up(done=None):
        try:
            rollup.rollup_day(yesterday)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            if done:
                done.set()
            connections.close_all()

    monkeypatch.setattr(rollup, "_figures_of_day", read_then_dawdle)
    first = threading.Thread(target=roll_up, name="first")
    first.start()
    assert first_has_read.wait(timeout=10)
    # A late conversion arrives between the two roll-ups, on a row the first did not read.
    Conversion.objects.create(
        link=bob_in,
        conversion_type=ConversionType.objects.get(slug="lead"),
        occurred_at=at(yesterday, 15),
        source="signed",
        reference="signed:late",
        value=Decimal("12.00"),
    )
    second = threading.Thread(target=roll_up, args=(second_done,), name="second")
    second.start()
    first.join()
    second.join()
    concurrent = aggregates()
    rollup.rollup_day(yesterday)

    assert errors == []
    assert concurrent == aggregates()
    assert (yesterday, "R&D", "linkedin", "launch", "employer", 0, 0, 0, 1, Decimal("12.00")) in (
        concurrent
    )


@pytest.mark.django_db
def test_rollup_replaces_rows_whose_events_disappeared(story):
    rollup_daily_stats()
    Click.objects.filter(link__ambassador=story["bob"]).delete()
    Share.objects.filter(ambassador=story["bob"]).delete()

    rollup_daily_stats()

    assert not DailyStat.objects.filter(ambassador=story["bob"]).exists()
    assert DailyStat.objects.count() == 3


@pytest.mark.django_db
def test_purge_deletes_old_clicks_only_after_counting_them(story, settings):
    settings.WAGTAIL_ADVOCACY_RAW_EVENT_RETENTION_DAYS = 1
    two_days_ago = age_events_by_one_day()
    # Nothing was rolled up yet: the purge counts those clicks before deleting them.

    deleted = purge_raw_events()

    assert deleted == 5
    assert not Click.objects.filter(clicked_at__lt=day_bounds(story["yesterday"])[0]).exists()
    assert Click.objects.count() == 3
    stat = DailyStat.objects.get(day=two_days_ago, network="linkedin")
    assert (stat.clicks, stat.unique_visitors) == (4, 3)
    assert purge_raw_events() == 0


@pytest.mark.django_db
def test_days_past_retention_are_not_recomputed_from_purged_clicks(story, settings):
    settings.WAGTAIL_ADVOCACY_RAW_EVENT_RETENTION_DAYS = 1
    two_days_ago = age_events_by_one_day()
    purge_raw_events()
    before = aggregates()
    assert before

    rollup_daily_stats(two_days_ago)

    assert aggregates() == before


@pytest.mark.django_db
def test_scheduling_the_jobs_twice_keeps_one_schedule_each():
    from django_q.models import Schedule

    setup_schedules()
    setup_schedules()

    assert sorted(Schedule.objects.values_list("func", flat=True)) == [
        "wagtail_advocacy.game.tasks.settle_challenges",  # the game's, registered in ready()
        "wagtail_advocacy.tasks.fold_expired_statistics",
        "wagtail_advocacy.tasks.purge_raw_events",
        "wagtail_advocacy.tasks.rollup_daily_stats",
        "wagtail_advocacy.tasks.rotate_visitor_salts",
        "wagtail_advocacy.tasks.send_charter_notices",
        "wagtail_advocacy.tasks.send_digests",
    ]


def test_upgrading_marks_existing_aggregates_as_rolled_up(story):
    """Migration 0004 on a database with aggregates: the catch-up starts at their newest day."""
    from django.apps import apps

    migration = importlib.import_module(
        "wagtail_advocacy.migrations.0004_rollup_days_and_pixel_visitors"
    )
    rollup_daily_stats()
    RolledUpDay.objects.all().delete()  # as before the migration, which created the table

    migration.mark_rolled_up_days(apps, SimpleNamespace(connection=connection))

    newest = DailyStat.objects.order_by("-day").values_list("day", flat=True).first()
    assert list(RolledUpDay.objects.values_list("day", flat=True)) == [newest]
    today = timezone.localdate()
    # Yesterday and today only, not the retention period a fresh install starts with.
    assert rollup.days_to_roll_up() == [today - timedelta(days=1), today]
