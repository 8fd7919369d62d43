/*
 * Unit tests for modules/csv: the files tenant admins upload to import
 * users, as spreadsheet programs write them (LF, CRLF, CR, BOM, ';',
 * quoted fields over several lines), the line numbers the user is told,
 * one error per bad line with the next lines still read, the document
 * errors that stop everything, and every limit at and just past its value.
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

#define MAX_RECS	64
#define MAX_COLS	40
#define MIB		(1024 * 1024)

struct rec {
	size_t		line;
	size_t		index;
	size_t		nfields;
	int		error;
	size_t		field;
	char		*fields[MAX_COLS];
	size_t		lens[MAX_COLS];
};

/* What the callback saw. */
struct got {
	struct rec	recs[MAX_RECS];
	size_t		n;		/* records kept in recs */
	size_t		calls;
	size_t		errors;		/* records with an error */
	size_t		stop_at;	/* stop on this call (1-based), 0 never */
	size_t		last_line;
};

#define S(str)		(str), sizeof(str) - 1
#define WANT(...)	(const char *const []){ __VA_ARGS__ }

static int	collect(const struct ol_csv_record *, void *);
static struct got *got_new(void);
static void	got_free(struct got *);
static int	parse(const char *, size_t, const struct ol_csv_limits *,
		    struct got *, struct ol_csv_error *);
static void	check(const struct got *, size_t, size_t, int, size_t,
		    size_t, const char *const *);
static void	limits(struct ol_csv_limits *, size_t, size_t, size_t,
		    size_t);
static size_t	make_fields(char *, size_t, size_t);

static int
collect(const struct ol_csv_record *r, void *arg)
{
	struct got	*g = arg;
	struct rec	*k;
	size_t		i;

	/* Records come in order, one per line at most. */
	assert_int_equal(r->index, g->calls);
	assert_true(r->line > g->last_line);
	g->last_line = r->line;
	g->calls++;
	if (r->error != OL_CSV_OK)
		g->errors++;

	assert_true(r->nfields >= 1);
	for (i = 0; i < r->nfields; i++) {
		assert_non_null(r->fields[i]);
		assert_int_equal(r->fields[i][r->lens[i]], '\0');
		assert_int_equal(strlen(r->fields[i]), r->lens[i]);
	}

	if (g->n < MAX_RECS) {
		k = &g->recs[g->n++];
		k->line = r->line;
		k->index = r->index;
		k->nfields = r->nfields;
		k->error = r->error;
		k->field = r->field;
		for (i = 0; i < r->nfields && i < MAX_COLS; i++) {
			k->lens[i] = r->lens[i];
			k->fields[i] = malloc(r->lens[i] + 1);
			assert_non_null(k->fields[i]);
			memcpy(k->fields[i], r->fields[i], r->lens[i] + 1);
		}
	}

	return (g->stop_at != 0 && g->calls == g->stop_at);
}

static struct got *
got_new(void)
{
	struct got	*g;

	g = calloc(1, sizeof(*g));
	assert_non_null(g);

	return (g);
}

static void
got_free(struct got *g)
{
	size_t		i, j;

	for (i = 0; i < g->n; i++) {
		for (j = 0; j < g->recs[i].nfields && j < MAX_COLS; j++)
			free(g->recs[i].fields[j]);
	}
	free(g);
}

/* Parses, and checks that err agrees with the code returned. */
static int
parse(const char *s, size_t len, const struct ol_csv_limits *lim,
    struct got *g, struct ol_csv_error *err)
{
	int		rc;

	memset(err, 0xA5, sizeof(*err));
	rc = ol_csv_parse(s, len, lim, collect, g, err);
	assert_int_equal(err->code, rc);
	if (rc == OL_CSV_OK) {
		assert_int_equal(err->line, 0);
		assert_int_equal(err->field, 0);
	}

	return (rc);
}

/* Record i: its line, error, error field and fields. */
static void
check(const struct got *g, size_t i, size_t line, int error, size_t field,
    size_t nfields, const char *const *want)
{
	const struct rec	*r;
	size_t			j;

	assert_true(i < g->n);
	r = &g->recs[i];
	if (r->line != line || r->error != error || r->field != field ||
	    r->nfields != nfields) {
		print_error("record %zu: line %zu error %s field %zu "
		    "nfields %zu; want line %zu error %s field %zu "
		    "nfields %zu\n", i, r->line, ol_csv_strerror(r->error),
		    r->field, r->nfields, line, ol_csv_strerror(error),
		    field, nfields);
		fail();
	}
	if (want == NULL)
		return;
	for (j = 0; j < nfields; j++) {
		if (r->lens[j] != strlen(want[j]) ||
		    memcmp(r->fields[j], want[j], r->lens[j]) != 0) {
			print_error("record %zu field %zu: \"%s\", want "
			    "\"%s\"\n", i, j + 1, r->fields[j], want[j]);
			fail();
		}
	}
}

static void
limits(struct ol_csv_limits *lim, size_t size, size_t records,
    size_t fields, size_t field_len)
{
	lim->max_size = size;
	lim->max_records = records;
	lim->max_fields = fields;
	lim->max_field_len = field_len;
}

