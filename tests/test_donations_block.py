"""The donations StreamField block: what ambassadors' points gave to charities, with the
company's matching, in a newsletter or any page, on the web and in an email. Totals only:
nobody is named."""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from wagtail_advocacy.game.blocks import DonationsBlock
from wagtail_advocacy.game.models import Charity, Redemption, RedemptionStatus

pytestmark = pytest.mark.django_db

ROOT_URL = "https://intranet.example"


@pytest.fixture
def rewards_on(switch_on):
    return switch_on("points", "rewards")


@pytest.fixture
def pledge(make_ambassador, make_user):
    """``pledge(charity, "12.50")``: a donation an ambassador pledged, as ``donate`` records
    it, on ``when`` (now by default)."""

    def make(charity, value, *, matching="0", when=None, status=RedemptionStatus.REQUESTED):
        ambassador = make_ambassador(user=make_user(first_name="Generous", last_name="Giver"))
        return Redemption.objects.create(
            ambassador=ambassador,
            charity=charity,
            points=int(Decimal(value) * 100),
            value=Decimal(value),
            matching=Decimal(matching),
            status=status,
            requested_at=when or timezone.now(),
        )

    return make


@pytest.fixture
def food_bank(db):
    return Charity.objects.create(name="Food bank", rate=Decimal("0.01"), matching_percentage=50)


@pytest.fixture
def forest(db):
    return Charity.objects.create(name="Forest <b>now</b>", rate=Decimal("0.01"))


def value_of(**value):
    block = DonationsBlock()
    return block, block.to_python({"title": "What our points gave", "period": "all_time", **value})


def render(**value):
    block, python_value = value_of(**value)
    return block.render(python_value)


def test_nothing_shows_while_rewards_are_off(switch_on, pledge, food_bank):
    switch_on("points")
    pledge(food_bank, "12.50")

    assert render().strip() == ""


def test_the_block_shows_each_charitys_donations_and_matching(rewards_on, pledge, food_bank):
    pledge(food_bank, "12.50", matching="6.25")
    pledge(food_bank, "2.00", matching="1.00")
    pledge(food_bank, "100.00", matching="50.00", status=RedemptionStatus.REJECTED)

    html = render()

    assert "What our points gave" in html
    assert "14.50 EUR donated by ambassadors, 7.25 EUR added by the company." in html
    assert "<td>Food bank</td><td>14.50 EUR</td><td>7.25 EUR</td>" in html
    assert "Generous" not in html and "Giver" not in html  # totals only, nobody named


def test_a_charitys_name_is_escaped(rewards_on, pledge, forest):
    pledge(forest, "3.00")

    html = render()

    assert "Forest &lt;b&gt;now&lt;/b&gt;" in html and "<b>now</b>" not in html


def test_the_period_limits_the_donations_counted(rewards_on, pledge, food_bank):
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    pledge(food_bank, "1.00")
    pledge(food_bank, "20.00", when=timezone.now() - datetime.timedelta(days=today.day + 1))

    assert "<td>Food bank</td><td>1.00 EUR</td>" in render(period="month")
    assert "<td>Food bank</td><td>21.00 EUR</td>" in render(period="all_time")
    last_months = render(period="custom", start=last_month.replace(day=1), end=last_month)
    assert "<td>Food bank</td><td>20.00 EUR</td>" in last_months
    assert "Pledged with points from" in last_months
    assert "Pledged with points up to" in render(period="all_time")


def test_an_empty_period_says_so(rewards_on, food_bank):
    html = render(period="week")

    assert "No donation pledged yet." in html and "<table" not in html


def test_a_range_of_dates_needs_both_days_in_order():
    block = DonationsBlock()

    with pytest.raises(ValidationError) as missing:
        block.clean(block.to_python({"period": "custom"}))
    assert set(missing.value.block_errors) == {"start", "end"}

    backwards = block.to_python({"period": "custom", "start": "2026-03-31", "end": "2026-03-01"})
    with pytest.raises(ValidationError) as reversed_range:
        block.clean(backwards)
    assert "The last day cannot come before the first." in str(
        reversed_range.value.block_errors["end"]
    )


def test_the_block_reads_a_constant_number_of_queries(rewards_on, pledge, food_bank, forest):
    pledge(food_bank, "1.00")

    def count():
        with CaptureQueriesContext(connection) as queries:
            render()
        return len(queries.captured_queries)

    with_one = count()
    for number in range(15):
        pledge(forest if number % 2 else food_bank, f"{number}.50")
    assert count() == with_one


def test_the_email_rendering_is_a_table_with_inline_styles(rewards_on, pledge, food_bank):
    pledge(food_bank, "12.50", matching="6.25")
    block, value = value_of()

    html = block.render_email(value, {"root_url": ROOT_URL})
    text = block.render_email_text(value, {"root_url": ROOT_URL})

    assert "<table" in html and "class=" not in html and 'style="' in html
    assert "12.50 EUR donated by ambassadors, 6.25 EUR added by the company." in html
    assert "Generous" not in html
    assert "Food bank: 12.50 EUR + 6.25 EUR" in text and "<" not in text


def test_no_email_rendering_while_rewards_are_off(switch_on, pledge, food_bank):
    switch_on("points")
    pledge(food_bank, "12.50")
    block, value = value_of()

    assert block.render_email(value, {"root_url": ROOT_URL}) == ""
    assert block.render_email_text(value, {"root_url": ROOT_URL}) == ""


def test_amounts_show_in_the_games_currency_as_the_reader_writes_numbers(
    switch_on, pledge, food_bank
):
    switch_on("points", "rewards", currency="GBP")
    pledge(food_bank, "1234.50", matching="617.25")

    assert "<td>Food bank</td><td>1,234.50 GBP</td><td>617.25 GBP</td>" in render()
    with translation.override("fr"):
        french = render()
    assert re.search(r"<td>Food bank</td><td>1\s234,50\sGBP</td>", french)


def test_this_month_in_last_months_issue_counts_last_months_donations(
    rewards_on, pledge, food_bank
):
    today = timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    pledge(food_bank, "1.00")
    pledge(food_bank, "20.00", when=timezone.now() - datetime.timedelta(days=today.day + 1))
    issue = SimpleNamespace(
        first_published_at=timezone.make_aware(
            datetime.datetime.combine(last_month.replace(day=2), datetime.time(9))
        )
    )
    block, value = value_of(period="month")

    html = block.render(value, {"page": issue})

    assert "<td>Food bank</td><td>20.00 EUR</td>" in html
