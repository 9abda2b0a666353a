"""The three levels: online presence, ability to convince, power of prescription, each
after the one before, with the criteria and where the ambassador stands."""

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_advocacy.game.levels import levels_of
from wagtail_advocacy.game.rules import game_settings

pytestmark = pytest.mark.django_db


def reached(ambassador):
    return [level.met for level in levels_of(ambassador, game_settings())]


@pytest.fixture
def present(make_ambassador):
    """An ambassador with a saved profile and a public LinkedIn address."""
    return make_ambassador(
        profile_completed_at=timezone.now(),
        linkedin_profile="https://www.linkedin.com/in/camille-martin",
    )


def test_a_new_ambassador_has_reached_no_level(make_ambassador):
    assert reached(make_ambassador()) == [False, False, False]


def test_online_presence_needs_a_saved_profile_and_a_public_address(make_ambassador, present):
    assert reached(make_ambassador(profile_completed_at=timezone.now()))[0] is False
    assert reached(present)[0] is True


def test_convincing_needs_enough_shares_at_enough_clicks_each(
    present, make_share_kit, make_daily_stat
):
    kit = make_share_kit()
    today = timezone.localdate()
    make_daily_stat(kit, present, today, shares=4, unique_visitors=40)
    assert reached(present)[1] is False  # 4 shares: too few to judge (5)

    make_daily_stat(kit, present, today, network="x", shares=1, unique_visitors=0)
    assert reached(present) == [True, True, False]  # 40 clicks over 5 shares: 8 per share


def test_prescription_counts_conversions_and_needs_the_levels_before(
    make_ambassador, present, make_share_kit, make_daily_stat
):
    kit = make_share_kit()
    today = timezone.localdate()
    make_daily_stat(kit, present, today, shares=5, unique_visitors=20, conversions=5)
    absent = make_ambassador()
    make_daily_stat(kit, absent, today, shares=5, unique_visitors=20, conversions=9)

    assert reached(present) == [True, True, True]
    assert reached(absent) == [False, False, False]


def test_clicks_judge_nothing_of_an_ambassador_who_is_not_credited(
    make_ambassador, make_share_kit, make_daily_stat
):
    uncredited = make_ambassador(
        credit_clicks=False,
        profile_completed_at=timezone.now(),
        linkedin_profile="https://www.linkedin.com/in/noone",
    )
    make_daily_stat(
        make_share_kit(), uncredited, timezone.localdate(), shares=9, unique_visitors=90
    )

    assert reached(uncredited) == [True, False, False]


def test_my_impact_shows_the_levels_criteria_from_the_settings(client, switch_on, present):
    switch_on("badges", convincing_clicks_per_share=7)
    client.force_login(present.user)

    html = client.get(reverse("wagtail_advocacy:impact")).content.decode()

    assert "<strong>Online presence</strong>: reached." in html
    assert "At least 7 unique clicks per share, over at least 5 shares." in html
    assert "<strong>Power of prescription</strong>: not yet." in html
