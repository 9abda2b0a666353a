"""The game's settings (Settings › Game), one set for the programme: every element off until
switched on, one value per rule, clear errors for impossible values."""

from html import unescape

import pytest
from django.urls import reverse

from tests.game_forms import form_data
from wagtail_advocacy.game.models import MAX_POINTS, GameSettings
from wagtail_advocacy.game.rules import (
    Feature,
    game_settings,
    is_switched_on,
    share_points,
    switched_on_features,
    takes_part,
)


@pytest.fixture
def settings_url(db):
    return reverse(
        "wagtailsettings:edit",
        args=["wagtail_advocacy_game", "gamesettings", game_settings().pk],
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_fresh_install_offers_no_element_of_the_game(db):
    settings = game_settings()

    assert switched_on_features(settings) == []
    assert not any(is_switched_on(settings, feature) for feature in Feature)
    assert settings.minimum_team_size == 5


def test_an_administrator_switches_elements_on_one_by_one(admin_client, settings_url):
    response = admin_client.post(
        settings_url,
        form_data(leaderboards_enabled=None, streaks_enabled=None, rewards_enabled=None),
    )

    assert response.status_code == 302
    assert switched_on_features(game_settings()) == [
        Feature.POINTS,
        Feature.BADGES,
        Feature.CHALLENGES,
    ]


def test_streaks_need_badges(db):
    settings = game_settings()
    settings.streaks_enabled = True

    assert not is_switched_on(settings, Feature.STREAKS)
    settings.badges_enabled = True
    assert is_switched_on(settings, Feature.STREAKS)


def test_a_share_is_worth_its_networks_points_else_the_default(admin_client, settings_url):
    response = admin_client.post(
        settings_url,
        form_data(points_per_share="8", share_points_linkedin="15", share_points_x=""),
    )

    assert response.status_code == 302
    settings = game_settings()
    assert settings.share_points_by_network == {"linkedin": 15}
    assert share_points(settings, "linkedin") == 15
    assert share_points(settings, "x") == 8


def test_the_form_shows_each_networks_points_with_the_saved_value(admin_client, settings_url):
    settings = game_settings()
    settings.share_points_by_network = {"mastodon": 4}
    settings.save()

    html = admin_client.get(settings_url).content.decode()

    assert 'name="share_points_linkedin"' in html
    assert 'name="share_points_mastodon"' in html
    assert 'name="share_points_mastodon" value="4"' in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"points_per_share": "-1"}, "Ensure this value is greater than or equal to 0."),
        (
            {"points_per_conversion": str(MAX_POINTS + 1)},
            f"Ensure this value is less than or equal to {MAX_POINTS}.",
        ),
        ({"minimum_team_size": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"convincing_clicks_per_share": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"points_per_unique_click": "many"}, "Enter a whole number."),
        ({"share_points_linkedin": "-3"}, "Ensure this value is greater than or equal to 0."),
        (
            {"share_points_cap_per_kit": "200", "share_points_cap_per_day": "100"},
            "A kit's daily cap cannot be higher than the cap for the whole day (100).",
        ),
    ],
)
def test_impossible_values_are_refused_with_a_clear_error_and_nothing_saved(
    admin_client, settings_url, overrides, message
):
    response = admin_client.post(settings_url, form_data(**overrides))

    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert not GameSettings.objects.filter(points_enabled=True).exists()


def test_members_of_an_excluded_team_are_left_out_of_the_game(make_team, make_ambassador):
    works_council, sales = make_team("Works council"), make_team("Sales")
    settings = game_settings()
    settings.excluded_teams.add(works_council)

    assert not takes_part(settings, make_ambassador(team=works_council))
    assert takes_part(settings, make_ambassador(team=sales))
    assert takes_part(settings, make_ambassador(team=None))


def test_the_admin_lists_the_game_under_settings(admin_client):
    assert (
        "settings/wagtail_advocacy_game/gamesettings/"
        in admin_client.get("/admin/").content.decode()
    )


def test_the_currency_is_a_three_letter_code_in_any_case(admin_client, settings_url):
    assert game_settings().currency == "EUR"

    response = admin_client.post(settings_url, form_data(currency=" gbp "))

    assert response.status_code == 302
    assert game_settings().currency == "GBP"


@pytest.mark.parametrize("typed", ["€", "EURO", "E1R", ""])
def test_a_currency_that_is_not_a_code_is_refused_and_nothing_is_saved(
    admin_client, settings_url, typed
):
    response = admin_client.post(settings_url, form_data(currency=typed, points_per_share="7"))

    assert response.status_code == 200
    html = unescape(response.content.decode())
    expected = {
        "": "This field is required.",
        "EURO": "Ensure this value has at most 3 characters (it has 4).",
    }.get(typed, "Give the currency's three-letter code (ISO 4217), such as EUR, GBP or USD.")
    assert expected in html
    assert game_settings().points_per_share == 10
    assert game_settings().currency == "EUR"


@pytest.mark.parametrize(
    ("url_name", "element"),
    [
        ("wagtail_advocacy_game_badge_modeladmin_index", "Badges"),
        ("wagtail_advocacy_game_challenge_modeladmin_index", "Challenges"),
        ("wagtail_advocacy_game_reward_modeladmin_index", "Rewards"),
        ("wagtail_advocacy_game_charity_modeladmin_index", "Rewards"),
    ],
)
def test_an_elements_list_reached_while_it_is_off_says_so(admin_client, url_name, element):
    url = reverse(url_name)

    html = unescape(admin_client.get(url).content.decode())

    assert f"“{element}” is switched off in Settings › Game" in html
    switch_on_everything = game_settings()
    for feature in ("points", "badges", "challenges", "rewards"):
        setattr(switch_on_everything, f"{feature}_enabled", True)
    switch_on_everything.save()
    assert "is switched off in Settings › Game" not in unescape(
        admin_client.get(url).content.decode()
    )
