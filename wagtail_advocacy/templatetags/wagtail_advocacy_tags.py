"""Template tags for host templates: ``{% load wagtail_advocacy_tags %}``."""

from django import template

from ..charter.acceptance import version_to_accept
from ..models.kits import ShareKit
from ..people.programme import get_active_ambassador
from ..sharing import networks
from ..sharing.messages import sharing_rules
from ..sharing.preview import share_preview_for

register = template.Library()


@register.inclusion_tag("wagtail_advocacy/includes/share_bar.html", takes_context=True)
def share_bar(context, page):
    """The share bar of ``page``: network buttons, copy link and QR code for ambassadors.

    Prints nothing unless the page has a kit the viewer may share now; a logged-in
    employee who is not an ambassador gets an invitation instead, and an ambassador who has
    not accepted the charter in effect a call to accept it above the buttons (which lead
    there). Five queries at most (kit, ambassador, charter, the request's site and its
    sharing settings), whatever the page or the number of networks.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if page is None or user is None or not user.is_authenticated:
        return {"kit": None}
    kit = ShareKit.objects.shareable_by(user).filter(page_id=page.pk).first()
    if kit is None:
        return {"kit": None}
    ambassador = get_active_ambassador(user)
    can_share = ambassador is not None
    offered = []
    must_accept_charter = False
    if can_share:
        must_accept_charter = version_to_accept(ambassador) is not None
        offered = [networks.get_network(key) for key in sharing_rules(request).networks]
    return {
        "kit": kit,
        "can_share": can_share,
        "must_accept_charter": must_accept_charter,
        "offered": offered,
        "request": request,
    }


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
