/*
 * Resource pages: the catalogue (/t/<slug>/catalogue, every signed-in
 * user: the published resources, searched and filtered by a GET form),
 * a resource's page (/t/<slug>/resources/<id>: published ones for all,
 * any for tenant admins, who also see its package versions and publish
 * or unpublish it), and the admins' list of every resource
 * (/t/<slug>/admin/resources). The query is in resources_catalogue.c.
 */

#include "octolearn.h"

static const char	*kind_label(const char *);
static void	langs_html(struct ol_ctx *, const char *);
static void	tags_html(struct ol_ctx *, const char *);
static void	search_form(struct ol_ctx *,
		    const struct ol_catalogue_filter *);
static int	catalogue_page(struct ol_ctx *, int, const char *,
		    const struct ol_catalogue_filter *);
static int	resource_page(struct ol_ctx *, int64_t);
static int	resource_start(struct ol_ctx *, struct ol_db *, const char *);
static int	resource_publish(struct ol_ctx *, int64_t, int);

static const char *
kind_label(const char *kind)
{
	if (!strcmp(kind, "scorm"))
		return (C_("resource kind", "SCORM package"));
	if (!strcmp(kind, "file"))
		return (C_("resource kind", "File"));
	return (C_("resource kind", "Link"));
}

/* Languages (comma-separated codes) by their own names. */
static void
langs_html(struct ol_ctx *ctx, const char *codes)
{
	char		*copy, *parts[64];
	int		i, n;

	copy = kore_strdup(codes);
	n = kore_split_string(copy, ",", parts, 64);
	ol_html(ctx, "<ul class=\"langs\">");
	for (i = 0; i < n; i++) {
		ol_html(ctx, "<li lang=\"%s\">%s</li>", parts[i],
		    ol_i18n_name(parts[i]));
	}
	ol_html(ctx, "</ul>");
	kore_free(copy);
}

/* Tags from a JSON list. */
static void
tags_html(struct ol_ctx *ctx, const char *json)
{
	json_t		*tags, *t;
	size_t		i;

	if ((tags = json_loads(json, 0, NULL)) == NULL)
		return;
	if (json_array_size(tags) > 0) {
		ol_html(ctx, "<ul class=\"tags\">");
		json_array_foreach(tags, i, t)
			ol_html(ctx, "<li>%s</li>", json_string_value(t));
		ol_html(ctx, "</ul>");
	}
	json_decref(tags);
}

static void
search_form(struct ol_ctx *ctx, const struct ol_catalogue_filter *f)
{
	static const char	*kinds[] = { "scorm", "file", "link", NULL };
	char			 langs[sizeof(ctx->tenant.languages)];
	char			*parts[32];
	int			 i, n;

	ol_html(ctx, "<form method=\"get\" action=\"/t/%s/catalogue\" "
	    "class=\"form search\" role=\"search\">\n"
	    "<label for=\"q\">%s</label>\n<input id=\"q\" name=\"q\" "
	    "type=\"search\" maxlength=\"200\" value=\"%s\">\n"
	    "<label for=\"kind\">%s</label>\n<select id=\"kind\" name=\"kind\">"
	    "<option value=\"\">%s</option>", ctx->tenant.slug, _("Search"),
	    f->q, _("Kind"), _("Any kind"));
	for (i = 0; kinds[i] != NULL; i++) {
		ol_html(ctx, "<option value=\"%s\"%H>%s</option>", kinds[i],
		    strcmp(f->kind, kinds[i]) ? "" : " selected",
		    kind_label(kinds[i]));
	}
	ol_html(ctx, "</select>\n<label for=\"tag\">%s</label>\n<input "
	    "id=\"tag\" name=\"tag\" maxlength=\"100\" value=\"%s\">\n"
	    "<label for=\"language\">%s</label>\n<select id=\"language\" "
	    "name=\"language\">"
	    "<option value=\"\">%s</option>", _("Tag"), f->tag, _("Language"),
	    _("Any language"));
	(void)kore_strlcpy(langs, ctx->tenant.languages, sizeof(langs));
	n = kore_split_string(langs, ",", parts, 32);
	for (i = 0; i < n; i++) {
		ol_html(ctx, "<option value=\"%s\"%H>%s</option>", parts[i],
		    strcmp(f->lang, parts[i]) ? "" : " selected",
		    ol_i18n_name(parts[i]));
	}
	ol_html(ctx, "</select>\n<button type=\"submit\">%s</button>\n"
	    "</form>\n", _("Search"));
}

