/*
 * Package import: a tenant admin sends a SCORM zip as the body of
 * POST .../packages/<lang> (a new resource) or .../resources/<id>/packages/
 * <lang> (its next version in that language). Kore spools a large body to
 * the data directory's tmp/ as it arrives (memory does not grow with the
 * file); the handler takes the file over, records an import (so that any
 * worker can answer GET .../imports/<id>, which the page polls), answers
 * 202 and starts a task. The task, off the event loop, unpacks the zip
 * into staging/<import> (modules/archive) and reads its manifest
 * (modules/manifest); back on the event loop, the callback moves the
 * directory to packages/<tenant>/<import> and stores the version and its
 * items in one transaction (octolearn_package_store()), or removes every
 * file when anything failed. Rows appear all at once or not at all.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "octolearn.h"

#include "archive.h"
#include "manifest.h"

#define PHASE_QUEUED		0
#define PHASE_EXTRACTING	1
#define PHASE_READING		2
#define PHASE_STORING		3

struct import_job {
	struct kore_task	task;	/* first: the thread finds the job */
	int64_t			tenant_id;
	int64_t			import_id;
	int64_t			user_id;
	int64_t			resource_id;	/* 0: a new resource */
	char			lang[OL_LANG_MAX];
	char			upload[PATH_MAX];
	char			staging[PATH_MAX];
	volatile int		phase;
	int			ok;
	char			*doc;		/* the manifest as JSON */
	char			*errors;	/* [{line, fmt, arg}] */
	char			*warnings;
	uint64_t		bytes;
	uint64_t		files;
};

static const char	*phase_name(int);
static int		import_run(struct kore_task *);
static void		import_done(struct kore_task *);
static void		import_fail(struct import_job *, const char *,
			    const char *);
static int		import_store(struct import_job *, const char *);
static void		import_finish(struct import_job *);
static json_t		*problems_json(const struct ol_manifest_problem *,
			    size_t);
static json_t		*messages_json(json_t *);
static char		*error_one(const char *, const char *);

/* A path in the data directory, whichever root the worker has. */
int
ol_data_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list		args;
	int		n, m;

	n = snprintf(buf, len, "%s", ol_data_root());
	if (n < 0 || (size_t)n >= len)
		return (0);
	va_start(args, fmt);
	m = vsnprintf(buf + n, len - (size_t)n, fmt, args);
	va_end(args);

	return (m >= 0 && (size_t)m < len - (size_t)n);
}

/* A list of one problem, as JSON text (malloc()ed). */
static char *
error_one(const char *fmt, const char *arg)
{
	json_t		*errs;
	char		*out;

	errs = json_pack("[{s:i,s:s,s:s?}]", "line", 0, "fmt", fmt,
	    "arg", arg);
	out = json_dumps(errs, 0);
	json_decref(errs);

	return (out);
}

static const char *
phase_name(int phase)
{
	switch (phase) {
	case PHASE_EXTRACTING:
		return ("extracting");
	case PHASE_READING:
		return ("reading");
	case PHASE_STORING:
		return ("storing");
	default:
		return ("queued");
	}
}

static json_t *
problems_json(const struct ol_manifest_problem *p, size_t n)
{
	json_t		*list;
	size_t		i;

	list = json_array();
	for (i = 0; i < n; i++) {
		json_array_append_new(list, json_pack("{s:I,s:s,s:s?}",
		    "line", (json_int_t)p[i].line, "fmt", p[i].fmt,
		    "arg", p[i].arg));
	}

	return (list);
}

/* The task: unpack and read. Nothing here touches the database. */
static int
import_run(struct kore_task *t)
{
	struct import_job		*job = (struct import_job *)t;
	struct ol_archive_limits	 limits;
	struct ol_archive_error		 aerr;
	struct ol_manifest		*m;
	json_t				*doc, *errs;
	char				 one = 1;

	job->phase = PHASE_EXTRACTING;
	kore_task_channel_write(t, &one, sizeof(one));

	ol_archive_limits_default(&limits);
	if (mkdir(job->staging, 0755) == -1) {
		job->errors = error_one(N_("The package could not be "
		    "unpacked: %s"), strerror(errno));
		return (0);
	}
	if (ol_archive_extract(job->upload, job->staging, &limits,
	    &aerr) == -1) {
		job->errors = error_one(aerr.fmt, aerr.arg);
		return (0);
	}

	job->phase = PHASE_READING;
	kore_task_channel_write(t, &one, sizeof(one));

	m = ol_manifest_parse_dir(job->staging, NULL);
	if (m == NULL) {
		job->errors = error_one(N_("The package could not be read."),
		    NULL);
		return (0);
	}

	errs = problems_json(m->errors, m->nerrors);
	job->errors = json_dumps(errs, 0);
	json_decref(errs);
	errs = problems_json(m->warnings, m->nwarnings);
	job->warnings = json_dumps(errs, 0);
	json_decref(errs);

	if (ol_manifest_importable(m)) {
		doc = ol_manifest_json(m, NULL);
		job->doc = json_dumps(doc, JSON_COMPACT);
		json_decref(doc);
		(void)ol_archive_usage(job->staging, &job->bytes, &job->files);
		job->ok = job->doc != NULL;
	}
	ol_manifest_free(m);

	return (job->ok);
}

