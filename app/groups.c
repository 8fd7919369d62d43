/*
 * Groups (cohorts): tenant admins create them and put learners and
 * trainers in them; a trainer sees their own groups and those groups'
 * learners, nothing else. Pages and API share the queries here. A group
 * the user may not see is not found (404), like another tenant's.
 */

#include "octolearn.h"

#define MEMBER_ADDED	1
#define MEMBER_NO_USER	0
#define MEMBER_ERROR	-1
#define MEMBER_NO_ROLE	-2
#define MEMBER_NO_GROUP	-3

static int	group_path(struct ol_ctx *, const char *, int64_t *,
		    const char **);
static int	group_members(struct ol_db *, int64_t);
static int	member_add(struct ol_ctx *, int64_t, const char *, const char *);
static int	member_remove(struct ol_ctx *, int64_t, int64_t);
static int	group_create(struct ol_ctx *, const char *, int64_t *);
static int	group_delete(struct ol_ctx *, int64_t);
static int	groups_query(struct ol_ctx *, struct ol_db *);
static const char	*member_message(int);
static int	groups_page(struct ol_ctx *, int, const char *);
static int	group_page(struct ol_ctx *, int64_t, int, const char *);

/* Parses "/<id>[rest]" after /groups; *tail points past the id. */
static int
group_path(struct ol_ctx *ctx, const char *s, int64_t *id, const char **tail)
{
	size_t		len;

	(void)ctx;
	if (*s != '/')
		return (0);
	s++;
	len = strcspn(s, "/");
	*tail = s + len;

	return (ol_id_parse(s, len, id));
}

/* The groups the user may see: all for admins, their own for trainers. */
static int
groups_query(struct ol_ctx *ctx, struct ol_db *db)
{
	char		uid[24], all[2];

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	all[0] = (ctx->user.roles & OL_ROLE_TENANT_ADMIN) ? 't' : 'f';
	all[1] = '\0';

	return (ol_db_exec(db,
	    "SELECT g.id, g.name, "
	    "(SELECT count(*) FROM group_members m WHERE m.group_id = g.id "
	    "AND m.role = 'learner'), "
	    "(SELECT count(*) FROM group_members m WHERE m.group_id = g.id "
	    "AND m.role = 'trainer') FROM groups g "
	    "WHERE $2::boolean OR EXISTS (SELECT 1 FROM group_members m "
	    "WHERE m.group_id = g.id AND m.user_id = $1 AND "
	    "m.role = 'trainer') ORDER BY lower(g.name)", 2,
	    uid, (int)strlen(uid), all, 1));
}

/* 1 when the group exists and the user may see it (name in row 0). */
int
ol_group_load(struct ol_ctx *ctx, struct ol_db *db, int64_t id)
{
	char		gid[24], uid[24], all[2];

	(void)snprintf(gid, sizeof(gid), "%lld", (long long)id);
	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	all[0] = (ctx->user.roles & OL_ROLE_TENANT_ADMIN) ? 't' : 'f';
	all[1] = '\0';

	if (!ol_db_exec(db, "SELECT g.name FROM groups g WHERE g.id = $1 AND "
	    "($3::boolean OR EXISTS (SELECT 1 FROM group_members m WHERE "
	    "m.group_id = g.id AND m.user_id = $2 AND m.role = 'trainer'))",
	    3, gid, (int)strlen(gid), uid, (int)strlen(uid), all, 1))
		return (-1);

	return (ol_db_rows(db) == 1);
}

static int
group_members(struct ol_db *db, int64_t id)
{
	char		gid[24];

	(void)snprintf(gid, sizeof(gid), "%lld", (long long)id);

	return (ol_db_exec(db, "SELECT u.id, u.display_name, u.email, m.role "
	    "FROM group_members m JOIN users u ON u.tenant_id = m.tenant_id "
	    "AND u.id = m.user_id WHERE m.group_id = $1 "
	    "ORDER BY m.role DESC, lower(u.display_name)", 1,
	    gid, (int)strlen(gid)));
}

