"""The game's admin URLs, mounted by its wagtail_hooks under ``advocacy/game/`` (namespace
wagtail_advocacy_game_admin), beside the core's ``advocacy/``."""

from wagtail_advocacy.views.admin.report_base import report_urls

from .reports import LeaderboardReportView

#: The game's reports, in the Reports menu after the core's.
REPORTS = [LeaderboardReportView]

urlpatterns = report_urls(REPORTS)
