/*
 * Sign-in and sign-out pages. The password check (scrypt, ~50 ms of CPU)
 * runs in a Kore task so that a burst of sign-ins does not stall the
 * worker's other requests; an unknown or disabled account is checked
 * against a dummy hash so that it costs the same as a wrong password.
 * Failed attempts are counted per account and per client address
 * (octolearn_signin_failed() in the schema) and locks are temporary.
 */

#include "octolearn.h"
#include "password.h"
#include "utf8.h"

#define FAIL_THRESHOLD_ACCOUNT	5
#define FAIL_THRESHOLD_ADDRESS	20
#define EMAIL_MAX		254

struct signin_state {
	struct kore_task	task;	/* first: the task finds the state */
	struct ol_ctx		ctx;
	int64_t			user_id;
	int			started;
	char			hash[OL_PASSWORD_HASH_MAX];
	char			password[OL_PASSWORD_MAX + 1];
	size_t			pwlen;
	char			email[EMAIL_MAX + 1];
	char			addr[64];
};

char	ol_dummy_hash[OL_PASSWORD_HASH_MAX];

static int	signin_form(struct ol_ctx *, int, const char *, const char *);
static int	signin_task(struct kore_task *);
static void	signin_state_free(struct http_request *);
static int	signin_start(struct http_request *);
static int	signin_count(struct ol_db *, const char *, const char *);
static int	signin_finish(struct http_request *, struct signin_state *);
static int	signin_locked(struct ol_ctx *, struct ol_db *,
		    const char *, const char *, int *);
static void	subject(char *, size_t, const char *, const char *);

/* Parent, before the workers: the hash unknown accounts are checked on. */
void
ol_signin_init(void)
{
	char		pw[OL_TOKEN_LEN + 1];

	if (ol_token_new(pw, sizeof(pw)) == -1 ||
	    ol_password_hash(pw, strlen(pw), ol_dummy_hash,
	    sizeof(ol_dummy_hash)) == -1)
		fatal("cannot make the dummy password hash");
}

/* Form fields: valid UTF-8 without control characters. */
int
ol_v_text(struct http_request *req, char *data)
{
	size_t		i, len;

	(void)req;

	len = strlen(data);
	if (!ol_utf8_valid(data, len))
		return (KORE_RESULT_ERROR);
	for (i = 0; i < len; i++) {
		if ((unsigned char)data[i] < 0x20 || data[i] == 0x7F)
			return (KORE_RESULT_ERROR);
	}

	return (KORE_RESULT_OK);
}

static void
subject(char *buf, size_t len, const char *kind, const char *value)
{
	size_t		i;

	(void)snprintf(buf, len, "%s:%s", kind, value);
	for (i = 0; buf[i] != '\0'; i++) {
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			buf[i] = (char)(buf[i] - 'A' + 'a');
	}
}

static int
signin_form(struct ol_ctx *ctx, int status, const char *error,
    const char *email)
{
	char		*cookie, csrf[OL_TOKEN_LEN + 1];

	ol_cookies(ctx->req);
	if (http_request_cookie(ctx->req, OL_COOKIE_CSRF, &cookie) &&
	    ol_token_valid(cookie, strlen(cookie))) {
		(void)kore_strlcpy(csrf, cookie, sizeof(csrf));
	} else {
		if (ol_token_new(csrf, sizeof(csrf)) == -1)
			fatal("signin_form: no randomness");
		ol_cookie_set(ctx, OL_COOKIE_CSRF, csrf, OL_SESSION_IDLE);
	}

	ol_page_begin(ctx, _("Sign in"));
	ol_html(ctx, "<h1>%s</h1>\n", _("Sign in"));
	if (error != NULL)
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n", error);
	ol_html(ctx,
	    "<form method=\"post\" action=\"/t/%s/signin\" class=\"form\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label for=\"email\">%s</label>\n"
	    "<input id=\"email\" name=\"email\" type=\"email\" "
	    "autocomplete=\"username\" required maxlength=\"254\" "
	    "value=\"%s\">\n"
	    "<label for=\"password\">%s</label>\n"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required>\n"
	    "<button type=\"submit\">%s</button>\n</form>\n",
	    ctx->tenant.slug, csrf, _("Email address"),
	    email != NULL ? email : "", _("Password"), _("Sign in"));

	return (ol_page_end(ctx, status));
}

/*
 * Kore stores the entry's return value as the task's result (tasks.c),
 * so the verdict is the return value: 1 only for a matching password.
 */
static int
signin_task(struct kore_task *t)
{
	struct signin_state	*st = (struct signin_state *)t;

	return (ol_password_verify(st->hash, st->password, st->pwlen));
}

