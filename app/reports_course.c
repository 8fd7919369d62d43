/*
 * The course report: for one resource, the learners in the viewer's scope
 * by status, scores, time and language variant (one query,
 * octolearn_course_summary(), migration 0011), and the learners one row
 * each, sorted and paged. The page draws the figures as charts; the API
 * answers the same figures as JSON.
 */

#include "octolearn.h"

#include "csv.h"

#define COURSE_SUMMARY							\
	"SELECT octolearn_course_summary($1, $2, $3::boolean, "		\
	"NULLIF($4, '')::bigint, NULLIF($5, ''), NULLIF($6, '')::date, "	\
	"NULLIF($7, '')::date)::text"

static const char	*course_order(const struct ol_report *);
static int		 course_fill(struct ol_stream *);
static json_t		*course_row(struct ol_db *, int);
static int		 course_json(struct ol_report *, struct ol_db *,
			    const char *, json_t *, int64_t);
static int		 course_page(struct ol_report *, struct ol_db *,
			    json_t *, int64_t);
static void		 course_figures(struct ol_report *, json_t *);
static void		 course_variants(struct ol_report *, json_t *);
static void		 course_learners(struct ol_report *, struct ol_db *,
			    int64_t);

/* The ORDER BY of the learners' table: fixed text for each sort key. */
static const char *
course_order(const struct ol_report *r)
{
	static const struct {
		const char	*key;
		const char	*asc;
		const char	*desc;
	} orders[] = {
		{ "email", "lower(u.email)", "lower(u.email) DESC" },
		{ "status", "array_position(ARRAY['not_started', "
		    "'in_progress', 'completed', 'passed', 'failed'], "
		    "coalesce(p.status, 'not_started'))",
		    "array_position(ARRAY['not_started', 'in_progress', "
		    "'completed', 'passed', 'failed'], coalesce(p.status, "
		    "'not_started')) DESC" },
		{ "score", "p.score NULLS LAST", "p.score DESC NULLS LAST" },
		{ "time", "p.total_cs NULLS LAST",
		    "p.total_cs DESC NULLS LAST" },
		{ "attempts", "p.attempts NULLS LAST",
		    "p.attempts DESC NULLS LAST" },
		{ "last", "p.last_activity NULLS LAST",
		    "p.last_activity DESC NULLS LAST" },
	};
	size_t		i;

	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++) {
		if (!strcmp(r->sort, orders[i].key))
			return (r->desc ? orders[i].desc : orders[i].asc);
	}

	return (r->desc ? "u.sort_name DESC" :
	    "u.sort_name");
}

static json_t *
course_row(struct ol_db *db, int i)
{
	return (json_pack("{s:I,s:s,s:s,s:s,s:o,s:I,s:I,s:o,s:o}",
	    "id", (json_int_t)ol_db_int64(db, i, 0),
	    "name", ol_db_value(db, i, 1), "email", ol_db_value(db, i, 2),
	    "status", ol_db_value(db, i, 3),
	    "score", ol_report_json_percent(ol_db_value(db, i, 4)),
	    "time_cs", (json_int_t)ol_db_int64(db, i, 5),
	    "attempts", (json_int_t)ol_db_int64(db, i, 6),
	    "last_activity", ol_report_json_text(ol_db_value(db, i, 7)),
	    "language", ol_report_json_text(ol_db_value(db, i, 8))));
}

