"""The programme's KPIs, computed from the daily aggregates (``DailyStat``) only.

Reports, the dashboard panel and the "my impact" page all read their figures here, so a
number means the same thing on every screen. Raw clicks, shares and conversions are never
read: the rollup job has already counted them into one row per day, kit, ambassador and
network, which keeps every figure a handful of aggregate queries whatever the traffic.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, FloatField, Max, Q, Sum
from django.db.models.functions import Cast, NullIf
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..models.people import Ambassador
from ..models.stats import DailyStat

ZERO = Decimal("0")
CENT = Decimal("0.01")

#: Each KPI name mapped to the ``DailyStat`` column it sums. "Unique clicks" are the
#: unique visitors the rollup counted: one per visitor, link and day.
SUMMED_METRICS = {
    "shares": "shares",
    "declared_shares": "declared_shares",
    "declared_reach": "declared_reach",
    "unique_clicks": "unique_visitors",
    "clicks": "clicks",
    "conversions": "conversions",
    "conversion_value": "conversion_value",
}
# The figures that come from shares, not from the visitors of a link: "credit my clicks"
# does not hide them.
SHARE_METRICS = {"shares", "declared_shares", "declared_reach"}


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_days(cls, days: int, today: datetime.date | None = None) -> Period:
        """The ``days`` days ending today (or ``today``), today included."""
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of equal length just before this one, for trends."""
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def dates(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=n) for n in range(self.days)]

    def as_q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}day__range": (self.start, self.end)})


def stat_filter(
    *, team=None, network=None, campaign=None, category=None, kit=None, ambassador=None
) -> Q:
    """A ``Q`` on ``DailyStat`` for the optional report filters (objects or ids)."""
    lookups = {
        "team": team,
        "network": network,
        "campaign": campaign,
        "category": category,
        "kit": kit,
        "ambassador": ambassador,
    }
    return Q(**{name: value for name, value in lookups.items() if value not in (None, "")})


def metric_sums(condition: Q | None = None, suffix: str = "_total") -> dict:
    """Aggregate expressions summing every metric (optionally only rows matching ``condition``).

    Keys are the metric names plus ``suffix``: an annotation may not take the name of a
    ``DailyStat`` field ("shares"), so grouped rows read ``shares_total`` and so on.
    """
    return {
        name + suffix: Sum(column, filter=condition, default=0)
        for name, column in SUMMED_METRICS.items()
    }


def annotate_performance(stats, *, credited: Q | None = None):
    """Annotate a grouped ``DailyStat`` queryset (``.values(...)``) with every report metric.

    Rows gain shares_total, unique_clicks_total, clicks_total, conversions_total,
    conversion_value_total, clicks_per_share (None without shares) and last_active (the last
    day with a share). With ``credited``, the figures that come from clicks (all but shares
    and last_active) sum only the rows matching it, and are None (not 0) for a group with
    none: an ambassador who asked not to be credited for their clicks shows no figure.
    """
    default = 0 if credited is None else None
    click_figures = {
        f"{name}_total": Sum(column, filter=credited, default=default)
        for name, column in SUMMED_METRICS.items()
        if name not in SHARE_METRICS
    }
    return stats.annotate(
        shares_total=Sum("shares", default=0),
        **click_figures,
        clicks_per_share=Cast(Sum("clicks", filter=credited), FloatField())
        / NullIf(Sum("shares"), 0),
        last_active=Max("day", filter=Q(shares__gt=0)),
    )


# Earned media value ------------------------------------------------------------------------


@dataclass(frozen=True)
class EmvRates:
    """The values an editor gives each desired action (site settings, "Measurement")."""

    value_per_unique_click: Decimal = ZERO
    declared_audience_per_share: int = 0
    cpm: Decimal = ZERO

    @classmethod
    def from_settings(cls, measurement_settings) -> EmvRates:
        """Read the rates from a ``MeasurementSettings`` instance (None: all zero)."""
        if measurement_settings is None:
            return cls()
        return cls(
            value_per_unique_click=measurement_settings.value_per_unique_click or ZERO,
            declared_audience_per_share=measurement_settings.declared_audience_per_share or 0,
            cpm=measurement_settings.cpm or ZERO,
        )


