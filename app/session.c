/*
 * Sessions: a 256-bit token in an HttpOnly, SameSite=Lax cookie (Secure
 * under TLS) for the whole site, since pages (/t/<slug>/) and the JSON API
 * (/api/v1/tenants/<slug>/) share it; it only ever opens the tenant it was
 * made in, because it is looked up by its SHA-256 with that tenant fixed
 * (row-level security). Valid until revoked, idle too long or past its
 * absolute expiry. Also the CSRF checks and the client address.
 *
 * Each worker keeps the sessions it found (cache.c says for how long;
 * signing out, a password, a role or a disabled user or tenant end every
 * copy of the tenant at once): a slot per hash of the token's hash. So
 * a session's idle time and expiry are checked when it is read again,
 * at most OL_CACHE_TTL_MS late.
 */

#include <arpa/inet.h>

#include "octolearn.h"

#define SESSION_SLOTS	1024

struct session_kept {
	struct ol_cache_stamp	stamp;
	int64_t			tenant;
	char			hash[OL_TOKEN_HASH_LEN + 1];
	struct ol_user		user;
};

static struct session_kept	sessions_kept[SESSION_SLOTS];

static struct session_kept	*session_slot(const char *);

/* The hash is SHA-256 in hex: its first bytes are as good as any. */
static struct session_kept *
session_slot(const char *hash)
{
	u_int32_t	h;
	int		i;

	h = 0;
	for (i = 0; i < 8 && hash[i] != '\0'; i++)
		h = h * 31 + (u_int8_t)hash[i];

	return (&sessions_kept[h % SESSION_SLOTS]);
}

void
ol_cookie_set(struct ol_ctx *ctx, const char *name, const char *value,
    int maxage)
{
	char		hdr[512];
	int		len;

	len = snprintf(hdr, sizeof(hdr),
	    "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
	    name, value, maxage,
	    ol_cfg.secure_cookies ? "; Secure" : "");
	if (len < 0 || (size_t)len >= sizeof(hdr))
		fatal("ol_cookie_set: cookie too long");

	http_response_header(ctx->req, "set-cookie", hdr);
}

/* The request's cookies, parsed once however many readers ask. */
void
ol_cookies(struct http_request *req)
{
	if (TAILQ_EMPTY(&req->req_cookies))
		http_populate_cookies(req);
}

void
ol_client_addr(struct http_request *req, char *buf, size_t len)
{
	struct connection	*c;
	const void		*src;

	c = req->owner;
	if (c->family == AF_INET6)
		src = &c->addr.ipv6.sin6_addr;
	else
		src = &c->addr.ipv4.sin_addr;

	if (inet_ntop(c->family, src, buf, len) == NULL)
		(void)kore_strlcpy(buf, "unknown", len);
}

/* Role flags from the comma-separated role codes of user_roles. */
int
ol_roles_parse(const char *codes)
{
	char		*copy, *parts[8];
	int		i, n, roles;

	roles = 0;
	copy = kore_strdup(codes);
	n = kore_split_string(copy, ",", parts, 8);
	for (i = 0; i < n; i++) {
		if (!strcmp(parts[i], "learner"))
			roles |= OL_ROLE_LEARNER;
		else if (!strcmp(parts[i], "trainer"))
			roles |= OL_ROLE_TRAINER;
		else if (!strcmp(parts[i], "tenant_admin"))
			roles |= OL_ROLE_TENANT_ADMIN;
		else if (!strcmp(parts[i], "platform_admin"))
			roles |= OL_ROLE_PLATFORM_ADMIN;
	}
	kore_free(copy);

	return (roles);
}

/* The inverse: the roles a tenant admin grants, as a text[] literal. */
const char *
ol_roles_array(int roles, char *buf, size_t len)
{
	size_t		n;

	(void)snprintf(buf, len, "{%s%s%s}",
	    (roles & OL_ROLE_LEARNER) ? "learner," : "",
	    (roles & OL_ROLE_TRAINER) ? "trainer," : "",
	    (roles & OL_ROLE_TENANT_ADMIN) ? "tenant_admin," : "");
	if ((n = strlen(buf)) > 2) {
		buf[n - 2] = '}';
		buf[n - 1] = '\0';
	}

	return (buf);
}

/*
 * Finds the signed-in user of a tenant request, if any. Returns 1 when
 * there is one, 0 when not, -1 when the database failed.
 */
