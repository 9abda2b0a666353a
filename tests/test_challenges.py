"""Challenges: time-boxed goals read from the daily aggregates, ranked like the boards, settled
once by a job (winners, bonus points, a badge), shown with their rules on My impact."""

import datetime
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail_advocacy.game.challenges import progress_of, winners
from wagtail_advocacy.game.models import (
    BadgeAward,
    Challenge,
    ChallengeGoal,
    ChallengeScope,
    ChallengeWinner,
    PointsEntry,
    PointsReason,
)
from wagtail_advocacy.game.tasks import settle_challenges
from wagtail_advocacy.models import Campaign, RolledUpDay
from wagtail_advocacy.models.people import Recognition
from wagtail_advocacy.people.erasure import erase_ambassador
from wagtail_advocacy.tasks import scheduled_jobs

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_WEEK = TODAY - datetime.timedelta(days=7)
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def challenges_on(switch_on):
    return switch_on("challenges", "points", "badges", minimum_team_size=2)


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(name="Open days", slug="open-days", starts_on=LAST_WEEK)


@pytest.fixture
def make_challenge(db):
    def make(**fields):
        values = {
            "title": "Spring clicks",
            "starts_on": LAST_WEEK,
            "ends_on": YESTERDAY,
            "scope": ChallengeScope.INDIVIDUAL,
            "goal": ChallengeGoal.UNIQUE_CLICKS,
            "target": 10,
            "bonus_points": 50,
        }
        values.update(fields)
        challenge = Challenge(**values)
        challenge.full_clean()
        challenge.save()
        return challenge

    return make


@pytest.fixture
def did(make_share_kit, make_daily_stat):
    """``did(ambassador, unique_visitors=3, shares=1, day=..., kit=...)``: a rolled-up day."""
    default_kit = make_share_kit()

    def record(ambassador, *, day=LAST_WEEK, kit=None, **figures):
        return make_daily_stat(kit or default_kit, ambassador, day, **figures)

    return record


def roll_up(day=YESTERDAY):
    """The day's aggregates were last recomputed after it was over."""
    RolledUpDay.objects.create(
        day=day,
        rolled_up_at=timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0, 30))
        ),
    )


def ledger():
    return sorted(
        PointsEntry.objects.filter(reason=PointsReason.CHALLENGE).values_list(
            "idempotency_key", "points"
        )
    )


def page(client, ambassador, name="wagtail_advocacy:impact"):
    client.force_login(ambassador.user)
    return " ".join(unescape(client.get(reverse(name)).content.decode()).split())


def test_progress_counts_the_campaigns_shares_from_the_daily_figures(
    challenges_on, make_challenge, make_ambassador, make_share_kit, campaign, did
):
    me, other = make_ambassador(), make_ambassador()
    in_campaign = make_share_kit(campaign=campaign)
    did(me, kit=in_campaign, shares=3)
    did(me, shares=5)  # a kit of no campaign: not counted
    did(me, kit=in_campaign, shares=9, day=LAST_WEEK - datetime.timedelta(days=1))  # before
    did(other, kit=in_campaign, shares=4)
    make_challenge(goal=ChallengeGoal.CAMPAIGN_SHARES, campaign=campaign, ends_on=TODAY)

    [mine] = progress_of(me, challenges_on)

    assert (mine.value, mine.percent, mine.rank, mine.ranked) == (3, 30, 2, 2)


def test_team_challenges_rank_teams_by_the_average_per_active_member(
    challenges_on, make_challenge, make_ambassador, make_team, did
):
    big, small, alone = make_team("Big"), make_team("Small"), make_team("Alone")
    big_members = [make_ambassador(team=big) for _n in range(4)]
    small_members = [make_ambassador(team=small) for _n in range(2)]
    left = make_ambassador(team=big, left_at=timezone.now())  # not active: not counted
    did(big_members[0], unique_visitors=12)  # 12 / 4 = 3
    did(left, unique_visitors=100)
    for member in small_members:
        did(member, unique_visitors=4)  # 8 / 2 = 4
    did(make_ambassador(team=alone), unique_visitors=50)  # below the minimum team size
    challenge = make_challenge(scope=ChallengeScope.TEAM, ends_on=TODAY)

    mine = progress_of(big_members[1], challenges_on)[0]
    assert (mine.value, mine.rank, mine.ranked) == (3, 2, 2)

    found = winners(challenge, challenges_on)
    assert {w.ambassador_id for w in found} == {m.pk for m in small_members}
    assert {w.value for w in found} == {4}


