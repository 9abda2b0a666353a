"""Every Wagtail integration point of wagtail-advocacy, in one place."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import admin_urls
from .kits import KIT_CREATED, KIT_EDITED, KIT_RESTORED, KIT_WITHDRAWN
from .modeladmin import register_advocacy_admin

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


@hooks.register("register_log_actions")
def register_share_kit_log_actions(actions):
    actions.register_action(KIT_CREATED, _("Make shareable"), _("Share kit created"))
    actions.register_action(KIT_EDITED, _("Edit share kit"), _("Share kit edited"))
    actions.register_action(KIT_WITHDRAWN, _("Withdraw share kit"), _("Share kit withdrawn"))
    actions.register_action(KIT_RESTORED, _("Restore share kit"), _("Share kit restored"))
