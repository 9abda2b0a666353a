"""The game's rules as its settings give them: what is switched on, who takes part,
what each action is worth. Every part of the game asks here rather than reading
``GameSettings`` fields itself."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .models import GameSettings


class Feature(TextChoices):
    """The elements of the game an organisation switches on, one by one."""

    POINTS = "points", _("Points")
    LEADERBOARDS = "leaderboards", _("Leaderboards")
    BADGES = "badges", _("Badges")
    STREAKS = "streaks", _("Streaks")
    CHALLENGES = "challenges", _("Challenges")
    REWARDS = "rewards", _("Rewards")


def game_settings() -> GameSettings:
    """The programme's game settings (created with every element off on first use)."""
    return GameSettings.load()


def is_switched_on(settings: GameSettings, feature: Feature) -> bool:
    """Whether the programme offers ``feature``. Streaks are badges, so they need badges too."""
    if feature == Feature.STREAKS and not settings.badges_enabled:
        return False
    return bool(getattr(settings, f"{Feature(feature).value}_enabled"))


def switched_on_features(settings: GameSettings) -> list[Feature]:
    """The elements the programme offers, in the settings' order."""
    return [feature for feature in Feature if is_switched_on(settings, feature)]


def takes_part(settings: GameSettings, ambassador) -> bool:
    """Whether ``ambassador`` is in the game: not a member of a team left out of it."""
    if ambassador.team_id is None:
        return True
    return not settings.excluded_teams.filter(pk=ambassador.team_id).exists()


def share_points(settings: GameSettings, network: str) -> int:
    """The points a share on ``network`` is worth before caps: the network's own value where
    one is set, else the value for a share."""
    value = (settings.share_points_by_network or {}).get(network)
    return value if isinstance(value, int) and value >= 0 else settings.points_per_share
