"""An ambassador shares a kit: the dialog, the share POST, the rules, copy link and QR."""

import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode

from tests.sharing_factories import configure_sharing, create_kit, host_base_template
from wagtail_advocacy.models import Ambassador, Share, SuggestedPostingTime, TrackedLink
from wagtail_advocacy.sharing.messages import message_variant_for

pytestmark = pytest.mark.usefixtures("host_base_template")
__all__ = ["host_base_template"]  # a fixture, imported to be found

BASE = "https://go.northwind.example/advocacy/l/"


def query(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def kit(make_event_page):
    configure_sharing(disclosure_hashtag="#iworkforNorthwind", blocked_words="confidential\nscoop")
    page = make_event_page(title="Wind farm opening")
    return create_kit(page, hashtags="#energy", messages=["Our new wind farm is open! {link}"])


@pytest.fixture
def camille(make_ambassador, make_user):
    user = make_user("camille", first_name="Camille", last_name="Martin")
    return make_ambassador(user)


@pytest.fixture
def camille_client(client, camille):
    client.force_login(camille.user)
    return client


def share_url(kit, **params):
    url = reverse("wagtail_advocacy:share", args=[kit.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_dialog_offers_the_variant_with_hashtags_and_every_network(camille_client, kit):
    response = camille_client.get(share_url(kit, network="linkedin"))
    html = response.content.decode()
    assert "Our new wind farm is open! {link} #energy</textarea>" in html
    assert 'value="linkedin" checked' in html
    for label in ("LinkedIn", "Bluesky", "Mastodon", "WhatsApp", "Email"):
        assert label in html
    assert "LinkedIn allows 3000 characters." in html
    assert "#iworkforNorthwind is added when missing" in html


def test_share_to_linkedin_redirects_to_the_intent_with_the_tracked_link(
    camille_client, camille, kit
):
    response = camille_client.post(
        share_url(kit), {"network": "linkedin", "text": "Proud of this! {link} #energy"}
    )
    share = Share.objects.get()
    link = TrackedLink.objects.get()
    tracked = f"{BASE}{link.token}/"
    assert response.status_code == 302
    assert response["Location"].startswith("https://www.linkedin.com/feed/?shareActive=true&")
    assert query(response["Location"])["text"] == (
        f"Proud of this! {tracked} #energy #iworkforNorthwind"
    )
    assert (share.ambassador, share.kit, share.network, share.link) == (
        camille,
        kit,
        "linkedin",
        link,
    )
    assert share.message == f"Proud of this! {tracked} #energy #iworkforNorthwind"


def test_sharing_twice_records_two_shares_with_one_link(camille_client, kit):
    for _round in range(2):
        camille_client.post(share_url(kit), {"network": "linkedin", "text": "Again {link}"})
    camille_client.post(share_url(kit), {"network": "x", "text": "On X"})
    assert Share.objects.count() == 3
    assert sorted(TrackedLink.objects.values_list("network", flat=True)) == ["linkedin", "x"]


def test_x_gets_text_and_url_apart(camille_client, kit):
    response = camille_client.post(share_url(kit), {"network": "x", "text": "Look at this"})
    link = TrackedLink.objects.get()
    assert response["Location"].startswith("https://x.com/intent/tweet?")
    assert query(response["Location"]) == {
        "text": "Look at this #iworkforNorthwind",
        "url": f"{BASE}{link.token}/",
    }


def test_blocked_word_is_refused_by_name_and_nothing_is_stored(camille_client, kit):
    response = camille_client.post(
        share_url(kit), {"network": "linkedin", "text": "A CONFIDENTIAL preview"}
    )
    html = response.content.decode()
    assert "“confidential” is on the list of blocked words" in html
    assert "A CONFIDENTIAL preview</textarea>" in html
    assert not Share.objects.exists() and not TrackedLink.objects.exists()


def test_blocked_words_match_whole_words_only(camille_client, kit):
    camille_client.post(share_url(kit), {"network": "linkedin", "text": "Scoops of news"})
    assert Share.objects.count() == 1


def test_html_is_stripped_before_storage_and_sharing(camille_client, kit):
    response = camille_client.post(
        share_url(kit),
        {"network": "bluesky", "text": "<b>Big</b> news<script>alert(1)</script> {link}"},
    )
    share = Share.objects.get()
    assert "<" not in share.message and "Big news" in share.message
    assert "<" not in query(response["Location"])["text"]


@pytest.mark.parametrize(
    ("network", "intent", "param"),
    [
        ("facebook", "https://www.facebook.com/sharer/sharer.php?", "u"),
        ("xing", "https://www.xing.com/spi/shares/new?", "url"),
    ],
)
def test_link_only_networks_hand_over_the_final_message_to_paste(
    camille_client, kit, network, intent, param
):
    response = camille_client.post(
        share_url(kit),
        {"network": network, "text": "<b>Proud</b> of this! {link} #energy"},
        follow=True,
    )

    assert [status for _url, status in response.redirect_chain] == [302]  # then a GET
    link = TrackedLink.objects.get()
    tracked = f"{BASE}{link.token}/"
    final = f"Proud of this! {tracked} #energy #iworkforNorthwind"
    html = response.content.decode()
    assert response.status_code == 200
    assert f"readonly data-advocacy-paste-text>{final}</textarea>" in html
    assert "{link}" not in html and "&lt;b&gt;" not in html
    continue_url = unescape(re.search(r'href="([^"]+)" data-advocacy-paste-continue', html)[1])
    assert continue_url.startswith(intent)
    assert query(continue_url) == {param: tracked}
    share = Share.objects.get()
    assert (share.network, share.message) == (network, final)


def test_a_message_to_paste_gets_the_link_even_without_its_placeholder(camille_client, kit):
    response = camille_client.post(
        share_url(kit), {"network": "facebook", "text": "Proud"}, follow=True
    )

    link = TrackedLink.objects.get()
    final = f"Proud #iworkforNorthwind {BASE}{link.token}/"
    assert f">{final}</textarea>" in response.content.decode()


def test_reloading_the_paste_step_records_no_second_share(camille_client, kit):
    response = camille_client.post(share_url(kit), {"network": "facebook", "text": "Proud"})
    paste_url = response["Location"]

    first = camille_client.get(paste_url)
    again = camille_client.get(paste_url)

    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert Share.objects.count() == 1


def test_only_the_sharer_sees_the_paste_step(camille_client, client, make_ambassador, kit):
    paste_url = camille_client.post(share_url(kit), {"network": "xing", "text": "Proud"})[
        "Location"
    ]
    client.force_login(make_ambassador().user)

    assert client.get(paste_url).status_code == 404


def test_a_network_that_takes_the_words_has_no_paste_step(camille_client, kit):
    camille_client.post(share_url(kit), {"network": "linkedin", "text": "Proud {link}"})
    share = Share.objects.get()

    url = reverse("wagtail_advocacy:share_paste", args=[kit.pk, share.pk])
    assert camille_client.get(url).status_code == 404


def test_a_message_to_paste_is_held_to_the_same_rules(camille_client, kit):
    response = camille_client.post(share_url(kit), {"network": "xing", "text": "Our scoop"})

    assert "“scoop” is on the list of blocked words" in response.content.decode()
    assert not Share.objects.exists()


def test_disclosure_is_appended_once(camille_client, kit):
    camille_client.post(
        share_url(kit), {"network": "linkedin", "text": "#IWorkForNorthwind and proud {link}"}
    )
    assert Share.objects.get().message.lower().count("#iworkfornorthwind") == 1


def test_too_long_for_x_is_refused_with_the_count(camille_client, kit):
    response = camille_client.post(share_url(kit), {"network": "x", "text": "a" * 260})
    assert "the limit is 280" in response.content.decode()
    assert not Share.objects.exists()


def test_email_redirects_to_a_mailto_with_subject_and_link(camille_client, kit):
    response = camille_client.post(share_url(kit), {"network": "email", "text": "Hi,\nlook"})
    link = TrackedLink.objects.get()
    assert response["Location"].startswith("mailto:?subject=Wind%20farm%20opening&body=")
    assert query(response["Location"])["body"] == (
        f"Hi,\r\nlook #iworkforNorthwind\r\n\r\n{BASE}{link.token}/"
    )


def test_mastodon_instance_is_asked_once_and_remembered(camille_client, camille, kit):
    refused = camille_client.post(share_url(kit), {"network": "mastodon", "text": "Hi"})
    assert "host name of your Mastodon instance" in refused.content.decode()
    assert not Share.objects.exists()
    response = camille_client.post(
        share_url(kit),
        {"network": "mastodon", "text": "Hi", "mastodon_instance": "@camille@piaille.fr"},
    )
    assert response["Location"].startswith("https://piaille.fr/share?text=")
    assert Ambassador.objects.get(pk=camille.pk).mastodon_instance == "piaille.fr"
    again = camille_client.post(share_url(kit), {"network": "mastodon", "text": "Again"})
    assert again["Location"].startswith("https://piaille.fr/share?text=")


def test_a_network_not_offered_is_refused_and_nothing_is_shared(camille_client, kit):
    configure_sharing(networks=["linkedin"])
    # "link" and "qr" are the copy-link and QR code buttons, not networks of the dialog.
    for network in ("x", "nope", "", "link", "qr"):
        response = camille_client.post(share_url(kit), {"network": network, "text": "Hi {link}"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Choose one of the networks offered." in page
        assert "Hi {link}" in page  # the text typed is kept
    assert not Share.objects.exists()
    assert not TrackedLink.objects.exists()


def test_a_dialog_link_naming_no_network_offers_the_first(camille_client, kit):
    configure_sharing(networks=["linkedin"])
    response = camille_client.get(share_url(kit, network="x"))
    assert 'value="linkedin" checked' in response.content.decode()
    assert response["Vary"].count("X-Requested-With") == 1


@pytest.mark.parametrize("endpoint", ["share_copy_link", "share_qr"])
def test_copy_and_qr_send_employees_who_never_joined_to_the_gate(client, make_user, kit, endpoint):
    client.force_login(make_user("bruno"))
    response = client.post(reverse(f"wagtail_advocacy:{endpoint}", args=[kit.pk]))
    assert response["Location"] == reverse("wagtail_advocacy:share_gate", args=[kit.pk])
    assert not Share.objects.exists()
    assert not TrackedLink.objects.exists()


def test_anonymous_visitors_log_in_and_come_back(client, kit):
    response = client.get(share_url(kit, network="x"))
    assert response.status_code == 302
    login, params = response["Location"].split("?", 1)
    assert login == "/accounts/login/"
    assert parse_qs(params)["next"] == [share_url(kit, network="x")]


def test_employees_who_are_not_ambassadors_see_the_gate_and_come_back(client, make_user, kit):
    user = make_user("bruno")
    client.force_login(user)
    response = client.get(share_url(kit, network="linkedin"))
    gate = reverse("wagtail_advocacy:share_gate", args=[kit.pk])
    assert response["Location"] == f"{gate}?network=linkedin"
    page = client.get(response["Location"]).content.decode()
    assert "Become an ambassador to share" in page
    back = share_url(kit, network="linkedin")
    onboarding = f"{reverse('wagtail_advocacy:onboarding')}?{urlencode({'next': back})}"
    assert f'name="next" value="{escape(onboarding)}"' in page
    # Joining goes on along the onboarding path (the profile), which ends in the share.
    joined = client.post(reverse("wagtail_advocacy:join"), {"next": onboarding})
    assert joined["Location"] == onboarding
    assert "Step 2 of 3" in client.get(onboarding).content.decode()
    saved = client.post(
        reverse("wagtail_advocacy:onboarding_profile"),
        {
            "next": back,
            "profile_name": "Bruno",
            "directory": "unlisted",
            "recognition": "anonymous",
        },
    )
    assert saved["Location"] == onboarding
    assert client.get(onboarding)["Location"] == back
    assert "{link}" in client.get(back).content.decode()


def test_former_ambassadors_are_gated_too(client, make_ambassador, kit):
    ambassador = make_ambassador(left_at=timezone.now())
    client.force_login(ambassador.user)
    client.post(share_url(kit), {"network": "linkedin", "text": "Hi"})
    assert not Share.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"share_ends_at": timezone.now() - timedelta(days=1)},
        {"share_starts_at": timezone.now() + timedelta(days=1)},
        {"withdrawn_at": timezone.now()},
    ],
)
def test_a_closed_kit_answers_410_with_an_explanation(camille_client, kit, fields):
    type(kit).objects.filter(pk=kit.pk).update(**fields)
    response = camille_client.post(share_url(kit), {"network": "linkedin", "text": "Hi"})
    assert response.status_code == 410
    assert "is no longer offered for sharing, or not yet" in response.content.decode()
    assert not Share.objects.exists()


def test_a_kit_for_other_teams_answers_403(camille_client, kit, make_team):
    kit.audience_groups.add(make_team("Finance"))
    kit.save()  # a ParentalManyToManyField is written when its kit is saved
    response = camille_client.get(share_url(kit))
    assert response.status_code == 403
    assert "is offered to other teams only" in response.content.decode()


def test_share_post_needs_the_csrf_token(camille, kit):
    client = Client(enforce_csrf_checks=True)
    client.force_login(camille.user)
    response = client.post(share_url(kit), {"network": "linkedin", "text": "Hi"})
    assert response.status_code == 403
    assert not Share.objects.exists()


def test_copy_link_records_a_link_share_and_returns_the_link(camille_client, kit):
    url = reverse("wagtail_advocacy:share_copy_link", args=[kit.pk])
    data = camille_client.post(url, headers={"X-Requested-With": "advocacy-share"}).json()
    page = camille_client.post(url).content.decode()
    link = TrackedLink.objects.get()
    assert data == {"url": f"{BASE}{link.token}/"}
    assert f'value="{BASE}{link.token}/"' in page
    assert list(Share.objects.values_list("network", flat=True)) == ["link", "link"]


def test_qr_code_records_a_qr_share_and_draws_the_tracked_link(camille_client, kit):
    url = reverse("wagtail_advocacy:share_qr", args=[kit.pk])
    assert camille_client.get(url).status_code == 404  # GET never mints a link
    response = camille_client.post(url)
    assert response["Location"] == url
    svg = camille_client.get(url)
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')
    assert b"QR code of your personal link" in svg.content
    # A document a browser draws in an <img> and a downloaded file opens: well-formed XML
    # in the SVG namespace.
    root = ElementTree.fromstring(svg.content)  # noqa: S314 (the app's own response)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    share = Share.objects.get()
    assert (share.network, share.link.network) == ("qr", "qr")


def test_other_people_cannot_see_someone_elses_qr_code(client, camille_client, kit, make_user):
    url = reverse("wagtail_advocacy:share_qr", args=[kit.pk])
    camille_client.post(url)
    client.force_login(make_user("mallory"))
    assert client.get(url).status_code == 404


def test_variants_rotate_between_colleagues_and_after_each_share(make_event_page, make_ambassador):
    page = make_event_page()
    kit = create_kit(page, messages=["First {link}", "Second {link}", ("x", "For X {link}")])
    first, second = make_ambassador(), make_ambassador()
    offered = {message_variant_for(a, kit, "linkedin") for a in (first, second)}
    assert offered == {"First {link}", "Second {link}"}
    assert message_variant_for(first, kit, "x") == "For X {link}"
    before = message_variant_for(first, kit, "linkedin")
    Share.objects.create(
        kit=kit,
        ambassador=first,
        network="linkedin",
        link=TrackedLink.objects.create(kit=kit, ambassador=first, network="linkedin"),
    )
    assert message_variant_for(first, kit, "linkedin") != before


def test_name_placeholder_is_filled_in_the_dialog(camille_client, make_event_page):
    kit = create_kit(make_event_page(), messages=["{name} recommends this {link}"])
    html = camille_client.get(share_url(kit)).content.decode()
    assert "Camille Martin recommends this {link}" in html


def test_the_dialog_suggests_when_to_post(camille_client, kit):
    # In the site's time zone (Europe/Paris); past suggestions are not offered. Far in the
    # future, so that the test never outlives its dates.
    for moment in (
        datetime(2099, 12, 8, 9, 0),
        datetime(2099, 12, 10, 18, 30),
        datetime(2020, 1, 1, 9, 0),
    ):
        SuggestedPostingTime.objects.create(kit=kit, post_at=timezone.make_aware(moment))

    html = camille_client.get(share_url(kit)).content.decode()
    french = camille_client.get(share_url(kit), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert re.search(
        r"Suggested times to post:\s*<time datetime=\"2099-12-08T09:00:00\+01:00\">"
        r"Tue 8 Dec, 09:00</time>; <time[^>]*>Thu 10 Dec, 18:30</time></p>",
        html,
    )
    assert "2020" not in html
    assert "mar 8 déc à 09:00" in french and "jeu 10 déc à 18:30" in french


def test_the_dialog_says_nothing_of_times_when_none_is_suggested(camille_client, kit):
    assert "to post:" not in camille_client.get(share_url(kit)).content.decode()


# A suspended ambassador ----------------------------------------------------------------------

REASON = "You posted a client's name without their consent. Write to comms@northwind.example."


@pytest.fixture
def suspended(camille, make_user):
    """Camille, suspended by an administrator for REASON."""
    from wagtail_advocacy.people.suspension import suspend_ambassador

    return suspend_ambassador(camille, REASON, make_user(is_superuser=True))


def shows_the_reason(html):
    assert "Your sharing is suspended" in html
    assert REASON in unescape(html)
    assert "You are still an ambassador" in html
    return True


def test_a_suspended_ambassador_is_refused_by_the_share_rule(suspended, kit):
    from wagtail_advocacy.sharing.share import ShareRefused, check_can_share

    with pytest.raises(ShareRefused) as refused:
        check_can_share(suspended.user, kit)
    assert refused.value.reason == "suspended"
    # Still an ambassador, not one who left.
    assert suspended.is_active and Ambassador.objects.active().filter(pk=suspended.pk).exists()
    assert not Ambassador.objects.can_share().filter(pk=suspended.pk).exists()


def test_a_suspended_ambassador_sees_why_instead_of_the_share_page(camille_client, suspended, kit):
    response = camille_client.get(share_url(kit, network="linkedin"))
    assert response.status_code == 403
    assert shows_the_reason(response.content.decode())
    assert "<textarea" not in response.content.decode()


def test_the_share_dialog_shows_the_reason_in_place_of_the_form(camille_client, suspended, kit):
    response = camille_client.get(
        share_url(kit, network="linkedin"), headers={"X-Requested-With": "advocacy-share"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert shows_the_reason(html) and "<html" not in html and "data-advocacy-close" in html


@pytest.mark.parametrize("endpoint", ["share", "share_copy_link", "share_qr"])
def test_nothing_a_suspended_ambassador_posts_is_shared(camille_client, suspended, kit, endpoint):
    url = reverse(f"wagtail_advocacy:{endpoint}", args=[kit.pk])
    for headers in ({}, {"X-Requested-With": "advocacy-share"}):
        response = camille_client.post(
            url, {"network": "linkedin", "text": "Our wind farm {link}"}, headers=headers
        )
        assert response.status_code == 403
    assert shows_the_reason(response.content.decode())
    assert not Share.objects.exists()
    assert not TrackedLink.objects.exists()


def test_the_copy_link_page_shows_the_reason(camille_client, suspended, kit):
    response = camille_client.get(reverse("wagtail_advocacy:share_copy_link", args=[kit.pk]))
    assert response.status_code == 403
    assert shows_the_reason(response.content.decode())


def test_the_share_bar_shows_the_reason_and_no_button(suspended, kit):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/news/")
    request.user = suspended.user
    html = Template("{% load wagtail_advocacy_tags %}{% share_bar page %}").render(
        Context({"request": request, "page": kit.page})
    )
    assert shows_the_reason(html)
    assert share_url(kit) not in html and "Copy my link" not in html


def test_the_programme_and_profile_pages_show_the_reason(camille_client, suspended):
    for name in ("programme", "profile"):
        html = camille_client.get(reverse(f"wagtail_advocacy:{name}")).content.decode()
        assert shows_the_reason(html), name
    # Still an ambassador: the leave button and the profile form are there.
    programme = camille_client.get(reverse("wagtail_advocacy:programme")).content.decode()
    assert "Leave the programme" in programme


def test_leaving_and_joining_again_keeps_the_suspension(camille_client, suspended, kit):
    camille_client.post(reverse("wagtail_advocacy:leave"))
    camille_client.post(reverse("wagtail_advocacy:join"))
    assert Ambassador.objects.get(pk=suspended.pk).is_active
    assert camille_client.get(share_url(kit)).status_code == 403


def test_lifting_the_suspension_restores_sharing(camille_client, suspended, kit, make_user):
    from wagtail_advocacy.people.suspension import lift_suspension

    lift_suspension(suspended, make_user(is_superuser=True))

    response = camille_client.post(
        share_url(kit), {"network": "linkedin", "text": "Our new wind farm is open! {link}"}
    )
    assert response.status_code == 302
    assert Share.objects.count() == 1
    html = camille_client.get(reverse("wagtail_advocacy:programme")).content.decode()
    assert "Your sharing is suspended" not in html


def test_a_suspended_ambassador_gets_no_digest(suspended, camille, make_ambassador):
    from wagtail_advocacy.people.digest import due_ambassadors

    other = make_ambassador()
    due = set(due_ambassadors(timezone.now()).values_list("pk", flat=True))
    assert due == {other.pk}
