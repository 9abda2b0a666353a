"""The content calendar: share kits laid out on a month grid by their share window.

Hand-written rather than a model list: it shows a month of days, each with the kits
shareable that day (``ShareKitQuerySet.overlapping``), not a list of kits.
"""

import calendar
import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ...models.kits import ShareKit, SuggestedPostingTime
from ...permissions import can_list_share_kits


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


class ContentCalendarView(WagtailAdminTemplateMixin, TemplateView):
    """A month of kits: each appears on every day of its share window (two queries)."""

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
        today = timezone.localdate()
        month = parse_month(self.request.GET.get("month"), today)
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
        grid_start = _local_midnight(weeks[0][0])
        grid_end = _local_midnight(weeks[-1][-1] + datetime.timedelta(days=1))

        kits = list(
            ShareKit.objects.overlapping(grid_start, grid_end)
            .select_related("page", "campaign")
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
            previous_month=(month - datetime.timedelta(days=1)).replace(day=1),
            next_month=(month + datetime.timedelta(days=31)).replace(day=1),
            weekdays=[WEEKDAYS_ABBR[i] for i in range(7)],
            weeks=[[self.build_day(day, month, today, kits) for day in week] for week in weeks],
            kit_count=len(kits),
        )
        return context

    @staticmethod
    def build_day(day, month, today, kits):
        """The kits shareable on ``day`` and their suggested posting times that day."""
        start, end = _local_midnight(day), _local_midnight(day + datetime.timedelta(days=1))
        entries = []
        for kit in kits:
            if kit.window_overlaps(start, end):
                times = [
                    timezone.localtime(t.post_at)
                    for t in kit.posting_times.all()
                    if start <= t.post_at < end
                ]
                entries.append({"kit": kit, "posting_times": times})
        return {
            "date": day,
            "in_month": day.month == month.month,
            "is_today": day == today,
            "entries": entries,
        }
