/*
 * Each worker listens to NOTIFY octolearn_cache (migration 0016) on a
 * connection of its own, outside Kore's pool, and ends the copies of the
 * tenant named (cache.c): what octolearn-admin, an operator's SQL or
 * another node changes is then seen as soon as it is committed, like what
 * the node's workers commit themselves. Notifications are read when they
 * arrive and before each request (ol_cache_notified()), so that a request
 * never finds a copy older than a notification already at the worker.
 *
 * The connection is made in a Kore task, so that a database slow to
 * answer never holds the event loop; made again a second after it fails
 * or is lost. Each time it is made every copy is ended, since a change
 * may have gone unheard; until then no copy outlives OL_CACHE_TTL_MS.
 */

#include "octolearn.h"

#define NOTIFY_RETRY_MS		1000
#define NOTIFY_EVENT_TYPE	100	/* none of Kore's KORE_TYPE_* */

struct cache_listener {
	struct kore_event	evt;	/* first: Kore's event loop calls it */
	PGconn			*conn;
	PGconn			*made;	/* by the task */
	struct kore_task	task;
	int			connecting;
};

static struct cache_listener	listener;

static void	notify_connect(void);
static int	notify_task(struct kore_task *);
static void	notify_task_done(struct kore_task *);
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
	listener.connecting = 1;
	listener.made = NULL;
	kore_task_create(&listener.task, notify_task);
	kore_task_bind_callback(&listener.task, notify_task_done);
	kore_task_run(&listener.task);
}

/* In a task thread: connect and LISTEN, blocking as long as it takes. */
static int
notify_task(struct kore_task *t)
{
	PGconn		*conn;
	PGresult	*res;
	int		 ok;

	(void)t;
	conn = PQconnectdb(ol_cfg.dsn);
	ok = PQstatus(conn) == CONNECTION_OK;
	if (ok) {
		res = PQexec(conn, "LISTEN octolearn_cache");
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
	}
	if (ok)
		ok = PQsetnonblocking(conn, 1) == 0;
	if (!ok) {
		kore_log(LOG_NOTICE, "cache: cannot listen for changes: %s",
		    PQerrorMessage(conn));
		PQfinish(conn);
		return (0);
	}
	listener.made = conn;

	return (1);
}

/* Back on the event loop. */
static void
notify_task_done(struct kore_task *t)
{
	if (kore_task_state(t) != KORE_TASK_STATE_FINISHED)
		return;
	kore_task_destroy(t);
	listener.connecting = 0;

	if (listener.made == NULL) {
		(void)kore_timer_add(notify_retry, NOTIFY_RETRY_MS, NULL,
		    KORE_TIMER_ONESHOT);
		return;
	}

	listener.conn = listener.made;
	listener.made = NULL;
	kore_platform_event_level_read(PQsocket(listener.conn), &listener);
	/* Changes told while nobody listened are lost: all of it. */
	ol_cache_changed(0);
}

static void
notify_retry(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;

	if (listener.conn == NULL && !listener.connecting)
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
	(void)kore_timer_add(notify_retry, NOTIFY_RETRY_MS, NULL,
	    KORE_TIMER_ONESHOT);
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