static void
test_simple(void **state)
{
	static const char	doc[] =
	    "email,name,roles,language,group\n"
	    "ann@example.org,Ann Smith,learner,en,Police 2024\n"
	    "bob@example.org,Bob Jones,trainer,fr,Judges\n";
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 3);
	assert_int_equal(g->errors, 0);
	check(g, 0, 1, OL_CSV_OK, 0, 5,
	    WANT("email", "name", "roles", "language", "group"));
	assert_int_equal(g->recs[0].index, 0);
	check(g, 1, 2, OL_CSV_OK, 0, 5, WANT("ann@example.org", "Ann Smith",
	    "learner", "en", "Police 2024"));
	assert_int_equal(g->recs[1].index, 1);
	check(g, 2, 3, OL_CSV_OK, 0, 5, WANT("bob@example.org", "Bob Jones",
	    "trainer", "fr", "Judges"));
	assert_int_equal(g->recs[2].index, 2);
	got_free(g);

	/* No callback: the document is only checked. */
	assert_int_equal(ol_csv_parse(S(doc), NULL, NULL, NULL, NULL),
	    OL_CSV_OK);
	assert_int_equal(ol_csv_parse(S("a,b\n1\n"), NULL, NULL, NULL, &err),
	    OL_CSV_OK);
	assert_int_equal(ol_csv_parse(S("a,b\n\"1\n"), NULL, NULL, NULL,
	    &err), OL_CSV_ERR_QUOTE);
	assert_int_equal(err.line, 2);
}

static void
test_line_ends(void **state)
{
	static const char	*docs[] = {
		"email,name\na@x.org,Ann\nb@x.org,Bob\n",
		"email,name\r\na@x.org,Ann\r\nb@x.org,Bob\r\n",
		"email,name\r\na@x.org,Ann\nb@x.org,Bob\r\n",
		"email,name\na@x.org,Ann\r\nb@x.org,Bob",
		/* Lone CR, as old Mac spreadsheets write. */
		"email,name\ra@x.org,Ann\rb@x.org,Bob\r",
		"email,name\ra@x.org,Ann\r\nb@x.org,Bob\n",
	};
	struct ol_csv_error	err;
	struct got		*g;
	size_t			i;

	(void)state;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		g = got_new();
		assert_int_equal(parse(docs[i], strlen(docs[i]), NULL, g,
		    &err), OL_CSV_OK);
		assert_int_equal(g->calls, 3);
		check(g, 0, 1, OL_CSV_OK, 0, 2, WANT("email", "name"));
		check(g, 1, 2, OL_CSV_OK, 0, 2, WANT("a@x.org", "Ann"));
		check(g, 2, 3, OL_CSV_OK, 0, 2, WANT("b@x.org", "Bob"));
		got_free(g);
	}

	/* CR CR LF: a record, then a blank line. */
	g = got_new();
	assert_int_equal(parse(S("a\r\r\nb\n"), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 2);
	check(g, 1, 3, OL_CSV_OK, 0, 1, WANT("b"));
	got_free(g);
}

static void
test_last_record_unterminated(void **state)
{
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S("email,name\na@x.org,Ann"), NULL, g, &err),
	    OL_CSV_OK);
	assert_int_equal(g->calls, 2);
	check(g, 1, 2, OL_CSV_OK, 0, 2, WANT("a@x.org", "Ann"));
	got_free(g);

	/* An empty last field, with and without a line end. */
	g = got_new();
	assert_int_equal(parse(S("a,b\n1,\n2,"), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 3);
	check(g, 1, 2, OL_CSV_OK, 0, 2, WANT("1", ""));
	check(g, 2, 3, OL_CSV_OK, 0, 2, WANT("2", ""));
	got_free(g);

	/* A quoted last field. */
	g = got_new();
	assert_int_equal(parse(S("a,b\n1,\"x, y\""), NULL, g, &err),
	    OL_CSV_OK);
	check(g, 1, 2, OL_CSV_OK, 0, 2, WANT("1", "x, y"));
	got_free(g);
}

static void
test_bom(void **state)
{
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S("\xEF\xBB\xBF" "email,name\r\na@x.org,Ann\r\n"),
	    NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 2);
	check(g, 0, 1, OL_CSV_OK, 0, 2, WANT("email", "name"));
	check(g, 1, 2, OL_CSV_OK, 0, 2, WANT("a@x.org", "Ann"));
	got_free(g);

	/* Only the one at the very start is skipped; U+FEFF is text. */
	g = got_new();
	assert_int_equal(parse(S("\xEF\xBB\xBF\xEF\xBB\xBF" "email\n"
	    "\xEF\xBB\xBF" "a\n"), NULL, g, &err), OL_CSV_OK);
	check(g, 0, 1, OL_CSV_OK, 0, 1, WANT("\xEF\xBB\xBF" "email"));
	check(g, 1, 2, OL_CSV_OK, 0, 1, WANT("\xEF\xBB\xBF" "a"));
	got_free(g);

	/* A BOM then a semicolon header. */
	g = got_new();
	assert_int_equal(parse(S("\xEF\xBB\xBF" "email;name\na;b\n"), NULL, g,
	    &err), OL_CSV_OK);
	check(g, 1, 2, OL_CSV_OK, 0, 2, WANT("a", "b"));
	got_free(g);
}

