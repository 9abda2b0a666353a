"""The leaderboard panel of the Wagtail dashboard: top ambassadors and teams this month, and
the viewer's own rank."""

from wagtail.admin.ui.components import Component

from wagtail_advocacy.people.programme import get_active_ambassador

from .choices import BoardKind, Metric
from .leaderboards import panel_boards
from .rewards import donation_summary
from .rules import Feature, game_settings, is_switched_on, sees_leaderboards


class LeaderboardPanel(Component):
    """This month's top ambassadors and teams, from the cached boards (``leaderboards.board``):
    a constant number of queries whatever the number of ambassadors."""

    name = "advocacy_leaderboard"
    order = 160  # below the programme's KPIs
    template_name = "wagtail_advocacy_game/panels/leaderboard.html"

    class Media:
        css = {"all": ["wagtail_advocacy_game/css/leaderboard.css"]}

    def __init__(self, request, settings):
        self.request = request
        self.settings = settings

    def get_context_data(self, parent_context=None):
        boards = panel_boards(self.settings)
        ambassadors, teams = boards[BoardKind.AMBASSADORS], boards[BoardKind.TEAMS]
        viewer = get_active_ambassador(self.request.user)
        return {
            "metric": Metric(ambassadors.metric),
            "period": ambassadors.period,
            "ambassadors": ambassadors,
            "teams": teams,
            "own_rank": ambassadors.rank_of(viewer.pk) if viewer else None,
            "minimum_team_size": self.settings.minimum_team_size,
        }


def leaderboard_panel(request):
    """The panel for this request's user, or None when they are not to see leaderboards."""
    settings = game_settings(request)
    if not sees_leaderboards(settings, request.user):
        return None
    return LeaderboardPanel(request, settings)


class RewardsPanel(Component):
    """What ambassadors gave to charities, with the company's matching: one query."""

    name = "advocacy_rewards"
    order = 170  # below the leaderboard
    template_name = "wagtail_advocacy_game/panels/rewards.html"

    def __init__(self, settings):
        self.settings = settings

    def get_context_data(self, parent_context=None):
        return donation_summary(self.settings)


def rewards_panel(request):
    """The donations panel while rewards are on, for those who may read the requests."""
    from .admin_views import can_view_redemptions

    settings = game_settings(request)
    if not is_switched_on(settings, Feature.REWARDS):
        return None
    if not can_view_redemptions(request.user):
        return None
    return RewardsPanel(settings)
