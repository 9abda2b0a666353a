"""Conversions: form-page submissions of attributed visitors, signed server reports, pixels."""

import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from wagtail_advocacy.models import Click, Conversion, ConversionType, DailyStat
from wagtail_advocacy.tracking.conversions import signature_of

SECRET = "s3cr3t-of-at-least-thirty-two-characters"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@pytest.fixture
def link(make_tracked_link):
    return make_tracked_link(public_url="https://www.northwind.example/contact/")


# --- form pages of the host site ------------------------------------------------------------


@pytest.fixture
def make_form_page(root_page):
    def make(page_class=None, slug="contact"):
        from tests.testapp.models import FormField, FormPage

        page = (page_class or FormPage)(title="Contact us", slug=slug)
        page.form_fields = [FormField(label="Your name", field_type="singleline", required=True)]
        root_page.add_child(instance=page)
        page.save_revision().publish()
        return Page.objects.get(pk=page.pk).specific

    return make


@pytest.mark.django_db
def test_a_visitor_who_landed_through_a_link_and_submits_a_form_is_a_lead(
    client, link, make_form_page
):
    page = make_form_page()
    lead = ConversionType.objects.get(slug="lead")
    lead.value = Decimal("75.00")
    lead.save()

    landing = client.get(f"{page.url}?utm_source=linkedin&adv={link.token}")
    assert landing.status_code == 200
    client.get(page.url)  # browsing on: the cookie keeps the attribution
    response = client.post(page.url, {"your_name": "Ada"})

    assert "Thank you for your message." in response.content.decode()
    conversion = Conversion.objects.get()
    assert (conversion.link, conversion.conversion_type, conversion.source) == (
        link,
        lead,
        "form",
    )
    assert conversion.value == Decimal("75.00")
    assert conversion.occurred_at == page.get_submission_class().objects.get().submit_time


@pytest.mark.django_db
def test_a_form_page_can_declare_its_conversion_type(client, link, make_form_page):
    from tests.testapp.models import JobApplicationPage

    page = make_form_page(JobApplicationPage, slug="apply")

    client.get(f"{page.url}?adv={link.token}")
    client.post(page.url, {"your_name": "Grace"})

    assert Conversion.objects.get().conversion_type.slug == "job-application"


@pytest.mark.django_db
def test_submissions_without_attribution_are_not_conversions(client, link, make_form_page):
    page = make_form_page()

    client.post(page.url, {"your_name": "Ada"})
    client.get(f"{page.url}?adv=unknown-token-123")
    client.post(page.url, {"your_name": "Ada"})
    client.get(f"{page.url}?adv=<script>")
    client.post(page.url, {"your_name": "Ada"})

    assert page.get_submission_class().objects.count() == 3
    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_a_forged_attribution_cookie_is_ignored(client, link, make_form_page):
    page = make_form_page()
    client.cookies["advocacy_link"] = link.token  # not signed

    client.post(page.url, {"your_name": "Ada"})

    assert not Conversion.objects.exists()


# --- signed server-to-server reports --------------------------------------------------------


def post_report(
    client, payload, *, secret=SECRET, timestamp=None, age=0, signature=None, body=None
):
    body = body if body is not None else json.dumps(payload).encode()
    timestamp = str(int(time.time()) - age if timestamp is None else timestamp)
    headers = {"HTTP_X_ADVOCACY_TIMESTAMP": timestamp}
    if signature is not False:
        headers["HTTP_X_ADVOCACY_SIGNATURE"] = signature or signature_of(secret, timestamp, body)
    return client.post(
        reverse("wagtail_advocacy:signed_conversion"),
        body,
        content_type="application/json",
        **headers,
    )


@pytest.fixture
def secret(settings):
    settings.WAGTAIL_ADVOCACY_CONVERSION_SECRET = SECRET


@pytest.mark.django_db
def test_a_signed_report_is_recorded(client, secret, link):
    occurred_at = (timezone.now() - timedelta(hours=2)).replace(microsecond=0)
    paris = timezone.get_fixed_timezone(60)
    response = post_report(
        client,
        {
            "link": link.token,
            "type": "sign-up",
            "reference": "order-1042",
            "occurred_at": occurred_at.astimezone(paris).isoformat(),
            "value": "19.90",
        },
    )

    assert response.status_code == 201
    conversion = Conversion.objects.get()
    assert response.json()["id"] == conversion.pk
    assert (conversion.link, conversion.conversion_type.slug, conversion.source) == (
        link,
        "sign-up",
        "signed",
    )
    assert conversion.value == Decimal("19.90")
    assert conversion.occurred_at == occurred_at


