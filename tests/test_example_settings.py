"""The example intranet's settings pick its database, cache and task queue from the environment.

The test suite itself runs on an in-memory database, so these tests load the real settings
file (example_site/intranet_demo/settings.py) under each set of environment variables.
"""

import runpy
import sqlite3
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.db.utils import ConnectionHandler

SETTINGS_FILE = (
    Path(__file__).resolve().parent.parent / "example_site" / "intranet_demo" / "settings.py"
)
SERVICES = ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY")


@pytest.fixture
def load_settings(monkeypatch, tmp_path):
    """``load_settings(**environment)``: the settings file's names, run under that environment."""

    def load(**environment):
        for name in SERVICES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("INTRANET_DATA_DIR", str(tmp_path))
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


@pytest.fixture
def open_database(monkeypatch, django_db_blocker):
    """``open_database(settings_dict)``: a Django connection to it, under the alias it returns."""
    alias = "example_site"

    def open_(settings_dict):
        # Django fills in the defaults of a DATABASES entry as it does at start-up.
        configured = ConnectionHandler().configure_settings({"default": dict(settings_dict)})
        monkeypatch.setitem(connections.settings, alias, configured["default"])
        return alias

    with django_db_blocker.unblock():
        yield open_
        if alias in connections.settings:
            connections[alias].close()
            del connections[alias]


def test_without_database_url_the_demo_uses_a_sqlite_file_for_concurrent_writers(
    load_settings, open_database, tmp_path
):
    database = load_settings()["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == tmp_path / "intranet.sqlite3"
    alias = open_database(database)

    with connections[alias].cursor() as cursor:
        pragmas = {}
        for pragma in ("journal_mode", "synchronous", "busy_timeout"):
            cursor.execute(f"PRAGMA {pragma}")
            pragmas[pragma] = cursor.fetchone()[0]
    # WAL: the web server reads while the task cluster writes; NORMAL is safe under WAL;
    # a writer waits up to 20 s for the lock instead of failing with "database is locked".
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000}
    # The journal mode is the file's own: any other process opening it finds WAL too.
    other = sqlite3.connect(database["NAME"], timeout=0)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

        # IMMEDIATE: a transaction holds the write lock from BEGIN, before its first write,
        # so two transactions never both read, then deadlock upgrading to write.
        with transaction.atomic(using=alias):
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
    finally:
        other.close()


def test_database_url_switches_to_postgresql(load_settings):
    settings = load_settings(DATABASE_URL="postgres://intranet:s3cret@db.internal:5433/northwind")

    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "northwind",
        "intranet",
        "s3cret",
    )
    assert (database["HOST"], database["PORT"]) == ("db.internal", 5433)
    assert database["CONN_MAX_AGE"] == 60
    # A direct connection: psycopg may prepare the tracked redirect's click statement.
    assert database["OPTIONS"]["prepare_threshold"] == 5


def test_redis_url_serves_the_cache_and_the_task_queue(load_settings):
    settings = load_settings(REDIS_URL="redis://cache.internal:6379/2")

    assert settings["CACHES"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/2",
        }
    }
    assert settings["Q_CLUSTER"]["redis"] == "redis://cache.internal:6379/2"
    assert "orm" not in settings["Q_CLUSTER"]


def test_without_redis_the_task_queue_is_the_database(load_settings):
    settings = load_settings()

    assert settings["Q_CLUSTER"]["orm"] == "default"
    assert "redis" not in settings["Q_CLUSTER"]
    # Django's default, per-process memory cache.
    assert "CACHES" not in settings


def test_debug_off_needs_a_secret_key(load_settings):
    with pytest.raises(RuntimeError, match="DJANGO_SECRET_KEY"):
        load_settings(DJANGO_DEBUG="0")
    settings = load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-real-secret")
    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == "a-real-secret"


def test_the_demo_makes_no_request_that_leaves_the_machine(load_settings):
    """Wagtail's release check and Gravatar avatars are the admin's outgoing requests."""
    settings = load_settings()

    assert settings["WAGTAIL_ENABLE_UPDATE_CHECK"] is False
    assert settings["WAGTAIL_GRAVATAR_PROVIDER_URL"] is None


@pytest.mark.django_db
def test_the_admin_dashboard_of_a_superuser_has_no_release_check_nor_avatar(
    client, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com"))

    response = client.get("/admin/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-controller="w-upgrade' not in html
    assert "gravatar.com" not in html