static void
test_quoted(void **state)
{
	static const char	doc[] =
	    "email,name,note\r\n"
	    "a@x.org,\"Smith, John\",\"say \"\"hi\"\"\"\r\n"
	    "b@x.org,\"two\r\nlines\",\"\"\r\n"
	    "c@x.org,\"three\nline\nnote\",\"\"\"\"\n"
	    "d@x.org,plain,\",\"\n"
	    "\"e@x.org\",\"\",\"\r\"\n"
	    "f@x.org,x,y\n";
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 7);
	assert_int_equal(g->errors, 0);
	check(g, 1, 2, OL_CSV_OK, 0, 3,
	    WANT("a@x.org", "Smith, John", "say \"hi\""));
	check(g, 2, 3, OL_CSV_OK, 0, 3, WANT("b@x.org", "two\r\nlines", ""));
	/* The record after a two-line field starts on line 5. */
	check(g, 3, 5, OL_CSV_OK, 0, 3,
	    WANT("c@x.org", "three\nline\nnote", "\""));
	check(g, 4, 8, OL_CSV_OK, 0, 3, WANT("d@x.org", "plain", ","));
	check(g, 5, 9, OL_CSV_OK, 0, 3, WANT("e@x.org", "", "\r"));
	check(g, 6, 11, OL_CSV_OK, 0, 3, WANT("f@x.org", "x", "y"));
	got_free(g);

	/* A quoted field may hold the whole record's worth of separators. */
	g = got_new();
	assert_int_equal(parse(S("a\n\"1,2;3\"\n"), NULL, g, &err),
	    OL_CSV_OK);
	check(g, 1, 2, OL_CSV_OK, 0, 1, WANT("1,2;3"));
	got_free(g);
}

static void
test_semicolon(void **state)
{
	static const char	doc[] =
	    "email;name;roles;language;group\r\n"
	    "hans@x.de;M\xC3\xBCller, Hans;learner;de;\"A;B\"\r\n"
	    "eva@x.de;\"Eva \"\"E\"\" Weber\";trainer,admin;de;\r\n";
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 3);
	assert_int_equal(g->errors, 0);
	check(g, 0, 1, OL_CSV_OK, 0, 5,
	    WANT("email", "name", "roles", "language", "group"));
	/* A comma is text in a semicolon file. */
	check(g, 1, 2, OL_CSV_OK, 0, 5, WANT("hans@x.de", "M\xC3\xBCller, Hans",
	    "learner", "de", "A;B"));
	check(g, 2, 3, OL_CSV_OK, 0, 5, WANT("eva@x.de", "Eva \"E\" Weber",
	    "trainer,admin", "de", ""));
	got_free(g);

	/* The first separator outside quotes on the header line decides. */
	g = got_new();
	assert_int_equal(parse(S("\"e;mail\",name\n1,2\n"), NULL, g, &err),
	    OL_CSV_OK);
	check(g, 0, 1, OL_CSV_OK, 0, 2, WANT("e;mail", "name"));
	check(g, 1, 2, OL_CSV_OK, 0, 2, WANT("1", "2"));
	got_free(g);

	g = got_new();
	assert_int_equal(parse(S("\"e,mail\";name\n1;2\n"), NULL, g, &err),
	    OL_CSV_OK);
	check(g, 0, 1, OL_CSV_OK, 0, 2, WANT("e,mail", "name"));
	got_free(g);

	/* One column: comma, so that a ';' in the data is text. */
	g = got_new();
	assert_int_equal(parse(S("email\na;b\n"), NULL, g, &err), OL_CSV_OK);
	check(g, 1, 2, OL_CSV_OK, 0, 1, WANT("a;b"));
	got_free(g);

	/* Blank lines before the header do not hide it. */
	g = got_new();
	assert_int_equal(parse(S("\r\n\nx;y\n1;2\n"), NULL, g, &err),
	    OL_CSV_OK);
	check(g, 0, 3, OL_CSV_OK, 0, 2, WANT("x", "y"));
	check(g, 1, 4, OL_CSV_OK, 0, 2, WANT("1", "2"));
	got_free(g);
}

