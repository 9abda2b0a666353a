"""The content calendar: kits on a month grid by their share window, posting times marked."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from tests.sharing_factories import create_kit
from wagtail_advocacy.models import SuggestedPostingTime
from wagtail_advocacy.views.admin.calendar import parse_month

CALENDAR = reverse("wagtail_advocacy_admin:content_calendar")


def at(day, hour=9):
    """An aware datetime in the project's time zone, on November 2026 by default."""
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour))


def days_of(html, kit):
    """The dates of the grid cells that list ``kit``."""
    cells = re.findall(r'data-date="([\d-]+)">(.*?)</td>', html, flags=re.S)
    return [date for date, cell in cells if f'data-kit="{kit.pk}"' in cell]


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_kit_appears_on_each_day_of_its_window(editor_client, make_event_page):
    kit = create_kit(
        make_event_page(), title="Wind farm", share_starts_at=at(10), share_ends_at=at(12, 18)
    )

    html = editor_client.get(CALENDAR + "?month=2026-11").content.decode()

    assert days_of(html, kit) == ["2026-11-10", "2026-11-11", "2026-11-12"]
    assert "November 2026" in html


def test_a_window_ending_at_midnight_does_not_touch_the_next_day(editor_client, make_event_page):
    kit = create_kit(make_event_page(), share_starts_at=at(3), share_ends_at=at(5, 0))

    html = editor_client.get(CALENDAR + "?month=2026-11").content.decode()

    assert days_of(html, kit) == ["2026-11-03", "2026-11-04"]


def test_suggested_posting_times_are_marked_on_their_day(editor_client, make_event_page):
    kit = create_kit(make_event_page(), share_starts_at=at(10), share_ends_at=at(12, 18))
    SuggestedPostingTime.objects.create(kit=kit, post_at=at(11, 8))

    html = editor_client.get(CALENDAR + "?month=2026-11").content.decode()

    cell = re.search(r'data-date="2026-11-11">(.*?)</td>', html, flags=re.S).group(1)
    assert "08:00" in cell
    other = re.search(r'data-date="2026-11-10">(.*?)</td>', html, flags=re.S).group(1)
    assert "08:00" not in other


def test_withdrawn_and_other_months_kits_are_left_out(editor_client, make_event_page):
    withdrawn = create_kit(make_event_page(), share_starts_at=at(2), withdrawn_at=at(1))
    january = create_kit(
        make_event_page(),
        share_starts_at=timezone.make_aware(datetime.datetime(2027, 1, 5)),
        share_ends_at=timezone.make_aware(datetime.datetime(2027, 1, 6)),
    )

    html = editor_client.get(CALENDAR + "?month=2026-11").content.decode()

    assert days_of(html, withdrawn) == [] and days_of(html, january) == []


def test_previous_and_next_month_links(editor_client):
    html = editor_client.get(CALENDAR + "?month=2026-12").content.decode()

    assert 'href="?month=2026-11"' in html
    assert 'href="?month=2027-01"' in html


def test_a_bad_month_falls_back_to_the_current_one():
    today = datetime.date(2026, 11, 25)
    assert parse_month("2026-13", today) == datetime.date(2026, 11, 1)
    assert parse_month("nonsense", today) == datetime.date(2026, 11, 1)
    assert parse_month("2027-02", today) == datetime.date(2027, 2, 1)


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "99999-01", "2026-1-1"])
def test_months_at_the_ends_of_the_calendar_show_the_current_month(editor_client, month):
    response = editor_client.get(CALENDAR + f"?month={month}")
    this_month = timezone.localdate().replace(day=1)
    assert response.status_code == 200
    assert response.context["month"] == this_month


def test_the_calendar_does_not_grow_queries_with_kits(
    editor_client, make_event_page, django_assert_max_num_queries
):
    def add_kits(count):
        for day in range(1, count + 1):
            kit = create_kit(make_event_page(), share_starts_at=at(day), share_ends_at=at(day + 2))
            SuggestedPostingTime.objects.create(kit=kit, post_at=at(day, 10))

    add_kits(1)
    editor_client.get(CALENDAR + "?month=2026-11")
    with django_assert_max_num_queries(30) as few:
        editor_client.get(CALENDAR + "?month=2026-11")
    add_kits(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        editor_client.get(CALENDAR + "?month=2026-11")


def test_the_advocacy_menu_links_the_calendar(editor_client):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()

    assert CALENDAR in html


def test_the_month_buttons_are_wagtail_buttons_with_sized_arrows(editor_client):
    html = editor_client.get(CALENDAR + "?month=2026-12").content.decode()

    assert html.count('class="button button-small button-secondary advocacy-calendar__month"') == 2
    assert html.count("advocacy-calendar__month-icon") == 2
    css = finders.find("wagtail_advocacy/css/admin-calendar.css")
    with open(css) as stylesheet:
        assert ".advocacy-calendar__month-icon { width: 1em; height: 1em;" in stylesheet.read()


def test_the_calendar_needs_the_kit_list_permission(client, make_user, make_event_page):
    from django.contrib.auth.models import Permission

    create_kit(make_event_page(), title="Secret launch", share_starts_at=at(10))
    editor = make_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    denied = client.get(CALENDAR + "?month=2026-11")
    assert denied.status_code == 302  # back to the dashboard with "permission denied"
    assert denied["Location"] == reverse("wagtailadmin_home")
    assert CALENDAR not in client.get(reverse("wagtailadmin_home")).content.decode()

    editor.user_permissions.add(Permission.objects.get(codename="view_sharekit"))
    html = client.get(CALENDAR + "?month=2026-11").content.decode()
    assert "Secret launch" in html
    assert CALENDAR in client.get(reverse("wagtailadmin_home")).content.decode()
