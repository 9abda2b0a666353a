"""Camille shares an article to LinkedIn in her own words, in Chromium, offline.

The navigation to LinkedIn is intercepted: the test asserts where the browser was sent.
Playwright never routes the target of an HTTP redirect (its handlers see only the first
URL of a redirect chain), so the test routes the share POST itself: it lets the request
reach the server, checks the server's real 302, and hands its Location to the browser as
a fresh navigation, which the LinkedIn route then answers with a stub.
"""

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Site

from intranet.models import ArticlePage
from wagtail_advocacy.models import (
    AdvocacyHubPage,
    Ambassador,
    Share,
    ShareKit,
    ShareMessage,
    TrackedLink,
)
from wagtail_advocacy.models.settings import SharingSettings
from wagtail_advocacy.sharing.messages import prefilled_message
from wagtail_advocacy.tracking.links import tracked_url

pytestmark = pytest.mark.browser

LINKEDIN_STUB = "<!DOCTYPE html><html lang='en'><title>LinkedIn (stub)</title><h1>Stub</h1>"


@pytest.fixture
def shareable_article(demo_site):
    """An article Camille may share now: one of the demo's kits, else one made here."""
    camille = get_user_model().objects.get(username="camille")
    sharing = SharingSettings.for_site(Site.objects.get(is_default_site=True))
    if "linkedin" not in sharing.offered_networks:
        sharing.networks = [*sharing.offered_networks, "linkedin"]
        sharing.save()
    articles = ArticlePage.objects.live().order_by("-date")
    kit = (
        ShareKit.objects.shareable_by(camille)
        .filter(page__in=articles.values("pk"))
        .select_related("page")
        .first()
    )
    if kit is None:
        article = articles.first()
        kit = ShareKit.objects.create(
            page=article, title=article.title, public_url="https://www.northwind.example/news/"
        )
        ShareMessage.objects.create(kit=kit, text="Have a look at our latest news: {link}")
    return ArticlePage.objects.get(pk=kit.page_id), kit


@pytest.fixture
def hub_url(demo_site):
    """An advocacy hub under the home page (the demo may already have one)."""
    hub = AdvocacyHubPage.objects.live().first()
    if hub is None:
        home = Site.objects.get(is_default_site=True).root_page
        hub = AdvocacyHubPage(title="Share our news", slug="share-our-news")
        home.add_child(instance=hub)
        hub.save_revision().publish()
    return demo_site + hub.url


def test_camille_shares_an_article_to_linkedin_with_her_own_words(
    demo_site, shareable_article, hub_url, page, login, axe_check
):
    article, kit = shareable_article
    camille = get_user_model().objects.get(username="camille")
    login(page, "camille")

    page.goto(hub_url)
    expect(page.get_by_text(kit.title).first).to_be_visible()
    axe_check(page)

    page.goto(demo_site + article.url)
    share_bar = page.get_by_role("complementary", name="Share this with your network")
    expect(share_bar).to_be_visible()
    axe_check(page)

    share_bar.get_by_role("link", name="Share on LinkedIn").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    message = dialog.get_by_label("Your message (edit it freely)")
    ambassador = Ambassador.objects.get(user=camille)
    assert message.input_value() == prefilled_message(ambassador, kit, "linkedin")
    assert dialog.get_by_role("radio", name="LinkedIn").is_checked()
    axe_check(page)

    message.fill("Proud of my colleagues' work! {link}")
    counter = dialog.locator("[data-advocacy-counter]")
    assert "of 3000 characters, as LinkedIn counts them" in counter.inner_text()

    redirects, intercepted = [], []
    shares_before = Share.objects.filter(ambassador__user=camille, kit=kit).count()

    def follow_share_redirect(route):
        response = route.fetch(max_redirects=0)
        redirects.append((response.status, response.headers.get("location", "")))
        target = html.escape(redirects[-1][1])
        route.fulfill(
            status=200,
            content_type="text/html",
            body=f'<!DOCTYPE html><meta http-equiv="refresh" content="0;url={target}">',
        )

    def stub_linkedin(route):
        intercepted.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=LINKEDIN_STUB)

    page.route(f"{demo_site}/advocacy/share/{kit.pk}/", follow_share_redirect)
    page.route("https://www.linkedin.com/**", stub_linkedin)
    with page.expect_navigation(url="https://www.linkedin.com/**"):
        dialog.get_by_role("button", name="Continue to the network").click()

    link = TrackedLink.objects.get(ambassador__user=camille, kit=kit, network="linkedin")
    tracked = f"/advocacy/l/{link.token}/"
    assert redirects == [(302, intercepted[-1])]
    assert page.url == intercepted[-1]
    landing = urlsplit(page.url)
    assert (landing.netloc, landing.path) == ("www.linkedin.com", "/feed/")
    text = parse_qs(landing.query)["text"][0]
    assert text.startswith("Proud of my colleagues' work! http")
    assert tracked in text
    # The demo has shares from the last 90 days; hers is the newest, with her own words.
    assert Share.objects.filter(ambassador__user=camille, kit=kit).count() == shares_before + 1
    share = Share.objects.filter(ambassador__user=camille, kit=kit).latest("created_at")
    assert (share.network, share.link_id) == ("linkedin", link.pk)
    assert share.message.startswith("Proud of my colleagues' work! http")


