/*
 * Platform admins manage the tenants themselves: the list with a form to
 * create one, a tenant's page to rename it and choose its languages, and
 * disabling or enabling it. The pages are here, the JSON API is in
 * platform_api.c; both go through the checks and the transactions below.
 * A platform admin is a user of some tenant with the role platform_admin,
 * which only octolearn-admin grants; to everyone else signed in these
 * addresses answer 404, as if they did not exist.
 *
 * The create and edit forms are multipart: Kore 4.1 reads at most 19
 * fields of an urlencoded body, fewer than 20 language checkboxes need.
 */

#include "octolearn.h"
#include "utf8.h"

#define PLATFORM_PATH		"/platform/tenants"
#define PLATFORM_PATH_LEN	(sizeof(PLATFORM_PATH) - 1)

static int		langs_contain(const char *, const char *);
static int		platform_gate(struct ol_ctx *);
static int		other_slug(const char *, const char **, size_t *,
			    const char **);
static const char	*form_read(struct http_request *,
			    struct ol_tenant_edit *, int);
static void		lang_fields(struct ol_ctx *, const char *,
			    const char *);
static int		list_page(struct ol_ctx *, int, const char *,
			    const struct ol_tenant_edit *);
static int		edit_page(struct ol_ctx *, int, const char *,
			    const struct ol_tenant *, int);
static int		to_list(struct ol_ctx *);

/* 1 when the comma-separated list holds the code lang. */
static int
langs_contain(const char *list, const char *lang)
{
	const char	*p, *end;
	size_t		len;

	len = strlen(lang);
	for (p = list; *p != '\0'; p = end + 1) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) == len && !memcmp(p, lang, len))
			return (1);
		if (*end == '\0')
			break;
	}

	return (0);
}

void
ol_tenant_edit_init(struct ol_tenant_edit *in)
{
	memset(in, 0, sizeof(*in));
	in->disabled = -1;
}

const char *
ol_tenant_edit_slug(struct ol_tenant_edit *in, const char *slug)
{
	if (slug == NULL || !ol_slug_valid(slug, strlen(slug))) {
		return (_("A tenant's address has 1 to 63 lower-case letters, "
		    "digits and hyphens, and no hyphen first or last."));
	}

	(void)kore_strlcpy(in->slug, slug, sizeof(in->slug));

	return (NULL);
}

/* A name: 1 to 200 characters of valid UTF-8, no control characters. */
const char *
ol_tenant_edit_name(struct ol_tenant_edit *in, const char *name)
{
	size_t		i, len, chars;
	int		blank;

	if (name == NULL || (len = strlen(name)) >= sizeof(in->name) ||
	    !ol_utf8_valid(name, len))
		goto bad;

	chars = ol_utf8_chars(name, len);
	if (chars < 1 || chars > OL_NAME_MAX)
		goto bad;

	blank = 1;
	for (i = 0; i < len; i++) {
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7F)
			goto bad;
		if (name[i] != ' ')
			blank = 0;
	}
	if (blank)
		goto bad;

	(void)kore_strlcpy(in->name, name, sizeof(in->name));
	in->has_name = 1;

	return (NULL);

bad:
	return (_("Please enter a name of 1 to 200 characters."));
}

const char *
ol_tenant_edit_default(struct ol_tenant_edit *in, const char *lang)
{
	if (lang == NULL || !ol_i18n_known(lang))
		return (_("This language is not one the platform offers."));

	(void)kore_strlcpy(in->default_lang, lang, sizeof(in->default_lang));
	in->has_default = 1;

	return (NULL);
}

/* One more of the tenant's languages: a known one, not given before. */
const char *
ol_tenant_edit_lang(struct ol_tenant_edit *in, const char *lang)
{
	size_t		len;

	in->has_languages = 1;
	if (lang == NULL || !ol_i18n_known(lang))
		return (_("This language is not one the platform offers."));
	if (langs_contain(in->languages, lang))
		return (_("Each language can be given only once."));

	/* Known codes, each once: the list always fits. */
	len = strlen(in->languages);
	if (len + 1 + strlen(lang) >= sizeof(in->languages))
		fatal("ol_tenant_edit_lang: list too long");
	(void)snprintf(in->languages + len, sizeof(in->languages) - len,
	    "%s%s", len > 0 ? "," : "", lang);

	return (NULL);
}

