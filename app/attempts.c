/*
 * The SCORM run-time on the server: launches and commits of attempts
 * (see app/sql/migrations/0008_attempts.sql for the rules they keep).
 *
 * POST .../resources/<id>/launch {"item", "version"} opens a session of
 * the learner's attempt at that item: the attempt in progress (on the
 * version it started on), or the next one. The stored data is loaded into
 * the data model (modules/cmi), a session the browser never closed is
 * ended first (timed by the server, from its start to its last commit),
 * the LMS's duties at launch are done (entry, credit, mode, launch_data,
 * ...) and the whole state goes back to the player (app/static/player.js).
 * Assets are recorded as completed when launched; the file of a file
 * resource as viewed, and completed by POST .../attempts/<id>/complete.
 *
 * POST .../attempts/<id>/commit {"session", "seq", "values", "terminate"}
 * replays what the content set in this session ([element, value] pairs,
 * each the latest value) over the stored data through ol_cmi_set(), which
 * checks every value: one refused value refuses the commit (400 with the
 * element and the specification's error code) and nothing is stored.
 * Otherwise the data and the progress record are stored by one statement
 * (octolearn_commit()), only if the session is still open and seq newer
 * than the stored one: a repeated or late commit is acknowledged without
 * overwriting anything (applied: false); a commit of a session that has
 * been closed since gets 409.
 */

#include "octolearn.h"

#include "cmi.h"

#define COMMIT_VALUES_MAX	20000
#define COMMIT_BODY_BASE	(1024 * 1024)

static const char	*progress_name(int);
static void		 progress_texts(const struct ol_cmi_progress *,
			    char *, size_t, char *, size_t);
static size_t		 attempt_suspend_max(const char *, const char *,
			    const char *);
static struct ol_cmi	*attempt_load(const char *, const char *,
			    const char *, const char *);
static char		*attempt_dump(struct ol_cmi *);
static json_t		*attempt_values(struct ol_cmi *);
static void		 attempt_launch_data(json_t *, struct ol_cmi_launch *,
			    char *, size_t, char *, size_t, char *, size_t);
static int		 attempt_save(struct ol_db *, const char *,
			    struct ol_cmi *, int, int, int);
static int		 launch_sco(struct ol_ctx *, struct ol_db *,
			    json_t **);
static int		 api_launch(struct ol_ctx *, int64_t);
static int		 api_commit(struct ol_ctx *, int64_t);
static int		 api_complete(struct ol_ctx *, int64_t);

static const char *
progress_name(int status)
{
	switch (status) {
	case OL_PROGRESS_IN_PROGRESS:
		return ("in_progress");
	case OL_PROGRESS_COMPLETED:
		return ("completed");
	case OL_PROGRESS_PASSED:
		return ("passed");
	case OL_PROGRESS_FAILED:
		return ("failed");
	default:
		return ("not_started");
	}
}

/* The progress record's score ("" for none) and time, as parameters. */
static void
progress_texts(const struct ol_cmi_progress *p, char *score, size_t slen,
    char *total, size_t tlen)
{
	if (p->has_score)
		(void)snprintf(score, slen, "%.6f", p->score);
	else
		score[0] = '\0';
	(void)snprintf(total, tlen, "%lld", (long long)p->total_cs);
}

/* suspend_data's limit: the version's, raised by the tenant's setting. */
static size_t
attempt_suspend_max(const char *kind, const char *scorm_version,
    const char *tenant_max)
{
	size_t		max;
	int64_t		t;
	int		err;

	if (!strcmp(kind, "1.2"))
		max = OL_CMI_SUSPEND_12;
	else if (!strcmp(scorm_version, "2004 2nd"))
		max = OL_CMI_SUSPEND_2004_2;
	else
		max = OL_CMI_SUSPEND_2004;

	if (tenant_max != NULL && *tenant_max != '\0') {
		t = kore_strtonum64(tenant_max, 1, &err);
		if (err == KORE_RESULT_OK && t > 0 && (uint64_t)t > max &&
		    t <= OL_CMI_SUSPEND_MAX)
			max = (size_t)t;
	}

	return (max);
}

