"""Signal receivers, connected in ``AppConfig.ready``."""

from django.apps import apps
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import MeasurementSettings, ShareKit, TrackedLink


@receiver(post_save, sender=MeasurementSettings)
def reload_extra_bot_patterns(sender, **kwargs):
    """An editor's new bot patterns apply at once in this process (others within a minute)."""
    from .tracking import forget_extra_bot_patterns

    forget_extra_bot_patterns()


@receiver(post_save, sender=TrackedLink)
def forget_cached_link(sender, instance, **kwargs):
    """A revoked link stops redirecting at once in this process."""
    from .tracking import forget_cached_links

    forget_cached_links([instance.token])


@receiver(post_save, sender=ShareKit)
def forget_cached_links_of_kit(sender, instance, created, **kwargs):
    """A kit's new public URL or campaign applies to its links' next clicks."""
    from .tracking import forget_cached_links

    if not created:
        forget_cached_links(instance.links.values_list("token", flat=True), instance.pk)


def connect_form_submissions():
    """Count form-page submissions as conversions, whatever the host's submission class.

    Hosts may subclass ``AbstractFormSubmission``, so the receiver listens to every model's
    saves and keeps the submissions.
    """
    if not apps.is_installed("wagtail.contrib.forms"):
        return
    from wagtail.contrib.forms.models import AbstractFormSubmission

    from .conversions import attribute_form_submission

    def attribute_form_submissions(sender, instance, created, raw=False, **kwargs):
        if created and not raw and isinstance(instance, AbstractFormSubmission):
            attribute_form_submission(instance)

    post_save.connect(
        attribute_form_submissions, weak=False, dispatch_uid="advocacy_form_conversions"
    )