static void
import_fail(struct import_job *job, const char *fmt, const char *arg)
{
	free(job->errors);
	job->errors = error_one(fmt, arg);
	job->ok = 0;
}

/* One transaction: the version, its items, the import's outcome. */
static int
import_store(struct import_job *job, const char *final)
{
	struct ol_db	db;
	char		res[24], uid[24], iid[24], bytes[24], files[24];
	const char	*rel;
	int		ok;

	(void)snprintf(res, sizeof(res), "%lld", (long long)job->resource_id);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)job->user_id);
	(void)snprintf(iid, sizeof(iid), "%lld", (long long)job->import_id);
	(void)snprintf(bytes, sizeof(bytes), "%llu",
	    (unsigned long long)job->bytes);
	(void)snprintf(files, sizeof(files), "%llu",
	    (unsigned long long)job->files);
	rel = final + strlen(ol_data_root());

	ok = ol_db_begin(&db, job->tenant_id) && ol_db_exec(&db,
	    "UPDATE imports SET state = 'done', phase = 'done', progress = 100, "
	    "finished_at = now(), warnings = $9::jsonb, version_id = "
	    "octolearn_package_store(nullif($1, '0')::bigint, $2, $3::jsonb, "
	    "$4, $5::bigint, $6::int, $7::bigint) WHERE id = $8 "
	    "RETURNING version_id", 9,
	    res, (int)strlen(res), job->lang, (int)strlen(job->lang),
	    job->doc, (int)strlen(job->doc), rel, (int)strlen(rel),
	    bytes, (int)strlen(bytes), files, (int)strlen(files),
	    uid, (int)strlen(uid), iid, (int)strlen(iid),
	    job->warnings ? job->warnings : "[]",
	    job->warnings ? (int)strlen(job->warnings) : 2) &&
	    ol_db_rows(&db) == 1 && ol_db_commit(&db);
	if (!ok && !strcmp(ol_db_sqlstate(&db), "P0002")) {
		ol_db_end(&db);
		import_fail(job, N_("The resource no longer exists."), NULL);
		return (0);
	}
	ol_db_end(&db);
	if (!ok)
		import_fail(job, N_("The package could not be stored."), NULL);

	return (ok);
}

/* Records a failed import; its files are gone by then. */
static void
import_finish(struct import_job *job)
{
	struct ol_db	db;
	char		iid[24];
	const char	*errs;

	(void)snprintf(iid, sizeof(iid), "%lld", (long long)job->import_id);
	errs = job->errors != NULL ? job->errors : "[]";
	if (!ol_db_begin(&db, job->tenant_id) || !ol_db_exec(&db,
	    "UPDATE imports SET state = 'failed', phase = 'done', "
	    "progress = 100, finished_at = now(), errors = $2::jsonb, "
	    "warnings = $3::jsonb WHERE id = $1", 3, iid, (int)strlen(iid),
	    errs, (int)strlen(errs), job->warnings ? job->warnings : "[]",
	    job->warnings ? (int)strlen(job->warnings) : 2) ||
	    !ol_db_commit(&db))
		kore_log(LOG_ERR, "import %lld: cannot record its failure",
		    (long long)job->import_id);
	ol_db_end(&db);
}

