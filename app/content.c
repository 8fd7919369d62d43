/*
 * Package files: GET /t/<slug>/content/<version>/<path> serves the file at
 * <path> inside the package of that version, so that a SCORM page's
 * relative links keep working. Only for signed-in users of the tenant
 * (anyone else: 401 "Please sign in."), and only for a published
 * resource unless the user is a tenant admin (previews); a version that is
 * not visible, another tenant's included, is not found (404).
 *
 * The path is taken raw (Kore 4.1 does not decode it), percent-decoded
 * strictly here and refused (400) when it holds a NUL, an encoded slash,
 * a backslash, a "." or ".." or empty segment, or bytes that are not
 * UTF-8; then normalised to NFC like the names of extracted files
 * (modules/archive) and opened one component at a time below the
 * package's directory, never following a symbolic link. Directories are
 * not listed (404).
 *
 * Responses carry an ETag (version, size, modification time) and
 * Last-Modified, answer conditional requests with 304, and one byte range
 * with 206 (at most RANGE_MAX bytes of it, the rest left to the next
 * request); several ranges get the whole file. Memory does not grow with
 * the file: small files and ranges are read into one buffer, larger whole
 * files go out through Kore's fileref (sendfile). Past INLINE_MAX the copy
 * through the worker costs more than the fileref (make bench, a 100 KB
 * file: 13,000 req/s read and written, 28,000 by sendfile); a fileref
 * keeps its descriptor open for 30 s after its last use, so the line is
 * not lower, to keep the descriptors of the small files of many packages
 * within worker_rlimit_nofiles.
 */

#include <sys/stat.h>

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "octolearn.h"

#include "archive.h"
#include "utf8.h"

#define INLINE_MAX	(64 * 1024)		/* whole files read at once */
#define RANGE_MAX	(8 * 1024 * 1024)	/* bytes of one 206 */
#define HTTP_DATE_FMT	"%a, %d %b %Y %H:%M:%S GMT"

#define PATH_OK		1
#define PATH_DIR	0	/* names a directory: never listed */
#define PATH_BAD	-1

/* A file about to be served. */
struct content_file {
	int		fd;
	int64_t		version;
	off_t		size;
	struct timespec	mtime;
	const char	*type;
	char		etag[96];
	char		modified[64];
	char		path[PATH_MAX];		/* in the worker's root */
};

/* A version a worker found, and where its files are. */
struct content_kept {
	struct ol_cache_stamp	stamp;
	int64_t			tenant;
	int64_t			version;
	int			published;
	char			dir[256];
};

#define CONTENT_SLOTS	256

static struct content_kept	contents_kept[CONTENT_SLOTS];

struct content_type {
	const char	*ext;
	const char	*type;
};

static const struct content_type	content_types[] = {
	{ "html",	"text/html; charset=utf-8" },
	{ "htm",	"text/html; charset=utf-8" },
	{ "js",		"application/javascript" },
	{ "css",	"text/css" },
	{ "json",	"application/json" },
	{ "xml",	"application/xml" },
	{ "xsd",	"application/xml" },
	{ "svg",	"image/svg+xml" },
	{ "png",	"image/png" },
	{ "jpg",	"image/jpeg" },
	{ "jpeg",	"image/jpeg" },
	{ "gif",	"image/gif" },
	{ "webp",	"image/webp" },
	{ "ico",	"image/vnd.microsoft.icon" },
	{ "mp4",	"video/mp4" },
	{ "webm",	"video/webm" },
	{ "ogg",	"audio/ogg" },
	{ "oga",	"audio/ogg" },
	{ "ogv",	"video/ogg" },
	{ "mp3",	"audio/mpeg" },
	{ "wav",	"audio/wav" },
	{ "pdf",	"application/pdf" },
	{ "woff",	"font/woff" },
	{ "woff2",	"font/woff2" },
	{ "ttf",	"font/ttf" },
	{ "txt",	"text/plain; charset=utf-8" },
	{ "swf",	"application/x-shockwave-flash" },
	{ NULL,		NULL }
};

static int		content_version(const char *, int64_t *, const char **);
static int		content_hex(int);
static int		content_path(const char *, char *, size_t);
static int		content_visible(struct ol_ctx *, int64_t, char *,
			    size_t);
static int		content_open(const char *, const char *,
			    struct content_file *);
