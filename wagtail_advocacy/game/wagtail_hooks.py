"""Every Wagtail hook of the game."""

from wagtail import hooks

from .panels import leaderboard_panel


@hooks.register("construct_homepage_panels")
def add_leaderboard_panel(request, panels):
    panel = leaderboard_panel(request)
    if panel is not None:
        panels.append(panel)
