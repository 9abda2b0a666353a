"""Points: awarding them into the ledger, and the balances derived from it.

Every award is a ``PointsEntry`` whose idempotency key comes from its cause, inserted with
``ignore_conflicts``: a job run twice, retried, or racing another writes each entry once.
Clicks and conversions are read from the daily aggregates after a roll-up, never in the
tracked redirect: the aggregates already leave out bots, the sharer's own clicks and repeats.
"""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from wagtail_advocacy.models import Ambassador, DailyStat, Share, TrackedLink
from wagtail_advocacy.people.profile import is_profile_complete
from wagtail_advocacy.stats.rollup import oldest_recomputable_day

from .models import EARNING_REASONS, HeldPoints, PointsEntry, PointsReason, ScoredDay
from .rules import (
    Feature,
    conversion_points,
    game_settings,
    is_switched_on,
    needs_review,
    share_points,
    takes_part,
)

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


def _credited_rows(settings, day: date):
    """The day's aggregate rows of ambassadors credited with their clicks and in the game:
    one per link (kit, ambassador, network)."""
    return (
        DailyStat.objects.filter(day=day, ambassador__credit_clicks=True)
        .exclude(ambassador__team__in=settings.excluded_teams.all())
        .values(
            "ambassador", "kit", "network", "unique_visitors", "conversions", "conversions_by_type"
        )
    )


def conversions_of(row) -> dict[str, int]:
    """A row's conversions by type id ("" for those the aggregate has no type of: rows
    rolled up before types were counted), every conversion counted once."""
    by_type = {key: count for key, count in (row["conversions_by_type"] or {}).items() if count}
    untyped = (row["conversions"] or 0) - sum(by_type.values())
    if untyped > 0:
        by_type[""] = untyped
    return by_type


def award_day(day: date) -> list[PointsEntry]:
    """Bring the ledger's unique clicks and conversions of ``day`` in line with the day's
    aggregates: a new entry for what was gained since the last award, a negative one for
    what a recount took away (a click found to be a bot). Conversions earn per type, at
    each type's value. Returns the entries written.

    Only ambassadors who keep "credit my clicks to me" on and whose team is in the game
    earn; a day older than the roll-up can recompute is never scored again. A link whose
    day ``needs_review`` is held (``HeldPoints``, once) and earns nothing here until an
    administrator releases it; from then on it counts like any other link.
    """
    settings = game_settings()
    if not is_switched_on(settings, Feature.POINTS) or day < oldest_recomputable_day():
        return []
    rows = list(_credited_rows(settings, day))
    held = _hold_links(settings, day, rows, hold_threshold(settings, day))
    # {(ambassador, reason, conversion type id or None): quantity counted}
    counted = defaultdict(int)
    for row in rows:
        ambassador = row["ambassador"]
        # Every credited ambassador of the day has a count, 0 when all their links are held.
        counted[ambassador, PointsReason.UNIQUE_CLICKS.value, None] += 0
        if (ambassador, row["kit"], row["network"]) in held:
            continue
        counted[ambassador, PointsReason.UNIQUE_CLICKS.value, None] += row["unique_visitors"]
        for key, count in conversions_of(row).items():
            counted[ambassador, PointsReason.CONVERSIONS.value, int(key) if key else None] += count
    # A released hold's entries are the day's award too: its link counts again, and a
    # recount (a click found to be a bot) corrects it like any other.
    awarded = {
        (row["ambassador"], row["reason"], row["conversion_type"]): row
        for row in PointsEntry.objects.filter(day=day, reason__in=list(DAILY_REASONS))
        .values("ambassador", "reason", "conversion_type")
        .annotate(quantity=Sum("quantity"), points=Sum("points"), entries=Count("pk"))
    }
    credited = {ambassador for ambassador, _reason, _type in counted}
    # What was awarded and no longer counts (every click of a link found to be a bot, a
    # link held since) is corrected too, for ambassadors still credited.
    keys = set(counted) | {key for key in awarded if key[0] in credited}
    entries = []
    order = list(DAILY_REASONS)
    for ambassador, reason, conversion_type in sorted(
        keys, key=lambda key: (key[0], order.index(key[1]), key[2] or 0)
    ):
        before = awarded.get((ambassador, reason, conversion_type))
        delta = counted.get((ambassador, reason, conversion_type), 0) - (
            before["quantity"] if before else 0
        )
        if not delta:
            continue
        if reason == PointsReason.UNIQUE_CLICKS:
            value = settings.points_per_unique_click
        else:
            value = conversion_points(settings, conversion_type)
        # A correction takes back at the value the points were given at, on average.
        if delta < 0 and before["quantity"]:
            value = round(before["points"] / before["quantity"])
        sequence = before["entries"] if before else 0
        kind = reason if conversion_type is None else f"{reason}:{conversion_type}"
        entries.append(
            PointsEntry(
                ambassador_id=ambassador,
                reason=reason,
                day=day,
                quantity=delta,
                rule_value=value,
                points=delta * value,
                conversion_type_id=conversion_type,
                cause=f"{kind}:{day.isoformat()}",
                # The n-th entry of its kind that day: a rerun computes the same n.
                idempotency_key=f"{reason}:{ambassador}:{day.isoformat()}:{sequence}"
                if conversion_type is None
                else f"{kind}:{ambassador}:{day.isoformat()}:{sequence}",
            )
        )
    return _insert_new(entries)


