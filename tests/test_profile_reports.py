"""The visibility choices in administrators' reports: anonymous (and hidden) ambassadors are
"Anonymous ambassador" in the table and the exports; clicks not credited show no figure."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.test_reports import get_csv

REPORT = reverse("wagtail_advocacy_admin:report_ambassadors")


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def three_choices(make_ambassador, make_user, make_share_kit, make_daily_stat):
    """Alice is named, Bob kept the default (anonymous), Chloé is hidden."""
    kit = make_share_kit("We are hiring")
    today = timezone.localdate()
    people = {
        "Alice Martin": ("named", 9),
        "Bob Durand": ("anonymous", 5),
        "Chloé Petit": ("hidden", 3),
    }
    for name, (recognition, clicks) in people.items():
        first, last = name.split()
        user = make_user(first.lower(), first_name=first, last_name=last)
        extra = {} if recognition == "anonymous" else {"recognition": recognition}
        ambassador = make_ambassador(user, **extra)
        make_daily_stat(kit, ambassador, today, shares=1, clicks=clicks, unique_visitors=clicks)
    return people


def test_only_named_ambassadors_are_named_in_the_report(admin_client, three_choices):
    html = admin_client.get(REPORT).content.decode()
    assert "Alice Martin" in html
    assert "Bob Durand" not in html and "Durand" not in html
    assert "Chloé Petit" not in html and "Petit" not in html
    assert html.count("Anonymous ambassador") == 2


def test_the_csv_and_xlsx_exports_say_anonymous_too(admin_client, three_choices):
    rows = get_csv(admin_client, REPORT)
    names = sorted(row[0] for row in rows[1:])
    assert names == ["Alice Martin", "Anonymous ambassador", "Anonymous ambassador"]
    response = admin_client.get(REPORT, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert not any(
        isinstance(value, str) and ("Durand" in value or "Petit" in value) for value in cells
    )
    assert cells.count("Anonymous ambassador") == 2


def test_clicks_not_credited_show_no_figure_but_count_in_the_totals(
    admin_client, make_ambassador, make_user, make_share_kit, make_daily_stat
):
    from wagtail_advocacy.stats.kpis import Period, programme_kpis

    kit = make_share_kit("Results")
    today = timezone.localdate()
    credited = make_ambassador(make_user("dan"), recognition="named")
    modest = make_ambassador(make_user("eve"), recognition="named", credit_clicks=False)
    make_daily_stat(kit, credited, today, shares=1, clicks=4, unique_visitors=4)
    make_daily_stat(kit, modest, today, shares=2, clicks=40, unique_visitors=30)

    html = admin_client.get(REPORT).content.decode()
    assert ">None<" not in html
    rows = {row[0]: row for row in get_csv(admin_client, REPORT)[1:]}
    assert rows[credited.display_name][2:5] == ["1", "4", "4"]
    # Eve's shares are hers; the clicks her links brought are not shown against her.
    assert rows[modest.display_name][2:5] == ["2", "", ""]
    assert rows[modest.display_name][6] == ""
    # Organisation totals (the dashboard) still count every click.
    totals = programme_kpis(Period.last_days(7)).totals
    assert (totals.clicks, totals.unique_clicks) == (44, 34)
