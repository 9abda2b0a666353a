"""One visitor is one visitor however their address is written.

An address reaches the app in several spellings (IPv6 compressed or not, IPv4 mapped into
IPv6, with a zone, a port, brackets or spaces from a proxy's header): each spelling must
give the same visitor hash, and the raw address is never kept.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_advocacy.models import Click, DailyStat
from wagtail_advocacy.stats.rollup import rollup_day
from wagtail_advocacy.tracking.visitors import normalised_ip, visitor_hash

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

#: The same address, written two ways.
SPELLINGS = [
    ("2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001"),
    ("2001:db8::1", "2001:DB8:0:0:0:0:0:1"),
    ("192.0.2.1", "::ffff:192.0.2.1"),
    ("192.0.2.1", "::ffff:c000:201"),
    ("fe80::1", "fe80::1%eth0"),
    ("2001:db8::1", "[2001:db8::1]"),
    ("2001:db8::1", "[2001:db8::1]:443"),
    ("192.0.2.1", "192.0.2.1:51234"),
    ("192.0.2.1", " 192.0.2.1 "),
]


@pytest.fixture
def link(make_tracked_link):
    return make_tracked_link(public_url="https://www.northwind.example/news/")


def click(client, link, **meta):
    url = reverse("wagtail_advocacy:tracked_link", args=[link.token])
    response = client.get(url, HTTP_USER_AGENT=FIREFOX, **meta)
    assert response.status_code == 302
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(("one", "other"), SPELLINGS)
def test_two_spellings_of_an_address_are_one_visitor(client, link, settings, one, other):
    settings.WAGTAIL_ADVOCACY_REPEAT_CLICK_WINDOW = 0  # keep both clicks: count visitors

    click(client, link, REMOTE_ADDR=one)
    click(client, link, REMOTE_ADDR=other)

    assert Click.objects.count() == 2
    assert Click.objects.values("visitor_hash").distinct().count() == 1
    rollup_day(timezone.localdate())
    assert DailyStat.objects.get().unique_visitors == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("one", "other"), SPELLINGS)
def test_through_a_proxy_header_too(client, link, settings, one, other):
    settings.WAGTAIL_ADVOCACY_CLIENT_IP_HEADER = "X-Forwarded-For"

    click(client, link, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.9, {one}")
    click(client, link, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.9,{other}")

    # The second is a repeat of the same visitor within the window.
    assert Click.objects.count() == 1


@pytest.mark.django_db
def test_different_addresses_stay_different_visitors(client, link, settings):
    settings.WAGTAIL_ADVOCACY_REPEAT_CLICK_WINDOW = 0
    for address in ("2001:db8::1", "2001:db8::2", "192.0.2.1", "::ffff:192.0.2.2", "fe80::1"):
        click(client, link, REMOTE_ADDR=address)
    assert Click.objects.values("visitor_hash").distinct().count() == 5


@pytest.mark.parametrize(
    "value",
    ["", "unknown", "not an address", "2001:db8::zz", "999.1.1.1", "[", "]:", "%", "x" * 10_000],
)
@pytest.mark.django_db
def test_a_value_that_is_not_an_address_is_hashed_as_given(client, link, rf, value):
    assert normalised_ip(value) == value
    request = rf.get("/", REMOTE_ADDR=value, HTTP_USER_AGENT=FIREFOX)
    assert len(visitor_hash(request)) == 64

    click(client, link, REMOTE_ADDR=value)
    assert Click.objects.count() == 1


@pytest.mark.django_db
def test_no_spelling_of_an_address_is_stored(client, link, settings):
    settings.WAGTAIL_ADVOCACY_REPEAT_CLICK_WINDOW = 0
    for _one, other in SPELLINGS:
        click(client, link, REMOTE_ADDR=other)
    stored = " ".join(str(row) for row in Click.objects.values_list())
    for one, other in SPELLINGS:
        assert one.strip() not in stored
        assert other.strip() not in stored