def test_a_collective_challenge_has_one_bar_and_no_rank(
    challenges_on, make_challenge, make_ambassador, did, client
):
    me, other = make_ambassador(), make_ambassador(credit_clicks=False)
    did(me, unique_visitors=30)
    did(other, unique_visitors=20)  # names nobody in a total: counted
    make_challenge(title="All of us", scope=ChallengeScope.COLLECTIVE, target=200, ends_on=TODAY)

    [mine] = progress_of(me, challenges_on)
    text = page(client, me)

    assert (mine.value, mine.percent, mine.contribution, mine.rank) == (50, 25, 30, None)
    assert '<progress max="200" value="50"' in text
    assert "Everyone together: 50 of 200 (25%). Your contribution: 30." in text
    assert "rank" not in text.split("All of us")[1].split("</li>")[0].lower()


def test_settlement_rewards_everyone_tied_at_rank_one(
    challenges_on, make_challenge, make_ambassador, did
):
    first, tied, third = (make_ambassador() for _n in range(3))
    did(first, unique_visitors=8)
    did(tied, unique_visitors=8)
    did(third, unique_visitors=5)
    challenge = make_challenge()
    roll_up()

    assert settle_challenges() == 1

    assert ledger() == [
        (f"challenge:{challenge.pk}:{first.pk}", 50),
        (f"challenge:{challenge.pk}:{tied.pk}", 50),
    ]
    challenge.refresh_from_db()
    assert challenge.settled_at is not None
    assert set(BadgeAward.objects.values_list("ambassador", "badge__slug")) == {
        (first.pk, "challenge-winner"),
        (tied.pk, "challenge-winner"),
    }


def test_a_challenge_is_settled_only_once_its_last_day_is_rolled_up(
    challenges_on, make_challenge, make_ambassador, did
):
    did(make_ambassador(), unique_visitors=8)
    running, ended = make_challenge(ends_on=TODAY), make_challenge(title="Ended")

    assert settle_challenges() == 0  # yesterday not rolled up after it was over
    roll_up()
    assert settle_challenges() == 1

    running.refresh_from_db()
    ended.refresh_from_db()
    assert running.settled_at is None and ended.settled_at is not None


def test_nobody_wins_below_the_qualifying_minimum(
    challenges_on, make_challenge, make_ambassador, did
):
    best = make_ambassador()
    did(best, unique_visitors=4)
    make_challenge(qualifying_minimum=5)
    roll_up()

    settle_challenges()

    assert ledger() == []
    assert not ChallengeWinner.objects.exists()
    assert Challenge.objects.get().settled_at is not None


def test_a_collective_challenge_rewards_every_contributor_above_the_minimum(
    challenges_on, make_challenge, make_ambassador, did
):
    big, small, uncredited = (
        make_ambassador(),
        make_ambassador(),
        make_ambassador(credit_clicks=False),
    )
    did(big, unique_visitors=9)
    did(small, unique_visitors=1)
    did(uncredited, unique_visitors=5)
    reached = make_challenge(scope=ChallengeScope.COLLECTIVE, target=15, qualifying_minimum=2)
    missed = make_challenge(title="Too far", scope=ChallengeScope.COLLECTIVE, target=100)
    roll_up()

    settle_challenges()

    assert ledger() == [(f"challenge:{reached.pk}:{big.pk}", 50)]
    assert not ChallengeWinner.objects.filter(challenge=missed).exists()


