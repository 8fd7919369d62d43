/*
 * Launch URLs of a manifest: xml:base values combined with an href as RFC
 * 3986 resolves references (a base is a folder only with its trailing
 * slash; the caller adds one where the manifest forgot it), item
 * parameters appended as the IMS CP best practice and SCORM's CAM say,
 * and the package-relative path of a URL for checking that the file is
 * in the package. Plain strings in, malloc()ed strings out; nothing here
 * touches a file.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

static char	*join(const char *, size_t, const char *, size_t,
		    const char *, size_t);
static int	has_scheme(const char *);
static size_t	prefix_len(const char *);
static char	*normalize(const char *, size_t, int *);
static int	hexval(int);

/* a, b and c (lengths given) one after the other, or NULL. */
static char *
join(const char *a, size_t alen, const char *b, size_t blen, const char *c,
    size_t clen)
{
	char		*s;

	if (alen > SIZE_MAX / 4 || blen > SIZE_MAX / 4 || clen > SIZE_MAX / 4)
		return (NULL);
	if ((s = malloc(alen + blen + clen + 1)) == NULL)
		return (NULL);
	if (alen > 0)
		memcpy(s, a, alen);
	if (blen > 0)
		memcpy(s + alen, b, blen);
	if (clen > 0)
		memcpy(s + alen + blen, c, clen);
	s[alen + blen + clen] = '\0';

	return (s);
}

/* RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
static int
has_scheme(const char *s)
{
	size_t		i;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return (0);
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] == ':')
			return (1);
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '+' || s[i] == '-' || s[i] == '.'))
			return (0);
	}

	return (0);
}

/* Length of "scheme:" and "//authority" at the start of s, if any. */
static size_t
prefix_len(const char *s)
{
	size_t		n;

	n = 0;
	if (has_scheme(s))
		n = strchr(s, ':') - s + 1;
	if (s[n] == '/' && s[n + 1] == '/') {
		n += 2;
		n += strcspn(s + n, "/?#");
	}

	return (n);
}

/*
 * s[0..len) with the "." and ".." segments of its path resolved; the
 * query and fragment are kept as they are. A ".." that would climb above
 * the start of a relative path is kept and sets *escaped (it leaves the
 * package); above the root of an absolute path it is dropped, as RFC 3986
 * does. NULL when out of memory.
 */
static char *
normalize(const char *s, size_t len, int *escaped)
{
	struct seg {
		size_t		off;
		size_t		len;
		int		up;	/* a ".." kept */
	}		*segs;
	size_t		 pre, plen, i, start, n, nsegs, o;
	char		*d;
	int		 absolute, trailing;

	*escaped = 0;
	pre = prefix_len(s);
	if (pre > len)
		pre = len;
	for (plen = pre; plen < len && s[plen] != '?' && s[plen] != '#';
	    plen++)
		;
	absolute = plen > pre && s[pre] == '/';

	/* At most one segment per '/', plus one. */
	for (n = 1, i = pre; i < plen; i++) {
		if (s[i] == '/')
			n++;
	}
	if (n > SIZE_MAX / sizeof(*segs) ||
	    (segs = calloc(n, sizeof(*segs))) == NULL)
		return (NULL);

	nsegs = 0;
	trailing = 0;
	start = pre + (absolute ? 1 : 0);
	for (i = start; i <= plen; i++) {
		if (i < plen && s[i] != '/')
			continue;
		/* Segment s[start..i). */
		n = i - start;
		trailing = 0;
		if (n == 1 && s[start] == '.') {
			trailing = 1;
		} else if (n == 2 && s[start] == '.' && s[start + 1] == '.') {
			trailing = 1;
			if (nsegs > 0 && !segs[nsegs - 1].up) {
				nsegs--;
			} else if (!absolute) {
				*escaped = 1;
				segs[nsegs].off = start;
				segs[nsegs].len = 2;
				segs[nsegs].up = 1;
				nsegs++;
			}
		} else if (n == 0 && nsegs == 0 && !absolute) {
			/* ".//x": an empty first segment would make "/x". */
		} else if (i < plen || n > 0) {
			segs[nsegs].off = start;
			segs[nsegs].len = n;
			segs[nsegs].up = 0;
			nsegs++;
		}
		start = i + 1;
	}
	if (plen > pre && s[plen - 1] == '/')
		trailing = 1;

	if ((d = malloc(len + 2)) == NULL) {
		free(segs);
		return (NULL);
	}
	memcpy(d, s, pre);
	o = pre;
	if (absolute)
		d[o++] = '/';
	for (i = 0; i < nsegs; i++) {
		memcpy(d + o, s + segs[i].off, segs[i].len);
		o += segs[i].len;
		if (i + 1 < nsegs || trailing)
			d[o++] = '/';
	}
	memcpy(d + o, s + plen, len - plen);
	o += len - plen;
	d[o] = '\0';
	free(segs);

	return (d);
}

/*
 * ref resolved against base (RFC 3986 section 5.2, without the parts a
 * package never needs): base NULL or "" leaves ref alone but for its dot
 * segments. NULL when out of memory.
 */
