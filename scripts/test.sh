#!/usr/bin/env bash
# `make test`: every check of the project, stage by stage, each timed, then a summary table.
#
#   scripts/test.sh                 all stages
#   scripts/test.sh sqlite docs     only these stages (names as in the table)
#
# Exits non-zero when any stage failed. A stage that cannot run here says SKIPPED and why;
# a skipped required stage (the compatibility legs), or any skip when CI=true, fails the run.
# Runs as root on CI and fresh machines: it installs Debian's chromium, postgresql and gettext
# when they are missing, and runs PostgreSQL as an unprivileged user.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# Test this checkout and nothing else: a PYTHONPATH left in the caller's shell would let
# another copy of the app be imported (the wheel stage catches it, the others would not).
unset PYTHONPATH
PY=$ROOT/.venv/bin/python
ALL_STAGES=(lint migrations check sqlite nogame postgres browser docs wagtail74 django6 wheel)
# The compatibility legs pin these; "newest Wagtail" is whatever the index serves under 9.
WAGTAIL_LTS_SPEC=(wagtail~=7.4.0 django~=5.2.0)
DJANGO6_SPEC=("wagtail>=8,<9" "django>=6.0,<6.2")
# Stages that must run: skipping one of them fails `make test` (the reason is still shown).
REQUIRED_STAGES=(wagtail74 django6)

if [ ! -x "$PY" ]; then
    echo "No .venv: run 'make test' (it creates the virtualenv first)." >&2
    exit 2
fi

WORK=$(mktemp -d -t wagtail-advocacy-test.XXXXXX)
chmod 755 "$WORK" # the unprivileged PostgreSQL user must reach its data directory
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
# Checks of the example site must not touch the demo's own database under example_site/var.
export INTRANET_DATA_DIR=$WORK/example-data

# --- helpers --------------------------------------------------------------------------------

# skip REASON: end the current stage as SKIPPED (exit code 77), reason shown in the summary.
skip() {
    echo "$1" >"$WORK/$STAGE.note"
    echo "SKIPPED: $1"
    exit 77
}

note() { echo "$1" >"$WORK/$STAGE.note"; }

ensure_gettext() {
    command -v xgettext >/dev/null || scripts/apt-install.sh gettext
}

# run_pytest PYTHON ARGS...: pytest with a JUnit report, whose counts go in the summary.
# Exit code 5 (no tests collected) is a failure: every leg here must run tests.
run_pytest() {
    local py=$1 rc=0
    shift
    "$py" -m pytest --junitxml="$WORK/$STAGE.xml" "$@" || rc=$?
    if [ -f "$WORK/$STAGE.xml" ]; then
        "$PY" scripts/junit_counts.py "$WORK/$STAGE.xml" >"$WORK/$STAGE.counts" || true
    fi
    if [ "$rc" -eq 5 ]; then
        echo "pytest collected no tests" >&2
        echo "no tests collected" >"$WORK/$STAGE.counts"
    fi
    return "$rc"
}

# pip_install PYTHON ARGS...: quiet install; pip's full output only when it fails.
pip_install() {
    local py=$1
    shift
    "$py" -m pip install --quiet "$@" >"$WORK/pip.log" 2>&1 || {
        grep -v "is ignored: it is neither a file nor a directory" "$WORK/pip.log"
        return 1
    }
}

versions() {
    "$1" -c 'import django, sys, wagtail
print(f"Wagtail {wagtail.__version__}, Django {django.__version__}, Python {sys.version.split()[0]}")'
}

# find_python VERSION...: print a working interpreter for the first version found.
# python3.12/python3.13 may be pyenv shims that fail unless selected, so each is tried for real.
find_python() {
    local v c pyroot
    pyroot=$(pyenv root 2>/dev/null || echo /root/.pyenv)
    for v in "$@"; do
        for c in "python$v" "$pyroot"/versions/"$v"*/bin/"python$v" \
            "/usr/bin/python$v" "/usr/local/bin/python$v"; do
            if "$c" -c 'import ensurepip, venv' >/dev/null 2>&1; then
                "$c" -c 'import sys; print(sys.executable)'
                return 0
            fi
        done
    done
    return 1
}

