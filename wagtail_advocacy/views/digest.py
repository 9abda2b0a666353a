"""Unsubscribing from the digest through the signed link of every digest email."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..people.digest import ambassador_from_token
from ..people.digest import unsubscribe as unsubscribe_ambassador
from . import render_advocacy


# The signed token is the credential: mail clients send RFC 8058 one-click POSTs without
# a session or CSRF cookie (nor a login), and the only change possible is turning one
# digest off.
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation; POST turns the digest off (also the one-click POST)."""
    ambassador = ambassador_from_token(token)
    if ambassador is None:
        raise Http404
    done = request.method == "POST"
    if done:
        unsubscribe_ambassador(ambassador)
    return render_advocacy(
        request, "wagtail_advocacy/digest/unsubscribe.html", {"done": done, "token": token}
    )
