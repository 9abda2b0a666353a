"""The game's receivers of the core's domain signals: each queues the job that scores the
event, so nothing the game does runs inside the request that shared or the roll-up."""

from django.dispatch import receiver

from wagtail_advocacy import signals
from wagtail_advocacy.tasks import enqueue

from . import tasks


@receiver(signals.share_recorded, dispatch_uid="wagtail_advocacy_game_share")
def score_share(sender, share, **kwargs):
    """A share earns points once its job runs."""
    enqueue(tasks.award_share_points, share.pk)


@receiver(signals.day_rolled_up, dispatch_uid="wagtail_advocacy_game_day")
def score_day(sender, day, **kwargs):
    """A recomputed day's clicks and conversions earn (or lose) points."""
    enqueue(tasks.award_day_points, day.isoformat())
