/*
 * Transactions on Kore's pgsql pool, synchronous (see conf/octolearn.conf
 * for why). Kore hands a pooled connection to the next request still
 * inside whatever transaction the last one left open and never reconnects
 * after the server went away; so every unit of work here begins, fixes the
 * tenant for its transaction only (SET LOCAL), and is ended by
 * ol_db_end(), which rolls back anything not committed. A connection found
 * broken is reset before use, so the server recovers by itself once
 * PostgreSQL is back.
 */

#include <inttypes.h>
#include <stdio.h>

#include "octolearn.h"

#define DB_MAX_PARAMS	32

static int	db_query(struct ol_db *, const char *, int, const char **,
		    const int *);
static int	db_simple(struct ol_db *, const char *);
static int	db_connection_ok(struct ol_db *);

static int
db_connection_ok(struct ol_db *db)
{
	PGconn		*conn;

	conn = db->sql.conn->db;
	if (PQstatus(conn) == CONNECTION_OK)
		return (1);

	PQreset(conn);
	if (PQstatus(conn) == CONNECTION_OK) {
		kore_log(LOG_NOTICE, "database connection re-established");
		return (1);
	}

	return (0);
}

static int
db_query(struct ol_db *db, const char *query, int n, const char **vals,
    const int *lens)
{
	ExecStatusType	st;
	int		formats[DB_MAX_PARAMS], i;

	if (db->sql.result != NULL) {
		PQclear(db->sql.result);
		db->sql.result = NULL;
	}

	for (i = 0; i < n; i++)
		formats[i] = 0;

	db->sql.result = PQexecParams(db->sql.conn->db, query, n, NULL,
	    vals, lens, formats, 0);

	st = PQresultStatus(db->sql.result);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
		return (KORE_RESULT_ERROR);

	return (KORE_RESULT_OK);
}

/* Statements of our own, without parameters, in one simple query. */
static int
db_simple(struct ol_db *db, const char *query)
{
	PGresult	*res;
	ExecStatusType	 st;

	if (db->sql.result != NULL) {
		PQclear(db->sql.result);
		db->sql.result = NULL;
	}

	/* PQexec returns the last statement's result, or the first error. */
	res = PQexec(db->sql.conn->db, query);
	st = PQresultStatus(res);
	PQclear(res);

	return (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK);
}

/*
 * Begin a transaction. tenant_id 0 means platform data only: the tenant
 * setting stays empty and row-level security admits no tenant rows.
 */
int
ol_db_begin(struct ol_db *db, int64_t tenant_id)
{
	char		begin[96];
	int		attempt;

	kore_pgsql_init(&db->sql);
	db->setup = 0;
	db->in_tx = 0;
	db->tenant = tenant_id;
	db->quiet = 0;
	db->progress_user = 0;

	if (!kore_pgsql_setup(&db->sql, OL_DB_NAME, KORE_PGSQL_SYNC)) {
		kore_log(LOG_ERR, "database unavailable: %s",
		    db->sql.error ? db->sql.error : "unknown");
		return (KORE_RESULT_ERROR);
	}
	db->setup = 1;

	/*
	 * The tenant is fixed in the same round trip as BEGIN (two
	 * statements in one simple query; the id is a number formatted
	 * here): one wait less for every transaction.
	 */
	if (tenant_id > 0) {
		(void)snprintf(begin, sizeof(begin), "BEGIN; SET LOCAL "
		    "octolearn.tenant_id = '%" PRId64 "'", tenant_id);
	} else {
		(void)kore_strlcpy(begin, "BEGIN", sizeof(begin));
	}

	/* A connection dead since the last request fails on BEGIN: once. */
	for (attempt = 0; attempt < 2; attempt++) {
		if (!db_connection_ok(db))
			break;
		if (db_simple(db, begin)) {
			db->in_tx = 1;
			break;
		}
	}

	if (!db->in_tx) {
		kore_log(LOG_ERR, "database unavailable: %s",
		    PQerrorMessage(db->sql.conn->db));
		return (KORE_RESULT_ERROR);
	}

	return (KORE_RESULT_OK);
}

/*
 * Run one statement with n text parameters given as (const char *, int len)
 * pairs. libpq reads text parameters up to their NUL whatever length is
 * given, so each is copied into a terminated string here; a value with a
 * NUL byte in it (which PostgreSQL text cannot hold) fails the statement.
 */
