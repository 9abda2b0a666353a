"""Test settings: the example intranet plus a test app with a page type of its own.

``DATABASE_URL`` selects the database (the PostgreSQL leg of ``make test`` sets it).
"""

import os

from intranet_demo.settings import *  # noqa: F403

DEBUG = False
INSTALLED_APPS = ["tests.testapp", *INSTALLED_APPS]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# django-q2 reads its settings once at import: run every task synchronously in tests.
Q_CLUSTER = {"name": "tests", "sync": True, "orm": "default", "timeout": 60, "retry": 120}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAIL_ADVOCACY_PUBLIC_BASE_URL = "https://go.northwind.example"
ALLOWED_HOSTS = ["*"]
LANGUAGE_CODE = "en"

if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
        }
    }
