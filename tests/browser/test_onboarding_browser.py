"""Noah, an employee who is not an ambassador, clicks share on an article, goes along the
onboarding path (join, the charter, his profile) and ends in the share dialog he started
from (Chromium, offline, without a step of his own typed twice); axe-core on every step."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Site

from intranet.models import ArticlePage
from wagtail_advocacy.models import Ambassador, CharterAcceptance, ShareKit, ShareMessage
from wagtail_advocacy.models.settings import SharingSettings

pytestmark = pytest.mark.browser


@pytest.fixture
def noah_article(demo_site):
    """An article with a share kit meant for Noah's team; Noah is not an ambassador."""
    noah = get_user_model().objects.get(username="noah")
    assert not Ambassador.objects.filter(user=noah).exists()
    sharing = SharingSettings.for_site(Site.objects.get(is_default_site=True))
    if "linkedin" not in sharing.offered_networks:
        sharing.networks = [*sharing.offered_networks, "linkedin"]
        sharing.save()
    articles = ArticlePage.objects.live().order_by("-date")
    kit = ShareKit.objects.shareable_by(noah).filter(page__in=articles.values("pk")).first()
    if kit is None:
        article = articles.first()
        kit = ShareKit.objects.create(
            page=article, title=article.title, public_url="https://www.northwind.example/news/"
        )
        ShareMessage.objects.create(kit=kit, text="Have a look at our latest news: {link}")
    return ArticlePage.objects.get(pk=kit.page_id), kit


def test_noah_joins_accepts_the_charter_fills_his_profile_and_shares(
    demo_site, noah_article, page, login, axe_check
):
    article, kit = noah_article
    login(page, "noah")
    page.goto(demo_site + article.url)
    share_bar = page.get_by_role("complementary", name="Share this with your network")

    with page.expect_navigation():
        share_bar.get_by_role("link", name="Become an ambassador to share this").click()
    progress = page.get_by_role("navigation", name="Your first steps as an ambassador")
    expect(progress.get_by_text("Step 1 of 4")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Become an ambassador to share", level=1)
    ).to_be_visible()
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Become an ambassador and share").click()
    expect(progress.get_by_text("Step 2 of 4")).to_be_visible()
    expect(page.get_by_text("#iworkforNorthwind").first).to_be_visible()
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("button", name="I have read and accept version 1 of the charter").click()
    expect(progress.get_by_text("Step 3 of 4")).to_be_visible()
    expect(page.get_by_role("heading", name="Your profile", level=1)).to_be_visible()
    axe_check(page)

    # An error first (the one required field emptied), then the profile saved.
    page.get_by_label("Display name").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(progress.get_by_text("Step 3 of 4")).to_be_visible()
    axe_check(page)
    page.get_by_label("Display name").fill("Noah S.")
    page.get_by_label("Job title").fill("Embedded software engineer")
    page.get_by_role("radio", name="Listed", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()

    assert page.url == f"{demo_site}/advocacy/share/{kit.pk}/"
    expect(page.get_by_text("Step 4 of 4: share it, in your own words.")).to_be_visible()
    expect(page.get_by_label("Your message (edit it freely)")).to_be_visible()
    axe_check(page)
    ambassador = Ambassador.objects.get(user__username="noah")
    assert ambassador.is_active and ambassador.directory_listed
    assert (ambassador.profile_name, ambassador.profile_completed_at is not None) == (
        "Noah S.",
        True,
    )
    assert CharterAcceptance.objects.filter(ambassador=ambassador).count() == 1