/*
 * Any tenant by its slug, disabled ones too: 1 found (*t and *enabled
 * set), 0 no such tenant, -1 the database failed.
 */
int
ol_tenant_find(const char *slug, size_t len, struct ol_tenant *t,
    int *enabled)
{
	struct ol_db	db;
	int		ret;

	if (!ol_slug_valid(slug, len))
		return (0);

	ret = -1;
	if (ol_db_begin(&db, 0) && ol_db_exec(&db, "SELECT "
	    OL_TENANT_COLUMNS ", enabled FROM tenants WHERE slug = $1", 1,
	    slug, (int)len)) {
		ret = 0;
		if (ol_db_rows(&db) == 1) {
			ol_tenant_from_row(&db, 0, t);
			*enabled = ol_db_bool(&db, 0, 5);
			ret = 1;
		}
	}
	ol_db_end(&db);

	return (ret);
}

/*
 * Creates the tenant of in (slug and name required; the languages default
 * to the default language, which defaults to the first of them, or
 * English). Returns an HTTP status: 201, or 400 or 409 with *msg, or 503.
 */
int
ol_tenant_create(struct ol_ctx *ctx, struct ol_tenant_edit *in,
    const char **msg)
{
	struct ol_db	db;
	size_t		len;
	int		status;

	if (in->slug[0] == '\0') {
		*msg = ol_tenant_edit_slug(in, NULL);
		return (HTTP_STATUS_BAD_REQUEST);
	}
	if (!in->has_name) {
		*msg = ol_tenant_edit_name(in, NULL);
		return (HTTP_STATUS_BAD_REQUEST);
	}

	if (!in->has_languages) {
		(void)kore_strlcpy(in->languages, in->has_default ?
		    in->default_lang : "en", sizeof(in->languages));
	}
	if (in->languages[0] == '\0') {
		*msg = _("Please choose at least one language.");
		return (HTTP_STATUS_BAD_REQUEST);
	}
	if (!in->has_default) {
		len = strcspn(in->languages, ",");
		if (len >= sizeof(in->default_lang))
			fatal("ol_tenant_create: language code too long");
		memcpy(in->default_lang, in->languages, len);
		in->default_lang[len] = '\0';
	}
	if (!langs_contain(in->languages, in->default_lang)) {
		*msg = _("The default language must be one of the tenant's "
		    "languages.");
		return (HTTP_STATUS_BAD_REQUEST);
	}

	status = HTTP_STATUS_SERVICE_UNAVAILABLE;
	if (!ol_db_begin(&db, 0))
		goto out;
	if (!ol_db_exec(&db, "INSERT INTO tenants (slug, name, default_lang, "
	    "languages) VALUES ($1, $2, $3, string_to_array($4, ','))", 4,
	    in->slug, (int)strlen(in->slug), in->name, (int)strlen(in->name),
	    in->default_lang, (int)strlen(in->default_lang),
	    in->languages, (int)strlen(in->languages))) {
		if (!strcmp(ol_db_sqlstate(&db), "23505")) {
			*msg = _("A tenant with this address already exists.");
			status = HTTP_STATUS_CONFLICT;
		}
		goto out;
	}
	if (ol_db_commit(&db)) {
		status = HTTP_STATUS_CREATED;
		kore_log(LOG_INFO, "tenant %s created by user %lld of %s",
		    in->slug, (long long)ctx->user.id, ctx->tenant.slug);
	}

out:
	ol_db_end(&db);

	return (status);
}

/*
 * Changes what in says of tenant id, in one transaction that locks the
 * row, so the default language is checked against the languages it will
 * have. Disabling also ends the sessions of the tenant's users. Returns an
 * HTTP status: 200, 400 with *msg, 404, or 503.
 */
