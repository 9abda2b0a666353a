"""Who is not a visitor: crawlers, link-preview fetchers and the admin's extra patterns.

Link-preview fetchers fetch every shared link (LinkedIn, Slack, X, WhatsApp…) and X sends
HEAD requests with a browser's user agent: none of them may count as a visitor.
"""

import functools
import re
import threading
import time

import crawleruseragents

from ..models.settings import MeasurementSettings

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
# The admin-editable extra patterns, re-read at most this often (seconds) by each process.
EXTRA_PATTERNS_TTL = 60
_extra_patterns: tuple[float, re.Pattern | None] = (0.0, None)
_cache_lock = threading.Lock()


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
