/*
 * Names of zip entries: the checks and the normalisation that decide
 * where an entry may go under the destination, and the errors that name
 * an entry back to the user. Kept apart from the extraction so that the
 * importer can resolve a manifest's href exactly as the files were
 * written (ol_archive_path_normalize()).
 *
 * The order matters: the name must be UTF-8 before it can be put in NFC,
 * and the characters and segments are checked on the NFC form, which is
 * the one written to disk (a canonical decomposition can turn a
 * non-ASCII character into an ASCII one: U+212A KELVIN SIGN is "K").
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "archive.h"
#include "utf8.h"

static const char	hexdigits[] = "0123456789abcdef";

static size_t	printable(const char *, size_t, char *, size_t);
static int	check_chars(const char *, size_t, const char **);
static int	join_segments(const char *, size_t, char *, size_t,
		    const char **);

/*
 * Copies len bytes of s into out (size bytes, NUL included) so that they
 * can be shown: valid UTF-8 is kept, except control characters, and any
 * other byte is written as \xNN. When it does not fit, the copy is cut
 * at a character and ends with "...". Returns the length written.
 */
static size_t
printable(const char *s, size_t len, char *out, size_t size)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, o, n, need, reserve;
	int			 esc;

	if (size == 0)
		return (0);

	for (i = 0, o = 0; i < len; i += n) {
		n = ol_utf8_seqlen(u + i, len - i);
		esc = (n == 0 || u[i] < 0x20 || u[i] == 0x7f ||
		    (n == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0));
		if (n == 0)
			n = 1;
		need = esc ? 4 * n : n;
		/* Room for "..." after it, unless it is the last one. */
		reserve = i + n < len ? 3 : 0;
		if (need + reserve > size - 1 - o) {
			if (size - 1 - o >= 3) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (esc) {
			for (; n > 0; n--, i++) {
				out[o++] = '\\';
				out[o++] = 'x';
				out[o++] = hexdigits[u[i] >> 4];
				out[o++] = hexdigits[u[i] & 0x0f];
			}
		} else {
			memcpy(out + o, s + i, n);
			o += n;
		}
	}
	out[o] = '\0';

	return (o);
}

void
ol_archive_error_set(struct ol_archive_error *err, const char *fmt,
    const char *arg, size_t len)
{
	if (err == NULL)
		return;
	err->fmt = fmt;
	err->arg[0] = '\0';
	if (arg != NULL)
		(void)printable(arg, len, err->arg, sizeof(err->arg));
}

/*
 * The message with its argument put in place of the first "%s", and "%%"
 * made "%"; any other '%' is copied as it is (the format, translated, is
 * never handed to printf). Cut to fit len, at a UTF-8 character.
 */
void
ol_archive_error_format(const struct ol_archive_error *err,
    const char *(*translate)(const char *), char *buf, size_t len)
{
	const char	*fmt, *t;
	size_t		 o, n, i;
	int		 used;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (err == NULL || err->fmt == NULL)
		return;

	fmt = err->fmt;
	if (translate != NULL && (t = translate(fmt)) != NULL)
		fmt = t;

	used = 0;
	for (o = 0, i = 0; fmt[i] != '\0' && o < len - 1; ) {
		if (fmt[i] == '%' && fmt[i + 1] == '%') {
			buf[o++] = '%';
			i += 2;
		} else if (fmt[i] == '%' && fmt[i + 1] == 's' && !used) {
			used = 1;
			n = strnlen(err->arg, sizeof(err->arg));
			if (n > len - 1 - o)
				n = len - 1 - o;
			memcpy(buf + o, err->arg, n);
			o += n;
			i += 2;
		} else
			buf[o++] = fmt[i++];
	}
	buf[o] = '\0';

	/* A cut may have left half a character at the end. */
	buf[ol_utf8_valid_prefix(buf, o)] = '\0';
}

/*
 * Characters no name may hold, controls (C0, DEL, C1), and a leading
 * separator. The text is valid UTF-8. 0, or -1 with *why set.
 */
static int
check_chars(const char *s, size_t len, const char **why)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < len; i++) {
		/* A lead byte: the next one is there, in 0x80..0xbf. */
		if (u[i] < 0x20 || u[i] == 0x7f ||
		    (u[i] == 0xc2 && u[i + 1] < 0xa0)) {
			*why = N_("\"%s\": the name contains a control "
			    "character");
			return (-1);
		}
	}
	if (len > 0 && (s[0] == '/' || s[0] == '\\')) {
		*why = N_("\"%s\": the name is an absolute path");
		return (-1);
	}

	return (0);
}