def _amount(value) -> str:
    return number_format(
        Decimal(value).quantize(CENT), decimal_pos=2, use_l10n=True, force_grouping=True
    )


def _count(value) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class EarnedMediaValue:
    """EMV and every input behind it, so the number can be shown with its formula.

    EMV = unique clicks × value per unique click
          + Σ conversion value (each conversion at its type's value when it happened)
          + reach ÷ 1000 × CPM

    Reach is each share's audience as its ambassador declared it on that network when
    sharing, else the site's declared audience per share.
    """

    unique_clicks: int
    conversion_value: Decimal
    shares: int
    rates: EmvRates
    declared_shares: int = 0
    declared_reach: int = 0

    @property
    def click_value(self) -> Decimal:
        return self.unique_clicks * self.rates.value_per_unique_click

    @property
    def reach(self) -> int:
        """Audience the shares could reach, as declared (not measured): the ambassadors'
        declared audience on each share's network, else the declared audience per share."""
        undeclared = max(self.shares - self.declared_shares, 0)
        return self.declared_reach + undeclared * self.rates.declared_audience_per_share

    @property
    def reach_value(self) -> Decimal:
        return Decimal(self.reach) / 1000 * self.rates.cpm

    @property
    def value(self) -> Decimal:
        total = self.click_value + Decimal(self.conversion_value) + self.reach_value
        return total.quantize(CENT, rounding=ROUND_HALF_UP)

    @staticmethod
    def formula() -> str:
        """The formula in words."""
        return _(
            "EMV = unique clicks × value per unique click + conversion value + "
            "reach ÷ 1,000 × CPM, where reach is each share's audience as its ambassador "
            "declared it, else the declared audience per share"
        )

    def worked_formula(self) -> str:
        """The formula with this period's numbers, e.g. "120 × 0.50 + 40.00 + 10 × 200 ÷ …"."""
        return _(
            "%(unique_clicks)s × %(per_click)s + %(conversion_value)s + "
            "%(reach)s ÷ 1,000 × %(cpm)s = %(value)s"
        ) % {
            "unique_clicks": _count(self.unique_clicks),
            "per_click": _amount(self.rates.value_per_unique_click),
            "conversion_value": _amount(self.conversion_value),
            "reach": _count(self.reach),
            "cpm": _amount(self.rates.cpm),
            "value": _amount(self.value),
        }


# Trends and series -------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """A figure against the same figure in the previous period of equal length."""

    current: int | Decimal
    previous: int | Decimal

    @property
    def change_percent(self) -> float | None:
        """Relative change in per cent; None when there is nothing to compare with."""
        if not self.previous:
            return None
        return (
            float((Decimal(self.current) - Decimal(self.previous)) / Decimal(self.previous)) * 100
        )

    @property
    def direction(self) -> str:
        """ "up", "down" or "flat", for styling."""
        if self.current > self.previous:
            return "up"
        if self.current < self.previous:
            return "down"
        return "flat"

    @property
    def label(self) -> str:
        """Short human text: "+12%", "−5%", "no change", "new"."""
        if self.current == self.previous:
            return _("no change")
        change = self.change_percent
        if change is None:
            return _("new")
        sign = "+" if change > 0 else "−"
        return f"{sign}{number_format(abs(change), decimal_pos=0, use_l10n=True)}%"


@dataclass(frozen=True)
class DayFigures:
    """One day of a series."""

    day: datetime.date
    shares: int = 0
    declared_shares: int = 0
    declared_reach: int = 0
    unique_clicks: int = 0
    clicks: int = 0
    conversions: int = 0
    conversion_value: Decimal = ZERO
    active_ambassadors: int = 0


