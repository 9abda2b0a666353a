#!/usr/bin/env bash
# Install Debian packages the checks need (chromium, postgresql, gettext, python3-venv) when
# missing; needs root. apt's and dpkg's output goes to a log, shown only when the install
# fails. The package lists are refreshed once per boot, and again before the one retry of a
# failed install (lists refreshed long ago may name versions the mirror no longer has).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "apt-install: need root to install: $*" >&2
    exit 1
fi
stamp=/tmp/.wagtail-advocacy-apt-updated
log=$(mktemp -t wagtail-advocacy-apt.XXXXXX.log)

update() {
    apt-get update -qq >>"$log" 2>&1 && touch "$stamp"
}

install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$log" 2>&1
}

echo "apt-install: $* (log: $log)"
if { [ -e "$stamp" ] || update; } && install "$@"; then
    rm -f "$log"
    exit 0
fi
echo "apt-install: installing $* failed; refreshing the package lists and retrying once" >&2
if update && install "$@"; then
    rm -f "$log"
    exit 0
fi
echo "apt-install: could not install $*. apt's output:" >&2
cat "$log" >&2
exit 1