static const char	*content_type_of(const char *);
static int		content_date(const char *, time_t *);
static int		content_etag_listed(const char *, const char *);
static int		content_fresh(struct http_request *,
			    struct content_file *);
static int		content_if_range(struct http_request *,
			    struct content_file *);
static int		content_number(const char *, size_t, off_t *);
static int		content_range(const char *, off_t, off_t *, off_t *);
static void		*content_read(int, off_t, size_t);
static int		content_sent(struct netbuf *);
static void		content_headers(struct http_request *,
			    struct content_file *, int);
static void		content_header_drop(struct http_request *,
			    const char *);
static int		content_whole(struct ol_ctx *, struct content_file *);
static int		content_respond(struct ol_ctx *, struct content_file *);

/* "/content/<id>/<rest>": the version and the raw path after it. */
static int
content_version(const char *s, int64_t *id, const char **raw)
{
	size_t		len;

	if (strncmp(s, "/content/", 9) != 0)
		return (0);
	s += 9;
	len = strspn(s, "0123456789");
	if (s[len] != '/' || s[len + 1] == '\0')
		return (0);
	*raw = s + len + 1;

	return (ol_id_parse(s, len, id));
}

static int
content_hex(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);

	return (-1);
}

/*
 * Percent-decodes raw into out (NUL-terminated, *olen bytes). Refused:
 * a '%' without two hex digits, NUL, an encoded '/', any '\', control
 * characters, and a result longer than out. Also for the names of
 * uploaded files (files.c).
 */
int
ol_percent_decode(const char *raw, char *out, size_t size, size_t *olen)
{
	const unsigned char	*p;
	size_t			 n;
	int			 hi, lo, c;

	n = 0;
	for (p = (const unsigned char *)raw; *p != '\0'; p++) {
		c = *p;
		if (c == '%') {
			if ((hi = content_hex(p[1])) == -1 ||
			    (lo = content_hex(p[2])) == -1)
				return (0);
			c = hi * 16 + lo;
			if (c == '/')
				return (0);
			p += 2;
		}
		if (c == '\0' || c == '\\' || c < 0x20 || c == 0x7f)
			return (0);
		if (n + 1 >= size)
			return (0);
		out[n++] = (char)c;
	}
	out[n] = '\0';
	*olen = n;

	return (1);
}

/*
 * The raw path inside the package as the name extraction wrote (NFC),
 * in out: PATH_OK, PATH_DIR for a path ending in '/', PATH_BAD.
 */
static int
content_path(const char *raw, char *out, size_t size)
{
	char		dec[OL_ARCHIVE_PATH_MAX + 1];
	const char	*seg, *end;
	size_t		len, slen;

	if (!ol_percent_decode(raw, dec, sizeof(dec), &len) || len == 0 ||
	    !ol_utf8_valid(dec, len))
		return (PATH_BAD);

	/* Every segment named, none "." or "..", a trailing '/' aside. */
	for (seg = dec; seg < dec + len; seg = end + 1) {
		if ((end = strchr(seg, '/')) == NULL)
			end = dec + len;
		slen = (size_t)(end - seg);
		if (slen == 0 || (slen == 1 && seg[0] == '.') ||
		    (slen == 2 && seg[0] == '.' && seg[1] == '.'))
			return (PATH_BAD);
	}

	if (ol_archive_path_normalize(dec, len, out, size, NULL) == -1)
		return (PATH_BAD);

	/* A trailing '/' asks for a directory: never listed. */
	if (dec[len - 1] == '/' || out[0] == '\0')
		return (PATH_DIR);

	return (PATH_OK);
}

/*
 * The package directory of the version (relative to the data directory)
 * when the user may see it: 1, 0 when not, -1 when the database failed.
 * A package's files are asked for many at a time, so each worker keeps
 * the versions it found (cache.c says for how long), whether their
 * resource is published included.
 */
