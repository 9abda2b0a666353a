"""Admin views of a page's share kit: create or edit it, withdraw it, restore it.

Any page of any type can have a kit: these views are reached from the page's actions
(listing "more" menu and page header), and allowed to whoever may edit the page.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ...compat import get_page_model
from ...kits.forms import get_kit_edit_handler, get_kit_form_class
from ...kits.lifecycle import restore_kit, save_kit, withdraw_kit
from ...models.kits import ShareKit


def get_editable_page(request, page_id):
    """The page ``page_id`` if the user may edit it (and so its kit); else 404 or 403."""
    page = get_object_or_404(get_page_model(), pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


class PageShareKitView(WagtailAdminTemplateMixin, View):
    """Create or edit the share kit of one page, with Wagtail's form layout and panels."""

    template_name = "wagtail_advocacy/admin/page_share_kit.html"
    header_icon = "link-external"
    page_title = gettext_lazy("Share kit")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = None

    def dispatch(self, request, page_id):
        self.page = get_editable_page(request, page_id)
        self.kit = ShareKit.objects.filter(page=self.page).first()
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_explore", args=[self.page.pk]), "label": self.page},
            {"url": "", "label": _("Share kit")},
        ]

    def get_form(self, data=None, files=None):
        instance = self.kit or ShareKit(page=self.page, title=self.page.title)
        return get_kit_form_class()(data, files, instance=instance, for_user=self.request.user)

    def get(self, request, page_id):
        return self.render(self.get_form())

    def post(self, request, page_id):
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            kit = save_kit(form, self.page, request.user)
            messages.success(
                request,
                _("Share kit of “%(page)s” saved.")
                % {"page": self.page.get_admin_display_title()},
            )
            return redirect("wagtail_advocacy_admin:page_share_kit", page_id=kit.page_id)
        messages.validation_error(request, _("The share kit could not be saved."), form)
        return self.render(form)

    def render(self, form):
        panel = get_kit_edit_handler().get_bound_panel(
            instance=form.instance, request=self.request, form=form
        )
        context = self.get_context_data(
            form=form,
            panel=panel,
            kit=self.kit,
            page=self.page,
            media=form.media + panel.media,
            action_url=self.request.path,
            submit_button_label=_("Save share kit"),
            submit_button_active_label=_("Saving…"),
        )
        return self.render_to_response(context)


@require_POST
def withdraw(request, page_id):
    """Stop ambassadors sharing the page's kit; the kit is kept and can be restored."""
    page = get_editable_page(request, page_id)
    kit = get_object_or_404(ShareKit, page=page)
    withdraw_kit(kit, request.user)
    messages.success(request, _("Share kit withdrawn: ambassadors can no longer share it."))
    return redirect("wagtail_advocacy_admin:page_share_kit", page_id=page.pk)


@require_POST
def restore(request, page_id):
    """Make a withdrawn kit shareable again (within its share window)."""
    page = get_editable_page(request, page_id)
    kit = get_object_or_404(ShareKit, page=page)
    restore_kit(kit, request.user)
    messages.success(request, _("Share kit restored: ambassadors can share it again."))
    return redirect("wagtail_advocacy_admin:page_share_kit", page_id=page.pk)
