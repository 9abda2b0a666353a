"""Where a tracked link goes: the live link of a token, its kit's destination, the target
with its UTM and attribution parameters, and the caches that keep most lookups in memory."""

import logging
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import quote, unquote_plus, urlencode, urlsplit, urlunsplit

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, router

from ..conf import advocacy_settings
from ..models.kits import ShareKit
from ..models.tracking import TrackedLink
from ..validators import check_public_destination
from .links import ATTRIBUTION_PARAM, destination_url
from .sql import LinkRow, find_link_statement, redirect_cursor

logger = logging.getLogger(__name__)

# Seconds a resolved link (its target and owner) is kept in the default cache.
LINK_CACHE_SECONDS = 60


@dataclass(frozen=True)
class ResolvedLink:
    """What the redirect needs to know about a live link, small enough to cache."""

    pk: int
    ambassador_id: int | None  # None: the ambassador was erased, the link credits no one
    target: str


def link_cache_key(token: str) -> str:
    # v2: ResolvedLink holds ambassador_id; another shape under the same key would break a
    # rolling deployment sharing its cache with older workers.
    return f"wagtail_advocacy:link:v2:{token}"


def kit_cache_key(kit_id: int) -> str:
    return f"wagtail_advocacy:kit-destination:{kit_id}"


def resolve(token: str, link: "LinkRow | None") -> ResolvedLink | None:
    """The redirect of ``link``, the live link found for ``token``; None if there is none or
    its kit has no usable destination.

    Cached for LINK_CACHE_SECONDS in the default cache. Most links are clicked a few times
    only, so the uncached path matters as much: one precompiled single-table query for the
    link; what comes from its kit (destination, campaign) is cached per kit, shared by every
    ambassador's links of the kit. Saving a link or its kit clears their entries; a page
    moved, a campaign renamed or a link revoked from another process takes effect within the
    delay. Unknown tokens are not cached, so random tokens cannot fill the cache.
    """
    target = redirect_target(link, kit_destination(link.kit_id)) if link else None
    if target is None:
        return None
    resolved = ResolvedLink(link.pk, link.ambassador_id, target)
    cache.set(link_cache_key(token), resolved, LINK_CACHE_SECONDS)
    return resolved


def forget_cached_links(tokens, kit_id: int | None = None):
    """Clear the cached resolution of these link tokens, and of their kit if given (after
    a link or kit changed)."""
    keys = [link_cache_key(token) for token in tokens]
    if kit_id is not None:
        keys.append(kit_cache_key(kit_id))
    cache.delete_many(keys)


class KitDestination(NamedTuple):
    """What the redirect of every link of a kit shares: where it goes, and its UTM names."""

    url: str  # the public URL, else the page's URL; blank when there is none or it is unsafe
    campaign_slug: str
    page_slug: str


def find_link(token: str) -> LinkRow | None:
    """The live (not revoked) link of ``token``, in one query on its own table."""
    connection = connections[router.db_for_read(TrackedLink)]
    sql, params, token_index = find_link_statement(connection.alias)
    params = list(params)
    params[token_index] = token
    with redirect_cursor(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return LinkRow(*row) if row else None


def kit_destination(kit_id: int) -> KitDestination:
    """The destination of kit ``kit_id``'s links, cached for LINK_CACHE_SECONDS.

    Every ambassador's links of a kit share it, so a kit's popular post costs one kit and
    page lookup a minute rather than one per link. The stored URL is judged again by the
    editor form's own check (``check_public_destination``): a URL written around the form,
    by an import or an older version, must not send visitors to another host than the one
    it seems to name; such a kit has no destination, and its links answer 404.
    """
    key = kit_cache_key(kit_id)
    destination = cache.get(key)
    if destination is None:
        kit = ShareKit.objects.select_related("page", "campaign").filter(pk=kit_id).first()
        url = (kit and destination_url(kit)) or ""
        if url and not _is_safe_destination(url):
            logger.warning("Kit %s has an unsafe destination: its links answer 404.", kit_id)
            url = ""
        destination = KitDestination(
            url,
            kit.campaign.slug if kit and kit.campaign else "",
            kit.page.slug if kit else "",
        )
        cache.set(key, destination, LINK_CACHE_SECONDS)
    return destination


def _is_safe_destination(url: str) -> bool:
    try:
        check_public_destination(url)
    except ValidationError:
        return False
    return True


def utm_parameters(link: LinkRow, kit: KitDestination) -> dict[str, str]:
    """The UTM parameters of ``link``: network, configured medium, campaign and kit."""
    params = {
        "utm_source": link.network,
        "utm_medium": advocacy_settings.UTM_MEDIUM,
        "utm_campaign": kit.campaign_slug,
        "utm_content": f"{link.kit_id}-{kit.page_slug}",
    }
    return {name: value for name, value in params.items() if value}


def redirect_target(link: LinkRow, kit: KitDestination) -> str | None:
    """The URL a visitor of ``link`` is sent to, or None when the kit has no usable one.

    The destination is the one stored for the kit (``kit_destination``); UTM parameters are
    added only where the destination does not set them already (an editor who wrote
    ``utm_source`` into a public URL meant it), and the attribution parameter is always
    ours. The destination's own query string is kept byte for byte: we append, never
    re-encode.
    """
    if not kit.url:
        return None
    parts = urlsplit(kit.url)
    segments = [s for s in parts.query.split("&") if s]
    present = {unquote_plus(s.split("=", 1)[0]) for s in segments}
    segments = [s for s in segments if unquote_plus(s.split("=", 1)[0]) != ATTRIBUTION_PARAM]
    additions = {k: v for k, v in utm_parameters(link, kit).items() if k not in present}
    additions[ATTRIBUTION_PARAM] = link.token
    query = "&".join([*segments, urlencode(additions, quote_via=quote)])
    return urlunsplit(parts._replace(query=query))
