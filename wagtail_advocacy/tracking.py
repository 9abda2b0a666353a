"""Domain functions behind the public tracked redirect: where it goes and which clicks count.

A countable click costs one statement: an insert guarded by an indexed repeat check, which on
PostgreSQL also looks the link up when it is not in the cache (elsewhere that lookup is a
statement of its own). Everything else the decision needs (today's salt, the bot patterns
and verdicts) is cached in the process.

Privacy: a visitor is known only as ``HMAC-SHA256(salt of the day, ip + user agent)``. The IP
address is never stored or logged; the salt is destroyed after its day, after which nobody
can tell which address produced a hash.
"""

import contextlib
import functools
import hmac
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from hashlib import sha256
from typing import NamedTuple
from urllib.parse import quote, unquote_plus, urlencode, urlsplit, urlunsplit

import crawleruseragents
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, router, transaction
from django.utils import timezone

from .conf import advocacy_settings
from .links import destination_url
from .models import Click, MeasurementSettings, ShareKit, TrackedLink, VisitorSalt
from .people import get_ambassador
from .validators import check_public_destination

logger = logging.getLogger(__name__)

# The query parameter carrying the link token to the destination, for conversions.
ATTRIBUTION_PARAM = "adv"

# Link-preview fetchers and crawlers that must never count, whatever the maintained list
# (crawler-user-agents) says about them today: the ones that fetch every shared link.
PREVIEW_FETCHERS = (
    "LinkedInBot",
    "Slackbot",
    "Slack-ImgProxy",
    "Twitterbot",
    "facebookexternalhit",
    "Facebot",
    "meta-externalagent",
    "WhatsApp",
    "TelegramBot",
    "Discordbot",
    "Googlebot",
    "Google-InspectionTool",
    "bingbot",
    "Applebot",
    "Mastodon",
    "Pinterestbot",
    "redditbot",
    # The preview fetchers of Microsoft Teams and Skype. Not "Teams": the Teams desktop
    # app's own web view, a person, says "Teams/1.x", and "Teamster" contains it.
    "SkypeUriPreview",
    "MicrosoftPreview",
    "Embedly",
    "Iframely",
    "Cardyb",
    "XING-contenttabreceiver",
    "vkShare",
)
_PREVIEW_PATTERN = re.compile("|".join(re.escape(name) for name in PREVIEW_FETCHERS), re.I)

# Seconds a resolved link (its target and owner) is kept in the default cache.
LINK_CACHE_SECONDS = 60
TOKEN_FORMAT = re.compile(r"^[A-Za-z0-9_-]{8,32}$")

# The admin-editable extra patterns, re-read at most this often (seconds) by each process.
EXTRA_PATTERNS_TTL = 60

_salt_cache: tuple[date, bytes] | None = None
_extra_patterns: tuple[float, re.Pattern | None] = (0.0, None)
_cache_lock = threading.Lock()


# --- where a link goes ----------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedLink:
    """What the redirect needs to know about a live link, small enough to cache."""

    pk: int
    ambassador_id: int
    target: str


def is_link_token(value) -> bool:
    """Whether ``value`` has the shape of a tracked-link token (cheap, no query)."""
    return isinstance(value, str) and bool(TOKEN_FORMAT.match(value))


def link_cache_key(token: str) -> str:
    # v2: ResolvedLink holds ambassador_id; another shape under the same key would break a
    # rolling deployment sharing its cache with older workers.
    return f"wagtail_advocacy:link:v2:{token}"


def kit_cache_key(kit_id: int) -> str:
    return f"wagtail_advocacy:kit-destination:{kit_id}"


