"""The endpoints strangers reach stay public under Django's LoginRequiredMiddleware.

A project may require a login for every view (Django 5.1+); the tracked redirect, the
conversion endpoints and the digest's unsubscribe link must keep answering people and
servers that have no session, while the ambassadors' own pages still ask for a login.
"""

import json
import time

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from django.urls import reverse

from wagtail_advocacy.models import Ambassador, Click, Conversion
from wagtail_advocacy.people.digest import unsubscribe_token
from wagtail_advocacy.tracking.conversions import signature_of

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SECRET = "s3cr3t-of-at-least-thirty-two-characters"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("login_required_everywhere"),
]


@pytest.fixture
def login_required_everywhere():
    middleware = [
        *django_settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    with override_settings(MIDDLEWARE=middleware):
        yield


def assert_not_sent_to_login(response):
    assert "/login/" not in response.get("Location", "")


def test_a_stranger_follows_a_tracked_link_and_is_counted(client, make_tracked_link):
    link = make_tracked_link(public_url="https://www.northwind.example/news/")

    response = client.get(
        reverse("wagtail_advocacy:tracked_link", args=[link.token]), HTTP_USER_AGENT=FIREFOX
    )

    assert response.status_code == 302
    assert response["Location"].startswith("https://www.northwind.example/news/?")
    assert Click.objects.filter(link=link).count() == 1


def test_a_stranger_with_an_unknown_link_gets_the_404_page(client, settings):
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"

    response = client.get(reverse("wagtail_advocacy:tracked_link", args=["doesnotexist1234"]))

    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_a_server_without_a_session_reports_a_signed_conversion(
    client, settings, make_tracked_link
):
    settings.WAGTAIL_ADVOCACY_CONVERSION_SECRET = SECRET
    link = make_tracked_link()
    body = json.dumps({"link": link.token, "type": "sign-up", "reference": "order-7"}).encode()
    timestamp = str(int(time.time()))

    response = client.post(
        reverse("wagtail_advocacy:signed_conversion"),
        body,
        content_type="application/json",
        HTTP_X_ADVOCACY_TIMESTAMP=timestamp,
        HTTP_X_ADVOCACY_SIGNATURE=signature_of(SECRET, timestamp, body),
    )

    assert_not_sent_to_login(response)
    assert response.status_code == 201
    assert response.json()["type"] == "sign-up"
    assert Conversion.objects.filter(link=link, conversion_type__slug="sign-up").count() == 1


def test_a_stranger_loads_the_conversion_pixel(client, settings, make_tracked_link):
    settings.WAGTAIL_ADVOCACY_PIXEL_CONVERSIONS = True
    link = make_tracked_link(public_url="https://www.northwind.example/news/")
    client.get(
        reverse("wagtail_advocacy:tracked_link", args=[link.token]), HTTP_USER_AGENT=FIREFOX
    )

    response = client.get(
        reverse("wagtail_advocacy:conversion_pixel") + f"?adv={link.token}&type=lead&ref=r-1",
        HTTP_USER_AGENT=FIREFOX,
    )

    assert_not_sent_to_login(response)
    assert response["Content-Type"] == "image/gif"
    assert Conversion.objects.filter(link=link, conversion_type__slug="lead").count() == 1


def test_a_mail_client_unsubscribes_without_a_session(client, settings, make_ambassador):
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"
    ambassador = make_ambassador(digest_frequency="weekly")
    url = reverse("wagtail_advocacy:digest_unsubscribe", args=[unsubscribe_token(ambassador)])

    confirm = client.get(url)
    done = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert_not_sent_to_login(confirm)
    assert "Stop the digest" in confirm.content.decode()
    assert "you will not receive the digest any more" in done.content.decode()
    assert Ambassador.objects.get(pk=ambassador.pk).digest_frequency == "off"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("wagtail_advocacy:share", [1]),
        ("wagtail_advocacy:programme", []),
        ("wagtail_advocacy:impact", []),
    ],
)
def test_the_ambassadors_pages_still_ask_for_a_login(client, name, args):
    url = reverse(name, args=args)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
