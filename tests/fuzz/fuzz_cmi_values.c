/*
 * libFuzzer harness for the value checks of modules/cmi taken one at a
 * time, where fuzz_cmi reaches them only through SetValue lines: every
 * element of both models' tables through ol_cmi_check(), the SCORM 2004
 * response formats of every interaction type, languages, identifiers,
 * decimals, and the four time formats. The first byte picks the element
 * (or the type), the second the interaction type and the limit; the rest
 * is the value, in a buffer of exactly its size plus the NUL the callers
 * give, so that a read past it is caught. Whatever the value: the outcome
 * is one of the four; a check gives the same answer twice; a valid
 * language or identifier has the shape its definition gives; a decimal
 * is finite; a duration or timespan that parses formats back to itself.
 */

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmi.h"
#include "fuzz.h"
#include "utf8.h"

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	check_times(const char *);
static void	check_language(const char *, size_t);
static void	check_identifier(const char *, size_t, size_t);

static const char *const itypes[] = {
	"true-false", "choice", "fill-in", "long-fill-in", "likert",
	"matching", "performance", "sequencing", "numeric", "other",
	"unknown", NULL
};

static void
check_times(const char *s)
{
	fuzz_check_times(s);
	if (ol_cmi_timestamp_valid(s) && strlen(s) < 4)
		abort();
	if (ol_cmi_time12_valid(s) && strlen(s) < 8)
		abort();
}

/* 2-3 letters or i or x, then '-' and 1-8 letters or digits. */
static void
check_language(const char *s, size_t n)
{
	size_t		i, run;

	if (!ol_cmi_language(s, n))
		return;
	if (n == 0 || n > 250 || s[0] == '-' || s[n - 1] == '-')
		abort();
	for (run = 0, i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (run == 0 || run > 8)
				abort();
			run = 0;
			continue;
		}
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			abort();
		run++;
	}
}

static void
check_identifier(const char *s, size_t n, size_t limit)
{
	size_t		i;

	if (!ol_cmi_identifier(s, n, limit))
		return;
	if (n == 0 || !ol_utf8_valid(s, n) || ol_utf8_chars(s, n) > limit)
		abort();
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x21 || s[i] == 0x7F)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ol_cmi_model	*model;
	const char			*itype;
	char				*v;
	double				 d;
	size_t				 n, limit, i;
	int				 rc, version;

	if (size < 2)
		return (0);
	n = size - 2;
	if ((v = malloc(n + 1)) == NULL)
		abort();
	memcpy(v, data + 2, n);
	v[n] = '\0';
	n = strlen(v);		/* callers hand NUL-terminated values */
	itype = itypes[data[1] % (sizeof(itypes) / sizeof(itypes[0]))];
	limit = 1 + data[1] % 64;

	check_times(v);
	check_language(v, n);
	if (ol_cmi_decimal(v, &d) == 0 && !isfinite(d))
		abort();
	(void)ol_cmi_patterns_max(v);

	/* Values reach the type checks valid UTF-8 (cmi.c sees to it). */
	if (!ol_utf8_valid(v, n)) {
		free(v);
		return (0);
	}
	check_identifier(v, n, limit);

	for (i = 0; i < 2; i++) {
		rc = ol_cmi_response(itype, v, n, (int)i);
		if (rc < OL_CMI_VALID || rc > OL_CMI_BAD_COUNT ||
		    rc != ol_cmi_response(itype, v, n, (int)i))
			abort();
	}

	version = data[0] & 1 ? OL_CMI_V2004 : OL_CMI_V12;
	if ((model = ol_cmi_model(version)) == NULL || model->nelems == 0)
		abort();
	i = (size_t)(data[0] >> 1) % model->nelems;
	rc = ol_cmi_check(&model->elems[i], v, n, limit * 64, itype);
	if (rc < OL_CMI_VALID || rc > OL_CMI_BAD_COUNT ||
	    rc != ol_cmi_check(&model->elems[i], v, n, limit * 64, itype))
		abort();

	free(v);

	return (0);
}
