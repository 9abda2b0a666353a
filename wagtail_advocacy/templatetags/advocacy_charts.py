"""``{% sparkline %}`` and ``{% bar_chart %}``: inline SVG charts with a text alternative."""

from django import template
from django.utils.formats import date_format

from ..stats import charts

register = template.Library()


@register.inclusion_tag("wagtail_advocacy/includes/sparkline.html")
def sparkline(values, label, start=None, end=None):
    """A small trend line of ``values`` (oldest first); ``label`` names what is plotted.

    The SVG is an image with a name and a description a screen reader announces, e.g.
    "Shares per day, 2 Mar – 31 Mar: lowest 0, highest 12, last day 5".
    """
    values = list(values)
    return {
        "line": charts.sparkline(values),
        "label": label,
        "summary": charts.describe_series(values),
        "start": start,
        "end": end,
    }


@register.inclusion_tag("wagtail_advocacy/includes/bar_chart.html")
def bar_chart(series, field, label):
    """A bar per day of ``series`` (``kpis.DayFigures``), plotting ``field``."""
    values = [getattr(day, field) for day in series]
    labels = [date_format(day.day, "DATE_FORMAT") for day in series]
    return {
        "bars": charts.bars(values, labels),
        "label": label,
        "field": field,
        "summary": charts.describe_series(values),
        "start": series[0].day if series else None,
        "end": series[-1].day if series else None,
    }
