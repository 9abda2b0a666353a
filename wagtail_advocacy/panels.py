"""Dashboard components of the Wagtail admin: the programme's KPI panel."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .models.settings import MeasurementSettings
from .stats.kpis import Period, ProgrammeKpis, Trend, programme_kpis

#: The panel compares the last 30 days with the 30 days before.
PANEL_DAYS = 30


def _count(value) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class PanelFigure:
    """One KPI as the panel shows it: the number, its trend, its daily series, a note."""

    key: str
    label: str
    value: str
    trend: Trend
    series: list
    note: str = ""


def panel_figures(kpis: ProgrammeKpis) -> list[PanelFigure]:
    """The five headline figures of the panel, in reading order."""
    series = kpis.series
    return [
        PanelFigure(
            "active_ambassadors",
            _("Active ambassadors"),
            _count(kpis.totals.active_ambassadors),
            kpis.trend("active_ambassadors"),
            [day.active_ambassadors for day in series],
            note=_("%(percent)s%% of %(total)s ambassadors")
            % {"percent": kpis.active_share_percent, "total": _count(kpis.ambassadors)},
        ),
        PanelFigure(
            "shares",
            _("Shares"),
            _count(kpis.totals.shares),
            kpis.trend("shares"),
            [day.shares for day in series],
        ),
        PanelFigure(
            "unique_clicks",
            _("Unique clicks"),
            _count(kpis.totals.unique_clicks),
            kpis.trend("unique_clicks"),
            [day.unique_clicks for day in series],
        ),
        PanelFigure(
            "conversions",
            _("Conversions"),
            _count(kpis.totals.conversions),
            kpis.trend("conversions"),
            [day.conversions for day in series],
        ),
        PanelFigure(
            "emv",
            _("Earned media value"),
            number_format(kpis.emv.value, decimal_pos=2, use_l10n=True, force_grouping=True),
            kpis.trend("emv"),
            kpis.emv_series(),
        ),
    ]


class KpiPanel(Component):
    """The programme's KPIs of the last 30 days, with trends, sparklines and the objective.

    Added to the dashboard by ``construct_homepage_panels`` for users allowed to read the
    reports. It reads the daily aggregates only, in a constant handful of queries.
    """

    name = "advocacy_kpis"
    order = 150  # below Wagtail's moderation panels, above recent edits
    template_name = "wagtail_advocacy/panels/kpis.html"

    class Media:
        css = {"all": ["wagtail_advocacy/css/admin-kpis.css"]}

    def __init__(self, request):
        self.request = request

    def get_measurement_settings(self):
        try:
            return MeasurementSettings.for_request(self.request)
        except MeasurementSettings.DoesNotExist:  # no site matches: no rates, no target
            return None

    def get_context_data(self, parent_context=None):
        kpis = programme_kpis(Period.last_days(PANEL_DAYS), self.get_measurement_settings())
        return {
            "kpis": kpis,
            "figures": panel_figures(kpis),
            "emv": kpis.emv,
            "target": kpis.target,
            "days": PANEL_DAYS,
        }
