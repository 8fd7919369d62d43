/*
 * libFuzzer harness for modules/cmi. The first byte picks the version and
 * the suspend_data limit; then each line is one call, as content in a
 * learner's browser or the LMS would make it:
 *
 *	s<element>\t<value>	ol_cmi_set()		g<element>	ol_cmi_get()
 *	p<element>\t<value>	ol_cmi_put()		t<text>		time parsers
 *	b<id>\t<mastery>\t<passing>\t<threshold>\t<mode>\t<max time>
 *				ol_cmi_session_begin() (empty: NULL)
 *	e<centiseconds>[f]	ol_cmi_session_end()	r		progress
 *
 * Whatever the input: no crash; codes are the version's; a failed get
 * gives ""; a set that returns 0 reads back the same value (unless the
 * element is write-only or a 2004 status rule decides it) and a failed
 * set changes nothing in the listing; a put that returns 0 is stored as
 * given; the listing has no name twice and put into a fresh model gives
 * the same listing; durations and timespans parse, format and parse
 * back the same.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmi.h"
#include "fuzz.h"

#define LINE_MAX_LEN	(256 * 1024)

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	*listing(const struct ol_cmi *);
static int	 code_ok(int, int);
static void	 check_set(struct ol_cmi *, const char *, const char *);
static void	 check_get(struct ol_cmi *, const char *);
static void	 check_put(struct ol_cmi *, const char *, const char *);
static void	 check_times(const char *);
static void	 begin(struct ol_cmi *, char *);
static void	 end(struct ol_cmi *, const char *);
static void	 progress(struct ol_cmi *);
static void	 round_trip(const struct ol_cmi *);

static char *
listing(const struct ol_cmi *cmi)
{
	const char	*n, *v;
	char		*out;
	size_t		 i, len, off, k;

	for (len = 1, i = 0; i < ol_cmi_count(cmi); i++) {
		if (ol_cmi_item(cmi, i, &n, &v) != 0)
			abort();
		len += strlen(n) + strlen(v) + 2;
	}
	if ((out = malloc(len)) == NULL)
		abort();
	for (off = 0, i = 0; i < ol_cmi_count(cmi); i++) {
		(void)ol_cmi_item(cmi, i, &n, &v);
		k = strlen(n);
		memcpy(out + off, n, k);
		off += k;
		out[off++] = '\x01';
		k = strlen(v);
		memcpy(out + off, v, k);
		off += k;
		out[off++] = '\x02';
	}
	out[off] = '\0';
	if (ol_cmi_item(cmi, i, &n, &v) != -1)
		abort();

	return (out);
}

static int
code_ok(int version, int code)
{
	static const int	c12[] = { 0, 101, 201, 202, 203, 401, 402, 403,
				    404, 405 };
	static const int	c04[] = { 0, 201, 301, 351, 401, 403, 404, 405,
				    406, 407, 408 };
	size_t			i;

	if (version == OL_CMI_V12) {
		for (i = 0; i < sizeof(c12) / sizeof(c12[0]); i++)
			if (c12[i] == code)
				return (1);
	} else {
		for (i = 0; i < sizeof(c04) / sizeof(c04[0]); i++)
			if (c04[i] == code)
				return (1);
	}

	return (0);
}

static void
check_set(struct ol_cmi *cmi, const char *name, const char *value)
{
	const char	*v, *rule;
	char		*before, *after;
	int		 rc, grc, version;

	version = ol_cmi_version(cmi);
	before = listing(cmi);
	rc = ol_cmi_set(cmi, name, value);
	if (!code_ok(version, rc) || (version == OL_CMI_V2004 && rc == 403))
		abort();
	if (rc != 0) {
		after = listing(cmi);
		if (strcmp(before, after) != 0 ||
		    *ol_cmi_diagnostic(cmi) == '\0')
			abort();
		free(after);
		free(before);
		return;
	}
	free(before);
	if (*ol_cmi_diagnostic(cmi) != '\0')
		abort();

	grc = ol_cmi_get(cmi, name, &v);
	if (grc == (version == OL_CMI_V12 ? 404 : 405))
		return;
	if (grc != 0)
		abort();
	/* 2004 status rules decide these when the LMS set a threshold. */
	rule = NULL;
	if (version == OL_CMI_V2004 &&
	    strcmp(name, "cmi.completion_status") == 0)
		rule = "cmi.completion_threshold";
	if (version == OL_CMI_V2004 && strcmp(name, "cmi.success_status") == 0)
		rule = "cmi.scaled_passing_score";
	if (rule != NULL && ol_cmi_stored(cmi, rule) != NULL)
		return;
	if (strcmp(v, value) != 0)
		abort();
}

static void
check_get(struct ol_cmi *cmi, const char *name)
{
	const char	*v;
	int		 rc;

	v = NULL;
	rc = ol_cmi_get(cmi, name, &v);
	if (v == NULL || !code_ok(ol_cmi_version(cmi), rc))
		abort();
	if (rc != 0 && (*v != '\0' || *ol_cmi_diagnostic(cmi) == '\0'))
		abort();
	if (rc == 0 && *ol_cmi_diagnostic(cmi) != '\0')
		abort();
}

