#!/usr/bin/env bash
# `make demo`: migrate the example intranet, load its demo data, then serve it on
# http://127.0.0.1:8000 with the django-q2 cluster beside it. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
MANAGE=(env PYTHONUNBUFFERED=1 "$PY" example_site/manage.py)

"${MANAGE[@]}" migrate --noinput
"${MANAGE[@]}" advocacy_demo
# The digest, statistics roll-up, salt rotation and purge jobs, run by the cluster below.
"${MANAGE[@]}" setup_advocacy_schedules

# Each child gets its own process group (set -m): Ctrl-C reaches only this script, whose trap
# stops them in order. qcluster must be signalled alone (its main process then stops its own
# workers; signalling the workers too leaves it waiting forever); runserver's autoreloader
# and its server child are stopped together.
set -m
cluster=""
server=""
alive() {
    { [ -n "$cluster" ] && kill -0 -- "-$cluster" 2>/dev/null; } ||
        { [ -n "$server" ] && kill -0 -- "-$server" 2>/dev/null; }
}
stop() {
    trap - INT TERM EXIT
    [ -n "$cluster" ] && kill -TERM "$cluster" 2>/dev/null
    [ -n "$server" ] && kill -TERM -- "-$server" 2>/dev/null
    for _ in $(seq 40); do # up to 20 seconds for a clean stop
        alive || break
        sleep 0.5
    done
    if alive; then
        echo "Forcing the demo's processes to stop."
        [ -n "$cluster" ] && kill -KILL -- "-$cluster" 2>/dev/null
        [ -n "$server" ] && kill -KILL -- "-$server" 2>/dev/null
    fi
    wait 2>/dev/null
    echo "Demo stopped."
}
trap stop INT TERM EXIT

"${MANAGE[@]}" qcluster &
cluster=$!
"${MANAGE[@]}" runserver 127.0.0.1:8000 &
server=$!

echo "Serving http://127.0.0.1:8000 with the task cluster; Ctrl-C stops both."
# Whichever stops first (or Ctrl-C) ends the demo, so a dead half is never left running.
wait -n || true
