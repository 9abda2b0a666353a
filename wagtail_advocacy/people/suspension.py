"""Suspending an ambassador's sharing, with a reason they see, and lifting it.

A suspension is not leaving: the ambassador stays in the programme (their profile, links and
figures are untouched) but cannot share (``Ambassador.can_share``), and gets no digest,
until an administrator lifts it. Leaving and joining again keeps it. Only users with the
"Can suspend ambassadors" permission may do either, and each is recorded in Wagtail's audit
log. Nothing here creates an ambassador or changes their profile.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models.people import Ambassador
from ..permissions import can_suspend_ambassadors
from ..sanitize import plain_text

AMBASSADOR_SUSPENDED = "wagtail_advocacy.ambassador_suspended"
SUSPENSION_LIFTED = "wagtail_advocacy.suspension_lifted"

#: Long enough to explain, short enough to read in a notice.
MAX_REASON_LENGTH = 1000


def admin_reference(ambassador: Ambassador) -> str:
    """An opaque reference to ``ambassador`` for administrators: its row number, never a name.

    The audit log stores it as the entry's label, which outlives the ambassador's choices
    (they may choose "anonymous" later, or be erased), so it must not name anyone.
    """
    return _("Ambassador #%(reference)s") % {"reference": ambassador.pk}


def clean_reason(reason: str) -> str:
    """The reason as plain text, or a ValidationError saying what is missing or too long."""
    reason = plain_text(reason or "")
    if not reason:
        raise ValidationError(
            _("Write the reason: the ambassador sees it, in these words."), code="required"
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            _("Keep the reason under %(limit)s characters.") % {"limit": MAX_REASON_LENGTH},
            code="max_length",
        )
    return reason


def suspend_ambassador(ambassador: Ambassador, reason: str, by) -> Ambassador:
    """Suspend the sharing of ``ambassador`` (an active one), by ``by``, for ``reason``.

    ``reason`` is cleaned to plain text and must not be blank. Refused with a
    ValidationError when they left the programme or are already suspended, and with
    PermissionDenied unless ``by`` may suspend ambassadors. One conditional UPDATE, so of
    two administrators suspending at once one does, and the log records it once.
    """
    if not can_suspend_ambassadors(by):
        raise PermissionDenied
    reason = clean_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        suspended = (
            Ambassador.objects.filter(pk=ambassador.pk, suspended_at__isnull=True)
            .active()
            .update(suspended_at=now, suspension_reason=reason, suspended_by=by)
        )
        if not suspended:
            if not ambassador.is_active:
                raise ValidationError(
                    _("Only an active ambassador can be suspended: this one left the programme."),
                    code="not_active",
                )
            raise ValidationError(_("This ambassador is already suspended."), code="suspended")
        ambassador.suspended_at = now
        ambassador.suspension_reason = reason
        ambassador.suspended_by = by
        log(
            instance=ambassador,
            action=AMBASSADOR_SUSPENDED,
            user=by,
            title=admin_reference(ambassador),
            data={"reason": reason},
        )
    return ambassador


def lift_suspension(ambassador: Ambassador, by) -> bool:
    """Lift the suspension of ``ambassador``: they may share again at once. False when they
    were not suspended (nothing changes, nothing is logged); PermissionDenied unless ``by``
    may suspend ambassadors."""
    if not can_suspend_ambassadors(by):
        raise PermissionDenied
    with transaction.atomic():
        lifted = Ambassador.objects.filter(pk=ambassador.pk, suspended_at__isnull=False).update(
            suspended_at=None, suspension_reason="", suspended_by=None
        )
        if lifted:
            log(
                instance=ambassador,
                action=SUSPENSION_LIFTED,
                user=by,
                title=admin_reference(ambassador),
                data={"reason": ambassador.suspension_reason},
            )
    ambassador.suspended_at = None
    ambassador.suspension_reason = ""
    ambassador.suspended_by = None
    return bool(lifted)
