"""The "my impact" page: what an ambassador's own shares brought in the last 90 days."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from ..compat import get_page_model
from ..models.settings import MeasurementSettings
from ..people.programme import get_ambassador
from ..stats.kpis import Period, ambassador_impact
from ..stats.retention import retention_months
from . import optional_sections, render_advocacy

#: The page looks back over this many days (and compares with the days before).
IMPACT_DAYS = 90

#: The headline figures of the page, in reading order.
FIGURES = [
    ("shares", _("Shares")),
    ("unique_clicks", _("Unique clicks")),
    ("conversions", _("Conversions")),
]


def _weeks(series):
    """The daily series summed by week (blocks of 7 days from the start), for the table."""
    weeks = []
    for start in range(0, len(series), 7):
        days = series[start : start + 7]
        weeks.append(
            {
                "start": days[0].day,
                "end": days[-1].day,
                "shares": sum(day.shares for day in days),
                "unique_clicks": sum(day.unique_clicks for day in days),
                "conversions": sum(day.conversions for day in days),
            }
        )
    return weeks


def _with_page_urls(request, best_kits):
    """Add each kit's public page URL to its row, in one query for all the pages."""
    pages = get_page_model().objects.in_bulk([row["kit__page_id"] for row in best_kits])
    for row in best_kits:
        page = pages.get(row["kit__page_id"])
        row["page_url"] = page.get_url(request) if page else ""
    return best_kits


@login_required
def my_impact(request):
    """An ambassador's shares, clicks and conversions over 90 days, and their best shares.

    Employees who never joined, or who left with their data erased, are invited to; figures
    are the daily aggregates only.
    """
    ambassador = get_ambassador(request.user)
    if ambassador is None or ambassador.joined_at is None or ambassador.erased_at is not None:
        return render_advocacy(request, "wagtail_advocacy/impact.html", {"ambassador": None})

    impact = ambassador_impact(ambassador, Period.last_days(IMPACT_DAYS))
    return render_advocacy(
        request,
        "wagtail_advocacy/impact.html",
        {
            "ambassador": ambassador,
            "impact": impact,
            "days": IMPACT_DAYS,
            "statistics_retention_months": retention_months(
                MeasurementSettings.for_request(request)
            ),
            "figures": [
                {
                    "key": key,
                    "label": label,
                    "value": getattr(impact.totals, key),
                    "trend": impact.trend(key),
                }
                for key, label in FIGURES
            ],
            "weeks": _weeks(impact.series),
            "sections": optional_sections("advocacy_impact_sections", request, ambassador),
            "best_kits": _with_page_urls(request, impact.best_kits),
        },
    )
