"""The points ledger: what each action earns, within the caps, once whatever the jobs do, and
corrected by new entries, never by edits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wagtail_advocacy.game import tasks as game_tasks
from wagtail_advocacy.game.models import PointsEntry, PointsReason
from wagtail_advocacy.game.points import award_day, award_share, balance, lifetime_points
from wagtail_advocacy.models import Click, Share
from wagtail_advocacy.models.charter import InsertOnlyError
from wagtail_advocacy.people.erasure import erase_ambassador
from wagtail_advocacy.people.export import export_personal_data
from wagtail_advocacy.sharing.share import share_kit
from wagtail_advocacy.stats.rollup import day_bounds, oldest_recomputable_day
from wagtail_advocacy.tasks import rollup_daily_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def points_on(switch_on):
    return switch_on("points")


@pytest.fixture
def share(make_tracked_link):
    """A builder: one share of a kit by an ambassador, on the link's network."""

    def make(link=None, *, when=None, **link_fields):
        link = link or make_tracked_link(**link_fields)
        share = Share.objects.create(
            kit=link.kit, ambassador=link.ambassador, link=link, network=link.network
        )
        if when is not None:
            Share.objects.filter(pk=share.pk).update(created_at=when)
            share.refresh_from_db()
        return share

    return make


def ledger():
    """The whole ledger as (ambassador, reason, quantity, points each, points), oldest first."""
    return list(
        PointsEntry.objects.order_by("pk").values_list(
            "ambassador_id", "reason", "quantity", "rule_value", "points"
        )
    )


def test_with_points_off_nothing_is_awarded(share):
    assert award_share(share()) == []
    assert not PointsEntry.objects.exists()


def test_a_first_share_earns_its_points_and_the_bonus_once(points_on, share, make_tracked_link):
    first = share()
    link = make_tracked_link(ambassador=first.ambassador, network="x")
    second = share(link)

    award_share(first)
    award_share(second)
    award_share(first)  # a retried job
    game_tasks.award_share_points(second.pk)

    amb = first.ambassador.pk
    assert ledger() == [
        (amb, PointsReason.SHARE, 1, 10, 10),
        (amb, PointsReason.FIRST_SHARE, 1, 20, 20),
        (amb, PointsReason.SHARE, 1, 10, 10),
    ]
    assert balance(first.ambassador) == lifetime_points(first.ambassador) == 40


def test_a_networks_own_value_applies_and_a_changed_value_never_rescores(points_on, share):
    points_on.share_points_by_network = {"linkedin": 15}
    points_on.points_for_first_share = 0
    points_on.save()
    first = share(network="linkedin")
    award_share(first)

    points_on.share_points_by_network = {"linkedin": 50}
    points_on.save()
    award_share(first)

    assert PointsEntry.objects.get(reason=PointsReason.SHARE).points == 15


def test_accepting_the_charter_earns_no_points(points_on, make_ambassador, root_page, client):
    """Acceptance must stay free: every element of the game on, the ledger stays empty."""
    from wagtail_advocacy.models import CharterAcceptance, CharterPage, CharterVersion

    points_on.badges_enabled = points_on.challenges_enabled = True
    points_on.save()
    charter = CharterPage(title="Charter", slug="charter", body="<p>Be kind.</p>")
    root_page.add_child(instance=charter)
    charter.save_revision().publish()
    camille = make_ambassador()
    client.force_login(camille.user)

    response = client.post(
        reverse("wagtail_advocacy:charter_accept"),
        {"version": CharterVersion.objects.get().pk, "next": ""},
    )

    assert response.status_code == 302
    assert CharterAcceptance.objects.filter(ambassador=camille).exists()
    assert ledger() == []


def test_a_kits_shares_are_capped_per_day_and_all_shares_too(
    points_on, share, make_tracked_link, make_ambassador, make_share_kit
):
    points_on.points_for_first_share = 0
    points_on.share_points_cap_per_kit = 25
    points_on.share_points_cap_per_day = 45
    points_on.save()
    ambassador = make_ambassador()
    kit, other_kit = make_share_kit(), make_share_kit()
    today = timezone.localdate()
    for network in ("linkedin", "x", "bluesky"):
        award_share(share(make_tracked_link(kit=kit, ambassador=ambassador, network=network)))
    for network in ("linkedin", "x", "bluesky"):
        link = make_tracked_link(kit=other_kit, ambassador=ambassador, network=network)
        award_share(share(link))
    tomorrow = day_bounds(today + timedelta(days=1))[0] + timedelta(hours=9)
    award_share(
        share(make_tracked_link(kit=kit, ambassador=ambassador, network="mastodon"), when=tomorrow)
    )

    assert [points for *_rest, points in ledger()] == [10, 10, 5, 10, 10, 0, 10]
    assert balance(ambassador) == 55


