/*
 * Tenant admins manage the users of their tenant: the list (page and
 * API), and disabling or enabling an account (which also ends its
 * sessions). Users of other tenants are invisible here by construction
 * (row-level security), so asking for one answers 404.
 */

#include "octolearn.h"

#define USER_COLUMNS	"u.id, u.email, u.display_name, u.disabled, " \
			"array_to_string(ARRAY(SELECT role FROM user_roles r " \
			"WHERE r.tenant_id = u.tenant_id AND r.user_id = u.id " \
			"ORDER BY role), ',')"
#define JSON_BODY_MAX	65536

static json_t	*user_json(struct ol_db *, int);
static void	roles_html(struct ol_ctx *, const char *);
static int	user_set_disabled(struct ol_ctx *, int64_t, int);
static int	user_patch(struct http_request *, struct ol_ctx *, int64_t);

/* The roles of a user as the page shows them: labels in the language. */
static void
roles_html(struct ol_ctx *ctx, const char *codes)
{
	char		*copy, *parts[8];
	const char	*label;
	int		i, n;

	copy = kore_strdup(codes);
	n = kore_split_string(copy, ",", parts, 8);
	for (i = 0; i < n; i++) {
		if (!strcmp(parts[i], "learner"))
			label = _("Learner");
		else if (!strcmp(parts[i], "trainer"))
			label = _("Trainer");
		else if (!strcmp(parts[i], "tenant_admin"))
			label = _("Tenant admin");
		else if (!strcmp(parts[i], "platform_admin"))
			label = _("Platform admin");
		else
			label = parts[i];
		ol_html(ctx, "%s%s", i > 0 ? ", " : "", label);
	}
	kore_free(copy);
}

static json_t *
user_json(struct ol_db *db, int row)
{
	json_t		*roles;
	char		*copy, *parts[8];
	int		i, n;

	roles = json_array();
	copy = kore_strdup(ol_db_value(db, row, 4));
	n = kore_split_string(copy, ",", parts, 8);
	for (i = 0; i < n; i++)
		json_array_append_new(roles, json_string(parts[i]));
	kore_free(copy);

	return (json_pack("{s:I,s:s,s:s,s:b,s:o}",
	    "id", (json_int_t)ol_db_int64(db, row, 0),
	    "email", ol_db_value(db, row, 1),
	    "name", ol_db_value(db, row, 2),
	    "disabled", ol_db_bool(db, row, 3),
	    "roles", roles));
}

/*
 * Disables or enables a user of the tenant; disabling ends every session
 * of that user. Returns 1 done, 0 no such user, -1 database error.
 */
/*
 * A platform admin's account is changed by platform admins only, so that
 * a tenant admin of the same tenant cannot take it over (by a password
 * reset) or lock it out. 1 guarded, 0 not, -1 error.
 */
int
ol_user_guarded(struct ol_ctx *ctx, struct ol_db *db, const char *uid)
{
	if (ctx->user.roles & OL_ROLE_PLATFORM_ADMIN)
		return (0);
	if (!ol_db_exec(db, "SELECT 1 FROM user_roles WHERE user_id = $1 "
	    "AND role = 'platform_admin'", 1, uid, (int)strlen(uid)))
		return (-1);

	return (ol_db_rows(db) > 0);
}

