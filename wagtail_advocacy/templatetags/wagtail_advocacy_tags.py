"""Template tags for host templates: ``{% load wagtail_advocacy_tags %}``."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..charter.acceptance import version_to_accept
from ..models.kits import ShareKit
from ..people.onboarding import is_onboarding
from ..people.profile import networks_first
from ..people.programme import get_active_ambassador
from ..sharing import networks
from ..sharing.messages import sharing_rules
from ..sharing.preview import share_preview_for
from ..views import url_with_next

register = template.Library()


def _heading_level(value) -> int:
    """``value`` as a heading level 1-6, or a TemplateSyntaxError saying what is wrong."""
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = None
    if isinstance(value, bool) or level not in range(1, 7) or str(level) != str(value).strip():
        raise template.TemplateSyntaxError(
            f"share_bar's heading_level must be a whole number from 1 to 6 (h1-h6), got {value!r}."
        )
    return level


@register.inclusion_tag("wagtail_advocacy/includes/share_bar.html", takes_context=True)
def share_bar(context, page, heading_level=2):
    """The share bar of ``page``: network buttons, copy link and QR code for ambassadors.

    The networks an ambassador said they use come first, the others behind "More networks".

    Prints nothing unless the page has a kit the viewer may share now; a logged-in
    employee who is not an ambassador gets an invitation instead, a suspended ambassador the
    reason of the suspension instead of the buttons, and an ambassador who has not accepted
    the charter in effect a call to accept it above the buttons (which lead there; through
    the onboarding path's next steps for one who never shared). Five queries at most (kit,
    ambassador, charter, the request's site and its sharing settings), six with a charter
    to accept, whatever the page or the number of networks. ``heading_level`` (1-6,
    default 2) is the level of the bar's heading, to fit the heading outline of the host's
    page: ``heading_level=4`` below an ``h3``. It is checked whoever looks, so a wrong value
    shows as soon as the page renders.
    """
    heading_level = _heading_level(heading_level)
    request = context.get("request")
    user = getattr(request, "user", None)
    if page is None or user is None or not user.is_authenticated:
        return {"kit": None}
    kit = ShareKit.objects.shareable_by(user).filter(page_id=page.pk).first()
    if kit is None:
        return {"kit": None}
    ambassador = get_active_ambassador(user)
    offered, more = [], []
    must_accept_charter = False
    charter_url = ""
    suspended = ambassador is not None and not ambassador.can_share
    if ambassador is not None and not suspended:
        must_accept_charter = version_to_accept(ambassador) is not None
        if must_accept_charter:
            # As the share gate does: on the onboarding path still, its next steps.
            name = "onboarding" if is_onboarding(ambassador) else "charter"
            charter_url = url_with_next(
                reverse(f"wagtail_advocacy:{name}"), request.get_full_path()
            )
        # The networks the ambassador uses first; the others behind "More networks".
        first, rest = networks_first(ambassador, sharing_rules(request).networks)
        offered = [networks.get_network(key) for key in first]
        more = [networks.get_network(key) for key in rest]
    return {
        "kit": kit,
        "can_share": ambassador is not None,
        "suspended": suspended,
        "ambassador": ambassador,
        "must_accept_charter": must_accept_charter,
        "charter_url": charter_url,
        "offered": offered,
        "more_networks": more,
        "request": request,
        "heading_level": heading_level,
    }


@register.simple_tag(takes_context=True)
def onboarding_url(context, next_url=None):
    """The onboarding path's URL, ending at ``next_url`` (default: the page being shown).

    ``<a href="{% onboarding_url %}">Become an ambassador</a>`` on any page of the host site
    (the directory, a news article); ``{% onboarding_url next_url="/people/" %}`` to end
    elsewhere. The path itself keeps only a local path of this site (``safe_next_url``).
    """
    if next_url is None:
        request = context.get("request")
        next_url = request.get_full_path() if request is not None else ""
    return url_with_next(reverse("wagtail_advocacy:onboarding"), next_url)


# Set by the first {% share_preview_meta %} of a page: a host's base template (or a head
# partial it includes) and a shipped page template may both call the tag, the page gets one
# set of tags. On the request, since each included template has a render context of its own.
_PREVIEW_META_RENDERED = "_wagtail_advocacy_share_preview_meta"


@register.inclusion_tag("wagtail_advocacy/includes/share_preview_meta.html", takes_context=True)
def share_preview_meta(context, page):
    """Open Graph and Twitter card meta tags for ``page``, to put in the ``<head>``.

    The values come from the page's share kit (unless withdrawn), else from the page's
    title and search description. Prints nothing without a Wagtail page, and nothing the second
    time for the same request. At most three queries (see ``share_preview_for``).
    """
    # A view's own "page" variable (a paginator's page, say) is not a Wagtail page.
    is_wagtail_page = getattr(page, "pk", None) and hasattr(page, "get_full_url")
    request = context.get("request")
    if not is_wagtail_page or getattr(request, _PREVIEW_META_RENDERED, False):
        return {"preview": None}
    if request is not None:
        setattr(request, _PREVIEW_META_RENDERED, True)
    return {"preview": share_preview_for(page, request)}


# The app's static files already linked for this request: a page template and each share
# bar on it may ask for the same stylesheet or script, the page gets it once.
_ASSETS_RENDERED = "_wagtail_advocacy_assets"
_ASSET_TAGS = {
    ".css": '<link rel="stylesheet" href="{}">',
    ".js": '<script src="{}" defer></script>',
}


@register.simple_tag(takes_context=True)
def advocacy_assets(context, *paths, static_dir="wagtail_advocacy"):
    """``<link>`` and ``<script>`` tags for the app's static files, each once per request.

    ``{% advocacy_assets "css/share.css" "js/share.js" %}``, with paths under
    ``static/wagtail_advocacy/``; a sub-app names its own folder,
    ``{% advocacy_assets "css/rewards.css" static_dir="wagtail_advocacy_game" %}``. The app's
    templates call it inside the content block, so they need no ``extra_css`` or ``extra_js``
    block in the host's base template: a stylesheet linked in the body applies all the same,
    and the script is deferred.
    """
    request = context.get("request")
    rendered = getattr(request, _ASSETS_RENDERED, set()) if request is not None else set()
    tags = []
    for path in paths:
        suffix = path[path.rfind(".") :]
        if suffix not in _ASSET_TAGS:
            raise template.TemplateSyntaxError(
                f"advocacy_assets takes .css and .js files, not {path!r}."
            )
        static_path = f"{static_dir}/{path}"
        if static_path not in rendered:
            rendered.add(static_path)
            tags.append((_ASSET_TAGS[suffix], static(static_path)))
    if request is not None:
        setattr(request, _ASSETS_RENDERED, rendered)
    return format_html_join("", "{}", ((format_html(html, url),) for html, url in tags))
