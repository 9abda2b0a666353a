"""Leaderboards: who (or which team) did most in a period, by one metric, and how they rank.

One rule for every surface (dashboard panel, newsletter block, report): boards are computed
from the daily aggregates and the points ledger in a constant number of grouped queries, then
cached until the next roll-up's scoring (``forget_boards``). Ranking is standard competition
ranking: equal values share a rank and the next rank skips (1, 2, 2, 4); within a rank, named
ambassadors come in alphabetical order, then anonymous ones. Hidden ambassadors, members of a
team left out of the game, and (for clicks and conversions) ambassadors who asked not to be
credited never appear; anonymous ones appear as "Anonymous ambassador". A board shows its top
N only; an ambassador is told their own rank, nobody sees the bottom of a board.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail_advocacy.models import Ambassador, DailyStat
from wagtail_advocacy.models.people import Recognition, recognised_name_expression
from wagtail_advocacy.people.directory import with_photos
from wagtail_advocacy.people.profile import avatar_svg
from wagtail_advocacy.stats.kpis import Period
from wagtail_advocacy.stats.rollup import final_days

from .choices import BoardKind, Metric, PeriodChoice
from .models import EARNING_REASONS, LeaderboardSnapshot, PointsEntry
from .rules import Feature, game_settings, is_switched_on

CACHE_VERSION_KEY = "wagtail_advocacy_game:boards-version"
# Part of every cached board's key: raise it when what a cached board holds changes (2: only
# the top half of a board is shown), so that no board cached before is served.
BOARD_CACHE_SHAPE = 2
CACHE_SECONDS = 24 * 3600


# Metrics read from the daily aggregates, by their field; points come from the ledger.
STAT_FIELDS = {
    Metric.SHARES: "shares",
    Metric.UNIQUE_CLICKS: "unique_visitors",
    Metric.CONVERSIONS: "conversions",
}
# Metrics that come from the visitors of an ambassador's links: "credit my clicks" applies
# (points need no filter: an ambassador who is not credited earns none for clicks).
CREDITED_METRICS = {Metric.UNIQUE_CLICKS, Metric.CONVERSIONS}


def resolve_period(choice, today=None, start=None, end=None, *, day=None) -> Period:
    """The days of a period choice: the week, month or quarter that holds ``day`` (today by
    default), or all time up to ``day``; never past today, so a period still running ends
    today. A custom range: ``start`` to ``end``."""
    today = today or timezone.localdate()
    day = min(day or today, today)
    choice = PeriodChoice(choice)
    if choice == PeriodChoice.CUSTOM:
        if start is None or end is None or start > end:
            raise ValueError("A custom period needs a start on or before its end.")
        return Period(start, end)
    if choice == PeriodChoice.ALL_TIME:
        return Period(datetime.date.min, day)
    if choice == PeriodChoice.WEEK:
        first = day - datetime.timedelta(days=day.weekday())
        last = first + datetime.timedelta(days=6)
    else:
        months = 1 if choice == PeriodChoice.MONTH else 3
        first = day.replace(month=(day.month - 1) // months * months + 1, day=1)
        after = first.month - 1 + months  # months from January of the first day's year
        last = datetime.date(first.year + after // 12, after % 12 + 1, 1)
        last -= datetime.timedelta(days=1)
    return Period(first, min(last, today))


@dataclass(frozen=True)
class BoardRow:
    """One line of a board: a rank, who (``name`` None for an anonymous ambassador), a value."""

    rank: int
    key: int  # the ambassador's or the team's id
    name: str | None
    value: float
    members: int | None = None  # a team's active ambassadors

    @property
    def label(self):
        return self.name if self.name is not None else _("Anonymous ambassador")


@dataclass(frozen=True)
class Board:
    """A computed board: its top rows, and every ranked key's rank (to tell one their own).

    A board from the cache (``board``) holds its rows only; every rank is cached apart,
    under ``ranks_key``, and read when someone asks for their own: a surface that shows the
    top rows never loads the ranks of a hundred thousand ambassadors."""

    kind: str
    metric: str
    period: Period
    rows: list[BoardRow]
    ranks: dict[int, int] = field(default_factory=dict)
    ranked: int = 0  # how many are ranked in all
    ranks_key: str | None = None
    top: int = 10
    within_team: int | None = None
    campaign: int | None = None

    @property
    def cut_at_half(self) -> bool:
        """Whether the top-half rule left out someone its top N alone would show: a board
        then says why it is short (or empty while people are ranked)."""
        return len(self.rows) < min(self.ranked, self.top)

    def rank_of(self, key) -> int | None:
        """``key``'s rank, shown or not (None when not ranked): to tell one their own."""
        if self.ranks_key is None:
            return self.ranks.get(key)
        ranks = cache.get(self.ranks_key)
        if ranks is None:  # evicted before the rows: rank again
            ranks = compute_board(
                self.kind,
                self.metric,
                self.period,
                top=self.top,
                within_team=self.within_team,
                campaign=self.campaign,
            ).ranks
            cache.set(self.ranks_key, ranks, CACHE_SECONDS)
        return ranks.get(key)


