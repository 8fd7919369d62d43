/*
 * The learners' catalogue: the published resources of the tenant, found
 * by words (every word in a title or description, in any language, case
 * aside) and filtered by kind, tag and language. The query and the checks
 * of its parameters are shared by the API (here) and the page
 * (catalogue.c). Each resource comes in its best language: the one asked
 * for, else the interface language, else the tenant's default, else any.
 */

#include "octolearn.h"

#include "langpref.h"
#include "utf8.h"

#define Q_CHARS		200
#define TAG_CHARS	100

/*
 * Words are split on white space; each is escaped for LIKE (backslash,
 * percent, underscore) before it is searched for. The learner's records
 * are read once, by the primary key's (tenant, user) prefix, and joined:
 * a look-up per resource let the planner pick progress_activity for a
 * small tenant (an equal estimate), which reads every index entry of the
 * tenant, dead ones too, 200 times a page.
 */
#define CATALOGUE_QUERY \
	"SELECT r.id, r.kind, coalesce(r.url, ''), coalesce(b.lang, ''), " \
	"coalesce(b.title, ''), coalesce(b.description, ''), " \
	"array_to_string(ARRAY(SELECT lang FROM resource_texts WHERE " \
	"resource_id = r.id UNION SELECT lang FROM package_versions WHERE " \
	"resource_id = r.id ORDER BY 1), ','), coalesce((SELECT " \
	"jsonb_agg(g.tag ORDER BY g.tag) FROM (SELECT tag FROM " \
	"resource_tags WHERE resource_id = r.id UNION SELECT " \
	"unnest(b.tags)) g), '[]')::text, " \
	"coalesce(p.status, 'not_started') " \
	"FROM resources r LEFT JOIN LATERAL (SELECT t.lang, t.title, " \
	"t.description, t.tags FROM resource_texts t WHERE " \
	"t.resource_id = r.id " \
	"ORDER BY t.lang = $1 DESC, t.lang = $2 DESC, t.lang = $3 DESC, " \
	"t.lang LIMIT 1) b ON true " \
	"LEFT JOIN (SELECT p.resource_id, p.status FROM progress p " \
	"WHERE p.user_id = $7::bigint) p ON p.resource_id = r.id " \
	"WHERE r.published AND ($4 = '' OR r.kind = $4) " \
	"AND ($5 = '' OR EXISTS (SELECT 1 FROM resource_tags g WHERE " \
	"g.resource_id = r.id AND g.tag = $5) OR EXISTS (SELECT 1 FROM " \
	"resource_texts t WHERE t.resource_id = r.id AND " \
	"t.tags @> ARRAY[$5::text])) " \
	"AND ($1 = '' OR EXISTS (SELECT 1 FROM resource_texts t WHERE " \
	"t.resource_id = r.id AND t.lang = $1) OR EXISTS (SELECT 1 FROM " \
	"package_versions v WHERE v.resource_id = r.id AND v.lang = $1)) " \
	"AND NOT EXISTS (SELECT 1 FROM regexp_split_to_table($6, '\\s+') " \
	"AS w (word) WHERE w.word <> '' AND NOT EXISTS (SELECT 1 FROM " \
	"resource_texts t, LATERAL (SELECT '%' || replace(replace(replace(" \
	"w.word, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' AS p) l " \
	"WHERE t.resource_id = r.id AND (t.title ILIKE l.p OR " \
	"t.description ILIKE l.p))) " \
	"ORDER BY lower(coalesce(b.title, '')), r.id"

/*
 * A query parameter into buf: 1 when absent ("") or copied whole, 0 when
 * longer than buf. Kore has checked nothing (see ol_v_query).
 */
int
ol_query_param(struct http_request *req, const char *name, char *buf,
    size_t len)
{
	char		*v;

	buf[0] = '\0';
	if (!http_argument_get_string(req, name, &v))
		return (1);
	if (kore_strlcpy(buf, v, len) >= len)
		return (0);

	return (1);
}

/*
 * The validator of catalogue query parameters: it lets everything through
 * so that the handler can answer 400 with the reason, where a refusing
 * validator would make Kore drop the parameter without a word.
 */
int
ol_v_query(struct http_request *req, char *data)
{
	(void)req;
	(void)data;

	return (KORE_RESULT_OK);
}