@pytest.mark.django_db
def test_a_signed_report_without_value_takes_the_types_value(client, secret, link):
    ConversionType.objects.filter(slug="download").update(value=Decimal("3.00"))

    post_report(client, {"link": link.token, "type": "download", "reference": "dl-1"})

    assert Conversion.objects.get().value == Decimal("3.00")


@pytest.mark.django_db
def test_a_replayed_report_is_rejected(client, secret, link, caplog):
    payload = {"link": link.token, "type": "lead", "reference": "crm-77"}
    assert post_report(client, payload).status_code == 201

    response = post_report(client, payload)

    assert response.status_code == 409
    assert "reference" in response.json()["errors"]
    assert Conversion.objects.count() == 1
    assert "Rejected a conversion report (409)" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper",
    [
        {"signature": False},
        {"signature": "sha256=" + "0" * 64},
        {"secret": "another-secret-of-at-least-thirty-two-chars"},
        {"age": 301},
        {"age": -301},
    ],
    ids=["unsigned", "wrong-signature", "wrong-secret", "stale", "future"],
)
def test_unsigned_forged_or_stale_reports_are_forbidden(client, secret, link, tamper, caplog):
    payload = {"link": link.token, "type": "lead", "reference": "x-1"}

    response = post_report(client, payload, **tamper)

    assert response.status_code == 403
    assert response.json()["errors"]
    assert not Conversion.objects.exists()
    assert "Rejected a conversion report (403)" in caplog.text


@pytest.mark.django_db
def test_a_signature_over_another_body_is_forbidden(client, secret, link):
    stamp = str(int(time.time()))
    honest = json.dumps({"link": link.token, "type": "lead", "reference": "a"}).encode()
    forged = json.dumps({"link": link.token, "type": "lead", "reference": "b"}).encode()

    response = post_report(
        client, None, body=forged, timestamp=stamp, signature=signature_of(SECRET, stamp, honest)
    )

    assert response.status_code == 403
    assert not Conversion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (b"not json", ["body"]),
        (b"[1, 2]", ["body"]),
        (json.dumps({"type": "lead", "reference": "r"}).encode(), ["link"]),
        (
            json.dumps({"link": "nosuchtoken123", "type": "nope"}).encode(),
            ["link", "reference", "type"],
        ),
        (
            json.dumps(
                {"link": "TOKEN", "type": "lead", "reference": "r", "value": "-3"}
            ).encode(),
            ["value"],
        ),
        (
            json.dumps(
                {"link": "TOKEN", "type": "lead", "reference": "r", "occurred_at": "yesterday"}
            ).encode(),
            ["occurred_at"],
        ),
        (
            json.dumps({"link": "TOKEN", "type": "lead", "reference": "r", "ip": "1"}).encode(),
            ["body"],
        ),
        (
            json.dumps(
                {
                    "link": "TOKEN",
                    "type": "lead",
                    "reference": "r",
                    "occurred_at": "2024-13-45T00:00:00+00:00",
                }
            ).encode(),
            ["occurred_at"],
        ),
        (
            json.dumps(
                {"link": "TOKEN", "type": "lead", "reference": "r", "occurred_at": "FUTURE"}
            ).encode(),
            ["occurred_at"],
        ),
        (
            json.dumps(
                {"link": "TOKEN", "type": "lead", "reference": "r", "occurred_at": "ANCIENT"}
            ).encode(),
            ["occurred_at"],
        ),
        (b"[" * 100_000 + b"]" * 100_000, ["body"]),
        (
            json.dumps(
                {"link": "TOKEN", "type": "lead", "reference": "r", "value": "9999999999.999"}
            ).encode(),
            ["value"],
        ),
        (
            json.dumps(
                {"link": "TOKEN", "type": "lead", "reference": "r", "value": "1e40"}
            ).encode(),
            ["value"],
        ),
    ],
    ids=[
        "not-json",
        "not-an-object",
        "no-link",
        "unknown-everything",
        "negative-value",
        "not-a-date",
        "unknown-field",
        "impossible-date",
        "future",
        "past-retention",
        "deeply-nested",
        "value-rounds-out-of-range",
        "value-too-large-to-round",
    ],
)
def test_malformed_reports_get_json_errors(client, secret, link, body, fields):
    now = timezone.now()
    body = (
        body.replace(b"TOKEN", link.token.encode())
        .replace(b"FUTURE", (now + timedelta(minutes=6)).isoformat().encode())
        .replace(b"ANCIENT", (now - timedelta(days=92)).isoformat().encode())
    )

    response = post_report(client, None, body=body)

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == fields
    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_a_report_within_the_clock_skew_and_a_rounded_value_are_recorded(client, secret, link):
    response = post_report(
        client,
        {
            "link": link.token,
            "type": "lead",
            "reference": "skewed",
            "occurred_at": (timezone.now() + timedelta(minutes=4)).isoformat(),
            "value": "9999999999.994",
        },
    )

    assert response.status_code == 201
    assert Conversion.objects.get().value == Decimal("9999999999.99")


