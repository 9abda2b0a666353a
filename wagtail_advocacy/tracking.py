"""Domain functions behind the public tracked redirect: where it goes and which clicks count.

A countable click costs one indexed read (the repeat check) and one insert. Everything else
the decision needs (today's salt, the bot patterns) is cached in the process.

Privacy: a visitor is known only as ``HMAC-SHA256(salt of the day, ip + user agent)``. The IP
address is never stored or logged; the salt is destroyed after its day, after which nobody
can tell which address produced a hash.
"""

import hmac
import logging
import re
import secrets
import threading
import time
from datetime import date, timedelta
from hashlib import sha256
from urllib.parse import quote, unquote_plus, urlencode, urlsplit, urlunsplit

import crawleruseragents
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from .conf import advocacy_settings
from .links import destination_url
from .models import Click, MeasurementSettings, TrackedLink, VisitorSalt

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
    "SkypeUriPreview",
    "Teams",
    "Embedly",
    "Iframely",
    "Cardyb",
    "XING-contenttabreceiver",
    "vkShare",
)
_PREVIEW_PATTERN = re.compile("|".join(re.escape(name) for name in PREVIEW_FETCHERS), re.I)

# The admin-editable extra patterns, re-read at most this often (seconds) by each process.
EXTRA_PATTERNS_TTL = 60

_salt_cache: tuple[date, bytes] | None = None
_extra_patterns: tuple[float, re.Pattern | None] = (0.0, None)
_cache_lock = threading.Lock()


# --- where a link goes ----------------------------------------------------------------------


def find_link(token: str) -> TrackedLink | None:
    """The live (not revoked) link of ``token`` with what the redirect needs, in one query."""
    return (
        TrackedLink.objects.select_related("kit__page", "kit__campaign", "ambassador")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )


def utm_parameters(link: TrackedLink) -> dict[str, str]:
    """The UTM parameters of ``link``: network, configured medium, campaign and kit."""
    kit = link.kit
    params = {
        "utm_source": link.network,
        "utm_medium": advocacy_settings.UTM_MEDIUM,
        "utm_campaign": kit.campaign.slug if kit.campaign_id else "",
        "utm_content": f"{kit.pk}-{kit.page.slug}",
    }
    return {name: value for name, value in params.items() if value}


def redirect_target(link: TrackedLink) -> str | None:
    """The URL a visitor of ``link`` is sent to, or None when the kit has no usable one.

    The destination is the one stored for the kit; UTM parameters are added only where the
    destination does not set them already (an editor who wrote ``utm_source`` into a public
    URL meant it), and the attribution parameter is always ours. The destination's own query
    string is kept byte for byte: we append, never re-encode.
    """
    destination = destination_url(link.kit)
    if not destination:
        return None
    parts = urlsplit(destination)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    segments = [s for s in parts.query.split("&") if s]
    present = {unquote_plus(s.split("=", 1)[0]) for s in segments}
    segments = [s for s in segments if unquote_plus(s.split("=", 1)[0]) != ATTRIBUTION_PARAM]
    additions = {k: v for k, v in utm_parameters(link).items() if k not in present}
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
    """The secret of the day for visitor hashes, created on the first click of the day."""
    global _salt_cache
    today = today or timezone.localdate()
    cached = _salt_cache
    if cached and cached[0] == today:
        return cached[1]
    salt, _ = VisitorSalt.objects.get_or_create(
        day=today, defaults={"salt": secrets.token_hex(32)}
    )
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


def is_bot(user_agent: str) -> bool:
    """True for crawlers and link-preview fetchers: the maintained list, ours, the admin's."""
    if _PREVIEW_PATTERN.search(user_agent) or crawleruseragents.is_crawler(user_agent):
        return True
    extra = _extra_bot_pattern()
    return bool(extra and extra.search(user_agent))


def is_countable(link: TrackedLink, request) -> bool:
    """Whether a request on ``link`` may be a visitor (before the repeat check).

    Not countable: anything but GET (X fetches previews with HEAD and a browser user agent),
    no user agent, bots and preview fetchers, and the ambassador following their own link.
    """
    if request.method != "GET":
        return False
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    if not user_agent or is_bot(user_agent):
        return False
    user = getattr(request, "user", None)
    return not (user and user.is_authenticated and user.pk == link.ambassador.user_id)


def record_click(link: TrackedLink, request) -> Click | None:
    """Store the click of ``request`` on ``link`` if it counts; return it, else None.

    One indexed read for the repeat check, one insert: no counter is updated, so concurrent
    clicks cannot overwrite each other and a dying worker loses at most its own click. A
    database failure is logged and swallowed: the visitor is redirected whatever happens.
    """
    if not is_countable(link, request):
        return None
    now = timezone.now()
    try:
        visitor = visitor_hash(request, timezone.localdate(now))
        window = timedelta(seconds=advocacy_settings.REPEAT_CLICK_WINDOW)
        repeat = Click.objects.filter(
            link=link, visitor_hash=visitor, clicked_at__gte=now - window
        ).exists()
        if repeat:
            return None
        return Click.objects.create(link=link, clicked_at=now, visitor_hash=visitor)
    except (DatabaseError, IntegrityError):
        logger.exception("Could not record a click on tracked link %s", link.pk)
        return None


def destroy_past_salts(today: date | None = None) -> int:
    """Delete the salts of past days, so their hashes can never be linked to addresses."""
    today = today or timezone.localdate()
    with transaction.atomic():
        deleted, _ = VisitorSalt.objects.filter(day__lt=today).delete()
    forget_cached_salt()
    return deleted
