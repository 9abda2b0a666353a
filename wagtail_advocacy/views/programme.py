"""The programme page: what being an ambassador means, and the opt-in / opt-out buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..people import get_ambassador, join_programme, leave_programme
from . import render_advocacy


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def programme(request):
    """Explain the programme; offer to join (or leave) it. Nobody is enrolled by anyone else."""
    return render_advocacy(
        request,
        "wagtail_advocacy/programme.html",
        {
            "ambassador": get_ambassador(request.user),
            "next": _safe_next(request, ""),
        },
    )


@login_required
@require_POST
def join(request):
    join_programme(request.user)
    messages.success(request, _("Welcome aboard: you are now an ambassador."))
    return redirect(_safe_next(request, "wagtail_advocacy:programme"))


@login_required
@require_POST
def leave(request):
    leave_programme(request.user)
    messages.success(request, _("You have left the ambassador programme."))
    return redirect("wagtail_advocacy:programme")
