"""The game's rules as its settings give them: what is switched on, who takes part,
what each action is worth. Every part of the game asks here rather than reading
``GameSettings`` fields itself."""

from django.db.models import Q, TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail_advocacy.models import Ambassador, ConversionType
from wagtail_advocacy.sharing.networks import NETWORK_CHOICES

from .models import Badge, BadgeKind, GameSettings


class Feature(TextChoices):
    """The elements of the game an organisation switches on, one by one."""

    POINTS = "points", _("Points")
    LEADERBOARDS = "leaderboards", _("Leaderboards")
    BADGES = "badges", _("Badges")
    STREAKS = "streaks", _("Streaks")
    CHALLENGES = "challenges", _("Challenges")
    REWARDS = "rewards", _("Rewards")


def game_settings(request_or_user=None) -> GameSettings:
    """The programme's game settings (created with every element off on first use).

    Given a request, or the user of one (what Wagtail's menu items and wagtail-modeladmin's
    permission helpers get), they are read once and kept on the request's user object, so
    that the admin's menu, panels and pages share one query per request."""
    holder = getattr(request_or_user, "user", request_or_user)
    return GameSettings.load(request_or_site=holder)


def is_switched_on(settings: GameSettings, feature: Feature) -> bool:
    """Whether the programme offers ``feature``. Streaks are badges, so they need badges too."""
    if feature == Feature.STREAKS and not settings.badges_enabled:
        return False
    return bool(getattr(settings, f"{Feature(feature).value}_enabled"))


def switched_on_features(settings: GameSettings) -> list[Feature]:
    """The elements the programme offers, in the settings' order."""
    return [feature for feature in Feature if is_switched_on(settings, feature)]


def takes_part(settings: GameSettings, ambassador) -> bool:
    """Whether ``ambassador`` is in the game: not a member of a team left out of it."""
    if ambassador.team_id is None:
        return True
    return not settings.excluded_teams.filter(pk=ambassador.team_id).exists()


def sees_leaderboards(settings: GameSettings, user) -> bool:
    """Whether ``user`` (a viewer, a newsletter's recipient; None or anonymous for nobody in
    particular) is shown leaderboards: they are switched on, and the user is in no team left
    out of the game, as a member of the group or as an ambassador of that team, whether
    they joined the programme or not. Every surface of a board (panel, report, block,
    email) asks this: one query."""
    if not is_switched_on(settings, Feature.LEADERBOARDS):
        return False
    if user is None or not user.is_authenticated:
        return True
    their_teams = Q(user=user) | Q(pk__in=Ambassador.objects.filter(user=user).values("team"))
    return not settings.excluded_teams.filter(their_teams).exists()


def shows_badge(settings: GameSettings, badge: Badge) -> bool:
    """Whether ``badge`` is in the game (given badges are on): a streak badge needs streaks,
    a challenge badge challenges."""
    if badge.kind == BadgeKind.STREAK:
        return is_switched_on(settings, Feature.STREAKS)
    if badge.kind == BadgeKind.CHALLENGES:
        return is_switched_on(settings, Feature.CHALLENGES)
    return True


def share_points(settings: GameSettings, network: str) -> int:
    """The points a share on ``network`` is worth before caps: the network's own value where
    one is set, else the value for a share."""
    value = (settings.share_points_by_network or {}).get(network)
    return value if isinstance(value, int) and value >= 0 else settings.points_per_share


def conversion_points(settings: GameSettings, conversion_type_id) -> int:
    """The points a conversion of the type ``conversion_type_id`` (None: of no known type)
    is worth: the type's own value where one is set, else the value for a conversion."""
    value = (settings.conversion_points_by_type or {}).get(str(conversion_type_id))
    return value if isinstance(value, int) and value >= 0 else settings.points_per_conversion


def needs_review(unique_clicks: int, threshold: int) -> bool:
    """The velocity hold, the one rule of it: a link that brings more unique visitors in
    one day than ``threshold`` (the day's ``hold_unique_clicks_per_link``, kept by
    ``ScoredDay``) has that day's points held for an administrator's review instead of
    awarded (many clicks in a short time are more often a script or a forwarded chain than
    an audience)."""
    return unique_clicks > threshold


def points_count(points: int) -> str:
    """ "1 point", "20 points": a number of points as the rules say it."""
    return ngettext("%(count)s point", "%(count)s points", points) % {"count": points}


