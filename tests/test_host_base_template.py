"""The app's pages look right in a host base template that has only a content block.

Wagtail's bakerydemo has no ``extra_css`` or ``extra_js`` block: every front-end page of the
app links its stylesheet and script inside ``content``, each once, and brings a width
container of its own.
"""

import re
from decimal import Decimal

import pytest
from django.template import Template
from django.template.context import RequestContext
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.sharing_factories import create_kit
from wagtail_advocacy.models import AdvocacyHubPage, Share, ShareableArticlePage
from wagtail_advocacy.models.people import Recognition
from wagtail_advocacy.people.digest import unsubscribe_token

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("content_only_base_template"),
]

STATIC = "/static/wagtail_advocacy/"
GAME_STATIC = "/static/wagtail_advocacy_game/"


@pytest.fixture
def content_only_base_template():
    with override_settings(WAGTAIL_ADVOCACY_BASE_TEMPLATE="testapp/base_content_only.html"):
        yield


@pytest.fixture
def kit(make_event_page):
    return create_kit(make_event_page(title="Wind farm opening"))


@pytest.fixture
def employee(client, make_user):
    client.force_login(make_user("noah"))
    return client


@pytest.fixture
def ambassador(client, make_ambassador):
    ambassador = make_ambassador()
    client.force_login(ambassador.user)
    client.ambassador = ambassador
    return client


def content_of(response):
    """The HTML inside the host's <main>, where its content block is."""
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<head><meta charset" in html, "not rendered in the host's base template"
    return re.search(r'<main id="main">(.*)</main>', html, re.DOTALL)[1]


def assert_styled(response, *, stylesheets=("css/advocacy.css",), scripts=()):
    """Each of the app's files linked exactly once, inside the page's width container."""
    html = response.content.decode()
    content = content_of(response)
    assert content.lstrip().startswith('<div class="advocacy advocacy-page">')
    for path in stylesheets:
        link = f'<link rel="stylesheet" href="{STATIC}{path}">'
        assert html.count(link) == 1, f"{path} linked {html.count(link)} times"
        assert link in content
    for path in scripts:
        script = f'<script src="{STATIC}{path}" defer></script>'
        assert html.count(script) == 1, f"{path} included {html.count(script)} times"
        assert script in content
    if not scripts:
        assert "<script src=" not in html


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


# The game's blocks go in the host's own page templates, which extend its base template
# directly: here, one like bakerydemo's, rendering each block twice as a newsletter might.
HOST_STREAM_PAGE = Template(
    '{% extends "testapp/base_content_only.html" %}{% load wagtailcore_tags %}'
    "{% block content %}{% for block in body %}{% include_block block %}{% endfor %}"
    "{% endblock %}"
)


def test_the_games_blocks_link_their_stylesheet_once(rf, switch_on, make_ambassador):
    from wagtail_advocacy.game.blocks import DonationsBlock, LeaderboardBlock
    from wagtail_advocacy.game.models import Charity, PointsEntry, Redemption

    switch_on("points", "leaderboards", "rewards")
    ambassador = make_ambassador(recognition=Recognition.NAMED)
    PointsEntry.objects.create(
        ambassador=ambassador,
        reason="share",
        day=timezone.localdate(),
        quantity=1,
        rule_value=30,
        points=30,
        cause="test",
        idempotency_key="test",
    )
    charity = Charity.objects.create(name="Food bank", rate=Decimal("0.01"))
    Redemption.objects.create(
        ambassador=ambassador, charity=charity, points=500, value=Decimal("5.00")
    )
    leaderboard, donations = LeaderboardBlock(), DonationsBlock()
    board = leaderboard.to_python(
        {"kind": "ambassadors", "metric": "points", "period": "month", "top": 10}
    )
    given = donations.to_python({"title": "What our points gave", "period": "all_time"})
    body = [leaderboard.bind(board), donations.bind(given)] * 2

    html = HOST_STREAM_PAGE.render(RequestContext(rf.get("/newsletter/"), {"body": body}))

    link = f'<link rel="stylesheet" href="{GAME_STATIC}css/blocks.css">'
    content = re.search(r'<main id="main">(.*)</main>', html, re.DOTALL)[1]
    assert html.count(link) == 1
    assert content.lstrip().startswith(link)
    assert content.count('<table class="advocacy-leaderboard-block__table">') == 2
    assert content.count('<table class="advocacy-donations-block__table">') == 2


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


REWARDS_CSS = f'<link rel="stylesheet" href="{GAME_STATIC}css/rewards.css">'


@pytest.fixture
def with_points(ambassador, switch_on):
    """The ambassador's client, 500 points to spend, rewards on."""
    from wagtail_advocacy.game.models import PointsEntry

    switch_on("points", "rewards")
    PointsEntry.objects.create(
        ambassador=ambassador.ambassador,
        reason="share",
        day=timezone.localdate(),
        quantity=1,
        rule_value=500,
        points=500,
        cause="test",
        idempotency_key="test",
    )
    return ambassador


@pytest.fixture
def hoodie(db):
    from wagtail_advocacy.game.models import Reward

    return Reward.objects.create(title="Company hoodie", points_price=100)


@pytest.fixture
def food_bank(db):
    from wagtail_advocacy.game.models import Charity

    return Charity.objects.create(name="Food bank", rate=Decimal("0.01"))


def assert_game_page_styled(response, *stylesheets):
    """The core's stylesheet and the rewards pages' one, each once, inside the page."""
    assert_styled(response, stylesheets=("css/advocacy.css", *stylesheets))
    assert response.content.decode().count(REWARDS_CSS) == 1
    assert REWARDS_CSS in content_of(response)


def test_the_rewards_catalogue(with_points, hoodie, food_bank):
    response = with_points.get(reverse("wagtail_advocacy:game_rewards"))

    assert_game_page_styled(response)
    assert "Choose this reward" in content_of(response)
    assert "Give points" in content_of(response)


def test_redeeming_a_reward_and_my_requests(with_points, hoodie):
    url = reverse("wagtail_advocacy:game_redeem", args=[hoodie.pk])
    assert_game_page_styled(with_points.get(url))

    response = with_points.post(url, follow=True)

    assert_game_page_styled(response)
    content = content_of(response)
    assert '<table class="advocacy-table">' in content
    assert content.count("Your request is in: we will tell you here how it goes.") == 1


def test_giving_points_to_a_charity(with_points, food_bank):
    url = reverse("wagtail_advocacy:game_give", args=[food_bank.pk])
    assert_game_page_styled(with_points.get(url), "css/profile.css")

    response = with_points.post(url, {"points": "200", "confirmed": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("wagtail_advocacy:game_my_requests")
    assert_game_page_styled(response)
    assert content_of(response).count("Thank you: your donation is pledged.") == 1
