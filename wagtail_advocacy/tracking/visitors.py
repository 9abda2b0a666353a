"""Visitor privacy: a visitor is known only as ``HMAC-SHA256(salt of the day, ip + user agent)``.

The IP address is never stored or logged; the salt is destroyed after its day, after which
nobody can tell which address produced a hash.
"""

import hmac
import ipaddress
import secrets
from datetime import date
from hashlib import sha256

from django.db import router, transaction
from django.utils import timezone

from ..conf import advocacy_settings
from ..models.tracking import VisitorSalt
from .sql import savepoint_in_transaction

_salt_cache: tuple[date, bytes] | None = None

#: Longer than any way of writing an address (IPv6 with a zone, in brackets, with a port).
_MAX_ADDRESS_LENGTH = 100


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
            return normalised_ip(addresses[-1])
    return normalised_ip(request.META.get("REMOTE_ADDR", ""))


def normalised_ip(value: str) -> str:
    """One spelling per address, so that one visitor has one hash however it is written.

    IPv6 is compressed and lower-cased (``2001:0DB8:0:0::1`` is ``2001:db8::1``), an
    IPv4-mapped IPv6 address is its IPv4 address (``::ffff:192.0.2.1`` is ``192.0.2.1``);
    spaces, brackets, a zone (``%eth0``) and a port (``192.0.2.1:443``,
    ``[2001:db8::1]:443``) are dropped. A value that is not an address is returned as given.

    Not cached: a cache would keep visitors' addresses in memory after their request. The
    parsing costs about one HMAC for IPv4, a few for IPv6, a few per cent of a redirect.
    """
    if len(value) > _MAX_ADDRESS_LENGTH:
        return value
    text = value.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]  # an IPv4 address and its port
    try:
        address = ipaddress.ip_address(text.partition("%")[0])
    except ValueError:
        return value
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


def todays_salt(today: date | None = None) -> bytes:
    """The secret of the day for visitor hashes, created on the first click of the day.

    Creating the day's salt destroys the salts of earlier days, so none outlives its day
    even when no task cluster runs; the scheduled ``rotate_visitor_salts`` is the backstop
    for days without clicks.
    """
    global _salt_cache
    today = today or timezone.localdate()
    cached = _salt_cache
    if cached and cached[0] == today:
        return cached[1]
    with savepoint_in_transaction(router.db_for_write(VisitorSalt)):
        salt, created = VisitorSalt.objects.get_or_create(
            day=today, defaults={"salt": secrets.token_hex(32)}
        )
        if created:
            _delete_salts_before(today)
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


def destroy_past_salts(today: date | None = None) -> int:
    """Delete the salts of past days, so their hashes can never be linked to addresses."""
    today = today or timezone.localdate()
    with transaction.atomic():
        deleted = _delete_salts_before(today)
    forget_cached_salt()
    return deleted


def _delete_salts_before(day: date) -> int:
    deleted, _ = VisitorSalt.objects.filter(day__lt=day).delete()
    return deleted
