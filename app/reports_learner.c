/*
 * The learner report: every resource of one learner (the published ones,
 * and any other they have a record of) with status, score, time and last
 * activity, then their attempts; and one attempt drilled down to every
 * value it recorded, its interactions (with the learner's response and
 * the result) and its objectives, read from the attempt's run-time data
 * as stored (migration 0008: [element, value] pairs).
 */

#include "octolearn.h"

#include "csv.h"

/* Columns: id, title, status, score, time, attempts, last, language. */
#define LEARNER_RESOURCES						\
	"SELECT r.id, " OL_REPORT_TITLE("r.id") ", "			\
	"coalesce(p.status, 'not_started'), "				\
	"coalesce(round(p.score * 100)::text, ''), "			\
	"coalesce(p.total_cs, 0), coalesce(p.attempts, 0), "		\
	"coalesce(to_char(p.last_activity, 'YYYY-MM-DD HH24:MI'), ''), "\
	"coalesce(p.lang, '') "						\
	"FROM resources r LEFT JOIN progress p ON p.resource_id = r.id "\
	"AND p.user_id = $1 "						\
	"WHERE (r.published OR p.user_id IS NOT NULL) "			\
	"AND (($5 = '' AND $6 = '' AND $7 = '') OR (p.user_id IS NOT "	\
	"NULL AND " OL_REPORT_RECORD_FILTER ")) "			\
	"AND ($8 = '' OR coalesce(p.status, 'not_started') = $8) "	\
	"ORDER BY lower(" OL_REPORT_TITLE("r.id") "), r.id"

/* Columns: id, title, item, number, status, score, time, started, last. */
#define LEARNER_ATTEMPTS						\
	"SELECT a.id, " OL_REPORT_TITLE("a.resource_id") ", "		\
	"coalesce(NULLIF((SELECT i.title FROM package_items i WHERE "	\
	"i.version_id = a.version_id AND i.identifier = a.item LIMIT 1), "\
	"''), a.item), a.number, a.status, "				\
	"coalesce(round(a.score * 100)::text, ''), a.total_cs, "	\
	"to_char(a.started_at, 'YYYY-MM-DD HH24:MI'), "			\
	"to_char(a.updated_at, 'YYYY-MM-DD HH24:MI') "			\
	"FROM attempts a JOIN package_versions v ON v.id = a.version_id "\
	"WHERE a.user_id = $1 AND ($5 = '' OR v.lang = $5) "		\
	"AND ($6 = '' OR a.updated_at >= NULLIF($6, '')::date) "	\
	"AND ($7 = '' OR a.updated_at < NULLIF($7, '')::date + 1) "	\
	"ORDER BY a.updated_at DESC, a.id DESC LIMIT 500"

/*
 * The attempt ($11) if its learner is in scope. Columns: user id, name,
 * title, item, number, status, score, time, started, last, kind.
 */
#define ATTEMPT_HEAD							\
	"SELECT a.user_id, u.display_name, "				\
	OL_REPORT_TITLE("a.resource_id") ", a.item, a.number, a.status, "\
	"coalesce(round(a.score * 100)::text, ''), a.total_cs, "	\
	"to_char(a.started_at, 'YYYY-MM-DD HH24:MI'), "			\
	"to_char(a.updated_at, 'YYYY-MM-DD HH24:MI'), a.kind "		\
	"FROM attempts a JOIN users u ON u.id = a.user_id "		\
	"WHERE a.id = $1 AND " OL_REPORT_IN_SCOPE("a.user_id", "NULL")

/*
 * One kind of numbered element of the attempt (cmi.interactions or
 * cmi.objectives, $11), one row per number: the number and its fields as
 * a JSON object ({"id": ..., "result": ...}).
 */
#define ATTEMPT_GROUPED							\
	"SELECT (m)[1]::int, jsonb_object_agg((m)[2], e->>1)::text "	\
	"FROM attempts a, jsonb_array_elements(a.cmi) e, "		\
	"regexp_match(e->>0, '^' || $11 || '\\.([0-9]{1,6})\\.(.+)$') m "	\
	"WHERE a.id = $1 AND m IS NOT NULL GROUP BY 1 ORDER BY 1"

static void	learner_resources_html(struct ol_report *, struct ol_db *);
static json_t	*learner_resources_json(struct ol_db *);
static void	learner_attempts_html(struct ol_report *, struct ol_db *);
static json_t	*learner_attempts_json(struct ol_db *);
static const char	*field(json_t *, const char *, const char *);
static json_t	*attempt_grouped(struct ol_db *);
static int	learner_fill(struct ol_stream *);
static int	attempt_fill(struct ol_stream *);

