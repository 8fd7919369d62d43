/*
 * The reports' index (the courses, the viewer's groups, a search for a
 * learner, the whole progress export) and the group report: the learners
 * of a group by the resources any of them has a record of, as a matrix of
 * statuses.
 */

#include "octolearn.h"

#include "csv.h"

#define GROUP_COLUMNS_MAX	"100"

/* Resources any learner of group $4 has a record of (filtered). */
#define GROUP_COLUMNS							\
	"SELECT r.id, " OL_REPORT_TITLE("r.id") " FROM resources r "	\
	"WHERE EXISTS (SELECT 1 FROM progress p JOIN group_members m "	\
	"ON m.tenant_id = p.tenant_id AND m.user_id = p.user_id "	\
	"AND m.group_id = $4::bigint AND m.role = 'learner' "		\
	"WHERE p.resource_id = r.id AND " OL_REPORT_RECORD_FILTER ") "	\
	"ORDER BY lower(" OL_REPORT_TITLE("r.id") "), r.id "		\
	"LIMIT " GROUP_COLUMNS_MAX

/*
 * The learners of group $4 in scope, a page ($11 rows from $12), each
 * with their statuses as JSON ({"<resource id>": "passed", ...}) and the
 * number of learners in all.
 */
#define GROUP_ROWS							\
	"SELECT u.id, u.display_name, u.email, coalesce((SELECT "	\
	"jsonb_object_agg(p.resource_id::text, p.status) FROM progress p "\
	"WHERE p.user_id = u.id AND " OL_REPORT_RECORD_FILTER "), "	\
	"'{}')::text, count(*) OVER (), u.sort_name "		\
	"FROM users u WHERE "						\
	OL_REPORT_IN_SCOPE("u.id", "$4::bigint") " "

static int	index_learners(struct ol_report *, struct ol_db *,
		    const char *);
static int	group_fill(struct ol_stream *);
static void	group_matrix_html(struct ol_report *, struct ol_db *,
		    json_t *, int64_t);

/* Learners in scope whose name or address holds q (at most 50). */
static int
index_learners(struct ol_report *r, struct ol_db *db, const char *q)
{
	int		i;

	ol_html(r->ctx, "<h2>%s</h2>\n<form method=\"get\" action=\"/t/%s/"
	    "reports\" class=\"filters\" role=\"search\"><div class=\"field\">"
	    "<label for=\"f-q\">%s</label><input id=\"f-q\" name=\"q\" "
	    "type=\"search\" maxlength=\"200\" value=\"%s\"></div><button "
	    "type=\"submit\">%s</button></form>\n", _("Learners"),
	    r->ctx->tenant.slug, _("Name or email address"), q, _("Search"));
	if (q[0] == '\0')
		return (1);

	if (!ol_report_exec(db, r, "SELECT u.id, u.display_name, u.email "
	    "FROM users u WHERE " OL_REPORT_IN_SCOPE("u.id", "NULL")
	    " AND (strpos(u.sort_name, lower($11)) > 0 OR "
	    "strpos(lower(u.email), lower($11)) > 0) "
	    "ORDER BY u.sort_name, u.id LIMIT 50", 1, q))
		return (0);
	if (ol_db_rows(db) == 0) {
		ol_html(r->ctx, "<p class=\"notice\">%s</p>\n",
		    _("No learner in your reports matches."));
		return (1);
	}
	ol_html(r->ctx, "<ul class=\"plain\" id=\"learner-matches\">\n");
	for (i = 0; i < ol_db_rows(db); i++) {
		ol_html(r->ctx, "<li><a href=\"/t/%s/reports/learners/%s\">%s"
		    "</a> &lt;%s&gt;</li>\n", r->ctx->tenant.slug,
		    ol_db_value(db, i, 0), ol_db_value(db, i, 1),
		    ol_db_value(db, i, 2));
	}
	ol_html(r->ctx, "</ul>\n");

	return (1);
}