int
ol_tenant_change(struct ol_ctx *ctx, int64_t id, struct ol_tenant_edit *in,
    const char **msg)
{
	struct ol_db	db;
	char		sid[24];
	const char	*name, *def, *langs, *flag;
	int		status;

	if (in->has_languages && in->languages[0] == '\0') {
		*msg = _("Please choose at least one language.");
		return (HTTP_STATUS_BAD_REQUEST);
	}
	if (in->disabled == 1 && id == ctx->tenant.id) {
		*msg = _("You cannot disable the tenant you are signed in to.");
		return (HTTP_STATUS_BAD_REQUEST);
	}

	/* "" leaves the column as it is. */
	(void)snprintf(sid, sizeof(sid), "%lld", (long long)id);
	name = in->has_name ? in->name : "";
	def = in->has_default ? in->default_lang : "";
	langs = in->has_languages ? in->languages : "";
	flag = in->disabled == -1 ? "" : in->disabled ? "f" : "t";

	status = HTTP_STATUS_SERVICE_UNAVAILABLE;
	if (!ol_db_begin(&db, id) || !ol_db_exec(&db,
	    "SELECT COALESCE(NULLIF($2, ''), default_lang) = ANY "
	    "(COALESCE(string_to_array(NULLIF($3, ''), ','), languages)) "
	    "FROM tenants WHERE id = $1 FOR UPDATE", 3, sid, (int)strlen(sid),
	    def, (int)strlen(def), langs, (int)strlen(langs)))
		goto out;

	if (ol_db_rows(&db) != 1) {
		status = HTTP_STATUS_NOT_FOUND;
		goto out;
	}
	if (!ol_db_bool(&db, 0, 0)) {
		*msg = _("The default language must be one of the tenant's "
		    "languages.");
		status = HTTP_STATUS_BAD_REQUEST;
		goto out;
	}

	if (!ol_db_exec(&db, "UPDATE tenants SET "
	    "name = COALESCE(NULLIF($2, ''), name), "
	    "default_lang = COALESCE(NULLIF($3, ''), default_lang), "
	    "languages = COALESCE(string_to_array(NULLIF($4, ''), ','), "
	    "languages), enabled = COALESCE(NULLIF($5, '')::boolean, enabled) "
	    "WHERE id = $1", 5, sid, (int)strlen(sid), name, (int)strlen(name),
	    def, (int)strlen(def), langs, (int)strlen(langs),
	    flag, (int)strlen(flag)))
		goto out;

	if (in->disabled == 1 && !ol_db_exec(&db, "UPDATE sessions SET "
	    "revoked_at = now() WHERE tenant_id = octolearn_tenant() "
	    "AND revoked_at IS NULL", 0))
		goto out;

	if (ol_db_commit(&db)) {
		/* The tenant's row is platform data: every worker's copy. */
		ol_cache_changed(0);
		status = HTTP_STATUS_OK;
		kore_log(LOG_INFO, "tenant %lld %s by user %lld of %s",
		    (long long)id, in->disabled == 1 ? "disabled" :
		    in->disabled == 0 ? "enabled" : "changed",
		    (long long)ctx->user.id, ctx->tenant.slug);
	}

out:
	ol_db_end(&db);

	return (status);
}

