"""Which requests on a tracked link count as a click: visitors yes; bots, previews, HEAD,
empty user agents, the sharer and repeats no. All of them are redirected all the same."""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from wagtail_advocacy.models import Ambassador, Click, MeasurementSettings, TrackedLink

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def visit(client, link, *, method="get", user_agent=FIREFOX, ip="203.0.113.7", **headers):
    url = reverse("wagtail_advocacy:tracked_link", args=[link.token])
    if user_agent is not None:
        headers["HTTP_USER_AGENT"] = user_agent
    return getattr(client, method)(url, REMOTE_ADDR=ip, **headers)


@pytest.fixture
def link(make_tracked_link):
    return make_tracked_link(public_url="https://www.northwind.example/news/")


@pytest.mark.django_db
def test_a_visitor_click_is_stored_once_with_a_hash_only(client, link):
    response = visit(client, link)

    assert response.status_code == 302
    click = Click.objects.get()
    assert click.link == link
    assert len(click.visitor_hash) == 64
    assert int(click.visitor_hash, 16) >= 0  # hexadecimal, nothing else


PREVIEW_FETCHERS = [
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mastodon/4.3.0 (http.rb/5.2.0; +https://mastodon.social/)",
    # Microsoft Teams' link previews, old and new.
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 "
    "skype-url-preview@microsoft.com",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 MicrosoftPreview/2.0 +https://aka.ms/MicrosoftPreview",
    "python-requests/2.32.3",
    "curl/8.5.0",
]


@pytest.mark.django_db
@pytest.mark.parametrize("user_agent", PREVIEW_FETCHERS)
def test_previews_and_crawlers_are_redirected_but_not_counted(client, link, user_agent):
    response = visit(client, link, user_agent=user_agent)

    assert response.status_code == 302
    assert response["Location"].startswith("https://www.northwind.example/news/?")
    assert not Click.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 Teamster/2.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Teams/1.6.00.4472 Chrome/91.0.4472.164 Electron/13.6.6 Safari/537.36",
    ],
)
def test_people_whose_browser_mentions_teams_are_counted(client, link, user_agent):
    response = visit(client, link, user_agent=user_agent)

    assert response.status_code == 302
    assert Click.objects.filter(link=link).count() == 1


@pytest.mark.django_db
def test_head_requests_never_count_even_with_a_browser_user_agent(client, link):
    # X fetches shared links with HEAD and a browser user agent.
    response = visit(client, link, method="head", user_agent=IPHONE)

    assert response.status_code == 302
    assert not Click.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("user_agent", [None, "", "   "])
def test_requests_without_a_user_agent_do_not_count(client, link, user_agent):
    response = visit(client, link, user_agent=user_agent)

    assert response.status_code == 302
    assert not Click.objects.exists()


@pytest.mark.django_db
def test_bots_listed_by_an_editor_do_not_count(client, link, root_page):
    MeasurementSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        extra_bot_user_agents="AcmeUptimeMonitor\n  \nInternal(Link)?Checker/\\d+",
    )

    visit(client, link, user_agent="AcmeUptimeMonitor/3.1")
    visit(client, link, user_agent="Mozilla/5.0 InternalLinkChecker/2", ip="198.51.100.1")
    visit(client, link, user_agent=FIREFOX, ip="198.51.100.2")

    assert Click.objects.count() == 1


@pytest.mark.django_db
def test_the_sharer_following_their_own_link_does_not_count(client, link, make_user):
    client.force_login(link.ambassador.user)
    response = visit(client, link)
    assert response.status_code == 302
    assert not Click.objects.exists()

    client.force_login(make_user())
    visit(client, link)
    assert Click.objects.count() == 1


@pytest.mark.django_db
def test_repeats_by_the_same_visitor_count_once_within_the_window(client, link, settings):
    settings.WAGTAIL_ADVOCACY_REPEAT_CLICK_WINDOW = 600

    for _ in range(3):
        assert visit(client, link).status_code == 302
    assert Click.objects.count() == 1

    Click.objects.update(clicked_at=Click.objects.get().clicked_at - timedelta(seconds=601))
    visit(client, link)
    assert Click.objects.count() == 2


