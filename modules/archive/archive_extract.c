/*
 * Extraction of an uploaded zip into an empty staging directory, with
 * every rule of archive.h enforced before or while anything is written:
 * the format is read by libarchive, the disk is written only here.
 *
 * Before libarchive sees a seekable file, its central directory is walked
 * once the way libarchive's seekable reader will walk it (cd_scan()): that
 * reader loads every record into memory before handing over the first
 * entry, one allocation each, and the end record's count does not bound
 * it; so an archive with more records than max_entries is refused first.
 * The walk also refuses a name with a NUL byte, which libarchive would
 * silently cut, and finds the empty archive that libarchive does not
 * recognise. A pipe is read by libarchive's streaming reader alone, which
 * only knows the local headers: there a symbolic link looks like a small
 * file and is written as one, holding the link's target, which is
 * harmless.
 *
 * Names reach libarchive's API in the multibyte encoding of the calling
 * thread's locale, so the extraction runs in a UTF-8 locale: the
 * thread's own when it is one (the server sets C.UTF-8), otherwise
 * C.UTF-8 for this thread only, with uselocale(). In a UTF-8 locale
 * libarchive hands names flagged UTF-8 over in NFC, and other names as
 * their bytes, which must then be valid UTF-8 too.
 *
 * Every byte unpacked is counted, written or not (the data of ignored
 * entries is read and dropped), against the per-entry and total limits,
 * before it is written. The compressed bytes an entry used are measured
 * on libarchive's input (archive_filter_bytes()); while the data comes,
 * that count may lag by what libarchive has taken but not yet counted, so
 * the ratio is checked with RATIO_SLACK more compressed bytes, and exactly
 * once the entry is complete. An entry whose first megabytes (past
 * OL_ARCHIVE_RATIO_MIN) are far more compressible than max_ratio is
 * therefore refused before its end, whatever comes after.
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <search.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive_entry.h>

/* libarchive's archive.h, not this module's: see archive.h. */
#include "/usr/include/archive.h"

#include "archive.h"

#define BLOCK		(64 * 1024)	/* bytes read and written at once */
#define RATIO_SLACK	(128 * 1024)	/* compressed bytes read but maybe
					   not yet counted */
#define SCAN_TAIL	(16 * 1024)	/* where libarchive looks for the
					   end of central directory record */
#define EOCD_LEN	22
#define CDH_LEN		46
#define EOCD64_LEN	56
#define EOCD64_MAX	16384

/* What a path is in the tree being extracted. */
#define KIND_FILE	1
#define KIND_DIR	2		/* named by a directory entry */
#define KIND_IMPLIED	3		/* only implied by a longer path */

struct name {
	const char	*path;
	size_t		 len;
	int		 kind;
};

struct xtract {
	struct archive			*a;
	int				 fd;		/* the zip */
	int				 dirfd;		/* the destination */
	struct ol_archive_limits	 lim;
	struct ol_archive_error		*err;
	unsigned char			*buf;		/* BLOCK bytes */
	void				*names;		/* tsearch() tree of
							   struct name */
	uint64_t			 entries;
	uint64_t			 dirs;
	uint64_t			 total;		/* bytes unpacked */

	/* The entry being extracted. */
	const char			*raw;		/* name as stored */
	size_t				 rawlen;
	char				 path[OL_ARCHIVE_PATH_MAX + 1];
	size_t				 pathlen;
};

