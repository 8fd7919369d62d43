/*
 * Resources for tenant admins, on the JSON API: the list (every resource,
 * published or not, with its texts per language, tags and package
 * versions per language), links made by POST, and one resource read,
 * changed (PATCH: published, tags, texts per language, a link's url) or
 * deleted. Everything is checked before anything is written, and each
 * change is one transaction. Packages themselves arrive through
 * imports.c.
 */

#include "octolearn.h"
#include "utf8.h"

#define TAGS_MAX	20
#define TAG_CHARS	100
#define TITLE_CHARS	500
#define DESC_CHARS	10000
#define URL_MAX		2000
#define KEY_SHOWN	64

/* One resource as JSON text, from resources r (one row each). */
#define RESOURCE_JSON \
	"jsonb_build_object('id', r.id, 'kind', r.kind, 'published', " \
	"r.published, 'url', r.url, 'created_at', r.created_at, " \
	"'updated_at', r.updated_at, 'texts', coalesce((SELECT " \
	"jsonb_object_agg(t.lang, jsonb_build_object('title', t.title, " \
	"'description', t.description, 'tags', to_jsonb(t.tags))) FROM " \
	"resource_texts t WHERE " \
	"t.resource_id = r.id), '{}'), 'tags', coalesce((SELECT " \
	"jsonb_agg(g.tag ORDER BY g.tag) FROM resource_tags g WHERE " \
	"g.resource_id = r.id), '[]'), 'versions', coalesce((SELECT " \
	"jsonb_object_agg(v.lang, v.doc) FROM (SELECT lang, " \
	"jsonb_build_object('newest', max(version), 'versions', " \
	"jsonb_agg(jsonb_build_object('id', id, 'version', version, " \
	"'scorm_version', scorm_version, 'title', title, 'files', files, " \
	"'bytes', bytes, 'created_at', created_at) ORDER BY version)) AS doc " \
	"FROM package_versions WHERE resource_id = r.id GROUP BY lang) v), " \
	"'{}'))::text"

/* A change asked for, checked before the transaction. */
struct resource_change {
	int		published;	/* -1: unchanged */
	json_t		*tags;		/* NULL: unchanged */
	json_t		*texts;		/* NULL: unchanged */
	const char	*url;		/* NULL: unchanged */
};

static int	api_error_key(struct http_request *, const char *,
		    const char *);
static int	url_ok(const char *);
static const char	*tags_check(struct ol_ctx *, json_t *);
static const char	*text_check(struct ol_ctx *, const char *, json_t *);
static const char	*texts_check(struct ol_ctx *, json_t *);
static int	resource_respond(struct ol_ctx *, int64_t, int);
static int	resources_list(struct ol_ctx *);
static int	resource_create(struct ol_ctx *);
static int	resource_patch(struct ol_ctx *, int64_t);
static int	resource_delete(struct ol_ctx *, int64_t);
static int	resource_write(struct ol_db *, const char *,
		    struct resource_change *);

/*
 * Text from outside: valid UTF-8 of min..max characters, without control
 * characters (line breaks and tabs allowed when multiline).
 */
int
ol_resource_text_ok(const char *s, size_t min, size_t max, int multiline)
{
	size_t		i, len, chars;
	unsigned char	c;

	len = strlen(s);
	if (!ol_utf8_valid(s, len))
		return (0);
	chars = ol_utf8_chars(s, len);
	if (chars < min || chars > max)
		return (0);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (multiline && (c == '\n' || c == '\r' || c == '\t'))
			continue;
		if (c < 0x20 || c == 0x7F)
			return (0);
		/* C1 controls: U+0080 .. U+009F, encoded C2 80 .. C2 9F. */
		if (c == 0xC2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F)
			return (0);
	}

	return (1);
}

/* A 400 whose message names a field of the body (fmt has one %s). */
static int
api_error_key(struct http_request *req, const char *fmt, const char *key)
{
	struct kore_buf	*buf;
	const char	*pc;
	size_t		len;
	int		ret;

	len = ol_utf8_valid_prefix(key, strlen(key));
	if (len > KEY_SHOWN)
		len = ol_utf8_valid_prefix(key, KEY_SHOWN);
	buf = kore_buf_alloc(256);
	if ((pc = strstr(fmt, "%s")) != NULL) {
		kore_buf_append(buf, fmt, (size_t)(pc - fmt));
		kore_buf_append(buf, key, len);
		kore_buf_appendf(buf, "%s", pc + 2);
	} else {
		kore_buf_appendf(buf, "%s", fmt);
	}
	ret = ol_json_error(req, HTTP_STATUS_BAD_REQUEST,
	    kore_buf_stringify(buf, NULL));
	kore_buf_free(buf);

	return (ret);
}