def competition_ranks(values: list) -> list[int]:
    """Standard competition ranks of ``values``, already sorted best first: 1, 2, 2, 4."""
    ranks = []
    for position, value in enumerate(values):
        ranks.append(ranks[-1] if position and value == values[position - 1] else position + 1)
    return ranks


def shown_on_board(ranks: list[int], ranked: int, top: int) -> list[bool]:
    """Which of ``ranks`` (competition ranks, best first, each tie complete) a board shows: the
    one rule of every surface. A row shows when its rank is at most ``top`` (a tie at that
    edge shows whole) and when its tie ends within the top half of the ``ranked``, at least
    the first place: at most ``max(1, ranked // 2)`` positions. A tie straddling the half is
    left out whole, so that nobody's last place shows (six ambassadors all tied: no row).

    ``ranks`` may be a board's first rows only (a snapshot's), as long as no tie is cut: a
    tie's end is counted from them, the half from ``ranked``."""
    half = max(1, ranked // 2)
    tie_ends = {}  # rank: the position of the last row of its tie
    for position, rank in enumerate(ranks, start=1):
        tie_ends[rank] = position
    return [rank <= top and tie_ends[rank] <= half for rank in ranks]


def _ranked_ambassadors(settings, metric):
    """The ambassadors an ambassador board may show: able to share (active, not suspended:
    nobody suspended is recognised), not hidden, not in a team left out, and credited when
    the metric comes from their visitors."""
    ambassadors = (
        Ambassador.objects.can_share()
        .exclude(recognition=Recognition.HIDDEN)
        .exclude(team__in=settings.excluded_teams.all())
    )
    if metric in CREDITED_METRICS:
        ambassadors = ambassadors.filter(credit_clicks=True)
    return ambassadors


def _totals(metric, period, group_by, ambassadors, within_team=None, campaign=None):
    """(group key, total) of ``metric`` in ``period``, grouped by ``group_by`` (a path from the
    ambassador, e.g. "pk" or "team"), of one campaign's kits when ``campaign`` is given (not
    for points): one grouped query."""
    if metric == Metric.POINTS:
        # Points spent on rewards (and refunds) do not move anyone on a board.
        source = PointsEntry.objects.filter(reason__in=EARNING_REASONS)
        value = Sum("points")
    else:
        source, value = DailyStat.objects, Sum(STAT_FIELDS[Metric(metric)])
    rows = source.filter(period.as_q(), ambassador__in=ambassadors)
    if within_team is not None:
        rows = rows.filter(ambassador__team=within_team)
    if campaign is not None:
        rows = rows.filter(campaign=campaign)
    key = "ambassador" if group_by == "pk" else f"ambassador__{group_by}"
    return rows.values(key).annotate(total=value).filter(total__gt=0).values_list(key, "total")


def compute_board(
    kind, metric, period: Period, *, top=10, within_team=None, campaign=None, top_half=True
) -> Board:
    """Rank ambassadors or teams on ``metric`` over ``period`` (a handful of queries, however
    many ambassadors), counting one campaign's kits only when ``campaign`` is given. Team
    boards rank by the average per active ambassador and show only teams with at least the
    game's minimum team size. The rows are those ``shown_on_board``; ``top_half`` False
    (challenges, whose winners are everyone at rank 1) keeps every row up to ``top``."""
    settings = game_settings()
    if BoardKind(kind) == BoardKind.AMBASSADORS:
        ambassadors = _ranked_ambassadors(settings, metric)
        totals = sorted(
            _totals(metric, period, "pk", ambassadors, within_team, campaign),
            key=lambda row: -row[1],
        )
        # Ranks depend on the values alone: only the rows shown need their names (one
        # query for a handful of rows, however many ambassadors are ranked).
        shown = sum(_shown(competition_ranks([total for _pk, total in totals]), top, top_half))
        names = _ambassador_names(pk for pk, _total in totals[:shown])
        entries = [(total, names.get(pk), pk, None) for pk, total in totals[:shown]]
        # Best first; within a value named ones alphabetically, then anonymous ones.
        entries.sort(key=lambda e: (-e[0], e[1] is None, (e[1] or "").casefold(), e[2]))
        entries += [(total, None, pk, None) for pk, total in totals[shown:]]
    else:
        # A team's figure is everything its active ambassadors did, the hidden and the
        # uncredited included: a total names nobody.
        in_teams = (
            Ambassador.objects.active()
            .filter(team__isnull=False)
            .exclude(team__in=settings.excluded_teams.all())
        )
        members = dict(
            in_teams.values("team")
            .annotate(n=Count("pk"))
            .filter(n__gte=settings.minimum_team_size)
            .values_list("team", "n")
        )
        totals = dict(
            _totals(metric, period, "team", in_teams.filter(team__in=members), campaign=campaign)
        )
        names = _team_names(totals)
        entries = [
            (round(total / members[pk], 2), names[pk], pk, members[pk])
            for pk, total in totals.items()
        ]
        entries.sort(key=lambda e: (-e[0], e[1].casefold(), e[2]))
    ranks = competition_ranks([entry[0] for entry in entries])
    rows = [
        BoardRow(rank=rank, key=pk, name=name, value=value, members=n)
        for rank, (value, name, pk, n), shown in zip(
            ranks, entries, _shown(ranks, top, top_half), strict=True
        )
        if shown
    ]
    return Board(
        kind=kind,
        metric=metric,
        period=period,
        rows=rows,
        ranks={entry[2]: rank for rank, entry in zip(ranks, entries, strict=True)},
        ranked=len(entries),
        top=top,
    )


def _shown(ranks, top, top_half) -> list[bool]:
    """``shown_on_board`` of a whole ranking, or its top N alone without ``top_half``."""
    if top_half:
        return shown_on_board(ranks, len(ranks), top)
    return [rank <= top for rank in ranks]


def _ambassador_names(keys) -> dict:
    """{id: the name a board may show, None for an anonymous ambassador}, for those of
    ``keys`` a board may still show (not hidden, not erased): one query."""
    return dict(
        Ambassador.objects.filter(pk__in=list(keys))
        .exclude(recognition=Recognition.HIDDEN)
        .annotate(recognised=recognised_name_expression())
        .values_list("pk", "recognised")
    )


def _team_names(keys) -> dict:
    """{id: name} of the teams among ``keys``: one query."""
    return dict(Group.objects.filter(pk__in=list(keys)).values_list("pk", "name"))


#: The photo's rendition on a board's row (the block's "Show photos").
BOARD_PHOTO_RENDITION = "fill-48x48"


def row_people(board: Board) -> dict:
    """{id: ambassador} of the named ambassadors on ``board`` (none on a board of teams;
    anonymous ones show no face), each with their photo and its rendition on a board, or
    their initials avatar without a photo: three queries however many rows."""
    keys = [row.key for row in board.rows if row.name is not None]
    if BoardKind(board.kind) != BoardKind.AMBASSADORS or not keys:
        return {}
    people = with_photos(
        Ambassador.objects.filter(pk__in=keys).select_related("user"), BOARD_PHOTO_RENDITION
    )
    for ambassador in people:
        if ambassador.photo is None:
            ambassador.avatar = avatar_svg(ambassador, size=48)
    return {ambassador.pk: ambassador for ambassador in people}


def shown_board(kind, metric, period: Period, *, top=10, within_team=None, today=None) -> Board:
    """The board a surface shows: live (``board``) while ``period`` runs or its last day's
    figures are not final yet (``final_days``), else the frozen snapshot of the period, with
    names looked up now (someone who hid or erased their data since is left out; someone who
    turned anonymous is "Anonymous ambassador")."""
    today = today or timezone.localdate()
    if period.end >= today:
        return board(kind, metric, period, top=top, within_team=within_team)
    spec = (
        f"{kind}:{metric}:{period.start}:{period.end}:{top}:"
        f"{getattr(within_team, 'pk', within_team) or ''}"
    )
    snapshot = LeaderboardSnapshot.objects.filter(spec=spec).first()
    if snapshot is None:
        if not final_days().filter(day=period.end).exists():
            # A roll-up during the last day counted its morning only: freeze it later.
            return board(kind, metric, period, top=top, within_team=within_team)
        computed = compute_board(kind, metric, period, top=top, within_team=within_team)
        snapshot, _created = LeaderboardSnapshot.objects.get_or_create(
            spec=spec,
            defaults={
                "rows": [[r.rank, r.key, r.value, r.members] for r in computed.rows],
                "ranked": computed.ranked,
            },
        )
    # A snapshot frozen before the top-half rule may hold more: the rule applies as it is read
    # (to the frozen ranks, before anyone is left out for hiding since).
    frozen = [
        row
        for row, shown in zip(
            snapshot.rows,
            shown_on_board([row[0] for row in snapshot.rows], snapshot.ranked, top),
            strict=True,
        )
        if shown
    ]
    keys = [key for _rank, key, _value, _members in frozen]
    names = (
        _ambassador_names(keys) if BoardKind(kind) == BoardKind.AMBASSADORS else _team_names(keys)
    )
    rows = [
        BoardRow(rank=rank, key=key, name=names[key], value=value, members=members)
        for rank, key, value, members in frozen
        if key in names
    ]
    return Board(
        kind=kind, metric=metric, period=period, rows=rows, ranked=snapshot.ranked, top=top
    )


def board(
    kind, metric, period: Period, *, top=10, within_team=None, campaign=None, top_half=True
) -> Board:
    """``compute_board``, cached until the next roll-up's scoring (``forget_boards``)."""
    version = cache.get_or_set(CACHE_VERSION_KEY, 1, None)
    key = (
        f"wagtail_advocacy_game:board:{BOARD_CACHE_SHAPE}:{version}:{kind}:{metric}:"
        f"{period.start}:{period.end}:{top}:{getattr(within_team, 'pk', within_team)}:"
        f"{getattr(campaign, 'pk', campaign)}:{int(top_half)}"
    )
    cached = cache.get(key)
    if cached is None:
        computed = compute_board(
            kind,
            metric,
            period,
            top=top,
            within_team=within_team,
            campaign=campaign,
            top_half=top_half,
        )
        cached = replace(
            computed,
            ranks={},
            ranks_key=f"{key}:ranks",
            top=top,
            within_team=getattr(within_team, "pk", within_team),
            campaign=getattr(campaign, "pk", campaign),
        )
        cache.set_many({key: cached, cached.ranks_key: computed.ranks}, CACHE_SECONDS)
    return cached


#: How many rows each board of the dashboard panel shows.
PANEL_TOP = 5


def shown_metrics(settings) -> list[Metric]:
    """The metrics a board may rank on: points only while the game awards them."""
    return [
        metric
        for metric in Metric
        if metric != Metric.POINTS or is_switched_on(settings, Feature.POINTS)
    ]


def panel_metric(settings) -> Metric:
    """Points when the game awards them, else shares: what the dashboard panel ranks on."""
    return Metric.POINTS if is_switched_on(settings, Feature.POINTS) else Metric.SHARES


def panel_boards(settings) -> dict:
    """The boards the dashboard panel shows, from the cache (computed on a miss): this
    month's top ambassadors and teams on the panel's metric. The scoring job of each roll-up
    calls it too, so that no request ranks."""
    metric = panel_metric(settings)
    period = resolve_period(PeriodChoice.MONTH)
    return {kind: board(kind, metric, period, top=PANEL_TOP) for kind in BoardKind}


def forget_boards() -> None:
    """Every cached board is stale: the next request computes it again."""
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:  # no version yet: nothing cached
        cache.set(CACHE_VERSION_KEY, 1, None)