/* The data model of an attempt from its stored [element, value] pairs. */
static struct ol_cmi *
attempt_load(const char *kind, const char *scorm_version,
    const char *tenant_max, const char *stored)
{
	struct ol_cmi	*cmi;
	json_t		*pairs, *p;
	size_t		 i;

	cmi = ol_cmi_new(!strcmp(kind, "1.2") ? OL_CMI_V12 : OL_CMI_V2004,
	    attempt_suspend_max(kind, scorm_version, tenant_max));
	if (cmi == NULL)
		fatal("attempt_load: out of memory");

	pairs = json_loads(stored, 0, NULL);
	if (!json_is_array(pairs))
		fatal("attempt_load: stored data is not an array");
	json_array_foreach(pairs, i, p) {
		if (ol_cmi_put(cmi, json_string_value(json_array_get(p, 0)),
		    json_string_value(json_array_get(p, 1))) == -1) {
			kore_log(LOG_WARNING, "attempt data: %s not restored",
			    json_string_value(json_array_get(p, 0)));
		}
	}
	json_decref(pairs);

	return (cmi);
}

/* The stored form: [[element, value], ...] in the model's order. */
static char *
attempt_dump(struct ol_cmi *cmi)
{
	json_t		*pairs;
	const char	*elem, *val;
	char		*text;
	size_t		 i;

	pairs = json_array();
	for (i = 0; i < ol_cmi_count(cmi); i++) {
		if (ol_cmi_item(cmi, i, &elem, &val) == 0)
			json_array_append_new(pairs, json_pack("[s,s]", elem,
			    val));
	}
	text = json_dumps(pairs, JSON_COMPACT);
	json_decref(pairs);
	if (text == NULL)
		fatal("attempt_dump: cannot encode");

	return (text);
}

/* What the player gets: every stored element (write-only ones too). */
static json_t *
attempt_values(struct ol_cmi *cmi)
{
	json_t		*obj;
	const char	*elem, *val;
	size_t		 i;

	obj = json_object();
	for (i = 0; i < ol_cmi_count(cmi); i++) {
		if (ol_cmi_item(cmi, i, &elem, &val) == 0 &&
		    strncmp(elem, "ol.", 3) != 0)
			json_object_set_new(obj, elem, json_string(val));
	}

	return (obj);
}

/* The LMS's values at launch from the item's manifest data. */
static void
attempt_launch_data(json_t *data, struct ol_cmi_launch *l, char *mastery,
    size_t mlen, char *threshold, size_t tlen, char *passing, size_t plen)
{
	json_t		*v;

	if ((v = json_object_get(data, "data_from_lms")) != NULL &&
	    json_is_string(v))
		l->launch_data = json_string_value(v);
	if ((v = json_object_get(data, "max_time_allowed")) != NULL &&
	    json_is_string(v))
		l->max_time_allowed = json_string_value(v);
	if ((v = json_object_get(data, "time_limit_action")) != NULL &&
	    json_is_string(v))
		l->time_limit_action = json_string_value(v);
	if ((v = json_object_get(data, "mastery_score")) != NULL &&
	    json_is_number(v)) {
		(void)snprintf(mastery, mlen, "%g", json_number_value(v));
		l->mastery_score = mastery;
	}
	/* A threshold counts only when completion is by measure. */
	if ((v = json_object_get(data, "completion_threshold")) != NULL &&
	    json_is_true(json_object_get(v, "completed_by_measure")) &&
	    (v = json_object_get(v, "min_progress_measure")) != NULL &&
	    json_is_number(v)) {
		(void)snprintf(threshold, tlen, "%g", json_number_value(v));
		l->completion_threshold = threshold;
	}
	if ((v = json_object_get(data, "scaled_passing_score")) != NULL &&
	    json_is_number(v)) {
		(void)snprintf(passing, plen, "%g", json_number_value(v));
		l->scaled_passing_score = passing;
	}
}

/*
 * Writes the data and progress of attempt id (a launch: a new session
 * begins); the transaction is the caller's.
 */
