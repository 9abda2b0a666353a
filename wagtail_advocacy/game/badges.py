"""Badges: awarding each at most once, by a job, from the shares, the daily figures and the
weeks in which an ambassador shared."""

import datetime
from collections import defaultdict

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek

from wagtail_advocacy.models import Ambassador, DailyStat, Share

from .models import Badge, BadgeAward, BadgeKind, ChallengeWinner
from .rules import Feature, game_settings, is_switched_on, shows_badge


def longest_weekly_streak(weeks) -> int:
    """The longest run of consecutive weeks in ``weeks`` (the Mondays of weeks with a share)."""
    longest = current = 0
    previous = None
    for week in sorted(set(weeks)):
        current = current + 1 if previous and week - previous == datetime.timedelta(weeks=1) else 1
        longest = max(longest, current)
        previous = week
    return longest


def _counts(kind, ambassadors) -> dict:
    """{ambassador id: how many of ``kind``} for ``ambassadors``: one query."""
    if kind == BadgeKind.SHARES:
        rows = Share.objects.filter(ambassador__in=ambassadors).values("ambassador")
        return dict(rows.annotate(n=Count("pk")).values_list("ambassador", "n"))
    if kind == BadgeKind.CONVERSIONS:
        # Conversions come from the visitors of a link: only for those who are credited.
        rows = DailyStat.objects.filter(
            ambassador__in=ambassadors.filter(credit_clicks=True)
        ).values("ambassador")
        return dict(rows.annotate(n=Sum("conversions")).values_list("ambassador", "n"))
    if kind == BadgeKind.CHALLENGES:
        rows = ChallengeWinner.objects.filter(ambassador__in=ambassadors).values("ambassador")
        return dict(rows.annotate(n=Count("pk")).values_list("ambassador", "n"))
    weeks = defaultdict(list)
    for ambassador, week in (
        Share.objects.filter(ambassador__in=ambassadors)
        .annotate(week=TruncWeek("created_at"))
        .values_list("ambassador", "week")
        .distinct()
    ):
        weeks[ambassador].append(week.date() if isinstance(week, datetime.datetime) else week)
    return {ambassador: longest_weekly_streak(days) for ambassador, days in weeks.items()}


def award_badges(ambassador_ids=None) -> list[BadgeAward]:
    """Award every active badge to the ambassadors in the game who reached it and do not
    have it yet (all of them, or those of ``ambassador_ids``). Returns the new awards;
    running it twice awards nothing more. Streak badges need streaks switched on, challenge
    badges challenges."""
    settings = game_settings()
    if not is_switched_on(settings, Feature.BADGES):
        return []
    ambassadors = Ambassador.objects.can_share().exclude(team__in=settings.excluded_teams.all())
    if ambassador_ids is not None:
        ambassadors = ambassadors.filter(pk__in=ambassador_ids)
    badges = list(Badge.objects.filter(is_active=True))
    badges = [badge for badge in badges if shows_badge(settings, badge)]
    counts = {kind: _counts(kind, ambassadors) for kind in {badge.kind for badge in badges}}
    held = set(
        BadgeAward.objects.filter(badge__in=badges, ambassador__in=ambassadors).values_list(
            "badge_id", "ambassador_id"
        )
    )
    new = [
        BadgeAward(badge=badge, ambassador_id=ambassador)
        for badge in badges
        for ambassador, count in counts[badge.kind].items()
        if (count or 0) >= badge.threshold and (badge.pk, ambassador) not in held
    ]
    BadgeAward.objects.bulk_create(new, ignore_conflicts=True)
    return new


def badges_of(ambassador, settings=None) -> list[BadgeAward]:
    """The badges ``ambassador`` earned, newest first: one query. Given the game's
    ``settings``, only those still in the game (``rules.shows_badge``: a streak badge hides
    while streaks are off)."""
    awards = BadgeAward.objects.filter(ambassador=ambassador).select_related("badge")
    if settings is None:
        return list(awards)
    return [award for award in awards if shows_badge(settings, award.badge)]
