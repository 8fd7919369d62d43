/*
 * The value types of the SCORM data model: characterstrings with their
 * limits, localized strings ({lang=..}), identifiers, vocabularies,
 * decimals and integers with their ranges, languages, and the SCORM 2004
 * interaction response formats (learner_response and correct_responses
 * patterns, by interaction type). Every value comes from content running
 * in a learner's browser, so each check reads the whole string with
 * explicit bounds and converts numbers only after a strict syntax check.
 *
 * Values reaching ol_cmi_check() are valid UTF-8 (cmi.c checks that), so
 * that a slice cut at an ASCII delimiter is valid UTF-8 too. Limits count
 * characters (code points).
 */

#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmi.h"
#include "utf8.h"

#define DECIMAL_MAX	64	/* bytes in a decimal number */
#define INTEGER_DIGITS	9	/* digits in a CMISInteger */
#define SHORT_ID	250	/* short_identifier_type */
#define LANG_MAX	250	/* language_type */
#define STEP_MAX	250	/* performance step answer */
#define FILL_MAX	250	/* fill-in string */
#define LONG_MAX_CHARS	4000	/* long-fill-in, other */

/* SPM of the parts of one response or pattern, by type. */
#define CHOICE_PARTS	36
#define FILL_PARTS	10
#define MATCH_PARTS	36
#define PERF_PARTS	125
#define SEQ_PARTS	36

struct slice {
	const char	*p;
	size_t		 n;
};

static int	vocab_has(const char *const *, const char *, size_t);
static int	decimal_syntax(const char *, size_t);
static int	decimal_slice(const char *, size_t, double *);
static int	integer_value(const char *, size_t, long *);
static int	chars_within(const char *, size_t, size_t);
static int	localized(const char *, size_t, size_t);
static int	range_ok(const struct ol_cmi_elem *, double);
static int	nav_request(const char *, size_t);
static int	next_part(struct slice *, const char *, struct slice *);
static const char *find(const char *, size_t, const char *);
static int	slice_eq(struct slice, struct slice);
static int	short_id(struct slice);
static int	numeric_range(struct slice);
static int	strip_flag(struct slice *, const char *);
static int	list_ids(struct slice, size_t, int, int);
static int	list_pairs(struct slice, int);
static int	list_fill(struct slice);

static int
vocab_has(const char *const *vocab, const char *v, size_t len)
{
	for (; *vocab != NULL; vocab++) {
		if (strlen(*vocab) == len && memcmp(*vocab, v, len) == 0)
			return (1);
	}

	return (0);
}

/* -?(D+(.D*)?|.D+): digits with an optional point, no exponent. */
static int
decimal_syntax(const char *s, size_t n)
{
	size_t		i, digits;
	int		point;

	if (n == 0 || n > DECIMAL_MAX)
		return (0);
	i = 0;
	if (s[0] == '-')
		i++;
	for (digits = 0, point = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !point)
			point = 1;
		else
			return (0);
	}

	return (digits > 0);
}

/* Converts after the syntax check; the point may be ',' in the locale. */
static int
decimal_slice(const char *s, size_t n, double *out)
{
	char		buf[DECIMAL_MAX + 1], *end, *dot;
	const char	*lp;

	if (!decimal_syntax(s, n))
		return (-1);
	memcpy(buf, s, n);
	buf[n] = '\0';
	lp = localeconv()->decimal_point;
	if (lp != NULL && lp[0] != '\0' && lp[0] != '.' && lp[1] == '\0' &&
	    (dot = strchr(buf, '.')) != NULL)
		*dot = lp[0];
	*out = strtod(buf, &end);
	if (*end != '\0')
		return (-1);

	return (0);
}

/* A real number of the model: 0 and the value, or -1. */
int
ol_cmi_decimal(const char *s, double *out)
{
	size_t		n;

	n = strnlen(s, DECIMAL_MAX + 1);

	return (decimal_slice(s, n, out));
}

