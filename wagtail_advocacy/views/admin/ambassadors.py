"""Suspending an ambassador's sharing, and lifting it: confirmation screens that POST.

Hand-written rather than modeladmin views: they are not a model's create or edit form but
one decision each, with a reason, taken by ``people.suspension``. Reached from the
ambassador list's row buttons, open to users who may suspend ambassadors.

The screen names the ambassador only if they chose to be named; anyone else is "Anonymous
ambassador" with the row's reference (``admin_reference``), which is what the action's URL
and the audit log carry, so the administrator can check they act on the row they chose.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ...people.roster import ambassador_roster
from ...people.suspension import (
    MAX_REASON_LENGTH,
    admin_reference,
    clean_reason,
    lift_suspension,
    suspend_ambassador,
)
from ...permissions import can_suspend_ambassadors


class SuspensionForm(forms.Form):
    """The reason for a suspension: required, shown to the ambassador."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy(
            "The ambassador reads this, in these words, wherever they would share. Say what "
            "happened and what lifts the suspension, as you would tell them."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_REASON_LENGTH,
        error_messages={
            "required": gettext_lazy("Write the reason: the ambassador sees it, in these words.")
        },
    )

    def clean_reason(self):
        return clean_reason(self.cleaned_data["reason"])


class LiftSuspensionForm(forms.Form):
    """Nothing to fill in: the POST itself, with its CSRF token, is the decision."""


class AmbassadorActionView(WagtailAdminTemplateMixin, View):
    """A confirmation screen about one ambassador; GET shows it, POST acts."""

    template_name = "wagtail_advocacy/admin/ambassador_action.html"
    header_icon = "group"
    form_class = forms.Form
    submit_button_label = ""

    def dispatch(self, request, pk):
        if not can_suspend_ambassadors(request.user):
            return permission_denied(request)
        self.ambassador = get_object_or_404(ambassador_roster(), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.ambassador_label()

    def ambassador_label(self) -> str:
        """Their name if they chose to be named, else "Anonymous ambassador"."""
        return self.ambassador.recognised_name or _("Anonymous ambassador")

    def get(self, request, pk):
        return self.render(self.form_class())

    def render(self, form):
        context = self.get_context_data(
            form=form,
            ambassador=self.ambassador,
            ambassador_label=self.ambassador_label(),
            reference=admin_reference(self.ambassador),
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_label,
        )
        return self.render_to_response(context)

    def done(self):
        return redirect("wagtail_advocacy_ambassador_modeladmin_index")


class SuspendAmbassadorView(AmbassadorActionView):
    """Suspend an active ambassador's sharing, with the reason they will see."""

    page_title = gettext_lazy("Suspend an ambassador")
    form_class = SuspensionForm
    submit_button_label = gettext_lazy("Suspend their sharing")

    def post(self, request, pk):
        form = SuspensionForm(request.POST)
        if form.is_valid():
            try:
                suspend_ambassador(self.ambassador, form.cleaned_data["reason"], request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(ambassador)s (%(reference)s) is suspended: they cannot share.")
                    % {
                        "ambassador": self.ambassador_label(),
                        "reference": admin_reference(self.ambassador),
                    },
                )
                return self.done()
        messages.validation_error(request, _("The ambassador was not suspended."), form)
        return self.render(form)


class LiftSuspensionView(AmbassadorActionView):
    """Lift a suspension: the ambassador may share again at once."""

    page_title = gettext_lazy("Lift a suspension")
    form_class = LiftSuspensionForm
    submit_button_label = gettext_lazy("Lift the suspension")

    def post(self, request, pk):
        if lift_suspension(self.ambassador, request.user):
            messages.success(
                request,
                _("%(ambassador)s (%(reference)s) may share again.")
                % {
                    "ambassador": self.ambassador_label(),
                    "reference": admin_reference(self.ambassador),
                },
            )
        else:
            messages.warning(request, _("This ambassador was not suspended."))
        return self.done()