static void
test_blank_lines(void **state)
{
	static const char	doc[] =
	    "\n\r\n"
	    "email,name\n"
	    "\n"
	    "\r\n"
	    "a@x.org,Ann\n"
	    "\n\n"
	    "b@x.org,Bob\r\n"
	    "\r\n\n";
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 3);
	check(g, 0, 3, OL_CSV_OK, 0, 2, WANT("email", "name"));
	check(g, 1, 6, OL_CSV_OK, 0, 2, WANT("a@x.org", "Ann"));
	check(g, 2, 9, OL_CSV_OK, 0, 2, WANT("b@x.org", "Bob"));
	got_free(g);

	/*
	 * Only an empty line is blank: spaces, separators or "" make a
	 * record (the caller trims and may skip rows that end up empty).
	 */
	g = got_new();
	assert_int_equal(parse(S("a,b\n  \n,\n\"\"\n"), NULL, g, &err),
	    OL_CSV_OK);
	assert_int_equal(g->calls, 4);
	check(g, 1, 2, OL_CSV_ERR_FIELDS, 0, 1, WANT("  "));
	check(g, 2, 3, OL_CSV_OK, 0, 2, WANT("", ""));
	check(g, 3, 4, OL_CSV_ERR_FIELDS, 0, 1, WANT(""));
	got_free(g);
}

static void
test_header_only(void **state)
{
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S("email,name,roles\r\n"), NULL, g, &err),
	    OL_CSV_OK);
	assert_int_equal(g->calls, 1);
	check(g, 0, 1, OL_CSV_OK, 0, 3, WANT("email", "name", "roles"));
	got_free(g);

	g = got_new();
	assert_int_equal(parse(S("email,name,roles\n\n\n"), NULL, g, &err),
	    OL_CSV_OK);
	assert_int_equal(g->calls, 1);
	got_free(g);

	g = got_new();
	assert_int_equal(parse(S("email"), NULL, g, &err), OL_CSV_OK);
	check(g, 0, 1, OL_CSV_OK, 0, 1, WANT("email"));
	got_free(g);
}

static void
test_empty(void **state)
{
	static const char	*docs[] = {
		"", "\n", "\r\n", "\r", "\n\n\r\n\r\r\n",
		"\xEF\xBB\xBF", "\xEF\xBB\xBF\r\n\r\n",
	};
	struct ol_csv_error	err;
	struct got		*g;
	size_t			i;

	(void)state;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		g = got_new();
		assert_int_equal(parse(docs[i], strlen(docs[i]), NULL, g,
		    &err), OL_CSV_ERR_EMPTY);
		assert_int_equal(err.line, 0);
		assert_int_equal(g->calls, 0);
		got_free(g);
	}

	g = got_new();
	assert_int_equal(parse(NULL, 0, NULL, g, &err), OL_CSV_ERR_EMPTY);
	assert_int_equal(g->calls, 0);
	got_free(g);

	/* A header of one empty quoted field is a header. */
	g = got_new();
	assert_int_equal(parse(S("\"\"\n"), NULL, g, &err), OL_CSV_OK);
	check(g, 0, 1, OL_CSV_OK, 0, 1, WANT(""));
	got_free(g);
}

static void
test_wrong_field_count(void **state)
{
	static const char	doc[] =
	    "email,name,roles\n"
	    "a@x.org,Ann,learner\n"
	    "b@x.org,Bob\n"
	    "c@x.org,Cy,learner,extra\n"
	    "d@x.org,Di,trainer\n"
	    "e@x.org\n";
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 6);
	assert_int_equal(g->errors, 3);
	check(g, 1, 2, OL_CSV_OK, 0, 3, WANT("a@x.org", "Ann", "learner"));
	check(g, 2, 3, OL_CSV_ERR_FIELDS, 0, 2, WANT("b@x.org", "Bob"));
	check(g, 3, 4, OL_CSV_ERR_FIELDS, 0, 4,
	    WANT("c@x.org", "Cy", "learner", "extra"));
	check(g, 4, 5, OL_CSV_OK, 0, 3, WANT("d@x.org", "Di", "trainer"));
	check(g, 5, 6, OL_CSV_ERR_FIELDS, 0, 1, WANT("e@x.org"));
	got_free(g);
}

static void
test_invalid_utf8(void **state)
{
	static const char	doc[] =
	    "email,name,group\n"
	    "a@x.org,Ann,G1\n"
	    "b@x.org,M\xFCller,G1\n"			/* Latin-1 */
	    "c@x.org,Cy,\"\xC0\xAE\"\n"			/* overlong */
	    "d@x.org,\xE2\x82,\xED\xA0\x80\n"		/* two bad fields */
	    "e@x.org,\xE2\x82\xAC,G1\n";
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 6);
	assert_int_equal(g->errors, 3);
	check(g, 1, 2, OL_CSV_OK, 0, 3, NULL);
	check(g, 2, 3, OL_CSV_ERR_UTF8, 2, 3, WANT("b@x.org", "M\xFCller",
	    "G1"));
	check(g, 3, 4, OL_CSV_ERR_UTF8, 3, 3, NULL);
	/* One error per line: the first bad field. */
	check(g, 4, 5, OL_CSV_ERR_UTF8, 2, 3, NULL);
	check(g, 5, 6, OL_CSV_OK, 0, 3, WANT("e@x.org", "\xE2\x82\xAC", "G1"));
	got_free(g);

	/* In the header it stops everything. */
	g = got_new();
	assert_int_equal(parse(S("email,n\xE9om\na,b\n"), NULL, g, &err),
	    OL_CSV_ERR_UTF8);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.field, 2);
	assert_int_equal(g->calls, 0);
	got_free(g);

	/* A UTF-16 file is refused for its NUL bytes. */
	g = got_new();
	assert_int_equal(parse(S("\xFF\xFE" "e\0m\0\n\0"), NULL, g, &err),
	    OL_CSV_ERR_NUL);
	assert_int_equal(err.line, 1);
	got_free(g);
}