/* Sign in first; then platform admins only, and the others see nothing. */
static int
platform_gate(struct ol_ctx *ctx)
{
	if (!ctx->has_user) {
		ol_ctx_free(ctx);
		(void)ol_redirect_signin(ctx->req, ctx->tenant.slug);
		return (0);
	}

	if (!(ctx->user.roles & OL_ROLE_PLATFORM_ADMIN)) {
		(void)ol_page_error(ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address."));
		return (0);
	}

	return (1);
}

/*
 * rest is "/platform/tenants/<slug>" and maybe more: *slug and *len name
 * that tenant, *action is what follows. 0 when rest is not that.
 */
static int
other_slug(const char *rest, const char **slug, size_t *len,
    const char **action)
{
	const char	*p, *end;

	if (strncmp(rest, PLATFORM_PATH "/", PLATFORM_PATH_LEN + 1) != 0)
		return (0);

	p = rest + PLATFORM_PATH_LEN + 1;
	if ((end = strchr(p, '/')) == NULL)
		end = p + strlen(p);

	*slug = p;
	*len = (size_t)(end - p);
	*action = end;

	return (ol_slug_valid(p, *len));
}

/*
 * The fields of the create (with the slug) or edit form, which has been
 * populated. Every field is read, for the form shown again; the first
 * problem is returned, NULL when there is none.
 */
static const char *
form_read(struct http_request *req, struct ol_tenant_edit *in, int create)
{
	struct http_arg	*q;
	const char	*err, *e;
	char		*v;

	err = NULL;
	if (create) {
		v = NULL;
		(void)http_argument_get_string(req, "slug", &v);
		err = ol_tenant_edit_slug(in, v);
	}

	v = NULL;
	(void)http_argument_get_string(req, "name", &v);
	if ((e = ol_tenant_edit_name(in, v)) != NULL && err == NULL)
		err = e;

	/* Checkboxes: the field once for each language ticked. */
	in->has_languages = 1;
	TAILQ_FOREACH(q, &req->arguments, list) {
		if (strcmp(q->name, "languages") != 0)
			continue;
		if ((e = ol_tenant_edit_lang(in, q->s_value)) != NULL &&
		    err == NULL)
			err = e;
	}

	v = NULL;
	(void)http_argument_get_string(req, "default_lang", &v);
	if ((e = ol_tenant_edit_default(in, v)) != NULL && err == NULL)
		err = e;

	return (err);
}

/* The default language menu and the languages' checkboxes of a form. */
static void
lang_fields(struct ol_ctx *ctx, const char *def, const char *langs)
{
	const char	*code;
	int		i;

	ol_html(ctx, "<label for=\"default_lang\">%s</label>\n"
	    "<select id=\"default_lang\" name=\"default_lang\">\n",
	    _("Default language"));
	for (i = 0; (code = ol_i18n_code(i)) != NULL; i++) {
		ol_html(ctx, "<option value=\"%s\" lang=\"%s\"%H>%s</option>\n",
		    code, code, !strcmp(def, code) ? " selected" : "",
		    ol_i18n_name(code));
	}
	ol_html(ctx, "</select>\n<fieldset><legend>%s</legend>\n"
	    "<ul class=\"langs\">\n", _("Languages"));
	for (i = 0; (code = ol_i18n_code(i)) != NULL; i++) {
		ol_html(ctx, "<li><label><input type=\"checkbox\" "
		    "name=\"languages\" value=\"%s\"%H> <span lang=\"%s\">%s"
		    "</span></label></li>\n", code,
		    langs_contain(langs, code) ? " checked" : "", code,
		    ol_i18n_name(code));
	}
	ol_html(ctx, "</ul>\n</fieldset>\n");
}

/* All tenants, and the form for a new one (filled again from in). */
static int
list_page(struct ol_ctx *ctx, int status, const char *error,
    const struct ol_tenant_edit *in)
{
	struct ol_db		db;
	struct ol_tenant	t;
	int			i;

	if (!ol_db_begin(&db, 0) || !ol_db_exec(&db, "SELECT "
	    OL_TENANT_COLUMNS ", enabled FROM tenants ORDER BY slug", 0)) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}

	ol_page_begin(ctx, _("Tenants"));
	ol_html(ctx, "<h1>%s</h1>\n", _("Tenants"));
	if (error != NULL) {
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n",
		    error);
	}
	ol_html(ctx, "<table class=\"list\">\n<thead><tr>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	    _("Address"), C_("of a thing", "Name"), _("Default language"),
	    _("Languages"),
	    _("Status"));
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_tenant_from_row(&db, i, &t);
		ol_html(ctx, "<tr><td><a href=\"/t/%s" PLATFORM_PATH "/%s\">"
		    "%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		    "</tr>\n", ctx->tenant.slug, t.slug, t.slug, t.name,
		    t.default_lang, t.languages, ol_db_bool(&db, i, 5) ?
		    C_("tenant state", "Active") :
		    C_("tenant state", "Disabled"));
	}
	ol_html(ctx, "</tbody>\n</table>\n");
	ol_db_end(&db);

	ol_html(ctx, "<h2>%s</h2>\n<form method=\"post\" action=\"/t/%s"
	    PLATFORM_PATH "\" enctype=\"multipart/form-data\" class=\"form\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label for=\"slug\">%s</label>\n"
	    "<input id=\"slug\" name=\"slug\" required maxlength=\"63\" "
	    "pattern=\"[a-z0-9]([a-z0-9\\-]*[a-z0-9])?\" "
	    "aria-describedby=\"slug-hint\" value=\"%s\">\n"
	    "<small id=\"slug-hint\">%s</small>\n"
	    "<label for=\"name\">%s</label>\n"
	    "<input id=\"name\" name=\"name\" required maxlength=\"200\" "
	    "value=\"%s\">\n", _("New tenant"), ctx->tenant.slug,
	    ctx->user.csrf, _("Address"), in != NULL ? in->slug : "",
	    _("Lower-case letters, digits and hyphens: the tenant is at "
	    "/t/<address>/."), C_("of a thing", "Name"), in != NULL ? in->name : "");
	lang_fields(ctx, in != NULL && in->has_default ? in->default_lang :
	    "en", in != NULL && in->has_languages ? in->languages : "en");
	ol_html(ctx, "<button type=\"submit\">%s</button>\n</form>\n",
	    _("Create tenant"));

	return (ol_page_end(ctx, status));
}