/* 1 created (*id), 0 the name is taken, -1 error. */
static int
group_create(struct ol_ctx *ctx, const char *name, int64_t *id)
{
	struct ol_db	db;
	int		ret;

	ret = -1;
	if (!ol_db_begin(&db, ctx->tenant.id))
		goto out;
	if (!ol_db_exec(&db, "INSERT INTO groups (tenant_id, name) VALUES "
	    "(octolearn_tenant(), $1) RETURNING id", 1, name,
	    (int)strlen(name))) {
		if (!strcmp(ol_db_sqlstate(&db), "23505"))
			ret = 0;
		goto out;
	}
	*id = ol_db_int64(&db, 0, 0);
	if (ol_db_commit(&db))
		ret = 1;
out:
	ol_db_end(&db);

	return (ret);
}

/* Adds the tenant's user with that address, who must hold the role. */
static int
member_add(struct ol_ctx *ctx, int64_t gid, const char *email,
    const char *role)
{
	struct ol_db	db;
	char		g[24];
	int		ret;

	(void)snprintf(g, sizeof(g), "%lld", (long long)gid);

	ret = MEMBER_ERROR;
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT 1 FROM groups WHERE id = $1", 1, g, (int)strlen(g)))
		goto out;
	if (ol_db_rows(&db) != 1) {
		ret = MEMBER_NO_GROUP;
		goto out;
	}
	if (!ol_db_exec(&db, "SELECT u.id, EXISTS (SELECT 1 FROM user_roles r "
	    "WHERE r.user_id = u.id AND r.role = $2) FROM users u "
	    "WHERE lower(u.email) = lower($1)", 2, email, (int)strlen(email),
	    role, (int)strlen(role)))
		goto out;
	if (ol_db_rows(&db) != 1) {
		ret = MEMBER_NO_USER;
		goto out;
	}
	if (!ol_db_bool(&db, 0, 1)) {
		ret = MEMBER_NO_ROLE;
		goto out;
	}
	if (!ol_db_exec(&db, "INSERT INTO group_members (tenant_id, group_id, "
	    "user_id, role) SELECT octolearn_tenant(), $1, $2, $3 "
	    "ON CONFLICT DO NOTHING", 3, g, (int)strlen(g),
	    ol_db_value(&db, 0, 0), (int)strlen(ol_db_value(&db, 0, 0)),
	    role, (int)strlen(role)) || !ol_db_commit(&db))
		goto out;
	ret = MEMBER_ADDED;
out:
	ol_db_end(&db);

	return (ret);
}

/* 1 removed, 0 no such member of that group, -1 error. */
static int
member_remove(struct ol_ctx *ctx, int64_t gid, int64_t uid)
{
	struct ol_db	db;
	char		g[24], u[24];
	int		ret;

	(void)snprintf(g, sizeof(g), "%lld", (long long)gid);
	(void)snprintf(u, sizeof(u), "%lld", (long long)uid);
	ret = -1;
	if (ol_db_begin(&db, ctx->tenant.id) && ol_db_exec(&db,
	    "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2 "
	    "RETURNING user_id", 2, g, (int)strlen(g), u, (int)strlen(u))) {
		ret = ol_db_rows(&db) > 0;
		if (ret == 1 && !ol_db_commit(&db))
			ret = -1;
	}
	ol_db_end(&db);

	return (ret);
}

/* 1 deleted with its memberships, 0 no such group, -1 error. */
static int
group_delete(struct ol_ctx *ctx, int64_t gid)
{
	struct ol_db	db;
	char		g[24];
	int		ret;

	(void)snprintf(g, sizeof(g), "%lld", (long long)gid);
	ret = -1;
	if (ol_db_begin(&db, ctx->tenant.id) && ol_db_exec(&db,
	    "DELETE FROM groups WHERE id = $1 RETURNING id", 1,
	    g, (int)strlen(g))) {
		ret = ol_db_rows(&db) > 0;
		if (ret == 1 && !ol_db_commit(&db))
			ret = -1;
	}
	ol_db_end(&db);

	return (ret);
}

static const char *
member_message(int ret)
{
	if (ret == MEMBER_NO_USER)
		return (_("There is no user with this email address."));
	return (_("This user does not have that role."));
}

