"""Sharing a kit: who may share it now, and recording the share with its tracked link.

Views, the share bar and tests call these; none of them re-implements a rule.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import signals
from ..charter.acceptance import version_to_accept
from ..models.kits import ShareKit
from ..models.people import Ambassador
from ..models.sharing import Share
from ..models.tracking import TrackedLink
from ..people.programme import get_active_ambassador
from ..sites import site_of_page
from ..tracking.links import get_or_mint_link, tracked_url
from . import networks
from .messages import (
    SharingRules,
    render_message,
    sharing_rules,
    stand_in_link,
    validate_message,
)


class ShareRefused(Exception):
    """The kit cannot be shared by this person now; ``reason`` says why.

    ``closed``: outside its share window or withdrawn (the view answers 410);
    ``not_ambassador``: not an active ambassador (sent to the gate);
    ``suspended``: an administrator suspended their sharing (403, with the reason);
    ``not_in_audience``: the kit is for other teams (403);
    ``charter``: the binding charter version in effect is not accepted yet (sent to accept it).
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_can_share(user, kit: ShareKit) -> Ambassador:
    """The active ambassador ``user`` is, if they may share ``kit`` now; else ShareRefused.

    The one decision every share route asks (the dialog, copy link, QR code, the share
    itself): the kit is open (window, not withdrawn, page live), the user is an active
    ambassador whose sharing is not suspended (``Ambassador.can_share``), the kit is meant
    for them (its audience), and they accepted the binding
    charter version in effect (``charter.acceptance.version_to_accept``). ``kit`` is loaded
    with its page.
    """
    if not kit.is_shareable_now():
        raise ShareRefused("closed")
    ambassador = get_active_ambassador(user)
    if ambassador is None:
        raise ShareRefused("not_ambassador")
    if not ambassador.can_share:
        raise ShareRefused("suspended")
    if not ShareKit.objects.shareable_by(user).filter(pk=kit.pk).exists():
        raise ShareRefused("not_in_audience")
    if version_to_accept(ambassador) is not None:
        raise ShareRefused("charter")
    return ambassador


@dataclass(frozen=True)
class ShareResult:
    """What a share produced: the event (its ``message`` the final text, as validated and
    stored), the tracked link, and where to send the browser: the network's intent, none
    for pseudo-networks and for networks where the ambassador pastes the text."""

    share: Share
    link: TrackedLink
    url: str
    intent_url: str | None


def share_kit(
    user,
    kit: ShareKit,
    network: str,
    text: str,
    request=None,
    *,
    rules: SharingRules | None = None,
    mastodon_instance: str | None = None,
) -> ShareResult:
    """Record one share of ``kit`` by ``user`` on ``network`` and build its intent URL.

    Checks the rules (``check_can_share``, the network offered, the message), then in one
    transaction gets or mints the (ambassador, kit, network) tracked link and records the
    Share. Nothing is stored when anything is refused. For a network that takes only the
    link (``needs_paste``), the share's message is the final text, link inside, to hand the
    ambassador, and there is no intent URL. A Mastodon instance given here is remembered on
    the ambassador. Copying one's link or its QR code is ``share_own_link``.
    """
    ambassador = check_can_share(user, kit)
    rules = rules or sharing_rules(request, site=None if request else site_of_page(kit.page))
    network_def = networks.NETWORKS.get(network)
    if network_def is None or network_def.is_pseudo or network not in rules.networks:
        raise ValidationError(_("Choose one of the networks offered."), code="network")
    message = validate_message(text, network, rules, link=stand_in_link(request))
    instance = None
    if network_def.needs_instance:
        instance = networks.clean_mastodon_instance(
            mastodon_instance or ambassador.mastodon_instance
        )
    with transaction.atomic():
        if instance and instance != ambassador.mastodon_instance:
            Ambassador.objects.filter(pk=ambassador.pk).update(mastodon_instance=instance)
            ambassador.mastodon_instance = instance
        share = _record_share(ambassador, kit, network_def, message, request)
    intent = None
    if not network_def.needs_paste:
        intent = networks.intent_url(
            network_def, share.message, share.url, subject=kit.title, instance=instance
        )
    return ShareResult(share=share, link=share.link, url=share.url, intent_url=intent)


def share_own_link(user, kit: ShareKit, network: str, request=None) -> ShareResult:
    """Record that ``user`` took their tracked link of ``kit`` to post it themselves: copied
    (``networks.COPY_LINK``) or as a QR code (``networks.QR_CODE``). No message, no intent."""
    if network not in (networks.COPY_LINK, networks.QR_CODE):
        raise ValueError(f"{network!r} is not a way to take one's own link")
    ambassador = check_can_share(user, kit)
    with transaction.atomic():
        share = _record_share(ambassador, kit, networks.get_network(network), "", request)
    return ShareResult(share=share, link=share.link, url=share.url, intent_url=None)


def _record_share(ambassador, kit, network_def, message: str, request) -> Share:
    """Get or mint the ambassador's link of ``kit`` on the network and store the Share, its
    message with the link filled in (``share.url`` is the link's public URL)."""
    link = get_or_mint_link(ambassador, kit, network_def.key)
    url = tracked_url(link, request)
    message = render_message(message, url, ambassador.display_name)
    if network_def.needs_paste:
        # No intent adds the link to pasted words (Facebook, Xing): it must be in them.
        message = networks.with_link(message, url)
    share = Share.objects.create(
        kit=kit,
        ambassador=ambassador,
        link=link,
        network=network_def.key,
        message=message,
        # As declared now: a later change of the profile does not rewrite past reach.
        declared_audience=ambassador.audience_on(network_def.key),
    )
    share.url = url
    signals.send_on_commit(signals.share_recorded, sender=Share, share=share)
    return share
