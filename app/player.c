/*
 * The learner's pages of the run-time: the player (GET /t/<slug>/play/
 * <resource>) and the dashboard of their resources (GET /t/<slug>/
 * dashboard).
 *
 * The player opens the version the learner's unfinished attempt is on,
 * else the newest one in their language (else the tenant's default, else
 * any): the versioning rule of migrations 0006 and 0008. Its items come in
 * manifest order from the default organization; it starts at ?item= when
 * given, else where the learner left off (the unfinished attempt touched
 * last), else at the first item not yet finished. The page carries its
 * configuration as JSON for app/static/player.js, which provides the
 * SCORM API to the content in the frame and talks to app/attempts.c. A
 * file resource gets a simple viewer (app/static/viewer.js) instead: the
 * file in a frame or a video element, and a button to mark it done.
 */

#include "octolearn.h"

static void	player_json(struct ol_ctx *, json_t *);
static int	player_file(struct ol_ctx *, struct ol_db *, int64_t,
		    const char *, const char *);
static int	player_page(struct ol_ctx *, int64_t);

const char *
ol_progress_label(const char *status)
{
	if (!strcmp(status, "in_progress"))
		return (C_("progress", "In progress"));
	if (!strcmp(status, "completed"))
		return (C_("progress", "Completed"));
	if (!strcmp(status, "passed"))
		return (C_("progress", "Passed"));
	if (!strcmp(status, "failed"))
		return (C_("progress", "Failed"));
	return (C_("progress", "Not started"));
}

/* Centiseconds as H:MM:SS. */
void
ol_duration_text(const char *cs, char *buf, size_t len)
{
	int64_t		v;
	int		err;

	v = kore_strtonum64(cs, 1, &err);
	if (err != KORE_RESULT_OK || v < 0)
		v = 0;
	v /= 100;
	(void)snprintf(buf, len, "%lld:%02lld:%02lld", (long long)(v / 3600),
	    (long long)(v / 60 % 60), (long long)(v % 60));
}

/* JSON inside <script type="application/json">, '<' '>' '&' escaped. */
static void
player_json(struct ol_ctx *ctx, json_t *doc)
{
	char		*text, *p;

	text = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (text == NULL)
		fatal("player_json: cannot encode");
	for (p = text; *p != '\0'; p++) {
		if (*p == '<')
			kore_buf_append(ctx->out, "\\u003c", 6);
		else if (*p == '>')
			kore_buf_append(ctx->out, "\\u003e", 6);
		else if (*p == '&')
			kore_buf_append(ctx->out, "\\u0026", 6);
		else
			kore_buf_append(ctx->out, p, 1);
	}
	free(text);
}

/* The viewer of a file resource; db holds its one item. */
static int
player_file(struct ol_ctx *ctx, struct ol_db *db, int64_t resource,
    const char *version, const char *title)
{
	char		url[PATH_MAX];
	const char	*launch, *dot;
	int		video;

	launch = ol_db_value(db, 0, 2);
	(void)snprintf(url, sizeof(url), "/t/%s/content/%s/%s",
	    ctx->tenant.slug, version, launch);
	dot = strrchr(launch, '.');
	video = dot != NULL && (!strcasecmp(dot, ".mp4") ||
	    !strcasecmp(dot, ".webm") || !strcasecmp(dot, ".ogv"));

	ol_page_begin(ctx, title);
	ol_html(ctx, "<h1>%s</h1>\n<div id=\"viewer\" class=\"viewer\" "
	    "data-launch-url=\"/api/v1/tenants/%s/resources/%lld/launch\" "
	    "data-version=\"%s\" data-item=\"%s\" data-csrf=\"%s\" "
	    "data-complete-url=\"/api/v1/tenants/%s/attempts/{attempt}/"
	    "complete\" data-msg-done=\"%s\" data-msg-failed=\"%s\">\n",
	    title, ctx->tenant.slug, (long long)resource, version,
	    ol_db_value(db, 0, 0), ctx->user.csrf, ctx->tenant.slug,
	    _("Marked as done."),
	    _("This could not be saved. Please try again."));
	if (video) {
		ol_html(ctx, "<video id=\"file\" controls preload=\"metadata\" "
		    "src=\"%s\"></video>\n", url);
	} else {
		ol_html(ctx, "<iframe id=\"file\" class=\"file\" title=\"%s\" "
		    "src=\"%s\"></iframe>\n", title, url);
	}
	ol_html(ctx, "<p><a href=\"%s\" download>%s</a></p>\n"
	    "<button type=\"button\" id=\"done\">%s</button>\n"
	    "<p id=\"viewer-status\" role=\"status\"></p>\n</div>\n"
	    "<script src=\"/static/viewer.js\"></script>\n", url,
	    _("Download the file"), _("Mark as done"));

	return (ol_page_end(ctx, HTTP_STATUS_OK));
}