static int
groups_page(struct ol_ctx *ctx, int status, const char *msg)
{
	struct ol_db	db;
	int		i, admin;

	admin = ctx->user.roles & OL_ROLE_TENANT_ADMIN;
	if (!ol_db_begin(&db, ctx->tenant.id) || !groups_query(ctx, &db)) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}

	ol_page_begin(ctx, _("Groups"));
	ol_html(ctx, "<h1>%s</h1>\n", _("Groups"));
	if (msg != NULL)
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n", msg);
	ol_html(ctx, "<table class=\"list\">\n<thead><tr><th scope=\"col\">%s"
	    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
	    "</thead>\n<tbody>\n", C_("of a thing", "Name"), _("Learners"),
	    _("Trainers"));
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_html(ctx, "<tr><td><a href=\"/t/%s/groups/%s\">%s</a></td>"
		    "<td>%s</td><td>%s</td></tr>\n", ctx->tenant.slug,
		    ol_db_value(&db, i, 0), ol_db_value(&db, i, 1),
		    ol_db_value(&db, i, 2), ol_db_value(&db, i, 3));
	}
	ol_html(ctx, "</tbody>\n</table>\n");
	ol_db_end(&db);

	if (admin) {
		ol_html(ctx, "<h2>%s</h2>\n<form method=\"post\" "
		    "action=\"/t/%s/groups\" class=\"form\">\n"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
		    "<label for=\"name\">%s</label>\n<input id=\"name\" "
		    "name=\"name\" required maxlength=\"200\">\n"
		    "<button type=\"submit\">%s</button>\n</form>\n",
		    _("New group"), ctx->tenant.slug, ctx->user.csrf,
		    C_("of a thing", "Name"), _("Create group"));
	}

	return (ol_page_end(ctx, status));
}

