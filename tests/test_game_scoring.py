"""Scoring rules: points per conversion type, the velocity hold and its review, points for a
complete profile, and the clawback of a deleted share's points."""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.game_forms import form_data
from wagtail_advocacy.game import tasks as game_tasks
from wagtail_advocacy.game.models import HeldPoints, PointsEntry, PointsReason
from wagtail_advocacy.game.points import award_day, award_share, balance, take_back_share
from wagtail_advocacy.game.rules import Feature, game_settings, needs_review, published_rules
from wagtail_advocacy.models import Click, Conversion, ConversionType, DailyStat, Share
from wagtail_advocacy.people.erasure import erase_ambassador
from wagtail_advocacy.people.profile import save_profile
from wagtail_advocacy.stats.rollup import day_bounds, rollup_day

pytestmark = pytest.mark.django_db

HELD_LIST = "/admin/wagtail_advocacy_game/heldpoints/"


@pytest.fixture
def points_on(switch_on):
    return switch_on("points", points_for_first_share=0)


@pytest.fixture
def lead():
    return ConversionType.objects.get(slug="lead")


@pytest.fixture
def download():
    return ConversionType.objects.get(slug="download")


def today():
    return timezone.localdate()


def clicks(link, *visitors):
    when = day_bounds(today())[0] + timedelta(minutes=1)
    Click.objects.bulk_create(
        Click(link=link, clicked_at=when, visitor_hash=visitor.rjust(64, "0"))
        for visitor in visitors
    )


def conversions(link, conversion_type, count):
    when = day_bounds(today())[0] + timedelta(minutes=2)
    for _n in range(count):
        Conversion.objects.create(
            link=link, conversion_type=conversion_type, occurred_at=when, source="form"
        )


def visitors(count):
    return [f"{n:02d}" for n in range(count)]


def ledger():
    """(ambassador, reason, conversion type slug, quantity, points each, points), in order."""
    return list(
        PointsEntry.objects.order_by("pk").values_list(
            "ambassador_id",
            "reason",
            "conversion_type__slug",
            "quantity",
            "rule_value",
            "points",
        )
    )


def test_each_conversion_type_earns_its_own_value_stamped_on_the_entries(
    points_on, make_tracked_link, lead, download
):
    points_on.conversion_points_by_type = {str(lead.pk): 50}
    points_on.save()
    link = make_tracked_link()
    conversions(link, lead, 2)
    conversions(link, download, 1)

    rollup_day(today())
    award_day(today())
    award_day(today())  # a rerun writes nothing more

    stat = DailyStat.objects.get()
    assert stat.conversions_by_type == {str(lead.pk): 2, str(download.pk): 1}

    amb = link.ambassador.pk
    assert sorted(ledger(), key=lambda entry: entry[2]) == [
        (amb, PointsReason.CONVERSIONS, "download", 1, 20, 20),
        (amb, PointsReason.CONVERSIONS, "lead", 2, 50, 100),
    ]


def test_changing_a_types_value_never_rescores_the_past(points_on, make_tracked_link, lead):
    link = make_tracked_link()
    conversions(link, lead, 1)
    rollup_day(today())
    award_day(today())

    points_on.conversion_points_by_type = {str(lead.pk): 70}
    points_on.save()
    award_day(today())
    conversions(link, lead, 1)
    rollup_day(today())
    award_day(today())

    amb = link.ambassador.pk
    assert ledger() == [
        (amb, PointsReason.CONVERSIONS, "lead", 1, 20, 20),
        (amb, PointsReason.CONVERSIONS, "lead", 1, 70, 70),
    ]


def test_the_per_type_values_are_lines_of_the_settings_form_with_clear_errors(
    admin_client, lead, download
):
    url = reverse(
        "wagtailsettings:edit",
        args=["wagtail_advocacy_game", "gamesettings", game_settings().pk],
    )
    every_element_off = {f"{feature.value}_enabled": None for feature in Feature}
    form = form_data(**every_element_off)

    bad = admin_client.post(url, {**form, "conversion_points": "lead: many\nwebinar: 5\nnope"})
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "Line 1: the points must be a whole number from 0 to 10000." in html
    assert "Line 2: no conversion type “webinar”." in html
    assert "Line 3: write “type: points”" in html
    assert game_settings().conversion_points_by_type == {}

    good = admin_client.post(url, {**form, "conversion_points": "lead: 50\n\ndownload: 0"})
    assert good.status_code == 302
    assert game_settings().conversion_points_by_type == {str(lead.pk): 50, str(download.pk): 0}
    assert "lead: 50" in admin_client.get(url).content.decode()


