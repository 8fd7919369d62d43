/*
 * The interface language of a request, and the switch between languages.
 * In order: the signed-in user's saved choice; ?lang= (which an anonymous
 * visitor's browser then remembers in a cookie, so that links keep it);
 * that cookie; the Accept-Language header; the tenant's default. Only
 * languages the tenant offers (all interface languages outside a tenant).
 */

#include "octolearn.h"

#include "langpref.h"

#define OL_COOKIE_LANG		"octolearn_lang"
#define OL_LANG_COOKIE_AGE	(365 * 24 * 3600)

static const char	*lang_offered(struct ol_ctx *);
static int		lang_usable(const char *, const char *, size_t);
static int		lang_query(struct http_request *, char *, size_t);
static int		lang_back(struct ol_ctx *, const char *, char *,
			    size_t);

/* The codes a request may be answered in, comma-separated. */
static const char *
lang_offered(struct ol_ctx *ctx)
{
	static char	all[256];
	const char	*code;
	size_t		off;
	int		i;

	if (ctx->has_tenant)
		return (ctx->tenant.languages);
	if (all[0] != '\0')
		return (all);

	off = 0;
	for (i = 0; (code = ol_i18n_code(i)) != NULL; i++) {
		if (off + strlen(code) + 2 > sizeof(all))
			fatal("lang_offered: list too long");
		off += (size_t)snprintf(all + off, sizeof(all) - off, "%s%s",
		    off > 0 ? "," : "", code);
	}

	return (all);
}

static int
lang_usable(const char *offered, const char *code, size_t len)
{
	char		buf[OL_LANG_MAX];

	if (!ol_langpref_code(code, len) ||
	    !ol_langpref_offered(offered, code, len))
		return (0);
	memcpy(buf, code, len);
	buf[len] = '\0';

	return (ol_i18n_known(buf));
}

/* The value of ?lang= when it is a code, in buf. */
static int
lang_query(struct http_request *req, char *buf, size_t len)
{
	const char	*q, *v;
	size_t		n;

	if ((q = req->query_string) == NULL)
		return (0);
	for (; *q != '\0'; q += strcspn(q, "&")) {
		if (*q == '&')
			q++;
		if (strncmp(q, "lang=", 5))
			continue;
		v = q + 5;
		n = strcspn(v, "&");
		if (n >= len || !ol_langpref_code(v, n))
			return (0);
		memcpy(buf, v, n);
		buf[n] = '\0';
		return (1);
	}

	return (0);
}

void
ol_lang_negotiate(struct ol_ctx *ctx)
{
	const char	*offered, *header;
	char		code[OL_LANG_MAX], *cookie;

	offered = lang_offered(ctx);
	ctx->lang_query = 0;
	code[0] = '\0';

	if (ctx->has_user && lang_usable(offered, ctx->user.lang,
	    strlen(ctx->user.lang))) {
		(void)kore_strlcpy(code, ctx->user.lang, sizeof(code));
	} else if (lang_query(ctx->req, code, sizeof(code)) &&
	    lang_usable(offered, code, strlen(code))) {
		ctx->lang_query = 1;
	} else {
		code[0] = '\0';
		ol_cookies(ctx->req);
		if (http_request_cookie(ctx->req, OL_COOKIE_LANG, &cookie) &&
		    lang_usable(offered, cookie, strlen(cookie))) {
			(void)kore_strlcpy(code, cookie, sizeof(code));
		} else if (!http_request_header(ctx->req, "accept-language",
		    &header) || !ol_langpref_pick(header, strlen(header),
		    offered, code, sizeof(code)) || !ol_i18n_known(code)) {
			code[0] = '\0';
		}
	}

	if (code[0] == '\0' && ctx->has_tenant &&
	    ol_i18n_known(ctx->tenant.default_lang))
		(void)kore_strlcpy(code, ctx->tenant.default_lang,
		    sizeof(code));
	if (code[0] == '\0')
		(void)kore_strlcpy(code, "en", sizeof(code));

	ctx->lang = ol_i18n_canon(code);
	ctx->dir = ol_i18n_dir(ctx->lang);
	ol_i18n_set(ctx->lang);
}

/* An anonymous visitor's ?lang= is remembered (called as a page begins). */
void
ol_lang_remember(struct ol_ctx *ctx)
{
	if (ctx->lang_query && !ctx->has_user)
		ol_cookie_set(ctx, OL_COOKIE_LANG, ctx->lang,
		    OL_LANG_COOKIE_AGE);
}

/*
 * The language switch at the foot of a page: links with ?lang= for
 * visitors, a form that saves the choice for signed-in users; both lead
 * back to the page, or home from an error page (whose address is not
 * repeated). Nothing where there is nothing to choose.
 */
