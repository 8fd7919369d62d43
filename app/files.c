/*
 * Plain-file resources (a PDF, a video, a slide deck): a tenant admin sends
 * the file as the body of POST /api/v1/tenants/<slug>/files/<lang> (a new
 * resource) or .../resources/<id>/files/<lang> (its next version in that
 * language), its name percent-encoded in an X-Filename header (UTF-8,
 * which a header cannot carry raw). The file becomes a one-file package:
 * packages/<tenant>/<import>/<name>, one version and one item (an asset
 * launching the file), stored by octolearn_package_store() like a SCORM
 * package, so that delivery (content.c), versions and the runtime treat
 * both kinds alike. Nothing is unpacked or parsed, so the work is done at
 * once: the spooled body is renamed into place (or written, when small
 * enough to have stayed in memory) and the rows are written in one
 * transaction; on any failure the file is removed. The import is recorded
 * as done, for the upload page to read like any other.
 */

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "octolearn.h"

#include "archive.h"
#include "utf8.h"

#define FILENAME_MAX_BYTES	255

static const char	*files_name(struct http_request *, char *, size_t);
static json_t		*files_doc(const char *);
static int		 files_store(struct ol_ctx *, int64_t, const char *,
			    const char *, json_t **);

/*
 * The file's name from X-Filename, checked as names in packages are
 * (modules/archive: UTF-8, no control characters, NFC) and one segment
 * only. NULL with the name in out, or the reason.
 */
static const char *
files_name(struct http_request *req, char *out, size_t size)
{
	const char	*hdr;
	char		 dec[OL_ARCHIVE_PATH_MAX + 1];
	size_t		 len;

	if (!http_request_header(req, "x-filename", &hdr) || *hdr == '\0')
		return (_("Please name the file in the X-Filename header."));
	if (!ol_percent_decode(hdr, dec, sizeof(dec), &len) || len == 0 ||
	    len > FILENAME_MAX_BYTES || !ol_utf8_valid(dec, len) ||
	    memchr(dec, '/', len) != NULL || dec[0] == '.' ||
	    ol_archive_path_normalize(dec, len, out, size, NULL) == -1 ||
	    strchr(out, '/') != NULL || out[0] == '\0') {
		return (_("The file name is not acceptable: use a plain name "
		    "such as guide.pdf, percent-encoded."));
	}

	return (NULL);
}

/* The document octolearn_package_store() reads, for one file. */
static json_t *
files_doc(const char *name)
{
	struct kore_buf	 buf;
	json_t		*doc;
	char		*launch;
	size_t		 i;

	/* The launch URL is relative to the version's folder: encoded. */
	kore_buf_init(&buf, 128);
	for (i = 0; name[i] != '\0'; i++) {
		if (isalnum((unsigned char)name[i]) ||
		    strchr("-._~", name[i]) != NULL)
			kore_buf_append(&buf, &name[i], 1);
		else
			kore_buf_appendf(&buf, "%%%02X",
			    (unsigned char)name[i]);
	}
	launch = kore_buf_stringify(&buf, NULL);

	doc = json_pack("{s:s,s:s,s:s,s:s,s:[{s:s,s:s,s:[{s:s,s:s,s:s,"
	    "s:s,s:b,s:[]}]}],s:[],s:[]}", "kind", "file",
	    "scorm_version", "file", "title", name, "file", name,
	    "organizations", "identifier", "file", "title", name,
	    "items", "identifier", "file", "title", name, "launch", launch,
	    "scorm_type", "asset", "visible", 1, "items",
	    "errors", "warnings");
	kore_buf_cleanup(&buf);

	return (doc);
}

/*
 * Stores the request's body as the file name of a new version; *out is
 * the response's document. Returns the HTTP status.
 */
