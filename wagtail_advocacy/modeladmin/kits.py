"""The share kit list: every kit, filterable, each row leading to its page's kit view.

Kits are created and edited from their page (the page's "Share kit" action), so the kit
list links there rather than to a generic edit form that would have to choose a page.
"""

from django.contrib.admin import RelatedFieldListFilter, SimpleListFilter
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from ..kits.window import format_window
from ..models.kits import ShareKit
from .views import AdvocacyIndexView

#: Wagtail's status tag variant per window status: live kits stand out, as live pages do.
STATUS_TAG_CLASSES = {
    ShareKit.WindowStatus.LIVE: "w-status w-status--primary",
    ShareKit.WindowStatus.UPCOMING: "w-status",
}


class EmptyChoiceLabelFilter(RelatedFieldListFilter):
    """A related-field filter whose "no value" choice says what no value means.

    Django labels it with the empty-value placeholder ("-"), which reads as nothing.
    """

    empty_label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = self.empty_label


class AudienceFilter(EmptyChoiceLabelFilter):
    """Kits by audience team; a kit with no team is for everyone."""

    empty_label = _("Everyone")


class CampaignFilter(EmptyChoiceLabelFilter):
    """Kits by campaign, or those outside any campaign."""

    empty_label = _("No campaign")


class ShareWindowFilter(SimpleListFilter):
    """Filter kits by where "now" falls in their share window, or withdrawn."""

    title = _("share window")
    parameter_name = "window"

    def lookups(self, request, model_admin):
        return ShareKit.WindowStatus.choices

    def queryset(self, request, queryset):
        # An unknown value (a hand-edited URL) lists every kit rather than failing.
        if self.value() in ShareKit.WindowStatus.values:
            return queryset.in_window_status(self.value())
        return queryset


class ShareKitPermissionHelper(PermissionHelper):
    """No generic "add" form nor delete: a kit is created from its page's actions and
    withdrawn rather than deleted (its tracked links must keep working)."""

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ShareKitButtonHelper(ButtonHelper):
    """ "Edit" opens the page's share kit view, where kits are edited."""

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        return [self._to_page_view(button, obj) for button in buttons]

    def get_primary_button(self, obj):
        button = super().get_primary_button(obj)
        return button and self._to_page_view(button, obj)

    def _to_page_view(self, button, kit):
        # edit_button() only gets a pk; the row is at hand here, so no query per kit.
        edit_url = self.url_helper.get_action_url("edit", kit.pk)
        if button["url"] == edit_url:
            button["url"] = reverse("wagtail_advocacy_admin:page_share_kit", args=[kit.page_id])
        return button


class ShareKitAdmin(ModelAdmin):
    """Every share kit, filterable by category, audience, window, featured and campaign."""

    model = ShareKit
    index_view_class = AdvocacyIndexView
    menu_label = _("Share kits")
    menu_icon = "link-external"
    list_display = ("kit_title", "category", "window", "featured", "campaign", "status")
    list_filter = (
        "category",
        ("audience_groups", AudienceFilter),
        "featured",
        ("campaign", CampaignFilter),
        ShareWindowFilter,
    )
    list_select_related = ("page", "campaign")
    search_fields = ("title", "description")
    permission_helper_class = ShareKitPermissionHelper
    button_helper_class = ShareKitButtonHelper

    def edit_view(self, request, instance_pk):
        # The page's share kit view is the one editing route: it checks that the user may
        # edit the page and records the change in the page's history.
        kit = get_object_or_404(ShareKit, pk=instance_pk)
        return redirect("wagtail_advocacy_admin:page_share_kit", kit.page_id)

    def kit_title(self, kit):
        """The kit's title, and its page's title where they differ (usually they do not)."""
        if kit.page.title == kit.title:
            return kit.title
        return format_html(
            '{}<br><small class="w-text-grey-400">{}</small>',
            kit.title,
            gettext("Page: %(title)s") % {"title": kit.page.title},
        )

    kit_title.short_description = _("title")
    kit_title.admin_order_field = "title"

    def window(self, kit):
        """The share window as a localized date range."""
        return format_window(kit.share_starts_at, kit.share_ends_at)

    window.short_description = _("share window")

    def status(self, kit):
        """Withdrawn, upcoming, ended or live, as a Wagtail status tag."""
        key = kit.window_status()
        return format_html(
            '<span class="{}">{}</span>',
            STATUS_TAG_CLASSES.get(key, "w-status w-status--label"),
            ShareKit.WindowStatus(key).label,
        )

    status.short_description = _("status")
