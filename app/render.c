/*
 * Pages: one layout, and ol_html() for the body, which escapes every
 * dynamic value itself (modules/html): callers never escape by hand.
 */

#include "octolearn.h"

/* Where modules write a page's parts: the page being built (a kore_buf). */
void
ol_render_sink(void *arg, const void *data, size_t len)
{
	ol_buf_append(arg, data, len);
}

void
ol_html(struct ol_ctx *ctx, const char *fmt, ...)
{
	va_list		args;

	va_start(args, fmt);
	if (ol_html_vformat(ol_render_sink, ctx->out, fmt, args) == -1)
		fatal("ol_html: bad format '%s'", fmt);
	va_end(args);
}

void
ol_page_begin(struct ol_ctx *ctx, const char *title)
{
	const char	*site, *home, *sep;
	char		href[OL_SLUG_MAX + 8];

	if (ctx->has_tenant) {
		site = ctx->tenant.name;
		(void)snprintf(href, sizeof(href), "/t/%s/", ctx->tenant.slug);
		home = href;
	} else {
		site = "Octolearn";
		home = "/";
	}

	ol_lang_remember(ctx);
	kore_buf_reset(ctx->out);
	ol_html(ctx,
	    "<!DOCTYPE html>\n"
	    "<html lang=\"%s\" dir=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<title>%s — %s</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/octolearn.css\">\n"
	    "<link rel=\"icon\" href=\"/static/favicon.svg\" "
	    "type=\"image/svg+xml\">\n"
	    "</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#main\">%s</a>\n"
	    "<header class=\"top\"><div class=\"wrap\">"
	    "<a class=\"brand\" href=\"%s\">%s</a>",
	    ctx->lang, ctx->dir, title, site, _("Skip to content"),
	    home, site);

	if (ctx->has_user) {
		ol_html(ctx, "<nav class=\"admin\"><a href=\"/t/%s/dashboard\">"
		    "%s</a> <a href=\"/t/%s/catalogue\">%s</a>",
		    ctx->tenant.slug, _("My learning"), ctx->tenant.slug,
		    _("Catalogue"));
		sep = " ";
		if (ctx->user.roles & OL_ROLE_TENANT_ADMIN) {
			ol_html(ctx, "%s<a href=\"/t/%s/admin/users\">%s</a>"
			    "%s<a href=\"/t/%s/admin/resources\">%s</a>", sep,
			    ctx->tenant.slug, _("Users"), sep, ctx->tenant.slug,
			    _("Resources"));
		}
		if (ctx->user.roles &
		    (OL_ROLE_TENANT_ADMIN | OL_ROLE_TRAINER)) {
			ol_html(ctx, "%s<a href=\"/t/%s/groups\">%s</a>"
			    "%s<a href=\"/t/%s/reports\">%s</a>", sep,
			    ctx->tenant.slug, _("Groups"), sep,
			    ctx->tenant.slug, _("Reports"));
			sep = " ";
		}
		if (ctx->user.roles & OL_ROLE_PLATFORM_ADMIN) {
			ol_html(ctx, "%s<a href=\"/t/%s/platform/tenants\">"
			    "%s</a>", sep, ctx->tenant.slug, _("Tenants"));
		}
		ol_html(ctx, "</nav>");
	}

	if (ctx->has_user) {
		ol_html(ctx,
		    "<form class=\"account\" method=\"post\" "
		    "action=\"/t/%s/signout\"><a href=\"/t/%s/account/password\" "
		    "title=\"%s\">%s</a> <a href=\"/t/%s/account/tokens\">%s</a>"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<button type=\"submit\">%s</button></form>",
		    ctx->tenant.slug, ctx->tenant.slug, _("Change password"),
		    ctx->user.name, ctx->tenant.slug, _("API tokens"),
		    ctx->user.csrf, _("Sign out"));
	} else if (ctx->has_tenant) {
		ol_html(ctx, "<a class=\"account\" href=\"/t/%s/signin\">%s</a>",
		    ctx->tenant.slug, _("Sign in"));
	}

	ol_html(ctx, "</div></header>\n<main id=\"main\" class=\"wrap\">\n");
}

int
ol_page_end(struct ol_ctx *ctx, int status)
{
	ol_html(ctx, "</main>\n<footer class=\"wrap\">");
	ol_lang_switch(ctx, status);
	ol_html(ctx, "<p>%s</p></footer>\n</body>\n</html>\n",
	    _("Octolearn: learning for justice and law "
	    "enforcement professionals"));

	ol_security_headers(ctx->req);
	http_response_header(ctx->req, "content-type",
	    "text/html; charset=utf-8");
	http_response_header(ctx->req, "content-language", ctx->lang);
	http_response_header(ctx->req, "cache-control", "no-store");
	http_response(ctx->req, status, ctx->out->data, ctx->out->offset);

	ol_ctx_free(ctx);

	return (KORE_RESULT_OK);
}

int
ol_page_error(struct ol_ctx *ctx, int status, const char *message)
{
	const char	*title;

	switch (status) {
	case HTTP_STATUS_NOT_FOUND:
		title = _("Page not found");
		break;
	case HTTP_STATUS_SERVICE_UNAVAILABLE:
		title = _("Temporarily unavailable");
		break;
	case HTTP_STATUS_METHOD_NOT_ALLOWED:
		title = _("Not allowed");
		break;
	default:
		title = _("Something went wrong");
		break;
	}

	ol_page_begin(ctx, title);
	ol_html(ctx, "<h1>%s</h1>\n<p class=\"notice\">%s</p>\n",
	    title, message);

	return (ol_page_end(ctx, status));
}

int
ol_page_unavailable(struct ol_ctx *ctx)
{
	return (ol_page_error(ctx, HTTP_STATUS_SERVICE_UNAVAILABLE,
	    _("The service is temporarily unavailable. Please try again in "
	    "a moment.")));
}
