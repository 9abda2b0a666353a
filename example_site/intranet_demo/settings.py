"""Settings of the example intranet.

SQLite and django-q2's ORM broker by default, so nothing has to be installed by hand.
Environment variables switch to production-like services:

- ``DATABASE_URL``: e.g. ``postgres://user:pass@127.0.0.1:5432/intranet``
- ``REDIS_URL``: Redis for the task queue and the cache
- ``DJANGO_DEBUG``: ``0`` turns debug off (and needs ``DJANGO_SECRET_KEY``)
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("INTRANET_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("DJANGO_DEBUG", "1") != "0"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set DJANGO_SECRET_KEY when DJANGO_DEBUG=0.")
    SECRET_KEY = "insecure-example-intranet-key-for-local-use-only"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "intranet",
    "wagtail_advocacy",
    "wagtail_advocacy.game",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_q",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Attributes form-page submissions to the tracked link a visitor landed with.
    "wagtail_advocacy.middleware.AttributionMiddleware",
]

ROOT_URLCONF = "intranet_demo.urls"
WSGI_APPLICATION = "intranet_demo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def _database():
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        database = dj_database_url.parse(url, conn_max_age=60)
        if database["ENGINE"] == "django.db.backends.postgresql":
            # Django leaves psycopg's prepared statements off for transaction-mode poolers;
            # this site connects directly, so PostgreSQL may plan the tracked redirect's
            # click once per connection (see the public redirect's deployment how-to).
            # Behind PgBouncer older than 1.21, or without max_prepared_statements, drop it.
            database.setdefault("OPTIONS", {})["prepare_threshold"] = 5
        return database
    # Concurrent writers (web server + task cluster) on SQLite: WAL journal, write locks
    # taken at BEGIN (no upgrade deadlocks), and a busy timeout rather than "database is locked".
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "intranet.sqlite3",
        # Reopening the file and re-running the PRAGMAs on every request triples the cost
        # of a tracked click (measured by benchmarks/tracked_redirect.py).
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        },
    }


DATABASES = {"default": _database()}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    Q_CLUSTER = {
        "name": "intranet",
        "workers": 2,
        "timeout": 120,
        "retry": 180,
        "redis": REDIS_URL,
    }
else:
    Q_CLUSTER = {
        "name": "intranet",
        "workers": 2,
        "timeout": 120,
        "retry": 180,
        "orm": "default",
        "poll": 1,
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"

WAGTAIL_SITE_NAME = "Northwind intranet"
# An intranet makes no request that leaves the machine (nor can the test machines): no
# avatars from Gravatar, and no release check, which the admin dashboard of a superuser
# otherwise fetches from releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = "Northwind intranet <intranet@northwind.example>"

WAGTAIL_ADVOCACY_PUBLIC_BASE_URL = os.environ.get(
    "WAGTAIL_ADVOCACY_PUBLIC_BASE_URL", "http://127.0.0.1:8000"
)
WAGTAIL_ADVOCACY_ALLOWED_PUBLIC_DOMAINS = ["www.northwind.example", "careers.northwind.example"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"wagtail_advocacy": {"handlers": ["console"], "level": "INFO"}},
}