/* http:// or https://, a host, no spaces or controls, <= URL_MAX bytes. */
static int
url_ok(const char *url)
{
	const char	*p;
	size_t		len, i;

	len = strlen(url);
	if (len > URL_MAX || !ol_utf8_valid(url, len))
		return (0);
	if (!strncasecmp(url, "http://", 7))
		p = url + 7;
	else if (!strncasecmp(url, "https://", 8))
		p = url + 8;
	else
		return (0);
	if (*p == '\0' || *p == '/' || *p == '?' || *p == '#')
		return (0);
	for (i = 0; i < len; i++) {
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7F)
			return (0);
	}

	return (1);
}

/* NULL when tags is a list of at most TAGS_MAX good tags. */
static const char *
tags_check(struct ol_ctx *ctx, json_t *tags)
{
	json_t		*t;
	size_t		i;

	(void)ctx;
	if (!json_is_array(tags) || json_array_size(tags) > TAGS_MAX)
		goto bad;
	json_array_foreach(tags, i, t) {
		if (!json_is_string(t) ||
		    !ol_resource_text_ok(json_string_value(t), 1, TAG_CHARS, 0))
			goto bad;
	}

	return (NULL);
bad:
	return (_("Tags are a list of at most 20 texts of 1 to 100 "
	    "characters each."));
}

/* NULL when title (required) and description (optional) are good. */
static const char *
text_check(struct ol_ctx *ctx, const char *lang, json_t *text)
{
	json_t		*val;
	const char	*key, *err;
	int		title;

	if (!ol_tenant_offers(&ctx->tenant, lang))
		return (_("This institution does not offer that language."));
	if (!json_is_object(text))
		goto bad;
	title = 0;
	json_object_foreach(text, key, val) {
		if (!strcmp(key, "title")) {
			if (!json_is_string(val) || !ol_resource_text_ok(
			    json_string_value(val), 1, TITLE_CHARS, 0)) {
				return (_("A title has 1 to 500 characters, "
				    "without control characters."));
			}
			title = 1;
		} else if (!strcmp(key, "description")) {
			if (!json_is_string(val) || !ol_resource_text_ok(
			    json_string_value(val), 0, DESC_CHARS, 1)) {
				return (_("A description has at most 10000 "
				    "characters, without control characters "
				    "other than line breaks."));
			}
		} else if (!strcmp(key, "tags")) {
			if ((err = tags_check(ctx, val)) != NULL)
				return (err);
		} else {
			goto bad;
		}
	}
	if (title)
		return (NULL);
bad:
	return (_("Texts are given by language, each with a title, an "
	    "optional description and optional tags."));
}

static const char *
texts_check(struct ol_ctx *ctx, json_t *texts)
{
	json_t		*val;
	const char	*key, *err;

	if (!json_is_object(texts) || json_object_size(texts) == 0) {
		return (_("Texts are given by language, each with a title, an "
		    "optional description and optional tags."));
	}
	json_object_foreach(texts, key, val) {
		if ((err = text_check(ctx, key, val)) != NULL)
			return (err);
	}

	return (NULL);
}

