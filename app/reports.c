/*
 * Progress reports for trainers and tenant admins: the addresses, who may
 * see what, and the filters every report shares. A tenant admin reports
 * on every learner of the tenant; a trainer on the learners of their own
 * groups (octolearn_report_learners(), migration 0011); a learner, group
 * or attempt outside that scope is not found, like another tenant's.
 *
 *   /t/<slug>/reports                          index (page)
 *   /t/<slug>/reports/resources/<id>           course report
 *   /t/<slug>/reports/learners/<id>            learner report
 *   /t/<slug>/reports/attempts/<id>            one attempt, every value
 *   /t/<slug>/reports/groups/<id>              group matrix
 *   .../resources/<id>/learners.csv, .../learners/<id>/resources.csv,
 *   .../attempts/<id>/interactions.csv, .../groups/<id>/matrix.csv,
 *   /t/<slug>/reports/progress.csv             the tables as CSV
 *
 * The API has the same paths under /api/v1/tenants/<slug>, as JSON (and
 * the same CSV files).
 */

#include "octolearn.h"

#include "langpref.h"

static int		report_path(struct ol_report *, const char *);
static const char	*report_filters(struct ol_report *);
static int		report_date(const char *);
static int		report_run(struct ol_report *);

/* Every progress status, in the order reports show them. */
const char	*ol_report_statuses[OL_REPORT_STATUSES + 1] = {
	"not_started", "in_progress", "completed", "passed", "failed", NULL
};

static const char	*report_sorts[] = {
	"name", "email", "status", "score", "time", "attempts", "last",
	"title", NULL
};

/* The path after /reports: what is asked for, of which id, in CSV? */
static int
report_path(struct ol_report *r, const char *rest)
{
	static const struct {
		const char	*prefix;
		const char	*csv;
		int		 kind;
	} kinds[] = {
		{ "/resources/", "/learners.csv", OL_REPORT_COURSE },
		{ "/learners/", "/resources.csv", OL_REPORT_LEARNER },
		{ "/attempts/", "/interactions.csv", OL_REPORT_ATTEMPT },
		{ "/groups/", "/matrix.csv", OL_REPORT_GROUP },
	};
	size_t		i, len, plen;

	if (strncmp(rest, "/reports", 8) != 0)
		return (0);
	rest += 8;
	if (*rest == '\0' || !strcmp(rest, "/")) {
		r->kind = OL_REPORT_INDEX;
		return (!r->api);
	}
	if (!strcmp(rest, "/progress.csv")) {
		r->kind = OL_REPORT_PROGRESS;
		r->csv = 1;
		return (1);
	}

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		plen = strlen(kinds[i].prefix);
		if (strncmp(rest, kinds[i].prefix, plen) != 0)
			continue;
		rest += plen;
		len = strcspn(rest, "/");
		if (!ol_id_parse(rest, len, &r->id))
			return (0);
		(void)snprintf(r->sid, sizeof(r->sid), "%lld",
		    (long long)r->id);
		r->kind = kinds[i].kind;
		rest += len;
		if (*rest == '\0')
			return (1);
		if (strcmp(rest, kinds[i].csv) != 0)
			return (0);
		r->csv = 1;
		return (1);
	}

	return (0);
}

/* A real day written YYYY-MM-DD (Gregorian, years 2000 to 2999). */
static int
report_date(const char *s)
{
	static const int	days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };
	char			part[5];
	int			y, m, d, err, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    strspn(s, "0123456789-") != 10)
		return (0);
	(void)snprintf(part, sizeof(part), "%.4s", s);
	y = kore_strtonum(part, 10, 2000, 2999, &err);
	if (err != KORE_RESULT_OK)
		return (0);
	(void)snprintf(part, sizeof(part), "%.2s", s + 5);
	m = kore_strtonum(part, 10, 1, 12, &err);
	if (err != KORE_RESULT_OK)
		return (0);
	(void)snprintf(part, sizeof(part), "%.2s", s + 8);
	d = kore_strtonum(part, 10, 1, days[m - 1], &err);
	if (err != KORE_RESULT_OK)
		return (0);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return (!(m == 2 && d == 29 && !leap));
}

/* 1 when s is one of the NULL-terminated list. */
int
ol_report_one_of(const char *s, const char **list)
{
	size_t		i;

	for (i = 0; list[i] != NULL; i++) {
		if (!strcmp(s, list[i]))
			return (1);
	}

	return (0);
}

