/*
 * Per-user API tokens: "Authorization: Bearer olt_<43 characters>" on a
 * JSON API request of the token's tenant acts as its user, with no CSRF
 * header (a browser never sends one by itself). Users create, list and
 * revoke their own tokens on /t/<slug>/account/tokens and through the
 * API; only the SHA-256 of a token is stored and the token is shown once.
 * Managing tokens takes a signed-in session: a leaked token cannot mint
 * itself successors that would outlive its revocation.
 */

#include "octolearn.h"

#include "utf8.h"

#define TOKEN_PREFIX		"olt_"
#define TOKEN_PREFIX_LEN	4
#define TOKEN_FULL_LEN		(TOKEN_PREFIX_LEN + OL_TOKEN_LEN)
#define TOKEN_NAME_MAX		100
#define TOKENS_PER_USER		50

static int	token_name_ok(const char *);
static int	token_create(struct ol_ctx *, const char *, char *, size_t,
		    int64_t *);
static int	token_revoke(struct ol_ctx *, int64_t);
static int	tokens_list(struct ol_ctx *, struct ol_db *);
static int	tokens_page(struct ol_ctx *, int, const char *, const char *);

static int
token_name_ok(const char *name)
{
	size_t		len;

	len = strlen(name);
	return (len > 0 && ol_utf8_valid(name, len) &&
	    ol_utf8_chars(name, len) <= TOKEN_NAME_MAX &&
	    strspn(name, " \t") != len);
}

/*
 * The user of a request carrying an Authorization header: 1 when it holds
 * a live token of this tenant, 0 when not (no fallback to the cookie:
 * the request asked to be judged by its token), -1 on database failure.
 */
int
ol_apitoken_load(struct ol_ctx *ctx, const char *auth)
{
	struct ol_db	db;
	const char	*tok;
	char		hash[OL_TOKEN_HASH_LEN + 1], tid[24];
	int		ret;

	ctx->has_user = 0;
	if (strncasecmp(auth, "Bearer ", 7) != 0)
		return (0);
	tok = auth + 7;
	if (strlen(tok) != TOKEN_FULL_LEN ||
	    strncmp(tok, TOKEN_PREFIX, TOKEN_PREFIX_LEN) != 0 ||
	    !ol_token_valid(tok + TOKEN_PREFIX_LEN, OL_TOKEN_LEN))
		return (0);
	if (ol_token_hash(tok, TOKEN_FULL_LEN, hash, sizeof(hash)) == -1)
		fatal("ol_apitoken_load: cannot hash");

	ret = -1;
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT t.id, u.id, u.display_name, u.email, "
	    "array_to_string(ARRAY(SELECT role FROM user_roles r "
	    "WHERE r.tenant_id = u.tenant_id AND r.user_id = u.id), ','), "
	    "t.last_used_at IS NULL OR "
	    "t.last_used_at < now() - interval '1 minute', "
	    "coalesce(u.lang, '') FROM api_tokens t JOIN users u ON "
	    "u.tenant_id = t.tenant_id "
	    "AND u.id = t.user_id WHERE t.token_hash = $1 "
	    "AND t.revoked_at IS NULL AND NOT u.disabled", 1,
	    hash, (int)strlen(hash)))
		goto out;

	ret = 0;
	if (ol_db_rows(&db) != 1)
		goto out;

	memset(&ctx->user, 0, sizeof(ctx->user));
	ctx->user.token_id = ol_db_int64(&db, 0, 0);
	ctx->user.id = ol_db_int64(&db, 0, 1);
	ctx->user.via_token = 1;
	(void)kore_strlcpy(ctx->user.name, ol_db_value(&db, 0, 2),
	    sizeof(ctx->user.name));
	(void)kore_strlcpy(ctx->user.email, ol_db_value(&db, 0, 3),
	    sizeof(ctx->user.email));
	ctx->user.roles = ol_roles_parse(ol_db_value(&db, 0, 4));
	(void)kore_strlcpy(ctx->user.lang, ol_db_value(&db, 0, 6),
	    sizeof(ctx->user.lang));

	if (ol_db_bool(&db, 0, 5)) {
		(void)snprintf(tid, sizeof(tid), "%lld",
		    (long long)ctx->user.token_id);
		if (!ol_db_exec(&db, "UPDATE api_tokens SET last_used_at = "
		    "now() WHERE id = $1", 1, tid, (int)strlen(tid)) ||
		    !ol_db_commit(&db)) {
			ret = -1;
			goto out;
		}
	}

	ctx->has_user = 1;
	ret = 1;
