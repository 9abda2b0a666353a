"""The game's admin screens, built with wagtail-modeladmin like the core's (on the core's
safe index view): the game's only code that imports it, kept here so that a move to
Wagtail's own viewsets touches this module and the core's ``modeladmin`` package only."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from wagtail_advocacy.modeladmin.views import AdvocacyIndexView

from .models import Badge, Challenge


class BadgeAdmin(ModelAdmin):
    """Administrators add thresholds (a badge at 25 shares) and stop awarding a badge; a
    badge already earned is never taken back."""

    model = Badge
    index_view_class = AdvocacyIndexView
    menu_label = _("Badges")
    menu_icon = "pick"
    list_display = ("display_name", "kind", "threshold", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


class ChallengeAdmin(ModelAdmin):
    """Administrators set time-boxed goals; a settled challenge is final (its form refuses
    changes)."""

    model = Challenge
    index_view_class = AdvocacyIndexView
    menu_label = _("Challenges")
    menu_icon = "calendar-check"
    list_display = (
        "title",
        "starts_on",
        "ends_on",
        "scope",
        "goal",
        "target",
        "settled_at",
        "winner_count",
    )
    list_filter = ("scope", "goal")
    search_fields = ("title", "description")

    def get_queryset(self, request):
        # How many won, counted in the list's own query (never a query per row); names stay
        # out of the admin, as in the reports.
        return super().get_queryset(request).annotate(winner_total=Count("winners"))

    @admin.display(description=_("winners"), ordering="winner_total")
    def winner_count(self, challenge):
        return challenge.winner_total if challenge.settled_at else "—"


class GameAdminGroup(ModelAdminGroup):
    """The "Game" menu."""

    menu_label = _("Game")
    menu_icon = "pick"
    menu_order = 260  # after "Advocacy"
    items = (BadgeAdmin, ChallengeAdmin)


def register_game_admin() -> None:
    """Register the "Game" menu group and its screens (called from the game's hooks)."""
    modeladmin_register(GameAdminGroup)
