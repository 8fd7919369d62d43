/*
 * libFuzzer harness for the CSV writer of modules/csv (the report
 * exports: names, titles and responses typed by learners). The first byte
 * picks the separator and which fields are text; the rest, split on NUL
 * bytes, are the fields of one record (valid UTF-8, as the database gives
 * them). The record is written after a header of as many fields, and read
 * back with the reader of modules/csv: the document is accepted, has the
 * two records, and every field reads back as written, a text field that a
 * spreadsheet would take for a formula (= + - @ TAB CR first) after an
 * apostrophe, so that no text field read back starts with one.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "utf8.h"
#include "fuzz.h"

#define FIELDS_MAX	32

struct want {
	const char	*fields[FIELDS_MAX];
	int		 flags[FIELDS_MAX];
	size_t		 n;
	size_t		 records;
};

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	formula(const char *, size_t);
static int	check(const struct ol_csv_record *, void *);

static int
formula(const char *s, size_t n)
{
	return (n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r'));
}

static int
check(const struct ol_csv_record *r, void *arg)
{
	struct want	*w = arg;
	size_t		 i, len, off;

	if (r->error != OL_CSV_OK || r->nfields != w->n || r->index > 1)
		abort();
	w->records++;
	if (r->index == 0)
		return (0);
	for (i = 0; i < w->n; i++) {
		len = strlen(w->fields[i]);
		off = 0;
		if ((w->flags[i] & OL_CSV_FIELD_TEXT) &&
		    formula(w->fields[i], len)) {
			if (r->lens[i] < 1 || r->fields[i][0] != '\'')
				abort();
			off = 1;
		}
		if (r->lens[i] != len + off ||
		    memcmp(r->fields[i] + off, w->fields[i], len) != 0)
			abort();
		if ((w->flags[i] & OL_CSV_FIELD_TEXT) &&
		    formula(r->fields[i], r->lens[i]))
			abort();
	}

	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	*header[FIELDS_MAX];
	struct ol_csv_limits	 lim;
	struct ol_csv_error	 err;
	struct want		 w;
	struct fuzz_out		 o;
	char			*copy, *p, *end, sep;
	size_t			 i;

	if (size < 1)
		return (0);
	sep = data[0] & 1 ? ';' : ',';

	/* The fields: the rest split on NUL, then one of our own, so that
	   the header line always shows its separator. */
	if ((copy = malloc(size)) == NULL)
		abort();
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	memset(&w, 0, sizeof(w));
	for (p = copy, end = copy + size - 1; w.n < FIELDS_MAX - 1; w.n++) {
		if (!ol_utf8_valid(p, strlen(p))) {
			free(copy);
			return (0);
		}
		w.fields[w.n] = p;
		w.flags[w.n] = (data[0] >> (1 + w.n % 7)) & 1 ?
		    OL_CSV_FIELD_TEXT : 0;
		p += strlen(p);
		if (p >= end) {
			w.n++;
			break;
		}
		p++;
	}
	w.fields[w.n] = "end";
	w.flags[w.n++] = OL_CSV_FIELD_TEXT;
	for (i = 0; i < w.n; i++)
		header[i] = "h";

	memset(&o, 0, sizeof(o));
	ol_csv_record(fuzz_sink, &o, header, NULL, w.n, sep);
	ol_csv_record(fuzz_sink, &o, w.fields, w.flags, w.n, sep);

	ol_csv_limits_default(&lim);
	lim.max_field_len = size + 2;
	lim.max_size = o.len;
	if (ol_csv_parse(o.data, o.len, &lim, check, &w, &err) != OL_CSV_OK ||
	    w.records != 2)
		abort();

	free(o.data);
	free(copy);

	return (0);
}