/* 1 done, 0 no such user, -1 error, -2 guarded (ol_user_guarded()). */
static int
user_set_disabled(struct ol_ctx *ctx, int64_t id, int disabled)
{
	struct ol_db	db;
	char		sid[24];
	const char	*flag;
	int		ret;

	(void)snprintf(sid, sizeof(sid), "%lld", (long long)id);
	flag = disabled ? "t" : "f";

	if (!ol_db_begin(&db, ctx->tenant.id)) {
		ol_db_end(&db);
		return (-1);
	}

	if ((ret = ol_user_guarded(ctx, &db, sid)) != 0) {
		ret = ret == 1 ? -2 : -1;
		goto out;
	}

	ret = -1;
	if (!ol_db_exec(&db, "UPDATE users SET disabled = $2::boolean "
	    "WHERE id = $1 RETURNING id", 2, sid, (int)strlen(sid),
	    flag, 1))
		goto out;

	if (ol_db_rows(&db) == 0) {
		ret = 0;
		goto out;
	}

	if (disabled && !ol_db_exec(&db, "UPDATE sessions SET revoked_at = "
	    "now() WHERE user_id = $1 AND revoked_at IS NULL", 1,
	    sid, (int)strlen(sid)))
		goto out;

	if (ol_db_commit(&db))
		ret = 1;

out:
	ol_db_end(&db);
	if (ret == 1) {
		kore_log(LOG_INFO, "user %lld of %s %s by user %lld",
		    (long long)id, ctx->tenant.slug,
		    disabled ? "disabled" : "enabled",
		    (long long)ctx->user.id);
	}

	return (ret);
}

/* Pages: sign in first; then only tenant admins. */
int
ol_admin_gate_page(struct ol_ctx *ctx)
{
	if (!ctx->has_user) {
		ol_ctx_free(ctx);
		(void)ol_redirect_signin(ctx->req, ctx->tenant.slug);
		return (0);
	}

	if (!(ctx->user.roles & OL_ROLE_TENANT_ADMIN)) {
		(void)ol_page_error(ctx, HTTP_STATUS_FORBIDDEN,
		    _("You do not have access to this page."));
		return (0);
	}

	return (1);
}

/* The API: 401 without a session, 403 without the role or CSRF header. */
int
ol_api_gate(struct ol_ctx *ctx, int role)
{
	if (!ctx->has_user) {
		(void)ol_json_error(ctx->req, HTTP_STATUS_UNAUTHORIZED,
		    _("Please sign in."));
		return (0);
	}

	if (!ol_csrf_header_check(ctx)) {
		(void)ol_json_error(ctx->req, HTTP_STATUS_FORBIDDEN,
		    _("The X-CSRF-Token header is missing or wrong."));
		return (0);
	}

	if (role != 0 && !(ctx->user.roles & role)) {
		(void)ol_json_error(ctx->req, HTTP_STATUS_FORBIDDEN,
		    _("You do not have access to this page."));
		return (0);
	}

	return (1);
}

