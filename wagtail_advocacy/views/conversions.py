"""Conversion reports from other sites: a signed server-to-server POST, and a pixel.

Every rejection is logged with its reason (never the sender's address).
"""

import base64
import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ..conf import advocacy_settings
from ..tracking.bots import is_bot
from ..tracking.conversions import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    ConversionRejected,
    record_pixel,
    record_signed_report,
)
from ..tracking.links import ATTRIBUTION_PARAM

logger = logging.getLogger("wagtail_advocacy.conversions")

# The smallest transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


# Exempt from CSRF and from login because it is authenticated by its HMAC signature
# instead: the only view of the app that is.
@login_not_required
@csrf_exempt
@require_POST
def signed_conversion(request):
    """Record a conversion reported by a server holding CONVERSION_SECRET.

    201 created, 400 malformed (JSON errors), 403 unsigned/bad signature/stale, 409 replay,
    404 when no secret is configured (the endpoint is off).
    """
    secret = advocacy_settings.CONVERSION_SECRET
    if not secret:
        logger.warning("Rejected a conversion report: CONVERSION_SECRET is not set.")
        return JsonResponse(
            {"errors": {"endpoint": [_("Conversion reports are off.")]}}, status=404
        )
    try:
        conversion = record_signed_report(
            secret,
            request.body,
            request.headers.get(TIMESTAMP_HEADER),
            request.headers.get(SIGNATURE_HEADER),
        )
    except ConversionRejected as rejection:
        logger.warning(
            "Rejected a conversion report (%s): %s",
            rejection.status,
            "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in rejection.errors.items()),
        )
        return JsonResponse({"errors": rejection.errors}, status=rejection.status)
    return JsonResponse(
        {
            "id": conversion.pk,
            "type": conversion.conversion_type.slug,
            "value": str(conversion.value),
            "occurred_at": conversion.occurred_at.isoformat(),
        },
        status=201,
    )


# Public: the pixel is embedded in pages of other sites, seen by anonymous visitors.
@login_not_required
@require_GET
def conversion_pixel(request):
    """A 1x1 GIF recording ``?adv=<token>&type=<slug>&ref=<unique>`` as a pixel conversion.

    Always the same image, whatever was recorded, even with PIXEL_CONVERSIONS off (so pages
    embedding it keep working); bots and previews never count.
    """
    user_agent = request.headers.get("User-Agent", "").strip()
    if user_agent and not is_bot(user_agent):
        record_pixel(
            request,
            request.GET.get(ATTRIBUTION_PARAM, ""),
            request.GET.get("type", ""),
            request.GET.get("ref", ""),
        )
    response = HttpResponse(PIXEL, content_type="image/gif")
    patch_cache_control(response, no_store=True, private=True)
    return response
