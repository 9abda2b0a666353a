"""An ambassador's profile: saving what they chose, their team, their initials avatar, and
the order of their share buttons.

Only the ambassador edits their profile (``save_profile``, from their own request). An
administrator may set one thing, the team (``set_team``), and only when ambassadors do not
choose it themselves.
"""

import hashlib
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection

from .. import signals
from ..models.people import Ambassador
from ..sanitize import bio_html
from ..sharing.networks import NETWORKS
from ..validators import split_mastodon_account

#: What ``save_profile`` may change: the fields of the profile form, nothing else.
PROFILE_FIELDS = (
    "profile_name",
    "job_title",
    "bio",
    "linkedin_profile",
    "x_profile",
    "xing_profile",
    "facebook_profile",
    "mastodon_account",
    "bluesky_handle",
    "expertise",
    "languages",
    "networks_used",
    "declared_audience",
    "digest_frequency",
    "directory_listed",
    "recognition",
    "credit_clicks",
)

#: ``save_profile(team=KEEP_TEAM)``: the team is not the ambassador's to change here.
KEEP_TEAM = object()

#: The longest bio, counted in characters of text (markup not counted).
BIO_MAX_LENGTH = 1000

# Background colours of the initials avatar: each has a contrast ratio of at least 4.5:1
# with white text (WCAG AA), which ``tests/test_profile.py`` checks.
AVATAR_COLOURS = (
    "#1f5f8b",
    "#6a3d9a",
    "#2e6b30",
    "#a4262c",
    "#7a4a05",
    "#00695c",
    "#a31455",
    "#37474f",
)


def typed_bio_html(text: str) -> str:
    """The HTML stored for a bio as typed: without paragraphs of its own, a blank line
    separates paragraphs and a line break stays one; then ``sanitize.bio_html`` keeps only
    what it allows (and escapes a stray ``<``)."""
    text = (text or "").strip()
    if text and not re.search(r"<p[\s>]", text, re.IGNORECASE):
        text = "".join(
            "<p>{}</p>".format(paragraph.strip().replace("\n", "<br>"))
            for paragraph in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
            if paragraph.strip()
        )
    return bio_html(text)


def team_choices(sharing_settings):
    """The teams an ambassador may choose from on this site, or None when an administrator
    sets them (the "ambassadors may choose their team" switch is off)."""
    if sharing_settings is None or not sharing_settings.ambassadors_choose_team:
        return None
    return sharing_settings.team_choices()


def save_profile(
    ambassador: Ambassador,
    changes: dict,
    *,
    sharing_settings=None,
    team=KEEP_TEAM,
    photo_file=None,
    remove_photo: bool = False,
) -> Ambassador:
    """Save the profile fields in ``changes`` that the ambassador filled in themself.

    The bio is sanitised here, whoever calls; networks keep only known keys; a Mastodon
    account gives its instance when none was remembered. A ``team`` given (None: no team)
    must be one the site lets ambassadors choose (``check_team_choice``, else
    ValidationError). A ``photo_file`` becomes a Wagtail image uploaded by the ambassador;
    ``remove_photo`` forgets the photo. The first save stamps ``profile_completed_at`` (the
    onboarding path's profile step); the save that makes the profile complete
    (``is_profile_complete``) sends ``signals.profile_completed``.
    """
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {', '.join(sorted(unknown))}")
    values = dict(changes)
    if "bio" in values:
        values["bio"] = typed_bio_html(values["bio"])
    if "networks_used" in values:
        values["networks_used"] = [key for key in NETWORKS if key in values["networks_used"]]
    if "declared_audience" in values:
        values["declared_audience"] = {
            key: number
            for key, number in values["declared_audience"].items()
            if key in NETWORKS and number is not None
        }
    was_complete = is_profile_complete(ambassador)
    update_fields = list(values)
    for name, value in values.items():
        setattr(ambassador, name, value)
    if values.get("mastodon_account") and not ambassador.mastodon_instance:
        ambassador.mastodon_instance = split_mastodon_account(values["mastodon_account"])[1]
        update_fields.append("mastodon_instance")
    if ambassador.profile_completed_at is None:
        # The onboarding path's profile step is done once the profile was saved at all.
        ambassador.profile_completed_at = timezone.now()
        update_fields.append("profile_completed_at")
    if team is not KEEP_TEAM:
        check_team_choice(team, sharing_settings)
        ambassador.team = team
        update_fields.append("team")
    with transaction.atomic():
        if photo_file is not None:
            ambassador.photo = _upload_photo(ambassador, photo_file)
            update_fields.append("photo")
        elif remove_photo:
            ambassador.photo = None
            update_fields.append("photo")
        ambassador.save(update_fields=update_fields)
        if not was_complete and is_profile_complete(ambassador):
            signals.send_on_commit(
                signals.profile_completed, sender=Ambassador, ambassador=ambassador
            )
    return ambassador


