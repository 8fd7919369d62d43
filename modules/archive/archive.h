/*
 * Safe extraction of the zip course packages (SCORM) that tenant admins
 * upload: the server unpacks them into a staging directory, then reads
 * imsmanifest.xml from there. The upload is hostile until proven
 * otherwise, so the whole archive is refused, with one reason naming the
 * entry, when any entry could write outside the directory (absolute
 * name, "..", a link), is not a plain file or directory, has a name that
 * is not clean UTF-8, collides with another after normalisation, or when
 * the archive unpacks to more than the limits allow (zip bombs are
 * stopped on the bytes really unpacked, as they come). Mac clutter
 * (__MACOSX/ and all in it, files named ._* or .DS_Store in any folder)
 * is left out without a word.
 *
 * libarchive reads the format; its disk writer is never used: every
 * directory and file is made here relative to the destination's own
 * directory descriptor, never following a symbolic link. No global state
 * (one extraction may run in each thread); memory does not grow with the
 * size of a file.
 *
 * Names: '\' is a separator like '/' (zips written on Windows use it;
 * libarchive's zip reader already turns it into '/'), and then the same
 * rules apply, so "..\x" and "C:\x" are refused like "../x" and "C:/x".
 * Refused: a leading separator, a drive letter ("C:"), ".." anywhere,
 * control characters (C0, DEL, C1), NUL, and bytes that are not UTF-8
 * (a name in CP437 without the UTF-8 flag is accepted only when its bytes
 * happen to be valid UTF-8). Empty and "." segments are dropped ("a//b",
 * "./a" are "a/b", "a"), and names are written in Unicode NFC, so an href
 * must be compared in NFC as well: ol_archive_path_normalize() does for
 * any name what extraction does.
 *
 * This header is named like libarchive's own: a file that needs both
 * includes libarchive's by its path ("/usr/include/archive.h").
 */

#ifndef OL_ARCHIVE_H
#define OL_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

/* Marks a message for translation; the app translates it when shown. */
#ifndef N_
#define N_(s)		(s)
#endif

/* Defaults of struct ol_archive_limits (ol_archive_limits_default()). */
#define OL_ARCHIVE_MAX_TOTAL		(2ULL * 1024 * 1024 * 1024)
#define OL_ARCHIVE_MAX_ENTRIES		20000
#define OL_ARCHIVE_MAX_RATIO		200
#define OL_ARCHIVE_MAX_ENTRY_SIZE	(1ULL * 1024 * 1024 * 1024)

/* The ratio is only checked for entries that unpack to more than this. */
#define OL_ARCHIVE_RATIO_MIN		(1024 * 1024)

/* Fixed limits on names: bytes of a name as stored, of the normalised
   path, of one segment, and segments in a path. */
#define OL_ARCHIVE_NAME_MAX		4096
#define OL_ARCHIVE_PATH_MAX		1024
#define OL_ARCHIVE_SEGMENT_MAX		255
#define OL_ARCHIVE_DEPTH_MAX		32

/* Longest argument of an error, in bytes with the NUL; longer is cut. */
#define OL_ARCHIVE_ARG_MAX		512

/*
 * Taken as given: 0 allows nothing, UINT64_MAX is no limit. NULL to the
 * extract functions means the defaults. Every byte unpacked counts, that
 * of the Mac clutter left out too. Directories made, whether an entry
 * names them or a file's path implies them, are also counted against
 * max_entries, separately.
 */
struct ol_archive_limits {
	uint64_t	max_total;	/* bytes unpacked over all entries
					   (default 2 GiB) */
	uint64_t	max_entries;	/* entries in the archive (default
					   20000) */
	uint64_t	max_ratio;	/* per entry: unpacked size / compressed
					   size (default 200), only checked
					   for entries above
					   OL_ARCHIVE_RATIO_MIN unpacked */
	uint64_t	max_entry_size;	/* bytes in one entry (default 1 GiB) */
};

/* Why an archive was refused. */
struct ol_archive_error {
	const char	*fmt;		/* a message marked N_("..."), printf
					   format with at most one %s; NULL
					   when there was no error */
	char		 arg[OL_ARCHIVE_ARG_MAX];
					/* the %s argument: usually the entry
					   name (made printable) */
};

/*
 * ol_archive_extract(path, dest, limits, err): extracts the zip at path
 * into dest, an existing empty directory (not a symbolic link): 0 on
 * success, -1 refused with err filled (err may be NULL). Files are made
 * 0644 and directories 0755, less the umask; nothing else of the entries
 * (times, owners, modes) is kept. On failure dest may hold partial files:
 * the caller removes dest with ol_archive_rmtree(). The calling thread's
 * locale is left as it was.
 *
 * ol_archive_extract_fd(fd, dest, limits, err): the same from a
 * descriptor the caller opened (and still owns): a regular file is read
 * from its start, with the central directory checked first; a pipe is
 * read as it comes (see archive_extract.c for what that cannot see).
 *
 * ol_archive_path_normalize(name, len, out, size, err): checks a name as
 * extraction does and writes, NUL-terminated, the path relative to the
 * destination where such an entry is written ("" for the destination
 * itself); OL_ARCHIVE_PATH_MAX + 1 bytes of out always suffice. 0, or -1
 * with err filled (err may be NULL) and out "".
 *
 * ol_archive_error_set(err, fmt, arg, len): fills err with fmt and the
 * len bytes of arg made printable (control characters and bytes that are
 * not UTF-8 as \xNN, cut with "..." to fit); arg may be NULL.
 *
 * ol_archive_error_format(err, translate, buf, len): the message in buf,
 * NUL-terminated and cut to fit at a UTF-8 character; translate may be
 * NULL or a function returning the translated format (gettext), NULL for
 * none. Only the first "%s" and "%%" are interpreted: the format never
 * reaches printf. "" when err is NULL or holds no error.
 *
 * ol_archive_rmtree(dir): removes dir and everything under it without
 * following symbolic links (a link is removed, never its target; dir
 * itself, when a link, is unlinked); 0, or -1 with errno set (ENOENT when
 * dir does not exist) after removing what it could.
 */

/*
 * ol_archive_usage(dir, bytes, files): the regular files under dir and
 * their bytes, without following links; 0, or -1 when dir cannot be read.
 */

/* archive_usage.c */
int	ol_archive_usage(const char *, uint64_t *, uint64_t *);

/* archive_extract.c */
void	ol_archive_limits_default(struct ol_archive_limits *);
int	ol_archive_extract(const char *, const char *,
	    const struct ol_archive_limits *, struct ol_archive_error *);
int	ol_archive_extract_fd(int, const char *,
	    const struct ol_archive_limits *, struct ol_archive_error *);

/* archive_name.c */
int	ol_archive_path_normalize(const char *, size_t, char *, size_t,
	    struct ol_archive_error *);
void	ol_archive_error_set(struct ol_archive_error *, const char *,
	    const char *, size_t);
void	ol_archive_error_format(const struct ol_archive_error *,
	    const char *(*)(const char *), char *, size_t);

/* archive_rmtree.c */
int	ol_archive_rmtree(const char *);

#endif
