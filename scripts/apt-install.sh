#!/usr/bin/env bash
# Install Debian packages the checks need (chromium, postgresql, gettext) when missing.
# Runs `apt-get update` once per machine boot, then installs quietly; needs root.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "apt-install: need root to install: $*" >&2
    exit 1
fi
stamp=/tmp/.wagtail-advocacy-apt-updated
if [ ! -e "$stamp" ]; then
    apt-get update -qq
    touch "$stamp"
fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
