"""The game's admin screens, built with wagtail-modeladmin like the core's (on the core's
safe index view): the game's only code that imports it, kept here so that a move to
Wagtail's own viewsets touches this module and the core's ``modeladmin`` package only."""

from django.contrib import admin, messages
from django.contrib.auth.models import Permission
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.menus import ModelAdminMenuItem
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from wagtail_advocacy.modeladmin.views import AdvocacyIndexView
from wagtail_advocacy.people.suspension import admin_reference

from .admin_views import can_view_redemptions, rewards_switched_on
from .models import Badge, Challenge, Charity, HeldPoints, Reward
from .rules import Feature, game_settings, is_switched_on

#: "Can release or reject held points", granted to groups in Settings › Groups.
REVIEW_HELD_POINTS = "wagtail_advocacy_game.review_heldpoints"


def can_review_held_points(user) -> bool:
    """Whether ``user`` may list, release and reject held points (superusers may), while
    points are switched on: with them off the review shows nowhere."""
    return (
        user.is_active
        and user.has_perm(REVIEW_HELD_POINTS)
        and is_switched_on(game_settings(user), Feature.POINTS)
    )


class SwitchedMenuItem(ModelAdminMenuItem):
    """The menu item of a ``SwitchedModelAdmin``: shown only while its element is on."""

    def is_shown(self, request):
        feature = self.model_admin.feature
        return is_switched_on(game_settings(request), feature) and super().is_shown(request)


class FulfilmentQueueMenuItem(MenuItem):
    """The fulfilment queue, for those who may read it, while rewards are on."""

    def is_shown(self, request):
        return rewards_switched_on(request) and can_view_redemptions(request.user)


class SwitchedIndexView(AdvocacyIndexView):
    """The list of an element of the game, reached by its address while the element is off
    (to prepare it before switching it on): it says so above the list."""

    def dispatch(self, request, *args, **kwargs):
        feature = self.model_admin.feature
        if request.method == "GET" and not is_switched_on(game_settings(request), feature):
            messages.warning(
                request,
                gettext(
                    "“%(element)s” is switched off in Settings › Game: ambassadors see none of "
                    "this until it is switched on."
                )
                % {"element": Feature(feature).label},
            )
        return super().dispatch(request, *args, **kwargs)


class SwitchedModelAdmin(ModelAdmin):
    """The admin of one element of the game (``feature``): out of the menu while it is off,
    like every other surface of that element; its list says it is off when reached by its
    address."""

    index_view_class = SwitchedIndexView
    feature: Feature

    def get_menu_item(self, order=None):
        return SwitchedMenuItem(self, order or self.get_menu_order())


class BadgeAdmin(SwitchedModelAdmin):
    """Administrators add thresholds (a badge at 25 shares) and stop awarding a badge; a
    badge already earned is never taken back."""

    model = Badge
    feature = Feature.BADGES
    menu_label = _("Badges")
    menu_icon = "pick"
    list_display = ("display_name", "kind", "threshold", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


class ChallengeAdmin(SwitchedModelAdmin):
    """Administrators set time-boxed goals; a settled challenge is final (its form refuses
    changes)."""

    model = Challenge
    feature = Feature.CHALLENGES
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


class HeldPointsPermissionHelper(PermissionHelper):
    """A list for reviewers, without create, edit, delete or inspect views: a hold is
    decided by its two actions, never edited."""

    def user_can_list(self, user):
        return can_review_held_points(user)

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class HeldPointsButtonHelper(ButtonHelper):
    """ "Release" and "Reject" on a hold still waiting; each opens a screen that POSTs."""

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        if obj.status != HeldPoints.Status.HELD:
            return []
        return [
            {
                "url": reverse(f"wagtail_advocacy_game_admin:held_points_{action}", args=[obj.pk]),
                "label": label,
                "classname": "button button-small button-secondary",
                "title": label,
            }
            for action, label in (("release", gettext("Release")), ("reject", gettext("Reject")))
        ]

    def get_primary_button(self, obj):
        return None


class HeldPointsAdmin(ModelAdmin):
    """Points held for review (``points.needs_review``): link, ambassador, day, clicks and
    why, waiting ones first."""

    model = HeldPoints
    index_view_class = AdvocacyIndexView
    index_template_name = "wagtail_advocacy_game/held_points_index.html"
    menu_label = _("Points held for review")
    menu_icon = "warning"
    list_display = ("link_of", "ambassador_of", "day", "unique_clicks", "reason", "status")
    list_filter = ("status",)
    list_per_page = 50
    permission_helper_class = HeldPointsPermissionHelper
    button_helper_class = HeldPointsButtonHelper

    def get_permissions_for_registration(self):
        # Only "Can release or reject held points", registered by the game's hooks.
        return Permission.objects.none()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("ambassador__user", "link", "kit")

    def get_ordering(self, request):
        return ("status", "-day", "-pk")  # "held" sorts before "rejected" and "released"

    def link_of(self, hold):
        """The kit and network of the link (its token)."""
        kit = hold.kit.title if hold.kit else gettext("Deleted kit")
        token = f" ({hold.link.token})" if hold.link else ""
        return f"{kit} · {hold.network}{token}"

    link_of.short_description = _("link")

    def ambassador_of(self, hold):
        """Their name if they chose to be named, else "Anonymous ambassador" and the row's
        reference, as in the ambassador list."""
        if hold.ambassador.is_named:
            return hold.ambassador.display_name
        return f"{gettext('Anonymous ambassador')} ({admin_reference(hold.ambassador)})"

    ambassador_of.short_description = _("ambassador")


class RewardAdmin(SwitchedModelAdmin):
    """The catalogue: price, stock, teams, end date, low-stock alert."""

    model = Reward
    feature = Feature.REWARDS
    menu_label = _("Rewards")
    menu_icon = "pick"
    list_display = ("title", "points_price", "stock", "ends_on")
    search_fields = ("title", "description")
    form_fields_exclude = ["low_stock_alerted_at"]


class CharityAdmin(SwitchedModelAdmin):
    """The charities points are given to, at their rate, with the company's matching."""

    model = Charity
    feature = Feature.REWARDS
    menu_label = _("Charities")
    menu_icon = "group"
    list_display = ("name", "rate", "matching_percentage")
    search_fields = ("name", "description")


class GameAdminGroup(ModelAdminGroup):
    """The "Game" menu."""

    menu_label = _("Game")
    menu_icon = "pick"
    menu_order = 260  # after "Advocacy"
    items = (BadgeAdmin, ChallengeAdmin, HeldPointsAdmin, RewardAdmin, CharityAdmin)

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
