/*
 * Unit tests for the CSV writer of modules/csv (the report exports): the
 * exact bytes of quoted and plain fields, text that could be taken for a
 * formula, and a round trip of awkward values through the module's own
 * reader with both separators.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct out {
	char		buf[4096];
	size_t		len;
};

struct back {
	char		fields[8][256];
	size_t		n;
	size_t		records;
};

static void	sink(void *, const void *, size_t);
static int	collect(const struct ol_csv_record *, void *);
static const char	*field(const char *, char, int);

static void
sink(void *arg, const void *data, size_t len)
{
	struct out	*o = arg;

	assert_true(o->len + len < sizeof(o->buf));
	memcpy(o->buf + o->len, data, len);
	o->len += len;
	o->buf[o->len] = '\0';
}

static const char *
field(const char *s, char sep, int flags)
{
	static struct out	o;

	o.len = 0;
	o.buf[0] = '\0';
	ol_csv_field(sink, &o, s, strlen(s), sep, flags);

	return (o.buf);
}

static int
collect(const struct ol_csv_record *r, void *arg)
{
	struct back	*b = arg;
	size_t		i;

	assert_int_equal(r->error, OL_CSV_OK);
	b->records++;
	if (r->index != 1)
		return (0);
	b->n = r->nfields;
	for (i = 0; i < r->nfields && i < 8; i++) {
		assert_true(r->lens[i] < sizeof(b->fields[i]));
		memcpy(b->fields[i], r->fields[i], r->lens[i]);
		b->fields[i][r->lens[i]] = '\0';
	}

	return (0);
}

static void
test_plain(void **state)
{
	(void)state;
	assert_string_equal(field("Lena Learner", ',', OL_CSV_FIELD_TEXT),
	    "Lena Learner");
	assert_string_equal(field("", ',', OL_CSV_FIELD_TEXT), "");
	assert_string_equal(field("Zoë Łukasz Ιωάννα", ',', 0),
	    "Zoë Łukasz Ιωάννα");
	/* The other separator needs no quotes. */
	assert_string_equal(field("a;b", ',', 0), "a;b");
	assert_string_equal(field("a,b", ';', 0), "a,b");
}

static void
test_quoted(void **state)
{
	(void)state;
	assert_string_equal(field("Smith, Ann", ',', 0), "\"Smith, Ann\"");
	assert_string_equal(field("a;b", ';', 0), "\"a;b\"");
	assert_string_equal(field("say \"hi\"", ',', 0),
	    "\"say \"\"hi\"\"\"");
	assert_string_equal(field("\"", ',', 0), "\"\"\"\"");
	assert_string_equal(field("two\r\nlines", ',', 0),
	    "\"two\r\nlines\"");
	assert_string_equal(field("lf\nonly", ',', 0), "\"lf\nonly\"");
}

static void
test_formula(void **state)
{
	(void)state;
	assert_string_equal(field("=HYPERLINK(\"x\")", ',', OL_CSV_FIELD_TEXT),
	    "\"'=HYPERLINK(\"\"x\"\")\"");
	assert_string_equal(field("+1", ',', OL_CSV_FIELD_TEXT), "'+1");
	assert_string_equal(field("-2", ',', OL_CSV_FIELD_TEXT), "'-2");
	assert_string_equal(field("@SUM(A1)", ',', OL_CSV_FIELD_TEXT),
	    "'@SUM(A1)");
	assert_string_equal(field("\tx", ',', OL_CSV_FIELD_TEXT), "'\tx");
	/* Numbers the export writes itself are not text. */
	assert_string_equal(field("-2", ',', 0), "-2");
	/* Only the first character counts. */
	assert_string_equal(field("a=b", ',', OL_CSV_FIELD_TEXT), "a=b");
}

static void
test_record(void **state)
{
	struct out		 o;
	const char *const	 f[] = { "1", "Ann, B", "=1+1", "" };
	const int		 flags[] = { 0, OL_CSV_FIELD_TEXT,
				     OL_CSV_FIELD_TEXT, 0 };

	(void)state;
	o.len = 0;
	ol_csv_record(sink, &o, f, flags, 4, ',');
	assert_string_equal(o.buf, "1,\"Ann, B\",'=1+1,\r\n");
	o.len = 0;
	ol_csv_record(sink, &o, f, flags, 4, ';');
	assert_string_equal(o.buf, "1;Ann, B;'=1+1;\r\n");
	/* Without flags every field is text. */
	o.len = 0;
	ol_csv_record(sink, &o, f + 2, NULL, 1, ',');
	assert_string_equal(o.buf, "'=1+1\r\n");
}

/* What is written reads back the same with the module's own reader. */
static void
test_round_trip(void **state)
{
	struct out		 o;
	struct back		 b;
	struct ol_csv_error	 err;
	const char *const	 head[] = { "a", "b", "c", "d", "e" };
	const char *const	 row[] = { "Smith, Ann", "say \"hi\"",
				     "two\r\nlines", "x;y", "Ιωάννα" };
	const char		 seps[] = { ',', ';' };
	size_t			 i, j;

	(void)state;
	for (i = 0; i < sizeof(seps); i++) {
		o.len = 0;
		memset(&b, 0, sizeof(b));
		ol_csv_record(sink, &o, head, NULL, 5, seps[i]);
		ol_csv_record(sink, &o, row, NULL, 5, seps[i]);
		assert_int_equal(ol_csv_parse(o.buf, o.len, NULL, collect, &b,
		    &err), OL_CSV_OK);
		assert_int_equal(b.records, 2);
		assert_int_equal(b.n, 5);
		for (j = 0; j < 5; j++)
			assert_string_equal(b.fields[j], row[j]);
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_formula),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_round_trip),
	};

	return (cmocka_run_group_tests_name("csv_write", tests, NULL, NULL));
}