int
ol_session_load(struct ol_ctx *ctx)
{
	struct ol_db		db;
	struct ol_cache_stamp	stamp;
	struct session_kept	*kept;
	const char		*auth;
	char			*tok, hash[OL_TOKEN_HASH_LEN + 1], idle[16];
	int			ret;

	ctx->has_user = 0;
	if (!strncmp(ctx->req->path, "/api/", 5) &&
	    http_request_header(ctx->req, "authorization", &auth))
		return (ol_apitoken_load(ctx, auth));

	ol_cookies(ctx->req);
	if (!http_request_cookie(ctx->req, OL_COOKIE_SESSION, &tok) ||
	    !ol_token_valid(tok, strlen(tok)))
		return (0);

	if (ol_token_hash(tok, strlen(tok), hash, sizeof(hash)) == -1)
		fatal("ol_session_load: cannot hash");

	kept = session_slot(hash);
	if (kept->tenant == ctx->tenant.id && !strcmp(kept->hash, hash) &&
	    ol_cache_fresh(&kept->stamp, ctx->tenant.id, 0)) {
		ctx->user = kept->user;
		ctx->has_user = 1;
		return (1);
	}
	ol_cache_stamp(&stamp, ctx->tenant.id, 0);
	(void)snprintf(idle, sizeof(idle), "%d", OL_SESSION_IDLE);

	if (!ol_db_begin(&db, ctx->tenant.id)) {
		ol_db_end(&db);
		return (-1);
	}

	ret = -1;
	if (!ol_db_exec(&db,
	    "SELECT s.id, u.id, u.display_name, u.email, s.csrf_token, "
	    "array_to_string(ARRAY(SELECT role FROM user_roles r "
	    "WHERE r.tenant_id = u.tenant_id AND r.user_id = u.id), ','), "
	    "s.last_seen_at < now() - interval '1 minute', "
	    "coalesce(u.lang, '') FROM sessions s JOIN users u ON "
	    "u.tenant_id = s.tenant_id "
	    "AND u.id = s.user_id "
	    "WHERE s.token_hash = $1 AND s.revoked_at IS NULL "
	    "AND s.expires_at > now() AND NOT u.disabled "
	    "AND s.last_seen_at > now() - make_interval(secs => $2::int)",
	    2, hash, (int)strlen(hash), idle, (int)strlen(idle)))
		goto out;

	ret = 0;
	if (ol_db_rows(&db) != 1)
		goto out;

	ctx->user.session_id = ol_db_int64(&db, 0, 0);
	ctx->user.id = ol_db_int64(&db, 0, 1);
	(void)kore_strlcpy(ctx->user.name, ol_db_value(&db, 0, 2),
	    sizeof(ctx->user.name));
	(void)kore_strlcpy(ctx->user.email, ol_db_value(&db, 0, 3),
	    sizeof(ctx->user.email));
	(void)kore_strlcpy(ctx->user.csrf, ol_db_value(&db, 0, 4),
	    sizeof(ctx->user.csrf));

	ctx->user.roles = ol_roles_parse(ol_db_value(&db, 0, 5));
	ctx->user.via_token = 0;
	(void)kore_strlcpy(ctx->user.lang, ol_db_value(&db, 0, 7),
	    sizeof(ctx->user.lang));

	/* Idle time is counted from the last minute's activity. */
	if (ol_db_bool(&db, 0, 6)) {
		(void)snprintf(idle, sizeof(idle), "%lld",
		    (long long)ctx->user.session_id);
		ol_db_quiet(&db);
		if (!ol_db_exec(&db, "UPDATE sessions SET last_seen_at = now() "
		    "WHERE id = $1", 1, idle, (int)strlen(idle)) ||
		    !ol_db_commit(&db)) {
			ret = -1;
			goto out;
		}
	}

	ctx->has_user = 1;
	kept->stamp = stamp;
	kept->tenant = ctx->tenant.id;
	(void)kore_strlcpy(kept->hash, hash, sizeof(kept->hash));
	kept->user = ctx->user;
	ret = 1;

out:
	ol_db_end(&db);

	return (ret);
}

/*
 * A new session for user_id inside the caller's transaction; the cookie is
 * set on the response. A new token at every sign-in: a token planted
 * before sign-in (session fixation) is never promoted.
 */
