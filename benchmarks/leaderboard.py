#!/usr/bin/env python
"""Benchmark: the game's roll-up and scoring, ranking and the cached leaderboard block, on SQLite
and PostgreSQL.

    .venv/bin/python benchmarks/leaderboard.py [--ambassadors 100000] [--events 1000000]
        [--history 200000] [--teams 400] [--only sqlite|postgres] [--rounds 5]

For each database it migrates a fresh one (PostgreSQL: a throwaway server, as in
``tracked_redirect.py``), switches points and leaderboards on, and generates ``--ambassadors``
ambassadors in ``--teams`` teams with one tracked link each, and ``--history`` events over the
past four weeks, rolled up and scored (not timed). Then it measures:

- **rollup**: ``--events`` new events (shares 5 %, clicks from a pool of visitors 93 %,
  conversions 2 %) over yesterday and today, rolled up (``stats.rollup.rollup_day``) and scored
  (``game.tasks.award_day_points``: unique clicks and conversions into the ledger, badges);
  a share's own points are awarded by a job per share when it is made, measured apart
  (``share_award_ms``, the mean over 500 shares);
- **rebuild**: every day rolled up and scored again from the raw events, as after a restore;
- **rank**: the ambassador board on points and on unique clicks over the month, and the team
  board, uncached (``leaderboards.compute_board``), the median of ``--rounds``;
- **block**: the leaderboard block rendered with its board cached, the median of 50 renders.

Each figure is printed with a baseline measured in the same run, on the same data, so that
a busy machine shows as a slow baseline rather than a slow app: for the roll-up, one bare
``GROUP BY`` of the new clicks by link with their distinct visitors; for ranking, a bare
``SUM(points) GROUP BY ambassador ORDER BY`` of the ledger; for the block, rendering a
template of the same size from a plain list. The last line reads:

    leaderboard rollup_1M_s=<x> rank_100k_ms=<y> block_cached_ms=<z>

with PostgreSQL's figures (SQLite's when PostgreSQL is not there), the roll-up scaled to a
million events when ``--events`` is smaller. Targets on PostgreSQL on a
2-core machine: roll-up under 60 s, uncached rank under 500 ms, cached block under 50 ms.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]

BATCH = 20_000


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def median_ms(function, rounds):
    return statistics.median(timed(function)[0] for _ in range(rounds)) * 1000


# --- inside Django --------------------------------------------------------------------------


def seed_people(ambassadors: int, teams: int):
    """Users, teams, ambassadors (named, a few anonymous or hidden), one kit, a link each."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Site

    from wagtail_advocacy.compat import get_page_model
    from wagtail_advocacy.models import Ambassador, ShareKit, TrackedLink
    from wagtail_advocacy.models.people import Recognition

    rng = random.Random(1)
    groups = Group.objects.bulk_create(Group(name=f"Team {n}") for n in range(teams))
    user_model = get_user_model()
    unusable = make_password(None)
    users = user_model.objects.bulk_create(
        (
            user_model(
                username=f"a{n}", first_name=f"First{n}", last_name="Bench", password=unusable
            )
            for n in range(ambassadors)
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    choices = [Recognition.NAMED] * 8 + [Recognition.ANONYMOUS, Recognition.HIDDEN]
    people = Ambassador.objects.bulk_create(
        (
            Ambassador(
                user=user,
                team=groups[n % teams],
                joined_at=now - datetime.timedelta(days=60),
                recognition=rng.choice(choices),
            )
            for n, user in enumerate(users)
        ),
        batch_size=BATCH,
    )
    root = Site.objects.get(is_default_site=True).root_page
    page = root.add_child(instance=get_page_model()(title="Bench", slug="bench"))
    kit = ShareKit.objects.create(page=page, title="Bench")
    links = TrackedLink.objects.bulk_create(
        (TrackedLink(kit=kit, ambassador=person, network="linkedin") for person in people),
        batch_size=BATCH,
    )
    return kit, links


def add_events(kit, links, count: int, days: list, seed: int):
    """``count`` shares, clicks and conversions spread over ``days`` and the links."""
    from django.utils import timezone

    from wagtail_advocacy.models import Click, Conversion, ConversionType, Share
    from wagtail_advocacy.stats.rollup import day_bounds

    rng = random.Random(seed)
    lead = ConversionType.objects.get(slug="lead")
    shares, conversions = count * 5 // 100, count * 2 // 100
    clicks = count - shares - conversions

    def moment():
        start = day_bounds(rng.choice(days))[0]
        return start + datetime.timedelta(seconds=rng.randrange(86_400))

    first = Share.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for offset in range(0, shares, BATCH):
        Share.objects.bulk_create(
            Share(kit=kit, ambassador_id=link.ambassador_id, link=link, network="linkedin")
            for link in rng.choices(links, k=min(BATCH, shares - offset))
        )
    # created_at is set on insert: spread the new shares over the days, a day per pk slice.
    new = list(Share.objects.filter(pk__gt=first).values_list("pk", flat=True))
    for n, day in enumerate(days):
        part = new[n * len(new) // len(days) : (n + 1) * len(new) // len(days)]
        if part:
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            Share.objects.filter(pk__gte=part[0], pk__lte=part[-1]).update(created_at=at)
    for offset in range(0, clicks, BATCH):
        Click.objects.bulk_create(
            Click(link=link, clicked_at=moment(), visitor_hash=f"{rng.randrange(200_000):x}")
            for link in rng.choices(links, k=min(BATCH, clicks - offset))
        )
    for offset in range(0, conversions, BATCH):
        Conversion.objects.bulk_create(
            Conversion(
                link=link,
                conversion_type=lead,
                occurred_at=moment(),
                source=Conversion.Source.SIGNED,
            )
            for link in rng.choices(links, k=min(BATCH, conversions - offset))
        )


def roll_up_and_score(days):
    from wagtail_advocacy.game.tasks import award_day_points
    from wagtail_advocacy.stats.rollup import rollup_day

    for day in days:
        rollup_day(day)
        award_day_points(day)


def bare_rollup_baseline(days):
    """The irreducible part of the roll-up: the clicks of ``days`` grouped by link."""
    from django.db.models import Count

    from wagtail_advocacy.models import Click
    from wagtail_advocacy.stats.rollup import day_bounds

    start, end = day_bounds(min(days))[0], day_bounds(max(days))[1]
    return len(
        Click.objects.filter(clicked_at__gte=start, clicked_at__lt=end)
        .values("link_id")
        .annotate(n=Count("visitor_hash", distinct=True))
        .order_by()
    )


def measure(args) -> dict:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db.models import Sum
    from django.template import Context, Template
    from django.utils import timezone

    from wagtail_advocacy import signals
    from wagtail_advocacy.game.blocks import LeaderboardBlock
    from wagtail_advocacy.game.leaderboards import (
        BoardKind,
        Metric,
        PeriodChoice,
        compute_board,
        resolve_period,
    )
    from wagtail_advocacy.game.models import PointsEntry
    from wagtail_advocacy.game.rules import game_settings
    from wagtail_advocacy.game.tasks import award_share_points
    from wagtail_advocacy.models import DailyStat, RolledUpDay, Share

    call_command("migrate", verbosity=0)
    # The benchmark calls the jobs itself: no queue behind the roll-up's signal.
    signals.day_rolled_up.disconnect(dispatch_uid="wagtail_advocacy_game_day")
    signals.share_recorded.disconnect(dispatch_uid="wagtail_advocacy_game_share")
    settings = game_settings()
    settings.points_enabled = settings.leaderboards_enabled = settings.badges_enabled = True
    settings.minimum_team_size = 5
    settings.save()
    figures = {}

    kit, links = seed_people(args.ambassadors, args.teams)
    today = timezone.localdate()
    history_days = [today - datetime.timedelta(days=n) for n in range(2, 30)]
    new_days = [today - datetime.timedelta(days=1), today]
    add_events(kit, links, args.history, history_days, seed=2)
    roll_up_and_score(sorted(history_days))

    add_events(kit, links, args.events, new_days, seed=3)
    figures["baseline_group_by_s"] = timed(bare_rollup_baseline, new_days)[0]
    figures["rollup_s"] = timed(roll_up_and_score, new_days)[0]
    figures["rollup_ratio"] = figures["rollup_s"] / figures["baseline_group_by_s"]
    shares = list(Share.objects.order_by("-pk")[:500].values_list("pk", flat=True))
    figures["share_award_ms"] = timed(lambda: [award_share_points(pk) for pk in shares])[0] * 2

    def rebuild():
        DailyStat.objects.all().delete()
        RolledUpDay.objects.all().delete()
        roll_up_and_score(sorted(history_days + new_days))

    figures["rebuild_s"] = timed(rebuild)[0]

    month = resolve_period(PeriodChoice.MONTH)
    start = datetime.date.min if month.start > history_days[-1] else month.start

    def bare_rank():
        return list(
            PointsEntry.objects.filter(day__gte=start)
            .values("ambassador")
            .annotate(total=Sum("points"))
            .order_by("-total")
            .values_list("ambassador", "total")
        )

    figures["baseline_rank_ms"] = median_ms(bare_rank, args.rounds)
    for name, kind, metric in [
        ("rank_points_ms", BoardKind.AMBASSADORS, Metric.POINTS),
        ("rank_unique_clicks_ms", BoardKind.AMBASSADORS, Metric.UNIQUE_CLICKS),
        ("rank_teams_ms", BoardKind.TEAMS, Metric.POINTS),
    ]:
        figures[name] = median_ms(lambda k=kind, m=metric: compute_board(k, m, month), args.rounds)
    figures["ranked"] = compute_board(BoardKind.AMBASSADORS, Metric.POINTS, month).ranked
    figures["rank_ratio"] = figures["rank_points_ms"] / figures["baseline_rank_ms"]

    block = LeaderboardBlock()
    value = block.to_python(
        {"title": "Top", "kind": "ambassadors", "metric": "points", "period": "month", "top": 10}
    )
    cache.clear()
    html = block.render(value)  # computes and caches the board
    assert "<table" in html, html[:500]
    figures["block_cached_ms"] = median_ms(lambda: block.render(value), 50)
    plain = Template(
        "<table>{% for row in rows %}<tr><td>{{ row.0 }}</td><td>{{ row.1 }}</td>"
        "<td>{{ row.2 }}</td></tr>{% endfor %}</table>"
    )
    rows = [(n, f"First{n} Bench", 100 - n) for n in range(10)]
    figures["baseline_template_ms"] = median_ms(lambda: plain.render(Context({"rows": rows})), 50)
    figures["block_ratio"] = figures["block_cached_ms"] / figures["baseline_template_ms"]
    figures["events_scored"] = args.events
    return figures


# --- outside: one fresh database per backend -------------------------------------------------


def run_backend(name, database_url, args) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "benchmark",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "example_site")]),
    }
    command = [PY, __file__, "--inside", *sys.argv[1:]]
    out = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"== {name}")
    for key, value in figures.items():
        print(f"  {key:24} {value:.3f}" if isinstance(value, float) else f"  {key:24} {value}")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ambassadors", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--history", type=int, default=200_000)
    parser.add_argument("--teams", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        print(json.dumps(measure(args)))
        return
    from benchmarks.tracked_redirect import postgres

    results = {}
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if args.only in (None, "sqlite"):
            url = f"sqlite:///{work / 'bench.sqlite3'}"
            results["sqlite"] = run_backend("sqlite", url, args)
        if args.only in (None, "postgres"):
            with postgres(work, "on") as url:
                if url is None:
                    print("== postgres: n/a (no PostgreSQL binaries)")
                else:
                    results["postgres"] = run_backend("postgres", url, args)
    best = results.get("postgres") or results["sqlite"]
    scale = 1_000_000 / best["events_scored"]
    print(
        f"leaderboard rollup_1M_s={best['rollup_s'] * scale:.1f} "
        f"rank_100k_ms={best['rank_points_ms']:.0f} block_cached_ms={best['block_cached_ms']:.1f}"
    )


if __name__ == "__main__":
    main()
