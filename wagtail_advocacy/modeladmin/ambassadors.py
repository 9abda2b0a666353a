"""The ambassador list: team, status, charter, joined, last activity; filters and export.

A list only: nobody creates an ambassador or edits a profile here, since joining and the
profile are the employee's own (opt-in). The one action is suspending an ambassador's
sharing, or lifting it (``views.admin.ambassadors``), for users who may.

wagtail-modeladmin's index view is Wagtail's ``SpreadsheetExportMixin``: ``list_export``
gives the CSV and XLSX buttons, and ``AdvocacyIndexView`` puts CSV cells through
``sanitize.spreadsheet_cell``. No search box: a search by name would tell which anonymous
row is whom.
"""

from django.contrib.admin import RelatedOnlyFieldListFilter, SimpleListFilter
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from ..models.people import Ambassador
from ..people.roster import AmbassadorStatus, ambassador_roster
from ..permissions import can_list_ambassadors, can_suspend_ambassadors
from .views import AdvocacyIndexView

STATUS_TAG_CLASSES = {
    AmbassadorStatus.ACTIVE: "w-status w-status--primary",
    AmbassadorStatus.SUSPENDED: "w-status w-status--label",
    AmbassadorStatus.LEFT: "w-status",
}


class TeamFilter(RelatedOnlyFieldListFilter):
    """Ambassadors by team, among the teams ambassadors are in, or those without one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = gettext("No team")


class StatusFilter(SimpleListFilter):
    """Active, suspended or left (``people.roster.AmbassadorStatus``)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return AmbassadorStatus.choices

    def queryset(self, request, queryset):
        # An unknown value (a hand-edited URL) lists everyone rather than failing.
        if self.value() in AmbassadorStatus.values:
            return queryset.filter(status=self.value())
        return queryset


class CharterFilter(SimpleListFilter):
    """Whether the ambassador accepted the charter version sharing requires now."""

    title = _("charter")
    parameter_name = "charter"
    UP_TO_DATE, NOT_UP_TO_DATE = "up-to-date", "to-accept"

    def lookups(self, request, model_admin):
        return [
            (self.UP_TO_DATE, _("Up to date")),
            (self.NOT_UP_TO_DATE, _("Must accept the version in effect")),
        ]

    def queryset(self, request, queryset):
        if self.value() in (self.UP_TO_DATE, self.NOT_UP_TO_DATE):
            return queryset.filter(charter_up_to_date=self.value() == self.UP_TO_DATE)
        return queryset


class AmbassadorPermissionHelper(PermissionHelper):
    """A list without create, edit, delete or inspect views: every one refuses everyone,
    superusers too, so no admin path enrols an employee or changes their profile."""

    def user_can_list(self, user):
        return can_list_ambassadors(user)

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class AmbassadorButtonHelper(ButtonHelper):
    """ "Suspend" for an active ambassador, "Lift the suspension" for a suspended one, to
    users who may suspend; decided from the row itself, so no query per row."""

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        if not can_suspend_ambassadors(self.request.user):
            return []
        if obj.is_suspended:
            url_name, label = "ambassador_lift_suspension", gettext("Lift the suspension")
        elif obj.is_active:
            url_name, label = "ambassador_suspend", gettext("Suspend")
        else:
            return []
        return [
            {
                "url": reverse(f"wagtail_advocacy_admin:{url_name}", args=[obj.pk]),
                "label": label,
                "classname": "button button-small button-secondary",
                "title": label,
            }
        ]

    def get_primary_button(self, obj):
        return None


class AmbassadorAdmin(ModelAdmin):
    """Every ambassador, with their standing in the programme."""

    model = Ambassador
    index_view_class = AdvocacyIndexView
    menu_label = _("Ambassadors")
    menu_icon = "group"
    list_display = ("ambassador", "team", "status_tag", "charter", "joined", "last_activity")
    list_filter = (("team", TeamFilter), StatusFilter, CharterFilter)
    list_export = ("ambassador", "team_name", "status", "charter", "joined", "last_activity")
    export_headings = {
        "ambassador": _("Ambassador"),
        "team_name": _("Team"),
        "status": _("Status"),
        "charter": _("Charter version accepted"),
        "joined": _("Joined"),
        "last_activity": _("Last activity"),
    }
    export_filename = "advocacy-ambassadors-list"
    # Moments in the site's time zone, to the second (an empty cell when there is none).
    custom_field_preprocess = {
        field: {
            AdvocacyIndexView.FORMAT_CSV: lambda value: (
                timezone.localtime(value).isoformat(timespec="seconds") if value else None
            ),
            AdvocacyIndexView.FORMAT_XLSX: lambda value: (
                timezone.make_naive(value).replace(microsecond=0) if value else None
            ),
        }
        for field in ("joined", "last_activity")
    }
    permission_helper_class = AmbassadorPermissionHelper
    button_helper_class = AmbassadorButtonHelper

    def get_permissions_for_registration(self):
        # Not the model's add/change/delete/view: ticking them would open nothing here. The
        # one permission that means something, "Can suspend ambassadors", is registered by
        # wagtail_hooks with the reports'.
        return Permission.objects.none()

    def get_queryset(self, request):
        return ambassador_roster()

    def get_ordering(self, request):
        return ("-joined_at", "-pk")

    def ambassador(self, row):
        """The name if they chose to be named, else "Anonymous ambassador"."""
        return row.recognised_name or gettext("Anonymous ambassador")

    ambassador.short_description = _("ambassador")
    ambassador.admin_order_field = "recognised_name"

    def status(self, row):
        """Active, suspended or left."""
        return AmbassadorStatus(row.status).label

    status.short_description = _("status")
    status.admin_order_field = "status"

    def status_tag(self, row):
        """The status as a Wagtail status tag (the export has the word alone)."""
        return format_html(
            '<span class="{}">{}</span>', STATUS_TAG_CLASSES[row.status], self.status(row)
        )

    status_tag.short_description = _("status")
    status_tag.admin_order_field = "status"

    def charter(self, row):
        """The number of the latest charter version they accepted."""
        return row.charter_version

    charter.short_description = _("charter version accepted")
    charter.admin_order_field = "charter_version"

    def team_name(self, row):
        """The team's name (the export's column; the table links nothing)."""
        return row.team.name if row.team else None

    def joined(self, row):
        """When they joined (last, if they left and came back)."""
        return row.joined_at

    joined.short_description = _("joined")
    joined.admin_order_field = "joined_at"

    def last_activity(self, row):
        """The later of their last share and their last visit to the hub."""
        return row.last_activity

    last_activity.short_description = _("last activity")
    last_activity.admin_order_field = "last_activity"
