/*
 * Unit tests for modules/cmi, the SCORM 1.2 and 2004 run-time data model.
 * Every element, access rule, type, limit and error code of both versions
 * is checked by the shared cases in tests/cases/cmi.tsv, which the
 * browser's player.js is checked against too, so that both answer
 * GetValue/SetValue alike; the tests here cover what that table cannot
 * say: bytes that are not UTF-8, limits of this implementation, the
 * stored listing and its round trip, the LMS's session rules, progress
 * and the time formats.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmi.h"

#define CASES		"tests/cases/cmi.tsv"
#define CASES_MIN	1000	/* the file holds more; fewer: truncated */

#define S12		OL_CMI_V12
#define S04		OL_CMI_V2004

static struct ol_cmi *model(int, size_t);
static void	set(struct ol_cmi *, const char *, const char *, int);
static void	get(struct ol_cmi *, const char *, const char *, int);
static char	*listing(const struct ol_cmi *);
static struct ol_cmi *copy(const struct ol_cmi *, size_t);
static char	*repeat(const char *, size_t);
static FILE	*open_cases(char *, size_t);
static int	 unescape(char *);
static size_t	 split(char *, char **, size_t);
static int64_t	 span(const char *);
static int64_t	 dur(const char *);

static struct ol_cmi *
model(int version, size_t suspend)
{
	struct ol_cmi	*cmi;

	cmi = ol_cmi_new(version, suspend);
	assert_non_null(cmi);

	return (cmi);
}

static void
set(struct ol_cmi *cmi, const char *name, const char *value, int code)
{
	int		rc;

	rc = ol_cmi_set(cmi, name, value);
	if (rc != code) {
		print_error("set %s = \"%.60s\": %d, want %d (%s)\n", name,
		    value, rc, code, ol_cmi_diagnostic(cmi));
		fail();
	}
}

static void
get(struct ol_cmi *cmi, const char *name, const char *want, int code)
{
	const char	*v;
	int		 rc;

	v = NULL;
	rc = ol_cmi_get(cmi, name, &v);
	assert_non_null(v);
	if (rc != code || strcmp(v, want) != 0) {
		print_error("get %s: %d \"%.60s\", want %d \"%.60s\" (%s)\n",
		    name, rc, v, code, want, ol_cmi_diagnostic(cmi));
		fail();
	}
}

/* The stored values, one "name=value\n" each, in item order. */
static char *
listing(const struct ol_cmi *cmi)
{
	const char	*n, *v;
	char		*out;
	size_t		 i, len, off;

	for (len = 1, i = 0; i < ol_cmi_count(cmi); i++) {
		assert_int_equal(ol_cmi_item(cmi, i, &n, &v), 0);
		len += strlen(n) + strlen(v) + 2;
	}
	out = malloc(len);
	assert_non_null(out);
	for (off = 0, i = 0; i < ol_cmi_count(cmi); i++) {
		assert_int_equal(ol_cmi_item(cmi, i, &n, &v), 0);
		off += (size_t)sprintf(out + off, "%s=%s\n", n, v);
	}
	out[off] = '\0';
	assert_int_equal(ol_cmi_item(cmi, i, &n, &v), -1);

	return (out);
}

/* A fresh model with the listing of cmi put into it, in order. */
static struct ol_cmi *
copy(const struct ol_cmi *cmi, size_t suspend)
{
	struct ol_cmi	*c;
	const char	*n, *v;
	size_t		 i;

	c = model(ol_cmi_version(cmi), suspend);
	for (i = 0; i < ol_cmi_count(cmi); i++) {
		assert_int_equal(ol_cmi_item(cmi, i, &n, &v), 0);
		if (ol_cmi_put(c, n, v) != 0) {
			print_error("put %s failed\n", n);
			fail();
		}
	}

	return (c);
}

static char *
repeat(const char *unit, size_t n)
{
	char		*s;
	size_t		 k, i;

	k = strlen(unit);
	s = malloc(k * n + 1);
	assert_non_null(s);
	for (i = 0; i < n; i++)
		memcpy(s + i * k, unit, k);
	s[k * n] = '\0';

	return (s);
}

static int64_t
span(const char *s)
{
	int64_t		cs;

	assert_int_equal(ol_cmi_timespan_parse(s, &cs), 0);

	return (cs);
}

static int64_t
dur(const char *s)
{
	int64_t		cs;

	assert_int_equal(ol_cmi_duration_parse(s, &cs), 0);

	return (cs);
}

/*
 * The cases file: CASES from the working directory, else found from this
 * source file's name (which the Makefile passes relative to the project,
 * so tried from each directory above the working one), else from the
 * test binary's place (build/tests/).
 */
static FILE *
open_cases(char *path, size_t size)
{
	char		 dir[PATH_MAX], exe[PATH_MAX], up[64];
	const char	*env, *slash;
	FILE		*f;
	ssize_t		 n;
	int		 i;

	if ((env = getenv("OL_CMI_CASES")) != NULL && *env != '\0') {
		(void)snprintf(path, size, "%s", env);
		return (fopen(path, "r"));
	}
	(void)snprintf(path, size, "%s", CASES);
	if ((f = fopen(path, "r")) != NULL)
		return (f);

	slash = strrchr(__FILE__, '/');
	(void)snprintf(dir, sizeof(dir), "%.*s",
	    slash != NULL ? (int)(slash - __FILE__) : 1,
	    slash != NULL ? __FILE__ : ".");
	for (i = 0, up[0] = '\0'; i < 8; i++) {
		if (snprintf(path, size, "%s%s/../cases/cmi.tsv", up, dir) <
		    (int)size && (f = fopen(path, "r")) != NULL)
			return (f);
		if (dir[0] == '/')
			break;
		(void)strncat(up, "../", sizeof(up) - strlen(up) - 1);
	}

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			exe[slash - exe] = '\0';
		if (snprintf(path, size, "%s/../../%s", exe, CASES) <
		    (int)size && (f = fopen(path, "r")) != NULL)
			return (f);
	}

	(void)snprintf(path, size, "%s", CASES);

	return (NULL);
}

/* \t, \n and \\ in place; -1 for any other escape. */
static int
unescape(char *s)
{
	char		*w;

	for (w = s; *s != '\0'; s++) {
		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		s++;
		if (*s == 't')
			*w++ = '\t';
		else if (*s == 'n')
			*w++ = '\n';
		else if (*s == '\\')
			*w++ = '\\';
		else
			return (-1);
	}
	*w = '\0';

	return (0);
}