/* 1 when learner id is in the viewer's scope (name, email in row 0). */
int
ol_report_learner_in_scope(struct ol_db *db, const struct ol_report *r)
{
	if (!ol_report_exec(db, r, "SELECT u.display_name, u.email FROM "
	    "users u WHERE u.id = $1 AND "
	    OL_REPORT_IN_SCOPE("u.id", "NULL"), 0))
		return (-1);

	return (ol_db_rows(db) == 1);
}

static void
learner_resources_html(struct ol_report *r, struct ol_db *db)
{
	char		spent[32], pct[32], when[128];
	int		i;

	ol_html(r->ctx, "<h2>%s</h2>\n<table class=\"list report\" "
	    "id=\"resource-rows\">\n<thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>"
	    "\n<tbody>\n", _("Resources"), _("Course"), _("Status"),
	    _("Score"), _("Time spent"), _("Attempts"), _("Last activity"),
	    _("Language"));
	for (i = 0; i < ol_db_rows(db); i++) {
		ol_duration_text(ol_db_value(db, i, 4), spent, sizeof(spent));
		ol_i18n_percent(ol_db_value(db, i, 3), pct, sizeof(pct));
		ol_i18n_date(ol_db_value(db, i, 6), when, sizeof(when));
		ol_html(r->ctx, "<tr data-resource=\"%s\" data-status=\"%s\">"
		    "<td><a href=\"/t/%s/reports/resources/%s\">%s</a></td>"
		    "<td class=\"status status-%s\">%s</td><td>%s</td>"
		    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		    ol_db_value(db, i, 0), ol_db_value(db, i, 2),
		    r->ctx->tenant.slug, ol_db_value(db, i, 0),
		    ol_db_value(db, i, 1), ol_db_value(db, i, 2),
		    ol_progress_label(ol_db_value(db, i, 2)), pct, spent,
		    ol_db_value(db, i, 5), when,
		    ol_db_value(db, i, 7)[0] != '\0' ?
		    ol_i18n_name_here(ol_db_value(db, i, 7)) : "");
	}
	ol_html(r->ctx, "</tbody>\n</table>\n");
}

static json_t *
learner_resources_json(struct ol_db *db)
{
	json_t		*rows;
	const char	*score, *last, *lang;
	int		 i;

	rows = json_array();
	for (i = 0; i < ol_db_rows(db); i++) {
		score = ol_db_value(db, i, 3);
		last = ol_db_value(db, i, 6);
		lang = ol_db_value(db, i, 7);
		json_array_append_new(rows, json_pack(
		    "{s:I,s:s,s:s,s:o,s:I,s:I,s:o,s:o}",
		    "id", (json_int_t)ol_db_int64(db, i, 0),
		    "title", ol_db_value(db, i, 1),
		    "status", ol_db_value(db, i, 2),
		    "score", score[0] != '\0' ?
		    json_integer(strtol(score, NULL, 10)) : json_null(),
		    "time_cs", (json_int_t)ol_db_int64(db, i, 4),
		    "attempts", (json_int_t)ol_db_int64(db, i, 5),
		    "last_activity", last[0] != '\0' ? json_string(last) :
		    json_null(),
		    "language", lang[0] != '\0' ? json_string(lang) :
		    json_null()));
	}

	return (rows);
}

static void
learner_attempts_html(struct ol_report *r, struct ol_db *db)
{
	char		spent[32], pct[32], start[128], last[128];
	int		i;

	if (ol_db_rows(db) == 0)
		return;
	ol_html(r->ctx, "<h2>%s</h2>\n<table class=\"list report\" "
	    "id=\"attempt-rows\">\n<thead><tr><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	    _("Attempts"), _("Course"), _("Part"), _("Attempt"), _("Status"),
	    _("Score"), _("Time spent"), _("Started"), _("Last activity"));
	for (i = 0; i < ol_db_rows(db); i++) {
		ol_duration_text(ol_db_value(db, i, 6), spent, sizeof(spent));
		ol_i18n_percent(ol_db_value(db, i, 5), pct, sizeof(pct));
		ol_i18n_date(ol_db_value(db, i, 7), start, sizeof(start));
		ol_i18n_date(ol_db_value(db, i, 8), last, sizeof(last));
		ol_html(r->ctx, "<tr data-attempt=\"%s\"><td>%s</td><td>"
		    "<a href=\"/t/%s/reports/attempts/%s\">%s</a></td>"
		    "<td>%s</td><td class=\"status status-%s\">%s</td>"
		    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		    ol_db_value(db, i, 0), ol_db_value(db, i, 1),
		    r->ctx->tenant.slug, ol_db_value(db, i, 0),
		    ol_db_value(db, i, 2), ol_db_value(db, i, 3),
		    ol_db_value(db, i, 4),
		    ol_progress_label(ol_db_value(db, i, 4)), pct, spent,
		    start, last);
	}
	ol_html(r->ctx, "</tbody>\n</table>\n");
}