/* One tenant: its form, and the button that disables or enables it. */
static int
edit_page(struct ol_ctx *ctx, int status, const char *error,
    const struct ol_tenant *t, int enabled)
{
	ol_page_begin(ctx, t->name);
	ol_html(ctx, "<p><a href=\"/t/%s" PLATFORM_PATH "\">%s</a></p>\n"
	    "<h1>%s</h1>\n", ctx->tenant.slug, _("All tenants"), t->name);
	if (error != NULL) {
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n",
		    error);
	}
	ol_html(ctx, "<p>%s <a href=\"/t/%s/\">/t/%s/</a> \xC2\xB7 %s</p>\n",
	    _("Address:"), t->slug, t->slug,
	    enabled ? C_("tenant state", "Active") :
	    C_("tenant state", "Disabled"));

	ol_html(ctx, "<form method=\"post\" action=\"/t/%s" PLATFORM_PATH
	    "/%s\" enctype=\"multipart/form-data\" class=\"form\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label for=\"name\">%s</label>\n"
	    "<input id=\"name\" name=\"name\" required maxlength=\"200\" "
	    "value=\"%s\">\n", ctx->tenant.slug, t->slug, ctx->user.csrf,
	    C_("of a thing", "Name"), t->name);
	lang_fields(ctx, t->default_lang, t->languages);
	ol_html(ctx, "<button type=\"submit\">%s</button>\n</form>\n",
	    _("Save"));

	ol_html(ctx, "<h2>%s</h2>\n", _("Status"));
	if (t->id == ctx->tenant.id) {
		ol_html(ctx, "<p>%s</p>\n", _("You are signed in to this "
		    "tenant, so it cannot be disabled here."));
	} else {
		ol_html(ctx, "<form method=\"post\" action=\"/t/%s"
		    PLATFORM_PATH "/%s/%s\" class=\"form\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<button type=\"submit\">%s</button></form>\n",
		    ctx->tenant.slug, t->slug,
		    enabled ? "disable" : "enable", ctx->user.csrf,
		    enabled ? _("Disable tenant") : _("Enable tenant"));
	}

	return (ol_page_end(ctx, status));
}

