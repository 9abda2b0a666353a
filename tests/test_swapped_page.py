"""A Wagtail 8 project that swaps its base page model can migrate, check and use the app.

The swap is fixed when Django starts, so the project (``tests.swapped_page``: its own base
page, ``WAGTAIL_PAGE_MODEL = "swappedpage.BasePage"``) runs in a subprocess, on a temporary
SQLite file.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import wagtail

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    wagtail.VERSION < (8,),
    reason=f"Wagtail {wagtail.__version__} has no swappable Page (Wagtail 8 does)",
)

# Run in the swapped project: the app's compat module sees the swap, migrate, check
# (warnings fail too), the migrations describe the models as they are under the swap
# (parent link basepage_ptr, not page_ptr), and pages of the app's concrete types are
# created under the swapped root page and read back through the project's base model.
MIGRATE_CHECK_AND_USE = """
import django
from django.core.management import call_command

# Imported first, before Wagtail's models: it must still see the swap.
from wagtail_advocacy import compat

print("compat:", compat.PAGE_MODEL)
django.setup()
call_command("migrate", interactive=False, verbosity=0)
call_command("check", fail_level="WARNING")
call_command("makemigrations", "wagtail_advocacy", check=True, dry_run=True)

from wagtail.models import Site
from tests.swapped_page.models import BasePage
from wagtail_advocacy.models import AdvocacyHubPage, ShareableArticlePage, ShareKit

root = Site.objects.get(is_default_site=True).root_page
hub = root.add_child(
    instance=AdvocacyHubPage(title="Share our news", slug="share", department="Marketing")
)
article = hub.add_child(instance=ShareableArticlePage(title="Bench 15", slug="bench-15"))
ShareKit.objects.create(page=article)
print(type(root).__name__, type(BasePage.objects.get(pk=hub.pk).specific).__name__)
print(AdvocacyHubPage.objects.get().department, ShareKit.objects.get().page.specific.title)
"""


def test_a_project_with_its_own_base_page_migrates_checks_and_creates_app_pages(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.swapped_page.settings",
        "PYTHONPATH": str(ROOT),
        "SWAPPED_PAGE_DB": str(tmp_path / "swapped.sqlite3"),
    }
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-W", "ignore", "-c", MIGRATE_CHECK_AND_USE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "compat: swappedpage.BasePage" in result.stdout
    assert "System check identified no issues" in output
    assert "No changes detected in app 'wagtail_advocacy'" in output
    assert result.stdout.splitlines()[-2:] == [
        "BasePage AdvocacyHubPage",
        "Marketing Bench 15",
    ]
