"""An ambassador's own data, as one JSON document they can download before leaving.

The document's shape is documented (docs/how-to/leave-export-erase.md) and versioned by
``EXPORT_VERSION``: a key is only ever added under the same version (the game adds
``points``); renaming or removing one is a new version.
"""

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from ..models.charter import CharterAcceptance
from ..models.people import Ambassador
from ..models.sharing import Share
from ..models.stats import FIGURES, DailyStat
from ..models.tracking import TrackedLink
from .profile import PROFILE_FIELDS

EXPORT_FORMAT = "wagtail-advocacy personal data"
EXPORT_VERSION = 1

#: The profile fields of the document, as they are stored: every field the ambassador edits
#: on their profile, and the Mastodon instance the share dialog remembered for them.
EXPORTED_PROFILE_FIELDS = (*PROFILE_FIELDS, "mastodon_instance")


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_personal_data(ambassador: Ambassador) -> dict:
    """Everything the app stores that names ``ambassador``: their profile, shares, tracked
    links, charter acceptances and daily statistics, as JSON-ready values.

    Six queries, whatever the number of shares or links, and those of the optional apps'
    sections (``advocacy_personal_data`` hook: the game's points).
    """
    profile = {name: getattr(ambassador, name) for name in EXPORTED_PROFILE_FIELDS}
    profile.update(
        display_name=ambassador.display_name,
        team=ambassador.team.name if ambassador.team_id else None,
        photo=ambassador.photo.file.name if ambassador.photo_id else None,
    )
    links = TrackedLink.objects.filter(ambassador=ambassador).select_related("kit")
    shares = Share.objects.filter(ambassador=ambassador).select_related("kit", "link")
    acceptances = CharterAcceptance.objects.filter(ambassador=ambassador).select_related("version")
    statistics = DailyStat.objects.filter(ambassador=ambassador).select_related("kit")
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {"username": ambassador.user.get_username()},
        "programme": {
            "joined_at": _iso(ambassador.joined_at),
            "left_at": _iso(ambassador.left_at),
        },
        "profile": profile,
        "links": [
            {
                "url": reverse("wagtail_advocacy:tracked_link", args=[link.token]),
                "kit": link.kit.title,
                "kit_id": link.kit_id,
                "network": link.network,
                "created_at": _iso(link.created_at),
                "revoked_at": _iso(link.revoked_at),
            }
            for link in links.order_by("created_at", "pk")
        ],
        "shares": [
            {
                "kit": share.kit.title,
                "kit_id": share.kit_id,
                "network": share.network,
                "message": share.message,
                "link": reverse("wagtail_advocacy:tracked_link", args=[share.link.token]),
                "shared_at": _iso(share.created_at),
            }
            for share in shares.order_by("created_at", "pk")
        ],
        "charter_acceptances": [
            {
                "version": acceptance.version.number,
                "title": acceptance.version.title,
                "accepted_at": _iso(acceptance.accepted_at),
                "text_sha256": acceptance.text_sha256,
            }
            for acceptance in acceptances.order_by("accepted_at", "pk")
        ],
        "daily_statistics": [
            {
                "day": stat.day.isoformat(),
                "kit": stat.kit.title,
                "kit_id": stat.kit_id,
                "network": stat.network,
                **{
                    name: str(getattr(stat, name))
                    if name == "conversion_value"
                    else getattr(stat, name)
                    for name in FIGURES
                },
            }
            for stat in statistics.order_by("day", "kit_id", "network")
        ],
    }
    # Optional apps (the game) add what they keep about the person: each function of the
    # ``advocacy_personal_data`` Wagtail hook returns {section: JSON-ready value}.
    for sections_of in hooks.get_hooks("advocacy_personal_data"):
        data.update(sections_of(ambassador))
    return data
