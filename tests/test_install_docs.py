"""The installation page's steps, applied literally to a new site as the wheel stage does.

``scripts/apply_install_docs.py`` reads only the blocks the page marks as install steps; here
it runs on a site made by ``wagtail start`` that already lists ``wagtail.contrib.settings``,
as Wagtail's bakerydemo does. The wheel stage of ``make test`` then migrates, checks and
browses such a site with the built wheel.
"""

import collections
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALLATION = ROOT / "docs" / "installation.md"
apply_install_docs = runpy.run_path(str(ROOT / "scripts" / "apply_install_docs.py"))["main"]


@pytest.fixture
def new_site(tmp_path):
    """A site made by ``wagtail start`` that already has ``wagtail.contrib.settings``."""
    subprocess.run(  # noqa: S603 (our own interpreter and Wagtail's own command)
        [sys.executable, "-c", "from wagtail.bin.wagtail import main; main()"]
        + ["start", "mysite", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    settings = tmp_path / "mysite" / "settings" / "base.py"
    apps = settings.read_text().replace(
        '    "wagtail.embeds",', '    "wagtail.contrib.settings",\n    "wagtail.embeds",'
    )
    settings.write_text(apps)
    return tmp_path


def site_settings(site):
    return runpy.run_path(str(site / "mysite" / "settings" / "base.py"))


def url_patterns(site):
    """The urls.py lines that are code, not comments."""
    lines = (site / "mysite" / "urls.py").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_following_the_steps_lists_every_app_once(new_site):
    apply_install_docs(INSTALLATION, new_site)

    apps = site_settings(new_site)["INSTALLED_APPS"]
    listed_twice = [app for app, count in collections.Counter(apps).items() if count > 1]
    assert not listed_twice
    for app in ("wagtail_advocacy", "wagtail.contrib.settings", "wagtail_modeladmin", "django_q"):
        assert app in apps


def test_the_app_urls_replace_wagtails_catch_all_and_come_before_it(new_site):
    apply_install_docs(INSTALLATION, new_site)

    patterns = url_patterns(new_site)
    ours = patterns.index('path("advocacy/", include("wagtail_advocacy.urls")),')
    catch_all = [i for i, line in enumerate(patterns) if re.match(r'path\("", include', line)]
    assert catch_all == [ours + 1]
    compile((new_site / "mysite" / "urls.py").read_text(), "urls.py", "exec")


def test_the_settings_step_sets_a_login_page_that_exists(new_site):
    apply_install_docs(INSTALLATION, new_site)

    settings = site_settings(new_site)
    assert settings["LOGIN_URL"] == "wagtailadmin_login"
    assert settings["Q_CLUSTER"]["orm"] == "default"
    assert settings["MIDDLEWARE"][-1] == "wagtail_advocacy.middleware.AttributionMiddleware"


def test_following_the_steps_twice_changes_nothing_the_second_time(new_site):
    apply_install_docs(INSTALLATION, new_site)
    files = [new_site / "mysite" / "settings" / "base.py", new_site / "mysite" / "urls.py"]
    once = [path.read_text() for path in files]

    apply_install_docs(INSTALLATION, new_site)

    assert [path.read_text() for path in files] == once


def test_the_page_says_to_skip_apps_already_there_and_to_replace_the_catch_all():
    text = " ".join(INSTALLATION.read_text().split())
    assert "add those of these four entries that are **not already there**" in text
    assert "**replace** it with these two lines" in text
