"""The content calendar: a month of share kits, each drawn once per week as a bar across the
days of its share window, with what happens on a day (opens, posting time, closes) marked.

Hand-written rather than a model list: it lays kits out on weeks and days, not in rows. The
layout (which columns a bar covers, its lane, its markers) is computed here, in Python, from
the share window rule of the model (``ShareKit.window_overlaps``), so the template only draws.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ...models.kits import ShareKit, SuggestedPostingTime
from ...permissions import can_list_share_kits

ONE_DAY = datetime.timedelta(days=1)


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of ``value`` ("2026-11"), or of the current month if absent or wrong.

    Years stay well inside what dates can hold, since the grid reaches into the months
    around the one shown.
    """
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if not 1900 <= year <= 9000:
            raise ValueError(year)
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class CalendarDay:
    """A day of the grid, for its date number and its background."""

    date: datetime.date
    in_month: bool
    is_today: bool
    is_past: bool


@dataclass
class CalendarEvent:
    """Something that happens to a kit on a day: it opens, a posting time, it closes."""

    OPENS = "opens"
    POSTING_TIME = "posting-time"
    CLOSES = "closes"

    kind: str
    day: datetime.date
    time_label: str


@dataclass
class KitBar:
    """A kit in a week: the day columns its window covers (1 to 7) and its events there."""

    kit: ShareKit
    start: int
    span: int
    first_day: datetime.date
    last_day: datetime.date
    continues_before: bool
    continues_after: bool
    status: str
    lane: int = 0
    # (column inside the bar, from 1; that day's events), for the days that have some.
    event_days: list[tuple[int, list[CalendarEvent]]] = field(default_factory=list)


@dataclass
class CalendarWeek:
    """A row of the grid: seven days and the bars of the kits whose window crosses them."""

    days: list[CalendarDay]
    bars: list[KitBar]

    @property
    def first_day(self) -> datetime.date:
        return self.days[0].date

    @property
    def last_day(self) -> datetime.date:
        return self.days[-1].date

    @property
    def is_current(self) -> bool:
        return any(day.is_today for day in self.days)


def _time_label(moment: datetime.datetime, *, end_of_day: bool = False) -> str:
    local = timezone.localtime(moment)
    if end_of_day and local.time() == datetime.time.min:
        # A window ending at midnight ends with the day before, where its bar stops.
        return "24:00"
    return formats.time_format(local, "H:i")


def build_bar(kit: ShareKit, dates: list[datetime.date], now) -> KitBar | None:
    """``kit``'s bar in the week of ``dates``, or None if its window misses that week.

    Which days a bar covers is asked of ``ShareKit.window_overlaps`` day by day, so the
    calendar follows the window rule exactly (a window ending at midnight stops the day
    before). A window is one stretch of time, so the days it touches are consecutive.
    """
    bounds = [(_local_midnight(day), _local_midnight(day + ONE_DAY)) for day in dates]
    covered = [i for i, (start, end) in enumerate(bounds) if kit.window_overlaps(start, end)]
    if not covered:
        return None
    first, last = covered[0], covered[-1]
    week_start, week_end = bounds[0][0], bounds[-1][1]
    bar = KitBar(
        kit=kit,
        start=first + 1,
        span=last - first + 1,
        first_day=dates[first],
        last_day=dates[last],
        continues_before=kit.window_overlaps(week_start - ONE_DAY, week_start),
        continues_after=kit.window_overlaps(week_end, week_end + ONE_DAY),
        status=kit.window_status(now),
    )
    events = {day: [] for day in dates[first : last + 1]}
    if not bar.continues_before:
        events[bar.first_day].append(
            CalendarEvent(CalendarEvent.OPENS, bar.first_day, _time_label(kit.window_opens))
        )
    for posting_time in kit.posting_times.all():
        day = timezone.localdate(posting_time.post_at)
        if day in events:
            events[day].append(
                CalendarEvent(CalendarEvent.POSTING_TIME, day, _time_label(posting_time.post_at))
            )
    if kit.share_ends_at is not None and not bar.continues_after:
        events[bar.last_day].append(
            CalendarEvent(
                CalendarEvent.CLOSES,
                bar.last_day,
                _time_label(kit.share_ends_at, end_of_day=True),
            )
        )
    bar.event_days = [(i + 1, found) for i, found in enumerate(events.values()) if found]
    return bar


def assign_lanes(bars: list[KitBar]) -> list[KitBar]:
    """Give each bar the first lane (row) free on its days, and return them lane by lane.

    First fit in order of the first day takes as many lanes as kits share the busiest day,
    the fewest possible. Returned lane by lane, each lane left to right: the stylesheet
    places bars by column only and lets the grid's auto-placement start a row whenever a
    bar starts left of the previous one, which is exactly where a new lane begins.
    """
    lane_ends: list[int] = []  # the last column taken in each lane
    for bar in sorted(bars, key=lambda bar: (bar.start, -bar.span)):
        for lane, end in enumerate(lane_ends):
            if end < bar.start:
                bar.lane, lane_ends[lane] = lane, bar.start + bar.span - 1
                break
        else:
            bar.lane = len(lane_ends)
            lane_ends.append(bar.start + bar.span - 1)
    return sorted(bars, key=lambda bar: (bar.lane, bar.start))


def build_weeks(grid, month: datetime.date, today: datetime.date, kits, now) -> list[CalendarWeek]:
    """The weeks of ``grid`` (lists of seven dates), each with its kits' bars in lanes."""
    weeks = []
    for dates in grid:
        days = [
            CalendarDay(day, day.month == month.month, day == today, day < today) for day in dates
        ]
        bars = [bar for kit in kits if (bar := build_bar(kit, dates, now))]
        weeks.append(CalendarWeek(days=days, bars=assign_lanes(bars)))
    return weeks


class ContentCalendarView(WagtailAdminTemplateMixin, TemplateView):
    """A month of kits, each a bar per week it crosses (two queries whatever the kits)."""

    template_name = "wagtail_advocacy/admin/content_calendar.html"
    page_title = _("Content calendar")
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        # It lists every kit: the same permission as the kit list, answered as Wagtail does.
        if not can_list_share_kits(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        today = timezone.localdate(now)
        month = parse_month(self.request.GET.get("month"), today)
        grid = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
        grid_start = _local_midnight(grid[0][0])
        grid_end = _local_midnight(grid[-1][-1] + ONE_DAY)

        kits = list(
            ShareKit.objects.overlapping(grid_start, grid_end)
            .select_related("page")
            .prefetch_related(
                Prefetch(
                    "posting_times",
                    queryset=SuggestedPostingTime.objects.filter(
                        post_at__gte=grid_start, post_at__lt=grid_end
                    ).order_by("post_at"),
                )
            )
            .order_by("window_opens", "pk")
        )

        context.update(
            month=month,
            previous_month=(month - ONE_DAY).replace(day=1),
            next_month=(month + datetime.timedelta(days=31)).replace(day=1),
            weekdays=[WEEKDAYS_ABBR[i] for i in range(7)],
            weeks=build_weeks(grid, month, today, kits, now),
            kit_count=len(kits),
        )
        return context
