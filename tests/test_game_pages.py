"""The game on the core's pages: "My impact" shows an ambassador's points, rank and the rules;
"What we track about you" the rules; nothing of the game while it is switched off."""

from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail_advocacy.game.badges import award_badges
from wagtail_advocacy.game.models import PointsEntry
from wagtail_advocacy.models import Share, TrackedLink
from wagtail_advocacy.models.people import Recognition

pytestmark = pytest.mark.django_db


def add_points(ambassador, points, key):
    PointsEntry.objects.create(
        ambassador=ambassador,
        reason="share",
        day=timezone.localdate(),
        quantity=1,
        rule_value=points,
        points=points,
        cause=key,
        idempotency_key=key,
    )


def page(client, ambassador, name):
    client.force_login(ambassador.user)
    return " ".join(unescape(client.get(reverse(name)).content.decode()).split())


@pytest.fixture
def game_on(switch_on):
    return switch_on("points", "leaderboards", share_points_by_network={"linkedin": 15})


def test_my_impact_shows_my_points_rank_and_the_live_rules(client, game_on, make_ambassador):
    me = make_ambassador(recognition=Recognition.NAMED)
    add_points(me, 40, "a")
    add_points(make_ambassador(recognition=Recognition.NAMED), 90, "b")

    text = page(client, me, "wagtail_advocacy:impact")

    assert "You have 40 points to spend; you have earned 40 points in all." in text
    assert "This month you are number 2 of 2 on the leaderboard (Points)." in text
    assert "A share: 10 points. On some networks: LinkedIn 15." in text
    assert "Shares earn at most 30 points per article and day, and 100 points per day" in text
    assert "Accepting the charter earns no points" in text
    assert "only teams with at least 5 active ambassadors appear" in text


def test_nothing_of_the_game_shows_while_it_is_off(client, make_ambassador):
    me = make_ambassador()

    for name in ("wagtail_advocacy:impact", "wagtail_advocacy:what_we_track"):
        text = page(client, me, name)
        assert "points" not in text.lower()
        assert "leaderboard" not in text.lower()


def test_a_member_of_a_team_left_out_sees_no_points_on_my_impact(
    client, game_on, make_ambassador, make_team
):
    council = make_team("Works council")
    game_on.excluded_teams.add(council)

    text = page(client, make_ambassador(team=council), "wagtail_advocacy:impact")

    assert "Your points and rank" not in text


def test_what_we_track_lists_the_games_records_and_rules(client, game_on, make_ambassador):
    text = page(client, make_ambassador(), "wagtail_advocacy:what_we_track")

    assert "For each award of points: how many, why" in text
    assert "Each conversion your links bring: 20 points." in text


@pytest.mark.parametrize(
    "elements",
    [
        ("points", "leaderboards"),
        ("points", "leaderboards", "badges", "streaks", "challenges", "rewards"),
    ],
)
def test_my_impact_takes_a_constant_number_of_queries(
    client, switch_on, make_ambassador, django_assert_max_num_queries, elements
):
    switch_on(*elements, share_points_by_network={"linkedin": 15})
    me = make_ambassador()
    client.force_login(me.user)
    add_points(me, 5, "first")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("wagtail_advocacy:impact"))
    for n in range(30):
        add_points(make_ambassador(), n, f"other-{n}")
        add_points(me, 1, f"mine-{n}")
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("wagtail_advocacy:impact"))


def test_my_impact_shows_my_badges_and_the_badge_rules(
    client, switch_on, make_ambassador, make_share_kit
):
    switch_on("badges")
    me = make_ambassador()
    kit = make_share_kit()
    link = TrackedLink.objects.create(kit=kit, ambassador=me, network="linkedin")
    Share.objects.create(kit=kit, ambassador=me, link=link, network="linkedin")
    award_badges()

    text = page(client, me, "wagtail_advocacy:impact")

    assert "Your badges" in text
    assert "<strong>First share</strong>: Shared for the first time." in text
    assert "Badge “10 shares”: earned for 10 shares." in text
    assert "4-week streak" not in text  # streaks are off


def test_a_rule_worth_one_point_says_one_point(switch_on):
    from wagtail_advocacy.game.rules import published_rules

    rules = [str(rule) for rule in published_rules(switch_on("points", points_per_unique_click=1))]

    assert any(rule.startswith("Each unique visitor your links bring: 1 point,") for rule in rules)
    assert any(rule.startswith("A share: 10 points.") for rule in rules)


def test_the_badge_rules_are_built_from_each_badges_threshold(switch_on):
    from wagtail_advocacy.game.models import Badge, BadgeKind
    from wagtail_advocacy.game.rules import published_rules

    Badge.objects.filter(slug="10-shares").update(threshold=20)
    Badge.objects.create(name="Ace", slug="ace", kind=BadgeKind.CONVERSIONS, threshold=3)

    rules = [str(rule) for rule in published_rules(switch_on("badges"))]

    assert "Badge “10 shares”: earned for 20 shares." in rules
    assert "Badge “Ace”: earned for 3 conversions brought by your links." in rules
    assert "Badge “First share”: earned for 1 share." in rules


@pytest.mark.parametrize(
    ("elements", "bonus", "badge"),
    [
        (("challenges",), False, False),
        (("challenges", "points"), True, False),
        (("challenges", "badges"), False, True),
        (("challenges", "points", "badges"), True, True),
    ],
)
def test_the_challenge_rules_promise_only_what_the_switches_give(
    switch_on, elements, bonus, badge
):
    from wagtail_advocacy.game.rules import published_rules

    text = " ".join(str(rule) for rule in published_rules(switch_on(*elements)))

    assert "Challenges count" in text
    assert ("bonus points" in text) is bonus
    assert ("“Challenge winner” badge" in text) is badge


def test_my_impact_in_french_puts_a_space_before_each_colon(client, switch_on, make_ambassador):
    switch_on("badges")
    me = make_ambassador()
    from wagtail_advocacy.game.models import Badge, BadgeAward

    BadgeAward.objects.create(badge=Badge.objects.get(slug="first-share"), ambassador=me)
    client.force_login(me.user)

    html = client.get(reverse("wagtail_advocacy:impact"), HTTP_ACCEPT_LANGUAGE="fr")

    text = " ".join(unescape(html.content.decode()).split())
    assert "<strong>Premier partage</strong> : A partagé pour la première fois." in text
    assert "<strong>Présence en ligne</strong> : pas encore." in text
