"""The app's pages look right in a host base template that has only a content block.

Wagtail's bakerydemo has no ``extra_css`` or ``extra_js`` block: every front-end page of the
app links its stylesheet and script inside ``content``, each once, and brings a width
container of its own. (The game's pages and blocks: test_game_host_base_template.)
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.host_template import (
    ambassador,
    assert_styled,
    content_of,
    content_only_base_template,
)
from tests.sharing_factories import create_kit
from wagtail_advocacy.models import AdvocacyHubPage, Share, ShareableArticlePage
from wagtail_advocacy.people.digest import unsubscribe_token

__all__ = ["ambassador", "content_only_base_template"]  # fixtures, imported to be found

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("content_only_base_template"),
]


@pytest.fixture
def kit(make_event_page):
    return create_kit(make_event_page(title="Wind farm opening"))


@pytest.fixture
def employee(client, make_user):
    client.force_login(make_user("noah"))
    return client


def test_the_programme_page(employee):
    response = employee.get(reverse("wagtail_advocacy:programme"))

    assert_styled(response)
    assert "Become an ambassador" in content_of(response)


def test_the_programme_page_after_joining(employee):
    response = employee.post(reverse("wagtail_advocacy:join"), follow=True)

    assert_styled(response)
    assert "You are an ambassador." in content_of(response)


def test_the_share_gate_for_an_employee_who_is_not_an_ambassador(employee, kit):
    response = employee.get(reverse("wagtail_advocacy:share_gate", args=[kit.pk]))

    assert_styled(response)
    assert "Become an ambassador and share" in content_of(response)


def test_the_share_page_without_javascript(ambassador, kit):
    response = ambassador.get(reverse("wagtail_advocacy:share", args=[kit.pk]))

    assert_styled(
        response,
        stylesheets=("css/advocacy.css", "css/share.css"),
        scripts=("js/share.js",),
    )
    assert "Continue to the network" in content_of(response)


def test_the_paste_step(ambassador, kit):
    response = ambassador.post(
        reverse("wagtail_advocacy:share", args=[kit.pk]),
        {"network": "facebook", "text": "Proud of this {link}"},
        follow=True,
    )

    assert_styled(
        response,
        stylesheets=("css/advocacy.css", "css/share.css"),
        scripts=("js/share.js",),
    )
    assert "Your message for Facebook" in content_of(response)


def test_the_copy_link_page(ambassador, kit):
    response = ambassador.post(reverse("wagtail_advocacy:share_copy_link", args=[kit.pk]))

    assert_styled(response)
    assert "Your personal link" in content_of(response)


def test_the_page_of_a_closed_kit(ambassador, kit):
    type(kit).objects.filter(pk=kit.pk).update(withdrawn_at=timezone.now())

    response = ambassador.get(reverse("wagtail_advocacy:share", args=[kit.pk]))

    assert response.status_code == 410
    assert_styled(response)
    assert not Share.objects.exists()


def test_my_impact(ambassador):
    response = ambassador.get(reverse("wagtail_advocacy:impact"))

    assert_styled(response, stylesheets=("css/advocacy.css", "css/impact.css"))
    assert "Visitors your shares brought" in content_of(response)


def test_the_digest_unsubscribe_page(client, make_ambassador):
    token = unsubscribe_token(make_ambassador())

    response = client.get(reverse("wagtail_advocacy:digest_unsubscribe", args=[token]))

    assert_styled(response)
    assert "Stop the digest" in content_of(response)


def test_the_page_of_an_unknown_link(client):
    response = client.get(reverse("wagtail_advocacy:tracked_link", args=["no-such-link"]))

    assert response.status_code == 404
    assert_styled(response)
    assert "This link no longer works" in content_of(response)


def test_the_advocacy_hub_page(ambassador, root_page, kit):
    hub = AdvocacyHubPage(title="Share hub", slug="share-hub")
    root_page.add_child(instance=hub)
    hub.save_revision().publish()

    response = ambassador.get(hub.url)

    assert_styled(response)
    assert kit.title in content_of(response)


def test_the_shareable_article_page_and_its_share_bar(ambassador, root_page):
    article = ShareableArticlePage(title="Careers day", slug="careers-day", intro="On Friday.")
    root_page.add_child(instance=article)
    article.save_revision().publish()
    create_kit(article)

    response = ambassador.get(article.url)

    # The page and its share bar both need advocacy.css: the page gets it once.
    assert_styled(
        response,
        stylesheets=("css/advocacy.css", "css/share.css"),
        scripts=("js/share.js",),
    )
    assert "Share this with your network" in content_of(response)


def test_the_profile_and_its_saved_message(ambassador):
    response = ambassador.post(
        reverse("wagtail_advocacy:profile"),
        {
            "profile_name": "Camille M.",
            "digest_frequency": "weekly",
            "directory": "listed",
            "recognition": "named",
            "credit": "no",
        },
        follow=True,
    )

    assert_styled(response, stylesheets=("css/advocacy.css", "css/profile.css"))
    # The host's base template shows no messages: the app's page does, once.
    assert content_of(response).count("Your profile is saved.") == 1
