"""Domain functions for editors' share kits: save, withdraw, restore, each audit-logged.

The admin route (the page's "Share kit" action) and the page editor's "Sharing" tab both
call these, so a kit is recorded in the page's history the same way whichever route saved it.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models.kits import ShareKit
from ..models.sharing import Share

KIT_CREATED = "wagtail_advocacy.kit_created"
KIT_EDITED = "wagtail_advocacy.kit_edited"
KIT_WITHDRAWN = "wagtail_advocacy.kit_withdrawn"
KIT_RESTORED = "wagtail_advocacy.kit_restored"


def _log(kit: ShareKit, action: str, user) -> None:
    # Logged against the page, so the entry shows in the page's history.
    log(instance=kit.page, action=action, user=user, data={"kit": kit.pk, "title": kit.title})


def save_kit(form, page, user) -> ShareKit:
    """Save a validated share-kit form (with its messages and times) for ``page``.

    Logged when the kit is created, or when the form or one of its formsets changed: the
    page editor's Sharing tab saves the kit with every page save, mostly unchanged.
    """
    kit = form.instance
    created = kit.pk is None
    # Read before saving: ClusterForm.has_changed also looks into the formsets.
    changed = form.has_changed()
    kit.page = page
    if created:
        kit.created_by = user
    with transaction.atomic():
        kit = form.save()
        if created:
            _log(kit, KIT_CREATED, user)
        elif changed:
            _log(kit, KIT_EDITED, user)
    return kit


def withdraw_kit(kit: ShareKit, user) -> None:
    """Stop ambassadors sharing ``kit`` from now on; shares already made stay counted."""
    if kit.withdrawn_at is None:
        kit.withdrawn_at = timezone.now()
        ShareKit.objects.filter(pk=kit.pk).update(withdrawn_at=kit.withdrawn_at)
        _log(kit, KIT_WITHDRAWN, user)


def restore_kit(kit: ShareKit, user) -> None:
    """Undo a withdrawal: the kit is shareable again within its window."""
    if kit.withdrawn_at is not None:
        kit.withdrawn_at = None
        kit.restored_at = timezone.now()
        # restored_at: shareable again from now, so "new" on the hub and in digests.
        ShareKit.objects.filter(pk=kit.pk).update(withdrawn_at=None, restored_at=kit.restored_at)
        _log(kit, KIT_RESTORED, user)


def shares_lost_by_deleting(page) -> int:
    """How many recorded shares deleting ``page`` (and so its subtree) would delete.

    A kit belongs to its page: deleting the page deletes the kit, its tracked links (already
    posted links then answer 404) and their statistics. Withdrawing keeps them all.
    """
    return Share.objects.filter(kit__page__path__startswith=page.path).count()