/*
 * The catalogue below its heading: the search form, the count and the
 * list of rows of the catalogue query in db. Each status is written from
 * the query's column, or, with holes, left out and its place noted: a
 * page kept for every learner (catalogue_kept.c).
 */
void
ol_catalogue_body(struct ol_ctx *ctx, const struct ol_catalogue_filter *f,
    struct ol_db *db, struct ol_catalogue_holes *holes)
{
	const char	*kind;
	char		count[128];
	int		i, rows;

	search_form(ctx, f);
	rows = ol_db_rows(db);
	if (rows == 0) {
		ol_html(ctx, "<p class=\"notice\">%s</p>\n",
		    _("No resource matches this search."));
		return;
	}

	/* TRANSLATORS: how many resources a catalogue search found. */
	(void)snprintf(count, sizeof(count), ngettext("%d resource "
	    "found.", "%d resources found.", (unsigned long)rows), rows);
	ol_html(ctx, "<p class=\"count\" id=\"count\" role=\"status\">"
	    "%s</p>\n<ul class=\"resources\">\n", count);
	for (i = 0; i < rows; i++) {
		kind = ol_db_value(db, i, 1);
		ol_html(ctx, "<li class=\"resource\"><h2 lang=\"%s\">",
		    ol_db_value(db, i, 3));
		if (!strcmp(kind, "link")) {
			ol_html(ctx, "<a href=\"%s\" "
			    "rel=\"noopener noreferrer\">%s</a>",
			    ol_db_value(db, i, 2),
			    ol_db_value(db, i, 4));
		} else {
			ol_html(ctx, "<a href=\"/t/%s/resources/%s\">%s</a>",
			    ctx->tenant.slug, ol_db_value(db, i, 0),
			    ol_db_value(db, i, 4));
		}
		ol_html(ctx, "</h2>\n<p class=\"kind\">%s", kind_label(kind));
		if (strcmp(kind, "link") != 0) {
			if (holes != NULL)
				ol_catalogue_hole(holes, ctx->out->offset,
				    ol_db_int64(db, i, 0));
			else
				ol_catalogue_status(ctx,
				    ol_db_value(db, i, 8));
		}
		ol_html(ctx, "</p>\n");
		if (ol_db_value(db, i, 5)[0] != '\0') {
			ol_html(ctx, "<p class=\"description\" lang=\"%s\">%s"
			    "</p>\n", ol_db_value(db, i, 3),
			    ol_db_value(db, i, 5));
		}
		langs_html(ctx, ol_db_value(db, i, 6));
		tags_html(ctx, ol_db_value(db, i, 7));
		ol_html(ctx, "</li>\n");
	}
	ol_html(ctx, "</ul>\n");
}

/* A resource's status for the learner, after its kind. */
void
ol_catalogue_status(struct ol_ctx *ctx, const char *status)
{
	ol_html(ctx, " \xC2\xB7 <span class=\"status\" data-status=\"%s\">%s"
	    "</span>", status, ol_progress_label(status));
}

static int
catalogue_page(struct ol_ctx *ctx, int status, const char *msg,
    const struct ol_catalogue_filter *f)
{
	struct ol_db	db;

	if (msg == NULL) {
		if (!ol_db_begin(&db, ctx->tenant.id) ||
		    !ol_catalogue_query(ctx, &db, f, ctx->user.id)) {
			ol_db_end(&db);
			return (ol_page_unavailable(ctx));
		}
	}

	ol_page_begin(ctx, _("Catalogue"));
	ol_html(ctx, "<h1>%s</h1>\n", _("Catalogue"));
	if (msg != NULL) {
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n",
		    msg);
		search_form(ctx, f);
		return (ol_page_end(ctx, status));
	}

	ol_catalogue_body(ctx, f, &db, NULL);
	ol_db_end(&db);

	return (ol_page_end(ctx, status));
}

/* GET /t/<slug>/catalogue */
int
ol_catalogue(struct http_request *req)
{
	struct ol_ctx			ctx;
	struct ol_catalogue_filter	f;
	const char			*rest, *err;
	int				found;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strcmp(rest, "/catalogue") != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_signin(req, ctx.tenant.slug));
	}

	if ((err = ol_catalogue_filter(req, &f)) != NULL) {
		/* What was given is not shown back: it may not be text. */
		memset(&f, 0, sizeof(f));
		return (catalogue_page(&ctx, HTTP_STATUS_BAD_REQUEST, err, &f));
	}

	/* The page without a search is the same for every learner. */
	if (f.q[0] == '\0' && f.kind[0] == '\0' && f.tag[0] == '\0' &&
	    f.lang[0] == '\0')
		return (ol_catalogue_kept(&ctx));

	return (catalogue_page(&ctx, HTTP_STATUS_OK, NULL, &f));
}