/* Tab-separated fields, in place. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t		n;
	char		*t;

	for (n = 0; n < max; ) {
		f[n++] = line;
		if ((t = strchr(line, '\t')) == NULL)
			break;
		*t = '\0';
		line = t + 1;
	}

	return (n);
}

/* Runs every case of tests/cases/cmi.tsv. */
static void
test_cases_file(void **state)
{
	struct ol_cmi	*cmi;
	char		 path[PATH_MAX], *line, *f[6], *end;
	const char	*v;
	size_t		 cap, lineno, nf, cases, failures, news;
	ssize_t		 len;
	long		 code;
	FILE		*fp;
	int		 rc;

	(void)state;

	if ((fp = open_cases(path, sizeof(path))) == NULL) {
		print_error("cannot open %s (nor find it from %s)\n", path,
		    __FILE__);
		fail();
	}
	cmi = NULL;
	line = NULL;
	cap = 0;
	lineno = cases = failures = news = 0;
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		nf = split(line, f, 6);
		if (strcmp(f[0], "new") == 0) {
			assert_int_equal(nf, 2);
			ol_cmi_free(cmi);
			if (strcmp(f[1], "1.2") == 0)
				cmi = model(S12, 0);
			else if (strcmp(f[1], "2004") == 0)
				cmi = model(S04, 0);
			else {
				print_error("%s:%zu: bad version\n", path,
				    lineno);
				fail();
			}
			news++;
			continue;
		}
		if (cmi == NULL || nf < 3 || unescape(f[2]) == -1) {
			print_error("%s:%zu: bad line\n", path, lineno);
			fail();
		}
		cases++;
		if (strcmp(f[0], "init") == 0) {
			assert_int_equal(nf, 3);
			if (ol_cmi_put(cmi, f[1], f[2]) != 0) {
				print_error("%s:%zu: init %s failed\n", path,
				    lineno, f[1]);
				failures++;
			}
			continue;
		}
		if (nf != 4) {
			print_error("%s:%zu: bad line\n", path, lineno);
			fail();
		}
		code = strtol(f[3], &end, 10);
		assert_true(*f[3] != '\0' && *end == '\0');
		if (strcmp(f[0], "set") == 0) {
			rc = ol_cmi_set(cmi, f[1], f[2]);
			if (rc != code) {
				print_error("%s:%zu: set %s = \"%.40s\": %d, "
				    "want %ld (%s)\n", path, lineno, f[1], f[2],
				    rc, code, ol_cmi_diagnostic(cmi));
				failures++;
			}
			/* What failed says why; what worked clears it. */
			if ((rc == 0) != (*ol_cmi_diagnostic(cmi) == '\0'))
				failures++;
		} else if (strcmp(f[0], "get") == 0) {
			v = NULL;
			rc = ol_cmi_get(cmi, f[1], &v);
			if (v == NULL || rc != code || strcmp(v, f[2]) != 0) {
				print_error("%s:%zu: get %s: %d \"%.40s\", want "
				    "%ld \"%.40s\" (%s)\n", path, lineno, f[1],
				    rc, v != NULL ? v : "(null)", code, f[2],
				    ol_cmi_diagnostic(cmi));
				failures++;
			}
		} else {
			print_error("%s:%zu: unknown operation %s\n", path,
			    lineno, f[0]);
			fail();
		}
	}
	free(line);
	(void)fclose(fp);
	ol_cmi_free(cmi);

	assert_int_equal(failures, 0);
	assert_true(cases >= CASES_MIN);
	assert_true(news >= 2);
}

static void
test_new(void **state)
{
	struct ol_cmi	*cmi;

	(void)state;

	assert_null(ol_cmi_new(0, 0));
	assert_null(ol_cmi_new(3, 0));
	ol_cmi_free(NULL);

	cmi = model(S12, 0);
	assert_int_equal(ol_cmi_version(cmi), S12);
	assert_int_equal(ol_cmi_suspend_max(cmi), OL_CMI_SUSPEND_12);
	assert_int_equal(ol_cmi_count(cmi), 0);
	assert_string_equal(ol_cmi_diagnostic(cmi), "");
	ol_cmi_free(cmi);

	cmi = model(S04, 0);
	assert_int_equal(ol_cmi_version(cmi), S04);
	assert_int_equal(ol_cmi_suspend_max(cmi), OL_CMI_SUSPEND_2004);
	ol_cmi_free(cmi);

	cmi = model(S04, OL_CMI_SUSPEND_2004_2);
	assert_int_equal(ol_cmi_suspend_max(cmi), 4000);
	ol_cmi_free(cmi);

	cmi = model(S12, OL_CMI_SUSPEND_MAX + 1);
	assert_int_equal(ol_cmi_suspend_max(cmi), OL_CMI_SUSPEND_MAX);
	ol_cmi_free(cmi);
}

/* suspend_data takes the limit given to ol_cmi_new(), in characters. */
static void
test_suspend_limits(void **state)
{
	struct ol_cmi	*cmi;
	char		*s;

	(void)state;

	/* 2004 2nd edition: 4000. */
	cmi = model(S04, OL_CMI_SUSPEND_2004_2);
	s = repeat("x", 4000);
	set(cmi, "cmi.suspend_data", s, 0);
	free(s);
	s = repeat("x", 4001);
	set(cmi, "cmi.suspend_data", s, OL_CMI04_TYPE);
	free(s);
	ol_cmi_free(cmi);

	/* A tenant's raised limit, 1.2 and 2004. */
	cmi = model(S12, 100000);
	s = repeat("\xc3\xa9", 100000);
	set(cmi, "cmi.suspend_data", s, 0);
	get(cmi, "cmi.suspend_data", s, 0);
	free(s);
	s = repeat("x", 100001);
	set(cmi, "cmi.suspend_data", s, OL_CMI12_TYPE);
	free(s);
	ol_cmi_free(cmi);

	cmi = model(S04, 1000000);
	s = repeat("\xf0\x9f\x98\x80", 1000000);
	set(cmi, "cmi.suspend_data", s, 0);
	free(s);
	s = repeat("\xf0\x9f\x98\x80", 1000001);
	set(cmi, "cmi.suspend_data", s, OL_CMI04_TYPE);
	free(s);
	ol_cmi_free(cmi);

	/* Lowered below the specification's: taken as given. */
	cmi = model(S12, 10);
	set(cmi, "cmi.suspend_data", "0123456789", 0);
	set(cmi, "cmi.suspend_data", "0123456789a", OL_CMI12_TYPE);
	ol_cmi_free(cmi);
}

/* Values must be UTF-8: anything else is a type error, never stored. */
static void
test_utf8_values(void **state)
{
	static const char	*bad[] = {
		"\xff", "abc\x80", "\xc0\xae", "\xe0\x80\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc3", "ok\xe2\x82",
	};
	struct ol_cmi		*cmi;
	size_t			 i;

	(void)state;

	cmi = model(S12, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set(cmi, "cmi.suspend_data", bad[i], OL_CMI12_TYPE);
		set(cmi, "cmi.core.lesson_location", bad[i], OL_CMI12_TYPE);
		assert_int_equal(ol_cmi_put(cmi, "cmi.suspend_data", bad[i]),
		    -1);
	}
	assert_int_equal(ol_cmi_count(cmi), 0);
	set(cmi, "cmi.core.lesson_location", "\xe2\x82\xac 5", 0);
	get(cmi, "cmi.core.lesson_location", "\xe2\x82\xac 5", 0);
	ol_cmi_free(cmi);

	cmi = model(S04, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set(cmi, "cmi.suspend_data", bad[i], OL_CMI04_TYPE);
		set(cmi, "cmi.location", bad[i], OL_CMI04_TYPE);
		set(cmi, "cmi.interactions.0.id", bad[i], OL_CMI04_TYPE);
	}
	assert_int_equal(ol_cmi_count(cmi), 0);
	/* Identifiers may hold any character that is not a space. */
	set(cmi, "cmi.interactions.0.id", "\xe4\xb8\xad\xe6\x96\x87", 0);
	ol_cmi_free(cmi);
}

