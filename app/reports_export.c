/*
 * The reports' tables as CSV files: a header row in the viewer's
 * language, then the rows, streamed (reports_stream.c) a batch at a time.
 * Each report's file knows its own table (ol_report_*_csv()); here are
 * what they share, and the export of every progress record in scope.
 * The files open as UTF-8 in spreadsheet programs (a byte order mark
 * first), with the separator of the viewer's language, dates as
 * YYYY-MM-DD HH:MM, scores as whole percentages and times as H:MM:SS.
 */

#include "octolearn.h"

#include "csv.h"

/* The columns of a batch of progress records p (in scope). */
#define PROGRESS_COLUMNS						\
	"SELECT p.user_id, p.resource_id, u.display_name, u.email, "	\
	OL_REPORT_TITLE("p.resource_id") ", p.lang, p.status, "		\
	"coalesce(round(p.score * 100)::text, ''), p.total_cs, "	\
	"p.attempts, to_char(p.first_activity, 'YYYY-MM-DD HH24:MI'), "	\
	"to_char(p.last_activity, 'YYYY-MM-DD HH24:MI'), "		\
	"p.last_activity::text "

/*
 * Every progress record in scope after the keyset ($11 user, $12
 * resource), a batch. Columns: user id, resource id, name, email, title,
 * language, status, score, time, attempts, first, last activity, last
 * activity to the microsecond. The keyset is written as bounds on the
 * user, not as a row comparison, which with a trainer's learners
 * (user_id = ANY (...)) makes each batch read every record after the key
 * once per learner; the batch is chosen before its learners' names are
 * joined, which a trainer's batch would otherwise do for every record it
 * sorts, and each name is one look-up (a lateral join with a limit: as a
 * plain join, the planner hashes every user of the tenant for it).
 */
#define PROGRESS_BATCH							\
	PROGRESS_COLUMNS						\
	"FROM (SELECT * FROM progress p "				\
	"WHERE p.user_id >= $11::bigint AND (p.user_id > $11::bigint OR "\
	"p.resource_id > $12::bigint) "					\
	"AND p.tenant_id = octolearn_tenant() "				\
	"AND " OL_REPORT_IN_SCOPE("p.user_id", OL_REPORT_BY_GROUP) " "	\
	"AND " OL_REPORT_RECORD_FILTER " "				\
	"AND ($8 = '' OR p.status = $8) "				\
	"ORDER BY p.user_id, p.resource_id "				\
	"LIMIT " OL_REPORT_BATCH_ROWS ") p "				\
	"CROSS JOIN LATERAL (SELECT u.display_name, u.email FROM users u "\
	"WHERE u.tenant_id = p.tenant_id AND u.id = p.user_id LIMIT 1) u "\
	"ORDER BY p.user_id, p.resource_id"

/*
 * The same within a range of last activity ($6, $7), in order of last
 * activity, after the keyset ($13 last activity, $11 user, $12
 * resource): read from progress_activity, so that a batch costs its own
 * rows however few of the records fall in the range (in user order, a
 * day's records among millions meant reading the whole table a batch at
 * a time). The range comes as two timestamps of its own ($14, $15): a
 * date converted from text in the query, or compared with a timestamp,
 * could not bound an index scan under row-level security.
 */
#define PROGRESS_BATCH_BY_TIME						\
	PROGRESS_COLUMNS						\
	"FROM (SELECT * FROM progress p "				\
	"WHERE p.tenant_id = octolearn_tenant() "			\
	"AND p.last_activity >= $14::timestamptz "			\
	"AND p.last_activity < $15::timestamptz "			\
	"AND (p.last_activity, p.user_id, p.resource_id) > "		\
	"($13::timestamptz, $11::bigint, $12::bigint) "			\
	"AND " OL_REPORT_IN_SCOPE("p.user_id", OL_REPORT_BY_GROUP) " "	\
	"AND ($5 = '' OR p.lang = $5) AND ($8 = '' OR p.status = $8) "	\
	"ORDER BY p.last_activity, p.user_id, p.resource_id "		\
	"LIMIT " OL_REPORT_BATCH_ROWS ") p "				\
	"CROSS JOIN LATERAL (SELECT u.display_name, u.email FROM users u "\
	"WHERE u.tenant_id = p.tenant_id AND u.id = p.user_id LIMIT 1) u "\
	"ORDER BY p.last_activity, p.user_id, p.resource_id"

static int	progress_fill(struct ol_stream *);

/* A stream with the byte order mark and the header row written. */
struct ol_stream *
ol_report_csv_begin(const struct ol_report *r, ol_stream_fill_fn fill,
    const char *const *header, size_t n)
{
	struct ol_stream	*s;

	s = ol_stream_new(r, fill);
	ol_stream_sink(s, "\xef\xbb\xbf", 3);
	ol_csv_record(ol_stream_sink, s, header, NULL, n, r->sep);

	return (s);
}

