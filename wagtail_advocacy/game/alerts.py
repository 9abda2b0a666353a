"""The low-stock alert of a reward: an email to the people in charge when the stock falls
to the threshold."""

from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Reward


def send_low_stock_alert(reward_id: int) -> int:
    """Email the people in charge of the reward that its stock fell to the threshold, once
    until the stock is raised again: the alert is claimed with a conditional UPDATE before
    the email leaves. Returns the number of emails sent (0 or 1)."""
    claimed = Reward.objects.filter(
        pk=reward_id, low_stock_alerted_at__isnull=True, low_stock_threshold__isnull=False
    ).update(low_stock_alerted_at=timezone.now())
    if not claimed:
        return 0
    reward = Reward.objects.get(pk=reward_id)
    recipients = sorted(
        {user.email for user in reward.alert_users.all() if user.email}
        | set(reward.alert_email_list())
    )
    if not recipients:
        return 0
    message = EmailMessage(
        subject=str(_("Low stock: %(reward)s") % {"reward": reward.title}),
        body=str(
            _(
                "The reward “%(reward)s” has %(stock)s left (the alert is set at "
                "%(threshold)s). Raise its stock in Game › Rewards, or let it run out."
            )
            % {
                "reward": reward.title,
                "stock": reward.stock,
                "threshold": reward.low_stock_threshold,
            }
        ),
        to=recipients,
    )
    return message.send()
