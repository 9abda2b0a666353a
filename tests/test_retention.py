"""Retention: each ambassador's daily statistics, past the site's retention period, are
folded into anonymous aggregates by a daily job; every total stays the same."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from wagtail_advocacy import tasks
from wagtail_advocacy.models import Campaign, DailyStat, MeasurementSettings
from wagtail_advocacy.stats.kpis import Period, annotate_performance, programme_kpis
from wagtail_advocacy.stats.retention import months_before, statistics_cutoff

SUMS = ("shares", "unique_clicks", "clicks", "conversions", "conversion_value")


def set_retention(months):
    measurement = MeasurementSettings.for_site(Site.objects.get(is_default_site=True))
    measurement.statistics_retention_months = months
    measurement.save()


@pytest.fixture
def history(make_team, make_ambassador, make_share_kit, make_daily_stat):
    """Alice (Sales) and Bob (R&D) shared the same campaign kit on the same days: two
    years ago, 14 months ago, 12 months ago and today."""
    today = timezone.localdate()
    spring = Campaign.objects.create(name="Spring", slug="spring", starts_on=today)
    kit = make_share_kit("We are hiring", category="employer", campaign=spring)
    other = make_share_kit("Results")
    alice = make_ambassador(team=make_team("Sales"))
    bob = make_ambassador(team=make_team("R&D"))
    days = {
        "two years ago": months_before(today, 24),
        "14 months ago": months_before(today, 14),
        "12 months ago": months_before(today, 12),
        "today": today,
    }
    for number, day in enumerate(days.values(), start=1):
        for ambassador in (alice, bob):
            make_daily_stat(
                kit,
                ambassador,
                day,
                shares=number,
                clicks=10 * number,
                unique_visitors=5 * number,
                conversions=1,
                conversion_value=Decimal("12.50"),
            )
        make_daily_stat(other, alice, day, network="x", shares=1, clicks=2, unique_visitors=1)
    return {"today": today, "days": days, "alice": alice, "bob": bob, "kits": (kit, other)}


def totals(history):
    period = Period(history["today"] - datetime.timedelta(days=800), history["today"])
    figures = {}
    for name, filters in [
        ("organisation", {}),
        ("team Sales", {"team": history["alice"].team}),
        ("team R&D", {"team": history["bob"].team}),
        ("kit", {"kit": history["kits"][0]}),
        ("campaign", {"campaign": history["kits"][0].campaign}),
    ]:
        kpis = programme_kpis(period, **filters)
        figures[name] = [getattr(kpis.totals, metric) for metric in SUMS]
    for dimension in ("day", "kit_id", "team_id", "campaign_id", "network", "category"):
        rows = annotate_performance(DailyStat.objects.values(dimension)).order_by(dimension)
        figures[dimension] = [
            (row[dimension], *(row[f"{metric}_total"] for metric in SUMS)) for row in rows
        ]
    return figures


def test_statistics_older_than_13_months_are_folded_into_anonymous_aggregates(history):
    folded = tasks.fold_expired_statistics()

    assert folded == 2 * 3  # two days past 13 months, three rows each (two for Alice)
    old = DailyStat.objects.filter(day__lt=months_before(history["today"], 13))
    assert not old.filter(ambassador__isnull=False).exists()
    # One anonymous row per day, kit, network and team: the teams' totals stay apart.
    assert sorted(old.values_list("team__name", "network", "shares")) == [
        ("R&D", "linkedin", 1),
        ("R&D", "linkedin", 2),
        ("Sales", "linkedin", 1),
        ("Sales", "linkedin", 2),
        ("Sales", "x", 1),
        ("Sales", "x", 1),
    ]
    recent = DailyStat.objects.filter(day__gte=history["days"]["12 months ago"])
    assert recent.filter(ambassador__isnull=True).count() == 0
    assert recent.count() == 6


def test_folding_keeps_every_total(history):
    before = totals(history)

    tasks.fold_expired_statistics()

    assert totals(history) == before


def test_folding_twice_changes_nothing(history):
    tasks.fold_expired_statistics()
    rows = list(DailyStat.objects.order_by("pk").values())

    assert tasks.fold_expired_statistics() == 0
    assert list(DailyStat.objects.order_by("pk").values()) == rows


def test_rows_folded_later_add_to_the_anonymous_row_of_their_group(
    history, make_ambassador, make_daily_stat
):
    tasks.fold_expired_statistics()
    before = totals(history)
    day = history["days"]["two years ago"]
    carol = make_ambassador(team=history["alice"].team)
    make_daily_stat(history["kits"][0], carol, day, shares=7, clicks=1, unique_visitors=1)

    tasks.fold_expired_statistics()

    anonymous = DailyStat.objects.get(
        day=day, kit=history["kits"][0], team=history["alice"].team, ambassador__isnull=True
    )
    assert anonymous.shares == 1 + 7
    assert totals(history)["organisation"][0] == before["organisation"][0] + 7


def test_a_shorter_retention_folds_more(history):
    set_retention(6)

    tasks.fold_expired_statistics()

    assert not DailyStat.objects.filter(
        day=history["days"]["12 months ago"], ambassador__isnull=False
    ).exists()
    assert DailyStat.objects.filter(day=history["today"], ambassador__isnull=False).count() == 3


def test_days_the_rollup_may_still_recompute_are_never_folded(settings):
    settings.WAGTAIL_ADVOCACY_RAW_EVENT_RETENTION_DAYS = 400
    today = datetime.date(2026, 12, 2)

    assert statistics_cutoff(today, months=3) == today - datetime.timedelta(days=400)
    assert statistics_cutoff(today, months=24) == datetime.date(2024, 12, 2)


def test_months_before_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert months_before(datetime.date(2026, 12, 2), 13) == datetime.date(2025, 11, 2)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 1) == datetime.date(2025, 12, 15)


def test_the_job_is_scheduled_daily():
    jobs = {func: at for _name, func, _kind, at in tasks.scheduled_jobs()}

    assert jobs["wagtail_advocacy.tasks.fold_expired_statistics"] == datetime.time(3, 45)


def test_the_job_can_be_queued(history):
    tasks.enqueue(tasks.fold_expired_statistics)

    assert not DailyStat.objects.filter(
        day=history["days"]["two years ago"], ambassador__isnull=False
    ).exists()


# The setting -------------------------------------------------------------------------------


@pytest.fixture
def measurement_url(db):
    site = Site.objects.get(is_default_site=True)
    return reverse(
        "wagtailsettings:edit", args=["wagtail_advocacy", "measurementsettings", site.pk]
    )


def test_the_retention_is_13_months_by_default(db):
    measurement = MeasurementSettings.for_site(Site.objects.get(is_default_site=True))

    assert measurement.statistics_retention_months == 13


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("2", "for at least 3 months: their “My impact” page shows the last 90 days."),
        ("61", "for at most 60 months (five years)."),
        ("many", "Enter a whole number."),
    ],
)
def test_a_retention_out_of_range_is_refused_with_a_clear_error(
    client, admin_user, measurement_url, months, message
):
    client.force_login(admin_user)

    response = client.post(
        measurement_url,
        {
            "value_per_unique_click": "0",
            "cpm": "0",
            "declared_audience_per_share": "0",
            "statistics_retention_months": months,
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    saved = MeasurementSettings.for_site(Site.objects.get(is_default_site=True))
    assert saved.statistics_retention_months == 13


def test_an_editor_sets_the_retention(client, admin_user, measurement_url):
    client.force_login(admin_user)

    response = client.post(
        measurement_url,
        {
            "value_per_unique_click": "0",
            "cpm": "0",
            "declared_audience_per_share": "0",
            "statistics_retention_months": "24",
        },
    )

    assert response.status_code == 302
    saved = MeasurementSettings.for_site(Site.objects.get(is_default_site=True))
    assert saved.statistics_retention_months == 24


# What ambassadors are told -----------------------------------------------------------------


def test_my_impact_says_how_far_back_figures_go(client, make_ambassador):
    ambassador = make_ambassador()
    client.force_login(ambassador.user)

    assert "Figures cover the last 13 months" in client.get("/advocacy/impact/").content.decode()

    set_retention(24)
    assert "Figures cover the last 24 months" in client.get("/advocacy/impact/").content.decode()


def test_what_we_track_states_the_retention_from_the_live_setting(client, make_ambassador):
    client.force_login(make_ambassador().user)
    set_retention(18)

    html = client.get("/advocacy/profile/what-we-track/").content.decode()

    assert "kept under your name for 18 months" in html


def test_folded_days_count_no_active_ambassador(history):
    day = history["days"]["two years ago"]
    before = programme_kpis(Period(day, day)).totals

    tasks.fold_expired_statistics()

    after = programme_kpis(Period(day, day)).totals
    assert (before.active_ambassadors, after.active_ambassadors) == (2, 0)
    assert (after.shares, after.clicks) == (before.shares, before.clicks)