/* Runs again while a task is pending, so it must stay idempotent. */
static void
signin_state_free(struct http_request *req)
{
	struct signin_state	*st;

	if ((st = http_state_get(req)) == NULL)
		return;

	if (kore_task_finished(&st->task) || !st->started)
		explicit_bzero(st->password, sizeof(st->password));
	ol_ctx_free(&st->ctx);
}

/*
 * Is one of the subjects locked? *minutes is how long is left.
 * Returns 1 locked, 0 not, -1 on a database error.
 */
static int
signin_locked(struct ol_ctx *ctx, struct ol_db *db, const char *account,
    const char *address, int *minutes)
{
	(void)ctx;

	if (!ol_db_exec(db, "SELECT ceil(extract(epoch FROM "
	    "max(locked_until) - now()) / 60)::int FROM signin_failures "
	    "WHERE subject IN ($1, $2) AND locked_until > now()", 2,
	    account, (int)strlen(account), address, (int)strlen(address)))
		return (-1);

	if (ol_db_rows(db) != 1 || ol_db_value(db, 0, 0)[0] == '\0')
		return (0);

	*minutes = (int)ol_db_int64(db, 0, 0);
	if (*minutes < 1)
		*minutes = 1;

	return (1);
}

int
ol_signin(struct http_request *req)
{
	struct signin_state	*st;
	struct ol_ctx		ctx;
	const char		*rest;
	int			found;

	if (http_state_exists(req)) {
		st = http_state_get(req);
		if (kore_task_state(&st->task) != KORE_TASK_STATE_FINISHED) {
			http_request_sleep(req);
			return (KORE_RESULT_RETRY);
		}
		return (signin_finish(req, st));
	}

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == 1 && strcmp(rest, "/signin") != 0)
		found = 0;
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	if (req->method == HTTP_METHOD_GET) {
		if (ctx.has_user) {
			ol_ctx_free(&ctx);
			return (ol_redirect_home(req, ctx.tenant.slug));
		}
		return (signin_form(&ctx, HTTP_STATUS_OK, NULL, NULL));
	}

	if (!ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);

	ol_ctx_free(&ctx);

	return (signin_start(req));
}

static int
signin_start(struct http_request *req)
{
	struct signin_state	*st;
	struct ol_ctx		*ctx;
	struct ol_db		db;
	const char		*rest;
	char			*email, *password, *csrf;
	char			account[EMAIL_MAX + 8], address[80];
	int			minutes, locked;

	st = http_state_create(req, sizeof(*st), signin_state_free);
	ctx = &st->ctx;
	ol_ctx_init(ctx, req);
	if (ol_ctx_tenant(ctx, "/t/", &rest) != 1)
		return (ol_page_unavailable(ctx));

	if (!ol_form_read(ctx))
		return (KORE_RESULT_OK);
	email = password = csrf = NULL;
	(void)http_argument_get_string(req, "email", &email);
	(void)http_argument_get_string(req, "password", &password);
	(void)http_argument_get_string(req, "csrf", &csrf);

	if (!ol_csrf_form_check(ctx, csrf)) {
		return (signin_form(ctx, HTTP_STATUS_FORBIDDEN,
		    _("This form has expired. Please try again."), email));
	}

	if (email == NULL || password == NULL || *email == '\0' ||
	    *password == '\0' || strlen(email) > EMAIL_MAX ||
	    strlen(password) > OL_PASSWORD_MAX) {
		return (signin_form(ctx, HTTP_STATUS_BAD_REQUEST,
		    _("Please enter your email address and your password."),
		    email != NULL && strlen(email) <= EMAIL_MAX ? email : NULL));
	}

	(void)kore_strlcpy(st->email, email, sizeof(st->email));
	ol_client_addr(req, st->addr, sizeof(st->addr));
	subject(account, sizeof(account), "user", st->email);
	subject(address, sizeof(address), "addr", st->addr);

	/*
	 * Attempts at one account or from one address are checked one at a
	 * time, and each is counted as a failure before its password is
	 * (signin_finish() takes it back when it was right): checked after
	 * the hashing, guesses sent at once all passed the check before the
	 * first failure was counted.
	 */
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT pg_advisory_xact_lock(1, hashtext($1)), "
	    "pg_advisory_xact_lock(2, hashtext($2))", 2, account,
	    (int)strlen(account), address, (int)strlen(address)))
		goto unavailable;

	locked = signin_locked(ctx, &db, account, address, &minutes);
	if (locked == -1)
		goto unavailable;
	if (locked == 1) {
		ol_db_end(&db);
		(void)snprintf(account, sizeof(account), "%d", minutes * 60);
		http_response_header(req, "retry-after", account);
		ol_page_begin(ctx, _("Sign in"));
		ol_html(ctx, "<h1>%s</h1>\n<p class=\"notice\" role=\"alert\">",
		    _("Sign in"));
		ol_html(ctx, ngettext("Too many failed sign-in attempts. "
		    "Please wait %d minute and try again.",
		    "Too many failed sign-in attempts. "
		    "Please wait %d minutes and try again.",
		    (unsigned long)minutes), minutes);
		ol_html(ctx, "</p>\n");
		return (ol_page_end(ctx, OL_HTTP_TOO_MANY));
	}

	if (!ol_db_exec(&db, "SELECT id, password_hash FROM users "
	    "WHERE lower(email) = lower($1) AND NOT disabled "
	    "AND password_hash IS NOT NULL", 1, st->email,
	    (int)strlen(st->email)))
		goto unavailable;

	if (ol_db_rows(&db) == 1) {
		st->user_id = ol_db_int64(&db, 0, 0);
		(void)kore_strlcpy(st->hash, ol_db_value(&db, 0, 1),
		    sizeof(st->hash));
	} else {
		st->user_id = 0;
		(void)kore_strlcpy(st->hash, ol_dummy_hash, sizeof(st->hash));
	}
	if (!signin_count(&db, account, address) || !ol_db_commit(&db))
		goto unavailable;
	ol_db_end(&db);

	st->pwlen = strlen(password);
	memcpy(st->password, password, st->pwlen + 1);

	kore_task_create(&st->task, signin_task);
	kore_task_bind_request(&st->task, req);
	st->started = 1;
	kore_task_run(&st->task);

	return (KORE_RESULT_RETRY);

