"""The "Advocacy" admin menu: share kits and campaigns lists. The only wagtail_modeladmin import.

Kits are created and edited from their page (the page's "Share kit" action), so the kit
list links there rather than to a generic edit form that would have to choose a page.
"""

import datetime

from django.contrib.admin import RelatedFieldListFilter, SimpleListFilter
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from .models import Campaign, ShareKit
from .permissions import can_list_share_kits

#: Values of ShareKit.window_status() with their labels.
WINDOW_STATUSES = [
    ("live", _("Live")),
    ("upcoming", _("Upcoming")),
    ("ended", _("Ended")),
    ("withdrawn", _("Withdrawn")),
]
#: Wagtail's status tag variant per window status: live kits stand out, as live pages do.
STATUS_TAG_CLASSES = {"live": "w-status w-status--primary", "upcoming": "w-status"}


def format_moment(value: datetime.datetime) -> str:
    """A localized date, with the time only when it is not midnight (local time)."""
    local = timezone.localtime(value)
    if local.time() == datetime.time.min:
        return date_format(local.date(), "DATE_FORMAT")
    return date_format(local, "DATETIME_FORMAT")


def format_window(starts_at, ends_at) -> str:
    """A share window as a readable range: "Dec. 20, 2026 – Jan. 10, 2027", "From …"..."""
    if starts_at and ends_at:
        return f"{format_moment(starts_at)} – {format_moment(ends_at)}"
    if starts_at:
        return gettext("From %(start)s") % {"start": format_moment(starts_at)}
    if ends_at:
        return gettext("Until %(end)s") % {"end": format_moment(ends_at)}
    return gettext("No limit")


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
        return WINDOW_STATUSES

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.live(now)
        if self.value() == "upcoming":
            return queryset.filter(withdrawn_at__isnull=True, share_starts_at__gt=now)
        if self.value() == "ended":
            return queryset.filter(withdrawn_at__isnull=True, share_ends_at__lte=now)
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
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
            dict(WINDOW_STATUSES)[key],
        )

    status.short_description = _("status")


class CampaignAdmin(ModelAdmin):
    """Campaigns group kits for reports and challenges, with their own dates and objective."""

    model = Campaign
    menu_label = _("Campaigns")
    menu_icon = "tasks"
    list_display = ("name", "starts_on", "ends_on", "share_target")
    search_fields = ("name", "objective")
    prepopulated_fields = {"slug": ("name",)}


class ContentCalendarMenuItem(MenuItem):
    """Shown to those who may open the calendar: whoever may list the share kits."""

    def is_shown(self, request):
        return can_list_share_kits(request.user)


class AdvocacyAdminGroup(ModelAdminGroup):
    """The "Advocacy" menu: share kits, campaigns and the content calendar."""

    menu_label = _("Advocacy")
    menu_icon = "group"
    menu_order = 250
    items = (ShareKitAdmin, CampaignAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            ContentCalendarMenuItem(
                _("Content calendar"),
                reverse("wagtail_advocacy_admin:content_calendar"),
                name="advocacy-content-calendar",
                icon_name="calendar",
                order=len(items) + 1,
            )
        )
        return items


def register_advocacy_admin() -> None:
    """Register the "Advocacy" menu group (called from wagtail_hooks)."""
    modeladmin_register(AdvocacyAdminGroup)
