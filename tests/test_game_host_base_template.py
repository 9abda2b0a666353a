"""The game's pages and blocks look right in a host base template that has only a content
block (like bakerydemo's): each links its stylesheet once, inside the content, and shows a
confirmation once."""

import re
from decimal import Decimal

import pytest
from django.template import Template
from django.template.context import RequestContext
from django.urls import reverse

from tests.game_forms import request_key_in
from tests.host_template import (
    ambassador,
    assert_styled,
    content_of,
    content_only_base_template,
)
from wagtail_advocacy.game.blocks import DonationsBlock, LeaderboardBlock
from wagtail_advocacy.game.models import Charity, Redemption, Reward
from wagtail_advocacy.models.people import Recognition

__all__ = ["ambassador", "content_only_base_template"]  # fixtures, imported to be found

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("content_only_base_template"),
]

GAME_STATIC = "/static/wagtail_advocacy_game/"


# The game's blocks go in the host's own page templates, which extend its base template
# directly: here, one like bakerydemo's, rendering each block twice as a newsletter might.
HOST_STREAM_PAGE = Template(
    '{% extends "testapp/base_content_only.html" %}{% load wagtailcore_tags %}'
    "{% block content %}{% for block in body %}{% include_block block %}{% endfor %}"
    "{% endblock %}"
)


def test_the_games_blocks_link_their_stylesheet_once(rf, switch_on, make_ambassador, give_points):
    switch_on("points", "leaderboards", "rewards")
    ambassador = make_ambassador(recognition=Recognition.NAMED)
    give_points(ambassador, 30)
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


REWARDS_CSS = f'<link rel="stylesheet" href="{GAME_STATIC}css/rewards.css">'


@pytest.fixture
def with_points(ambassador, switch_on, give_points):
    """The ambassador's client, 500 points to spend, rewards on."""
    switch_on("points", "rewards")
    give_points(ambassador.ambassador, 500)
    return ambassador


@pytest.fixture
def hoodie(db):
    return Reward.objects.create(title="Company hoodie", points_price=100)


@pytest.fixture
def food_bank(db):
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

    key = request_key_in(with_points.get(url).content.decode())
    response = with_points.post(url, {"request_key": key}, follow=True)

    assert_game_page_styled(response)
    content = content_of(response)
    assert '<table class="advocacy-table">' in content
    assert content.count("Your request is in: we will tell you here how it goes.") == 1


def test_giving_points_to_a_charity(with_points, food_bank):
    url = reverse("wagtail_advocacy:game_give", args=[food_bank.pk])
    assert_game_page_styled(with_points.get(url), "css/profile.css")

    confirmation = with_points.post(url, {"points": "200"}).content.decode()
    key = request_key_in(confirmation)
    response = with_points.post(
        url, {"points": "200", "confirmed": "1", "request_key": key}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("wagtail_advocacy:game_my_requests")
    assert_game_page_styled(response)
    assert content_of(response).count("Thank you: your donation is pledged.") == 1
