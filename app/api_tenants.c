/*
 * /api/v1/tenants: the public face of the hosted tenants, the same data
 * the front page and each tenant's home page show.
 */

#include "octolearn.h"

static json_t	*tenant_json(const struct ol_tenant *);

static json_t *
tenant_json(const struct ol_tenant *t)
{
	json_t		*langs, *doc;
	char		copy[sizeof(t->languages)], *parts[32];
	int		i, n;

	langs = json_array();
	(void)kore_strlcpy(copy, t->languages, sizeof(copy));
	n = kore_split_string(copy, ",", parts, 32);
	for (i = 0; i < n; i++)
		json_array_append_new(langs, json_string(parts[i]));

	doc = json_pack("{s:s,s:s,s:s,s:o}", "slug", t->slug, "name", t->name,
	    "default_language", t->default_lang, "languages", langs);
	if (doc == NULL)
		fatal("tenant_json: cannot build");

	return (doc);
}

int
ol_api_tenants(struct http_request *req)
{
	struct ol_db		db;
	struct ol_tenant	t;
	json_t			*list;
	int			i;

	if (req->method != HTTP_METHOD_GET) {
		http_response_header(req, "allow", "GET");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}

	if (!ol_db_begin(&db, 0) || !ol_db_exec(&db,
	    "SELECT " OL_TENANT_COLUMNS " FROM tenants WHERE enabled "
	    "ORDER BY name, slug", 0)) {
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}

	list = json_array();
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_tenant_from_row(&db, i, &t);
		json_array_append_new(list, tenant_json(&t));
	}
	ol_db_end(&db);

	return (ol_json_respond(req, HTTP_STATUS_OK,
	    json_pack("{s:o}", "tenants", list)));
}

int
ol_api_tenant(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest;
	int		found;

	ol_ctx_init(&ctx, req);
	if (req->method != HTTP_METHOD_GET) {
		ol_ctx_free(&ctx);
		http_response_header(req, "allow", "GET");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}

	found = ol_tenant_from_path(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);

	if (found == -1)
		return (ol_json_unavailable(req));

	if (found == 0 || *rest != '\0') {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	return (ol_json_respond(req, HTTP_STATUS_OK, tenant_json(&ctx.tenant)));
}