/* The learner's progress at the resource, and the way in. */
static int
resource_start(struct ol_ctx *ctx, struct ol_db *db, const char *rid)
{
	char		uid[24], spent[32], pct[32];
	const char	*status;

	/* The variant the player opens. */
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	if (!ol_db_exec(db, "SELECT p.status, coalesce(round(p.score * "
	    "100)::text, ''), p.total_cs::text, EXISTS (SELECT 1 FROM "
	    "package_versions v WHERE v.resource_id = $1::bigint), "
	    "coalesce((SELECT v.lang FROM package_versions v WHERE v.id = "
	    "octolearn_variant($1::bigint, $2::bigint, '', $3, $4)), ''), "
	    "array_to_string(ARRAY(SELECT DISTINCT v.lang FROM "
	    "package_versions v WHERE v.resource_id = $1::bigint ORDER BY 1), "
	    "',') FROM (SELECT 1) x LEFT JOIN progress p ON p.user_id = "
	    "$2::bigint AND p.resource_id = $1::bigint", 4, rid,
	    (int)strlen(rid), uid, (int)strlen(uid), ctx->lang,
	    (int)strlen(ctx->lang), ctx->tenant.default_lang,
	    (int)strlen(ctx->tenant.default_lang)) || ol_db_rows(db) != 1)
		return (0);
	if (!ol_db_bool(db, 0, 3))
		return (1);
	ol_variants_html(ctx, rid, ol_db_value(db, 0, 4),
	    ol_db_value(db, 0, 5));

	status = ol_db_value(db, 0, 0);
	if (*status == '\0')
		status = "not_started";
	ol_duration_text(ol_db_value(db, 0, 2), spent, sizeof(spent));
	ol_html(ctx, "<p class=\"progress\" id=\"my-progress\" "
	    "data-status=\"%s\">%s: <strong>%s</strong>", status, _("Status"),
	    ol_progress_label(status));
	if (ol_db_value(db, 0, 1)[0] != '\0') {
		ol_i18n_percent(ol_db_value(db, 0, 1), pct, sizeof(pct));
		ol_html(ctx, " \xC2\xB7 %s: %s", _("Score"), pct);
	}
	if (strcmp(status, "not_started"))
		ol_html(ctx, " \xC2\xB7 %s: %s", _("Time spent"), spent);
	ol_html(ctx, "</p>\n<p><a class=\"button\" id=\"start\" "
	    "href=\"/t/%s/play/%s\">%s</a></p>\n", ctx->tenant.slug, rid,
	    !strcmp(status, "not_started") ? C_("action", "Start") :
	    (!strcmp(status, "in_progress") ? _("Resume") : _("Open again")));

	return (1);
}

