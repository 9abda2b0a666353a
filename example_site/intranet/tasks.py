"""The example intranet's background jobs, enqueued with wagtail-advocacy's ``enqueue``
(registered in ``IntranetConfig.ready``)."""

from django.contrib.auth import get_user_model


def send_newsletter(page_id: int, user_ids: list[int]) -> int:
    """Email the live newsletter ``page_id`` to the active users among ``user_ids``; returns
    how many messages left. Nothing if the page was unpublished or deleted meanwhile.

    Idempotent: each (newsletter, employee) is claimed with an insert before the email
    leaves, so a retried or doubled run sends nobody the issue twice."""
    from .models import NewsletterPage
    from .newsletter import send_newsletter as send

    page = NewsletterPage.objects.live().filter(pk=page_id).first()
    if page is None:
        return 0
    recipients = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    return send(page, recipients)
