"""Rewards and charities: what an ambassador may spend points on, spending them, and the
fulfilment of each request. Views, jobs and the admin call these functions; none re-checks
what they decide.

Spending is atomic: the ambassador's row is locked (as ``points.award_share`` does) while the
balance is read from the ledger and the negative entry written, and a reward's stock is taken
with a conditional UPDATE. So however many requests race, the balance never goes below zero,
the stock never below zero, and nothing is bought twice with the same points.

A request made from a confirmation form carries that form's one-time key
(``new_request_key``), signed for the ambassador, and the key is unique among requests: the
same form submitted twice (a double click, a request sent again) returns the first request
and spends nothing more, however the two race.
"""

import datetime
import secrets
from decimal import Decimal

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from wagtail_advocacy.models import Ambassador
from wagtail_advocacy.tasks import enqueue

from . import tasks
from .models import Charity, PointsEntry, PointsReason, Redemption, RedemptionStatus, Reward
from .rules import Feature, game_settings, is_switched_on, takes_part

CENT = Decimal("0.01")

#: The most points one donation may give (a typo guard, well above any balance).
MAX_DONATION_POINTS = 10_000_000


#: Separates the signatures of request keys from every other use of the secret key.
REQUEST_KEY_SALT = "wagtail_advocacy.game.request_key"


class RedemptionRefused(Exception):
    """A request the rules refuse, with the reason to show the person who made it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvalidRequestKey(RedemptionRefused):
    """A request whose one-time key is missing, forged or another ambassador's: a form
    that was not ours to submit, rather than a request the rules refuse."""

    def __init__(self):
        super().__init__(
            _("This confirmation is not valid: go back to the rewards and confirm again.")
        )


def new_request_key(ambassador: Ambassador) -> str:
    """A one-time key for a confirmation form of ``ambassador``'s: a random token, signed
    with their id so that no one else's form can carry it."""
    return signing.dumps(
        {"ambassador": ambassador.pk, "token": secrets.token_urlsafe(32)}, salt=REQUEST_KEY_SALT
    )


def _token_of(ambassador: Ambassador, request_key: str) -> str:
    """The random token of ``request_key``; raises ``InvalidRequestKey`` unless the key is
    one ``new_request_key`` made for ``ambassador``."""
    try:
        signed = signing.loads(request_key or "", salt=REQUEST_KEY_SALT)
    except signing.BadSignature:
        raise InvalidRequestKey from None
    if not isinstance(signed, dict) or signed.get("ambassador") != ambassador.pk:
        raise InvalidRequestKey
    token = signed.get("token")
    if not isinstance(token, str) or not token:
        raise InvalidRequestKey
    return token


def rewards_open_to(ambassador: Ambassador | None) -> bool:
    """Whether rewards are switched on and ``ambassador`` (an active one) is in the game."""
    if ambassador is None or not ambassador.is_active:
        return False
    settings = game_settings()
    return is_switched_on(settings, Feature.REWARDS) and takes_part(settings, ambassador)


def offered_rewards(ambassador: Ambassador, *, in_stock=True):
    """The rewards offered to ``ambassador`` now: to everyone or to their team, not ended,
    and (unless ``in_stock`` is false) in stock."""
    today = timezone.localdate()
    rewards = Reward.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).filter(
        Q(teams__isnull=True) | Q(teams=ambassador.team_id)
    )
    if in_stock:
        rewards = rewards.filter(Q(stock__isnull=True) | Q(stock__gt=0))
    return rewards.distinct()


def spendable_balance(ambassador: Ambassador) -> int:
    """The points ``ambassador`` can spend: the sum of their ledger."""
    return PointsEntry.objects.filter(ambassador=ambassador).aggregate(
        total=Sum("points", default=0)
    )["total"]


def _lock(ambassador: Ambassador) -> None:
    """Lock the ambassador's row for the transaction: one spending of theirs at a time."""
    Ambassador.objects.select_for_update().filter(pk=ambassador.pk).first()


def _check_balance(ambassador: Ambassador, points: int) -> None:
    """Refuse when ``ambassador``'s balance is short of ``points``."""
    available = spendable_balance(ambassador)
    if available < points:
        raise RedemptionRefused(
            _("You need %(points)s points for this and have %(balance)s.")
            % {"points": points, "balance": available}
        )


def _made_with(ambassador: Ambassador, token: str | None) -> Redemption | None:
    """The request ``ambassador`` already made with the key ``token``, if any."""
    if token is None:
        return None
    return Redemption.objects.filter(ambassador=ambassador, request_key=token).first()