/* GET .../reports/resources/<id> */
int
ol_report_course(struct ol_report *r)
{
	struct ol_db	db;
	json_t		*summary, *counts;
	json_error_t	jerr;
	char		title[4096], query[sizeof(OL_REPORT_COURSE_ROWS) + 512];
	char		offset[24];
	int64_t		total;

	if (!ol_db_begin(&db, r->tenant) || !ol_report_exec(&db, r,
	    "SELECT " OL_REPORT_TITLE("r.id") " FROM resources r "
	    "WHERE r.id = $1", 0)) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	if (ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		return (ol_report_not_found(r));
	}
	(void)kore_strlcpy(title, ol_db_value(&db, 0, 0), sizeof(title));

	if (!ol_report_exec(&db, r, COURSE_SUMMARY, 0) ||
	    (summary = json_loads(ol_db_value(&db, 0, 0), 0, &jerr)) == NULL) {
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}
	counts = json_object_get(summary, "counts");
	total = r->status[0] != '\0' ?
	    json_integer_value(json_object_get(counts, r->status)) :
	    json_integer_value(json_object_get(summary, "learners"));

	if (!r->api) {
		ol_page_begin(r->ctx, title);
		ol_html(r->ctx, "<p class=\"crumbs\"><a href=\"/t/%s/reports\">"
		    "%s</a></p>\n<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
		    r->ctx->tenant.slug, _("Reports"), title,
		    _("Course report"));
		(void)snprintf(query, sizeof(query), "/t/%s/reports/"
		    "resources/%s", r->ctx->tenant.slug, r->sid);
		if (!ol_report_form(r, &db, query,
		    OL_REPORT_FORM_GROUP | OL_REPORT_FORM_STATUS)) {
			json_decref(summary);
			ol_db_end(&db);
			return (ol_report_unavailable(r));
		}
	}

	(void)snprintf(offset, sizeof(offset), "%lld",
	    (long long)(r->page - 1) * OL_REPORT_PAGE_ROWS);
	(void)snprintf(query, sizeof(query), "%s ORDER BY %s, "
	    "u.sort_name, u.id LIMIT %d OFFSET $11",
	    OL_REPORT_COURSE_ROWS, course_order(r), OL_REPORT_PAGE_ROWS);
	if (!ol_report_exec(&db, r, query, 1, offset)) {
		json_decref(summary);
		ol_db_end(&db);
		return (ol_report_unavailable(r));
	}

	if (r->api)
		return (course_json(r, &db, title, summary, total));

	return (course_page(r, &db, summary, total));
}

static int
course_json(struct ol_report *r, struct ol_db *db, const char *title,
    json_t *summary, int64_t total)
{
	json_t		*rows;
	int		 i;

	rows = json_array();
	for (i = 0; i < ol_db_rows(db); i++)
		json_array_append_new(rows, course_row(db, i));
	ol_db_end(db);
	ol_ctx_free(r->ctx);

	return (ol_json_respond(r->ctx->req, HTTP_STATUS_OK, json_pack(
	    "{s:{s:I,s:s},s:o,s:{s:I,s:i,s:i,s:o}}",
	    "resource", "id", (json_int_t)r->id, "title", title,
	    "summary", summary,
	    "learners", "total", (json_int_t)total, "page", r->page,
	    "per_page", OL_REPORT_PAGE_ROWS, "rows", rows)));
}

/* Learners, average score and median time, as figures. */
static void
course_figures(struct ol_report *r, json_t *summary)
{
	json_t		*avg, *med;
	char		 n[32], score[32], num[32], spent[32];

	ol_i18n_number(json_integer_value(json_object_get(summary,
	    "learners")), n, sizeof(n));
	avg = json_object_get(summary, "average_score");
	score[0] = '\0';
	if (json_is_number(avg)) {
		(void)snprintf(num, sizeof(num), "%.0f",
		    json_number_value(avg) * 100);
		ol_i18n_percent(num, score, sizeof(score));
	}
	med = json_object_get(summary, "median_time_cs");
	spent[0] = '\0';
	if (json_is_number(med)) {
		(void)snprintf(num, sizeof(num), "%.0f",
		    json_number_value(med));
		ol_duration_text(num, spent, sizeof(spent));
	}

	ol_html(r->ctx, "<dl class=\"figures\">\n"
	    "<div><dt>%s</dt><dd id=\"fig-learners\">%s</dd></div>\n"
	    "<div><dt>%s</dt><dd id=\"fig-score\">%s</dd></div>\n"
	    "<div><dt>%s</dt><dd id=\"fig-time\">%s</dd></div>\n</dl>\n",
	    _("Learners"), n, _("Average score"),
	    score[0] != '\0' ? score : "—", _("Median time spent"),
	    spent[0] != '\0' ? spent : "—");
}

