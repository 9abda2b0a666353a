"""Validators shared by the share kit, its messages and the sharing settings.

Each error says which value is wrong and why, so an editor can fix it without guessing.
"""

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .sanitize import plain_text

#: The placeholders a message may contain, replaced when an ambassador shares.
MESSAGE_PLACEHOLDERS = ("link", "name")

_HASHTAG_RE = re.compile(r"^#\w+$")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
_HOST_NAME_RE = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$"
)
# The host of a destination: ASCII letters, digits, dots and hyphens (IDN in punycode), or
# an IPv6 literal. Nothing a browser would decode or normalise into another host.
_DESTINATION_HOST_RE = re.compile(r"[a-z0-9.-]+|[0-9a-f:.]+")


def validate_hashtag(value: str) -> None:
    """One hashtag: ``#`` then letters, digits or underscores; no spaces."""
    if value and not _HASHTAG_RE.match(value):
        raise ValidationError(
            _("“%(value)s” is not a single hashtag: start with # and use no spaces."),
            code="invalid_hashtag",
            params={"value": value},
        )


def validate_hashtags(value: str) -> None:
    """Hashtags separated by spaces, each one valid (``#innovation #jobs``)."""
    bad = [tag for tag in value.split() if not _HASHTAG_RE.match(tag)]
    if bad:
        raise ValidationError(
            _("Not hashtags: %(tags)s. Each one starts with # and has no spaces."),
            code="invalid_hashtags",
            params={"tags": ", ".join(bad)},
        )


def split_lines(value: str) -> list[str]:
    """The non-empty, stripped lines of a one-per-line text field."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def is_host_name(value: str) -> bool:
    """Whether ``value`` is a bare public host name (``www.example.com``, in lower case): no
    scheme, path, port, credentials or IP address."""
    return bool(_HOST_NAME_RE.match(value))


def _is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address: a development machine's own host."""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_host_names(value: str) -> None:
    """One bare host name per line (``www.example.com``): no scheme, path or port.

    Loopback hosts pass too (``localhost``, ``127.0.0.1``, ``::1``): Wagtail's default site
    and ``runserver`` use them on a development machine, and they name no one else's server.
    """
    bad = [
        line
        for line in split_lines(value)
        if not (is_host_name(line.lower()) or _is_loopback(line.lower()))
    ]
    if bad:
        raise ValidationError(
            ngettext(
                "Not a host name: %(hosts)s. Write one name per line, like www.example.com, "
                "without https:// or a path.",
                "Not host names: %(hosts)s. Write one name per line, like www.example.com, "
                "without https:// or a path.",
                len(bad),
            ),
            code="invalid_host_names",
            params={"hosts": ", ".join(bad)},
        )


