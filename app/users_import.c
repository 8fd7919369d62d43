/*
 * Bulk import of users from CSV (modules/csv), on a page (file upload)
 * and in the API (a text/csv body). Columns by header name: email, name,
 * roles (learner, trainer, tenant_admin, separated by spaces or |) and
 * optionally language; other columns are ignored. All rows or none: every
 * bad line is reported with its number and nothing is written unless the
 * whole file is good; then one statement writes them all. Imported users
 * have no password yet: a tenant admin sets one (admin reset).
 */

#include <ctype.h>

#include "octolearn.h"
#include "csv.h"

#define IMPORT_BYTES_MAX	(2 * 1024 * 1024)
#define IMPORT_ROWS_MAX		5000
#define IMPORT_ERRORS_MAX	100

struct import {
	int		col_email;
	int		col_name;
	int		col_roles;
	int		col_lang;
	json_t		*rows;
	json_t		*errors;
	json_t		*seen;
};

static void	import_error(struct import *, size_t, const char *);
static int	import_record(const struct ol_csv_record *, void *);
static const char	*csv_message(int);
static void	trim(char *, size_t, const char *, size_t);
static int	roles_parse(const char *, json_t *);
static int	import_read(struct http_request *, int, struct kore_buf **);
static int	import_run(struct ol_ctx *, struct kore_buf *, struct import *,
		    int *);
static int	import_form(struct ol_ctx *, int, const char *,
		    struct import *);

static void
import_error(struct import *im, size_t line, const char *msg)
{
	if (json_array_size(im->errors) < IMPORT_ERRORS_MAX) {
		json_array_append_new(im->errors, json_pack("{s:I,s:s}",
		    "line", (json_int_t)line, "message", msg));
	}
}

static const char *
csv_message(int code)
{
	switch (code) {
	case OL_CSV_ERR_FIELDS:
	case OL_CSV_ERR_TOO_MANY_FIELDS:
		return (_("This line does not have as many fields as the "
		    "header."));
	case OL_CSV_ERR_UTF8:
		return (_("This line is not valid UTF-8. Save the file as "
		    "\"CSV UTF-8\"."));
	case OL_CSV_ERR_QUOTE:
		return (_("A quotation mark is out of place on this line."));
	case OL_CSV_ERR_FIELD_LONG:
		return (_("A field on this line is too long."));
	case OL_CSV_ERR_EMPTY:
		return (_("The file is empty: it needs a header line."));
	case OL_CSV_ERR_TOO_LARGE:
		return (_("The file is too large."));
	case OL_CSV_ERR_TOO_MANY_RECORDS:
		return (_("The file has more than 5000 users. Please split "
		    "it."));
	case OL_CSV_ERR_NUL:
		return (_("This is not a text file. Save it as \"CSV "
		    "UTF-8\"."));
	default:
		return (_("Something went wrong"));
	}
}

/* Copies the field without the spaces and tabs around it. */
static void
trim(char *dst, size_t dlen, const char *s, size_t len)
{
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= dlen)
		len = dlen - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static int
roles_parse(const char *s, json_t *out)
{
	char		*copy, *p, *tok;
	int		n;

	copy = kore_strdup(s);
	n = 0;
	for (tok = strtok_r(copy, " |", &p); tok != NULL;
	    tok = strtok_r(NULL, " |", &p)) {
		if (strcmp(tok, "learner") && strcmp(tok, "trainer") &&
		    strcmp(tok, "tenant_admin")) {
			kore_free(copy);
			return (0);
		}
		json_array_append_new(out, json_string(tok));
		n++;
	}
	kore_free(copy);

	return (n > 0);
}