/* Reads and checks the filters; NULL, or the message for a 400. */
static const char *
report_filters(struct ol_report *r)
{
	struct http_request	*req = r->ctx->req;
	char			 dir[8], page[8];
	int64_t			 gid;
	int			 err;

	http_populate_qs(req);
	if (!ol_query_param(req, "group", r->group, sizeof(r->group)) ||
	    (r->group[0] != '\0' &&
	    !ol_id_parse(r->group, strlen(r->group), &gid)))
		return (_("The group is not one you can report on."));
	if (!ol_query_param(req, "language", r->lang, sizeof(r->lang)) ||
	    (r->lang[0] != '\0' &&
	    !ol_langpref_code(r->lang, strlen(r->lang))))
		return (_("The language is a code of 2 or 3 letters."));
	if (!ol_query_param(req, "from", r->from, sizeof(r->from)) ||
	    !ol_query_param(req, "to", r->to, sizeof(r->to)) ||
	    (r->from[0] != '\0' && !report_date(r->from)) ||
	    (r->to[0] != '\0' && !report_date(r->to)))
		return (_("Dates are written as YYYY-MM-DD."));
	if (r->from[0] != '\0' && r->to[0] != '\0' &&
	    strcmp(r->from, r->to) > 0)
		return (_("The first day comes after the last one."));
	if (!ol_query_param(req, "status", r->status, sizeof(r->status)) ||
	    (r->status[0] != '\0' &&
	    !ol_report_one_of(r->status, ol_report_statuses)))
		return (_("The status is not one of those listed."));
	if (!ol_query_param(req, "sort", r->sort, sizeof(r->sort)) ||
	    (r->sort[0] != '\0' && !ol_report_one_of(r->sort, report_sorts)))
		return (_("The table cannot be sorted that way."));
	if (!ol_query_param(req, "dir", dir, sizeof(dir)) ||
	    (dir[0] != '\0' && strcmp(dir, "asc") && strcmp(dir, "desc")))
		return (_("The table cannot be sorted that way."));
	r->desc = !strcmp(dir, "desc");
	r->page = 1;
	if (!ol_query_param(req, "page", page, sizeof(page)))
		return (_("There is no such page."));
	if (page[0] != '\0') {
		r->page = kore_strtonum(page, 10, 1, 100000, &err);
		if (err != KORE_RESULT_OK)
			return (_("There is no such page."));
	}

	return (NULL);
}

/* The filters as a query string ("" or "?a=b&..."), sort and page aside. */
void
ol_report_query(const struct ol_report *r, char *buf, size_t len)
{
	const struct {
		const char	*name;
		const char	*value;
	} params[] = {
		{ "group", r->group }, { "language", r->lang },
		{ "from", r->from }, { "to", r->to }, { "status", r->status },
	};
	size_t		i, off;
	int		n;

	buf[0] = '\0';
	off = 0;
	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		if (params[i].value[0] == '\0')
			continue;
		n = snprintf(buf + off, len - off, "%c%s=%s",
		    off == 0 ? '?' : '&', params[i].name, params[i].value);
		if (n < 0 || (size_t)n >= len - off)
			fatal("ol_report_query: buffer too small");
		off += (size_t)n;
	}
}

/*
 * Runs a report query with the parameters every one takes (see struct
 * ol_report) and n more strings of its own ($11 on).
 */
int
ol_report_exec(struct ol_db *db, const struct ol_report *r, const char *sql,
    int n, ...)
{
	va_list		args;
	const char	*vals[OL_REPORT_PARAMS + 5];
	struct kore_buf	*query;
	int		i, ret;

	if (n < 0 || n > 5)
		fatal("ol_report_exec: %d parameters", n);
	vals[0] = r->sid[0] != '\0' ? r->sid : "0";
	vals[1] = r->viewer;
	vals[2] = r->all;
	vals[3] = r->group;
	vals[4] = r->lang;
	vals[5] = r->from;
	vals[6] = r->to;
	vals[7] = r->status;
	vals[8] = r->ui;
	vals[9] = r->deflang;
	va_start(args, n);
	for (i = 0; i < n; i++)
		vals[OL_REPORT_PARAMS + i] = va_arg(args, const char *);
	va_end(args);

	/* Every parameter gets its type here, used by the query or not. */
	query = kore_buf_alloc(strlen(sql) + 160);
	kore_buf_appendf(query, "WITH report_params AS (SELECT "
	    "$1::bigint, $2::bigint, $3::boolean, $4::text, $5::text, "
	    "$6::text, $7::text, $8::text, $9::text, $10::text) %s", sql);
	ret = ol_db_execv(db, kore_buf_stringify(query, NULL),
	    OL_REPORT_PARAMS + n, vals);
	kore_buf_free(query);

	return (ret);
}

/* A whole percentage from a report query ("" for none) as JSON. */
json_t *
ol_report_json_percent(const char *v)
{
	int		err;
	long long	n;

	if (v[0] == '\0')
		return (json_null());
	n = kore_strtonum(v, 10, 0, 100, &err);

	return (err == KORE_RESULT_OK ? json_integer(n) : json_null());
}