out:
	ol_db_end(&db);

	return (ret);
}

/* 1 made (the token in tok), 0 the user has too many, -1 error. */
static int
token_create(struct ol_ctx *ctx, const char *name, char *tok, size_t len,
    int64_t *id)
{
	struct ol_db	db;
	char		hash[OL_TOKEN_HASH_LEN + 1], uid[24], max[8];
	int		ret;

	if (len < TOKEN_FULL_LEN + 1)
		fatal("token_create: buffer too small");
	memcpy(tok, TOKEN_PREFIX, TOKEN_PREFIX_LEN);
	if (ol_token_new(tok + TOKEN_PREFIX_LEN, len - TOKEN_PREFIX_LEN) == -1 ||
	    ol_token_hash(tok, TOKEN_FULL_LEN, hash, sizeof(hash)) == -1)
		fatal("token_create: no randomness");

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	(void)snprintf(max, sizeof(max), "%d", TOKENS_PER_USER);

	ret = -1;
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "INSERT INTO api_tokens (tenant_id, user_id, name, token_hash) "
	    "SELECT octolearn_tenant(), $1, $2, $3 WHERE (SELECT count(*) "
	    "FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL) < "
	    "$4::int RETURNING id", 4, uid, (int)strlen(uid),
	    name, (int)strlen(name), hash, (int)strlen(hash),
	    max, (int)strlen(max)))
		goto out;
	if (ol_db_rows(&db) != 1) {
		ret = 0;
		goto out;
	}
	*id = ol_db_int64(&db, 0, 0);
	if (ol_db_commit(&db))
		ret = 1;
out:
	ol_db_end(&db);
	if (ret != 1)
		explicit_bzero(tok, len);

	return (ret);
}

/* 1 revoked, 0 no such live token of this user, -1 error. */
static int
token_revoke(struct ol_ctx *ctx, int64_t id)
{
	struct ol_db	db;
	char		tid[24], uid[24];
	int		ret;

	(void)snprintf(tid, sizeof(tid), "%lld", (long long)id);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);

	ret = -1;
	if (ol_db_begin(&db, ctx->tenant.id) && ol_db_exec(&db,
	    "UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND "
	    "user_id = $2 AND revoked_at IS NULL RETURNING id", 2,
	    tid, (int)strlen(tid), uid, (int)strlen(uid))) {
		ret = ol_db_rows(&db) == 1;
		if (ret == 1 && !ol_db_commit(&db))
			ret = -1;
	}
	ol_db_end(&db);

	return (ret);
}

/* The user's live tokens: id, name, created, last used (or ""). */
static int
tokens_list(struct ol_ctx *ctx, struct ol_db *db)
{
	char		uid[24];

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);

	return (ol_db_exec(db, "SELECT id, name, "
	    "to_char(created_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
	    "coalesce(to_char(last_used_at AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') FROM api_tokens "
	    "WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id", 1,
	    uid, (int)strlen(uid)));
}

