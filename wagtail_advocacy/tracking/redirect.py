"""The public tracked redirect: resolve the link and record the click, in one statement
when it can.

A countable click costs one statement: an insert guarded by an indexed repeat check, which on
PostgreSQL also looks the link up when it is not in the cache (elsewhere that lookup is a
statement of its own). Everything else the decision needs (today's salt, the bot patterns
and verdicts) is cached in the process.
"""

import logging
from typing import NamedTuple

from django.core.cache import cache
from django.db import DatabaseError

from ..models.tracking import Click
from .clicks import click_values, counts_before_lookup, find_link_inserting_click, record_click
from .links import is_link_token
from .lookup import ResolvedLink, find_link, link_cache_key, resolve

logger = logging.getLogger(__name__)


class Visit(NamedTuple):
    """What the redirect learnt: the live link (None if the token is unknown, revoked or
    without a usable destination), and whether the request was stored as a click."""

    link: ResolvedLink | None
    counted: bool = False


NOT_FOUND = Visit(None)


def visit_link(token: str, request) -> Visit:
    """The live link of ``token`` for the redirect, once the click of ``request`` is recorded
    if it counts.

    The common case costs one statement: a visitor's click on a link not in the cache. On
    PostgreSQL the link's lookup and the click's insert are then one statement
    (``find_link_inserting_click``), since whether the request counts is known before the
    link is: it is not a bot, and nobody is logged in who could be the sharer. Otherwise the
    link is resolved (from the cache, or one query: ``resolve``), then the click recorded
    (one insert: ``record_click``).
    """
    if not is_link_token(token):
        return NOT_FOUND
    resolved = cache.get(link_cache_key(token))
    if resolved is None and counts_before_lookup(request):
        return _resolve_recording_click(token, request)
    resolved = resolved or resolve(token, find_link(token))
    if resolved is None:
        return NOT_FOUND
    return Visit(resolved, record_click(resolved, request))


def _resolve_recording_click(token: str, request) -> Visit:
    """``visit_link`` of a countable visit on a link not in the cache: one statement.

    A kit may turn out to have no usable destination once its link is found; its link
    answers 404, so the click stored with the lookup is deleted again (a rare, second
    statement), as is the click on a link that credits no one (its ambassador was erased).
    A database failure loses the click, logged, and the link is looked up on its own so
    that the visitor is still redirected.
    """
    try:
        visitor, now, window_start = click_values(request)
        link, click_id = find_link_inserting_click(token, visitor, now, window_start)
    except DatabaseError:
        logger.exception("Could not record a click on tracked link %s", token[:4] + "...")
        return Visit(resolve(token, find_link(token)))
    resolved = resolve(token, link)
    if click_id is not None and (resolved is None or resolved.ambassador_id is None):
        Click.objects.filter(pk=click_id).delete()
        click_id = None
    if resolved is None:
        return NOT_FOUND
    return Visit(resolved, click_id is not None)
