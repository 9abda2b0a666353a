"""Create (or update) the django-q2 schedules of wagtail-advocacy. Safe to run repeatedly."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_q.models import Schedule

from ...conf import advocacy_settings

DIGEST_SCHEDULE_NAME = "wagtail_advocacy.send_digests"


def next_digest_run(now=None):
    """The next time the clock reads WAGTAIL_ADVOCACY_DIGEST_HOUR (server time zone)."""
    now = timezone.localtime(now)
    run = now.replace(hour=advocacy_settings.DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def setup_schedules() -> Schedule:
    """One daily schedule for the digest, found by name: no duplicate however often run."""
    schedule, _created = Schedule.objects.update_or_create(
        name=DIGEST_SCHEDULE_NAME,
        defaults={
            "func": "wagtail_advocacy.tasks.send_digests",
            "schedule_type": Schedule.DAILY,
            "repeats": -1,
            "next_run": next_digest_run(),
        },
    )
    return schedule


class Command(BaseCommand):
    help = "Create or update the scheduled jobs of wagtail-advocacy (the daily digest)."

    def handle(self, *args, **options):
        schedule = setup_schedules()
        next_run = timezone.localtime(schedule.next_run)
        self.stdout.write(f"Digest scheduled daily, next run {next_run:%Y-%m-%d %H:%M}.")
