/*
 * Changing passwords. A user changes their own (the current one checked
 * first); a tenant admin sets a user's new password. Both end the user's
 * other sessions (for a reset: all of them), so that whoever knew the old
 * password is out. scrypt runs in a Kore task: the verify and the new hash
 * in one for a change (changejob), hashjob.c for a reset.
 */

#include "octolearn.h"

struct change_state {
	struct kore_task	task;	/* first: the thread finds the state */
	struct ol_ctx		ctx;
	int			api;
	int			reset;
	int64_t			target;
	char			stored[OL_PASSWORD_HASH_MAX];
	char			current[OL_PASSWORD_MAX + 1];
	char			fresh[OL_PASSWORD_MAX + 1];
	char			hash[OL_PASSWORD_HASH_MAX];
	struct ol_hashjob	job;
};

static int	change_task(struct kore_task *);
static void	change_state_free(struct http_request *);
static int	change_reply(struct change_state *, int, const char *);
static int	change_store(struct change_state *, const char *);
static int	change_finish(struct http_request *, struct change_state *);
static int	change_form(struct ol_ctx *, int, const char *);

/* 1 changed, 0 the current password is wrong, -1 hashing failed. */
static int
change_task(struct kore_task *t)
{
	struct change_state	*st = (struct change_state *)t;
	int			ret;

	ret = 0;
	if (ol_password_verify(st->stored, st->current, strlen(st->current)))
		ret = ol_password_hash(st->fresh, strlen(st->fresh), st->hash,
		    sizeof(st->hash)) == 0 ? 1 : -1;
	explicit_bzero(st->current, sizeof(st->current));
	explicit_bzero(st->fresh, sizeof(st->fresh));

	return (ret);
}

static void
change_state_free(struct http_request *req)
{
	struct change_state	*st;

	if ((st = http_state_get(req)) != NULL)
		ol_ctx_free(&st->ctx);
}

static int
change_form(struct ol_ctx *ctx, int status, const char *msg)
{
	ol_page_begin(ctx, _("Change password"));
	ol_html(ctx, "<h1>%s</h1>\n", _("Change password"));
	if (msg != NULL)
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n", msg);
	ol_html(ctx,
	    "<form method=\"post\" action=\"/t/%s/account/password\" "
	    "class=\"form\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label for=\"current\">%s</label>\n"
	    "<input id=\"current\" name=\"current\" type=\"password\" "
	    "autocomplete=\"current-password\" required>\n"
	    "<label for=\"fresh\">%s</label>\n"
	    "<input id=\"fresh\" name=\"fresh\" type=\"password\" "
	    "autocomplete=\"new-password\" required minlength=\"10\">\n"
	    "<button type=\"submit\">%s</button>\n</form>\n",
	    ctx->tenant.slug, ctx->user.csrf, _("Current password"),
	    _("New password"), _("Change password"));

	return (ol_page_end(ctx, status));
}

static int
change_reply(struct change_state *st, int status, const char *msg)
{
	struct http_request	*req = st->ctx.req;

	if (st->api) {
		if (status == HTTP_STATUS_OK) {
			return (ol_json_respond(req, status,
			    json_pack("{s:s}", "status", msg)));
		}
		return (ol_json_error(req, status, msg));
	}

	if (status == HTTP_STATUS_OK) {
		ol_page_begin(&st->ctx, _("Change password"));
		ol_html(&st->ctx, "<h1>%s</h1>\n<p class=\"notice\" "
		    "role=\"status\">%s</p>\n", _("Change password"), msg);
		return (ol_page_end(&st->ctx, status));
	}

	if (!st->reset)
		return (change_form(&st->ctx, status, msg));

	return (ol_page_error(&st->ctx, status, msg));
}

/*
 * Stores the new hash and ends sessions: the user's others on a change,
 * all of the target's on a reset. 1 done, 0 no such user, -1 error,
 * -2 a reset of a platform admin's password by someone who is not one.
 */
