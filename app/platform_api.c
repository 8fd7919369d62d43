/*
 * The platform admins' JSON API for tenants: list and create
 * (/api/v1/tenants/<slug>/platform/tenants), show and change
 * (.../platform/tenants/<other>), with the checks and transactions of
 * platform.c. Without a session: 401; signed in without the role
 * platform_admin: 404, as if these addresses did not exist.
 */

#include "octolearn.h"

#define API_PATH	"/platform/tenants"
#define API_PATH_LEN	(sizeof(API_PATH) - 1)
#define FIELD_MAX	64

static json_t		*tenant_json(const struct ol_tenant *, int);
static int		api_gate(struct ol_ctx *);
static const char	*body_read(json_t *, struct ol_tenant_edit *, int,
			    char *, size_t);
static int		api_create(struct http_request *, struct ol_ctx *);
static int		api_tenant_respond(struct http_request *, int,
			    const char *);

static json_t *
tenant_json(const struct ol_tenant *t, int enabled)
{
	json_t		*langs, *doc;
	char		copy[sizeof(t->languages)], *parts[32];
	int		i, n;

	langs = json_array();
	(void)kore_strlcpy(copy, t->languages, sizeof(copy));
	n = kore_split_string(copy, ",", parts, 32);
	for (i = 0; i < n; i++)
		json_array_append_new(langs, json_string(parts[i]));

	doc = json_pack("{s:s,s:s,s:s,s:o,s:b}", "slug", t->slug,
	    "name", t->name, "default_language", t->default_lang,
	    "languages", langs, "disabled", !enabled);
	if (doc == NULL)
		fatal("tenant_json: cannot build");

	return (doc);
}

/* 401 without a session, 404 without the role, 403 without CSRF. */
static int
api_gate(struct ol_ctx *ctx)
{
	if (ctx->has_user && !(ctx->user.roles & OL_ROLE_PLATFORM_ADMIN)) {
		(void)ol_json_error(ctx->req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address."));
		return (0);
	}

	return (ol_api_gate(ctx, OL_ROLE_PLATFORM_ADMIN));
}

/*
 * The fields of a body into in: slug (create only), name,
 * default_language, languages, disabled (change only). NULL when all is
 * well, else what is wrong, perhaps written into buf.
 */
static const char *
body_read(json_t *body, struct ol_tenant_edit *in, int create, char *buf,
    size_t len)
{
	json_t		*val, *lang;
	const char	*key, *err;
	char		field[FIELD_MAX + 1];
	size_t		i, n;

	json_object_foreach(body, key, val) {
		if (create && !strcmp(key, "slug")) {
			err = ol_tenant_edit_slug(in, json_string_value(val));
		} else if (!strcmp(key, "name")) {
			err = ol_tenant_edit_name(in, json_string_value(val));
		} else if (!strcmp(key, "default_language")) {
			err = ol_tenant_edit_default(in,
			    json_string_value(val));
		} else if (!strcmp(key, "languages")) {
			if (!json_is_array(val))
				return (_("\"languages\" is a list of language "
				    "codes."));
			in->has_languages = 1;
			err = NULL;
			json_array_foreach(val, i, lang) {
				err = ol_tenant_edit_lang(in,
				    json_string_value(lang));
				if (err != NULL)
					break;
			}
		} else if (!create && !strcmp(key, "disabled")) {
			if (!json_is_boolean(val))
				return (_("\"disabled\" is true or false."));
			in->disabled = json_is_true(val);
			err = NULL;
		} else {
			/* Named, cut at the start of a (UTF-8) character. */
			n = strlen(key);
			if (n > FIELD_MAX) {
				n = FIELD_MAX;
				while (n > 0 &&
				    ((unsigned char)key[n] & 0xC0) == 0x80)
					n--;
			}
			memcpy(field, key, n);
			field[n] = '\0';
			(void)snprintf(buf, len, _("A tenant has no field "
			    "\"%s\"."), field);
			return (buf);
		}
		if (err != NULL)
			return (err);
	}

	return (NULL);
}

/* 200 or 201 with the tenant slug as it is now. */
static int
api_tenant_respond(struct http_request *req, int status, const char *slug)
{
	struct ol_tenant	t;
	int			found, enabled;

	found = ol_tenant_find(slug, strlen(slug), &t, &enabled);
	if (found == -1)
		return (ol_json_unavailable(req));
	if (found == 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	return (ol_json_respond(req, status, tenant_json(&t, enabled)));
}

/* POST /api/v1/tenants/<slug>/platform/tenants */
static int
api_create(struct http_request *req, struct ol_ctx *ctx)
{
	struct ol_tenant_edit	in;
	json_t			*body;
	const char		*msg;
	char			buf[256], to[2 * OL_SLUG_MAX + 64];
	int			status;

	if ((status = ol_api_body(req, &body)) != HTTP_STATUS_OK)
		return (ol_api_body_error(req, status, body));

	ol_tenant_edit_init(&in);
	msg = body_read(body, &in, 1, buf, sizeof(buf));
	json_decref(body);
	if (msg != NULL)
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST, msg));

	status = ol_tenant_create(ctx, &in, &msg);
	if (status == HTTP_STATUS_SERVICE_UNAVAILABLE)
		return (ol_json_unavailable(req));
	if (status != HTTP_STATUS_CREATED)
		return (ol_json_error(req, status, msg));

	(void)snprintf(to, sizeof(to), "/api/v1/tenants/%s" API_PATH "/%s",
	    ctx->tenant.slug, in.slug);
	http_response_header(req, "location", to);

	return (api_tenant_respond(req, HTTP_STATUS_CREATED, in.slug));
}

