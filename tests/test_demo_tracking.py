"""The demo's measurement data: generated once, rolled up, and matching its raw events."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from wagtail_advocacy.models import Click, Conversion, DailyStat, Share


@pytest.mark.django_db
def test_build_tracking_is_idempotent_and_rolled_up(make_share_kit, make_ambassador):
    from intranet.demo_tracking import build_tracking

    for _ in range(3):
        make_share_kit()
    for days in (89, 60, 30, 5):
        make_ambassador(joined_at=timezone.now() - timedelta(days=days))

    build_tracking()
    counts = (Share.objects.count(), Click.objects.count(), Conversion.objects.count())
    stats = list(DailyStat.objects.order_by("pk").values())
    build_tracking()

    assert counts[0] > 10 and counts[1] > counts[0]
    assert (Share.objects.count(), Click.objects.count(), Conversion.objects.count()) == counts
    assert list(DailyStat.objects.order_by("pk").values()) == stats
    totals = DailyStat.objects.aggregate(shares=Sum("shares"), clicks=Sum("clicks"))
    assert totals == {"shares": counts[0], "clicks": counts[1]}
    oldest = Share.objects.order_by("created_at").first().created_at
    assert oldest >= timezone.now() - timedelta(days=90)
    # Spread over the period, as a programme's history is, not all stamped today.
    share_days = {
        timezone.localdate(at) for at in Share.objects.values_list("created_at", flat=True)
    }
    assert len(share_days) >= 10
    # Nobody clicks a link before it was first shared.
    first_share = {}
    for link_id, shared_at in Share.objects.values_list("link_id", "created_at"):
        first_share[link_id] = min(shared_at, first_share.get(link_id, shared_at))
    assert all(
        clicked_at >= first_share[link_id]
        for link_id, clicked_at in Click.objects.values_list("link_id", "clicked_at")
    )
    # Some visitors come back: fewer unique visitors than clicks.
    unique = DailyStat.objects.aggregate(unique=Sum("unique_visitors"))["unique"]
    assert 0 < unique < counts[1]
