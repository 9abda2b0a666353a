"""Attribution of a visit to the tracked link it came through, for form-page conversions."""

from .conf import advocacy_settings
from .tracking.attribution import current_attribution
from .tracking.links import ATTRIBUTION_PARAM, is_link_token

COOKIE_NAME = "advocacy_link"
COOKIE_SALT = "wagtail_advocacy.attribution"


class AttributionMiddleware:
    """Remember the tracked link a visitor landed with, in a signed first-party cookie.

    On a landing (``?adv=<token>``, added by the tracked redirect), the cookie is set; on
    every request, the remembered token is made available to ``attribute_form_submission``.
    The cookie holds the link's token only: nothing about the visitor. Add it to MIDDLEWARE
    of the site that serves the form pages (after SessionMiddleware).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        landed = request.GET.get(ATTRIBUTION_PARAM)
        landed = landed if is_link_token(landed) else None
        remembered = request.get_signed_cookie(COOKIE_NAME, default=None, salt=COOKIE_SALT)
        context = current_attribution.set(landed or remembered)
        try:
            response = self.get_response(request)
        finally:
            current_attribution.reset(context)
        if landed and landed != remembered:
            response.set_signed_cookie(
                COOKIE_NAME,
                landed,
                salt=COOKIE_SALT,
                max_age=advocacy_settings.ATTRIBUTION_DAYS * 24 * 3600,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
