"""The example intranet's admin additions: "Send by email" in a newsletter's action menu."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem

from .models import NewsletterPage
from .views import SendNewsletterView


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path(
            "newsletter/<int:page_id>/send/",
            SendNewsletterView.as_view(),
            name="intranet_send_newsletter",
        )
    ]


class SendNewsletterMenuItem(ActionMenuItem):
    """A link to the confirmation screen, for a live newsletter its user may publish."""

    label = _("Send by email…")
    name = "action-send-newsletter"
    icon_name = "mail"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and isinstance(page, NewsletterPage)
            and page.live
            and self.get_user_page_permissions_tester(context).can_publish()
        )

    def get_url(self, parent_context):
        return reverse("intranet_send_newsletter", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_send_newsletter_menu_item():
    return SendNewsletterMenuItem(order=90)