/* Names the cases file cannot hold: bytes outside printable ASCII. */
static void
test_names(void **state)
{
	struct ol_cmi	*cmi;
	const char	*v;
	char		 name[300];

	(void)state;

	cmi = model(S12, 0);
	set(cmi, "cmi.core.lesson_location\n", "x", OL_CMI12_INVALID_ARGUMENT);
	set(cmi, "cmi.core.\xc3\xa9", "x", OL_CMI12_INVALID_ARGUMENT);
	set(cmi, "cmi.core\x7f", "x", OL_CMI12_INVALID_ARGUMENT);
	get(cmi, "cmi\tcore", "", OL_CMI12_INVALID_ARGUMENT);
	assert_int_equal(ol_cmi_get(cmi, NULL, &v), OL_CMI12_INVALID_ARGUMENT);
	assert_string_equal(v, "");
	set(cmi, NULL, "x", OL_CMI12_INVALID_ARGUMENT);
	/* A NULL value is taken as "". */
	set(cmi, "cmi.core.lesson_location", NULL, 0);
	get(cmi, "cmi.core.lesson_location", "", 0);
	assert_int_equal(ol_cmi_put(cmi, NULL, "x"), -1);
	assert_int_equal(ol_cmi_put(cmi, "cmi.core.lesson_location", NULL),
	    -1);

	/* 255 bytes at most; a longer name is malformed, not unknown. */
	memset(name, 'a', sizeof(name));
	memcpy(name, "cmi.", 4);
	name[255] = '\0';
	get(cmi, name, "", OL_CMI12_NOT_IMPLEMENTED);
	name[255] = 'a';
	name[299] = '\0';
	get(cmi, name, "", OL_CMI12_INVALID_ARGUMENT);
	assert_non_null(strstr(ol_cmi_diagnostic(cmi), "..."));
	ol_cmi_free(cmi);

	cmi = model(S04, 0);
	get(cmi, "cmi.location\x01", "", OL_CMI04_ARGUMENT);
	assert_int_equal(ol_cmi_get(cmi, NULL, &v), OL_CMI04_GET_FAILURE);
	set(cmi, NULL, "x", OL_CMI04_SET_FAILURE);
	/* Too many components or indices: not an element. */
	get(cmi, "cmi.a.b.c.d.e.f.g.h.i", "", OL_CMI04_UNDEFINED);
	get(cmi, "cmi.interactions.0.objectives.0.id.0", "",
	    OL_CMI04_UNDEFINED);
	ol_cmi_free(cmi);
}

static void
test_error_strings(void **state)
{
	static const int	 c12[] = { 0, 101, 201, 202, 203, 301, 401, 402,
				    403, 404, 405 };
	static const int	 c04[] = { 0, 101, 102, 103, 104, 111, 112, 113,
				    122, 123, 132, 133, 142, 143, 201, 301, 351,
				    391, 401, 402, 403, 404, 405, 406, 407,
				    408 };
	size_t			 i, j;

	(void)state;

	for (i = 0; i < sizeof(c12) / sizeof(c12[0]); i++) {
		assert_string_not_equal(ol_cmi_error_string(S12, c12[i]), "");
		for (j = 0; j < i; j++)
			assert_string_not_equal(ol_cmi_error_string(S12,
			    c12[i]), ol_cmi_error_string(S12, c12[j]));
	}
	for (i = 0; i < sizeof(c04) / sizeof(c04[0]); i++) {
		assert_string_not_equal(ol_cmi_error_string(S04, c04[i]), "");
		for (j = 0; j < i; j++)
			assert_string_not_equal(ol_cmi_error_string(S04,
			    c04[i]), ol_cmi_error_string(S04, c04[j]));
	}
	assert_string_equal(ol_cmi_error_string(S12, 0), "No error");
	assert_string_equal(ol_cmi_error_string(S12, 405),
	    "Incorrect data type");
	assert_string_equal(ol_cmi_error_string(S04, 0), "No Error");
	assert_string_equal(ol_cmi_error_string(S04, 406),
	    "Data Model Element Type Mismatch");
	assert_string_equal(ol_cmi_error_string(S04, 408),
	    "Data Model Dependency Not Established");
	assert_string_equal(ol_cmi_error_string(S12, 406), "");
	assert_string_equal(ol_cmi_error_string(S12, 351), "");
	assert_string_equal(ol_cmi_error_string(S04, 202), "");
	assert_string_equal(ol_cmi_error_string(S04, -1), "");
	assert_string_equal(ol_cmi_error_string(0, 0), "");
}

static void
test_diagnostic(void **state)
{
	struct ol_cmi	*cmi;
	const char	*d;

	(void)state;

	cmi = model(S04, 0);
	set(cmi, "cmi.score.scaled", "2", OL_CMI04_RANGE);
	d = ol_cmi_diagnostic(cmi);
	assert_non_null(strstr(d, "cmi.score.scaled"));
	assert_non_null(strstr(d, "range"));
	set(cmi, "cmi.interactions.0.type", "choice", OL_CMI04_DEPENDENCY);
	assert_non_null(strstr(ol_cmi_diagnostic(cmi), "id"));
	set(cmi, "cmi.session_time", "1h", OL_CMI04_TYPE);
	assert_non_null(strstr(ol_cmi_diagnostic(cmi), "duration"));
	get(cmi, "cmi.location", "", OL_CMI04_NOT_INITIALIZED);
	assert_string_not_equal(ol_cmi_diagnostic(cmi), "");
	get(cmi, "cmi.mode", "normal", 0);
	assert_string_equal(ol_cmi_diagnostic(cmi), "");
	get(cmi, "", "", OL_CMI04_GET_FAILURE);
	assert_non_null(strstr(ol_cmi_diagnostic(cmi), "\"\""));
	get(cmi, "bad\x01name", "", OL_CMI04_ARGUMENT);
	assert_non_null(strstr(ol_cmi_diagnostic(cmi), "bad?name"));
	ol_cmi_free(cmi);
}

