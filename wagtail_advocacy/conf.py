"""Developer-facing settings, read lazily so that ``override_settings`` works.

Every setting is ``WAGTAIL_ADVOCACY_<NAME>`` in Django settings; the defaults live here and
only here. Read them as ``advocacy_settings.NAME``.
"""

from django.conf import settings

DEFAULTS = {
    # Template the app's front-end pages extend; only its block "content" is needed (they use
    # "title" when it is there, and bring their own stylesheet, script and width).
    "BASE_TEMPLATE": "base.html",
    # Public base URL of the tracked links, e.g. "https://go.example.com"; blank: the
    # request's own host (fine for a public site, wrong for a private intranet).
    "PUBLIC_BASE_URL": "",
    # Hostnames an editor may use for a share kit's public URL when the page is private.
    "ALLOWED_PUBLIC_DOMAINS": [],
    # The URL a visitor is sent to when a tracked link is unknown or revoked; blank: a 404 page.
    "FALLBACK_URL": "",
    # Value of utm_medium on tracked redirects.
    "UTM_MEDIUM": "employee-advocacy",
    # Request header carrying the client IP behind a trusted proxy (e.g. "X-Forwarded-For");
    # blank: REMOTE_ADDR. Only set it when a proxy you control always overwrites the header.
    "CLIENT_IP_HEADER": "",
    # Seconds during which repeat clicks by the same visitor on the same link count once.
    "REPEAT_CLICK_WINDOW": 30 * 60,
    # Days raw click events are kept after they are rolled up into daily aggregates.
    "RAW_EVENT_RETENTION_DAYS": 90,
    # Days a visitor's form submissions are attributed to the tracked link they landed with.
    "ATTRIBUTION_DAYS": 30,
    # Shared secret for signed server-to-server conversion reports; blank: endpoint disabled.
    "CONVERSION_SECRET": "",
    # Count pixel conversions of same-day visitors of the link; off: the pixel records nothing.
    "PIXEL_CONVERSIONS": False,
    # PostgreSQL: False lets a counted click's commit return before it reaches the disk (a
    # crash of the database server may lose its last instant of clicks); True waits for it.
    "DURABLE_CLICKS": False,
    # Hour (0-23, server time zone) at which the daily digest job runs.
    "DIGEST_HOUR": 8,
}


class AdvocacySettings:
    """Attribute access to ``WAGTAIL_ADVOCACY_*`` settings with their defaults."""

    prefix = "WAGTAIL_ADVOCACY_"

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown wagtail-advocacy setting: {name}")
        return getattr(settings, self.prefix + name, DEFAULTS[name])


advocacy_settings = AdvocacySettings()