def hold_threshold(settings, day: date) -> int:
    """The hold threshold of ``day``: the one in force when it was first scored (a rerun
    after the setting changed keeps it), or today's for a day scored now."""
    scored, _created = ScoredDay.objects.get_or_create(
        day=day, defaults={"hold_threshold": settings.hold_unique_clicks_per_link}
    )
    return scored.hold_threshold


def _hold_links(settings, day: date, rows, threshold: int) -> set:
    """Hold, once, each link of ``rows`` whose day ``needs_review`` at the day's
    ``threshold``, at today's values; a hold still waiting follows the recounts. Returns the
    (ambassador, kit, network) of every link of the day that earns nothing here: held and
    waiting, or rejected. A released link counts again (its release is part of the award)."""
    holds = {
        (hold.ambassador_id, hold.kit_id, hold.network): hold
        for hold in HeldPoints.objects.filter(day=day)
    }
    new = []
    for row in rows:
        key = (row["ambassador"], row["kit"], row["network"])
        by_type = conversions_of(row)
        hold = holds.get(key)
        if hold is not None:
            if hold.status == HeldPoints.Status.HELD and (
                hold.unique_clicks != row["unique_visitors"] or hold.conversions_by_type != by_type
            ):
                HeldPoints.objects.filter(pk=hold.pk, status=HeldPoints.Status.HELD).update(
                    unique_clicks=row["unique_visitors"], conversions_by_type=by_type
                )
        elif needs_review(row["unique_visitors"], threshold):
            new.append(
                HeldPoints(
                    ambassador_id=row["ambassador"],
                    kit_id=row["kit"],
                    network=row["network"],
                    link=TrackedLink.objects.filter(
                        ambassador_id=row["ambassador"], kit_id=row["kit"], network=row["network"]
                    ).first(),
                    day=day,
                    unique_clicks=row["unique_visitors"],
                    conversions_by_type=by_type,
                    threshold=threshold,
                    click_value=settings.points_per_unique_click,
                    conversion_values={
                        key: conversion_points(settings, key or None) for key in by_type
                    },
                )
            )
    HeldPoints.objects.bulk_create(new, ignore_conflicts=True)
    unearned = {key for key, hold in holds.items() if hold.status != HeldPoints.Status.RELEASED}
    return unearned | {(hold.ambassador_id, hold.kit_id, hold.network) for hold in new}


