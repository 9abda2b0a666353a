"""Every front-end page the app ships, as an employee or a visitor meets it, passes axe-core.

The hub, the article share bar and the share dialog are covered with the share flow
(test_share_flow_browser.py), joining on the programme page with the example site's pages;
the programme page's digest choice is checked here.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from wagtail_advocacy.models import Ambassador, ShareableArticlePage, ShareKit
from wagtail_advocacy.people.digest import unsubscribe_token

pytestmark = pytest.mark.browser


def live_kit():
    kit = ShareKit.objects.live().filter(audience_groups__isnull=True).order_by("pk").first()
    assert kit is not None, "the demo data has no live share kit for everyone"
    return kit


def test_my_impact_page(demo_site, page, login, axe_check):
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/impact/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("svg").first, "the impact chart is missing").to_be_visible()
    axe_check(page)


def test_join_gate_for_an_employee_who_is_not_an_ambassador(demo_site, page, login, axe_check):
    kit = live_kit()
    login(page, "noah")
    page.goto(f"{demo_site}/advocacy/share/{kit.pk}/?network=linkedin")

    assert f"/advocacy/share/{kit.pk}/join/" in page.url
    expect(page.get_by_role("button", name="Become an ambassador")).to_be_visible()
    axe_check(page)


def test_closed_kit_explanation(demo_site, page, login, axe_check):
    kit = live_kit()
    ShareKit.objects.filter(pk=kit.pk).update(withdrawn_at=timezone.now())
    login(page, "camille")
    response = page.goto(f"{demo_site}/advocacy/share/{kit.pk}/")

    assert response.status == 410
    axe_check(page)


def test_unknown_tracked_link(demo_site, page, axe_check):
    response = page.goto(f"{demo_site}/advocacy/l/NoSuchToken1234/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page)


def test_copy_link_page(demo_site, page, login, axe_check):
    # The page the "Copy my link" form posts to when JavaScript does not take over.
    kit = live_kit()
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/share/{kit.pk}/copy/")
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Get my link").click()

    assert "/advocacy/l/" in page.get_by_role("textbox").input_value()
    axe_check(page)


def test_digest_unsubscribe_confirmation(demo_site, page, axe_check):
    camille = Ambassador.objects.get(user__username="camille")
    page.goto(f"{demo_site}/advocacy/digest/unsubscribe/{unsubscribe_token(camille)}/")

    expect(page.get_by_role("button").first).to_be_visible()
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Stop the digest").click()

    expect(page.get_by_role("link", name="digest emails section")).to_be_visible()
    assert Ambassador.objects.get(pk=camille.pk).digest_frequency == "off"
    axe_check(page)


def test_ambassador_chooses_the_digest_frequency(demo_site, page, login, axe_check):
    camille = Ambassador.objects.get(user__username="camille")
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/programme/")
    digest = page.get_by_role("group", name="How often do you want it?")

    assert digest.get_by_role("radio", name=camille.get_digest_frequency_display()).is_checked()
    axe_check(page)
    digest.get_by_role("radio", name="Daily").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my choice").click()

    expect(page.get_by_text("You will receive the digest every day.")).to_be_visible()
    assert page.get_by_role("radio", name="Daily").is_checked()
    assert Ambassador.objects.get(pk=camille.pk).digest_frequency == "daily"
    axe_check(page)

    # The error state, which a browser only reaches with a tampered form.
    page.locator('input[value="weekly"]').evaluate("radio => { radio.value = 'hourly'; }")
    page.get_by_role("radio", name="Weekly").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save my choice").click()

    expect(page.get_by_text("Choose how often you want the digest")).to_be_visible()
    assert Ambassador.objects.get(pk=camille.pk).digest_frequency == "daily"
    axe_check(page)


def test_shipped_shareable_article_page(demo_site, page, login, axe_check):
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    article = ShareableArticlePage(
        title="Our plant in Lyon goes solar",
        intro="Forty thousand panels on the roof.",
        body="<p>The roof of the Lyon plant now produces a fifth of its power.</p>",
    )
    home.add_child(instance=article)
    article.save_revision().publish()
    ShareKit.objects.create(page=article, title=article.title, description=article.intro)
    login(page, "camille")
    page.goto(demo_site + article.get_url())

    expect(page.get_by_role("heading", name="Our plant in Lyon goes solar")).to_be_visible()
    expect(page.get_by_role("link", name="Share on LinkedIn")).to_be_visible()
    axe_check(page)
