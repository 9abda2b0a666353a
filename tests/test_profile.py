"""An ambassador's own profile page: editing it, the team, the avatar, and the "what we
track about you" page."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Site

from wagtail_advocacy.models.people import Ambassador, Recognition
from wagtail_advocacy.models.settings import SharingSettings
from wagtail_advocacy.people.profile import (
    AVATAR_COLOURS,
    avatar_svg,
    initials,
    save_profile,
    set_team,
)

PROFILE = reverse("wagtail_advocacy:profile")
WHAT_WE_TRACK = reverse("wagtail_advocacy:what_we_track")


@pytest.fixture
def sharing_settings(db):
    return SharingSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def camille(make_ambassador, make_user):
    user = make_user("camille", first_name="Camille", last_name="Martin")
    return make_ambassador(user)


@pytest.fixture
def signed_in(client, camille):
    client.force_login(camille.user)
    return client


def valid_post(**overrides):
    data = {
        "profile_name": "Camille M.",
        "job_title": "Data engineer",
        "bio": "I build pipelines.\n\nAsk me about <em>cloud</em>.",
        "linkedin_profile": "https://www.linkedin.com/in/camille-martin/",
        "x_profile": "",
        "xing_profile": "",
        "facebook_profile": "",
        "mastodon_account": "@camille@piaille.fr",
        "bluesky_handle": "@Camille.bsky.social",
        "expertise": "cloud, data , , hiring",
        "languages": ["fr", "en"],
        "networks_used": ["linkedin", "mastodon"],
        "audience_linkedin": "850",
        "audience_mastodon": "",
        "digest_frequency": "weekly",
        "directory": "listed",
        "recognition": "named",
        "credit": "no",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def error_next_to(html: str, field: str) -> str:
    """The error paragraph of ``field``, rendered just before its input."""
    match = re.search(rf'<p class="advocacy-error" id="id_{field}_error">(.*?)</p>', html, re.S)
    assert match, f"no error shown next to {field}"
    return match.group(1)


def test_the_profile_needs_a_login(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert "login" in response.url


def test_an_employee_who_is_not_an_ambassador_is_invited_to_join(client, make_user):
    client.force_login(make_user())
    html = client.get(PROFILE).content.decode()
    assert "Profiles are for ambassadors" in html
    assert reverse("wagtail_advocacy:programme") in html
    assert 'name="profile_name"' not in html


def test_the_profile_starts_from_the_user_account_and_names_nobody(signed_in):
    html = signed_in.get(PROFILE).content.decode()
    assert 'value="Camille Martin"' in html
    # Directory not listed, recognition anonymous and clicks credited, each explained.
    assert re.search(r'value="unlisted"[^>]*checked', html)
    assert re.search(r'value="anonymous"[^>]*checked', html)
    assert re.search(r'value="yes"[^>]*checked', html)
    assert "administrators&#x27; reports included" in html or "reports included" in html
    assert "still count in your team" in html
    assert WHAT_WE_TRACK in html


def test_saving_the_profile_stores_what_the_ambassador_chose(signed_in, camille):
    response = signed_in.post(PROFILE, valid_post())
    assert response.status_code == 302
    assert response.url == PROFILE
    camille.refresh_from_db()
    assert camille.display_name == "Camille M."
    assert camille.job_title == "Data engineer"
    assert camille.bio == "<p>I build pipelines.</p><p>Ask me about <em>cloud</em>.</p>"
    assert camille.bluesky_handle == "camille.bsky.social"
    assert camille.expertise_topics == ["cloud", "data", "hiring"]
    assert camille.languages == ["fr", "en"]
    assert camille.networks_used == ["linkedin", "mastodon"]
    assert camille.declared_audience == {"linkedin": 850}
    # The Mastodon account gives the instance the share dialog needs, asked once.
    assert camille.mastodon_instance == "piaille.fr"
    assert camille.directory_listed is True
    assert camille.recognition == Recognition.NAMED
    assert camille.credit_clicks is False
    # Once: the example intranet's base template shows it, the page leaves it to that.
    assert signed_in.get(PROFILE).content.decode().count("Your profile is saved.") == 1


def test_unsafe_bio_html_is_stripped_on_save(signed_in, camille):
    bio = (
        '<p onclick="steal()">Hi <script>alert(1)</script>'
        '<a href="javascript:alert(2)">me</a> <a href="https://northwind.example">site</a></p>'
    )
    signed_in.post(PROFILE, valid_post(bio=bio))
    camille.refresh_from_db()
    assert camille.bio == (
        '<p>Hi alert(1)me <a href="https://northwind.example" rel="nofollow noopener">site</a></p>'
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("linkedin_profile", "https://www.linkedin.com/company/northwind", "linkedin.com/in/"),
        ("x_profile", "https://x.com/intent/tweet", "https://x.com/camille"),
        ("xing_profile", "https://xing.example/profile/x", "xing.com/profile/"),
        ("facebook_profile", "javascript:alert(1)", "facebook.com/"),
        ("mastodon_account", "camille", "@name@instance"),
        ("bluesky_handle", "not a handle", "camille.bsky.social"),
        ("audience_linkedin", "-5", "from 0"),
        ("audience_linkedin", "20000000", "up to"),
        ("audience_linkedin", "lots", "whole number"),
        ("audience_linkedin", "12.5", "whole number"),
        ("profile_name", "   ", "Write the name colleagues see you by."),
    ],
)
def test_every_error_is_clear_next_to_its_field_and_nothing_typed_is_lost(
    signed_in, camille, field, value, message
):
    response = signed_in.post(PROFILE, valid_post(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in error_next_to(html, field)
    assert "Your profile was not saved" in html
    # What was typed elsewhere is still there.
    assert "Data engineer" in html
    assert "I build pipelines." in html
    camille.refresh_from_db()
    assert camille.job_title == ""


def test_the_profile_form_needs_the_csrf_token(camille):
    client = Client(enforce_csrf_checks=True)
    client.force_login(camille.user)
    assert client.post(PROFILE, valid_post()).status_code == 403


def test_the_profile_page_costs_the_same_queries_whatever_the_teams(
    signed_in, sharing_settings, make_team, django_assert_max_num_queries
):
    sharing_settings.ambassadors_choose_team = True
    sharing_settings.save()
    sharing_settings.teams.add(make_team("Data"))
    signed_in.get(PROFILE)
    with django_assert_max_num_queries(8) as few:
        signed_in.get(PROFILE)
    sharing_settings.teams.add(*(make_team(f"Team {n}") for n in range(20)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get(PROFILE)


def test_the_programme_page_links_to_the_profile(signed_in):
    assert PROFILE in signed_in.get(reverse("wagtail_advocacy:programme")).content.decode()


# Teams -------------------------------------------------------------------------------------


def test_without_self_choice_the_team_is_shown_and_cannot_be_changed(
    signed_in, camille, make_team
):
    camille.team = make_team("Sales")
    camille.save()
    other = make_team("Data")
    html = signed_in.get(PROFILE).content.decode()
    assert 'name="team"' not in html
    assert "Your team: Sales. An administrator sets the teams." in html
    signed_in.post(PROFILE, valid_post(team=str(other.pk)))
    camille.refresh_from_db()
    assert camille.team.name == "Sales"


def test_with_self_choice_the_ambassador_picks_from_the_teams_listed(
    signed_in, camille, make_team, sharing_settings
):
    data, editors = make_team("Data"), make_team("Editors")
    sharing_settings.ambassadors_choose_team = True
    sharing_settings.save()
    sharing_settings.teams.add(data)
    html = signed_in.get(PROFILE).content.decode()
    assert ">Data</option>" in html
    assert "Editors" not in html

    response = signed_in.post(PROFILE, valid_post(team=str(editors.pk)))
    assert "Select a valid choice" in error_next_to(response.content.decode(), "team")
    signed_in.post(PROFILE, valid_post(team=str(data.pk)))
    camille.refresh_from_db()
    assert camille.team == data


def test_the_domain_refuses_a_team_off_the_list_whoever_calls(
    camille, make_team, sharing_settings
):
    sharing_settings.ambassadors_choose_team = True
    sharing_settings.save()
    with pytest.raises(ValidationError):
        save_profile(camille, {}, sharing_settings=sharing_settings, team=make_team("Editors"))
    sharing_settings.ambassadors_choose_team = False
    with pytest.raises(ValidationError):
        save_profile(camille, {}, sharing_settings=sharing_settings, team=None)


def test_an_administrator_sets_the_team_and_nothing_else(camille, make_team, sharing_settings):
    camille.profile_name = "Typed by someone else"  # never saved by set_team
    set_team(camille, make_team("Sales"), sharing_settings=sharing_settings)
    stored = Ambassador.objects.get(pk=camille.pk)
    assert stored.team.name == "Sales"
    assert stored.profile_name == ""
    with pytest.raises(ValueError, match="Not profile fields"):
        save_profile(camille, {"joined_at": None})


def test_an_administrator_cannot_set_the_team_when_ambassadors_choose_it(
    camille, make_team, sharing_settings
):
    sharing_settings.ambassadors_choose_team = True
    with pytest.raises(PermissionDenied):
        set_team(camille, make_team("Sales"), sharing_settings=sharing_settings)


# The avatar --------------------------------------------------------------------------------


def test_the_initials_avatar_escapes_the_name(make_user):
    ambassador = Ambassador.objects.create(
        user=make_user(), profile_name='<script>alert("x")</script> & Co'
    )
    svg = str(avatar_svg(ambassador))
    assert "<script" not in svg
    assert "&lt;C</text>" in svg
    assert svg.startswith("<svg") and 'aria-hidden="true"' in svg


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Camille Martin", "CM"), ("Zoé", "Z"), ("jean-luc picard", "JP"), ("", "?")],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_the_avatar_colour_is_stable(camille):
    assert avatar_svg(camille) == avatar_svg(Ambassador.objects.get(pk=camille.pk))


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", AVATAR_COLOURS)
def test_white_initials_have_enough_contrast_on_every_colour(colour):
    assert (1.05) / (_luminance(colour) + 0.05) >= 4.5


# What we track about you ---------------------------------------------------------------------


def test_what_we_track_follows_the_settings(signed_in):
    html = signed_in.get(WHAT_WE_TRACK).content.decode()
    assert "deleted 90 days after" in html
    assert "within 30 minutes count once" in html
    assert "No tracking pixel" in html
    assert "The IP address itself is never stored." in html
    assert "Advocacy: ambassadors" in html
    assert "open to administrators only" in html
    with override_settings(
        WAGTAIL_ADVOCACY_RAW_EVENT_RETENTION_DAYS=7,
        WAGTAIL_ADVOCACY_REPEAT_CLICK_WINDOW=60,
        WAGTAIL_ADVOCACY_ATTRIBUTION_DAYS=1,
        WAGTAIL_ADVOCACY_PIXEL_CONVERSIONS=True,
    ):
        html = signed_in.get(WHAT_WE_TRACK).content.decode()
    assert "deleted 7 days after" in html
    assert "within 1 minute count once" in html
    assert "within 1 day of their click" in html
    assert "tracking pixel on partner pages are counted" in html


def test_what_we_track_names_the_groups_that_read_the_reports(signed_in):
    leaders = Group.objects.create(name="Leaders")
    leaders.permissions.add(Permission.objects.get(codename="view_advocacy_reports"))
    html = signed_in.get(WHAT_WE_TRACK).content.decode()
    assert "open to administrators and to the members of: Leaders." in html


def test_what_we_track_shows_the_editors_introduction(signed_in, sharing_settings):
    sharing_settings.tracking_page_intro = "<p>Our works council agreed on this.</p>"
    sharing_settings.save()
    assert "Our works council agreed on this." in signed_in.get(WHAT_WE_TRACK).content.decode()


def test_a_photo_uploaded_becomes_a_wagtail_image_shown_instead_of_initials(signed_in, camille):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (120, 120), "#1f5f8b").save(buffer, "PNG")
    upload = SimpleUploadedFile("camille.png", buffer.getvalue(), content_type="image/png")
    signed_in.post(PROFILE, {**valid_post(), "photo_upload": upload})
    camille.refresh_from_db()
    assert camille.photo.uploaded_by_user == camille.user
    html = signed_in.get(PROFILE).content.decode()
    assert "<svg" not in html.split('class="advocacy-profile__identity"')[1][:300]
    signed_in.post(PROFILE, {**valid_post(), "remove_photo": "on"})
    camille.refresh_from_db()
    assert camille.photo is None


def test_the_profile_in_french_names_languages_in_french_and_capitalises_labels(
    client, make_ambassador
):
    camille = make_ambassador()
    client.force_login(camille.user)

    html = unescape(client.get(PROFILE, HTTP_ACCEPT_LANGUAGE="fr").content.decode())

    assert '<option value="fr">Français</option>' in html
    assert '<option value="de">Allemand</option>' in html
    # In the alphabetical order of French names: Allemand before Anglais.
    assert html.index('value="de"') < html.index('value="en"')
    assert "Compte Mastodon" in html and "Identifiant Bluesky" in html
    assert "Obligatoire." not in html