static uint16_t	le16(const unsigned char *);
static uint32_t	le32(const unsigned char *);
static uint64_t	le64(const unsigned char *);
static ssize_t	read_at(int, void *, size_t, uint64_t);
static int	fail(struct xtract *, const char *);
static int	fail_num(struct xtract *, const char *, uint64_t);
static int	fail_disk(struct xtract *, int);
static int	zip64_cd(int, const unsigned char *, uint64_t, uint64_t *);
static int	cd_walk(struct xtract *, uint64_t, uint64_t *);
static int	cd_scan(struct xtract *, int *);
static int	name_cmp(const void *, const void *);
static int	name_new(struct xtract *, size_t, int);
static int	name_add(struct xtract *, int);
static int	ignored(const struct xtract *, int);
static int	open_parent(struct xtract *, char **);
static int	write_all(int, const unsigned char *, size_t);
static int	ratio_over(const struct xtract *, uint64_t, uint64_t);
static uint64_t	consumed(const struct xtract *, int64_t);
static int	copy_data(struct xtract *, int);
static int	make_dir(struct xtract *);
static int	make_file(struct xtract *);
static int	extract_entry(struct xtract *, struct archive_entry *);
static int	run(struct xtract *);
static int	dest_open(const char *, struct ol_archive_error *);
static int	locale_enter(locale_t *, locale_t *,
		    struct ol_archive_error *);
static void	locale_leave(locale_t, locale_t);

void
ol_archive_limits_default(struct ol_archive_limits *lim)
{
	lim->max_total = OL_ARCHIVE_MAX_TOTAL;
	lim->max_entries = OL_ARCHIVE_MAX_ENTRIES;
	lim->max_ratio = OL_ARCHIVE_MAX_RATIO;
	lim->max_entry_size = OL_ARCHIVE_MAX_ENTRY_SIZE;
}

static uint16_t
le16(const unsigned char *p)
{
	return ((uint16_t)(p[0] | (p[1] << 8)));
}

static uint32_t
le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	    ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24));
}

static uint64_t
le64(const unsigned char *p)
{
	return ((uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32));
}

/* Up to len bytes at off; fewer only at the end of the file. */
static ssize_t
read_at(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char	*p = buf;
	size_t		 done;
	ssize_t		 n;

	if (off > INT64_MAX || len > INT64_MAX - off)
		return (-1);

	for (done = 0; done < len; done += (size_t)n) {
		n = pread(fd, p + done, len - done, (off_t)(off + done));
		if (n == -1) {
			if (errno == EINTR) {
				n = 0;
				continue;
			}
			return (-1);
		}
		if (n == 0)
			break;
	}

	return ((ssize_t)done);
}

/* Refuses the archive for fmt, about the current entry. */
static int
fail(struct xtract *x, const char *fmt)
{
	ol_archive_error_set(x->err, fmt, x->raw, x->rawlen);
	return (-1);
}

static int
fail_num(struct xtract *x, const char *fmt, uint64_t v)
{
	char		num[32];
	int		n;

	n = snprintf(num, sizeof(num), "%" PRIu64, v);
	if (n < 0 || (size_t)n >= sizeof(num))
		n = 0;
	ol_archive_error_set(x->err, fmt, num, (size_t)n);

	return (-1);
}

/* A failed write, mkdir or open in the destination, errno e. */
static int
fail_disk(struct xtract *x, int e)
{
	if (e == ENOSPC || e == EDQUOT || e == EFBIG)
		return (fail(x, N_("no space left on the disk while writing "
		    "\"%s\"")));
	if (e == ENOMEM)
		return (fail(x, N_("out of memory")));

	return (fail(x, N_("\"%s\" could not be written")));
}

/*
 * The Zip64 end of central directory locator at p, checked as
 * libarchive checks it; 0 with the central directory's offset in *cd.
 */
static int
zip64_cd(int fd, const unsigned char *p, uint64_t size, uint64_t *cd)
{
	unsigned char	rec[EOCD64_LEN];
	uint64_t	off, len;

	if (le32(p + 4) != 0 || le32(p + 16) != 1)
		return (-1);
	off = le64(p + 8);
	if (off > size || size - off < EOCD64_LEN)
		return (-1);
	if (read_at(fd, rec, sizeof(rec), off) != (ssize_t)sizeof(rec))
		return (-1);
	len = le64(rec + 4);
	if (len > EOCD64_MAX || len + 12 < EOCD64_LEN ||
	    len + 12 > EOCD64_MAX || len + 12 > size - off)
		return (-1);
	if (le32(rec + 16) != 0 || le32(rec + 20) != 0 ||
	    le64(rec + 24) != le64(rec + 32))
		return (-1);
	*cd = le64(rec + 48);

	return (0);
}