/* GET /t/<slug>/reports */
int
ol_report_index(struct ol_report *r)
{
	struct ol_db	db;
	char		q[200 * 4 + 1];
	int		i;

	if (!ol_query_param(r->ctx->req, "q", q, sizeof(q)) ||
	    !ol_resource_text_ok(q, 0, 200, 0)) {
		return (ol_report_error(r, HTTP_STATUS_BAD_REQUEST,
		    _("Search words are at most 200 characters of text, "
		    "without control characters.")));
	}

	ol_page_begin(r->ctx, _("Reports"));
	ol_html(r->ctx, "<h1>%s</h1>\n", _("Reports"));
	if (!ol_db_begin(&db, r->tenant) || !ol_report_exec(&db, r,
	    "SELECT r.id, " OL_REPORT_TITLE("r.id") ", r.published "
	    "FROM resources r ORDER BY lower(" OL_REPORT_TITLE("r.id") "), "
	    "r.id", 0))
		goto unavailable;

	ol_html(r->ctx, "<h2>%s</h2>\n<ul class=\"plain\" id=\"courses\">\n",
	    _("Courses"));
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_html(r->ctx, "<li><a href=\"/t/%s/reports/resources/%s\">%s"
		    "</a>", r->ctx->tenant.slug, ol_db_value(&db, i, 0),
		    ol_db_value(&db, i, 1));
		if (!ol_db_bool(&db, i, 2))
			ol_html(r->ctx, " <small>(%s)</small>", _("not published"));
		ol_html(r->ctx, "</li>\n");
	}
	ol_html(r->ctx, "</ul>\n");

	if (!ol_report_groups(&db, r))
		goto unavailable;
	ol_html(r->ctx, "<h2>%s</h2>\n<ul class=\"plain\" id=\"groups\">\n",
	    _("Groups"));
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_html(r->ctx, "<li><a href=\"/t/%s/reports/groups/%s\">%s"
		    "</a></li>\n", r->ctx->tenant.slug, ol_db_value(&db, i, 0),
		    ol_db_value(&db, i, 1));
	}
	ol_html(r->ctx, "</ul>\n");

	if (!index_learners(r, &db, q))
		goto unavailable;
	ol_db_end(&db);

	ol_html(r->ctx, "<h2>%s</h2>\n<p>%s</p>\n", _("All progress"),
	    _("Every record of every learner in your reports, one row per "
	    "learner and course."));
	ol_report_csv_link(r, "progress.csv");

	return (ol_page_end(r->ctx, HTTP_STATUS_OK));

unavailable:
	ol_db_end(&db);
	return (ol_page_unavailable(r->ctx));
}

static void
group_matrix_html(struct ol_report *r, struct ol_db *db, json_t *cols,
    int64_t total)
{
	json_t		*col, *statuses;
	json_error_t	 jerr;
	const char	*status;
	char		 base[128], n[32];
	size_t		 j;
	int		 i;

	ol_i18n_number(total, n, sizeof(n));
	ol_html(r->ctx, "<p>");
	ol_html(r->ctx, ngettext("%s learner", "%s learners",
	    (unsigned long)total), n);
	ol_html(r->ctx, "</p>\n<div class=\"scroll\"><table class=\"list "
	    "matrix\" id=\"matrix\">\n<thead><tr><th scope=\"col\">%s</th>",
	    C_("of a person", "Name"));
	json_array_foreach(cols, j, col) {
		ol_html(r->ctx, "<th scope=\"col\" data-resource=\"%lld\">"
		    "<a href=\"/t/%s/reports/resources/%lld?group=%s\">%s</a>"
		    "</th>", (long long)json_integer_value(json_array_get(col,
		    0)), r->ctx->tenant.slug,
		    (long long)json_integer_value(json_array_get(col, 0)),
		    r->sid, json_string_value(json_array_get(col, 1)));
	}
	ol_html(r->ctx, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < ol_db_rows(db); i++) {
		ol_html(r->ctx, "<tr data-learner=\"%s\"><th scope=\"row\">"
		    "<a href=\"/t/%s/reports/learners/%s\">%s</a></th>",
		    ol_db_value(db, i, 0), r->ctx->tenant.slug,
		    ol_db_value(db, i, 0), ol_db_value(db, i, 1));
		statuses = json_loads(ol_db_value(db, i, 3), 0, &jerr);
		json_array_foreach(cols, j, col) {
			(void)snprintf(n, sizeof(n), "%lld", (long long)
			    json_integer_value(json_array_get(col, 0)));
			status = json_string_value(json_object_get(statuses,
			    n));
			if (status == NULL)
				status = "not_started";
			ol_html(r->ctx, "<td class=\"status status-%s\" "
			    "data-status=\"%s\">%s</td>", status, status,
			    ol_progress_label(status));
		}
		json_decref(statuses);
		ol_html(r->ctx, "</tr>\n");
	}
	ol_html(r->ctx, "</tbody>\n</table></div>\n");
	(void)snprintf(base, sizeof(base), "/t/%s/reports/groups/%s",
	    r->ctx->tenant.slug, r->sid);
	ol_report_pager(r, base, total);
	(void)snprintf(base, sizeof(base), "/t/%s/reports/groups/%s/matrix.csv",
	    r->ctx->tenant.slug, r->sid);
	ol_report_csv_link(r, base);
}

