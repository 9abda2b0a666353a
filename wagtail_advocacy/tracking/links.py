"""Personal tracked links: their tokens, minting them, and the URLs they are shared as."""

import re

from django.db import IntegrityError, transaction
from django.urls import reverse

from ..conf import advocacy_settings
from ..models.kits import ShareKit
from ..models.people import Ambassador
from ..models.tracking import TrackedLink

# The query parameter carrying the link token to the destination, for conversions.
ATTRIBUTION_PARAM = "adv"
TOKEN_FORMAT = re.compile(r"^[A-Za-z0-9_-]{8,32}$")


def is_link_token(value) -> bool:
    """Whether ``value`` has the shape of a tracked-link token (cheap, no query)."""
    return isinstance(value, str) and bool(TOKEN_FORMAT.match(value))


def get_or_mint_link(ambassador: Ambassador, kit: ShareKit, network: str) -> TrackedLink:
    """The one tracked link of (ambassador, kit, network), minted on first use.

    Two simultaneous shares race to insert; the unique constraint lets one win and the
    other reads the winner's row.
    """
    link = TrackedLink.objects.filter(ambassador=ambassador, kit=kit, network=network).first()
    if link:
        return link
    try:
        with transaction.atomic():
            return TrackedLink.objects.create(ambassador=ambassador, kit=kit, network=network)
    except IntegrityError:
        return TrackedLink.objects.get(ambassador=ambassador, kit=kit, network=network)


def tracked_url(link: TrackedLink, request=None, *, site=None) -> str:
    """The public URL of ``link``: under PUBLIC_BASE_URL, else the current request's host,
    else (outside a request, e.g. an editor's form counting lengths) ``site``'s root URL."""
    path = reverse("wagtail_advocacy:tracked_link", args=[link.token])
    base = advocacy_settings.PUBLIC_BASE_URL.rstrip("/")
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    if site is not None:
        return site.root_url + path
    raise ValueError(
        "Set WAGTAIL_ADVOCACY_PUBLIC_BASE_URL to build tracked links outside a request."
    )


def destination_url(kit: ShareKit) -> str | None:
    """Where a tracked link of ``kit`` sends visitors: the stored public URL, else the page's."""
    return kit.public_url or kit.page.full_url
