"""The profile page and "What we track about you" pass axe-core, with and without errors."""

import pytest

pytestmark = pytest.mark.browser


def test_profile_page(demo_site, page, login, axe_check):
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/profile/")
    assert page.get_by_role("heading", level=1).is_visible()
    axe_check(page)

    # An error is shown next to its field, and the page stays accessible.
    page.get_by_label("LinkedIn profile address").fill("https://www.linkedin.com/company/x")
    page.get_by_role("button", name="Save my profile").click()
    assert page.locator("#id_linkedin_profile_error").is_visible()
    axe_check(page)


def test_what_we_track_page(demo_site, page, login, axe_check):
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/profile/what-we-track/")
    assert page.get_by_role("heading", level=1).is_visible()
    axe_check(page)
