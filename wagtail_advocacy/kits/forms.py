"""The share kit's forms: the one both editing routes use, and the page form embedding it.

Route 1, any page: the page's "Share kit" action opens ``views.admin.kits``, which renders
the kit's own panels. Route 2, page types with ``ShareKitPageMixin``: the page form embeds
the same kit form (prefixed ``sharekit``) and the "Sharing" tab (``kits.panels``) renders it.
Both save the same ShareKit row through ``kits.lifecycle.save_kit``.
"""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import ObjectList

from ..models.kits import ShareKit
from ..sharing.messages import editor_message_check
from .lifecycle import restore_kit, save_kit, withdraw_kit

SHARE_KIT_PREFIX = "sharekit"


class ShareKitForm(WagtailAdminModelForm):
    """The share kit with its messages and posting times (formsets come from the panels).

    Rules that need the kit and its children together are checked here, once both are
    valid: a message or a time cannot see its kit's unsaved fields (modelcluster does not
    attach new children to their parent before saving).
    """

    # The parent of a page being created with its kit (set by the page form): the kit's
    # rules are those of the site the page will be on.
    parent_page = None

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            # Both run, so that every mistake is shown at once.
            messages_valid = self._check_messages()
            valid = self._check_posting_times() and messages_valid
        return valid

    def _live_child_forms(self, name):
        formset = self.formsets.get(name)
        if formset is None:
            return []
        return [
            form
            for form in formset.forms
            if form not in formset.deleted_forms and form.cleaned_data
        ]

    def _check_messages(self) -> bool:
        # The share flow's own rules, on the kit as edited.
        kit = self.instance
        # A page being created has no site yet: its parent's rules apply to it.
        page = kit.page if kit.page_id else self.parent_page
        check = editor_message_check(kit, site=page.get_site() if page is not None else None)
        valid = True
        for form in self._live_child_forms("messages"):
            try:
                check(form.instance.text, form.instance.network)
            except ValidationError as error:
                form.add_error("text", error)
                valid = False
        return valid

    def _check_posting_times(self) -> bool:
        kit = self.instance
        valid = True
        for form in self._live_child_forms("posting_times"):
            post_at = form.cleaned_data.get("post_at")
            if post_at is None:
                continue
            if not kit.window_contains(post_at):
                form.add_error(
                    "post_at",
                    ValidationError(
                        _(
                            "Suggest a time inside the share window: ambassadors cannot "
                            "share this kit before the window opens or after it closes."
                        ),
                        code="outside_window",
                    ),
                )
                valid = False
        return valid


@functools.cache
def get_kit_edit_handler():
    """The kit's panels bound to ShareKit: one definition for both editing routes."""
    return ObjectList(ShareKit.panels, base_form_class=ShareKitForm).bind_to_model(ShareKit)


def get_kit_form_class():
    """The form class built from the kit's panels (fields, widgets and formsets)."""
    return get_kit_edit_handler().get_form_class()


class ShareKitPageForm(WagtailAdminPageForm):
    """A page form that also edits the page's share kit, validated and saved with the page.

    The kit is saved right after the page row (see ``ShareKitPageMixin.save``), on every
    save: it is not part of the page's revisions, so "Save draft" already changes what
    ambassadors see, and reverting the page to an old revision does not revert its kit.
    """

    share_kit_enabled = forms.BooleanField(
        label=_("Make this page shareable"),
        required=False,
        help_text=_(
            "Ambassadors can share it from the hub and the share bar. Untick to withdraw the "
            "kit; its messages are kept."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        existing = ShareKit.objects.filter(page_id=page.pk).first() if page.pk else None
        kit = existing or ShareKit(title=page.title or "")
        if page.pk and existing is None:
            kit.page_id = page.pk
        self.share_kit = existing
        self.fields["share_kit_enabled"].initial = bool(existing and existing.withdrawn_at is None)
        self.share_kit_form = get_kit_form_class()(
            self.data if self.is_bound else None,
            self.files if self.is_bound else None,
            instance=kit,
            prefix=SHARE_KIT_PREFIX,
            for_user=self.for_user,
        )
        self.share_kit_form.parent_page = self.parent_page

    def share_kit_wanted(self) -> bool:
        """Whether the editor ticked "Make this page shareable" (read from the raw data)."""
        field = self["share_kit_enabled"]
        return bool(field.field.to_python(field.value()))

    def is_valid(self):
        """Valid when the page is, and the kit is too if the page is to be shareable."""
        page_valid = super().is_valid()
        if not self.share_kit_wanted():
            return page_valid
        kit_valid = self.share_kit_form.is_valid()
        if kit_valid and self.instance.pk is None and self.parent_page is not None:
            # A new page has no view restrictions or site yet: its parent's apply to it.
            try:
                self.share_kit_form.instance.clean_public_url(self.parent_page)
            except ValidationError as error:
                self.share_kit_form.add_error("public_url", error)
                kit_valid = False
        return page_valid and kit_valid

    def save(self, commit=True):
        """Save the page; the kit follows once the page row exists (new pages have no id)."""
        self.instance._advocacy_share_kit_form = self
        return super().save(commit=commit)

    def save_share_kit(self, page) -> None:
        """Create, edit, withdraw or restore the page's kit as the Sharing tab says."""
        user = self.for_user
        if self.share_kit_wanted():
            kit = save_kit(self.share_kit_form, page, user)
            restore_kit(kit, user)
        elif self.share_kit is not None:
            withdraw_kit(self.share_kit, user)
