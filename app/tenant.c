/*
 * Which tenant a request is for: the slug in /t/<slug>/... (and, later,
 * the host name under the base domain). Unknown and disabled tenants are
 * the same to the outside: not found.
 *
 * Every request names its tenant, so each worker keeps the tenants it
 * found (cache.c says for how long): a slot per hash of the slug, the
 * last tenant found in it. A slug not found is looked up each time.
 */

#include "octolearn.h"

#include "langpref.h"

#define TENANT_SLOTS	64

struct tenant_kept {
	struct ol_cache_stamp	stamp;
	struct ol_tenant	tenant;
};

static struct tenant_kept	tenants_kept[TENANT_SLOTS];

static struct tenant_kept	*tenant_slot(const char *, size_t);

static struct tenant_kept *
tenant_slot(const char *slug, size_t len)
{
	return (&tenants_kept[ol_cache_hash_bytes(0, slug, len) %
	    TENANT_SLOTS]);
}

/* Slugs: lower-case letters, digits and inner hyphens, 1-63 bytes. */
int
ol_slug_valid(const char *s, size_t len)
{
	size_t		i;

	if (len == 0 || len > OL_SLUG_MAX)
		return (0);

	for (i = 0; i < len; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
			continue;
		if (s[i] == '-' && i > 0 && i < len - 1)
			continue;
		return (0);
	}

	return (1);
}

/*
 * Loads the tenant named in the path after prefix. Returns 1 when found,
 * 0 when there is no such enabled tenant, -1 when the database failed.
 * *rest points past the slug.
 */
int
ol_tenant_from_path(struct ol_ctx *ctx, const char *prefix, const char **rest)
{
	const char	*slug, *end;
	size_t		plen;

	plen = strlen(prefix);
	if (strncmp(ctx->req->path, prefix, plen) != 0)
		return (0);

	slug = ctx->req->path + plen;
	if ((end = strchr(slug, '/')) == NULL)
		end = slug + strlen(slug);

	if (rest != NULL)
		*rest = end;

	if (!ol_host_allows(ctx->req, slug, (size_t)(end - slug)))
		return (0);

	return (ol_tenant_load(ctx, slug, (size_t)(end - slug)));
}

int
ol_tenant_load(struct ol_ctx *ctx, const char *slug, size_t len)
{
	struct ol_db		db;
	struct ol_cache_stamp	stamp;
	struct tenant_kept	*kept;
	int			ret;

	if (!ol_slug_valid(slug, len))
		return (0);

	/* The tenant row changes in platform transactions only. */
	kept = tenant_slot(slug, len);
	if (kept->tenant.id > 0 && strlen(kept->tenant.slug) == len &&
	    !memcmp(kept->tenant.slug, slug, len) &&
	    ol_cache_fresh(&kept->stamp, 0, 0)) {
		ctx->tenant = kept->tenant;
		ctx->has_tenant = 1;
		ol_lang_negotiate(ctx);
		return (1);
	}
	ol_cache_stamp(&stamp, 0, 0);

	if (!ol_db_begin(&db, 0)) {
		ol_db_end(&db);
		return (-1);
	}

	ret = -1;
	if (ol_db_exec(&db, "SELECT " OL_TENANT_COLUMNS " FROM tenants "
	    "WHERE slug = $1 AND enabled", 1, slug, (int)len)) {
		ret = 0;
		if (ol_db_rows(&db) == 1) {
			ol_tenant_from_row(&db, 0, &ctx->tenant);
			ctx->has_tenant = 1;
			kept->tenant = ctx->tenant;
			kept->stamp = stamp;
			ol_lang_negotiate(ctx);
			ret = 1;
		}
	}

	ol_db_end(&db);

	return (ret);
}

/* Fills t from a row of OL_TENANT_COLUMNS. */
void
ol_tenant_from_row(struct ol_db *db, int row, struct ol_tenant *t)
{
	memset(t, 0, sizeof(*t));
	t->id = ol_db_int64(db, row, 0);
	(void)kore_strlcpy(t->slug, ol_db_value(db, row, 1), sizeof(t->slug));
	(void)kore_strlcpy(t->name, ol_db_value(db, row, 2), sizeof(t->name));
	(void)kore_strlcpy(t->default_lang, ol_db_value(db, row, 3),
	    sizeof(t->default_lang));
	(void)kore_strlcpy(t->languages, ol_db_value(db, row, 4),
	    sizeof(t->languages));
}

/* 1 when the tenant offers the language (a code of its list). */
int
ol_tenant_offers(const struct ol_tenant *t, const char *lang)
{
	return (ol_langpref_offered(t->languages, lang, strlen(lang)));
}