/* Whatever fails leaves the stored values exactly as they were. */
static void
test_failed_set_changes_nothing(void **state)
{
	static const char	*sets04[][2] = {
		{ "cmi.interactions.0.id", "has space" },
		{ "cmi.interactions.1.type", "choice" },
		{ "cmi.interactions.0.learner_response", "a[,]a" },
		{ "cmi.interactions.0.correct_responses.0.pattern", "a[,]a" },
		{ "cmi.interactions.0.correct_responses.1.pattern", "a" },
		{ "cmi.interactions.0.objectives.1.id", "o1" },
		{ "cmi.interactions.0.objectives.2.id", "o2" },
		{ "cmi.objectives.0.id", "other" },
		{ "cmi.objectives.1.id", "o1" },
		{ "cmi.score.scaled", "1.5" },
		{ "cmi.completion_status", "done" },
		{ "cmi.credit", "credit" },
		{ "cmi.interactions._count", "5" },
		{ "cmi.location", "\xff" },
		{ "cmi.comments_from_learner.2.comment", "x" },
		{ "ol.sessions", "9" },
	};
	struct ol_cmi		*cmi;
	char			*before, *after;
	size_t			 i;

	(void)state;

	cmi = model(S04, 0);
	set(cmi, "cmi.interactions.0.id", "q0", 0);
	set(cmi, "cmi.interactions.0.type", "choice", 0);
	set(cmi, "cmi.interactions.0.learner_response", "a", 0);
	set(cmi, "cmi.interactions.0.correct_responses.0.pattern", "a", 0);
	set(cmi, "cmi.interactions.0.objectives.0.id", "o1", 0);
	set(cmi, "cmi.objectives.0.id", "o1", 0);
	set(cmi, "cmi.score.scaled", "0.5", 0);
	set(cmi, "cmi.comments_from_learner.0.comment", "c", 0);
	before = listing(cmi);
	for (i = 0; i < sizeof(sets04) / sizeof(sets04[0]); i++) {
		assert_int_not_equal(ol_cmi_set(cmi, sets04[i][0],
		    sets04[i][1]), 0);
		after = listing(cmi);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	ol_cmi_free(cmi);
}

/* The listing put into a fresh model gives the same model. */
static void
test_round_trip(void **state)
{
	struct ol_cmi		*cmi, *c;
	struct ol_cmi_launch	 l;
	char			*a, *b;

	(void)state;

	cmi = model(S12, 0);
	memset(&l, 0, sizeof(l));
	l.learner_id = "s1";
	l.learner_name = "Doe, Jane";
	l.mastery_score = "80";
	l.credit = 1;
	ol_cmi_session_begin(cmi, &l);
	set(cmi, "cmi.core.lesson_status", "incomplete", 0);
	set(cmi, "cmi.core.score.raw", "55", 0);
	set(cmi, "cmi.suspend_data", "tab\tnl\n", 0);
	set(cmi, "cmi.objectives.0.id", "o0", 0);
	set(cmi, "cmi.objectives.1.status", "passed", 0);
	set(cmi, "cmi.interactions.0.objectives.0.id", "o0", 0);
	set(cmi, "cmi.interactions.0.objectives.1.id", "o1", 0);
	set(cmi, "cmi.interactions.0.id", "q0", 0);
	set(cmi, "cmi.interactions.1.correct_responses.0.pattern", "a", 0);
	set(cmi, "cmi.interactions.1.result", "wrong", 0);
	set(cmi, "cmi.core.exit", "suspend", 0);
	set(cmi, "cmi.core.session_time", "00:02:00", 0);
	a = listing(cmi);
	c = copy(cmi, 0);
	b = listing(c);
	assert_string_equal(a, b);
	free(b);
	/* Same answers too. */
	get(c, "cmi.interactions._count", "2", 0);
	get(c, "cmi.interactions.0.objectives._count", "2", 0);
	get(c, "cmi.objectives.1.status", "passed", 0);
	get(c, "cmi.core.entry", "ab-initio", 0);
	/* The listing is in the model's order, not the order of sets. */
	assert_true(strstr(a, "cmi.interactions.0.id") <
	    strstr(a, "cmi.interactions.0.objectives.0.id"));
	assert_true(strstr(a, "cmi.core.lesson_status") <
	    strstr(a, "cmi.interactions.0.id"));
	assert_non_null(strstr(a, "ol.sessions=1\n"));
	ol_cmi_free(c);
	free(a);
	ol_cmi_free(cmi);

	cmi = model(S04, 0);
	memset(&l, 0, sizeof(l));
	l.learner_id = "urn:l:1";
	l.completion_threshold = "0.5";
	l.credit = 1;
	ol_cmi_session_begin(cmi, &l);
	set(cmi, "cmi.objectives.0.id", "o0", 0);
	set(cmi, "cmi.objectives.0.score.scaled", "0.5", 0);
	set(cmi, "cmi.objectives.1.id", "o1", 0);
	set(cmi, "cmi.interactions.0.id", "q0", 0);
	set(cmi, "cmi.interactions.0.type", "matching", 0);
	set(cmi, "cmi.interactions.0.correct_responses.0.pattern",
	    "a[.]1[,]b[.]2", 0);
	set(cmi, "cmi.interactions.0.correct_responses.1.pattern", "a[.]2",
	    0);
	set(cmi, "cmi.interactions.0.learner_response", "a[.]1", 0);
	set(cmi, "cmi.comments_from_learner.0.comment", "{lang=en}hi", 0);
	set(cmi, "cmi.progress_measure", "0.25", 0);
	set(cmi, "cmi.completion_status", "completed", 0);
	set(cmi, "adl.nav.request", "continue", 0);
	assert_int_equal(ol_cmi_put(cmi, "cmi.comments_from_lms.0.comment",
	    "from the LMS"), 0);
	a = listing(cmi);
	c = copy(cmi, 0);
	b = listing(c);
	assert_string_equal(a, b);
	get(c, "cmi.completion_status", "incomplete", 0);
	get(c, "cmi.interactions.0.correct_responses._count", "2", 0);
	get(c, "cmi.comments_from_lms.0.comment", "from the LMS", 0);
	free(a);
	free(b);
	ol_cmi_free(c);
	ol_cmi_free(cmi);
}

/* What ol_cmi_put() takes: storable elements, in index order. */
static void
test_put(void **state)
{
	struct ol_cmi	*cmi;
	char		*s;

	(void)state;

	cmi = model(S04, 0);
	/* Not storable. */
	assert_int_equal(ol_cmi_put(cmi, "cmi._version", "1.0"), -1);
	assert_int_equal(ol_cmi_put(cmi, "cmi.objectives._count", "1"), -1);
	assert_int_equal(ol_cmi_put(cmi, "cmi.score._children", "x"), -1);
	assert_int_equal(ol_cmi_put(cmi, "adl.nav.request_valid.continue",
	    "true"), -1);
	assert_int_equal(ol_cmi_put(cmi, "cmi.nothing", "x"), -1);
	assert_int_equal(ol_cmi_put(cmi, "cmi.core.lesson_status", "passed"),
	    -1);
	assert_int_equal(ol_cmi_put(cmi, "", "x"), -1);
	/* ol.sessions: a count. */
	assert_int_equal(ol_cmi_put(cmi, "ol.sessions", "x"), -1);
	assert_int_equal(ol_cmi_put(cmi, "ol.sessions", "-1"), -1);
	assert_int_equal(ol_cmi_put(cmi, "ol.sessions", ""), -1);
	assert_int_equal(ol_cmi_put(cmi, "ol.sessions", "1234567890"), -1);
	assert_int_equal(ol_cmi_put(cmi, "ol.sessions", "3"), 0);
	assert_int_equal(ol_cmi_count(cmi), 1);
	/* Index order. */
	assert_int_equal(ol_cmi_put(cmi, "cmi.objectives.1.id", "o1"), -1);
	assert_int_equal(ol_cmi_put(cmi, "cmi.objectives.0.score.raw", "1"),
	    0);
	assert_int_equal(ol_cmi_put(cmi, "cmi.objectives.1.id", "o1"), 0);
	assert_int_equal(ol_cmi_put(cmi,
	    "cmi.interactions.0.objectives.1.id", "x"), -1);
	assert_int_equal(ol_cmi_put(cmi,
	    "cmi.interactions.0.objectives.0.id", "x"), 0);
	assert_int_equal(ol_cmi_put(cmi,
	    "cmi.interactions.0.objectives.1.id", "x"), 0);
	assert_int_equal(ol_cmi_put(cmi,
	    "cmi.interactions.2.objectives.0.id", "x"), -1);
	/* No access or value checks but UTF-8: the LMS's own values. */
	assert_int_equal(ol_cmi_put(cmi, "cmi.credit", "whatever"), 0);
	get(cmi, "cmi.credit", "whatever", 0);
	s = repeat("x", 70000);
	assert_int_equal(ol_cmi_put(cmi, "cmi.suspend_data", s), 0);
	get(cmi, "cmi.suspend_data", s, 0);
	free(s);
	get(cmi, "cmi.objectives._count", "2", 0);
	get(cmi, "cmi.interactions._count", "1", 0);
	get(cmi, "cmi.interactions.0.id", "", OL_CMI04_NOT_INITIALIZED);
	ol_cmi_free(cmi);
}

/* Limits of this implementation on arrays and on the data held. */
static void
test_capacity(void **state)
{
	struct ol_cmi	*cmi;
	char		 name[128], val[32], *big;
	size_t		 i;
	int		 rc;

	(void)state;

	cmi = model(S04, 0);
	for (i = 0; i < OL_CMI_ARRAY_MAX; i++) {
		(void)snprintf(name, sizeof(name), "cmi.objectives.%zu.id", i);
		(void)snprintf(val, sizeof(val), "o%zu", i);
		set(cmi, name, val, 0);
	}
	(void)snprintf(name, sizeof(name), "cmi.objectives.%d.id",
	    OL_CMI_ARRAY_MAX);
	set(cmi, name, "one-more", OL_CMI04_SET_FAILURE);
	assert_int_equal(ol_cmi_put(cmi, name, "one-more"), -1);
	get(cmi, "cmi.objectives._count", "1000", 0);
	set(cmi, "cmi.interactions.0.id", "q", 0);
	for (i = 0; i < OL_CMI_NESTED_MAX; i++) {
		(void)snprintf(name, sizeof(name),
		    "cmi.interactions.0.objectives.%zu.id", i);
		(void)snprintf(val, sizeof(val), "o%zu", i);
		set(cmi, name, val, 0);
	}
	(void)snprintf(name, sizeof(name),
	    "cmi.interactions.0.objectives.%d.id", OL_CMI_NESTED_MAX);
	set(cmi, name, "one-more", OL_CMI04_SET_FAILURE);
	ol_cmi_free(cmi);

	cmi = model(S12, 0);
	set(cmi, "cmi.interactions.0.id", "q", 0);
	for (i = 0; i < OL_CMI_NESTED_MAX; i++) {
		(void)snprintf(name, sizeof(name),
		    "cmi.interactions.0.correct_responses.%zu.pattern", i);
		set(cmi, name, "p", 0);
	}
	(void)snprintf(name, sizeof(name),
	    "cmi.interactions.0.correct_responses.%d.pattern",
	    OL_CMI_NESTED_MAX);
	set(cmi, name, "p", OL_CMI12_GENERAL);
	ol_cmi_free(cmi);

	/* OL_CMI_DATA_MAX bytes of values, suspend_data aside. */
	cmi = model(S04, OL_CMI_SUSPEND_MAX);
	big = repeat("\xf0\x9f\x98\x80", 4000);		/* 16000 bytes */
	for (i = 0, rc = 0; rc == 0 && i < 1000; i++) {
		(void)snprintf(name, sizeof(name), "cmi.interactions.%zu.id",
		    i);
		rc = ol_cmi_set(cmi, name, big);
	}
	assert_int_equal(rc, OL_CMI04_SET_FAILURE);
	assert_true(i > OL_CMI_DATA_MAX / 16000);
	assert_true(i <= OL_CMI_DATA_MAX / 16000 + 1);
	/* Replacing a value by one as long still fits. */
	set(cmi, "cmi.interactions.0.id", big, 0);
	free(big);
	big = repeat("s", 5 * 1024 * 1024);
	set(cmi, "cmi.suspend_data", big, 0);
	free(big);
	ol_cmi_free(cmi);

	cmi = model(S12, 0);
	big = repeat("\xf0\x9f\x98\x80", 255);
	for (i = 0, rc = 0; rc == 0 && i < 100000; i++) {
		(void)snprintf(name, sizeof(name),
		    "cmi.interactions.%zu.correct_responses.%zu.pattern",
		    i / OL_CMI_NESTED_MAX, i % OL_CMI_NESTED_MAX);
		rc = ol_cmi_set(cmi, name, big);
	}
	assert_int_equal(rc, OL_CMI12_GENERAL);
	free(big);
	ol_cmi_free(cmi);
}

static void
test_session_12(void **state)
{
	struct ol_cmi		*cmi;
	struct ol_cmi_launch	 l;

	(void)state;

	memset(&l, 0, sizeof(l));
	l.learner_id = "s-7";
	l.learner_name = "Doe, Jane";
	l.launch_data = "chapter=2";
	l.mastery_score = "80";
	l.max_time_allowed = "00:30:00";
	l.time_limit_action = "exit,message";
	l.credit = 1;

	/* First session. */
	cmi = model(S12, 0);
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.core.student_id", "s-7", 0);
	get(cmi, "cmi.core.student_name", "Doe, Jane", 0);
	get(cmi, "cmi.core.credit", "credit", 0);
	get(cmi, "cmi.core.lesson_mode", "normal", 0);
	get(cmi, "cmi.core.entry", "ab-initio", 0);
	get(cmi, "cmi.core.lesson_status", "not attempted", 0);
	get(cmi, "cmi.core.total_time", "0000:00:00.00", 0);
	get(cmi, "cmi.launch_data", "chapter=2", 0);
	get(cmi, "cmi.student_data.mastery_score", "80", 0);
	get(cmi, "cmi.student_data.max_time_allowed", "00:30:00", 0);
	get(cmi, "cmi.student_data.time_limit_action", "exit,message", 0);
	assert_string_equal(ol_cmi_stored(cmi, "ol.sessions"), "1");
	set(cmi, "cmi.core.session_time", "00:10:00", 0);
	set(cmi, "cmi.core.exit", "suspend", 0);
	ol_cmi_session_end(cmi, 12345, 0);
	/* Not finished: no status rule; session_time went into the total. */
	get(cmi, "cmi.core.lesson_status", "not attempted", 0);
	get(cmi, "cmi.core.total_time", "00:10:00.00", 0);
	assert_null(ol_cmi_stored(cmi, "cmi.core.session_time"));
	assert_string_equal(ol_cmi_stored(cmi, "cmi.core.exit"), "suspend");

	/* Resumed; the server times a session that reports no time. */
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.core.entry", "resume", 0);
	assert_null(ol_cmi_stored(cmi, "cmi.core.exit"));
	assert_string_equal(ol_cmi_stored(cmi, "ol.sessions"), "2");
	ol_cmi_session_end(cmi, 6234, 1);
	get(cmi, "cmi.core.total_time", "00:11:02.34", 0);
	/* LMSFinish with the status never set: completed. */
	get(cmi, "cmi.core.lesson_status", "completed", 0);

	/* Not resumed after logout or nothing. */
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.core.entry", "", 0);
	set(cmi, "cmi.core.exit", "logout", 0);
	ol_cmi_session_end(cmi, -5, 0);
	get(cmi, "cmi.core.total_time", "00:11:02.34", 0);
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.core.entry", "", 0);

	/* Mastery score: raw against it, over what content set. */
	set(cmi, "cmi.core.lesson_status", "completed", 0);
	set(cmi, "cmi.core.score.raw", "85", 0);
	ol_cmi_session_end(cmi, 100, 1);
	get(cmi, "cmi.core.lesson_status", "passed", 0);
	ol_cmi_session_begin(cmi, &l);
	set(cmi, "cmi.core.score.raw", "79.5", 0);
	ol_cmi_session_end(cmi, 100, 1);
	get(cmi, "cmi.core.lesson_status", "failed", 0);
	ol_cmi_session_begin(cmi, &l);
	set(cmi, "cmi.core.score.raw", "80", 0);
	ol_cmi_session_end(cmi, 100, 1);
	get(cmi, "cmi.core.lesson_status", "passed", 0);
	/* A blank score: no rule. */
	ol_cmi_session_begin(cmi, &l);
	set(cmi, "cmi.core.score.raw", "", 0);
	set(cmi, "cmi.core.lesson_status", "incomplete", 0);
	ol_cmi_session_end(cmi, 100, 1);
	get(cmi, "cmi.core.lesson_status", "incomplete", 0);
	ol_cmi_free(cmi);

	/* No credit: no mastery rule; browse mode: browsed. */
	l.credit = 0;
	l.mode = "browse";
	cmi = model(S12, 0);
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.core.credit", "no-credit", 0);
	get(cmi, "cmi.core.lesson_mode", "browse", 0);
	set(cmi, "cmi.core.score.raw", "10", 0);
	ol_cmi_session_end(cmi, 0, 1);
	get(cmi, "cmi.core.lesson_status", "browsed", 0);
	ol_cmi_free(cmi);

	/* NULL launch fields leave the elements unset. */
	memset(&l, 0, sizeof(l));
	cmi = model(S12, 0);
	assert_int_equal(ol_cmi_put(cmi, "cmi.student_data.mastery_score",
	    "50"), 0);
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.core.student_id", "", 0);
	get(cmi, "cmi.student_data.mastery_score", "", 0);
	get(cmi, "cmi.core.credit", "no-credit", 0);
	/* No launch at all: LMS values stay as they are. */
	ol_cmi_session_begin(cmi, NULL);
	get(cmi, "cmi.core.credit", "no-credit", 0);
	assert_string_equal(ol_cmi_stored(cmi, "ol.sessions"), "2");

	/* total_time saturates at 9999:59:59.99. */
	assert_int_equal(ol_cmi_put(cmi, "cmi.core.total_time",
	    "9999:00:00"), 0);
	set(cmi, "cmi.core.session_time", "9999:00:00", 0);
	ol_cmi_session_end(cmi, 0, 0);
	get(cmi, "cmi.core.total_time", "9999:59:59.99", 0);
	ol_cmi_free(cmi);
}

static void
test_session_2004(void **state)
{
	struct ol_cmi		*cmi;
	struct ol_cmi_launch	 l;

	(void)state;

	memset(&l, 0, sizeof(l));
	l.learner_id = "urn:l:7";
	l.learner_name = "{lang=en}Jane";
	l.launch_data = "x=1";
	l.completion_threshold = "0.8";
	l.scaled_passing_score = "0.6";
	l.max_time_allowed = "PT1H";
	l.time_limit_action = "continue,message";
	l.mode = "review";
	l.credit = 0;

	cmi = model(S04, 0);
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.learner_id", "urn:l:7", 0);
	get(cmi, "cmi.learner_name", "{lang=en}Jane", 0);
	get(cmi, "cmi.launch_data", "x=1", 0);
	get(cmi, "cmi.completion_threshold", "0.8", 0);
	get(cmi, "cmi.scaled_passing_score", "0.6", 0);
	get(cmi, "cmi.max_time_allowed", "PT1H", 0);
	get(cmi, "cmi.time_limit_action", "continue,message", 0);
	get(cmi, "cmi.mode", "review", 0);
	get(cmi, "cmi.credit", "no-credit", 0);
	get(cmi, "cmi.entry", "ab-initio", 0);
	get(cmi, "cmi.completion_status", "unknown", 0);
	get(cmi, "cmi.success_status", "unknown", 0);
	get(cmi, "cmi.total_time", "PT0H0M0S", 0);
	set(cmi, "cmi.session_time", "PT1H2M3.45S", 0);
	set(cmi, "cmi.exit", "suspend", 0);
	set(cmi, "adl.nav.request", "exitAll", 0);
	set(cmi, "cmi.progress_measure", "0.9", 0);
	set(cmi, "cmi.score.scaled", "0.5", 0);
	ol_cmi_session_end(cmi, 1, 0);
	get(cmi, "cmi.total_time", "PT1H2M3.45S", 0);
	/* The rules' results are stored. */
	assert_string_equal(ol_cmi_stored(cmi, "cmi.completion_status"),
	    "completed");
	assert_string_equal(ol_cmi_stored(cmi, "cmi.success_status"),
	    "failed");

	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.entry", "resume", 0);
	get(cmi, "adl.nav.request", "_none_", 0);
	assert_null(ol_cmi_stored(cmi, "cmi.exit"));
	ol_cmi_session_end(cmi, 5000, 1);
	get(cmi, "cmi.total_time", "PT1H2M53.45S", 0);

	/* logout is not resumed; nor is normal. */
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.entry", "", 0);
	set(cmi, "cmi.exit", "logout", 0);
	ol_cmi_session_end(cmi, 55, 1);
	get(cmi, "cmi.total_time", "PT1H2M54S", 0);
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.entry", "", 0);
	set(cmi, "cmi.exit", "normal", 0);
	ol_cmi_session_end(cmi, 0, 1);
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.entry", "", 0);
	assert_string_equal(ol_cmi_stored(cmi, "ol.sessions"), "5");

	/* Without threshold and passing score, content decides. */
	l.completion_threshold = NULL;
	l.scaled_passing_score = NULL;
	ol_cmi_session_begin(cmi, &l);
	get(cmi, "cmi.completion_threshold", "", OL_CMI04_NOT_INITIALIZED);
	set(cmi, "cmi.completion_status", "incomplete", 0);
	set(cmi, "cmi.success_status", "passed", 0);
	ol_cmi_session_end(cmi, 0, 1);
	get(cmi, "cmi.completion_status", "incomplete", 0);
	get(cmi, "cmi.success_status", "passed", 0);
	ol_cmi_free(cmi);

	/* A threshold with no progress_measure stores unknown. */
	l.completion_threshold = "0.5";
	cmi = model(S04, 0);
	ol_cmi_session_begin(cmi, &l);
	set(cmi, "cmi.completion_status", "completed", 0);
	ol_cmi_session_end(cmi, 0, 1);
	assert_string_equal(ol_cmi_stored(cmi, "cmi.completion_status"),
	    "unknown");
	/* Durations saturate. */
	assert_int_equal(ol_cmi_put(cmi, "cmi.total_time", "P999999999Y"), 0);
	set(cmi, "cmi.session_time", "P999999999Y", 0);
	ol_cmi_session_end(cmi, 0, 0);
	get(cmi, "cmi.total_time", "PT999999999H0M0S", 0);
	ol_cmi_free(cmi);
}

static void
test_progress_12(void **state)
{
	static const struct {
		const char	*status;
		int		 before, after;
	} map[] = {
		{ "passed", OL_PROGRESS_PASSED, OL_PROGRESS_PASSED },
		{ "failed", OL_PROGRESS_FAILED, OL_PROGRESS_FAILED },
		{ "completed", OL_PROGRESS_COMPLETED, OL_PROGRESS_COMPLETED },
		{ "incomplete", OL_PROGRESS_IN_PROGRESS,
		    OL_PROGRESS_IN_PROGRESS },
		{ "browsed", OL_PROGRESS_IN_PROGRESS, OL_PROGRESS_IN_PROGRESS },
		{ "not attempted", OL_PROGRESS_NOT_STARTED,
		    OL_PROGRESS_IN_PROGRESS },
	};
	struct ol_cmi_progress	 p;
	struct ol_cmi		*cmi;
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		cmi = model(S12, 0);
		assert_int_equal(ol_cmi_put(cmi, "cmi.core.lesson_status",
		    map[i].status), 0);
		ol_cmi_progress(cmi, &p);
		assert_int_equal(p.status, map[i].before);
		assert_int_equal(ol_cmi_put(cmi, "ol.sessions", "1"), 0);
		ol_cmi_progress(cmi, &p);
		assert_int_equal(p.status, map[i].after);
		ol_cmi_free(cmi);
	}

	cmi = model(S12, 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_NOT_STARTED);
	assert_false(p.has_score);
	assert_int_equal(p.total_cs, 0);
	assert_false(p.suspended);
	set(cmi, "cmi.core.score.raw", "75", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.has_score);
	assert_true(p.score > 0.7499 && p.score < 0.7501);
	set(cmi, "cmi.core.score.min", "50", 0);
	set(cmi, "cmi.core.score.max", "100", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.score > 0.4999 && p.score < 0.5001);
	/* max not above min: raw / 100. */
	set(cmi, "cmi.core.score.max", "50", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.score > 0.7499 && p.score < 0.7501);
	set(cmi, "cmi.core.score.max", "60", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.score == 1.0);
	set(cmi, "cmi.core.score.min", "80", 0);
	set(cmi, "cmi.core.score.max", "90", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.score == 0.0);
	set(cmi, "cmi.core.score.raw", "", 0);
	ol_cmi_progress(cmi, &p);
	assert_false(p.has_score);
	assert_int_equal(ol_cmi_put(cmi, "cmi.core.total_time",
	    "0001:02:03.04"), 0);
	set(cmi, "cmi.core.exit", "suspend", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.total_cs, 372304);
	assert_true(p.suspended);
	set(cmi, "cmi.core.exit", "logout", 0);
	ol_cmi_progress(cmi, &p);
	assert_false(p.suspended);
	ol_cmi_free(cmi);
}

