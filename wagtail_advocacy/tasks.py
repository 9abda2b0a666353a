"""Every background job of the core of wagtail-advocacy, and the one way to enqueue one.

Jobs are idempotent: running one twice changes nothing. They run in django-q2's cluster,
which finds them by their dotted path (``wagtail_advocacy.tasks.<name>``): the paths stored
in its schedules and queue, so a job keeps its name here. An optional app keeps its jobs in
its own ``tasks`` module and registers it (``register_jobs``); they are enqueued here too.
"""

import sys
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_q.tasks import async_task

from .charter.notify import send_charter_notices as send_due_charter_notices
from .conf import advocacy_settings
from .people.digest import send_due_digests
from .stats import retention, rollup
from .tracking.visitors import destroy_past_salts

# The modules whose functions are jobs: this one, and those optional apps add with
# ``register_jobs`` (the game's ``wagtail_advocacy.game.tasks``).
JOB_MODULES = [__name__]
_optional_scheduled_jobs = []


def register_jobs(module_name: str, scheduled=()) -> None:
    """Let ``enqueue`` take the functions of ``module_name`` as jobs, and keep the schedules
    in ``scheduled`` ((name, dotted path of the job, schedule type, time of day or None), as
    ``scheduled_jobs`` lists them) with the core's. Optional apps call it from their
    ``AppConfig.ready``; calling it again changes nothing."""
    if module_name not in JOB_MODULES:
        JOB_MODULES.append(module_name)
    for entry in scheduled:
        if entry not in _optional_scheduled_jobs:
            _optional_scheduled_jobs.append(entry)


def enqueue(job, *args, **kwargs):
    """Queue ``job`` (a function of a job module: this one, or one an optional app
    registered) to run in the task cluster with ``args``.

    The one place the app calls django-q2's ``async_task``: by the job's dotted path, which
    is what the cluster imports, so a job must be a module-level function of its module.
    Returns the task id.
    """
    module = sys.modules.get(getattr(job, "__module__", None) or "")
    if (
        module is None
        or module.__name__ not in JOB_MODULES
        or getattr(module, job.__name__, None) is not job
    ):
        raise ValueError(f"{job!r} is not a job of {' or '.join(JOB_MODULES)}")
    return async_task(f"{module.__name__}.{job.__name__}", *args, **kwargs)


def send_digests() -> int:
    """Email each ambassador whose digest is due the kits new for them (scheduled daily).

    Idempotent: each ambassador's digest is claimed with a conditional UPDATE before it
    is sent, so a retried or doubled run sends nothing twice.
    """
    return send_due_digests()


def rollup_daily_stats(day: date | str | None = None) -> int:
    """Recompute the daily aggregates of ``day`` (a date or "YYYY-MM-DD"), by default of
    yesterday and today, and of every day since the last roll-up if the job missed some.
    Returns the number of aggregate rows written."""
    if day is None:
        days = rollup.days_to_roll_up()
    else:
        days = [date.fromisoformat(day) if isinstance(day, str) else day]
    return rollup.rollup_days(days)


def purge_raw_events() -> int:
    """Delete raw clicks older than RAW_EVENT_RETENTION_DAYS, once rolled up; aggregates stay.
    Returns the number of clicks deleted."""
    return rollup.purge_rolled_up_clicks()


def fold_expired_statistics() -> int:
    """Fold each ambassador's daily statistics older than the retention period (Settings ›
    Measurement) into anonymous aggregates; totals are unchanged (scheduled daily).

    Idempotent: a folded row is gone, so a second run folds nothing. Returns the rows folded.
    """
    return retention.fold_expired_statistics()


def rotate_visitor_salts() -> int:
    """Destroy past days' visitor salts, so no stored hash can be tied to an address again."""
    return destroy_past_salts()


def send_charter_notices() -> int:
    """Email every ambassador who must accept the binding charter version in effect, with
    what changed and a link to accept it (scheduled hourly, queued when one is published).

    Idempotent: each (ambassador, version) is claimed with an insert before the email
    leaves, so a retried or doubled run sends nothing twice. Returns the emails sent.
    """
    return send_due_charter_notices()


def _next_local(at: time) -> datetime:
    """The next moment the site's clock shows ``at``."""
    now = timezone.localtime()
    candidate = timezone.make_aware(datetime.combine(now.date(), at))
    return candidate if candidate > now else candidate + timedelta(days=1)


def scheduled_jobs():
    """(name, dotted path of the job, schedule type, time of day or None) of every recurring
    job: the core's, then those optional apps registered."""
    from django_q.models import Schedule

    return [
        (
            "wagtail-advocacy: send digests",
            f"{__name__}.send_digests",
            Schedule.DAILY,
            time(advocacy_settings.DIGEST_HOUR, 0),
        ),
        # Hourly: reports lag the raw events by an hour at most.
        (
            "wagtail-advocacy: roll up daily stats",
            f"{__name__}.rollup_daily_stats",
            Schedule.HOURLY,
            None,
        ),
        (
            "wagtail-advocacy: rotate visitor salts",
            f"{__name__}.rotate_visitor_salts",
            Schedule.DAILY,
            time(0, 5),
        ),
        (
            "wagtail-advocacy: purge raw events",
            f"{__name__}.purge_raw_events",
            Schedule.DAILY,
            time(3, 30),
        ),
        (
            "wagtail-advocacy: fold expired statistics",
            f"{__name__}.fold_expired_statistics",
            Schedule.DAILY,
            time(3, 45),
        ),
        # Hourly: a charter version that takes effect is announced within the hour.
        (
            "wagtail-advocacy: send charter notices",
            f"{__name__}.send_charter_notices",
            Schedule.HOURLY,
            None,
        ),
        *_optional_scheduled_jobs,
    ]


def setup_schedules() -> list:
    """Create or update the django-q2 schedule of every job, found by name: running it at
    every deployment never makes a duplicate. Returns the schedules."""
    from django_q.models import Schedule

    schedules = []
    for name, func, schedule_type, at in scheduled_jobs():
        defaults = {
            "func": func,
            "schedule_type": schedule_type,
            "repeats": -1,
        }
        schedule, created = Schedule.objects.get_or_create(name=name, defaults=defaults)
        if not created:
            Schedule.objects.filter(pk=schedule.pk).update(**defaults)
        if at is not None and (created or timezone.localtime(schedule.next_run).time() != at):
            schedule.next_run = _next_local(at)
            schedule.save(update_fields=["next_run"])
        schedules.append(schedule)
    return schedules
