"""The content calendar: each kit a bar per week its window crosses, with what happens on a
day (it opens, a suggested posting time, it closes) marked on that day."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from tests.sharing_factories import create_kit
from wagtail_advocacy.models import SuggestedPostingTime
from wagtail_advocacy.views.admin.calendar import parse_month

CALENDAR = reverse("wagtail_advocacy_admin:content_calendar")
# November 2026 starts on a Sunday: its grid's weeks start on these Mondays.
NOVEMBER_WEEKS = [
    "2026-10-26",
    "2026-11-02",
    "2026-11-09",
    "2026-11-16",
    "2026-11-23",
    "2026-11-30",
]
# Whatever the number of kits: the session, the user and their profile, the admin's menu and
# header (locales, the explorer's pages: four), and the calendar's own two (the kits with
# their pages, their posting times in the month), and the game's settings (for its Reports
# menu item, when the game is installed).
CALENDAR_QUERIES = 10


def at(day, hour=9, month=11):
    """An aware datetime in the project's time zone, on November 2026 by default."""
    return timezone.make_aware(datetime.datetime(2026, month, day, hour))


def november(client):
    return BeautifulSoup(client.get(CALENDAR + "?month=2026-11").content, "html.parser")


def bars(soup, kit):
    """``kit``'s bars, by the Monday of the week each is in."""
    return {
        week["data-week"]: bar
        for week in soup.select(".advocacy-calendar__week")
        for bar in week.select(f'.advocacy-calendar__bar[data-kit="{kit.pk}"]')
    }


def words(element):
    return " ".join(element.get_text(" ", strip=True).split())


def events(bar):
    """The days of a bar with markers, and what they say: [(date, text)]."""
    return [(day["data-date"], words(day)) for day in bar.select(".advocacy-calendar__events-day")]


def classes(bar):
    return [name.removeprefix("advocacy-calendar__bar--") for name in bar["class"][1:]]


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_a_kit_is_one_bar_per_week_its_window_crosses(editor_client, make_event_page):
    kit = create_kit(
        make_event_page(), title="Wind farm", share_starts_at=at(10), share_ends_at=at(18, 18)
    )

    soup = november(editor_client)

    assert soup.get_text().count("Wind farm") == 2
    first, second = bars(soup, kit)["2026-11-09"], bars(soup, kit)["2026-11-16"]
    assert list(bars(soup, kit)) == ["2026-11-09", "2026-11-16"]
    # Tuesday to Sunday, then Monday to Wednesday: the day columns each bar covers.
    assert {"from-2", "span-6", "continues"} <= set(classes(first))
    assert "continued" not in classes(first)
    assert {"from-1", "span-3", "continued"} <= set(classes(second))
    assert "continues" not in classes(second)
    link = first.find("a")
    assert link.get_text() == "Wind farm"
    assert link["href"] == reverse("wagtail_advocacy_admin:page_share_kit", args=[kit.page_id])
    assert "November 2026" in soup.get_text()


def test_opening_posting_times_and_closing_are_marked_on_their_day(editor_client, make_event_page):
    kit = create_kit(make_event_page(), share_starts_at=at(10), share_ends_at=at(18, 18))
    SuggestedPostingTime.objects.create(kit=kit, post_at=at(11, 8))
    SuggestedPostingTime.objects.create(kit=kit, post_at=at(16, 12))
    SuggestedPostingTime.objects.create(kit=kit, post_at=at(16, 17))

    soup = november(editor_client)

    week_of_9, week_of_16 = bars(soup, kit)["2026-11-09"], bars(soup, kit)["2026-11-16"]
    assert events(week_of_9) == [
        ("2026-11-10", "Tuesday 10 November: Opens 09:00"),
        ("2026-11-11", "Wednesday 11 November: Suggested posting time 08:00"),
    ]
    assert events(week_of_16) == [
        (
            "2026-11-16",
            "Monday 16 November: Suggested posting time 12:00 Suggested posting time 17:00",
        ),
        ("2026-11-18", "Wednesday 18 November: Closes 18:00"),
    ]
    # Each day with markers sits in its own column of the bar.
    days = week_of_9.select(".advocacy-calendar__events-day")
    assert [day["class"][1] for day in days] == [
        "advocacy-calendar__at-1",
        "advocacy-calendar__at-2",
    ]


def test_continuing_bars_say_so_in_words(editor_client, make_event_page):
    kit = create_kit(
        make_event_page(), title="Long one", share_starts_at=at(4), share_ends_at=at(25)
    )

    soup = november(editor_client)

    text = {
        week: " ".join(bar.get_text(" ", strip=True).split())
        for week, bar in bars(soup, kit).items()
    }
    assert list(text) == NOVEMBER_WEEKS[1:5]
    assert text["2026-11-02"].startswith("Long one from Wednesday 4 November to Sunday 8 November")
    assert text["2026-11-02"].count("continues next week") == 1
    assert "Continued from the previous week" not in text["2026-11-02"]
    assert text["2026-11-09"] == (
        "Continued from the previous week: Long one "
        "from Monday 9 November to Sunday 15 November, continues next week"
    )
    assert "continues next week" not in text["2026-11-23"]
    assert text["2026-11-23"].endswith("Wednesday 25 November: Closes 09:00")