static void
test_unterminated_quote(void **state)
{
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	/* The open quote runs to the end: nothing is handed over. */
	g = got_new();
	assert_int_equal(parse(S("email,name\na@x.org,Ann\n"
	    "b@x.org,\"Bob\nc@x.org,Cy\n"), NULL, g, &err), OL_CSV_ERR_QUOTE);
	assert_int_equal(err.line, 3);
	assert_int_equal(err.field, 2);
	assert_int_equal(g->calls, 0);
	got_free(g);

	/* A doubled quote at the end does not close the field. */
	g = got_new();
	assert_int_equal(parse(S("a\n\"x\"\""), NULL, g, &err),
	    OL_CSV_ERR_QUOTE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.field, 1);
	got_free(g);

	g = got_new();
	assert_int_equal(parse(S("\"email,name\n"), NULL, g, &err),
	    OL_CSV_ERR_QUOTE);
	assert_int_equal(err.line, 1);
	got_free(g);

	g = got_new();
	assert_int_equal(parse(S("a,b\n1,\""), NULL, g, &err),
	    OL_CSV_ERR_QUOTE);
	assert_int_equal(err.line, 2);
	assert_int_equal(err.field, 2);
	got_free(g);
}

static void
test_quote_in_unquoted(void **state)
{
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S("email,name\n"
	    "a@x.org,Ann \"Nan\" Lee\n"
	    "b@x.org,Bob\n"
	    "c@x.org,5\"\n"
	    " \"d@x.org\",Di\n"), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 5);
	assert_int_equal(g->errors, 3);
	check(g, 1, 2, OL_CSV_ERR_QUOTE, 2, 2,
	    WANT("a@x.org", "Ann \"Nan\" Lee"));
	check(g, 2, 3, OL_CSV_OK, 0, 2, WANT("b@x.org", "Bob"));
	check(g, 3, 4, OL_CSV_ERR_QUOTE, 2, 2, WANT("c@x.org", "5\""));
	/* A space before the quote makes the field unquoted. */
	check(g, 4, 5, OL_CSV_ERR_QUOTE, 1, 2, WANT(" \"d@x.org\"", "Di"));
	got_free(g);

	/* The quote is text to the end of the field, even a separator's. */
	g = got_new();
	assert_int_equal(parse(S("a,b\nx\"y,z\"\n1,2\n"), NULL, g, &err),
	    OL_CSV_OK);
	check(g, 1, 2, OL_CSV_ERR_QUOTE, 1, 2, WANT("x\"y", "z\""));
	check(g, 2, 3, OL_CSV_OK, 0, 2, WANT("1", "2"));
	got_free(g);

	/* In the header it stops everything. */
	g = got_new();
	assert_int_equal(parse(S("email,na\"me\na,b\n"), NULL, g, &err),
	    OL_CSV_ERR_QUOTE);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.field, 2);
	assert_int_equal(g->calls, 0);
	got_free(g);
}

static void
test_text_after_quote(void **state)
{
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S("email,name\n"
	    "\"a@x.org\"x,Ann\n"
	    "b@x.org,\"Bob\" \n"
	    "c@x.org,\"C\"\"y\"\"\"z\"\n"
	    "d@x.org,\"two\nlines\"!\n"
	    "e@x.org,Eve\n"), NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 6);
	assert_int_equal(g->errors, 4);
	check(g, 1, 2, OL_CSV_ERR_QUOTE, 1, 2, WANT("a@x.orgx", "Ann"));
	check(g, 2, 3, OL_CSV_ERR_QUOTE, 2, 2, WANT("b@x.org", "Bob "));
	check(g, 3, 4, OL_CSV_ERR_QUOTE, 2, 2, WANT("c@x.org", "C\"y\"z\""));
	check(g, 4, 5, OL_CSV_ERR_QUOTE, 2, 2, WANT("d@x.org", "two\nlines!"));
	/* Line 7: the bad record above took two lines. */
	check(g, 5, 7, OL_CSV_OK, 0, 2, WANT("e@x.org", "Eve"));
	got_free(g);
}

static void
test_nul(void **state)
{
	static const struct {
		const char	*doc;
		size_t		len;
		size_t		line;
		size_t		field;
	} cases[] = {
		{ S("a,b\n1,2\n3,x\0y\n4,5\n"), 3, 2 },
		{ S("a,b\n1,2\n3,\"x\0y\"\n4,5\n"), 3, 2 },
		{ S("a,b\n1,\"x\ny\"\n\0"), 4, 1 },
		{ S("a\0,b\n1,2\n"), 1, 1 },
		{ S("\0"), 1, 1 },
	};
	struct ol_csv_error	err;
	struct got		*g;
	size_t			i;

	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		g = got_new();
		assert_int_equal(parse(cases[i].doc, cases[i].len, NULL, g,
		    &err), OL_CSV_ERR_NUL);
		assert_int_equal(err.line, cases[i].line);
		assert_int_equal(err.field, cases[i].field);
		assert_int_equal(g->calls, 0);
		got_free(g);
	}
}