static int
resource_page(struct ol_ctx *ctx, int64_t id)
{
	struct ol_db	db;
	char		rid[24], kind[8], url[2048], title[4096], when[64];
	int		i, admin, published;

	admin = ctx->user.roles & OL_ROLE_TENANT_ADMIN;
	(void)snprintf(rid, sizeof(rid), "%lld", (long long)id);
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT r.kind, r.published, coalesce(r.url, ''), t.lang, "
	    "t.title, t.description, array_to_string(ARRAY(SELECT lang FROM "
	    "resource_texts WHERE resource_id = r.id UNION SELECT lang FROM "
	    "package_versions WHERE resource_id = r.id ORDER BY 1), ','), "
	    "coalesce((SELECT jsonb_agg(g.tag ORDER BY g.tag) FROM (SELECT "
	    "tag FROM resource_tags WHERE resource_id = r.id UNION SELECT "
	    "unnest(t.tags)) g), '[]')::text "
	    "FROM resources r LEFT JOIN resource_texts t ON "
	    "t.resource_id = r.id WHERE r.id = $1 AND (r.published OR $2) "
	    "ORDER BY t.lang = $3 DESC, t.lang = $4 DESC, t.lang", 4,
	    rid, (int)strlen(rid), admin ? "t" : "f", 1,
	    ctx->lang, (int)strlen(ctx->lang), ctx->tenant.default_lang,
	    (int)strlen(ctx->tenant.default_lang))) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}
	if (ol_db_rows(&db) == 0) {
		ol_db_end(&db);
		return (ol_page_error(ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	(void)kore_strlcpy(kind, ol_db_value(&db, 0, 0), sizeof(kind));
	(void)kore_strlcpy(url, ol_db_value(&db, 0, 2), sizeof(url));
	(void)kore_strlcpy(title, ol_db_value(&db, 0, 4), sizeof(title));
	published = ol_db_bool(&db, 0, 1);

	ol_page_begin(ctx, title[0] != '\0' ? title : _("Resource"));
	ol_html(ctx, "<h1 lang=\"%s\">%s</h1>\n<p class=\"kind\">%s%H%s</p>\n",
	    ol_db_value(&db, 0, 3), title[0] != '\0' ? title : _("Resource"),
	    kind_label(kind), admin ? " \xC2\xB7 " : "",
	    admin ? (published ? C_("resource state", "Published") :
	    C_("resource state", "Not published")) : "");
	if (ol_db_value(&db, 0, 5)[0] != '\0') {
		ol_html(ctx, "<p class=\"description\" lang=\"%s\">%s</p>\n",
		    ol_db_value(&db, 0, 3), ol_db_value(&db, 0, 5));
	}
	if (!strcmp(kind, "link")) {
		ol_html(ctx, "<p><a href=\"%s\" rel=\"noopener noreferrer\">%s"
		    "</a></p>\n", url, url);
	}
	ol_html(ctx, "<h2>%s</h2>\n", _("Languages"));
	langs_html(ctx, ol_db_value(&db, 0, 6));
	tags_html(ctx, ol_db_value(&db, 0, 7));
	if (ol_db_rows(&db) > 1) {
		ol_html(ctx, "<h2>%s</h2>\n<ul class=\"titles\">\n",
		    _("Titles in other languages"));
		for (i = 1; i < ol_db_rows(&db); i++) {
			ol_html(ctx, "<li lang=\"%s\">%s: %s</li>\n",
			    ol_db_value(&db, i, 3),
			    ol_i18n_name(ol_db_value(&db, i, 3)),
			    ol_db_value(&db, i, 4));
		}
		ol_html(ctx, "</ul>\n");
	}

	if (strcmp(kind, "link") && !resource_start(ctx, &db, rid)) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}
	if (!admin) {
		ol_db_end(&db);
		return (ol_page_end(ctx, HTTP_STATUS_OK));
	}

	if (!ol_db_exec(&db, "SELECT lang, version, scorm_version, "
	    "to_char(created_at, 'YYYY-MM-DD HH24:MI'), files FROM "
	    "package_versions WHERE resource_id = $1 ORDER BY lang, "
	    "version DESC", 1, rid, (int)strlen(rid))) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}
	if (ol_db_rows(&db) > 0) {
		ol_html(ctx, "<h2>%s</h2>\n<table class=\"list versions\">\n"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s"
		    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Versions"), _("Language"), _("Version"), _("SCORM"),
		    _("Uploaded"), _("Files"));
		for (i = 0; i < ol_db_rows(&db); i++) {
			ol_i18n_date(ol_db_value(&db, i, 3), when,
			    sizeof(when));
			ol_html(ctx, "<tr><td>%s</td><td>%s</td><td>%s</td>"
			    "<td>%s</td><td>%s</td></tr>\n",
			    ol_i18n_name(ol_db_value(&db, i, 0)),
			    ol_db_value(&db, i, 1), ol_db_value(&db, i, 2),
			    when, ol_db_value(&db, i, 4));
		}
		ol_html(ctx, "</tbody>\n</table>\n");
	}
	ol_db_end(&db);

	ol_html(ctx, "<form method=\"post\" action=\"/t/%s/resources/%lld/%s\" "
	    "class=\"form\">\n<input type=\"hidden\" name=\"csrf\" "
	    "value=\"%s\">\n<button type=\"submit\">%s</button>\n</form>\n",
	    ctx->tenant.slug, (long long)id,
	    published ? "unpublish" : "publish", ctx->user.csrf,
	    published ? _("Unpublish") : _("Publish"));

	return (ol_page_end(ctx, HTTP_STATUS_OK));
}

/* 1 done, 0 no such resource, -1 error. */
static int
resource_publish(struct ol_ctx *ctx, int64_t id, int published)
{
	struct ol_db	db;
	char		rid[24];
	int		ret;

	(void)snprintf(rid, sizeof(rid), "%lld", (long long)id);
	ret = -1;
	if (ol_db_begin(&db, ctx->tenant.id) && ol_db_exec(&db,
	    "UPDATE resources SET published = $2::boolean, updated_at = now() "
	    "WHERE id = $1 RETURNING id", 2, rid, (int)strlen(rid),
	    published ? "t" : "f", 1)) {
		ret = ol_db_rows(&db) > 0;
		if (ret == 1 && !ol_db_commit(&db))
			ret = -1;
	}
	ol_db_end(&db);
	if (ret == 1) {
		kore_log(LOG_INFO, "resource %lld of %s %s by user %lld",
		    (long long)id, ctx->tenant.slug,
		    published ? "published" : "unpublished",
		    (long long)ctx->user.id);
	}

	return (ret);
}

