"""Settings of the benchmark: the example site in production mode, plus a bare redirect.

Everything else (database, secret key, debug) comes from the environment, as in production.
"""

import os

from intranet_demo.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
# The load generator sends visitor addresses in X-Forwarded-For, as a proxy would.
WAGTAIL_ADVOCACY_CLIENT_IP_HEADER = "X-Forwarded-For"
WAGTAIL_ADVOCACY_PUBLIC_BASE_URL = "https://go.northwind.example"
# tracked_redirect.py --durable-clicks: each click waits for PostgreSQL's disk.
WAGTAIL_ADVOCACY_DURABLE_CLICKS = os.environ.get("BENCH_DURABLE_CLICKS") == "1"
# tracked_redirect.py --pg-prepared off: Django's default, no prepared statements.
if os.environ.get("BENCH_PG_PREPARED") == "off":
    DATABASES["default"].get("OPTIONS", {}).pop("prepare_threshold", None)  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "wagtail_advocacy": {"handlers": ["console"], "level": "INFO"},
        "django": {"handlers": ["console"], "level": "ERROR"},
    },
}

# Persistent connections, as the example site configures for DATABASE_URL: a production
# SQLite set-up would not reopen the file and replay its PRAGMAs on every request either.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
