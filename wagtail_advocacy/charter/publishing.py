"""What publishing the charter page does: record a version, and queue its emails.

Connected to Wagtail's ``page_published`` when the app starts (``apps.ready``).
"""

from django.db import transaction
from wagtail.signals import page_published

from .. import tasks
from ..models.pages import CharterPageMixin
from .versions import record_published_version


def record_charter_version(sender, instance, revision=None, **kwargs):
    """On every page publication: a charter page's publication may make a version."""
    if not isinstance(instance, CharterPageMixin):
        return
    version = record_published_version(instance, revision)
    if version is not None:
        # At once for a version in effect now; the hourly run catches later ones.
        transaction.on_commit(lambda: tasks.enqueue(tasks.send_charter_notices))


def connect_charter_publishing() -> None:
    """Listen to publications of every page type (charter pages may be the host's own)."""
    page_published.connect(record_charter_version, dispatch_uid="wagtail_advocacy_charter")