@dataclass(frozen=True)
class Totals:
    """Summed figures over a period."""

    shares: int = 0
    declared_shares: int = 0
    declared_reach: int = 0
    unique_clicks: int = 0
    clicks: int = 0
    conversions: int = 0
    conversion_value: Decimal = ZERO
    active_ambassadors: int = 0

    def emv(self, rates: EmvRates) -> EarnedMediaValue:
        return EarnedMediaValue(
            unique_clicks=self.unique_clicks,
            conversion_value=self.conversion_value,
            shares=self.shares,
            rates=rates,
            declared_shares=self.declared_shares,
            declared_reach=self.declared_reach,
        )


@dataclass(frozen=True)
class TargetProgress:
    """Shares so far in the calendar month against the monthly share target."""

    month_start: datetime.date
    shares: int
    target: int

    @property
    def percent(self) -> int:
        """Per cent achieved: past 100 when the programme beats its target."""
        return round(self.shares * 100 / self.target) if self.target else 0

    @property
    def bar_percent(self) -> int:
        """``percent`` capped at 100, for the progress bar."""
        return min(100, self.percent)

    @property
    def reached(self) -> bool:
        return self.shares >= self.target


@dataclass(frozen=True)
class ProgrammeKpis:
    """Everything the dashboard panel shows for one period."""

    period: Period
    totals: Totals
    previous: Totals
    rates: EmvRates
    ambassadors: int
    series: list[DayFigures] = field(default_factory=list)
    target: TargetProgress | None = None

    @property
    def emv(self) -> EarnedMediaValue:
        return self.totals.emv(self.rates)

    @property
    def active_share_percent(self) -> int:
        """Active ambassadors as a share (per cent) of all ambassadors in the programme."""
        if not self.ambassadors:
            return 0
        return round(self.totals.active_ambassadors * 100 / self.ambassadors)

    def trend(self, name: str) -> Trend:
        """Trend of a total (``"shares"``, ``"emv"``…) against the previous period."""
        if name == "emv":
            return Trend(self.emv.value, self.previous.emv(self.rates).value)
        return Trend(getattr(self.totals, name), getattr(self.previous, name))

    def emv_series(self) -> list[Decimal]:
        return [
            Totals(
                shares=d.shares,
                declared_shares=d.declared_shares,
                declared_reach=d.declared_reach,
                unique_clicks=d.unique_clicks,
                conversion_value=d.conversion_value,
            )
            .emv(self.rates)
            .value
            for d in self.series
        ]


def _totals_from(row: dict, suffix: str) -> Totals:
    return Totals(
        **{name: row[name + suffix] or 0 for name in SUMMED_METRICS},
        active_ambassadors=row.get("active_ambassadors" + suffix) or 0,
    )


def daily_series(stats, period: Period) -> list[DayFigures]:
    """One ``DayFigures`` per day of ``period`` (zeros on quiet days), in one query."""
    rows = (
        stats.filter(period.as_q())
        .values("day")
        .annotate(
            **metric_sums(),
            active_ambassadors=Count("ambassador", distinct=True, filter=Q(shares__gt=0)),
        )
        .order_by("day")
    )
    by_day = {row["day"]: row for row in rows}
    return [
        DayFigures(
            day=day,
            **{name: by_day[day][name + "_total"] for name in SUMMED_METRICS},
            active_ambassadors=by_day[day]["active_ambassadors"],
        )
        if day in by_day
        else DayFigures(day=day)
        for day in period.dates()
    ]


