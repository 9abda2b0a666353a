"""The social networks an ambassador can share to, and their public share-intent URLs.

Each network is described once here: its label, how long a post may be and how that
network counts it (X and Mastodon count any link as 23 characters, Bluesky and Mastodon
count graphemes), and what its share-intent URL takes (text, a URL, or both). Sharing goes
through these public intent URLs only: no OAuth token, nothing posted on anyone's behalf.

``docs/reference/share-intents.md`` documents every format and limit listed here.
"""

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..validators import is_host_name

# How a link inside the text is counted.
LINK_AS_TYPED = "as-typed"  # every character of the URL counts
LINK_FIXED_23 = "fixed-23"  # any URL counts as 23 characters (X's t.co, Mastodon)

#: Pseudo-networks: shares that do not go through an intent URL but are still recorded.
COPY_LINK = "link"
QR_CODE = "qr"

#: The length a URL counts for on networks that shorten links (X, Mastodon).
SHORTENED_LINK_LENGTH = 23


@dataclass(frozen=True)
class Network:
    """One network: what its share-intent URL takes and how it counts a post.

    ``max_length`` is None when the network has no practical limit on a shared post;
    ``takes_text`` is False for networks whose intent URL only carries a URL (Facebook,
    Xing): the ambassador pastes their words themselves.
    """

    key: str
    label: str
    intent: str
    max_length: int | None = None
    link_counting: str = LINK_AS_TYPED
    counts_graphemes: bool = False
    weighted: bool = False  # X counts most non-Latin characters and emoji twice
    takes_text: bool = True
    takes_url: bool = False
    needs_instance: bool = False
    is_pseudo: bool = False
    #: What the share bar's button says, where "Share on <label>" does not read well.
    share_label: str | None = None

    @property
    def action_label(self) -> str:
        """The share bar's button text: "Share on LinkedIn", "Share by email"..."""
        if self.share_label:
            return str(self.share_label)
        return gettext("Share on %(network)s") % {"network": self.label}

    @property
    def needs_paste(self) -> bool:
        """Whether the ambassador pastes their words there: the intent carries only the link."""
        return not self.is_pseudo and not self.takes_text

    @property
    def link_length(self) -> int | None:
        """How many characters any link counts for, or None when it counts as typed."""
        return SHORTENED_LINK_LENGTH if self.link_counting == LINK_FIXED_23 else None

    def as_json(self) -> dict:
        """What the share dialog's character counter needs to know, for ``json_script``."""
        return {
            "key": self.key,
            "label": str(self.label),
            "max_length": self.max_length,
            "link_length": self.link_length,
            "graphemes": self.counts_graphemes,
            "weighted": self.weighted,
            "takes_text": self.takes_text,
            "link_separate": self.takes_url and self.key != "x",
        }


NETWORKS: dict[str, Network] = {
    network.key: network
    for network in [
        # share-offsite only takes ``url``; the feed composer's shareActive variant takes
        # the ambassador's words with the link inside them, which is the point of the app.
        Network(
            "linkedin",
            _("LinkedIn"),
            "https://www.linkedin.com/feed/?shareActive=true",
            max_length=3000,
        ),
        Network(
            "x",
            _("X"),
            "https://x.com/intent/tweet",
            max_length=280,
            link_counting=LINK_FIXED_23,
            weighted=True,
            takes_url=True,
        ),
        Network(
            "facebook",
            _("Facebook"),
            "https://www.facebook.com/sharer/sharer.php",
            takes_text=False,
            takes_url=True,
        ),
        Network(
            "xing",
            _("Xing"),
            "https://www.xing.com/spi/shares/new",
            takes_text=False,
            takes_url=True,
        ),
        Network(
            "bluesky",
            _("Bluesky"),
            "https://bsky.app/intent/compose",
            max_length=300,
            counts_graphemes=True,
        ),
        Network(
            "mastodon",
            _("Mastodon"),
            "https://{instance}/share",
            max_length=500,
            link_counting=LINK_FIXED_23,
            counts_graphemes=True,
            needs_instance=True,
        ),
        Network("whatsapp", _("WhatsApp"), "https://wa.me/", max_length=65536),
        Network(
            "telegram",
            _("Telegram"),
            "https://t.me/share/url",
            max_length=4096,
            takes_url=True,
        ),
        Network("email", _("Email"), "mailto:", share_label=_("Share by email")),
        Network(COPY_LINK, _("Copy link"), "", takes_text=False, is_pseudo=True),
        Network(QR_CODE, _("QR code"), "", takes_text=False, is_pseudo=True),
    ]
}

#: Networks an editor can offer (site settings) and a message can target.
NETWORK_CHOICES = [(n.key, n.label) for n in NETWORKS.values() if not n.is_pseudo]
#: Every value a Share's ``network`` may hold, pseudo-networks included.
ALL_NETWORK_CHOICES = [(n.key, n.label) for n in NETWORKS.values()]
#: Offered when the site settings have not chosen.
DEFAULT_NETWORKS = [key for key, _label in NETWORK_CHOICES]

_URL_RE = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_HANDLE_RE = re.compile(r"^@?[a-z0-9_]+@(.+)$")  # a Mastodon handle: @user@instance


