"""Signal receivers, connected in ``AppConfig.ready``."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import MeasurementSettings


@receiver(post_save, sender=MeasurementSettings)
def reload_extra_bot_patterns(sender, **kwargs):
    """An editor's new bot patterns apply at once in this process (others within a minute)."""
    from .tracking import forget_extra_bot_patterns

    forget_extra_bot_patterns()