static void
check_put(struct ol_cmi *cmi, const char *name, const char *value)
{
	const char	*v;

	if (ol_cmi_put(cmi, name, value) != 0)
		return;
	if ((v = ol_cmi_stored(cmi, name)) == NULL || strcmp(v, value) != 0)
		abort();
}

static void
check_times(const char *s)
{
	double		d;

	fuzz_check_times(s);
	(void)ol_cmi_timestamp_valid(s);
	(void)ol_cmi_time12_valid(s);
	(void)ol_cmi_decimal(s, &d);
}

static void
begin(struct ol_cmi *cmi, char *line)
{
	struct ol_cmi_launch	 l;
	const char		*f[6];
	size_t			 i;
	char			*p;

	memset(f, 0, sizeof(f));
	for (i = 0, p = line; i < 6 && p != NULL; i++) {
		f[i] = p;
		if ((p = strchr(p, '\t')) != NULL)
			*p++ = '\0';
		if (*f[i] == '\0')
			f[i] = NULL;
	}
	memset(&l, 0, sizeof(l));
	l.learner_id = f[0];
	l.learner_name = f[0];
	l.launch_data = f[0];
	l.mastery_score = f[1];
	l.scaled_passing_score = f[2];
	l.completion_threshold = f[3];
	l.mode = f[4];
	l.max_time_allowed = f[5];
	l.time_limit_action = f[4];
	l.credit = strlen(line) % 2;
	ol_cmi_session_begin(cmi, strlen(line) % 7 == 3 ? NULL : &l);
	if (ol_cmi_stored(cmi, "ol.sessions") == NULL)
		abort();
}

static void
end(struct ol_cmi *cmi, const char *s)
{
	const char	*t;
	int64_t		 cs;
	size_t		 i;

	for (cs = 0, i = 0; i < 15 && s[i] >= '0' && s[i] <= '9'; i++)
		cs = cs * 10 + (s[i] - '0');
	if (s[0] == '-')
		cs = -cs - 1;
	ol_cmi_session_end(cmi, cs, strchr(s, 'f') != NULL);
	t = ol_cmi_stored(cmi, ol_cmi_version(cmi) == OL_CMI_V12 ?
	    "cmi.core.total_time" : "cmi.total_time");
	if (t == NULL || (ol_cmi_version(cmi) == OL_CMI_V12 ?
	    ol_cmi_timespan_parse(t, &cs) : ol_cmi_duration_parse(t, &cs)) != 0)
		abort();
}

static void
progress(struct ol_cmi *cmi)
{
	struct ol_cmi_progress	p;

	ol_cmi_progress(cmi, &p);
	if (p.status < OL_PROGRESS_NOT_STARTED ||
	    p.status > OL_PROGRESS_FAILED || p.total_cs < 0)
		abort();
	if (p.has_score && !(p.score >= 0 && p.score <= 1))
		abort();
}

static void
round_trip(const struct ol_cmi *cmi)
{
	struct ol_cmi	*c;
	const char	*n, *v, *pn;
	char		*a, *b;
	size_t		 i;

	c = ol_cmi_new(ol_cmi_version(cmi), ol_cmi_suspend_max(cmi));
	if (c == NULL)
		abort();
	for (pn = NULL, i = 0; i < ol_cmi_count(cmi); i++) {
		(void)ol_cmi_item(cmi, i, &n, &v);
		if (pn != NULL && strcmp(pn, n) == 0)
			abort();
		if (ol_cmi_put(c, n, v) != 0)
			abort();
		pn = n;
	}
	a = listing(cmi);
	b = listing(c);
	if (strcmp(a, b) != 0)
		abort();
	free(a);
	free(b);
	ol_cmi_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t	 suspend[] = { 0, 16, OL_CMI_SUSPEND_2004_2,
				    100000 };
	struct ol_cmi		*cmi;
	const uint8_t		*p, *nl;
	char			*line, *tab;
	size_t			 n;

	if (size < 1)
		return (0);
	cmi = ol_cmi_new(data[0] & 1 ? OL_CMI_V2004 : OL_CMI_V12,
	    suspend[(data[0] >> 1) & 3]);
	if (cmi == NULL)
		abort();

	for (p = data + 1; p < data + size; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(data + size - p))) == NULL)
			nl = data + size;
		n = (size_t)(nl - p);
		if (n == 0 || n > LINE_MAX_LEN)
			continue;
		if ((line = malloc(n + 1)) == NULL)
			abort();
		memcpy(line, p, n);
		line[n] = '\0';
		tab = strchr(line + 1, '\t');
		if (tab != NULL)
			*tab++ = '\0';
		switch (line[0]) {
		case 's':
			check_set(cmi, line + 1, tab != NULL ? tab : "");
			break;
		case 'g':
			check_get(cmi, line + 1);
			break;
		case 'p':
			check_put(cmi, line + 1, tab != NULL ? tab : "");
			break;
		case 't':
			check_times(line + 1);
			break;
		case 'b':
			if (tab != NULL)
				tab[-1] = '\t';
			begin(cmi, line + 1);
			break;
		case 'e':
			end(cmi, line + 1);
			break;
		case 'r':
			progress(cmi);
			break;
		default:
			break;
		}
		free(line);
	}

	round_trip(cmi);
	ol_cmi_free(cmi);

	return (0);
}