static void
test_progress_2004(void **state)
{
	struct ol_cmi_progress	 p;
	struct ol_cmi		*cmi;

	(void)state;

	cmi = model(S04, 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_NOT_STARTED);
	assert_false(p.has_score);
	set(cmi, "cmi.completion_status", "incomplete", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_IN_PROGRESS);
	set(cmi, "cmi.completion_status", "not attempted", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_NOT_STARTED);
	ol_cmi_session_begin(cmi, NULL);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_IN_PROGRESS);
	set(cmi, "cmi.completion_status", "completed", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_COMPLETED);
	set(cmi, "cmi.success_status", "failed", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_FAILED);
	set(cmi, "cmi.success_status", "passed", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_PASSED);
	set(cmi, "cmi.success_status", "unknown", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_COMPLETED);

	/* The threshold and passing score rules come first. */
	assert_int_equal(ol_cmi_put(cmi, "cmi.completion_threshold", "0.9"),
	    0);
	set(cmi, "cmi.progress_measure", "0.5", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_IN_PROGRESS);
	assert_int_equal(ol_cmi_put(cmi, "cmi.scaled_passing_score", "0.5"),
	    0);
	set(cmi, "cmi.score.scaled", "0.5", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_PASSED);
	assert_true(p.has_score);
	assert_true(p.score == 0.5);
	set(cmi, "cmi.score.scaled", "-0.5", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.status, OL_PROGRESS_FAILED);
	assert_true(p.score == 0.0);
	ol_cmi_free(cmi);

	/* Raw with min and max when there is no scaled score. */
	cmi = model(S04, 0);
	set(cmi, "cmi.score.raw", "30", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.has_score);
	assert_true(p.score > 0.2999 && p.score < 0.3001);
	set(cmi, "cmi.score.min", "20", 0);
	set(cmi, "cmi.score.max", "40", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.score > 0.4999 && p.score < 0.5001);
	set(cmi, "cmi.score.raw", "400", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.score == 1.0);
	set(cmi, "cmi.score.scaled", "1", 0);
	set(cmi, "cmi.score.raw", "20", 0);
	ol_cmi_progress(cmi, &p);
	assert_true(p.score == 1.0);
	assert_int_equal(ol_cmi_put(cmi, "cmi.total_time", "P1DT1.5S"), 0);
	set(cmi, "cmi.exit", "suspend", 0);
	ol_cmi_progress(cmi, &p);
	assert_int_equal(p.total_cs, 8640150);
	assert_true(p.suspended);
	ol_cmi_free(cmi);
}

