"""The public end of a tracked link: count the click if it counts, then redirect.

This is the only URL of the app that must be reachable from the internet; see
docs/how-to/deploy-the-public-redirect.md.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.utils.cache import patch_cache_control

from ..conf import advocacy_settings
from ..tracking.clicks import explain_click
from ..tracking.redirect import visit_link
from . import render_advocacy

#: With DEBUG on, says whether the request was counted as a click, and if not, why.
CLICK_DEBUG_HEADER = "X-Advocacy-Click"


# Public on purpose, even under Django's LoginRequiredMiddleware: anyone who sees a share
# follows it.
@login_not_required
def follow_link(request, token):
    """302 to the kit's stored destination. Nothing from the request chooses the target.

    The link keeps working after the kit's share window: shared posts live forever. Only a
    revoked or unknown token stops it (a friendly 404, or the configured fallback URL).
    """
    visit = visit_link(token, request)  # counts the click, if it counts
    if visit.link is None:
        return link_not_found(request)
    response = HttpResponseRedirect(visit.link.target)
    # A cached redirect would skip the count; previews must not index the token either.
    patch_cache_control(response, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    if settings.DEBUG:
        # For a developer testing their setup only: a visitor is never told anything.
        response[CLICK_DEBUG_HEADER] = explain_click(visit.link, request, visit.counted)
    return response


def link_not_found(request):
    """The answer to an unknown or revoked token: the fallback URL, else a friendly 404."""
    if advocacy_settings.FALLBACK_URL:
        return HttpResponseRedirect(advocacy_settings.FALLBACK_URL)
    response = render_advocacy(request, "wagtail_advocacy/link_not_found.html", status=404)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
