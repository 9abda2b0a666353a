"""The email announcing a charter version that must be accepted, once it takes effect.

``tasks.send_charter_notices`` runs it every hour (and as soon as a version is published).
Each ambassador is claimed for a version with an insert before the email leaves, so running
the job twice sends nothing more.
"""

from datetime import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models.charter import CharterNotification, CharterVersion
from ..models.people import Ambassador
from ..people.digest import language_of, site_root_url


def version_to_announce(now: datetime) -> CharterVersion | None:
    """The binding version in effect at ``now`` whose acceptance is to be asked, or None."""
    return (
        CharterVersion.objects.filter(binding=True, takes_effect_at__lte=now)
        .order_by("-number")
        .first()
    )


def ambassadors_to_notify(version: CharterVersion):
    """Active ambassadors with an email, who joined before ``version`` took effect (later
    ones accept it when they join), have not accepted it or a later one, and were not
    emailed about it yet."""
    notified = CharterNotification.objects.filter(version=version).values("ambassador_id")
    return (
        Ambassador.objects.active()
        .filter(user__is_active=True, joined_at__lt=version.takes_effect_at)
        .exclude(user__email="")
        .exclude(charter_acceptances__version__number__gte=version.number)
        .exclude(pk__in=notified)
        .select_related("user")
    )


def claim_notice(version: CharterVersion, ambassador: Ambassador, now: datetime) -> bool:
    """Insert the (version, ambassador) claim; False when another run already did."""
    try:
        with transaction.atomic():
            CharterNotification.objects.create(version=version, ambassador=ambassador, sent_at=now)
    except IntegrityError:
        return False
    return True


def send_version_notice(version, ambassador, now: datetime, root_url: str) -> bool:
    """Email one ambassador about ``version``; True when an email left. The claim comes
    first: a crash after it loses one email rather than sending one twice."""
    if not claim_notice(version, ambassador, now):
        return False
    user = ambassador.user
    language = language_of(user)
    with translation.override(language):
        context = {
            "language": language,
            "name": ambassador.display_name,
            "version": version,
            "first": version.number == 1,
            "accept_url": root_url + reverse("wagtail_advocacy:charter"),
            "programme_url": root_url + reverse("wagtail_advocacy:programme"),
        }
        if version.number == 1:
            subject = _("Please read and accept the social-media charter")
        else:
            subject = _("The social-media charter has changed: please read version %(number)s") % {
                "number": version.number
            }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("wagtail_advocacy/charter/email.txt", context),
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("wagtail_advocacy/charter/email.html", context), "text/html"
        )
    message.send()
    return True


def send_charter_notices(now: datetime | None = None) -> int:
    """Email every ambassador who must accept the binding version in effect, once each;
    returns how many emails left."""
    now = now or timezone.now()
    version = version_to_announce(now)
    if version is None:
        return 0
    root_url = site_root_url()
    return sum(
        send_version_notice(version, ambassador, now, root_url)
        for ambassador in ambassadors_to_notify(version)
    )
