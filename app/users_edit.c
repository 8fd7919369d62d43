/*
 * Tenant admins edit a user: email address, name and roles, on the
 * user's page (/t/<slug>/admin/users/<id>) and with PATCH on the API
 * (users.c hands the fields here). One transaction per change; the
 * platform_admin role is never touched here (row-level security would
 * refuse it anyway), and a platform admin's account is for platform
 * admins to change (ol_user_guarded()).
 */

#include "octolearn.h"

static int		edit_page(struct ol_ctx *, int64_t, int, const char *,
			    const char *, const char *, int);

/*
 * Changes what is given (email, name: NULL keeps; roles: -1 keeps).
 * Returns an OL_EDIT_* code.
 */
int
ol_user_update(struct ol_ctx *ctx, int64_t id, const char *email,
    const char *name, int roles)
{
	struct ol_db	db;
	char		uid[24], arr[64];
	int		ret, g;

	if (roles == 0)
		return (OL_EDIT_NO_ROLE);
	if (roles != -1 && id == ctx->user.id &&
	    !(roles & OL_ROLE_TENANT_ADMIN))
		return (OL_EDIT_OWN_ADMIN);

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)id);
	ret = OL_EDIT_ERROR;
	if (!ol_db_begin(&db, ctx->tenant.id))
		goto out;
	if ((g = ol_user_guarded(ctx, &db, uid)) != 0) {
		ret = g == 1 ? OL_EDIT_GUARDED : OL_EDIT_ERROR;
		goto out;
	}
	if (!ol_db_exec(&db, "UPDATE users SET email = "
	    "coalesce(nullif($2, ''), email), display_name = "
	    "coalesce(nullif($3, ''), display_name) WHERE id = $1 RETURNING id",
	    3, uid, (int)strlen(uid), email ? email : "",
	    email ? (int)strlen(email) : 0, name ? name : "",
	    name ? (int)strlen(name) : 0)) {
		if (!strcmp(ol_db_sqlstate(&db), "23505"))
			ret = OL_EDIT_TAKEN;
		goto out;
	}
	if (ol_db_rows(&db) != 1) {
		ret = OL_EDIT_NOT_FOUND;
		goto out;
	}

	if (roles != -1) {
		(void)ol_roles_array(roles, arr, sizeof(arr));
		if (!ol_db_exec(&db, "DELETE FROM user_roles WHERE user_id = $1 "
		    "AND role <> 'platform_admin' AND NOT (role = ANY "
		    "($2::text[]))", 2, uid, (int)strlen(uid),
		    arr, (int)strlen(arr)) ||
		    !ol_db_exec(&db, "INSERT INTO user_roles (tenant_id, "
		    "user_id, role) SELECT octolearn_tenant(), $1, "
		    "unnest($2::text[]) ON CONFLICT DO NOTHING", 2,
		    uid, (int)strlen(uid), arr, (int)strlen(arr)))
			goto out;
	}

	if (ol_db_commit(&db)) {
		ret = OL_EDIT_OK;
		kore_log(LOG_INFO, "user %lld of %s edited by user %lld",
		    (long long)id, ctx->tenant.slug, (long long)ctx->user.id);
	}
out:
	ol_db_end(&db);

	return (ret);
}

/* The message for an OL_EDIT_* code and the status that goes with it. */
const char *
ol_user_update_message(int code, int *status)
{
	switch (code) {
	case OL_EDIT_NOT_FOUND:
		*status = HTTP_STATUS_NOT_FOUND;
		return (_("There is nothing at this address."));
	case OL_EDIT_TAKEN:
		*status = HTTP_STATUS_CONFLICT;
		return (_("Another user already has this email address."));
	case OL_EDIT_GUARDED:
		*status = HTTP_STATUS_FORBIDDEN;
		return (_("Only platform admins can change a platform admin's "
		    "account."));
	case OL_EDIT_NO_ROLE:
		*status = HTTP_STATUS_BAD_REQUEST;
		return (_("Please choose at least one role."));
	case OL_EDIT_OWN_ADMIN:
		*status = HTTP_STATUS_BAD_REQUEST;
		return (_("You cannot take the tenant admin role from "
		    "yourself."));
	default:
		*status = HTTP_STATUS_SERVICE_UNAVAILABLE;
		return (_("The service is unavailable. Please try again in a "
		    "moment."));
	}
}