/*
 * Walks the central directory records from the first record signature
 * at or after start, as libarchive does, up to the end record, counting
 * them in *count; 0 to go on (also where libarchive would fail: that is
 * left to it), -1 refused.
 */
static int
cd_walk(struct xtract *x, uint64_t start, uint64_t *count)
{
	unsigned char	*b = x->buf, h[CDH_LEN];
	uint64_t	 pos;
	size_t		 i, nlen;
	ssize_t		 n;

	for (pos = start;;) {
		n = read_at(x->fd, b, BLOCK, pos);
		if (n < 4)
			return (0);
		for (i = 0; i + 4 <= (size_t)n; i++) {
			if (b[i] == 'P' && b[i + 1] == 'K' &&
			    ((b[i + 2] == 1 && b[i + 3] == 2) ||
			    (b[i + 2] == 5 && b[i + 3] == 6) ||
			    (b[i + 2] == 6 && b[i + 3] == 6)))
				break;
		}
		if (i + 4 <= (size_t)n) {
			pos += i;
			break;
		}
		pos += (size_t)n - 3;
	}

	for (;;) {
		n = read_at(x->fd, h, sizeof(h), pos);
		if (n < 4 || memcmp(h, "PK\005\006", 4) == 0 ||
		    memcmp(h, "PK\006\006", 4) == 0)
			return (0);
		if (memcmp(h, "PK\001\002", 4) != 0 || n != CDH_LEN)
			return (0);
		if ((*count)++ >= x->lim.max_entries)
			return (fail_num(x, N_("the archive has more than %s "
			    "entries"), x->lim.max_entries));
		nlen = le16(h + 28);
		if (read_at(x->fd, b, nlen, pos + CDH_LEN) != (ssize_t)nlen)
			return (0);
		if (memchr(b, '\0', nlen) != NULL) {
			ol_archive_error_set(x->err, N_("\"%s\": the name "
			    "contains a NUL byte"), (const char *)b, nlen);
			return (-1);
		}
		pos += CDH_LEN + nlen + le16(h + 30) + le16(h + 32);
	}
}

/*
 * Checks the central directory of a seekable zip as libarchive's
 * seekable reader will read it (see the top of this file): 0 to go on,
 * with *empty set when it holds no record; -1 refused. Where libarchive
 * would not read it the seekable way, nothing is said. Versions of
 * libarchive start the walk at the offset the end record gives, or at
 * the end record less the size it gives (files with data before the
 * zip): both are walked when they differ.
 */