/* One row per language variant the learners used. */
static void
course_variants(struct ol_report *r, json_t *summary)
{
	json_t			*variants, *v, *c, *x;
	size_t			 i, j;
	char			 num[32], buf[32];

	variants = json_object_get(summary, "variants");
	if (json_array_size(variants) == 0)
		return;
	ol_html(r->ctx, "<h2>%s</h2>\n<table class=\"list\" id=\"variants\">"
	    "\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
	    _("By language"), _("Language"), _("Records"));
	for (j = 0; j < OL_REPORT_STATUSES; j++) {
		ol_html(r->ctx, "<th scope=\"col\">%s</th>",
		    ol_progress_label(ol_report_statuses[j]));
	}
	ol_html(r->ctx, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "</tr></thead>\n<tbody>\n", _("Average score"),
	    _("Median time spent"));
	json_array_foreach(variants, i, v) {
		c = json_object_get(v, "counts");
		ol_i18n_number(json_integer_value(json_object_get(v,
		    "records")), buf, sizeof(buf));
		ol_html(r->ctx, "<tr data-lang=\"%s\"><th scope=\"row\">%s</th>"
		    "<td>%s</td>", json_string_value(json_object_get(v, "lang")),
		    ol_i18n_name_here(json_string_value(json_object_get(v,
		    "lang"))), buf);
		for (j = 0; j < OL_REPORT_STATUSES; j++) {
			ol_i18n_number(json_integer_value(json_object_get(c,
			    ol_report_statuses[j])), buf, sizeof(buf));
			ol_html(r->ctx, "<td>%s</td>", buf);
		}
		buf[0] = '\0';
		if (json_is_number(x = json_object_get(v, "average_score"))) {
			(void)snprintf(num, sizeof(num), "%.0f",
			    json_number_value(x) * 100);
			ol_i18n_percent(num, buf, sizeof(buf));
		}
		ol_html(r->ctx, "<td>%s</td>", buf[0] != '\0' ? buf : "—");
		buf[0] = '\0';
		if (json_is_number(x = json_object_get(v, "median_time_cs"))) {
			(void)snprintf(num, sizeof(num), "%.0f",
			    json_number_value(x));
			ol_duration_text(num, buf, sizeof(buf));
		}
		ol_html(r->ctx, "<td>%s</td></tr>\n",
		    buf[0] != '\0' ? buf : "—");
	}
	ol_html(r->ctx, "</tbody>\n</table>\n");
}

/* The learners of this page of the table (db holds them). */
static void
course_learners(struct ol_report *r, struct ol_db *db, int64_t total)
{
	char		base[128], spent[32], pct[32], when[128], n[32];
	const char	*slug = r->ctx->tenant.slug;
	int		i;

	(void)snprintf(base, sizeof(base), "/t/%s/reports/resources/%s",
	    slug, r->sid);
	ol_i18n_number(total, n, sizeof(n));
	ol_html(r->ctx, "<h2 id=\"learners\">%s</h2>\n<p>", _("Learners"));
	ol_html(r->ctx, ngettext("%s learner", "%s learners",
	    (unsigned long)total), n);
	ol_html(r->ctx, "</p>\n<table class=\"list report\" id=\"learner-rows\">"
	    "\n<thead><tr>");
	ol_report_sort_header(r, base, "name", C_("of a person", "Name"));
	ol_report_sort_header(r, base, "email", _("Email address"));
	ol_report_sort_header(r, base, "status", _("Status"));
	ol_report_sort_header(r, base, "score", _("Score"));
	ol_report_sort_header(r, base, "time", _("Time spent"));
	ol_report_sort_header(r, base, "attempts", _("Attempts"));
	ol_report_sort_header(r, base, "last", _("Last activity"));
	ol_html(r->ctx, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < ol_db_rows(db); i++) {
		ol_duration_text(ol_db_value(db, i, 5), spent, sizeof(spent));
		ol_i18n_percent(ol_db_value(db, i, 4), pct, sizeof(pct));
		ol_i18n_date(ol_db_value(db, i, 7), when, sizeof(when));
		ol_html(r->ctx, "<tr data-learner=\"%s\" data-status=\"%s\">"
		    "<td><a href=\"/t/%s/reports/learners/%s\">%s</a></td>"
		    "<td>%s</td><td class=\"status status-%s\">%s</td>"
		    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		    ol_db_value(db, i, 0), ol_db_value(db, i, 3), slug,
		    ol_db_value(db, i, 0), ol_db_value(db, i, 1),
		    ol_db_value(db, i, 2), ol_db_value(db, i, 3),
		    ol_progress_label(ol_db_value(db, i, 3)), pct, spent,
		    ol_db_value(db, i, 6), when);
	}
	ol_html(r->ctx, "</tbody>\n</table>\n");
	ol_report_pager(r, base, total);
	(void)snprintf(base, sizeof(base),
	    "/t/%s/reports/resources/%s/learners.csv", slug, r->sid);
	ol_report_csv_link(r, base);
}

