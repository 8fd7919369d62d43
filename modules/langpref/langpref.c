/*
 * Accept-Language against a list of offered codes ("en,fr,es"). Ranges
 * are kept with their quality in header order and tried best first
 * (a stable order: equal qualities keep the client's order); each is
 * tried whole, then without its last subtag, down to the primary one.
 */

#include <string.h>

#include "langpref.h"

struct range {
	char		tag[OL_LANGPREF_TAG_MAX + 1];
	size_t		len;
	int		q;		/* thousandths, 0 .. 1000 */
};

static int	range_parse(const char *, size_t, struct range *);
static int	qvalue_parse(const char *, size_t);
static int	lower(int);
static int	is_alpha(int);
static int	is_alnum(int);
static int	is_space(int);

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

static int
is_alpha(int c)
{
	c = lower(c);
	return (c >= 'a' && c <= 'z');
}

static int
is_alnum(int c)
{
	return (is_alpha(c) || (c >= '0' && c <= '9'));
}

static int
is_space(int c)
{
	return (c == ' ' || c == '\t');
}

/* 1 when s is an interface language code: 2 or 3 lower-case letters. */
int
ol_langpref_code(const char *s, size_t len)
{
	size_t		i;

	if (len < 2 || len > 3)
		return (0);
	for (i = 0; i < len; i++) {
		if (s[i] < 'a' || s[i] > 'z')
			return (0);
	}

	return (1);
}

/* 1 when the comma-separated list offers the code code[0 .. len). */
int
ol_langpref_offered(const char *list, const char *code, size_t len)
{
	const char	*p, *end;

	if (len == 0)
		return (0);
	for (p = list; *p != '\0'; p = end) {
		if (*p == ',')
			p++;
		end = p + strcspn(p, ",");
		if ((size_t)(end - p) == len && !memcmp(p, code, len))
			return (1);
	}

	return (0);
}

/*
 * The next entry of a comma-separated list at *list into buf, and 1; 0
 * at the end. Empty entries and entries too long for buf are passed over.
 */
int
ol_langpref_next(const char **list, char *buf, size_t len)
{
	const char	*p;
	size_t		n;

	for (p = *list; *p != '\0'; p += n) {
		if (*p == ',')
			p++;
		n = strcspn(p, ",");
		if (n == 0 || n >= len)
			continue;
		memcpy(buf, p, n);
		buf[n] = '\0';
		*list = p + n;
		return (1);
	}
	*list = p;

	return (0);
}

/* "0", "0.d{0,3}", "1", "1.0{0,3}" as thousandths; -1 when malformed. */
static int
qvalue_parse(const char *s, size_t len)
{
	size_t		i;
	int		q, scale;

	if (len == 0 || (s[0] != '0' && s[0] != '1'))
		return (-1);
	q = (s[0] - '0') * 1000;
	if (len == 1)
		return (q);
	if (s[1] != '.' || len > 5)
		return (-1);
	scale = 100;
	for (i = 2; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		if (s[0] == '1' && s[i] != '0')
			return (-1);
		q += (s[i] - '0') * scale;
		scale /= 10;
	}

	return (q);
}

/*
 * One element of the list: a range (alphanumeric subtags of 1-8 joined
 * by '-', the first alphabetic, or "*") and parameters, of which only q
 * counts. Returns 0 for an element to skip.
 */
static int
range_parse(const char *s, size_t len, struct range *r)
{
	size_t		i, sub, end;
	const char	*p;

	while (len > 0 && is_space(s[0])) {
		s++;
		len--;
	}
	for (end = 0; end < len && s[end] != ';' && !is_space(s[end]); end++)
		;
	if (end == 0 || end > OL_LANGPREF_TAG_MAX)
		return (0);

	if (end == 1 && s[0] == '*') {
		r->tag[0] = '*';
	} else {
		sub = 0;
		for (i = 0; i < end; i++) {
			if (s[i] == '-') {
				if (sub == 0 || i == end - 1)
					return (0);
				sub = 0;
				r->tag[i] = '-';
				continue;
			}
			if (!(i == 0 ? is_alpha(s[i]) : is_alnum(s[i])) ||
			    ++sub > 8)
				return (0);
			r->tag[i] = (char)lower(s[i]);
		}
	}
	r->tag[end] = '\0';
	r->len = end;
	r->q = 1000;

	/* Parameters: OWS ";" OWS name "=" value; the last q= counts. */
	p = s + end;
	len -= end;
	while (len > 0) {
		while (len > 0 && is_space(*p)) {
			p++;
			len--;
		}
		if (len == 0)
			break;
		if (*p != ';')
			return (0);
		p++;
		len--;
		while (len > 0 && is_space(*p)) {
			p++;
			len--;
		}
		for (i = 0; i < len && p[i] != ';' && !is_space(p[i]); i++)
			;
		if (i >= 2 && lower(p[0]) == 'q' && p[1] == '=') {
			if ((r->q = qvalue_parse(p + 2, i - 2)) == -1)
				return (0);
		}
		p += i;
		len -= i;
	}

	return (1);
}

/*
 * Writes to out the offered code the header prefers and returns 1, or
 * returns 0 when it prefers none of them (or says nothing usable).
 */
int
ol_langpref_pick(const char *header, size_t len, const char *offered,
    char *out, size_t outlen)
{
	struct range	ranges[OL_LANGPREF_RANGES];
	size_t		n, i, j, elem, tlen;
	int		best, refused;

	n = 0;
	while (len > 0 && n < OL_LANGPREF_RANGES) {
		for (elem = 0; elem < len && header[elem] != ','; elem++)
			;
		if (range_parse(header, elem, &ranges[n]))
			n++;
		header += elem;
		len -= elem;
		if (len > 0) {
			header++;
			len--;
		}
	}

	/* Best first: repeatedly the first range of the highest quality. */
	for (;;) {
		best = -1;
		for (i = 0; i < n; i++) {
			if (ranges[i].q > 0 &&
			    (best == -1 || ranges[i].q > ranges[best].q))
				best = (int)i;
		}
		if (best == -1)
			return (0);

		/* fr-CA, then fr; never a code the header refuses. */
		for (tlen = ranges[best].len; tlen > 0; ) {
			refused = 0;
			for (j = 0; j < n; j++) {
				if (ranges[j].q == 0 && ranges[j].len == tlen &&
				    !memcmp(ranges[j].tag, ranges[best].tag,
				    tlen))
					refused = 1;
			}
			if (!refused && tlen < outlen &&
			    ol_langpref_code(ranges[best].tag, tlen) &&
			    ol_langpref_offered(offered, ranges[best].tag,
			    tlen)) {
				memcpy(out, ranges[best].tag, tlen);
				out[tlen] = '\0';
				return (1);
			}
			while (tlen > 0 && ranges[best].tag[tlen - 1] != '-')
				tlen--;
			if (tlen > 0)
				tlen--;
		}
		ranges[best].q = -1;
	}
}
