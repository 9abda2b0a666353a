"""Filters of the advocacy reports: period, team, network, campaign and category.

They filter ``DailyStat`` rows before the reports group them, so every report and its
export agree on what a filter means.
"""

import datetime

import django_filters
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..models.kits import Campaign, ShareKit
from ..models.stats import DailyStat
from ..sharing.networks import ALL_NETWORK_CHOICES, NETWORKS
from .kpis import Period

#: The period a report covers when none is chosen.
DEFAULT_REPORT_DAYS = 30


def network_label(key: str) -> str:
    """A network's display name from the key the aggregates keep."""
    network = NETWORKS.get(key)
    return str(network.label) if network else key


class PeriodFilter(django_filters.DateFromToRangeFilter):
    """The report period. It always applies: ``AdvocacyReportFilterSet.filter_queryset``
    restricts rows to ``filterset.period``, which falls back to the last 30 days."""

    def filter(self, qs, value):
        return qs


class AdvocacyReportFilterSet(WagtailFilterSet):
    """The filters shared by every advocacy report."""

    day = PeriodFilter(label=_("Period"), widget=DateRangePickerWidget)
    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=Group.objects.order_by("name")
    )
    network = django_filters.ChoiceFilter(label=_("Network"), choices=ALL_NETWORK_CHOICES)
    campaign = django_filters.ModelChoiceFilter(
        label=_("Campaign"), queryset=Campaign.objects.order_by("-starts_on", "name")
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ShareKit.Category.choices)

    class Meta:
        model = DailyStat
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # Show the default period in the date fields, so readers see what they are looking at.
        if data is not None and not any(data.get(f"day_{end}") for end in ("from", "to")):
            default = self.default_period()
            data = data.copy()
            data["day_from"] = default.start.isoformat()
            data["day_to"] = default.end.isoformat()
        super().__init__(data, *args, **kwargs)

    @staticmethod
    def default_period() -> Period:
        return Period.last_days(DEFAULT_REPORT_DAYS)

    @property
    def period(self) -> Period:
        """The chosen period; an open end is filled in, a wrong value gives the default."""
        if not self.is_valid() or not self.form.cleaned_data.get("day"):
            return self.default_period()
        chosen = self.form.cleaned_data["day"]
        # django-filter widens the chosen dates to datetimes (start and end of day).
        start = chosen.start.date() if chosen.start else None
        end = chosen.stop.date() if chosen.stop else None
        if start and end:
            return Period(min(start, end), max(start, end))
        if start:
            return Period(start, max(start, timezone.localdate()))
        return Period(end - datetime.timedelta(days=DEFAULT_REPORT_DAYS - 1), end)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).filter(self.period.as_q())