unavailable:
	ol_db_end(&db);
	return (ol_page_unavailable(ctx));
}

/* Counts an attempt as a failure, of the account and of the address. */
static int
signin_count(struct ol_db *db, const char *account, const char *address)
{
	char		n[16];

	(void)snprintf(n, sizeof(n), "%d", FAIL_THRESHOLD_ACCOUNT);
	if (!ol_db_exec(db, "SELECT octolearn_signin_failed($1, $2::int)", 2,
	    account, (int)strlen(account), n, (int)strlen(n)))
		return (0);
	(void)snprintf(n, sizeof(n), "%d", FAIL_THRESHOLD_ADDRESS);

	return (ol_db_exec(db, "SELECT octolearn_signin_failed($1, $2::int)",
	    2, address, (int)strlen(address), n, (int)strlen(n)));
}

static int
signin_finish(struct http_request *req, struct signin_state *st)
{
	struct ol_ctx	*ctx = &st->ctx;
	struct ol_db	db;
	char		account[EMAIL_MAX + 8], address[80], n[16];
	int		ok;

	ok = kore_task_result(&st->task) == 1 && st->user_id > 0;
	explicit_bzero(st->password, sizeof(st->password));

	subject(account, sizeof(account), "user", st->email);
	subject(address, sizeof(address), "addr", st->addr);

	if (!ok) {
		/* Counted as a failure already, by signin_start(). */
		kore_log(LOG_NOTICE, "sign-in failed: tenant %s from %s",
		    ctx->tenant.slug, st->addr);
		return (signin_form(ctx, HTTP_STATUS_UNAUTHORIZED,
		    _("The email address or the password is not right."),
		    st->email));
	}

	/* The attempt was counted as a failure: taken back. */
	(void)snprintf(n, sizeof(n), "%d", FAIL_THRESHOLD_ADDRESS);
	if (!ol_db_begin(&db, ctx->tenant.id) ||
	    !ol_db_exec(&db, "DELETE FROM signin_failures "
	    "WHERE subject = $1", 1, account, (int)strlen(account)) ||
	    !ol_db_exec(&db, "UPDATE signin_failures SET failures = "
	    "failures - 1, locked_until = CASE WHEN failures - 1 < "
	    "$2::int THEN NULL ELSE locked_until END WHERE subject = $1 "
	    "AND failures > 0", 2, address, (int)strlen(address), n,
	    (int)strlen(n)) ||
	    !ol_session_create(ctx, &db, st->user_id) ||
	    !ol_db_commit(&db))
		goto unavailable;
	ol_db_end(&db);
	kore_log(LOG_INFO, "sign-in: tenant %s user %lld from %s",
	    ctx->tenant.slug, (long long)st->user_id, st->addr);

	return (ol_redirect_home(req, ctx->tenant.slug));

unavailable:
	ol_db_end(&db);
	return (ol_page_unavailable(ctx));
}

int
ol_signout(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest;
	int		found;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == 1 && strcmp(rest, "/signout") != 0)
		found = 0;
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	if (!ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);

	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_home(req, ctx.tenant.slug));
	}

	if (!ol_form_read(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	if (!ol_session_revoke(&ctx))
		return (ol_page_unavailable(&ctx));

	ol_ctx_free(&ctx);

	return (ol_redirect_home(req, ctx.tenant.slug));
}
