"""Every Wagtail integration point of wagtail-advocacy, in one place."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
from .kits import (
    KIT_CREATED,
    KIT_EDITED,
    KIT_RESTORED,
    KIT_WITHDRAWN,
    shares_lost_by_deleting,
)
from .modeladmin import register_advocacy_admin
from .models import ConversionType
from .panels import KpiPanel
from .permissions import VIEW_REPORTS, can_view_reports

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


class ReportMenuItem(MenuItem):
    """A Reports menu item shown to users allowed to read the advocacy figures."""

    def is_shown(self, request):
        return can_view_reports(request.user)


def _report_menu_item(label, slug, icon_name, order):
    return ReportMenuItem(
        label,
        reverse(f"wagtail_advocacy_admin:report_{slug}"),
        name=f"advocacy-{slug}",
        icon_name=icon_name,
        order=order,
    )


@hooks.register("register_reports_menu_item")
def register_content_report_menu_item():
    return _report_menu_item(_("Advocacy: content performance"), "content", "doc-full", 1400)


@hooks.register("register_reports_menu_item")
def register_ambassadors_report_menu_item():
    return _report_menu_item(_("Advocacy: ambassadors"), "ambassadors", "group", 1410)


@hooks.register("register_reports_menu_item")
def register_networks_report_menu_item():
    return _report_menu_item(_("Advocacy: networks"), "networks", "globe", 1420)


@hooks.register("register_reports_menu_item")
def register_campaigns_report_menu_item():
    return _report_menu_item(_("Advocacy: campaigns"), "campaigns", "tag", 1430)


@hooks.register("construct_homepage_panels")
def add_kpi_panel(request, panels):
    if can_view_reports(request.user):
        panels.append(KpiPanel(request))


@hooks.register("register_permissions")
def register_reports_permission():
    # Listed so that it can be granted to groups in Settings › Groups.
    from django.contrib.auth.models import Permission

    app_label, codename = VIEW_REPORTS.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


class ConversionTypeViewSet(SnippetViewSet):
    """Editors name the desired actions of visitors and give each a value (for EMV)."""

    model = ConversionType
    icon = "success"
    menu_label = _("Conversion types")
    list_display = ["display_name", "slug", "value"]
    search_fields = ["name", "slug"]


register_snippet(ConversionTypeViewSet)
