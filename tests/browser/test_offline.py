"""The browser fixture's guard: requests to other hosts are refused and recorded."""

import pytest

from .conftest import refuse_external_requests

pytestmark = pytest.mark.browser


# The live server comes with a transactional database: restore its rows afterwards, as
# demo_site does, or the next test that restores them finds them there already.
@pytest.mark.usefixtures("_restorable_database", "django_db_serialized_rollback")
def test_requests_to_other_hosts_are_refused_and_recorded(browser, live_server):
    context = browser.new_context()
    try:
        refused = refuse_external_requests(context, live_server.url)
        page = context.new_page()
        stylesheet = f"{live_server.url}/static/wagtail_advocacy/css/advocacy.css"
        with page.expect_response(stylesheet) as own:
            page.goto(stylesheet)
        page.set_content(
            f'<link rel="stylesheet" href="{stylesheet}">'
            '<link rel="stylesheet" href="https://fonts.example.com/css?family=Inter">'
            '<script src="https://cdn.example.net/lib.js"></script>'
        )
        page.wait_for_load_state("load")
    finally:
        context.close()

    assert own.value.status == 200
    assert sorted(refused) == [
        "https://cdn.example.net/lib.js",
        "https://fonts.example.com/css?family=Inter",
    ]


def test_the_admin_dashboard_requests_nothing_from_other_hosts(browser, demo_site, login):
    """An intranet demo makes no request that leaves the machine, also for an administrator.

    Wagtail's dashboard asks releases.wagtail.org for its latest version (for superusers)
    and the admin shows Gravatar avatars, unless the settings turn them off.
    """
    context = browser.new_context(locale="en-GB")
    try:
        refused = refuse_external_requests(context, demo_site)
        page = context.new_page()
        login(page, "admin")
        for path in ("/admin/", "/admin/account/", "/admin/users/"):
            page.goto(f"{demo_site}{path}")
            page.wait_for_load_state("networkidle")
        dashboard = page.goto(f"{demo_site}/admin/")
        page.wait_for_load_state("networkidle")
        assert dashboard.status == 200
        assert page.get_by_role("heading", name="Employee advocacy").count() == 1
    finally:
        context.close()

    assert refused == []