@pytest.mark.django_db
def test_a_late_report_reaches_the_daily_statistics_of_its_day(client, secret, link):
    occurred_at = timezone.now() - timedelta(days=10)

    post_report(
        client,
        {
            "link": link.token,
            "type": "lead",
            "reference": "late-1",
            "occurred_at": occurred_at.isoformat(),
            "value": "40.00",
        },
    )

    stat = DailyStat.objects.get(day=timezone.localdate(occurred_at))
    assert (stat.ambassador, stat.kit, stat.conversions, stat.conversion_value) == (
        link.ambassador,
        link.kit,
        1,
        Decimal("40.00"),
    )


@pytest.mark.django_db
def test_the_endpoint_is_off_without_a_secret(client, link):
    response = post_report(client, {"link": link.token, "type": "lead", "reference": "r"})

    assert response.status_code == 404
    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_the_endpoint_takes_posts_only(client, secret):
    response = client.get(reverse("wagtail_advocacy:signed_conversion"))

    assert response.status_code == 405


# --- pixel ----------------------------------------------------------------------------------


def pixel(client, query, user_agent=FIREFOX):
    url = reverse("wagtail_advocacy:conversion_pixel") + query
    return client.get(url, HTTP_USER_AGENT=user_agent) if user_agent else client.get(url)


def land(client, link, user_agent=FIREFOX):
    """Follow the tracked link as a visitor: the click the pixel must find."""
    client.get(
        reverse("wagtail_advocacy:tracked_link", args=[link.token]), HTTP_USER_AGENT=user_agent
    )


@pytest.fixture
def pixels_on(settings):
    settings.WAGTAIL_ADVOCACY_PIXEL_CONVERSIONS = True


@pytest.mark.django_db
def test_the_pixel_records_nothing_by_default(client, link):
    land(client, link)

    response = pixel(client, f"?adv={link.token}&type=download&ref=brochure-9")

    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert Click.objects.filter(link=link).count() == 1
    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_the_pixel_ignores_visitors_who_did_not_click_the_link(
    client, pixels_on, link, make_tracked_link
):
    other_link = make_tracked_link(kit=link.kit)
    land(client, other_link)  # clicked another ambassador's link
    land(client, link, user_agent="Mozilla/5.0 (Macintosh) Safari/605.1.15")  # another browser

    response = pixel(client, f"?adv={link.token}&type=download&ref=forged-1")

    assert response.content.startswith(b"GIF89a")
    assert Click.objects.count() == 2
    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_the_pixel_ignores_clicks_of_past_days(client, pixels_on, link):
    from wagtail_advocacy.models import VisitorSalt
    from wagtail_advocacy.tracking.visitors import forget_cached_salt

    land(client, link)
    # The click was yesterday: its hash was keyed with yesterday's salt, today's is new.
    yesterday = timezone.now() - timedelta(days=1)
    Click.objects.update(clicked_at=yesterday)
    VisitorSalt.objects.update(day=timezone.localdate(yesterday))
    forget_cached_salt()

    pixel(client, f"?adv={link.token}&type=download&ref=brochure-9")

    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_the_pixel_records_a_conversion_once_per_reference(client, pixels_on, link):
    land(client, link)
    response = pixel(client, f"?adv={link.token}&type=download&ref=brochure-9")
    pixel(client, f"?adv={link.token}&type=download&ref=brochure-9")

    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    conversion = Conversion.objects.get()
    assert (conversion.link, conversion.source, conversion.conversion_type.slug) == (
        link,
        "pixel",
        "download",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "user_agent"),
    [
        ("?adv={token}&type=download&ref=r1", "LinkedInBot/1.0"),
        ("?adv={token}&type=download&ref=r1", None),
        ("?adv={token}&type=download", FIREFOX),
        ("?adv={token}&type=nope&ref=r1", FIREFOX),
        ("?adv=unknowntoken1&type=download&ref=r1", FIREFOX),
        ("?adv=%3Cscript%3E&type=download&ref=r1", FIREFOX),
    ],
    ids=["bot", "no-user-agent", "no-reference", "unknown-type", "unknown-link", "garbage"],
)
def test_the_pixel_answers_the_same_image_and_records_nothing_doubtful(
    client, pixels_on, link, query, user_agent
):
    land(client, link, user_agent or FIREFOX)
    response = pixel(client, query.format(token=link.token), user_agent)

    assert response.status_code == 200
    assert response.content.startswith(b"GIF89a")
    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_the_pixel_records_one_conversion_per_visitor_link_and_type_a_day(client, pixels_on, link):
    land(client, link)
    responses = [
        pixel(client, f"?adv={link.token}&type=download&ref=brochure-{n}") for n in range(5)
    ]
    pixel(client, f"?adv={link.token}&type=sign-up&ref=newsletter-1")  # another type counts
    other_browser = "Mozilla/5.0 (Macintosh) Safari/605.1.15"
    land(client, link, user_agent=other_browser)  # another visitor counts
    pixel(client, f"?adv={link.token}&type=download&ref=brochure-9", user_agent=other_browser)

    assert [(r.status_code, r["Content-Type"]) for r in responses] == [(200, "image/gif")] * 5
    assert all(r.content.startswith(b"GIF89a") for r in responses)
    assert sorted(Conversion.objects.values_list("conversion_type__slug", "reference")) == [
        ("download", "pixel:brochure-0"),
        ("download", "pixel:brochure-9"),
        ("sign-up", "pixel:newsletter-1"),
    ]