static int
player_page(struct ol_ctx *ctx, int64_t resource)
{
	struct ol_db	 db;
	json_t		*conf, *items, *msgs;
	const char	*want;
	char		 rid[24], uid[24], vid[24], kind[8], url[PATH_MAX];
	char		 title[4096], start[4096], sv[16], shown[OL_LANG_MAX];
	char		 langs[256], *variant;
	int		 i, admin, launchable;

	admin = ctx->user.roles & OL_ROLE_TENANT_ADMIN;
	(void)snprintf(rid, sizeof(rid), "%lld", (long long)resource);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	http_populate_get(ctx->req);
	if (!http_argument_get_string(ctx->req, "variant", &variant))
		variant = "";

	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT v.id, v.scorm_version, r.kind, coalesce((SELECT t.title "
	    "FROM resource_texts t WHERE t.resource_id = r.id ORDER BY "
	    "t.lang = v.lang DESC, t.lang = $4 DESC, t.lang LIMIT 1), "
	    "v.title), v.lang, array_to_string(ARRAY(SELECT DISTINCT w.lang "
	    "FROM package_versions w WHERE w.resource_id = r.id ORDER BY 1), "
	    "',') FROM resources r JOIN package_versions v ON v.id = "
	    "octolearn_variant(r.id, $3::bigint, $6, $4, $5) WHERE r.id = "
	    "$1::bigint AND (r.published OR $2::boolean) AND "
	    "r.kind IN ('scorm', 'file')", 6, rid, (int)strlen(rid),
	    admin ? "t" : "f", 1, uid, (int)strlen(uid), ctx->lang,
	    (int)strlen(ctx->lang), ctx->tenant.default_lang,
	    (int)strlen(ctx->tenant.default_lang), variant,
	    (int)strlen(variant))) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}
	if (ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		return (ol_page_error(ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	(void)kore_strlcpy(vid, ol_db_value(&db, 0, 0), sizeof(vid));
	(void)kore_strlcpy(sv, ol_db_value(&db, 0, 1), sizeof(sv));
	(void)kore_strlcpy(kind, ol_db_value(&db, 0, 2), sizeof(kind));
	(void)kore_strlcpy(title, ol_db_value(&db, 0, 3), sizeof(title));
	(void)kore_strlcpy(shown, ol_db_value(&db, 0, 4), sizeof(shown));
	(void)kore_strlcpy(langs, ol_db_value(&db, 0, 5), sizeof(langs));

	/* The items of the default organization, and where to start. */
	if (!http_argument_get_string(ctx->req, "item", &want))
		want = "";
	if (!ol_db_exec(&db, "SELECT i.identifier, i.title, i.launch, "
	    "coalesce(i.scorm_type, ''), i.depth, i.identifier = (SELECT "
	    "s.identifier FROM package_items s LEFT JOIN LATERAL (SELECT "
	    "a.status, a.ended, a.updated_at FROM attempts a WHERE "
	    "a.user_id = $2::bigint AND a.resource_id = $3::bigint AND "
	    "a.item = s.identifier ORDER BY a.number DESC LIMIT 1) a ON true "
	    "WHERE s.version_id = i.version_id AND s.launch IS NOT NULL AND "
	    "s.organization = i.organization ORDER BY s.identifier = $4 DESC, "
	    "(a.ended IS FALSE AND a.status NOT IN ('completed', 'passed', "
	    "'failed')) DESC, CASE WHEN a.ended IS FALSE THEN a.updated_at "
	    "END DESC NULLS LAST, coalesce(a.status IN ('completed', "
	    "'passed'), false), s.position LIMIT 1) FROM package_items i "
	    "WHERE i.version_id = $1::bigint AND i.organization = (SELECT "
	    "organization FROM package_items WHERE version_id = $1::bigint "
	    "ORDER BY position LIMIT 1) AND i.visible ORDER BY i.position", 4,
	    vid, (int)strlen(vid), uid, (int)strlen(uid), rid,
	    (int)strlen(rid), want, (int)strlen(want))) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}
	if (!strcmp(kind, "file") && ol_db_rows(&db) == 1 &&
	    ol_db_value(&db, 0, 2)[0] != '\0') {
		i = player_file(ctx, &db, resource, vid, title);
		ol_db_end(&db);
		return (i);
	}

	items = json_array();
	start[0] = '\0';
	launchable = 0;
	for (i = 0; i < ol_db_rows(&db); i++) {
		if (ol_db_value(&db, i, 2)[0] != '\0') {
			launchable++;
			(void)snprintf(url, sizeof(url), "/t/%s/content/%s/%s",
			    ctx->tenant.slug, vid, ol_db_value(&db, i, 2));
		}
		if (ol_db_bool(&db, i, 5))
			(void)kore_strlcpy(start, ol_db_value(&db, i, 0),
			    sizeof(start));
		json_array_append_new(items, json_pack("{s:s,s:s,s:o,s:o,s:I}",
		    "identifier", ol_db_value(&db, i, 0),
		    "title", ol_db_value(&db, i, 1),
		    "launch", ol_db_value(&db, i, 2)[0] != '\0' ?
		    json_string(url) : json_null(),
		    "scorm_type", ol_db_value(&db, i, 3)[0] != '\0' ?
		    json_string(ol_db_value(&db, i, 3)) : json_null(),
		    "depth", (json_int_t)ol_db_int64(&db, i, 4)));
	}
	if (launchable == 0) {
		json_decref(items);
		ol_db_end(&db);
		return (ol_page_error(ctx, HTTP_STATUS_NOT_FOUND,
		    _("This course has nothing to launch.")));
	}

	msgs = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
	    "saving", _("Saving…"),
	    "saved", _("All progress saved."),
	    "offline", _("No connection: your progress is kept in this "
	    "browser and will be sent when the connection returns."),
	    "rejected", _("The course sent a value the platform refused: %s"),
	    "signed_out", _("Your session has ended: sign in again to save "
	    "your progress."),
	    "finished", _("You have finished this part of the course."),
	    "leave_confirm", _("Leave the course? You can continue later "
	    "where you left off."));
	conf = json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:o,s:s,s:o}",
	    "scorm_version", !strcmp(sv, "1.2") ? "1.2" : "2004",
	    "csrf", ctx->user.csrf,
	    "launch_url", "", "commit_url", "", "leave_url", "",
	    "version", (json_int_t)kore_strtonum64(vid, 0, &i),
	    "items", items, "start", start, "messages", msgs);
	(void)snprintf(url, sizeof(url), "/api/v1/tenants/%s/resources/%s/"
	    "launch", ctx->tenant.slug, rid);
	json_object_set_new(conf, "launch_url", json_string(url));
	(void)snprintf(url, sizeof(url), "/api/v1/tenants/%s/attempts/"
	    "{attempt}/commit", ctx->tenant.slug);
	json_object_set_new(conf, "commit_url", json_string(url));
	(void)snprintf(url, sizeof(url), "/t/%s/dashboard", ctx->tenant.slug);
	json_object_set_new(conf, "leave_url", json_string(url));

	ol_page_begin(ctx, title);
	ol_html(ctx, "<div class=\"player%H\">\n<h1 lang=\"%s\">%s</h1>\n",
	    launchable > 1 ? " with-toc" : "", shown, title);
	ol_variants_html(ctx, rid, shown, langs);
	if (launchable > 1) {
		ol_html(ctx, "<nav id=\"toc\" aria-label=\"%s\"><ol>\n",
		    _("Contents"));
		for (i = 0; i < ol_db_rows(&db); i++) {
			ol_html(ctx, "<li class=\"depth-%lld\">",
			    (long long)(ol_db_int64(&db, i, 4) > 5 ? 5 :
			    ol_db_int64(&db, i, 4)));
			if (ol_db_value(&db, i, 2)[0] != '\0') {
				ol_html(ctx, "<a data-item=\"%s\" "
				    "href=\"?item=%s\">%s</a>",
				    ol_db_value(&db, i, 0),
				    ol_db_value(&db, i, 0),
				    ol_db_value(&db, i, 1));
			} else {
				ol_html(ctx, "<span>%s</span>",
				    ol_db_value(&db, i, 1));
			}
			ol_html(ctx, "</li>\n");
		}
		ol_html(ctx, "</ol></nav>\n");
	}
	ol_db_end(&db);

	ol_html(ctx, "<div class=\"player-bar\">");
	if (launchable > 1) {
		ol_html(ctx, "<button type=\"button\" id=\"prev\">%s</button>"
		    "<button type=\"button\" id=\"next\">%s</button>",
		    _("Previous"), _("Next"));
	}
	ol_html(ctx, "<button type=\"button\" id=\"leave\">%s</button>"
	    "<p id=\"player-status\" role=\"status\"></p></div>\n"
	    "<iframe id=\"sco\" name=\"sco\" title=\"%s\"></iframe>\n</div>\n"
	    "<script type=\"application/json\" id=\"player-config\">",
	    _("Leave and continue later"), _("Course content"));
	player_json(ctx, conf);
	json_decref(conf);
	ol_html(ctx, "</script>\n<script src=\"/static/player.js\"></script>\n");

	return (ol_page_end(ctx, HTTP_STATUS_OK));
}