/* The rest of the page, after its heading and filters. */
static int
course_page(struct ol_report *r, struct ol_db *db, json_t *summary,
    int64_t total)
{
	course_figures(r, summary);
	ol_html(r->ctx, "<div class=\"charts\">\n");
	ol_report_chart_status(r->ctx, json_object_get(summary, "counts"));
	ol_report_chart_scores(r->ctx,
	    json_object_get(summary, "score_histogram"));
	ol_report_chart_activity(r->ctx, json_object_get(summary, "activity"));
	ol_html(r->ctx, "</div>\n");
	course_variants(r, summary);
	course_learners(r, db, total);
	ol_db_end(db);
	json_decref(summary);

	return (ol_page_end(r->ctx, HTTP_STATUS_OK));
}

/* A batch of the learners after the last one sent, in name order. */
static int
course_fill(struct ol_stream *s)
{
	static const int	 text[] = { OL_CSV_FIELD_TEXT,
				     OL_CSV_FIELD_TEXT, 0, 0, 0, 0, 0, 0 };
	struct ol_db		 db;
	const char		*f[8];
	char			 spent[32];
	int			 i, rows;

	if (!ol_db_begin(&db, s->r.tenant) || !ol_report_exec(&db, &s->r,
	    OL_REPORT_COURSE_ROWS "AND (u.sort_name, u.id) > "
	    "($11, $12::bigint) ORDER BY u.sort_name, u.id "
	    "LIMIT " OL_REPORT_BATCH_ROWS, 2, s->key, s->key_id)) {
		ol_db_end(&db);
		return (-1);
	}
	rows = ol_db_rows(&db);
	for (i = 0; i < rows; i++) {
		ol_duration_text(ol_db_value(&db, i, 5), spent, sizeof(spent));
		f[0] = ol_db_value(&db, i, 1);
		f[1] = ol_db_value(&db, i, 2);
		f[2] = ol_progress_label(ol_db_value(&db, i, 3));
		f[3] = ol_db_value(&db, i, 4);
		f[4] = spent;
		f[5] = ol_db_value(&db, i, 6);
		f[6] = ol_db_value(&db, i, 7);
		f[7] = ol_db_value(&db, i, 8);
		ol_report_csv_row(s, f, text, 8);
	}
	ol_stream_keyset(s, &db, 9, 0);
	ol_db_end(&db);

	return (rows == OL_REPORT_BATCH);
}

/* GET .../reports/resources/<id>/learners.csv */
int
ol_report_course_csv(struct ol_report *r)
{
	struct ol_db		 db;
	struct ol_stream	*s;
	const char		*header[8];
	int			 found;

	found = -1;
	if (ol_db_begin(&db, r->tenant) && ol_report_exec(&db, r,
	    "SELECT 1 FROM resources WHERE id = $1", 0))
		found = ol_db_rows(&db) == 1;
	ol_db_end(&db);
	if (found == -1)
		return (ol_report_unavailable(r));
	if (found == 0)
		return (ol_report_not_found(r));

	header[0] = C_("of a person", "Name");
	header[1] = _("Email address");
	header[2] = _("Status");
	header[3] = _("Score (%)");
	header[4] = _("Time spent");
	header[5] = _("Attempts");
	header[6] = _("Last activity");
	header[7] = _("Language");
	s = ol_report_csv_begin(r, course_fill, header, 8);
	(void)kore_strlcpy(s->key_id, "0", sizeof(s->key_id));

	return (ol_report_csv_send(r, s, "course"));
}
