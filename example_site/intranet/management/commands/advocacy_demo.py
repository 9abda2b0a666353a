"""``manage.py advocacy_demo``: load the Northwind demo data, idempotently."""

from django.core.management.base import BaseCommand

from intranet.demo import build_demo


class Command(BaseCommand):
    """Load the demo intranet: teams, employees, ambassadors and pages."""

    help = "Load the Northwind demo intranet's data. Running it again duplicates nothing."

    def handle(self, *args, **options):
        self.stdout.write("Building the Northwind demo intranet...")
        build_demo(stdout=self.stdout)