int
ol_db_exec(struct ol_db *db, const char *query, int n, ...)
{
	va_list		args;
	const char	*vals[DB_MAX_PARAMS], *v;
	char		*copies[DB_MAX_PARAMS];
	int		lens[DB_MAX_PARAMS], i, ret;

	if (n < 0 || n > DB_MAX_PARAMS)
		fatal("ol_db_exec: %d parameters", n);

	if (!db->in_tx)
		fatal("ol_db_exec: no transaction");

	ret = KORE_RESULT_OK;
	va_start(args, n);
	for (i = 0; i < n; i++) {
		v = va_arg(args, const char *);
		lens[i] = va_arg(args, int);
		if (v == NULL || lens[i] < 0)
			fatal("ol_db_exec: bad parameter %d", i + 1);
		copies[i] = kore_malloc((size_t)lens[i] + 1);
		memcpy(copies[i], v, (size_t)lens[i]);
		copies[i][lens[i]] = '\0';
		vals[i] = copies[i];
		if (memchr(v, '\0', (size_t)lens[i]) != NULL)
			ret = KORE_RESULT_ERROR;
	}
	va_end(args);

	if (ret == KORE_RESULT_ERROR) {
		kore_log(LOG_NOTICE, "query refused: NUL byte in a parameter "
		    "(%.60s)", query);
	} else if (!db_query(db, query, n, vals, lens)) {
		kore_log(LOG_ERR, "query failed: %s (%.60s)",
		    PQerrorMessage(db->sql.conn->db), query);
		ret = KORE_RESULT_ERROR;
	}

	for (i = 0; i < n; i++)
		kore_free(copies[i]);

	return (ret);
}

/*
 * The same with n NUL-terminated strings in an array, for statements that
 * share a list of parameters (the reports' filters).
 */
int
ol_db_execv(struct ol_db *db, const char *query, int n, const char **vals)
{
	int		lens[DB_MAX_PARAMS], i;

	if (n < 0 || n > DB_MAX_PARAMS)
		fatal("ol_db_execv: %d parameters", n);
	if (!db->in_tx)
		fatal("ol_db_execv: no transaction");

	for (i = 0; i < n; i++)
		lens[i] = (int)strlen(vals[i]);
	if (!db_query(db, query, n, vals, lens)) {
		kore_log(LOG_ERR, "query failed: %s (%.60s)",
		    PQerrorMessage(db->sql.conn->db), query);
		return (KORE_RESULT_ERROR);
	}

	return (KORE_RESULT_OK);
}

/*
 * The transaction changes nothing a worker keeps (cache.c): its COMMIT
 * leaves every copy be. Only for the hot paths that are sure of it; by
 * default a COMMIT makes every worker read its tenant's data again.
 */
void
ol_db_quiet(struct ol_db *db)
{
	db->quiet = 1;
}

/* The transaction changes user's progress and nothing else kept. */
void
ol_db_progress(struct ol_db *db, int64_t user)
{
	db->quiet = 1;
	db->progress_user = user;
}

int
ol_db_commit(struct ol_db *db)
{
	if (!db->in_tx)
		fatal("ol_db_commit: no transaction");

	db->in_tx = 0;
	if (!db_simple(db, "COMMIT")) {
		kore_log(LOG_ERR, "commit failed: %s",
		    PQerrorMessage(db->sql.conn->db));
		return (KORE_RESULT_ERROR);
	}

	if (db->progress_user > 0)
		ol_cache_progress_changed(db->tenant, db->progress_user);
	if (!db->quiet)
		ol_cache_changed(db->tenant);

	return (KORE_RESULT_OK);
}

void
ol_db_end(struct ol_db *db)
{
	if (db->in_tx) {
		db->in_tx = 0;
		if (!db_simple(db, "ROLLBACK")) {
			kore_log(LOG_NOTICE, "rollback failed: %s",
			    PQerrorMessage(db->sql.conn->db));
		}
	}

	if (db->setup) {
		kore_pgsql_cleanup(&db->sql);
		db->setup = 0;
	}
}

int
ol_db_rows(struct ol_db *db)
{
	return (PQntuples(db->sql.result));
}

const char *
ol_db_value(struct ol_db *db, int row, int col)
{
	return (PQgetvalue(db->sql.result, row, col));
}

int64_t
ol_db_int64(struct ol_db *db, int row, int col)
{
	int		err;
	int64_t		v;

	v = kore_strtonum(PQgetvalue(db->sql.result, row, col), 10,
	    INT64_MIN + 1, INT64_MAX, &err);
	if (err != KORE_RESULT_OK)
		fatal("ol_db_int64: not a number in column %d", col);

	return (v);
}

int
ol_db_bool(struct ol_db *db, int row, int col)
{
	return (PQgetvalue(db->sql.result, row, col)[0] == 't');
}

/* SQLSTATE of the last failed statement ("" when there is none). */
const char *
ol_db_sqlstate(struct ol_db *db)
{
	const char	*st;

	if (db->sql.result == NULL ||
	    (st = PQresultErrorField(db->sql.result, PG_DIAG_SQLSTATE)) == NULL)
		return ("");

	return (st);
}
