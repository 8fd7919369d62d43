/*
 * Unit tests for modules/langpref: the language a browser's
 * Accept-Language header picks among a tenant's languages.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "langpref.h"

#define OFFERED	"en,fr,de,es,ru,ar,sr,pt"

struct pick {
	const char	*header;
	const char	*offered;
	const char	*want;		/* NULL: none picked */
};

static void	check(const struct pick *, size_t);

static void
check(const struct pick *cases, size_t n)
{
	char		out[8];
	size_t		i;
	int		got;

	for (i = 0; i < n; i++) {
		memset(out, 'x', sizeof(out));
		got = ol_langpref_pick(cases[i].header,
		    strlen(cases[i].header), cases[i].offered, out,
		    sizeof(out));
		if (cases[i].want == NULL) {
			if (got != 0)
				fail_msg("'%s' picked %s", cases[i].header, out);
			continue;
		}
		if (got != 1)
			fail_msg("'%s' picked nothing", cases[i].header);
		if (strcmp(out, cases[i].want))
			fail_msg("'%s': %s, not %s", cases[i].header, out,
			    cases[i].want);
	}
}

static void
test_plain_and_regions(void **state)
{
	static const struct pick	cases[] = {
		{ "fr", OFFERED, "fr" },
		{ "fr-CA", OFFERED, "fr" },
		{ "FR-ca", OFFERED, "fr" },
		{ "sr-Latn-RS", OFFERED, "sr" },
		{ "pt-BR,pt;q=0.9", OFFERED, "pt" },
		{ "zh-Hant-TW", OFFERED, NULL },
		{ "it", OFFERED, NULL },
		{ "", OFFERED, NULL },
		{ "en", "", NULL },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_quality_order(void **state)
{
	static const struct pick	cases[] = {
		{ "de;q=0.5, ru;q=0.8, es;q=0.7", OFFERED, "ru" },
		{ "it, nl;q=0.9, de;q=0.3", OFFERED, "de" },
		/* Equal qualities keep the client's order. */
		{ "es;q=0.5,fr;q=0.5", OFFERED, "es" },
		{ "es, fr", OFFERED, "es" },
		/* Without q a range counts 1; 1.000 is the maximum. */
		{ "ru;q=0.999, ar", OFFERED, "ar" },
		{ "ru;q=1.000, ar;q=1", OFFERED, "ru" },
		/* The best range's fallback before a worse exact range. */
		{ "fr-BE, de;q=0.9", OFFERED, "fr" },
		/* A wildcard names no language: the tenant's default wins. */
		{ "*", OFFERED, NULL },
		{ "*, ru;q=0.1", OFFERED, "ru" },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_refusals(void **state)
{
	static const struct pick	cases[] = {
		{ "fr;q=0", OFFERED, NULL },
		{ "fr;q=0.000, de;q=0.1", OFFERED, "de" },
		/* fr-CA is wanted, fr itself refused: not offered as fr. */
		{ "fr-CA, fr;q=0, es;q=0.2", OFFERED, "es" },
		{ "de;q=0, de-AT", OFFERED, NULL },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_malformed_skipped(void **state)
{
	static const struct pick	cases[] = {
		/* Bad quality values: the element is skipped. */
		{ "fr;q=2, de", OFFERED, "de" },
		{ "fr;q=1.5, de;q=0.1", OFFERED, "de" },
		{ "fr;q=0.1234, de;q=0.1", OFFERED, "de" },
		{ "fr;q=, de;q=0.1", OFFERED, "de" },
		{ "fr;q=-1, de;q=0.1", OFFERED, "de" },
		{ "fr;q=0x1, de;q=0.1", OFFERED, "de" },
		/* Bad tags. */
		{ "-fr, de", OFFERED, "de" },
		{ "fr-, de", OFFERED, "de" },
		{ "f r, de", OFFERED, "de" },
		{ "1fr, de", OFFERED, "de" },
		{ "fr-abcdefghi, de", OFFERED, "de" },
		{ "f\xC3\xA9, de", OFFERED, "de" },
		{ "fr--CA, de", OFFERED, "de" },
		/* Empty elements and spaces are allowed. */
		{ " , ,\t fr ;  q=0.5 ,", OFFERED, "fr" },
		/* Other parameters are ignored. */
		{ "fr;level=1;q=0.4, de;q=0.3", OFFERED, "fr" },
		/* Codes are 2 or 3 letters; a longer primary tag is not one. */
		{ "engl", "en,engl", NULL },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_many_ranges_bounded(void **state)
{
	char		header[4096], out[8];
	size_t		i, off;

	(void)state;

	/* 40 unknown ranges, then fr: only the first 32 are read. */
	off = 0;
	for (i = 0; i < 40; i++)
		off += (size_t)snprintf(header + off, sizeof(header) - off,
		    "x%c, ", (char)('a' + i % 26));
	(void)snprintf(header + off, sizeof(header) - off, "fr");
	assert_int_equal(ol_langpref_pick(header, strlen(header), OFFERED,
	    out, sizeof(out)), 0);

	/* The length bounds the read: "fr" past it is not seen. */
	assert_int_equal(ol_langpref_pick("de,fr", 2, "fr", out,
	    sizeof(out)), 0);
	assert_int_equal(ol_langpref_pick("de,fr", 5, "fr", out,
	    sizeof(out)), 1);
	assert_string_equal(out, "fr");

	/* Too small an output buffer picks nothing rather than cut. */
	assert_int_equal(ol_langpref_pick("fr", 2, "fr", out, 2), 0);
}

static void
test_code_and_offered(void **state)
{
	(void)state;

	assert_true(ol_langpref_code("fr", 2));
	assert_true(ol_langpref_code("ast", 3));
	assert_false(ol_langpref_code("f", 1));
	assert_false(ol_langpref_code("FR", 2));
	assert_false(ol_langpref_code("fr-", 3));
	assert_false(ol_langpref_code("engl", 4));

	assert_true(ol_langpref_offered("en,fr,es", "en", 2));
	assert_true(ol_langpref_offered("en,fr,es", "es", 2));
	assert_false(ol_langpref_offered("en,fr,es", "e", 1));
	assert_false(ol_langpref_offered("en,fra", "fr", 2));
	assert_false(ol_langpref_offered("", "en", 2));
	assert_false(ol_langpref_offered("en", "", 0));
}

static void
test_next(void **state)
{
	const char	*p;
	char		buf[4];
	char		seen[64];
	size_t		off;

	(void)state;

	/* Every entry in order; empty and too long ones passed over. */
	off = 0;
	seen[0] = '\0';
	for (p = ",en,,fr,engl,es,"; ol_langpref_next(&p, buf, sizeof(buf)); )
		off += (size_t)snprintf(seen + off, sizeof(seen) - off, "%s|",
		    buf);
	assert_string_equal(seen, "en|fr|es|");
	assert_int_equal(*p, '\0');

	p = "";
	assert_int_equal(ol_langpref_next(&p, buf, sizeof(buf)), 0);
	p = ",,,";
	assert_int_equal(ol_langpref_next(&p, buf, sizeof(buf)), 0);
	p = "ar";
	assert_int_equal(ol_langpref_next(&p, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "ar");
	assert_int_equal(ol_langpref_next(&p, buf, sizeof(buf)), 0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_plain_and_regions),
		cmocka_unit_test(test_quality_order),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_malformed_skipped),
		cmocka_unit_test(test_many_ranges_bounded),
		cmocka_unit_test(test_code_and_offered),
		cmocka_unit_test(test_next),
	};

	return (cmocka_run_group_tests_name("langpref", tests, NULL, NULL));
}
