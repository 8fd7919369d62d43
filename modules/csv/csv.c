/*
 * CSV reader (RFC 4180) for bulk user imports.
 *
 * Accepted beyond the RFC: LF and a lone CR end a record as CRLF does; a
 * UTF-8 byte order mark at the very start is skipped; the separator is the
 * first unquoted ',' or ';' on the header line (',' when there is none).
 * A blank line (nothing between two line ends) is skipped but counted; a
 * line of spaces or of separators only is a record like any other.
 *
 * One loop, no recursion; every read is checked against the length. The
 * fields of the current record are copied into one buffer (so that ""
 * can become ") that grows as needed up to max_fields * (max_field_len +
 * 1) bytes and is reused for every record.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "utf8.h"

#define BOM		"\xEF\xBB\xBF"
#define BOM_LEN		3

struct parser {
	const char		*data;
	size_t			 len;
	size_t			 start;		/* past the BOM */
	struct ol_csv_limits	 lim;
	char			 sep;

	size_t			 pos;
	size_t			 line;

	/* The record being read. */
	char			*buf;
	size_t			 bufsize;
	size_t			 buflen;
	size_t			*offs;		/* field offsets in buf */
	size_t			*lens;
	const char		**ptrs;		/* for the callback */
	size_t			 slots;		/* entries in offs, lens, ptrs */
	size_t			 nfields;	/* fields seen, kept or not */
	size_t			 flen;		/* bytes kept of this field */
	int			 error;		/* first record-level error */
	size_t			 errfield;
};

static char	detect_sep(const char *, size_t, size_t);
static int	buf_reserve(struct parser *, size_t);
static int	slot_reserve(struct parser *);
static void	rec_error(struct parser *, int, size_t);
static int	field_begin(struct parser *);
static int	field_add(struct parser *, const char *, size_t);
static int	field_end(struct parser *);
static size_t	line_end_len(const struct parser *);
static int	read_quoted(struct parser *);
static int	read_unquoted(struct parser *);
static int	read_record(struct parser *);
static int	run(struct parser *, ol_csv_record_fn, void *,
		    struct ol_csv_error *);

void
ol_csv_limits_default(struct ol_csv_limits *lim)
{
	lim->max_size = OL_CSV_MAX_SIZE;
	lim->max_records = OL_CSV_MAX_RECORDS;
	lim->max_fields = OL_CSV_MAX_FIELDS;
	lim->max_field_len = OL_CSV_MAX_FIELD_LEN;
}

const char *
ol_csv_strerror(int code)
{
	switch (code) {
	case OL_CSV_OK:
		return ("ok");
	case OL_CSV_ERR_FIELDS:
		return ("wrong number of fields");
	case OL_CSV_ERR_UTF8:
		return ("invalid UTF-8");
	case OL_CSV_ERR_QUOTE:
		return ("misplaced or unterminated quote");
	case OL_CSV_ERR_FIELD_LONG:
		return ("field too long");
	case OL_CSV_ERR_TOO_MANY_FIELDS:
		return ("too many fields");
	case OL_CSV_ERR_EMPTY:
		return ("no header");
	case OL_CSV_ERR_TOO_LARGE:
		return ("document too large");
	case OL_CSV_ERR_TOO_MANY_RECORDS:
		return ("too many records");
	case OL_CSV_ERR_NUL:
		return ("NUL byte");
	case OL_CSV_ERR_NOMEM:
		return ("out of memory");
	case OL_CSV_ERR_STOPPED:
		return ("stopped by the caller");
	default:
		return ("unknown error");
	}
}

/*
 * The first ',' or ';' outside quotes on the line starting at off. Quotes
 * are only counted, as the header is read properly afterwards.
 */