def _create_once(token: str | None, **fields) -> tuple[Redemption, bool]:
    """The new request, and True; or, when a request with the key ``token`` won a race to
    be made, that one and False. The unique key decides, in a savepoint so that the
    transaction goes on."""
    try:
        with transaction.atomic():
            return Redemption.objects.create(request_key=token, **fields), True
    except IntegrityError:
        existing = _made_with(fields["ambassador"], token)
        if existing is None:  # not a duplicate key (or another ambassador's): a real error
            raise
        return existing, False


def _spend(redemption: Redemption) -> None:
    PointsEntry.objects.create(
        ambassador_id=redemption.ambassador_id,
        reason=PointsReason.REDEMPTION,
        day=timezone.localdate(),
        quantity=1,
        rule_value=redemption.points,
        points=-redemption.points,
        cause=f"redemption:{redemption.pk}",
        idempotency_key=f"redemption:{redemption.pk}",
    )


def redeem_reward(ambassador: Ambassador, reward_id, request_key: str | None = None) -> Redemption:
    """Spend ``ambassador``'s points on the reward ``reward_id``: the request goes to the
    fulfilment queue. Raises ``RedemptionRefused`` when rewards are off for them, the reward
    is not offered to them (unknown, ended, another team's, out of stock) or their points
    fall short.

    ``request_key`` is the confirmation form's (``new_request_key``): a request already
    made with it is returned as it is, nothing spent again; a key that is not theirs raises
    ``InvalidRequestKey``. Without one (code, not a form), every call is a new request."""
    token = None if request_key is None else _token_of(ambassador, request_key)
    if not rewards_open_to(ambassador):
        raise RedemptionRefused(_("Rewards are not open to you."))
    with transaction.atomic():
        _lock(ambassador)
        if (existing := _made_with(ambassador, token)) is not None:
            return existing
        reward = offered_rewards(ambassador, in_stock=False).filter(pk=reward_id).first()
        if reward is None:
            raise RedemptionRefused(_("This reward is not offered to you (any more)."))
        _check_balance(ambassador, reward.points_price)
        redemption, created = _create_once(
            token,
            ambassador=ambassador,
            reward=reward,
            points=reward.points_price,
            value=reward.value,
        )
        if not created:
            return redemption
        if reward.stock is not None:
            taken = Reward.objects.filter(pk=reward.pk, stock__gte=1).update(stock=F("stock") - 1)
            if not taken:
                raise RedemptionRefused(_("This reward is out of stock."))
            left = Reward.objects.filter(pk=reward.pk).values_list("stock", flat=True).get()
            if reward.low_stock_threshold is not None and left <= reward.low_stock_threshold:
                transaction.on_commit(lambda: _queue_low_stock_alert(reward.pk))
        _spend(redemption)
    return redemption


def donate(
    ambassador: Ambassador, charity_id, points, request_key: str | None = None
) -> Redemption:
    """Give ``points`` of ``ambassador``'s to the charity ``charity_id``, at its rate, with
    the company's matching. Raises ``RedemptionRefused`` and reads ``request_key`` as
    ``redeem_reward`` does."""
    token = None if request_key is None else _token_of(ambassador, request_key)
    if not rewards_open_to(ambassador):
        raise RedemptionRefused(_("Rewards are not open to you."))
    if not isinstance(points, int) or not 0 < points <= MAX_DONATION_POINTS:
        raise RedemptionRefused(_("Give a whole number of points, at least 1."))
    with transaction.atomic():
        _lock(ambassador)
        if (existing := _made_with(ambassador, token)) is not None:
            return existing
        charity = Charity.objects.filter(pk=charity_id).first()
        if charity is None:
            raise RedemptionRefused(_("This charity is not in the catalogue (any more)."))
        _check_balance(ambassador, points)
        donation = charity.donation_for(points)
        redemption, created = _create_once(
            token,
            ambassador=ambassador,
            charity=charity,
            points=points,
            value=donation,
            matching=charity.matching_for(donation),
        )
        if created:
            _spend(redemption)
    return redemption


# Which status each decision moves a request from, and to.
TRANSITIONS = {
    "approve": ([RedemptionStatus.REQUESTED], RedemptionStatus.APPROVED),
    "fulfil": ([RedemptionStatus.APPROVED], RedemptionStatus.FULFILLED),
    "reject": ([RedemptionStatus.REQUESTED, RedemptionStatus.APPROVED], RedemptionStatus.REJECTED),
}