/* -?D{1,9} */
static int
integer_value(const char *s, size_t n, long *out)
{
	size_t		i;
	long		v;
	int		neg;

	neg = n > 0 && s[0] == '-';
	i = neg ? 1 : 0;
	if (n - i == 0 || n - i > INTEGER_DIGITS)
		return (-1);
	for (v = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;

	return (0);
}

static int
chars_within(const char *s, size_t n, size_t limit)
{
	/* Each character takes 1 to 4 bytes. */
	if (n <= limit)
		return (1);
	if (limit > SIZE_MAX / 4 || n > limit * 4)
		return (0);

	return (ol_utf8_chars(s, n) <= limit);
}

/*
 * language_type: a primary tag of 2-3 letters or i or x, then subtags of
 * 1-8 letters or digits, each after '-'; at most 250 characters.
 */
int
ol_cmi_language(const char *s, size_t n)
{
	size_t		i, run;

	if (n == 0 || n > LANG_MAX)
		return (0);
	for (i = 0; i < n && s[i] != '-'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z')))
			return (0);
	}
	if (i == 1) {
		if (s[0] != 'i' && s[0] != 'I' && s[0] != 'x' && s[0] != 'X')
			return (0);
	} else if (i < 2 || i > 3)
		return (0);

	while (i < n) {
		/* s[i] == '-' */
		i++;
		for (run = 0; i < n && s[i] != '-'; i++, run++) {
			if (!((s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= 'A' && s[i] <= 'Z') ||
			    (s[i] >= '0' && s[i] <= '9')))
				return (0);
		}
		if (run < 1 || run > 8)
			return (0);
	}

	return (1);
}

/* localized_string_type: an optional {lang=..} and limit characters. */
static int
localized(const char *s, size_t n, size_t limit)
{
	const char	*close;
	size_t		skip;

	if (n >= 6 && memcmp(s, "{lang=", 6) == 0) {
		close = memchr(s + 6, '}', n - 6);
		if (close == NULL ||
		    !ol_cmi_language(s + 6, (size_t)(close - s) - 6))
			return (0);
		skip = (size_t)(close - s) + 1;
		s += skip;
		n -= skip;
	}

	return (chars_within(s, n, limit));
}

/*
 * An identifier: 1 to limit characters, none of them a space or a control
 * character (bytes below 0x21 and 0x7F).
 */
int
ol_cmi_identifier(const char *s, size_t n, size_t limit)
{
	size_t		i;

	if (n == 0)
		return (0);
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x21 || s[i] == 0x7F)
			return (0);
	}

	return (chars_within(s, n, limit));
}

static int
range_ok(const struct ol_cmi_elem *e, double v)
{
	if ((e->flags & OL_CMI_MIN) && v < e->min)
		return (0);
	if ((e->flags & OL_CMI_MAX) && v > e->max)
		return (0);

	return (1);
}

/*
 * adl.nav.request: a request a SCO may make, choice and jump with their
 * {target=ID} (an identifier without braces).
 */
static int
nav_request(const char *v, size_t n)
{
	static const char *const	 nav[] = { "continue", "previous",
					    "exit", "exitAll", "abandon",
					    "abandonAll", "suspendAll",
					    "_none_", NULL };
	const char			*close;
	size_t				 idlen;

	if (n <= 8 || memcmp(v, "{target=", 8) != 0)
		return (vocab_has(nav, v, n));
	if ((close = memchr(v + 8, '}', n - 8)) == NULL)
		return (0);
	idlen = (size_t)(close - v) - 8;
	if (!ol_cmi_identifier(v + 8, idlen, LONG_MAX_CHARS) ||
	    memchr(v + 8, '{', idlen) != NULL)
		return (0);

	return (strcmp(close + 1, "choice") == 0 ||
	    strcmp(close + 1, "jump") == 0);
}

/*
 * The value v (n bytes, valid UTF-8) for element e: OL_CMI_VALID or what
 * is wrong with it. limit is the configured limit for suspend_data; itype
 * the interaction's type for responses and patterns.
 */
