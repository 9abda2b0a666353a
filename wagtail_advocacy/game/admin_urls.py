"""The game's admin URLs, mounted by its wagtail_hooks under ``advocacy/game/`` (namespace
wagtail_advocacy_game_admin), beside the core's ``advocacy/``."""

from django.urls import path

from wagtail_advocacy.views.admin.report_base import report_urls

from . import admin_views, review_views
from .reports import LeaderboardReportView

#: The game's reports, in the Reports menu after the core's.
REPORTS = [LeaderboardReportView]

urlpatterns = [
    path(
        "held-points/<int:pk>/release/",
        review_views.ReleaseHeldPointsView.as_view(),
        name="held_points_release",
    ),
    path(
        "held-points/<int:pk>/reject/",
        review_views.RejectHeldPointsView.as_view(),
        name="held_points_reject",
    ),
    *admin_views.urlpatterns,  # the rewards' fulfilment queue and exports
    *report_urls(REPORTS),
]
