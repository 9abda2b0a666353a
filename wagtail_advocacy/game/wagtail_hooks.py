"""Every Wagtail hook of the game."""

import functools

from django.contrib.auth.models import Permission
from django.urls import include, path
from wagtail import hooks

from wagtail_advocacy.views.admin.report_base import report_menu_item

from . import admin_urls
from .modeladmin import register_game_admin
from .models import ChallengeWinner, HeldPoints, PointsEntry, Redemption
from .panels import leaderboard_panel, rewards_panel
from .sections import (
    challenges_section,
    directory_profile_section,
    impact_section,
    tracking_section,
)
from .views import public_urls

register_game_admin()


@hooks.register("register_admin_urls")
def register_game_admin_urls():
    return [
        path(
            "advocacy/game/",
            include(
                (admin_urls.urlpatterns, "wagtail_advocacy_game_admin"),
                namespace="wagtail_advocacy_game_admin",
            ),
        )
    ]


for _report in admin_urls.REPORTS:
    hooks.register("register_reports_menu_item", functools.partial(report_menu_item, _report))


@hooks.register("register_permissions")
def register_game_permissions():
    # Listed so that it can be granted to groups in Settings › Groups.
    return Permission.objects.filter(
        content_type__app_label="wagtail_advocacy_game", codename="review_heldpoints"
    )


@hooks.register("construct_homepage_panels")
def add_leaderboard_panel(request, panels):
    panel = leaderboard_panel(request)
    if panel is not None:
        panels.append(panel)


@hooks.register("construct_homepage_panels")
def add_rewards_panel(request, panels):
    panel = rewards_panel(request)
    if panel is not None:
        panels.append(panel)


@hooks.register("register_permissions")
def register_redemption_permissions():
    # Reading the reward requests, and deciding them, granted to groups in Settings › Groups.
    return Permission.objects.filter(
        content_type__app_label="wagtail_advocacy_game",
        codename__in=["view_redemption", "change_redemption"],
    )


@hooks.register("advocacy_personal_data")
def points_of(ambassador):
    """The ambassador's points ledger and their points held for review, for the download of
    their data: two queries."""
    entries = PointsEntry.objects.filter(ambassador=ambassador).order_by("created_at", "pk")
    holds = HeldPoints.objects.filter(ambassador=ambassador).order_by("day", "pk")
    return {
        "points_held_for_review": [
            {
                "day": hold.day.isoformat(),
                "network": hold.network,
                "unique_clicks": hold.unique_clicks,
                "conversions": hold.conversions,
                "status": hold.status,
            }
            for hold in holds
        ],
        "points": [
            {
                "reason": entry.reason,
                "day": entry.day.isoformat(),
                "quantity": entry.quantity,
                "points_each": entry.rule_value,
                "points": entry.points,
                "cause": entry.cause,
                "written_at": entry.created_at.isoformat(),
            }
            for entry in entries
        ],
    }


@hooks.register("advocacy_personal_data")
def challenges_won_by(ambassador):
    """The challenges the ambassador won, for the download of their data: one query."""
    wins = (
        ChallengeWinner.objects.filter(ambassador=ambassador)
        .select_related("challenge", "team")
        .order_by("settled_at", "pk")
    )
    return {
        "challenges_won": [
            {
                "challenge": win.challenge.title,
                "last_day": win.challenge.ends_on.isoformat(),
                "value": win.value,
                "team": win.team.name if win.team else None,
                "settled_at": win.settled_at.isoformat(),
            }
            for win in wins
        ]
    }


@hooks.register("advocacy_personal_data")
def redemptions_of(ambassador):
    """The ambassador's reward requests and donations, for the download of their data."""
    requests = Redemption.objects.filter(ambassador=ambassador).select_related("reward", "charity")
    return {
        "reward_requests": [
            {
                "reward": redemption.reward.title if redemption.reward_id else None,
                "charity": redemption.charity.name if redemption.charity_id else None,
                "points": redemption.points,
                "value": str(redemption.value),
                "status": redemption.status,
                "comment": redemption.comment,
                "requested_at": redemption.requested_at.isoformat(),
            }
            for redemption in requests.order_by("requested_at", "pk")
        ]
    }


# The game's sections of the core's pages.
hooks.register("advocacy_impact_sections", impact_section)
hooks.register("advocacy_impact_sections", challenges_section)
hooks.register("advocacy_tracking_sections", tracking_section)
hooks.register("advocacy_directory_profile_sections", directory_profile_section)
hooks.register("advocacy_public_urls", public_urls)