def visit_link(token: str, request) -> ResolvedLink | None:
    """The live link of ``token`` for the redirect, once the click of ``request`` is recorded
    if it counts; None if the token is unknown, revoked or without a usable destination.

    The common case costs one statement: a visitor's click on a link not in the cache. On
    PostgreSQL the link's lookup and the click's insert are then one statement
    (``_find_link_inserting_click``), since whether the request counts is known before the
    link is: it is not a bot, and nobody is logged in who could be the sharer. Otherwise the
    link is resolved (from the cache, or one query: ``_resolve``), then the click recorded
    (one insert: ``record_click``).
    """
    if not is_link_token(token):
        return None
    resolved = cache.get(link_cache_key(token))
    if resolved is None and _counts_before_lookup(request):
        return _resolve_recording_click(token, request)
    resolved = resolved or _resolve(token, find_link(token))
    if resolved is not None:
        record_click(resolved, request)
    return resolved


def _resolve(token: str, link: "LinkRow | None") -> ResolvedLink | None:
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


class LinkRow(NamedTuple):
    """The columns of a tracked link that its redirect depends on."""

    pk: int
    token: str
    network: str
    ambassador_id: int
    kit_id: int


class KitDestination(NamedTuple):
    """What the redirect of every link of a kit shares: where it goes, and its UTM names."""

    url: str  # the public URL, else the page's URL; blank when there is none or it is unsafe
    campaign_slug: str
    page_slug: str


def find_link(token: str) -> LinkRow | None:
    """The live (not revoked) link of ``token``, in one query on its own table."""
    connection = connections[router.db_for_read(TrackedLink)]
    sql, params, token_index = _find_link_statement(connection.alias)
    params = list(params)
    params[token_index] = token
    with _redirect_cursor(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return LinkRow(*row) if row else None


@functools.cache
def _find_link_statement(alias: str) -> tuple[str, tuple, int]:
    """The SQL of ``find_link``, compiled by the ORM once per process and database.

    Compiling the query costs the ORM ten times what running it does, and its SQL never
    changes: only the token does. All its columns are integers and strings, so rows need
    none of the ORM's converters. One table, no join: PostgreSQL plans it in no time.
    """
    marker = "wagtail-advocacy-token"
    queryset = (
        TrackedLink.objects.using(alias)
        .filter(token=marker, revoked_at__isnull=True)
        .values_list(*LinkRow._fields)[:1]
    )
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params), list(params).index(marker)


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


# --- who clicked ----------------------------------------------------------------------------