static int
content_visible(struct ol_ctx *ctx, int64_t id, char *dir, size_t len)
{
	struct ol_db		 db;
	struct ol_cache_stamp	 stamp;
	struct content_kept	*kept;
	char			 vid[24];
	const char		*path;
	int			 ret;

	kept = &contents_kept[ol_cache_hash(ctx->tenant.id, id) %
	    CONTENT_SLOTS];
	if (kept->tenant == ctx->tenant.id && kept->version == id &&
	    ol_cache_fresh(&kept->stamp, ctx->tenant.id, 0)) {
		if (!kept->published &&
		    !(ctx->user.roles & OL_ROLE_TENANT_ADMIN))
			return (0);
		if (kore_strlcpy(dir, kept->dir, len) >= len)
			return (0);
		return (1);
	}
	ol_cache_stamp(&stamp, ctx->tenant.id, 0);

	(void)snprintf(vid, sizeof(vid), "%lld", (long long)id);
	ret = -1;
	if (!ol_db_begin(&db, ctx->tenant.id) || !ol_db_exec(&db,
	    "SELECT v.path, r.published FROM package_versions v "
	    "JOIN resources r ON r.tenant_id = v.tenant_id AND "
	    "r.id = v.resource_id WHERE v.id = $1", 1, vid, (int)strlen(vid)))
		goto out;

	ret = 0;
	if (ol_db_rows(&db) != 1)
		goto out;

	path = ol_db_value(&db, 0, 0);
	if (strncmp(path, "/packages/", 10) != 0 ||
	    strstr(path, "..") != NULL ||
	    kore_strlcpy(dir, path, len) >= len) {
		kore_log(LOG_ERR, "version %s: bad path", vid);
		goto out;
	}
	if (kore_strlcpy(kept->dir, path, sizeof(kept->dir)) <
	    sizeof(kept->dir)) {
		kept->stamp = stamp;
		kept->tenant = ctx->tenant.id;
		kept->version = id;
		kept->published = ol_db_bool(&db, 0, 1);
	}
	if (!ol_db_bool(&db, 0, 1) &&
	    !(ctx->user.roles & OL_ROLE_TENANT_ADMIN))
		goto out;
	ret = 1;
out:
	ol_db_end(&db);

	return (ret);
}

/*
 * Opens rel (checked, NFC) below the package directory pkg, one
 * component at a time and never through a symbolic link. 1 with f filled,
 * 0 when there is no such regular file, -1 on a failure of the system.
 */
static int
content_open(const char *pkg, const char *rel, struct content_file *f)
{
	struct stat	st;
	char		dir[PATH_MAX], buf[OL_ARCHIVE_PATH_MAX + 1];
	char		*seg, *next;
	int		dfd, fd, len, err;

	len = snprintf(dir, sizeof(dir), "%s%s", ol_data_root(), pkg);
	if (len < 0 || (size_t)len >= sizeof(dir) ||
	    kore_strlcpy(buf, rel, sizeof(buf)) >= sizeof(buf))
		return (0);
	len = snprintf(f->path, sizeof(f->path), "%s/%s", dir, rel);
	if (len < 0 || (size_t)len >= sizeof(f->path))
		return (0);

	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return (errno == EMFILE || errno == ENFILE ? -1 : 0);

	fd = -1;
	err = ENOENT;
	for (seg = buf; seg != NULL; seg = next) {
		if ((next = strchr(seg, '/')) != NULL)
			*next++ = '\0';
		if (*seg == '\0' || !strcmp(seg, ".") || !strcmp(seg, ".."))
			break;
		if (next != NULL) {
			fd = openat(dfd, seg, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			err = errno;
			(void)close(dfd);
			if ((dfd = fd) == -1)
				break;
			fd = -1;
		} else {
			fd = openat(dfd, seg, O_RDONLY | O_NOFOLLOW |
			    O_NONBLOCK | O_CLOEXEC);
			err = errno;
		}
	}
	if (dfd != -1)
		(void)close(dfd);
	if (fd == -1)
		return (err == EMFILE || err == ENFILE ? -1 : 0);

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		(void)close(fd);
		return (0);
	}

	f->fd = fd;
	f->size = st.st_size;
	f->mtime = st.st_mtim;
	f->type = content_type_of(rel);

	return (1);
}

static const char *
content_type_of(const char *path)
{
	const char	*base, *ext;
	int		i;

	if ((base = strrchr(path, '/')) == NULL)
		base = path;
	if ((ext = strrchr(base, '.')) == NULL)
		return ("application/octet-stream");
	ext++;

	for (i = 0; content_types[i].ext != NULL; i++) {
		if (!strcasecmp(content_types[i].ext, ext))
			return (content_types[i].type);
	}

	return ("application/octet-stream");
}

