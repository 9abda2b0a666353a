"""The tracked redirect: where it sends visitors, and that nothing in the request changes it."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.stored_url_corpus import AMBIGUOUS_DESTINATIONS
from wagtail_advocacy.models import Campaign, Click

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def follow(client, token, query="", **headers):
    url = reverse("wagtail_advocacy:tracked_link", args=[token]) + query
    return client.get(url, HTTP_USER_AGENT=BROWSER, **headers)


@pytest.mark.django_db
def test_destination_without_query_string_gets_utm_and_attribution(client, make_tracked_link):
    link = make_tracked_link(public_url="https://www.northwind.example/news/launch/")

    response = follow(client, link.token)

    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == (
        "https",
        "www.northwind.example",
        "/news/launch/",
    )
    assert parse_qs(target.query) == {
        "utm_source": ["linkedin"],
        "utm_medium": ["employee-advocacy"],
        "utm_content": [f"{link.kit.pk}-{link.kit.page.slug}"],
        "adv": [link.token],
    }


@pytest.mark.django_db
def test_destination_query_string_and_fragment_are_kept_byte_for_byte(client, make_tracked_link):
    campaign = Campaign.objects.create(name="Hiring", slug="hiring-2026", starts_on="2026-01-01")
    link = make_tracked_link(
        public_url="https://careers.northwind.example/jobs/?team=r%26d&q=data+engineer#apply",
        campaign=campaign,
        network="mastodon",
    )

    response = follow(client, link.token)

    location = response["Location"]
    assert location.startswith(
        "https://careers.northwind.example/jobs/?team=r%26d&q=data+engineer&utm_source=mastodon"
    )
    assert location.endswith(f"&adv={link.token}#apply")
    query = parse_qs(urlsplit(location).query)
    assert query["team"] == ["r&d"]
    assert query["utm_campaign"] == ["hiring-2026"]


@pytest.mark.django_db
def test_utm_parameters_the_editor_stored_win_over_ours(client, make_tracked_link):
    link = make_tracked_link(
        public_url="https://www.northwind.example/?utm_source=newsletter&utm_medium=email"
    )

    query = parse_qs(urlsplit(follow(client, link.token)["Location"]).query)

    assert query["utm_source"] == ["newsletter"]
    assert query["utm_medium"] == ["email"]
    assert query["utm_content"] == [f"{link.kit.pk}-{link.kit.page.slug}"]
    assert query["adv"] == [link.token]


@pytest.mark.django_db
def test_a_stale_attribution_parameter_in_the_destination_is_replaced(client, make_tracked_link):
    link = make_tracked_link(public_url="https://www.northwind.example/?adv=someoneelse&x=1")

    query = parse_qs(urlsplit(follow(client, link.token)["Location"]).query)

    assert query["adv"] == [link.token]
    assert query["x"] == ["1"]


@pytest.mark.django_db
def test_kit_without_public_url_sends_to_the_page_itself(client, make_tracked_link):
    link = make_tracked_link()

    location = follow(client, link.token)["Location"]

    assert location.startswith(link.kit.page.full_url + "?utm_source=linkedin")


@pytest.mark.django_db
def test_link_keeps_working_after_the_share_window(client, make_tracked_link):
    link = make_tracked_link(
        public_url="https://www.northwind.example/old-news/",
        share_starts_at=timezone.now() - timedelta(days=400),
        share_ends_at=timezone.now() - timedelta(days=300),
    )

    response = follow(client, link.token)

    assert response["Location"].startswith("https://www.northwind.example/old-news/?")


@pytest.mark.django_db
def test_redirect_is_never_cached_nor_indexed(client, make_tracked_link):
    link = make_tracked_link(public_url="https://www.northwind.example/")

    response = follow(client, link.token)

    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.django_db
def test_unknown_token_gets_a_friendly_404(client, settings):
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"

    response = follow(client, "doesnotexist1234")

    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert "Location" not in response


@pytest.mark.django_db
def test_revoked_link_gets_the_404_page(client, settings, make_tracked_link):
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"
    link = make_tracked_link(public_url="https://www.northwind.example/")
    link.revoked_at = timezone.now()
    link.save()

    response = follow(client, link.token)

    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert not Click.objects.exists()


@pytest.mark.django_db
def test_unknown_token_goes_to_the_fallback_url_when_configured(client, settings):
    settings.WAGTAIL_ADVOCACY_FALLBACK_URL = "https://www.northwind.example/"

    response = follow(client, "doesnotexist1234")

    assert response.status_code == 302
    assert response["Location"] == "https://www.northwind.example/"


# --- open redirect corpus -------------------------------------------------------------------

HOSTILE_QUERIES = [
    "?next=//evil.example",
    "?url=https://evil.example/",
    "?next=%2F%2Fevil.example",
    "?redirect=\\\\evil.example",
    "?next=/%5C%5Cevil.example",
    "?to=javascript:alert(1)",
    "?to=JaVaScRiPt%3Aalert(1)",
    "?next=https://www.northwind.example@evil.example/",
    "?next=https%3A%2F%2Fwww.northwind.example%40evil.example",
    "?adv=stolen&utm_source=evil",
    "?next=%0d%0aLocation:%20https://evil.example",
    "?next=%252F%252Fevil.example",
]


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE_QUERIES)
def test_the_query_string_never_changes_the_destination(client, make_tracked_link, hostile):
    link = make_tracked_link(public_url="https://www.northwind.example/news/?page=2")
    expected = follow(client, link.token)["Location"]

    response = follow(client, link.token, hostile)

    assert response.status_code == 302
    assert response["Location"] == expected
    # No other header echoes the query (the Location, checked whole above, carries the link's
    # random token, which may spell "evil" by chance).
    others = {name: value for name, value in response.headers.items() if name != "Location"}
    assert "evil" not in str(others).lower() and "javascript" not in str(others).lower()


HOSTILE_TOKENS = [
    "//evil.example",
    "%2F%2Fevil.example",
    "\\\\evil.example",
    "%5C%5Cevil.example",
    "javascript:alert(1)",
    "javascript%3Aalert(1)",
    "user@evil.example",
    "user%40evil.example",
    "https:%2F%2Fevil.example",
    "..%2F..%2Fevil.example",
    "%252F%252Fevil.example",
]


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE_TOKENS)
def test_a_hostile_token_never_redirects_elsewhere(client, settings, make_tracked_link, hostile):
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"
    make_tracked_link(public_url="https://www.northwind.example/")

    response = client.get(f"/advocacy/l/{hostile}/", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 404
    assert "Location" not in response
    assert "evil" not in str(response.headers).lower()


@pytest.mark.django_db
def test_a_token_followed_by_a_hostile_path_never_redirects_elsewhere(client, make_tracked_link):
    link = make_tracked_link(public_url="https://www.northwind.example/")

    response = client.get(f"/advocacy/l/{link.token}//evil.example/", HTTP_USER_AGENT=BROWSER)

    assert "evil.example" not in response.get("Location", "")


@pytest.mark.django_db
def test_a_kit_whose_stored_url_is_not_http_is_never_followed(client, settings, make_tracked_link):
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"
    link = make_tracked_link()
    # Written around the form's validation, as a data import could.
    type(link.kit).objects.filter(pk=link.kit.pk).update(public_url="javascript:alert(1)")

    response = follow(client, link.token)

    assert response.status_code == 404
    assert "Location" not in response
    assert not Click.objects.exists()  # on PostgreSQL, stored with the lookup, then removed


@pytest.mark.django_db
@pytest.mark.parametrize("stored", AMBIGUOUS_DESTINATIONS)
def test_a_stored_url_a_browser_could_read_as_another_host_is_never_followed(
    client, settings, make_tracked_link, stored
):
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"
    link = make_tracked_link()
    # Written around the form's validation, as a data import or an older version could.
    type(link.kit).objects.filter(pk=link.kit.pk).update(public_url=stored)

    response = follow(client, link.token)

    assert response.status_code == 404
    assert "Location" not in response
    assert "This link no longer works" in response.content.decode()
    assert not Click.objects.exists()


@pytest.mark.django_db
def test_an_upper_case_scheme_is_followed_to_the_same_host(client, make_tracked_link):
    link = make_tracked_link()
    type(link.kit).objects.filter(pk=link.kit.pk).update(
        public_url="HTTPS://www.northwind.example/news/"
    )

    location = follow(client, link.token)["Location"]

    assert location.startswith("https://www.northwind.example/news/?utm_source=linkedin")


# --- a developer testing their link -------------------------------------------------------


@pytest.mark.django_db
def test_with_debug_the_redirect_says_why_a_request_was_not_counted(
    client, settings, make_tracked_link
):
    settings.DEBUG = True
    link = make_tracked_link(public_url="https://www.northwind.example/news/launch/")
    url = reverse("wagtail_advocacy:tracked_link", args=[link.token])

    assert follow(client, link.token)["X-Advocacy-Click"] == "counted"
    repeat = follow(client, link.token)["X-Advocacy-Click"]
    assert repeat.startswith("not counted: a repeat")
    curl = client.get(url, HTTP_USER_AGENT="curl/8.5.0")["X-Advocacy-Click"]
    assert "crawler" in curl and "real browser" in curl
    assert client.head(url, HTTP_USER_AGENT=BROWSER)["X-Advocacy-Click"].startswith(
        "not counted: HEAD request"
    )
    assert client.get(url)["X-Advocacy-Click"] == "not counted: no User-Agent header"
    client.force_login(link.ambassador.user)
    assert follow(client, link.token)["X-Advocacy-Click"] == (
        "not counted: the link's own ambassador followed it"
    )
    assert Click.objects.filter(link=link).count() == 1


@pytest.mark.django_db
def test_without_debug_a_visitor_is_told_nothing_about_counting(client, make_tracked_link):
    link = make_tracked_link(public_url="https://www.northwind.example/news/launch/")

    response = follow(client, link.token)

    assert response.status_code == 302
    assert "X-Advocacy-Click" not in response
