"""The charter's public views: where the share gate sends an ambassador to accept it, and
the acceptance itself (a POST from the person's own session, with CSRF).

Both come back to what the ambassador was doing through ``next`` (``safe_next_url``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..charter.acceptance import AcceptanceRefused, accept_charter, charter_status
from ..charter.versions import version_in_effect
from . import render_advocacy, safe_next_url, url_with_next


@login_required
@require_GET
def charter(request):
    """The charter in effect: its page in the site's tree when it is live, else the text of
    the version in effect shown here (the page was unpublished or deleted)."""
    next_url = safe_next_url(request, "")
    version = version_in_effect()
    page = version.page.specific if version and version.page_id else None
    page_url = page.get_url(request) if page is not None and page.live else None
    if page_url:
        return HttpResponseRedirect(url_with_next(page_url, next_url))
    return render_advocacy(
        request,
        "wagtail_advocacy/charter/charter.html",
        {"charter": charter_status(request.user), "next": next_url},
    )


@login_required
@require_POST
def accept(request):
    """Accept the version in effect, for the person signed in, then go back to ``next``."""
    next_url = safe_next_url(request, "")
    try:
        accept_charter(request, request.POST.get("version", ""))
    except AcceptanceRefused as refusal:
        if refusal.reason == "not_ambassador":
            messages.warning(
                request, _("Only ambassadors accept the charter: join the programme first.")
            )
            return HttpResponseRedirect(
                url_with_next(reverse("wagtail_advocacy:programme"), next_url)
            )
        messages.warning(
            request,
            _("The charter changed while you were reading it: please read the version in effect."),
        )
        return HttpResponseRedirect(url_with_next(reverse("wagtail_advocacy:charter"), next_url))
    messages.success(request, _("Thank you: you accepted the social-media charter."))
    return HttpResponseRedirect(next_url or reverse("wagtail_advocacy:charter"))
