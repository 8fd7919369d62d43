#!/bin/bash
# A local PostgreSQL cluster of the project's own, so that nothing depends
# on how the machine's system cluster is set up:
#   conf/pg.sh start | stop | status | provision DB | drop DB | psql [DB]
# As root the cluster runs as the `postgres` user under /var/lib/octolearn;
# as another user, as that user under ./var. It listens on 127.0.0.1 only
# (port OCTOLEARN_PGPORT, default 54329) and on a socket only its owner can
# reach. provision creates, idempotently, the two roles -- octolearn_owner
# owns the schema and runs migrations; octolearn_app is what the server
# connects as, owns nothing and cannot bypass row-level security -- and
# the database.
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PORT=${OCTOLEARN_PGPORT:-54329}
OWNER_PW=${OCTOLEARN_DB_OWNER_PASSWORD:-octolearn_owner}
APP_PW=${OCTOLEARN_DB_APP_PASSWORD:-octolearn_app}

if [ "$(id -u)" = 0 ]; then
	DIR=${OCTOLEARN_PGDIR:-/var/lib/octolearn/pg}
	AS="runuser -u postgres --"
else
	DIR=${OCTOLEARN_PGDIR:-$PWD/var/pg}
	AS=""
fi
DATA=$DIR/data
SOCK=$DIR/sock

psql_as() {
	$AS "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" \
	    -U postgres "$@"
}

case "${1:-}" in
start)
	mkdir -p "$DIR"
	if [ "$(id -u)" = 0 ]; then
		chmod 755 "$(dirname "$DIR")" "$DIR"
		chown postgres: "$DIR"
	fi
	if [ ! -f "$DATA/PG_VERSION" ]; then
		$AS "$PGBIN/initdb" -D "$DATA" -U postgres -E UTF8 \
		    --locale=C --auth-local=trust \
		    --auth-host=scram-sha-256 >/dev/null
	fi
	$AS mkdir -p "$SOCK"
	if $AS "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
		exit 0
	fi
	$AS "$PGBIN/pg_ctl" -D "$DATA" -w -t 60 -l "$DIR/postgresql.log" \
	    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCK \
	    -c unix_socket_permissions=0700 ${OCTOLEARN_PGOPTS:-}" \
	    start >/dev/null || { tail -n 20 "$DIR/postgresql.log"; exit 1; }
	;;
stop)
	if [ -f "$DATA/PG_VERSION" ] &&
	    $AS "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
		$AS "$PGBIN/pg_ctl" -D "$DATA" -w -m fast stop >/dev/null
	fi
	;;
status)
	$AS "$PGBIN/pg_ctl" -D "$DATA" status
	;;
provision)
	db=${2:?database name}
	psql_as -d postgres <<SQL
SET password_encryption = 'scram-sha-256';
DO \$\$ BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'octolearn_owner')
	THEN CREATE ROLE octolearn_owner LOGIN; END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'octolearn_app')
	THEN CREATE ROLE octolearn_app LOGIN NOINHERIT NOBYPASSRLS; END IF;
END \$\$;
ALTER ROLE octolearn_owner PASSWORD '$OWNER_PW';
ALTER ROLE octolearn_app PASSWORD '$APP_PW';
SELECT 'CREATE DATABASE "$db" OWNER octolearn_owner ENCODING ''UTF8'''
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')
\gexec
REVOKE ALL ON DATABASE "$db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE "$db" TO octolearn_app;
SQL
	psql_as -d "$db" <<SQL
ALTER SCHEMA public OWNER TO octolearn_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO octolearn_app;
SQL
	;;
drop)
	db=${2:?database name}
	psql_as -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
	;;
psql)
	shift
	psql_as -d "${1:-octolearn}"
	;;
*)
	echo "usage: conf/pg.sh start|stop|status|provision DB|drop DB|psql [DB]" >&2
	exit 2
	;;
esac
