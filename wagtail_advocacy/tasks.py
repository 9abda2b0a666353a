"""Every background job of wagtail-advocacy, enqueued with django-q2.

Jobs are idempotent: running one twice changes nothing.
"""

from django_q.tasks import async_task

from .digest import send_due_digests


def send_digests() -> int:
    """Email each ambassador whose digest is due the kits new for them (scheduled daily).

    Idempotent: each ambassador's digest is claimed with a conditional UPDATE before it
    is sent, so a retried or doubled run sends nothing twice.
    """
    return send_due_digests()


def queue_digests():
    """Enqueue ``send_digests`` now (the schedule calls the job directly)."""
    return async_task("wagtail_advocacy.tasks.send_digests")
