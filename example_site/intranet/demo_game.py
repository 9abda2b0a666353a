"""Demo data for the game: Northwind switches every element of it on, the demo's shares,
clicks and conversions earn their points, and the newsletters carry a leaderboard.

A fresh install offers no element of the game; the demo shows them all. ``build_game()`` is
idempotent (the ledger's keys and the blocks' presence are checked), and does nothing when
the site leaves ``wagtail_advocacy.game`` out of ``INSTALLED_APPS``.
"""

import datetime

from django.apps import apps
from django.utils import timezone

from wagtail_advocacy.models import DailyStat, Share

from .models import NewsletterPage


def build_game() -> None:
    """Switch every element of the game on, score the demo's past, add the leaderboards."""
    if not apps.is_installed("wagtail_advocacy.game"):
        return
    from wagtail_advocacy.game.points import award_day, award_share
    from wagtail_advocacy.game.rules import Feature, game_settings

    settings = game_settings()
    for feature in Feature:
        setattr(settings, f"{feature.value}_enabled", True)
    settings.full_clean()
    settings.save()

    for share in Share.objects.select_related("ambassador").order_by("created_at", "pk"):
        award_share(share)
    for day in DailyStat.objects.order_by().values_list("day", flat=True).distinct():
        award_day(day)
    _add_leaderboards()
    _add_rewards()
    _add_donations()
    _add_challenge()


def _add_rewards() -> None:
    """A small catalogue and two charities, so the rewards pages have something to offer."""
    from decimal import Decimal

    from wagtail_advocacy.game.models import Charity, Reward

    rewards = [
        ("Northwind hoodie", "A grey hoodie with the logo.", 150, Decimal("35.00"), 20),
        ("Half a day off", "To spend within the quarter.", 400, Decimal("120.00"), None),
        ("Conference ticket", "A seat at the spring trade fair.", 800, Decimal("450.00"), 2),
    ]
    for title, description, price, value, stock in rewards:
        Reward.objects.get_or_create(
            title=title,
            defaults={
                "description": description,
                "points_price": price,
                "value": value,
                "stock": stock,
                "low_stock_threshold": 1 if stock else None,
                "alert_emails": "office@northwind.example" if stock else "",
            },
        )
    charities = [
        ("City food bank", "Meals for families in the city.", Decimal("0.05"), 50),
        ("Reforest now", "Trees planted where forests burned.", Decimal("0.05"), None),
    ]
    for name, description, rate, matching in charities:
        Charity.objects.get_or_create(
            name=name,
            defaults={"description": description, "rate": rate, "matching_percentage": matching},
        )


def _add_donations() -> None:
    """Léa and Lena gave some of their points to the charities, and the latest newsletter
    says what the points gave. Camille keeps hers, for the hoodie."""
    from django.contrib.auth import get_user_model

    from wagtail_advocacy.game.models import Charity, Redemption
    from wagtail_advocacy.game.rewards import RedemptionRefused, donate
    from wagtail_advocacy.people.programme import get_active_ambassador

    gifts = [("lea", "City food bank", 100), ("lena", "Reforest now", 80)]
    for username, charity_name, points in gifts:
        user = get_user_model().objects.filter(username=username).first()
        ambassador = get_active_ambassador(user) if user else None
        charity = Charity.objects.filter(name=charity_name).first()
        if ambassador is None or charity is None:
            continue
        if Redemption.objects.filter(ambassador=ambassador, charity=charity).exists():
            continue
        try:
            gift = donate(ambassador, charity.pk, points)
        except RedemptionRefused:
            continue  # not enough points in this demo's past: no gift
        # Pledged a week ago, before the latest issue came out: its block counts them.
        Redemption.objects.filter(pk=gift.pk).update(
            requested_at=timezone.now() - datetime.timedelta(days=7)
        )
    newsletter = NewsletterPage.objects.order_by("-date").first()
    if newsletter is None or any(block.block_type == "donations" for block in newsletter.body):
        return
    newsletter.body.append(("donations", {"title": "What our points gave", "period": "all_time"}))
    newsletter.save_revision().publish()


def _add_challenge() -> None:
    """A collective challenge over this month, so "My impact" shows one running."""
    from wagtail_advocacy.game.models import Challenge, ChallengeGoal, ChallengeScope

    today = timezone.localdate()
    next_month = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    Challenge.objects.get_or_create(
        title="Everyone together: 500 clicks this month",
        defaults={
            "description": "Every unique click on a link you share counts for all of us.",
            "starts_on": today.replace(day=1),
            "ends_on": next_month - datetime.timedelta(days=1),
            "scope": ChallengeScope.COLLECTIVE,
            "goal": ChallengeGoal.UNIQUE_CLICKS,
            "target": 500,
            "bonus_points": 50,
        },
    )


def _add_leaderboards() -> None:
    """The latest newsletter ranks its month's points; the one before, its month's shares.
    Each board is of the month its issue came out in: a month that is over is frozen the
    first time it is shown."""
    boards = [
        {"title": "Our top ambassadors this month", "metric": "points", "period": "month"},
        {"title": "This month's most active ambassadors", "metric": "shares", "period": "month"},
    ]
    newsletters = NewsletterPage.objects.order_by("-date")[: len(boards)]
    for newsletter, value in zip(newsletters, boards, strict=False):
        if any(block.block_type == "leaderboard" for block in newsletter.body):
            continue
        newsletter.body.append(("leaderboard", {"kind": "ambassadors", "top": 5, **value}))
        newsletter.save_revision().publish()