static char
detect_sep(const char *s, size_t len, size_t off)
{
	int		inq;

	for (inq = 0; off < len; off++) {
		if (s[off] == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (s[off] == ',' || s[off] == ';')
			return (s[off]);
		else if (s[off] == '\r' || s[off] == '\n')
			break;
	}

	return (',');
}

/* Room for n more bytes in buf. */
static int
buf_reserve(struct parser *p, size_t n)
{
	size_t		need, size;
	char		*nbuf;

	if (n > SIZE_MAX - p->buflen)
		return (OL_CSV_ERR_NOMEM);
	need = p->buflen + n;
	if (need <= p->bufsize)
		return (OL_CSV_OK);

	size = p->bufsize > 0 ? p->bufsize : 256;
	while (size < need) {
		if (size > SIZE_MAX / 2)
			return (OL_CSV_ERR_NOMEM);
		size *= 2;
	}

	if ((nbuf = realloc(p->buf, size)) == NULL)
		return (OL_CSV_ERR_NOMEM);
	p->buf = nbuf;
	p->bufsize = size;

	return (OL_CSV_OK);
}

/* A slot for field p->nfields, which is below max_fields. */
static int
slot_reserve(struct parser *p)
{
	size_t		n;
	void		*np;

	if (p->nfields < p->slots)
		return (OL_CSV_OK);

	n = p->slots > 0 ? p->slots * 2 : 8;
	if (n > p->lim.max_fields)
		n = p->lim.max_fields;
	if (n > SIZE_MAX / sizeof(size_t) || n > SIZE_MAX / sizeof(char *))
		return (OL_CSV_ERR_NOMEM);

	if ((np = realloc(p->offs, n * sizeof(size_t))) == NULL)
		return (OL_CSV_ERR_NOMEM);
	p->offs = np;
	if ((np = realloc(p->lens, n * sizeof(size_t))) == NULL)
		return (OL_CSV_ERR_NOMEM);
	p->lens = np;
	if ((np = realloc(p->ptrs, n * sizeof(char *))) == NULL)
		return (OL_CSV_ERR_NOMEM);
	p->ptrs = np;
	p->slots = n;

	return (OL_CSV_OK);
}

/* Keeps the first error of the record. */
static void
rec_error(struct parser *p, int code, size_t field)
{
	if (p->error == OL_CSV_OK) {
		p->error = code;
		p->errfield = field;
	}
}

static int
field_begin(struct parser *p)
{
	p->flen = 0;
	if (p->nfields >= p->lim.max_fields) {
		rec_error(p, OL_CSV_ERR_TOO_MANY_FIELDS, p->nfields + 1);
		return (OL_CSV_OK);
	}
	if (slot_reserve(p) != OL_CSV_OK)
		return (OL_CSV_ERR_NOMEM);
	p->offs[p->nfields] = p->buflen;

	return (OL_CSV_OK);
}

/* Appends to the current field what fits in the limits. */
static int
field_add(struct parser *p, const char *s, size_t n)
{
	if (n == 0 || p->nfields >= p->lim.max_fields)
		return (OL_CSV_OK);

	if (n > p->lim.max_field_len - p->flen) {
		rec_error(p, OL_CSV_ERR_FIELD_LONG, p->nfields + 1);
		n = p->lim.max_field_len - p->flen;
	}
	if (n == 0)
		return (OL_CSV_OK);
	if (buf_reserve(p, n) != OL_CSV_OK)
		return (OL_CSV_ERR_NOMEM);
	memcpy(p->buf + p->buflen, s, n);
	p->buflen += n;
	p->flen += n;

	return (OL_CSV_OK);
}

static int
field_end(struct parser *p)
{
	const char	*f;

	if (p->nfields < p->lim.max_fields) {
		if (buf_reserve(p, 1) != OL_CSV_OK)
			return (OL_CSV_ERR_NOMEM);
		p->buf[p->buflen++] = '\0';
		p->lens[p->nfields] = p->flen;
		f = p->buf + p->offs[p->nfields];
		if (!ol_utf8_valid(f, p->flen))
			rec_error(p, OL_CSV_ERR_UTF8, p->nfields + 1);
	}
	p->nfields++;

	return (OL_CSV_OK);
}

/* Length of the line end at pos (CRLF, LF or CR), 0 if none. */
static size_t
line_end_len(const struct parser *p)
{
	if (p->pos >= p->len)
		return (0);
	if (p->data[p->pos] == '\n')
		return (1);
	if (p->data[p->pos] != '\r')
		return (0);
	if (p->pos + 1 < p->len && p->data[p->pos + 1] == '\n')
		return (2);

	return (1);
}

/*
 * A quoted field, pos on the opening quote. Ends past the closing quote,
 * or past what follows it up to the next separator or line end when that
 * is not empty (an error for the record, the text is kept).
 */
static int
read_quoted(struct parser *p)
{
	const char	*s;
	size_t		run, n;

	s = p->data;
	p->pos++;

	for (;;) {
		for (run = p->pos; run < p->len; run++) {
			if (s[run] == '"' || s[run] == '\0' ||
			    s[run] == '\r' || s[run] == '\n')
				break;
		}
		if (field_add(p, s + p->pos, run - p->pos) != OL_CSV_OK)
			return (OL_CSV_ERR_NOMEM);
		p->pos = run;

		if (p->pos >= p->len)
			return (OL_CSV_ERR_QUOTE);
		if (s[p->pos] == '\0')
			return (OL_CSV_ERR_NUL);

		if (s[p->pos] == '"') {
			if (p->pos + 1 < p->len && s[p->pos + 1] == '"') {
				if (field_add(p, "\"", 1) != OL_CSV_OK)
					return (OL_CSV_ERR_NOMEM);
				p->pos += 2;
				continue;
			}
			p->pos++;
			break;
		}

		/* A line break inside the quotes, kept as it is. */
		n = line_end_len(p);
		if (field_add(p, s + p->pos, n) != OL_CSV_OK)
			return (OL_CSV_ERR_NOMEM);
		p->pos += n;
		p->line++;
	}

	if (p->pos < p->len && s[p->pos] != p->sep && s[p->pos] != '\r' &&
	    s[p->pos] != '\n') {
		rec_error(p, OL_CSV_ERR_QUOTE, p->nfields + 1);
		return (read_unquoted(p));
	}

	return (OL_CSV_OK);
}

/*
 * An unquoted field, or the rest of a field after an error: up to the
 * next separator or line end. A quote in it is an error for the record
 * and is kept as text.
 */
static int
read_unquoted(struct parser *p)
{
	const char	*s;
	size_t		run;

	s = p->data;

	for (;;) {
		for (run = p->pos; run < p->len; run++) {
			if (s[run] == p->sep || s[run] == '"' ||
			    s[run] == '\0' || s[run] == '\r' || s[run] == '\n')
				break;
		}
		if (field_add(p, s + p->pos, run - p->pos) != OL_CSV_OK)
			return (OL_CSV_ERR_NOMEM);
		p->pos = run;

		if (p->pos >= p->len)
			return (OL_CSV_OK);
		if (s[p->pos] == '\0')
			return (OL_CSV_ERR_NUL);
		if (s[p->pos] != '"')
			return (OL_CSV_OK);

		rec_error(p, OL_CSV_ERR_QUOTE, p->nfields + 1);
		if (field_add(p, "\"", 1) != OL_CSV_OK)
			return (OL_CSV_ERR_NOMEM);
		p->pos++;
	}
}

/*
 * One record, pos on its first byte (not a line end). Ends past its line
 * end. Returns a document-level error or OL_CSV_OK; record-level errors
 * are in p->error.
 */
static int
read_record(struct parser *p)
{
	size_t		n;
	int		rc;

	p->buflen = 0;
	p->nfields = 0;
	p->error = OL_CSV_OK;
	p->errfield = 0;

	for (;;) {
		if ((rc = field_begin(p)) != OL_CSV_OK)
			return (rc);
		if (p->pos < p->len && p->data[p->pos] == '"')
			rc = read_quoted(p);
		else
			rc = read_unquoted(p);
		if (rc != OL_CSV_OK) {
			p->errfield = p->nfields + 1;
			return (rc);
		}
		if ((rc = field_end(p)) != OL_CSV_OK)
			return (rc);

		if (p->pos >= p->len)
			return (OL_CSV_OK);
		if (p->data[p->pos] == p->sep) {
			p->pos++;
			continue;
		}

		/* Only a line end stops a field otherwise. */
		n = line_end_len(p);
		p->pos += n;
		p->line++;
		return (OL_CSV_OK);
	}
}

/* One pass over the document; with cb NULL nothing is handed over. */
static int
run(struct parser *p, ol_csv_record_fn cb, void *arg,
    struct ol_csv_error *err)
{
	struct ol_csv_record	rec;
	size_t			i, n, header, line;
	int			rc;

	p->pos = p->start;
	p->line = 1;
	header = 0;

	for (n = 0;; n++) {
		/* Blank lines. */
		while ((i = line_end_len(p)) > 0) {
			p->pos += i;
			p->line++;
		}
		if (p->pos >= p->len)
			break;

		line = p->line;
		err->line = line;
		err->field = 0;
		if (n > 0 && n - 1 >= p->lim.max_records)
			return (OL_CSV_ERR_TOO_MANY_RECORDS);

		if ((rc = read_record(p)) != OL_CSV_OK) {
			err->field = p->errfield;
			return (rc);
		}

		if (n == 0) {
			if (p->error != OL_CSV_OK) {
				err->field = p->errfield;
				return (p->error);
			}
			header = p->nfields;
		} else if (p->nfields != header) {
			rec_error(p, OL_CSV_ERR_FIELDS, 0);
		}

		if (cb == NULL)
			continue;

		rec.line = line;
		rec.index = n;
		rec.nfields = p->nfields < p->lim.max_fields ?
		    p->nfields : p->lim.max_fields;
		for (i = 0; i < rec.nfields; i++)
			p->ptrs[i] = p->buf + p->offs[i];
		rec.fields = p->ptrs;
		rec.lens = p->lens;
		rec.error = p->error;
		rec.field = p->errfield;
		if (cb(&rec, arg) != 0)
			return (OL_CSV_ERR_STOPPED);
	}

	err->line = 0;
	err->field = 0;
	if (n == 0)
		return (OL_CSV_ERR_EMPTY);

	return (OL_CSV_OK);
}

/*
 * Reads data[0..len) and hands each record to cb (which may be NULL, to
 * check the document only). limits NULL means the defaults; err, which
 * may be NULL, gets the code returned and where it was found.
 */
int
ol_csv_parse(const char *data, size_t len, const struct ol_csv_limits *limits,
    ol_csv_record_fn cb, void *arg, struct ol_csv_error *err)
{
	struct parser		p;
	struct ol_csv_error	e;
	int			rc;

	memset(&p, 0, sizeof(p));
	memset(&e, 0, sizeof(e));

	if (limits != NULL)
		p.lim = *limits;
	else
		ol_csv_limits_default(&p.lim);

	if (data == NULL)
		len = 0;
	p.data = data;
	p.len = len;

	if (len > p.lim.max_size) {
		rc = OL_CSV_ERR_TOO_LARGE;
	} else {
		if (len >= BOM_LEN && memcmp(data, BOM, BOM_LEN) == 0)
			p.start = BOM_LEN;
		p.pos = p.start;
		while ((p.pos < len) &&
		    (data[p.pos] == '\r' || data[p.pos] == '\n'))
			p.pos++;
		p.sep = detect_sep(data, len, p.pos);

		/* Check first, then hand over: same records, same memory. */
		rc = run(&p, NULL, NULL, &e);
		if (rc == OL_CSV_OK && cb != NULL)
			rc = run(&p, cb, arg, &e);
	}

	free(p.buf);
	free(p.offs);
	free(p.lens);
	free(p.ptrs);

	if (rc == OL_CSV_OK) {
		e.line = 0;
		e.field = 0;
	}
	e.code = rc;
	if (err != NULL)
		*err = e;

	return (rc);
}
