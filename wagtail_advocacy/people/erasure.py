"""Erasure, which an ambassador chooses on leaving: the profile and everything that names
them goes; their figures stay only in anonymous aggregates, so every total is unchanged.

What stays, and why (docs/how-to/leave-export-erase.md):

- the ambassador row, emptied: the user account it belongs to (the organisation's, not
  ours to delete), when they joined and left, and when they were erased;
- their charter acceptances and the notices of new versions, insert-only evidence of which
  rules they accepted and when, which the organisation may need to establish or defend a
  legal claim about what they posted as an ambassador (GDPR art. 17(3)(e)); they name no
  one but through the user account, and go with it;
- their tracked links, without an ambassador: posts already published keep working, and
  their clicks credit no one.

Only the ambassador themself erases their data, from their own request.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import signals
from ..models.people import Ambassador, Recognition, new_directory_key
from ..models.sharing import Share
from ..models.stats import DailyStat
from ..models.tracking import Click, Conversion, TrackedLink
from ..stats.retention import fold_into_anonymous
from ..stats.rollup import oldest_recomputable_day, rollup_day
from ..tracking.lookup import forget_cached_links

#: What erasure writes in the ambassador row: every field but those of ``KEPT_FIELDS`` and
#: ``directory_key``, which gets a new random value.
ERASED_VALUES = {
    "team": None,
    "digest_frequency": Ambassador.DigestFrequency.OFF,
    "last_digest_at": None,
    "last_hub_visit_at": None,
    "mastodon_instance": "",
    "profile_name": "",
    "photo": None,
    "job_title": "",
    "bio": "",
    "linkedin_profile": "",
    "x_profile": "",
    "xing_profile": "",
    "facebook_profile": "",
    "mastodon_account": "",
    "bluesky_handle": "",
    "expertise": "",
    "languages": [],
    "networks_used": [],
    "declared_audience": {},
    "directory_listed": False,
    "recognition": Recognition.HIDDEN,
    "credit_clicks": False,
    # A suspension's reason may name people or quote posts; that it happened goes too.
    "suspended_at": None,
    "suspension_reason": "",
    "suspended_by": None,
    "profile_completed_at": None,
}

#: The fields erasure keeps: the row's identity and the dates of the evidence.
KEPT_FIELDS = ("id", "user", "joined_at", "left_at", "erased_at")


def _days_to_roll_up_first(ambassador: Ambassador) -> set:
    """The days still recomputable with raw events of ``ambassador``: rolled up before
    folding, so that nothing they did is left out of the aggregates."""
    oldest = oldest_recomputable_day()
    events = [
        (Share.objects.filter(ambassador=ambassador), "created_at"),
        (Click.objects.filter(link__ambassador=ambassador), "clicked_at"),
        (Conversion.objects.filter(link__ambassador=ambassador), "occurred_at"),
    ]
    days = set()
    for queryset, field in events:
        moments = queryset.datetimes(field, "day", tzinfo=timezone.get_current_timezone())
        days.update(moment.date() for moment in moments)
    return {day for day in days if day >= oldest}


def erase_ambassador(ambassador: Ambassador) -> bool:
    """Erase ``ambassador``'s data, in one transaction; False if it already was (idempotent).

    Their days still recomputable are rolled up, their daily statistics folded into
    anonymous aggregates (``stats.retention.fold_into_anonymous``), then their shares (and
    the words they wrote), the clicks on their links and their photo are deleted, their
    conversions detached from their links, their links left without an ambassador, and
    their profile emptied. They leave the programme if they had not.
    """
    with transaction.atomic():
        ambassador = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
        if ambassador.erased_at is not None:
            return False
        was_active = ambassador.is_active
        for day in sorted(_days_to_roll_up_first(ambassador)):
            rollup_day(day)
        fold_into_anonymous(DailyStat.objects.filter(ambassador=ambassador))
        links = TrackedLink.objects.filter(ambassador=ambassador)
        tokens = list(links.values_list("token", flat=True))
        Share.objects.filter(ambassador=ambassador).delete()
        Click.objects.filter(link__in=links).delete()
        Conversion.objects.filter(link__in=links).update(link=None)
        links.update(ambassador=None)
        now = timezone.now()
        Ambassador.objects.filter(pk=ambassador.pk).update(
            **ERASED_VALUES,
            # A new directory address: an old one saved somewhere leads to no one, ever.
            directory_key=new_directory_key(),
            erased_at=now,
            left_at=Coalesce(F("left_at"), now),
        )
        if ambassador.photo_id is not None:
            ambassador.photo.delete()
        transaction.on_commit(lambda: forget_cached_links(tokens))
        ambassador.refresh_from_db()
        if was_active:
            signals.send_on_commit(
                signals.ambassador_left, sender=Ambassador, ambassador=ambassador
            )
        signals.send_on_commit(signals.ambassador_erased, sender=Ambassador, ambassador=ambassador)
    return True


def erase_my_data(user) -> bool:
    """The signed-in ``user`` erases their own ambassador data (``erase_ambassador``);
    False when they never joined or it already was."""
    ambassador = Ambassador.objects.filter(user=user).first() if user.is_authenticated else None
    return ambassador is not None and erase_ambassador(ambassador)