# leg_venv DIR PYTHON SPEC...: a virtualenv with the package (editable) and SPEC installed,
# reused while the interpreter, SPEC and pyproject.toml are unchanged.
leg_venv() {
    local dir=$1 py=$2 want
    shift 2
    want="$("$py" -c 'import sys; print(sys.version)') | $* | $(sha256sum pyproject.toml)"
    if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.installed" 2>/dev/null)" = "$want" ]; then
        echo "Reusing $dir"
    else
        rm -rf "$dir"
        "$py" -m venv "$dir"
        pip_install "$dir/bin/python" -e ".[testing]" "$@"
        echo "$want" >"$dir/.installed"
    fi
    versions "$dir/bin/python" | tee "$WORK/$STAGE.note"
}

pg_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && echo "$d"
    done | sort -V | tail -n 1
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- stages (each runs in a subshell with set -e) -------------------------------------------

stage_lint() {
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
}

stage_migrations() {
    "$PY" example_site/manage.py makemigrations --check --dry-run
    # The test app's page type too.
    PYTHONPATH=.:example_site "$PY" -m django makemigrations --check --dry-run \
        --settings=tests.settings
}

stage_check() {
    "$PY" example_site/manage.py check --fail-level WARNING
}

stage_sqlite() {
    ensure_gettext
    run_pytest "$PY" -q -m "not browser"
}

# The core without the game sub-app in INSTALLED_APPS (as a works council may decide): every
# test but those of modules that import the game (tests/conftest.py, pytest_ignore_collect).
stage_nogame() {
    ensure_gettext
    DJANGO_SETTINGS_MODULE=tests.settings_without_game run_pytest "$PY" -q -m "not browser"
}

stage_postgres() {
    # Not local: the EXIT trap that stops the server runs after this function returns.
    local port user=advocacy
    as_pg=()
    bindir=$(pg_bindir)
    if [ -z "$bindir" ]; then
        scripts/apt-install.sh postgresql
        bindir=$(pg_bindir)
    fi
    [ -n "$bindir" ] || { echo "PostgreSQL binaries not found under /usr/lib/postgresql" >&2; return 1; }
    ensure_gettext

    pgdir=$WORK/postgres
    mkdir -p "$pgdir"
    # initdb and postgres refuse to run as root: run them as nobody.
    if [ "$(id -u)" -eq 0 ]; then
        chown nobody "$pgdir"
        as_pg=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups --)
    fi
    port=$(free_port)
    cd "$pgdir"
    "${as_pg[@]}" "$bindir/initdb" -D "$pgdir/data" -U "$user" -A trust -E UTF8 --locale=C \
        --no-sync >"$pgdir/initdb.log"
    stop_postgres() {
        "${as_pg[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    }
    trap stop_postgres EXIT
    # A throwaway server: durability off for speed.
    local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pgdir"
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
        -o "$options" start
    cd "$ROOT"
    note "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
    DATABASE_URL="postgres://$user@127.0.0.1:$port/postgres" run_pytest "$PY" -q -m "not browser"
}

stage_browser() {
    if [ ! -x /usr/bin/chromium ]; then
        scripts/apt-install.sh chromium
    fi
    # Fail rather than skip when Chromium is missing: this stage exists to run them.
    ADVOCACY_REQUIRE_BROWSER=1 run_pytest "$PY" -q -m browser tests/browser
}

stage_docs() {
    "$PY" scripts/check_docs_reference.py
    "$PY" -m mkdocs build --strict --site-dir "$WORK/site"
}

stage_wagtail74() {
    local py
    # Wagtail 7.4 runs on any Python we support: the oldest found, else .venv's.
    py=$(find_python 3.11 3.12 3.13) || py=$PY
    ensure_gettext
    leg_venv .venv-wagtail74 "$py" "${WAGTAIL_LTS_SPEC[@]}"
    run_pytest .venv-wagtail74/bin/python -q -m "not browser"
}

stage_django6() {
    local py
    py=$(find_python 3.13 3.12) ||
        skip "no Python 3.12 or 3.13 found (PATH, pyenv, /usr/bin, /usr/local/bin); Django 6 needs one"
    ensure_gettext
    leg_venv .venv-django6 "$py" "${DJANGO6_SPEC[@]}"
    run_pytest .venv-django6/bin/python -q -m "not browser"
}