def test_an_excluded_teams_members_earn_nothing(points_on, share, make_team, make_ambassador):
    council = make_team("Works council")
    points_on.excluded_teams.add(council)

    assert award_share(share(ambassador=make_ambassador(team=council))) == []
    assert not PointsEntry.objects.exists()


def test_a_share_through_the_app_is_scored_by_the_game_job(
    points_on, make_ambassador, make_share_kit, django_capture_on_commit_callbacks
):
    ambassador = make_ambassador()

    with django_capture_on_commit_callbacks(execute=True):  # the test queue runs jobs at once
        share_kit(ambassador.user, make_share_kit(), "linkedin", "Read this {link}")

    assert balance(ambassador) == 30  # 10 for the share, 20 for the first one


def clicks(link, when, *visitors):
    Click.objects.bulk_create(
        Click(link=link, clicked_at=when, visitor_hash=v * 64) for v in visitors
    )


def test_unique_clicks_and_conversions_earn_after_the_roll_up_and_a_recount_corrects(
    points_on, make_tracked_link, make_daily_stat
):
    link = make_tracked_link()
    day = timezone.localdate()
    stat = make_daily_stat(link.kit, link.ambassador, day, unique_visitors=5, conversions=1)

    award_day(day)
    award_day(day)  # a second roll-up of an unchanged day
    type(stat).objects.filter(pk=stat.pk).update(unique_visitors=3)  # two were bots after all
    award_day(day)
    award_day(day)

    amb = link.ambassador.pk
    assert ledger() == [
        (amb, PointsReason.UNIQUE_CLICKS, 5, 1, 5),
        (amb, PointsReason.CONVERSIONS, 1, 20, 20),
        (amb, PointsReason.UNIQUE_CLICKS, -2, 1, -2),
    ]
    assert balance(link.ambassador) == 23


def test_clicks_earn_nothing_for_an_ambassador_who_is_not_credited(
    points_on, make_tracked_link, make_ambassador, make_daily_stat
):
    link = make_tracked_link(ambassador=make_ambassador(credit_clicks=False))
    day = timezone.localdate()
    make_daily_stat(link.kit, link.ambassador, day, unique_visitors=5, conversions=2)

    assert award_day(day) == []


def test_a_day_the_roll_up_can_no_longer_recompute_is_never_scored(
    points_on, make_tracked_link, make_daily_stat
):
    link = make_tracked_link()
    old = oldest_recomputable_day() - timedelta(days=1)
    make_daily_stat(link.kit, link.ambassador, old, unique_visitors=5)

    assert award_day(old) == []


def test_the_roll_up_job_scores_the_day_through_the_game(
    points_on, make_tracked_link, django_capture_on_commit_callbacks
):
    link = make_tracked_link()
    day = timezone.localdate()
    clicks(link, day_bounds(day)[0] + timedelta(minutes=1), "a", "b", "b", "c")

    with django_capture_on_commit_callbacks(execute=True):
        rollup_daily_stats(day.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        rollup_daily_stats(day.isoformat())  # again: the ledger stays the same

    assert ledger() == [(link.ambassador.pk, PointsReason.UNIQUE_CLICKS, 3, 1, 3)]


def test_the_ledger_is_never_edited_or_deleted(points_on, share):
    award_share(share())
    entry = PointsEntry.objects.first()

    entry.points = 1000
    with pytest.raises(InsertOnlyError):
        entry.save()
    with pytest.raises(InsertOnlyError):
        PointsEntry.objects.update(points=1000)
    with pytest.raises(InsertOnlyError):
        PointsEntry.objects.all().delete()


def test_the_download_of_ones_data_lists_ones_points(points_on, share):
    first = share()
    award_share(first)

    data = export_personal_data(first.ambassador)

    assert [(row["reason"], row["points"]) for row in data["points"]] == [
        ("share", 10),
        ("first_share", 20),
    ]


def test_erasure_takes_the_ledger_and_leaves_others_points(
    points_on, share, django_capture_on_commit_callbacks
):
    hers, his = share(), share()
    award_share(hers)
    award_share(his)

    with django_capture_on_commit_callbacks(execute=True):
        erase_ambassador(hers.ambassador)

    assert not PointsEntry.objects.filter(ambassador=hers.ambassador).exists()
    assert balance(his.ambassador) == 30