char *
ol_manifest_url_resolve(const char *base, const char *ref)
{
	size_t		blen, dir, pre;
	char		*joined, *s;
	int		escaped;

	if (ref == NULL)
		ref = "";
	if (base == NULL)
		base = "";

	if (has_scheme(ref) || (ref[0] == '/' && ref[1] == '/'))
		return (ol_manifest_strdup(ref));
	if (base[0] == '\0')
		return (normalize(ref, strlen(ref), &escaped));

	blen = strcspn(base, "#");
	if (ref[0] == '\0')
		return (join(base, blen, NULL, 0, NULL, 0));
	if (ref[0] == '#')
		return (join(base, blen, ref, strlen(ref), NULL, 0));

	blen = strcspn(base, "?#");
	if (ref[0] == '?')
		return (join(base, blen, ref, strlen(ref), NULL, 0));

	pre = prefix_len(base);
	if (ref[0] == '/') {
		joined = join(base, pre, ref, strlen(ref), NULL, 0);
	} else {
		/* The base up to its last '/': its folder. */
		for (dir = blen; dir > pre && base[dir - 1] != '/'; dir--)
			;
		if (dir == pre && pre > 0)
			joined = join(base, pre, "/", 1, ref, strlen(ref));
		else
			joined = join(base, dir, ref, strlen(ref), NULL, 0);
	}
	if (joined == NULL)
		return (NULL);
	s = normalize(joined, strlen(joined), &escaped);
	free(joined);

	return (s);
}

/*
 * url with an item's parameters appended: leading '?' and '&' of the
 * parameters are dropped; parameters starting with '#' are a fragment,
 * appended unless url has one already; others join url's query with '&',
 * or start one with '?', before url's fragment if it has one. NULL when
 * out of memory.
 */
char *
ol_manifest_url_launch(const char *url, const char *params)
{
	const char	*p, *sep;
	size_t		 pre, ulen;
	char		*head, *s;

	if (params == NULL)
		params = "";
	for (p = params; *p == '?' || *p == '&'; p++)
		;
	if (*p == '\0')
		return (ol_manifest_strdup(url));

	ulen = strlen(url);
	pre = strcspn(url, "#");

	if (*p == '#') {
		if (pre < ulen)
			return (ol_manifest_strdup(url));
		return (join(url, ulen, p, strlen(p), NULL, 0));
	}

	if (memchr(url, '?', pre) == NULL)
		sep = "?";
	else if (url[pre - 1] == '?' || url[pre - 1] == '&')
		sep = "";
	else
		sep = "&";

	/* Parameters with a fragment of their own replace url's. */
	if (pre == ulen || strchr(p, '#') != NULL)
		return (join(url, pre, sep, strlen(sep), p, strlen(p)));

	/* Before url's fragment: url[0..pre) sep p url[pre..). */
	if ((head = join(url, pre, sep, strlen(sep), p, strlen(p))) == NULL)
		return (NULL);
	s = join(head, strlen(head), url + pre, ulen - pre, NULL, 0);
	free(head);

	return (s);
}

static int
hexval(int c)
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
 * Where url points, for a file check. OL_MANIFEST_URL_LOCAL: *path is the
 * file's path relative to the package root, without query or fragment,
 * with its %XX escapes decoded when decode is set (and they decode to a
 * path without NUL); the caller frees it. OL_MANIFEST_URL_EXTERNAL: an
 * absolute URL (scheme or "//"), nothing to check. OL_MANIFEST_URL_OUTSIDE:
 * an absolute path or one climbing above the package root. -1: out of
 * memory. *path is NULL unless LOCAL.
 */
int
ol_manifest_url_path(const char *url, int decode, char **path)
{
	size_t		len, i, o;
	char		*p, *d;
	int		escaped, hi, lo;

	*path = NULL;
	if (has_scheme(url) || (url[0] == '/' && url[1] == '/'))
		return (OL_MANIFEST_URL_EXTERNAL);
	if (url[0] == '/')
		return (OL_MANIFEST_URL_OUTSIDE);

	len = strcspn(url, "?#");
	if ((p = normalize(url, len, &escaped)) == NULL)
		return (-1);
	if (escaped) {
		free(p);
		return (OL_MANIFEST_URL_OUTSIDE);
	}

	if (decode && strchr(p, '%') != NULL) {
		len = strlen(p);
		if ((d = malloc(len + 1)) == NULL) {
			free(p);
			return (-1);
		}
		for (i = 0, o = 0; i < len; i++) {
			if (p[i] == '%' && i + 2 < len &&
			    (hi = hexval((unsigned char)p[i + 1])) >= 0 &&
			    (lo = hexval((unsigned char)p[i + 2])) >= 0) {
				d[o++] = (char)(hi * 16 + lo);
				i += 2;
				if (d[o - 1] == '\0')
					break;
			} else if (p[i] == '%') {
				break;
			} else {
				d[o++] = p[i];
			}
		}
		if (i < len || memchr(d, '\0', o) != NULL) {
			/* Not a well-formed escape: the name as written. */
			free(d);
		} else {
			d[o] = '\0';
			free(p);
			p = normalize(d, o, &escaped);
			free(d);
			if (p == NULL)
				return (-1);
			if (escaped || p[0] == '/') {
				free(p);
				return (OL_MANIFEST_URL_OUTSIDE);
			}
		}
	}

	*path = p;
	return (OL_MANIFEST_URL_LOCAL);
}
