"""Every ``next`` the app reads goes back to a path of this site, or to the default.

Hostile values (open-redirect payloads, a URL name, a script scheme, very long or
non-ASCII text) get a 302 to the default, never a server error and never another site.
"""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from wagtail_advocacy.models import Ambassador

PROGRAMME = "/advocacy/programme/"
ONBOARDING = "/advocacy/onboarding/"

#: What ``next`` says, and where a join goes then (None: the default).
NEXT_VALUES = {
    "javascript%3Aalert(1)": None,
    "javascript:alert(1)": None,
    "<>javascript:alert(1);": None,
    "wagtail_advocacy:leave": None,
    "wagtail_advocacy:programme": None,
    "//evil.example": None,
    "///evil.example": None,
    "https://evil.example/": None,
    "http://testserver/news/": None,  # this site, but absolute: only paths are taken
    "/\\evil.example": None,
    "\\\\evil.example": None,
    "/\t/evil.example": None,
    "/\n/evil.example": None,
    " /news/": None,
    "/news/ x": None,
    "": None,
    "x" * 5000: None,
    "/" + "a" * 5000: None,
    "café": None,
    "ünïcödé:alert(1)": None,
    "/news/": "/news/",
    "/news/?page=2#latest": "/news/?page=2#latest",
    "/café/": "/caf%C3%A9/",
    "/%0d%0aSet-Cookie:%20x=1": "/%0d%0aSet-Cookie:%20x=1",
    "/advocacy/programme/leave/": "/advocacy/programme/leave/",
}


def assert_local_redirect(response, expected):
    assert response.status_code == 302
    location = response["Location"]
    assert location == (expected or PROGRAMME)
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("", "")
    assert location.startswith("/") and not location.startswith(("//", "/\\"))


def hidden_next(html):
    return unescape(re.search(r'name="next" value="([^"]*)"', html).group(1))


@pytest.mark.parametrize(("value", "expected"), NEXT_VALUES.items())
def test_join_goes_to_a_local_path_or_the_programme(client, make_user, value, expected):
    user = make_user()
    client.force_login(user)

    response = client.post(reverse("wagtail_advocacy:join"), {"next": value})

    assert_local_redirect(response, expected)
    assert Ambassador.objects.get(user=user).is_active


@pytest.mark.parametrize(("value", "expected"), NEXT_VALUES.items())
def test_join_reads_next_from_the_query_string_too(client, make_user, value, expected):
    client.force_login(make_user())
    response = client.post(f"{reverse('wagtail_advocacy:join')}?{urlencode({'next': value})}")
    assert_local_redirect(response, expected)


@pytest.mark.parametrize(("value", "expected"), NEXT_VALUES.items())
def test_the_programme_page_carries_only_a_local_next_to_join(client, make_user, value, expected):
    client.force_login(make_user())

    page = client.get(reverse("wagtail_advocacy:programme"), {"next": value})

    assert page.status_code == 200
    carried = hidden_next(page.content.decode())
    # Joining goes on along the onboarding path, which ends at the local next only.
    assert carried == (f"{ONBOARDING}?{urlencode({'next': value})}" if expected else ONBOARDING)
    assert_local_redirect(
        client.post(reverse("wagtail_advocacy:join"), {"next": carried}), carried
    )


@pytest.mark.parametrize("value", NEXT_VALUES)
def test_the_share_gate_always_comes_back_to_the_share(client, make_user, make_share_kit, value):
    kit = make_share_kit()
    share = reverse("wagtail_advocacy:share", args=[kit.pk])
    client.force_login(make_user())

    gate = client.get(
        reverse("wagtail_advocacy:share_gate", args=[kit.pk]), {"next": value, "network": value}
    )

    assert gate.status_code == 200
    carried = hidden_next(gate.content.decode())
    # Through the onboarding path's next steps, then the share.
    onboarding = f"{ONBOARDING}?{urlencode({'next': share})}"
    assert carried == onboarding
    assert_local_redirect(
        client.post(reverse("wagtail_advocacy:join"), {"next": carried}), onboarding
    )


@pytest.mark.parametrize("value", NEXT_VALUES)
@pytest.mark.parametrize("endpoint", ["leave", "digest_frequency"])
def test_other_programme_forms_ignore_next(client, make_ambassador, endpoint, value):
    client.force_login(make_ambassador().user)
    response = client.post(
        reverse(f"wagtail_advocacy:{endpoint}"), {"next": value, "digest_frequency": "weekly"}
    )
    assert_local_redirect(response, None)