def test_settling_twice_leaves_the_ledger_identical(
    challenges_on, make_challenge, make_ambassador, did
):
    did(make_ambassador(), unique_visitors=8)
    challenge = make_challenge()
    roll_up()
    settle_challenges()
    before = list(PointsEntry.objects.values_list("pk", "idempotency_key", "points"))
    awards = BadgeAward.objects.count()

    assert settle_challenges() == 0
    # Even a challenge whose stamp were lost is settled into the same ledger.
    Challenge.objects.filter(pk=challenge.pk).update(settled_at=None)
    settle_challenges()

    assert list(PointsEntry.objects.values_list("pk", "idempotency_key", "points")) == before
    assert BadgeAward.objects.count() == awards == 1


def test_the_winner_badge_is_awarded_once_for_two_wins(
    challenges_on, make_challenge, make_ambassador, did
):
    me = make_ambassador()
    did(me, unique_visitors=8)
    make_challenge()
    make_challenge(title="Again")
    roll_up()

    settle_challenges()

    assert ChallengeWinner.objects.filter(ambassador=me).count() == 2
    assert list(
        BadgeAward.objects.filter(ambassador=me).values_list("badge__slug", flat=True)
    ) == ["challenge-winner"]


def test_hidden_ambassadors_and_excluded_teams_take_no_part(
    challenges_on, make_challenge, make_ambassador, make_team, did, client
):
    council = make_team("Works council")
    challenges_on.excluded_teams.add(council)
    hidden = make_ambassador(recognition=Recognition.HIDDEN)
    excluded = make_ambassador(team=council)
    anonymous = make_ambassador(recognition=Recognition.ANONYMOUS)
    named = make_ambassador(recognition=Recognition.NAMED)
    did(hidden, unique_visitors=20)
    did(excluded, unique_visitors=30)
    did(anonymous, unique_visitors=6)
    did(named, unique_visitors=6)
    make_challenge(title="Spring clicks")
    roll_up()

    settle_challenges()

    assert set(ChallengeWinner.objects.values_list("ambassador", flat=True)) == {
        anonymous.pk,
        named.pk,
    }
    text = page(client, named)
    name = named.user.get_full_name()
    assert f"Spring clicks</strong>: you won! won by {name}, Anonymous ambassador." in text
    assert page(client, excluded).count("Challenges") == 0


def test_switched_off_challenges_show_nowhere_and_are_not_settled(
    switch_on, make_challenge, make_ambassador, did, client
):
    switch_on("points", "badges")
    me = make_ambassador()
    did(me, unique_visitors=8)
    make_challenge(ends_on=TODAY)
    make_challenge(title="Ended")
    roll_up()

    assert settle_challenges() == 0
    for name in ("wagtail_advocacy:impact", "wagtail_advocacy:what_we_track"):
        text = page(client, me, name)
        assert "challenge" not in text.lower()
    assert "Challenge winner" not in page(client, me)  # nor its badge's rule


def test_my_impact_lists_running_challenges_with_my_rank_and_the_rules(
    challenges_on, make_challenge, make_ambassador, did, client
):
    me = make_ambassador()
    for n in range(5):
        did(make_ambassador(), unique_visitors=10 + n)
    did(me, unique_visitors=4)
    make_challenge(title="Spring clicks", ends_on=TODAY, description="Bring <b>visitors</b>")

    text = page(client, me)

    assert "Spring clicks" in text
    assert "Goal: 10 unique clicks. Bonus: 50 points." in text
    assert (
        "Bring &lt;b&gt;visitors&lt;/b&gt;"
        in client.get(reverse("wagtail_advocacy:impact")).content.decode()
    )
    assert "You: 4 of 10. Your rank: 6 of 6." in text
    assert '<progress max="10" value="4"' in text
    assert "everyone at rank 1 who reached the qualifying minimum wins" in text
    tracked = page(client, me, "wagtail_advocacy:what_we_track")
    assert "everyone at rank 1 who reached the qualifying minimum wins" in tracked
    assert "For each challenge you win: the challenge, your figure" in tracked