static int
import_record(const struct ol_csv_record *r, void *arg)
{
	struct import	*im = arg;
	char		email[256], name[OL_NAME_MAX * 4 + 1], roles[256];
	char		lang[16], key[256], *k;
	const char	*err;
	json_t		*rl, *prev;
	size_t		i;
	int		blank;

	if (r->index == 0) {
		for (i = 0; i < r->nfields; i++) {
			trim(key, sizeof(key), r->fields[i], r->lens[i]);
			for (k = key; *k != '\0'; k++)
				*k = (char)tolower((unsigned char)*k);
			if (!strcmp(key, "email"))
				im->col_email = (int)i;
			else if (!strcmp(key, "name"))
				im->col_name = (int)i;
			else if (!strcmp(key, "roles"))
				im->col_roles = (int)i;
			else if (!strcmp(key, "language"))
				im->col_lang = (int)i;
		}
		if (im->col_email < 0 || im->col_name < 0 || im->col_roles < 0) {
			import_error(im, r->line, _("The header line must name "
			    "the columns email, name and roles."));
			return (1);
		}
		return (0);
	}

	if (r->error != OL_CSV_OK) {
		import_error(im, r->line, csv_message(r->error));
		return (0);
	}

	for (blank = 1, i = 0; i < r->nfields && blank; i++) {
		trim(key, sizeof(key), r->fields[i], r->lens[i]);
		blank = key[0] == '\0';
	}
	if (blank)
		return (0);

	trim(email, sizeof(email), r->fields[im->col_email],
	    r->lens[im->col_email]);
	trim(name, sizeof(name), r->fields[im->col_name],
	    r->lens[im->col_name]);
	trim(roles, sizeof(roles), r->fields[im->col_roles],
	    r->lens[im->col_roles]);
	lang[0] = '\0';
	if (im->col_lang >= 0) {
		trim(lang, sizeof(lang), r->fields[im->col_lang],
		    r->lens[im->col_lang]);
	}

	if ((err = ol_user_fields_check(email, name)) != NULL) {
		import_error(im, r->line, err);
		return (0);
	}

	rl = json_array();
	if (!roles_parse(roles, rl)) {
		json_decref(rl);
		import_error(im, r->line, _("Roles are learner, trainer and "
		    "tenant_admin, separated by spaces."));
		return (0);
	}

	if (lang[0] != '\0' && !ol_i18n_known(lang)) {
		json_decref(rl);
		import_error(im, r->line, _("This language is not one the "
		    "platform offers."));
		return (0);
	}

	(void)kore_strlcpy(key, email, sizeof(key));
	for (k = key; *k != '\0'; k++)
		*k = (char)tolower((unsigned char)*k);
	if ((prev = json_object_get(im->seen, key)) != NULL) {
		json_decref(rl);
		import_error(im, r->line, _("This email address is on an "
		    "earlier line too."));
		return (0);
	}
	json_object_set_new(im->seen, key, json_integer((json_int_t)r->line));

	json_array_append_new(im->rows, json_pack("{s:s,s:s,s:s?,s:o}",
	    "email", email, "name", name, "lang", lang[0] ? lang : NULL,
	    "roles", rl));

	return (0);
}

/* The CSV from the upload (page) or the body (API), at most 2 MiB. */
static int
import_read(struct http_request *req, int api, struct kore_buf **out)
{
	struct http_file	*file;
	u_int8_t		data[8192];
	ssize_t			r;

	file = NULL;
	if (!api && (file = http_file_lookup(req, "file")) == NULL)
		return (HTTP_STATUS_BAD_REQUEST);

	*out = kore_buf_alloc(8192);
	for (;;) {
		r = api ? http_body_read(req, data, sizeof(data)) :
		    http_file_read(file, data, sizeof(data));
		if (r == -1)
			return (HTTP_STATUS_BAD_REQUEST);
		if (r == 0)
			break;
		kore_buf_append(*out, data, (size_t)r);
		if ((*out)->offset > IMPORT_BYTES_MAX)
			return (HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE);
	}

	return (HTTP_STATUS_OK);
}

/*
 * Parses, checks against the users there are, and writes all or nothing.
 * Returns an HTTP status; *imported is the count written.
 */