/* Answers the resource as JSON with status, or 404. */
static int
resource_respond(struct ol_ctx *ctx, int64_t id, int status)
{
	struct ol_db	db;
	json_t		*doc;
	char		rid[24];

	(void)snprintf(rid, sizeof(rid), "%lld", (long long)id);
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT " RESOURCE_JSON " FROM resources r WHERE r.id = $1", 1,
	    rid, (int)strlen(rid))) {
		ol_db_end(&db);
		return (ol_json_unavailable(ctx->req));
	}
	if (ol_db_rows(&db) != 1) {
		ol_db_end(&db);
		return (ol_json_error(ctx->req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	doc = json_loads(ol_db_value(&db, 0, 0), 0, NULL);
	ol_db_end(&db);
	if (doc == NULL)
		return (ol_json_unavailable(ctx->req));

	return (ol_json_respond(ctx->req, status, doc));
}

static int
resources_list(struct ol_ctx *ctx)
{
	struct ol_db	db;
	json_t		*list, *doc;
	int		i;

	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT " RESOURCE_JSON " FROM resources r ORDER BY r.id", 0)) {
		ol_db_end(&db);
		return (ol_json_unavailable(ctx->req));
	}
	list = json_array();
	for (i = 0; i < ol_db_rows(&db); i++) {
		if ((doc = json_loads(ol_db_value(&db, i, 0), 0, NULL)) != NULL)
			json_array_append_new(list, doc);
	}
	ol_db_end(&db);

	return (ol_json_respond(ctx->req, HTTP_STATUS_OK,
	    json_pack("{s:o}", "resources", list)));
}

/*
 * Applies a checked change to the resource locked by the caller (whose
 * id is rid), inside the caller's transaction. 1 done, 0 error.
 */
static int
resource_write(struct ol_db *db, const char *rid, struct resource_change *c)
{
	char		*json;
	int		ok;

	if (c->url != NULL && !ol_db_exec(db, "UPDATE resources SET url = $2 "
	    "WHERE id = $1", 2, rid, (int)strlen(rid), c->url,
	    (int)strlen(c->url)))
		return (0);
	if (c->published != -1 && !ol_db_exec(db, "UPDATE resources SET "
	    "published = $2::boolean WHERE id = $1", 2, rid, (int)strlen(rid),
	    c->published ? "t" : "f", 1))
		return (0);
	if (c->tags != NULL) {
		if ((json = json_dumps(c->tags, JSON_COMPACT)) == NULL)
			return (0);
		ok = ol_db_exec(db, "DELETE FROM resource_tags WHERE "
		    "resource_id = $1", 1, rid, (int)strlen(rid)) &&
		    ol_db_exec(db, "INSERT INTO resource_tags (tenant_id, "
		    "resource_id, tag) SELECT DISTINCT octolearn_tenant(), "
		    "$1::bigint, t FROM jsonb_array_elements_text($2::jsonb) "
		    "AS t", 2, rid, (int)strlen(rid), json, (int)strlen(json));
		free(json);
		if (!ok)
			return (0);
	}
	if (c->texts != NULL) {
		if ((json = json_dumps(c->texts, JSON_COMPACT)) == NULL)
			return (0);
		/* A text's description and tags stay when not given. */
		ok = ol_db_exec(db, "INSERT INTO resource_texts AS x "
		    "(tenant_id, resource_id, lang, title, description, tags) "
		    "SELECT octolearn_tenant(), $1::bigint, e.key, "
		    "e.value->>'title', coalesce(e.value->>'description', ''), "
		    "ARRAY(SELECT DISTINCT g FROM jsonb_array_elements_text("
		    "coalesce(e.value->'tags', '[]')) AS g ORDER BY 1) FROM "
		    "jsonb_each($2::jsonb) AS e ON CONFLICT (tenant_id, "
		    "resource_id, lang) DO UPDATE SET title = excluded.title, "
		    "description = CASE WHEN $2::jsonb->excluded.lang ? "
		    "'description' THEN excluded.description ELSE "
		    "x.description END, tags = CASE WHEN $2::jsonb->"
		    "excluded.lang ? 'tags' THEN excluded.tags ELSE x.tags END",
		    2, rid, (int)strlen(rid),
		    json, (int)strlen(json));
		free(json);
		if (!ok)
			return (0);
	}

	return (ol_db_exec(db, "UPDATE resources SET updated_at = now() "
	    "WHERE id = $1", 1, rid, (int)strlen(rid)));
}

/* POST .../resources: a link {kind, url, lang, title, description, tags}. */
static int
resource_create(struct ol_ctx *ctx)
{
	struct resource_change	 c;
	struct ol_db		 db;
	json_t			*body, *val, *text;
	const char		*key, *err, *kind, *lang;
	char			 rid[24], loc[OL_SLUG_MAX + 64];
	int64_t			 id;
	int			 status;

	if ((status = ol_api_body(ctx->req, &body)) != HTTP_STATUS_OK)
		return (ol_api_body_error(ctx->req, status, body));

	memset(&c, 0, sizeof(c));
	c.published = -1;
	kind = lang = NULL;
	text = json_object();
	err = NULL;
	json_object_foreach(body, key, val) {
		if (!strcmp(key, "kind") && json_is_string(val)) {
			kind = json_string_value(val);
		} else if (!strcmp(key, "url") && json_is_string(val)) {
			c.url = json_string_value(val);
		} else if (!strcmp(key, "lang") && json_is_string(val)) {
			lang = json_string_value(val);
		} else if (!strcmp(key, "title") ||
		    !strcmp(key, "description")) {
			json_object_set(text, key, val);
		} else if (!strcmp(key, "tags")) {
			c.tags = val;
		} else {
			json_decref(text);
			status = api_error_key(ctx->req, _("Unknown or "
			    "malformed field \"%s\": a link has kind, url, "
			    "lang, title, description and tags."), key);
			json_decref(body);
			return (status);
		}
	}

	if (kind == NULL || strcmp(kind, "link")) {
		err = _("Only links (kind \"link\") are made here: SCORM "
		    "packages are uploaded.");
	} else if (c.url == NULL || !url_ok(c.url)) {
		err = _("A link's address starts with http:// or https:// and "
		    "has at most 2000 characters, without spaces.");
	} else if (lang == NULL) {
		err = _("This institution does not offer that language.");
	} else if (json_object_get(text, "title") == NULL) {
		err = _("A title has 1 to 500 characters, without control "
		    "characters.");
	} else if ((err = text_check(ctx, lang, text)) == NULL &&
	    c.tags != NULL) {
		err = tags_check(ctx, c.tags);
	}
	if (err != NULL) {
		json_decref(text);
		json_decref(body);
		return (ol_json_error(ctx->req, HTTP_STATUS_BAD_REQUEST, err));
	}
	c.texts = json_pack("{s:O}", lang, text);
	json_decref(text);

	id = 0;
	if (ol_db_begin(&db, ctx->tenant.id) && ol_db_exec(&db,
	    "INSERT INTO resources (tenant_id, kind, url) VALUES "
	    "(octolearn_tenant(), 'link', $1) RETURNING id", 1,
	    c.url, (int)strlen(c.url))) {
		id = ol_db_int64(&db, 0, 0);
		(void)snprintf(rid, sizeof(rid), "%lld", (long long)id);
		c.url = NULL;
		if (!resource_write(&db, rid, &c) || !ol_db_commit(&db))
			id = 0;
	}
	ol_db_end(&db);
	json_decref(c.texts);
	json_decref(body);
	if (id == 0)
		return (ol_json_unavailable(ctx->req));

	kore_log(LOG_INFO, "resource %lld of %s made by user %lld",
	    (long long)id, ctx->tenant.slug, (long long)ctx->user.id);
	(void)snprintf(loc, sizeof(loc), "/api/v1/tenants/%s/resources/%lld",
	    ctx->tenant.slug, (long long)id);
	http_response_header(ctx->req, "location", loc);

	return (resource_respond(ctx, id, HTTP_STATUS_CREATED));
}

/*
 * PATCH .../resources/<id>. The resource is looked up (and locked) first,
 * so that another tenant's id is not found whatever the body; then the
 * body is checked whole, and only then written.
 */
static int
resource_patch(struct ol_ctx *ctx, int64_t id)
{
	struct resource_change	 c;
	struct ol_db		 db;
	json_t			*body, *val;
	const char		*key, *err;
	char			 rid[24];
	int			 status, link;

	if ((status = ol_api_body(ctx->req, &body)) != HTTP_STATUS_OK)
		return (ol_api_body_error(ctx->req, status, body));

	(void)snprintf(rid, sizeof(rid), "%lld", (long long)id);
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT kind FROM resources WHERE id = $1 FOR UPDATE", 1,
	    rid, (int)strlen(rid))) {
		status = ol_json_unavailable(ctx->req);
		goto out;
	}
	if (ol_db_rows(&db) != 1) {
		status = ol_json_error(ctx->req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address."));
		goto out;
	}
	link = !strcmp(ol_db_value(&db, 0, 0), "link");

	memset(&c, 0, sizeof(c));
	c.published = -1;
	err = NULL;
	json_object_foreach(body, key, val) {
		if (!strcmp(key, "published")) {
			if (!json_is_boolean(val))
				err = _("published is true or false.");
			else
				c.published = json_is_true(val);
		} else if (!strcmp(key, "tags")) {
			err = tags_check(ctx, val);
			c.tags = val;
		} else if (!strcmp(key, "texts")) {
			err = texts_check(ctx, val);
			c.texts = val;
		} else if (!strcmp(key, "url")) {
			if (!link) {
				err = _("Only links have an address.");
			} else if (!json_is_string(val) ||
			    !url_ok(json_string_value(val))) {
				err = _("A link's address starts with http:// "
				    "or https:// and has at most 2000 "
				    "characters, without spaces.");
			} else {
				c.url = json_string_value(val);
			}
		} else {
			status = api_error_key(ctx->req, _("Unknown field "
			    "\"%s\": a resource's published, tags, texts and "
			    "url can be changed."), key);
			goto out;
		}
		if (err != NULL)
			break;
	}
	if (err == NULL && json_object_size(body) == 0) {
		err = _("Please give what to change: published, tags, texts "
		    "or url.");
	}
	if (err != NULL) {
		status = ol_json_error(ctx->req, HTTP_STATUS_BAD_REQUEST, err);
		goto out;
	}

	if (!resource_write(&db, rid, &c) || !ol_db_commit(&db)) {
		status = ol_json_unavailable(ctx->req);
		goto out;
	}
	ol_db_end(&db);
	json_decref(body);
	kore_log(LOG_INFO, "resource %lld of %s changed by user %lld",
	    (long long)id, ctx->tenant.slug, (long long)ctx->user.id);

	return (resource_respond(ctx, id, HTTP_STATUS_OK));

out:
	ol_db_end(&db);
	json_decref(body);

	return (status);
}

