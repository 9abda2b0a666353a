"""The programme page: what being an ambassador means, the opt-in / opt-out buttons, and
the ambassador's choice of digest emails."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models.people import Ambassador
from ..people.digest import set_digest_frequency
from ..people.onboarding import current_step
from ..people.programme import (
    get_active_ambassador,
    get_ambassador,
    join_programme,
    leave_programme,
)
from . import render_advocacy, safe_next_url
from .onboarding import onboarding_url

DIGEST_SAVED_MESSAGES = {
    Ambassador.DigestFrequency.OFF: gettext_lazy(
        "The digest emails are off. You can turn them back on here at any time."
    ),
    Ambassador.DigestFrequency.DAILY: gettext_lazy("You will receive the digest every day."),
    Ambassador.DigestFrequency.WEEKLY: gettext_lazy("You will receive the digest once a week."),
}


class DigestFrequencyForm(forms.Form):
    """How often an ambassador wants the digest email."""

    digest_frequency = forms.ChoiceField(
        label=gettext_lazy("How often do you want it?"),
        choices=Ambassador.DigestFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose how often you want the digest."),
            "invalid_choice": gettext_lazy(
                "Choose how often you want the digest: never, daily or weekly."
            ),
        },
    )


def _render_programme(request, ambassador, digest_form=None):
    if digest_form is None and ambassador is not None and ambassador.is_active:
        digest_form = DigestFrequencyForm(
            initial={"digest_frequency": ambassador.digest_frequency}
        )
    next_url = safe_next_url(request, "")
    # An ambassador who has not finished the onboarding path is offered to go on with it.
    step = current_step(request.user) if ambassador is not None and ambassador.is_active else None
    return render_advocacy(
        request,
        "wagtail_advocacy/programme.html",
        {
            "ambassador": ambassador,
            "digest_form": digest_form,
            # Joining here starts the onboarding path, which ends where ``next`` says.
            "next": onboarding_url(next_url),
            "onboarding_step": step,
            "onboarding_url": onboarding_url(next_url),
        },
    )


@login_required
def programme(request):
    """Explain the programme; offer to join (or leave) it. Nobody is enrolled by anyone else."""
    return _render_programme(request, get_ambassador(request.user))


@login_required
@require_POST
def join(request):
    join_programme(request.user)
    messages.success(request, _("Welcome aboard: you are now an ambassador."))
    return HttpResponseRedirect(safe_next_url(request, reverse("wagtail_advocacy:programme")))


@login_required
@require_POST
def leave(request):
    leave_programme(request.user)
    messages.success(request, _("You have left the ambassador programme."))
    return redirect("wagtail_advocacy:programme")


@login_required
@require_POST
def digest_frequency(request):
    """Save how often the active ambassador wants the digest; an invalid choice changes
    nothing and shows the page again with the error next to the choices."""
    ambassador = get_active_ambassador(request.user)
    if ambassador is None:
        raise PermissionDenied
    form = DigestFrequencyForm(request.POST)
    if not form.is_valid():
        return _render_programme(request, ambassador, digest_form=form)
    frequency = form.cleaned_data["digest_frequency"]
    set_digest_frequency(ambassador, frequency)
    messages.success(request, DIGEST_SAVED_MESSAGES[frequency])
    return redirect("wagtail_advocacy:programme")
