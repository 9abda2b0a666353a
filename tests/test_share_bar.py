"""The share bar host templates drop in with ``{% share_bar page %}``."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
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


def render_bar_with(arguments, page, user):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/news/")
    request.user = user or AnonymousUser()
    template = Template("{% load wagtail_advocacy_tags %}{% share_bar page " + arguments + " %}")
    return template.render(Context({"request": request, "page": page, "level": "4"})).strip()


def test_the_bar_heading_is_an_h2_by_default(page_with_kit, make_ambassador):
    html = render_bar(page_with_kit, make_ambassador().user)

    assert '<h2 class="advocacy-share-bar__title"' in html
    assert "Share this with your network</h2>" in html


@pytest.mark.parametrize(
    ("arguments", "tag"), [("heading_level=3", "h3"), ("heading_level=level", "h4")]
)
def test_the_host_chooses_the_level_of_the_bar_heading(
    page_with_kit, make_ambassador, arguments, tag
):
    """Below a host's h3, an h2 would break the page's heading order."""
    html = render_bar_with(arguments, page_with_kit, make_ambassador().user)

    assert f'<{tag} class="advocacy-share-bar__title"' in html
    assert f"Share this with your network</{tag}>" in html
    assert "<h2" not in html


@pytest.mark.parametrize("value", ["0", "7", "'three'", "'3.5'", "None", "True"])
def test_a_heading_level_outside_1_to_6_is_a_clear_template_error(page_with_kit, value):
    # Checked for a visitor too, to whom the bar shows nothing: the mistake shows at once.
    with pytest.raises(
        TemplateSyntaxError, match="heading_level must be a whole number from 1 to 6"
    ):
        render_bar_with(f"heading_level={value}", page_with_kit, None)


def test_an_unknown_static_file_type_is_a_clear_template_error():
    template = Template('{% load wagtail_advocacy_tags %}{% advocacy_assets "img/logo.svg" %}')
    with pytest.raises(TemplateSyntaxError, match="takes .css and .js files, not 'img/logo.svg'"):
        template.render(Context({}))


def test_two_bars_on_a_page_link_the_styles_and_the_script_once(page_with_kit, make_ambassador):
    html = render_bar_with("%}{% share_bar page", page_with_kit, make_ambassador().user)

    assert html.count("Share this with your network") == 2
    for path in ("css/advocacy.css", "css/share.css", "js/share.js"):
        assert html.count(f"wagtail_advocacy/{path}") == 1