@pytest.mark.django_db
def test_the_same_visitor_on_another_link_counts_there(client, link, make_tracked_link):
    other = make_tracked_link(kit=link.kit, ambassador=link.ambassador, network="bluesky")

    visit(client, link)
    visit(client, other)

    assert Click.objects.count() == 2


@pytest.mark.django_db
def test_different_visitors_each_count(client, link):
    visit(client, link, ip="203.0.113.7")
    visit(client, link, ip="203.0.113.8")
    visit(client, link, ip="203.0.113.8", user_agent=IPHONE)

    assert Click.objects.values("visitor_hash").distinct().count() == 3


@pytest.mark.django_db
def test_forwarded_for_is_ignored_unless_configured(client, link):
    visit(client, link, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    visit(client, link, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")

    # Same REMOTE_ADDR (the proxy), same browser: one visitor, whatever the client claims.
    assert Click.objects.count() == 1


@pytest.mark.django_db
def test_configured_header_uses_the_address_our_proxy_appended(client, link, settings):
    settings.WAGTAIL_ADVOCACY_CLIENT_IP_HEADER = "X-Forwarded-For"

    # A visitor forging the left part of the header is still the same visitor...
    visit(client, link, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    visit(client, link, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="5.6.7.8, 203.0.113.7")
    assert Click.objects.count() == 1
    # ...and another address appended by the proxy is another visitor.
    visit(client, link, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert Click.objects.count() == 2


def lookup_and_insert_statements():
    """Statements of a counted click on a link not in the cache: one WITH on PostgreSQL."""
    return 1 if connection.vendor == "postgresql" else 2


def statements_of(queries):
    """The statements run, without the savepoints around the insert: a test runs in a
    transaction, where the insert gets one; in autocommit (production without
    ATOMIC_REQUESTS) it does not."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"].upper()]


@pytest.mark.django_db
def test_a_countable_click_costs_one_lookup_and_one_insert(client, link, make_tracked_link):
    visit(client, link, ip="192.0.2.1")  # warms the salt of the day and the bot patterns

    with CaptureQueriesContext(connection) as cached:
        response = visit(client, link, ip="192.0.2.2")
    other = make_tracked_link(kit=link.kit, ambassador=link.ambassador, network="x")
    with CaptureQueriesContext(connection) as uncached:
        visit(client, other, ip="192.0.2.2")

    assert len(statements_of(cached)) == 1  # the link is cached after a click: the insert
    # A link never clicked: its lookup and the insert, one statement on PostgreSQL.
    assert len(statements_of(uncached)) == lookup_and_insert_statements()
    assert response.status_code == 302
    assert Click.objects.count() == 3


@pytest.mark.django_db
def test_a_logged_in_visitors_own_link_check_is_one_exists_on_the_ambassador(
    client, link, make_user
):
    visit(client, link, ip="192.0.2.1")  # caches the link, the salt and the bot patterns
    client.force_login(make_user())

    with CaptureQueriesContext(connection) as queries:
        assert visit(client, link, ip="192.0.2.3").status_code == 302

    ambassador_table = Ambassador._meta.db_table
    reads = [sql for sql in statements_of(queries) if ambassador_table in sql]
    assert len(reads) == 1  # whose link it is, asked once
    assert get_user_model()._meta.db_table not in reads[0]  # nothing of theirs is loaded
    assert "LIMIT 1" in reads[0].upper()
    assert Click.objects.count() == 2


@pytest.mark.django_db
def test_links_of_a_page_kit_share_one_lookup_of_the_page_url(
    client, make_tracked_link, make_ambassador
):
    first = make_tracked_link()  # no public URL: the kit's page is the destination
    visit(client, first, ip="192.0.2.1")  # warms the salt, the bot patterns, the page URL
    colleague = make_tracked_link(kit=first.kit, ambassador=make_ambassador())

    with CaptureQueriesContext(connection) as queries:
        response = visit(client, colleague, ip="192.0.2.2")

    # Her link's lookup and the insert; no page or kit query.
    assert len(statements_of(queries)) == lookup_and_insert_statements()
    assert not [sql for sql in statements_of(queries) if "wagtailcore_page" in sql]
    assert response["Location"].startswith(first.kit.page.full_url + "?")
    assert Click.objects.count() == 2


@pytest.mark.django_db
def test_saving_a_kit_sends_its_links_to_the_page_url_of_now(client, make_tracked_link):
    link = make_tracked_link()
    visit(client, link, ip="192.0.2.1")  # caches the link and its page URL
    page = link.kit.page
    page.slug = "renamed"
    page.save()

    link.kit.save()  # as the share kit form does when the editor saves it

    location = visit(client, link, ip="192.0.2.2")["Location"]
    assert "/renamed/?" in location


def fail_click_inserts(execute, sql, params, many, context):
    """Fail any statement inserting a click (alone, or with the link's lookup on PostgreSQL)
    as PostgreSQL does: the error, and an aborted transaction."""
    if f'INSERT INTO "{Click._meta.db_table}"' in sql:
        context["connection"].needs_rollback = True
        raise DatabaseError("could not extend file: No space left on device")
    return execute(sql, params, many, context)


@pytest.mark.django_db
@pytest.mark.parametrize("in_the_cache", [True, False], ids=["cached link", "uncached link"])
def test_a_failed_insert_still_redirects_and_leaves_the_request_transaction_usable(
    client, link, make_tracked_link, in_the_cache
):
    visit(client, link, ip="192.0.2.1")  # the salt of the day exists: only the insert fails
    # Not in the cache, on PostgreSQL the insert fails with the link's lookup.
    followed = link if in_the_cache else make_tracked_link(kit=link.kit, network="x")

    with transaction.atomic():  # as with ATOMIC_REQUESTS
        with connection.execute_wrapper(fail_click_inserts):
            response = visit(client, followed, ip="192.0.2.2")
        clicks = Click.objects.count()

    assert response.status_code == 302
    assert response["Location"].startswith("https://www.northwind.example/news/?")
    assert f"adv={followed.token}" in response["Location"]
    assert clicks == 1  # the first visitor's click; the failed one is not there


@pytest.mark.django_db
def test_on_postgresql_a_visitor_on_a_link_not_in_the_cache_costs_one_statement(
    client, link, make_tracked_link
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no INSERT inside WITH: the lookup and the insert are two")
    visit(client, link, ip="192.0.2.1")  # warms the salt of the day and the bot patterns
    other = make_tracked_link(kit=link.kit, network="x")

    with CaptureQueriesContext(connection) as first:
        response = visit(client, other, ip="192.0.2.2")
    with CaptureQueriesContext(connection) as second:  # the link is in the cache now
        visit(client, other, ip="192.0.2.3")

    [lookup_and_insert] = statements_of(first)
    assert lookup_and_insert.startswith("WITH")
    [insert] = statements_of(second)
    assert insert.startswith("INSERT")
    assert response.status_code == 302
    assert response["Location"].startswith("https://www.northwind.example/news/?")
    assert f"adv={other.token}" in response["Location"]
    assert Click.objects.filter(link=other).count() == 2


def redirect_statements_prepared():
    """The statements prepared on the test connection that look up links or insert clicks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements ORDER BY statement")
        tables = (TrackedLink._meta.db_table, Click._meta.db_table)
        return [sql for (sql,) in cursor.fetchall() if any(table in sql for table in tables)]


@pytest.fixture
def prepare_threshold():
    """Set psycopg's prepare threshold of the test connection, as OPTIONS would."""
    connection.ensure_connection()
    raw = connection.connection
    if connection.vendor != "postgresql" or not hasattr(raw, "prepare_threshold"):
        pytest.skip("prepared statements are psycopg 3's, on PostgreSQL")
    before = raw.prepare_threshold

    def set_threshold(value):
        raw.prepare_threshold = value

    yield set_threshold
    raw.prepare_threshold = before


@pytest.mark.django_db
def test_where_the_site_allows_it_the_click_statements_are_prepared(
    client, link, make_tracked_link, prepare_threshold
):
    prepare_threshold(0)  # prepare at the first execution
    seen = []

    def record(execute, sql, params, many, context):
        if TrackedLink._meta.db_table in sql or Click._meta.db_table in sql:
            seen.append(sql.split(None, 1)[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):  # as error reporting and tracing tools do
        visit(client, link, ip="192.0.2.1")  # not in the cache: the lookup with the insert
        visit(client, link, ip="192.0.2.2")  # in the cache now: the insert alone
        other = make_tracked_link(kit=link.kit, network="x")
        seen.clear()  # creating the link is not the redirect's
        visit(client, other, method="head")  # not countable: the lookup alone
    prepared = redirect_statements_prepared()

    assert [sql.split(None, 1)[0] for sql in prepared] == ["INSERT", "SELECT", "WITH"]
    assert seen == ["SELECT"]
    assert Click.objects.count() == 2


@pytest.mark.django_db
def test_without_the_sites_consent_nothing_is_prepared(client, link, prepare_threshold):
    prepare_threshold(None)  # Django's default, for transaction-mode poolers

    for number in range(6):
        visit(client, link, ip=f"192.0.2.{number + 1}")

    assert redirect_statements_prepared() == []
    assert Click.objects.count() == 6


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # no test transaction
def test_with_prepared_statements_a_connection_the_server_dropped_is_replaced(
    client, link, make_tracked_link, prepare_threshold
):
    prepare_threshold(5)
    options = connection.settings_dict.setdefault("OPTIONS", {})
    options["prepare_threshold"] = 5  # for the new connection too
    try:
        visit(client, link, ip="192.0.2.1")
        other = make_tracked_link(kit=link.kit, network="x")  # not in the cache
        connection.connection.close()  # the server restarted since the last request
        connection.health_check_enabled = True  # CONN_HEALTH_CHECKS, at a request's start
        connection.health_check_done = False

        response = visit(client, other, ip="192.0.2.2")
    finally:
        del options["prepare_threshold"]
        connection.health_check_enabled = False
        connection.close()  # the next test connects without the threshold

    assert response.status_code == 302
    assert Click.objects.count() == 2


@pytest.mark.django_db
def test_a_repeat_on_a_link_no_longer_in_the_cache_still_counts_once(client, link):
    visit(client, link, ip="192.0.2.1")
    cache.clear()  # the link's cache entry expired, or another worker answers

    response = visit(client, link, ip="192.0.2.1")

    assert response.status_code == 302
    assert Click.objects.count() == 1


# serialized_rollback, as every transactional test: the flush after it keeps the database
# empty for the next one to restore the rows migrations create (a flush without it re-creates
# content types, which the restore then collides with).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_clicks_are_all_stored(make_tracked_link):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in memory: one connection per thread sees its own empty database")
    link = make_tracked_link(public_url="https://www.northwind.example/news/")
    visitors = 24
    barrier = threading.Barrier(visitors)
    statuses = []

    def click(number):
        try:
            barrier.wait()
            response = visit(Client(), link, ip=f"198.51.100.{number + 1}")
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(n,)) for n in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * visitors
    assert Click.objects.filter(link=link).count() == visitors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the root page
@pytest.mark.parametrize("durable", [False, True])
def test_on_postgresql_a_click_waits_for_the_disk_only_when_asked(client, link, settings, durable):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    settings.WAGTAIL_ADVOCACY_DURABLE_CLICKS = durable
    visit(client, link, ip="192.0.2.1")  # warms the salt of the day
    with connection.cursor() as cursor:  # whatever the server's default, "on" for this session
        cursor.execute("SET synchronous_commit TO on")

    with CaptureQueriesContext(connection) as queries:
        response = visit(client, link, ip="192.0.2.2")

    # One statement (the link is cached): no BEGIN, SET or COMMIT around the insert.
    [insert] = [q["sql"] for q in queries]
    assert insert.startswith("INSERT")
    assert ("set_config('synchronous_commit', 'off', true)" in insert) is not durable
    assert response.status_code == 302
    assert Click.objects.filter(link=link).count() == 2
    # The setting ended with the click's transaction: the session is as it was.
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db
def test_inside_a_request_transaction_the_click_keeps_its_durability(client, link, settings):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    visit(client, link, ip="192.0.2.1")

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:  # ATOMIC_REQUESTS
        visit(client, link, ip="192.0.2.2")

    assert not [q for q in queries if "synchronous_commit" in q["sql"]]
    assert Click.objects.filter(link=link).count() == 2
