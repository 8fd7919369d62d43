/*
 * CSV reader for the user lists that tenant admins upload to import users
 * in bulk: RFC 4180 plus what spreadsheet programs write (LF or lone CR
 * line ends, a UTF-8 byte order mark, ';' as the separator). It checks the
 * shape of the file and that it is UTF-8; what the columns mean, trimming
 * and the messages shown to the user are the caller's business.
 *
 * ol_csv_parse() reads the whole document twice with the same memory:
 * once to find document-level errors, then once more to hand each record
 * to the callback, so that when it returns a document-level error the
 * callback has not been called at all. The first record handed over is
 * the header (index 0); a record with a record-level error is handed over
 * too, with the error set, and reading goes on. Memory in use is
 * proportional to the largest record, never to the document.
 */

#ifndef OL_CSV_H
#define OL_CSV_H

#include <stddef.h>

/* Defaults of struct ol_csv_limits (ol_csv_limits_default()). */
#define OL_CSV_MAX_SIZE		(10 * 1024 * 1024)
#define OL_CSV_MAX_RECORDS	100000
#define OL_CSV_MAX_FIELDS	32
#define OL_CSV_MAX_FIELD_LEN	1024

/* Taken as given: 0 allows nothing. NULL to ol_csv_parse(): defaults. */
struct ol_csv_limits {
	size_t		max_size;	/* bytes in the document, BOM included */
	size_t		max_records;	/* records after the header */
	size_t		max_fields;	/* fields in one record */
	size_t		max_field_len;	/* bytes in one field's value */
};

/*
 * Error codes; the numbers are stable. Record-level codes go to the
 * callback (struct ol_csv_record.error) and reading goes on; every other
 * code stops ol_csv_parse(), which returns it. Any error in the header
 * stops too, as without a header no line can be read.
 */
enum ol_csv_code {
	OL_CSV_OK = 0,
	/* Record level (document level when in the header). */
	OL_CSV_ERR_FIELDS = 1,		/* field count differs from header */
	OL_CSV_ERR_UTF8 = 2,		/* a field is not valid UTF-8 */
	OL_CSV_ERR_QUOTE = 3,		/* '"' inside an unquoted field, or
					   text after a closing quote; also
					   document level: quote left open
					   at the end of the document */
	OL_CSV_ERR_FIELD_LONG = 4,	/* field longer than max_field_len */
	OL_CSV_ERR_TOO_MANY_FIELDS = 5,	/* more than max_fields fields */
	/* Document level. */
	OL_CSV_ERR_EMPTY = 6,		/* no header: nothing but blank lines */
	OL_CSV_ERR_TOO_LARGE = 7,	/* more than max_size bytes */
	OL_CSV_ERR_TOO_MANY_RECORDS = 8, /* more than max_records records */
	OL_CSV_ERR_NUL = 9,		/* a NUL byte: not a text file */
	OL_CSV_ERR_NOMEM = 10,		/* out of memory */
	OL_CSV_ERR_STOPPED = 11		/* the callback returned non-zero */
};

/*
 * One record as the callback sees it. Each field is a copy in memory the
 * parser owns, NUL-terminated (a field never holds a NUL byte) and valid
 * only until the callback returns. Quotes are removed and "" made one ";
 * line breaks inside quoted fields are kept as they were (CRLF, LF, CR);
 * spaces are kept everywhere. When error is set the fields are only fit
 * for showing the line back to the user: a field may be cut at
 * max_field_len (in the middle of a UTF-8 sequence), fields past
 * max_fields are left out (nfields is then max_fields), and the bytes may
 * not be valid UTF-8.
 */
struct ol_csv_record {
	size_t			 line;		/* physical line (1-based) the
						   record starts on */
	size_t			 index;		/* 0 header, 1.. data records */
	size_t			 nfields;
	const char *const	*fields;
	const size_t		*lens;
	int			 error;		/* OL_CSV_OK or a record-level
						   code */
	size_t			 field;		/* 1-based field the error is
						   in, 0 when the whole record
						   (OL_CSV_ERR_FIELDS) */
};

/* Return non-zero to stop: ol_csv_parse() then returns ERR_STOPPED. */
typedef int	(*ol_csv_record_fn)(const struct ol_csv_record *, void *);

/* What ol_csv_parse() returned, and where: line 0 means no line. */
struct ol_csv_error {
	int		code;
	size_t		line;
	size_t		field;
};

/* Where ol_csv_field() and ol_csv_record() write. */
typedef void	(*ol_csv_sink_fn)(void *, const void *, size_t);

/* A text cell: never read as a formula (see csv_write.c). */
#define OL_CSV_FIELD_TEXT	0x01

/* csv.c */
void		ol_csv_limits_default(struct ol_csv_limits *);
int		ol_csv_parse(const char *, size_t, const struct ol_csv_limits *,
		    ol_csv_record_fn, void *, struct ol_csv_error *);
const char	*ol_csv_strerror(int);

/* csv_write.c */
void		ol_csv_field(ol_csv_sink_fn, void *, const char *, size_t,
		    char, int);
void		ol_csv_record(ol_csv_sink_fn, void *, const char *const *,
		    const int *, size_t, char);

#endif