static void
test_limit_size(void **state)
{
	struct ol_csv_limits	lim;
	struct ol_csv_error	err;
	struct got		*g;
	char			*doc;
	size_t			i, len;

	(void)state;

	/* Default: 10 MiB, made of 10240 lines of 1024 bytes. */
	len = 10 * MIB;
	doc = malloc(len + 1);
	assert_non_null(doc);
	memset(doc, 'x', len + 1);
	for (i = 1023; i < len; i += 1024)
		doc[i] = '\n';

	g = got_new();
	assert_int_equal(parse(doc, len, NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 10240);
	assert_int_equal(g->errors, 0);
	got_free(g);

	g = got_new();
	assert_int_equal(parse(doc, len + 1, NULL, g, &err),
	    OL_CSV_ERR_TOO_LARGE);
	assert_int_equal(err.line, 0);
	assert_int_equal(g->calls, 0);
	got_free(g);
	free(doc);

	/* Set by the caller; the BOM counts. */
	limits(&lim, 10, 10, 10, 10);
	g = got_new();
	assert_int_equal(parse(S("abc\n123\n45"), &lim, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 3);
	got_free(g);
	g = got_new();
	assert_int_equal(parse(S("abc\n123\n456"), &lim, g, &err),
	    OL_CSV_ERR_TOO_LARGE);
	assert_int_equal(g->calls, 0);
	got_free(g);
	g = got_new();
	assert_int_equal(parse(S("\xEF\xBB\xBF" "abc\n123\n"), &lim, g, &err),
	    OL_CSV_ERR_TOO_LARGE);
	got_free(g);
}

static void
test_limit_records(void **state)
{
	struct ol_csv_limits	lim;
	struct ol_csv_error	err;
	struct got		*g;
	char			*doc;
	size_t			i, n;

	(void)state;

	/* The header and blank lines do not count. */
	limits(&lim, 1000, 3, 10, 10);
	g = got_new();
	assert_int_equal(parse(S("h\n1\n\n2\n3\n\n"), &lim, g, &err),
	    OL_CSV_OK);
	assert_int_equal(g->calls, 4);
	got_free(g);

	g = got_new();
	assert_int_equal(parse(S("h\n1\n\n2\n3\n4\n5\n"), &lim, g, &err),
	    OL_CSV_ERR_TOO_MANY_RECORDS);
	assert_int_equal(err.line, 6);
	assert_int_equal(g->calls, 0);
	got_free(g);

	/* Default: 100000 records after the header. */
	n = OL_CSV_MAX_RECORDS + 2;
	doc = malloc(n * 2);
	assert_non_null(doc);
	for (i = 0; i < n; i++) {
		doc[i * 2] = 'a';
		doc[i * 2 + 1] = '\n';
	}

	g = got_new();
	assert_int_equal(parse(doc, (n - 1) * 2, NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, OL_CSV_MAX_RECORDS + 1);
	assert_int_equal(g->last_line, OL_CSV_MAX_RECORDS + 1);
	got_free(g);

	g = got_new();
	assert_int_equal(parse(doc, n * 2, NULL, g, &err),
	    OL_CSV_ERR_TOO_MANY_RECORDS);
	assert_int_equal(err.line, OL_CSV_MAX_RECORDS + 2);
	assert_int_equal(g->calls, 0);
	got_free(g);
	free(doc);
}

/* n fields "f1,f2,...", with a line end. */
static size_t
make_fields(char *dst, size_t size, size_t n)
{
	size_t		i, off;

	for (off = 0, i = 1; i <= n; i++) {
		off += (size_t)snprintf(dst + off, size - off, "%sf%zu",
		    i > 1 ? "," : "", i);
		assert_true(off < size);
	}
	off += (size_t)snprintf(dst + off, size - off, "\n");
	assert_true(off < size);

	return (off);
}

static void
test_limit_fields(void **state)
{
	struct ol_csv_limits	lim;
	struct ol_csv_error	err;
	struct got		*g;
	char			doc[1024];
	size_t			len;

	(void)state;

	/* Default: a header of 32 fields, then 33. */
	len = make_fields(doc, sizeof(doc), OL_CSV_MAX_FIELDS);
	len += make_fields(doc + len, sizeof(doc) - len, OL_CSV_MAX_FIELDS);
	g = got_new();
	assert_int_equal(parse(doc, len, NULL, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 2);
	assert_int_equal(g->recs[1].nfields, OL_CSV_MAX_FIELDS);
	assert_string_equal(g->recs[1].fields[OL_CSV_MAX_FIELDS - 1], "f32");
	got_free(g);

	len = make_fields(doc, sizeof(doc), OL_CSV_MAX_FIELDS + 1);
	g = got_new();
	assert_int_equal(parse(doc, len, NULL, g, &err),
	    OL_CSV_ERR_TOO_MANY_FIELDS);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.field, OL_CSV_MAX_FIELDS + 1);
	assert_int_equal(g->calls, 0);
	got_free(g);

	/* In a data record: reported, the record cut, reading goes on. */
	limits(&lim, 1000, 10, 3, 10);
	g = got_new();
	assert_int_equal(parse(S("a,b,c\n1,2,3\n1,2,3,4,5\n,,,\n7,8,9\n"),
	    &lim, g, &err), OL_CSV_OK);
	assert_int_equal(g->calls, 5);
	check(g, 1, 2, OL_CSV_OK, 0, 3, WANT("1", "2", "3"));
	check(g, 2, 3, OL_CSV_ERR_TOO_MANY_FIELDS, 4, 3, WANT("1", "2", "3"));
	check(g, 3, 4, OL_CSV_ERR_TOO_MANY_FIELDS, 4, 3, WANT("", "", ""));
	check(g, 4, 5, OL_CSV_OK, 0, 3, WANT("7", "8", "9"));
	got_free(g);
}

static void
test_limit_field_len(void **state)
{
	struct ol_csv_limits	lim;
	struct ol_csv_error	err;
	struct got		*g;
	char			*doc, *p;
	size_t			n;

	(void)state;

	/* Default: 1024 bytes. */
	doc = malloc(4096);
	assert_non_null(doc);
	p = doc;
	memcpy(p, "email,name\nx,", 13);
	p += 13;
	memset(p, 'n', OL_CSV_MAX_FIELD_LEN);
	p += OL_CSV_MAX_FIELD_LEN;
	/* Quoted: 1024 bytes of value, more in the file. */
	memcpy(p, "\ny,\"", 4);
	p += 4;
	memset(p, 'q', OL_CSV_MAX_FIELD_LEN - 2);
	p += OL_CSV_MAX_FIELD_LEN - 2;
	memcpy(p, "\"\"\"\"\"\n", 6);
	p += 6;
	/* 1025 bytes. */
	memcpy(p, "z,", 2);
	p += 2;
	memset(p, 'n', OL_CSV_MAX_FIELD_LEN + 1);
	p += OL_CSV_MAX_FIELD_LEN + 1;
	memcpy(p, "\nw,ok\n", 6);
	p += 6;

	g = got_new();
	assert_int_equal(parse(doc, (size_t)(p - doc), NULL, g, &err),
	    OL_CSV_OK);
	assert_int_equal(g->calls, 5);
	check(g, 1, 2, OL_CSV_OK, 0, 2, NULL);
	assert_int_equal(g->recs[1].lens[1], OL_CSV_MAX_FIELD_LEN);
	check(g, 2, 3, OL_CSV_OK, 0, 2, NULL);
	assert_int_equal(g->recs[2].lens[1], OL_CSV_MAX_FIELD_LEN);
	assert_memory_equal(g->recs[2].fields[1] + OL_CSV_MAX_FIELD_LEN - 2,
	    "\"\"", 2);
	/* Reported and cut at the limit. */
	check(g, 3, 4, OL_CSV_ERR_FIELD_LONG, 2, 2, NULL);
	assert_int_equal(g->recs[3].lens[1], OL_CSV_MAX_FIELD_LEN);
	check(g, 4, 5, OL_CSV_OK, 0, 2, WANT("w", "ok"));
	got_free(g);

	/* A header field too long stops everything. */
	n = (size_t)(p - doc);
	memcpy(doc, "h,", 2);
	memset(doc + 2, 'h', OL_CSV_MAX_FIELD_LEN + 1);
	g = got_new();
	assert_int_equal(parse(doc, n, NULL, g, &err),
	    OL_CSV_ERR_FIELD_LONG);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.field, 2);
	assert_int_equal(g->calls, 0);
	got_free(g);
	free(doc);

	/* Set by the caller: bytes, not characters. */
	limits(&lim, 1000, 10, 10, 4);
	g = got_new();
	assert_int_equal(parse(S("name\n\xD0\x9E\xD0\xBB\n\xD0\x9E\xD0\xBB"
	    "a\n\"\"\"\"\"\"\"\"\"\"\n\"\"\"\"\"\"\"\"\"\"\"\"\n"), &lim, g,
	    &err), OL_CSV_OK);
	check(g, 1, 2, OL_CSV_OK, 0, 1, WANT("\xD0\x9E\xD0\xBB"));
	check(g, 2, 3, OL_CSV_ERR_FIELD_LONG, 1, 1, WANT("\xD0\x9E\xD0\xBB"));
	check(g, 3, 4, OL_CSV_OK, 0, 1, WANT("\"\"\"\""));
	check(g, 4, 5, OL_CSV_ERR_FIELD_LONG, 1, 1, WANT("\"\"\"\""));
	got_free(g);
}

static void
test_multibyte(void **state)
{
	/* Ukrainian, Arabic, Georgian; the last in a quoted field. */
	static const char	uk[] =
	    "\xD0\x9E\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB0 "
	    "\xD0\x9A\xD0\xBE\xD0\xB2\xD0\xB0\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xBA"
	    "\xD0\xBE";
	static const char	ar[] =
	    "\xD9\x81\xD8\xA7\xD8\xB7\xD9\x85\xD8\xA9 "
	    "\xD8\xA7\xD9\x84\xD8\xB2\xD9\x87\xD8\xB1\xD8\xA7\xD8\xA1";
	static const char	ka[] =
	    "\xE1\x83\x9C\xE1\x83\x98\xE1\x83\x9C\xE1\x83\x9D, "
	    "\xE1\x83\x91\xE1\x83\x94\xE1\x83\xA0\xE1\x83\x98\xE1\x83\xAB"
	    "\xE1\x83\x94";
	char			doc[512];
	struct ol_csv_error	err;
	struct got		*g;
	int			n;
	char			sep;

	(void)state;

	for (sep = ','; sep != 0; sep = (sep == ',' ? ';' : 0)) {
		n = snprintf(doc, sizeof(doc),
		    "email%cname%clanguage\r\n"
		    "olena@x.ua%c%s%cuk\r\n"
		    "fatima@x.ma%c%s%car\r\n"
		    "nino@x.ge%c\"%s\"%cka\r\n",
		    sep, sep, sep, uk, sep, sep, ar, sep, sep, ka, sep);
		assert_true(n > 0 && (size_t)n < sizeof(doc));

		g = got_new();
		assert_int_equal(parse(doc, (size_t)n, NULL, g, &err),
		    OL_CSV_OK);
		assert_int_equal(g->calls, 4);
		assert_int_equal(g->errors, 0);
		check(g, 1, 2, OL_CSV_OK, 0, 3, WANT("olena@x.ua", uk, "uk"));
		check(g, 2, 3, OL_CSV_OK, 0, 3, WANT("fatima@x.ma", ar, "ar"));
		check(g, 3, 4, OL_CSV_OK, 0, 3, WANT("nino@x.ge", ka, "ka"));
		got_free(g);
	}
}

static void
test_spaces_kept(void **state)
{
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	assert_int_equal(parse(S(" email , name\n a@x.org ,\tAnn \n"), NULL, g,
	    &err), OL_CSV_OK);
	check(g, 0, 1, OL_CSV_OK, 0, 2, WANT(" email ", " name"));
	check(g, 1, 2, OL_CSV_OK, 0, 2, WANT(" a@x.org ", "\tAnn "));
	got_free(g);
}

static void
test_stop(void **state)
{
	static const char	doc[] = "a,b\n1,2\n\n3,4\n5,6\n";
	struct ol_csv_error	err;
	struct got		*g;

	(void)state;

	g = got_new();
	g->stop_at = 3;
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_ERR_STOPPED);
	assert_int_equal(err.line, 4);
	assert_int_equal(g->calls, 3);
	check(g, 2, 4, OL_CSV_OK, 0, 2, WANT("3", "4"));
	got_free(g);

	/* On the header. */
	g = got_new();
	g->stop_at = 1;
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_ERR_STOPPED);
	assert_int_equal(err.line, 1);
	assert_int_equal(g->calls, 1);
	got_free(g);

	/* On the last record: stopped all the same. */
	g = got_new();
	g->stop_at = 4;
	assert_int_equal(parse(S(doc), NULL, g, &err), OL_CSV_ERR_STOPPED);
	assert_int_equal(err.line, 5);
	got_free(g);
}

