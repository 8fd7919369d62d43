/*
 * Tenant admins create users: the form (page) and POST on the users
 * collection (API). Input is checked here with messages in the admin's
 * language; the password is hashed in a task (hashjob.c); the user and
 * their roles are written in one transaction.
 */

#include "octolearn.h"
#include "utf8.h"

#define EMAIL_MAX	254

struct user_input {
	char		email[EMAIL_MAX + 1];
	char		name[OL_NAME_MAX * 4 + 1];
	int		roles;
};

struct new_state {
	struct ol_hashjob	job;	/* first (see hashjob.c) */
	struct ol_ctx		ctx;
	struct user_input	in;
	int			api;
};

static const char	*input_check(struct user_input *, const char *,
			    const char *, const char *, size_t);
static int		text_ok(const char *, size_t, size_t);
static int		user_exists(struct ol_ctx *, const char *);
static int		user_insert(struct new_state *, int64_t *);
static int		new_form(struct ol_ctx *, int, const char *,
			    struct user_input *);
static int		new_finish(struct http_request *, struct new_state *);
static int		new_fail(struct new_state *, int, const char *);
static void		new_state_free(struct http_request *);

static int
text_ok(const char *s, size_t min, size_t max)
{
	size_t		i, len, chars;

	len = strlen(s);
	if (!ol_utf8_valid(s, len))
		return (0);
	chars = ol_utf8_chars(s, len);
	if (chars < min || chars > max)
		return (0);
	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			return (0);
	}

	return (1);
}

/* Checks and copies the fields; NULL when fine, else what is wrong. */
/* What the password policy says of a password, or NULL when it passes. */
const char *
ol_password_message(const char *pw, size_t len)
{
	switch (ol_password_policy(pw, len)) {
	case OL_PASSWORD_OK:
		return (NULL);
	case OL_PASSWORD_TOO_SHORT:
		return (_("The password must have at least 10 characters."));
	case OL_PASSWORD_TOO_LONG:
		return (_("The password must have at most 1024 bytes."));
	case OL_PASSWORD_COMMON:
		return (_("This password is too common. Please choose "
		    "another one."));
	default:
		return (_("The password contains characters that cannot be "
		    "used."));
	}
}