def test_no_bonus_is_promised_on_a_challenge_while_points_are_off(
    switch_on, make_challenge, make_ambassador, did, client
):
    switch_on("challenges", minimum_team_size=2)
    me = make_ambassador()
    did(me, unique_visitors=4)
    make_challenge(title="Spring clicks", ends_on=TODAY)

    text = page(client, me)

    assert "Spring clicks" in text and "Goal: 10 unique clicks." in text
    assert "Bonus" not in text and "bonus points" not in text


def test_my_impact_lists_the_challenge_rules_once_beside_the_points(
    challenges_on, make_ambassador, client
):
    text = page(client, make_ambassador())

    assert "Your points and rank" in text
    assert text.count("everyone at rank 1 who reached the qualifying minimum wins") == 1


def test_the_download_lists_the_challenges_won_and_erasure_takes_them(
    challenges_on,
    make_challenge,
    make_ambassador,
    did,
    client,
    django_capture_on_commit_callbacks,
):
    me = make_ambassador()
    did(me, unique_visitors=8)
    make_challenge()
    roll_up()
    settle_challenges()

    client.force_login(me.user)
    [won] = client.get(reverse("wagtail_advocacy:personal_data_export")).json()["challenges_won"]
    assert (won["challenge"], won["value"]) == ("Spring clicks", 8)

    with django_capture_on_commit_callbacks(execute=True):
        erase_ambassador(me)

    assert not ChallengeWinner.objects.filter(ambassador=me).exists()
    assert not PointsEntry.objects.filter(ambassador=me).exists()


def test_my_impact_says_why_a_hidden_or_uncredited_ambassador_is_not_ranked(
    challenges_on, make_challenge, make_ambassador, did, client
):
    hidden = make_ambassador(recognition=Recognition.HIDDEN)
    uncredited = make_ambassador(credit_clicks=False)
    for ambassador in (hidden, uncredited):
        did(ambassador, unique_visitors=3)
    make_challenge(ends_on=TODAY)

    assert "You chose to be hidden, so you are not ranked" in page(client, hidden)
    assert "Your clicks are not credited to you" in page(client, uncredited)


def test_my_impact_without_a_running_challenge(challenges_on, make_ambassador, client):
    assert "No challenge is running at the moment." in page(client, make_ambassador())


def test_my_impact_takes_a_constant_number_of_queries(
    challenges_on, make_challenge, make_ambassador, make_team, did, client
):
    team = make_team("Sales")
    me = make_ambassador(team=team)
    make_challenge(ends_on=TODAY)
    make_challenge(title="Teams", scope=ChallengeScope.TEAM, ends_on=TODAY)
    make_challenge(title="Together", scope=ChallengeScope.COLLECTIVE, ends_on=TODAY)
    make_challenge(title="Over")
    roll_up()
    did(me, unique_visitors=1)
    did(make_ambassador(team=team), unique_visitors=1)
    did(make_ambassador(), unique_visitors=1)
    settle_challenges()
    client.force_login(me.user)
    client.get(reverse("wagtail_advocacy:impact"))  # creates the settings' rows
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("wagtail_advocacy:impact"))
    for n in range(20):
        did(make_ambassador(team=team), unique_visitors=n + 1)
        did(make_ambassador(), unique_visitors=n + 1)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        text = client.get(reverse("wagtail_advocacy:impact")).content.decode()

    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Teams" in text and "Together" in text


def test_the_settlement_is_scheduled_hourly():
    jobs = {func: kind for _name, func, kind, _at in scheduled_jobs()}

    assert jobs["wagtail_advocacy.game.tasks.settle_challenges"] == "H"


