"""The networks an ambassador uses come first, in the share bar and the share dialog; the
others wait behind "More networks", a <details> that opens without JavaScript."""

import re

import pytest
from django.urls import reverse

from tests.test_share_bar import render_bar


@pytest.fixture
def page_with_kit(make_event_page, make_share_kit):
    page = make_event_page(title="Our new plant")
    make_share_kit(page=page)
    return page


def _networks(html: str) -> list[str]:
    return re.findall(r'data-advocacy-share="(\w+)"', html)


def test_without_a_choice_every_network_is_a_button(page_with_kit, make_ambassador):
    html = render_bar(page_with_kit, make_ambassador().user)
    assert "More networks" not in html
    assert _networks(html)[:3] == ["linkedin", "x", "facebook"]


def test_the_networks_used_come_first_and_the_others_behind_more(page_with_kit, make_ambassador):
    ambassador = make_ambassador(networks_used=["mastodon", "linkedin"])
    html = render_bar(page_with_kit, ambassador.user)
    first, more = html.split("<details", 1)
    assert _networks(first) == ["linkedin", "mastodon"]
    assert "<summary>More networks</summary>" in more
    assert "x" in _networks(more) and "linkedin" not in _networks(more)
    assert "Copy my link" in first


def test_the_dialog_offers_the_networks_used_first(client, page_with_kit, make_ambassador):
    ambassador = make_ambassador(networks_used=["bluesky"])
    client.force_login(ambassador.user)
    kit = page_with_kit.advocacy_share_kit
    html = client.get(reverse("wagtail_advocacy:share", args=[kit.pk])).content.decode()
    first, more = html.split('<details class="advocacy-share-form__more"', 1)
    assert re.findall(r'name="network" value="(\w+)"', first) == ["bluesky"]
    assert "linkedin" in re.findall(r'name="network" value="(\w+)"', more)
    # A network asked for from "More networks" is checked, and its group shown open.
    html = client.get(
        reverse("wagtail_advocacy:share", args=[kit.pk]) + "?network=xing"
    ).content.decode()
    assert '<details class="advocacy-share-form__more" open>' in html
    assert re.search(r'value="xing" checked', html)
