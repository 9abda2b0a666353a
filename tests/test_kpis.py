"""The KPI arithmetic: totals, active ambassadors, earned media value, trends, objectives."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from wagtail_advocacy.models import MeasurementSettings
from wagtail_advocacy.sharing.share import share_kit
from wagtail_advocacy.stats.kpis import (
    EarnedMediaValue,
    EmvRates,
    Period,
    Trend,
    ambassador_impact,
    programme_kpis,
)
from wagtail_advocacy.stats.rollup import rollup_day

TODAY = datetime.date(2026, 3, 31)
PERIOD = Period(datetime.date(2026, 3, 2), TODAY)  # 30 days; the previous: Jan 31 – Mar 1


def days_before_today(days):
    return timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=days), datetime.time(12))
    )


@pytest.fixture
def make_ambassador(make_ambassador):
    """Ambassadors of these tests joined well before the fixed period they are measured in."""

    def make(*args, **fields):
        fields.setdefault("joined_at", days_before_today(120))
        return make_ambassador(*args, **fields)

    return make


@pytest.fixture
def measurement(root_page):
    from wagtail.models import Site

    settings = MeasurementSettings.for_site(Site.objects.get(is_default_site=True))
    settings.value_per_unique_click = Decimal("0.50")
    settings.declared_audience_per_share = 200
    settings.cpm = Decimal("5.00")
    settings.monthly_share_target = 40
    settings.save()
    return settings


def test_period_arithmetic():
    assert PERIOD.days == 30
    assert PERIOD.previous() == Period(datetime.date(2026, 1, 31), datetime.date(2026, 3, 1))
    assert Period.last_days(7, today=TODAY) == Period(datetime.date(2026, 3, 25), TODAY)
    assert len(PERIOD.dates()) == 30


def test_totals_count_only_the_period_and_active_ambassadors_among_all(
    make_ambassador, make_share_kit, make_daily_stat, measurement
):
    kit = make_share_kit()
    alice, bob, carol = make_ambassador(), make_ambassador(), make_ambassador()
    make_daily_stat(
        kit,
        alice,
        TODAY,
        shares=2,
        clicks=9,
        unique_visitors=7,
        conversions=1,
        conversion_value=Decimal("30.00"),
    )
    make_daily_stat(kit, bob, PERIOD.start, network="x", shares=1, clicks=4, unique_visitors=3)
    # Clicks without a share in the period do not make Carol active.
    make_daily_stat(kit, carol, TODAY, clicks=5, unique_visitors=5)
    # Before the period: counted in the previous period only.
    make_daily_stat(
        kit, alice, PERIOD.start - datetime.timedelta(days=1), shares=5, unique_visitors=10
    )

    kpis = programme_kpis(PERIOD, measurement)

    assert kpis.totals.shares == 3
    assert kpis.totals.clicks == 18
    assert kpis.totals.unique_clicks == 15
    assert kpis.totals.conversions == 1
    assert kpis.totals.conversion_value == Decimal("30.00")
    assert kpis.totals.active_ambassadors == 2
    assert kpis.ambassadors == 3
    assert kpis.active_share_percent == 67
    assert kpis.previous.shares == 5
    assert kpis.previous.active_ambassadors == 1


def test_someone_who_shared_then_left_is_counted_on_both_sides(
    make_share_kit, make_ambassador, make_daily_stat, measurement
):
    kit = make_share_kit()
    stayed = make_ambassador(joined_at=days_before_today(60))
    left = make_ambassador(joined_at=days_before_today(60), left_at=days_before_today(2))
    # Left before the period: neither active nor counted.
    make_ambassador(joined_at=days_before_today(90), left_at=days_before_today(45))
    for ambassador in (stayed, left):
        make_daily_stat(kit, ambassador, TODAY - datetime.timedelta(days=5), shares=1)

    kpis = programme_kpis(PERIOD, measurement)

    assert (kpis.totals.active_ambassadors, kpis.ambassadors) == (2, 2)
    assert kpis.active_share_percent == 100


def test_earned_media_value_follows_the_published_formula(
    make_ambassador, make_share_kit, make_daily_stat, measurement
):
    kit, alice = make_share_kit(), make_ambassador()
    make_daily_stat(
        kit,
        alice,
        TODAY,
        shares=10,
        clicks=130,
        unique_visitors=120,
        conversions=2,
        conversion_value=Decimal("40.00"),
    )

    emv = programme_kpis(PERIOD, measurement).emv

    # 120 × 0.50 + 40.00 + 10 × 200 ÷ 1000 × 5.00 = 60 + 40 + 10
    assert emv.value == Decimal("110.00")
    assert emv.click_value == Decimal("60.00")
    assert emv.reach == 2000
    assert emv.reach_value == Decimal("10")
    with translation.override("en"):
        assert emv.worked_formula() == "120 × 0.50 + 40.00 + 2,000 ÷ 1,000 × 5.00 = 110.00"
        assert "unique clicks × value per unique click" in EarnedMediaValue.formula()


def test_reach_counts_each_shares_declared_audience_else_the_sites(
    make_ambassador, make_share_kit, make_daily_stat, measurement
):
    kit = make_share_kit()
    # 4 shares: 3 by ambassadors who had declared 500, 800 and 1,200 on the network; 1 not.
    make_daily_stat(
        kit, make_ambassador(), TODAY, shares=3, declared_shares=3, declared_reach=2500
    )
    make_daily_stat(kit, make_ambassador(), TODAY, network="x", shares=1)

    emv = programme_kpis(PERIOD, measurement).emv

    assert emv.reach == 2500 + 1 * 200
    assert emv.reach_value == Decimal("13.5")
    with translation.override("en"):
        assert "2,700 ÷ 1,000 × 5.00" in emv.worked_formula()


def test_a_share_carries_the_audience_its_ambassador_declared_then(
    make_ambassador, make_share_kit, measurement
):
    kit = make_share_kit()
    declared = make_ambassador(declared_audience={"linkedin": 900})
    silent = make_ambassador()
    first = share_kit(declared.user, kit, "linkedin", "Read {link}").share
    share_kit(declared.user, kit, "x", "Read {link}")  # nothing declared on X
    share_kit(silent.user, kit, "linkedin", "Read {link}")
    declared.declared_audience = {"linkedin": 5000}
    declared.save()
    rollup_day(timezone.localdate())

    first.refresh_from_db()
    assert first.declared_audience == 900
    today = Period(timezone.localdate(), timezone.localdate())
    assert programme_kpis(today, measurement).emv.reach == 900 + 2 * 200


def test_earned_media_value_is_zero_without_settings():
    emv = EarnedMediaValue(
        unique_clicks=50, conversion_value=Decimal(0), shares=5, rates=EmvRates()
    )
    assert emv.value == Decimal("0.00")


@pytest.mark.parametrize(
    ("current", "previous", "percent", "direction", "label"),
    [
        (150, 100, 50.0, "up", "+50%"),
        (75, 100, -25.0, "down", "−25%"),
        (10, 10, 0.0, "flat", "no change"),
        (10, 0, None, "up", "new"),
        (0, 0, None, "flat", "no change"),
        (0, 4, -100.0, "down", "−100%"),
    ],
)
def test_trend_against_the_previous_period(current, previous, percent, direction, label):
    trend = Trend(current, previous)
    assert trend.change_percent == percent
    assert trend.direction == direction
    with translation.override("en"):
        assert trend.label == label


def test_trends_daily_series_and_monthly_target(
    make_ambassador, make_share_kit, make_daily_stat, measurement
):
    kit, alice, bob = make_share_kit(), make_ambassador(), make_ambassador()
    make_daily_stat(kit, alice, TODAY, shares=6, unique_visitors=12)
    make_daily_stat(kit, bob, TODAY, shares=4, unique_visitors=3)
    make_daily_stat(kit, alice, datetime.date(2026, 3, 1), shares=20)  # previous, not March
    make_daily_stat(kit, alice, datetime.date(2026, 2, 20), shares=5, unique_visitors=30)

    kpis = programme_kpis(PERIOD, measurement)

    assert kpis.trend("shares").change_percent == pytest.approx(-60.0)
    assert kpis.trend("unique_clicks").label == "−50%"
    assert kpis.trend("emv").current == kpis.emv.value
    assert kpis.series[-1].day == TODAY
    assert kpis.series[-1].shares == 10
    assert kpis.series[-1].active_ambassadors == 2
    assert kpis.series[0].shares == 0  # quiet days are zeros, not gaps
    assert [d.shares for d in kpis.series].count(0) == 29
    # March so far: 30 of 40 shares (March 1 is before the period but in the month).
    assert kpis.target.shares == 30
    assert kpis.target.percent == 75
    assert not kpis.target.reached


def test_filters_restrict_the_figures(
    make_team, make_ambassador, make_share_kit, make_daily_stat, measurement
):
    sales, support = make_team("Sales"), make_team("Support")
    jobs = make_share_kit(category="employer")
    alice = make_ambassador(team=sales)
    bob = make_ambassador(team=support)
    make_daily_stat(jobs, alice, TODAY, shares=3)
    make_daily_stat(jobs, bob, TODAY, network="x", shares=4)

    assert programme_kpis(PERIOD, team=sales).totals.shares == 3
    assert programme_kpis(PERIOD, team=sales).ambassadors == 1
    assert programme_kpis(PERIOD, network="x").totals.shares == 4
    assert programme_kpis(PERIOD, category="brand").totals.shares == 0
    assert programme_kpis(PERIOD, category="employer").totals.shares == 7


def test_kpis_take_a_constant_number_of_queries(
    make_ambassador,
    make_share_kit,
    make_daily_stat,
    measurement,
    django_assert_max_num_queries,
):
    kits = [make_share_kit() for _ in range(3)]
    people = [make_ambassador() for _ in range(4)]
    for offset in range(20):
        for kit in kits:
            for person in people:
                make_daily_stat(kit, person, TODAY - datetime.timedelta(days=offset), shares=1)
    with django_assert_max_num_queries(3):
        kpis = programme_kpis(PERIOD, measurement)
    assert kpis.totals.shares == 240


def test_ambassador_impact_ranks_their_kits_by_unique_clicks(
    make_ambassador, make_share_kit, make_daily_stat
):
    alice, bob = make_ambassador(), make_ambassador()
    quiet, popular = make_share_kit("Quiet news"), make_share_kit("Popular news")
    make_daily_stat(quiet, alice, TODAY, shares=3, unique_visitors=2)
    make_daily_stat(popular, alice, TODAY, shares=1, unique_visitors=40, conversions=2)
    make_daily_stat(popular, bob, TODAY, shares=9, unique_visitors=400)

    impact = ambassador_impact(alice, Period.last_days(90, today=TODAY))

    assert impact.totals.shares == 4
    assert impact.totals.unique_clicks == 42
    assert [row["kit__title"] for row in impact.best_kits] == ["Popular news", "Quiet news"]
    assert impact.best_kits[0]["unique_clicks_total"] == 40
    assert len(impact.series) == 90