def test_a_window_ending_at_midnight_closes_at_the_end_of_the_day_before(
    editor_client, make_event_page
):
    kit = create_kit(make_event_page(), share_starts_at=at(3), share_ends_at=at(5, 0))

    bar = bars(november(editor_client), kit)["2026-11-02"]

    assert {"from-2", "span-2"} <= set(classes(bar))
    assert events(bar)[-1] == ("2026-11-04", "Wednesday 4 November: Closes 24:00")


def test_a_kit_without_dates_opens_when_created_and_never_closes(editor_client, make_event_page):
    kit = create_kit(make_event_page())
    kit.created_at = at(20, 14)
    kit.save(update_fields=["created_at"])

    found = bars(november(editor_client), kit)

    assert list(found) == NOVEMBER_WEEKS[3:]
    assert events(found["2026-11-16"]) == [("2026-11-20", "Friday 20 November: Opens 14:00")]
    assert "continues" in classes(found["2026-11-30"])
    assert not any("Closes" in text for bar in found.values() for _, text in events(bar))


def test_overlapping_kits_take_separate_lanes_and_share_them_when_free(
    editor_client, make_event_page
):
    first = create_kit(make_event_page(), share_starts_at=at(2), share_ends_at=at(4, 18))
    overlapping = create_kit(make_event_page(), share_starts_at=at(3), share_ends_at=at(6, 18))
    after_first = create_kit(make_event_page(), share_starts_at=at(5), share_ends_at=at(7, 18))

    soup = november(editor_client)

    week = soup.select_one('.advocacy-calendar__week[data-week="2026-11-02"]')
    lanes = {int(bar["data-kit"]): int(bar["data-lane"]) for bar in week.select("[data-lane]")}
    assert lanes == {first.pk: 0, overlapping.pk: 1, after_first.pk: 0}
    # Lane by lane in the HTML: the grid's auto-placement puts each lane on its own row.
    assert [int(bar["data-kit"]) for bar in week.select("[data-lane]")] == [
        first.pk,
        after_first.pk,
        overlapping.pk,
    ]


def test_withdrawn_and_other_months_kits_are_left_out(editor_client, make_event_page):
    withdrawn = create_kit(make_event_page(), share_starts_at=at(2), withdrawn_at=at(1))
    january = create_kit(make_event_page(), share_starts_at=at(5, month=1).replace(year=2027))

    soup = november(editor_client)

    assert bars(soup, withdrawn) == {} and bars(soup, january) == {}


def test_today_and_the_past_are_marked(editor_client):
    today = timezone.localdate()
    soup = BeautifulSoup(editor_client.get(CALENDAR).content, "html.parser")

    today_cell = soup.select_one(f'[data-date="{today:%Y-%m-%d}"]')
    assert "advocacy-calendar__day--today" in today_cell["class"]
    past = [day["data-date"] for day in soup.select(".advocacy-calendar__day--past")]
    assert all(date < f"{today:%Y-%m-%d}" for date in past)
    assert soup.select_one("h3:-soup-contains('This week, from')") is not None


def test_previous_and_next_month_links(editor_client):
    html = editor_client.get(CALENDAR + "?month=2026-12").content.decode()

    assert 'href="?month=2026-11"' in html
    assert 'href="?month=2027-01"' in html


def test_a_bad_month_falls_back_to_the_current_one():
    today = datetime.date(2026, 11, 25)
    assert parse_month("2026-13", today) == datetime.date(2026, 11, 1)
    assert parse_month("nonsense", today) == datetime.date(2026, 11, 1)
    assert parse_month("2027-02", today) == datetime.date(2027, 2, 1)


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "99999-01", "2026-1-1", "garbage", ""])
def test_months_at_the_ends_of_the_calendar_show_the_current_month(editor_client, month):
    response = editor_client.get(CALENDAR + f"?month={month}")
    this_month = timezone.localdate().replace(day=1)
    assert response.status_code == 200
    assert response.context["month"] == this_month
    assert this_month.strftime("%B %Y") in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_calendar_draws_every_kit_once_per_week_in_constant_queries(
    editor_client, make_event_page, django_assert_max_num_queries, count
):
    # Live kits across the whole grid (opened before, closing after), a posting time each.
    kits = []
    for number in range(count):
        kit = create_kit(
            make_event_page(),
            title=f"Kit number {number:02}",
            share_starts_at=at(1, month=10),
            share_ends_at=at(10, month=12),
        )
        SuggestedPostingTime.objects.create(kit=kit, post_at=at(1 + number % 28, 10))
        kits.append(kit)

    november(editor_client)  # the first request of a session does more
    with django_assert_max_num_queries(CALENDAR_QUERIES):
        soup = november(editor_client)

    text = soup.get_text()
    for kit in kits:
        assert text.count(kit.title) == len(NOVEMBER_WEEKS)
        assert len(soup.select(f'[data-kit="{kit.pk}"] .advocacy-calendar__event')) == 1


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


def test_the_header_and_breadcrumbs_name_the_calendar(editor_client):
    soup = BeautifulSoup(editor_client.get(CALENDAR).content, "html.parser")

    assert soup.find("h1").get_text(strip=True) == "Content calendar"
    breadcrumbs = soup.select_one("nav[aria-label=Breadcrumb]")
    assert words(breadcrumbs).endswith("Content calendar")