static int
tokens_page(struct ol_ctx *ctx, int status, const char *msg,
    const char *fresh)
{
	struct ol_db	db;
	char		created[64], used[64];
	int		i;

	if (!ol_db_begin(&db, ctx->tenant.id) || !tokens_list(ctx, &db)) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}

	ol_page_begin(ctx, _("API tokens"));
	ol_html(ctx, "<h1>%s</h1>\n<p>%s</p>\n", _("API tokens"),
	    _("A token lets a script use the JSON API as you, with your "
	    "roles. Send it as \"Authorization: Bearer\" followed by the "
	    "token. Revoke a token you no longer use."));
	if (msg != NULL)
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n", msg);
	if (fresh != NULL) {
		ol_html(ctx, "<p class=\"notice\" role=\"status\">%s<br>"
		    "<code id=\"new-token\">%s</code></p>\n",
		    _("Your new token. Copy it now: it will not be shown "
		    "again."), fresh);
	}

	ol_html(ctx, "<table class=\"list\">\n<thead><tr><th scope=\"col\">%s"
	    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\"><span class=\"sr\">%s</span></th></tr>"
	    "</thead>\n<tbody>\n", C_("of a thing", "Name"), _("Created"),
	    _("Last used"),
	    _("Actions"));
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_i18n_date(ol_db_value(&db, i, 2), created,
		    sizeof(created));
		ol_i18n_date(ol_db_value(&db, i, 3), used, sizeof(used));
		ol_html(ctx, "<tr><td>%s</td><td>%s</td><td>%s</td><td>"
		    "<form method=\"post\" action=\"/t/%s/account/tokens/%s/"
		    "revoke\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<button type=\"submit\">%s</button></form></td></tr>\n",
		    ol_db_value(&db, i, 1), created,
		    used[0] != '\0' ? used : _("Never"), ctx->tenant.slug,
		    ol_db_value(&db, i, 0),
		    ctx->user.csrf, _("Revoke"));
	}
	ol_html(ctx, "</tbody>\n</table>\n");
	ol_db_end(&db);

	ol_html(ctx, "<h2>%s</h2>\n<form method=\"post\" action=\"/t/%s/"
	    "account/tokens\" class=\"form\">\n<input type=\"hidden\" "
	    "name=\"csrf\" value=\"%s\">\n<label for=\"name\">%s</label>\n"
	    "<input id=\"name\" name=\"name\" required maxlength=\"100\">\n"
	    "<button type=\"submit\">%s</button>\n</form>\n",
	    _("New token"), ctx->tenant.slug, ctx->user.csrf,
	    _("What it is for"), _("Create token"));

	return (ol_page_end(ctx, status));
}

/*
 * Pages: /t/<slug>/account/tokens (GET; POST creates and shows the token
 * once), /t/<slug>/account/tokens/<id>/revoke (POST).
 */