int
ol_admin_users(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	const char	*rest;
	int		found, i;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strcmp(rest, "/admin/users") != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_ctx_method(&ctx, HTTP_METHOD_GET) || !ol_admin_gate_page(&ctx))
		return (KORE_RESULT_OK);

	if (!ol_db_begin(&db, ctx.tenant.id) || !ol_db_exec(&db,
	    "SELECT " USER_COLUMNS " FROM users u ORDER BY lower(u.email)", 0)) {
		ol_db_end(&db);
		return (ol_page_unavailable(&ctx));
	}

	ol_page_begin(&ctx, _("Users"));
	ol_html(&ctx, "<h1>%s</h1>\n<p><a href=\"/t/%s/admin/users/new\">%s</a>"
	    " \xC2\xB7 <a href=\"/t/%s/admin/users/import\">%s</a></p>\n",
	    _("Users"), ctx.tenant.slug, _("New user"), ctx.tenant.slug,
	    _("Import users"));
	ol_html(&ctx, "<table class=\"list\">\n<thead><tr>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	    "<th scope=\"col\"><span class=\"sr\">%s</span></th>"
	    "</tr></thead>\n<tbody>\n", C_("of a person", "Name"),
	    _("Email address"), _("Roles"), _("Status"), _("Actions"));

	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_html(&ctx, "<tr><td><a href=\"/t/%s/admin/users/%s\">%s"
		    "</a></td><td>%s</td><td>", ctx.tenant.slug,
		    ol_db_value(&db, i, 0), ol_db_value(&db, i, 2),
		    ol_db_value(&db, i, 1));
		roles_html(&ctx, ol_db_value(&db, i, 4));
		ol_html(&ctx, "</td><td>%s</td><td>",
		    ol_db_bool(&db, i, 3) ? C_("user state", "Disabled") :
		    C_("user state", "Active"));
		if (ol_db_int64(&db, i, 0) != ctx.user.id) {
			ol_html(&ctx, "<form method=\"post\" action=\"/t/%s/"
			    "admin/users/%s/%s\"><input type=\"hidden\" "
			    "name=\"csrf\" value=\"%s\"><button type=\"submit\">"
			    "%s</button></form>", ctx.tenant.slug,
			    ol_db_value(&db, i, 0),
			    ol_db_bool(&db, i, 3) ? "enable" : "disable",
			    ctx.user.csrf,
			    ol_db_bool(&db, i, 3) ? _("Enable") : _("Disable"));
		}
		ol_html(&ctx, "<form method=\"post\" action=\"/t/%s/admin/users/"
		    "%s/password\"><input type=\"hidden\" name=\"csrf\" "
		    "value=\"%s\"><input type=\"password\" name=\"password\" "
		    "autocomplete=\"new-password\" minlength=\"10\" required "
		    "aria-label=\"%s\"><button type=\"submit\">%s</button>"
		    "</form>", ctx.tenant.slug, ol_db_value(&db, i, 0),
		    ctx.user.csrf, _("New password"), _("Set password"));
		ol_html(&ctx, "</td></tr>\n");
	}
	ol_html(&ctx, "</tbody>\n</table>\n");
	ol_db_end(&db);

	return (ol_page_end(&ctx, HTTP_STATUS_OK));
}