static int
edit_page(struct ol_ctx *ctx, int64_t id, int status, const char *msg,
    const char *email, const char *name, int roles)
{
	struct ol_db	db;
	char		uid[24], *em, *nm;
	int		ret;

	/*
	 * The user is looked up even to show the form back with the values
	 * given, so that an unknown id is not found either way.
	 */
	em = nm = NULL;
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)id);
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT email, display_name, array_to_string(ARRAY("
	    "SELECT role FROM user_roles r WHERE r.user_id = u.id), "
	    "',') FROM users u WHERE u.id = $1", 1,
	    uid, (int)strlen(uid))) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}
	if (ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		return (ol_page_error(ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (email == NULL) {
		em = kore_strdup(ol_db_value(&db, 0, 0));
		nm = kore_strdup(ol_db_value(&db, 0, 1));
		roles = ol_roles_parse(ol_db_value(&db, 0, 2));
		email = em;
		name = nm;
	}
	ol_db_end(&db);

	ol_page_begin(ctx, _("Edit user"));
	ol_html(ctx, "<h1>%s</h1>\n", _("Edit user"));
	if (msg != NULL)
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n", msg);
	ol_html(ctx,
	    "<form method=\"post\" action=\"/t/%s/admin/users/%lld\" "
	    "class=\"form\">\n<input type=\"hidden\" name=\"csrf\" "
	    "value=\"%s\">\n"
	    "<label for=\"email\">%s</label>\n<input id=\"email\" "
	    "name=\"email\" type=\"email\" required value=\"%s\">\n"
	    "<label for=\"name\">%s</label>\n<input id=\"name\" name=\"name\" "
	    "required maxlength=\"200\" value=\"%s\">\n"
	    "<fieldset><legend>%s</legend>\n"
	    "<label><input type=\"checkbox\" name=\"role_learner\" value=\"1\""
	    "%H> %s</label>\n"
	    "<label><input type=\"checkbox\" name=\"role_trainer\" value=\"1\""
	    "%H> %s</label>\n"
	    "<label><input type=\"checkbox\" name=\"role_tenant_admin\" "
	    "value=\"1\"%H> %s</label>\n</fieldset>\n"
	    "<button type=\"submit\">%s</button>\n</form>\n",
	    ctx->tenant.slug, (long long)id, ctx->user.csrf,
	    _("Email address"), email, C_("of a person", "Name"), name, _("Roles"),
	    (roles & OL_ROLE_LEARNER) ? " checked" : "", _("Learner"),
	    (roles & OL_ROLE_TRAINER) ? " checked" : "", _("Trainer"),
	    (roles & OL_ROLE_TENANT_ADMIN) ? " checked" : "",
	    _("Tenant admin"), _("Save"));
	ret = ol_page_end(ctx, status);
	kore_free(em);
	kore_free(nm);

	return (ret);
}

/* GET and POST /t/<slug>/admin/users/<id> */
int
ol_admin_user_edit(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest, *err;
	char		*email, *name, *v, to[OL_SLUG_MAX + 24];
	int64_t		id;
	int		found, roles, ret, status;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	id = 0;
	if (found == 1 && (strncmp(rest, "/admin/users/", 13) != 0 ||
	    !ol_id_parse(rest + 13, strlen(rest + 13), &id)))
		found = 0;
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ol_admin_gate_page(&ctx))
		return (KORE_RESULT_OK);

	if (req->method == HTTP_METHOD_GET)
		return (edit_page(&ctx, id, HTTP_STATUS_OK, NULL, NULL, NULL, 0));
	if (!ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);

	if (!ol_form_read(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	email = name = NULL;
	(void)http_argument_get_string(req, "email", &email);
	(void)http_argument_get_string(req, "name", &name);
	roles = 0;
	if (http_argument_get_string(req, "role_learner", &v))
		roles |= OL_ROLE_LEARNER;
	if (http_argument_get_string(req, "role_trainer", &v))
		roles |= OL_ROLE_TRAINER;
	if (http_argument_get_string(req, "role_tenant_admin", &v))
		roles |= OL_ROLE_TENANT_ADMIN;

	if ((err = ol_user_fields_check(email, name)) != NULL) {
		return (edit_page(&ctx, id, HTTP_STATUS_BAD_REQUEST, err,
		    email ? email : "", name ? name : "", roles));
	}

	ret = ol_user_update(&ctx, id, email, name, roles);
	if (ret != OL_EDIT_OK) {
		err = ol_user_update_message(ret, &status);
		if (ret == OL_EDIT_ERROR)
			return (ol_page_unavailable(&ctx));
		if (ret == OL_EDIT_NOT_FOUND || ret == OL_EDIT_GUARDED)
			return (ol_page_error(&ctx, status, err));
		return (edit_page(&ctx, id, status, err, email, name, roles));
	}

	(void)snprintf(to, sizeof(to), "/t/%s/admin/users", ctx.tenant.slug);
	ol_ctx_free(&ctx);

	return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
}
