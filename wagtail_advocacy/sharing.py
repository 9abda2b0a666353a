"""Domain functions for sharing a kit: choosing the words, checking them, recording the share.

Views, the share bar and tests call these; none of them re-implements a rule.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Site

from . import networks
from .links import get_or_mint_link, tracked_url
from .models import Ambassador, Share, ShareKit, TrackedLink
from .models.settings import SharingSettings
from .sanitize import plain_text

LINK_PLACEHOLDER = "{link}"
NAME_PLACEHOLDER = "{name}"

# A stand-in for a tracked link not minted yet: same length as a real token
# (links.new_link_token makes 16 characters), so the counter is right before the share.
_STAND_IN_TOKEN = "x" * 16


class ShareRefused(Exception):
    """The kit cannot be shared by this person now; ``reason`` says why.

    ``closed``: outside its share window or withdrawn (the view answers 410);
    ``not_ambassador``: not an active ambassador (sent to the gate);
    ``not_in_audience``: the kit is for other teams (403).
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SharingRules:
    """The editor-facing rules that apply to a share (from the SharingSettings site setting)."""

    networks: list[str] = field(default_factory=lambda: list(networks.DEFAULT_NETWORKS))
    disclosure_hashtag: str = ""
    blocked_words: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: SharingSettings) -> "SharingRules":
        """Read the rules from a site's ``SharingSettings``."""
        return cls(
            networks=settings.offered_networks,
            disclosure_hashtag=(settings.disclosure_hashtag or "").strip(),
            blocked_words=tuple(settings.blocked_word_list()),
        )


def sharing_rules(request=None, *, site=None) -> SharingRules:
    """The rules of the current site: for ``request`` (cached per request) or ``site``."""
    if request is not None:
        return SharingRules.from_settings(SharingSettings.for_request(request))
    return SharingRules.from_settings(SharingSettings.for_site(site))


def check_can_share(user, ambassador: Ambassador | None, kit: ShareKit) -> None:
    """Raise ShareRefused unless ``user`` may share ``kit`` now (kit loaded with its page)."""
    if not kit.is_shareable_now():
        raise ShareRefused("closed")
    if ambassador is None or not ambassador.is_active:
        raise ShareRefused("not_ambassador")
    if not ShareKit.objects.shareable_by(user).filter(pk=kit.pk).exists():
        raise ShareRefused("not_in_audience")


def message_variant_for(ambassador: Ambassador, kit: ShareKit, network: str) -> str:
    """The message template this ambassador is offered for ``kit`` on ``network``.

    Messages written for the network win over general ones. Among those, the choice
    rotates by ambassador (so colleagues do not all post the same words) and by how many
    times they shared this kit already (so sharing again offers other words).
    """
    messages = list(kit.messages.all())
    pool = [m for m in messages if m.network == network] or [m for m in messages if not m.network]
    if not pool:
        return f"{kit.title} {LINK_PLACEHOLDER}"
    already_shared = Share.objects.filter(ambassador=ambassador, kit=kit).count()
    return pool[(ambassador.pk + already_shared) % len(pool)].text


def _hashtags_missing_from(text: str, hashtags: str) -> list[str]:
    present = {tag.lower() for tag in re.findall(r"#\w+", text)}
    return [tag for tag in re.findall(r"#\w+", hashtags or "") if tag.lower() not in present]


def prefilled_message(ambassador: Ambassador, kit: ShareKit, network: str) -> str:
    """What the share dialog's text box starts with: the variant, the ambassador's name in
    it, and the kit's hashtags it does not already carry. ``{link}`` stays visible: it marks
    where the personal link goes."""
    text = message_variant_for(ambassador, kit, network)
    return _with_kit_hashtags(render_message(text, None, ambassador_name(ambassador)), kit)


def _with_kit_hashtags(text: str, kit: ShareKit) -> str:
    missing = _hashtags_missing_from(text, kit.hashtags)
    return " ".join([text, *missing]) if missing else text


def ambassador_name(ambassador: Ambassador) -> str:
    """The name an ambassador signs with: their full name, else their username."""
    user = ambassador.user
    return user.get_full_name() or user.get_username()


def render_message(text: str, link: str | None, name: str) -> str:
    """Fill ``{name}`` and, when ``link`` is given, ``{link}`` in a message.

    Plain replacement, not ``str.format``: an ambassador's braces are just text.
    """
    text = text.replace(NAME_PLACEHOLDER, name)
    if link is not None:
        text = text.replace(LINK_PLACEHOLDER, link)
    return text


def stand_in_link(request=None, *, site=None) -> str:
    """A URL as long as the tracked link the ambassador will get, for counting before minting."""
    return tracked_url(TrackedLink(token=_STAND_IN_TOKEN), request, site=site)


def _contains_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE) is not None


def check_blocked_words(text: str, rules: SharingRules) -> None:
    """Raise a ValidationError naming the first blocked word ``text`` contains (whole words)."""
    for word in rules.blocked_words:
        if _contains_word(text, word):
            raise ValidationError(
                _("“%(word)s” is on the list of blocked words: please rephrase."),
                code="blocked_word",
                params={"word": word},
            )


