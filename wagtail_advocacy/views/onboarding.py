"""The onboarding path's pages: one URL shows the step the person is on, with the progress.

Each step posts to the app's usual view (joining to ``programme.join``, the charter to
``charter.accept``), which comes back here through ``next``; only the profile step posts
here, with the shorter profile form. Which step is shown comes from
``people.onboarding.current_step``, so leaving and coming back resumes. ``next`` (read by
``safe_next_url``) is where the person was going: the path ends there, for instance in the
share dialog of the article whose share button they pressed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..charter.acceptance import charter_status
from ..kits.hub import hub_kits
from ..people import onboarding as path
from ..people.programme import get_active_ambassador
from . import render_advocacy, safe_next_url, url_with_next
from .profile import OnboardingProfileForm, profile_context, profile_form, save_profile_form

#: How many kits the last step suggests when the path did not start from a share.
SUGGESTED_KITS = 3


def onboarding_url(next_url: str = "") -> str:
    """The path's URL, carrying ``next_url`` (a local path, already checked) to end there."""
    return url_with_next(reverse("wagtail_advocacy:onboarding"), next_url)


@login_required
@require_GET
def onboarding(request):
    """The step the signed-in person is on; at the last step (or past it), back to ``next``
    when there is one."""
    next_url = safe_next_url(request, "")
    steps = path.onboarding_steps(request.user)
    step = path.current_step(request.user, steps)
    if next_url and (step is None or step.key == path.SHARE):
        if step is not None:
            messages.info(
                request,
                _("Step %(number)s of %(total)s: share it, in your own words.")
                % {"number": step.number, "total": step.total},
            )
        return HttpResponseRedirect(next_url)
    return _render_step(request, steps, step, next_url)


@login_required
@require_POST
def onboarding_profile(request):
    """Save the profile step's form for the signed-in ambassador, then the next step; an
    invalid form shows the step again with each error next to its field."""
    next_url = safe_next_url(request, "")
    ambassador = get_active_ambassador(request.user)
    if ambassador is None:
        return HttpResponseRedirect(onboarding_url(next_url))
    form, sharing_settings, teams = profile_form(request, ambassador, OnboardingProfileForm)
    if form.is_valid():
        save_profile_form(form, ambassador, sharing_settings, teams)
        messages.success(request, _("Your profile is saved."))
        return HttpResponseRedirect(onboarding_url(next_url))
    steps = path.onboarding_steps(request.user)
    step = next(step for step in steps if step.key == path.PROFILE)
    return _render_step(request, steps, step, next_url, form=form)


def _render_step(request, steps, step, next_url, form=None):
    context = {"steps": steps, "step": step, "next": next_url, "here": onboarding_url(next_url)}
    key = step.key if step is not None else None
    if key == path.CHARTER:
        context["charter"] = charter_status(request.user)
    elif key == path.PROFILE:
        ambassador = get_active_ambassador(request.user)
        if form is None:
            form = profile_form(request, ambassador, OnboardingProfileForm)[0]
        context.update(profile_context(ambassador, form))
    elif key == path.SHARE:
        context["kits"] = hub_kits(request.user)[:SUGGESTED_KITS]
    return render_advocacy(request, "wagtail_advocacy/onboarding/onboarding.html", context)
