"""Challenges: time-boxed goals, their progress and their settlement.

Progress comes from the daily aggregates only (shares of a campaign's kits, unique
visitors), through the leaderboards' own boards: individual challenges rank ambassadors,
team ones rank teams by the average per active ambassador (minimum team size, excluded teams
left out), both with standard competition ranking (1, 2, 2, 4). A collective challenge adds
up the whole programme against one target, and ranks nobody.

Who wins, one rule for the job and for the rules ambassadors read (``rules.published_rules``):

- individual: every ambassador at rank 1 who reached the qualifying minimum (at least 1);
- team: every active member of each team at rank 1 whose average reached the minimum;
- collective: when the programme reached the target, every ambassador who contributed at
  least the qualifying minimum.

Winners earn the challenge's bonus points (while points are on) and the "challenge winner"
badge (while badges are on). Hidden ambassadors are never ranked, as on every board, so they
cannot win an individual challenge; they count for their team and for collective targets.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_advocacy.models import Ambassador, DailyStat
from wagtail_advocacy.models.people import Recognition, recognised_name_expression
from wagtail_advocacy.stats.kpis import Period
from wagtail_advocacy.stats.rollup import final_days

from . import badges, points
from .choices import BoardKind, Metric
from .leaderboards import Board, board, compute_board
from .models import Challenge, ChallengeGoal, ChallengeScope, ChallengeWinner
from .rules import Feature, game_settings, is_switched_on, takes_part

# How long a settled challenge stays on "My impact", with its winners.
SETTLED_SHOWN_DAYS = 30

METRICS = {
    ChallengeGoal.CAMPAIGN_SHARES: Metric.SHARES,
    ChallengeGoal.UNIQUE_CLICKS: Metric.UNIQUE_CLICKS,
}
FIELDS = {
    ChallengeGoal.CAMPAIGN_SHARES: "shares",
    ChallengeGoal.UNIQUE_CLICKS: "unique_visitors",
}


def challenge_period(challenge: Challenge) -> Period:
    """The days that count, both ends included."""
    return Period(challenge.starts_on, challenge.ends_on)


def challenge_board(challenge: Challenge, *, top=1, cached=False) -> Board:
    """The board of an individual or team challenge: the leaderboards' board of its metric
    over its days, of its campaign's kits for a goal of shares. Everyone at rank 1 wins, so
    its rows are not cut to the top half a leaderboard shows (``top_half`` False): a
    challenge's rows name its winners, never a list of places."""
    kind = BoardKind.TEAMS if challenge.scope == ChallengeScope.TEAM else BoardKind.AMBASSADORS
    compute = board if cached else compute_board
    return compute(
        kind,
        METRICS[ChallengeGoal(challenge.goal)],
        challenge_period(challenge),
        top=top,
        campaign=challenge.campaign_id,
        top_half=False,
    )


def _figures(challenge: Challenge, settings):
    """The daily aggregates that count for ``challenge``: its days, its campaign's kits, of
    active ambassadors whose team takes part."""
    rows = DailyStat.objects.filter(
        challenge_period(challenge).as_q(),
        ambassador__in=Ambassador.objects.active().exclude(team__in=settings.excluded_teams.all()),
    )
    if challenge.goal == ChallengeGoal.CAMPAIGN_SHARES:
        rows = rows.filter(campaign=challenge.campaign_id)
    return rows


def collective_total(challenge: Challenge, settings) -> int:
    """Everything the programme did towards a collective target: one query. It names
    nobody, so clicks count whether or not their ambassador asked to be credited."""
    field = FIELDS[ChallengeGoal(challenge.goal)]
    return _figures(challenge, settings).aggregate(total=Sum(field, default=0))["total"]


def contributions(challenge: Challenge, settings, ambassador=None) -> dict:
    """{ambassador id: what they contributed} (only ``ambassador``'s when given): one
    query. Clicks count for ambassadors who keep "credit my clicks to me" on."""
    rows = _figures(challenge, settings)
    if challenge.goal == ChallengeGoal.UNIQUE_CLICKS:
        rows = rows.filter(ambassador__credit_clicks=True)
    if ambassador is not None:
        rows = rows.filter(ambassador=ambassador)
    field = FIELDS[ChallengeGoal(challenge.goal)]
    return dict(
        rows.values("ambassador")
        .annotate(total=Sum(field))
        .filter(total__gt=0)
        .values_list("ambassador", "total")
    )


def winners(challenge: Challenge, settings) -> list[ChallengeWinner]:
    """The winners of ``challenge`` as the figures stand (unsaved rows), by the rule above."""
    if challenge.scope == ChallengeScope.COLLECTIVE:
        if collective_total(challenge, settings) < challenge.target:
            return []
        return [
            ChallengeWinner(challenge=challenge, ambassador_id=pk, value=value)
            for pk, value in contributions(challenge, settings).items()
            if value >= challenge.minimum
        ]
    top = [row for row in challenge_board(challenge).rows if row.rank == 1]
    top = [row for row in top if row.value >= challenge.minimum]
    if challenge.scope == ChallengeScope.INDIVIDUAL:
        return [
            ChallengeWinner(challenge=challenge, ambassador_id=row.key, value=row.value)
            for row in top
        ]
    averages = {row.key: row.value for row in top}
    members = Ambassador.objects.active().filter(team__in=list(averages))
    return [
        ChallengeWinner(challenge=challenge, ambassador_id=pk, team_id=team, value=averages[team])
        for pk, team in members.values_list("pk", "team")
    ]


def due_challenges(today=None):
    """Challenges to settle: ended, not settled, and their last day rolled up after it was
    over (so its figures are complete)."""
    today = today or timezone.localdate()
    last_day_final = final_days().filter(day=OuterRef("ends_on"))
    return Challenge.objects.filter(settled_at__isnull=True, ends_on__lt=today).filter(
        Exists(last_day_final)
    )


