#!/bin/sh
# Installs the Debian packages musubi needs, when missing. As root it runs
# apt-get; otherwise it names what is missing and fails.
# Usage: scripts/deps.sh [extra packages...]
set -eu
need="gcc g++ make liblemon-dev libglpk-dev libcjson-dev libcmocka-dev libcsv-dev libxlsxwriter-dev $*"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "musubi: missing Debian packages:$missing" >&2
    echo "musubi: install them with: sudo apt-get install$missing" >&2
    exit 1
fi
echo "musubi: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing >/dev/null
