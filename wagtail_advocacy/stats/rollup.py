"""Daily aggregates: raw shares, clicks and conversions rolled up into ``DailyStat`` rows.

Recomputing a day from its raw events and replacing its rows is idempotent: the job may run
every hour, twice, or after a crash, and the aggregates come out the same. Two roll-ups of
the same day (the hourly job and a late conversion's) run one after the other, never
interleaved. After an outage the hourly job catches up from the last day it rolled up. Raw
clicks older than RAW_EVENT_RETENTION_DAYS are deleted, each day right after its final
rollup; days that old are never recomputed again, since their clicks are gone. Rows
without an ambassador are anonymous aggregates (``stats.retention``): a roll-up leaves them
as they are, and counts no raw event of a link that credits no one.
"""

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone

from .. import signals
from ..conf import advocacy_settings
from ..models.kits import ShareKit
from ..models.people import Ambassador
from ..models.sharing import Share
from ..models.stats import FIGURES, DailyStat, RolledUpDay
from ..models.tracking import Click, Conversion

logger = logging.getLogger(__name__)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Start and end of ``day`` in the site's time zone, as aware datetimes."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return start, end


def oldest_recomputable_day(today: date | None = None) -> date:
    """Days before this one may have lost their raw clicks to the retention job."""
    today = today or timezone.localdate()
    return today - timedelta(days=advocacy_settings.RAW_EVENT_RETENTION_DAYS)


def _figures_of_day(day: date) -> dict[tuple[int, int, str], dict]:
    """The day's figures per (kit, ambassador, network), from the raw events, with the
    conversions split by type too: three queries."""
    start, end = day_bounds(day)
    figures = defaultdict(lambda: {**dict.fromkeys(FIGURES, 0), "conversions_by_type": {}})
    shares = (
        Share.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("kit_id", "ambassador_id", "network")
        .annotate(
            count=Count("id"),
            declared=Count("id", filter=Q(declared_audience__isnull=False)),
            reach=Sum("declared_audience", default=0),
        )
        .order_by()
    )
    for kit, ambassador, network, count, declared, reach in shares:
        figures[kit, ambassador, network].update(
            shares=count, declared_shares=declared, declared_reach=reach
        )
    clicks = (
        Click.objects.filter(clicked_at__gte=start, clicked_at__lt=end)
        .values_list("link__kit_id", "link__ambassador_id", "link__network")
        .annotate(count=Count("id"), visitors=Count("visitor_hash", distinct=True))
        .order_by()
    )
    for kit, ambassador, network, count, visitors in clicks:
        figures[kit, ambassador, network].update(clicks=count, unique_visitors=visitors)
    conversions = (
        Conversion.objects.filter(occurred_at__gte=start, occurred_at__lt=end, link__isnull=False)
        .values_list("link__kit_id", "link__ambassador_id", "link__network", "conversion_type_id")
        .annotate(count=Count("id"), value=Sum("value"))
        .order_by()
    )
    for kit, ambassador, network, conversion_type, count, value in conversions:
        row = figures[kit, ambassador, network]
        row["conversions"] += count
        row["conversion_value"] = (row["conversion_value"] or 0) + (value or 0)
        row["conversions_by_type"][str(conversion_type)] = count
    return figures


def days_to_roll_up(today: date | None = None) -> list[date]:
    """The days the hourly job recomputes: yesterday and today, and every day since the last
    one rolled up when the job missed some (its cluster was down), back to the oldest day
    still recomputable. Before any roll-up, that whole retention period."""
    today = today or timezone.localdate()
    oldest = oldest_recomputable_day(today)
    last = RolledUpDay.objects.filter(day__lte=today).aggregate(last=Max("day"))["last"]
    # The last day rolled up is included: it may have been rolled up before it was over.
    first = max(min(last or oldest, today - timedelta(days=1)), oldest)
    return [first + timedelta(days=n) for n in range((today - first).days + 1)]


