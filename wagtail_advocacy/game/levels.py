"""The three levels of an ambassador, from the domain: online presence (a complete profile
with public profile links), ability to convince (unique clicks per share over a threshold)
and power of prescription (conversions brought). Each level needs the one before; the
criteria are shown to the ambassador with where they stand."""

from dataclasses import dataclass

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

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
            _("At least %(clicks)s unique clicks per share, over at least %(shares)s shares.")
            % {
                "clicks": settings.convincing_clicks_per_share,
                "shares": settings.convincing_minimum_shares,
            },
            _("%(per_share)s unique clicks per share, over %(shares)s shares.")
            % {"per_share": number_format(per_share, decimal_pos=1), "shares": shares},
            convincing,
        ),
        Level(
            3,
            _("Power of prescription"),
            _("At least %(conversions)s conversions brought by your links.")
            % {"conversions": settings.prescribing_conversions},
            _("%(conversions)s conversions so far.") % {"conversions": figures["conversions"]},
            prescribing,
        ),
    ]
