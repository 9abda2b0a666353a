"""Validators shared by the share kit, its messages and the sharing settings.

Each error says which value is wrong and why, so an editor can fix it without guessing.
"""

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
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