static int
change_store(struct change_state *st, const char *hash)
{
	struct ol_db	db;
	char		uid[24], sid[24];
	int		ret;

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)st->target);
	(void)snprintf(sid, sizeof(sid), "%lld",
	    st->reset ? 0LL : (long long)st->ctx.user.session_id);

	ret = -1;
	if (!ol_db_begin(&db, st->ctx.tenant.id))
		goto out;
	if (st->reset && (ret = ol_user_guarded(&st->ctx, &db, uid)) != 0) {
		ret = ret == 1 ? -2 : -1;
		goto out;
	}
	ret = -1;
	if (!ol_db_exec(&db, "UPDATE users SET password_hash = $2 "
	    "WHERE id = $1 RETURNING id", 2, uid, (int)strlen(uid),
	    hash, (int)strlen(hash)))
		goto out;
	if (ol_db_rows(&db) == 0) {
		ret = 0;
		goto out;
	}
	if (!ol_db_exec(&db, "UPDATE sessions SET revoked_at = now() "
	    "WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL", 2,
	    uid, (int)strlen(uid), sid, (int)strlen(sid)) ||
	    !ol_db_commit(&db))
		goto out;
	ret = 1;
	kore_log(LOG_INFO, "password of user %lld of %s %s by user %lld",
	    (long long)st->target, st->ctx.tenant.slug,
	    st->reset ? "reset" : "changed", (long long)st->ctx.user.id);

out:
	ol_db_end(&db);

	return (ret);
}