def published_rules(settings: GameSettings, *, with_challenges=True) -> list[str]:
    """Every rule of the game as it is switched on now, in plain words: what each action
    earns, the caps, and how boards rank. "My impact" and "What we track about you" both
    list these, so the rules people read are the ones the jobs apply (``with_challenges``
    False: those of challenges left for their own section)."""
    rules = []
    if is_switched_on(settings, Feature.POINTS):
        by_network = {
            str(label): settings.share_points_by_network[key]
            for key, label in NETWORK_CHOICES
            if key in (settings.share_points_by_network or {})
        }
        share_rule = _("A share: %(points)s.") % {
            "points": points_count(settings.points_per_share)
        }
        if by_network:
            share_rule += " " + _("On some networks: %(values)s.") % {
                "values": ", ".join(f"{label} {points}" for label, points in by_network.items())
            }
        rules += [
            share_rule,
            _("Shares earn at most %(kit)s per article and day, and %(day)s per day in all.")
            % {
                "kit": points_count(settings.share_points_cap_per_kit),
                "day": points_count(settings.share_points_cap_per_day),
            },
            _("Your first share: %(points)s.")
            % {"points": points_count(settings.points_for_first_share)},
            _(
                "Each unique visitor your links bring: %(points)s, counted from the "
                "hourly totals, robots and your own clicks left out; none while “credit my "
                "clicks to me” is off."
            )
            % {"points": points_count(settings.points_per_unique_click)},
            _("Each conversion your links bring: %(points)s.")
            % {"points": points_count(settings.points_per_conversion)},
            *conversion_rules(settings),
            _(
                "A link that brings more than %(clicks)s unique visitors in one day has that "
                "day's points held until an administrator reviews them: released, they are "
                "added; rejected, they are not."
            )
            % {"clicks": settings.hold_unique_clicks_per_link},
            _("Completing your profile (with a public profile address): %(points)s, once.")
            % {"points": points_count(settings.points_for_complete_profile)},
            _(
                "A share whose article is deleted takes its points back (a correction you can "
                "see); a withdrawn article keeps them."
            ),
            _("Accepting the charter earns no points: it stays free."),
            _(
                "Points are never taken back for a change of these values; a click found to "
                "come from a robot later is taken back by a correction you can see."
            ),
        ]
    if is_switched_on(settings, Feature.BADGES):
        rules += [
            _("Badge “%(name)s”: earned for %(criterion)s.")
            % {"name": badge.display_name(), "criterion": badge.criterion()}
            for badge in Badge.objects.filter(is_active=True)
            if shows_badge(settings, badge)
        ]
    if is_switched_on(settings, Feature.LEADERBOARDS):
        rules += [
            _(
                "Leaderboards: equal values share a rank and the next rank skips (1, 2, 2, "
                "4). Anonymous ambassadors appear as “Anonymous ambassador”, hidden ones "
                "never; nobody sees the bottom of a board."
            ),
            _(
                "A board shows at most the top half of those it ranks (the first place at "
                "least): of 8 ranked, ranks 1 to 4. Equal values that cross that half are "
                "left out together, so nobody's last place shows. Your own rank is shown to "
                "you alone, on “My impact”."
            ),
            _(
                "Teams rank by the average per active ambassador, and only teams with at least "
                "%(size)s active ambassadors appear."
            )
            % {"size": settings.minimum_team_size},
        ]
    if with_challenges and is_switched_on(settings, Feature.CHALLENGES):
        rules += challenge_rules(settings)
    return rules


def challenge_rules(settings: GameSettings) -> list[str]:
    """How challenges count and who wins them (``challenges`` applies these)."""
    return [
        _(
            "Challenges count, from the daily totals, shares of a campaign's kits or unique "
            "clicks between their first and last day; clicks count for you only while "
            "“credit my clicks to me” is on."
        ),
        _(
            "In a challenge for each ambassador or each team, equal values share a rank (1, 2, "
            "2, 4) and everyone at rank 1 who reached the qualifying minimum wins; teams rank "
            "by the average per active ambassador, with at least %(size)s of them."
        )
        % {"size": settings.minimum_team_size},
        _(
            "A challenge for everyone together has one progress bar and ranks nobody: when the "
            "target is reached, everyone who contributed at least the qualifying minimum wins."
        ),
        _winners_rule(settings),
        _(
            "Anonymous ambassadors appear as “Anonymous ambassador” among winners; hidden ones "
            "are never ranked or shown."
        ),
    ]


def _winners_rule(settings: GameSettings) -> str:
    """What winning a challenge earns, as the switches have it: the bonus only while points
    are on, the badge only while badges are."""
    points = is_switched_on(settings, Feature.POINTS)
    badge = is_switched_on(settings, Feature.BADGES)
    if points and badge:
        return _(
            "Winners (every active member of a winning team) earn the challenge's bonus points "
            "once, and the “Challenge winner” badge, when the challenge is settled after its "
            "last day is counted."
        )
    if points:
        return _(
            "Winners (every active member of a winning team) earn the challenge's bonus points "
            "once, when the challenge is settled after its last day is counted."
        )
    if badge:
        return _(
            "Winners (every active member of a winning team) earn the “Challenge winner” "
            "badge, when the challenge is settled after its last day is counted."
        )
    return _(
        "Winners (every active member of a winning team) are shown when the challenge is "
        "settled after its last day is counted."
    )


def conversion_rules(settings: GameSettings) -> list[str]:
    """A rule per conversion type given its own value: one query, only when some are."""
    values = settings.conversion_points_by_type or {}
    if not values:
        return []
    types = ConversionType.objects.filter(pk__in=[key for key in values if key.isdigit()])
    return [
        _("Each “%(type)s” conversion: %(points)s.")
        % {
            "type": kind.display_name(),
            "points": points_count(conversion_points(settings, kind.pk)),
        }
        for kind in types
    ]
