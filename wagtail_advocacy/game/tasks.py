"""The game's background jobs, enqueued through the core's ``wagtail_advocacy.tasks.enqueue``
(this module is registered as a job module in ``AppConfig.ready``). Each is idempotent:
running it twice leaves the ledger identical."""

from datetime import date

from wagtail_advocacy.models import Ambassador, Share

from . import alerts, badges, challenges, points
from .leaderboards import forget_boards, panel_boards
from .rules import Feature, game_settings, is_switched_on


def refresh_boards() -> None:
    """Forget the cached boards and compute the dashboard's again, in the job that changed
    the figures, so that the next request reads them from the cache instead of ranking."""
    forget_boards()
    settings = game_settings()
    if is_switched_on(settings, Feature.LEADERBOARDS):
        panel_boards(settings)


def award_share_points(share_id: int) -> int:
    """Award a share its points (and the first-share bonus) and the badges it earns; the
    boards stay as cached until the next roll-up's scoring. Returns the points entries
    written."""
    share = Share.objects.select_related("ambassador").filter(pk=share_id).first()
    if share is None:  # deleted with its kit before the job ran
        return 0
    written = points.award_share(share)
    badges.award_badges([share.ambassador_id])
    # The boards are not ranked again for each share: a campaign's burst of shares would rank
    # them as many times (0.7 s each for 100,000 ambassadors, benchmarks/leaderboard.py). The
    # share's points reach them with the next roll-up's scoring, within the hour, as its
    # clicks do; the ambassador's balance on "My impact" has them at once.
    return len(written)


def award_day_points(day: date | str) -> int:
    """Award (or correct) the unique clicks and conversions of ``day`` (a date or
    "YYYY-MM-DD"), after its roll-up, and the badges now reached. Returns the points
    entries written."""
    written = points.award_day(date.fromisoformat(day) if isinstance(day, str) else day)
    badges.award_badges()  # conversions counted, shares rolled up
    refresh_boards()  # the day's shares, clicks and conversions changed too
    return len(written)


def settle_challenges() -> int:
    """Settle every challenge that has ended and whose last day is rolled up: winners, bonus
    points, badges (scheduled hourly, queued after each roll-up). Returns the challenges
    settled; a second run settles nothing more."""
    settled = challenges.settle_ended_challenges()
    if settled:
        refresh_boards()  # bonus points change the points boards
    return settled


def award_profile_points(ambassador_id: int) -> int:
    """Award the points for a complete profile, once ever. Returns the entries written."""
    ambassador = Ambassador.objects.filter(pk=ambassador_id).first()
    if ambassador is None:
        return 0
    written = points.award_complete_profile(ambassador)
    if written:
        refresh_boards()
    return len(written)


def take_back_shares(share_ids: list[int]) -> int:
    """Take back the points of deleted shares (``points.take_back_share``), once each.
    Returns the entries written."""
    written = [entry for share_id in share_ids for entry in points.take_back_share(share_id)]
    if written:
        refresh_boards()
    return len(written)


def send_low_stock_alert(reward_id: int) -> int:
    """Tell the people in charge of a reward that its stock fell to the alert threshold
    (once until the stock is raised again). Returns the emails sent."""
    return alerts.send_low_stock_alert(reward_id)