def release_held_points(hold: HeldPoints, user) -> list[PointsEntry]:
    """Award a held link's day, at the values of the day it was held, and mark it released.
    Returns the entries written (none if it was already decided: released once)."""
    with transaction.atomic():
        claimed = HeldPoints.objects.filter(pk=hold.pk, status=HeldPoints.Status.HELD).update(
            status=HeldPoints.Status.RELEASED, decided_at=timezone.now(), decided_by=user
        )
        if not claimed:
            return []
        hold.refresh_from_db()
        entries = []
        if hold.unique_clicks:
            entries.append(
                PointsEntry(
                    ambassador_id=hold.ambassador_id,
                    reason=PointsReason.UNIQUE_CLICKS,
                    day=hold.day,
                    quantity=hold.unique_clicks,
                    rule_value=hold.click_value,
                    points=hold.unique_clicks * hold.click_value,
                    kit_id=hold.kit_id,
                    cause=f"held:{hold.pk}",
                    idempotency_key=f"held:{hold.pk}:unique_clicks",
                )
            )
        for key, count in hold.conversions_by_type.items():
            value = hold.conversion_values.get(key, 0)
            entries.append(
                PointsEntry(
                    ambassador_id=hold.ambassador_id,
                    reason=PointsReason.CONVERSIONS,
                    day=hold.day,
                    quantity=count,
                    rule_value=value,
                    points=count * value,
                    kit_id=hold.kit_id,
                    conversion_type_id=int(key) if key else None,
                    cause=f"held:{hold.pk}",
                    idempotency_key=f"held:{hold.pk}:conversions:{key}",
                )
            )
        return _insert_new(entries)


def reject_held_points(hold: HeldPoints, user) -> bool:
    """Award nothing for a held link's day; the hold stays recorded as rejected. False if
    it was already decided."""
    return bool(
        HeldPoints.objects.filter(pk=hold.pk, status=HeldPoints.Status.HELD).update(
            status=HeldPoints.Status.REJECTED, decided_at=timezone.now(), decided_by=user
        )
    )


def award_complete_profile(ambassador: Ambassador) -> list[PointsEntry]:
    """Award the points for a complete profile (``is_profile_complete``), once ever."""
    settings = game_settings()
    if (
        not is_switched_on(settings, Feature.POINTS)
        or not takes_part(settings, ambassador)
        or not is_profile_complete(ambassador)
        or not settings.points_for_complete_profile
    ):
        return []
    value = settings.points_for_complete_profile
    return _insert_new(
        [
            PointsEntry(
                ambassador=ambassador,
                reason=PointsReason.COMPLETE_PROFILE,
                day=timezone.localdate(ambassador.profile_completed_at),
                quantity=1,
                rule_value=value,
                points=value,
                cause=f"profile:{ambassador.pk}",
                idempotency_key=f"profile:{ambassador.pk}",
            )
        ]
    )


def take_back_share(share_id: int) -> list[PointsEntry]:
    """Take back what a deleted share earned (its share entry; the first-share bonus stays,
    the ambassador did start) with a negative entry ``unshare:<share id>``, once. Nothing
    when it earned nothing or its ambassador's ledger was erased with their data."""
    earned = PointsEntry.objects.filter(
        idempotency_key=f"share:{share_id}", ambassador__erased_at__isnull=True
    ).first()
    if earned is None or not earned.points:
        return []
    return _insert_new(
        [
            PointsEntry(
                ambassador_id=earned.ambassador_id,
                reason=PointsReason.UNSHARE,
                day=earned.day,
                quantity=-1,
                rule_value=earned.rule_value,
                points=-earned.points,
                cause=f"share:{share_id}",
                idempotency_key=f"unshare:{share_id}",
            )
        ]
    )


def award_challenge(challenge, ambassador_ids) -> list[PointsEntry]:
    """Points for completing a challenge: its bonus, once, to each of ``ambassador_ids`` (its
    winners, found by ``challenges.settle``), on the challenge's last day. Returns the
    entries written now (none while points are off)."""
    settings = game_settings()
    if not is_switched_on(settings, Feature.POINTS) or not challenge.bonus_points:
        return []
    return _insert_new(
        [
            PointsEntry(
                ambassador_id=ambassador_id,
                reason=PointsReason.CHALLENGE,
                day=challenge.ends_on,
                quantity=1,
                rule_value=challenge.bonus_points,
                points=challenge.bonus_points,
                cause=f"challenge:{challenge.pk}",
                idempotency_key=f"challenge:{challenge.pk}:{ambassador_id}",
            )
            for ambassador_id in ambassador_ids
        ]
    )


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