/* On the event loop: each phase the task enters, then its end. */
static void
import_done(struct kore_task *t)
{
	struct import_job	*job = (struct import_job *)t;
	struct ol_db		 db;
	char			 iid[24], final[PATH_MAX];
	const char		*phase;
	int			 stored;

	(void)snprintf(iid, sizeof(iid), "%lld", (long long)job->import_id);
	if (kore_task_state(t) != KORE_TASK_STATE_FINISHED) {
		phase = phase_name(job->phase);
		if (ol_db_begin(&db, job->tenant_id))
			(void)(ol_db_exec(&db, "UPDATE imports SET phase = $2, "
			    "progress = $3::int WHERE id = $1 AND state = "
			    "'running'", 3, iid, (int)strlen(iid), phase,
			    (int)strlen(phase), job->phase == PHASE_READING ?
			    "60" : "20", 2) && ol_db_commit(&db));
		ol_db_end(&db);
		return;
	}

	(void)unlink(job->upload);
	stored = 0;
	if (kore_task_result(t) == 1 && job->ok) {
		if (!ol_data_path(final, sizeof(final), "/packages/%lld",
		    (long long)job->tenant_id) ||
		    (mkdir(final, 0755) == -1 && errno != EEXIST) ||
		    !ol_data_path(final, sizeof(final), "/packages/%lld/%lld",
		    (long long)job->tenant_id, (long long)job->import_id) ||
		    rename(job->staging, final) == -1) {
			import_fail(job, N_("The package could not be stored: "
			    "%s"), errno_s);
		} else if (import_store(job, final)) {
			stored = 1;
		} else {
			(void)ol_archive_rmtree(final);
		}
	}
	if (!stored) {
		(void)ol_archive_rmtree(job->staging);
		import_finish(job);
	}
	kore_log(LOG_INFO, "import %lld of tenant %lld: %s",
	    (long long)job->import_id, (long long)job->tenant_id,
	    stored ? "stored" : "refused");

	kore_task_destroy(t);
	free(job->doc);
	free(job->errors);
	free(job->warnings);
	kore_free(job);
}

/*
 * Moves the request body (spooled or in memory) to path. On failure the
 * file is gone and errno says why (ENOSPC: see ol_body_no_room()).
 */
int
ol_body_take(struct http_request *req, const char *path)
{
	u_int8_t	buf[65536];
	ssize_t		r, w;
	size_t		off;
	int		fd, saved;

	if (req->http_body_fd != -1 && req->http_body_path != NULL) {
		if (rename(req->http_body_path, path) == 0)
			return (1);
	}

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1)
		return (0);
	for (;;) {
		errno = 0;
		if ((r = http_body_read(req, buf, sizeof(buf))) == -1) {
			if (errno == 0)
				errno = EIO;
			goto fail;
		}
		if (r == 0)
			break;
		/* A short write is followed by the one that says why. */
		for (off = 0; off < (size_t)r; off += (size_t)w) {
			w = write(fd, buf + off, (size_t)r - off);
			if (w == -1 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w == -1)
				goto fail;
			if (w == 0) {
				errno = ENOSPC;
				goto fail;
			}
		}
	}
	if (close(fd) == -1) {
		saved = errno;
		(void)unlink(path);
		errno = saved;
		return (0);
	}

	return (1);

fail:
	saved = errno;
	(void)close(fd);
	(void)unlink(path);
	errno = saved;
	return (0);
}

/* Whether err (from ol_body_take()) says there is no room on the disk. */
int
ol_body_no_room(int err)
{
	return (err == ENOSPC || err == EDQUOT);
}

/* 507: an upload finds no room on the disk (see also app/room.c). */
int
ol_upload_no_room(struct http_request *req)
{
	return (ol_json_error(req, OL_HTTP_INSUFFICIENT_STORAGE,
	    _("There is no room left on the server for this upload. Please "
	    "try again later or ask the platform's operators to free some "
	    "space.")));
}

/*
 * What uploads to .../<what><lang> and .../resources/<id>/<what><lang>
 * (what: "/packages/" or "/files/") check first, rest being the path
 * after the tenant: the address (404), the method (405), a signed-in
 * tenant admin with the CSRF header, a language the tenant offers (400).
 * The language, *resource 0 or the resource's id; NULL once answered.
 */
