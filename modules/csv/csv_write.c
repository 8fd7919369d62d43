/*
 * CSV writer for the report exports: RFC 4180 quoting with the separator
 * the reader's spreadsheet program expects (',' or ';', chosen by the
 * caller from the reader's language), and text cells that cannot be taken
 * for a formula: a value a learner typed, such as "=HYPERLINK(...)", would
 * otherwise run as one when the export is opened.
 */

#include <string.h>

#include "csv.h"

static int	csv_needs_quotes(const char *, size_t, char);

static int
csv_needs_quotes(const char *s, size_t len, char sep)
{
	size_t		i;

	for (i = 0; i < len; i++) {
		if (s[i] == sep || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n')
			return (1);
	}

	return (0);
}

/*
 * Writes one field (without the separator before it). With
 * OL_CSV_FIELD_TEXT, a value starting with = + - @ TAB or CR is written
 * after an apostrophe, which spreadsheet programs show as text.
 */
void
ol_csv_field(ol_csv_sink_fn sink, void *arg, const char *s, size_t len,
    char sep, int flags)
{
	size_t		i, start;
	int		quote;

	quote = csv_needs_quotes(s, len, sep);
	if (quote)
		sink(arg, "\"", 1);
	if ((flags & OL_CSV_FIELD_TEXT) && len > 0 && (s[0] == '=' ||
	    s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	    s[0] == '\r'))
		sink(arg, "'", 1);

	start = 0;
	for (i = 0; i < len; i++) {
		if (s[i] != '"')
			continue;
		sink(arg, s + start, i + 1 - start);
		sink(arg, "\"", 1);
		start = i + 1;
	}
	if (start < len)
		sink(arg, s + start, len - start);
	if (quote)
		sink(arg, "\"", 1);
}

/* Writes the fields of one record and its CRLF; flags[i] per field. */
void
ol_csv_record(ol_csv_sink_fn sink, void *arg, const char *const *fields,
    const int *flags, size_t n, char sep)
{
	size_t		i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			sink(arg, &sep, 1);
		ol_csv_field(sink, arg, fields[i], strlen(fields[i]), sep,
		    flags != NULL ? flags[i] : OL_CSV_FIELD_TEXT);
	}
	sink(arg, "\r\n", 2);
}
