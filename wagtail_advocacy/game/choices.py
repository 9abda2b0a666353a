"""The choices a leaderboard is made of. No model here: the leaderboard block imports this
module, and a page that holds one must keep rendering on a site that later removes the game
from INSTALLED_APPS."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Metric(TextChoices):
    POINTS = "points", _("Points")
    SHARES = "shares", _("Shares")
    UNIQUE_CLICKS = "unique_clicks", _("Unique clicks")
    CONVERSIONS = "conversions", _("Conversions")


class PeriodChoice(TextChoices):
    WEEK = "week", _("This week")
    MONTH = "month", _("This month")
    QUARTER = "quarter", _("This quarter")
    ALL_TIME = "all_time", _("All time")
    CUSTOM = "custom", _("A range of dates")


class BoardKind(TextChoices):
    AMBASSADORS = "ambassadors", _("Ambassadors")
    TEAMS = "teams", _("Teams")
