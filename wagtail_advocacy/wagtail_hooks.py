"""Every Wagtail integration point of the core of wagtail-advocacy, in one place."""

import functools

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_urls
from .kits.lifecycle import (
    KIT_CREATED,
    KIT_EDITED,
    KIT_RESTORED,
    KIT_WITHDRAWN,
    shares_lost_by_deleting,
)
from .modeladmin import register_advocacy_admin
from .panels import KpiPanel
from .people.suspension import AMBASSADOR_SUSPENDED, SUSPENSION_LIFTED
from .permissions import SUSPEND_AMBASSADORS, VIEW_REPORTS, can_view_reports
from .views.admin.report_base import report_menu_item
from .views.admin.reports import REPORTS

register_advocacy_admin()


@hooks.register("register_admin_urls")
def register_advocacy_admin_urls():
    return [
        path(
            "advocacy/",
            include(
                (admin_urls.urlpatterns, "wagtail_advocacy_admin"),
                namespace="wagtail_advocacy_admin",
            ),
        )
    ]


def _share_kit_button(page, user, priority):
    # Whoever may edit a page may edit its kit: no separate permission to manage.
    if page.permissions_for_user(user).can_edit():
        yield Button(
            _("Share kit"),
            url=reverse("wagtail_advocacy_admin:page_share_kit", args=[page.pk]),
            icon_name="link-external",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def page_listing_share_kit_button(page, user, next_url=None):
    yield from _share_kit_button(page, user, priority=45)


@hooks.register("register_page_header_buttons")
def page_header_share_kit_button(page, user, view_name, next_url=None):
    yield from _share_kit_button(page, user, priority=62)


@hooks.register("before_delete_page")
def warn_before_deleting_shared_pages(request, page):
    """On the delete confirmation: what deleting takes away, and how to keep it."""
    if request.method != "GET":
        return
    shares = shares_lost_by_deleting(page)
    if shares:
        messages.warning(
            request,
            ngettext(
                "This page's share kits have %(count)s share. Deleting the page deletes its "
                "kits, their statistics and the ambassadors' links, which will answer "
                "“not found” wherever they were posted. To stop sharing it, withdraw its "
                "share kit instead.",
                "This page's share kits have %(count)s shares. Deleting the page deletes its "
                "kits, their statistics and the ambassadors' links, which will answer "
                "“not found” wherever they were posted. To stop sharing it, withdraw its "
                "share kit instead.",
                shares,
            )
            % {"count": shares},
        )


@hooks.register("register_log_actions")
def register_share_kit_log_actions(actions):
    actions.register_action(KIT_CREATED, _("Make shareable"), _("Share kit created"))
    actions.register_action(KIT_EDITED, _("Edit share kit"), _("Share kit edited"))
    actions.register_action(KIT_WITHDRAWN, _("Withdraw share kit"), _("Share kit withdrawn"))
    actions.register_action(KIT_RESTORED, _("Restore share kit"), _("Share kit restored"))
    actions.register_action(
        AMBASSADOR_SUSPENDED, _("Suspend ambassador"), _("Ambassador's sharing suspended")
    )
    actions.register_action(
        SUSPENSION_LIFTED, _("Lift ambassador's suspension"), _("Ambassador's suspension lifted")
    )


for _report in REPORTS:
    hooks.register("register_reports_menu_item", functools.partial(report_menu_item, _report))


@hooks.register("construct_homepage_panels")
def add_kpi_panel(request, panels):
    if can_view_reports(request.user):
        panels.append(KpiPanel(request))


@hooks.register("register_permissions")
def register_advocacy_permissions():
    # Listed so that they can be granted to groups in Settings › Groups.
    codenames = [name.split(".")[1] for name in (VIEW_REPORTS, SUSPEND_AMBASSADORS)]
    return Permission.objects.filter(
        content_type__app_label="wagtail_advocacy", codename__in=codenames
    )
