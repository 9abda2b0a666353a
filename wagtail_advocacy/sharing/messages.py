"""The words of a share: the site's sharing rules, the message offered, and its checks.

The share dialog, the share flow and the editors' kit form all check a message here, so no
message is saved that the share flow then refuses.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models.kits import ShareKit
from ..models.people import Ambassador
from ..models.settings import SharingSettings
from ..models.sharing import Share
from ..models.tracking import TrackedLink
from ..sanitize import plain_text
from ..sites import default_site
from ..tracking.links import tracked_url
from . import networks

LINK_PLACEHOLDER = "{link}"
NAME_PLACEHOLDER = "{name}"

# A stand-in for a tracked link not minted yet: same length as a real token
# (models.tracking.new_link_token makes 16 characters), so the counter is right before the share.
_STAND_IN_TOKEN = "x" * 16


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
    return _with_kit_hashtags(render_message(text, None, ambassador.display_name), kit)


def _with_kit_hashtags(text: str, kit: ShareKit) -> str:
    missing = _hashtags_missing_from(text, kit.hashtags)
    return " ".join([text, *missing]) if missing else text


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
    site = site or default_site()
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