def test_a_link_over_the_threshold_is_held_and_one_under_it_is_awarded(
    points_on, make_tracked_link, make_ambassador, lead
):
    points_on.hold_unique_clicks_per_link = 5
    points_on.save()
    fast = make_tracked_link()
    other_network = make_tracked_link(kit=fast.kit, ambassador=fast.ambassador, network="x")
    clicks(fast, *visitors(6))
    conversions(fast, lead, 1)
    clicks(other_network, *visitors(5))

    rollup_day(today())
    award_day(today())
    award_day(today())  # the day job twice: held once

    amb = fast.ambassador.pk
    assert ledger() == [(amb, PointsReason.UNIQUE_CLICKS, None, 5, 1, 5)]
    hold = HeldPoints.objects.get()
    assert (hold.link, hold.unique_clicks, hold.conversions, hold.status) == (fast, 6, 1, "held")
    assert needs_review(6, threshold=5) and not needs_review(5, threshold=5)


def test_changing_the_threshold_holds_nothing_of_a_day_already_scored(
    points_on, make_tracked_link
):
    """The roll-up recomputes yesterday and today every hour: a lower threshold must not
    take back what a day already scored earned, nor hold its links."""
    points_on.hold_unique_clicks_per_link = 50
    points_on.save()
    link = make_tracked_link()
    clicks(link, *visitors(40))
    rollup_day(today())
    award_day(today())
    scored = ledger()
    assert scored == [(link.ambassador.pk, PointsReason.UNIQUE_CLICKS, None, 40, 1, 40)]

    points_on.hold_unique_clicks_per_link = 30
    points_on.save()
    rollup_day(today())
    award_day(today())

    assert ledger() == scored
    assert not HeldPoints.objects.exists()


def test_a_day_first_scored_after_a_change_holds_at_the_new_threshold(
    points_on, make_tracked_link
):
    points_on.hold_unique_clicks_per_link = 30
    points_on.save()
    link = make_tracked_link()
    clicks(link, *visitors(40))
    rollup_day(today())

    award_day(today())

    assert ledger() == []
    assert HeldPoints.objects.get().threshold == 30


def test_a_link_held_later_in_the_day_has_its_earlier_award_taken_back_until_released(
    points_on, make_tracked_link, reviewer
):
    points_on.hold_unique_clicks_per_link = 3
    points_on.save()
    link = make_tracked_link()
    clicks(link, *visitors(3))
    rollup_day(today())
    award_day(today())  # the hourly job: 3 is not more than 3
    clicks(link, "98", "99")
    rollup_day(today())
    award_day(today())

    amb = link.ambassador.pk
    assert ledger() == [
        (amb, PointsReason.UNIQUE_CLICKS, None, 3, 1, 3),
        (amb, PointsReason.UNIQUE_CLICKS, None, -3, 1, -3),
    ]
    hold = HeldPoints.objects.get()
    reviewer.post(reverse("wagtail_advocacy_game_admin:held_points_release", args=[hold.pk]))
    award_day(today())
    assert balance(link.ambassador) == 5


def test_a_released_link_follows_later_clicks_and_a_recount_that_finds_robots(
    points_on, make_tracked_link, reviewer
):
    points_on.hold_unique_clicks_per_link = 3
    points_on.save()
    link = make_tracked_link()
    clicks(link, *visitors(5))
    rollup_day(today())
    award_day(today())
    hold = HeldPoints.objects.get()
    reviewer.post(reverse("wagtail_advocacy_game_admin:held_points_release", args=[hold.pk]))
    assert balance(link.ambassador) == 5

    clicks(link, "97", "98", "99")  # the evening's clicks: they earn as any link's do
    rollup_day(today())
    award_day(today())
    assert balance(link.ambassador) == 8

    # Two of the day's visitors turn out to be robots and their clicks are removed: the
    # recount takes their points back.
    robots = ["97".rjust(64, "0"), "98".rjust(64, "0")]
    Click.objects.filter(link=link, visitor_hash__in=robots).delete()
    rollup_day(today())
    award_day(today())
    award_day(today())  # and a rerun changes nothing
    assert balance(link.ambassador) == 6
    assert HeldPoints.objects.count() == 1