static json_t *
learner_attempts_json(struct ol_db *db)
{
	json_t		*rows;
	const char	*score;
	int		 i;

	rows = json_array();
	for (i = 0; i < ol_db_rows(db); i++) {
		score = ol_db_value(db, i, 5);
		json_array_append_new(rows, json_pack(
		    "{s:I,s:s,s:s,s:I,s:s,s:o,s:I,s:s,s:s}",
		    "id", (json_int_t)ol_db_int64(db, i, 0),
		    "title", ol_db_value(db, i, 1),
		    "item", ol_db_value(db, i, 2),
		    "number", (json_int_t)ol_db_int64(db, i, 3),
		    "status", ol_db_value(db, i, 4),
		    "score", score[0] != '\0' ?
		    json_integer(strtol(score, NULL, 10)) : json_null(),
		    "time_cs", (json_int_t)ol_db_int64(db, i, 6),
		    "started", ol_db_value(db, i, 7),
		    "last_activity", ol_db_value(db, i, 8)));
	}

	return (rows);
}

/* GET .../reports/learners/<id> */
int
ol_report_learner(struct ol_report *r)
{
	struct ol_db	db;
	json_t		*doc;
	char		name[OL_NAME_MAX * 4 + 1], email[1024], base[128];
	int		found;

	if (!ol_db_begin(&db, r->tenant) ||
	    (found = ol_report_learner_in_scope(&db, r)) == -1) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	if (found == 0) {
		ol_db_end(&db);
		return (ol_report_not_found(r));
	}
	(void)kore_strlcpy(name, ol_db_value(&db, 0, 0), sizeof(name));
	(void)kore_strlcpy(email, ol_db_value(&db, 0, 1), sizeof(email));

	if (r->api) {
		doc = json_pack("{s:{s:I,s:s,s:s}}", "learner", "id",
		    (json_int_t)r->id, "name", name, "email", email);
		if (!ol_report_exec(&db, r, LEARNER_RESOURCES, 0))
			goto unavailable;
		json_object_set_new(doc, "resources",
		    learner_resources_json(&db));
		if (!ol_report_exec(&db, r, LEARNER_ATTEMPTS, 0))
			goto unavailable;
		json_object_set_new(doc, "attempts",
		    learner_attempts_json(&db));
		ol_db_end(&db);
		ol_ctx_free(r->ctx);
		return (ol_json_respond(r->ctx->req, HTTP_STATUS_OK, doc));
unavailable:
		json_decref(doc);
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}

	ol_page_begin(r->ctx, name);
	ol_html(r->ctx, "<p class=\"crumbs\"><a href=\"/t/%s/reports\">%s</a>"
	    "</p>\n<h1>%s</h1>\n<p class=\"lead\">%s · %s</p>\n",
	    r->ctx->tenant.slug, _("Reports"), name, _("Learner report"),
	    email);
	(void)snprintf(base, sizeof(base), "/t/%s/reports/learners/%s",
	    r->ctx->tenant.slug, r->sid);
	if (!ol_report_form(r, &db, base, OL_REPORT_FORM_STATUS) ||
	    !ol_report_exec(&db, r, LEARNER_RESOURCES, 0)) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	learner_resources_html(r, &db);
	(void)snprintf(base, sizeof(base),
	    "/t/%s/reports/learners/%s/resources.csv", r->ctx->tenant.slug,
	    r->sid);
	ol_report_csv_link(r, base);
	if (!ol_report_exec(&db, r, LEARNER_ATTEMPTS, 0)) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	learner_attempts_html(r, &db);
	ol_db_end(&db);

	return (ol_page_end(r->ctx, HTTP_STATUS_OK));
}

/* A field of an interaction or objective; the first of two names found. */
static const char *
field(json_t *o, const char *name, const char *other)
{
	const char	*v;

	if ((v = json_string_value(json_object_get(o, name))) != NULL)
		return (v);
	if (other != NULL &&
	    (v = json_string_value(json_object_get(o, other))) != NULL)
		return (v);

	return ("");
}