/* POST /t/<slug>/admin/users/<id>/(disable|enable) */
int
ol_admin_user_state(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest, *idp, *action;
	char		to[OL_SLUG_MAX + 24];
	int64_t		id;
	int		found, disable, ret;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));

	id = 0;
	action = NULL;
	if (found == 1) {
		if (strncmp(rest, "/admin/users/", 13) != 0)
			found = 0;
		else if ((action = strchr((idp = rest + 13), '/')) == NULL ||
		    !ol_id_parse(idp, (size_t)(action - idp), &id))
			found = 0;
	}
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	disable = !strcmp(action, "/disable");

	if (!ol_ctx_method(&ctx, HTTP_METHOD_POST) || !ol_admin_gate_page(&ctx))
		return (KORE_RESULT_OK);

	if (!ol_form_read(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	if (id == ctx.user.id && disable) {
		return (ol_page_error(&ctx, HTTP_STATUS_BAD_REQUEST,
		    _("You cannot disable your own account.")));
	}

	ret = user_set_disabled(&ctx, id, disable);
	if (ret == -1)
		return (ol_page_unavailable(&ctx));
	if (ret == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (ret == -2) {
		return (ol_page_error(&ctx, HTTP_STATUS_FORBIDDEN,
		    _("Only platform admins can change a platform admin's "
		    "account.")));
	}

	(void)snprintf(to, sizeof(to), "/t/%s/admin/users", ctx.tenant.slug);
	ol_ctx_free(&ctx);

	return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
}

/* GET /api/v1/tenants/<slug>/me: who is signed in, and the CSRF token. */
int
ol_api_me(struct http_request *req)
{
	struct ol_ctx	ctx;
	json_t		*roles;
	const char	*rest;
	int		found;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	if (found == 0 || strcmp(rest, "/me") != 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_GET) {
		http_response_header(req, "allow", "GET");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!ol_api_gate(&ctx, 0))
		return (KORE_RESULT_OK);

	roles = json_array();
	if (ctx.user.roles & OL_ROLE_LEARNER)
		json_array_append_new(roles, json_string("learner"));
	if (ctx.user.roles & OL_ROLE_TENANT_ADMIN)
		json_array_append_new(roles, json_string("tenant_admin"));
	if (ctx.user.roles & OL_ROLE_TRAINER)
		json_array_append_new(roles, json_string("trainer"));
	if (ctx.user.roles & OL_ROLE_PLATFORM_ADMIN)
		json_array_append_new(roles, json_string("platform_admin"));

	return (ol_json_respond(req, HTTP_STATUS_OK,
	    json_pack("{s:I,s:s,s:s,s:o,s:s}", "id", (json_int_t)ctx.user.id,
	    "email", ctx.user.email, "name", ctx.user.name, "roles", roles,
	    "csrf_token", ctx.user.csrf)));
}

/* GET /api/v1/tenants/<slug>/users */
int
ol_api_users(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	json_t		*list;
	const char	*rest;
	int		found, i;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	if (found == 0 || strcmp(rest, "/users") != 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_POST) {
		http_response_header(req, "allow", "GET, POST");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!ol_api_gate(&ctx, OL_ROLE_TENANT_ADMIN))
		return (KORE_RESULT_OK);
	if (req->method == HTTP_METHOD_POST)
		return (ol_api_user_create(req, &ctx));

	if (!ol_db_begin(&db, ctx.tenant.id) || !ol_db_exec(&db,
	    "SELECT " USER_COLUMNS " FROM users u ORDER BY lower(u.email)", 0)) {
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}

	list = json_array();
	for (i = 0; i < ol_db_rows(&db); i++)
		json_array_append_new(list, user_json(&db, i));
	ol_db_end(&db);

	return (ol_json_respond(req, HTTP_STATUS_OK,
	    json_pack("{s:o}", "users", list)));
}

/* The JSON body of an API request, at most JSON_BODY_MAX bytes. */
int
ol_api_body(struct http_request *req, json_t **doc)
{
	return (ol_api_body_max(req, JSON_BODY_MAX, doc));
}

/* The JSON body of an API request, at most max bytes. */
int
ol_api_body_max(struct http_request *req, size_t max, json_t **doc)
{
	struct kore_buf	*buf;
	u_int8_t	data[4096];
	ssize_t		r;
	json_error_t	err;

	*doc = NULL;
	if (req->content_length > max)
		return (HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE);

	buf = kore_buf_alloc(1024);
	for (;;) {
		r = http_body_read(req, data, sizeof(data));
		if (r == -1) {
			kore_buf_free(buf);
			return (HTTP_STATUS_BAD_REQUEST);
		}
		if (r == 0)
			break;
		kore_buf_append(buf, data, (size_t)r);
		if (buf->offset > max) {
			kore_buf_free(buf);
			return (HTTP_STATUS_REQUEST_ENTITY_TOO_LARGE);
		}
	}

	*doc = json_loadb((const char *)buf->data, buf->offset,
	    JSON_REJECT_DUPLICATES, &err);
	kore_buf_free(buf);

	return (*doc != NULL && json_is_object(*doc) ? HTTP_STATUS_OK :
	    HTTP_STATUS_BAD_REQUEST);
}

/* The answer when ol_api_body() refused the body (which it frees). */
int
ol_api_body_error(struct http_request *req, int status, json_t *body)
{
	json_decref(body);

	return (ol_json_error(req, status, status == HTTP_STATUS_BAD_REQUEST ?
	    _("The request body is not a JSON object.") :
	    _("The request body is too large.")));
}

/*
 * PATCH of a user: any of email, name, roles (a list), disabled. 1 when
 * it has answered (an error), 0 when done and the user is to be shown.
 */
static int
user_patch(struct http_request *req, struct ol_ctx *ctx, int64_t id)
{
	json_t		*body, *val, *r;
	const char	*key, *email, *name, *err, *code;
	size_t		i;
	int		status, disabled, roles, ret;

	if ((status = ol_api_body(req, &body)) != HTTP_STATUS_OK) {
		(void)ol_api_body_error(req, status, body);
		return (1);
	}
	email = name = NULL;
	disabled = roles = -1;
	json_object_foreach(body, key, val) {
		if (!strcmp(key, "disabled") && json_is_boolean(val)) {
			disabled = json_is_true(val);
		} else if (!strcmp(key, "email") && json_is_string(val)) {
			email = json_string_value(val);
		} else if (!strcmp(key, "name") && json_is_string(val)) {
			name = json_string_value(val);
		} else if (!strcmp(key, "roles") && json_is_array(val)) {
			roles = 0;
			json_array_foreach(val, i, r) {
				code = json_is_string(r) ?
				    json_string_value(r) : "";
				if (!strcmp(code, "learner"))
					roles |= OL_ROLE_LEARNER;
				else if (!strcmp(code, "trainer"))
					roles |= OL_ROLE_TRAINER;
				else if (!strcmp(code, "tenant_admin"))
					roles |= OL_ROLE_TENANT_ADMIN;
				else
					goto bad;
			}
		} else {
			goto bad;
		}
	}
	if (disabled == -1 && email == NULL && name == NULL && roles == -1)
		goto bad;

	if ((err = ol_user_fields_check(email ? email : "a@b",
	    name ? name : "x")) != NULL) {
		json_decref(body);
		(void)ol_json_error(req, HTTP_STATUS_BAD_REQUEST, err);
		return (1);
	}
	if (disabled == 1 && id == ctx->user.id) {
		json_decref(body);
		(void)ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
		    _("You cannot disable your own account."));
		return (1);
	}

	if (email != NULL || name != NULL || roles != -1) {
		ret = ol_user_update(ctx, id, email, name, roles);
		if (ret != OL_EDIT_OK) {
			json_decref(body);
			err = ol_user_update_message(ret, &status);
			(void)ol_json_error(req, status, err);
			return (1);
		}
	}
	json_decref(body);

	if (disabled != -1) {
		ret = user_set_disabled(ctx, id, disabled);
		if (ret == -1) {
			(void)ol_json_unavailable(req);
			return (1);
		}
		if (ret == 0 || ret == -2) {
			(void)ol_json_error(req, ret == 0 ?
			    HTTP_STATUS_NOT_FOUND : HTTP_STATUS_FORBIDDEN,
			    ret == 0 ? _("There is nothing at this address.") :
			    _("Only platform admins can change a platform "
			    "admin's account."));
			return (1);
		}
	}

	return (0);

bad:
	json_decref(body);
	(void)ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
	    _("A user's email, name, roles (a list of learner, trainer, "
	    "tenant_admin) and disabled (true or false) can be changed "
	    "here."));

	return (1);
}

