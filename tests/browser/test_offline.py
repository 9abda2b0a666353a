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