def test_the_share_dialog_page_is_accessible(demo_site, shareable_article, page, login, axe_check):
    # The page the share buttons lead to without JavaScript (and the digest links to).
    _article, kit = shareable_article
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/share/{kit.pk}/?network=bluesky")
    assert page.get_by_role("radio", name="Bluesky").is_checked()
    assert (
        "of 300 characters, as Bluesky counts them"
        in page.locator("[data-advocacy-counter]").inner_text()
    )
    axe_check(page)


FACEBOOK_STUB = "<!DOCTYPE html><html lang='en'><title>Facebook (stub)</title><h1>Stub</h1>"


def _offer(network, disclosure="#iworkforNorthwind"):
    sharing = SharingSettings.for_site(Site.objects.get(is_default_site=True))
    if network not in sharing.offered_networks:
        sharing.networks = [*sharing.offered_networks, network]
    sharing.disclosure_hashtag = disclosure
    sharing.save()


def test_camille_pastes_the_final_message_on_facebook(
    demo_site, shareable_article, page, login, axe_check
):
    _offer("facebook")
    _article, kit = shareable_article
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_site)
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/share/{kit.pk}/?network=facebook")
    page.get_by_label("Your message (edit it freely)").fill("<b>Proud</b> of us! {link}")

    with page.expect_navigation():
        page.get_by_role("button", name="Continue to the network").click()

    link = TrackedLink.objects.get(
        ambassador__user__username="camille", kit=kit, network="facebook"
    )
    final = f"Proud of us! {tracked_url(link)} #iworkforNorthwind"
    assert page.get_by_label("Your message, with your personal link").input_value() == final
    axe_check(page)

    intercepted = []

    def stub_facebook(route):
        intercepted.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=FACEBOOK_STUB)

    page.route("https://www.facebook.com/**", stub_facebook)
    with page.expect_navigation(url="https://www.facebook.com/**"):
        page.get_by_role("link", name="Copy my message and continue to Facebook").click()

    assert parse_qs(urlsplit(intercepted[-1]).query)["u"] == [tracked_url(link)]
    page.go_back()
    assert page.evaluate("navigator.clipboard.readText()") == final


def test_the_counter_adds_the_disclosure_unless_it_is_there_as_a_whole_word(
    demo_site, shareable_article, page, login
):
    _offer("bluesky")
    _article, kit = shareable_article
    login(page, "camille")
    page.goto(f"{demo_site}/advocacy/share/{kit.pk}/?network=bluesky")
    message = page.get_by_label("Your message (edit it freely)")
    counter = page.locator("[data-advocacy-counter]")

    def counted(text):
        message.fill(text)
        return int(counter.inner_text().split()[0])

    with_tag = counted("Hello #iworkforNorthwind")
    # "#iworkforNorthwinds" is another word: the server appends the disclosure, so does JS.
    assert counted("Hello #iworkforNorthwinds") == with_tag + 1 + len(" #iworkforNorthwind")


def test_the_qr_code_of_camilles_link_is_drawn(demo_site, shareable_article, page, login):
    """The dialog's <img> of the QR code draws (an SVG without its namespace does not)."""
    article, _kit = shareable_article
    login(page, "camille")
    page.goto(demo_site + article.url)
    share_bar = page.get_by_role("complementary", name="Share this with your network")

    share_bar.get_by_role("button", name="QR code of my link").click()

    image = page.get_by_role("dialog").get_by_role("img", name="QR code of")
    expect(image).to_be_visible()
    page.wait_for_function("image => image.complete", arg=image.element_handle())
    assert image.evaluate("image => image.naturalWidth") > 0