/* GET /t/<slug>/play/<resource> */
int
ol_player(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest;
	int64_t		id;
	int		found;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strncmp(rest, "/play/", 6) != 0 ||
	    !ol_id_parse(rest + 6, strlen(rest + 6), &id)) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_signin(req, ctx.tenant.slug));
	}

	return (player_page(&ctx, id));
}

/* GET /t/<slug>/dashboard: the learner's resources and their progress. */
int
ol_dashboard(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	const char	*rest;
	char		uid[24], when[64], spent[32], pct[32];
	int		found, i;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strcmp(rest, "/dashboard") != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);
	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_signin(req, ctx.tenant.slug));
	}

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx.user.id);
	if (!ol_db_begin(&db, ctx.tenant.id) || !ol_db_exec(&db,
	    "SELECT p.resource_id, coalesce((SELECT t.title FROM "
	    "resource_texts t WHERE t.resource_id = p.resource_id ORDER BY "
	    "t.lang = $2 DESC, t.lang = p.lang DESC, t.lang LIMIT 1), ''), "
	    "p.status, coalesce(round(p.score * 100)::text, ''), "
	    "p.total_cs::text, to_char(p.last_activity, 'YYYY-MM-DD HH24:MI'), "
	    "(SELECT t.lang FROM resource_texts t WHERE t.resource_id = "
	    "p.resource_id ORDER BY t.lang = $2 DESC, t.lang = p.lang DESC, "
	    "t.lang LIMIT 1) FROM progress p JOIN resources r ON r.id = "
	    "p.resource_id WHERE p.user_id = $1::bigint ORDER BY "
	    "p.status IN ('completed', 'passed'), p.last_activity DESC", 2,
	    uid, (int)strlen(uid), ctx.lang, (int)strlen(ctx.lang))) {
		ol_db_end(&db);
		return (ol_page_unavailable(&ctx));
	}

	ol_page_begin(&ctx, _("My learning"));
	ol_html(&ctx, "<h1>%s</h1>\n", _("My learning"));
	if (ol_db_rows(&db) == 0) {
		ol_html(&ctx, "<p class=\"notice\">%s <a href=\"/t/%s/"
		    "catalogue\">%s</a></p>\n",
		    _("You have not started any course yet."),
		    ctx.tenant.slug, _("Browse the catalogue"));
	} else {
		ol_html(&ctx, "<table class=\"list progress\">\n<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\"></th></tr>"
		    "</thead>\n<tbody>\n", _("Course"), _("Status"),
		    _("Score"), _("Time spent"), _("Last activity"));
	}
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_duration_text(ol_db_value(&db, i, 4), spent,
		    sizeof(spent));
		ol_i18n_date(ol_db_value(&db, i, 5), when, sizeof(when));
		ol_i18n_percent(ol_db_value(&db, i, 3), pct, sizeof(pct));
		ol_html(&ctx, "<tr data-resource=\"%s\" data-status=\"%s\">"
		    "<td lang=\"%s\"><a href=\"/t/%s/resources/%s\">%s</a></td>"
		    "<td class=\"status status-%s\">%s</td><td>%s</td>"
		    "<td>%s</td><td>%s</td><td><a class=\"button\" "
		    "href=\"/t/%s/play/%s\">%s</a></td></tr>\n",
		    ol_db_value(&db, i, 0), ol_db_value(&db, i, 2),
		    ol_db_value(&db, i, 6), ctx.tenant.slug,
		    ol_db_value(&db, i, 0), ol_db_value(&db, i, 1),
		    ol_db_value(&db, i, 2),
		    ol_progress_label(ol_db_value(&db, i, 2)),
		    pct, spent,
		    when, ctx.tenant.slug,
		    ol_db_value(&db, i, 0),
		    !strcmp(ol_db_value(&db, i, 2), "completed") ||
		    !strcmp(ol_db_value(&db, i, 2), "passed") ?
		    _("Open again") : _("Resume"));
	}
	if (ol_db_rows(&db) > 0)
		ol_html(&ctx, "</tbody>\n</table>\n");
	ol_db_end(&db);

	return (ol_page_end(&ctx, HTTP_STATUS_OK));
}