static void
test_timespan(void **state)
{
	static const char	*bad[] = {
		"", "0:00:00", "00000:00:00", "00:0:00", "00:00:0", "00:60:00",
		"00:00:60", "00:00:00.", "00:00:00.000", "00-00-00",
		"00:00:00 ", " 00:00:00", "aa:00:00", "00:00", "-1:00:00",
		"00:00:00.a",
	};
	char			 buf[OL_CMI_TIMESPAN_LEN];
	int64_t			 cs, i;
	size_t			 k;

	(void)state;

	assert_int_equal(span("00:00:00"), 0);
	assert_int_equal(span("00:00:01"), 100);
	assert_int_equal(span("00:00:01.5"), 150);
	assert_int_equal(span("00:00:01.05"), 105);
	assert_int_equal(span("01:02:03.04"), 372304);
	assert_int_equal(span("123:00:00"), INT64_C(123) * 360000);
	assert_int_equal(span("9999:59:59.99"), INT64_C(3599999999));
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		cs = -7;
		assert_int_equal(ol_cmi_timespan_parse(bad[k], &cs), -1);
		assert_int_equal(cs, -7);
	}

	ol_cmi_timespan_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "00:00:00.00");
	ol_cmi_timespan_format(372304, buf, sizeof(buf));
	assert_string_equal(buf, "01:02:03.04");
	ol_cmi_timespan_format(INT64_C(1234) * 360000 + 5, buf, sizeof(buf));
	assert_string_equal(buf, "1234:00:00.05");
	ol_cmi_timespan_format(INT64_C(3599999999), buf, sizeof(buf));
	assert_string_equal(buf, "9999:59:59.99");
	ol_cmi_timespan_format(INT64_C(3599999999) + 1, buf, sizeof(buf));
	assert_string_equal(buf, "9999:59:59.99");
	ol_cmi_timespan_format(INT64_MAX, buf, sizeof(buf));
	assert_string_equal(buf, "9999:59:59.99");
	ol_cmi_timespan_format(-1, buf, sizeof(buf));
	assert_string_equal(buf, "00:00:00.00");
	ol_cmi_timespan_format(372304, buf, 6);
	assert_string_equal(buf, "01:02");
	ol_cmi_timespan_format(372304, buf, 0);

	/* Format, parse: the same, over the whole range. */
	for (i = 0; i < INT64_C(3599999999); i += 9999991) {
		ol_cmi_timespan_format(i, buf, sizeof(buf));
		assert_int_equal(span(buf), i);
	}

	/* 1.2 CMITime, a time of day. */
	assert_true(ol_cmi_time12_valid("00:00:00"));
	assert_true(ol_cmi_time12_valid("23:59:59.99"));
	assert_true(ol_cmi_time12_valid("12:00:00.5"));
	assert_false(ol_cmi_time12_valid("24:00:00"));
	assert_false(ol_cmi_time12_valid("123:00:00"));
	assert_false(ol_cmi_time12_valid("12:00"));
	assert_false(ol_cmi_time12_valid(""));
}

