"""The three levels of an ambassador, from the domain: online presence (a complete profile
with public profile links), ability to convince (unique clicks per share over a threshold)
and power of prescription (conversions brought). Each level needs the one before; the
criteria are shown to the ambassador with where they stand."""

from dataclasses import dataclass

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_advocacy.models import DailyStat
from wagtail_advocacy.people.profile import is_profile_complete, public_profile_links


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    criterion: str
    progress: str
    met: bool


def levels_of(ambassador, settings) -> list[Level]:
    """The three levels with their criteria, where ``ambassador`` stands on each, and
    whether it is reached (a level counts only once the one before it is). One query."""
    figures = DailyStat.objects.filter(ambassador=ambassador).aggregate(
        shares=Sum("shares", default=0),
        unique_clicks=Sum("unique_visitors", default=0),
        conversions=Sum("conversions", default=0),
    )
    if not ambassador.credit_clicks:  # not credited: their clicks judge nothing of theirs
        figures.update(unique_clicks=0, conversions=0)
    shares = figures["shares"]
    per_share = figures["unique_clicks"] / shares if shares else 0
    present = is_profile_complete(ambassador)
    convincing = (
        present
        and shares >= settings.convincing_minimum_shares
        and per_share >= settings.convincing_clicks_per_share
    )
    prescribing = convincing and figures["conversions"] >= settings.prescribing_conversions
    return [
        Level(
            1,
            _("Online presence"),
            _("A complete profile, with at least one public profile address."),
            _("Profile saved: %(saved)s; public profile addresses: %(links)s.")
            % {
                "saved": _("yes") if ambassador.profile_completed_at else _("no"),
                "links": len(public_profile_links(ambassador)),
            },
            present,
        ),
        Level(
            2,
            _("Ability to convince"),
            ngettext(
                "At least %(clicks)s unique clicks per share, over at least %(shares)s share.",
                "At least %(clicks)s unique clicks per share, over at least %(shares)s shares.",
                settings.convincing_minimum_shares,
            )
            % {
                "clicks": settings.convincing_clicks_per_share,
                "shares": settings.convincing_minimum_shares,
            },
            ngettext(
                "%(per_share)s unique clicks per share, over %(shares)s share.",
                "%(per_share)s unique clicks per share, over %(shares)s shares.",
                shares,
            )
            % {"per_share": number_format(per_share, decimal_pos=1), "shares": shares},
            convincing,
        ),
        Level(
            3,
            _("Power of prescription"),
            ngettext(
                "At least %(conversions)s conversion brought by your links.",
                "At least %(conversions)s conversions brought by your links.",
                settings.prescribing_conversions,
            )
            % {"conversions": settings.prescribing_conversions},
            ngettext(
                "%(conversions)s conversion so far.",
                "%(conversions)s conversions so far.",
                figures["conversions"],
            )
            % {"conversions": figures["conversions"]},
            prescribing,
        ),
    ]