/* GET or PATCH /api/v1/tenants/<slug>/users/<id> */
int
ol_api_user(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	json_t		*body;
	const char	*rest, *idp;
	char		sid[24];
	int64_t		id;
	int		found;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	id = 0;
	if (found == 1 && strncmp(rest, "/users/", 7) == 0) {
		idp = rest + 7;
		if (!ol_id_parse(idp, strlen(idp), &id))
			found = 0;
	} else {
		found = 0;
	}
	if (found == 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_PATCH) {
		http_response_header(req, "allow", "GET, PATCH");
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!ol_api_gate(&ctx, OL_ROLE_TENANT_ADMIN))
		return (KORE_RESULT_OK);

	if (req->method == HTTP_METHOD_PATCH && user_patch(req, &ctx, id))
		return (KORE_RESULT_OK);

	(void)snprintf(sid, sizeof(sid), "%lld", (long long)id);
	if (!ol_db_begin(&db, ctx.tenant.id) || !ol_db_exec(&db,
	    "SELECT " USER_COLUMNS " FROM users u WHERE u.id = $1", 1,
	    sid, (int)strlen(sid))) {
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}
	if (ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	body = user_json(&db, 0);
	ol_db_end(&db);

	return (ol_json_respond(req, HTTP_STATUS_OK, body));
}