def get_network(key: str) -> Network:
    """The network registered under ``key``; raises KeyError for an unknown one."""
    return NETWORKS[key]


def grapheme_count(text: str) -> int:
    """Approximate user-perceived characters (graphemes), as Bluesky and Mastodon count.

    The standard library has no grapheme segmentation; this covers what posts contain:
    combining accents, emoji modifiers, variation selectors, ZWJ sequences and flags.
    The share dialog counts with the browser's Intl.Segmenter, which is exact.
    """
    count = 0
    previous = ""
    pending_flag = False
    for char in text:
        code = ord(char)
        if previous == "\u200d" or (
            unicodedata.combining(char)
            or char == "\u200d"
            or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0020 <= code <= 0xE007F
        ):
            previous = char
            continue
        if 0x1F1E6 <= code <= 0x1F1FF:  # regional indicators pair up into one flag
            if pending_flag:
                pending_flag = False
                previous = char
                continue
            pending_flag = True
        else:
            pending_flag = False
        count += 1
        previous = char
    return count


def _x_weight(char: str) -> int:
    # twitter-text v3: these ranges weigh 1, everything else (CJK, emoji...) weighs 2.
    code = ord(char)
    if code <= 4351 or 8192 <= code <= 8205 or 8208 <= code <= 8223 or 8242 <= code <= 8247:
        return 1
    return 2


def count_length(network: Network | str, text: str, link: str = "") -> int:
    """The length ``network`` sees for ``text`` once ``link`` is shared with it.

    ``link`` is the URL that will travel with the text: counted inside the text where it
    appears there, and after it (with a separating space) where it does not.
    """
    network = get_network(network) if isinstance(network, str) else network
    if not network.takes_text:
        return 0
    if link and link not in text:
        text = f"{text} {link}"
    if network.link_length is not None:
        text = _URL_RE.sub("x" * network.link_length, text)
    if network.weighted:
        return sum(_x_weight(char) for char in text)
    if network.counts_graphemes:
        return grapheme_count(text)
    return len(text)


def clean_mastodon_instance(value: str) -> str:
    """The bare host name of a Mastodon instance, from what an ambassador typed.

    Accepts ``mastodon.social``, ``https://mastodon.social/`` or a full handle
    ``@camille@mastodon.social``; refuses anything that is not a plain public host name
    (no path, port, credentials or IP address), since it becomes the host we redirect to.
    """
    host = (value or "").strip().lower()
    host = re.sub(r"^https?://", "", host).rstrip("/")
    handle = _HANDLE_RE.match(host)
    if handle:
        host = handle.group(1)
    if not is_host_name(host):
        raise ValidationError(
            _("Enter the host name of your Mastodon instance, for example mastodon.social."),
            code="invalid_instance",
        )
    return host


def _query(params: dict) -> str:
    # quote, not quote_plus: a "+" for a space is read literally by several intents
    # (mailto: per RFC 6068, Bluesky, Mastodon).
    return "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())


def with_link(text: str, link: str, separator: str = " ") -> str:
    """``text`` with ``link`` in it: where it already is, else after ``separator``."""
    if not link or link in text:
        return text
    return f"{text}{separator}{link}" if text else link


def intent_url(
    network: Network | str,
    text: str,
    link: str,
    *,
    subject: str | None = None,
    instance: str | None = None,
) -> str:
    """The official share-intent URL of ``network`` carrying ``text`` and ``link``.

    Where a network only takes text, the link goes inside it (where the ambassador put
    it, else at the end); where it only takes a URL, the text cannot travel. ``subject``
    is the email subject; ``instance`` the ambassador's Mastodon host name.
    """
    network = get_network(network) if isinstance(network, str) else network
    key = network.key
    if network.is_pseudo:
        raise ValueError(f"{key!r} has no share-intent URL.")
    if key in ("facebook",):
        return f"{network.intent}?{_query({'u': link})}"
    if key == "xing":
        return f"{network.intent}?{_query({'url': link})}"
    if key == "x":
        # The link stays where the ambassador placed it; otherwise X appends ``url``.
        params = {"text": text} if link in text else {"text": text, "url": link}
        return f"{network.intent}?{_query(params)}"
    if key == "telegram":
        # Telegram shows ``url`` above ``text``: keep the link out of the text.
        rest = " ".join(text.replace(link, " ").split()) if link else text
        params = {"url": link, "text": rest} if rest else {"url": link}
        return f"{network.intent}?{_query(params)}"
    if key == "email":
        body = with_link(text, link, "\n\n").replace("\r\n", "\n").replace("\n", "\r\n")
        params = {"subject": subject, "body": body} if subject else {"body": body}
        return f"mailto:?{_query(params)}"
    if key == "mastodon":
        host = clean_mastodon_instance(instance or "")
        return f"https://{host}/share?{_query({'text': with_link(text, link)})}"
    if key == "linkedin":
        return f"{network.intent}&{_query({'text': with_link(text, link)})}"
    # bluesky, whatsapp: text only, link inside
    return f"{network.intent}?{_query({'text': with_link(text, link)})}"
