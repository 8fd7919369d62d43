/*
 * The catalogue without a search, the page every learner opens first,
 * from what each worker keeps (cache.c says for how long): the page's
 * body for a tenant and language, rendered once with a hole where each
 * resource's status goes, and each learner's statuses, read again when
 * the learner's progress changes. A request then waits on no query; the
 * catalogue query (with a resource's languages and tags) is the dearest
 * a learner's visit makes.
 */

#include "octolearn.h"

#define PAGE_SLOTS		16
#define STATUS_SLOTS		1024
#define STATUS_LEN		16

struct page_kept {
	struct ol_cache_stamp		stamp;
	int64_t				tenant;
	char				lang[OL_LANG_MAX];
	struct kore_buf			*html;
	struct ol_catalogue_holes	holes;
};

struct status_kept {
	int64_t		resource;
	char		status[STATUS_LEN];
};

struct statuses_kept {
	struct ol_cache_stamp	stamp;
	int64_t			tenant;
	int64_t			user;
	struct status_kept	*v;
	size_t			n;
};

static struct page_kept		pages_kept[PAGE_SLOTS];
static struct statuses_kept	statuses_kept[STATUS_SLOTS];

static struct page_kept		*page_slot(int64_t, const char *);
static struct statuses_kept	*statuses_slot(int64_t, int64_t);
static int	page_read(struct ol_ctx *, struct ol_db *, struct page_kept *);
static int	statuses_read(struct ol_ctx *, struct ol_db *,
		    struct statuses_kept *);
static const char	*status_of(const struct statuses_kept *, int64_t);
static int	status_cmp(const void *, const void *);

static struct page_kept *
page_slot(int64_t tenant, const char *lang)
{
	return (&pages_kept[ol_cache_hash_bytes(tenant, lang, strlen(lang)) %
	    PAGE_SLOTS]);
}

static struct statuses_kept *
statuses_slot(int64_t tenant, int64_t user)
{
	return (&statuses_kept[ol_cache_hash(tenant, user) % STATUS_SLOTS]);
}

/* Notes where resource's status goes: at off in the page's body. */
void
ol_catalogue_hole(struct ol_catalogue_holes *holes, size_t off,
    int64_t resource)
{
	if (holes->n == holes->cap) {
		holes->cap = holes->cap == 0 ? 64 : holes->cap * 2;
		holes->v = kore_realloc(holes->v,
		    holes->cap * sizeof(*holes->v));
	}
	holes->v[holes->n].off = off;
	holes->v[holes->n].resource = resource;
	holes->n++;
}

/* The body for the request's tenant and language, into kept. */
static int
page_read(struct ol_ctx *ctx, struct ol_db *db, struct page_kept *kept)
{
	struct ol_catalogue_filter	 f;
	struct kore_buf			*out;

	memset(&f, 0, sizeof(f));
	if (!ol_catalogue_query(ctx, db, &f, 0))
		return (0);

	if (kept->html != NULL)
		kore_buf_free(kept->html);
	kept->holes.n = 0;
	kept->html = kore_buf_alloc(64 * 1024);

	/* ol_html() writes to the request's buffer: lend it this one. */
	out = ctx->out;
	ctx->out = kept->html;
	ol_catalogue_body(ctx, &f, db, &kept->holes);
	ctx->out = out;

	kept->tenant = ctx->tenant.id;
	(void)kore_strlcpy(kept->lang, ctx->lang, sizeof(kept->lang));

	return (1);
}

static int
status_cmp(const void *a, const void *b)
{
	const struct status_kept	*x = a, *y = b;

	if (x->resource == y->resource)
		return (0);

	return (x->resource < y->resource ? -1 : 1);
}

/* The learner's status at every resource with a record, into kept. */
static int
statuses_read(struct ol_ctx *ctx, struct ol_db *db,
    struct statuses_kept *kept)
{
	char		uid[24];
	int		i, rows;

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)ctx->user.id);
	if (!ol_db_exec(db, "SELECT resource_id, status FROM progress "
	    "WHERE user_id = $1::bigint ORDER BY resource_id", 1,
	    uid, (int)strlen(uid)))
		return (0);

	rows = ol_db_rows(db);
	kore_free(kept->v);
	kept->v = rows > 0 ? kore_calloc((size_t)rows, sizeof(*kept->v)) :
	    NULL;
	kept->n = (size_t)rows;
	for (i = 0; i < rows; i++) {
		kept->v[i].resource = ol_db_int64(db, i, 0);
		(void)kore_strlcpy(kept->v[i].status, ol_db_value(db, i, 1),
		    sizeof(kept->v[i].status));
	}
	kept->tenant = ctx->tenant.id;
	kept->user = ctx->user.id;

	return (1);
}

static const char *
status_of(const struct statuses_kept *kept, int64_t resource)
{
	struct status_kept	key, *found;

	if (kept->n == 0)
		return ("not_started");
	key.resource = resource;
	found = bsearch(&key, kept->v, kept->n, sizeof(*kept->v), status_cmp);

	return (found != NULL ? found->status : "not_started");
}

/* GET /t/<slug>/catalogue without a search, for the signed-in learner. */
int
ol_catalogue_kept(struct ol_ctx *ctx)
{
	struct ol_db			 db;
	struct ol_cache_stamp		 ps, ss;
	struct page_kept		*page;
	struct statuses_kept		*st;
	size_t				 at, i;
	int				 page_ok, st_ok, ok;

	page = page_slot(ctx->tenant.id, ctx->lang);
	st = statuses_slot(ctx->tenant.id, ctx->user.id);
	page_ok = page->html != NULL && page->tenant == ctx->tenant.id &&
	    !strcmp(page->lang, ctx->lang) &&
	    ol_cache_fresh(&page->stamp, ctx->tenant.id, 0);
	st_ok = st->tenant == ctx->tenant.id && st->user == ctx->user.id &&
	    ol_cache_fresh(&st->stamp, ctx->tenant.id, ctx->user.id);

	if (!page_ok || !st_ok) {
		ol_cache_stamp(&ps, ctx->tenant.id, 0);
		ol_cache_stamp(&ss, ctx->tenant.id, ctx->user.id);
		ok = ol_db_begin(&db, ctx->tenant.id);
		if (ok && !page_ok) {
			page->tenant = 0;
			if ((ok = page_read(ctx, &db, page)))
				page->stamp = ps;
		}
		if (ok && !st_ok) {
			st->tenant = 0;
			if ((ok = statuses_read(ctx, &db, st)))
				st->stamp = ss;
		}
		ol_db_end(&db);
		if (!ok)
			return (ol_page_unavailable(ctx));
	}

	ol_page_begin(ctx, _("Catalogue"));
	ol_html(ctx, "<h1>%s</h1>\n", _("Catalogue"));
	at = 0;
	for (i = 0; i < page->holes.n; i++) {
		ol_buf_append(ctx->out, page->html->data + at,
		    page->holes.v[i].off - at);
		ol_catalogue_status(ctx,
		    status_of(st, page->holes.v[i].resource));
		at = page->holes.v[i].off;
	}
	ol_buf_append(ctx->out, page->html->data + at, page->html->offset - at);

	return (ol_page_end(ctx, HTTP_STATUS_OK));
}
