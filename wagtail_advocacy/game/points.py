"""Points: awarding them into the ledger, and the balances derived from it.

Every award is a ``PointsEntry`` whose idempotency key comes from its cause, inserted with
``ignore_conflicts``: a job run twice, retried, or racing another writes each entry once.
Clicks and conversions are read from the daily aggregates after a roll-up, never in the
tracked redirect: the aggregates already leave out bots, the sharer's own clicks and repeats.
"""

from datetime import date

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from wagtail_advocacy.models import Ambassador, DailyStat, Share
from wagtail_advocacy.stats.rollup import oldest_recomputable_day

from .models import EARNING_REASONS, PointsEntry, PointsReason
from .rules import Feature, game_settings, is_switched_on, share_points, takes_part

# Reasons whose points come from the daily aggregates, and the figure each counts.
DAILY_REASONS = {
    PointsReason.UNIQUE_CLICKS: "unique_visitors",
    PointsReason.CONVERSIONS: "conversions",
}


def award_share(share: Share) -> list[PointsEntry]:
    """Award ``share`` its points, within the daily caps, and the first-share bonus when it
    is the ambassador's first. Returns the entries written now (none when already awarded,
    when points are off, or when the ambassador's team is left out of the game)."""
    settings = game_settings()
    ambassador = share.ambassador
    if not is_switched_on(settings, Feature.POINTS) or not takes_part(settings, ambassador):
        return []
    day = timezone.localdate(share.created_at)
    with transaction.atomic():
        # One award at a time per ambassador, so two shares cannot both fit under a cap.
        Ambassador.objects.select_for_update().filter(pk=ambassador.pk).first()
        value = share_points(settings, share.network)
        shared_today = PointsEntry.objects.filter(
            ambassador=ambassador, day=day, reason=PointsReason.SHARE
        ).aggregate(
            day_total=Sum("points"), kit_total=Sum("points", filter=Q(kit_id=share.kit_id))
        )
        room = min(
            settings.share_points_cap_per_day - (shared_today["day_total"] or 0),
            settings.share_points_cap_per_kit - (shared_today["kit_total"] or 0),
        )
        entries = [
            PointsEntry(
                ambassador=ambassador,
                reason=PointsReason.SHARE,
                day=day,
                quantity=1,
                rule_value=value,
                points=max(0, min(value, room)),
                kit_id=share.kit_id,
                cause=f"share:{share.pk}",
                idempotency_key=f"share:{share.pk}",
            )
        ]
        first = Share.objects.filter(ambassador=ambassador).order_by("created_at", "pk").first()
        if first is not None and first.pk == share.pk and settings.points_for_first_share:
            entries.append(
                PointsEntry(
                    ambassador=ambassador,
                    reason=PointsReason.FIRST_SHARE,
                    day=day,
                    quantity=1,
                    rule_value=settings.points_for_first_share,
                    points=settings.points_for_first_share,
                    kit_id=share.kit_id,
                    cause=f"share:{share.pk}",
                    idempotency_key=f"first_share:{ambassador.pk}",
                )
            )
        return _insert_new(entries)


def award_day(day: date) -> list[PointsEntry]:
    """Bring the ledger's unique clicks and conversions of ``day`` in line with the day's
    aggregates: a new entry for what was gained since the last award, a negative one for
    what a recount took away (a click found to be a bot). Returns the entries written.

    Only ambassadors who keep "credit my clicks to me" on and whose team is in the game
    earn; a day older than the roll-up can recompute is never scored again.
    """
    settings = game_settings()
    if not is_switched_on(settings, Feature.POINTS) or day < oldest_recomputable_day():
        return []
    values = {
        PointsReason.UNIQUE_CLICKS: settings.points_per_unique_click,
        PointsReason.CONVERSIONS: settings.points_per_conversion,
    }
    counted = (
        DailyStat.objects.filter(day=day, ambassador__credit_clicks=True)
        .exclude(ambassador__team__in=settings.excluded_teams.all())
        .values("ambassador")
        .annotate(**{reason.value: Sum(field) for reason, field in DAILY_REASONS.items()})
    )
    awarded = {
        (row["ambassador"], row["reason"]): row
        for row in PointsEntry.objects.filter(day=day, reason__in=list(DAILY_REASONS))
        .values("ambassador", "reason")
        .annotate(quantity=Sum("quantity"), points=Sum("points"), entries=Count("pk"))
    }
    entries = []
    for row in counted:
        for reason in DAILY_REASONS:
            before = awarded.get((row["ambassador"], reason.value))
            delta = (row[reason.value] or 0) - (before["quantity"] if before else 0)
            if not delta:
                continue
            # A correction takes back at the value the points were given at, on average.
            value = values[reason]
            if delta < 0 and before["quantity"]:
                value = round(before["points"] / before["quantity"])
            sequence = before["entries"] if before else 0
            entries.append(
                PointsEntry(
                    ambassador_id=row["ambassador"],
                    reason=reason,
                    day=day,
                    quantity=delta,
                    rule_value=value,
                    points=delta * value,
                    cause=f"{reason.value}:{day.isoformat()}",
                    # The n-th entry of its kind that day: a rerun computes the same n.
                    idempotency_key=f"{reason.value}:{row['ambassador']}:{day.isoformat()}:{sequence}",
                )
            )
    return _insert_new(entries)


def _insert_new(entries: list[PointsEntry]) -> list[PointsEntry]:
    """Insert the entries whose idempotency key is not in the ledger yet; return those."""
    keys = [entry.idempotency_key for entry in entries]
    existing = set(
        PointsEntry.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    new = [entry for entry in entries if entry.idempotency_key not in existing]
    PointsEntry.objects.bulk_create(new, ignore_conflicts=True)
    return new


def balance(ambassador: Ambassador) -> int:
    """Points the ambassador can spend: the sum of their ledger."""
    return PointsEntry.objects.filter(ambassador=ambassador).aggregate(
        total=Sum("points", default=0)
    )["total"]


def lifetime_points(ambassador: Ambassador) -> int:
    """Points the ambassador ever earned: every earning entry, corrections included, nothing
    they spent taken off."""
    return PointsEntry.objects.filter(ambassador=ambassador, reason__in=EARNING_REASONS).aggregate(
        total=Sum("points", default=0)
    )["total"]
