"""Ambassadors sharing a kit: the share dialog, copy link, QR code, and the gate.

Each view loads the kit, asks ``sharing.share.check_can_share`` (or ``share_kit``, which
asks it) and answers a refusal the same way: the gate for non-ambassadors, the charter for
an ambassador who has not accepted the version in effect (and back to the share; through
the onboarding path's next steps for one who never shared yet), 410 for a closed kit, 403
for another audience, and 403 with the reason for a suspended ambassador.
"""

import io

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..models.kits import ShareKit
from ..models.sharing import Share
from ..models.tracking import TrackedLink
from ..people.onboarding import current_step, is_onboarding, onboarding_steps
from ..people.profile import networks_first
from ..people.programme import get_active_ambassador, get_ambassador
from ..sharing import networks
from ..sharing.messages import LINK_PLACEHOLDER, prefilled_message, sharing_rules, stand_in_link
from ..sharing.share import ShareRefused, check_can_share, share_kit, share_own_link
from ..tracking.links import tracked_url
from . import render_advocacy, url_with_next
from .onboarding import onboarding_url


class IntentRedirect(HttpResponseRedirect):
    """A redirect to a network's share intent, which may be a ``mailto:`` URL."""

    allowed_schemes = ["https", "http", "mailto"]


def _load_kit(kit_id) -> ShareKit:
    return get_object_or_404(ShareKit.objects.select_related("page"), pk=kit_id)


def _share_url(kit, network="") -> str:
    url = reverse("wagtail_advocacy:share", args=[kit.pk])
    return f"{url}?{urlencode({'network': network})}" if network in networks.NETWORKS else url


def _refusal(request, kit, refusal: ShareRefused, network="", back=None):
    if refusal.reason == "charter":
        back = back or _share_url(kit, network)
        # An ambassador who never shared is still on the onboarding path: its next steps.
        if is_onboarding(get_active_ambassador(request.user)):
            accept_url = onboarding_url(back)
        else:
            accept_url = url_with_next(reverse("wagtail_advocacy:charter"), back)
        if _is_fetch(request) and request.method == "GET":
            # share.js shows this in the dialog instead of the form: say why, and where to go.
            return render_advocacy(
                request,
                "wagtail_advocacy/charter/share_notice.html",
                {"kit": kit, "accept_url": accept_url, "bare": True},
            )
        return redirect(accept_url)
    if refusal.reason == "suspended":
        # share.js shows the bare notice in the dialog; a page otherwise. Either way: why.
        template = "wagtail_advocacy/share/suspended.html"
        if _is_fetch(request) and request.method == "GET":
            template = "wagtail_advocacy/includes/suspension_notice.html"
        ambassador = get_active_ambassador(request.user)
        return render_advocacy(
            request,
            template,
            {"kit": kit, "ambassador": ambassador, "bare": True},
            status=403,
        )
    if refusal.reason == "not_ambassador":
        url = reverse("wagtail_advocacy:share_gate", args=[kit.pk])
        return redirect(f"{url}?{urlencode({'network': network})}" if network else url)
    closed = refusal.reason == "closed"
    return render_advocacy(
        request,
        "wagtail_advocacy/share/unavailable.html",
        {"kit": kit, "closed": closed},
        status=410 if closed else 403,
    )


def _is_fetch(request) -> bool:
    # share.js asks for the bare dialog (to show it in a <dialog>) or for JSON.
    return request.headers.get("X-Requested-With") == "advocacy-share"


@login_required
@require_http_methods(["GET", "POST"])
def share(request, kit_id):
    """The share dialog: GET shows it, POST records the share and redirects to the network."""
    kit = _load_kit(kit_id)
    rules = sharing_rules(request)
    data = request.POST if request.method == "POST" else request.GET
    asked = data.get("network", "")
    # A link to the dialog may name no network (or one no longer offered): offer the first.
    # A POST must say where it shares: ``share_kit`` refuses a network not offered.
    network = asked if asked in rules.networks else (rules.networks[0] if rules.networks else "")
    errors = []
    text = data.get("text", "")
    instance = request.POST.get("mastodon_instance", "").strip()
    try:
        if request.method == "POST":
            result = share_kit(
                request.user, kit, asked, text, request, rules=rules, mastodon_instance=instance
            )
            if networks.get_network(asked).needs_paste:
                # Post/Redirect/Get: reloading the paste step or coming back to it from the
                # network must not post, and count, the share again.
                return redirect(
                    "wagtail_advocacy:share_paste", kit_id=kit.pk, share_id=result.share.pk
                )
            return IntentRedirect(result.intent_url)
        ambassador = check_can_share(request.user, kit)
    except ShareRefused as refusal:
        return _refusal(request, kit, refusal, network)
    except ValidationError as error:
        errors = error.messages
        ambassador = get_active_ambassador(request.user)
    if not network:
        raise Http404(_("No network is offered on this site."))
    instance = instance or ambassador.mastodon_instance
    if request.method == "GET":
        text = prefilled_message(ambassador, kit, network)
    # The networks the ambassador uses first; the others behind "More networks".
    first, more = networks_first(ambassador, rules.networks)

    context = {
        "kit": kit,
        "ambassador": ambassador,
        "text": text,
        "errors": errors,
        "network": networks.get_network(network),
        "offered": [networks.get_network(key) for key in first],
        "more_networks": [networks.get_network(key) for key in more],
        "counter_data": {
            "networks": {key: networks.get_network(key).as_json() for key in rules.networks},
            "link_length": len(stand_in_link(request)),
            "link_placeholder": LINK_PLACEHOLDER,
        },
        "mastodon_instance": instance,
        "posting_times": kit.upcoming_posting_times(),
        "disclosure_hashtag": rules.disclosure_hashtag,
        "bare": _is_fetch(request),
    }
    template = "wagtail_advocacy/share/dialog.html"
    if context["bare"]:
        template = "wagtail_advocacy/share/dialog_form.html"
    response = render_advocacy(request, template, context)
    # The same URL answers a whole page or share.js's bare dialog: caches must tell them apart.
    patch_vary_headers(response, ["X-Requested-With"])
    return response