void
ol_lang_switch(struct ol_ctx *ctx, int status)
{
	const char	*p, *code, *offered, *here;
	char		buf[OL_LANG_MAX], home[OL_SLUG_MAX + 8];

	offered = lang_offered(ctx);
	if (strchr(offered, ',') == NULL)
		return;

	here = ctx->req->path;
	if (status >= 400) {
		if (ctx->has_tenant) {
			(void)snprintf(home, sizeof(home), "/t/%s/",
			    ctx->tenant.slug);
			here = home;
		} else {
			here = "/";
		}
	}

	if (ctx->has_user) {
		ol_html(ctx, "<form class=\"lang-switch\" method=\"post\" "
		    "action=\"/t/%s/account/language\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"back\" value=\"%s\">"
		    "<span id=\"langs-label\">%s</span> ", ctx->tenant.slug,
		    ctx->user.csrf, here,
		    C_("interface", "Language:"));
	} else {
		ol_html(ctx, "<nav class=\"lang-switch\" aria-labelledby="
		    "\"langs-label\"><span id=\"langs-label\">%s</span> ",
		    C_("interface", "Language:"));
	}

	for (p = offered; ol_langpref_next(&p, buf, sizeof(buf)); ) {
		if ((code = ol_i18n_canon(buf)) == NULL)
			continue;
		if (code == ctx->lang) {
			ol_html(ctx, "<strong lang=\"%s\" dir=\"%s\" "
			    "aria-current=\"true\">%s</strong> ", code,
			    ol_i18n_dir(code), ol_i18n_name(code));
		} else if (ctx->has_user) {
			ol_html(ctx, "<button type=\"submit\" name=\"lang\" "
			    "value=\"%s\" lang=\"%s\" dir=\"%s\">%s</button> ",
			    code, code, ol_i18n_dir(code), ol_i18n_name(code));
		} else {
			ol_html(ctx, "<a href=\"%s?lang=%s\" hreflang=\"%s\" "
			    "lang=\"%s\" dir=\"%s\">%s</a> ", here,
			    code, code, code, ol_i18n_dir(code),
			    ol_i18n_name(code));
		}
	}

	if (ctx->has_user && ctx->user.lang[0] != '\0') {
		ol_html(ctx, "<button type=\"submit\" name=\"lang\" value=\"\">"
		    "%s</button>", _("Use my browser's language"));
	}
	ol_html(ctx, ctx->has_user ? "</form>\n" : "</nav>\n");
}

/* Where to go back after the switch: a page of this tenant, else home. */
static int
lang_back(struct ol_ctx *ctx, const char *back, char *buf, size_t len)
{
	char		prefix[OL_SLUG_MAX + 8];
	int		n;

	n = snprintf(prefix, sizeof(prefix), "/t/%s/", ctx->tenant.slug);
	if (back != NULL && !strncmp(back, prefix, (size_t)n) &&
	    strlen(back) < len && strstr(back, "//") == NULL &&
	    strstr(back, "/.") == NULL &&
	    strchr(back, '\\') == NULL && strchr(back, '?') == NULL) {
		(void)kore_strlcpy(buf, back, len);
		return (1);
	}
	(void)kore_strlcpy(buf, prefix, len);

	return (0);
}

/* POST /t/<slug>/account/language: saves the choice ("" clears it). */
int
ol_account_language(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	char		*lang, *back, to[1024], uid[24];
	int		found;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", NULL);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0)
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	if (!ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_signin(req, ctx.tenant.slug));
	}

	if (!ol_form_read(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);
	if (!http_argument_get_string(req, "lang", &lang))
		lang = "";
	if (!http_argument_get_string(req, "back", &back))
		back = NULL;

	if (lang[0] != '\0' && !lang_usable(ctx.tenant.languages, lang,
	    strlen(lang)))
		return (ol_page_error(&ctx, HTTP_STATUS_BAD_REQUEST,
		    _("This institution does not offer that language.")));

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx.user.id);
	if (!ol_db_begin(&db, ctx.tenant.id) || !ol_db_exec(&db,
	    "UPDATE users SET lang = nullif($2, '') WHERE id = $1::bigint",
	    2, uid, (int)strlen(uid), lang, (int)strlen(lang)) ||
	    !ol_db_commit(&db)) {
		ol_db_end(&db);
		return (ol_page_unavailable(&ctx));
	}
	ol_db_end(&db);

	(void)lang_back(&ctx, back, to, sizeof(to));
	http_response_header(req, "location", to);
	ol_security_headers(req);
	http_response(req, HTTP_STATUS_SEE_OTHER, NULL, 0);
	ol_ctx_free(&ctx);

	return (KORE_RESULT_OK);
}
