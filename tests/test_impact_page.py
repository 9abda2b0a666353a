"""The "my impact" page of an ambassador: their own figures, chart and best shares."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format


@pytest.fixture(autouse=True)
def host_base_template(settings):
    """The test app's own base template, as a host site would give its own."""
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"


@pytest.fixture
def today():
    return timezone.localdate()


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_login_is_required(client, db):
    response = client.get(reverse("wagtail_advocacy:impact"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_employees_who_never_joined_are_invited(client, make_user):
    client.force_login(make_user())

    html = client.get(reverse("wagtail_advocacy:impact")).content.decode()

    assert "Discover the ambassador programme" in html
    assert reverse("wagtail_advocacy:programme") in html
    assert "Unique clicks" not in html


def test_ambassador_sees_their_own_figures_and_best_shares(
    client, make_ambassador, make_share_kit, make_daily_stat, today
):
    alice, bob = make_ambassador(), make_ambassador()
    quiet = make_share_kit("Quiet news")
    popular = make_share_kit("Popular news")
    make_daily_stat(quiet, alice, today, shares=3, clicks=3, unique_visitors=2)
    make_daily_stat(
        popular,
        alice,
        today - datetime.timedelta(days=10),
        shares=1,
        clicks=50,
        unique_visitors=40,
        conversions=2,
        conversion_value=Decimal("60.00"),
    )
    make_daily_stat(popular, bob, today, shares=9, unique_visitors=400)  # not Alice's
    make_daily_stat(
        popular, alice, today - datetime.timedelta(days=100), shares=2, unique_visitors=21
    )  # the previous 90 days
    client.force_login(alice.user)

    html = client.get(reverse("wagtail_advocacy:impact")).content.decode()
    text = text_of(html)

    assert "Shares 4 +100% vs the previous 90 days" in text
    assert "Unique clicks 42 +100% vs the previous 90 days" in text
    assert "Conversions 2 new vs the previous 90 days" in text
    best = re.search(r'<ol class="advocacy-impact__best">(.*?)</ol>', html, re.S).group(1)
    assert text_of(best).startswith(
        "Popular news 40 unique clicks, 1 share, 2 conversions Quiet news 2 unique clicks"
    )
    assert popular.page.url in best


def test_the_chart_is_inline_svg_with_a_text_alternative(
    client, make_ambassador, make_share_kit, make_daily_stat, today
):
    alice = make_ambassador()
    make_daily_stat(make_share_kit(), alice, today, shares=1, unique_visitors=6)
    client.force_login(alice.user)

    html = client.get(reverse("wagtail_advocacy:impact")).content.decode()

    svg = re.search(r'<svg class="advocacy-chart__svg".*?</svg>', html, re.S).group(0)
    assert 'role="img"' in svg
    caption_id = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
    caption = re.search(rf'<figcaption[^>]*id="{caption_id}">(.*?)</figcaption>', html, re.S)
    assert "Unique clicks per day" in caption.group(1)
    assert "6 in all, at most 6 in a day" in caption.group(1)
    assert svg.count("<rect") == 1  # quiet days draw no bar
    assert "<script" not in html
    # The same figures as a table, week by week.
    assert "Show the figures week by week" in html
    assert len(re.findall(r'<th scope="row">', html)) == 13


def test_an_ambassador_without_activity_gets_an_encouraging_empty_state(client, make_ambassador):
    alice = make_ambassador()
    client.force_login(alice.user)

    text = text_of(client.get(reverse("wagtail_advocacy:impact")).content.decode())

    assert "Nothing shared in this period yet" in text
    assert "Shares 0 no change" in text


def test_impact_page_takes_a_constant_number_of_queries(
    client,
    make_ambassador,
    make_share_kit,
    make_daily_stat,
    today,
    django_assert_max_num_queries,
):
    alice = make_ambassador()
    client.force_login(alice.user)

    def add_activity(kits, days):
        for kit in [make_share_kit() for _ in range(kits)]:
            for offset in range(days):
                make_daily_stat(
                    kit,
                    alice,
                    today - datetime.timedelta(days=offset),
                    shares=1,
                    unique_visitors=3,
                )

    add_activity(1, 1)
    client.get(reverse("wagtail_advocacy:impact"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("wagtail_advocacy:impact"))
    add_activity(6, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("wagtail_advocacy:impact")).content.decode()
    assert html.count("<li>") >= 5


def test_dates_read_the_same_in_the_text_and_in_the_chart(
    client, make_ambassador, make_share_kit, make_daily_stat, today
):
    alice = make_ambassador()
    make_daily_stat(make_share_kit(), alice, today, shares=1, unique_visitors=6)
    client.force_login(alice.user)

    html = client.get(reverse("wagtail_advocacy:impact")).content.decode()

    last_day = date_format(today, "DATE_FORMAT")
    period = re.search(r'<p class="advocacy-impact__period">(.*?)</p>', html, re.S).group(1)
    caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S).group(1)
    assert f"to {last_day}" in text_of(period)
    assert f"to {last_day}:" in caption