/* An email address and a display name as a user record takes them. */
const char *
ol_user_fields_check(const char *email, const char *name)
{
	const char	*at;

	if (email == NULL || !text_ok(email, 3, EMAIL_MAX) ||
	    strlen(email) > EMAIL_MAX || strchr(email, ' ') != NULL ||
	    (at = strchr(email, '@')) == NULL || at == email ||
	    at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return (_("Please enter a valid email address."));

	if (name == NULL || !text_ok(name, 1, OL_NAME_MAX))
		return (_("Please enter a name of 1 to 200 characters."));

	return (NULL);
}

static const char *
input_check(struct user_input *in, const char *email, const char *name,
    const char *password, size_t pwlen)
{
	const char	*err;

	if ((err = ol_user_fields_check(email, name)) != NULL)
		return (err);

	if (in->roles == 0)
		return (_("Please choose at least one role."));

	if (password == NULL)
		return (_("Please enter a password."));

	if ((err = ol_password_message(password, pwlen)) != NULL)
		return (err);

	(void)kore_strlcpy(in->email, email, sizeof(in->email));
	(void)kore_strlcpy(in->name, name, sizeof(in->name));

	return (NULL);
}

/* 1 when a user has this address (in any case), 0 not, -1 error. */
static int
user_exists(struct ol_ctx *ctx, const char *email)
{
	struct ol_db	db;
	int		ret;

	ret = -1;
	if (ol_db_begin(&db, ctx->tenant.id) && ol_db_exec(&db,
	    "SELECT 1 FROM users WHERE lower(email) = lower($1)", 1,
	    email, (int)strlen(email)))
		ret = ol_db_rows(&db) > 0;
	ol_db_end(&db);

	return (ret);
}

/* 1 inserted (*id set), 0 the address was taken meanwhile, -1 error. */
static int
user_insert(struct new_state *st, int64_t *id)
{
	struct ol_db	db;
	char		roles[64];
	int		ret;

	(void)ol_roles_array(st->in.roles, roles, sizeof(roles));

	ret = -1;
	if (!ol_db_begin(&db, st->ctx.tenant.id))
		goto out;

	if (!ol_db_exec(&db,
	    "WITH u AS (INSERT INTO users (tenant_id, email, display_name, "
	    "password_hash) VALUES (octolearn_tenant(), $1, $2, $3) "
	    "RETURNING tenant_id, id) "
	    "INSERT INTO user_roles (tenant_id, user_id, role) "
	    "SELECT u.tenant_id, u.id, r FROM u, unnest($4::text[]) r "
	    "RETURNING user_id", 4,
	    st->in.email, (int)strlen(st->in.email),
	    st->in.name, (int)strlen(st->in.name),
	    st->job.hash, (int)strlen(st->job.hash),
	    roles, (int)strlen(roles))) {
		if (!strcmp(ol_db_sqlstate(&db), "23505"))
			ret = 0;
		goto out;
	}

	*id = ol_db_int64(&db, 0, 0);
	if (ol_db_commit(&db)) {
		ret = 1;
		kore_log(LOG_INFO, "user %lld of %s created by user %lld",
		    (long long)*id, st->ctx.tenant.slug,
		    (long long)st->ctx.user.id);
	}

out:
	ol_db_end(&db);

	return (ret);
}

static int
new_form(struct ol_ctx *ctx, int status, const char *error,
    struct user_input *in)
{
	ol_page_begin(ctx, _("New user"));
	ol_html(ctx, "<h1>%s</h1>\n", _("New user"));
	if (error != NULL)
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n", error);
	ol_html(ctx,
	    "<form method=\"post\" action=\"/t/%s/admin/users/new\" "
	    "class=\"form\">\n"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
	    "<label for=\"email\">%s</label>\n"
	    "<input id=\"email\" name=\"email\" type=\"email\" required "
	    "maxlength=\"254\" value=\"%s\">\n"
	    "<label for=\"name\">%s</label>\n"
	    "<input id=\"name\" name=\"name\" required maxlength=\"200\" "
	    "value=\"%s\">\n"
	    "<fieldset><legend>%s</legend>\n"
	    "<label><input type=\"checkbox\" name=\"role_learner\" value=\"1\"%H>"
	    " %s</label>\n"
	    "<label><input type=\"checkbox\" name=\"role_trainer\" value=\"1\"%H>"
	    " %s</label>\n"
	    "<label><input type=\"checkbox\" name=\"role_tenant_admin\" "
	    "value=\"1\"%H> %s</label>\n</fieldset>\n"
	    "<label for=\"password\">%s</label>\n"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"new-password\" required minlength=\"10\">\n"
	    "<button type=\"submit\">%s</button>\n</form>\n",
	    ctx->tenant.slug, ctx->user.csrf, _("Email address"),
	    in != NULL ? in->email : "", C_("of a person", "Name"),
	    in != NULL ? in->name : "", _("Roles"),
	    (in == NULL || (in->roles & OL_ROLE_LEARNER)) ? " checked" : "",
	    _("Learner"),
	    (in != NULL && (in->roles & OL_ROLE_TRAINER)) ? " checked" : "",
	    _("Trainer"),
	    (in != NULL && (in->roles & OL_ROLE_TENANT_ADMIN)) ? " checked" : "",
	    _("Tenant admin"), _("Initial password"), _("Create user"));

	return (ol_page_end(ctx, status));
}

static void
new_state_free(struct http_request *req)
{
	struct new_state	*st;

	if ((st = http_state_get(req)) == NULL)
		return;
	ol_ctx_free(&st->ctx);
}

static int
new_fail(struct new_state *st, int status, const char *msg)
{
	if (st->api)
		return (ol_json_error(st->ctx.req, status, msg));

	return (new_form(&st->ctx, status, msg, &st->in));
}

static int
new_finish(struct http_request *req, struct new_state *st)
{
	char		to[OL_SLUG_MAX + 32];
	int64_t		id;
	int		done, ret;

	done = ol_hashjob_done(&st->job);
	if (done == 0)
		return (KORE_RESULT_RETRY);
	if (done == -1) {
		return (new_fail(st, HTTP_STATUS_INTERNAL_ERROR,
		    _("Something went wrong")));
	}

	ret = user_insert(st, &id);
	if (ret == -1) {
		if (st->api)
			return (ol_json_unavailable(req));
		return (ol_page_unavailable(&st->ctx));
	}
	if (ret == 0) {
		return (new_fail(st, HTTP_STATUS_CONFLICT,
		    _("A user with this email address already exists.")));
	}

	if (st->api) {
		(void)snprintf(to, sizeof(to), "/api/v1/tenants/%s/users/%lld",
		    st->ctx.tenant.slug, (long long)id);
		http_response_header(req, "location", to);
		ol_ctx_free(&st->ctx);
		return (ol_json_respond(req, HTTP_STATUS_CREATED,
		    json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id,
		    "email", st->in.email, "name", st->in.name)));
	}

	(void)snprintf(to, sizeof(to), "/t/%s/admin/users", st->ctx.tenant.slug);
	ol_ctx_free(&st->ctx);

	return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
}