/* The rows of ATTEMPT_GROUPED as [{"n": 0, "fields": {...}}]. */
static json_t *
attempt_grouped(struct ol_db *db)
{
	json_t		*list, *fields;
	json_error_t	 jerr;
	int		 i;

	list = json_array();
	for (i = 0; i < ol_db_rows(db); i++) {
		fields = json_loads(ol_db_value(db, i, 1), 0, &jerr);
		if (fields == NULL)
			fields = json_object();
		json_array_append_new(list, json_pack("{s:I,s:o}", "n",
		    (json_int_t)ol_db_int64(db, i, 0), "fields", fields));
	}

	return (list);
}

/* GET .../reports/attempts/<id> */
int
ol_report_attempt(struct ol_report *r)
{
	struct ol_db	 db;
	json_t		*doc, *values, *inter, *objs, *x, *f;
	json_error_t	 jerr;
	char		 title[4096], spent[32], pct[32], start[128], last[128];
	size_t		 i;

	doc = NULL;
	if (!ol_db_begin(&db, r->tenant) ||
	    !ol_report_exec(&db, r, ATTEMPT_HEAD, 0)) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	if (ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		return (ol_report_not_found(r));
	}

	if (!r->api) {
		(void)snprintf(title, sizeof(title), "%s", ol_db_value(&db, 0, 2));
		ol_duration_text(ol_db_value(&db, 0, 7), spent, sizeof(spent));
		ol_i18n_percent(ol_db_value(&db, 0, 6), pct, sizeof(pct));
		ol_i18n_date(ol_db_value(&db, 0, 8), start, sizeof(start));
		ol_i18n_date(ol_db_value(&db, 0, 9), last, sizeof(last));
		ol_page_begin(r->ctx, title);
		ol_html(r->ctx, "<p class=\"crumbs\"><a href=\"/t/%s/reports\">"
		    "%s</a> › <a href=\"/t/%s/reports/learners/%s\">%s</a></p>\n"
		    "<h1>%s</h1>\n<dl class=\"figures\">\n"
		    "<div><dt>%s</dt><dd>%s</dd></div>\n"
		    "<div><dt>%s</dt><dd>%s</dd></div>\n"
		    "<div><dt>%s</dt><dd id=\"fig-status\">%s</dd></div>\n"
		    "<div><dt>%s</dt><dd>%s</dd></div>\n"
		    "<div><dt>%s</dt><dd>%s</dd></div>\n"
		    "<div><dt>%s</dt><dd>%s</dd></div>\n"
		    "<div><dt>%s</dt><dd>%s</dd></div>\n</dl>\n",
		    r->ctx->tenant.slug, _("Reports"), r->ctx->tenant.slug,
		    ol_db_value(&db, 0, 0), ol_db_value(&db, 0, 1), title,
		    _("Part"), ol_db_value(&db, 0, 3), _("Attempt"),
		    ol_db_value(&db, 0, 4), _("Status"),
		    ol_progress_label(ol_db_value(&db, 0, 5)), _("Score"),
		    pct[0] != '\0' ? pct : "—", _("Time spent"), spent,
		    _("Started"), start, _("Last activity"), last);
	} else {
		doc = json_pack("{s:I,s:I,s:s,s:s,s:I,s:s,s:I,s:s,s:s,s:s}",
		    "id", (json_int_t)r->id,
		    "learner", (json_int_t)ol_db_int64(&db, 0, 0),
		    "title", ol_db_value(&db, 0, 2),
		    "item", ol_db_value(&db, 0, 3),
		    "number", (json_int_t)ol_db_int64(&db, 0, 4),
		    "status", ol_db_value(&db, 0, 5),
		    "time_cs", (json_int_t)ol_db_int64(&db, 0, 7),
		    "started", ol_db_value(&db, 0, 8),
		    "last_activity", ol_db_value(&db, 0, 9),
		    "kind", ol_db_value(&db, 0, 10));
		json_object_set_new(doc, "score", ol_db_value(&db, 0, 6)[0] !=
		    '\0' ? json_integer(strtol(ol_db_value(&db, 0, 6), NULL,
		    10)) : json_null());
	}

	values = inter = objs = NULL;
	if (!ol_report_exec(&db, r, "SELECT cmi::text FROM attempts "
	    "WHERE id = $1", 0) || ol_db_rows(&db) != 1 ||
	    (values = json_loads(ol_db_value(&db, 0, 0), 0, &jerr)) == NULL ||
	    !ol_report_exec(&db, r, ATTEMPT_GROUPED, 1, "cmi\\.interactions"))
		goto unavailable;
	inter = attempt_grouped(&db);
	if (!ol_report_exec(&db, r, ATTEMPT_GROUPED, 1, "cmi\\.objectives"))
		goto unavailable;
	objs = attempt_grouped(&db);
	ol_db_end(&db);

	if (r->api) {
		json_object_set_new(doc, "values", values);
		json_object_set_new(doc, "interactions", inter);
		json_object_set_new(doc, "objectives", objs);
		ol_ctx_free(r->ctx);
		return (ol_json_respond(r->ctx->req, HTTP_STATUS_OK, doc));
	}

	ol_html(r->ctx, "<h2>%s</h2>\n", _("Interactions"));
	if (json_array_size(inter) == 0)
		ol_html(r->ctx, "<p>%s</p>\n", _("None recorded."));
	else {
		ol_html(r->ctx, "<table class=\"list report\" id=\"interactions\">"
		    "\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">%s"
		    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Question"), _("Type"), _("Learner response"),
		    _("Correct response"), _("Result"), _("Time"));
		json_array_foreach(inter, i, x) {
			f = json_object_get(x, "fields");
			ol_html(r->ctx, "<tr><td>%lld</td><td>%s<br><small>%s"
			    "</small></td><td>%s</td><td>%s</td><td>%s</td>"
			    "<td>%s</td><td>%s</td></tr>\n",
			    (long long)json_integer_value(json_object_get(x,
			    "n")) + 1, field(f, "description", NULL),
			    field(f, "id", NULL), field(f, "type", NULL),
			    field(f, "learner_response", "student_response"),
			    field(f, "correct_responses.0.pattern", NULL),
			    field(f, "result", NULL),
			    field(f, "timestamp", "time"));
		}
		ol_html(r->ctx, "</tbody>\n</table>\n");
	}
	(void)snprintf(title, sizeof(title),
	    "/t/%s/reports/attempts/%s/interactions.csv",
	    r->ctx->tenant.slug, r->sid);
	if (json_array_size(inter) > 0)
		ol_report_csv_link(r, title);

	ol_html(r->ctx, "<h2>%s</h2>\n", _("Objectives"));
	if (json_array_size(objs) == 0)
		ol_html(r->ctx, "<p>%s</p>\n", _("None recorded."));
	else {
		ol_html(r->ctx, "<table class=\"list report\" id=\"objectives\">"
		    "\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">%s"
		    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Objective"), _("Success"), _("Completion"), _("Score"));
		json_array_foreach(objs, i, x) {
			f = json_object_get(x, "fields");
			ol_html(r->ctx, "<tr><td>%lld</td><td>%s</td><td>%s</td>"
			    "<td>%s</td><td>%s</td></tr>\n",
			    (long long)json_integer_value(json_object_get(x,
			    "n")) + 1, field(f, "id", NULL),
			    field(f, "success_status", "status"),
			    field(f, "completion_status", NULL),
			    field(f, "score.scaled", "score.raw"));
		}
		ol_html(r->ctx, "</tbody>\n</table>\n");
	}

	ol_html(r->ctx, "<h2>%s</h2>\n", _("Every recorded value"));
	ol_html(r->ctx, "<table class=\"list report\" id=\"values\">\n<thead>"
	    "<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
	    "</thead>\n<tbody>\n", _("Element"), _("Value"));
	json_array_foreach(values, i, x) {
		ol_html(r->ctx, "<tr><td><code>%s</code></td><td>%s</td></tr>\n",
		    json_string_value(json_array_get(x, 0)) ?
		    json_string_value(json_array_get(x, 0)) : "",
		    json_string_value(json_array_get(x, 1)) ?
		    json_string_value(json_array_get(x, 1)) : "");
	}
	ol_html(r->ctx, "</tbody>\n</table>\n");
	json_decref(values);
	json_decref(inter);
	json_decref(objs);

	return (ol_page_end(r->ctx, HTTP_STATUS_OK));

unavailable:
	json_decref(doc);
	json_decref(values);
	json_decref(inter);
	json_decref(objs);
	ol_db_end(&db);

	return (ol_report_unavailable(r));
}

/* The learner's resources: one batch, a row per resource. */
static int
learner_fill(struct ol_stream *s)
{
	static const int	 text[] = { OL_CSV_FIELD_TEXT, 0, 0, 0, 0, 0,
				     0 };
	struct ol_db		 db;
	const char		*f[7];
	char			 spent[32];
	int			 i;

	if (!ol_db_begin(&db, s->r.tenant) ||
	    !ol_report_exec(&db, &s->r, LEARNER_RESOURCES, 0)) {
		ol_db_end(&db);
		return (-1);
	}
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_duration_text(ol_db_value(&db, i, 4), spent, sizeof(spent));
		f[0] = ol_db_value(&db, i, 1);
		f[1] = ol_progress_label(ol_db_value(&db, i, 2));
		f[2] = ol_db_value(&db, i, 3);
		f[3] = spent;
		f[4] = ol_db_value(&db, i, 5);
		f[5] = ol_db_value(&db, i, 6);
		f[6] = ol_db_value(&db, i, 7);
		ol_report_csv_row(s, f, text, 7);
	}
	ol_db_end(&db);

	return (0);
}

