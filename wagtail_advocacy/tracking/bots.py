"""Which requests are crawlers and link-preview fetchers, never a visitor's click.

One rule, its lists tried in this order:

1. ``PREVIEW_FETCHERS``, ours: the fetchers of the networks the app shares to (and of the
   big search engines), which must never count whatever the maintained lists say today.
2. ``NOT_BOTS``, ours: the people a maintained list is known to call bots (in-app browsers
   of the networks the app shares to), who must count whatever the lists say today.
3. Two maintained lists, either of which is enough: crawler-user-agents (package
   ``crawler-user-agents``, monperrus/crawler-user-agents, MIT) and CrawlerDetect (package
   ``crawlerdetect``, the Python port of JayBizzle/Crawler-Detect, MIT). Neither covers the
   other: crawler-user-agents knows 46 % of CrawlerDetect's examples, CrawlerDetect 86 % of
   crawler-user-agents', and on Matomo's bot list, which neither is built from, together
   they recognise 84 % against 58 % for crawler-user-agents alone.

A verdict is remembered per user agent (``is_listed_bot``): the first sight of a browser's
string costs every search (about four times crawler-user-agents alone, CrawlerDetect being
one alternation of 1,462 patterns), every later one a dictionary lookup, as before.
"""

import functools
import re
import threading
import time

import crawleruseragents
from crawlerdetect import CrawlerDetect

from ..models.settings import MeasurementSettings

# Link-preview fetchers and crawlers that must never count, whatever the maintained lists
# (crawler-user-agents, CrawlerDetect) say about them today: the ones that fetch every shared
# link. tests/fixtures/user_agents/preview_fetchers.txt has their user agents, per network.
PREVIEW_FETCHERS = (
    "LinkedInBot",
    "Slackbot",
    "Slack-ImgProxy",
    "Twitterbot",
    "facebookexternalhit",
    "Facebot",
    # meta-externalagent, meta-externalfetcher, meta-externalads: Meta's other fetchers.
    "meta-external",
    "WhatsApp",
    "TelegramBot",
    "Discordbot",
    "Googlebot",
    "Google-InspectionTool",
    "bingbot",
    "Applebot",
    # Mastodon, and the other fediverse servers a Mastodon post federates to: each server
    # that receives the post fetches its link for the preview card.
    "Mastodon",
    "Pleroma",
    "Akkoma",
    "Friendica",
    "gotosocial",
    "Misskey",
    "SummalyBot",
    "Pinterestbot",
    # Pinterest's other fetcher, "Pinterest/0.2 (+http://www.pinterest.com/)". Not
    # "Pinterest": its in-app browser, a person, says "[Pinterest/Android]" or "[Pinterest/iOS]".
    "Pinterest/0.",
    "redditbot",
    # The preview fetchers of Microsoft Teams and Skype. Not "Teams": the Teams desktop
    # app's own web view, a person, says "Teams/1.x", and "Teamster" contains it.
    "SkypeUriPreview",
    "MicrosoftPreview",
    "Embedly",
    "Iframely",
    # Bluesky's card fetcher: "Mozilla/5.0 ... (compatible; Bluesky Cardyb/1.1; ...)".
    "Cardyb",
    "XING-contenttabreceiver",
    "vkShare",
)
_PREVIEW_PATTERN = re.compile("|".join(re.escape(name) for name in PREVIEW_FETCHERS), re.I)

# People whom a maintained list calls bots: never a bot by list alone (our PREVIEW_FETCHERS
# still win). "MetaIAB": the in-app browser of Facebook and Instagram since 2025, e.g.
# "... Mobile Safari/537.36 MetaIAB Facebook", which crawler-user-agents 1.67.0 lists as a
# preview fetcher; excluding it would drop every visitor who taps a link in the Facebook app.
NOT_BOTS = ("MetaIAB",)
_NOT_BOTS_PATTERN = re.compile("|".join(re.escape(name) for name in NOT_BOTS), re.I)

# One CrawlerDetect for the process: its is_crawler() only reads its compiled patterns (the
# match it records for get_matches() is not used here), so threads can share it.
_crawler_detect = CrawlerDetect()

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


@functools.lru_cache(maxsize=16384)
def is_listed_bot(user_agent: str) -> bool:
    """True for user agents of our preview fetchers or of either maintained crawler list,
    unless they are people the lists are known to mistake for bots (``NOT_BOTS``).

    Remembered per user agent: visitors' browsers share a few thousand strings, and a
    browser's first sight costs every search (some sixty regular expression searches for
    crawler-user-agents, then CrawlerDetect's one large one). Bots are mostly settled by
    the first searches.
    """
    if _PREVIEW_PATTERN.search(user_agent):
        return True
    if _NOT_BOTS_PATTERN.search(user_agent):
        return False
    return crawleruseragents.is_crawler(user_agent) or _crawler_detect.is_crawler(user_agent)


def is_bot(user_agent: str) -> bool:
    """True for crawlers and link-preview fetchers: the maintained lists, ours, the admin's.

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

    Not one: anything but GET (X fetches previews with HEAD and a browser user agent; so do
    some mail scanners), no user agent, bots and preview fetchers.
    """
    if request.method != "GET":
        return False
    user_agent = request.META.get("HTTP_USER_AGENT", "").strip()
    return bool(user_agent) and not is_bot(user_agent)