static int
change_finish(struct http_request *req, struct change_state *st)
{
	const char	*hash;
	int		verdict, ret;

	if (st->reset) {
		verdict = ol_hashjob_done(&st->job);
		if (verdict == 0)
			return (KORE_RESULT_RETRY);
		hash = st->job.hash;
	} else {
		if (kore_task_state(&st->task) != KORE_TASK_STATE_FINISHED) {
			http_request_sleep(req);
			return (KORE_RESULT_RETRY);
		}
		verdict = kore_task_result(&st->task);
		hash = st->hash;
	}

	if (verdict == 0) {
		return (change_reply(st, HTTP_STATUS_FORBIDDEN,
		    _("The current password is not right.")));
	}
	if (verdict != 1) {
		return (change_reply(st, HTTP_STATUS_INTERNAL_ERROR,
		    _("Something went wrong")));
	}

	ret = change_store(st, hash);
	if (ret == -1) {
		if (st->api)
			return (ol_json_unavailable(req));
		return (ol_page_unavailable(&st->ctx));
	}
	if (ret == 0) {
		return (change_reply(st, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (ret == -2) {
		return (change_reply(st, HTTP_STATUS_FORBIDDEN,
		    _("Only platform admins can change a platform admin's "
		    "account.")));
	}

	return (change_reply(st, HTTP_STATUS_OK,
	    st->reset ? _("The password has been set. The user's sessions "
	    "have ended.") : _("Your password has been changed. You have "
	    "been signed out everywhere else.")));
}

/*
 * /t/<slug>/account/password (page, GET and POST),
 * /api/v1/tenants/<slug>/me/password (API, POST {current, new}),
 * /t/<slug>/admin/users/<id>/password (page, POST {password}) and
 * /api/v1/tenants/<slug>/users/<id>/password (API, POST {password}).
 */
int
ol_password_change(struct http_request *req)
{
	struct change_state	*st;
	struct ol_ctx		*ctx;
	struct ol_db		db;
	json_t			*body, *val;
	const char		*rest, *key, *msg, *cur, *fresh, *tail;
	char			*a, *b, uid[24];
	int			found, status;

	if (http_state_exists(req))
		return (change_finish(req, http_state_get(req)));

	st = http_state_create(req, sizeof(*st), change_state_free);
	ctx = &st->ctx;
	ol_ctx_init(ctx, req);
	st->api = !strncmp(req->path, "/api/", 5);
	found = ol_ctx_tenant(ctx, st->api ? "/api/v1/tenants/" : "/t/", &rest);
	if (found == 1) {
		if (!strcmp(rest, st->api ? "/me/password" :
		    "/account/password")) {
			st->reset = 0;
		} else if (!strncmp(rest, st->api ? "/users/" :
		    "/admin/users/", st->api ? 7 : 13) &&
		    ol_id_parse(rest + (st->api ? 7 : 13), strcspn(rest +
		    (st->api ? 7 : 13), "/"), &st->target) &&
		    (tail = strchr(rest + (st->api ? 7 : 13), '/')) != NULL &&
		    !strcmp(tail, "/password")) {
			st->reset = 1;
		} else {
			found = 0;
		}
	}

	if (found != 1 && st->api) {
		ol_ctx_free(ctx);
		return (found == -1 ? ol_json_unavailable(req) :
		    ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (found == -1)
		return (ol_page_unavailable(ctx));
	if (found == 0) {
		return (ol_page_error(ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	/* Who may: anyone signed in for their own, tenant admins to reset. */
	if (st->api) {
		ol_ctx_free(ctx);
		if (req->method != HTTP_METHOD_POST) {
			http_response_header(req, "allow", "POST");
			return (ol_json_error(req,
			    HTTP_STATUS_METHOD_NOT_ALLOWED, _("This address "
			    "does not accept that kind of request.")));
		}
		if (!ol_api_gate(ctx, st->reset ? OL_ROLE_TENANT_ADMIN : 0))
			return (KORE_RESULT_OK);
	} else if (st->reset) {
		if (!ol_ctx_method(ctx, HTTP_METHOD_POST) ||
		    !ol_admin_gate_page(ctx))
			return (KORE_RESULT_OK);
	} else {
		if (!ctx->has_user) {
			ol_ctx_free(ctx);
			return (ol_redirect_signin(req, ctx->tenant.slug));
		}
		if (req->method == HTTP_METHOD_GET)
			return (change_form(ctx, HTTP_STATUS_OK, NULL));
		if (!ol_ctx_method(ctx, HTTP_METHOD_POST))
			return (KORE_RESULT_OK);
	}

	cur = fresh = NULL;
	body = NULL;
	if (st->api) {
		if ((status = ol_api_body(req, &body)) != HTTP_STATUS_OK)
			return (ol_api_body_error(req, status, body));
		json_object_foreach(body, key, val) {
			if (!st->reset && !strcmp(key, "current_password") &&
			    json_is_string(val)) {
				cur = json_string_value(val);
			} else if (!strcmp(key, st->reset ? "password" :
			    "new_password") && json_is_string(val)) {
				fresh = json_string_value(val);
			} else {
				json_decref(body);
				return (ol_json_error(req,
				    HTTP_STATUS_BAD_REQUEST, st->reset ?
				    _("Give the new password as \"password\".") :
				    _("Give \"current_password\" and "
				    "\"new_password\".")));
			}
		}
	} else {
		if (!ol_form_read(ctx))
			return (KORE_RESULT_OK);
		if (!ol_form_csrf(req, ctx))
			return (KORE_RESULT_OK);
		a = b = NULL;
		(void)http_argument_get_string(req, "current", &a);
		(void)http_argument_get_string(req, st->reset ? "password" :
		    "fresh", &b);
		cur = a;
		fresh = b;
	}

	msg = NULL;
	if (fresh == NULL || (!st->reset && cur == NULL))
		msg = _("Please enter the passwords.");
	else if ((msg = ol_password_message(fresh, strlen(fresh))) == NULL && cur != NULL &&
	    strlen(cur) > OL_PASSWORD_MAX)
		msg = _("The current password is not right.");
	if (msg != NULL) {
		json_decref(body);
		return (change_reply(st, HTTP_STATUS_BAD_REQUEST, msg));
	}

	if (st->reset) {
		ol_hashjob_start(&st->job, req, fresh, strlen(fresh));
		json_decref(body);
		return (KORE_RESULT_RETRY);
	}

	/* A change: the stored hash, then verify and hash in one task. */
	st->target = ctx->user.id;
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)st->target);
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT coalesce(password_hash, '') FROM users WHERE id = $1", 1,
	    uid, (int)strlen(uid)) || ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		json_decref(body);
		if (st->api)
			return (ol_json_unavailable(req));
		return (ol_page_unavailable(ctx));
	}
	(void)kore_strlcpy(st->stored, ol_db_value(&db, 0, 0),
	    sizeof(st->stored));
	ol_db_end(&db);
	if (st->stored[0] == '\0')
		(void)kore_strlcpy(st->stored, ol_dummy_hash, sizeof(st->stored));

	(void)kore_strlcpy(st->current, cur, sizeof(st->current));
	(void)kore_strlcpy(st->fresh, fresh, sizeof(st->fresh));
	json_decref(body);

	kore_task_create(&st->task, change_task);
	kore_task_bind_request(&st->task, req);
	kore_task_run(&st->task);

	return (KORE_RESULT_RETRY);
}