int
ol_session_create(struct ol_ctx *ctx, struct ol_db *db, int64_t user_id)
{
	char		tok[OL_TOKEN_LEN + 1], csrf[OL_TOKEN_LEN + 1];
	char		hash[OL_TOKEN_HASH_LEN + 1], uid[24], life[16];

	if (ol_token_new(tok, sizeof(tok)) == -1 ||
	    ol_token_new(csrf, sizeof(csrf)) == -1 ||
	    ol_token_hash(tok, strlen(tok), hash, sizeof(hash)) == -1)
		fatal("ol_session_create: no randomness");

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
	(void)snprintf(life, sizeof(life), "%d", OL_SESSION_ABSOLUTE);

	if (!ol_db_exec(db,
	    "INSERT INTO sessions (tenant_id, user_id, token_hash, csrf_token, "
	    "expires_at) VALUES (octolearn_tenant(), $1, $2, $3, "
	    "now() + make_interval(secs => $4::int))", 4,
	    uid, (int)strlen(uid), hash, (int)strlen(hash),
	    csrf, (int)strlen(csrf), life, (int)strlen(life)))
		return (KORE_RESULT_ERROR);

	ol_cookie_set(ctx, OL_COOKIE_SESSION, tok, OL_SESSION_ABSOLUTE);
	explicit_bzero(tok, sizeof(tok));

	return (KORE_RESULT_OK);
}

int
ol_session_revoke(struct ol_ctx *ctx)
{
	struct ol_db	db;
	char		sid[24];
	int		ok;

	(void)snprintf(sid, sizeof(sid), "%lld",
	    (long long)ctx->user.session_id);

	ok = ol_db_begin(&db, ctx->tenant.id) &&
	    ol_db_exec(&db, "UPDATE sessions SET revoked_at = now() "
	    "WHERE id = $1", 1, sid, (int)strlen(sid)) &&
	    ol_db_commit(&db);
	ol_db_end(&db);

	if (ok)
		ol_cookie_set(ctx, OL_COOKIE_SESSION, "", 0);

	return (ok);
}

/*
 * A form's CSRF token: the signed-in user's session token, or before
 * sign-in the value of the CSRF cookie (double submit).
 */
int
ol_csrf_form_check(struct ol_ctx *ctx, const char *given)
{
	char		*cookie;

	if (given == NULL)
		return (0);

	if (ctx->has_user) {
		return (ol_token_equal(given, strlen(given), ctx->user.csrf,
		    strlen(ctx->user.csrf)));
	}

	ol_cookies(ctx->req);
	if (!http_request_cookie(ctx->req, OL_COOKIE_CSRF, &cookie) ||
	    !ol_token_valid(cookie, strlen(cookie)))
		return (0);

	return (ol_token_equal(given, strlen(given), cookie, strlen(cookie)));
}

/*
 * The prologue of every tenant request: the tenant named after prefix in
 * the path, then the signed-in user if any. Returns 1, 0 for no such
 * tenant, -1 when the database failed; *rest points past the slug.
 */
int
ol_ctx_tenant(struct ol_ctx *ctx, const char *prefix, const char **rest)
{
	int		found;

	found = ol_tenant_from_path(ctx, prefix, rest);
	if (found == 1 && ol_session_load(ctx) == -1)
		found = -1;
	if (found == 1)
		ol_lang_negotiate(ctx);

	return (found);
}

/*
 * JSON API requests that change something carry the session's CSRF token
 * in an X-CSRF-Token header (a cross-site form cannot set one).
 */
int
ol_csrf_header_check(struct ol_ctx *ctx)
{
	const char	*given;

	if (ctx->req->method == HTTP_METHOD_GET ||
	    ctx->req->method == HTTP_METHOD_HEAD)
		return (1);

	/* A bearer token is never sent by a browser on its own. */
	if (ctx->has_user && ctx->user.via_token)
		return (1);

	if (!ctx->has_user ||
	    !http_request_header(ctx->req, "x-csrf-token", &given))
		return (0);

	return (ol_token_equal(given, strlen(given), ctx->user.csrf,
	    strlen(ctx->user.csrf)));
}

/*
 * Pages' forms: the "csrf" field (the caller has populated the form) must
 * match; otherwise a 403 page is the answer and 0 is returned.
 */
int
ol_form_csrf(struct http_request *req, struct ol_ctx *ctx)
{
	char		*csrf;

	csrf = NULL;
	(void)http_argument_get_string(req, "csrf", &csrf);
	if (ol_csrf_form_check(ctx, csrf))
		return (1);

	(void)ol_page_error(ctx, HTTP_STATUS_FORBIDDEN,
	    _("This form has expired. Please try again."));

	return (0);
}