def test_an_administrator_creates_a_challenge_with_validation(admin_client, campaign):
    url = "/admin/wagtail_advocacy_game/challenge/create/"
    fields = {
        "title": "Open days",
        "description": "",
        "starts_on": TODAY.isoformat(),
        "ends_on": LAST_WEEK.isoformat(),
        "scope": "individual",
        "goal": "campaign_shares",
        "target": "20",
        "qualifying_minimum": "30",
        "bonus_points": "100",
    }

    refused = admin_client.post(url, fields)

    content = refused.content.decode()
    assert refused.status_code == 200
    assert "The challenge cannot end before it starts." in content
    assert "Choose the campaign whose kits’ shares count." in unescape(content).replace("'", "’")
    assert "The qualifying minimum cannot be higher than the target (20)." in content
    assert not Challenge.objects.exists()

    fields.update(
        ends_on=(TODAY + datetime.timedelta(days=14)).isoformat(),
        campaign=str(campaign.pk),
        qualifying_minimum="5",
    )
    created = admin_client.post(url, fields)

    assert created.status_code == 302
    challenge = Challenge.objects.get()
    assert (challenge.campaign, challenge.target, challenge.minimum) == (campaign, 20, 5)
    assert (
        "Open days" in admin_client.get("/admin/wagtail_advocacy_game/challenge/").content.decode()
    )

    Challenge.objects.filter(pk=challenge.pk).update(settled_at=timezone.now())
    edit = admin_client.post(
        f"/admin/wagtail_advocacy_game/challenge/edit/{challenge.pk}/", fields
    )
    assert "This challenge is settled: its winners and points are final." in edit.content.decode()


def test_the_challenges_list_counts_the_winners_in_one_query(
    admin_client,
    challenges_on,
    make_challenge,
    make_ambassador,
    did,
    django_assert_max_num_queries,
):
    did(make_ambassador(), unique_visitors=8)
    make_challenge(title="Settled one")
    roll_up()
    settle_challenges()
    url = "/admin/wagtail_advocacy_game/challenge/"
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for n in range(5):
        make_challenge(title=f"Later {n}", starts_on=TODAY, ends_on=TODAY)

    with django_assert_max_num_queries(len(few.captured_queries)):
        text = " ".join(admin_client.get(url).content.decode().split())

    assert "Settled one" in text and "Later 4" in text


def test_the_challenge_screens_need_the_permission(client, make_user, admin_client):
    form = admin_client.get("/admin/wagtail_advocacy_game/challenge/create/").content.decode()
    assert "Qualifying minimum" in form and "Bonus points" in form
    empty = admin_client.get("/admin/wagtail_advocacy_game/challenge/").content.decode()
    assert "Challenges" in empty

    editor = make_user()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.get("/admin/wagtail_advocacy_game/challenge/create/")

    assert response.status_code in (302, 403)
    assert not Challenge.objects.exists()


def test_an_unknown_campaign_is_a_form_error_not_a_500(admin_client):
    response = admin_client.post(
        "/admin/wagtail_advocacy_game/challenge/create/",
        {"title": "X", "starts_on": "not a date", "campaign": "999999", "target": "-1"},
    )

    assert response.status_code == 200
    assert not Challenge.objects.exists()


def test_a_campaign_with_a_challenge_cannot_be_deleted(admin_client, make_challenge, campaign):
    make_challenge(goal=ChallengeGoal.CAMPAIGN_SHARES, campaign=campaign)

    response = admin_client.post(f"/admin/wagtail_advocacy/campaign/delete/{campaign.pk}/")

    assert response.status_code == 200
    assert "Spring clicks" in response.content.decode()  # what protects it
    assert Campaign.objects.filter(pk=campaign.pk).exists()


@pytest.mark.parametrize(
    ("feature", "url"),
    [
        ("challenges", "/admin/wagtail_advocacy_game/challenge/"),
        ("badges", "/admin/wagtail_advocacy_game/badge/"),
    ],
)
def test_the_game_menu_lists_an_element_only_while_it_is_on(
    client, switch_on, make_user, feature, url
):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    switch_on("points")
    assert f'"url": "{url}"' not in client.get("/admin/").content.decode()

    switch_on("points", feature)

    assert f'"url": "{url}"' in client.get("/admin/").content.decode()
