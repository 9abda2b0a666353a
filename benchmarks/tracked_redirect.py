#!/usr/bin/env python
"""Benchmark: the tracked redirect against a bare Django redirect, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/tracked_redirect.py [--requests 5000] [--concurrency 8]
        [--workers N] [--rounds 5] [--max-seconds 120] [--only sqlite|postgres]
        [--kits 20] [--ambassadors 40] [--pg-synchronous-commit on|off] [--durable-clicks]
        [--pg-prepared on|off]

For each database it migrates a fresh one, seeds kits and links, starts the example site
under gunicorn (DEBUG off, production settings from the environment, the bare redirect view
``bare/`` in the same process), then drives both endpoints from this machine on loopback with
the same request mix: tokens, user agents and X-Forwarded-For visitor addresses varied, with
bots, HEAD requests, empty user agents and repeat visitors mixed in. The default 2,400 links
for 5,000 requests make most lookups miss the link cache, as in real life where most links
are clicked a few times. It prints throughput, p50/p99 latency, server errors, "database is
locked" lines of the server log, lost clicks (countable requests sent minus the distinct
(link, visitor) clicks stored) and duplicates (clicks stored twice). The last line reads:

    tracked/bare ratio sqlite=<x> postgres=<y> lost=<n>

PostgreSQL runs as a throwaway server started here (as ``nobody`` when run as root), like
the PostgreSQL stage of ``make test``, with its durable defaults (``synchronous_commit=on``:
each counted click waits for its commit to reach the disk, as in production) and the example
site's connection options (psycopg may prepare the click's statement; ``--pg-prepared off``
measures Django's default, without); it is skipped ("n/a") when no binaries are found.
Needs the ``production`` extra (gunicorn, psycopg, dj-database-url).
"""

import argparse
import contextlib
import glob
import http.client
import json
import os
import pwd
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

