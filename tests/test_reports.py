"""The advocacy reports: rows, filters, exports, permission and a constant number of queries."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wagtail_advocacy.models import Campaign

REPORTS = ["content", "ambassadors", "networks", "campaigns"]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def programme(make_team, make_ambassador, make_share_kit, make_daily_stat, make_user, today):
    """Two teams, two kits (one in a campaign), activity today and long ago."""
    sales = make_team("Sales")
    spring = Campaign.objects.create(name="Spring hiring", slug="spring", starts_on=today)
    jobs = make_share_kit("We are hiring", category="employer", campaign=spring)
    news = make_share_kit("Quarterly results")
    # Both chose to be named: the default, anonymous, hides names from reports too.
    alice = make_ambassador(
        make_user("alice", first_name="Alice", last_name="Martin"), team=sales, recognition="named"
    )
    bob = make_ambassador(
        make_user("bob", first_name="Bob", last_name="Durand"), recognition="named"
    )
    make_daily_stat(
        jobs,
        alice,
        today,
        shares=2,
        clicks=10,
        unique_visitors=8,
        conversions=1,
        conversion_value=Decimal("25.00"),
    )
    make_daily_stat(jobs, bob, today, network="x", shares=1, clicks=3, unique_visitors=3)
    make_daily_stat(
        news, bob, today - datetime.timedelta(days=3), shares=4, clicks=2, unique_visitors=2
    )
    # Outside the default 30 days: never in a default report.
    make_daily_stat(
        news,
        alice,
        today - datetime.timedelta(days=60),
        shares=50,
        clicks=500,
        unique_visitors=400,
    )
    return {"sales": sales, "spring": spring, "jobs": jobs, "news": news}


def get_csv(client, url, **params):
    response = client.get(url, {**params, "export": "csv"})
    assert response["Content-Type"] == "text/csv"
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def test_content_report_lists_each_shared_page_with_its_figures(admin_client, programme):
    response = admin_client.get(reverse("wagtail_advocacy_admin:report_content"))

    html = response.content.decode()
    assert "We are hiring" in html
    assert "Quarterly results" in html
    rows = response.context["object_list"]
    # Ordered by unique clicks: the hiring kit brought 11, the results 2 (not 402).
    assert [(r["kit__title"], r["shares_total"], r["unique_clicks_total"]) for r in rows] == [
        ("We are hiring", 3, 11),
        ("Quarterly results", 4, 2),
    ]
    assert reverse("wagtailadmin_pages:edit", args=[programme["jobs"].page_id]) in html


def test_content_report_csv_has_translated_headings_and_rows(admin_client, programme):
    rows = get_csv(admin_client, reverse("wagtail_advocacy_admin:report_content"))

    assert rows[0] == [
        "Shared page",
        "Shares",
        "Unique clicks",
        "Clicks",
        "Clicks per share",
        "Conversions",
        "Conversion value",
    ]
    assert rows[1] == ["We are hiring", "3", "11", "13", "4.33", "1", "25.00"]
    assert rows[2] == ["Quarterly results", "4", "2", "2", "0.50", "0", "0.00"]
    assert len(rows) == 3


def test_csv_headings_follow_the_language(admin_client, programme):
    response = admin_client.get(
        reverse("wagtail_advocacy_admin:report_content"),
        {"export": "csv"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    heading = b"".join(response.streaming_content).decode().splitlines()[0]
    # The French catalogue is regenerated at merge time; whatever it holds, the heading is
    # the translated one of the active language.
    from django.utils import translation

    with translation.override("fr"):
        assert heading.split(",")[0] == translation.gettext("Shared page")


def test_ambassadors_report_xlsx(admin_client, programme, today):
    response = admin_client.get(
        reverse("wagtail_advocacy_admin:report_ambassadors"), {"export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert rows[0] == [
        "Ambassador",
        "Last share",
        "Shares",
        "Unique clicks",
        "Clicks",
        "Clicks per share",
        "Conversions",
        "Conversion value",
    ]
    assert rows[1][0] == "Alice Martin"
    assert rows[1][2:5] == [2, 8, 10]
    assert rows[1][7] == 25
    assert rows[2][0] == "Bob Durand"
    assert rows[2][2] == 5
    assert len(rows) == 3


def test_ambassadors_report_shows_last_active_day(admin_client, programme, today):
    rows = get_csv(admin_client, reverse("wagtail_advocacy_admin:report_ambassadors"))
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Bob Durand"][1] == today.isoformat()


def test_networks_and_campaigns_reports(admin_client, programme):
    networks = get_csv(admin_client, reverse("wagtail_advocacy_admin:report_networks"))
    assert [row[:3] for row in networks[1:]] == [["LinkedIn", "6", "10"], ["X", "1", "3"]]

    campaigns = get_csv(admin_client, reverse("wagtail_advocacy_admin:report_campaigns"))
    assert [row[:3] for row in campaigns[1:]] == [
        ["Spring hiring", "3", "11"],
        ["No campaign", "4", "2"],
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"network": "x"}, [["We are hiring", "1"]]),
        ({"category": "brand"}, [["Quarterly results", "4"]]),
        ({"campaign": "spring"}, [["We are hiring", "3"]]),
        ({"team": "sales"}, [["We are hiring", "2"]]),
        ({"period": "long"}, [["Quarterly results", "54"], ["We are hiring", "3"]]),
    ],
)
def test_filters_change_the_rows(admin_client, programme, today, params, expected):
    if "campaign" in params:
        params = {"campaign": programme["spring"].pk}
    if "team" in params:
        params = {"team": programme["sales"].pk}
    if "period" in params:
        params = {
            "day_from": (today - datetime.timedelta(days=90)).isoformat(),
            "day_to": today.isoformat(),
        }
    rows = get_csv(admin_client, reverse("wagtail_advocacy_admin:report_content"), **params)
    assert [row[:2] for row in rows[1:]] == expected


def test_the_default_period_is_shown_in_the_filter(admin_client, programme, today):
    response = admin_client.get(reverse("wagtail_advocacy_admin:report_content"))
    html = response.content.decode()
    assert (today - datetime.timedelta(days=29)).isoformat() in html
    assert response.context["period"].days == 30


def test_results_only_url_renders_the_listing_alone(admin_client, programme):
    response = admin_client.get(reverse("wagtail_advocacy_admin:report_content_results"))
    html = response.content.decode()
    assert "We are hiring" in html
    assert "<html" not in html


def test_empty_report_says_so(admin_client, db):
    response = admin_client.get(reverse("wagtail_advocacy_admin:report_networks"))
    assert "Nothing was shared or clicked in this period" in response.content.decode()


def test_reports_are_paginated(
    admin_client, make_ambassador, make_share_kit, make_daily_stat, today
):
    kit = make_share_kit()
    for _ in range(55):
        make_daily_stat(kit, make_ambassador(), today, shares=1)
    response = admin_client.get(reverse("wagtail_advocacy_admin:report_ambassadors"))
    assert len(response.context["object_list"]) == 50
    assert "55 ambassadors" in response.content.decode()
    second = admin_client.get(reverse("wagtail_advocacy_admin:report_ambassadors"), {"p": 2})
    assert len(second.context["object_list"]) == 5


@pytest.mark.parametrize("report", REPORTS)
def test_reports_need_the_reports_permission(client, make_user, programme, report):
    editor = make_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    url = reverse(f"wagtail_advocacy_admin:report_{report}")

    denied = client.get(url, {"export": "csv"})
    assert denied.status_code == 302  # back to the dashboard with "permission denied"
    assert not denied.get("Content-Type", "").startswith("text/csv")

    editor.user_permissions.add(Permission.objects.get(codename="view_advocacy_reports"))
    rows = get_csv(client, url)
    assert len(rows) >= 2


def test_reports_menu_items_follow_the_permission(client, make_user, programme):
    editor = make_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    report_url = reverse("wagtail_advocacy_admin:report_content")

    assert report_url not in client.get(reverse("wagtailadmin_home")).content.decode()
    editor.user_permissions.add(Permission.objects.get(codename="view_advocacy_reports"))
    assert report_url in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("report", REPORTS)
def test_reports_take_a_constant_number_of_queries(
    admin_client,
    make_ambassador,
    make_share_kit,
    make_daily_stat,
    today,
    report,
    django_assert_max_num_queries,
):
    url = reverse(f"wagtail_advocacy_admin:report_{report}")

    def add_activity(kits, people):
        for kit in [
            make_share_kit(
                campaign=Campaign.objects.create(
                    name=f"C{n}{kits}", slug=f"c{n}-{kits}", starts_on=today
                )
            )
            for n in range(kits)
        ]:
            for person in [make_ambassador() for _ in range(people)]:
                for network in ("linkedin", "x"):
                    make_daily_stat(kit, person, today, network=network, shares=1)

    add_activity(1, 1)
    admin_client.get(url)  # warm caches (site, settings) outside the measurement
    with django_assert_max_num_queries(20) as few:
        admin_client.get(url)
    add_activity(4, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(url)
    assert len(response.context["object_list"]) > 1


def test_the_reports_permission_can_be_granted_to_a_group(admin_client, make_team):
    team = make_team("Communication")
    html = admin_client.get(reverse("wagtailusers_groups:edit", args=[team.pk])).content.decode()
    permission = Permission.objects.get(codename="view_advocacy_reports")
    assert f'value="{permission.pk}"' in html
    assert "Can view advocacy reports" in html


def test_each_reports_menu_entry_reads_as_its_page_title(db):
    from wagtail import hooks

    from wagtail_advocacy.views.admin import reports

    pages = {
        "content": reports.ContentReportView,
        "ambassadors": reports.AmbassadorsReportView,
        "networks": reports.NetworksReportView,
        "campaigns": reports.CampaignsReportView,
    }
    menu = {}
    for hook in hooks.get_hooks("register_reports_menu_item"):
        item = hook()
        menu[item.url] = str(item.label)

    for report, view in pages.items():
        assert menu[reverse(f"wagtail_advocacy_admin:report_{report}")] == str(view.page_title)