int
ol_account_tokens(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest;
	char		*name, tok[TOKEN_FULL_LEN + 1];
	char		to[OL_SLUG_MAX + 32];
	int64_t		id;
	size_t		len;
	int		found, ret;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strncmp(rest, "/account/tokens", 15) != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_signin(req, ctx.tenant.slug));
	}
	rest += 15;

	if (*rest == '\0' && req->method == HTTP_METHOD_GET)
		return (tokens_page(&ctx, HTTP_STATUS_OK, NULL, NULL));
	if (!ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);

	if (!ol_form_read(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	if (*rest == '\0') {
		name = NULL;
		(void)http_argument_get_string(req, "name", &name);
		if (name == NULL || !token_name_ok(name)) {
			return (tokens_page(&ctx, HTTP_STATUS_BAD_REQUEST,
			    _("Please name the token (1 to 100 characters)."),
			    NULL));
		}
		ret = token_create(&ctx, name, tok, sizeof(tok), &id);
		if (ret == -1)
			return (ol_page_unavailable(&ctx));
		if (ret == 0) {
			return (tokens_page(&ctx, HTTP_STATUS_CONFLICT,
			    _("You have too many tokens. Revoke one first."),
			    NULL));
		}
		ret = tokens_page(&ctx, HTTP_STATUS_OK, NULL, tok);
		explicit_bzero(tok, sizeof(tok));
		return (ret);
	}

	/* "/<id>/revoke" */
	len = strcspn(rest + 1, "/");
	if (*rest != '/' || strcmp(rest + 1 + len, "/revoke") != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_id_parse(rest + 1, len, &id) ||
	    (ret = token_revoke(&ctx, id)) == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (ret == -1)
		return (ol_page_unavailable(&ctx));

	(void)snprintf(to, sizeof(to), "/t/%s/account/tokens", ctx.tenant.slug);
	ol_ctx_free(&ctx);

	return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
}

/*
 * API: /api/v1/tenants/<slug>/me/tokens (GET, POST {name}),
 * .../me/tokens/<id> (DELETE).
 */
int
ol_api_tokens(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	json_t		*body, *val, *list;
	const char	*rest, *key, *name;
	char		tok[TOKEN_FULL_LEN + 1];
	int64_t		id;
	int		found, status, i, ret;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	id = 0;
	if (found == 1 && (strncmp(rest, "/me/tokens", 10) != 0 ||
	    (rest[10] != '\0' && (rest[10] != '/' ||
	    !ol_id_parse(rest + 11, strlen(rest + 11), &id)))))
		found = 0;
	if (found == 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if ((id == 0 && req->method != HTTP_METHOD_GET &&
	    req->method != HTTP_METHOD_POST) ||
	    (id != 0 && req->method != HTTP_METHOD_DELETE)) {
		http_response_header(req, "allow", id == 0 ? "GET, POST" :
		    "DELETE");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!ol_api_gate(&ctx, 0))
		return (KORE_RESULT_OK);
	if (ctx.user.via_token) {
		return (ol_json_error(req, HTTP_STATUS_FORBIDDEN,
		    _("API tokens are managed from a signed-in session, not "
		    "with a token.")));
	}

	if (id != 0) {
		if ((ret = token_revoke(&ctx, id)) == -1)
			return (ol_json_unavailable(req));
		if (ret == 0) {
			return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
			    _("There is nothing at this address.")));
		}
		http_response(req, HTTP_STATUS_NO_CONTENT, NULL, 0);
		return (KORE_RESULT_OK);
	}

	if (req->method == HTTP_METHOD_GET) {
		if (!ol_db_begin(&db, ctx.tenant.id) || !tokens_list(&ctx, &db)) {
			ol_db_end(&db);
			return (ol_json_unavailable(req));
		}
		list = json_array();
		for (i = 0; i < ol_db_rows(&db); i++) {
			val = json_pack("{s:I,s:s,s:s}",
			    "id", (json_int_t)ol_db_int64(&db, i, 0),
			    "name", ol_db_value(&db, i, 1),
			    "created_at", ol_db_value(&db, i, 2));
			json_object_set_new(val, "last_used_at",
			    *ol_db_value(&db, i, 3) != '\0' ?
			    json_string(ol_db_value(&db, i, 3)) : json_null());
			json_array_append_new(list, val);
		}
		ol_db_end(&db);
		return (ol_json_respond(req, HTTP_STATUS_OK,
		    json_pack("{s:o}", "tokens", list)));
	}

	if ((status = ol_api_body(req, &body)) != HTTP_STATUS_OK)
		return (ol_api_body_error(req, status, body));
	name = NULL;
	json_object_foreach(body, key, val) {
		if (strcmp(key, "name") != 0 || !json_is_string(val)) {
			json_decref(body);
			return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
			    _("Please name the token (1 to 100 characters).")));
		}
		name = json_string_value(val);
	}
	if (name == NULL || !token_name_ok(name)) {
		json_decref(body);
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
		    _("Please name the token (1 to 100 characters).")));
	}

	ret = token_create(&ctx, name, tok, sizeof(tok), &id);
	if (ret != 1) {
		json_decref(body);
		if (ret == -1)
			return (ol_json_unavailable(req));
		return (ol_json_error(req, HTTP_STATUS_CONFLICT,
		    _("You have too many tokens. Revoke one first.")));
	}

	val = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "name", name,
	    "token", tok);
	explicit_bzero(tok, sizeof(tok));
	json_decref(body);

	return (ol_json_respond(req, HTTP_STATUS_CREATED, val));
}
