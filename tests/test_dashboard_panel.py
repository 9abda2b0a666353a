"""The KPI panel of the Wagtail dashboard: the figures a programme owner sees."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Site

from wagtail_advocacy.models import MeasurementSettings
from wagtail_advocacy.stats.charts import bars, sparkline


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def measurement(root_page):
    settings = MeasurementSettings.for_site(Site.objects.get(is_default_site=True))
    settings.value_per_unique_click = Decimal("0.50")
    settings.declared_audience_per_share = 200
    settings.cpm = Decimal("5.00")
    settings.monthly_share_target = 1000
    settings.save()
    return settings


@pytest.fixture
def reader(client, make_user):
    """An editor with admin access and the reports permission."""
    user = make_user("reader")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_advocacy_reports"),
    )
    client.force_login(user)
    return client


def panel_html(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    match = re.search(r'<section[^>]*id="advocacy-kpis-section".*?</section>', html, re.S)
    assert match, "the KPI panel is missing from the dashboard"
    return match.group(0)


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_panel_shows_the_figures_with_trends_and_the_emv_formula(
    reader, measurement, make_ambassador, make_share_kit, make_daily_stat, today
):
    kit = make_share_kit()
    alice, bob, _carol, _dan = (make_ambassador() for _ in range(4))
    make_daily_stat(
        kit,
        alice,
        today,
        shares=10,
        clicks=130,
        unique_visitors=120,
        conversions=2,
        conversion_value=Decimal("40.00"),
    )
    make_daily_stat(kit, bob, today - datetime.timedelta(days=2), shares=5)
    # The previous 30 days: 5 shares by one ambassador, 60 unique clicks.
    make_daily_stat(kit, alice, today - datetime.timedelta(days=40), shares=5, unique_visitors=60)

    text = text_of(panel_html(reader))

    assert "Active ambassadors 2 50% of 4 ambassadors ▲ +100% vs previous period" in text
    assert "Shares 15 ▲ +200% vs previous period" in text
    assert "Unique clicks 120 ▲ +100% vs previous period" in text
    assert "Conversions 2 ▲ new vs previous period" in text
    # 120 × 0.50 + 40 + 15 × 200 ÷ 1000 × 5 = 60 + 40 + 15
    assert "Earned media value 115.00" in text
    assert "120 × 0.50 + 40.00 + 3,000 ÷ 1,000 × 5.00 = 115.00" in text
    assert "EMV = unique clicks × value per unique click + conversion value" in text


def test_panel_draws_sparklines_with_a_text_alternative(
    reader, measurement, make_ambassador, make_share_kit, make_daily_stat, today
):
    make_daily_stat(make_share_kit(), make_ambassador(), today, shares=7)

    html = panel_html(reader)

    assert html.count('<svg class="advocacy-sparkline"') == 5
    assert 'role="img"' in html
    assert re.search(r'aria-label="Shares per day, [^"]*: lowest 0, highest 7, last day 7"', html)
    assert "<script" not in html


def test_panel_shows_progress_toward_the_monthly_target(
    reader, measurement, make_ambassador, make_share_kit, make_daily_stat, today
):
    make_daily_stat(make_share_kit(), make_ambassador(), today, shares=250)

    html = panel_html(reader)

    assert '<progress class="advocacy-objective__bar" max="100" value="25"' in html
    assert "250 of 1000 shares in" in text_of(html)


def test_panel_shows_how_far_past_its_target_the_programme_is(
    reader, measurement, make_ambassador, make_share_kit, make_daily_stat, today
):
    measurement.monthly_share_target = 60
    measurement.save()
    make_daily_stat(make_share_kit(), make_ambassador(), today, shares=92)

    html = panel_html(reader)

    assert '<progress class="advocacy-objective__bar" max="100" value="100"' in html
    assert re.search(r"92 of 60 shares in [^(]*\(153%\) Target reached\.", text_of(html))


def test_panel_invites_to_set_a_target_when_there_is_none(reader, root_page):
    assert "No monthly share target is set" in text_of(panel_html(reader))


def test_panel_is_only_for_readers_of_the_reports(client, make_user, root_page):
    editor = make_user("editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert 'id="advocacy-kpis-section"' not in html
    assert "Earned media value" not in html


def test_panel_takes_a_constant_number_of_queries(
    reader,
    measurement,
    make_ambassador,
    make_share_kit,
    make_daily_stat,
    today,
    django_assert_max_num_queries,
):
    def add_activity(kits, people, days):
        for kit in [make_share_kit() for _ in range(kits)]:
            for person in [make_ambassador() for _ in range(people)]:
                for offset in range(days):
                    make_daily_stat(
                        kit,
                        person,
                        today - datetime.timedelta(days=offset),
                        shares=1,
                        unique_visitors=2,
                    )

    add_activity(1, 1, 1)
    reader.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(60) as few:
        reader.get(reverse("wagtailadmin_home"))
    add_activity(3, 4, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = panel_html(reader)
    assert "Shares 145" in text_of(html)


def test_chart_geometry():
    line = sparkline([0, 5, 10], width=100, height=20, padding=0)
    assert line.points == "0.0,20.0 50.0,10.0 100.0,0.0"
    flat = sparkline([0, 0], width=100, height=20, padding=0)
    assert flat.points == "0.0,20.0 100.0,20.0"  # all zeros: a line along the bottom
    drawn = bars([2, 4], ["Mon", "Tue"], width=100, height=50, gap=0)
    assert [(b.x, b.y, b.width, b.height) for b in drawn] == [
        (0, 25, 50, 25),
        (50, 0, 50, 50),
    ]


def test_panel_dates_use_the_localized_long_format(reader, measurement, today):
    start = today - datetime.timedelta(days=29)

    text = text_of(panel_html(reader))

    period = f"({date_format(start, 'DATE_FORMAT')} to {date_format(today, 'DATE_FORMAT')})"
    assert f"Last 30 days {period}" in text
    assert f"in {date_format(today, 'YEAR_MONTH_FORMAT')}" in text


def test_the_panel_is_indented_and_its_target_bar_uses_the_admin_colours():
    with open(finders.find("wagtail_advocacy/css/admin-kpis.css")) as stylesheet:
        css = stylesheet.read()
    assert ".advocacy-kpis-panel .w-panel__content {\n  padding: 0 1.75rem" in css
    assert "::-webkit-progress-value {\n  background: var(--w-color-positive-100" in css