static int
import_run(struct ol_ctx *ctx, struct kore_buf *csv, struct import *im,
    int *imported)
{
	struct ol_csv_limits	lim;
	struct ol_csv_error	err;
	struct ol_db		db;
	json_t			*emails, *row, *line;
	char			*text;
	size_t			i;
	int			ret, status;

	*imported = 0;
	ol_csv_limits_default(&lim);
	lim.max_size = IMPORT_BYTES_MAX;
	lim.max_records = IMPORT_ROWS_MAX;

	ret = ol_csv_parse((const char *)csv->data, csv->offset, &lim,
	    import_record, im, &err);
	if (ret != OL_CSV_OK && ret != OL_CSV_ERR_STOPPED)
		import_error(im, err.line, csv_message(ret));
	if (json_array_size(im->errors) > 0)
		return (HTTP_STATUS_BAD_REQUEST);
	if (json_array_size(im->rows) == 0) {
		import_error(im, 1, _("The file has no users in it."));
		return (HTTP_STATUS_BAD_REQUEST);
	}

	emails = json_array();
	json_array_foreach(im->rows, i, row)
		json_array_append(emails, json_object_get(row, "email"));
	text = json_dumps(emails, JSON_COMPACT);
	json_decref(emails);

	status = HTTP_STATUS_SERVICE_UNAVAILABLE;
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT lower(e) FROM json_array_elements_text($1::json) e "
	    "WHERE EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = "
	    "lower(e))", 1, text, (int)strlen(text)))
		goto out;

	for (i = 0; i < (size_t)ol_db_rows(&db); i++) {
		line = json_object_get(im->seen, ol_db_value(&db, (int)i, 0));
		import_error(im, line != NULL ?
		    (size_t)json_integer_value(line) : 0,
		    _("A user with this email address already exists."));
	}
	if (json_array_size(im->errors) > 0) {
		status = HTTP_STATUS_BAD_REQUEST;
		goto out;
	}

	free(text);
	text = json_dumps(im->rows, JSON_COMPACT);
	if (!ol_db_exec(&db,
	    "WITH x AS (SELECT * FROM json_to_recordset($1::json) AS "
	    "x(email text, name text, lang text, roles text[])), "
	    "u AS (INSERT INTO users (tenant_id, email, display_name, lang) "
	    "SELECT octolearn_tenant(), email, name, lang FROM x "
	    "RETURNING id, email) "
	    "INSERT INTO user_roles (tenant_id, user_id, role) "
	    "SELECT octolearn_tenant(), u.id, r FROM u JOIN x "
	    "ON x.email = u.email, unnest(x.roles) r", 1,
	    text, (int)strlen(text))) {
		if (!strcmp(ol_db_sqlstate(&db), "23505")) {
			import_error(im, 0, _("A user with this email address "
			    "already exists."));
			status = HTTP_STATUS_CONFLICT;
		}
		goto out;
	}
	if (!ol_db_commit(&db))
		goto out;

	*imported = (int)json_array_size(im->rows);
	status = HTTP_STATUS_OK;
	kore_log(LOG_INFO, "%d users imported into %s by user %lld",
	    *imported, ctx->tenant.slug, (long long)ctx->user.id);

out:
	free(text);
	ol_db_end(&db);

	return (status);
}

static int
import_form(struct ol_ctx *ctx, int status, const char *msg,
    struct import *im)
{
	json_t		*e;
	size_t		i;

	ol_page_begin(ctx, _("Import users"));
	ol_html(ctx, "<h1>%s</h1>\n", _("Import users"));
	if (msg != NULL)
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n", msg);
	if (im != NULL && json_array_size(im->errors) > 0) {
		ol_html(ctx, "<ul class=\"errors\" role=\"alert\">\n");
		json_array_foreach(im->errors, i, e) {
			ol_html(ctx, "<li>");
			ol_html(ctx, _("Line %d:"), (int)json_integer_value(
			    json_object_get(e, "line")));
			ol_html(ctx, " %s</li>\n", json_string_value(
			    json_object_get(e, "message")));
		}
		ol_html(ctx, "</ul>\n<p>%s</p>\n",
		    _("Nothing was imported. Correct the file and try again."));
	}
	ol_html(ctx,
	    "<p>%s</p>\n"
	    "<form method=\"post\" enctype=\"multipart/form-data\" "
	    "action=\"/t/%s/admin/users/import\" class=\"form\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label for=\"file\">%s</label>\n"
	    "<input id=\"file\" name=\"file\" type=\"file\" "
	    "accept=\".csv,text/csv\" required>\n"
	    "<button type=\"submit\">%s</button>\n</form>\n",
	    _("A CSV file in UTF-8 with a header line naming the columns "
	    "email, name, roles and, if you like, language. All lines are "
	    "imported, or none."), ctx->tenant.slug, ctx->user.csrf,
	    _("CSV file"), _("Import"));

