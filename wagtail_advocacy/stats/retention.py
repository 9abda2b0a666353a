"""How long each ambassador's statistics are kept, and folding them into anonymous aggregates.

Past the retention period of Settings › Measurement (13 months by default), and at once when
an ambassador asks for erasure (``people.erasure``), their daily rows are folded: summed into
rows without an ambassador, one per day, kit, network, team, campaign and category, which are
what the reports group and filter by. Folding moves figures and never changes a sum, so every
total of the organisation, a team, a kit or a campaign reads the same before and after; and
it is idempotent, since a folded row is gone and a second run finds nothing to fold.
"""

import calendar
from datetime import date

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from ..models.settings import MeasurementSettings
from ..models.stats import FIGURES, DailyStat
from ..sites import default_site
from .rollup import oldest_recomputable_day

#: The columns an anonymous aggregate is kept per: every dimension a report reads.
ANONYMOUS_KEY = ("day", "kit_id", "network", "team_id", "campaign_id", "category")


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` months before ``day`` (or that month's last)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_months(measurement_settings=None) -> int:
    """How many months each ambassador's statistics are kept (the default site's setting
    unless ``measurement_settings`` is given)."""
    if measurement_settings is None:
        measurement_settings = MeasurementSettings.for_site(default_site())
    return measurement_settings.statistics_retention_months


def statistics_cutoff(today: date | None = None, *, months: int | None = None) -> date:
    """Days before this one keep no per-ambassador statistics: the start of the retention
    period, or the oldest day a roll-up may still recompute if that one is older (a day
    recomputed from its raw events would name its ambassadors again)."""
    today = today or timezone.localdate()
    months = retention_months() if months is None else months
    return min(months_before(today, months), oldest_recomputable_day(today))


def fold_into_anonymous(stats) -> int:
    """Fold the per-ambassador rows of ``stats`` (a ``DailyStat`` queryset) into anonymous
    aggregates, in one transaction; returns the number of rows folded.

    Each group's sums are added to its anonymous row with ``F()`` (a new row when it has
    none yet), then the folded rows are deleted.
    """
    with transaction.atomic():
        folded = stats.filter(ambassador__isnull=False)
        groups = list(
            folded.values(*ANONYMOUS_KEY)
            .annotate(**{f"{name}_sum": Sum(name) for name in FIGURES})
            .order_by()
        )
        if not groups:
            return 0
        anonymous = DailyStat.objects.filter(ambassador__isnull=True)
        new_rows = []
        for group in groups:
            key = {name: group[name] for name in ANONYMOUS_KEY}
            sums = {name: group[f"{name}_sum"] or 0 for name in FIGURES}
            if not anonymous.filter(**key).update(
                **{name: F(name) + value for name, value in sums.items()}
            ):
                new_rows.append(DailyStat(ambassador=None, **key, **sums))
        DailyStat.objects.bulk_create(new_rows, batch_size=500)
        count, _deleted = folded.delete()
    return count


def fold_expired_statistics(today: date | None = None) -> int:
    """Fold every per-ambassador row older than the retention period, one day per
    transaction (a first run may have years to fold). Returns the number of rows folded."""
    cutoff = statistics_cutoff(today)
    days = (
        DailyStat.objects.filter(day__lt=cutoff, ambassador__isnull=False)
        .order_by("day")
        .values_list("day", flat=True)
        .distinct()
    )
    return sum(fold_into_anonymous(DailyStat.objects.filter(day=day)) for day in list(days))
