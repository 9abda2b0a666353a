"""What the game adds to the core's pages (the ``advocacy_impact_sections`` and
``advocacy_tracking_sections`` hooks): an ambassador's points and rank on "My impact", and the
rules of the game on both pages, from the live settings."""

from django.db.models import Q, Sum
from django.template.loader import render_to_string

from wagtail_advocacy.models.people import Recognition

from .badges import badges_of
from .challenges import progress_of, takes_part_in_challenges
from .choices import BoardKind, Metric, PeriodChoice
from .leaderboards import board, resolve_period
from .levels import levels_of
from .models import EARNING_REASONS, PointsEntry
from .rules import (
    Feature,
    challenge_rules,
    game_settings,
    is_switched_on,
    published_rules,
    takes_part,
)


def impact_section(request, ambassador):
    """Points (to spend, ever earned), this month's rank, badges and the rules, for an
    ambassador in the game; nothing while neither points, leaderboards nor badges are on.
    Five queries at most, with the board cached."""
    if ambassador is None:
        return None
    settings = game_settings()
    points_on = is_switched_on(settings, Feature.POINTS)
    boards_on = is_switched_on(settings, Feature.LEADERBOARDS)
    badges_on = is_switched_on(settings, Feature.BADGES)
    rewards_on = is_switched_on(settings, Feature.REWARDS) and ambassador.is_active
    if not (points_on or boards_on or badges_on or rewards_on) or not takes_part(
        settings, ambassador
    ):
        return None
    context = {
        "points_on": points_on,
        "boards_on": boards_on,
        # The challenges' rules come with the challenges' own section.
        "rules": published_rules(settings, with_challenges=False),
        "rewards_on": rewards_on,
    }
    if points_on:
        context.update(
            PointsEntry.objects.filter(ambassador=ambassador).aggregate(
                balance=Sum("points", default=0),
                lifetime=Sum("points", filter=Q(reason__in=EARNING_REASONS), default=0),
            )
        )
    if badges_on:
        context["badges"] = badges_of(ambassador, settings)
        context["badges_on"] = True
        context["levels"] = levels_of(ambassador, settings)
    if boards_on:
        metric = Metric.POINTS if points_on else Metric.SHARES
        month = board(BoardKind.AMBASSADORS, metric, resolve_period(PeriodChoice.MONTH))
        context.update(rank=month.rank_of(ambassador.pk), ranked=month.ranked, metric=metric)
    return render_to_string("wagtail_advocacy_game/impact_section.html", context, request)


def directory_profile_section(request, ambassador):
    """The badges on an ambassador's directory profile, while badges are on, for an
    ambassador in the game who chose to be named where people are recognised: an anonymous
    one's badges stay on their own "My impact". Two queries at most."""
    settings = game_settings()
    if not is_switched_on(settings, Feature.BADGES) or not ambassador.is_named:
        return None
    if not takes_part(settings, ambassador):
        return None
    awards = badges_of(ambassador, settings)
    if not awards:
        return None
    return render_to_string(
        "wagtail_advocacy_game/directory_profile_section.html", {"badges": awards}, request
    )


def challenges_section(request, ambassador):
    """The challenges running now with the ambassador's progress (a shared bar for a
    collective one, their rank otherwise, never the bottom of a board), those settled lately
    with their winners, and how challenges are won; nothing while challenges are off or the
    ambassador's team is left out of the game."""
    if ambassador is None:
        return None
    settings = game_settings()
    if not takes_part_in_challenges(settings, ambassador):
        return None
    progress = progress_of(ambassador, settings)
    return render_to_string(
        "wagtail_advocacy_game/challenges_section.html",
        {
            "running": [item for item in progress if item.challenge.settled_at is None],
            "settled": [item for item in progress if item.challenge.settled_at is not None],
            "rules": challenge_rules(settings),
            "hidden": ambassador.recognition == Recognition.HIDDEN,
            "credited": ambassador.credit_clicks,
            # The bonus is promised only while points are awarded (``rules.challenge_rules``).
            "points_on": is_switched_on(settings, Feature.POINTS),
        },
        request,
    )


def tracking_section(request, ambassador):
    """What the game records, and its rules, on "What we track about you"; nothing while
    no element of the game is on."""
    settings = game_settings()
    rules = published_rules(settings)
    rewards_on = is_switched_on(settings, Feature.REWARDS)
    if not rules and not rewards_on:
        return None
    return render_to_string(
        "wagtail_advocacy_game/tracking_section.html",
        {
            "rules": rules,
            "points_on": is_switched_on(settings, Feature.POINTS),
            "challenges_on": is_switched_on(settings, Feature.CHALLENGES),
            "rewards_on": rewards_on,
        },
        request,
    )
