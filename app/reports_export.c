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

/*
 * The columns of a batch of progress records p (in scope) of learners u.
 * The title is computed only for the resources whose ids are not in
 * known (an array of the ids whose titles the stream keeps: see
 * ol_stream_title()), NULL for the others: two look-ups per row were a
 * quarter of a batch's time, for the same few hundred titles. The array
 * comes as a constant of the plan, so that each row's test is one look-up
 * in a hash table.
 */
#define PROGRESS_COLUMNS(known)						\
	"SELECT p.user_id, p.resource_id, u.display_name, u.email, "	\
	"CASE WHEN p.resource_id = ANY (" known "::bigint[]) "		\
	"THEN NULL ELSE " OL_REPORT_TITLE("p.resource_id") " END, "	\
	"p.lang, p.status, coalesce(round(p.score * 100)::text, ''), "	\
	"p.total_cs, p.attempts, "					\
	"to_char(p.first_activity, 'YYYY-MM-DD HH24:MI'), "		\
	"to_char(p.last_activity, 'YYYY-MM-DD HH24:MI'), "		\
	"p.last_activity::text "

/* A learner's name, one look-up (as a plain join, every user is hashed). */
#define PROGRESS_NAME(id)						\
	"CROSS JOIN LATERAL (SELECT u.display_name, u.email FROM users u "\
	"WHERE u.tenant_id = octolearn_tenant() AND u.id = " id " "	\
	"LIMIT 1) u "

/*
 * Every progress record in scope after the keyset ($11 user, $12
 * resource), a batch, the titles known to the stream in $13. Columns:
 * user id, resource id, name, email, title (or NULL), language, status,
 * score, time, attempts, first, last activity, last activity to the
 * microsecond. The batch is driven by the learners (l) in scope from the
 * key on, in order of id from the roles' index, each one's records
 * looked up by the primary key in order of resource: the learner role is
 * then a condition of the index walked, not a look-up per record (a merge
 * join with the roles read them all from the tenant's first learner, each
 * batch), and each name is looked up once per learner, not per record.
 * The records' subquery is ordered so that it stays a look-up per
 * learner (a join of its own would walk the records from the tenant's
 * first one). For a trainer, the learners of their groups are sorted
 * (octolearn_report_learners()) before any name is looked up.
 */
#define PROGRESS_BATCH							\
	PROGRESS_COLUMNS("$13")						\
	"FROM (SELECT sr.user_id FROM user_roles sr "			\
	"WHERE sr.tenant_id = octolearn_tenant() AND sr.role = 'learner' "\
	"AND sr.user_id >= $11::bigint "				\
	"AND (($3 AND " OL_REPORT_BY_GROUP " IS NULL) OR sr.user_id = "	\
	"ANY (ARRAY(SELECT l.user_id FROM octolearn_report_learners($2, "\
	"$3, " OL_REPORT_BY_GROUP ") l))) "				\
	"ORDER BY sr.user_id) l "					\
	PROGRESS_NAME("l.user_id")					\
	"CROSS JOIN LATERAL (SELECT * FROM progress p "			\
	"WHERE p.tenant_id = octolearn_tenant() AND p.user_id = l.user_id "\
	"AND (l.user_id > $11::bigint OR p.resource_id > $12::bigint) "	\
	"AND " OL_REPORT_RECORD_FILTER " "				\
	"AND ($8 = '' OR p.status = $8) "				\
	"ORDER BY p.resource_id) p "					\
	"ORDER BY l.user_id, p.resource_id "				\
	"LIMIT " OL_REPORT_PROGRESS_BATCH_ROWS

/*
 * The same within a range of last activity, in order of last activity,
 * after the keyset ($13 last activity, $11 user, $12 resource), which
 * starts at the beginning of the range (with ids 0: every id is
 * positive), up to $14, the end of the range; the titles known in $15.
 * Read from progress_activity, whose entries hold every column of a
 * record, so that a batch costs its own rows however few of the records
 * fall in the range (in user order, a day's records among millions meant
 * reading the whole table a batch at a time), and reads the index alone
 * (records in order of time are scattered over the table: a page each).
 * The range comes as timestamps (the keyset's and $14): a date converted
 * from text in the query, or compared with a timestamp, could not bound
 * an index scan under row-level security. The batch is chosen before
 * its learners' names are looked up.
 */
#define PROGRESS_BATCH_BY_TIME						\
	PROGRESS_COLUMNS("$15")						\
	"FROM (SELECT * FROM progress p "				\
	"WHERE p.tenant_id = octolearn_tenant() "			\
	"AND (p.last_activity, p.user_id, p.resource_id) > "		\
	"($13::timestamptz, $11::bigint, $12::bigint) "			\
	"AND p.last_activity < $14::timestamptz "			\
	"AND " OL_REPORT_IN_SCOPE("p.user_id", OL_REPORT_BY_GROUP) " "	\
	"AND ($5 = '' OR p.lang = $5) AND ($8 = '' OR p.status = $8) "	\
	"ORDER BY p.last_activity, p.user_id, p.resource_id "		\
	"LIMIT " OL_REPORT_PROGRESS_BATCH_ROWS ") p "			\
	PROGRESS_NAME("p.user_id")					\
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
	struct kore_buf		 known;
	const char		*f[10];
	char			 spent[32];
	int			 i, ok, rows;

	kore_buf_init(&known, 1024);
	ol_stream_titles_known(s, &known);
	if (s->until[0] != '\0')
		ok = ol_db_begin(&db, s->r.tenant) && ol_report_exec(&db, &s->r,
		    PROGRESS_BATCH_BY_TIME, 5, s->key, s->key_id, s->key_time,
		    s->until, kore_buf_stringify(&known, NULL));
	else
		ok = ol_db_begin(&db, s->r.tenant) && ol_report_exec(&db, &s->r,
		    PROGRESS_BATCH, 3, s->key, s->key_id,
		    kore_buf_stringify(&known, NULL));
	kore_buf_cleanup(&known);
	if (!ok) {
		ol_db_end(&db);
		return (-1);
	}
	rows = ol_db_rows(&db);
	for (i = 0; i < rows; i++) {
		ol_duration_text(ol_db_value(&db, i, 8), spent, sizeof(spent));
		f[0] = ol_db_value(&db, i, 2);
		f[1] = ol_db_value(&db, i, 3);
		f[2] = ol_stream_title(s, ol_db_int64(&db, i, 1),
		    ol_db_value(&db, i, 4));
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

	return (rows == OL_REPORT_PROGRESS_BATCH);
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
	/*
	 * A range as timestamps: from midnight (the keyset's start), to the
	 * end of its day. No range, no end: the records in user order.
	 */
	if (r->from[0] != '\0' || r->to[0] != '\0') {
		if (r->from[0] != '\0') {
			(void)kore_strlcpy(s->key_time, r->from,
			    sizeof(s->key_time));
		} else {
			(void)kore_strlcpy(s->key_time, "-infinity",
			    sizeof(s->key_time));
		}
		if (r->to[0] != '\0') {
			(void)snprintf(s->until, sizeof(s->until), "%s 24:00",
			    r->to);
		} else {
			(void)kore_strlcpy(s->until, "infinity",
			    sizeof(s->until));
		}
	}

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
