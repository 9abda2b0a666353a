"""Demo measurement data: 90 days of shares, clicks and conversions, then the daily rollup.

``build_tracking()`` is idempotent: it generates events only into a database that has no
share yet, and every run only recomputes the aggregates. It uses the share kits the sharing
demo created.
Visitor hashes are random: no address ever went into them.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from wagtail_advocacy.models import (
    Ambassador,
    Click,
    Conversion,
    ConversionType,
    MeasurementSettings,
    Share,
    ShareKit,
)
from wagtail_advocacy.stats.rollup import day_bounds, rollup_days
from wagtail_advocacy.tracking.links import get_or_mint_link

DAYS = 88  # inside the 90-day raw-event retention, so every day can be rolled up
NETWORKS = ["linkedin", "linkedin", "linkedin", "x", "bluesky", "facebook", "mastodon"]
CONVERSION_VALUES = {
    "lead": Decimal("50.00"),
    "job-application": Decimal("120.00"),
    "download": Decimal("5.00"),
    "sign-up": Decimal("15.00"),
}
MESSAGES = [
    "Proud of what our team shipped this month.",
    "Worth a read if you work on energy efficiency.",
    "We are hiring! Come and work with us.",
    "Behind the scenes at our test lab.",
]


def demo_kits() -> list[ShareKit]:
    """The share kits the sharing demo created (withdrawn ones are not shared)."""
    return list(ShareKit.objects.filter(withdrawn_at__isnull=True).select_related("page"))


def configure_measurement():
    """Values for earned media value, unless an editor set them already."""
    for slug, value in CONVERSION_VALUES.items():
        ConversionType.objects.filter(slug=slug, value=0).update(value=value)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        MeasurementSettings.objects.get_or_create(
            site=site,
            defaults={
                "value_per_unique_click": Decimal("0.80"),
                "cpm": Decimal("12.00"),
                "declared_audience_per_share": 450,
                "monthly_share_target": 60,
            },
        )


def generate_events(kits, ambassadors, rng: random.Random) -> int:
    """Shares over the last DAYS days, each followed by decaying clicks and a few conversions."""
    now = timezone.now()
    today = timezone.localdate()
    types = {t.slug: t for t in ConversionType.objects.filter(slug__in=CONVERSION_VALUES)}
    shares, clicks, conversions = [], [], []
    for ambassador in ambassadors:
        # Some ambassadors share often, most now and then: the usual long tail.
        weekly = rng.choice([0.5, 1, 1, 2, 3, 5])
        joined = timezone.localdate(ambassador.joined_at) if ambassador.joined_at else today
        for days_ago in range(DAYS, -1, -1):
            day = today - timedelta(days=days_ago)
            if day < joined or rng.random() > weekly / 7:
                continue
            kit = rng.choice(kits)
            link = get_or_mint_link(ambassador, kit, rng.choice(NETWORKS))
            shared_at = day_bounds(day)[0] + timedelta(hours=rng.uniform(7, 19))
            if shared_at > now:
                continue
            shares.append(
                Share(
                    kit=kit,
                    ambassador=ambassador,
                    link=link,
                    network=link.network,
                    message=rng.choice(MESSAGES),
                    created_at=shared_at,
                )
            )
            reach = rng.choice([2, 5, 8, 12, 20, 35, 60])
            # Some visitors come back later the same day: clicks outnumber unique visitors.
            visitors = [f"{rng.getrandbits(256):064x}" for _ in range(max(1, reach * 4 // 5))]
            for _ in range(rng.randint(0, reach)):
                clicked_at = shared_at + timedelta(hours=rng.expovariate(1 / 20))
                if clicked_at > now:
                    continue
                clicks.append(
                    Click(
                        link=link,
                        clicked_at=clicked_at,
                        visitor_hash=rng.choice(visitors),
                    )
                )
                if rng.random() < 0.04 and types:
                    slug = rng.choice(list(types))
                    conversions.append(
                        Conversion(
                            link=link,
                            conversion_type=types[slug],
                            occurred_at=clicked_at + timedelta(minutes=rng.randint(1, 30)),
                            source=rng.choice(["form", "form", "signed", "pixel"]),
                            reference=f"demo:{len(conversions) + 1}",
                            value=types[slug].value,
                        )
                    )
    planned_times = [share.created_at for share in shares]
    Share.objects.bulk_create(shares, batch_size=500)
    # auto_now_add stamped them with the current time: put each share back on its day.
    for share, shared_at in zip(shares, planned_times, strict=True):
        share.created_at = shared_at
    Share.objects.bulk_update(shares, ["created_at"], batch_size=500)
    Click.objects.bulk_create(clicks, batch_size=2000)
    Conversion.objects.bulk_create(
        [c for c in conversions if c.occurred_at <= now], batch_size=500
    )
    return len(shares)


def build_tracking(stdout=None) -> None:
    """Generate the demo's measurement events once, then roll up every demo day."""
    ambassadors = list(Ambassador.objects.active().select_related("user"))
    kits = demo_kits()
    if not ambassadors or not kits:
        return
    configure_measurement()
    with transaction.atomic():
        # Events are generated once: a database with shares already has its history.
        if not Share.objects.exists():
            count = generate_events(kits, ambassadors, random.Random(2026))
            if stdout:
                stdout.write(f"Generated {count} demo shares with their clicks and conversions.")
    today = timezone.localdate()
    rollup_days([today - timedelta(days=n) for n in range(DAYS, -1, -1)])
