"""Every admin screen that lists or edits models, built with wagtail-modeladmin: the only
code that imports it, so that a move to Wagtail's own viewsets touches this package only.

Screens that are not model lists are hand-written views in ``views.admin`` (a page's share
kit form, the content calendar) or reports (``views.admin.reports``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from ..permissions import can_list_share_kits
from .ambassadors import AmbassadorAdmin
from .campaigns import CampaignAdmin
from .conversion_types import ConversionTypeAdmin
from .kits import ShareKitAdmin


class ContentCalendarMenuItem(MenuItem):
    """Shown to those who may open the calendar: whoever may list the share kits."""

    def is_shown(self, request):
        return can_list_share_kits(request.user)


class AdvocacyAdminGroup(ModelAdminGroup):
    """The "Advocacy" menu: the model lists, then the content calendar.

    The calendar is not a model list (a month grid of kits), so it is a hand-written view
    (``views.admin.calendar``) whose menu item joins the group's.
    """

    menu_label = _("Advocacy")
    menu_icon = "group"
    menu_order = 250
    items = (ShareKitAdmin, CampaignAdmin, ConversionTypeAdmin, AmbassadorAdmin)

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
    """Register the "Advocacy" menu group and its screens (called from wagtail_hooks)."""
    modeladmin_register(AdvocacyAdminGroup)
