/*
 * The platform's front page (the tenants it hosts), each tenant's home
 * page, and the page for addresses that lead nowhere.
 */

#include "octolearn.h"

static int	path_is_api(const char *);

static int
path_is_api(const char *path)
{
	return (!strncmp(path, "/api/", 5));
}

int
ol_home(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	int		i, rows;

	if (ol_host_redirect(req))
		return (KORE_RESULT_OK);

	ol_ctx_init(&ctx, req);
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);

	if (!ol_db_begin(&db, 0) || !ol_db_exec(&db,
	    "SELECT slug, name FROM tenants WHERE enabled "
	    "ORDER BY name, slug", 0)) {
		ol_db_end(&db);
		return (ol_page_unavailable(&ctx));
	}

	ol_page_begin(&ctx, _("Welcome"));
	ol_html(&ctx, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
	    _("Octolearn"),
	    _("Training on cybercrime and electronic evidence for police, "
	    "prosecutors and judges, in their own language."));

	rows = ol_db_rows(&db);
	if (rows == 0) {
		ol_html(&ctx, "<p>%s</p>\n",
		    _("No institution has been set up yet."));
	} else {
		ol_html(&ctx, "<h2>%s</h2>\n<ul class=\"tenants\">\n",
		    _("Training institutions"));
		for (i = 0; i < rows; i++) {
			ol_html(&ctx, "<li><a href=\"/t/%s/\">%s</a></li>\n",
			    ol_db_value(&db, i, 0), ol_db_value(&db, i, 1));
		}
		ol_html(&ctx, "</ul>\n");
	}
	ol_db_end(&db);

	return (ol_page_end(&ctx, HTTP_STATUS_OK));
}

int
ol_tenant_home(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest;
	char		to[OL_SLUG_MAX + 8];
	char		langs[sizeof(ctx.tenant.languages)], *parts[32];
	int		found, i, n;

	ol_ctx_init(&ctx, req);
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET))
		return (KORE_RESULT_OK);

	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	if (*rest == '\0') {
		(void)snprintf(to, sizeof(to), "/t/%s/", ctx.tenant.slug);
		ol_ctx_free(&ctx);
		return (ol_redirect(req, HTTP_STATUS_MOVED_PERMANENTLY, to));
	}

	ol_page_begin(&ctx, _("Home"));
	ol_html(&ctx, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
	    ctx.tenant.name,
	    _("Courses and learning resources of this institution."));
	if (ctx.has_user) {
		ol_html(&ctx, "<p class=\"welcome\">%s %s</p>\n",
		    _("Welcome,"), ctx.user.name);
	}
	ol_html(&ctx, "<p>%s</p>\n<ul class=\"langs\">\n",
	    _("Languages offered:"));
	(void)kore_strlcpy(langs, ctx.tenant.languages, sizeof(langs));
	n = kore_split_string(langs, ",", parts, 32);
	for (i = 0; i < n; i++) {
		ol_html(&ctx, "<li lang=\"%s\">%s</li>\n", parts[i],
		    ol_i18n_name(parts[i]));
	}
	ol_html(&ctx, "</ul>\n");

	return (ol_page_end(&ctx, HTTP_STATUS_OK));
}

int
ol_not_found(struct http_request *req)
{
	struct ol_ctx	ctx;

	if (path_is_api(req->path)) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (ol_host_redirect(req))
		return (KORE_RESULT_OK);

	ol_ctx_init(&ctx, req);

	return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
	    _("There is nothing at this address.")));
}

int
ol_redirect(struct http_request *req, int status, const char *to)
{
	ol_security_headers(req);
	http_response_header(req, "location", to);
	http_response(req, status, NULL, 0);

	return (KORE_RESULT_OK);
}

/* After a form: 303 to the tenant's home page. */
int
ol_redirect_home(struct http_request *req, const char *slug)
{
	char		to[OL_SLUG_MAX + 8];

	(void)snprintf(to, sizeof(to), "/t/%s/", slug);

	return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
}

/* Pages that need a signed-in user send others to sign in first. */
int
ol_redirect_signin(struct http_request *req, const char *slug)
{
	char		to[OL_SLUG_MAX + 16];

	(void)snprintf(to, sizeof(to), "/t/%s/signin", slug);

	return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
}
