#!/bin/bash
# Installs, with apt-get, every Debian package the project needs that is
# missing: build, run, test; with the argument "bench", also what
# `make bench` measures against (wrk, nginx, unzip). Fast when nothing is
# missing (one dpkg-query).
set -euo pipefail

PKGS="gcc make pkg-config kore libpq-dev libxml2-dev libxml2-utils
libscrypt-dev libarchive-dev libunistring-dev libjansson-dev libcmocka-dev
libssl-dev gettext postgresql clang libclang-rt-14-dev curl
python3 python3-pytest python3-requests python3-psycopg2 python3-selenium
chromium chromium-driver sqlmap"
if [ "${1:-}" = bench ]; then
	PKGS="$PKGS wrk nginx unzip"
fi

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

echo "octolearn: installing${missing}"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
