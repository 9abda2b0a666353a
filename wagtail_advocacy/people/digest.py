"""The email digest: kits that became shareable for an ambassador since their last digest.

``tasks.send_digests`` runs it on a schedule; this module holds the rules.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from ..models.kits import ShareKit
from ..models.people import Ambassador
from ..sites import default_site

DIGEST_PERIODS = {
    Ambassador.DigestFrequency.DAILY: timedelta(days=1),
    Ambassador.DigestFrequency.WEEKLY: timedelta(days=7),
}
# The job runs once a day at about the same hour; this much early is still "due", so a
# run a few minutes earlier than yesterday's does not skip a day.
DUE_TOLERANCE = timedelta(hours=2)
UNSUBSCRIBE_SALT = "wagtail_advocacy.digest.unsubscribe"


def due_ambassadors(now: datetime):
    """Ambassadors who may share (``AmbassadorQuerySet.can_share``: active, not suspended)
    whose digest is due at ``now`` (frequency off: never)."""
    due = Q()
    for frequency, period in DIGEST_PERIODS.items():
        due |= Q(digest_frequency=frequency) & (
            Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=now - period + DUE_TOLERANCE)
        )
    return (
        Ambassador.objects.can_share()
        .filter(due, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )


def kits_new_for(ambassador: Ambassador, since: datetime, now: datetime):
    """Kits the ambassador may share at ``now`` that became shareable after ``since``.

    When a kit became shareable is ``ShareKitQuerySet.with_shareable_since``, the same
    moment the hub marks as "new since your last visit".
    """
    return (
        ShareKit.objects.shareable_by(ambassador.user, at=now)
        .with_shareable_since()
        .filter(shareable_since__gt=since, shareable_since__lte=now)
        .select_related("page")
        .order_by("-featured", "-shareable_since")
    )


def unsubscribe_token(ambassador: Ambassador) -> str:
    """A signed token that turns this ambassador's digest off (no login needed)."""
    return signing.dumps(ambassador.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def ambassador_from_token(token: str) -> Ambassador | None:
    """The ambassador a valid unsubscribe token names, else None."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Ambassador.objects.filter(pk=pk).select_related("user").first()


def set_digest_frequency(ambassador: Ambassador, frequency: str) -> None:
    """Set how often the ambassador receives the digest: their own choice, never an editor's.

    Turned back on after a pause, the digest starts afresh: the first one lists the last
    period's kits, not every kit since the digest before the pause.
    """
    if frequency not in Ambassador.DigestFrequency.values:
        raise ValueError(f"Unknown digest frequency: {frequency!r}")
    rows = Ambassador.objects.filter(pk=ambassador.pk)
    if frequency != Ambassador.DigestFrequency.OFF:
        rows.filter(digest_frequency=Ambassador.DigestFrequency.OFF).update(last_digest_at=None)
    rows.update(digest_frequency=frequency)
    ambassador.digest_frequency = frequency


def unsubscribe(ambassador: Ambassador) -> None:
    """Turn the ambassador's digest off."""
    set_digest_frequency(ambassador, Ambassador.DigestFrequency.OFF)


def site_root_url() -> str:
    """Where intranet links in emails point: the default site's root URL."""
    return default_site().root_url


def language_of(user) -> str:
    """The language emails to ``user`` are written in: their Wagtail admin preference, else
    the site's ``LANGUAGE_CODE``. Every email of the app (digests, charter notices) uses it."""
    profile = getattr(user, "wagtail_userprofile", None)
    return (profile and profile.get_preferred_language()) or settings.LANGUAGE_CODE


def claim_digest(ambassador: Ambassador, now: datetime) -> bool:
    """Atomically move the ambassador's last digest time to ``now``; False if another run
    (a retry or a doubled schedule) already did. Whoever wins sends; the other sends nothing.
    """
    claimed = (
        Ambassador.objects.filter(pk=ambassador.pk, last_digest_at=ambassador.last_digest_at)
        if ambassador.last_digest_at
        else Ambassador.objects.filter(pk=ambassador.pk, last_digest_at__isnull=True)
    )
    return claimed.update(last_digest_at=now) == 1


def send_digest(ambassador: Ambassador, now: datetime, root_url: str) -> bool:
    """Send one ambassador their digest if there is anything new; True when an email left.

    The claim comes first: a crash after it loses one digest rather than sending one twice.
    """
    period = DIGEST_PERIODS.get(ambassador.digest_frequency)
    if period is None:
        return False
    since = ambassador.last_digest_at or max(ambassador.joined_at, now - period)
    kits = list(kits_new_for(ambassador, since, now))
    if not claim_digest(ambassador, now):
        return False
    if not kits:
        return False
    user = ambassador.user
    unsubscribe_url = root_url + reverse(
        "wagtail_advocacy:digest_unsubscribe", args=[unsubscribe_token(ambassador)]
    )
    language = language_of(user)
    with translation.override(language):
        context = {
            "language": language,
            "ambassador": ambassador,
            "name": ambassador.display_name,
            "kits": [
                {
                    "kit": kit,
                    "share_url": root_url + reverse("wagtail_advocacy:share", args=[kit.pk]),
                }
                for kit in kits
            ],
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": root_url + reverse("wagtail_advocacy:programme") + "#digest",
            "frequency": ambassador.get_digest_frequency_display(),
        }
        subject = ngettext(
            "New to share: %(count)s item", "New to share: %(count)s items", len(kits)
        ) % {"count": len(kits)}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("wagtail_advocacy/digest/email.txt", context),
            to=[user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                # RFC 8058: mail clients may unsubscribe with one POST, no page to visit.
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("wagtail_advocacy/digest/email.html", context), "text/html"
        )
    message.send()
    return True


def send_due_digests(now: datetime | None = None) -> int:
    """Send every due digest; returns how many emails left."""
    now = now or timezone.now()
    root_url = site_root_url()
    return sum(send_digest(ambassador, now, root_url) for ambassador in due_ambassadors(now))
