"""The game's receivers of the core's domain signals: each queues the job that scores the
event, so nothing the game does runs inside the request that shared or the roll-up."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail_advocacy import signals
from wagtail_advocacy.models import Ambassador, Share, ShareKit
from wagtail_advocacy.tasks import enqueue

from . import tasks
from .leaderboards import forget_boards
from .models import BadgeAward, ChallengeWinner, HeldPoints, PointsEntry
from .rewards import keep_redemptions_without


@receiver(signals.share_recorded, dispatch_uid="wagtail_advocacy_game_share")
def score_share(sender, share, **kwargs):
    """A share earns points once its job runs."""
    enqueue(tasks.award_share_points, share.pk)


@receiver(signals.day_rolled_up, dispatch_uid="wagtail_advocacy_game_day")
def score_day(sender, day, **kwargs):
    """A recomputed day's clicks and conversions earn (or lose) points; a challenge whose
    last day it was may now be settled."""
    enqueue(tasks.award_day_points, day.isoformat())
    enqueue(tasks.settle_challenges)


@receiver(signals.profile_completed, dispatch_uid="wagtail_advocacy_game_profile")
def score_complete_profile(sender, ambassador, **kwargs):
    """A complete profile earns its points once, by a job."""
    enqueue(tasks.award_profile_points, ambassador.pk)


@receiver(pre_delete, sender=ShareKit, dispatch_uid="wagtail_advocacy_game_unshare")
def take_back_deleted_shares(sender, instance, **kwargs):
    """Deleting a kit (with its page) deletes its shares: their points are taken back, by a
    job once the deletion is committed. Withdrawing a kit keeps its shares, and their
    points; an erasure deletes the ambassador's shares directly, not through a kit, and
    their ledger goes with their data (``erase_points``), so it takes nothing back."""
    share_ids = list(Share.objects.filter(kit=instance).values_list("pk", flat=True))
    if share_ids:
        transaction.on_commit(lambda: enqueue(tasks.take_back_shares, share_ids))


@receiver(post_save, sender=Ambassador, dispatch_uid="wagtail_advocacy_game_visibility")
@receiver(post_delete, sender=Ambassador, dispatch_uid="wagtail_advocacy_game_erasure")
def forget_boards_naming(sender, **kwargs):
    """A changed visibility choice (or an erased ambassador) applies to the next board shown,
    not to the next scoring: cached boards hold names."""
    forget_boards()


@receiver(signals.ambassador_erased, dispatch_uid="wagtail_advocacy_game_erasure_ledger")
def erase_points(sender, ambassador, **kwargs):
    """An erased ambassador's points go with the rest of their data; totals of the ledger
    are no report's figure, so nothing is folded. Their reward requests and donations
    record money the exports and totals count: they stay, without them."""
    PointsEntry.objects.filter(ambassador=ambassador).erase()
    BadgeAward.objects.filter(ambassador=ambassador).erase()
    ChallengeWinner.objects.filter(ambassador=ambassador).erase()
    HeldPoints.objects.filter(ambassador=ambassador).delete()
    keep_redemptions_without(ambassador)
    forget_boards()