/*
 * The segments of s, separated by '/' or '\\', joined by single '/'
 * without empty and "." segments, into out (size bytes, NUL included);
 * ".." is refused, and so is a drive letter ("C:") as the first segment.
 * 0, or -1 with *why set.
 */
static int
join_segments(const char *s, size_t len, char *out, size_t size,
    const char **why)
{
	size_t		i, start, n, o, sep, depth;

	o = 0;
	depth = 0;
	for (start = 0; start <= len; start = i + 1) {
		for (i = start; i < len && s[i] != '/' && s[i] != '\\'; i++)
			;
		n = i - start;
		if (n == 0 || (n == 1 && s[start] == '.'))
			continue;
		if (n == 2 && s[start] == '.' && s[start + 1] == '.') {
			*why = N_("\"%s\": the name contains \"..\"");
			return (-1);
		}
		if (depth == 0 && n >= 2 && s[start + 1] == ':' &&
		    ((s[start] >= 'A' && s[start] <= 'Z') ||
		    (s[start] >= 'a' && s[start] <= 'z'))) {
			*why = N_("\"%s\": the name starts with a drive "
			    "letter");
			return (-1);
		}
		sep = o > 0 ? 1 : 0;
		if (n > OL_ARCHIVE_SEGMENT_MAX ||
		    ++depth > OL_ARCHIVE_DEPTH_MAX ||
		    n + sep > OL_ARCHIVE_PATH_MAX - o ||
		    n + sep >= size - o) {
			*why = N_("\"%s\": the name is too long or has too "
			    "many folders");
			return (-1);
		}
		if (sep)
			out[o++] = '/';
		memcpy(out + o, s + start, n);
		o += n;
	}
	out[o] = '\0';

	return (0);
}

/*
 * Checks the name of an entry (len bytes, as stored in the archive) and
 * writes where it goes, relative to the destination, into out (size
 * bytes; OL_ARCHIVE_PATH_MAX + 1 always suffice): valid UTF-8 in NFC,
 * segments joined by one '/', no leading or trailing '/'. The result is
 * "" for a name of the destination itself ("." or "./"). 0, or -1 with
 * err set (the argument is the name as given, made printable).
 */
int
ol_archive_path_normalize(const char *name, size_t len, char *out,
    size_t size, struct ol_archive_error *err)
{
	const char	*why;
	uint8_t		*nfc;
	size_t		 nlen;
	int		 rc;

	if (size == 0) {
		ol_archive_error_set(err, N_("\"%s\": the name is too long "
		    "or has too many folders"), name, len);
		return (-1);
	}
	out[0] = '\0';

	if (len == 0) {
		ol_archive_error_set(err, N_("an entry has an empty name"),
		    NULL, 0);
		return (-1);
	}
	if (memchr(name, '\0', len) != NULL) {
		ol_archive_error_set(err, N_("\"%s\": the name contains a "
		    "NUL byte"), name, len);
		return (-1);
	}
	if (len > OL_ARCHIVE_NAME_MAX) {
		ol_archive_error_set(err, N_("\"%s\": the name is too long "
		    "or has too many folders"), name, len);
		return (-1);
	}
	if (!ol_utf8_valid(name, len)) {
		ol_archive_error_set(err, N_("\"%s\": the name is not valid "
		    "UTF-8"), name, len);
		return (-1);
	}

	nlen = 0;
	nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)name, len, NULL,
	    &nlen);
	if (nfc == NULL) {
		if (errno == ENOMEM)
			ol_archive_error_set(err, N_("out of memory"), NULL, 0);
		else
			ol_archive_error_set(err, N_("\"%s\": the name is not "
			    "valid UTF-8"), name, len);
		return (-1);
	}

	if (check_chars((const char *)nfc, nlen, &why) == -1 ||
	    join_segments((const char *)nfc, nlen, out, size, &why) == -1) {
		out[0] = '\0';
		ol_archive_error_set(err, why, name, len);
		rc = -1;
	} else
		rc = 0;
	free(nfc);

	return (rc);
}