@login_required
@require_http_methods(["GET"])
def paste_step(request, kit_id, share_id):
    """After a share to a network that takes only the link: the final words to paste there.

    Shown by the server, not copied by share.js from the text box, so the ambassador pastes
    what was validated: their link in place of {link}, plain text, the disclosure hashtag.
    Only the ambassador who shared sees it.
    """
    share = get_object_or_404(
        Share.objects.select_related("kit", "link"),
        pk=share_id,
        kit_id=kit_id,
        ambassador__user=request.user,
    )
    network = networks.NETWORKS.get(share.network)
    if network is None or not network.needs_paste:
        raise Http404(_("Nothing to paste for this share."))
    intent = networks.intent_url(
        network, share.message, tracked_url(share.link, request), subject=share.kit.title
    )
    return render_advocacy(
        request,
        "wagtail_advocacy/share/paste.html",
        {
            "kit": share.kit,
            "network": network,
            "message": share.message,
            "intent_url": intent,
        },
    )


def _pseudo_share(request, kit_id, network, back=None):
    """Shared by copy-link and QR: record one share on a pseudo-network, or the refusal."""
    kit = _load_kit(kit_id)
    try:
        result = share_own_link(request.user, kit, network, request)
    except ShareRefused as refusal:
        return kit, None, _refusal(request, kit, refusal, back=back)
    return kit, result, None


@login_required
@require_http_methods(["GET", "POST"])
def copy_link(request, kit_id):
    """POST records a "link" share and returns the tracked link (JSON for share.js)."""
    if request.method == "GET":
        kit = _load_kit(kit_id)
        try:
            check_can_share(request.user, kit)
        except ShareRefused as refusal:
            return _refusal(request, kit, refusal, back=request.path)
        return render_advocacy(request, "wagtail_advocacy/share/copy_link.html", {"kit": kit})
    kit, result, refused = _pseudo_share(
        request,
        kit_id,
        networks.COPY_LINK,
        back=reverse("wagtail_advocacy:share_copy_link", args=[kit_id]),
    )
    if refused:
        return refused
    if _is_fetch(request):
        return JsonResponse({"url": result.url})
    return render_advocacy(
        request, "wagtail_advocacy/share/copy_link.html", {"kit": kit, "url": result.url}
    )


@login_required
@require_http_methods(["GET", "POST"])
def qr_code(request, kit_id):
    """POST records a "qr" share; GET draws the QR code of the ambassador's QR link (SVG).

    GET never mints a link: it answers 404 until the ambassador asked for the QR code.
    """
    if request.method == "POST":
        _kit, _result, refused = _pseudo_share(request, kit_id, networks.QR_CODE)
        if refused:
            return refused
        if _is_fetch(request):
            return JsonResponse({"url": _result.url, "svg": request.path})
        return redirect(request.path)
    link = get_object_or_404(
        TrackedLink,
        kit_id=kit_id,
        ambassador__user=request.user,
        network=networks.QR_CODE,
        revoked_at__isnull=True,
    )
    qr = segno.make(tracked_url(link, request), error="m")
    # A standalone SVG document: with its namespace, or no browser draws it in an <img>
    # and the downloaded file opens nowhere (``svg_inline`` is for markup inside HTML).
    svg = io.BytesIO()
    qr.save(
        svg,
        kind="svg",
        scale=6,
        xmldecl=False,
        svgns=True,
        title=_("QR code of your personal link"),
    )
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    # The SVG is the ambassador's own link; nothing shared may cache it.
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = f'inline; filename="share-{kit_id}-qr.svg"'
    return response


@login_required
def gate(request, kit_id):
    """For employees who are not (or no longer) ambassadors: what it means, and how to join.

    The first step of the onboarding path: joining goes on to its next steps, then back to
    the same share (``next``).
    """
    kit = _load_kit(kit_id)
    ambassador = get_ambassador(request.user)
    if ambassador is not None and ambassador.is_active:
        return redirect("wagtail_advocacy:share", kit_id=kit.pk)
    share_url = reverse("wagtail_advocacy:share", args=[kit.pk])
    network = request.GET.get("network", "")
    if network in networks.NETWORKS:
        share_url += "?" + urlencode({"network": network})
    # The first step of the onboarding path, which ends in this share.
    steps = onboarding_steps(request.user)
    return render_advocacy(
        request,
        "wagtail_advocacy/share/gate.html",
        {
            "kit": kit,
            "next": onboarding_url(share_url),
            "share_url": share_url,
            "ambassador": ambassador,
            "steps": steps,
            "step": current_step(request.user, steps),
        },
    )
