"""The advocacy reports of the Wagtail admin: content, ambassadors, networks, campaigns.

``REPORTS`` is the one registry: ``admin_urls`` serves and ``wagtail_hooks`` lists in the
Reports menu every report in it, under its ``slug``. Adding a report is a subclass of
``AdvocacyReportView`` added to ``REPORTS``.

Each report groups the daily aggregates (``DailyStat``) by one dimension in a single query,
so a page of results, or a whole CSV/XLSX export, costs the same few queries however many
clicks lie behind it. The shape is Wagtail's own ``SearchTermsReportView``.
"""

import datetime
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import multigetattr

from ...models.people import recognised_name_expression
from ...models.stats import DailyStat
from ...stats.filters import AdvocacyReportFilterSet, network_label
from ...stats.kpis import CENT, annotate_performance
from .charter import CharterAcceptancesReportView
from .report_base import RegisteredReportView


def _ratio(value):
    return "" if value is None else number_format(value, decimal_pos=2, use_l10n=True)


def _money(value):
    return number_format(value or 0, decimal_pos=2, use_l10n=True)


def _day(value):
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


class MetricColumns:
    """The figure columns every report ends with, and their export headings."""

    columns = [
        NumberColumn("shares_total", label=_("Shares"), sort_key="shares_total"),
        NumberColumn(
            "unique_clicks_total", label=_("Unique clicks"), sort_key="unique_clicks_total"
        ),
        NumberColumn("clicks_total", label=_("Clicks"), sort_key="clicks_total"),
        Column(
            "clicks_per_share",
            accessor=lambda row: _ratio(row["clicks_per_share"]),
            label=_("Clicks per share"),
            sort_key="clicks_per_share",
        ),
        NumberColumn("conversions_total", label=_("Conversions"), sort_key="conversions_total"),
        Column(
            "conversion_value_total",
            accessor=lambda row: _money(row["conversion_value_total"]),
            label=_("Conversion value"),
            sort_key="conversion_value_total",
        ),
    ]
    export_headings = {
        "shares_total": _("Shares"),
        "unique_clicks_total": _("Unique clicks"),
        "clicks_total": _("Clicks"),
        "clicks_per_share": _("Clicks per share"),
        "conversions_total": _("Conversions"),
        "conversion_value_total": _("Conversion value"),
    }
    fields = list(export_headings)


class AdvocacyReportView(RegisteredReportView):
    """One row per value of ``group_by``, summing the filtered daily aggregates.

    Subclasses name the dimension (``group_by``: the values() fields of a row), its leading
    columns and export fields; the metric columns and the filters are common.
    """

    filterset_class = AdvocacyReportFilterSet
    default_ordering = "-unique_clicks_total"
    group_by: list[str] = []
    #: Columns and export fields that name the row (a page, a person…), before the figures.
    label_columns: list = []
    label_export: list[str] = []
    label_headings: dict = {}
    #: Rows whose clicks and conversions a row may show (None: all); see annotate_performance.
    credited_rows: Q | None = None
    custom_field_preprocess = {
        # Keep exported ratios readable: 2.333333333 clicks per share helps nobody.
        "clicks_per_share": {
            ReportView.FORMAT_CSV: lambda value: "" if value is None else f"{value:.2f}",
            ReportView.FORMAT_XLSX: lambda value: None if value is None else round(value, 2),
        },
        # Money with its two decimals whatever the database returns (SQLite gives 25).
        "conversion_value_total": {
            ReportView.FORMAT_CSV: lambda value: f"{Decimal(value or 0):.2f}",
            ReportView.FORMAT_XLSX: lambda value: Decimal(value or 0).quantize(CENT),
        },
    }

    def row_annotations(self) -> dict:
        """Expressions a row is grouped by besides plain fields (named in ``group_by``)."""
        return {}

    @cached_property
    def columns(self):
        return [*self.label_columns, *MetricColumns.columns]

    @cached_property
    def list_export(self):
        return [*self.label_export, *MetricColumns.fields]

    @cached_property
    def export_headings(self):
        return {**self.label_headings, **MetricColumns.export_headings}

    @cached_property
    def no_results_message(self):
        return _("Nothing was shared or clicked in this period with these filters.")

    def get_paginator(self, *args, **kwargs):
        # Wagtail names the rows after the queryset's model ("daily statistics"); a report's
        # rows are pages, ambassadors, networks or campaigns.
        paginator = super().get_paginator(*args, **kwargs)
        paginator.verbose_name = self.verbose_name
        paginator.verbose_name_plural = self.verbose_name_plural
        return paginator

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = DailyStat.objects.all()
        return kwargs

    @property
    def period(self):
        return self.filters.period

    def get_queryset(self):
        stats = DailyStat.objects.all()
        if self.filters.is_valid():
            stats = self.filters.filter_queryset(stats)
        else:
            # A malformed filter must not open the whole history: keep the default period.
            stats = stats.filter(self.filters.default_period().as_q())
        rows = annotate_performance(
            stats.annotate(**self.row_annotations()).values(*self.group_by),
            credited=self.credited_rows,
        )
        return self.order_queryset(rows)

    def get_filtered_queryset(self):
        # get_queryset already filters before grouping; filtering the grouped rows again
        # would filter on the aggregates.
        return self.get_queryset()

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        # The grouping fields break ties, so pages never repeat or skip a row.
        return queryset.order_by(ordering, *self.group_by)

    def to_row_dict(self, item):
        return {field: self.get_export_value(item, field) for field in self.list_export}

    def get_export_value(self, item, field):
        """The exported value of ``field``. Dates and numbers keep their type (a spreadsheet
        sorts them); a label is exported as its column shows it, so the table and the export
        never disagree (names, "LinkedIn", "No campaign")."""
        raw = item.get(field) if isinstance(item, dict) else multigetattr(item, field)
        if isinstance(raw, datetime.date | int | float | Decimal):
            return raw
        column = next((c for c in self.label_columns if c.name == field), None)
        value = column.get_value(item) if column else raw
        return str(value) if isinstance(value, Promise) else value

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["period"] = self.period
        return context


