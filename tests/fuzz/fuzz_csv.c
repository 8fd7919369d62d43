/*
 * libFuzzer harness for modules/csv, with small limits so that every
 * limit is reached. Whatever the input: records come in order with line
 * numbers that only grow and stay within the document; each field lies in
 * the parser's record block, NUL-terminated, within the limits, and valid
 * UTF-8 when the record has no error; a document-level error is returned
 * before any record is handed over. When the document is accepted, the
 * good records written back with every field quoted read back the same
 * (round trip) on the lines their line breaks put them on, the default
 * limits accept it too, and a callback that stops is obeyed.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "utf8.h"

struct out {
	char		*data;
	size_t		 len;
	size_t		 size;
};

struct ctx {
	const struct ol_csv_limits	*lim;
	size_t				 maxline;	/* lines in the input */
	size_t				 maxbytes;	/* bytes in the input */
	size_t				 calls;
	size_t				 errors;
	size_t				 last_line;
	size_t				 header;	/* header's field count */
	size_t				 stop_at;	/* 1-based call, 0 never */
	size_t				 next_line;	/* where the next record
							   starts, 0 unknown */
	struct out			*out;		/* good records, or NULL */
};

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	out_add(struct out *, const char *, size_t);
static void	serialise(struct out *, const struct ol_csv_record *);
static size_t	count_lines(const uint8_t *, size_t);
static int	check_record(const struct ol_csv_record *, void *);
static int	run(const uint8_t *, size_t, const struct ol_csv_limits *,
		    struct ctx *);

static void
out_add(struct out *o, const char *s, size_t n)
{
	char		*p;
	size_t		size;

	if (n > o->size - o->len) {
		size = o->size > 0 ? o->size : 256;
		while (size - o->len < n)
			size *= 2;
		if ((p = realloc(o->data, size)) == NULL)
			abort();
		o->data = p;
		o->size = size;
	}
	memcpy(o->data + o->len, s, n);
	o->len += n;
}

/* The record with every field quoted and quotes doubled, CRLF-ended. */
static void
serialise(struct out *o, const struct ol_csv_record *r)
{
	size_t		i, j;

	for (i = 0; i < r->nfields; i++) {
		if (i > 0)
			out_add(o, ",", 1);
		out_add(o, "\"", 1);
		for (j = 0; j < r->lens[i]; j++) {
			if (r->fields[i][j] == '"')
				out_add(o, "\"", 1);
			out_add(o, r->fields[i] + j, 1);
		}
		out_add(o, "\"", 1);
	}
	out_add(o, "\r\n", 2);
}

