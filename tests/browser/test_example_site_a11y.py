"""The example intranet's pages and the app's programme page pass axe-core in Chromium.

No serious or critical violation is allowed. Each later feature adds its own pages here or
in its own browser test file.
"""

import pytest
from playwright.sync_api import expect

from intranet.models import (
    ArticlePage,
    NewsIndexPage,
    NewsletterIndexPage,
    NewsletterPage,
    PeopleDirectoryPage,
    StandardPage,
)
from wagtail_advocacy.models import Ambassador

pytestmark = pytest.mark.browser


def _url_of(model):
    page = model.objects.live().order_by("path").first()
    assert page is not None, f"the demo data has no live {model.__name__}"
    return page.get_url()


PAGES = {
    "home": lambda: "/",
    "news index": lambda: _url_of(NewsIndexPage),
    "article": lambda: _url_of(ArticlePage),
    "newsletter index": lambda: _url_of(NewsletterIndexPage),
    "newsletter": lambda: _url_of(NewsletterPage),
    "standard page": lambda: _url_of(StandardPage),
    "people directory": lambda: _url_of(PeopleDirectoryPage),
}


@pytest.mark.parametrize("name", PAGES)
def test_intranet_page_has_no_serious_accessibility_violation(
    name, demo_site, page, login, axe_check
):
    login(page, "camille")
    page.goto(demo_site + PAGES[name]())

    expect(page.locator("h1").first, f"the {name} page shows no heading").to_be_visible()
    axe_check(page)


def test_login_page_has_no_serious_accessibility_violation(demo_site, page, axe_check):
    page.goto(f"{demo_site}/accounts/login/")

    expect(page.locator('input[name="password"]')).to_be_visible()
    axe_check(page)


def test_employee_joins_the_programme_on_an_accessible_page(
    demo_site, page, login, axe_check, django_user_model
):
    noah = django_user_model.objects.get(username="noah")
    assert not Ambassador.objects.filter(user=noah, left_at__isnull=True).exists()
    login(page, "noah")
    page.goto(f"{demo_site}/advocacy/programme/")
    axe_check(page)

    page.get_by_role("button", name="Become an ambassador").click()

    confirmation = page.get_by_text("Welcome aboard: you are now an ambassador.").first
    confirmation.wait_for()
    # Joining goes on along the onboarding path: the charter is next.
    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    assert Ambassador.objects.get(user=noah).is_active
    axe_check(page)
    page.goto(f"{demo_site}/advocacy/programme/")
    expect(page.get_by_text("You are an ambassador.")).to_be_visible()
    expect(page.get_by_role("button", name="Leave the programme")).to_be_visible()
    expect(page.get_by_role("link", name="Continue your first steps: step 2 of 4")).to_be_visible()
    axe_check(page)
