#!/usr/bin/env bash
# `make demo`: migrate the example intranet, load its demo data, then serve it on
# http://127.0.0.1:8000 with the django-q2 cluster beside it. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
MANAGE=(env PYTHONUNBUFFERED=1 "$PY" example_site/manage.py)

"${MANAGE[@]}" migrate --noinput
"${MANAGE[@]}" advocacy_demo
# Scheduled jobs are registered by a command that later versions ship; older trees skip it.
if "${MANAGE[@]}" help setup_advocacy_schedules >/dev/null 2>&1; then
    "${MANAGE[@]}" setup_advocacy_schedules
fi

# Each child gets its own process group (set -m), so stopping one stops its own children
# too (runserver's autoreloader, qcluster's workers).
set -m
pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    echo "Demo stopped."
}
trap stop INT TERM EXIT

"${MANAGE[@]}" qcluster &
pids+=("$!")
"${MANAGE[@]}" runserver 127.0.0.1:8000 &
pids+=("$!")

echo "Serving http://127.0.0.1:8000 with the task cluster; Ctrl-C stops both."
# Whichever stops first (or Ctrl-C) ends the demo, so a dead half is never left running.
wait -n || true
