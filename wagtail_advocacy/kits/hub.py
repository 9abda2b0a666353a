"""The ambassadors' hub: the kits an ambassador may share now, filtered and paginated, and
the "new since your last visit" marks."""

from django.core.paginator import Paginator
from django.db import models
from wagtail.images import get_image_model

from ..models.kits import ShareKit
from ..people.programme import get_active_ambassador, is_hub_visit, record_hub_visit

#: The image rendition of each kit's card.
CARD_RENDITION = "fill-480x252"


def hub_kits(user):
    """The kits ``user`` may share now, newest-first after the featured ones."""
    return (
        ShareKit.objects.shareable_by(user)
        .select_related("page", "campaign")
        .prefetch_related(
            models.Prefetch(
                "image",
                queryset=get_image_model().objects.prefetch_renditions(CARD_RENDITION),
            )
        )
        .with_shareable_since()
        .order_by("-featured", "-shareable_since", "-pk")
    )


def hub_context(request, kits, *, per_page: int) -> dict:
    """What the hub shows the viewer: nothing but an invitation unless they are an active
    ambassador; else a page of ``kits`` in the chosen category, and when they last visited.

    A visit (``people.programme.is_hub_visit``) is recorded after the marks are read, so the
    kits new since the previous visit stay marked on this one.
    """
    ambassador = get_active_ambassador(request.user)
    context = {"ambassador": ambassador, "categories": ShareKit.Category.choices}
    if ambassador is None:
        return context
    category = request.GET.get("category", "")
    if category in ShareKit.Category.values:
        kits = kits.filter(category=category)
    else:
        category = ""
    page_number = request.GET.get("page")
    context.update(
        category=category,
        kits=Paginator(kits, per_page).get_page(page_number),
        last_visit_at=ambassador.last_hub_visit_at,
    )
    if is_hub_visit(request, category=category, page_number=page_number):
        record_hub_visit(ambassador)
    return context