/* After a change: 303 to the list. */
static int
to_list(struct ol_ctx *ctx)
{
	char		to[OL_SLUG_MAX + PLATFORM_PATH_LEN + 8];

	(void)snprintf(to, sizeof(to), "/t/%s" PLATFORM_PATH,
	    ctx->tenant.slug);
	ol_ctx_free(ctx);

	return (ol_redirect(ctx->req, HTTP_STATUS_SEE_OTHER, to));
}

/* GET and POST /t/<slug>/platform/tenants */
int
ol_platform_tenants(struct http_request *req)
{
	struct ol_ctx		ctx;
	struct ol_tenant_edit	in;
	const char		*rest, *msg;
	int			found, status;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strcmp(rest, PLATFORM_PATH) != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!platform_gate(&ctx))
		return (KORE_RESULT_OK);

	if (req->method == HTTP_METHOD_GET)
		return (list_page(&ctx, HTTP_STATUS_OK, NULL, NULL));
	if (!ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);

	http_populate_multipart_form(req);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	ol_tenant_edit_init(&in);
	status = HTTP_STATUS_BAD_REQUEST;
	if ((msg = form_read(req, &in, 1)) == NULL)
		status = ol_tenant_create(&ctx, &in, &msg);
	if (status == HTTP_STATUS_SERVICE_UNAVAILABLE)
		return (ol_page_unavailable(&ctx));
	if (status != HTTP_STATUS_CREATED)
		return (list_page(&ctx, status, msg, &in));

	return (to_list(&ctx));
}

/* GET and POST /t/<slug>/platform/tenants/<other> */
int
ol_platform_tenant(struct http_request *req)
{
	struct ol_ctx		ctx;
	struct ol_tenant	t;
	struct ol_tenant_edit	in;
	const char		*rest, *slug, *action, *msg;
	size_t			len;
	int			found, enabled, status;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 1 && (!other_slug(rest, &slug, &len, &action) ||
	    *action != '\0'))
		found = 0;
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!platform_gate(&ctx))
		return (KORE_RESULT_OK);
	if (req->method != HTTP_METHOD_GET &&
	    !ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);

	if ((found = ol_tenant_find(slug, len, &t, &enabled)) == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method == HTTP_METHOD_GET)
		return (edit_page(&ctx, HTTP_STATUS_OK, NULL, &t, enabled));

	http_populate_multipart_form(req);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	ol_tenant_edit_init(&in);
	status = HTTP_STATUS_BAD_REQUEST;
	if ((msg = form_read(req, &in, 0)) == NULL)
		status = ol_tenant_change(&ctx, t.id, &in, &msg);
	if (status == HTTP_STATUS_SERVICE_UNAVAILABLE)
		return (ol_page_unavailable(&ctx));
	if (status == HTTP_STATUS_NOT_FOUND) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (status != HTTP_STATUS_OK)
		return (edit_page(&ctx, status, msg, &t, enabled));

	return (to_list(&ctx));
}

/* POST /t/<slug>/platform/tenants/<other>/(disable|enable) */
int
ol_platform_tenant_state(struct http_request *req)
{
	struct ol_ctx		ctx;
	struct ol_tenant	t;
	struct ol_tenant_edit	in;
	const char		*rest, *slug, *action, *msg;
	size_t			len;
	int			found, enabled, status;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 1 && (!other_slug(rest, &slug, &len, &action) ||
	    (strcmp(action, "/disable") != 0 &&
	    strcmp(action, "/enable") != 0)))
		found = 0;
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!platform_gate(&ctx) || !ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);

	if (!ol_form_read(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	if ((found = ol_tenant_find(slug, len, &t, &enabled)) == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	ol_tenant_edit_init(&in);
	in.disabled = !strcmp(action, "/disable");
	msg = NULL;
	status = ol_tenant_change(&ctx, t.id, &in, &msg);
	if (status == HTTP_STATUS_SERVICE_UNAVAILABLE)
		return (ol_page_unavailable(&ctx));
	if (status == HTTP_STATUS_NOT_FOUND) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (status != HTTP_STATUS_OK)
		return (edit_page(&ctx, status, msg, &t, enabled));

	return (to_list(&ctx));
}
