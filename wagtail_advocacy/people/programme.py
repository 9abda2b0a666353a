"""The programme: who is an ambassador, joining and leaving, and visits to the hub.

Participation is opt-in: only the employee themself calls ``join_programme`` or
``leave_programme``, from their own request.
"""

from django.db import transaction
from django.utils import timezone

from .. import signals
from ..models.people import Ambassador


def get_ambassador(user) -> Ambassador | None:
    """The user's ambassador row if they ever joined, else None (no row is created)."""
    if not user.is_authenticated:
        return None
    return Ambassador.objects.filter(user=user).select_related("user").first()


def get_active_ambassador(user) -> Ambassador | None:
    """The user's ambassador row if they are an active ambassador now (``Ambassador.is_active``:
    joined and not left), else None."""
    ambassador = get_ambassador(user)
    return ambassador if ambassador is not None and ambassador.is_active else None


def join_programme(user) -> Ambassador:
    """Make ``user`` an active ambassador. Only the user themself may call this (opt-in).

    The team their results are reported under is, until an administrator sets another, the
    first of their groups in alphabetical order.
    """
    with transaction.atomic():
        ambassador, _created = Ambassador.objects.get_or_create(user=user)
        if not ambassador.is_active:
            ambassador.joined_at = timezone.now()
            ambassador.left_at = None
            # Joining again after an erasure starts afresh, and can be erased again.
            ambassador.erased_at = None
            if ambassador.team_id is None:
                ambassador.team = user.groups.order_by("name").first()
            ambassador.save(update_fields=["joined_at", "left_at", "erased_at", "team"])
            signals.send_on_commit(
                signals.ambassador_joined, sender=Ambassador, ambassador=ambassador
            )
    return ambassador


def leave_programme(user) -> None:
    """Stop being an ambassador. Past shares stay counted; no new ones can be made."""
    ambassador = get_active_ambassador(user)
    if ambassador is None:
        return
    with transaction.atomic():
        # Conditional: of two simultaneous requests, one leaves and announces it.
        if Ambassador.objects.filter(pk=ambassador.pk, left_at__isnull=True).update(
            left_at=timezone.now()
        ):
            signals.send_on_commit(
                signals.ambassador_left, sender=Ambassador, ambassador=ambassador
            )


def is_hub_visit(request, *, category: str, page_number) -> bool:
    """Whether this view of the hub is a visit: the first page of the whole feed, seen by
    the ambassador. Paging, filtering or an editor's preview must not clear the "new" marks
    before the ambassador saw them all."""
    return (
        request.method == "GET"
        and not getattr(request, "is_preview", False)
        and not category
        and str(page_number or "1") == "1"
    )


def record_hub_visit(ambassador: Ambassador) -> None:
    """Remember that ``ambassador`` saw the hub now: the next visit's "new" marks start here.

    One UPDATE, no read-modify-write.
    """
    Ambassador.objects.filter(pk=ambassador.pk).update(last_hub_visit_at=timezone.now())
