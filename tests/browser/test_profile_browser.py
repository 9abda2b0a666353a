"""The profile page and "What we track about you" pass axe-core, with and without errors."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_profile_page(demo_site, page, login, axe_check):
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/profile/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)

    # An error is shown next to its field, and the page stays accessible.
    page.get_by_label("LinkedIn profile address").fill("https://www.linkedin.com/company/x")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.locator("#id_linkedin_profile_error")).to_be_visible()
    axe_check(page)


def test_what_we_track_page(demo_site, page, login, axe_check):
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/profile/what-we-track/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)