const char *
ol_upload_prologue(struct ol_ctx *ctx, const char *rest, const char *what,
    int64_t *resource)
{
	const char	*langp;
	size_t		 len, wlen;

	*resource = 0;
	langp = NULL;
	wlen = strlen(what);
	if (!strncmp(rest, what, wlen)) {
		langp = rest + wlen;
	} else if (!strncmp(rest, "/resources/", 11)) {
		len = strcspn(rest + 11, "/");
		if (!strncmp(rest + 11 + len, what, wlen) &&
		    ol_id_parse(rest + 11, len, resource))
			langp = rest + 11 + len + wlen;
	}
	if (langp == NULL) {
		(void)ol_json_error(ctx->req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address."));
		return (NULL);
	}
	if (ctx->req->method != HTTP_METHOD_POST) {
		http_response_header(ctx->req, "allow", "POST");
		(void)ol_json_error(ctx->req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request."));
		return (NULL);
	}
	if (!ol_api_gate(ctx, OL_ROLE_TENANT_ADMIN))
		return (NULL);
	if (!ol_tenant_offers(&ctx->tenant, langp)) {
		(void)ol_json_error(ctx->req, HTTP_STATUS_BAD_REQUEST,
		    _("This institution does not offer that language."));
		return (NULL);
	}

	return (langp);
}

/*
 * POST /api/v1/tenants/<slug>/packages/<lang> and
 * POST /api/v1/tenants/<slug>/resources/<id>/packages/<lang>:
 * the body is the zip. 202 with the import to poll.
 */
int
ol_api_packages(struct http_request *req)
{
	struct ol_ctx		 ctx;
	struct ol_db		 db;
	struct import_job	*job;
	const char		*rest, *langp;
	char			 res[24], uid[24], loc[OL_SLUG_MAX + 64];
	int64_t			 resource;
	int			 found, err;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));

	if (found == 0)
		rest = "";
	if ((langp = ol_upload_prologue(&ctx, rest, "/packages/",
	    &resource)) == NULL)
		return (KORE_RESULT_OK);
	if (req->content_length == 0) {
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
		    _("Please send a .zip file as the request body.")));
	}

	(void)snprintf(res, sizeof(res), "%lld", (long long)resource);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx.user.id);
	if (!ol_db_begin(&db, ctx.tenant.id) || !ol_db_exec(&db,
	    "SELECT $1 = '0' OR EXISTS (SELECT 1 FROM resources "
	    "WHERE id = $1::bigint AND kind = 'scorm')",
	    1, res, (int)strlen(res))) {
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}
	if (!ol_db_bool(&db, 0, 0)) {
		ol_db_end(&db);
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_db_exec(&db, "INSERT INTO imports (tenant_id, user_id, "
	    "resource_id, lang) VALUES (octolearn_tenant(), $1, "
	    "nullif($2, '0')::bigint, $3) RETURNING id", 3,
	    uid, (int)strlen(uid), res, (int)strlen(res),
	    langp, (int)strlen(langp))) {
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}

	job = kore_calloc(1, sizeof(*job));
	job->import_id = ol_db_int64(&db, 0, 0);
	job->tenant_id = ctx.tenant.id;
	job->user_id = ctx.user.id;
	job->resource_id = resource;
	(void)kore_strlcpy(job->lang, langp, sizeof(job->lang));
	errno = 0;
	if (!ol_data_path(job->upload, sizeof(job->upload), "/tmp/upload-%lld",
	    (long long)job->import_id) ||
	    !ol_data_path(job->staging, sizeof(job->staging), "/staging/%lld",
	    (long long)job->import_id) || !ol_body_take(req, job->upload)) {
		/* Rolled back: the import was never there. */
		err = errno;
		ol_db_end(&db);
		kore_log(LOG_ERR, "package upload of tenant %lld: %s",
		    (long long)ctx.tenant.id, strerror(err));
		kore_free(job);
		if (ol_body_no_room(err))
			return (ol_upload_no_room(req));
		return (ol_json_error(req, HTTP_STATUS_INTERNAL_ERROR,
		    _("The upload could not be kept. Please try again.")));
	}
	if (!ol_db_commit(&db)) {
		ol_db_end(&db);
		(void)unlink(job->upload);
		kore_free(job);
		return (ol_json_unavailable(req));
	}
	ol_db_end(&db);

	kore_task_create(&job->task, import_run);
	kore_task_bind_callback(&job->task, import_done);
	kore_task_run(&job->task);

	(void)snprintf(loc, sizeof(loc), "/api/v1/tenants/%s/imports/%lld",
	    ctx.tenant.slug, (long long)job->import_id);
	http_response_header(req, "location", loc);

	return (ol_json_respond(req, HTTP_STATUS_ACCEPTED, json_pack(
	    "{s:I,s:s,s:s}", "id", (json_int_t)job->import_id,
	    "state", "running", "status_url", loc)));
}