static void
test_strerror(void **state)
{
	const char	*names[OL_CSV_ERR_STOPPED + 1];
	int		i, j;

	(void)state;

	for (i = OL_CSV_OK; i <= OL_CSV_ERR_STOPPED; i++) {
		names[i] = ol_csv_strerror(i);
		assert_non_null(names[i]);
		assert_string_not_equal(names[i], "unknown error");
		for (j = 0; j < i; j++)
			assert_string_not_equal(names[i], names[j]);
	}
	assert_string_equal(ol_csv_strerror(-1), "unknown error");
	assert_string_equal(ol_csv_strerror(OL_CSV_ERR_STOPPED + 1),
	    "unknown error");
	assert_string_equal(ol_csv_strerror(OL_CSV_ERR_UTF8),
	    "invalid UTF-8");
}

static void
test_limits_default(void **state)
{
	struct ol_csv_limits	lim;

	(void)state;

	memset(&lim, 0, sizeof(lim));
	ol_csv_limits_default(&lim);
	assert_int_equal(lim.max_size, 10 * MIB);
	assert_int_equal(lim.max_records, 100000);
	assert_int_equal(lim.max_fields, 32);
	assert_int_equal(lim.max_field_len, 1024);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_last_record_unterminated),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_semicolon),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_wrong_field_count),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_quote_in_unquoted),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_limit_size),
		cmocka_unit_test(test_limit_records),
		cmocka_unit_test(test_limit_fields),
		cmocka_unit_test(test_limit_field_len),
		cmocka_unit_test(test_multibyte),
		cmocka_unit_test(test_spaces_kept),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_limits_default),
	};

	return (cmocka_run_group_tests_name("csv", tests, NULL, NULL));
}
