#!/bin/sh
# Installs the Debian packages musubi needs, when missing. As root it runs
# apt-get; otherwise it names what is missing and fails. Packages after
# --optional (the peers the tests cross-check against, the bench's plotter)
# are installed the same way as root; otherwise they are named in a note and
# whatever uses them skips that part, saying so.
# Usage: scripts/deps.sh [PKG...] [--optional PKG...]
set -eu
need="gcc g++ make liblemon-dev libglpk-dev libcjson-dev libcmocka-dev libcsv-dev libxlsxwriter-dev"
optional=""
while [ $# -gt 0 ]; do
    case $1 in
    --optional) shift; optional="$optional $*"; break ;;
    *) need="$need $1"; shift ;;
    esac
done
absent() { # PKG... -> the ones not installed
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || printf ' %s' "$p"
    done
}
missing=$(absent $need)
later=$(absent $optional)
[ -z "$missing$later" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    [ -z "$later" ] || echo "musubi: note: optional Debian packages not installed:$later (the parts using them are skipped)" >&2
    [ -z "$missing" ] && exit 0
    echo "musubi: missing Debian packages:$missing" >&2
    echo "musubi: install them with: sudo apt-get install$missing" >&2
    exit 1
fi
echo "musubi: installing$missing$later" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends $missing $later >/dev/null
