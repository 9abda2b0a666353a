"""The core's domain signals, and its own receivers (connected in ``AppConfig.ready``).

Optional sub-apps, the game first, listen to the domain signals instead of being called by
the core: the core never imports them, and works the same without them. Each signal is sent
once the change it announces is committed.

- ``share_recorded(sender=Share, share)``: an ambassador shared a kit.
- ``ambassador_joined(sender=Ambassador, ambassador)``: an employee joined the programme.
- ``ambassador_left(sender=Ambassador, ambassador)``: an ambassador left it.
- ``ambassador_erased(sender=Ambassador, ambassador)``: an ambassador had their data erased
  (``people.erasure``); a listener deletes what it keeps about them.
- ``day_rolled_up(sender=DailyStat, day)``: the daily aggregates of ``day`` were recomputed.
- ``profile_completed(sender=Ambassador, ambassador)``: a save made the ambassador's profile
  complete (``people.profile.is_profile_complete``: saved, with a public profile address).
  Sent at the save that first stamps ``profile_completed_at`` when it has an address, else at
  the first save that adds one; again only if every address was removed and one given back,
  so a listener awards once by itself (the game's key ``profile:<ambassador id>``).
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from .models.kits import ShareKit
from .models.settings import MeasurementSettings
from .models.tracking import TrackedLink
from .tracking.bots import forget_extra_bot_patterns
from .tracking.lookup import forget_cached_links

share_recorded = Signal()
ambassador_joined = Signal()
ambassador_left = Signal()
ambassador_erased = Signal()
day_rolled_up = Signal()
profile_completed = Signal()


def send_on_commit(signal: Signal, sender, **kwargs) -> None:
    """Send ``signal`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))


@receiver(post_save, sender=MeasurementSettings)
def reload_extra_bot_patterns(sender, **kwargs):
    """An editor's new bot patterns apply at once in this process (others within a minute)."""
    forget_extra_bot_patterns()


@receiver(post_save, sender=TrackedLink)
def forget_cached_link(sender, instance, **kwargs):
    """A revoked link stops redirecting at once in this process."""
    forget_cached_links([instance.token])


@receiver(post_save, sender=ShareKit)
def forget_cached_links_of_kit(sender, instance, created, **kwargs):
    """A kit's new public URL or campaign applies to its links' next clicks."""
    if not created:
        forget_cached_links(instance.links.values_list("token", flat=True), instance.pk)
