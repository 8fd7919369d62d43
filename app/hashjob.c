/*
 * Password hashing in a Kore task, for handlers that set a password
 * (creating a user, resetting or changing a password): scrypt takes tens
 * of milliseconds of CPU, which must not stall the worker's event loop.
 * The job lives in the handler's http_state; the task is its first member
 * so that the thread finds the job from the task.
 */

#include "octolearn.h"
#include "password.h"

static int	hashjob_run(struct kore_task *);

/* Kore keeps the entry's return value as the task's result. */
static int
hashjob_run(struct kore_task *t)
{
	struct ol_hashjob	*job = (struct ol_hashjob *)t;
	int			ok;

	ok = ol_password_hash(job->password, job->len, job->hash,
	    sizeof(job->hash)) == 0;
	explicit_bzero(job->password, sizeof(job->password));

	return (ok);
}

void
ol_hashjob_start(struct ol_hashjob *job, struct http_request *req,
    const char *pw, size_t len)
{
	if (len >= sizeof(job->password))
		fatal("ol_hashjob_start: password too long");

	memcpy(job->password, pw, len);
	job->password[len] = '\0';
	job->len = len;

	kore_task_create(&job->task, hashjob_run);
	kore_task_bind_request(&job->task, req);
	job->started = 1;
	kore_task_run(&job->task);
}

/*
 * 1 when the hash is ready in job->hash, 0 while the task still runs (the
 * request then sleeps until it ends), -1 when hashing failed.
 */
int
ol_hashjob_done(struct ol_hashjob *job)
{
	if (kore_task_state(&job->task) != KORE_TASK_STATE_FINISHED) {
		http_request_sleep(job->task.req);
		return (0);
	}

	return (kore_task_result(&job->task) == 1 ? 1 : -1);
}