static void
test_duration(void **state)
{
	static const char	*bad[] = {
		"", "P", "PT", "P1", "PT1", "P1DT", "T1H", "1H", "P1H",
		"PT1D", "P1S", "PT1.5M", "PT1.5H", "P1.5Y", "PT1,5S", "P1W",
		"PT-1S", "P-1D", "P1M2Y", "P1D1D", "PT1S2M", "PT1M1M", "pT1S",
		"PT1s", "PT1HS", "PT.5S", "PT1.S", "PT1.1234567890S",
		"PT1234567890S", "P1234567890Y", "PT1H ", " PT1H", "P T1H",
		"PT1H2", "PTS", "P1Y1M1D1H", "PT1H1M1S1S",
	};
	char			 buf[OL_CMI_DURATION_LEN];
	int64_t			 cs, i;
	size_t			 k;

	(void)state;

	assert_int_equal(dur("PT0S"), 0);
	assert_int_equal(dur("P0Y"), 0);
	assert_int_equal(dur("PT1H2M3.45S"), 372345);
	assert_int_equal(dur("PT1.5S"), 150);
	assert_int_equal(dur("PT1.05S"), 105);
	assert_int_equal(dur("PT1.999S"), 199);
	assert_int_equal(dur("PT90M"), 540000);
	assert_int_equal(dur("P1D"), 8640000);
	assert_int_equal(dur("P1M"), INT64_C(30) * 8640000);
	assert_int_equal(dur("P1Y"), INT64_C(365) * 8640000);
	assert_int_equal(dur("P1Y2M3DT4H5M6.7S"),
	    (INT64_C(365) + 60 + 3) * 8640000 + 4 * 360000 + 5 * 6000 + 670);
	assert_int_equal(dur("P999999999D"), INT64_C(999999999) * 8640000 >
	    OL_CMI_TIME_MAX ? OL_CMI_TIME_MAX : INT64_C(999999999) * 8640000);
	assert_int_equal(dur("P999999999Y999999999M999999999DT999999999H"
	    "999999999M999999999.999999999S"), OL_CMI_TIME_MAX);
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		cs = -7;
		if (ol_cmi_duration_parse(bad[k], &cs) != -1) {
			print_error("duration \"%s\" accepted\n", bad[k]);
			fail();
		}
		assert_int_equal(cs, -7);
	}

	ol_cmi_duration_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "PT0H0M0S");
	ol_cmi_duration_format(372345, buf, sizeof(buf));
	assert_string_equal(buf, "PT1H2M3.45S");
	ol_cmi_duration_format(150, buf, sizeof(buf));
	assert_string_equal(buf, "PT0H0M1.50S");
	ol_cmi_duration_format(5, buf, sizeof(buf));
	assert_string_equal(buf, "PT0H0M0.05S");
	ol_cmi_duration_format(INT64_C(100) * 360000, buf, sizeof(buf));
	assert_string_equal(buf, "PT100H0M0S");
	ol_cmi_duration_format(-1, buf, sizeof(buf));
	assert_string_equal(buf, "PT0H0M0S");
	ol_cmi_duration_format(INT64_MAX, buf, sizeof(buf));
	assert_string_equal(buf, "PT999999999H0M0S");
	ol_cmi_duration_format(372345, buf, 5);
	assert_string_equal(buf, "PT1H");

	/* Format, parse, format: stable. */
	for (i = 0; i < OL_CMI_TIME_MAX; i += OL_CMI_TIME_MAX / 977 + 13) {
		ol_cmi_duration_format(i, buf, sizeof(buf));
		assert_int_equal(dur(buf), i);
	}
	ol_cmi_duration_format(OL_CMI_TIME_MAX, buf, sizeof(buf));
	assert_int_equal(dur(buf), OL_CMI_TIME_MAX);

	/* Sessions add up: two 1.2 and two 2004 sessions. */
	assert_int_equal(span("00:59:59.99") + span("00:00:00.01"),
	    span("01:00:00"));
	assert_int_equal(dur("PT59M59.99S") + dur("PT0.01S"), dur("PT1H"));
}