static int
attempt_save(struct ol_db *db, const char *id, struct ol_cmi *cmi,
    int new_session, int close, int ended)
{
	struct ol_cmi_progress	 p;
	char			*text, score[32], total[32];
	const char		*status;

	ol_cmi_progress(cmi, &p);
	status = progress_name(p.status);
	progress_texts(&p, score, sizeof(score), total, sizeof(total));
	text = attempt_dump(cmi);

	if (!ol_db_exec(db, "UPDATE attempts SET cmi = $2::jsonb, "
	    "status = $3, score = nullif($4, '')::real, total_cs = $5::bigint, "
	    "suspended = $6::boolean, session = session + $7::int, "
	    "session_open = NOT $8::boolean, session_started = CASE WHEN "
	    "$7::int = 1 THEN now() ELSE session_started END, seq = CASE WHEN "
	    "$7::int = 1 THEN 0 ELSE seq END, ended = $9::boolean, "
	    "updated_at = now() WHERE id = $1 RETURNING user_id, resource_id",
	    9, id, (int)strlen(id), text, (int)strlen(text), status,
	    (int)strlen(status), score, (int)strlen(score), total,
	    (int)strlen(total), p.suspended ? "t" : "f", 1,
	    new_session ? "1" : "0", 1, close ? "t" : "f", 1,
	    ended ? "t" : "f", 1) || ol_db_rows(db) != 1) {
		free(text);
		return (0);
	}
	free(text);

	return (ol_db_exec(db, "SELECT octolearn_progress_refresh($1::bigint, "
	    "$2::bigint)", 2, ol_db_value(db, 0, 0),
	    (int)strlen(ol_db_value(db, 0, 0)), ol_db_value(db, 0, 1),
	    (int)strlen(ol_db_value(db, 0, 1))));
}

/*
 * A SCO's launch, the attempt's row (id, kind, session_open, elapsed
 * centiseconds of an open session, cmi, scorm_version, tenant's
 * suspend_data_max, item data, session) being the current result.
 */
static int
launch_sco(struct ol_ctx *ctx, struct ol_db *db, json_t **out)
{
	struct ol_cmi		*cmi;
	struct ol_cmi_launch	 l;
	json_t			*data;
	char			 id[24], uid[24], mastery[32], threshold[32];
	char			 passing[32];
	char			 kind[8];
	int64_t			 elapsed;
	int			 err, ok;

	(void)kore_strlcpy(id, ol_db_value(db, 0, 0), sizeof(id));
	(void)kore_strlcpy(kind, ol_db_value(db, 0, 1), sizeof(kind));
	cmi = attempt_load(kind, ol_db_value(db, 0, 5), ol_db_value(db, 0, 6),
	    ol_db_value(db, 0, 4));
	if (ol_db_bool(db, 0, 2)) {
		elapsed = kore_strtonum64(ol_db_value(db, 0, 3), 0, &err);
		ol_cmi_session_end(cmi, err == KORE_RESULT_OK ? elapsed : 0, 0);
	}

	memset(&l, 0, sizeof(l));
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	l.learner_id = uid;
	l.learner_name = ctx->user.name;
	l.credit = 1;
	l.mode = "normal";
	data = json_loads(ol_db_value(db, 0, 7), 0, NULL);
	attempt_launch_data(data, &l, mastery, sizeof(mastery), threshold,
	    sizeof(threshold), passing, sizeof(passing));
	ol_cmi_session_begin(cmi, &l);
	json_decref(data);

	ok = attempt_save(db, id, cmi, 1, 0, 0);
	if (ok) {
		*out = json_pack("{s:s,s:o}", "scorm_version",
		    !strcmp(kind, "1.2") ? "1.2" : "2004", "values",
		    attempt_values(cmi));
	}
	ol_cmi_free(cmi);

	return (ok);
}

