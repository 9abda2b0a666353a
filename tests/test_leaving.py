"""Leaving the programme from the profile: the download of one's data, and erasure."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail import hooks
from wagtail.images import get_image_model

from wagtail_advocacy.models import (
    Ambassador,
    Campaign,
    CharterAcceptance,
    CharterVersion,
    Click,
    Conversion,
    ConversionType,
    DailyStat,
    Share,
    TrackedLink,
)
from wagtail_advocacy.people.erasure import ERASED_VALUES, KEPT_FIELDS, erase_ambassador
from wagtail_advocacy.people.export import EXPORT_VERSION, export_personal_data
from wagtail_advocacy.people.profile import save_profile
from wagtail_advocacy.stats.kpis import Period, annotate_performance, programme_kpis
from wagtail_advocacy.stats.rollup import day_bounds, rollup_day

PROFILE = "/advocacy/profile/"
LEAVE = "/advocacy/profile/leave/"
EXPORT = "/advocacy/profile/my-data.json"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

#: Everything that names Zéphyrine: what the column scan looks for after her erasure.
HER_NAMES = {
    "first_name": "Zéphyrine",
    "last_name": "Quarantotto",
    "username": "zquarantotto",
    "email": "zephyrine.q@northwind.example",
    "profile_name": "Zéphy Q.",
    "linkedin_profile": "https://www.linkedin.com/in/zephyrine-quarantotto",
    "x_profile": "https://x.com/zquarantotto_x",
    "xing_profile": "https://www.xing.com/profile/Zephyrine_Quarantotto",
    "facebook_profile": "https://www.facebook.com/zephyrine.quarantotto",
    "mastodon_account": "@zquar@mastodon.social",
    "bluesky_handle": "zquar.bsky.social",
}


def at(day, hour):
    return day_bounds(day)[0] + datetime.timedelta(hours=hour)


def png(name="photo.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (60, 60), "#6a3d9a").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world(settings, tmp_path, make_team, make_user, make_ambassador, make_share_kit):
    """Zéphyrine (Sales) and Bob (R&D) share a campaign kit and a plain one: shares with
    her words, clicks and a conversion today and yesterday (raw events, rolled up), days
    long past raw retention (aggregates only), her photo and her charter acceptance."""
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    sales, research = make_team("Sales"), make_team("R&D")
    spring = Campaign.objects.create(name="Spring hiring", slug="spring", starts_on=yesterday)
    jobs = make_share_kit("We are hiring", category="employer", campaign=spring)
    news = make_share_kit("Quarterly results")
    user = make_user(
        HER_NAMES["username"],
        teams=[sales],
        first_name=HER_NAMES["first_name"],
        last_name=HER_NAMES["last_name"],
    )
    user.email = HER_NAMES["email"]
    user.save()
    her = make_ambassador(user, team=sales, recognition="named")
    save_profile(
        her,
        {
            name: value
            for name, value in HER_NAMES.items()
            if name not in ("first_name", "last_name", "username", "email")
        }
        | {"job_title": "Recruiter", "bio": "Zéphyrine Quarantotto hires engineers."},
        photo_file=png(),
    )
    bob = make_ambassador(team=research, recognition="named")
    lead = ConversionType.objects.get(slug="lead")
    links = {}
    for ambassador, kit, network in [
        (her, jobs, "linkedin"),
        (her, news, "x"),
        (bob, jobs, "linkedin"),
    ]:
        links[ambassador.pk, kit.pk] = link = TrackedLink.objects.create(
            ambassador=ambassador, kit=kit, network=network
        )
        for day in (yesterday, today):
            share = Share.objects.create(
                kit=kit,
                ambassador=ambassador,
                link=link,
                network=network,
                message=f"{ambassador.display_name} recommends: {kit.title}",
            )
            Share.objects.filter(pk=share.pk).update(created_at=at(day, 0))
            Click.objects.bulk_create(
                Click(link=link, clicked_at=at(day, 1), visitor_hash=visitor * 64)
                for visitor in "abbc"
            )
        Conversion.objects.create(
            link=link,
            conversion_type=lead,
            occurred_at=at(yesterday, 2),
            source="signed",
            reference=f"crm-{link.pk}",
            value=Decimal("25.00"),
        )
    for day in (yesterday, today):
        rollup_day(day)
    long_ago = today - datetime.timedelta(days=200)
    for ambassador in (her, bob):
        DailyStat.objects.create(
            day=long_ago,
            kit=jobs,
            ambassador=ambassador,
            network="linkedin",
            team=ambassador.team,
            campaign=spring,
            category="employer",
            shares=3,
            clicks=30,
            unique_visitors=20,
            conversions=2,
            conversion_value=Decimal("50.00"),
        )
    version = CharterVersion.objects.create(
        number=1, takes_effect_at=timezone.now(), title="Charter", text="<p>Be kind.</p>"
    )
    CharterAcceptance.objects.create(
        ambassador=her, version=version, accepted_at=timezone.now(), text_sha256="0" * 64
    )
    her.refresh_from_db()
    return {
        "her": her,
        "bob": bob,
        "jobs": jobs,
        "news": news,
        "spring": spring,
        "teams": [sales, research],
        "her_link": links[her.pk, jobs.pk],
        "today": today,
    }


@pytest.fixture
def her_client(client, world):
    client.force_login(world["her"].user)
    return client


@pytest.fixture
def admin_client(make_user):
    client = Client()
    client.force_login(make_user("boss", is_superuser=True, is_staff=True))
    return client


def report_rows(client, slug, period):
    response = client.get(
        reverse(f"wagtail_advocacy_admin:report_{slug}"),
        {"day_from": period.start.isoformat(), "day_to": period.end.isoformat(), "export": "csv"},
    )
    content = b"".join(response.streaming_content).decode()
    return sorted(csv.reader(io.StringIO(content)))


def every_total(world, admin_client):
    """Every total a report, panel or KPI shows, for the organisation, each team, kit,
    campaign, network and category, over a period covering all the data."""
    period = Period(world["today"] - datetime.timedelta(days=400), world["today"])
    sums = ("shares", "unique_clicks", "clicks", "conversions", "conversion_value")

    def kpis(**filters):
        figures = programme_kpis(period, **filters)
        return [getattr(figures.totals, name) for name in sums] + [figures.emv.value]

    totals = {
        "organisation": kpis(),
        **{f"team {team.name}": kpis(team=team) for team in world["teams"]},
        **{f"campaign {world['spring'].name}": kpis(campaign=world["spring"])},
        **{f"kit {kit.title}": kpis(kit=kit) for kit in (world["jobs"], world["news"])},
    }
    for dimension in ("kit_id", "campaign_id", "team_id", "network", "category"):
        rows = annotate_performance(
            DailyStat.objects.filter(period.as_q()).values(dimension)
        ).order_by(dimension)
        totals[dimension] = [
            (row[dimension], *(row[f"{name}_total"] for name in sums)) for row in rows
        ]
    for slug in ("content", "networks", "campaigns"):
        totals[f"report {slug}"] = report_rows(admin_client, slug, period)
    return totals


# Leaving from the profile ------------------------------------------------------------------


def test_the_profile_offers_to_leave_download_or_erase(her_client):
    html = her_client.get(PROFILE).content.decode()

    assert f'href="{LEAVE}"' in html
    assert f'href="{EXPORT}"' in html


def test_the_leave_page_says_what_erasure_deletes_and_keeps(her_client):
    html = her_client.get(LEAVE).content.decode()

    assert "Deleted:" in html
    assert "your shares and the words you wrote" in html
    assert "Kept:" in html
    assert "so that these totals do not change" in html
    assert "which version of the charter you accepted and when" in html
    assert "kept under your name for 13 months" in html
    assert f'href="{EXPORT}"' in html


def test_leaving_from_the_profile_keeps_the_profile_and_figures(her_client, world):
    response = her_client.post(LEAVE)

    assert response.status_code == 302
    her = Ambassador.objects.get(pk=world["her"].pk)
    assert her.left_at is not None
    assert her.erased_at is None
    assert her.profile_name == HER_NAMES["profile_name"]
    assert DailyStat.objects.filter(ambassador=her).exists()


def test_erasure_without_the_confirmation_box_changes_nothing(her_client, world):
    response = her_client.post(LEAVE, {"erase": "on"})

    assert response.status_code == 200
    assert "Tick the box to confirm the erasure" in response.content.decode()
    her = Ambassador.objects.get(pk=world["her"].pk)
    assert her.is_active
    assert her.erased_at is None


def test_a_get_never_leaves_or_erases(her_client, world):
    her_client.get(LEAVE, {"erase": "on", "confirm_erase": "on"})

    her = Ambassador.objects.get(pk=world["her"].pk)
    assert her.is_active
    assert her.erased_at is None


def test_leaving_and_erasure_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["her"].user)

    response = client.post(LEAVE, {"erase": "on", "confirm_erase": "on"})

    assert response.status_code == 403
    her = Ambassador.objects.get(pk=world["her"].pk)
    assert her.is_active
    assert her.erased_at is None


def test_leaving_with_erasure_from_the_profile(her_client, world):
    response = her_client.post(LEAVE, {"erase": "on", "confirm_erase": "on"})

    assert response.status_code == 302
    her = Ambassador.objects.get(pk=world["her"].pk)
    assert her.erased_at is not None
    assert not her.is_active
    assert "your data is erased" in her_client.get(response.url).content.decode()
    # Nothing is left to download or erase.
    assert her_client.get(LEAVE).status_code == 302
    assert her_client.get(EXPORT).status_code == 302


def test_an_ambassador_who_left_can_still_erase_their_data(her_client, world):
    her_client.post(LEAVE)

    her_client.post(LEAVE, {"erase": "on", "confirm_erase": "on"})

    assert Ambassador.objects.get(pk=world["her"].pk).erased_at is not None


def test_an_employee_who_never_joined_has_nothing_to_leave(client, make_user):
    client.force_login(make_user())

    assert client.get(LEAVE).status_code == 302
    assert client.get(EXPORT).status_code == 302


# The download ------------------------------------------------------------------------------


def test_the_download_is_a_json_attachment_of_her_data(her_client, world):
    response = her_client.get(EXPORT)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-ambassador-data.json"'
    data = json.loads(response.content)
    assert data["format"] == "wagtail-advocacy personal data"
    assert data["version"] == EXPORT_VERSION == 1
    assert data["account"] == {"username": HER_NAMES["username"]}
    assert data["profile"]["display_name"] == HER_NAMES["profile_name"]
    assert data["profile"]["linkedin_profile"] == HER_NAMES["linkedin_profile"]
    assert data["profile"]["team"] == "Sales"
    assert data["profile"]["photo"].startswith("original_images/")
    assert sorted(link["kit"] for link in data["links"]) == ["Quarterly results", "We are hiring"]
    assert data["links"][0]["url"].startswith("/advocacy/l/")
    assert len(data["shares"]) == 4
    assert data["shares"][0]["message"] == "Zéphy Q. recommends: We are hiring"
    assert [a["version"] for a in data["charter_acceptances"]] == [1]
    assert data["charter_acceptances"][0]["text_sha256"] == "0" * 64
    days = {(row["day"], row["kit"]) for row in data["daily_statistics"]}
    assert (world["today"].isoformat(), "Quarterly results") in days
    assert sum(row["shares"] for row in data["daily_statistics"]) == 4 + 3
    # Bob's data is not in hers.
    assert "Bob" not in response.content.decode()


def test_the_download_changes_nothing_and_is_not_cached(her_client, world):
    response = her_client.get(EXPORT)

    assert "no-store" in response["Cache-Control"]
    assert Ambassador.objects.get(pk=world["her"].pk).is_active


def test_the_export_runs_a_fixed_number_of_queries(
    world, django_assert_num_queries, make_share_kit
):
    her = Ambassador.objects.select_related("user").get(pk=world["her"].pk)
    # Six of the core's, and those of the ``advocacy_personal_data`` hooks (the game's, when
    # it is installed), counted here: neither grows with the ambassador's data.
    with CaptureQueriesContext(connection) as of_hooks:
        for section_of in hooks.get_hooks("advocacy_personal_data"):
            section_of(her)
    queries = 6 + len(of_hooks.captured_queries)
    with django_assert_num_queries(queries):
        export_personal_data(her)
    for _ in range(5):
        kit = make_share_kit()
        link = TrackedLink.objects.create(ambassador=her, kit=kit, network="linkedin")
        Share.objects.create(kit=kit, ambassador=her, link=link, network="linkedin")
    her = Ambassador.objects.select_related("user").get(pk=world["her"].pk)
    with django_assert_num_queries(queries):
        export_personal_data(her)


# Erasure -----------------------------------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def rows_naming(needles) -> list[tuple[str, str]]:
    """(table, value) of every column of every table containing one of ``needles``, except
    the user account table."""
    needles = [needle.lower() for needle in needles]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table == "auth_user":
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    text = _text(value).lower()
                    if any(needle in text for needle in needles):
                        found.append((table, _text(value)))
    return found


def test_after_erasure_no_column_of_any_table_names_her(world):
    """Every column of every table, read raw, holds none of her names, username, email or
    profile addresses once she is erased.

    The exception is ``auth_user``: the user account is the organisation's (it signs her in
    to the intranet, and the organisation's own directory may manage it), not the
    programme's, so erasure in the ambassador programme does not delete it. Her charter
    acceptances are kept as evidence (GDPR art. 17(3)(e)) and point to her account by id,
    which names no one in any other table."""
    assert rows_naming(HER_NAMES.values()), "the scan must find her before erasure"

    erase_ambassador(world["her"])

    assert rows_naming(HER_NAMES.values()) == []
    user = world["her"].user
    user.refresh_from_db()
    assert user.username == HER_NAMES["username"]


def test_erasure_keeps_every_total_of_every_report(world, admin_client):
    before = every_total(world, admin_client)
    assert before["organisation"][0] == 6 * 1 + 3 * 2  # six shares, and the days long ago

    erase_ambassador(world["her"])

    assert every_total(world, admin_client) == before
    assert not DailyStat.objects.filter(ambassador=world["her"]).exists()
    assert DailyStat.objects.filter(ambassador__isnull=True).exists()


def test_later_roll_ups_keep_the_totals(world, admin_client):
    erase_ambassador(world["her"])
    after = every_total(world, admin_client)

    for day in (world["today"] - datetime.timedelta(days=1), world["today"]):
        rollup_day(day)

    assert every_total(world, admin_client) == after


def test_erasure_is_idempotent(world, admin_client):
    assert erase_ambassador(world["her"]) is True
    after = every_total(world, admin_client)
    stats = list(DailyStat.objects.order_by("pk").values())

    assert erase_ambassador(world["her"]) is False

    assert every_total(world, admin_client) == after
    assert list(DailyStat.objects.order_by("pk").values()) == stats


def test_erasure_deletes_what_names_her_and_keeps_the_evidence(world):
    photo_id = world["her"].photo_id
    erase_ambassador(world["her"])

    her = Ambassador.objects.get(pk=world["her"].pk)
    assert her.profile_name == her.bio == her.linkedin_profile == ""
    assert her.team is None
    assert not her.directory_listed
    assert not get_image_model().objects.filter(pk=photo_id).exists()
    assert not Share.objects.filter(ambassador=her).exists()
    assert not Click.objects.filter(link__ambassador=her).exists()
    assert not TrackedLink.objects.filter(ambassador=her).exists()
    assert Conversion.objects.filter(link__isnull=True).count() == 2
    # Bob's events are untouched.
    assert Share.objects.filter(ambassador=world["bob"]).count() == 2
    # The acceptance stays, with her row, as evidence.
    assert CharterAcceptance.objects.filter(ambassador=her).count() == 1
    assert her.joined_at is not None
    assert her.left_at is not None


def test_erasure_empties_every_field_it_does_not_keep():
    fields = {field.name for field in Ambassador._meta.concrete_fields}

    assert fields == set(ERASED_VALUES) | set(KEPT_FIELDS) | {"directory_key"}


def test_erasure_gives_a_new_directory_address(world):
    her = world["her"]
    before = her.directory_key

    erase_ambassador(her)

    her.refresh_from_db()
    assert her.directory_key and her.directory_key != before


def test_her_links_still_redirect_and_credit_no_one(
    world, client, admin_client, django_capture_on_commit_callbacks
):
    link = world["her_link"]
    # Followed once before: the link is in the cache, which erasure clears.
    destination = client.get(f"/advocacy/l/{link.token}/", HTTP_USER_AGENT=BROWSER).url
    with django_capture_on_commit_callbacks(execute=True):
        erase_ambassador(world["her"])
    totals = every_total(world, admin_client)
    clicks = Click.objects.count()

    response = client.get(
        f"/advocacy/l/{link.token}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.9"
    )
    rollup_day(world["today"])

    assert response.status_code == 302
    assert response.url == destination
    assert Click.objects.count() == clicks
    assert every_total(world, admin_client) == totals
    assert not DailyStat.objects.filter(Q(ambassador=world["her"])).exists()


def test_she_can_join_again_after_erasure(her_client, world):
    her_client.post(LEAVE, {"erase": "on", "confirm_erase": "on"})

    her_client.post("/advocacy/programme/join/")

    her = Ambassador.objects.get(pk=world["her"].pk)
    assert her.is_active
    assert her.erased_at is None
    assert her.profile_name == ""
    assert not DailyStat.objects.filter(ambassador=her).exists()
    # A new start, which she can erase again.
    assert her_client.get(LEAVE).status_code == 200
    her_client.post(LEAVE, {"erase": "on", "confirm_erase": "on"})
    assert Ambassador.objects.get(pk=her.pk).erased_at is not None


def test_my_impact_after_erasure_shows_no_figures_of_hers(her_client, world):
    her_client.post(LEAVE, {"erase": "on", "confirm_erase": "on"})

    html = her_client.get("/advocacy/impact/").content.decode()

    assert "Discover the ambassador programme" in html


def test_on_the_one_statement_path_her_erased_links_clicks_are_not_kept(
    world, client, monkeypatch
):
    """PostgreSQL stores a visitor's click with the link's lookup, before it knows the link
    credits no one; the click is then deleted again. Simulated here on any database."""
    from wagtail_advocacy.tracking import redirect
    from wagtail_advocacy.tracking.sql import LinkRow

    erase_ambassador(world["her"])
    link = TrackedLink.objects.get(pk=world["her_link"].pk)

    def find_link_inserting_click(token, visitor, now, window_start):
        click = Click.objects.create(link=link, clicked_at=now, visitor_hash=visitor)
        return LinkRow(link.pk, link.token, link.network, None, link.kit_id), click.pk

    monkeypatch.setattr(redirect, "counts_before_lookup", lambda request: True)
    monkeypatch.setattr(redirect, "find_link_inserting_click", find_link_inserting_click)
    clicks = Click.objects.count()

    response = client.get(f"/advocacy/l/{link.token}/", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 302
    assert Click.objects.count() == clicks


def test_the_ambassadors_report_shows_her_figures_as_an_anonymous_row(world, admin_client):
    period = Period(world["today"] - datetime.timedelta(days=400), world["today"])
    before = report_rows(admin_client, "ambassadors", period)
    assert any(HER_NAMES["profile_name"] in row for row in before)

    erase_ambassador(world["her"])

    after = report_rows(admin_client, "ambassadors", period)
    assert not any(HER_NAMES["profile_name"] in row for row in after)
    [anonymous] = [row for row in after if "Anonymous ambassador" in row]
    # Her four shares and the three long ago; their clicks credited to no one.
    assert anonymous[:5] == ["Anonymous ambassador", world["today"].isoformat(), "7", "", ""]
    html = admin_client.get(
        reverse("wagtail_advocacy_admin:report_ambassadors"),
        {"day_from": period.start.isoformat(), "day_to": period.end.isoformat()},
    ).content.decode()
    assert "Anonymous ambassador" in html
    assert HER_NAMES["profile_name"] not in html
