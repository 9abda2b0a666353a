"""How a share window reads: localized dates and ranges for lists and the calendar.

When a kit is shareable is decided by the model (``ShareKit.window_contains``,
``ShareKitQuerySet.live``); this module only says it in words.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext


def format_moment(value: datetime.datetime) -> str:
    """A localized date, with the time only when it is not midnight (local time)."""
    local = timezone.localtime(value)
    if local.time() == datetime.time.min:
        return date_format(local.date(), "DATE_FORMAT")
    return date_format(local, "DATETIME_FORMAT")


def format_window(starts_at, ends_at) -> str:
    """A share window as a readable range: "Dec. 20, 2026 – Jan. 10, 2027", "From …"..."""
    if starts_at and ends_at:
        return f"{format_moment(starts_at)} – {format_moment(ends_at)}"
    if starts_at:
        return gettext("From %(start)s") % {"start": format_moment(starts_at)}
    if ends_at:
        return gettext("Until %(end)s") % {"end": format_moment(ends_at)}
    return gettext("No limit")
