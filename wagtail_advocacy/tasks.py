"""Every background job of wagtail-advocacy, enqueued with django-q2.

Jobs are idempotent: running one twice changes nothing.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_q.tasks import async_task

from . import rollup
from .digest import send_due_digests
from .tracking import destroy_past_salts


def send_digests() -> int:
    """Email each ambassador whose digest is due the kits new for them (scheduled daily).

    Idempotent: each ambassador's digest is claimed with a conditional UPDATE before it
    is sent, so a retried or doubled run sends nothing twice.
    """
    return send_due_digests()


def queue_digests():
    """Enqueue ``send_digests`` now (the schedule calls the job directly)."""
    return async_task("wagtail_advocacy.tasks.send_digests")


def rollup_daily_stats(day: date | str | None = None) -> int:
    """Recompute the daily aggregates of ``day`` (a date or "YYYY-MM-DD"), by default of
    yesterday and today. Returns the number of aggregate rows written."""
    if day is None:
        today = timezone.localdate()
        days = [today - timedelta(days=1), today]
    else:
        days = [date.fromisoformat(day) if isinstance(day, str) else day]
    return rollup.rollup_days(days)


def purge_raw_events() -> int:
    """Delete raw clicks older than RAW_EVENT_RETENTION_DAYS, once rolled up; aggregates stay.
    Returns the number of clicks deleted."""
    return rollup.purge_rolled_up_clicks()


def rotate_visitor_salts() -> int:
    """Destroy past days' visitor salts, so no stored hash can be tied to an address again."""
    return destroy_past_salts()


def _next_local(at: time) -> datetime:
    """The next moment the site's clock shows ``at``."""
    now = timezone.localtime()
    candidate = timezone.make_aware(datetime.combine(now.date(), at))
    return candidate if candidate > now else candidate + timedelta(days=1)


def schedule_tracking_jobs():
    """Create or update the django-q2 schedules of the tracking jobs (safe to run again)."""
    from django_q.models import Schedule

    jobs = [
        # Hourly: reports lag the raw events by an hour at most.
        ("wagtail-advocacy: roll up daily stats", "rollup_daily_stats", Schedule.HOURLY, None),
        ("wagtail-advocacy: rotate visitor salts", "rotate_visitor_salts", Schedule.DAILY, "0:05"),
        ("wagtail-advocacy: purge raw events", "purge_raw_events", Schedule.DAILY, "3:30"),
    ]
    for name, func, schedule_type, at in jobs:
        defaults = {"func": f"wagtail_advocacy.tasks.{func}", "schedule_type": schedule_type}
        schedule, created = Schedule.objects.get_or_create(name=name, defaults=defaults)
        if created and at:
            hours, minutes = map(int, at.split(":"))
            schedule.next_run = _next_local(time(hours, minutes))
            schedule.save(update_fields=["next_run"])
        elif not created:
            Schedule.objects.filter(pk=schedule.pk).update(**defaults)