def decide(redemption_id, decision: str, user, comment: str = "") -> Redemption:
    """Move a request on (``decision``: approve, fulfil or reject), by ``user``. A
    rejection needs a comment, which the ambassador reads, and gives the points back (and the
    reward back to the stock). The status moves with a conditional UPDATE, so two people
    deciding at once cannot both refund. Raises ``RedemptionRefused`` otherwise."""
    if decision not in TRANSITIONS:
        raise RedemptionRefused(_("Unknown decision."))
    comment = (comment or "").strip()
    if decision == "reject" and not comment:
        raise RedemptionRefused(_("Say why the request is rejected: the ambassador reads it."))
    sources, target = TRANSITIONS[decision]
    now = timezone.now()
    changes = {"status": target, "decided_at": now, "decided_by": user}
    if target == RedemptionStatus.FULFILLED:
        changes["fulfilled_at"] = now
    if target == RedemptionStatus.REJECTED:
        changes["comment"] = comment
    with transaction.atomic():
        moved = Redemption.objects.filter(pk=redemption_id, status__in=sources).update(**changes)
        if not moved:
            raise RedemptionRefused(_("This request is not waiting for that decision."))
        redemption = Redemption.objects.select_related("reward", "charity").get(pk=redemption_id)
        if target == RedemptionStatus.REJECTED:
            _refund(redemption)
    return redemption


def _refund(redemption: Redemption) -> None:
    """Give a rejected request's points back (unless its ambassador was erased: no ledger
    to give them to), and its reward back to the stock."""
    if redemption.ambassador_id is not None:
        PointsEntry.objects.create(
            ambassador_id=redemption.ambassador_id,
            reason=PointsReason.REFUND,
            day=timezone.localdate(),
            quantity=1,
            rule_value=redemption.points,
            points=redemption.points,
            cause=f"refund:{redemption.pk}",
            idempotency_key=f"refund:{redemption.pk}",
        )
    _return_to_stock(redemption)


def _return_to_stock(redemption: Redemption) -> None:
    if redemption.reward_id is not None:
        Reward.objects.filter(pk=redemption.reward_id, stock__isnull=False).update(
            stock=F("stock") + 1
        )


def keep_redemptions_without(ambassador: Ambassador) -> None:
    """On erasure, keep ``ambassador``'s requests without them: the money they record stays
    in the payroll and finance exports and the donation totals, and nothing names them (the
    comment, which may, is emptied).

    A reward still waiting (requested or approved) is rejected and goes back to the stock:
    there is no one left to hand it to. Its points are not given back, as their ledger is
    erased with them. A donation still waiting stays pledged: the charity's gift needs no
    one, and the queue approves and fulfils it as any other. Comments and request keys are
    emptied."""
    sources, rejected = TRANSITIONS["reject"]
    with transaction.atomic():
        waiting = Redemption.objects.filter(
            ambassador=ambassador, reward__isnull=False, status__in=sources
        )
        for redemption in waiting:
            # Conditional, as ``decide``: a decision taken at the same moment wins once.
            moved = Redemption.objects.filter(pk=redemption.pk, status__in=sources).update(
                status=rejected, decided_at=timezone.now(), decided_by=None
            )
            if moved:
                _return_to_stock(redemption)
        # The request key goes too: a confirmation posted again after they rejoin (the same
        # ambassador row) is a new request, not a clash with one that is no longer theirs.
        Redemption.objects.filter(ambassador=ambassador).update(
            ambassador=None, comment="", request_key=None
        )


def _queue_low_stock_alert(reward_id: int) -> None:
    enqueue(tasks.send_low_stock_alert, reward_id)


def money(amount) -> Decimal:
    """``amount`` (a sum the database gave, None for no row) to the cent."""
    return Decimal(amount or 0).quantize(CENT)


def money_text(amount, currency: str) -> str:
    """``amount`` to the cent as the reader's language writes numbers, with the currency's
    code (``GameSettings.currency``): "1,234.50 EUR", "1 234,50 EUR". The one way every page,
    block, email and panel of the rewards shows money."""
    number = number_format(money(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    return _("%(amount)s %(currency)s") % {"amount": number, "currency": currency}


def donated_totals(period=None) -> list[dict]:
    """Per charity (by name), the donations pledged (not rejected), their count, points and
    the company's matching, over all time or the days of ``period`` (a
    ``leaderboards.Period``): one query."""
    rows = Redemption.objects.filter(charity__isnull=False).exclude(
        status=RedemptionStatus.REJECTED
    )
    if period is not None:
        rows = rows.filter(requested_at__date__lte=period.end)
        if period.start > datetime.date.min:
            rows = rows.filter(requested_at__date__gte=period.start)
    rows = (
        rows.values("charity__name")
        .annotate(
            donations=Count("pk"),
            points=Sum("points"),
            donated=Sum("value"),
            matched=Sum("matching"),
        )
        .order_by("charity__name")
    )
    return [
        {**row, "donated": money(row["donated"]), "matched": money(row["matched"])} for row in rows
    ]


def donation_summary(settings, period=None) -> dict:
    """``donated_totals`` with their sums and the game ``settings``' currency: what the
    dashboard panel and the donations block show."""
    totals = donated_totals(period)
    return {
        "currency": settings.currency,
        "totals": totals,
        "donated": money(sum(row["donated"] for row in totals)),
        "matched": money(sum(row["matched"] for row in totals)),
    }