def settle(challenge: Challenge) -> list[ChallengeWinner]:
    """Settle one challenge: its winners, their bonus points (idempotency key
    ``challenge:<id>:<ambassador id>``), their badge, and ``settled_at``. Returns the
    winners written now; a challenge already settled (by a retry, or a job running at the
    same time) is left as it is."""
    settings = game_settings()
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().filter(
            pk=challenge.pk, settled_at__isnull=True
        )
        challenge = locked.first()
        if challenge is None:
            return []
        found = winners(challenge, settings)
        ChallengeWinner.objects.bulk_create(found, ignore_conflicts=True)
        winner_ids = [winner.ambassador_id for winner in found]
        points.award_challenge(challenge, winner_ids)
        Challenge.objects.filter(pk=challenge.pk).update(settled_at=timezone.now())
    badges.award_badges(winner_ids)
    return found


def settle_ended_challenges(today=None) -> int:
    """Settle every challenge that is due (nothing while challenges are switched off: they
    are settled once switched on again). Returns the challenges settled."""
    if not is_switched_on(game_settings(), Feature.CHALLENGES):
        return 0
    settled = 0
    for challenge in due_challenges(today):
        settle(challenge)
        settled += 1
    return settled


@dataclass(frozen=True)
class ChallengeProgress:
    """Where an ambassador stands on a running challenge, or how a settled one ended."""

    challenge: Challenge
    value: float  # theirs, their team's average, or everyone's total
    percent: int  # of the target, at most 100
    contribution: int | None = None  # theirs, in a collective challenge
    rank: int | None = None
    ranked: int = 0
    won: bool = False
    winner_names: tuple = ()  # of a settled challenge: names, "Anonymous ambassador"s, teams


def _percent(value, target) -> int:
    return min(100, int(value * 100 / target)) if target else 0


def _team_average(challenge, settings, team_id) -> float:
    """The average per active member of a team, everything its members did counted,
    credited or not (a team's figure names nobody, as on team boards): two queries."""
    members = Ambassador.objects.active().filter(team=team_id).count()
    if not members:
        return 0
    field = FIELDS[ChallengeGoal(challenge.goal)]
    rows = _figures(challenge, settings).filter(ambassador__team=team_id)
    return round(rows.aggregate(total=Sum(field, default=0))["total"] / members, 2)


def progress_of(ambassador, settings, today=None) -> list[ChallengeProgress]:
    """The challenges running today with where ``ambassador`` stands, then those settled in
    the last SETTLED_SHOWN_DAYS days with their winners. A few queries per challenge,
    whatever the number of ambassadors (boards are cached)."""
    today = today or timezone.localdate()
    running = Challenge.objects.filter(starts_on__lte=today, ends_on__gte=today).select_related(
        "campaign"
    )
    progress = []
    for challenge in running.order_by("ends_on", "title"):
        if challenge.scope == ChallengeScope.COLLECTIVE:
            total = collective_total(challenge, settings)
            mine = contributions(challenge, settings, ambassador).get(ambassador.pk, 0)
            progress.append(
                ChallengeProgress(
                    challenge, total, _percent(total, challenge.target), contribution=mine
                )
            )
            continue
        shown = challenge_board(challenge, cached=True)
        if challenge.scope == ChallengeScope.TEAM:
            key = ambassador.team_id
            value = _team_average(challenge, settings, key) if key else 0
        else:
            key = ambassador.pk
            value = contributions(challenge, settings, ambassador).get(ambassador.pk, 0)
        progress.append(
            ChallengeProgress(
                challenge,
                value,
                _percent(value, challenge.target),
                rank=shown.rank_of(key) if key else None,
                ranked=shown.ranked,
            )
        )
    progress += _settled(ambassador)
    return progress


def _settled(ambassador) -> list[ChallengeProgress]:
    """Challenges settled lately, with their winners as a board would name them: two
    queries, however many winners."""
    since = timezone.now() - datetime.timedelta(days=SETTLED_SHOWN_DAYS)
    settled = list(Challenge.objects.filter(settled_at__gte=since).order_by("-ends_on", "title"))
    if not settled:
        return []
    won = {}
    for challenge_id, pk, name, team, recognition in (
        ChallengeWinner.objects.filter(challenge__in=settled)
        .annotate(recognised=recognised_name_expression("ambassador__"))
        .order_by(F("recognised").asc(nulls_last=True), "pk")
        .values_list(
            "challenge", "ambassador", "recognised", "team__name", "ambassador__recognition"
        )
    ):
        won.setdefault(challenge_id, []).append((pk, name, team, recognition))
    results = []
    for challenge in settled:
        rows = won.get(challenge.pk, [])
        if challenge.scope == ChallengeScope.TEAM:
            names = tuple(dict.fromkeys(team for _pk, _name, team, _r in rows if team))
        elif challenge.scope == ChallengeScope.INDIVIDUAL:
            names = tuple(
                name if name is not None else _("Anonymous ambassador")
                for _pk, name, _team, recognition in rows
                if recognition != Recognition.HIDDEN
            )
        else:
            names = ()
        results.append(
            ChallengeProgress(
                challenge,
                0,
                0,
                won=any(pk == ambassador.pk for pk, *_rest in rows),
                winner_names=names,
            )
        )
    return results


def takes_part_in_challenges(settings, ambassador) -> bool:
    """Whether ``ambassador`` sees challenges: they are switched on and the ambassador's team
    is in the game."""
    return is_switched_on(settings, Feature.CHALLENGES) and takes_part(settings, ambassador)