int
ol_cmi_check(const struct ol_cmi_elem *e, const char *v, size_t n,
    size_t limit, const char *itype)
{
	double		d;
	long		l;
	int64_t		cs;

	switch (e->type) {
	case OL_CMI_T_STRING:
		return (chars_within(v, n, e->limit) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_SUSPEND:
		return (chars_within(v, n, limit) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_LOCALIZED:
		return (localized(v, n, e->limit) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_IDENTIFIER:
		return (ol_cmi_identifier(v, n, e->limit) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_VOCABULARY:
		return (vocab_has(e->vocab, v, n) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_SCORE12:
		if (n == 0)
			return (OL_CMI_VALID);
		if (decimal_slice(v, n, &d) == -1)
			return (OL_CMI_BAD_TYPE);
		return (d >= 0 && d <= 100 ? OL_CMI_VALID : OL_CMI_BAD_RANGE);
	case OL_CMI_T_DECIMAL:
		if (decimal_slice(v, n, &d) == -1)
			return (OL_CMI_BAD_TYPE);
		return (range_ok(e, d) ? OL_CMI_VALID : OL_CMI_BAD_RANGE);
	case OL_CMI_T_INTEGER:
		if (integer_value(v, n, &l) == -1)
			return (OL_CMI_BAD_TYPE);
		return (range_ok(e, (double)l) ? OL_CMI_VALID :
		    OL_CMI_BAD_RANGE);
	case OL_CMI_T_TIME12:
		return (ol_cmi_time12_valid(v) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_TIMESPAN:
		return (ol_cmi_timespan_parse(v, &cs) == 0 ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_DURATION:
		return (ol_cmi_duration_parse(v, &cs) == 0 ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_TIMESTAMP:
		return (ol_cmi_timestamp_valid(v) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_LANGUAGE:
		return (n == 0 || ol_cmi_language(v, n) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	case OL_CMI_T_RESULT:
		if (vocab_has(e->vocab, v, n) || decimal_syntax(v, n))
			return (OL_CMI_VALID);
		return (OL_CMI_BAD_TYPE);
	case OL_CMI_T_RESPONSE:
		return (ol_cmi_response(itype, v, n, 0));
	case OL_CMI_T_PATTERN:
		return (ol_cmi_response(itype, v, n, 1));
	case OL_CMI_T_NAVREQUEST:
		return (nav_request(v, n) ? OL_CMI_VALID : OL_CMI_BAD_TYPE);
	case OL_CMI_T_COUNT:
		if (integer_value(v, n, &l) == -1 || l < 0 || v[0] == '-')
			return (OL_CMI_BAD_TYPE);
		return (OL_CMI_VALID);
	default:
		return (OL_CMI_BAD_TYPE);
	}
}

/* First occurrence of the NUL-terminated needle in s[0..n-1]. */
static const char *
find(const char *s, size_t n, const char *needle)
{
	size_t		i, k;

	k = strlen(needle);
	if (n < k)
		return (NULL);
	for (i = 0; i + k <= n; i++) {
		if (memcmp(s + i, needle, k) == 0)
			return (s + i);
	}

	return (NULL);
}

/*
 * The next part of rest up to delim (or the end) in part; 0 when rest is
 * used up. An empty rest gives one empty part first: call with rest->p
 * NULL to stop.
 */
static int
next_part(struct slice *rest, const char *delim, struct slice *part)
{
	const char	*d;

	if (rest->p == NULL)
		return (0);
	d = find(rest->p, rest->n, delim);
	part->p = rest->p;
	if (d == NULL) {
		part->n = rest->n;
		rest->p = NULL;
		rest->n = 0;
	} else {
		part->n = (size_t)(d - rest->p);
		rest->n -= part->n + strlen(delim);
		rest->p = d + strlen(delim);
	}

	return (1);
}

static int
slice_eq(struct slice a, struct slice b)
{
	return (a.n == b.n && memcmp(a.p, b.p, a.n) == 0);
}

/* short_identifier_type in a response: no brackets, which delimit. */
static int
short_id(struct slice s)
{
	return (ol_cmi_identifier(s.p, s.n, SHORT_ID) &&
	    memchr(s.p, '[', s.n) == NULL && memchr(s.p, ']', s.n) == NULL);
}

/* min[:]max, either side empty; or one number. */
static int
numeric_range(struct slice s)
{
	const char	*d;
	double		lo, hi;
	size_t		ln, hn;
	int		have_lo, have_hi;

	if ((d = find(s.p, s.n, "[:]")) == NULL)
		return (decimal_slice(s.p, s.n, &lo) == 0);
	ln = (size_t)(d - s.p);
	hn = s.n - ln - 3;
	have_lo = ln > 0;
	have_hi = hn > 0;
	if (have_lo && decimal_slice(s.p, ln, &lo) == -1)
		return (0);
	if (have_hi && decimal_slice(d + 3, hn, &hi) == -1)
		return (0);
	if (have_lo && have_hi && lo > hi)
		return (0);

	return (1);
}

/*
 * Removes one leading {name=true} or {name=false}; 1 if it was there, 0
 * if not, -1 if it was there with another value.
 */
static int
strip_flag(struct slice *s, const char *name)
{
	size_t		k;

	k = strlen(name);
	if (s->n < k + 2 || s->p[0] != '{' || memcmp(s->p + 1, name, k) != 0 ||
	    s->p[k + 1] != '=')
		return (0);
	if (s->n >= k + 7 && memcmp(s->p + k + 2, "true}", 5) == 0) {
		s->p += k + 7;
		s->n -= k + 7;
		return (1);
	}
	if (s->n >= k + 8 && memcmp(s->p + k + 2, "false}", 6) == 0) {
		s->p += k + 8;
		s->n -= k + 8;
		return (1);
	}

	return (-1);
}

/*
 * Short identifiers separated by [,]: at least one unless empty is
 * allowed, at most max, unique if asked.
 */
static int
list_ids(struct slice s, size_t max, int allow_empty, int unique)
{
	struct slice	rest, part, rest2, other;
	size_t		count, i;

	if (s.n == 0)
		return (allow_empty ? OL_CMI_VALID : OL_CMI_BAD_TYPE);
	rest = s;
	count = 0;
	while (next_part(&rest, "[,]", &part)) {
		if (!short_id(part))
			return (OL_CMI_BAD_TYPE);
		if (++count > max)
			return (OL_CMI_BAD_COUNT);
		if (!unique)
			continue;
		/* The parts before this one. */
		rest2 = s;
		for (i = 1; i < count && next_part(&rest2, "[,]", &other);
		    i++) {
			if (slice_eq(part, other))
				return (OL_CMI_BAD_TYPE);
		}
	}

	return (OL_CMI_VALID);
}

/*
 * Pairs separated by [,], each a[.]b. matching: both short identifiers;
 * performance (perf 1 response, 2 pattern): a short identifier or empty,
 * b a string of 250 characters at most (a pattern's may be a numeric
 * range), not both empty.
 */
static int
list_pairs(struct slice s, int perf)
{
	struct slice	rest, part, a, b;
	size_t		count;
	const char	*d;

	if (s.n == 0)
		return (OL_CMI_BAD_TYPE);
	rest = s;
	count = 0;
	while (next_part(&rest, "[,]", &part)) {
		if (++count > (perf ? PERF_PARTS : MATCH_PARTS))
			return (OL_CMI_BAD_COUNT);
		if ((d = find(part.p, part.n, "[.]")) == NULL)
			return (OL_CMI_BAD_TYPE);
		a.p = part.p;
		a.n = (size_t)(d - part.p);
		b.p = d + 3;
		b.n = part.n - a.n - 3;
		if (!perf) {
			if (!short_id(a) || !short_id(b))
				return (OL_CMI_BAD_TYPE);
			continue;
		}
		if (a.n == 0 && b.n == 0)
			return (OL_CMI_BAD_TYPE);
		if (a.n > 0 && !short_id(a))
			return (OL_CMI_BAD_TYPE);
		if (perf == 2 && find(b.p, b.n, "[:]") != NULL) {
			if (!numeric_range(b))
				return (OL_CMI_BAD_TYPE);
		} else if (!chars_within(b.p, b.n, STEP_MAX))
			return (OL_CMI_BAD_TYPE);
	}

	return (OL_CMI_VALID);
}

/* Localized strings of 250 characters separated by [,], at most 10. */
static int
list_fill(struct slice s)
{
	struct slice	rest, part;
	size_t		count;

	rest = s;
	count = 0;
	while (next_part(&rest, "[,]", &part)) {
		if (++count > FILL_PARTS)
			return (OL_CMI_BAD_COUNT);
		if (!localized(part.p, part.n, FILL_MAX))
			return (OL_CMI_BAD_TYPE);
	}

	return (OL_CMI_VALID);
}

/*
 * A SCORM 2004 learner_response (pattern 0) or correct_responses pattern
 * (pattern 1) of n bytes for an interaction of type itype.
 */
int
ol_cmi_response(const char *itype, const char *v, size_t n, int pattern)
{
	struct slice	s;
	double		d;
	int		cm, om, r;

	if (itype == NULL)
		return (OL_CMI_BAD_TYPE);
	s.p = v;
	s.n = n;

	if (strcmp(itype, "true-false") == 0) {
		if ((n == 4 && memcmp(v, "true", 4) == 0) ||
		    (n == 5 && memcmp(v, "false", 5) == 0))
			return (OL_CMI_VALID);
		return (OL_CMI_BAD_TYPE);
	}
	if (strcmp(itype, "choice") == 0)
		return (list_ids(s, CHOICE_PARTS, 1, 1));
	if (strcmp(itype, "sequencing") == 0)
		return (list_ids(s, SEQ_PARTS, 0, 0));
	if (strcmp(itype, "likert") == 0)
		return (short_id(s) ? OL_CMI_VALID : OL_CMI_BAD_TYPE);
	if (strcmp(itype, "matching") == 0)
		return (list_pairs(s, 0));
	if (strcmp(itype, "performance") == 0) {
		if (pattern && strip_flag(&s, "order_matters") == -1)
			return (OL_CMI_BAD_TYPE);
		return (list_pairs(s, pattern ? 2 : 1));
	}
	if (strcmp(itype, "fill-in") == 0) {
		if (pattern) {
			/* {case_matters=..} and {order_matters=..}, once each,
			   in either order. */
			cm = om = 0;
			for (;;) {
				if (!cm && (r = strip_flag(&s,
				    "case_matters")) != 0) {
					if (r == -1)
						return (OL_CMI_BAD_TYPE);
					cm = 1;
					continue;
				}
				if (!om && (r = strip_flag(&s,
				    "order_matters")) != 0) {
					if (r == -1)
						return (OL_CMI_BAD_TYPE);
					om = 1;
					continue;
				}
				break;
			}
		}
		return (list_fill(s));
	}
	if (strcmp(itype, "long-fill-in") == 0) {
		if (pattern && strip_flag(&s, "case_matters") == -1)
			return (OL_CMI_BAD_TYPE);
		return (localized(s.p, s.n, LONG_MAX_CHARS) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	}
	if (strcmp(itype, "numeric") == 0) {
		if (pattern)
			return (numeric_range(s) ? OL_CMI_VALID :
			    OL_CMI_BAD_TYPE);
		return (decimal_slice(v, n, &d) == 0 ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);
	}
	if (strcmp(itype, "other") == 0)
		return (chars_within(v, n, LONG_MAX_CHARS) ? OL_CMI_VALID :
		    OL_CMI_BAD_TYPE);

	return (OL_CMI_BAD_TYPE);
}

/* How many correct_responses an interaction of type itype may have. */
size_t
ol_cmi_patterns_max(const char *itype)
{
	static const struct {
		const char	*type;
		size_t		 max;
	} max[] = {
		{ "true-false", 1 }, { "choice", 10 }, { "fill-in", 5 },
		{ "long-fill-in", 5 }, { "likert", 1 }, { "matching", 5 },
		{ "performance", 5 }, { "sequencing", 5 }, { "numeric", 1 },
		{ "other", 1 },
	};
	size_t		i;

	if (itype == NULL)
		return (0);
	for (i = 0; i < sizeof(max) / sizeof(max[0]); i++) {
		if (strcmp(max[i].type, itype) == 0)
			return (max[i].max);
	}

	return (0);
}