/* An HTTP date (IMF-fixdate) as a time; 0 when it is not one. */
static int
content_date(const char *s, time_t *t)
{
	struct tm	tm;
	const char	*end;

	memset(&tm, 0, sizeof(tm));
	if ((end = strptime(s, HTTP_DATE_FMT, &tm)) == NULL || *end != '\0')
		return (0);
	*t = timegm(&tm);

	return (*t != (time_t)-1);
}

/* If-None-Match: "*" or a list of entity tags, compared weakly. */
static int
content_etag_listed(const char *list, const char *etag)
{
	const char	*p, *end;
	size_t		len;

	len = strlen(etag);
	for (p = list;;) {
		p += strspn(p, " \t,");
		if (*p == '\0')
			return (0);
		if (*p == '*')
			return (1);
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (*p != '"' || (end = strchr(p + 1, '"')) == NULL)
			return (0);
		if ((size_t)(end + 1 - p) == len && !memcmp(p, etag, len))
			return (1);
		p = end + 1;
	}
}

/* 1 when the client's copy is current (RFC 9110, 13.2.2). */
static int
content_fresh(struct http_request *req, struct content_file *f)
{
	const char	*hdr;
	time_t		t;

	if (http_request_header(req, "if-none-match", &hdr))
		return (content_etag_listed(hdr, f->etag));
	if (http_request_header(req, "if-modified-since", &hdr) &&
	    content_date(hdr, &t))
		return (f->mtime.tv_sec <= t);

	return (0);
}

/* If-Range: a range only of the same file (strong ETag or its date). */
static int
content_if_range(struct http_request *req, struct content_file *f)
{
	const char	*hdr;
	time_t		t;

	if (!http_request_header(req, "if-range", &hdr))
		return (1);
	if (*hdr == '"')
		return (!strcmp(hdr, f->etag));

	return (content_date(hdr, &t) && t == f->mtime.tv_sec);
}

static int
content_number(const char *s, size_t len, off_t *out)
{
	char		buf[20];
	long long	v;
	int		err;

	if (len == 0 || len >= sizeof(buf) ||
	    strspn(s, "0123456789") < len)
		return (0);
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = kore_strtonum(buf, 10, 0, INT64_MAX, &err);
	if (err != KORE_RESULT_OK)
		return (0);
	*out = (off_t)v;

	return (1);
}

/*
 * The one range of a Range header over size bytes: 1 with [*start, *end]
 * (at most RANGE_MAX bytes), 0 to serve the whole file (several ranges,
 * another unit, a form this does not take), -1 when unsatisfiable.
 */
static int
content_range(const char *hdr, off_t size, off_t *start, off_t *end)
{
	const char	*p, *dash, *stop;
	off_t		a, b;

	if (strncasecmp(hdr, "bytes=", 6) != 0 || strchr(hdr, ',') != NULL)
		return (0);
	p = hdr + 6;
	p += strspn(p, " \t");
	if ((dash = strchr(p, '-')) == NULL)
		return (0);
	for (stop = dash + 1; *stop != '\0' && *stop != ' ' &&
	    *stop != '\t'; stop++)
		;
	if (stop[strspn(stop, " \t")] != '\0')
		return (0);

	if (dash == p) {
		if (!content_number(dash + 1, (size_t)(stop - dash - 1), &b))
			return (0);
		if (b == 0 || size == 0)
			return (-1);
		*start = b >= size ? 0 : size - b;
		*end = size - 1;
	} else {
		if (!content_number(p, (size_t)(dash - p), &a))
			return (0);
		if (stop == dash + 1) {
			b = size - 1;
		} else if (!content_number(dash + 1,
		    (size_t)(stop - dash - 1), &b) || b < a) {
			return (0);
		}
		if (a >= size)
			return (-1);
		*start = a;
		*end = b >= size ? size - 1 : b;
	}
	if (*end - *start >= RANGE_MAX)
		*end = *start + RANGE_MAX - 1;

	return (1);
}

/* len bytes at off, kore_malloc()ed; NULL when they cannot be read. */
static void *
content_read(int fd, off_t off, size_t len)
{
	u_int8_t	*buf;
	size_t		done;
	ssize_t		r;

	buf = kore_malloc(len > 0 ? len : 1);
	for (done = 0; done < len; done += (size_t)r) {
		r = pread(fd, buf + done, len - done, off + (off_t)done);
		if (r == -1 && errno == EINTR) {
			r = 0;
			continue;
		}
		if (r <= 0) {
			kore_free(buf);
			return (NULL);
		}
	}

	return (buf);
}

