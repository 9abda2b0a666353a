"""Badges: defined in data, each awarded once by a job, streaks behind their own switch."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from wagtail_advocacy.game.badges import award_badges, badges_of, longest_weekly_streak
from wagtail_advocacy.game.models import Badge, BadgeAward, BadgeKind
from wagtail_advocacy.game.tasks import award_share_points
from wagtail_advocacy.models import Share, TrackedLink
from wagtail_advocacy.people.erasure import erase_ambassador

pytestmark = pytest.mark.django_db


@pytest.fixture
def badges_on(switch_on):
    return switch_on("badges")


@pytest.fixture
def shares(make_share_kit):
    """A builder: ``count`` shares by ``ambassador``, ``weeks_ago`` weeks back (one a week
    for ``weekly``)."""
    kit = make_share_kit()

    def make(ambassador, count=1, *, weeks_ago=0, weekly=False):
        link, _ = TrackedLink.objects.get_or_create(
            kit=kit, ambassador=ambassador, network="linkedin"
        )
        made = []
        for n in range(count):
            share = Share.objects.create(
                kit=kit, ambassador=ambassador, link=link, network="linkedin"
            )
            weeks = weeks_ago + (n if weekly else 0)
            Share.objects.filter(pk=share.pk).update(
                created_at=timezone.now() - datetime.timedelta(weeks=weeks)
            )
            made.append(share)
        return made

    return make


def earned(ambassador):
    return sorted(award.badge.slug for award in badges_of(ambassador))


def test_the_migrations_define_the_domains_badges():
    assert sorted(Badge.objects.values_list("slug", "kind", "threshold")) == [
        ("10-shares", "shares", 10),
        ("100-shares", "shares", 100),
        ("4-week-streak", "streak", 4),
        ("50-shares", "shares", 50),
        ("challenge-winner", "challenges", 1),
        ("first-conversion", "conversions", 1),
        ("first-share", "shares", 1),
    ]


def test_no_badge_while_badges_are_off(make_ambassador, shares):
    me = make_ambassador()
    shares(me, 12)

    assert award_badges() == []


def test_each_badge_is_awarded_once_when_its_threshold_is_reached(
    badges_on, make_ambassador, shares
):
    me = make_ambassador()
    shares(me, 9)
    award_badges()
    assert earned(me) == ["first-share"]

    last = shares(me)[0]
    award_share_points(last.pk)  # the job after a share
    award_badges()

    assert earned(me) == ["10-shares", "first-share"]
    assert BadgeAward.objects.filter(ambassador=me).count() == 2


def test_an_administrators_own_threshold_is_awarded_too(badges_on, make_ambassador, shares):
    Badge.objects.create(name="Three", slug="three", kind=BadgeKind.SHARES, threshold=3)
    me = make_ambassador()
    shares(me, 3)

    award_badges()

    assert "three" in earned(me)


def test_conversions_count_only_for_ambassadors_who_are_credited(
    badges_on, make_ambassador, make_share_kit, make_daily_stat
):
    kit = make_share_kit()
    credited, uncredited = make_ambassador(), make_ambassador(credit_clicks=False)
    for ambassador in (credited, uncredited):
        make_daily_stat(kit, ambassador, timezone.localdate(), conversions=1)

    award_badges()

    assert earned(credited) == ["first-conversion"]
    assert earned(uncredited) == []


def test_a_streak_needs_consecutive_weeks_and_its_own_switch(badges_on, make_ambassador, shares):
    steady, patchy = make_ambassador(), make_ambassador()
    shares(steady, 4, weekly=True)
    shares(patchy, 1, weeks_ago=0)
    shares(patchy, 1, weeks_ago=2)
    shares(patchy, 1, weeks_ago=3)
    award_badges()
    assert "4-week-streak" not in earned(steady)  # streaks are off

    badges_on.streaks_enabled = True
    badges_on.save()
    award_badges()

    assert "4-week-streak" in earned(steady)
    assert "4-week-streak" not in earned(patchy)


def test_the_longest_streak_of_weeks():
    monday = datetime.date(2026, 11, 2)
    weeks = [monday + datetime.timedelta(weeks=n) for n in (0, 1, 2, 4, 5)]

    assert longest_weekly_streak(weeks) == 3
    assert longest_weekly_streak([]) == 0


def test_members_of_an_excluded_team_earn_no_badge(badges_on, make_team, make_ambassador, shares):
    council = make_team("Works council")
    badges_on.excluded_teams.add(council)
    member = make_ambassador(team=council)
    shares(member, 2)

    award_badges()

    assert earned(member) == []


def test_erasure_takes_the_badges(
    badges_on, make_ambassador, shares, django_capture_on_commit_callbacks
):
    me = make_ambassador()
    shares(me)
    award_badges()

    with django_capture_on_commit_callbacks(execute=True):
        erase_ambassador(me)

    assert not BadgeAward.objects.filter(ambassador=me).exists()


def test_a_default_badge_is_named_in_the_readers_language_until_renamed():
    badge = Badge.objects.get(slug="first-share")
    with translation.override("fr"):
        assert str(badge) == "Premier partage"
        badge.name = "Our pioneers"
        assert str(badge) == "Our pioneers"


def test_an_administrator_adds_a_threshold_in_the_games_menu(admin_client):
    index = admin_client.get("/admin/wagtail_advocacy_game/badge/")
    assert index.status_code == 200
    assert "First share" in index.content.decode()

    response = admin_client.post(
        "/admin/wagtail_advocacy_game/badge/create/",
        {
            "name": "25 shares",
            "slug": "25-shares",
            "kind": "shares",
            "threshold": "25",
            "is_active": "on",
            "description": "Shared 25 times.",
        },
    )
    assert response.status_code == 302
    assert Badge.objects.get(slug="25-shares").threshold == 25

    duplicate = admin_client.post(
        "/admin/wagtail_advocacy_game/badge/create/",
        {"name": "Again", "slug": "again", "kind": "shares", "threshold": "25"},
    )
    assert duplicate.status_code == 200
    assert "A badge already counts this many of this." in duplicate.content.decode()
    assert not Badge.objects.filter(slug="again").exists()
    zero = admin_client.post(
        "/admin/wagtail_advocacy_game/badge/create/",
        {"name": "Zero", "slug": "zero", "kind": "shares", "threshold": "0"},
    )
    assert "Ensure this value is greater than or equal to 1." in zero.content.decode()


# --- on the ambassador's directory profile -------------------------------------------------


@pytest.fixture
def first_share_badge(db):
    return Badge.objects.get(slug="first-share")


def profile_html(client, directory, ambassador) -> str:
    response = client.get(directory.profile_url(ambassador))
    assert response.status_code == 200
    return response.content.decode()


def test_a_named_ambassadors_profile_shows_their_badges(
    badges_on, colleague, directory, make_listed, first_share_badge
):
    camille = make_listed("Camille", recognition="named")
    BadgeAward.objects.create(badge=first_share_badge, ambassador=camille)

    html = profile_html(colleague, directory, camille)

    assert '<h2 id="advocacy-profile-badges">Badges</h2>' in html
    assert f'<span class="advocacy-badge">{first_share_badge}</span>' in html


def test_an_anonymous_ambassadors_profile_shows_no_badge(
    badges_on, colleague, directory, make_listed, first_share_badge
):
    """Listed in the directory, but not named where people are recognised: their badges stay
    on their own "My impact"."""
    quiet = make_listed("Quiet", recognition="anonymous")
    BadgeAward.objects.create(badge=first_share_badge, ambassador=quiet)

    html = profile_html(colleague, directory, quiet)

    assert "Quiet" in html and str(first_share_badge) not in html


def test_no_badge_on_a_profile_while_badges_are_off_or_the_team_is_out(
    switch_on, colleague, directory, make_listed, make_team, first_share_badge
):
    sales = make_team("Sales")
    camille = make_listed("Camille", recognition="named")
    oliver = make_listed("Oliver", recognition="named", team=sales)
    for ambassador in (camille, oliver):
        BadgeAward.objects.create(badge=first_share_badge, ambassador=ambassador)

    switch_on()
    assert str(first_share_badge) not in profile_html(colleague, directory, camille)

    settings = switch_on("badges")
    settings.excluded_teams.set([sales])
    assert str(first_share_badge) in profile_html(colleague, directory, camille)
    assert str(first_share_badge) not in profile_html(colleague, directory, oliver)


def test_a_streak_badge_hides_with_streaks_on_the_profile_and_my_impact(
    switch_on, client, colleague, directory, make_listed
):
    streak = Badge.objects.get(slug="4-week-streak")
    camille = make_listed("Camille", recognition="named")
    BadgeAward.objects.create(badge=streak, ambassador=camille)

    switch_on("badges", "streaks")
    assert str(streak) in profile_html(colleague, directory, camille)

    switch_on("badges", streaks_enabled=False)
    assert str(streak) not in profile_html(colleague, directory, camille)
    client.force_login(camille.user)
    impact = client.get(reverse("wagtail_advocacy:impact")).content.decode()
    assert "Your badges" in impact and str(streak) not in impact
