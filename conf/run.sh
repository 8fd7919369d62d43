#!/bin/bash
# `make run`, last step: serves on http://127.0.0.1:8888 in the foreground.
# Ctrl-C stops the server, then the local PostgreSQL cluster.
set -uo pipefail

export OCTOLEARN_DATA_DIR=${OCTOLEARN_DATA_DIR:-$PWD/var/data}
mkdir -p var "$OCTOLEARN_DATA_DIR"

flags=""
if [ "$(id -u)" = 0 ]; then
	id octolearn >/dev/null 2>&1 || useradd --system --no-create-home \
	    --home-dir /nonexistent --shell /usr/sbin/nologin octolearn
else
	# Only root can chroot and change user (see conf/octolearn.conf).
	echo "octolearn: not root: serving without chroot and user change"
	flags="-n -r"
fi

cat <<MSG

  Octolearn is starting on http://127.0.0.1:8888/
  Demo tenant:  http://127.0.0.1:8888/t/demo/
  Demo users (tenant "demo"):
    tenant admin    admin@demo.example      demo-admin-2026
    trainer         trainer@demo.example    demo-trainer-2026
    learners        learner1@demo.example   demo-learner-2026  (also learner2, learner3)
    platform admin  platform@demo.example   demo-platform-2026 (manages the tenants)
  Press Ctrl-C to stop.

MSG

trap '' INT TERM
# shellcheck disable=SC2086
( trap - INT TERM; exec kore -f -c conf/octolearn.conf $flags )
status=$?
conf/pg.sh stop
echo "octolearn: stopped"
exit $status