/* A streamed buffer has gone out (or its connection has gone). */
static int
content_sent(struct netbuf *nb)
{
	kore_free(nb->extra);

	return (KORE_RESULT_OK);
}

static void
content_headers(struct http_request *req, struct content_file *f,
    int modified)
{
	/*
	 * Course content is written by authoring tools, with inline scripts
	 * and handlers, and must reach the player's run-time API in its
	 * parent window, so it is served from the platform's own origin
	 * with a policy of its own: its scripts run, it loads nothing from
	 * elsewhere, it can only be framed by the platform. Whoever uploads
	 * a package (a tenant admin) is trusted with its scripts.
	 */
	http_response_header(req, "content-security-policy",
	    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; "
	    "object-src 'none'; base-uri 'self'; form-action 'self'; "
	    "frame-ancestors 'self'");
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "referrer-policy", "same-origin");
	http_response_header(req, "x-frame-options", "SAMEORIGIN");
	if (f->type != NULL)
		http_response_header(req, "content-type", f->type);
	http_response_header(req, "cache-control", "private, max-age=3600");
	http_response_header(req, "etag", f->etag);
	http_response_header(req, "accept-ranges", "bytes");
	if (modified)
		http_response_header(req, "last-modified", f->modified);
}

/* Removes a request header this handler has already answered. */
static void
content_header_drop(struct http_request *req, const char *name)
{
	struct http_header	*hdr, *next;

	for (hdr = TAILQ_FIRST(&req->req_headers); hdr != NULL; hdr = next) {
		next = TAILQ_NEXT(hdr, list);
		if (!strcasecmp(hdr->header, name)) {
			TAILQ_REMOVE(&req->req_headers, hdr, list);
			kore_pool_put(&http_header_pool, hdr);
		}
	}
}

/* 200 with the whole file. */
static int
content_whole(struct ol_ctx *ctx, struct content_file *f)
{
	struct http_request	*req = ctx->req;
	struct kore_server	*srv;
	struct kore_fileref	*ref;
	const char		*kore_type;
	void			*data;

	if (req->method == HTTP_METHOD_HEAD || f->size == 0) {
		content_headers(req, f, 1);
		http_response(req, HTTP_STATUS_OK, NULL, (size_t)f->size);
		return (KORE_RESULT_OK);
	}

	/*
	 * Kore sends a fileref with the media type it knows for the name,
	 * if any, and ours would be a second Content-Type. Where they differ
	 * (text without its charset) the file is read as long as that is
	 * bounded.
	 */
	kore_type = http_media_type(f->path);
	if (f->size <= INLINE_MAX || (kore_type != NULL &&
	    strcmp(kore_type, f->type) && f->size <= RANGE_MAX)) {
		if ((data = content_read(f->fd, 0, (size_t)f->size)) == NULL)
			return (ol_page_unavailable(ctx));
		content_headers(req, f, 1);
		http_response_stream(req, HTTP_STATUS_OK, data,
		    (size_t)f->size, content_sent, data);
		return (KORE_RESULT_OK);
	}

	/*
	 * Kore's fileref keeps the descriptor (sendfile, or a mapping under
	 * TLS) and shares it between requests for the same path while the
	 * file's modification time stays the same.
	 */
	srv = req->owner->owner->server;
	if ((ref = kore_fileref_get(f->path, srv->tls)) != NULL) {
		(void)close(f->fd);
		f->fd = -1;
	} else if ((ref = kore_fileref_create(srv, f->path, f->fd, f->size,
	    &f->mtime)) != NULL) {
		f->fd = -1;
	} else {
		return (ol_page_unavailable(ctx));
	}
	if (ref->size != f->size || ref->mtime_sec != f->mtime.tv_sec) {
		kore_fileref_release(ref);
		return (ol_page_unavailable(ctx));
	}

	/* Kore sets Last-Modified and would re-judge If-Modified-Since. */
	content_header_drop(req, "if-modified-since");
	if (kore_type != NULL)
		f->type = NULL;
	content_headers(req, f, 0);
	http_response_fileref(req, HTTP_STATUS_OK, ref);

	return (KORE_RESULT_OK);
}

