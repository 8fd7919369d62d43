/*
 * octolearn-admin import --tenant SLUG [--lang LANG] [--resource ID]
 * [--publish] [--if-missing] FILE: imports a package as the web upload
 * does (app/imports.c), with the same modules and the same SQL function:
 * unpacked into the data directory's staging/, read, moved to
 * packages/<tenant>/<import> and stored in one transaction, or refused
 * with every file removed. --publish publishes the resource in the same
 * transaction; --if-missing does nothing when a file of that name was
 * already imported into the tenant in that language (so that `make run`
 * can load the demo content every time). Prints the outcome as JSON;
 * exit 0 stored (or there already), 1 refused, 2 usage.
 */

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "admin.h"
#include "archive.h"
#include "manifest.h"

struct import_args {
	const char	*tenant;
	const char	*lang;
	const char	*resource;
	const char	*file;
	const char	*name;		/* the file's base name */
	int		publish;
	int		if_missing;
};

static int	import_args(int, char **, struct import_args *);
static int	import_begin(PGconn *, const char *);
static void	import_failed(PGconn *, const char *, const char *, json_t *);
static int	import_refuse(PGconn *, const char *, const char *, json_t *,
		    const char *);
static void	data_owner(const char *, const char *);
static int	import_exists(PGconn *, const char *, struct import_args *);

static int
import_args(int argc, char **argv, struct import_args *a)
{
	int		i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--tenant") && i + 1 < argc)
			a->tenant = argv[++i];
		else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			a->lang = argv[++i];
		else if (!strcmp(argv[i], "--resource") && i + 1 < argc)
			a->resource = argv[++i];
		else if (!strcmp(argv[i], "--publish"))
			a->publish = 1;
		else if (!strcmp(argv[i], "--if-missing"))
			a->if_missing = 1;
		else if (argv[i][0] != '-' && a->file == NULL)
			a->file = argv[i];
		else
			return (0);
	}

	if (a->file == NULL)
		return (0);
	a->name = strrchr(a->file, '/') != NULL ? strrchr(a->file, '/') + 1 :
	    a->file;

	return (a->tenant != NULL && a->name[0] != '\0');
}

/*
 * With --if-missing: 1 (and the resource printed) when the tenant has
 * this file's import done in this language, 0 when not, -1 on error.
 */
static int
import_exists(PGconn *conn, const char *tenant_id, struct import_args *a)
{
	PGresult	*res;
	const char	*v[3];
	json_t		*out;

	v[0] = tenant_id;
	v[1] = a->name;
	v[2] = a->lang;
	res = admin_db_exec(conn, "SELECT v.resource_id, v.id FROM imports i "
	    "JOIN package_versions v ON v.tenant_id = i.tenant_id AND v.id = "
	    "i.version_id WHERE i.tenant_id = $1::bigint AND i.filename = $2 "
	    "AND i.lang = $3 AND i.state = 'done' ORDER BY v.id DESC LIMIT 1",
	    3, v);
	if (res == NULL)
		return (-1);
	if (PQntuples(res) != 1) {
		PQclear(res);
		return (0);
	}
	out = json_pack("{s:s,s:I,s:I}", "state", "exists",
	    "resource_id", (json_int_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10),
	    "version_id", (json_int_t)strtoll(PQgetvalue(res, 0, 1), NULL, 10));
	PQclear(res);
	(void)json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(out);

	return (1);
}

/* A transaction with the tenant fixed, as the server's are. */
static int
import_begin(PGconn *conn, const char *tenant_id)
{
	PGresult	*res;
	const char	*v[1];

	if (admin_db_command(conn, "BEGIN") == -1)
		return (0);
	v[0] = tenant_id;
	res = admin_db_exec(conn, "SELECT set_config('octolearn.tenant_id', "
	    "$1, true)", 1, v);
	if (res == NULL)
		return (0);
	PQclear(res);

	return (1);
}

static void
import_failed(PGconn *conn, const char *tenant_id, const char *import_id,
    json_t *errors)
{
	PGresult	*res;
	const char	*v[2];
	char		*errs;

	errs = json_dumps(errors, JSON_COMPACT);
	v[0] = import_id;
	v[1] = errs;
	(void)admin_db_command(conn, "ROLLBACK");
	if (import_begin(conn, tenant_id)) {
		res = admin_db_exec(conn, "UPDATE imports SET state = 'failed', "
		    "phase = 'done', progress = 100, finished_at = now(), "
		    "errors = $2::jsonb WHERE id = $1::bigint", 2, v);
		if (res != NULL)
			PQclear(res);
		(void)admin_db_command(conn, res != NULL ? "COMMIT" :
		    "ROLLBACK");
	}
	free(errs);
}