def client_ip(request) -> str:
    """The visitor's address, used only to compute the visitor hash, never stored or logged.

    With CLIENT_IP_HEADER unset, REMOTE_ADDR. With it set (the proxy in front of the site is
    trusted to write it), the right-most address of the header: that is the one our own proxy
    appended, whereas anything to its left was sent by the client and may be forged.
    """
    header = advocacy_settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        addresses = [a.strip() for a in value.split(",") if a.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")


def todays_salt(today: date | None = None) -> bytes:
    """The secret of the day for visitor hashes, created on the first click of the day.

    Creating the day's salt destroys the salts of earlier days, so none outlives its day
    even when no task cluster runs; the scheduled ``rotate_visitor_salts`` is the backstop
    for days without clicks.
    """
    global _salt_cache
    today = today or timezone.localdate()
    cached = _salt_cache
    if cached and cached[0] == today:
        return cached[1]
    with _savepoint_in_transaction(router.db_for_write(VisitorSalt)):
        salt, created = VisitorSalt.objects.get_or_create(
            day=today, defaults={"salt": secrets.token_hex(32)}
        )
        if created:
            _delete_salts_before(today)
    value = salt.salt.encode()
    _salt_cache = (today, value)
    return value


def forget_cached_salt():
    """Drop this process's cached salt (after the rotation job, and in tests)."""
    global _salt_cache
    _salt_cache = None


def visitor_hash(request, today: date | None = None) -> str:
    """HMAC-SHA256 of address and user agent, keyed with the salt of the day."""
    message = f"{client_ip(request)}\n{request.META.get('HTTP_USER_AGENT', '')}".encode()
    return hmac.new(todays_salt(today), message, sha256).hexdigest()


def _extra_bot_pattern() -> re.Pattern | None:
    """The admin's extra patterns of every site, compiled, cached for EXTRA_PATTERNS_TTL."""
    global _extra_patterns
    expires, pattern = _extra_patterns
    if time.monotonic() < expires:
        return pattern
    with _cache_lock:
        expires, pattern = _extra_patterns
        if time.monotonic() < expires:
            return pattern  # another thread rebuilt it while this one waited
        lines = set()
        for text in MeasurementSettings.objects.values_list("extra_bot_user_agents", flat=True):
            lines.update(line.strip() for line in text.splitlines() if line.strip())
        valid = []
        for line in sorted(lines):
            try:
                re.compile(line)
            except re.error:
                continue  # the form validates; a row written otherwise must not break clicks
            valid.append(f"(?:{line})")
        pattern = re.compile("|".join(valid), re.I) if valid else None
        _extra_patterns = (time.monotonic() + EXTRA_PATTERNS_TTL, pattern)
    return pattern


def forget_extra_bot_patterns():
    """Re-read the extra bot patterns on next use (called when the settings are saved)."""
    global _extra_patterns
    _extra_patterns = (0.0, None)


@functools.lru_cache(maxsize=4096)
def is_listed_bot(user_agent: str) -> bool:
    """True for user agents of the maintained crawler list or of our preview fetchers.

    Remembered per user agent: visitors' browsers share a few thousand strings, and the
    maintained list takes some sixty regular expression searches per string.
    """
    return bool(_PREVIEW_PATTERN.search(user_agent)) or crawleruseragents.is_crawler(user_agent)


def is_bot(user_agent: str) -> bool:
    """True for crawlers and link-preview fetchers: the maintained list, ours, the admin's.

    Only the first 512 characters are searched: a public URL must not let a huge header
    cost a regular expression its full length.
    """
    user_agent = user_agent[:512]
    if is_listed_bot(user_agent):
        return True
    extra = _extra_bot_pattern()
    return bool(extra and extra.search(user_agent))


def is_visit(request) -> bool:
    """Whether ``request`` may be a person's visit, whoever the link's owner.

    Not one: anything but GET (X fetches previews with HEAD and a browser user agent), no
    user agent, bots and preview fetchers.
    """
    if request.method != "GET":
        return False
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return bool(user_agent) and not is_bot(user_agent)


def _counts_before_lookup(request) -> bool:
    """Whether the click of ``request`` may be stored with its link's lookup: the database
    can (``_inserts_in_lookup``), it is a visit, and nobody is logged in who could turn out
    to be the link's sharer."""
    return _inserts_in_lookup() and is_visit(request) and not _has_session(request)


def _has_session(request) -> bool:
    """Whether someone may be logged in: only then can the visitor be the sharer. Without
    the cookie no session needs loading to know it."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def is_countable(link: ResolvedLink, request) -> bool:
    """Whether a request on ``link`` may be a visitor (before the repeat check): a visit
    (``is_visit``), and not the ambassador following their own link."""
    if not is_visit(request):
        return False
    if not _has_session(request):
        return True
    user = getattr(request, "user", None)
    ambassador = get_ambassador(user) if user is not None else None
    return ambassador is None or ambassador.pk != link.ambassador_id


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
        visitor, now, window_start = _click_values(request)
        return _insert_unless_repeat(link.pk, visitor, now, window_start)
    except DatabaseError:
        logger.exception("Could not record a click on tracked link %s", link.pk)
        return False


def _click_values(request) -> tuple[str, datetime, datetime]:
    """(visitor hash, now, start of the repeat window) of a click by ``request``."""
    now = timezone.now()
    window_start = now - timedelta(seconds=advocacy_settings.REPEAT_CLICK_WINDOW)
    return visitor_hash(request, timezone.localdate(now)), now, window_start


def _resolve_recording_click(token: str, request) -> ResolvedLink | None:
    """``visit_link`` of a countable visit on a link not in the cache: one statement.

    A kit may turn out to have no usable destination once its link is found; its link
    answers 404, so the click stored with the lookup is deleted again (a rare, second
    statement). A database failure loses the click, logged, and the link is looked up
    on its own so that the visitor is still redirected.
    """
    try:
        visitor, now, window_start = _click_values(request)
        link, click_id = _find_link_inserting_click(token, visitor, now, window_start)
    except DatabaseError:
        logger.exception("Could not record a click on tracked link %s", token[:4] + "...")
        return _resolve(token, find_link(token))
    resolved = _resolve(token, link)
    if resolved is None and click_id is not None:
        Click.objects.filter(pk=click_id).delete()
    return resolved


# The click's values are parameters; only quoted names from the models' metadata and the
# fixed texts below are formatted in.
INSERT_UNLESS_REPEAT = (
    "INSERT INTO {click} ({link}, {at}, {visitor}) SELECT %s, %s, %s{commit_source} "
    "WHERE NOT EXISTS (SELECT 1 FROM {click} WHERE {link} = %s AND {visitor} = %s AND {at} >= %s)"
)
FIND_LINK_INSERTING_CLICK = (
    "WITH advocacy_link ({link_columns}) AS ({find_link}), advocacy_click AS ("
    "INSERT INTO {click} ({link}, {at}, {visitor}) SELECT advocacy_link.pk, %s, %s "
    "FROM advocacy_link{commit_join} WHERE NOT EXISTS (SELECT 1 FROM {click} "
    "WHERE {link} = advocacy_link.pk AND {visitor} = %s AND {at} >= %s) "
    "RETURNING {click_pk}) "
    "SELECT advocacy_link.*, (SELECT {click_pk} FROM advocacy_click) FROM advocacy_link"
)
# PostgreSQL: the statement's own transaction commits without waiting for the disk. The
# setting is local to that transaction, and set in the statement itself: no extra round trip.
ASYNCHRONOUS_COMMIT = (
    "(SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous_commit"
)


def _insert_unless_repeat(link_id, visitor, now, window_start) -> bool:
    """INSERT ... SELECT ... WHERE NOT EXISTS: the ORM cannot express it, and as one
    statement it is both the cheapest form of the click (the redirect's hot path) and free
    of the gap between a separate check and insert."""
    connection = connections[router.db_for_write(Click)]
    asynchronous = _commits_asynchronously(connection)
    sql = _insert_statement(connection.alias, asynchronous)
    adapt = connection.ops.adapt_datetimefield_value
    params = [link_id, adapt(now), visitor, link_id, visitor, adapt(window_start)]
    with _savepoint_in_transaction(connection.alias), _redirect_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount == 1


def _find_link_inserting_click(token, visitor, now, window_start):
    """(the live link of ``token`` or None, the id of the click stored or None), in one
    PostgreSQL statement: the link's lookup, and the insert of ``_insert_unless_repeat``
    for the link found, as a data-modifying WITH. SQLite has no such WITH."""
    connection = connections[router.db_for_write(Click)]
    asynchronous = _commits_asynchronously(connection)
    sql, find_params, token_index = _find_link_inserting_click_statement(
        connection.alias, asynchronous
    )
    params = list(find_params)
    params[token_index] = token
    adapt = connection.ops.adapt_datetimefield_value
    params += [adapt(now), visitor, visitor, adapt(window_start)]
    with _savepoint_in_transaction(connection.alias), _redirect_cursor(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None, None
    return LinkRow(*row[:-1]), row[-1]


def _redirect_cursor(connection):
    """A cursor for the redirect's statements (the link's lookup, the click's insert, or both
    in one): ``connection.cursor()``, except on PostgreSQL with psycopg 3 when the site
    allows prepared statements.

    Django turns psycopg's prepared statements off unless ``OPTIONS["prepare_threshold"]``
    is set, because a transaction-mode pooler (PgBouncer before 1.21, or without
    ``max_prepared_statements``) cannot keep them; and its default cursor binds parameters
    on the client, which never prepares. Where the site sets the threshold, these statements
    go through a cursor binding on the server, which psycopg prepares after that many
    executions: PostgreSQL then plans each once per connection instead of on every click,
    which is most of what a statement costs it. The cursor is wrapped as Django's are, so
    execute wrappers (error reporting, tracing) see its statements. Not while Django logs
    queries (``DEBUG``, ``CaptureQueriesContext``): its log shows the SQL with its values
    only for cursors binding on the client.
    """
    if connection.vendor == "postgresql" and not connection.queries_logged:
        # What connection.cursor() does first: CONN_HEALTH_CHECKS replace a connection
        # the server dropped (a restart) instead of failing the redirect.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        if getattr(connection.connection, "prepare_threshold", None) is not None:
            import psycopg  # psycopg 2 connections have no prepare_threshold

            connection.validate_thread_sharing()
            with connection.wrap_database_errors:
                cursor = psycopg.Cursor(connection.connection)  # binds on the server
            return connection.make_cursor(cursor)
    return connection.cursor()


def _inserts_in_lookup() -> bool:
    """Whether a link's lookup can store its click in the same statement: PostgreSQL, with
    links and clicks in one database."""
    using = router.db_for_write(Click)
    return connections[using].vendor == "postgresql" and router.db_for_read(TrackedLink) == using


def _click_names(connection) -> dict[str, str]:
    quote = connection.ops.quote_name
    names = {
        name: quote(Click._meta.get_field(field).column)
        for name, field in (("link", "link"), ("at", "clicked_at"), ("visitor", "visitor_hash"))
    }
    return {
        **names,
        "click": quote(Click._meta.db_table),
        "click_pk": quote(Click._meta.pk.column),
    }


@functools.cache
def _insert_statement(alias: str, asynchronous: bool) -> str:
    """The SQL of ``_insert_unless_repeat``, built once per process, database and mode."""
    commit_source = f" FROM {ASYNCHRONOUS_COMMIT}" if asynchronous else ""
    return INSERT_UNLESS_REPEAT.format(
        **_click_names(connections[alias]), commit_source=commit_source
    )


@functools.cache
def _find_link_inserting_click_statement(alias: str, asynchronous: bool):
    """The SQL of ``_find_link_inserting_click`` and its lookup's parameters, built once
    per process, database and mode: (sql, lookup parameters, index of the token among them)."""
    find_sql, find_params, token_index = _find_link_statement(alias)
    sql = FIND_LINK_INSERTING_CLICK.format(
        **_click_names(connections[alias]),
        find_link=find_sql,
        link_columns=", ".join(LinkRow._fields),  # pk, token...: names of ours, SQL-safe
        commit_join=f", {ASYNCHRONOUS_COMMIT}" if asynchronous else "",
    )
    return sql, find_params, token_index


def _commits_asynchronously(connection) -> bool:
    """Whether the click's insert, its own transaction, may commit without waiting for the disk.

    On PostgreSQL, a commit waits for the WAL flush, which on many disks costs more than
    everything else a click does. With ``synchronous_commit`` off for that transaction only,
    the commit is acknowledged at once and written within a fraction of a second: a dying web
    worker still loses nothing, only a crash of the database server itself can lose that last
    instant of clicks. Never inside a request's transaction (ATOMIC_REQUESTS): that one's
    durability is not ours to change.
    """
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and not advocacy_settings.DURABLE_CLICKS
    )


def _savepoint_in_transaction(using: str):
    """A savepoint when a transaction is open (ATOMIC_REQUESTS), else nothing.

    The caller swallows database errors so the visitor is redirected all the same; in an
    open transaction, PostgreSQL would otherwise refuse every later query of the request
    after a failed statement. Outside one, the statement is its own transaction already,
    and wrapping it would add a BEGIN and a COMMIT to the redirect's hot path.
    """
    if connections[using].in_atomic_block:
        return transaction.atomic(using=using)
    return contextlib.nullcontext()


def destroy_past_salts(today: date | None = None) -> int:
    """Delete the salts of past days, so their hashes can never be linked to addresses."""
    today = today or timezone.localdate()
    with transaction.atomic():
        deleted = _delete_salts_before(today)
    forget_cached_salt()
    return deleted


def _delete_salts_before(day: date) -> int:
    deleted, _ = VisitorSalt.objects.filter(day__lt=day).delete()
    return deleted