static int
content_respond(struct ol_ctx *ctx, struct content_file *f)
{
	struct http_request	*req = ctx->req;
	struct tm		 tm;
	const char		*hdr;
	char			 cr[96];
	off_t			 start, end;
	void			*data;
	int			 ranged;

	(void)snprintf(f->etag, sizeof(f->etag), "\"%llx-%llx-%llx.%lx\"",
	    (unsigned long long)f->version,
	    (unsigned long long)f->size, (unsigned long long)f->mtime.tv_sec,
	    (unsigned long)f->mtime.tv_nsec);
	if (gmtime_r(&f->mtime.tv_sec, &tm) == NULL ||
	    strftime(f->modified, sizeof(f->modified), HTTP_DATE_FMT,
	    &tm) == 0)
		(void)kore_strlcpy(f->modified, "", sizeof(f->modified));

	if (content_fresh(req, f)) {
		content_headers(req, f, 1);
		req->flags |= HTTP_REQUEST_NO_CONTENT_LENGTH;
		http_response(req, HTTP_STATUS_NOT_MODIFIED, NULL, 0);
		return (KORE_RESULT_OK);
	}

	ranged = 0;
	if (req->method == HTTP_METHOD_GET &&
	    http_request_header(req, "range", &hdr) &&
	    content_if_range(req, f))
		ranged = content_range(hdr, f->size, &start, &end);

	if (ranged == -1) {
		(void)snprintf(cr, sizeof(cr), "bytes */%lld",
		    (long long)f->size);
		ol_security_headers(req);
		http_response_header(req, "content-range", cr);
		http_response_header(req, "accept-ranges", "bytes");
		http_response(req, HTTP_STATUS_REQUEST_RANGE_INVALID, NULL, 0);
		return (KORE_RESULT_OK);
	}
	if (ranged == 0)
		return (content_whole(ctx, f));

	if ((data = content_read(f->fd, start,
	    (size_t)(end - start + 1))) == NULL)
		return (ol_page_unavailable(ctx));
	(void)snprintf(cr, sizeof(cr), "bytes %lld-%lld/%lld",
	    (long long)start, (long long)end, (long long)f->size);
	content_headers(req, f, 1);
	http_response_header(req, "content-range", cr);
	http_response_stream(req, HTTP_STATUS_PARTIAL_CONTENT, data,
	    (size_t)(end - start + 1), content_sent, data);

	return (KORE_RESULT_OK);
}

/* GET, HEAD /t/<slug>/content/<version>/<path> */
int
ol_content(struct http_request *req)
{
	struct ol_ctx		ctx;
	struct content_file	f;
	const char		*rest, *raw;
	char			pkg[PATH_MAX], rel[OL_ARCHIVE_PATH_MAX + 1];
	int64_t			id;
	int			found, ret;

	ol_ctx_init(&ctx, req);
	found = ol_ctx_tenant(&ctx, "/t/", &rest);
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0 || !content_version(rest, &id, &raw)) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}
	if (req->method != HTTP_METHOD_GET &&
	    req->method != HTTP_METHOD_HEAD) {
		http_response_header(req, "allow", "GET, HEAD");
		return (ol_page_error(&ctx, HTTP_STATUS_METHOD_NOT_ALLOWED,
		    _("This address does not accept that kind of request.")));
	}

	/* In a frame a redirect to the sign-in page helps nobody. */
	if (!ctx.has_user) {
		return (ol_page_error(&ctx, HTTP_STATUS_UNAUTHORIZED,
		    _("Please sign in.")));
	}

	ret = content_path(raw, rel, sizeof(rel));
	if (ret == PATH_BAD) {
		return (ol_page_error(&ctx, HTTP_STATUS_BAD_REQUEST,
		    _("This address is not valid.")));
	}

	found = content_visible(&ctx, id, pkg, sizeof(pkg));
	if (found == -1)
		return (ol_page_unavailable(&ctx));

	memset(&f, 0, sizeof(f));
	f.fd = -1;
	f.version = id;
	if (found == 1 && ret == PATH_OK)
		found = content_open(pkg, rel, &f);
	else
		found = 0;
	if (found == -1)
		return (ol_page_unavailable(&ctx));
	if (found == 0) {
		return (ol_page_error(&ctx, HTTP_STATUS_NOT_FOUND,
		    _("There is nothing at this address.")));
	}

	ret = content_respond(&ctx, &f);
	if (f.fd != -1)
		(void)close(f.fd);
	ol_ctx_free(&ctx);

	return (ret);
}