def _is_control_or_space(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("C")


def _ambiguous_url_error() -> ValidationError:
    return ValidationError(
        _(
            "This public URL could be read as another address. Write it as "
            "https://host/path, with the host name in plain ASCII (punycode for "
            "international names), and without a user name or @ before the host, "
            "backslashes, spaces, or percent-encoding in the host name."
        ),
        code="ambiguous_url",
    )


def check_public_destination(url: str) -> str:
    """The host of ``url`` if it is a safe destination for a visitor; else ValidationError.

    The one judge of a destination, asked when an editor saves a public URL and again by the
    redirect for the URL it is about to send a visitor to. Browsers and Python disagree on
    where the host of an odd URL is (``https://evil.example\\@www.example.com/`` is
    www.example.com to Python, evil.example to a browser), so anything they could read
    differently is refused rather than interpreted: user info (``user@``), backslashes and
    percent-encoding in the authority, spaces and control characters anywhere (browsers drop
    tabs and newlines, Python too), and a host that is not plain ASCII.
    """
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError unless a number from 0 to 65535
    except ValueError as error:  # also an unclosed IPv6 bracket
        raise _ambiguous_url_error() from error
    if parts.scheme not in ("http", "https"):
        raise ValidationError(
            _("The public URL must start with https:// or http://."), code="invalid_scheme"
        )
    host = (parts.hostname or "").lower()
    if (
        any(_is_control_or_space(char) for char in url)
        or any(char in parts.netloc for char in "@\\%")
        or not _DESTINATION_HOST_RE.fullmatch(host)
        or port == 0
    ):
        raise _ambiguous_url_error()
    return host


def validate_public_url(url: str, allowed_hosts: set[str]) -> None:
    """A safe http(s) URL (``check_public_destination``) whose host is exactly one of
    ``allowed_hosts``.

    Exact match, not subdomains: allowing ``example.com`` must not let anyone send visitors
    to ``anything.example.com``; list every host you mean.
    """
    host = check_public_destination(url)
    if host not in allowed_hosts:
        raise ValidationError(
            _(
                "%(host)s is not an allowed public domain. Allowed: %(allowed)s. "
                "An administrator can add domains in Settings › Sharing."
            ),
            code="domain_not_allowed",
            params={
                "host": host,
                "allowed": ", ".join(sorted(allowed_hosts)) or _("none yet"),
            },
        )


def clean_message_text(value: str) -> str:
    """A message as plain text, with only the known placeholders; raises ValidationError.

    Returns the sanitised text so that callers store what was validated.
    """
    text = plain_text(value)
    if not text:
        raise ValidationError(_("Write the message: it is empty."), code="empty_message")
    unknown = sorted(
        {name for name in _PLACEHOLDER_RE.findall(text) if name not in MESSAGE_PLACEHOLDERS}
    )
    if unknown:
        raise ValidationError(
            ngettext(
                "Unknown placeholder: %(names)s. Use only {link} and {name}.",
                "Unknown placeholders: %(names)s. Use only {link} and {name}.",
                len(unknown),
            ),
            code="unknown_placeholder",
            params={"names": ", ".join(f"{{{name}}}" for name in unknown)},
        )
    return text


def validate_user_agent_patterns(value: str):
    """Each non-blank line must be a valid regular expression (a plain word is one)."""
    for number, line in enumerate(value.splitlines(), start=1):
        pattern = line.strip()
        if not pattern:
            continue
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValidationError(
                _("Line %(number)s is not a valid pattern: %(error)s"),
                params={"number": number, "error": error},
                code="invalid_pattern",
            ) from error


# Public profile addresses, one validator per network ---------------------------------------

#: The largest audience an ambassador may declare on one network.
MAX_DECLARED_AUDIENCE = 10_000_000

_LINKEDIN_PATH_RE = re.compile(r"^/in/[\w%-]{3,100}/?$")
_X_PATH_RE = re.compile(r"^/[A-Za-z0-9_]{1,15}/?$")
_X_RESERVED = {"home", "i", "intent", "share", "search", "explore", "settings", "login"}
_XING_PATH_RE = re.compile(r"^/profile/[A-Za-z0-9_.-]{2,100}/?$")
_FACEBOOK_PATH_RE = re.compile(r"^/[A-Za-z0-9.]{5,50}/?$")
_FACEBOOK_RESERVED = {"sharer", "sharer.php", "share", "login", "groups", "pages", "events"}
_MASTODON_USER_RE = re.compile(r"^[A-Za-z0-9_]{1,30}$")


def _profile_url_parts(url: str, hosts: set[str], example: str):
    """The split ``url`` when it is a safe http(s) address on one of ``hosts``."""
    error = ValidationError(
        _("This is not a profile address on this network. For example: %(example)s"),
        code="invalid_profile_url",
        params={"example": example},
    )
    try:
        host = check_public_destination(url)
    except ValidationError as invalid:
        raise error from invalid
    if host not in hosts:
        raise error
    return urlsplit(url), error


def validate_linkedin_profile_url(value: str) -> None:
    """A LinkedIn member profile: ``https://www.linkedin.com/in/<name>/`` (country
    subdomains such as fr.linkedin.com too)."""
    example = "https://www.linkedin.com/in/camille-martin/"
    host = urlsplit(value).hostname or ""
    hosts = {host} if re.fullmatch(r"[a-z]{2}\.linkedin\.com", host) else set()
    parts, error = _profile_url_parts(value, {"linkedin.com", "www.linkedin.com", *hosts}, example)
    if not _LINKEDIN_PATH_RE.match(parts.path) or parts.query:
        raise error


def validate_x_profile_url(value: str) -> None:
    """An X account: ``https://x.com/<handle>`` (or twitter.com)."""
    parts, error = _profile_url_parts(
        value,
        {"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"},
        "https://x.com/camille",
    )
    name = parts.path.strip("/").lower()
    if not _X_PATH_RE.match(parts.path) or name in _X_RESERVED or parts.query:
        raise error


def validate_xing_profile_url(value: str) -> None:
    """A Xing profile: ``https://www.xing.com/profile/<Name>``."""
    parts, error = _profile_url_parts(
        value, {"xing.com", "www.xing.com"}, "https://www.xing.com/profile/Camille_Martin"
    )
    if not _XING_PATH_RE.match(parts.path) or parts.query:
        raise error


def validate_facebook_profile_url(value: str) -> None:
    """A Facebook profile: ``https://www.facebook.com/<name>`` or ``…/profile.php?id=<n>``."""
    parts, error = _profile_url_parts(
        value,
        {"facebook.com", "www.facebook.com", "m.facebook.com"},
        "https://www.facebook.com/camille.martin",
    )
    if parts.path == "/profile.php":
        if not re.fullmatch(r"id=\d{1,20}", parts.query):
            raise error
    elif (
        not _FACEBOOK_PATH_RE.match(parts.path)
        or parts.path.strip("/").lower() in _FACEBOOK_RESERVED
        or parts.query
    ):
        raise error


def split_mastodon_account(value: str) -> tuple[str, str]:
    """``(user, instance)`` of a Mastodon account written ``@user@instance`` or
    ``https://instance/@user``; raises ValidationError otherwise."""
    error = ValidationError(
        _(
            "Write your Mastodon account as @name@instance (for example "
            "@camille@mastodon.social) or as the address of your profile "
            "(https://mastodon.social/@camille)."
        ),
        code="invalid_mastodon_account",
    )
    value = (value or "").strip()
    if value.lower().startswith(("http://", "https://")):
        try:
            host = check_public_destination(value)
        except ValidationError as invalid:
            raise error from invalid
        parts = urlsplit(value)
        match = re.fullmatch(r"/@([^/]+)/?", parts.path)
        user = match.group(1) if match else ""
    else:
        user, _at, host = value.removeprefix("@").partition("@")
        host = host.lower()
    if not _MASTODON_USER_RE.match(user) or not is_host_name(host):
        raise error
    return user, host


def validate_mastodon_account(value: str) -> None:
    """A Mastodon account: ``@user@instance`` or ``https://instance/@user``."""
    split_mastodon_account(value)


def validate_bluesky_handle(value: str) -> None:
    """A Bluesky handle: ``name.bsky.social`` or a custom domain handle
    (``camille.example.com``), without the @."""
    if not is_host_name((value or "").lower()):
        raise ValidationError(
            _(
                "Write your Bluesky handle without @, for example camille.bsky.social or "
                "your own domain, such as camille.example.com."
            ),
            code="invalid_bluesky_handle",
        )


def validate_declared_audience(value) -> None:
    """An audience an ambassador declares on one network: a whole number from 0 to
    ``MAX_DECLARED_AUDIENCE``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            _("Write the audience as a whole number, without spaces or letters."),
            code="invalid_audience",
        )
    if not 0 <= value <= MAX_DECLARED_AUDIENCE:
        raise ValidationError(
            _("Write a number from 0 to %(max)s: the people who follow you there."),
            code="audience_out_of_range",
            params={"max": number_format(MAX_DECLARED_AUDIENCE, force_grouping=True)},
        )
