"""The advocacy hub: the kits an ambassador may share now, and the shipped page types."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.test.utils import WagtailPageTestCase

import wagtail_advocacy
from tests.sharing_factories import create_kit, host_base_template
from tests.testapp.models import EventPage
from wagtail_advocacy.kits.lifecycle import restore_kit, withdraw_kit
from wagtail_advocacy.models import (
    AdvocacyHubPage,
    Ambassador,
    ShareableArticlePage,
    ShareKit,
)

pytestmark = pytest.mark.usefixtures("host_base_template")
__all__ = ["host_base_template"]  # a fixture, imported to be found


@pytest.fixture
def hub(root_page):
    page = AdvocacyHubPage(title="Share hub", slug="share-hub")
    root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def ambassador_client(client, make_ambassador):
    ambassador = make_ambassador()
    client.force_login(ambassador.user)
    client.ambassador = ambassador
    return client


def kit_titles(response):
    """Titles of the kit cards, in the order shown."""
    return [kit.title for kit in response.context["kits"]]


def test_anonymous_visitors_are_sent_to_log_in_and_back(client, hub):
    response = client.get(hub.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "share-hub" in response["Location"]


def test_employees_who_are_not_ambassadors_are_invited_to_join(client, make_user, hub):
    client.force_login(make_user())

    html = client.get(hub.url).content.decode()

    assert "Discover the programme" in html
    assert reverse("wagtail_advocacy:programme") in html


def test_the_hub_respects_audience_window_withdrawal_and_page_status(
    ambassador_client, hub, make_event_page, make_team
):
    now = timezone.now()
    sales, legal = make_team("Sales"), make_team("Legal")
    ambassador_client.ambassador.user.groups.add(sales)
    create_kit(make_event_page(), title="For everyone")
    for_sales = create_kit(make_event_page(), title="For sales")
    for_sales.audience_groups.add(sales)
    for_sales.save()
    for_legal = create_kit(make_event_page(), title="For legal")
    for_legal.audience_groups.add(legal)
    for_legal.save()
    create_kit(make_event_page(), title="Upcoming", share_starts_at=now + timedelta(days=1))
    create_kit(make_event_page(), title="Ended", share_ends_at=now - timedelta(minutes=1))
    create_kit(make_event_page(), title="Withdrawn", withdrawn_at=now)
    unpublished = make_event_page()
    unpublished.unpublish()
    create_kit(unpublished, title="Unpublished page")

    response = ambassador_client.get(hub.url)

    assert sorted(kit_titles(response)) == ["For everyone", "For sales"]
    html = response.content.decode()
    assert "For legal" not in html and "Upcoming" not in html


def test_featured_kits_come_first_then_the_newest(ambassador_client, hub, make_event_page):
    old = create_kit(make_event_page(), title="Old")
    create_kit(make_event_page(), title="Featured", featured=True)
    create_kit(make_event_page(), title="New")
    old.created_at = timezone.now() - timedelta(days=5)
    old.save(update_fields=["created_at"])

    assert kit_titles(ambassador_client.get(hub.url)) == ["Featured", "New", "Old"]


def test_the_category_filter(ambassador_client, hub, make_event_page):
    create_kit(make_event_page(), title="Jobs", category="employer")
    create_kit(make_event_page(), title="Product", category="brand")

    response = ambassador_client.get(hub.url + "?category=employer")

    assert kit_titles(response) == ["Jobs"]
    assert 'aria-current="page">Employer brand and jobs' in response.content.decode()


def test_new_since_the_last_visit(ambassador_client, hub, make_event_page):
    ambassador = ambassador_client.ambassador
    three_days_ago = timezone.now() - timedelta(days=3)
    seen = create_kit(make_event_page(first_published_at=three_days_ago), title="Seen")
    seen.created_at = three_days_ago
    seen.save(update_fields=["created_at"])
    Ambassador.objects.filter(pk=ambassador.pk).update(
        last_hub_visit_at=timezone.now() - timedelta(days=1)
    )
    create_kit(make_event_page(), title="Fresh")

    html = ambassador_client.get(hub.url).content.decode()

    assert html.count("New since your last visit") == 1
    fresh, seen_card = html.index("Fresh"), html.index("Seen")
    assert html.index("New since your last visit") < fresh < seen_card
    ambassador.refresh_from_db()
    assert ambassador.last_hub_visit_at > timezone.now() - timedelta(minutes=1)
    # Second visit: nothing is new any more.
    assert "New since your last visit" not in ambassador_client.get(hub.url).content.decode()


def draft_event_page(root_page, title):
    """A page an editor has saved but not published yet."""
    page = EventPage(title=title, live=False)
    root_page.add_child(instance=page)
    page.save_revision()
    return page


def test_a_kit_prepared_on_a_draft_is_new_when_its_page_goes_live(
    ambassador_client, hub, root_page
):
    ambassador = ambassador_client.ambassador
    page = draft_event_page(root_page, "Prepared in advance")
    kit = create_kit(page, title="Prepared in advance")
    ShareKit.objects.filter(pk=kit.pk).update(created_at=timezone.now() - timedelta(days=3))
    Ambassador.objects.filter(pk=ambassador.pk).update(
        last_hub_visit_at=timezone.now() - timedelta(days=1)
    )
    assert "Prepared in advance" not in ambassador_client.get(hub.url).content.decode()
    Ambassador.objects.filter(pk=ambassador.pk).update(
        last_hub_visit_at=timezone.now() - timedelta(hours=1)
    )

    page.save_revision().publish()
    html = ambassador_client.get(hub.url).content.decode()

    assert "Prepared in advance" in html
    assert html.count("New since your last visit") == 1
    assert "New since your last visit" not in ambassador_client.get(hub.url).content.decode()


def test_a_restored_kit_is_new_again(ambassador_client, hub, make_event_page, admin_user):
    ambassador = ambassador_client.ambassador
    long_ago = timezone.now() - timedelta(days=3)
    kit = create_kit(make_event_page(first_published_at=long_ago), title="Back again")
    ShareKit.objects.filter(pk=kit.pk).update(created_at=long_ago)
    withdraw_kit(kit, admin_user)
    Ambassador.objects.filter(pk=ambassador.pk).update(
        last_hub_visit_at=timezone.now() - timedelta(days=1)
    )

    restore_kit(kit, admin_user)

    assert "New since your last visit" in ambassador_client.get(hub.url).content.decode()


def test_filtering_or_paging_is_not_a_visit(ambassador_client, hub, make_event_page):
    ambassador = ambassador_client.ambassador
    last_visit = timezone.now() - timedelta(days=1)
    Ambassador.objects.filter(pk=ambassador.pk).update(last_hub_visit_at=last_visit)
    create_kit(make_event_page(), title="Fresh", category="brand")

    for query in ("?category=brand", "?page=2", "?category=insight&page=1"):
        ambassador_client.get(hub.url + query)
        ambassador.refresh_from_db()
        assert ambassador.last_hub_visit_at == last_visit, query
    assert "New since your last visit" in ambassador_client.get(hub.url).content.decode()


def test_the_hub_is_paginated_by_twelve(ambassador_client, hub, make_event_page):
    for number in range(14):
        create_kit(make_event_page(), title=f"Kit {number}")

    first = ambassador_client.get(hub.url)
    second = ambassador_client.get(hub.url + "?page=2")

    assert len(kit_titles(first)) == 12
    assert len(kit_titles(second)) == 2
    assert 'rel="next" href="?page=2"' in first.content.decode()


def test_each_card_links_to_the_share_dialog(ambassador_client, hub, make_event_page):
    kit = create_kit(make_event_page(), title="Wind farm")

    html = ambassador_client.get(hub.url).content.decode()

    assert reverse("wagtail_advocacy:share", args=[kit.pk]) in html


def test_the_hub_does_not_grow_queries_with_kits(
    ambassador_client, hub, make_event_page, make_team, django_assert_max_num_queries
):
    team = make_team("Sales")
    ambassador_client.ambassador.user.groups.add(team)

    def add_kits(count):
        for _ in range(count):
            kit = create_kit(make_event_page(), featured=True, messages=["A {link}", "B {link}"])
            kit.audience_groups.add(team)
            kit.save()

    add_kits(2)
    ambassador_client.get(hub.url)  # warm caches (site root paths)
    with django_assert_max_num_queries(30) as few:
        ambassador_client.get(hub.url)
    add_kits(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = ambassador_client.get(hub.url)
    assert len(kit_titles(response)) == 12


@override_settings(WAGTAIL_ADVOCACY_BASE_TEMPLATE="testapp/base.html")
class TestShippedPageTypes(WagtailPageTestCase):
    """Page-tree rules of the shipped page types, next to a host page type."""

    def test_the_hub_and_the_article_can_go_under_a_host_page(self):
        self.assertCanCreateAt(EventPage, AdvocacyHubPage)
        self.assertCanCreateAt(EventPage, ShareableArticlePage)

    def test_the_article_may_be_a_child_of_the_hub(self):
        self.assertCanCreateAt(AdvocacyHubPage, ShareableArticlePage)

    def test_the_article_is_renderable(self):
        root = self.__class__.root_page()
        article = ShareableArticlePage(title="Careers day", intro="Meet us on Friday.")
        root.add_child(instance=article)
        self.assertPageIsRenderable(article)

    @staticmethod
    def root_page():
        from wagtail.models import Site

        return Site.objects.get(is_default_site=True).root_page


def test_a_kit_card_shows_its_badges_deadline_and_a_named_share_button(
    ambassador_client, hub, make_event_page
):
    ends_at = timezone.now() + timedelta(days=20)
    kit = create_kit(
        make_event_page(), title="Half-year results", featured=True, share_ends_at=ends_at
    )

    html = ambassador_client.get(hub.url).content.decode()

    assert "wagtail_advocacy/css/advocacy.css" in html
    # Category and "Featured" are separate badges, not one run of words.
    assert f'<li class="advocacy-badge">{kit.get_category_display()}</li>' in html
    assert '<li class="advocacy-badge advocacy-badge--featured">Featured</li>' in html
    deadline = date_format(timezone.localtime(ends_at), "DATE_FORMAT")
    assert f"Share until {deadline}" in html
    assert '<span class="advocacy-visually-hidden">: Half-year results</span>' in html
    assert 'class="visually-hidden"' not in html


def test_the_category_filters_are_pills_with_the_current_one_marked(
    ambassador_client, hub, make_event_page
):
    create_kit(make_event_page(), title="Jobs", category="employer")

    html = ambassador_client.get(hub.url).content.decode()

    assert '<a class="advocacy-pill" href="?" aria-current="page">All</a>' in html
    assert '<a class="advocacy-pill" href="?category=employer">' in html


@pytest.mark.parametrize("template", ["advocacy_hub_page.html", "includes/kit_card.html"])
def test_every_class_of_the_front_end_templates_is_styled(template):
    """A class the templates use but advocacy.css never styles is how the hub shipped bare."""
    app = Path(wagtail_advocacy.__file__).parent
    html = (app / "templates" / "wagtail_advocacy" / template).read_text()
    css = (app / "static" / "wagtail_advocacy" / "css" / "advocacy.css").read_text()
    used = set()
    for classes in re.findall(r'class="([^"{]*)', html):
        used.update(name for name in classes.split() if name.startswith("advocacy"))
    # Wrappers that only scope the custom properties, and BEM blocks that are containers.
    containers = {"advocacy", "advocacy-hub", "advocacy-hub__filters", "advocacy-hub__empty"}
    unstyled = {name for name in used - containers if f".{name}" not in css}
    assert not unstyled, f"no rule in advocacy.css for {sorted(unstyled)}"


def test_a_suspended_ambassador_reads_why_on_the_hub(ambassador_client, hub, make_user):
    from wagtail_advocacy.people.suspension import lift_suspension, suspend_ambassador

    admin = make_user(is_superuser=True)
    suspend_ambassador(ambassador_client.ambassador, "Spam in the comments", admin)
    html = ambassador_client.get(hub.url).content.decode()
    assert "Your sharing is suspended" in html and "Spam in the comments" in html

    lift_suspension(ambassador_client.ambassador, admin)
    assert "Your sharing is suspended" not in ambassador_client.get(hub.url).content.decode()