static void
test_timestamp(void **state)
{
	static const char	*good[] = {
		"1970", "2038", "2024-02", "2024-02-29", "2000-02-29",
		"2024-02-29T00", "2024-02-29T23:59", "2024-02-29T23:59:59",
		"2024-02-29T23:59:59.9", "2024-02-29T23:59:59.99",
		"2024-02-29T23:59:59Z", "2024-02-29T23:59:59.99Z",
		"2024-02-29T23:59:59+05:30", "2024-02-29T23:59:59-08",
		"2024-12-31T12:00:00.5-00:00", "2024-01-31", "2024-04-30",
	};
	static const char	*bad[] = {
		"", "1969", "2039", "99", "20240", "2024-", "2024-1",
		"2024-00", "2024-13", "2023-02-29", "1900-02-29",
		"2100-02-29", "2024-04-31", "2024-02-30", "2024-02-00",
		"2024-02-29T", "2024-02-29T24", "2024-02-29T1", "2024-02-29t12",
		"2024-02-29T12:60", "2024-02-29T12:00:60",
		"2024-02-29T12:00:00.", "2024-02-29T12:00:00.123",
		"2024-02-29T12Z", "2024-02-29T12:00Z", "2024-02-29T12:00:00+",
		"2024-02-29T12:00:00+1", "2024-02-29T12:00:00+24",
		"2024-02-29T12:00:00+05:60", "2024-02-29T12:00:00+0530",
		"2024-02-29T12:00:00ZZ", "2024-02-29 12:00:00",
		"2024-02-29T12:00:00Z ",
	};
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!ol_cmi_timestamp_valid(good[i])) {
			print_error("timestamp \"%s\" refused\n", good[i]);
			fail();
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ol_cmi_timestamp_valid(bad[i])) {
			print_error("timestamp \"%s\" accepted\n", bad[i]);
			fail();
		}
	}
}

/* The helpers the server uses directly. */
static void
test_types(void **state)
{
	double		 d;
	char		*long_num;

	(void)state;

	assert_int_equal(ol_cmi_decimal("0.5", &d), 0);
	assert_true(d == 0.5);
	assert_int_equal(ol_cmi_decimal("-12", &d), 0);
	assert_true(d == -12);
	assert_int_equal(ol_cmi_decimal(".25", &d), 0);
	assert_true(d == 0.25);
	assert_int_equal(ol_cmi_decimal("3.", &d), 0);
	assert_true(d == 3);
	assert_int_equal(ol_cmi_decimal("", &d), -1);
	assert_int_equal(ol_cmi_decimal("-", &d), -1);
	assert_int_equal(ol_cmi_decimal(".", &d), -1);
	assert_int_equal(ol_cmi_decimal("1e5", &d), -1);
	assert_int_equal(ol_cmi_decimal("inf", &d), -1);
	assert_int_equal(ol_cmi_decimal("nan", &d), -1);
	assert_int_equal(ol_cmi_decimal("0x1p3", &d), -1);
	assert_int_equal(ol_cmi_decimal("+1", &d), -1);
	assert_int_equal(ol_cmi_decimal(" 1", &d), -1);
	assert_int_equal(ol_cmi_decimal("1 ", &d), -1);
	assert_int_equal(ol_cmi_decimal("1.2.3", &d), -1);
	assert_int_equal(ol_cmi_decimal("--1", &d), -1);
	/* 64 characters at most. */
	long_num = repeat("9", 64);
	assert_int_equal(ol_cmi_decimal(long_num, &d), 0);
	assert_true(d > 9e63);
	free(long_num);
	long_num = repeat("9", 65);
	assert_int_equal(ol_cmi_decimal(long_num, &d), -1);
	free(long_num);

	assert_true(ol_cmi_identifier("a", 1, 250));
	assert_false(ol_cmi_identifier("", 0, 250));
	assert_false(ol_cmi_identifier("a b", 3, 250));
	assert_false(ol_cmi_identifier("ab", 2, 1));
	assert_true(ol_cmi_identifier("\xc3\xa9\xc3\xa9", 4, 2));
	assert_false(ol_cmi_identifier("\xc3\xa9\xc3\xa9\xc3\xa9", 6, 2));

	assert_true(ol_cmi_language("en", 2));
	assert_true(ol_cmi_language("en-GB", 5));
	assert_true(ol_cmi_language("i-klingon", 9));
	assert_false(ol_cmi_language("", 0));
	assert_false(ol_cmi_language("english", 7));
	assert_false(ol_cmi_language("en-", 3));

	assert_int_equal(ol_cmi_patterns_max("true-false"), 1);
	assert_int_equal(ol_cmi_patterns_max("choice"), 10);
	assert_int_equal(ol_cmi_patterns_max("fill-in"), 5);
	assert_int_equal(ol_cmi_patterns_max("other"), 1);
	assert_int_equal(ol_cmi_patterns_max("essay"), 0);
	assert_int_equal(ol_cmi_patterns_max(NULL), 0);
	assert_int_equal(ol_cmi_response(NULL, "x", 1, 0), OL_CMI_BAD_TYPE);
	assert_int_equal(ol_cmi_response("essay", "x", 1, 0),
	    OL_CMI_BAD_TYPE);
}

/* Values returned stay valid until the next call; stored values too. */
static void
test_get_values(void **state)
{
	struct ol_cmi	*cmi;
	const char	*v;

	(void)state;

	cmi = model(S04, 0);
	set(cmi, "cmi.location", "here", 0);
	assert_int_equal(ol_cmi_get(cmi, "cmi.location", &v), 0);
	assert_string_equal(v, "here");
	assert_int_equal(ol_cmi_get(cmi, "cmi.objectives._count", &v), 0);
	assert_string_equal(v, "0");
	assert_int_equal(ol_cmi_get(cmi, "cmi.nothing", &v), 401);
	assert_string_equal(v, "");
	assert_string_equal(ol_cmi_stored(cmi, "cmi.location"), "here");
	assert_null(ol_cmi_stored(cmi, "cmi.mode"));
	assert_null(ol_cmi_stored(cmi, "cmi.nothing"));
	ol_cmi_unset(cmi, "cmi.location");
	ol_cmi_unset(cmi, "cmi.location");
	ol_cmi_unset(cmi, "cmi.nothing");
	get(cmi, "cmi.location", "", OL_CMI04_NOT_INITIALIZED);
	/* Array values are never unset. */
	set(cmi, "cmi.objectives.0.id", "o", 0);
	ol_cmi_unset(cmi, "cmi.objectives.0.id");
	get(cmi, "cmi.objectives.0.id", "o", 0);
	ol_cmi_free(cmi);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_cases_file),
		cmocka_unit_test(test_new),
		cmocka_unit_test(test_suspend_limits),
		cmocka_unit_test(test_utf8_values),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_error_strings),
		cmocka_unit_test(test_diagnostic),
		cmocka_unit_test(test_failed_set_changes_nothing),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_put),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_session_12),
		cmocka_unit_test(test_session_2004),
		cmocka_unit_test(test_progress_12),
		cmocka_unit_test(test_progress_2004),
		cmocka_unit_test(test_timespan),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_get_values),
	};

	return (cmocka_run_group_tests_name("cmi", tests, NULL, NULL));
}