/* Reads and checks q, kind, tag, language; NULL or the message for a 400. */
const char *
ol_catalogue_filter(struct http_request *req, struct ol_catalogue_filter *f)
{
	memset(f, 0, sizeof(*f));
	http_populate_qs(req);

	if (!ol_query_param(req, "q", f->q, sizeof(f->q)) ||
	    !ol_resource_text_ok(f->q, 0, Q_CHARS, 0)) {
		return (_("Search words are at most 200 characters of text, "
		    "without control characters."));
	}
	if (!ol_query_param(req, "kind", f->kind, sizeof(f->kind)) ||
	    (f->kind[0] != '\0' && strcmp(f->kind, "scorm") &&
	    strcmp(f->kind, "file") && strcmp(f->kind, "link")))
		return (_("The kind is scorm, file or link."));
	if (!ol_query_param(req, "tag", f->tag, sizeof(f->tag)) ||
	    !ol_resource_text_ok(f->tag, 0, TAG_CHARS, 0))
		return (_("A tag has at most 100 characters."));
	if (!ol_query_param(req, "language", f->lang, sizeof(f->lang)))
		return (_("The language is a code of 2 or 3 letters."));
	if (f->lang[0] != '\0' &&
	    !ol_langpref_code(f->lang, strlen(f->lang)))
		return (_("The language is a code of 2 or 3 letters."));

	return (NULL);
}

/*
 * Runs the catalogue query in db. Columns: id, kind, url, the language of
 * the title, title, description, languages (comma-separated), tags (JSON),
 * user's progress status (not_started for user 0).
 */
int
ol_catalogue_query(struct ol_ctx *ctx, struct ol_db *db,
    const struct ol_catalogue_filter *f, int64_t user)
{
	char		uid[24];

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)user);

	return (ol_db_exec(db, CATALOGUE_QUERY, 7,
	    f->lang, (int)strlen(f->lang), ctx->lang, (int)strlen(ctx->lang),
	    ctx->tenant.default_lang, (int)strlen(ctx->tenant.default_lang),
	    f->kind, (int)strlen(f->kind), f->tag, (int)strlen(f->tag),
	    f->q, (int)strlen(f->q), uid, (int)strlen(uid)));
}

/* GET /api/v1/tenants/<slug>/catalogue: any signed-in user. */
int
ol_api_catalogue(struct http_request *req)
{
	struct ol_ctx			 ctx;
	struct ol_catalogue_filter	 f;
	struct ol_db			 db;
	json_t				*list, *item, *langs, *tags;
	const char			*rest, *err;
	char				*copy, *parts[64];
	int				 found, i, j, n;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	if (found == 0 || strcmp(rest, "/catalogue") != 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_GET) {
		http_response_header(req, "allow", "GET");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!ol_api_gate(&ctx, 0))
		return (KORE_RESULT_OK);
	if ((err = ol_catalogue_filter(req, &f)) != NULL)
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST, err));

	if (!ol_db_begin(&db, ctx.tenant.id) ||
	    !ol_catalogue_query(&ctx, &db, &f, ctx.user.id)) {
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}
	list = json_array();
	for (i = 0; i < ol_db_rows(&db); i++) {
		langs = json_array();
		copy = kore_strdup(ol_db_value(&db, i, 6));
		n = kore_split_string(copy, ",", parts, 64);
		for (j = 0; j < n; j++)
			json_array_append_new(langs, json_string(parts[j]));
		kore_free(copy);
		tags = json_loads(ol_db_value(&db, i, 7), 0, NULL);
		if (tags == NULL)
			tags = json_array();
		item = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:s}",
		    "id", (json_int_t)ol_db_int64(&db, i, 0),
		    "kind", ol_db_value(&db, i, 1),
		    "lang", ol_db_value(&db, i, 3),
		    "title", ol_db_value(&db, i, 4),
		    "description", ol_db_value(&db, i, 5),
		    "languages", langs, "tags", tags,
		    "status", ol_db_value(&db, i, 8));
		if (!strcmp(ol_db_value(&db, i, 1), "link")) {
			json_object_set_new(item, "url",
			    json_string(ol_db_value(&db, i, 2)));
		}
		json_array_append_new(list, item);
	}
	ol_db_end(&db);

	return (ol_json_respond(req, HTTP_STATUS_OK,
	    json_pack("{s:o}", "resources", list)));
}