# The wheel, installed (not editable) into a brand-new `wagtail start` site with only the
# steps of docs/installation.md, must migrate and pass `manage.py check`; then, in a base
# template without extra_css / extra_js blocks (as Wagtail's bakerydemo has), an employee
# logs in through the documented login, finds the programme styled, joins and shares.
stage_wheel() {
    local py wheel label spec venv site tested=()
    "$PY" -m build --wheel --outdir "$WORK/dist" . >"$WORK/build.log" 2>&1 ||
        { cat "$WORK/build.log"; return 1; }
    wheel=$(ls "$WORK"/dist/*.whl)
    "$PY" scripts/check_wheel.py "$wheel"
    py=$(find_python 3.11 3.12 3.13) || py=$PY
    for label in wagtail74 wagtail8; do
        case $label in
            wagtail74) spec=wagtail~=7.4.0 ;;
            wagtail8) spec="wagtail>=8,<9" ;;
        esac
        echo "--- $label: $(basename "$wheel") + $spec into a new 'wagtail start' site"
        venv=$WORK/venv-$label
        site=$WORK/site-$label
        "$py" -m venv "$venv"
        pip_install "$venv/bin/python" "$wheel" "$spec"
        tested+=("$(versions "$venv/bin/python" | cut -d, -f1)")
        mkdir -p "$site"
        (
            cd "$site"
            "$venv/bin/wagtail" start mysite .
            "$venv/bin/python" "$ROOT/scripts/apply_install_docs.py" "$ROOT/docs/installation.md" .
            "$venv/bin/python" - mysite/templates/base.html <<'PY'
import re, sys
from pathlib import Path
base = Path(sys.argv[1])
text, blocks = re.subn(r"{% block extra_(css|js) %}.*?{% endblock %}", "", base.read_text(), flags=re.S)
assert blocks == 2, f"{base}: expected extra_css and extra_js blocks, found {blocks}"
base.write_text(text)
PY
            "$venv/bin/python" manage.py migrate --noinput >"$site/migrate.log"
            # Warnings fail too: the docs' steps must leave nothing for check to complain of.
            "$venv/bin/python" manage.py check --fail-level WARNING
            "$venv/bin/python" manage.py setup_advocacy_schedules
            "$venv/bin/python" manage.py shell -c "$(cat "$ROOT/scripts/wheel_smoke.py")"
        )
    done
    note "into new sites on ${tested[0]} and ${tested[1]}"
}

# --- run and summarise ----------------------------------------------------------------------

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=("${ALL_STAGES[@]}")
for s in "${stages[@]}"; do
    declare -F "stage_$s" >/dev/null || {
        echo "Unknown stage '$s'. Stages: ${ALL_STAGES[*]}" >&2
        exit 2
    }
done

results=()
failed=0
total_start=$EPOCHREALTIME
for STAGE in "${stages[@]}"; do
    echo
    echo "=================== $STAGE ==================="
    start=$EPOCHREALTIME
    (
        set -euo pipefail
        trap 'exit 130' INT TERM
        "stage_$STAGE"
    )
    rc=$?
    seconds=$(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $start }")
    case $rc in
        0) result=passed ;;
        77)
            result=SKIPPED
            if [[ " ${REQUIRED_STAGES[*]} " == *" $STAGE "* ]]; then
                echo "a required leg" >"$WORK/$STAGE.skipped"
            elif [ "${CI:-}" = true ]; then
                echo "CI=true: nothing may be skipped" >"$WORK/$STAGE.skipped"
            fi
            if [ -f "$WORK/$STAGE.skipped" ]; then
                result=FAILED
                failed=1
            fi
            ;;
        130) result=interrupted; failed=1 ;;
        *) result=FAILED; failed=1 ;;
    esac
    counts=$(cat "$WORK/$STAGE.counts" 2>/dev/null || true)
    notes=$(cat "$WORK/$STAGE.note" 2>/dev/null || true)
    results+=("$STAGE|$result|$seconds|$counts|$notes")
    [ "$rc" -eq 130 ] && break
done
total=$(awk "BEGIN { printf \"%.0f\", $EPOCHREALTIME - $total_start }")

echo
echo "=================== summary ==================="
printf '%-11s %-11s %7s  %-28s %s\n' stage result seconds tests notes
for row in "${results[@]}"; do
    IFS='|' read -r s r sec c n <<<"$row"
    printf '%-11s %-11s %7s  %-28s %s\n' "$s" "$r" "$sec" "${c:--}" "$n"
done
printf '%-11s %-11s %7s\n' total "" "$total"
for row in "${results[@]}"; do
    IFS='|' read -r s r sec c n <<<"$row"
    if [ "$r" = SKIPPED ]; then
        echo
        echo "!!! $s was SKIPPED: $n"
    elif [ -f "$WORK/$s.skipped" ]; then
        echo
        echo "!!! $s was SKIPPED, which fails the run ($(cat "$WORK/$s.skipped")): $n"
    fi
done
if [ "$failed" -ne 0 ]; then
    echo
    echo "make test: FAILED"
    exit 1
fi
echo
echo "make test: all stages passed"