@pytest.mark.django_db
def test_a_pixel_visitor_may_convert_again_another_day(client, pixels_on, link):
    from wagtail_advocacy.models import VisitorSalt
    from wagtail_advocacy.tracking.visitors import forget_cached_salt

    land(client, link)
    pixel(client, f"?adv={link.token}&type=download&ref=brochure-1")
    # That was yesterday: the click, the conversion and the salt they were hashed with.
    yesterday = timezone.now() - timedelta(days=1)
    Click.objects.update(clicked_at=yesterday)
    Conversion.objects.update(occurred_at=yesterday)
    VisitorSalt.objects.update(day=timezone.localdate(yesterday))
    forget_cached_salt()

    land(client, link)
    pixel(client, f"?adv={link.token}&type=download&ref=brochure-2")

    assert sorted(Conversion.objects.values_list("reference", flat=True)) == [
        "pixel:brochure-1",
        "pixel:brochure-2",
    ]


@pytest.mark.django_db
def test_a_pixel_cannot_burn_a_signed_reports_reference(client, secret, pixels_on, link):
    land(client, link)
    pixel(client, f"?adv={link.token}&type=lead&ref=crm-1")

    response = post_report(client, {"link": link.token, "type": "lead", "reference": "crm-1"})

    assert response.status_code == 201
    assert sorted(Conversion.objects.values_list("source", flat=True)) == ["pixel", "signed"]


# --- editors ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_manage_conversion_types_in_the_advocacy_menu(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)

    response = client.get(reverse("wagtail_advocacy_conversiontype_modeladmin_index"))

    content = response.content.decode()
    for name in ("Lead", "Job application", "Download", "Sign-up"):
        assert name in content


@pytest.mark.django_db
def test_default_conversion_types_are_named_in_the_readers_language(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    ConversionType.objects.filter(slug="download").update(name="Brochure download")
    ConversionType.objects.create(slug="webinar", name="Webinar")

    response = client.get(
        reverse("wagtail_advocacy_conversiontype_modeladmin_index"),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    content = response.content.decode()
    for name in ("Prospect", "Candidature", "Inscription", "Brochure download", "Webinar"):
        assert name in content
    assert "Job application" not in content
    with translation.override("fr"):
        assert str(ConversionType.objects.get(slug="lead")) == "Prospect"
    with translation.override("en"):
        assert str(ConversionType.objects.get(slug="lead")) == "Lead"


@pytest.mark.django_db
def test_a_default_type_created_again_by_a_form_keeps_its_translated_name(
    client, link, make_form_page
):
    from tests.testapp.models import JobApplicationPage

    Conversion.objects.all().delete()
    ConversionType.objects.filter(slug="job-application").delete()
    page = make_form_page(JobApplicationPage, slug="apply")

    client.get(f"{page.url}?adv={link.token}")
    client.post(page.url, {"your_name": "Grace"})

    conversion_type = Conversion.objects.get().conversion_type
    assert conversion_type.name == "Job application"
    with translation.override("fr"):
        assert str(conversion_type) == "Candidature"
