/*
 * The admin tool's database connection: the schema owner, from
 * OCTOLEARN_ADMIN_DSN, with a default that serves the local run.
 */

#include <stdio.h>
#include <stdlib.h>

#include "admin.h"

#define DEFAULT_ADMIN_DSN	"host=127.0.0.1 port=54329 dbname=octolearn " \
				"user=octolearn_owner password=octolearn_owner " \
				"gssencmode=disable sslmode=disable " \
				"connect_timeout=5"

static void	notice_quiet(void *, const char *);

static void
notice_quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

PGconn *
admin_db_connect(void)
{
	const char	*dsn;
	PGconn		*conn;

	if ((dsn = getenv("OCTOLEARN_ADMIN_DSN")) == NULL || *dsn == '\0')
		dsn = DEFAULT_ADMIN_DSN;

	conn = PQconnectdb(dsn);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "octolearn-admin: cannot connect to the "
		    "database: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return (NULL);
	}

	(void)PQsetNoticeProcessor(conn, notice_quiet, NULL);

	return (conn);
}

/* Runs a statement with text parameters; NULL (and a message) on error. */
PGresult *
admin_db_exec(PGconn *conn, const char *sql, int n, const char **vals)
{
	PGresult	*res;
	ExecStatusType	st;

	res = PQexecParams(conn, sql, n, NULL, vals, NULL, NULL, 0);
	st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		fprintf(stderr, "octolearn-admin: %s",
		    PQresultErrorMessage(res));
		PQclear(res);
		return (NULL);
	}

	return (res);
}

int
admin_db_command(PGconn *conn, const char *sql)
{
	PGresult	*res;

	if ((res = admin_db_exec(conn, sql, 0, NULL)) == NULL)
		return (-1);
	PQclear(res);

	return (0);
}
