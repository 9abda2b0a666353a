"""Which requests on a tracked link are a visitor's click, and storing one in one statement."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connections, router
from django.utils import timezone

from ..conf import advocacy_settings
from ..models.people import Ambassador
from ..models.tracking import Click
from .bots import is_visit
from .lookup import ResolvedLink
from .sql import (
    LinkRow,
    commits_asynchronously,
    find_link_inserting_click_statement,
    insert_statement,
    inserts_in_lookup,
    redirect_cursor,
    savepoint_in_transaction,
)
from .visitors import visitor_hash

logger = logging.getLogger(__name__)


def counts_before_lookup(request) -> bool:
    """Whether the click of ``request`` may be stored with its link's lookup: the database
    can (``inserts_in_lookup``), it is a visit, and nobody is logged in who could turn out
    to be the link's sharer."""
    return inserts_in_lookup() and is_visit(request) and not _has_session(request)


def _has_session(request) -> bool:
    """Whether someone may be logged in: only then can the visitor be the sharer. Without
    the cookie no session needs loading to know it."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def is_countable(link: ResolvedLink, request) -> bool:
    """Whether a request on ``link`` may be a visitor (before the repeat check): a link that
    credits someone (not one whose ambassador was erased), a visit (``is_visit``), and not
    the ambassador following their own link."""
    if link.ambassador_id is None or not is_visit(request):
        return False
    if not _has_session(request):
        return True
    return not is_own_link(link, getattr(request, "user", None))


def is_own_link(link: ResolvedLink, user) -> bool:
    """Whether ``user`` is the ambassador whose link this is: one indexed EXISTS on the
    ambassador's primary key, nothing loaded (the redirect's path for logged-in visitors)."""
    if user is None or not user.is_authenticated:
        return False
    return Ambassador.objects.filter(pk=link.ambassador_id, user_id=user.pk).exists()


def explain_click(link: ResolvedLink, request, counted: bool) -> str:
    """Why ``request`` on ``link`` was or was not counted, in a developer's words (for the
    ``DEBUG`` header of the redirect; never shown to a visitor). The checks of
    ``is_countable``, one at a time."""
    if counted:
        return "counted"
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    if link.ambassador_id is None:
        reason = "the link's ambassador had their data erased: it credits no one"
    elif request.method != "GET":
        reason = f"{request.method} request: only GET counts (previews are fetched with HEAD)"
    elif not user_agent:
        reason = "no User-Agent header"
    elif not is_visit(request):
        reason = (
            "the User-Agent is a crawler, a link-preview fetcher or a tool such as curl; "
            "test with a real browser's User-Agent"
        )
    elif not is_countable(link, request):
        reason = "the link's own ambassador followed it"
    else:
        reason = (
            "a repeat: this visitor's click on this link was counted less than "
            f"{advocacy_settings.REPEAT_CLICK_WINDOW} seconds ago (or could not be stored)"
        )
    return f"not counted: {reason}"


def record_click(link: ResolvedLink, request) -> bool:
    """Store the click of ``request`` on ``link`` if it counts; True if it was stored.

    One statement: an INSERT of the click unless the same visitor clicked the same link
    within REPEAT_CLICK_WINDOW (an indexed NOT EXISTS). No counter is updated, so concurrent
    clicks cannot overwrite each other, and a dying worker loses at most its own click. A
    database failure is logged and swallowed: the visitor is redirected whatever happens,
    and inside a request's transaction the failed insert rolls back to its own savepoint.
    """
    if not is_countable(link, request):
        return False
    try:
        visitor, now, window_start = click_values(request)
        return _insert_unless_repeat(link.pk, visitor, now, window_start)
    except DatabaseError:
        logger.exception("Could not record a click on tracked link %s", link.pk)
        return False


def click_values(request) -> tuple[str, datetime, datetime]:
    """(visitor hash, now, start of the repeat window) of a click by ``request``."""
    now = timezone.now()
    window_start = now - timedelta(seconds=advocacy_settings.REPEAT_CLICK_WINDOW)
    return visitor_hash(request, timezone.localdate(now)), now, window_start


def _insert_unless_repeat(link_id, visitor, now, window_start) -> bool:
    """INSERT ... SELECT ... WHERE NOT EXISTS: the ORM cannot express it, and as one
    statement it is both the cheapest form of the click (the redirect's hot path) and free
    of the gap between a separate check and insert."""
    connection = connections[router.db_for_write(Click)]
    asynchronous = commits_asynchronously(connection)
    sql = insert_statement(connection.alias, asynchronous)
    adapt = connection.ops.adapt_datetimefield_value
    params = [link_id, adapt(now), visitor, link_id, visitor, adapt(window_start)]
    with savepoint_in_transaction(connection.alias), redirect_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def find_link_inserting_click(token, visitor, now, window_start):
    """(the live link of ``token`` or None, the id of the click stored or None), in one
    PostgreSQL statement: the link's lookup, and the insert of ``_insert_unless_repeat``
    for the link found, as a data-modifying WITH. SQLite has no such WITH."""
    connection = connections[router.db_for_write(Click)]
    asynchronous = commits_asynchronously(connection)
    sql, find_params, token_index = find_link_inserting_click_statement(
        connection.alias, asynchronous
    )
    params = list(find_params)
    params[token_index] = token
    adapt = connection.ops.adapt_datetimefield_value
    params += [adapt(now), visitor, visitor, adapt(window_start)]
    with savepoint_in_transaction(connection.alias), redirect_cursor(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None, None
    return LinkRow(*row[:-1]), row[-1]
