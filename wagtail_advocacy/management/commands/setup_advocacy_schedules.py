"""Create (or update) the django-q2 schedules of wagtail-advocacy. Safe to run repeatedly."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from ...tasks import setup_schedules


class Command(BaseCommand):
    help = (
        "Create or update the scheduled jobs of wagtail-advocacy: digests, daily statistics, "
        "visitor salt rotation and raw event purge."
    )

    def handle(self, *args, **options):
        for schedule in setup_schedules():
            next_run = timezone.localtime(schedule.next_run)
            self.stdout.write(f"{schedule.name}: next run {next_run:%Y-%m-%d %H:%M}")