/*
 * GET /t/<slug>/resources/<id>;
 * POST /t/<slug>/resources/<id>/(publish|unpublish) (tenant admins).
 */
int
ol_resource(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest, *tail;
	char		to[OL_SLUG_MAX + 48];
	int64_t		id;
	int		found, ret, publish;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	id = 0;
	tail = "";
	if (found == 1 && !strncmp(rest, "/resources/", 11)) {
		tail = rest + 11 + strcspn(rest + 11, "/");
		if (!ol_id_parse(rest + 11, (size_t)(tail - (rest + 11)),
		    &id) ||
		    (*tail != '\0' && strcmp(tail, "/publish") &&
		    strcmp(tail, "/unpublish")))
			found = 0;
	} else {
		found = 0;
	}
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_ctx_method(&ctx, *tail == '\0' ? HTTP_METHOD_GET :
	    HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_signin(req, ctx.tenant.slug));
	}
	if (*tail == '\0')
		return (resource_page(&ctx, id));

	if (!ol_admin_gate_page(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_read(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	publish = !strcmp(tail, "/publish");
	if ((ret = resource_publish(&ctx, id, publish)) == -1)
		return (ol_page_unavailable(&ctx));
	if (ret == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	(void)snprintf(to, sizeof(to), "/t/%s/resources/%lld",
	    ctx.tenant.slug, (long long)id);
	ol_ctx_free(&ctx);

	return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
}

/* GET /t/<slug>/admin/resources: every resource, published or not. */
int
ol_admin_resources(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	const char	*rest;
	int		found, i;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strcmp(rest, "/admin/resources") != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET) || !ol_admin_gate_page(&ctx))
		return (KORE_RESULT_OK);

	if (!ol_db_begin(&db, ctx.tenant.id) || !ol_db_exec(&db,
	    "SELECT r.id, r.kind, r.published, coalesce(b.title, ''), "
	    "coalesce(b.lang, ''), array_to_string(ARRAY(SELECT lang FROM "
	    "resource_texts WHERE resource_id = r.id UNION SELECT lang FROM "
	    "package_versions WHERE resource_id = r.id ORDER BY 1), ','), "
	    "coalesce((SELECT jsonb_agg(g.tag ORDER BY g.tag) FROM "
	    "resource_tags g WHERE g.resource_id = r.id), '[]')::text "
	    "FROM resources r LEFT JOIN LATERAL (SELECT t.lang, t.title FROM "
	    "resource_texts t WHERE t.resource_id = r.id ORDER BY "
	    "t.lang = $1 DESC, t.lang = $2 DESC, t.lang LIMIT 1) b ON true "
	    "ORDER BY lower(coalesce(b.title, '')), r.id", 2,
	    ctx.lang, (int)strlen(ctx.lang), ctx.tenant.default_lang,
	    (int)strlen(ctx.tenant.default_lang))) {
		ol_db_end(&db);
		return (ol_page_unavailable(&ctx));
	}

	ol_page_begin(&ctx, _("Resources"));
	ol_html(&ctx, "<h1>%s</h1>\n<p><a href=\"/t/%s/admin/upload\">%s"
	    "</a></p>\n<table class=\"list\">\n<thead><tr>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	    _("Resources"), ctx.tenant.slug, _("Upload a package"),
	    _("Title"), _("Kind"), _("Status"),
	    _("Languages"), _("Tags"));
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_html(&ctx, "<tr><td><a href=\"/t/%s/resources/%s\" "
		    "lang=\"%s\">%s</a></td><td>%s</td><td>%s</td><td>",
		    ctx.tenant.slug, ol_db_value(&db, i, 0),
		    ol_db_value(&db, i, 4), ol_db_value(&db, i, 3)[0] != '\0' ?
		    ol_db_value(&db, i, 3) : _("Resource"),
		    kind_label(ol_db_value(&db, i, 1)), ol_db_bool(&db, i, 2) ?
		    C_("resource state", "Published") :
		    C_("resource state", "Not published"));
		langs_html(&ctx, ol_db_value(&db, i, 5));
		ol_html(&ctx, "</td><td>");
		tags_html(&ctx, ol_db_value(&db, i, 6));
		ol_html(&ctx, "</td></tr>\n");
	}
	ol_html(&ctx, "</tbody>\n</table>\n");
	ol_db_end(&db);

	return (ol_page_end(&ctx, HTTP_STATUS_OK));
}
