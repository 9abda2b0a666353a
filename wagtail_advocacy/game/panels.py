"""The leaderboard panel of the Wagtail dashboard: top ambassadors and teams this month, and
the viewer's own rank."""

from wagtail.admin.ui.components import Component

from wagtail_advocacy.people.programme import get_active_ambassador

from .choices import BoardKind, Metric, PeriodChoice
from .leaderboards import board, resolve_period
from .rules import Feature, game_settings, is_switched_on, takes_part

PANEL_TOP = 5


def panel_metric(settings) -> Metric:
    """Points when the game awards them, else shares: what the panel ranks on."""
    return Metric.POINTS if is_switched_on(settings, Feature.POINTS) else Metric.SHARES


def shows_leaderboards_to(settings, user) -> bool:
    """Whether ``user`` sees leaderboards: they are switched on, and the user is not a member
    of a team left out of the game."""
    if not is_switched_on(settings, Feature.LEADERBOARDS):
        return False
    ambassador = get_active_ambassador(user)
    return ambassador is None or takes_part(settings, ambassador)


def panel_boards(settings) -> dict:
    """The boards the panel shows, from the cache (computed on a miss): this month's top
    ambassadors and teams on the panel's metric."""
    metric = panel_metric(settings)
    period = resolve_period(PeriodChoice.MONTH)
    return {kind: board(kind, metric, period, top=PANEL_TOP) for kind in BoardKind}


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
    if not shows_leaderboards_to(settings, request.user):
        return None
    return LeaderboardPanel(request, settings)