/* Prints the refusal, records it, removes dir; returns ADMIN_FAIL. */
static int
import_refuse(PGconn *conn, const char *tenant_id, const char *import_id,
    json_t *errors, const char *dir)
{
	json_t		*out;

	if (dir != NULL)
		(void)ol_archive_rmtree(dir);
	import_failed(conn, tenant_id, import_id, errors);
	out = json_pack("{s:s,s:O}", "state", "failed", "errors", errors);
	(void)json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(out);
	json_decref(errors);
	PQfinish(conn);

	return (ADMIN_FAIL);
}

/* A directory the server must write in belongs to the data dir's owner. */
static void
data_owner(const char *data, const char *path)
{
	struct stat	st;

	if (geteuid() == 0 && stat(data, &st) == 0)
		(void)chown(path, st.st_uid, st.st_gid);
}

int
admin_import(int argc, char **argv)
{
	struct import_args		 a;
	struct ol_archive_error		 aerr;
	struct ol_manifest		*m;
	PGconn				*conn;
	PGresult			*res, *pres;
	json_t				*doc, *out;
	const char			*data, *v[9];
	char				 tid[24], iid[24], staging[PATH_MAX];
	char				 final[PATH_MAX], rel[128];
	char				 msg[PATH_MAX + 256];
	char				 bytes[24], files[24], *text;
	char				 lang[16], *warnings;
	uint64_t			 nbytes, nfiles;
	int				 ok;

	if (!import_args(argc, argv, &a)) {
		fprintf(stderr, "usage: octolearn-admin import --tenant SLUG "
		    "[--lang LANG] [--resource ID] [--publish] [--if-missing] "
		    "PACKAGE.zip\n");
		return (ADMIN_USAGE);
	}
	if (access(a.file, R_OK) == -1) {
		fprintf(stderr, "octolearn-admin: %s: %s\n", a.file,
		    strerror(errno));
		return (ADMIN_USAGE);
	}
	if ((data = getenv("OCTOLEARN_DATA_DIR")) == NULL || *data == '\0')
		data = "var/data";
	if (strlen(data) > PATH_MAX / 2) {
		fprintf(stderr, "octolearn-admin: OCTOLEARN_DATA_DIR is too "
		    "long\n");
		return (ADMIN_USAGE);
	}

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);

	v[0] = a.tenant;
	res = admin_db_exec(conn, "SELECT id, default_lang, "
	    "array_to_string(languages, ',') FROM tenants WHERE slug = $1 "
	    "AND enabled", 1, v);
	if (res == NULL || PQntuples(res) != 1) {
		fprintf(stderr, "octolearn-admin: no such tenant: %s\n",
		    a.tenant);
		if (res != NULL)
			PQclear(res);
		PQfinish(conn);
		return (ADMIN_FAIL);
	}
	(void)snprintf(tid, sizeof(tid), "%s", PQgetvalue(res, 0, 0));
	if (a.lang == NULL) {
		(void)snprintf(lang, sizeof(lang), "%s", PQgetvalue(res, 0, 1));
		a.lang = lang;
	}
	(void)snprintf(msg, sizeof(msg), ",%s,", PQgetvalue(res, 0, 2));
	PQclear(res);
	(void)snprintf(rel, sizeof(rel), ",%s,", a.lang);
	if (strstr(msg, rel) == NULL) {
		fprintf(stderr, "octolearn-admin: tenant %s does not offer "
		    "language %s\n", a.tenant, a.lang);
		PQfinish(conn);
		return (ADMIN_FAIL);
	}

	if (a.if_missing) {
		switch (import_exists(conn, tid, &a)) {
		case 1:
			PQfinish(conn);
			return (ADMIN_OK);
		case -1:
			PQfinish(conn);
			return (ADMIN_FAIL);
		}
	}

	v[0] = a.resource != NULL ? a.resource : "0";
	v[1] = a.lang;
	v[2] = a.name;
	if (!import_begin(conn, tid) || (res = admin_db_exec(conn,
	    "INSERT INTO imports (tenant_id, resource_id, lang, filename) "
	    "VALUES (octolearn_tenant(), nullif($1, '0')::bigint, $2, $3) "
	    "RETURNING id", 3, v)) == NULL) {
		PQfinish(conn);
		return (ADMIN_FAIL);
	}
	(void)snprintf(iid, sizeof(iid), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (admin_db_command(conn, "COMMIT") == -1) {
		PQfinish(conn);
		return (ADMIN_FAIL);
	}

	/* The server makes these at start; a first import may come before. */
	(void)snprintf(staging, sizeof(staging), "%s/staging", data);
	if (mkdir(staging, 0750) == 0)
		data_owner(data, staging);
	(void)snprintf(final, sizeof(final), "%s/packages", data);
	if (mkdir(final, 0750) == 0)
		data_owner(data, final);
	(void)snprintf(staging, sizeof(staging), "%s/staging/cli-%s", data,
	    iid);
	if (mkdir(staging, 0755) == -1) {
		(void)snprintf(msg, sizeof(msg), "%s: %s", staging,
		    strerror(errno));
		return (import_refuse(conn, tid, iid, json_pack("[{s:i,s:s}]",
		    "line", 0, "message", msg), NULL));
	}
	if (ol_archive_extract(a.file, staging, NULL, &aerr) == -1) {
		ol_archive_error_format(&aerr, NULL, msg, sizeof(msg));
		return (import_refuse(conn, tid, iid, json_pack("[{s:i,s:s}]",
		    "line", 0, "message", msg), staging));
	}
	if ((m = ol_manifest_parse_dir(staging, NULL)) == NULL) {
		return (import_refuse(conn, tid, iid, json_pack("[{s:i,s:s}]",
		    "line", 0, "message", "the package could not be read"),
		    staging));
	}
	doc = ol_manifest_json(m, NULL);
	ok = ol_manifest_importable(m);
	ol_manifest_free(m);
	if (!ok) {
		out = json_incref(json_object_get(doc, "errors"));
		json_decref(doc);
		return (import_refuse(conn, tid, iid, out, staging));
	}

	(void)snprintf(final, sizeof(final), "%s/packages/%s", data, tid);
	if (mkdir(final, 0755) == 0)
		data_owner(data, final);
	(void)snprintf(rel, sizeof(rel), "/packages/%s/%s", tid, iid);
	(void)snprintf(final, sizeof(final), "%s%s", data, rel);
	(void)ol_archive_usage(staging, &nbytes, &nfiles);
	if (rename(staging, final) == -1) {
		json_decref(doc);
		(void)snprintf(msg, sizeof(msg), "%s: %s", final,
		    strerror(errno));
		return (import_refuse(conn, tid, iid, json_pack("[{s:i,s:s}]",
		    "line", 0, "message", msg), staging));
	}

	text = json_dumps(doc, JSON_COMPACT);
	(void)snprintf(bytes, sizeof(bytes), "%llu",
	    (unsigned long long)nbytes);
	(void)snprintf(files, sizeof(files), "%llu",
	    (unsigned long long)nfiles);
	v[0] = a.resource != NULL ? a.resource : "0";
	v[1] = a.lang;
	v[2] = text;
	v[3] = rel;
	v[4] = bytes;
	v[5] = files;
	v[6] = iid;
	warnings = json_dumps(json_object_get(doc, "warnings"), JSON_COMPACT);
	v[7] = warnings;
	res = NULL;
	if (import_begin(conn, tid))
		res = admin_db_exec(conn, "UPDATE imports SET state = 'done', "
		    "phase = 'done', progress = 100, finished_at = now(), "
		    "warnings = $8::jsonb, version_id = octolearn_package_store("
		    "nullif($1, '0')::bigint, $2, $3::jsonb, $4, $5::bigint, "
		    "$6::int, NULL) WHERE id = $7::bigint RETURNING version_id",
		    8, v);
	if (res != NULL) {
		v[0] = PQgetvalue(res, 0, 0);
		pres = admin_db_exec(conn, "SELECT resource_id, version_id "
		    "FROM (SELECT resource_id, id AS version_id FROM "
		    "package_versions WHERE id = $1::bigint) v", 1, v);
		PQclear(res);
		res = pres;
	}
	if (res != NULL && a.publish) {
		v[0] = PQgetvalue(res, 0, 0);
		pres = admin_db_exec(conn, "UPDATE resources SET published = "
		    "true, updated_at = now() WHERE id = $1::bigint", 1, v);
		if (pres == NULL) {
			PQclear(res);
			res = NULL;
		} else {
			PQclear(pres);
		}
	}
	free(text);
	free(warnings);
	if (res == NULL || admin_db_command(conn, "COMMIT") == -1) {
		if (res != NULL)
			PQclear(res);
		json_decref(doc);
		return (import_refuse(conn, tid, iid, json_pack("[{s:i,s:s}]",
		    "line", 0, "message", "the package could not be stored"),
		    final));
	}

	out = json_pack("{s:s,s:I,s:I,s:s,s:O}", "state", "done",
	    "resource_id", (json_int_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10),
	    "version_id", (json_int_t)strtoll(PQgetvalue(res, 0, 1), NULL, 10),
	    "path", rel, "warnings", json_object_get(doc, "warnings"));
	PQclear(res);
	json_decref(doc);
	(void)json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(out);
	PQfinish(conn);

	return (ADMIN_OK);
}
