"""The ambassador directory as a colleague uses it: search with the form (no JavaScript
needed), open a profile, and the spotlight in the newsletter; axe-core on each page."""

import pytest
from playwright.sync_api import expect

from intranet.models import NewsletterPage
from wagtail_advocacy.models import Ambassador

pytestmark = pytest.mark.browser


def test_noah_searches_the_directory_and_opens_camilles_profile(demo_site, page, login, axe_check):
    login(page, "noah")
    page.goto(demo_site)
    with page.expect_navigation():
        page.get_by_role("link", name="Ambassadors", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Ambassadors")).to_be_visible()
    axe_check(page)

    page.get_by_label("Name, job or topic").fill("case studies")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 ambassador found")).to_be_visible()
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Camille Martin").click()
    camille = Ambassador.objects.get(user__username="camille")
    assert page.url.endswith(f"/ambassadors/{camille.directory_key}/")
    expect(page.get_by_role("heading", level=1, name="Camille Martin")).to_be_visible()
    expect(page.get_by_text("I write our customer stories.")).to_be_visible()
    axe_check(page)


def test_a_bad_filter_is_explained_beside_the_form(demo_site, page, login, axe_check):
    login(page, "noah")
    page.goto(f"{demo_site}/ambassadors/?team=abc&page=zzz")

    expect(page.get_by_role("alert")).to_contain_text("Choose a team of the list")
    axe_check(page)


def test_the_newsletter_spotlight(demo_site, page, login, axe_check):
    login(page, "noah")
    newsletter = NewsletterPage.objects.live().order_by("-date").first()
    page.goto(f"{demo_site}{newsletter.url}")

    expect(page.get_by_role("heading", name="Welcome to our new ambassadors")).to_be_visible()
    axe_check(page)