static int
group_page(struct ol_ctx *ctx, int64_t id, int status, const char *msg)
{
	struct ol_db	db;
	char		name[OL_NAME_MAX * 4 + 1];
	int		i, found, admin;

	admin = ctx->user.roles & OL_ROLE_TENANT_ADMIN;
	if (!ol_db_begin(&db, ctx->tenant.id) ||
	    (found = ol_group_load(ctx, &db, id)) == -1) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}
	if (found == 0) {
		ol_db_end(&db);
		return (ol_page_error(ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	(void)kore_strlcpy(name, ol_db_value(&db, 0, 0), sizeof(name));
	if (!group_members(&db, id)) {
		ol_db_end(&db);
		return (ol_page_unavailable(ctx));
	}

	ol_page_begin(ctx, name);
	ol_html(ctx, "<h1>%s</h1>\n", name);
	if (msg != NULL)
		ol_html(ctx, "<p class=\"notice\" role=\"alert\">%s</p>\n", msg);
	ol_html(ctx, "<table class=\"list\">\n<thead><tr><th scope=\"col\">%s"
	    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>%H</tr>"
	    "</thead>\n<tbody>\n", C_("of a person", "Name"),
	    _("Email address"), _("Role"),
	    admin ? "<th scope=\"col\"></th>" : "");
	for (i = 0; i < ol_db_rows(&db); i++) {
		ol_html(ctx, "<tr><td>%s</td><td>%s</td><td>%s</td>",
		    ol_db_value(&db, i, 1), ol_db_value(&db, i, 2),
		    !strcmp(ol_db_value(&db, i, 3), "trainer") ?
		    _("Trainer") : _("Learner"));
		if (admin) {
			ol_html(ctx, "<td><form method=\"post\" action=\"/t/%s/"
			    "groups/%lld/members/%s/remove\"><input type=\"hidden"
			    "\" name=\"csrf\" value=\"%s\"><button type=\"submit"
			    "\">%s</button></form></td>", ctx->tenant.slug,
			    (long long)id, ol_db_value(&db, i, 0),
			    ctx->user.csrf, _("Remove"));
		}
		ol_html(ctx, "</tr>\n");
	}
	ol_html(ctx, "</tbody>\n</table>\n");
	ol_db_end(&db);

	if (admin) {
		ol_html(ctx, "<h2>%s</h2>\n<form method=\"post\" action=\"/t/%s/"
		    "groups/%lld/members\" class=\"form\">\n<input type=\"hidden"
		    "\" name=\"csrf\" value=\"%s\">\n<label for=\"email\">%s"
		    "</label>\n<input id=\"email\" name=\"email\" type=\"email\" "
		    "required>\n<label for=\"role\">%s</label>\n<select id=\""
		    "role\" name=\"role\"><option value=\"learner\">%s</option>"
		    "<option value=\"trainer\">%s</option></select>\n<button "
		    "type=\"submit\">%s</button>\n</form>\n", _("Add a member"),
		    ctx->tenant.slug, (long long)id, ctx->user.csrf,
		    _("Email address"), _("Role"), _("Learner"), _("Trainer"),
		    _("Add"));
		ol_html(ctx, "<form method=\"post\" action=\"/t/%s/groups/%lld/"
		    "delete\" class=\"form\">\n<input type=\"hidden\" "
		    "name=\"csrf\" value=\"%s\">\n<button type=\"submit\">%s"
		    "</button>\n</form>\n", ctx->tenant.slug, (long long)id,
		    ctx->user.csrf, _("Delete this group"));
	}

	return (ol_page_end(ctx, status));
}

/*
 * Pages: /t/<slug>/groups (GET; POST creates), /t/<slug>/groups/<id>,
 * /t/<slug>/groups/<id>/members (POST adds),
 * /t/<slug>/groups/<id>/members/<uid>/remove (POST).
 */
int
ol_groups(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest, *tail, *t2;
	char		*name, *email, *role, to[OL_SLUG_MAX + 48];
	int64_t		gid, uid;
	int		found, ret;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || strncmp(rest, "/groups", 7) != 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (!ctx.has_user) {
		ol_ctx_free(&ctx);
		return (ol_redirect_signin(req, ctx.tenant.slug));
	}
	if (!(ctx.user.roles & (OL_ROLE_TENANT_ADMIN | OL_ROLE_TRAINER))) {
		return (ol_page_error(&ctx, HTTP_STATUS_FORBIDDEN,
		    _("You do not have access to this page.")));
	}

	rest += 7;
	gid = 0;
	tail = "";
	if (*rest != '\0' && !group_path(&ctx, rest, &gid, &tail)) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	if (req->method == HTTP_METHOD_GET && *tail == '\0') {
		if (gid == 0)
			return (groups_page(&ctx, HTTP_STATUS_OK, NULL));
		return (group_page(&ctx, gid, HTTP_STATUS_OK, NULL));
	}

	if (!ol_ctx_method(&ctx, HTTP_METHOD_POST))
		return (KORE_RESULT_OK);
	if (gid != 0 && strcmp(tail, "/delete") && strcmp(tail, "/members") &&
	    strncmp(tail, "/members/", 9)) {
		return (ol_page_error(&ctx, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!(ctx.user.roles & OL_ROLE_TENANT_ADMIN)) {
		return (ol_page_error(&ctx, HTTP_STATUS_FORBIDDEN,
		    _("You do not have access to this page.")));
	}

	if (!ol_form_read(&ctx))
		return (KORE_RESULT_OK);
	if (!ol_form_csrf(req, &ctx))
		return (KORE_RESULT_OK);

	name = email = role = NULL;
	if (gid == 0) {
		(void)http_argument_get_string(req, "name", &name);
		if (name == NULL || ol_user_fields_check("a@b", name) != NULL) {
			return (groups_page(&ctx, HTTP_STATUS_BAD_REQUEST,
			    _("Please enter a name of 1 to 200 characters.")));
		}
		ret = group_create(&ctx, name, &gid);
		if (ret == -1)
			return (ol_page_unavailable(&ctx));
		if (ret == 0) {
			return (groups_page(&ctx, HTTP_STATUS_CONFLICT,
			    _("A group with this name already exists.")));
		}
		(void)snprintf(to, sizeof(to), "/t/%s/groups/%lld",
		    ctx.tenant.slug, (long long)gid);
		ol_ctx_free(&ctx);
		return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
	}

	uid = 0;
	if (!strcmp(tail, "/delete")) {
		if ((ret = group_delete(&ctx, gid)) == -1)
			return (ol_page_unavailable(&ctx));
		if (ret == 0) {
			return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
			    _("There is nothing at this address.")));
		}
		(void)snprintf(to, sizeof(to), "/t/%s/groups", ctx.tenant.slug);
		ol_ctx_free(&ctx);
		return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
	} else if (!strcmp(tail, "/members")) {
		(void)http_argument_get_string(req, "email", &email);
		(void)http_argument_get_string(req, "role", &role);
		if (email == NULL || role == NULL || (strcmp(role, "learner") &&
		    strcmp(role, "trainer"))) {
			return (group_page(&ctx, gid, HTTP_STATUS_BAD_REQUEST,
			    _("Please enter an email address and a role.")));
		}
		ret = member_add(&ctx, gid, email, role);
	} else if (!strncmp(tail, "/members", 8) &&
	    group_path(&ctx, tail + 8, &uid, &t2) && !strcmp(t2, "/remove")) {
		ret = member_remove(&ctx, gid, uid);
		ret = ret == 1 ? MEMBER_ADDED :
		    ret == 0 ? MEMBER_NO_GROUP : MEMBER_ERROR;
	} else {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	if (ret == MEMBER_ERROR)
		return (ol_page_unavailable(&ctx));
	if (ret == MEMBER_NO_GROUP) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (ret != MEMBER_ADDED)
		return (group_page(&ctx, gid, HTTP_STATUS_BAD_REQUEST,
		    member_message(ret)));

	(void)snprintf(to, sizeof(to), "/t/%s/groups/%lld", ctx.tenant.slug,
	    (long long)gid);
	ol_ctx_free(&ctx);

	return (ol_redirect(req, HTTP_STATUS_SEE_OTHER, to));
}

/*
 * API: /api/v1/tenants/<slug>/groups (GET, POST {name}),
 * .../groups/<id> (GET: the group and its members),
 * .../groups/<id>/members (POST {email, role}),
 * .../groups/<id>/members/<uid> (DELETE).
 */
int
ol_api_groups(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct ol_db	db;
	json_t		*body, *list, *val;
	const char	*rest, *tail, *t2, *key, *name, *email, *role;
	char		loc[OL_SLUG_MAX + 48];
	int64_t		gid, uid;
	int		found, i, status, ret, want;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	gid = uid = 0;
	tail = "";
	if (found == 1 && (strncmp(rest, "/groups", 7) != 0 ||
	    (rest[7] != '\0' && !group_path(&ctx, rest + 7, &gid, &tail))))
		found = 0;
	if (found == 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	want = req->method == HTTP_METHOD_GET ?
	    (OL_ROLE_TENANT_ADMIN | OL_ROLE_TRAINER) : OL_ROLE_TENANT_ADMIN;
	if (!ol_api_gate(&ctx, 0))
		return (KORE_RESULT_OK);
	if (!(ctx.user.roles & want)) {
		return (ol_json_error(req, HTTP_STATUS_FORBIDDEN,
		    _("You do not have access to this page.")));
	}

	if (req->method == HTTP_METHOD_GET && *tail == '\0') {
		if (!ol_db_begin(&db, ctx.tenant.id)) {
			ol_db_end(&db);
			return (ol_json_unavailable(req));
		}
		list = json_array();
		if (gid == 0) {
			if (!groups_query(&ctx, &db))
				goto unavailable;
			for (i = 0; i < ol_db_rows(&db); i++) {
				json_array_append_new(list, json_pack(
				    "{s:I,s:s,s:I,s:I}", "id",
				    (json_int_t)ol_db_int64(&db, i, 0),
				    "name", ol_db_value(&db, i, 1),
				    "learners", (json_int_t)ol_db_int64(&db, i, 2),
				    "trainers",
				    (json_int_t)ol_db_int64(&db, i, 3)));
			}
			ol_db_end(&db);
			return (ol_json_respond(req, HTTP_STATUS_OK,
			    json_pack("{s:o}", "groups", list)));
		}
		if ((found = ol_group_load(&ctx, &db, gid)) == -1)
			goto unavailable;
		if (found == 0) {
			json_decref(list);
			ol_db_end(&db);
			return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
			    _("There is nothing at this address.")));
		}
		(void)kore_strlcpy(loc, ol_db_value(&db, 0, 0), sizeof(loc));
		body = json_pack("{s:I,s:s}", "id", (json_int_t)gid,
		    "name", ol_db_value(&db, 0, 0));
		if (!group_members(&db, gid)) {
			json_decref(body);
			goto unavailable;
		}
		for (i = 0; i < ol_db_rows(&db); i++) {
			json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s}",
			    "id", (json_int_t)ol_db_int64(&db, i, 0),
			    "name", ol_db_value(&db, i, 1),
			    "email", ol_db_value(&db, i, 2),
			    "role", ol_db_value(&db, i, 3)));
		}
		ol_db_end(&db);
		json_object_set_new(body, "members", list);
		return (ol_json_respond(req, HTTP_STATUS_OK, body));
unavailable:
		json_decref(list);
		ol_db_end(&db);
		return (ol_json_unavailable(req));
	}

	if (req->method == HTTP_METHOD_DELETE && gid != 0) {
		if (*tail == '\0')
			ret = group_delete(&ctx, gid);
		else if (!strncmp(tail, "/members", 8) &&
		    group_path(&ctx, tail + 8, &uid, &t2) && *t2 == '\0')
			ret = member_remove(&ctx, gid, uid);
		else
			ret = 0;
		if (ret == -1)
			return (ol_json_unavailable(req));
		if (ret == 0) {
			return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
			    _("There is nothing at this address.")));
		}
		http_response(req, HTTP_STATUS_NO_CONTENT, NULL, 0);
		return (KORE_RESULT_OK);
	}

	if (req->method != HTTP_METHOD_POST ||
	    (gid != 0 && strcmp(tail, "/members") != 0)) {
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}

	if ((status = ol_api_body(req, &body)) != HTTP_STATUS_OK)
		return (ol_api_body_error(req, status, body));
	name = email = role = NULL;
	json_object_foreach(body, key, val) {
		if (gid == 0 && !strcmp(key, "name") && json_is_string(val))
			name = json_string_value(val);
		else if (gid != 0 && !strcmp(key, "email") &&
		    json_is_string(val))
			email = json_string_value(val);
		else if (gid != 0 && !strcmp(key, "role") &&
		    json_is_string(val))
			role = json_string_value(val);
		else {
			json_decref(body);
			return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
			    gid == 0 ? _("A group has a name.") :
			    _("Please enter an email address and a role.")));
		}
	}

	if (gid == 0) {
		if (name == NULL || ol_user_fields_check("a@b", name) != NULL) {
			json_decref(body);
			return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
			    _("Please enter a name of 1 to 200 characters.")));
		}
		ret = group_create(&ctx, name, &gid);
		json_decref(body);
		if (ret == -1)
			return (ol_json_unavailable(req));
		if (ret == 0) {
			return (ol_json_error(req, HTTP_STATUS_CONFLICT,
			    _("A group with this name already exists.")));
		}
		(void)snprintf(loc, sizeof(loc), "/api/v1/tenants/%s/groups/%lld",
		    ctx.tenant.slug, (long long)gid);
		http_response_header(req, "location", loc);
		return (ol_json_respond(req, HTTP_STATUS_CREATED,
		    json_pack("{s:I}", "id", (json_int_t)gid)));
	}

	if (email == NULL || role == NULL || (strcmp(role, "learner") &&
	    strcmp(role, "trainer"))) {
		json_decref(body);
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
		    _("Please enter an email address and a role.")));
	}
	ret = member_add(&ctx, gid, email, role);
	json_decref(body);
	if (ret == MEMBER_ERROR)
		return (ol_json_unavailable(req));
	if (ret == MEMBER_NO_GROUP) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (ret != MEMBER_ADDED)
		return (ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
		    member_message(ret)));

	return (ol_json_respond(req, HTTP_STATUS_CREATED,
	    json_pack("{s:s}", "status", "added")));
}