@pytest.fixture
def held(points_on, make_tracked_link, lead):
    points_on.hold_unique_clicks_per_link = 3
    points_on.save()
    link = make_tracked_link()
    clicks(link, *visitors(4))
    conversions(link, lead, 1)
    rollup_day(today())
    award_day(today())
    return HeldPoints.objects.get()


@pytest.fixture
def reviewer(make_user, client):
    user = make_user()
    group = Group.objects.create(name="Reviewers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="review_heldpoints"),
    )
    user.groups.add(group)
    client.force_login(user)
    return client


def test_releasing_writes_the_held_points_once_at_the_values_of_the_hold(held, reviewer):
    game_settings().__class__.objects.update(points_per_unique_click=9)
    url = reverse("wagtail_advocacy_game_admin:held_points_release", args=[held.pk])

    assert reviewer.get(url).status_code == 200  # a confirmation screen, nothing done
    assert not PointsEntry.objects.exists()
    response = reviewer.post(url)
    reviewer.post(url)  # a double submit
    award_day(today())  # and the day job again

    assert response.status_code == 302
    amb = held.ambassador_id
    assert ledger() == [
        (amb, PointsReason.UNIQUE_CLICKS, None, 4, 1, 4),
        (amb, PointsReason.CONVERSIONS, "lead", 1, 20, 20),
    ]
    held.refresh_from_db()
    assert held.status == "released" and held.decided_at is not None


def test_rejecting_writes_nothing_and_keeps_the_hold(held, reviewer):
    url = reverse("wagtail_advocacy_game_admin:held_points_reject", args=[held.pk])

    reviewer.post(url)
    award_day(today())

    assert not PointsEntry.objects.exists()
    held.refresh_from_db()
    assert held.status == "rejected"
    release = reverse("wagtail_advocacy_game_admin:held_points_release", args=[held.pk])
    reviewer.post(release)
    assert not PointsEntry.objects.exists()


def test_credit_my_clicks_off_earns_no_click_or_conversion_points_and_holds_nothing(
    points_on, make_tracked_link, make_ambassador, lead
):
    link = make_tracked_link(ambassador=make_ambassador(credit_clicks=False))
    clicks(link, *visitors(60))
    conversions(link, lead, 2)

    rollup_day(today())

    assert award_day(today()) == []
    assert not HeldPoints.objects.exists()


def test_points_off_hold_nothing(switch_on, make_tracked_link):
    link = make_tracked_link()
    clicks(link, *visitors(60))
    rollup_day(today())

    assert award_day(today()) == []
    assert not HeldPoints.objects.exists()


def test_a_complete_profile_earns_its_points_once(
    points_on, make_ambassador, django_capture_on_commit_callbacks
):
    ambassador = make_ambassador()

    with django_capture_on_commit_callbacks(execute=True):
        save_profile(ambassador, {"job_title": "Engineer"})  # saved, but no public address
    assert not PointsEntry.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        save_profile(ambassador, {"linkedin_profile": "https://www.linkedin.com/in/camille"})
    with django_capture_on_commit_callbacks(execute=True):
        save_profile(ambassador, {"linkedin_profile": ""})
        save_profile(ambassador, {"linkedin_profile": "https://www.linkedin.com/in/camille"})
    game_tasks.award_profile_points(ambassador.pk)

    assert ledger() == [(ambassador.pk, PointsReason.COMPLETE_PROFILE, None, 1, 20, 20)]


@pytest.fixture
def shared(points_on, make_tracked_link):
    link = make_tracked_link()
    share = Share.objects.create(
        kit=link.kit, ambassador=link.ambassador, link=link, network=link.network
    )
    award_share(share)
    return share