def validate_message(
    text: str, network: str, rules: SharingRules, *, link: str | None = None
) -> str:
    """The message as it will be shared, or a ValidationError saying what is wrong.

    HTML is stripped first (plain text only), blocked words are refused by name, the
    disclosure hashtag is appended when missing (on every network: where the intent only
    carries the link, the ambassador pastes these words), and the length is counted as
    ``network`` counts it, with ``link`` (a real or stand-in tracked link) where it will be.
    """
    network_def = networks.get_network(network)
    text = plain_text(text)
    check_blocked_words(text, rules)
    tag = rules.disclosure_hashtag
    if tag and not _contains_word(text, tag):
        text = f"{text} {tag}" if text else tag
    if network_def.max_length is not None:
        filled = text.replace(LINK_PLACEHOLDER, link) if link else text
        length = networks.count_length(network_def, filled, link or "")
        if length > network_def.max_length:
            raise ValidationError(
                _(
                    "Your message is %(length)s characters long, as %(network)s counts it; "
                    "the limit is %(limit)s."
                ),
                code="too_long",
                params={
                    "length": length,
                    "network": network_def.label,
                    "limit": network_def.max_length,
                },
            )
    return text


def editor_message_check(kit: ShareKit, site=None):
    """``check(text, network)`` for the messages of ``kit``: it raises the ValidationError an
    ambassador would get sharing that message unchanged.

    For editors, so that no message is saved that the share flow then refuses: blocked
    words on any message; for a message written for one network, that network's length
    too, counted on what the dialog starts with (the kit's hashtags, the disclosure, a link
    as long as a real one; ``{name}`` as written, since every ambassador's name differs).
    The site's rules and the stand-in link are looked up once, for all the kit's messages.
    """
    site = site or _default_site()
    rules = sharing_rules(site=site)
    link = stand_in_link(site=site)

    def check(text: str, network: str) -> None:
        _check_editor_message(_with_kit_hashtags(text, kit), network, rules, link)

    return check


def _check_editor_message(text: str, network: str, rules: SharingRules, link: str) -> None:
    if not network:
        check_blocked_words(plain_text(text), rules)
        return
    try:
        validate_message(text, network, rules, link=link)
    except ValidationError as error:
        if error.code != "too_long":
            raise
        raise ValidationError(
            _(
                "With the hashtags, the disclosure and a personal link, this message is "
                "%(length)s characters long as %(network)s counts it; the limit is %(limit)s."
            ),
            code="too_long",
            params=error.params,
        ) from error


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
    ambassador: Ambassador,
    kit: ShareKit,
    network: str,
    text: str,
    request=None,
    *,
    rules: SharingRules | None = None,
    mastodon_instance: str | None = None,
) -> ShareResult:
    """Record one share of ``kit`` by ``ambassador`` on ``network`` and build its intent URL.

    Checks the rules (window, ambassador, audience, network offered, message), then in one
    transaction gets or mints the (ambassador, kit, network) tracked link and records the
    Share. Nothing is stored when anything is refused. Pseudo-networks ("link", "qr")
    record the share with no message and no intent URL. For a network that takes only the
    link (``needs_paste``), the share's message is the final text, link inside, to hand the
    ambassador, and there is no intent URL either.
    A Mastodon instance given here is remembered on the ambassador.
    """
    user = ambassador.user
    check_can_share(user, ambassador, kit)
    rules = rules or sharing_rules(request, site=None if request else _site_of(kit))
    network_def = networks.get_network(network)
    if not network_def.is_pseudo and network not in rules.networks:
        raise ValidationError(_("This network is not offered."), code="network")
    message = ""
    instance = None
    if not network_def.is_pseudo:
        message = validate_message(text, network, rules, link=stand_in_link(request))
    if network_def.needs_instance:
        instance = networks.clean_mastodon_instance(
            mastodon_instance or ambassador.mastodon_instance
        )
    with transaction.atomic():
        if instance and instance != ambassador.mastodon_instance:
            Ambassador.objects.filter(pk=ambassador.pk).update(mastodon_instance=instance)
            ambassador.mastodon_instance = instance
        link = get_or_mint_link(ambassador, kit, network)
        url = tracked_url(link, request)
        message = render_message(message, url, ambassador_name(ambassador))
        if network_def.needs_paste:
            # No intent adds the link to pasted words (Facebook, Xing): it must be in them.
            message = networks.with_link(message, url)
        share = Share.objects.create(
            kit=kit, ambassador=ambassador, link=link, network=network, message=message
        )
    intent = None
    if not network_def.is_pseudo and not network_def.needs_paste:
        intent = networks.intent_url(
            network_def, message, url, subject=kit.title, instance=instance
        )
    return ShareResult(share=share, link=link, url=url, intent_url=intent)


def _site_of(kit: ShareKit):
    return kit.page.get_site() or _default_site()


def _default_site():
    return Site.objects.get(is_default_site=True)