/* Physical lines, a line end being CRLF, LF or a lone CR. */
static size_t
count_lines(const uint8_t *s, size_t len)
{
	size_t		i, n;

	for (n = 1, i = 0; i < len; i++) {
		if (s[i] == '\n' ||
		    (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
			n++;
	}

	return (n);
}

static int
check_record(const struct ol_csv_record *r, void *arg)
{
	struct ctx	*c = arg;
	size_t		i, total;

	if (r->index != c->calls)
		abort();
	if (r->line <= c->last_line || r->line > c->maxline)
		abort();
	if (c->next_line != 0 && r->line != c->next_line)
		abort();
	c->last_line = r->line;
	c->calls++;

	if (r->nfields < 1 || r->nfields > c->lim->max_fields ||
	    r->fields == NULL || r->lens == NULL)
		abort();

	/* One block: each field right after the previous one's NUL. */
	total = 0;
	for (i = 0; i < r->nfields; i++) {
		if (r->fields[i] == NULL || r->lens[i] > c->lim->max_field_len)
			abort();
		if (i > 0 && r->fields[i] != r->fields[i - 1] +
		    r->lens[i - 1] + 1)
			abort();
		if (memchr(r->fields[i], '\0', r->lens[i]) != NULL ||
		    r->fields[i][r->lens[i]] != '\0')
			abort();
		total += r->lens[i];
		if (c->next_line != 0)
			c->next_line += count_lines((const uint8_t *)
			    r->fields[i], r->lens[i]) - 1;
	}
	if (c->next_line != 0)
		c->next_line++;
	/* Fields are made of input bytes, less quotes. */
	if (total > c->maxbytes)
		abort();

	if (r->index == 0) {
		if (r->error != OL_CSV_OK || r->field != 0)
			abort();
		c->header = r->nfields;
	}

	switch (r->error) {
	case OL_CSV_OK:
		if (r->field != 0 || r->nfields != c->header)
			abort();
		for (i = 0; i < r->nfields; i++) {
			if (!ol_utf8_valid(r->fields[i], r->lens[i]))
				abort();
		}
		if (c->out != NULL)
			serialise(c->out, r);
		break;
	case OL_CSV_ERR_FIELDS:
		if (r->field != 0 || r->nfields == c->header)
			abort();
		break;
	case OL_CSV_ERR_TOO_MANY_FIELDS:
		if (r->field != c->lim->max_fields + 1 ||
		    r->nfields != c->lim->max_fields)
			abort();
		break;
	case OL_CSV_ERR_UTF8:
		if (r->field < 1 || r->field > r->nfields ||
		    ol_utf8_valid(r->fields[r->field - 1],
		    r->lens[r->field - 1]))
			abort();
		break;
	case OL_CSV_ERR_FIELD_LONG:
		if (r->field < 1 || r->field > r->nfields ||
		    r->lens[r->field - 1] != c->lim->max_field_len)
			abort();
		break;
	case OL_CSV_ERR_QUOTE:
		if (r->field < 1 || r->field > r->nfields)
			abort();
		break;
	default:
		abort();
	}
	if (r->error != OL_CSV_OK)
		c->errors++;

	return (c->stop_at != 0 && c->calls == c->stop_at);
}

/* One parse with the checks common to all. */
static int
run(const uint8_t *data, size_t size, const struct ol_csv_limits *lim,
    struct ctx *c)
{
	struct ol_csv_error	err;
	int			rc;

	c->lim = lim;
	c->maxline = count_lines(data, size);
	c->maxbytes = size;
	c->calls = 0;
	c->errors = 0;
	c->last_line = 0;
	c->header = 0;

	rc = ol_csv_parse((const char *)data, size, lim, check_record, c,
	    &err);
	if (err.code != rc)
		abort();

	switch (rc) {
	case OL_CSV_OK:
		if (c->calls < 1 || c->calls - 1 > lim->max_records ||
		    err.line != 0 || err.field != 0)
			abort();
		break;
	case OL_CSV_ERR_STOPPED:
		if (c->calls != c->stop_at || err.line != c->last_line)
			abort();
		break;
	case OL_CSV_ERR_EMPTY:
	case OL_CSV_ERR_TOO_LARGE:
		if (c->calls != 0 || err.line != 0)
			abort();
		if (rc == OL_CSV_ERR_TOO_LARGE && size <= lim->max_size)
			abort();
		break;
	case OL_CSV_ERR_FIELDS:
	case OL_CSV_ERR_NOMEM:
		abort();
	default:
		/* Document level, or in the header: nothing handed over. */
		if (rc < 0 || rc > OL_CSV_ERR_STOPPED || c->calls != 0 ||
		    err.line < 1 || err.line > c->maxline)
			abort();
		break;
	}

	return (rc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ol_csv_limits	small, big, defaults;
	struct ctx		c;
	struct out		o1, o2;
	size_t			calls, good;
	int			rc;

	memset(&c, 0, sizeof(c));
	memset(&o1, 0, sizeof(o1));
	memset(&o2, 0, sizeof(o2));

	small.max_size = 2048;
	small.max_records = 16;
	small.max_fields = 6;
	small.max_field_len = 24;

	c.out = &o1;
	rc = run(data, size, &small, &c);
	calls = c.calls;
	good = c.calls - c.errors;
	c.out = NULL;

	if (rc == OL_CSV_OK) {
		/* Round trip: the good records, written back, read back. */
		big = small;
		big.max_size = o1.len;
		c.out = &o2;
		c.next_line = 1;
		if (run((const uint8_t *)o1.data, o1.len, &big, &c) !=
		    OL_CSV_OK || c.errors != 0 || c.calls != good)
			abort();
		if (o2.len != o1.len || memcmp(o1.data, o2.data, o1.len) != 0)
			abort();
		c.out = NULL;
		c.next_line = 0;

		/* What small limits accept, the defaults accept. */
		ol_csv_limits_default(&defaults);
		if (run(data, size, &defaults, &c) != OL_CSV_OK ||
		    c.calls != calls)
			abort();
	}

	/* A callback that stops is obeyed; document errors come first. */
	c.stop_at = 1 + size % 5;
	if (rc == OL_CSV_OK) {
		if (run(data, size, &small, &c) !=
		    (calls >= c.stop_at ? OL_CSV_ERR_STOPPED : OL_CSV_OK))
			abort();
	} else {
		if (run(data, size, &small, &c) != rc)
			abort();
	}

	free(o1.data);
	free(o2.data);

	return (0);
}
