/*
 * Tenants at <slug>.<base domain> (OCTOLEARN_BASE_DOMAIN): such a host
 * leads to the tenant's own addresses (/ to /t/<slug>/, /signin to
 * /t/<slug>/signin), and it opens no other tenant's: /t/<other>/ and
 * /api/v1/tenants/<other>/ there are not found. Without a base domain,
 * or on any other host, paths alone decide.
 */

#include <ctype.h>

#include "octolearn.h"

static int	path_safe(const char *);

/*
 * What the Host header says: 1 a tenant host (slug copied), 0 not a
 * tenant host, -1 under the base domain but not a possible slug.
 */
int
ol_host_slug(struct http_request *req, char *slug, size_t len)
{
	const char	*host, *base;
	size_t		hlen, blen, i;

	if (ol_cfg.base_domain == NULL || req->host == NULL)
		return (0);

	host = req->host;
	base = ol_cfg.base_domain;
	hlen = strcspn(host, ":");
	blen = strlen(base);
	if (hlen <= blen + 1 || host[hlen - blen - 1] != '.' ||
	    strncasecmp(host + hlen - blen, base, blen) != 0)
		return (0);

	hlen -= blen + 1;
	if (hlen >= len)
		return (-1);
	for (i = 0; i < hlen; i++)
		slug[i] = (char)tolower((unsigned char)host[i]);
	slug[hlen] = '\0';

	return (ol_slug_valid(slug, hlen) ? 1 : -1);
}

/* 1 when the path named slug may be served on this request's host. */
int
ol_host_allows(struct http_request *req, const char *slug, size_t len)
{
	char		hslug[OL_SLUG_MAX + 1];
	int		r;

	r = ol_host_slug(req, hslug, sizeof(hslug));
	if (r == 0)
		return (1);
	if (r == -1)
		return (0);

	return (strlen(hslug) == len && !strncmp(hslug, slug, len));
}

/* Only plain paths are carried over into a redirect. */
static int
path_safe(const char *p)
{
	for (; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && strchr("/._-", *p) == NULL)
			return (0);
	}

	return (1);
}

/*
 * On a tenant host, a request that names no tenant is sent to the
 * tenant's address of that path. 1 when answered (redirect or 404), 0
 * when this is no tenant host and the caller goes on.
 */
int
ol_host_redirect(struct http_request *req)
{
	struct ol_ctx	ctx;
	struct kore_buf	*to;
	char		slug[OL_SLUG_MAX + 1];
	int		r, found;

	if ((r = ol_host_slug(req, slug, sizeof(slug))) == 0)
		return (0);

	ol_ctx_init(&ctx, req);
	found = r == 1 ? ol_tenant_load(&ctx, slug, strlen(slug)) : 0;
	if (found == -1) {
		(void)ol_page_unavailable(&ctx);
		return (1);
	}
	if (found == 0 || !path_safe(req->path) ||
	    !strncmp(req->path, "/t/", 3) || !strncmp(req->path, "/api/", 5)) {
		(void)ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address."));
		return (1);
	}

	ol_ctx_free(&ctx);
	to = kore_buf_alloc(128);
	kore_buf_appendf(to, "/t/%s%s", slug, req->path);
	(void)ol_redirect(req, HTTP_STATUS_FOUND, kore_buf_stringify(to, NULL));
	kore_buf_free(to);

	return (1);
}
