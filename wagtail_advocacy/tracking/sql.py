"""The tracked redirect's SQL: statements built once per process, and the cursor they run on.

The ORM cannot express an insert guarded by a repeat check in one statement, and compiling
a query costs it ten times what running it does: the redirect's hot path is a handful of
precompiled statements. Only quoted names from the models' metadata and the fixed texts below
are formatted in; every value is a parameter.
"""

import contextlib
import functools
from typing import NamedTuple

from django.db import connections, router, transaction

from ..conf import advocacy_settings
from ..models.tracking import Click, TrackedLink


class LinkRow(NamedTuple):
    """The columns of a tracked link that its redirect depends on."""

    pk: int
    token: str
    network: str
    ambassador_id: int | None
    kit_id: int


@functools.cache
def find_link_statement(alias: str) -> tuple[str, tuple, int]:
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


def redirect_cursor(connection):
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


def inserts_in_lookup() -> bool:
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
def insert_statement(alias: str, asynchronous: bool) -> str:
    """The SQL of ``_insert_unless_repeat``, built once per process, database and mode."""
    commit_source = f" FROM {ASYNCHRONOUS_COMMIT}" if asynchronous else ""
    return INSERT_UNLESS_REPEAT.format(
        **_click_names(connections[alias]), commit_source=commit_source
    )


@functools.cache
def find_link_inserting_click_statement(alias: str, asynchronous: bool):
    """The SQL of ``find_link_inserting_click`` and its lookup's parameters, built once
    per process, database and mode: (sql, lookup parameters, index of the token among them)."""
    find_sql, find_params, token_index = find_link_statement(alias)
    sql = FIND_LINK_INSERTING_CLICK.format(
        **_click_names(connections[alias]),
        find_link=find_sql,
        link_columns=", ".join(LinkRow._fields),  # pk, token...: names of ours, SQL-safe
        commit_join=f", {ASYNCHRONOUS_COMMIT}" if asynchronous else "",
    )
    return sql, find_params, token_index


def commits_asynchronously(connection) -> bool:
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


def savepoint_in_transaction(using: str):
    """A savepoint when a transaction is open (ATOMIC_REQUESTS), else nothing.

    The caller swallows database errors so the visitor is redirected all the same; in an
    open transaction, PostgreSQL would otherwise refuse every later query of the request
    after a failed statement. Outside one, the statement is its own transaction already,
    and wrapping it would add a BEGIN and a COMMIT to the redirect's hot path.
    """
    if connections[using].in_atomic_block:
        return transaction.atomic(using=using)
    return contextlib.nullcontext()