BROWSERS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.0 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
]
BOTS = [
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "WhatsApp/2.23.20.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]


# --- helpers run inside Django (subprocesses of this script) --------------------------------


def seed_database(kits: int, ambassadors: int) -> list[str]:
    """Pages, kits, ambassadors and their links; returns the link tokens."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from wagtail_advocacy.compat import get_page_model
    from wagtail_advocacy.models import Ambassador, ShareKit, TrackedLink

    page_model = get_page_model()
    root = Site.objects.get(is_default_site=True).root_page
    people = [
        Ambassador.objects.create(
            user=get_user_model().objects.create_user(f"bench{n}", password=None)
        )
        for n in range(ambassadors)
    ]
    tokens = []
    for n in range(kits):
        page = root.add_child(instance=page_model(title=f"Bench {n}", slug=f"bench-{n}"))
        # Half the kits point to a public URL with a query string, half to the page itself.
        public_url = f"https://www.northwind.example/news/{n}/?ref=bench" if n % 2 else ""
        kit = ShareKit.objects.create(page=page, title=page.title, public_url=public_url)
        links = TrackedLink.objects.bulk_create(
            TrackedLink(kit=kit, ambassador=person, network=network)
            for person in people
            for network in ("linkedin", "x", "bluesky")
        )
        tokens += [link.token for link in links]
    return tokens


def count_clicks() -> tuple[int, int]:
    """(rows stored, distinct (link, visitor) pairs among them)."""
    from wagtail_advocacy.models import Click

    pairs = Click.objects.values("link_id", "visitor_hash").distinct().count()
    return Click.objects.count(), pairs


def django_call(env, expression: str):
    """Evaluate ``expression`` in a Django process with ``env``; returns its JSON value."""
    code = (
        "import django, json; django.setup(); "
        "from benchmarks import tracked_redirect as b; "
        f"print(json.dumps({expression}))"
    )
    out = subprocess.run([PY, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True)
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


# --- services -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError("the server exited before listening")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {timeout}s")


def postgres_bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found and os.geteuid() == 0 and (ROOT / "scripts/apt-install.sh").exists():
        subprocess.run([str(ROOT / "scripts/apt-install.sh"), "postgresql"], check=False)
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return str(Path(found[-1]).parent) if found else None


@contextlib.contextmanager
def postgres(work: Path, synchronous_commit: str):
    """A throwaway PostgreSQL on loopback; yields its DATABASE_URL."""
    bindir = postgres_bindir()
    if bindir is None:
        yield None
        return
    pgdir = work / "postgres"
    pgdir.mkdir()
    as_user = []
    if os.geteuid() == 0:  # initdb and postgres refuse to run as root
        shutil.chown(pgdir, "nobody")
        os.chmod(work, 0o755)  # noqa: S103  (nobody must reach its data directory)
        gid = pwd.getpwnam("nobody").pw_gid
        as_user = ["setpriv", "--reuid=nobody", f"--regid={gid}", "--clear-groups", "--"]
    port = free_port()
    subprocess.run(
        [*as_user, f"{bindir}/initdb", "-D", f"{pgdir}/data", "-U", "advocacy", "-A", "trust"]
        + ["-E", "UTF8", "--locale=C"],
        check=True,
        capture_output=True,
        cwd=pgdir,
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={pgdir} "
        f"-c synchronous_commit={synchronous_commit} -c max_connections=100"
    )
    ctl = [*as_user, f"{bindir}/pg_ctl", "-D", f"{pgdir}/data"]
    subprocess.run(
        [*ctl, "-l", f"{pgdir}/server.log", "-w", "-t", "60", "-o", options, "start"],
        check=True,
        capture_output=True,
        cwd=pgdir,
    )
    try:
        yield f"postgres://advocacy@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*ctl, "-m", "fast", "stop"], capture_output=True, cwd=pgdir)


@contextlib.contextmanager
def gunicorn(env, work: Path, workers: int):
    """The example site under gunicorn; yields (port, path of its log)."""
    port = free_port()
    log = work / "server.log"
    with open(log, "wb") as log_file:
        server = subprocess.Popen(
            [PY, "-m", "gunicorn", "intranet_demo.wsgi:application"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
            + ["--worker-class", "sync", "--timeout", "60", "--log-level", "warning"],
            env=env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, 60, server)
            yield port, log
        finally:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# --- load -----------------------------------------------------------------------------------


def request_plan(tokens: list[str], count: int, seed: int):
    """(method, token, headers, countable) for ``count`` requests, reproducible from ``seed``.

    About 6% HEAD with a browser user agent (as X fetches), 10% bots and previews, 2% without
    a user agent, 5% repeats of an earlier visitor on the same link; the rest new visitors.
    """
    rng = random.Random(seed)
    plan, visits = [], []
    for _ in range(count):
        token = rng.choice(tokens)
        address = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        headers = {"User-Agent": rng.choice(BROWSERS), "X-Forwarded-For": address}
        method, kind = "GET", rng.random()
        if kind < 0.06:
            method = "HEAD"
        elif kind < 0.16:
            headers["User-Agent"] = rng.choice(BOTS)
        elif kind < 0.18:
            del headers["User-Agent"]
        elif kind < 0.23 and visits:
            token, headers = rng.choice(visits)
        countable = method == "GET" and headers.get("User-Agent") in BROWSERS
        plan.append((method, token, headers, countable))
        if countable:
            visits.append((token, headers))
    # Exactly which requests count: the first of each (link, visitor) within the window.
    seen = set()
    for i, (method, token, headers, countable) in enumerate(plan):
        key = (token, headers["X-Forwarded-For"], headers.get("User-Agent"))
        if countable and key in seen:
            plan[i] = (method, token, headers, False)
        elif countable:
            seen.add(key)
    return plan


class Phase:
    """Requests of one endpoint, sent by ``concurrency`` keep-alive clients; ``run`` may be
    called for several slices of the plan, and the figures add up."""

    def __init__(self, port, path_of, concurrency):
        self.port, self.path_of, self.concurrency = port, path_of, concurrency
        self.latencies, self.statuses, self.failures = [], {}, 0
        self.countable_sent, self.elapsed = 0, 0.0
        self._lock = threading.Lock()

    def _take(self):
        with self._lock:
            if self._next >= len(self.plan) or time.monotonic() > self.deadline:
                return None
            item = self.plan[self._next]
            self._next += 1
            return item

    def _client(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        latencies, statuses, failures, countable_sent = [], {}, 0, 0
        while (item := self._take()) is not None:
            method, token, headers, countable = item
            started = time.perf_counter()
            try:
                connection.request(method, self.path_of(token), headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                failures += 1
                status = None
            latencies.append(time.perf_counter() - started)
            countable_sent += countable
            if status is not None:
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()
        with self._lock:
            self.latencies += latencies
            self.failures += failures
            self.countable_sent += countable_sent
            for status, n in statuses.items():
                self.statuses[status] = self.statuses.get(status, 0) + n

    def run(self, plan, deadline):
        self.plan, self.deadline, self._next = plan, deadline, 0
        started = time.perf_counter()
        threads = [threading.Thread(target=self._client) for _ in range(self.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed += time.perf_counter() - started
        return self

    @property
    def throughput(self):
        return len(self.latencies) / self.elapsed

    def percentile(self, p):
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    @property
    def server_errors(self):
        return self.failures + sum(n for s, n in self.statuses.items() if s >= 500)


def bench_backend(name, database_url, args, work: Path):
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'example_site'}",
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "INTRANET_DATA_DIR": str(work / "data"),
        "BENCH_DURABLE_CLICKS": "1" if args.durable_clicks else "0",
        "BENCH_PG_PREPARED": args.pg_prepared,
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run(
        [PY, "-m", "django", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
    )
    tokens = django_call(env, f"b.seed_database({args.kits}, {args.ambassadors})")
    plan = request_plan(tokens, args.requests, seed=42)
    warmup = request_plan(tokens, 50 * args.workers, seed=7)
    with gunicorn(env, work, args.workers) as (port, log):
        # Warm every worker (imports, connections, caches) on both endpoints, uncounted.
        warm = [(m, t, {**h, "User-Agent": BOTS[0]}, False) for m, t, h, _ in warmup]
        Phase(port, bare_path, args.concurrency).run(warm, time.monotonic() + 60)
        Phase(port, tracked_path, args.concurrency).run(warm, time.monotonic() + 60)
        # Alternate the endpoints slice by slice, so that a change of background load on
        # the machine weighs on both alike.
        bare = Phase(port, bare_path, args.concurrency)
        tracked = Phase(port, tracked_path, args.concurrency)
        deadline = time.monotonic() + args.max_seconds
        size = -(-len(plan) // args.rounds)
        for start in range(0, len(plan), size):
            bare.run(plan[start : start + size], deadline)
            tracked.run(plan[start : start + size], deadline)
    stored, distinct = django_call(env, "b.count_clicks()")
    log_text = log.read_text(errors="replace")
    locked = log_text.count("database is locked")
    # Every countable request is a distinct (link, visitor) pair of the plan: a pair missing
    # is a lost click, a pair stored twice a repeat that slipped through.
    lost = tracked.countable_sent - distinct
    duplicates = stored - distinct
    ratio = tracked.throughput / bare.throughput
    for label, phase in (("bare", bare), ("tracked", tracked)):
        print(
            f"{name:8} {label:7} {len(phase.latencies):6} requests in {phase.elapsed:6.1f}s "
            f"{phase.throughput:8.1f} req/s  p50 {phase.percentile(50):6.1f} ms  "
            f"p99 {phase.percentile(99):6.1f} ms  server errors {phase.server_errors}"
        )
    print(
        f"{name:8} tracked/bare {ratio:.2f}  countable sent {tracked.countable_sent}  "
        f"clicks stored {stored}  lost {lost}  duplicates {duplicates}  "
        f"database is locked {locked}  "
        f"statuses {dict(sorted(tracked.statuses.items()))}"
    )
    sys.stdout.flush()
    return ratio, lost, bare.server_errors + tracked.server_errors, locked


def bare_path(token):
    return "/bare/"


def tracked_path(token):
    return f"/advocacy/l/{token}/"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000, help="per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections")
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    parser.add_argument("--max-seconds", type=float, default=120, help="for both phases")
    parser.add_argument("--rounds", type=int, default=5, help="alternations of endpoints")
    parser.add_argument("--kits", type=int, default=20)
    parser.add_argument("--ambassadors", type=int, default=40)
    parser.add_argument("--pg-synchronous-commit", choices=["on", "off"], default="on")
    parser.add_argument(
        "--durable-clicks",
        action="store_true",
        help="WAGTAIL_ADVOCACY_DURABLE_CLICKS on: each click waits for PostgreSQL's disk",
    )
    parser.add_argument(
        "--pg-prepared",
        choices=["on", "off"],
        default="on",
        help="on: the example site's prepare_threshold; off: Django's default, no prepared "
        "statements",
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--browser-user-agents",
        type=Path,
        help="a file of real browsers' user agents, one a line, to draw visitors from instead "
        "of five: most visitors are then the first sight of their user agent in a worker, "
        "which the bot rule must search (e.g. "
        "tests/fixtures/user_agents/browsers_fake_useragent.txt)",
    )
    args = parser.parse_args()
    if args.browser_user_agents:
        lines = args.browser_user_agents.read_text(encoding="utf-8").splitlines()
        BROWSERS[:] = [line for line in lines if line.strip() and not line.startswith("#")]
        print(f"{len(BROWSERS)} browser user agents from {args.browser_user_agents}")

    print(
        f"{args.requests} requests per endpoint, {args.concurrency} clients, "
        f"{args.workers} gunicorn sync workers, {os.cpu_count()} CPUs, loopback, "
        # Client, server and database share the machine: other load skews the figures.
        f"load average before the run {os.getloadavg()[0]:.2f}; "
        f"{args.kits * args.ambassadors * 3} links; "
        f"PostgreSQL synchronous_commit={args.pg_synchronous_commit}, "
        f"prepared statements {args.pg_prepared}, "
        f"durable clicks {'on' if args.durable_clicks else 'off'}"
    )
    ratios, total_lost = {}, 0
    for name in ("sqlite", "postgres"):
        if args.only and args.only != name:
            ratios[name] = "n/a"
            continue
        with tempfile.TemporaryDirectory(prefix=f"advocacy-bench-{name}-") as tmp:
            work = Path(tmp)
            with contextlib.ExitStack() as stack:
                url = (
                    stack.enter_context(postgres(work, args.pg_synchronous_commit))
                    if name == "postgres"
                    else None
                )
                if name == "postgres" and url is None:
                    print("postgres: no PostgreSQL binaries found, skipped")
                    ratios[name] = "n/a"
                    continue
                ratio, lost, errors, locked = bench_backend(name, url, args, work)
                ratios[name] = f"{ratio:.2f}"
                total_lost += lost
    sqlite, postgres_ratio = ratios["sqlite"], ratios["postgres"]
    print(f"tracked/bare ratio sqlite={sqlite} postgres={postgres_ratio} lost={total_lost}")


if __name__ == "__main__":
    main()