static int
files_store(struct ol_ctx *ctx, int64_t resource, const char *lang,
    const char *name, json_t **out)
{
	struct ol_db	 db;
	struct stat	 st;
	json_t		*doc;
	char		*text, res[24], uid[24], iid[24], bytes[24];
	char		 dir[PATH_MAX], path[PATH_MAX];
	const char	*rel;
	int64_t		 import, version;
	int		 ok, made, err;

	(void)snprintf(res, sizeof(res), "%lld", (long long)resource);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	*out = NULL;
	made = 0;
	version = 0;

	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT $1 = '0' OR EXISTS (SELECT 1 FROM resources "
	    "WHERE id = $1::bigint AND kind = 'file')", 1,
	    res, (int)strlen(res))) {
		ol_db_end(&db);
		return (HTTP_STATUS_SERVICE_UNAVAILABLE);
	}
	if (!ol_db_bool(&db, 0, 0)) {
		ol_db_end(&db);
		return (HTTP_STATUS_NOT_FOUND);
	}
	if (!ol_db_exec(&db, "INSERT INTO imports (tenant_id, user_id, "
	    "resource_id, lang, filename, phase) VALUES (octolearn_tenant(), "
	    "$1, nullif($2, '0')::bigint, $3, $4, 'storing') RETURNING id", 4,
	    uid, (int)strlen(uid), res, (int)strlen(res), lang,
	    (int)strlen(lang), name, (int)strlen(name))) {
		ol_db_end(&db);
		return (HTTP_STATUS_SERVICE_UNAVAILABLE);
	}
	import = ol_db_int64(&db, 0, 0);
	(void)snprintf(iid, sizeof(iid), "%lld", (long long)import);

	errno = 0;
	ok = ol_data_path(dir, sizeof(dir), "/packages/%lld",
	    (long long)ctx->tenant.id) &&
	    (mkdir(dir, 0755) == 0 || errno == EEXIST) &&
	    ol_data_path(dir, sizeof(dir), "/packages/%lld/%lld",
	    (long long)ctx->tenant.id, (long long)import) &&
	    mkdir(dir, 0755) == 0;
	if (ok) {
		made = 1;
		ok = snprintf(path, sizeof(path), "%s/%s", dir, name) <
		    (int)sizeof(path) && ol_body_take(ctx->req, path) &&
		    stat(path, &st) == 0;
	}
	if (!ok) {
		/* Rolled back: the import was never there. */
		err = errno;
		kore_log(LOG_ERR, "file upload %lld: %s", (long long)import,
		    strerror(err));
		ol_db_end(&db);
		if (made)
			(void)ol_archive_rmtree(dir);
		return (ol_body_no_room(err) ? OL_HTTP_INSUFFICIENT_STORAGE :
		    HTTP_STATUS_INTERNAL_ERROR);
	}

	(void)snprintf(bytes, sizeof(bytes), "%lld", (long long)st.st_size);
	doc = files_doc(name);
	text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	rel = dir + strlen(ol_data_root());
	ok = text != NULL && ol_db_exec(&db,
	    "UPDATE imports SET state = 'done', phase = 'done', progress = 100, "
	    "finished_at = now(), version_id = octolearn_package_store("
	    "nullif($1, '0')::bigint, $2, $3::jsonb, $4, $5::bigint, 1, "
	    "$6::bigint) WHERE id = $7 RETURNING version_id", 7,
	    res, (int)strlen(res), lang, (int)strlen(lang),
	    text, (int)strlen(text), rel, (int)strlen(rel),
	    bytes, (int)strlen(bytes), uid, (int)strlen(uid),
	    iid, (int)strlen(iid)) && ol_db_rows(&db) == 1;
	free(text);
	if (ok) {
		version = ol_db_int64(&db, 0, 0);
		ok = ol_db_exec(&db, "SELECT resource_id, version FROM "
		    "package_versions WHERE id = $1::bigint", 1,
		    ol_db_value(&db, 0, 0), (int)strlen(ol_db_value(&db, 0, 0)))
		    && ol_db_rows(&db) == 1;
	}
	if (ok) {
		*out = json_pack("{s:I,s:s,s:I,s:I,s:I,s:s,s:I}",
		    "id", (json_int_t)import, "state", "done",
		    "resource_id", (json_int_t)ol_db_int64(&db, 0, 0),
		    "version_id", (json_int_t)version,
		    "version", (json_int_t)ol_db_int64(&db, 0, 1),
		    "file", name, "bytes", (json_int_t)st.st_size);
		ok = ol_db_commit(&db);
	}
	if (!ok && !strcmp(ol_db_sqlstate(&db), "P0002")) {
		ol_db_end(&db);
		(void)ol_archive_rmtree(dir);
		json_decref(*out);
		*out = NULL;
		return (HTTP_STATUS_NOT_FOUND);
	}
	ol_db_end(&db);
	if (!ok) {
		(void)ol_archive_rmtree(dir);
		json_decref(*out);
		*out = NULL;
		return (HTTP_STATUS_SERVICE_UNAVAILABLE);
	}
	kore_log(LOG_INFO, "file %lld of tenant %lld: stored (%lld bytes)",
	    (long long)import, (long long)ctx->tenant.id,
	    (long long)st.st_size);

	return (HTTP_STATUS_CREATED);
}

/*
 * POST /api/v1/tenants/<slug>/files/<lang> and
 * POST /api/v1/tenants/<slug>/resources/<id>/files/<lang>:
 * 201 with the import (done), the resource and its new version.
 */
int
ol_api_files(struct http_request *req)
{
	struct ol_ctx	 ctx;
	json_t		*out;
	const char	*rest, *langp, *err;
	char		 name[OL_ARCHIVE_PATH_MAX + 1];
	char		 loc[OL_SLUG_MAX + 64];
	int64_t		 resource;
	int		 found, status;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));

	if (found == 0)
		rest = "";
	if ((langp = ol_upload_prologue(&ctx, rest, "/files/",
	    &resource)) == NULL)
		return (KORE_RESULT_OK);
	if ((err = files_name(req, name, sizeof(name))) != NULL)
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST, err));
	if (req->content_length == 0) {
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
		    _("Please send the file as the request body.")));
	}

	status = files_store(&ctx, resource, langp, name, &out);
	switch (status) {
	case HTTP_STATUS_CREATED:
		(void)snprintf(loc, sizeof(loc),
		    "/api/v1/tenants/%s/imports/%lld", ctx.tenant.slug,
		    (long long)json_integer_value(json_object_get(out, "id")));
		json_object_set_new(out, "status_url", json_string(loc));
		http_response_header(req, "location", loc);
		return (ol_json_respond(req, HTTP_STATUS_CREATED, out));
	case HTTP_STATUS_NOT_FOUND:
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	case OL_HTTP_INSUFFICIENT_STORAGE:
		return (ol_upload_no_room(req));
	case HTTP_STATUS_INTERNAL_ERROR:
		return (ol_json_error(req, HTTP_STATUS_INTERNAL_ERROR,
		    _("The upload could not be kept. Please try again.")));
	default:
		return (ol_json_unavailable(req));
	}
}
