"""The game's background jobs, enqueued through the core's ``wagtail_advocacy.tasks.enqueue``
(this module is registered as a job module in ``AppConfig.ready``). Each is idempotent:
running it twice leaves the ledger identical."""

from datetime import date

from wagtail_advocacy.models import Share

from . import alerts, badges, points
from .leaderboards import forget_boards


def award_share_points(share_id: int) -> int:
    """Award a share its points (and the first-share bonus) and the badges it earns.
    Returns the points entries written."""
    share = Share.objects.select_related("ambassador").filter(pk=share_id).first()
    if share is None:  # deleted with its kit before the job ran
        return 0
    written = points.award_share(share)
    badges.award_badges([share.ambassador_id])
    forget_boards()
    return len(written)


def award_day_points(day: date | str) -> int:
    """Award (or correct) the unique clicks and conversions of ``day`` (a date or
    "YYYY-MM-DD"), after its roll-up, and the badges now reached. Returns the points
    entries written."""
    written = points.award_day(date.fromisoformat(day) if isinstance(day, str) else day)
    badges.award_badges()  # conversions counted, shares rolled up
    forget_boards()  # the day's shares, clicks and conversions changed too
    return len(written)


def send_low_stock_alert(reward_id: int) -> int:
    """Tell the people in charge of a reward that its stock fell to the alert threshold
    (once until the stock is raised again). Returns the emails sent."""
    return alerts.send_low_stock_alert(reward_id)
