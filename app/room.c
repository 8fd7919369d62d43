/*
 * Room on the disk for uploads. Kore spools a body larger than
 * http_body_disk_offload to http_body_disk_path (the data directory's
 * tmp/) as it arrives, before any handler runs, and when the disk fills
 * half-way through it answers its own empty 500: Kore 4.1 has no hook
 * between a request's headers and its body. So each worker looks at the
 * room left on that disk every second and lowers Kore's http_body_max to
 * what fits, less a reserve: a body that cannot fit is refused with 413
 * on its Content-Length, before a byte of it is written. Bodies kept in
 * memory need no room in the spool, so the limit never goes below
 * http_body_disk_offload; a handler that finds no room for one answers
 * 507 (ol_body_take(), ol_upload_no_room()).
 */

#include <sys/statvfs.h>

#include <stdint.h>

#include "octolearn.h"

#define ROOM_INTERVAL_MS	1000
/* Left free for what else is written there meanwhile (a package unpacked). */
#define ROOM_RESERVE		(1024 * 1024)

static void	room_check(void *, u_int64_t);

static size_t	room_body_max;		/* http_body_max as configured */
static int	room_short;		/* the limit is below it */
static int	room_failed;		/* statvfs() failed, said once */

/* At a worker's start, once it is chrooted (kore_worker_configure()). */
void
ol_room_init(void)
{
	room_body_max = http_body_max;

	/* No body allowed, or none spooled: nothing to watch. */
	if (room_body_max == 0 || http_body_disk_offload == 0)
		return;

	room_check(NULL, 0);
	(void)kore_timer_add(room_check, ROOM_INTERVAL_MS, NULL, 0);
}

static void
room_check(void *arg, u_int64_t now)
{
	struct statvfs	st;
	u_int64_t	room, limit;

	(void)arg;
	(void)now;

	/* Unknown room: the configured limit, as if nothing were watched. */
	if (statvfs(http_body_disk_path, &st) == -1) {
		if (!room_failed) {
			kore_log(LOG_ERR, "statvfs(%s): %s",
			    http_body_disk_path, errno_s);
		}
		room_failed = 1;
		http_body_max = room_body_max;
		return;
	}
	room_failed = 0;

	if (st.f_frsize != 0 && st.f_bavail > UINT64_MAX / st.f_frsize)
		room = UINT64_MAX;
	else
		room = (u_int64_t)st.f_bavail * st.f_frsize;

	limit = room > ROOM_RESERVE ? room - ROOM_RESERVE : 0;
	if (limit < http_body_disk_offload)
		limit = http_body_disk_offload;
	if (limit > room_body_max)
		limit = room_body_max;
	http_body_max = (size_t)limit;

	if ((limit < room_body_max) != room_short) {
		room_short = limit < room_body_max;
		kore_log(LOG_NOTICE, "room for uploads in %s: %s %llu bytes",
		    http_body_disk_path, room_short ? "bodies limited to" :
		    "back to the configured", (unsigned long long)limit);
	}
}
