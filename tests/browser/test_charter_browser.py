"""An ambassador who has not accepted the charter clicks share on an article, lands on the
charter, accepts it, and ends in the share dialog she started from (Chromium, offline)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Site

from intranet.models import ArticlePage
from wagtail_advocacy.models import CharterAcceptance, ShareKit, ShareMessage
from wagtail_advocacy.models.settings import SharingSettings

pytestmark = pytest.mark.browser


@pytest.fixture
def lea_article(demo_site):
    """An article Léa (an ambassador of the demo who has not accepted the charter) may share."""
    lea = get_user_model().objects.get(username="lea")
    assert not CharterAcceptance.objects.filter(ambassador__user=lea).exists()
    sharing = SharingSettings.for_site(Site.objects.get(is_default_site=True))
    if "linkedin" not in sharing.offered_networks:
        sharing.networks = [*sharing.offered_networks, "linkedin"]
        sharing.save()
    articles = ArticlePage.objects.live().order_by("-date")
    kit = ShareKit.objects.shareable_by(lea).filter(page__in=articles.values("pk")).first()
    if kit is None:
        article = articles.first()
        kit = ShareKit.objects.create(
            page=article, title=article.title, public_url="https://www.northwind.example/news/"
        )
        ShareMessage.objects.create(kit=kit, text="Have a look at our latest news: {link}")
    return ArticlePage.objects.get(pk=kit.page_id), kit


def test_lea_accepts_the_charter_on_her_way_to_share(
    demo_site, lea_article, page, login, axe_check
):
    article, kit = lea_article
    login(page, "lea")
    page.goto(demo_site + article.url)
    share_bar = page.get_by_role("complementary", name="Share this with your network")
    expect(share_bar.get_by_text("Accept the charter first")).to_be_visible()
    axe_check(page)

    share_bar.get_by_role("link", name="Share on LinkedIn").click()
    dialog = page.get_by_role("dialog", name="Accept the charter first")
    dialog.wait_for()
    axe_check(page)

    with page.expect_navigation():
        dialog.get_by_role("link", name="Read and accept the charter").click()
    expect(page.get_by_role("heading", name="Social-media charter", level=1)).to_be_visible()
    expect(page.get_by_text("#iworkforNorthwind").first).to_be_visible()
    axe_check(page)

    with page.expect_navigation():
        page.get_by_role("button", name="I have read and accept version 1 of the charter").click()
    assert page.url == f"{demo_site}/advocacy/share/{kit.pk}/?network=linkedin"
    assert page.get_by_role("radio", name="LinkedIn").is_checked()
    expect(page.get_by_label("Your message (edit it freely)")).to_be_visible()
    expect(page.get_by_text("Thank you: you accepted the social-media charter.")).to_be_visible()
    axe_check(page)
    acceptance = CharterAcceptance.objects.get(ambassador__user__username="lea")
    assert acceptance.version.number == 1
