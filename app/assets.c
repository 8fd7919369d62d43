/*
 * Static assets (stylesheet, icon, OpenAPI document, the upload page's,
 * the player's and the file viewer's scripts), read by the parent before
 * the workers are confined and served from memory with an ETag of their
 * content, so a page load revalidates with a 304.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "octolearn.h"

struct asset {
	const char	*file;
	const char	*type;
	u_int8_t	*data;
	size_t		len;
	char		etag[70];
};

static struct asset	assets[] = {
	{ "octolearn.css", "text/css; charset=utf-8", NULL, 0, { 0 } },
	{ "openapi.json", "application/json", NULL, 0, { 0 } },
	{ "favicon.svg", "image/svg+xml", NULL, 0, { 0 } },
	{ "upload.js", "application/javascript; charset=utf-8", NULL, 0,
	    { 0 } },
	{ "player.js", "application/javascript; charset=utf-8", NULL, 0,
	    { 0 } },
	{ "viewer.js", "application/javascript; charset=utf-8", NULL, 0,
	    { 0 } },
};

#define ASSET_CSS	0
#define ASSET_OPENAPI	1
#define ASSET_ICON	2
#define ASSET_UPLOAD	3
#define ASSET_PLAYER	4
#define ASSET_VIEWER	5

static void	asset_read(const char *, struct asset *);
static int	asset_serve(struct http_request *, struct asset *);

static void
asset_read(const char *dir, struct asset *a)
{
	struct stat	st;
	unsigned char	md[EVP_MAX_MD_SIZE];
	unsigned int	mdlen, i;
	char		path[PATH_MAX];
	ssize_t		r;
	size_t		off;
	int		fd, len;

	len = snprintf(path, sizeof(path), "%s/%s", dir, a->file);
	if (len < 0 || (size_t)len >= sizeof(path))
		fatal("asset path too long");

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1)
		fatal("cannot open asset %s: %s", path, errno_s);

	a->len = (size_t)st.st_size;
	a->data = kore_malloc(a->len + 1);
	for (off = 0; off < a->len; off += (size_t)r) {
		if ((r = read(fd, a->data + off, a->len - off)) <= 0)
			fatal("cannot read asset %s", path);
	}
	(void)close(fd);

	if (!EVP_Digest(a->data, a->len, md, &mdlen, EVP_sha256(), NULL))
		fatal("cannot hash asset %s", path);

	a->etag[0] = '"';
	for (i = 0; i < 16 && i < mdlen; i++)
		(void)snprintf(a->etag + 1 + i * 2, 3, "%02x", md[i]);
	a->etag[1 + i * 2] = '"';
	a->etag[2 + i * 2] = '\0';
}

void
ol_assets_load(const char *dir)
{
	size_t		i;

	for (i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		asset_read(dir, &assets[i]);
}

static int
asset_serve(struct http_request *req, struct asset *a)
{
	const char	*match;

	ol_security_headers(req);

	if (req->method != HTTP_METHOD_GET && req->method != HTTP_METHOD_HEAD) {
		http_response_header(req, "allow", "GET, HEAD");
		http_response(req, HTTP_STATUS_METHOD_NOT_ALLOWED, NULL, 0);
		return (KORE_RESULT_OK);
	}

	http_response_header(req, "etag", a->etag);
	http_response_header(req, "cache-control", "no-cache");

	if (http_request_header(req, "if-none-match", &match) &&
	    !strcmp(match, a->etag)) {
		http_response(req, HTTP_STATUS_NOT_MODIFIED, NULL, 0);
		return (KORE_RESULT_OK);
	}

	http_response_header(req, "content-type", a->type);
	http_response(req, HTTP_STATUS_OK, a->data, a->len);

	return (KORE_RESULT_OK);
}

int
ol_asset_css(struct http_request *req)
{
	return (asset_serve(req, &assets[ASSET_CSS]));
}

int
ol_openapi(struct http_request *req)
{
	return (asset_serve(req, &assets[ASSET_OPENAPI]));
}

int
ol_asset_icon(struct http_request *req)
{
	return (asset_serve(req, &assets[ASSET_ICON]));
}

int
ol_asset_upload_js(struct http_request *req)
{
	return (asset_serve(req, &assets[ASSET_UPLOAD]));
}

int
ol_asset_player_js(struct http_request *req)
{
	return (asset_serve(req, &assets[ASSET_PLAYER]));
}

int
ol_asset_viewer_js(struct http_request *req)
{
	return (asset_serve(req, &assets[ASSET_VIEWER]));
}
