"""Figures for the bot rule: what each list counts, browsers wrongly excluded, cost per call.

    .venv/bin/python benchmarks/bot_detection.py [--fixtures DIR] [--current PATH] [--rounds N]
        [EXTRA_LIST ...]

--fixtures  the user-agent fixtures (default: tests/fixtures/user_agents)
--current   a module holding the PREVIEW_FETCHERS of the baseline rule (default: the app's
            own list, so the baseline is the app's rule before CrawlerDetect was added)
EXTRA_LIST  more files, one user agent a line; a name starting with "browsers" is measured
            as people, any other as bots

"current" is the baseline rule: the PREVIEW_FETCHERS names, else crawler-user-agents (the
app's rule until CrawlerDetect was added). "proposed" is the app's rule,
``wagtail_advocacy.tracking.bots.is_listed_bot``. Costs are paired: both rules run in the
same rounds, alternating, and the figure to read is the ratio (the machine is shared and
noisy).
"""

import argparse
import ast
import functools
import gc
import re
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

import crawleruseragents
from crawlerdetect import CrawlerDetect

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example_site")]


def load_app_rule():
    """The app's bots module, with Django set up (the module reads the admin's patterns)."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from wagtail_advocacy.tracking import bots

    return bots


def default_fixtures() -> Path:
    return ROOT / "tests" / "fixtures" / "user_agents"


def default_current() -> Path:
    return ROOT / "wagtail_advocacy" / "tracking" / "bots.py"


def read_preview_fetchers(path: Path) -> tuple[str, ...]:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "PREVIEW_FETCHERS" for t in node.targets
        ):
            return tuple(ast.literal_eval(node.value))
    raise SystemExit(f"No PREVIEW_FETCHERS in {path}")


def load(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def current_rule(names):
    pattern = re.compile("|".join(re.escape(name) for name in names), re.I)

    @functools.lru_cache(maxsize=4096)
    def is_listed_bot(user_agent: str) -> bool:
        return bool(pattern.search(user_agent)) or crawleruseragents.is_crawler(user_agent)

    return is_listed_bot


def matomo_sections(rules):
    """With device-detector and PyYAML installed: Matomo's bots by category, and every
    browser of Matomo's device fixtures (34,000, not only the fixtures' sample)."""
    try:
        from importlib.resources import files

        import yaml
    except ImportError:
        return
    try:
        upstream = Path(str(files("device_detector"))) / "tests" / "fixtures" / "upstream"
    except ModuleNotFoundError:
        return
    entries = yaml.load((upstream / "bots.yml").read_text(), Loader=yaml.CSafeLoader)
    by_category = {}
    for entry in entries:
        category = (entry.get("bot") or {}).get("category") or "(none)"
        by_category.setdefault(category, []).append(entry["user_agent"])
    matomo = version("device-detector")
    print(f"\nMatomo bots (device-detector {matomo}) by category, not counted / n:")
    for category, uas in sorted(by_category.items(), key=lambda item: -len(item[1])):
        cells = "".join(
            f"{r}={sum(1 for ua in uas if rule(ua[:512]))}  "
            for r, rule in rules.items()
            if r in ("current", "proposed")
        )
        print(f"  {category:24} n={len(uas):4}  {cells}")
    browsers = {}
    skip = {"bots.yml", "podcasting.yml", "feed_reader.yml", "mediaplayer.yml"}
    for path in sorted(upstream.glob("*.yml")):
        if path.name in skip:
            continue
        for entry in yaml.load(path.read_text(), Loader=yaml.CSafeLoader) or []:
            client = entry.get("client") or {}
            if isinstance(client, dict) and client.get("type") == "browser":
                browsers[str(entry["user_agent"])] = None
    print(f"\nEvery browser of Matomo's device fixtures, excluded / n ({len(browsers)}):")
    for r in ("current", "crawler-user-agents", "crawlerdetect", "proposed"):
        wrong = sum(1 for ua in browsers if rules[r](ua[:512]))
        print(f"  {r:20} {wrong:4}  {wrong / len(browsers):6.2%}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", type=Path, default=None)
    parser.add_argument("--current", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("extra", nargs="*", type=Path)
    args = parser.parse_args()
    fixtures = args.fixtures or default_fixtures()
    current_path = args.current or default_current()

    bots = load_app_rule()
    detect = CrawlerDetect()
    current = current_rule(read_preview_fetchers(current_path))
    rules = {
        "current": current.__wrapped__,
        "crawler-user-agents": lambda ua: crawleruseragents.is_crawler(ua),
        "crawlerdetect": lambda ua: detect.is_crawler(ua),
        "proposed": bots.is_listed_bot.__wrapped__,
    }
    cua, cd = version("crawler-user-agents"), version("crawlerdetect")
    print(f"crawler-user-agents {cua}, crawlerdetect {cd}")
    print(f"current rule: PREVIEW_FETCHERS of {current_path}, then crawler-user-agents")
    print(f"proposed rule: {bots.__file__}")
    print(f"fixtures: {fixtures}\n")

    files = sorted(fixtures.glob("*.txt")) + list(args.extra)
    lists = {path.name if path.parent == fixtures else str(path): load(path) for path in files}
    people = {name: uas for name, uas in lists.items() if Path(name).name.startswith("browsers")}
    machines = {name: uas for name, uas in lists.items() if name not in people}

    width = max(len(name) for name in lists) + 2
    header = f"{'list':{width}}{'n':>6}" + "".join(f"{r:>22}" for r in rules)
    print("Bots and preview fetchers: not counted (recognised as bots) / n")
    print(header)
    for name, uas in machines.items():
        cells = []
        for rule in rules.values():
            hit = sum(1 for ua in uas if rule(ua[:512]))
            cells.append(f"{hit:>6} {hit / len(uas):6.1%} ({len(uas) - hit:>4} counted)")
        print(f"{name:{width}}{len(uas):>6}" + "".join(f"{c:>22}" for c in cells))

    print("\nPreview fetchers counted as visitors (must be none):")
    previews = lists.get("preview_fetchers.txt", [])
    for rule_name in ("current", "proposed"):
        counted = [ua for ua in previews if not rules[rule_name](ua[:512])]
        print(f"  {rule_name}: {len(counted)} of {len(previews)}")
        for ua in counted:
            print(f"    {ua}")

    print("\nReal browsers: excluded (wrongly taken for bots) / n")
    print(header)
    pooled = {rule: [] for rule in rules}
    everyone = [ua for uas in people.values() for ua in uas]
    for name, uas in people.items():
        cells = []
        for rule_name, rule in rules.items():
            wrong = [ua for ua in uas if rule(ua[:512])]
            pooled[rule_name] += wrong
            cells.append(f"{len(wrong):>6} {len(wrong) / len(uas):6.2%}{'':>12}")
        print(f"{name:{width}}{len(uas):>6}" + "".join(f"{c:>22}" for c in cells))
    print(
        f"{'all browsers':{width}}{len(everyone):>6}"
        + "".join(f"{len(w):>6} {len(w) / len(everyone):6.2%}{'':>12}" for w in pooled.values())
    )
    for rule_name in ("current", "proposed"):
        print(f"  falsely excluded by {rule_name}:")
        for ua in pooled[rule_name]:
            print(f"    {ua}")

    matomo_sections(rules)

    print("\nCost per call of is_listed_bot, paired rounds (median of each round's mean):")
    samples = {
        "browsers (all searches fail: the visitor's case)": everyone,
        "bots and fetchers": [ua for uas in machines.values() for ua in uas],
    }
    for label, uas in samples.items():
        uas = [ua[:512] for ua in uas]
        timings = {"current": [], "proposed": []}
        for round_ in range(args.rounds):
            order = ("current", "proposed") if round_ % 2 == 0 else ("proposed", "current")
            for rule_name in order:
                rule = rules[rule_name]
                gc.disable()
                start = time.perf_counter()
                for ua in uas:
                    rule(ua)
                elapsed = time.perf_counter() - start
                gc.enable()
                timings[rule_name].append(elapsed / len(uas))
        cur, new = (statistics.median(timings[r]) for r in ("current", "proposed"))
        print(f"  uncached, {label}, {len(uas)} strings:")
        print(f"    current {cur * 1e6:7.1f} µs   proposed {new * 1e6:7.1f} µs", end="")
        print(f"   ratio {new / cur:5.2f}")

    # Cached: the redirect's usual case, a user agent seen before. Both caches warmed.
    uas = [ua[:512] for ua in everyone[:4000]]
    cached = {"current": current, "proposed": bots.is_listed_bot}
    for rule in cached.values():
        for ua in uas:
            rule(ua)
    timings = {"current": [], "proposed": []}
    for round_ in range(args.rounds):
        order = ("current", "proposed") if round_ % 2 == 0 else ("proposed", "current")
        for rule_name in order:
            rule = cached[rule_name]
            start = time.perf_counter()
            for _ in range(10):
                for ua in uas:
                    rule(ua)
            timings[rule_name].append((time.perf_counter() - start) / (10 * len(uas)))
    cur, new = (statistics.median(timings[r]) for r in ("current", "proposed"))
    print(f"  cached (lru_cache hit), {len(uas)} strings:")
    print(f"    current {cur * 1e9:7.0f} ns   proposed {new * 1e9:7.0f} ns", end="")
    print(f"   ratio {new / cur:5.2f}")


if __name__ == "__main__":
    main()
