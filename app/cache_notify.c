/*
 * Each worker listens to NOTIFY octolearn_cache (migration 0016) on a
 * connection of its own, outside Kore's pool, and ends the copies of the
 * tenant named (cache.c): what octolearn-admin or an operator's SQL
 * changes is then seen as soon as it is committed, like what workers
 * commit themselves. Notifications are read when they arrive and before
 * each request (ol_cache_notified()), so that a request never finds a
 * copy older than a notification already at the worker.
 *
 * While the connection is down nothing is heard: it is made again every
 * second, and then every copy is ended, since a change may have been
 * missed. Until then no copy outlives OL_CACHE_TTL_MS.
 */

#include "octolearn.h"

#define NOTIFY_RETRY_MS		1000
#define NOTIFY_EVENT_TYPE	100	/* none of Kore's KORE_TYPE_* */

struct cache_listener {
	struct kore_event	evt;	/* first: Kore's event loop calls it */
	PGconn			*conn;
	struct kore_timer	*retry;
};

static struct cache_listener	listener;

static void	notify_connect(void);
static void	notify_retry(void *, u_int64_t);
static void	notify_event(void *, int);
static void	notify_drop(void);

/* In each worker, once the pool is registered. */
void
ol_cache_listen(void)
{
	memset(&listener, 0, sizeof(listener));
	listener.evt.type = NOTIFY_EVENT_TYPE;
	listener.evt.handle = notify_event;
	notify_connect();
}

static void
notify_connect(void)
{
	PGresult	*res;
	int		ok;

	listener.conn = PQconnectdb(ol_cfg.dsn);
	ok = PQstatus(listener.conn) == CONNECTION_OK;
	if (ok) {
		res = PQexec(listener.conn, "LISTEN octolearn_cache");
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
	}
	if (ok)
		ok = PQsetnonblocking(listener.conn, 1) == 0;
	if (!ok) {
		kore_log(LOG_NOTICE, "cache: cannot listen for changes: %s",
		    PQerrorMessage(listener.conn));
		PQfinish(listener.conn);
		listener.conn = NULL;
		if (listener.retry == NULL) {
			listener.retry = kore_timer_add(notify_retry,
			    NOTIFY_RETRY_MS, NULL, 0);
		}
		return;
	}

	if (listener.retry != NULL) {
		kore_timer_remove(listener.retry);
		listener.retry = NULL;
		/* Changes told while nobody listened are lost: all of it. */
		ol_cache_changed(0);
		kore_log(LOG_NOTICE, "cache: listening for changes again");
	}
	kore_platform_event_level_read(PQsocket(listener.conn), &listener);
}

static void
notify_retry(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;

	if (listener.conn == NULL)
		notify_connect();
}

static void
notify_drop(void)
{
	kore_log(LOG_NOTICE, "cache: lost the connection for changes");
	kore_platform_disable_read(PQsocket(listener.conn));
	PQfinish(listener.conn);
	listener.conn = NULL;
	ol_cache_changed(0);
	listener.retry = kore_timer_add(notify_retry, NOTIFY_RETRY_MS, NULL, 0);
}

static void
notify_event(void *arg, int error)
{
	(void)arg;

	if (error) {
		notify_drop();
		return;
	}
	ol_cache_notified();
}

/* Ends the copies of every tenant named in the notifications received. */
void
ol_cache_notified(void)
{
	PGnotify	*n;
	int64_t		tenant;
	int		err;

	if (listener.conn == NULL)
		return;
	if (!PQconsumeInput(listener.conn)) {
		notify_drop();
		return;
	}

	while ((n = PQnotifies(listener.conn)) != NULL) {
		tenant = kore_strtonum(n->extra, 10, 0, INT64_MAX, &err);
		if (err != KORE_RESULT_OK)
			tenant = 0;
		ol_cache_changed(tenant);
		PQfreemem(n);
	}
}