def test_deleting_a_kit_takes_its_shares_points_back_once(
    shared, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shared.kit.page.delete()
    take_back_share(shared.pk)  # the job again

    amb = shared.ambassador_id
    assert ledger() == [
        (amb, PointsReason.SHARE, None, 1, 10, 10),
        (amb, PointsReason.UNSHARE, None, -1, 10, -10),
    ]
    assert PointsEntry.objects.filter(idempotency_key=f"unshare:{shared.pk}").count() == 1
    assert balance(shared.ambassador) == 0


def test_withdrawing_a_kit_keeps_the_points_and_erasure_is_no_clawback(
    shared, make_user, django_capture_on_commit_callbacks
):
    from wagtail_advocacy.kits.lifecycle import withdraw_kit

    withdraw_kit(shared.kit, make_user())
    assert balance(shared.ambassador) == 10

    HeldPoints.objects.create(
        ambassador=shared.ambassador,
        kit=shared.kit,
        network="linkedin",
        day=today(),
        unique_clicks=60,
        threshold=50,
        click_value=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        erase_ambassador(shared.ambassador)
    take_back_share(shared.pk)

    assert not PointsEntry.objects.exists()
    assert not HeldPoints.objects.exists()  # held points go with the rest of their data


def test_the_review_list_needs_the_permission(held, client, make_user):
    client.force_login(make_user(is_staff=True))
    url = reverse("wagtail_advocacy_game_admin:held_points_release", args=[held.pk])

    assert client.get(HELD_LIST).status_code in (302, 403)
    assert client.post(url).status_code in (302, 403)
    assert not PointsEntry.objects.exists()
    held.refresh_from_db()
    assert held.status == "held"


def test_with_points_switched_off_the_review_shows_nowhere(held, reviewer):
    game_settings().__class__.objects.update(points_enabled=False)
    url = reverse("wagtail_advocacy_game_admin:held_points_release", args=[held.pk])

    assert "Points held for review" not in reviewer.get("/admin/").content.decode()
    assert reviewer.get(HELD_LIST).status_code in (302, 403)
    assert reviewer.post(url).status_code in (302, 403)
    assert not PointsEntry.objects.exists()


def test_the_review_list_shows_link_ambassador_day_clicks_reason_or_its_empty_state(
    points_on, reviewer, make_tracked_link, make_share_kit
):
    empty = reviewer.get(HELD_LIST).content.decode()
    assert "No points are held for review." in empty

    def hold_links(count):
        kit = make_share_kit(title="Open day")
        for _n in range(count):
            link = make_tracked_link(kit=kit)
            clicks(link, *visitors(60))
        rollup_day(today())
        award_day(today())

    hold_links(1)
    html = reviewer.get(HELD_LIST).content.decode()
    assert "Open day · linkedin" in html
    assert "Anonymous ambassador" in html
    assert "60 unique clicks in one day; more than 50 are reviewed." in html
    assert "Release" in html and "Reject" in html
    assert "Points held for review" in reviewer.get("/admin/").content.decode()

    with CaptureQueriesContext(connection) as few:
        reviewer.get(HELD_LIST)
    hold_links(5)
    with CaptureQueriesContext(connection) as many:
        reviewer.get(HELD_LIST)
    assert len(many) == len(few)


def test_the_new_rules_are_published_from_the_live_settings(points_on, lead, switch_on):
    points_on.conversion_points_by_type = {str(lead.pk): 45}
    points_on.hold_unique_clicks_per_link = 80
    points_on.points_for_complete_profile = 15
    points_on.save()

    rules = [str(rule) for rule in published_rules(game_settings())]

    assert "Each “Lead” conversion: 45 points." in rules
    assert any("more than 80 unique visitors in one day" in rule for rule in rules)
    assert any("public profile address): 15 points, once" in rule for rule in rules)
    assert any("A share whose article is deleted takes its points back" in rule for rule in rules)


def test_my_impact_and_what_we_track_publish_the_new_rules(
    client, points_on, lead, make_ambassador
):
    points_on.conversion_points_by_type = {str(lead.pk): 45}
    points_on.save()
    me = make_ambassador()
    client.force_login(me.user)

    for name in ("wagtail_advocacy:impact", "wagtail_advocacy:what_we_track"):
        text = " ".join(unescape(client.get(reverse(name)).content.decode()).split())
        assert "Each “Lead” conversion: 45 points." in text
        assert "more than 50 unique visitors in one day has that day's points held" in text
        assert "Completing your profile (with a public profile address): 20 points" in text
    tracked = client.get(reverse("wagtail_advocacy:what_we_track")).content.decode()
    assert "For a link&#x27;s day held for review" in tracked or "For a link's day held" in tracked


def test_with_points_off_no_scoring_rule_is_published(switch_on):
    rules = [str(rule) for rule in published_rules(switch_on("badges"))]

    assert not any("unique visitors in one day" in rule for rule in rules)
    assert not any("conversion" in rule.lower() and "points" in rule for rule in rules)