class ContentReportView(AdvocacyReportView):
    """Which shared pages bring visitors and conversions."""

    page_title = _("Advocacy: content performance")
    verbose_name = _("shared page")
    verbose_name_plural = _("shared pages")
    header_icon = "doc-full"
    slug = "content"
    menu_order = 1400
    export_filename = "advocacy-content-performance"
    group_by = ["kit_id", "kit__title", "kit__page_id"]
    label_columns = [
        TitleColumn(
            "kit__title",
            label=_("Shared page"),
            sort_key="kit__title",
            get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row["kit__page_id"]]),
        ),
    ]
    label_export = ["kit__title"]
    label_headings = {"kit__title": _("Shared page")}


class AmbassadorsReportView(AdvocacyReportView):
    """Who shares, and what their shares bring."""

    page_title = _("Advocacy: ambassadors")
    verbose_name = _("ambassador")
    verbose_name_plural = _("ambassadors")
    header_icon = "group"
    slug = "ambassadors"
    menu_order = 1410
    export_filename = "advocacy-ambassadors"
    # Only ambassadors who chose to be named are named (recognised_name_expression); the
    # others are "Anonymous ambassador", in the table and the export alike.
    group_by = ["ambassador_id", "ambassador_name"]
    label_columns = [
        Column(
            "ambassador",
            accessor=lambda row: row["ambassador_name"] or _("Anonymous ambassador"),
            label=_("Ambassador"),
            sort_key="ambassador_name",
        ),
        Column(
            "last_active",
            accessor=lambda row: _day(row["last_active"]),
            label=_("Last share"),
            sort_key="last_active",
        ),
    ]
    label_export = ["ambassador", "last_active"]
    # Clicks of an ambassador who does not want them credited count everywhere but here.
    credited_rows = Q(ambassador__credit_clicks=True)

    def row_annotations(self):
        return {"ambassador_name": recognised_name_expression("ambassador__")}

    label_headings = {"ambassador": _("Ambassador"), "last_active": _("Last share")}


class NetworksReportView(AdvocacyReportView):
    """Which networks bring visitors."""

    page_title = _("Advocacy: networks")
    verbose_name = _("network")
    verbose_name_plural = _("networks")
    header_icon = "globe"
    slug = "networks"
    menu_order = 1420
    export_filename = "advocacy-networks"
    group_by = ["network"]
    label_columns = [
        Column(
            "network",
            accessor=lambda row: network_label(row["network"]),
            label=_("Network"),
            sort_key="network",
        ),
    ]
    label_export = ["network"]
    label_headings = {"network": _("Network")}


class CampaignsReportView(AdvocacyReportView):
    """How each campaign did; shares outside any campaign have a row of their own."""

    page_title = _("Advocacy: campaigns")
    verbose_name = _("campaign")
    verbose_name_plural = _("campaigns")
    header_icon = "tag"
    slug = "campaigns"
    menu_order = 1430
    export_filename = "advocacy-campaigns"
    group_by = ["campaign_id", "campaign__name"]
    label_columns = [
        Column(
            "campaign__name",
            accessor=lambda row: row["campaign__name"] or _("No campaign"),
            label=_("Campaign"),
            sort_key="campaign__name",
        ),
    ]
    label_export = ["campaign__name"]
    label_headings = {"campaign__name": _("Campaign")}


#: Every report, in the Reports menu's order.
REPORTS = [
    ContentReportView,
    AmbassadorsReportView,
    NetworksReportView,
    CampaignsReportView,
    CharterAcceptancesReportView,
]