/* GET .../reports/groups/<id> */
int
ol_report_group(struct ol_report *r)
{
	struct ol_db	 db;
	json_t		*cols, *rows, *statuses;
	json_error_t	 jerr;
	char		 name[OL_NAME_MAX * 4 + 1], base[128], offset[24];
	int64_t		 total;
	int		 found, i;

	(void)kore_strlcpy(r->group, r->sid, sizeof(r->group));
	if (!ol_db_begin(&db, r->tenant) ||
	    (found = ol_group_load(r->ctx, &db, r->id)) == -1) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	if (found == 0) {
		ol_db_end(&db);
		return (ol_report_not_found(r));
	}
	(void)kore_strlcpy(name, ol_db_value(&db, 0, 0), sizeof(name));
	if (!ol_report_exec(&db, r, GROUP_COLUMNS, 0)) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	cols = json_array();
	for (i = 0; i < ol_db_rows(&db); i++) {
		json_array_append_new(cols, json_pack("[I,s]",
		    (json_int_t)ol_db_int64(&db, i, 0), ol_db_value(&db, i, 1)));
	}

	if (!r->api) {
		ol_page_begin(r->ctx, name);
		ol_html(r->ctx, "<p class=\"crumbs\"><a href=\"/t/%s/reports\">"
		    "%s</a></p>\n<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
		    r->ctx->tenant.slug, _("Reports"), name, _("Group report"));
		(void)snprintf(base, sizeof(base), "/t/%s/reports/groups/%s",
		    r->ctx->tenant.slug, r->sid);
		/* The group is the report's subject, not a filter here. */
		r->group[0] = '\0';
		if (!ol_report_form(r, &db, base, 0)) {
			json_decref(cols);
			ol_db_end(&db);
			return (ol_report_unavailable(r));
		}
		(void)kore_strlcpy(r->group, r->sid, sizeof(r->group));
	}

	(void)snprintf(offset, sizeof(offset), "%lld",
	    (long long)(r->page - 1) * OL_REPORT_PAGE_ROWS);
	(void)snprintf(base, sizeof(base), "%d", OL_REPORT_PAGE_ROWS);
	if (!ol_report_exec(&db, r, GROUP_ROWS "ORDER BY u.sort_name"
	    ", u.id LIMIT $11::int OFFSET $12::int", 2, base, offset)) {
		json_decref(cols);
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	total = ol_db_rows(&db) > 0 ? ol_db_int64(&db, 0, 4) : 0;

	if (!r->api) {
		r->group[0] = '\0';
		group_matrix_html(r, &db, cols, total);
		ol_db_end(&db);
		json_decref(cols);
		return (ol_page_end(r->ctx, HTTP_STATUS_OK));
	}

	rows = json_array();
	for (i = 0; i < ol_db_rows(&db); i++) {
		statuses = json_loads(ol_db_value(&db, i, 3), 0, &jerr);
		json_array_append_new(rows, json_pack("{s:I,s:s,s:s,s:o}",
		    "id", (json_int_t)ol_db_int64(&db, i, 0),
		    "name", ol_db_value(&db, i, 1),
		    "email", ol_db_value(&db, i, 2),
		    "statuses", statuses != NULL ? statuses : json_object()));
	}
	ol_db_end(&db);
	ol_ctx_free(r->ctx);

	return (ol_json_respond(r->ctx->req, HTTP_STATUS_OK, json_pack(
	    "{s:{s:I,s:s},s:o,s:{s:I,s:i,s:i,s:o}}",
	    "group", "id", (json_int_t)r->id, "name", name,
	    "resources", cols,
	    "learners", "total", (json_int_t)total, "page", r->page,
	    "per_page", OL_REPORT_PAGE_ROWS, "rows", rows)));
}

/* A batch of the group's learners after the last one sent. */
static int
group_fill(struct ol_stream *s)
{
	struct ol_db		 db;
	json_t			*statuses;
	json_error_t		 jerr;
	const char		**f, *status;
	int			*text;
	char			 key[24];
	size_t			 j;
	int			 i, rows;

	if (!ol_db_begin(&db, s->r.tenant) || !ol_report_exec(&db, &s->r,
	    GROUP_ROWS "AND (u.sort_name, u.id) > ($11, $12::bigint) "
	    "ORDER BY u.sort_name, u.id LIMIT " OL_REPORT_BATCH_ROWS, 2,
	    s->key, s->key_id)) {
		ol_db_end(&db);
		return (-1);
	}
	f = kore_calloc(s->ncols + 2, sizeof(*f));
	text = kore_calloc(s->ncols + 2, sizeof(*text));
	text[0] = text[1] = OL_CSV_FIELD_TEXT;
	rows = ol_db_rows(&db);
	for (i = 0; i < rows; i++) {
		f[0] = ol_db_value(&db, i, 1);
		f[1] = ol_db_value(&db, i, 2);
		statuses = json_loads(ol_db_value(&db, i, 3), 0, &jerr);
		for (j = 0; j < s->ncols; j++) {
			(void)snprintf(key, sizeof(key), "%lld",
			    (long long)s->cols[j]);
			status = json_string_value(json_object_get(statuses,
			    key));
			f[j + 2] = ol_progress_label(status != NULL ? status :
			    "not_started");
		}
		ol_report_csv_row(s, f, text, s->ncols + 2);
		json_decref(statuses);
	}
	kore_free(f);
	kore_free(text);
	ol_stream_keyset(s, &db, 5, 0);
	ol_db_end(&db);

	return (rows == OL_REPORT_BATCH);
}

/* GET .../reports/groups/<id>/matrix.csv: a column per resource. */
int
ol_report_group_csv(struct ol_report *r)
{
	struct ol_db		 db;
	struct ol_stream	*s;
	const char		**header;
	int			 found, i, n;

	(void)kore_strlcpy(r->group, r->sid, sizeof(r->group));
	if (!ol_db_begin(&db, r->tenant) ||
	    (found = ol_group_load(r->ctx, &db, r->id)) == -1 ||
	    (found == 1 && !ol_report_exec(&db, r, GROUP_COLUMNS, 0))) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	if (found == 0) {
		ol_db_end(&db);
		return (ol_report_not_found(r));
	}

	n = ol_db_rows(&db);
	header = kore_calloc((size_t)n + 2, sizeof(*header));
	header[0] = C_("of a person", "Name");
	header[1] = _("Email address");
	for (i = 0; i < n; i++)
		header[i + 2] = ol_db_value(&db, i, 1);
	s = ol_report_csv_begin(r, group_fill, header, (size_t)n + 2);
	kore_free(header);
	s->ncols = (size_t)n;
	s->cols = kore_calloc((size_t)n + 1, sizeof(*s->cols));
	for (i = 0; i < n; i++)
		s->cols[i] = ol_db_int64(&db, i, 0);
	ol_db_end(&db);
	(void)kore_strlcpy(s->key_id, "0", sizeof(s->key_id));

	return (ol_report_csv_send(r, s, "group"));
}