def final_days():
    """The rolled-up days whose figures are final: rolled up after they were over (a roll-up
    during a day counts its events so far only). The one rule of "is this day final":
    challenges settle, and leaderboards freeze, on such days only."""
    return RolledUpDay.objects.filter(rolled_up_at__date__gt=F("day"))


def _claim_day(day: date):
    """Mark ``day`` as rolled up now, in the caller's transaction, before reading its events.

    The upsert locks the day's row until the transaction ends (SQLite: the database's write
    lock), so a concurrent roll-up of the same day waits here, then reads the events committed
    meanwhile, instead of replacing newer rows with figures read before them.
    """
    RolledUpDay.objects.bulk_create(
        [RolledUpDay(day=day, rolled_up_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["day"],
        update_fields=["rolled_up_at"],
    )


def rollup_day(day: date) -> int:
    """Replace the ``DailyStat`` rows of ``day`` with figures recomputed from raw events.

    Team, campaign and category are copied as they are now. Returns the number of rows.
    """
    with transaction.atomic():
        _claim_day(day)
        rows = _replace_rows_of_day(day, _figures_of_day(day))
        # Listeners (the game) read the day's final figures: only once they are committed.
        signals.send_on_commit(signals.day_rolled_up, sender=DailyStat, day=day)
    return rows


def _replace_rows_of_day(day: date, figures: dict) -> int:
    """Write ``figures`` as the day's rows and delete its rows without figures any more."""
    # Events of a link without an ambassador (erased) credit no one: no row is made of them.
    teams = dict(
        Ambassador.objects.filter(
            pk__in={key[1] for key in figures if key[1] is not None}
        ).values_list("pk", "team_id")
    )
    kits = {
        pk: (campaign, category)
        for pk, campaign, category in ShareKit.objects.filter(
            pk__in={key[0] for key in figures}
        ).values_list("pk", "campaign_id", "category")
    }
    rows = [
        DailyStat(
            day=day,
            kit_id=kit,
            ambassador_id=ambassador,
            network=network,
            team_id=teams.get(ambassador),
            campaign_id=kits[kit][0],
            category=kits[kit][1],
            **{**values, "conversion_value": values["conversion_value"] or Decimal(0)},
        )
        for (kit, ambassador, network), values in figures.items()
        if kit in kits and ambassador in teams
    ]
    stale = [
        pk
        for pk, *key in DailyStat.objects.filter(day=day, ambassador__isnull=False).values_list(
            "pk", "kit_id", "ambassador_id", "network"
        )
        if tuple(key) not in figures
    ]
    if stale:
        DailyStat.objects.filter(pk__in=stale).delete()
    DailyStat.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["day", "kit", "ambassador", "network"],
        update_fields=["team", "campaign", "category", *FIGURES, "conversions_by_type"],
    )
    return len(rows)


def rollup_days(days) -> int:
    """Roll up each of ``days``, skipping those whose raw clicks may already be purged."""
    oldest = oldest_recomputable_day()
    total = 0
    for day in days:
        if day < oldest:
            logger.warning("Not rolling up %s: its raw clicks are past retention.", day)
            continue
        total += rollup_day(day)
    return total


def purge_rolled_up_clicks(today: date | None = None) -> int:
    """Delete raw clicks of the days past retention, each day rolled up one last time first,
    in the same transaction, so no click is deleted before it is counted."""
    cutoff = oldest_recomputable_day(today)
    oldest = Click.objects.filter(clicked_at__lt=day_bounds(cutoff)[0]).aggregate(
        oldest=Min("clicked_at")
    )["oldest"]
    if oldest is None:
        return 0
    deleted = 0
    day = timezone.localdate(oldest)
    while day < cutoff:
        start, end = day_bounds(day)
        with transaction.atomic():
            rollup_day(day)
            count, _ = Click.objects.filter(clicked_at__gte=start, clicked_at__lt=end).delete()
        deleted += count
        day += timedelta(days=1)
    return deleted