/* The problems of an import with their messages in the viewer's language. */
static json_t *
messages_json(json_t *list)
{
	json_t		*out, *p;
	size_t		i;
	const char	*fmt, *arg, *pc;
	struct kore_buf	*buf;

	out = json_array();
	json_array_foreach(list, i, p) {
		fmt = json_string_value(json_object_get(p, "fmt"));
		arg = json_string_value(json_object_get(p, "arg"));
		if (fmt == NULL)
			continue;
		fmt = _(fmt);
		buf = kore_buf_alloc(128);
		/* Only the one %s of the format is filled in. */
		if ((pc = strstr(fmt, "%s")) != NULL) {
			kore_buf_append(buf, fmt, (size_t)(pc - fmt));
			kore_buf_appendf(buf, "%s", arg ? arg : "");
			kore_buf_appendf(buf, "%s", pc + 2);
		} else {
			kore_buf_appendf(buf, "%s", fmt);
		}
		json_array_append_new(out, json_pack("{s:O,s:s}", "line",
		    json_object_get(p, "line"), "message",
		    kore_buf_stringify(buf, NULL)));
		kore_buf_free(buf);
	}

	return (out);
}

/* GET /api/v1/tenants/<slug>/imports/<id> */
int
ol_api_import(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	json_t		*out, *errs, *warns;
	const char	*rest, *gone;
	char		iid[24];
	int64_t		id;
	int		found;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	id = 0;
	if (found == 1 && (strncmp(rest, "/imports/", 9) != 0 ||
	    !ol_id_parse(rest + 9, strlen(rest + 9), &id)))
		id = 0;
	(void)snprintf(iid, sizeof(iid), "%lld", (long long)id);
	if (id == 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_GET) {
		http_response_header(req, "allow", "GET");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!ol_api_gate(&ctx, OL_ROLE_TENANT_ADMIN))
		return (KORE_RESULT_OK);

	/*
	 * A worker that died under an import leaves it running: after an
	 * hour it is reported as what it is.
	 */
	gone = N_("The import was interrupted. Please upload the package "
	    "again.");
	if (!ol_db_begin(&db, ctx.tenant.id) || !ol_db_exec(&db,
	    "SELECT CASE WHEN i.stale THEN 'failed' ELSE i.state END, "
	    "CASE WHEN i.stale THEN 'done' ELSE i.phase END, "
	    "CASE WHEN i.stale THEN 100 ELSE i.progress END, "
	    "CASE WHEN i.stale THEN jsonb_build_array(jsonb_build_object("
	    "'line', 0, 'fmt', $2::text))::text ELSE i.errors::text END, "
	    "i.warnings::text, coalesce(v.resource_id, i.resource_id, 0), "
	    "coalesce(i.version_id, 0), coalesce(v.version, 0), i.lang "
	    "FROM (SELECT *, state = 'running' AND created_at < now() - "
	    "interval '1 hour' AS stale FROM imports) i "
	    "LEFT JOIN package_versions v ON v.id = i.version_id "
	    "WHERE i.id = $1", 2, iid, (int)strlen(iid), gone,
	    (int)strlen(gone))) {
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}
	if (ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	errs = json_loads(ol_db_value(&db, 0, 3), 0, NULL);
	warns = json_loads(ol_db_value(&db, 0, 4), 0, NULL);
	out = json_pack("{s:I,s:s,s:s,s:I,s:o,s:o,s:s}", "id", (json_int_t)id,
	    "state", ol_db_value(&db, 0, 0), "phase", ol_db_value(&db, 0, 1),
	    "progress", (json_int_t)ol_db_int64(&db, 0, 2),
	    "errors", messages_json(errs), "warnings", messages_json(warns),
	    "lang", ol_db_value(&db, 0, 8));
	json_decref(errs);
	json_decref(warns);
	json_object_set_new(out, "resource_id", ol_db_int64(&db, 0, 5) ?
	    json_integer(ol_db_int64(&db, 0, 5)) : json_null());
	json_object_set_new(out, "version_id", ol_db_int64(&db, 0, 6) ?
	    json_integer(ol_db_int64(&db, 0, 6)) : json_null());
	json_object_set_new(out, "version", ol_db_int64(&db, 0, 7) ?
	    json_integer(ol_db_int64(&db, 0, 7)) : json_null());
	ol_db_end(&db);

	return (ol_json_respond(req, HTTP_STATUS_OK, out));
}