/* Sends the file (or a 503 when its first batch cannot be read). */
int
ol_report_csv_send(struct ol_report *r, struct ol_stream *s,
    const char *name)
{
	char		filename[96];

	if (ol_stream_prime(s) == -1) {
		ol_stream_free(s);
		return (ol_report_unavailable(r));
	}
	(void)snprintf(filename, sizeof(filename), "%s-%s.csv", name,
	    r->sid[0] != '\0' ? r->sid : r->ctx->tenant.slug);
	ol_ctx_free(r->ctx);

	return (ol_stream_start(s, r->ctx->req, filename));
}

/* One row of a report's CSV file; text says which fields are text. */
void
ol_report_csv_row(struct ol_stream *s, const char *const *fields,
    const int *text, size_t n)
{
	ol_csv_record(ol_stream_sink, s, fields, text, n, s->r.sep);
	s->rows_in_chunk++;
}

/* A batch of progress records after the last one sent. */
static int
progress_fill(struct ol_stream *s)
{
	static const int	 text[] = { OL_CSV_FIELD_TEXT,
				     OL_CSV_FIELD_TEXT, OL_CSV_FIELD_TEXT, 0,
				     0, 0, 0, 0, 0, 0 };
	struct ol_db		 db;
	const char		*f[10];
	char			 spent[32];
	int			 i, ok, rows;

	if (s->r.from[0] != '\0' || s->r.to[0] != '\0')
		ok = ol_db_begin(&db, s->r.tenant) && ol_report_exec(&db, &s->r,
		    PROGRESS_BATCH_BY_TIME, 5, s->key, s->key_id, s->key_time,
		    s->from, s->until);
	else
		ok = ol_db_begin(&db, s->r.tenant) && ol_report_exec(&db, &s->r,
		    PROGRESS_BATCH, 2, s->key, s->key_id);
	if (!ok) {
		ol_db_end(&db);
		return (-1);
	}
	rows = ol_db_rows(&db);
	for (i = 0; i < rows; i++) {
		ol_duration_text(ol_db_value(&db, i, 8), spent, sizeof(spent));
		f[0] = ol_db_value(&db, i, 2);
		f[1] = ol_db_value(&db, i, 3);
		f[2] = ol_db_value(&db, i, 4);
		f[3] = ol_db_value(&db, i, 5);
		f[4] = ol_progress_label(ol_db_value(&db, i, 6));
		f[5] = ol_db_value(&db, i, 7);
		f[6] = spent;
		f[7] = ol_db_value(&db, i, 9);
		f[8] = ol_db_value(&db, i, 10);
		f[9] = ol_db_value(&db, i, 11);
		ol_report_csv_row(s, f, text, 10);
	}
	ol_stream_keyset(s, &db, 0, 1);
	if (rows > 0) {
		(void)kore_strlcpy(s->key_time, ol_db_value(&db, rows - 1, 12),
		    sizeof(s->key_time));
	}
	ol_db_end(&db);

	return (rows == OL_REPORT_BATCH);
}

/* GET .../reports/progress.csv */
static int
report_progress_csv(struct ol_report *r)
{
	struct ol_stream	*s;
	const char		*header[10];

	header[0] = C_("of a person", "Name");
	header[1] = _("Email address");
	header[2] = _("Course");
	header[3] = _("Language");
	header[4] = _("Status");
	header[5] = _("Score (%)");
	header[6] = _("Time spent");
	header[7] = _("Attempts");
	header[8] = _("First activity");
	header[9] = _("Last activity");
	s = ol_report_csv_begin(r, progress_fill, header, 10);
	(void)kore_strlcpy(s->key, "0", sizeof(s->key));
	(void)kore_strlcpy(s->key_id, "0", sizeof(s->key_id));
	(void)kore_strlcpy(s->key_time, "-infinity", sizeof(s->key_time));
	/* The range as timestamps: from midnight, to the end of its day. */
	if (r->from[0] != '\0')
		(void)kore_strlcpy(s->from, r->from, sizeof(s->from));
	else
		(void)kore_strlcpy(s->from, "-infinity", sizeof(s->from));
	if (r->to[0] != '\0')
		(void)snprintf(s->until, sizeof(s->until), "%s 24:00", r->to);
	else
		(void)kore_strlcpy(s->until, "infinity", sizeof(s->until));

	return (ol_report_csv_send(r, s, "progress"));
}

int
ol_report_export(struct ol_report *r)
{
	switch (r->kind) {
	case OL_REPORT_COURSE:
		return (ol_report_course_csv(r));
	case OL_REPORT_LEARNER:
		return (ol_report_learner_csv(r));
	case OL_REPORT_ATTEMPT:
		return (ol_report_attempt_csv(r));
	case OL_REPORT_GROUP:
		return (ol_report_group_csv(r));
	case OL_REPORT_PROGRESS:
		return (report_progress_csv(r));
	default:
		fatal("ol_report_export: kind %d", r->kind);
	}

	return (KORE_RESULT_OK);
}