/* A text from a report query, "" for none, as JSON. */
json_t *
ol_report_json_text(const char *v)
{
	return (v[0] != '\0' ? json_string(v) : json_null());
}

int
ol_report_error(struct ol_report *r, int status, const char *msg)
{
	if (r->api) {
		ol_ctx_free(r->ctx);
		return (ol_json_error(r->ctx->req, status, msg));
	}

	return (ol_page_error(r->ctx, status, msg));
}

int
ol_report_unavailable(struct ol_report *r)
{
	if (r->api) {
		ol_ctx_free(r->ctx);
		return (ol_json_unavailable(r->ctx->req));
	}

	return (ol_page_unavailable(r->ctx));
}

int
ol_report_not_found(struct ol_report *r)
{
	return (ol_report_error(r, HTTP_STATUS_NOT_FOUND,
	    _("There is nothing at this address.")));
}

/* Checks the group filter against the viewer's scope, then dispatches. */
static int
report_run(struct ol_report *r)
{
	struct ol_db	db;
	const char	*msg;
	int64_t		gid;
	int		found;

	if ((msg = report_filters(r)) != NULL)
		return (ol_report_error(r, HTTP_STATUS_BAD_REQUEST, msg));
	(void)snprintf(r->viewer, sizeof(r->viewer), "%lld",
	    (long long)r->ctx->user.id);
	r->all[0] = (r->ctx->user.roles & OL_ROLE_TENANT_ADMIN) ? 't' : 'f';
	r->all[1] = '\0';
	/* TRANSLATORS: the separator of CSV files; ";" where spreadsheet
	   programs expect it (languages that write decimals with a comma). */
	r->sep = C_("CSV separator", ",")[0];
	r->tenant = r->ctx->tenant.id;
	(void)kore_strlcpy(r->ui, r->ctx->lang, sizeof(r->ui));
	(void)kore_strlcpy(r->deflang, r->ctx->tenant.default_lang,
	    sizeof(r->deflang));

	if (r->group[0] != '\0') {
		found = -1;
		if (ol_db_begin(&db, r->ctx->tenant.id) &&
		    ol_id_parse(r->group, strlen(r->group), &gid))
			found = ol_group_load(r->ctx, &db, gid);
		ol_db_end(&db);
		if (found == -1)
			return (ol_report_unavailable(r));
		if (found == 0) {
			return (ol_report_error(r, HTTP_STATUS_NOT_FOUND,
			    _("The group is not one you can report on.")));
		}
	}

	if (r->csv)
		return (ol_report_export(r));

	switch (r->kind) {
	case OL_REPORT_INDEX:
		return (ol_report_index(r));
	case OL_REPORT_COURSE:
		return (ol_report_course(r));
	case OL_REPORT_LEARNER:
		return (ol_report_learner(r));
	case OL_REPORT_ATTEMPT:
		return (ol_report_attempt(r));
	case OL_REPORT_GROUP:
		return (ol_report_group(r));
	default:
		fatal("report_run: kind %d", r->kind);
	}

	return (KORE_RESULT_OK);
}

/* Pages: GET /t/<slug>/reports... */
int
ol_reports(struct http_request *req)
{
	struct ol_ctx		ctx;
	struct ol_report	r;
	const char		*rest;
	int			found;

	memset(&r, 0, sizeof(r));
	r.ctx = &ctx;
	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || !report_path(&r, rest)) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_signin(req, ctx.tenant.slug));
	}
	if (!(ctx.user.roles & (OL_ROLE_TENANT_ADMIN | OL_ROLE_TRAINER))) {
		return (ol_report_error(&r, HTTP_STATUS_FORBIDDEN,
		    _("You do not have access to this page.")));
	}
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);

	return (report_run(&r));
}

/* API: GET /api/v1/tenants/<slug>/reports/... */
int
ol_api_reports(struct http_request *req)
{
	struct ol_ctx		ctx;
	struct ol_report	r;
	const char		*rest;
	int			found;

	memset(&r, 0, sizeof(r));
	r.ctx = &ctx;
	r.api = 1;
	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	if (found == -1) {
		ol_ctx_free(&ctx);
		return (ol_json_unavailable(req));
	}
	if (found == 0 || !report_path(&r, rest)) {
		ol_ctx_free(&ctx);
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_api_gate(&ctx, OL_ROLE_TENANT_ADMIN | OL_ROLE_TRAINER)) {
		ol_ctx_free(&ctx);
		return (KORE_RESULT_OK);
	}
	if (req->method != HTTP_METHOD_GET) {
		ol_ctx_free(&ctx);
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}

	return (report_run(&r));
}
