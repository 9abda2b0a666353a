"""Browser test harness: Debian's Chromium driven by Playwright against a live server.

Tests here are marked ``@pytest.mark.browser`` and run with ``pytest -m browser`` (``make
test`` does). They skip when /usr/bin/chromium is absent on a developer's machine, and fail
instead on CI (``CI=true``) or under ``make test`` (``ADVOCACY_REQUIRE_BROWSER=1``).

The browser is offline but for the live server: any request to another host (a CDN, a web
font, an external script) is refused and fails the test, because an intranet must work
without the internet. A test stubs an external URL it expects with ``page.route``.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread, which makes Django refuse ORM
# calls from it ("You cannot call this from an async context"). The calls are synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
# Headless, as root in a container, offline: without the networking flags Chromium tries to
# reach Google's services at every start and this machine refuses the connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "changeme"
# Impacts that fail a test; "minor" and "moderate" findings are reported by axe but allowed.
BLOCKING_IMPACTS = {"serious", "critical"}


def _browser_required() -> bool:
    return any(
        os.environ.get(name, "").lower() in ("1", "true", "yes")
        for name in ("CI", "ADVOCACY_REQUIRE_BROWSER")
    )


@pytest.fixture(scope="session")
def _serialized_database(django_db_setup, django_db_blocker):
    """The rows migrations created (root page, default site...), serialized at setup.

    Django keeps them on the connection object for ``serialized_rollback``; once Playwright
    runs, the test thread sees a different connection object (Django's connections are
    context-local and Playwright switches contexts), which lacks them.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        return {
            alias: getattr(connections[alias], "_test_serialized_contents", None)
            or connections[alias].creation.serialize_db_to_string()
            for alias in connections
        }


@pytest.fixture
def _restorable_database(_serialized_database):
    from django.db import connections

    for alias, contents in _serialized_database.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(_serialized_database):
    """One headless Chromium for the whole session."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (make test does)"
        if _browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def refuse_external_requests(context, server_url: str) -> list[str]:
    """Abort every request of ``context`` to a host other than ``server_url``'s.

    Returns the list in which the refused URLs are recorded. Routes a test adds with
    ``page.route`` take precedence over this context-wide one, so a stub still answers.
    """
    server = urlsplit(server_url).netloc
    refused = []

    def route(route):
        url = route.request.url
        if urlsplit(url).netloc == server:
            route.continue_()
        else:
            refused.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    return refused


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) and page per test, offline but for the server."""
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    refused = refuse_external_requests(context, live_server.url)
    page = context.new_page()
    yield page
    context.close()
    assert not refused, "the page requested other hosts than the live server:\n" + "\n".join(
        refused
    )


@pytest.fixture
def demo_site(_restorable_database, transactional_db, django_db_serialized_rollback, live_server):
    """The example intranet with its demo data, served by a live server; returns its URL.

    ``transactional_db`` because the live server's thread must see the data;
    ``django_db_serialized_rollback`` restores the rows migrations create (Wagtail's root
    page and default site), which the transactional flush after each test removes.
    """
    # A fresh intranet per test: the flush between tests empties every table.
    call_command("advocacy_demo", stdout=open(os.devnull, "w"))
    return live_server.url


@pytest.fixture
def login(live_server):
    """``login(page, username)``: log in through the example site's login form."""

    def log_in(page, username, password=DEMO_PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill('input[name="username"]', username)
        page.fill('input[name="password"]', password)
        with page.expect_navigation():
            page.click('form button[type="submit"]')
        assert "/accounts/login/" not in page.url, f"login as {username} failed"

    return log_in


def _format_violations(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']}\n"
            f"    {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            summary = node.get("failureSummary", "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


@pytest.fixture
def axe_check():
    """``axe_check(page)``: fail on any serious or critical axe-core violation of the page;
    ``axe_check(page, include=selector)`` checks only what the CSS selector matches (our
    block's fields in Wagtail's editor, whose host blocks are not ours to fix)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page, include=None):
        results = axe.run(page, context={"include": [include]} if include else None)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, (
            f"axe-core found {len(blocking)} serious/critical violation(s) on {page.url}:\n"
            + _format_violations(blocking)
        )
        return results

    return check
