"""The game's admin screens, built with wagtail-modeladmin like the core's (on the core's
safe index view): the game's only code that imports it, kept here so that a move to
Wagtail's own viewsets touches this module and the core's ``modeladmin`` package only."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.menus import ModelAdminMenuItem
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from wagtail_advocacy.modeladmin.views import AdvocacyIndexView

from .models import Badge, Charity, Reward
from .rules import Feature, game_settings, is_switched_on


def rewards_switched_on() -> bool:
    return is_switched_on(game_settings(), Feature.REWARDS)


class RewardsMenuItem(ModelAdminMenuItem):
    """A menu item shown only while rewards are switched on."""

    def is_shown(self, request):
        return rewards_switched_on() and super().is_shown(request)


class FulfilmentQueueMenuItem(MenuItem):
    """The fulfilment queue, for those who may read it, while rewards are on."""

    def is_shown(self, request):
        from .admin_views import can_view_redemptions

        return rewards_switched_on() and can_view_redemptions(request.user)


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


class RewardsModelAdmin(ModelAdmin):
    """An admin of the rewards feature: out of the menu while rewards are off."""

    index_view_class = AdvocacyIndexView

    def get_menu_item(self, order=None):
        return RewardsMenuItem(self, order or self.get_menu_order())


class RewardAdmin(RewardsModelAdmin):
    """The catalogue: price, stock, teams, end date, low-stock alert."""

    model = Reward
    menu_label = _("Rewards")
    menu_icon = "pick"
    list_display = ("title", "points_price", "stock", "ends_on")
    search_fields = ("title", "description")
    form_fields_exclude = ["low_stock_alerted_at"]


class CharityAdmin(RewardsModelAdmin):
    """The charities points are given to, at their rate, with the company's matching."""

    model = Charity
    menu_label = _("Charities")
    menu_icon = "group"
    list_display = ("name", "rate", "matching_percentage")
    search_fields = ("name", "description")


class GameAdminGroup(ModelAdminGroup):
    """The "Game" menu."""

    menu_label = _("Game")
    menu_icon = "pick"
    menu_order = 260  # after "Advocacy"
    items = (BadgeAdmin, RewardAdmin, CharityAdmin)

    def get_submenu_items(self):
        queue = FulfilmentQueueMenuItem(
            _("Reward requests"),
            reverse("wagtail_advocacy_game_admin:fulfilment_queue"),
            name="reward-requests",
            icon_name="tick-inverse",
            order=len(self.items) + 1,
        )
        return [*super().get_submenu_items(), queue]


def register_game_admin() -> None:
    """Register the "Game" menu group and its screens (called from the game's hooks)."""
    modeladmin_register(GameAdminGroup)