def programme_kpis(
    period: Period,
    measurement_settings=None,
    *,
    monthly_share_target: int | None = None,
    **filters,
) -> ProgrammeKpis:
    """The KPIs of ``period`` with trends, daily series and the monthly objective.

    ``filters`` are those of ``stat_filter`` (team, network, campaign, category…). The
    monthly target comes from ``measurement_settings`` unless given. Three queries, whatever
    the data: totals of both periods and the month in one, the daily series, the ambassadors.
    """
    rates = EmvRates.from_settings(measurement_settings)
    if monthly_share_target is None and measurement_settings is not None:
        monthly_share_target = measurement_settings.monthly_share_target
    previous = period.previous()
    month_start = period.end.replace(day=1)
    stats = DailyStat.objects.filter(stat_filter(**filters))

    current_q, previous_q = period.as_q(), previous.as_q()
    row = stats.filter(day__range=(min(previous.start, month_start), period.end)).aggregate(
        **metric_sums(current_q, "_current"),
        **metric_sums(previous_q, "_previous"),
        active_ambassadors_current=Count(
            "ambassador", distinct=True, filter=current_q & Q(shares__gt=0)
        ),
        active_ambassadors_previous=Count(
            "ambassador", distinct=True, filter=previous_q & Q(shares__gt=0)
        ),
        month_shares=Sum("shares", filter=Q(day__gte=month_start), default=0),
    )

    # The share of active ambassadors is taken among the ambassadors the filters could
    # concern: a team's report compares with that team, not the whole programme. It counts
    # everyone who was in the programme during the period, as the active count does (someone
    # who shared and left since is active and was an ambassador), so it never passes 100%.
    ambassadors = Ambassador.objects.filter(
        Q(left_at__isnull=True) | Q(left_at__date__gte=period.start),
        joined_at__date__lte=period.end,
    )
    if filters.get("team"):
        ambassadors = ambassadors.filter(team=filters["team"])
    if filters.get("ambassador"):
        ambassadors = ambassadors.filter(
            pk=getattr(filters["ambassador"], "pk", filters["ambassador"])
        )

    return ProgrammeKpis(
        period=period,
        totals=_totals_from(row, "_current"),
        previous=_totals_from(row, "_previous"),
        rates=rates,
        ambassadors=ambassadors.count(),
        series=daily_series(stats, period),
        target=(
            TargetProgress(month_start, row["month_shares"], monthly_share_target)
            if monthly_share_target
            else None
        ),
    )


@dataclass(frozen=True)
class Impact:
    """One ambassador's own figures: totals, trend, daily series and best shares."""

    period: Period
    totals: Totals
    previous: Totals
    series: list[DayFigures]
    best_kits: list[dict]

    def trend(self, name: str) -> Trend:
        return Trend(getattr(self.totals, name), getattr(self.previous, name))


def ambassador_impact(ambassador, period: Period, *, best: int = 5) -> Impact:
    """The "my impact" figures of ``ambassador`` over ``period``, in three queries.

    ``best_kits`` ranks the kits they shared by unique clicks brought, then conversions;
    each row has kit_id, kit__title, kit__page_id and the report metrics.
    """
    stats = DailyStat.objects.filter(ambassador=ambassador)
    previous = period.previous()
    row = stats.filter(day__range=(previous.start, period.end)).aggregate(
        **metric_sums(period.as_q(), "_current"),
        **metric_sums(previous.as_q(), "_previous"),
    )
    best_kits = list(
        annotate_performance(
            stats.filter(period.as_q()).values("kit_id", "kit__title", "kit__page_id")
        )
        .filter(Q(shares_total__gt=0) | Q(unique_clicks_total__gt=0))
        .order_by("-unique_clicks_total", "-conversions_total", "-shares_total", "kit__title")[
            :best
        ]
    )
    return Impact(
        period=period,
        totals=_totals_from(row, "_current"),
        previous=_totals_from(row, "_previous"),
        series=daily_series(stats, period),
        best_kits=best_kits,
    )


__all__ = [
    "DayFigures",
    "EarnedMediaValue",
    "EmvRates",
    "Impact",
    "Period",
    "ProgrammeKpis",
    "TargetProgress",
    "Totals",
    "Trend",
    "ambassador_impact",
    "annotate_performance",
    "daily_series",
    "metric_sums",
    "programme_kpis",
    "stat_filter",
]