static int
cd_scan(struct xtract *x, int *empty)
{
	struct stat	 st;
	unsigned char	*b = x->buf;
	const unsigned char *p;
	uint64_t	 size, tail, eocd, start[2], count, total;
	size_t		 i, n, walked;
	int		 found;

	*empty = 0;
	if (fstat(x->fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size < EOCD_LEN)
		return (0);
	size = (uint64_t)st.st_size;

	/* The last end record in the tail of the file. */
	tail = size < SCAN_TAIL ? size : SCAN_TAIL;
	if (read_at(x->fd, b, (size_t)tail, size - tail) != (ssize_t)tail)
		return (0);
	found = 0;
	for (i = (size_t)tail - EOCD_LEN + 1; i-- > 0; ) {
		if (memcmp(b + i, "PK\005\006", 4) == 0) {
			found = 1;
			break;
		}
	}
	if (!found)
		return (0);
	p = b + i;
	eocd = size - tail + i;

	n = 0;
	if (le16(p + 4) == 0 && le16(p + 6) == 0 &&
	    le16(p + 8) == le16(p + 10) &&
	    (uint64_t)le32(p + 16) + le32(p + 12) <= eocd) {
		start[n++] = le32(p + 16);
		if (eocd - le32(p + 12) != start[0])
			start[n++] = eocd - le32(p + 12);
	}
	if (i >= 20 && memcmp(p - 20, "PK\006\007", 4) == 0 &&
	    zip64_cd(x->fd, p - 20, size, &start[0]) == 0)
		n = 1;

	for (walked = 0, total = 0, i = 0; i < n; i++) {
		if (start[i] >= size)
			continue;
		count = 0;
		if (cd_walk(x, start[i], &count) == -1)
			return (-1);
		total += count;
		walked++;
	}
	*empty = (walked > 0 && total == 0);

	return (0);
}

static int
name_cmp(const void *a, const void *b)
{
	const struct name	*x = a, *y = b;
	size_t			 n;
	int			 c;

	n = x->len < y->len ? x->len : y->len;
	if ((c = memcmp(x->path, y->path, n)) != 0)
		return (c);
	if (x->len == y->len)
		return (0);

	return (x->len < y->len ? -1 : 1);
}

/* Records the first len bytes of the current path as kind. */
static int
name_new(struct xtract *x, size_t len, int kind)
{
	struct name	*n;
	char		*s;

	if (kind != KIND_FILE && x->dirs++ >= x->lim.max_entries)
		return (fail_num(x, N_("the archive makes more than %s "
		    "folders"), x->lim.max_entries));

	if ((n = malloc(sizeof(*n) + len + 1)) == NULL)
		return (fail(x, N_("out of memory")));
	s = (char *)(n + 1);
	memcpy(s, x->path, len);
	s[len] = '\0';
	n->path = s;
	n->len = len;
	n->kind = kind;
	if (tsearch(n, &x->names, name_cmp) == NULL) {
		free(n);
		return (fail(x, N_("out of memory")));
	}

	return (0);
}

/*
 * Records the current path, and the folders it goes through, refusing a
 * name seen before (the same after normalisation) and a name that is
 * both a file and a folder.
 */
static int
name_add(struct xtract *x, int kind)
{
	struct name	key, **found;
	size_t		i;

	key.path = x->path;
	for (i = 0; i < x->pathlen; i++) {
		if (x->path[i] != '/')
			continue;
		key.len = i;
		found = tfind(&key, &x->names, name_cmp);
		if (found == NULL) {
			if (name_new(x, i, KIND_IMPLIED) == -1)
				return (-1);
		} else if ((*found)->kind == KIND_FILE)
			return (fail(x, N_("\"%s\": a file and a folder have "
			    "the same name")));
	}

	key.len = x->pathlen;
	found = tfind(&key, &x->names, name_cmp);
	if (found == NULL)
		return (name_new(x, x->pathlen, kind));
	if (kind == KIND_DIR && (*found)->kind == KIND_IMPLIED) {
		(*found)->kind = KIND_DIR;
		return (0);
	}
	if ((kind == KIND_FILE) != ((*found)->kind == KIND_FILE))
		return (fail(x, N_("\"%s\": a file and a folder have the "
		    "same name")));

	return (fail(x, N_("\"%s\": another entry has the same name")));
}

/*
 * Mac clutter: __MACOSX/ and all in it; files named ._* (AppleDouble) or
 * .DS_Store, in any folder. A folder of such a name is kept.
 */
static int
ignored(const struct xtract *x, int kind)
{
	const char	*last;

	if (strncmp(x->path, "__MACOSX", 8) == 0 &&
	    (x->path[8] == '\0' || x->path[8] == '/'))
		return (1);
	if (kind != KIND_FILE)
		return (0);

	last = strrchr(x->path, '/');
	last = last == NULL ? x->path : last + 1;

	return (strcmp(last, ".DS_Store") == 0 || strncmp(last, "._", 2) == 0);
}

/*
 * Makes the folders of the current path, walking down from the
 * destination one folder at a time, never following a link. Returns a
 * descriptor of the last folder (the destination's own for a name
 * without '/': not to be closed) and points *last at the last segment.
 */
static int
open_parent(struct xtract *x, char **last)
{
	char		*seg, *slash;
	int		 fd, nfd, saved;

	fd = x->dirfd;
	for (seg = x->path; (slash = strchr(seg, '/')) != NULL;
	    seg = slash + 1) {
		*slash = '\0';
		nfd = -1;
		if (mkdirat(fd, seg, 0755) == 0 || errno == EEXIST)
			nfd = openat(fd, seg, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		saved = errno;
		*slash = '/';
		if (fd != x->dirfd)
			(void)close(fd);
		if (nfd == -1) {
			errno = saved;
			return (-1);
		}
		fd = nfd;
	}
	*last = seg;

	return (fd);
}

static int
write_all(int fd, const unsigned char *p, size_t len)
{
	ssize_t		n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (n == 0) {
			errno = ENOSPC;
			return (-1);
		}
		p += n;
		len -= (size_t)n;
	}

	return (0);
}

/* Whether unpacked bytes from packed ones exceed max_ratio. */
static int
ratio_over(const struct xtract *x, uint64_t unpacked, uint64_t packed)
{
	if (x->lim.max_ratio == 0)
		return (1);
	if (packed > UINT64_MAX / x->lim.max_ratio)
		return (0);

	return (unpacked > packed * x->lim.max_ratio);
}

/* Compressed bytes libarchive has taken since start. */
static uint64_t
consumed(const struct xtract *x, int64_t start)
{
	int64_t		now;

	now = archive_filter_bytes(x->a, 0);

	return (now > start ? (uint64_t)(now - start) : 0);
}

/*
 * Reads the data of the current entry in BLOCK bytes at a time and
 * writes it to fd, or drops it when fd is -1, counting every byte
 * against the limits before it is written.
 */
static int
copy_data(struct xtract *x, int fd)
{
	uint64_t	written;
	int64_t		start;
	ssize_t		n;

	start = archive_filter_bytes(x->a, 0);
	for (written = 0;;) {
		n = archive_read_data(x->a, x->buf, BLOCK);
		if (n == 0)
			break;
		if (n < 0)
			return (fail(x, N_("the archive is damaged (at "
			    "\"%s\")")));
		if ((uint64_t)n > x->lim.max_entry_size - written)
			return (fail(x, N_("\"%s\" is larger than the limit "
			    "for one file")));
		if ((uint64_t)n > x->lim.max_total - x->total)
			return (fail(x, N_("the archive unpacks to more than "
			    "the limit (at \"%s\")")));
		written += (uint64_t)n;
		x->total += (uint64_t)n;
		if (written > OL_ARCHIVE_RATIO_MIN && ratio_over(x, written,
		    consumed(x, start) + RATIO_SLACK))
			return (fail(x, N_("\"%s\" is compressed too well to "
			    "be a real file (a zip bomb?)")));
		if (fd != -1 && write_all(fd, x->buf, (size_t)n) == -1)
			return (fail_disk(x, errno));
	}
	if (written > OL_ARCHIVE_RATIO_MIN &&
	    ratio_over(x, written, consumed(x, start)))
		return (fail(x, N_("\"%s\" is compressed too well to be a "
		    "real file (a zip bomb?)")));

	return (0);
}

static int
make_dir(struct xtract *x)
{
	char		*last;
	int		 fd, rc;

	if ((fd = open_parent(x, &last)) == -1)
		return (fail_disk(x, errno));
	rc = 0;
	if (mkdirat(fd, last, 0755) == -1 && errno != EEXIST)
		rc = fail_disk(x, errno);
	if (fd != x->dirfd)
		(void)close(fd);
	if (rc == -1)
		return (-1);

	/* A folder's data, if any, is read and dropped. */
	return (copy_data(x, -1));
}

static int
make_file(struct xtract *x)
{
	char		*last;
	int		 dfd, fd, rc;

	if ((dfd = open_parent(x, &last)) == -1)
		return (fail_disk(x, errno));
	fd = openat(dfd, last, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644);
	if (fd == -1)
		rc = fail_disk(x, errno);
	else {
		rc = copy_data(x, fd);
		if (close(fd) == -1 && rc == 0)
			rc = fail_disk(x, errno);
	}
	if (dfd != x->dirfd)
		(void)close(dfd);

	return (rc);
}

static int
extract_entry(struct xtract *x, struct archive_entry *e)
{
	const char	*name;
	int64_t		 size;
	int		 kind;
	mode_t		 type;

	x->raw = NULL;
	x->rawlen = 0;
	if ((name = archive_entry_pathname(e)) == NULL)
		return (fail_num(x, N_("the name of entry number %s is not "
		    "valid UTF-8"), x->entries));
	x->raw = name;
	x->rawlen = strlen(name);

	if (ol_archive_path_normalize(name, x->rawlen, x->path,
	    sizeof(x->path), x->err) == -1)
		return (-1);
	x->pathlen = strlen(x->path);

	type = archive_entry_filetype(e);
	if (type == AE_IFLNK || archive_entry_symlink(e) != NULL)
		return (fail(x, N_("\"%s\" is a symbolic link")));
	if (archive_entry_hardlink(e) != NULL)
		return (fail(x, N_("\"%s\" is a hard link")));
	if (type != AE_IFREG && type != AE_IFDIR)
		return (fail(x, N_("\"%s\" is not a regular file or a "
		    "folder")));
	if (archive_entry_is_encrypted(e))
		return (fail(x, N_("\"%s\" is encrypted")));
	kind = type == AE_IFDIR ? KIND_DIR : KIND_FILE;

	if (x->pathlen == 0) {
		if (kind == KIND_FILE)
			return (fail(x, N_("\"%s\": the name has no file "
			    "name in it")));
		/* "./": the destination itself. */
		return (copy_data(x, -1));
	}
	if (ignored(x, kind))
		return (copy_data(x, -1));

	if (name_add(x, kind) == -1)
		return (-1);
	if (kind == KIND_DIR)
		return (make_dir(x));

	/* What the entry claims is only believed when it is too much. */
	if (archive_entry_size_is_set(e) &&
	    (size = archive_entry_size(e)) > 0) {
		if ((uint64_t)size > x->lim.max_entry_size)
			return (fail(x, N_("\"%s\" is larger than the limit "
			    "for one file")));
		if ((uint64_t)size > x->lim.max_total - x->total)
			return (fail(x, N_("the archive unpacks to more than "
			    "the limit (at \"%s\")")));
	}

	return (make_file(x));
}

static int
run(struct xtract *x)
{
	struct archive_entry	*e;
	int			 r, empty;

	if (cd_scan(x, &empty) == -1)
		return (-1);
	if (empty)
		return (fail(x, N_("the archive is empty")));
	if (lseek(x->fd, 0, SEEK_SET) == -1 && errno != ESPIPE)
		return (fail(x, N_("the archive could not be read")));

	if ((x->a = archive_read_new()) == NULL)
		return (fail(x, N_("out of memory")));
	if (archive_read_support_format_zip(x->a) != ARCHIVE_OK)
		return (fail(x, N_("out of memory")));
	if (archive_read_open_fd(x->a, x->fd, BLOCK) != ARCHIVE_OK) {
		if (archive_errno(x->a) == ENOMEM)
			return (fail(x, N_("out of memory")));
		return (fail(x, N_("not a zip archive")));
	}

	for (;;) {
		x->raw = NULL;
		x->rawlen = 0;
		r = archive_read_next_header(x->a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (x->entries++ >= x->lim.max_entries)
			return (fail_num(x, N_("the archive has more than %s "
			    "entries"), x->lim.max_entries));
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			if (x->entries == 1)
				return (fail(x, N_("the archive is damaged")));
			return (fail_num(x, N_("the archive is damaged (at "
			    "entry number %s)"), x->entries));
		}
		if (extract_entry(x, e) == -1)
			return (-1);
	}
	if (x->entries == 0)
		return (fail(x, N_("the archive is empty")));

	return (0);
}

/* The destination, which must be an empty directory (not a link). */
static int
dest_open(const char *dest, struct ol_archive_error *err)
{
	DIR		*dir;
	struct dirent	*de;
	int		 fd, dfd, empty;

	fd = open(dest, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		ol_archive_error_set(err, N_("the destination folder could "
		    "not be opened"), NULL, 0);
		return (-1);
	}

	empty = 0;
	if ((dfd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) != -1) {
		if ((dir = fdopendir(dfd)) == NULL)
			(void)close(dfd);
		else {
			empty = 1;
			while ((de = readdir(dir)) != NULL) {
				if (strcmp(de->d_name, ".") != 0 &&
				    strcmp(de->d_name, "..") != 0) {
					empty = 0;
					break;
				}
			}
			(void)closedir(dir);
		}
	}
	if (!empty) {
		(void)close(fd);
		ol_archive_error_set(err, N_("the destination folder is not "
		    "empty"), NULL, 0);
		return (-1);
	}

	return (fd);
}

/* Puts this thread in a UTF-8 locale if it is not in one (see above). */
static int
locale_enter(locale_t *loc, locale_t *old, struct ol_archive_error *err)
{
	*loc = (locale_t)0;
	*old = (locale_t)0;
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return (0);

	*loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (*loc == (locale_t)0) {
		ol_archive_error_set(err, N_("no UTF-8 locale to read the "
		    "names of the archive with"), NULL, 0);
		return (-1);
	}
	*old = uselocale(*loc);

	return (0);
}

static void
locale_leave(locale_t loc, locale_t old)
{
	if (loc == (locale_t)0)
		return;
	(void)uselocale(old);
	freelocale(loc);
}

/*
 * Extracts the zip read from fd (from its start when it is a file, which
 * is then read in the seekable way; a pipe is read as it comes) into
 * dest; fd is left open. See ol_archive_extract().
 */
int
ol_archive_extract_fd(int fd, const char *dest,
    const struct ol_archive_limits *lim, struct ol_archive_error *err)
{
	struct xtract	x;
	locale_t	loc, old;
	int		rc;

	if (err != NULL) {
		err->fmt = NULL;
		err->arg[0] = '\0';
	}

	memset(&x, 0, sizeof(x));
	x.fd = fd;
	x.err = err;
	if (lim != NULL)
		x.lim = *lim;
	else
		ol_archive_limits_default(&x.lim);

	if ((x.dirfd = dest_open(dest, err)) == -1)
		return (-1);
	if ((x.buf = malloc(BLOCK)) == NULL) {
		(void)close(x.dirfd);
		ol_archive_error_set(err, N_("out of memory"), NULL, 0);
		return (-1);
	}
	if (locale_enter(&loc, &old, err) == -1) {
		free(x.buf);
		(void)close(x.dirfd);
		return (-1);
	}

	rc = run(&x);

	if (x.a != NULL)
		(void)archive_read_free(x.a);
	locale_leave(loc, old);
	tdestroy(x.names, free);
	free(x.buf);
	(void)close(x.dirfd);

	return (rc);
}

/*
 * Extracts the zip at path into dest, an existing empty directory: 0, or
 * -1 refused with err filled. On -1 dest may hold part of the files: the
 * caller removes it with ol_archive_rmtree().
 */
int
ol_archive_extract(const char *path, const char *dest,
    const struct ol_archive_limits *lim, struct ol_archive_error *err)
{
	int		fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (err != NULL)
			ol_archive_error_set(err, N_("the archive could not "
			    "be opened"), NULL, 0);
		return (-1);
	}
	rc = ol_archive_extract_fd(fd, dest, lim, err);
	(void)close(fd);

	return (rc);
}