/* GET .../reports/learners/<id>/resources.csv */
int
ol_report_learner_csv(struct ol_report *r)
{
	struct ol_db		 db;
	const char		*header[7];
	int			 found;

	if (!ol_db_begin(&db, r->tenant))
		found = -1;
	else
		found = ol_report_learner_in_scope(&db, r);
	ol_db_end(&db);
	if (found == -1)
		return (ol_report_unavailable(r));
	if (found == 0)
		return (ol_report_not_found(r));

	header[0] = _("Course");
	header[1] = _("Status");
	header[2] = _("Score (%)");
	header[3] = _("Time spent");
	header[4] = _("Attempts");
	header[5] = _("Last activity");
	header[6] = _("Language");

	return (ol_report_csv_send(r, ol_report_csv_begin(r, learner_fill,
	    header, 7), "learner"));
}

/* The attempt's interactions: one batch, a row per interaction. */
static int
attempt_fill(struct ol_stream *s)
{
	static const int	 text[] = { 0, OL_CSV_FIELD_TEXT,
				     OL_CSV_FIELD_TEXT, OL_CSV_FIELD_TEXT,
				     OL_CSV_FIELD_TEXT, OL_CSV_FIELD_TEXT,
				     OL_CSV_FIELD_TEXT, OL_CSV_FIELD_TEXT,
				     OL_CSV_FIELD_TEXT };
	struct ol_db		 db;
	json_t			*list, *x, *fl;
	const char		*f[9];
	char			 n[24];
	size_t			 i;

	if (!ol_db_begin(&db, s->r.tenant) || !ol_report_exec(&db, &s->r,
	    ATTEMPT_GROUPED, 1, "cmi\\.interactions")) {
		ol_db_end(&db);
		return (-1);
	}
	list = attempt_grouped(&db);
	ol_db_end(&db);
	json_array_foreach(list, i, x) {
		fl = json_object_get(x, "fields");
		(void)snprintf(n, sizeof(n), "%lld",
		    (long long)json_integer_value(json_object_get(x, "n")) + 1);
		f[0] = n;
		f[1] = field(fl, "id", NULL);
		f[2] = field(fl, "description", NULL);
		f[3] = field(fl, "type", NULL);
		f[4] = field(fl, "learner_response", "student_response");
		f[5] = field(fl, "correct_responses.0.pattern", NULL);
		f[6] = field(fl, "result", NULL);
		f[7] = field(fl, "timestamp", "time");
		f[8] = field(fl, "latency", NULL);
		ol_report_csv_row(s, f, text, 9);
	}
	json_decref(list);

	return (0);
}

/* GET .../reports/attempts/<id>/interactions.csv */
int
ol_report_attempt_csv(struct ol_report *r)
{
	struct ol_db		 db;
	const char		*header[9];
	int			 found;

	found = -1;
	if (ol_db_begin(&db, r->tenant) &&
	    ol_report_exec(&db, r, ATTEMPT_HEAD, 0))
		found = ol_db_rows(&db) == 1;
	ol_db_end(&db);
	if (found == -1)
		return (ol_report_unavailable(r));
	if (found == 0)
		return (ol_report_not_found(r));

	header[0] = "#";
	header[1] = _("Question");
	header[2] = _("Description");
	header[3] = _("Type");
	header[4] = _("Learner response");
	header[5] = _("Correct response");
	header[6] = _("Result");
	header[7] = _("Time");
	header[8] = _("Latency");

	return (ol_report_csv_send(r, ol_report_csv_begin(r, attempt_fill,
	    header, 9), "attempt"));
}
