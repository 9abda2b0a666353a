"""Attribution: which tracked link brought the visitor who submits one of the site's forms.

``AttributionMiddleware`` remembers the link's token in a signed first-party cookie and sets
``current_attribution`` for the request; a form-page submission then counts as a conversion
of that link (``attribute_form_submission``, connected in ``signals``).
"""

from contextvars import ContextVar

from django.apps import apps
from django.db.models.signals import post_save

from ..models.tracking import (
    DEFAULT_CONVERSION_TYPE_NAMES,
    Conversion,
    ConversionType,
    TrackedLink,
)
from .conversions import ConversionReplayed, record_conversion
from .links import is_link_token

# Conversion type of form-page submissions, unless the page class sets
# ``advocacy_conversion_type = "<slug>"``.
DEFAULT_FORM_CONVERSION_TYPE = "lead"

# The tracked-link token the current request is attributed to (set by AttributionMiddleware).
current_attribution: ContextVar[str | None] = ContextVar("advocacy_attribution", default=None)


def attribute_form_submission(submission, page=None) -> Conversion | None:
    """Record a conversion for a form-page submission of an attributed visitor, if any.

    Called on ``post_save`` of every ``AbstractFormSubmission`` subclass, so the host's own
    form pages count without a change to their code.
    """
    token = current_attribution.get()
    if not is_link_token(token):
        return None
    link = TrackedLink.objects.filter(token=token).first()
    if link is None:
        return None
    page = page or submission.page.specific
    slug = getattr(page, "advocacy_conversion_type", None) or DEFAULT_FORM_CONVERSION_TYPE
    # A default type an editor deleted comes back under its usual (translated) name.
    name = DEFAULT_CONVERSION_TYPE_NAMES.get(slug, (slug.replace("-", " ").capitalize(),))[0]
    conversion_type, _created = ConversionType.objects.get_or_create(
        slug=slug, defaults={"name": name}
    )
    try:
        return record_conversion(
            link,
            conversion_type,
            source=Conversion.Source.FORM,
            reference=f"{submission._meta.label_lower}:{submission.pk}",
            occurred_at=submission.submit_time,
        )
    except ConversionReplayed:
        return None


def connect_form_submissions():
    """Count form-page submissions as conversions, whatever the host's submission class.

    Hosts may subclass ``AbstractFormSubmission``, so the receiver listens to every model's
    saves and keeps the submissions. Only when ``wagtail.contrib.forms`` is installed, which
    the app does not require: its import waits for the app registry to say so.
    """
    if not apps.is_installed("wagtail.contrib.forms"):
        return
    from wagtail.contrib.forms.models import AbstractFormSubmission

    def attribute_form_submissions(sender, instance, created, raw=False, **kwargs):
        if created and not raw and isinstance(instance, AbstractFormSubmission):
            attribute_form_submission(instance)

    post_save.connect(
        attribute_form_submissions, weak=False, dispatch_uid="advocacy_form_conversions"
    )