	return (ol_page_end(ctx, status));
}

/*
 * /t/<slug>/admin/users/import (page: GET, POST multipart) and
 * /api/v1/tenants/<slug>/users/import (API: POST text/csv).
 */
int
ol_admin_users_import(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct import	im;
	struct kore_buf	*csv;
	const char	*rest;
	char		msg[256];
	int		api, found, status, n;

	ol_ctx_init(&ctx, req);
	api = !strncmp(req->path, "/api/", 5);
	found = ol_ctx_tenant(&ctx, api ? "/api/v1/tenants/" : "/t/", &rest);
	if (found == 1 && strcmp(rest, api ? "/users/import" :
	    "/admin/users/import") != 0)
		found = 0;

	if (api) {
		ol_ctx_free(&ctx);
		if (found == -1)
			return (ol_json_unavailable(req));
		if (found == 0) {
			return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
			    _("There is nothing at this address.")));
		}
		if (req->method != HTTP_METHOD_POST) {
			http_response_header(req, "allow", "POST");
			return (ol_json_error(req,
			    HTTP_STATUS_METHOD_NOT_ALLOWED, _("This address "
			    "does not accept that kind of request.")));
		}
		if (!ol_api_gate(&ctx, OL_ROLE_TENANT_ADMIN))
			return (KORE_RESULT_OK);
	} else {
		if (found == -1)
			return (ol_page_unavailable(&ctx));
		if (found == 0) {
			return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
			    _("There is nothing at this address.")));
		}
		if (!ol_admin_gate_page(&ctx))
			return (KORE_RESULT_OK);
		if (req->method == HTTP_METHOD_GET)
			return (import_form(&ctx, HTTP_STATUS_OK, NULL, NULL));
		if (!ol_ctx_method(&ctx, HTTP_METHOD_POST))
			return (KORE_RESULT_OK);
		http_populate_multipart_form(req);
		if (!ol_form_csrf(req, &ctx))
			return (KORE_RESULT_OK);
	}

	csv = NULL;
	status = import_read(req, api, &csv);
	if (status != HTTP_STATUS_OK) {
		if (csv != NULL)
			kore_buf_free(csv);
		(void)kore_strlcpy(msg, status == HTTP_STATUS_BAD_REQUEST ?
		    _("Please choose a CSV file.") :
		    _("The file is too large."), sizeof(msg));
		if (api)
			return (ol_json_error(req, status, msg));
		return (import_form(&ctx, status, msg, NULL));
	}

	memset(&im, 0, sizeof(im));
	im.col_email = im.col_name = im.col_roles = im.col_lang = -1;
	im.rows = json_array();
	im.errors = json_array();
	im.seen = json_object();

	status = import_run(&ctx, csv, &im, &n);
	kore_buf_free(csv);

	if (api) {
		if (status == HTTP_STATUS_OK) {
			status = ol_json_respond(req, HTTP_STATUS_CREATED,
			    json_pack("{s:i}", "imported", n));
		} else if (status == HTTP_STATUS_SERVICE_UNAVAILABLE) {
			status = ol_json_unavailable(req);
		} else {
			status = ol_json_respond(req, status,
			    json_pack("{s:{s:i,s:s},s:O}", "error", "status",
			    status, "message", _("Nothing was imported. Correct "
			    "the file and try again."), "errors", im.errors));
		}
	} else if (status == HTTP_STATUS_OK) {
		ol_page_begin(&ctx, _("Import users"));
		ol_html(&ctx, "<h1>%s</h1>\n<p class=\"notice\" role=\"status\">",
		    _("Import users"));
		ol_html(&ctx, ngettext("%d user imported.", "%d users imported.",
		    (unsigned long)n), n);
		ol_html(&ctx, "</p>\n<p><a href=\"/t/%s/admin/users\">%s</a></p>\n",
		    ctx.tenant.slug, _("Users"));
		status = ol_page_end(&ctx, HTTP_STATUS_OK);
	} else if (status == HTTP_STATUS_SERVICE_UNAVAILABLE) {
		status = ol_page_unavailable(&ctx);
	} else {
		status = import_form(&ctx, status, NULL, &im);
	}

	json_decref(im.rows);
	json_decref(im.errors);
	json_decref(im.seen);

	return (status);
}
