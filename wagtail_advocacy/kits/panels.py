"""The page editor's "Sharing" tab: its panel, and the tab added to shareable page types.

Page types opt in with ``ShareKitPageMixin`` (``models.pages``). The model does not import
admin forms: when the app starts, ``add_sharing_tab`` gives the mixin its page form and its
tabs, as Wagtail's admin app gives ``Page`` its ``base_form_class`` and edit handler.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel, TabbedInterface

from ..models.pages import ShareKitPageMixin
from .forms import ShareKitPageForm, get_kit_edit_handler


class ShareKitPanel(Panel):
    """The "Sharing" tab's content: the on/off switch, then the kit's own panels."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_advocacy/admin/share_kit_panel.html"

        @cached_property
        def kit_panel(self):
            kit_form = self.form.share_kit_form
            return get_kit_edit_handler().get_bound_panel(
                instance=kit_form.instance,
                request=self.request,
                form=kit_form,
                prefix=f"{self.prefix}-kit",
            )

        @property
        def media(self):
            return self.form.share_kit_form.media + self.kit_panel.media

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["enabled_field"] = self.form["share_kit_enabled"]
            context["kit_panel"] = self.kit_panel
            context["kit_form"] = self.form.share_kit_form
            return context


class EditHandlerWithSharingTab:
    """Wagtail's default page tabs (Content, Promote, Settings) plus "Sharing".

    A class attribute computed from the page class it is read on; a page type that
    declares its own ``edit_handler`` adds ``ObjectList([ShareKitPanel()], heading=...)``
    to its tabs instead.
    """

    def __get__(self, instance, owner):
        tabs = []
        if owner.content_panels:
            tabs.append(ObjectList(owner.content_panels, heading=_("Content")))
        if owner.promote_panels:
            tabs.append(ObjectList(owner.promote_panels, heading=_("Promote")))
        if owner.settings_panels:
            tabs.append(ObjectList(owner.settings_panels, heading=_("Settings")))
        tabs.append(ObjectList([ShareKitPanel()], heading=_("Sharing")))
        return TabbedInterface(tabs, base_form_class=owner.base_form_class)


def add_sharing_tab() -> None:
    """Give every page type with ``ShareKitPageMixin`` the kit-editing page form and the
    Sharing tab (called once, from ``AppConfig.ready``). A page type may still set its own
    ``base_form_class`` (a ``ShareKitPageForm`` subclass) or ``edit_handler``."""
    ShareKitPageMixin.base_form_class = ShareKitPageForm
    ShareKitPageMixin.edit_handler = EditHandlerWithSharingTab()