/* POST .../resources/<id>/launch */
static int
api_launch(struct ol_ctx *ctx, int64_t resource)
{
	struct ol_db	 db;
	json_t		*body, *v, *out;
	const char	*item;
	char		 rid[24], vid[24], uid[24], admin[2];
	char		 kind[8], aid[24];
	int64_t		 version, attempt, session;
	int		 status, ok;

	if ((status = ol_api_body(ctx->req, &body)) != HTTP_STATUS_OK)
		return (ol_api_body_error(ctx->req, status, body));
	item = NULL;
	version = 0;
	if ((v = json_object_get(body, "item")) != NULL && json_is_string(v))
		item = json_string_value(v);
	if ((v = json_object_get(body, "version")) != NULL &&
	    json_is_integer(v))
		version = json_integer_value(v);
	if (item == NULL || strlen(item) > 4000 || version < 1) {
		json_decref(body);
		return (ol_json_error(ctx->req, HTTP_STATUS_BAD_REQUEST,
		    _("A launch names the item (\"item\") and the version "
		    "(\"version\").")));
	}

	(void)snprintf(rid, sizeof(rid), "%lld", (long long)resource);
	(void)snprintf(vid, sizeof(vid), "%lld", (long long)version);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	(void)kore_strlcpy(admin, (ctx->user.roles & OL_ROLE_TENANT_ADMIN) ?
	    "t" : "f", sizeof(admin));

	/* The item, in a version of a resource this user may open. */
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT CASE WHEN r.kind = 'file' THEN 'file' WHEN "
	    "i.scorm_type = 'sco' THEN CASE WHEN v.scorm_version = '1.2' "
	    "THEN '1.2' ELSE '2004' END ELSE 'asset' END FROM package_versions "
	    "v JOIN resources r ON r.id = v.resource_id JOIN package_items i "
	    "ON i.version_id = v.id AND i.identifier = $3 AND i.launch IS NOT "
	    "NULL WHERE v.id = $2::bigint AND v.resource_id = $1::bigint AND "
	    "(r.published OR $4::boolean) LIMIT 1", 4, rid, (int)strlen(rid),
	    vid, (int)strlen(vid), item, (int)strlen(item), admin, 1)) {
		json_decref(body);
		ol_db_end(&db);
		return (ol_json_unavailable(ctx->req));
	}
	if (ol_db_rows(&db) != 1) {
		json_decref(body);
		ol_db_end(&db);
		return (ol_json_error(ctx->req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	(void)kore_strlcpy(kind, ol_db_value(&db, 0, 0), sizeof(kind));

	/*
	 * The attempt in progress, else the next one (on this version). A
	 * concurrent launch of the same item waits on the unique index.
	 */
	ok = ol_db_exec(&db, "INSERT INTO attempts (tenant_id, user_id, "
	    "resource_id, version_id, item, number, kind, status) SELECT "
	    "octolearn_tenant(), $1::bigint, $2::bigint, $3::bigint, $4, "
	    "coalesce((SELECT max(number) FROM attempts WHERE user_id = "
	    "$1::bigint AND resource_id = $2::bigint AND item = $4), 0) + 1, "
	    "$5, CASE $5 WHEN 'asset' THEN 'completed' WHEN 'file' THEN "
	    "'in_progress' ELSE 'not_started' END "
	    "ON CONFLICT (tenant_id, user_id, resource_id, item) WHERE NOT "
	    "ended DO NOTHING", 5, uid, (int)strlen(uid), rid, (int)strlen(rid),
	    vid, (int)strlen(vid), item, (int)strlen(item), kind,
	    (int)strlen(kind)) && ol_db_exec(&db,
	    "SELECT a.id, a.kind, a.session_open, (extract(epoch FROM "
	    "a.updated_at - coalesce(a.session_started, a.updated_at)) * "
	    "100)::bigint, a.cmi::text, v.scorm_version, "
	    "coalesce((SELECT suspend_data_max::text FROM tenants WHERE id = "
	    "octolearn_tenant()), ''), coalesce(i.data, '{}')::text, a.session "
	    "FROM attempts a JOIN package_versions v ON v.id = a.version_id "
	    "LEFT JOIN package_items i ON i.version_id = a.version_id AND "
	    "i.identifier = a.item WHERE a.user_id = $1::bigint AND "
	    "a.resource_id = $2::bigint AND a.item = $3 AND NOT a.ended "
	    "FOR UPDATE OF a", 3, uid, (int)strlen(uid), rid, (int)strlen(rid),
	    item, (int)strlen(item)) && ol_db_rows(&db) >= 1;
	json_decref(body);
	if (!ok) {
		ol_db_end(&db);
		return (ol_json_unavailable(ctx->req));
	}
	(void)kore_strlcpy(aid, ol_db_value(&db, 0, 0), sizeof(aid));
	(void)kore_strlcpy(kind, ol_db_value(&db, 0, 1), sizeof(kind));
	attempt = ol_db_int64(&db, 0, 0);
	session = ol_db_int64(&db, 0, 8);

	out = NULL;
	if (!strcmp(kind, "1.2") || !strcmp(kind, "2004")) {
		/* A SCO's launch begins the next session. */
		ok = launch_sco(ctx, &db, &out);
		session++;
	} else {
		ok = ol_db_exec(&db, "UPDATE attempts SET updated_at = now() "
		    "WHERE id = $1::bigint", 1, aid, (int)strlen(aid)) &&
		    ol_db_exec(&db, "SELECT octolearn_progress_refresh("
		    "$1::bigint, $2::bigint)", 2, uid, (int)strlen(uid), rid,
		    (int)strlen(rid));
		if (ok) {
			out = json_pack("{s:s,s:{}}", "scorm_version", kind,
			    "values");
		}
	}
	if (ok) {
		json_object_set_new(out, "attempt", json_integer(attempt));
		json_object_set_new(out, "session", json_integer(session));
		ol_db_progress(&db, ctx->user.id);
		ok = ol_db_commit(&db);
	}
	ol_db_end(&db);
	if (!ok) {
		json_decref(out);
		return (ol_json_unavailable(ctx->req));
	}

	return (ol_json_respond(ctx->req, HTTP_STATUS_OK, out));
}

/* POST .../attempts/<id>/commit */
static int
api_commit(struct ol_ctx *ctx, int64_t attempt)
{
	struct ol_db		 db;
	struct ol_cmi		*cmi;
	struct ol_cmi_progress	 p;
	json_t			*body, *values, *pair, *v, *doc;
	const char		*elem, *val;
	char			 aid[24], uid[24], kind[8], sess[24], seqs[24];
	char			 score[32], total[32], *text;
	int64_t			 session, seq, elapsed;
	size_t			 i, max;
	int			 status, err, terminate, code, ok, ended;

	(void)snprintf(aid, sizeof(aid), "%lld", (long long)attempt);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);

	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT a.kind, a.session, a.session_open, a.seq, a.cmi::text, "
	    "v.scorm_version, coalesce((SELECT suspend_data_max::text FROM "
	    "tenants WHERE id = octolearn_tenant()), ''), (extract(epoch "
	    "FROM now() - a.session_started) * 100)::bigint FROM attempts a "
	    "JOIN package_versions v ON v.id = a.version_id "
	    "WHERE a.id = $1::bigint AND a.user_id = $2::bigint", 2,
	    aid, (int)strlen(aid), uid, (int)strlen(uid))) {
		ol_db_end(&db);
		return (ol_json_unavailable(ctx->req));
	}
	if (ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		return (ol_json_error(ctx->req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	(void)kore_strlcpy(kind, ol_db_value(&db, 0, 0), sizeof(kind));
	if (strcmp(kind, "1.2") && strcmp(kind, "2004")) {
		ol_db_end(&db);
		return (ol_json_error(ctx->req, HTTP_STATUS_BAD_REQUEST,
		    _("Only SCORM content commits run-time data.")));
	}

	/* Room for the longest suspend_data, escaped, and the rest. */
	max = COMMIT_BODY_BASE + 6 * attempt_suspend_max(kind,
	    ol_db_value(&db, 0, 5), ol_db_value(&db, 0, 6));
	if ((status = ol_api_body_max(ctx->req, max, &body)) !=
	    HTTP_STATUS_OK) {
		ol_db_end(&db);
		return (ol_api_body_error(ctx->req, status, body));
	}
	session = seq = 0;
	terminate = 0;
	if ((v = json_object_get(body, "session")) != NULL &&
	    json_is_integer(v))
		session = json_integer_value(v);
	if ((v = json_object_get(body, "seq")) != NULL && json_is_integer(v))
		seq = json_integer_value(v);
	if ((v = json_object_get(body, "terminate")) != NULL)
		terminate = json_is_true(v);
	values = json_object_get(body, "values");
	ok = session >= 1 && session <= INT32_MAX && seq >= 1 &&
	    json_is_array(values) &&
	    json_array_size(values) <= COMMIT_VALUES_MAX;
	json_array_foreach(values, i, pair) {
		if (!ok)
			break;
		ok = json_is_array(pair) && json_array_size(pair) == 2 &&
		    json_is_string(json_array_get(pair, 0)) &&
		    json_is_string(json_array_get(pair, 1));
	}
	if (!ok) {
		json_decref(body);
		ol_db_end(&db);
		return (ol_json_error(ctx->req, HTTP_STATUS_BAD_REQUEST,
		    _("A commit has a session, a sequence number and the "
		    "values as [element, value] pairs.")));
	}
	(void)snprintf(sess, sizeof(sess), "%lld", (long long)session);
	(void)snprintf(seqs, sizeof(seqs), "%lld", (long long)seq);

	if (ol_db_int64(&db, 0, 1) != session || !ol_db_bool(&db, 0, 2)) {
		json_decref(body);
		ol_db_end(&db);
		return (ol_json_error(ctx->req, HTTP_STATUS_CONFLICT,
		    _("This session of the course has ended; its data was "
		    "kept up to its end.")));
	}
	if (ol_db_int64(&db, 0, 3) >= seq) {
		json_decref(body);
		ol_db_end(&db);
		return (ol_json_respond(ctx->req, HTTP_STATUS_OK, json_pack(
		    "{s:I,s:b}", "seq", (json_int_t)seq, "applied", 0)));
	}

	cmi = attempt_load(kind, ol_db_value(&db, 0, 5), ol_db_value(&db, 0, 6),
	    ol_db_value(&db, 0, 4));
	elapsed = kore_strtonum64(ol_db_value(&db, 0, 7), 0, &err);
	if (err != KORE_RESULT_OK)
		elapsed = 0;

	json_array_foreach(values, i, pair) {
		elem = json_string_value(json_array_get(pair, 0));
		val = json_string_value(json_array_get(pair, 1));
		if ((code = ol_cmi_set(cmi, elem, val)) != 0) {
			doc = json_pack("{s:{s:i,s:s,s:s,s:i,s:s}}", "error",
			    "status", HTTP_STATUS_BAD_REQUEST, "message",
			    _("The course sent a value the platform does not "
			    "accept; nothing of this commit was stored."),
			    "element", elem, "code", code, "diagnostic",
			    ol_cmi_diagnostic(cmi));
			ol_cmi_free(cmi);
			json_decref(body);
			ol_db_end(&db);
			return (ol_json_respond(ctx->req,
			    HTTP_STATUS_BAD_REQUEST, doc));
		}
	}
	json_decref(body);

	if (terminate)
		ol_cmi_session_end(cmi, elapsed, 1);
	ol_cmi_progress(cmi, &p);
	ended = terminate && !p.suspended &&
	    (p.status == OL_PROGRESS_COMPLETED ||
	    p.status == OL_PROGRESS_PASSED || p.status == OL_PROGRESS_FAILED);
	progress_texts(&p, score, sizeof(score), total, sizeof(total));
	text = attempt_dump(cmi);
	ol_cmi_free(cmi);

	ok = ol_db_exec(&db, "SELECT octolearn_commit($1::bigint, $2::int, "
	    "$3::bigint, $4::jsonb, $5, nullif($6, '')::real, $7::bigint, "
	    "$8::boolean, $9::boolean, $10::boolean)", 10,
	    aid, (int)strlen(aid), sess, (int)strlen(sess), seqs,
	    (int)strlen(seqs), text, (int)strlen(text),
	    progress_name(p.status), (int)strlen(progress_name(p.status)),
	    score, (int)strlen(score), total, (int)strlen(total),
	    p.suspended ? "t" : "f", 1, terminate ? "t" : "f", 1,
	    ended ? "t" : "f", 1) && ol_db_rows(&db) == 1;
	free(text);
	if (ok) {
		doc = json_pack("{s:I,s:b,s:s}", "seq", (json_int_t)seq,
		    "applied", ol_db_bool(&db, 0, 0), "status",
		    progress_name(p.status));
		ol_db_progress(&db, ctx->user.id);
		ok = ol_db_commit(&db);
	}
	ol_db_end(&db);
	if (!ok)
		return (ol_json_unavailable(ctx->req));

	return (ol_json_respond(ctx->req, HTTP_STATUS_OK, doc));
}

/* POST .../attempts/<id>/complete: a file read or watched to its end. */
static int
api_complete(struct ol_ctx *ctx, int64_t attempt)
{
	struct ol_db	db;
	char		aid[24], uid[24];
	int		ok, found;

	(void)snprintf(aid, sizeof(aid), "%lld", (long long)attempt);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	found = 0;
	ok = ol_db_begin(&db, ctx->tenant.id) && ol_db_exec(&db,
	    "UPDATE attempts SET status = 'completed', updated_at = now() "
	    "WHERE id = $1::bigint AND user_id = $2::bigint AND kind IN "
	    "('file', 'asset') RETURNING resource_id", 2, aid,
	    (int)strlen(aid), uid, (int)strlen(uid));
	if (ok && ol_db_rows(&db) == 1) {
		found = 1;
		ol_db_progress(&db, ctx->user.id);
		ok = ol_db_exec(&db, "SELECT octolearn_progress_refresh("
		    "$1::bigint, $2::bigint)", 2, uid, (int)strlen(uid),
		    ol_db_value(&db, 0, 0), (int)strlen(ol_db_value(&db, 0, 0)))
		    && ol_db_commit(&db);
	}
	ol_db_end(&db);
	if (!ok)
		return (ol_json_unavailable(ctx->req));
	if (!found) {
		return (ol_json_error(ctx->req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	return (ol_json_respond(ctx->req, HTTP_STATUS_OK,
	    json_pack("{s:s}", "status", "completed")));
}

/*
 * /api/v1/tenants/<slug>/resources/<id>/launch and
 * /api/v1/tenants/<slug>/attempts/<id>/(commit|complete): POST, any
 * signed-in user of the tenant, for their own attempts only.
 */
int
ol_api_attempts(struct http_request *req)
{
	struct ol_ctx	 ctx;
	const char	*rest, *what;
	size_t		 len;
	int64_t		 id;
	int		 found, ret;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));

	what = NULL;
	id = 0;
	if (found == 1 && !strncmp(rest, "/resources/", 11)) {
		len = strcspn(rest + 11, "/");
		if (!strcmp(rest + 11 + len, "/launch") &&
		    ol_id_parse(rest + 11, len, &id))
			what = "launch";
	} else if (found == 1 && !strncmp(rest, "/attempts/", 10)) {
		len = strcspn(rest + 10, "/");
		if (ol_id_parse(rest + 10, len, &id)) {
			if (!strcmp(rest + 10 + len, "/commit"))
				what = "commit";
			else if (!strcmp(rest + 10 + len, "/complete"))
				what = "complete";
		}
	}
	if (what == NULL) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_POST) {
		http_response_header(req, "allow", "POST");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!ol_api_gate(&ctx, 0))
		return (KORE_RESULT_OK);

	if (!strcmp(what, "launch"))
		ret = api_launch(&ctx, id);
	else if (!strcmp(what, "commit"))
		ret = api_commit(&ctx, id);
	else
		ret = api_complete(&ctx, id);

	return (ret);
}