def is_profile_complete(ambassador: Ambassador) -> bool:
    """The one rule of a complete profile (the first level's "online presence"): saved once,
    with at least one public profile address to show."""
    return ambassador.profile_completed_at is not None and bool(public_profile_links(ambassador))


def _upload_photo(ambassador: Ambassador, photo_file):
    image = get_image_model()(
        title=_("Photo of %(name)s") % {"name": ambassador.display_name},
        file=photo_file,
        collection=Collection.get_first_root_node(),
        uploaded_by_user=ambassador.user,
    )
    image.save()
    return image


def set_team(ambassador: Ambassador, team, *, sharing_settings=None) -> None:
    """An administrator sets the team of ``ambassador``: the one profile field they may set,
    and only while ambassadors do not choose their team themselves. One UPDATE of the team
    column, so nothing else of the profile can change this way."""
    if team_choices(sharing_settings) is not None:
        raise PermissionDenied(_("Ambassadors choose their own team on this site."))
    Ambassador.objects.filter(pk=ambassador.pk).update(team=team)
    ambassador.team = team


def check_team_choice(team, sharing_settings) -> None:
    """Raise ValidationError unless an ambassador may choose ``team`` (None: no team)."""
    choices = team_choices(sharing_settings)
    if choices is None:
        raise ValidationError(_("An administrator sets the teams on this site."))
    if team is not None and not choices.filter(pk=team.pk).exists():
        raise ValidationError(_("Choose one of the teams listed."))


# The initials avatar -----------------------------------------------------------------------


def initials(name: str) -> str:
    """Up to two initials of ``name``: the first letters of its first and last words."""
    words = [word for word in re.split(r"[\s\-_.]+", name or "") if word]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_colour(ambassador: Ambassador) -> str:
    """The avatar's background, the same for the ambassador every time (from their id)."""
    digest = hashlib.sha256(str(ambassador.pk).encode()).digest()
    return AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)]


def avatar_svg(ambassador: Ambassador, size: int = 96) -> SafeString:
    """An SVG of the ambassador's initials on their colour, drawn here (no avatar service
    learns who looks at whom). Decorative: the name is always written next to it."""
    return format_html(
        '<svg class="advocacy-avatar" xmlns="http://www.w3.org/2000/svg" width="{size}" '
        'height="{size}" viewBox="0 0 100 100" aria-hidden="true" focusable="false">'
        '<rect width="100" height="100" rx="50" fill="{colour}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" font-family="sans-serif" '
        'font-size="40" font-weight="600" fill="#ffffff">{initials}</text></svg>',
        size=size,
        colour=avatar_colour(ambassador),
        initials=initials(ambassador.display_name),
    )


# Share buttons -----------------------------------------------------------------------------


def networks_first(ambassador: Ambassador | None, offered: list[str]) -> tuple[list, list]:
    """``offered`` network keys split into the ones the ambassador uses (shown first) and
    the others (behind "More networks"). Without a choice, every network comes first."""
    used = set(ambassador.networks_used or []) if ambassador is not None else set()
    first = [key for key in offered if key in used]
    if not first:
        return list(offered), []
    return first, [key for key in offered if key not in used]


def public_profile_links(ambassador: Ambassador) -> list[tuple[str, str]]:
    """The (network's name, address) of each public profile the ambassador gave, in the
    order of the profile form. Addresses were validated when saved."""
    links = []
    for label, url in (
        ("LinkedIn", ambassador.linkedin_profile),
        ("X", ambassador.x_profile),
        ("Xing", ambassador.xing_profile),
        ("Facebook", ambassador.facebook_profile),
    ):
        if url:
            links.append((label, url))
    if ambassador.mastodon_account:
        try:
            name, instance = split_mastodon_account(ambassador.mastodon_account)
        except ValidationError:  # saved before the validator: not shown rather than wrong
            pass
        else:
            links.append(("Mastodon", f"https://{instance}/@{name}"))
    if ambassador.bluesky_handle:
        links.append(("Bluesky", f"https://bsky.app/profile/{ambassador.bluesky_handle}"))
    return links