/*
 * DELETE .../resources/<id>: the resource, its texts, tags, package
 * versions and their items go in one statement (ON DELETE CASCADE). A
 * resource learners have attempted is kept (409): its records are what
 * trainers report on, so it can only be unpublished. The files of its
 * package versions stay under packages/<tenant>/ on disk for now: nothing
 * refers to them any more, and a later clean-up (or a deletion task) is
 * to remove them.
 */
static int
resource_delete(struct ol_ctx *ctx, int64_t id)
{
	struct ol_db	db;
	char		rid[24];
	int		ret;

	(void)snprintf(rid, sizeof(rid), "%lld", (long long)id);
	ret = -1;
	if (ol_db_begin(&db, ctx->tenant.id) && ol_db_exec(&db,
	    "SELECT EXISTS (SELECT 1 FROM attempts WHERE resource_id = "
	    "$1::bigint) FROM resources WHERE id = $1::bigint FOR UPDATE", 1,
	    rid, (int)strlen(rid))) {
		if (ol_db_rows(&db) == 0)
			ret = 0;
		else if (ol_db_bool(&db, 0, 0))
			ret = 2;
		else if (ol_db_exec(&db, "DELETE FROM resources WHERE id = "
		    "$1::bigint", 1, rid, (int)strlen(rid)) &&
		    ol_db_commit(&db))
			ret = 1;
	}
	ol_db_end(&db);

	if (ret == -1)
		return (ol_json_unavailable(ctx->req));
	if (ret == 0) {
		return (ol_json_error(ctx->req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (ret == 2) {
		return (ol_json_error(ctx->req, HTTP_STATUS_CONFLICT,
		    _("Learners have records of this resource, so it cannot "
		    "be deleted; unpublish it instead.")));
	}
	kore_log(LOG_INFO, "resource %lld of %s deleted by user %lld",
	    (long long)id, ctx->tenant.slug, (long long)ctx->user.id);
	http_response(ctx->req, HTTP_STATUS_NO_CONTENT, NULL, 0);

	return (KORE_RESULT_OK);
}

/*
 * /api/v1/tenants/<slug>/resources (GET, POST) and
 * /api/v1/tenants/<slug>/resources/<id> (GET, PATCH, DELETE):
 * tenant admins only.
 */
int
ol_api_resources(struct http_request *req)
{
	struct ol_ctx	ctx;
	const char	*rest, *allow;
	int64_t		id;
	int		found;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/api/v1/tenants/", &rest);
	ol_ctx_free(&ctx);
	if (found == -1)
		return (ol_json_unavailable(req));
	id = 0;
	if (found == 1 && strcmp(rest, "/resources") != 0 &&
	    (strncmp(rest, "/resources/", 11) != 0 ||
	    !ol_id_parse(rest + 11, strlen(rest + 11), &id)))
		found = 0;
	if (found == 0) {
		return (ol_json_error(req, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	if (id == 0 && req->method != HTTP_METHOD_GET &&
	    req->method != HTTP_METHOD_POST)
		allow = "GET, POST";
	else if (id != 0 && req->method != HTTP_METHOD_GET &&
	    req->method != HTTP_METHOD_PATCH &&
	    req->method != HTTP_METHOD_DELETE)
		allow = "GET, PATCH, DELETE";
	else
		allow = NULL;
	if (allow != NULL) {
		http_response_header(req, "allow", allow);
		return (ol_json_error(req, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}
	if (!ol_api_gate(&ctx, OL_ROLE_TENANT_ADMIN))
		return (KORE_RESULT_OK);

	if (id == 0) {
		if (req->method == HTTP_METHOD_POST)
			return (resource_create(&ctx));
		return (resources_list(&ctx));
	}
	if (req->method == HTTP_METHOD_PATCH)
		return (resource_patch(&ctx, id));
	if (req->method == HTTP_METHOD_DELETE)
		return (resource_delete(&ctx, id));

	return (resource_respond(&ctx, id, HTTP_STATUS_OK));
}
