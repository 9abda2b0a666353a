"""The reports' exports never carry a formula to a spreadsheet (CSV/formula injection).

Names and titles are typed by people: a campaign name, a kit title or an employee's name
starting with ``=`` must reach the CSV as text (``'=``), and the XLSX as a text cell. Figures
stay numbers, negative ones too.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wagtail_advocacy.models import Campaign
from wagtail_advocacy.sanitize import spreadsheet_cell

PAYLOADS = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    "\t=1",
    "\r=1",
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
]

#: The report, and the column its label comes from.
LABELLED_REPORTS = ["content", "ambassadors", "campaigns"]


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def typed_everywhere(make_share_kit, make_ambassador, make_user, make_daily_stat):
    """One day of activity whose kit title, campaign name and ambassadors' names are ``text``:
    a first name, a last name and a profile's display name, each of an ambassador who chose
    to be named (only those are named in the reports)."""

    def make(text, **figures):
        today = timezone.localdate()
        campaign = Campaign.objects.create(name=text, slug="typed", starts_on=today)
        kit = make_share_kit(text, campaign=campaign)
        named = {"recognition": "named"}
        first = make_ambassador(make_user("first", first_name=text, last_name=""), **named)
        last = make_ambassador(make_user("last", first_name="", last_name=text), **named)
        profile = make_ambassador(make_user("profile"), profile_name=text, **named)
        for ambassador in (first, last, profile):
            make_daily_stat(kit, ambassador, today, shares=1, **figures)
        return text

    return make


def export(client, report, export_format):
    response = client.get(
        reverse(f"wagtail_advocacy_admin:report_{report}"), {"export": export_format}
    )
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if export_format == "csv":
        return list(csv.reader(io.StringIO(content.decode(), newline="")))
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("report", LABELLED_REPORTS)
def test_a_formula_typed_in_a_name_is_text_in_the_csv(
    admin_client, typed_everywhere, report, payload
):
    typed_everywhere(payload)

    rows = export(admin_client, report, "csv")

    labels = {row[0] for row in rows[1:]}
    assert labels == {"'" + payload}
    # The figures beside it are untouched numbers.
    assert all(row[-6] == ("3" if report != "ambassadors" else "1") for row in rows[1:])


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("report", LABELLED_REPORTS)
def test_a_formula_typed_in_a_name_is_a_text_cell_in_the_xlsx(
    admin_client, typed_everywhere, report, payload
):
    typed_everywhere(payload)

    rows = export(admin_client, report, "xlsx")

    labels = [row[0] for row in rows[1:]]
    # XLSX keeps the words, in a text cell: never a formula ("f"), never quoted. (XML reads
    # a carriage return back as a line feed.)
    assert {cell.value.replace("\n", "\r") for cell in labels} == {payload}
    assert {cell.data_type for cell in labels} == {"s"}


def test_legitimate_text_and_negative_figures(admin_client, typed_everywhere):
    typed_everywhere("-5 % on everything", conversion_value=Decimal("-12.50"))

    content = export(admin_client, "content", "csv")
    assert content[1][0] == "'-5 % on everything"
    assert content[1][-1] == "-37.50"  # 3 × -12.50, a figure: no quote

    workbook = export(admin_client, "content", "xlsx")
    assert workbook[1][0].value == "-5 % on everything"
    assert workbook[1][-1].value == Decimal("-37.50")
    assert workbook[1][-1].data_type == "n"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("-5 %", "'-5 %"),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        # Plain numbers are read as numbers, nothing more: left alone.
        ("-5", "-5"),
        ("+3", "+3"),
        ("-12.50", "-12.50"),
        ("-12,50", "-12,50"),
        ("-5e3", "'-5e3"),
        # Anything else is untouched.
        ("Spring hiring", "Spring hiring"),
        ("a=b", "a=b"),
        (" =1+1", " =1+1"),
        ("", ""),
        (-5, -5),
        (Decimal("-5.00"), Decimal("-5.00")),
        (None, None),
    ],
)
def test_spreadsheet_cell_rule(value, cell):
    assert spreadsheet_cell(value) == cell


def test_no_admin_list_exports_without_the_rule():
    """The model lists use the app's index view, which puts CSV cells through the rule."""
    from wagtail_advocacy.modeladmin import AdvocacyAdminGroup
    from wagtail_advocacy.modeladmin.views import AdvocacyIndexView

    for model_admin in AdvocacyAdminGroup.items:
        assert issubclass(model_admin.index_view_class, AdvocacyIndexView), model_admin
