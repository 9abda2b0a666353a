"""Domain functions for conversions: what a visitor brought by a tracked link went on to do.

Three sources, in decreasing order of trust:

- ``form``: a submission of one of this site's Wagtail form pages by a visitor who landed with
  the attribution parameter (``tracking.attribution``);
- ``signed``: a server-to-server report signed with CONVERSION_SECRET (HMAC-SHA256);
- ``pixel``: an image request from another site's page. Link tokens are public, so anyone
  could forge one: it is off unless PIXEL_CONVERSIONS is set, and then only counts for a
  visitor whose browser clicked that very link today (same visitor hash), once per reference
  and at most once per link, type and day for that visitor, and never for bots.

Every conversion has a unique reference (namespaced by source, so a pixel cannot burn a
signed report's reference): a replayed report is rejected, not counted twice. A conversion of
a day the hourly roll-up no longer recomputes (before yesterday) enqueues that day's roll-up,
so late reports reach the KPIs.
"""

import hmac
import json
import logging
import time
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from hashlib import sha256

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from .. import tasks
from ..conf import advocacy_settings
from ..models.tracking import Click, Conversion, ConversionType, TrackedLink
from ..stats.rollup import day_bounds, oldest_recomputable_day
from .links import is_link_token
from .visitors import visitor_hash

logger = logging.getLogger(__name__)

# Signed reports older (or further in the future) than this are rejected as replays.
SIGNATURE_MAX_AGE = 5 * 60
TIMESTAMP_HEADER = "X-Advocacy-Timestamp"
SIGNATURE_HEADER = "X-Advocacy-Signature"
REFERENCE_MAX_LENGTH = 200
# How far ahead of the server's clock a report's occurred_at may be (the sender's clock skew).
CLOCK_SKEW = timedelta(minutes=5)


class ConversionRejected(Exception):
    """A conversion report that must not be recorded; ``status`` is the HTTP answer."""

    status = 400

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


class BadSignature(ConversionRejected):
    status = 403


class ConversionReplayed(ConversionRejected):
    status = 409


def record_conversion(
    link: TrackedLink | None,
    conversion_type: ConversionType,
    *,
    source: str,
    reference: str,
    occurred_at: datetime | None = None,
    value: Decimal | None = None,
    visitor_hash: str | None = None,
) -> Conversion:
    """Store one conversion, valued at its type's current value unless ``value`` is given.

    Raises ConversionReplayed when the reference was seen before, or when the visitor (given
    for pixel conversions) already converted today by this link and type.
    """
    try:
        with transaction.atomic():
            conversion = Conversion.objects.create(
                link=link,
                conversion_type=conversion_type,
                source=source,
                reference=f"{source}:{reference}",
                occurred_at=occurred_at or timezone.now(),
                value=conversion_type.value if value is None else value,
                visitor_hash=visitor_hash,
            )
    except IntegrityError as error:
        raise ConversionReplayed({"reference": [_("This reference was already reported.")]}) from (
            error
        )
    day = timezone.localdate(conversion.occurred_at)
    if day < timezone.localdate() - timedelta(days=1):
        # The hourly roll-up recomputes yesterday and today (and days it missed): without
        # this, a late report would never reach the daily aggregates the KPIs read.
        tasks.enqueue(tasks.rollup_daily_stats, day.isoformat())
    return conversion


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value of a report: HMAC-SHA256 of ``"<timestamp>." + body``."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, sha256).hexdigest()
    return f"sha256={digest}"