/* GET and POST /api/v1/tenants/<slug>/platform/tenants */
int
ol_api_platform_tenants(struct http_request *req)
{
	struct ol_ctx		ctx;
	struct ol_db		db;
	struct ol_tenant	t;
	json_t			*list;
	const char		*rest;
	int			found, i;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	if (found == 0 || strcmp(rest, API_PATH) != 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_POST) {
		http_response_header(req, "allow", "GET, POST");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!api_gate(&ctx))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_POST)
		return (api_create(req, &ctx));

	if (!ol_db_begin(&db, 0) || !ol_db_exec(&db, "SELECT "
	    OL_TENANT_COLUMNS ", enabled FROM tenants ORDER BY slug", 0)) {
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}

	list = json_array();
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_tenant_from_row(&db, i, &t);
		json_array_append_new(list,
		    tenant_json(&t, ol_db_bool(&db, i, 5)));
	}
	ol_db_end(&db);

	return (ol_json_respond(req, HTTP_STATUS_OK,
	    json_pack("{s:o}", "tenants", list)));
}

/* GET and PATCH /api/v1/tenants/<slug>/platform/tenants/<other> */
int
ol_api_platform_tenant(struct http_request *req)
{
	struct ol_ctx		ctx;
	struct ol_tenant	t;
	struct ol_tenant_edit	in;
	json_t			*body;
	const char		*rest, *slug, *msg;
	char			buf[256];
	int			found, enabled, status;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	slug = NULL;
	if (found == 1 && !strncmp(rest, API_PATH "/", API_PATH_LEN + 1))
		slug = rest + API_PATH_LEN + 1;
	if (slug == NULL || !ol_slug_valid(slug, strlen(slug))) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_GET &&
	    req->method != HTTP_METHOD_PATCH) {
		http_response_header(req, "allow", "GET, PATCH");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!api_gate(&ctx))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_GET)
		return (api_tenant_respond(req, HTTP_STATUS_OK, slug));

	if ((found = ol_tenant_find(slug, strlen(slug), &t, &enabled)) == -1)
		return (ol_json_unavailable(req));
	if (found == 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	if ((status = ol_api_body(req, &body)) != HTTP_STATUS_OK)
		return (ol_api_body_error(req, status, body));
	ol_tenant_edit_init(&in);
	msg = body_read(body, &in, 0, buf, sizeof(buf));
	json_decref(body);
	if (msg == NULL && !in.has_name && !in.has_default &&
	    !in.has_languages && in.disabled == -1)
		msg = _("There is nothing to change in this request.");
	if (msg != NULL)
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST, msg));

	status = ol_tenant_change(&ctx, t.id, &in, &msg);
	if (status == HTTP_STATUS_SERVICE_UNAVAILABLE)
		return (ol_json_unavailable(req));
	if (status == HTTP_STATUS_NOT_FOUND) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (status != HTTP_STATUS_OK)
		return (ol_json_error(req, status, msg));

	return (api_tenant_respond(req, HTTP_STATUS_OK, t.slug));
}