/* GET and POST /t/<slug>/admin/users/new */
int
ol_admin_user_new(struct http_request *req)
{
	struct new_state	*st;
	struct ol_ctx		*ctx;
	const char		*rest, *err;
	char			*email, *name, *password, *v;
	int			found, exists;

	if (http_state_exists(req))
		return (new_finish(req, http_state_get(req)));

	st = http_state_create(req, sizeof(*st), new_state_free);
	ctx = &st->ctx;
	ol_ctx_init(ctx, req);
	found = ol_ctx_tenant(ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(ctx));
	if (found == 0 || strcmp(rest, "/admin/users/new") != 0) {
		return (ol_page_error(ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_admin_gate_page(ctx))
		return (KORE_RESULT_OK);

	if (req->method == HTTP_METHOD_GET)
		return (new_form(ctx, HTTP_STATUS_OK, NULL, NULL));
	if (!ol_ctx_method(ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);

	if (!ol_form_read(ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, ctx))
		return (KORE_RESULT_OK);
	email = name = password = NULL;
	(void)http_argument_get_string(req, "email", &email);
	(void)http_argument_get_string(req, "name", &name);
	(void)http_argument_get_string(req, "password", &password);
	if (http_argument_get_string(req, "role_learner", &v))
		st->in.roles |= OL_ROLE_LEARNER;
	if (http_argument_get_string(req, "role_trainer", &v))
		st->in.roles |= OL_ROLE_TRAINER;
	if (http_argument_get_string(req, "role_tenant_admin", &v))
		st->in.roles |= OL_ROLE_TENANT_ADMIN;

	err = input_check(&st->in, email, name, password,
	    password != NULL ? strlen(password) : 0);
	if (err != NULL) {
		if (email != NULL && text_ok(email, 0, EMAIL_MAX))
			(void)kore_strlcpy(st->in.email, email,
			    sizeof(st->in.email));
		if (name != NULL && text_ok(name, 0, OL_NAME_MAX))
			(void)kore_strlcpy(st->in.name, name,
			    sizeof(st->in.name));
		return (new_form(ctx, HTTP_STATUS_BAD_REQUEST, err, &st->in));
	}

	if ((exists = user_exists(ctx, st->in.email)) == -1)
		return (ol_page_unavailable(ctx));
	if (exists) {
		return (new_form(ctx, HTTP_STATUS_CONFLICT,
		    _("A user with this email address already exists."),
		    &st->in));
	}

	ol_hashjob_start(&st->job, req, password, strlen(password));

	return (KORE_RESULT_RETRY);
}

/* POST /api/v1/tenants/<slug>/users, from ol_api_users(). */
int
ol_api_user_create(struct http_request *req, struct ol_ctx *from)
{
	struct new_state	*st;
	json_t			*body, *val, *role;
	const char		*key, *err, *email, *name, *password, *r;
	size_t			i, pwlen;
	int			status, exists;

	if (http_state_exists(req))
		return (new_finish(req, http_state_get(req)));

	st = http_state_create(req, sizeof(*st), new_state_free);
	st->api = 1;
	st->ctx = *from;
	st->ctx.out = NULL;

	if ((status = ol_api_body(req, &body)) != HTTP_STATUS_OK)
		return (ol_api_body_error(req, status, body));

	email = name = password = NULL;
	pwlen = 0;
	json_object_foreach(body, key, val) {
		if (!strcmp(key, "email") && json_is_string(val)) {
			email = json_string_value(val);
		} else if (!strcmp(key, "name") && json_is_string(val)) {
			name = json_string_value(val);
		} else if (!strcmp(key, "password") && json_is_string(val)) {
			password = json_string_value(val);
			pwlen = json_string_length(val);
		} else if (!strcmp(key, "roles") && json_is_array(val)) {
			json_array_foreach(val, i, role) {
				r = json_string_value(role);
				if (r != NULL && !strcmp(r, "learner"))
					st->in.roles |= OL_ROLE_LEARNER;
				else if (r != NULL && !strcmp(r, "trainer"))
					st->in.roles |= OL_ROLE_TRAINER;
				else if (r != NULL && !strcmp(r, "tenant_admin"))
					st->in.roles |= OL_ROLE_TENANT_ADMIN;
				else {
					json_decref(body);
					return (ol_json_error(req,
					    HTTP_STATUS_BAD_REQUEST,
					    _("Roles are \"learner\", \"trainer\" "
					    "and \"tenant_admin\".")));
				}
			}
		} else {
			json_decref(body);
			return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
			    _("A user has email, name, roles and password, "
			    "as strings (roles: a list).")));
		}
	}

	err = input_check(&st->in, email, name, password, pwlen);
	if (err != NULL) {
		json_decref(body);
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST, err));
	}

	if ((exists = user_exists(&st->ctx, st->in.email)) != 0) {
		json_decref(body);
		if (exists == -1)
			return (ol_json_unavailable(req));
		return (ol_json_error(req, HTTP_STATUS_CONFLICT,
		    _("A user with this email address already exists.")));
	}

	ol_hashjob_start(&st->job, req, password, pwlen);
	json_decref(body);

	return (KORE_RESULT_RETRY);
}
