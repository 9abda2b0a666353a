"""Every Wagtail integration point of wagtail-advocacy, in one place."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls_reports
from .models import ConversionType
from .panels import KpiPanel
from .permissions import VIEW_REPORTS, can_view_reports


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "advocacy/",
            include(
                (admin_urls_reports, "wagtail_advocacy_admin"),
                namespace="wagtail_advocacy_admin",
            ),
        )
    ]


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
    return _report_menu_item(_("Advocacy: content"), "content", "doc-full", 1400)


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
    list_display = ["name", "slug", "value"]
    search_fields = ["name", "slug"]


register_snippet(ConversionTypeViewSet)