def verify_signature(secret: str, body: bytes, timestamp: str | None, signature: str | None):
    """Raise BadSignature unless the report is signed with ``secret`` in the last 5 minutes.

    The timestamp is part of the signed message, so it cannot be refreshed on a captured
    report; the unique reference rejects replays within the five minutes.
    """
    if not timestamp or not signature:
        raise BadSignature({"signature": [_("The request is not signed.")]})
    expected = signature_of(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise BadSignature({"signature": [_("The signature does not match.")]})
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        raise BadSignature({"timestamp": [_("The timestamp is not a number.")]}) from None
    if age > SIGNATURE_MAX_AGE:
        raise BadSignature({"timestamp": [_("The timestamp is too old.")]})


def parse_signed_report(body: bytes) -> dict:
    """The fields of a signed report's JSON body, validated; raises ConversionRejected.

    ``{"link": token, "type": slug, "reference": unique string,
    "occurred_at": ISO 8601 (optional), "value": "12.50" (optional)}``
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: deeply nested arrays exhaust the parser's stack.
        raise ConversionRejected({"body": [_("The body is not JSON.")]}) from None
    if not isinstance(data, dict):
        raise ConversionRejected({"body": [_("The body must be a JSON object.")]})
    errors = {}
    unknown = set(data) - {"link", "type", "reference", "occurred_at", "value"}
    if unknown:
        errors["body"] = [_("Unknown fields: %s") % ", ".join(sorted(map(str, unknown)))]
    link = conversion_type = occurred_at = value = None
    if not is_link_token(data.get("link")):
        errors["link"] = [_("Give the link token (the adv parameter).")]
    else:
        link = TrackedLink.objects.filter(token=data["link"]).first()
        if link is None:
            errors["link"] = [_("No tracked link has this token.")]
    conversion_type = ConversionType.objects.filter(slug=str(data.get("type", ""))).first()
    if conversion_type is None:
        errors["type"] = [_("Unknown conversion type.")]
    reference = data.get("reference")
    if not isinstance(reference, str) or not 0 < len(reference) <= REFERENCE_MAX_LENGTH:
        errors["reference"] = [_("Give a unique reference of at most 200 characters.")]
    if data.get("occurred_at") is not None:
        occurred_at = _parse_occurred_at(data["occurred_at"], errors)
    if data.get("value") is not None:
        try:
            # Rounded first, so that the range check sees what would be stored (12 digits,
            # 2 decimals): 9999999999.999 is rejected here, not by the database.
            value = Decimal(str(data["value"])).quantize(Decimal("0.01"), ROUND_HALF_UP)
        except InvalidOperation:  # not a number, NaN, infinity, or too many digits to round
            value = None
        if value is None or value < 0 or value >= 10**10:
            errors["value"] = [_("Give a positive decimal number.")]
    if errors:
        raise ConversionRejected(errors)
    return {
        "link": link,
        "conversion_type": conversion_type,
        "reference": reference,
        "occurred_at": occurred_at,
        "value": value,
    }


def _parse_occurred_at(raw, errors: dict) -> datetime | None:
    """The aware datetime of a report's ``occurred_at``, or None with a message in ``errors``.

    Refused: what is not an ISO 8601 date and time with its offset (or not a real date, such
    as month 13), the future beyond CLOCK_SKEW, and days the roll-up no longer recomputes
    (older than RAW_EVENT_RETENTION_DAYS), which would never reach the aggregates.
    """
    try:
        occurred_at = parse_datetime(str(raw))
    except ValueError:  # well-formed but impossible, e.g. 2024-13-45
        occurred_at = None
    if occurred_at is None or timezone.is_naive(occurred_at):
        errors["occurred_at"] = [_("Give an ISO 8601 date and time with its time zone.")]
        return None
    if occurred_at > timezone.now() + CLOCK_SKEW:
        errors["occurred_at"] = [_("The conversion cannot have happened in the future.")]
        return None
    if occurred_at < day_bounds(oldest_recomputable_day())[0]:
        errors["occurred_at"] = [
            _("The conversion is older than the %(days)s days the statistics keep.")
            % {"days": advocacy_settings.RAW_EVENT_RETENTION_DAYS}
        ]
        return None
    return occurred_at


def record_signed_report(secret: str, body: bytes, timestamp, signature) -> Conversion:
    """Verify, validate and store a signed server-to-server report; raises ConversionRejected."""
    verify_signature(secret, body, timestamp, signature)
    report = parse_signed_report(body)
    return record_conversion(
        report.pop("link"),
        report.pop("conversion_type"),
        source=Conversion.Source.SIGNED,
        **report,
    )


def record_pixel(request, token: str, type_slug: str, reference: str) -> Conversion | None:
    """Store a pixel conversion if pixels are on and it is sound; else None.

    Sound: a known link and type, a new reference, and a visitor who really landed through
    that link: a click on it with the visitor hash of this request, within ATTRIBUTION_DAYS.
    Hashes are keyed with the salt of the day, so only clicks of today can match: the pixel
    attributes same-day conversions only, and at most one per link, type and visitor a day:
    a browser that followed the link cannot inflate its conversions with new references.
    Anything else is ignored rather than answered: the pixel answers the same image whatever
    happens, so it tells a prober nothing.
    """
    if not advocacy_settings.PIXEL_CONVERSIONS:
        return None
    if not (is_link_token(token) and reference and len(reference) <= REFERENCE_MAX_LENGTH):
        logger.warning("Ignored a pixel conversion: malformed parameters.")
        return None
    link = TrackedLink.objects.filter(token=token).first()
    conversion_type = ConversionType.objects.filter(slug=type_slug).first()
    if link is None or conversion_type is None:
        logger.warning("Ignored a pixel conversion: unknown link or conversion type.")
        return None
    since = timezone.now() - timedelta(days=advocacy_settings.ATTRIBUTION_DAYS)
    visitor = visitor_hash(request)
    # The link's repeat-click index (link, visitor_hash, clicked_at) answers this.
    landed = Click.objects.filter(link=link, visitor_hash=visitor, clicked_at__gte=since).exists()
    if not landed:
        logger.warning("Ignored a pixel conversion: this visitor did not click the link today.")
        return None
    try:
        return record_conversion(
            link,
            conversion_type,
            source=Conversion.Source.PIXEL,
            reference=reference,
            visitor_hash=visitor,
        )
    except ConversionReplayed:
        logger.info(
            "Ignored a pixel conversion: reference already reported, or this visitor already "
            "converted today by this link and type."
        )
        return None
