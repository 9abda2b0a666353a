"""The share bar host templates drop in with ``{% share_bar page %}``."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from tests.sharing_factories import configure_sharing, create_kit
from wagtail_advocacy.models.settings import SharingSettings

TEMPLATE = Template("{% load wagtail_advocacy_tags %}{% share_bar page %}")


def render_bar(page, user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/news/")
    request.user = user or AnonymousUser()
    return TEMPLATE.render(Context({"request": request, "page": page})).strip()


@pytest.fixture
def page_with_kit(make_event_page):
    page = make_event_page(title="Our new office")
    create_kit(page)
    return page


def test_ambassadors_get_offered_networks_copy_link_and_qr(page_with_kit, make_ambassador):
    configure_sharing(networks=["linkedin", "bluesky", "mastodon"])
    html = render_bar(page_with_kit, make_ambassador().user)
    kit = page_with_kit.advocacy_share_kit
    share = reverse("wagtail_advocacy:share", args=[kit.pk])
    assert f'href="{share}?network=linkedin"' in html
    assert "Share on LinkedIn" in html and "Share on Bluesky" in html
    assert "Share on Mastodon" in html and "Share on X" not in html
    assert reverse("wagtail_advocacy:share_copy_link", args=[kit.pk]) in html
    assert reverse("wagtail_advocacy:share_qr", args=[kit.pk]) in html
    assert "<dialog" in html and "wagtail_advocacy/js/share.js" in html


def test_employees_who_are_not_ambassadors_are_invited(page_with_kit, make_user):
    html = render_bar(page_with_kit, make_user())
    gate = reverse("wagtail_advocacy:share_gate", args=[page_with_kit.advocacy_share_kit.pk])
    assert f'href="{gate}"' in html
    assert "Share on" not in html


def test_visitors_and_pages_without_a_live_kit_get_nothing(
    page_with_kit, make_event_page, make_ambassador
):
    assert render_bar(page_with_kit, None) == ""
    assert render_bar(make_event_page(), make_ambassador().user) == ""


def test_a_kit_for_other_teams_shows_nothing(page_with_kit, make_ambassador, make_team):
    kit = page_with_kit.advocacy_share_kit
    kit.audience_groups.add(make_team("Finance"))
    kit.save()
    assert render_bar(page_with_kit, make_ambassador().user) == ""


def test_constant_queries_whatever_the_networks(
    page_with_kit, make_ambassador, django_assert_max_num_queries
):
    user = make_ambassador().user
    configure_sharing(networks=["linkedin"])
    render_bar(page_with_kit, user)  # warm the site lookup
    with django_assert_max_num_queries(5):
        render_bar(page_with_kit, user)
    SharingSettings.objects.update(networks=["linkedin", "x", "facebook", "xing", "bluesky"])
    with django_assert_max_num_queries(5):
        html = render_bar(page_with_kit, user)
    assert html.count("Share on ") == 5


def test_the_bar_brings_its_own_styles_and_names_each_action(page_with_kit, make_ambassador):
    """Host pages need not extend the app's base template, so the bar links what it uses."""
    configure_sharing(networks=["linkedin", "email"])

    html = render_bar(page_with_kit, make_ambassador().user)

    assert html.count("wagtail_advocacy/css/advocacy.css") == 1
    assert html.count("wagtail_advocacy/css/share.css") == 1
    assert ">Share on LinkedIn</a>" in html
    assert ">Share by email</a>" in html and "Share on Email" not in html
