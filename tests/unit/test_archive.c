/*
 * Unit tests for modules/archive: hostile zips built at run time with
 * libarchive's writer, and bytes patched where the writer will not go
 * (absolute names, NUL, bytes that are not UTF-8, device modes, lying
 * sizes), each refused with its reason and with nothing written outside
 * the destination (a sentinel folder next to it stays empty); zip bombs
 * stopped on the limits before they fill the disk; the Mac clutter left
 * out; a full disk reported as such; and every package of the shared
 * corpus (../shared/corpus/packages, read in place) extracted.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive_entry.h>

/* libarchive's archive.h, not the module's: see modules/archive/archive.h. */
#include "/usr/include/archive.h"

#include "archive.h"

#define CORPUS		"../shared/corpus/packages"
#define MIB		(1024 * 1024)

/* One entry for zip_write(). */
struct ent {
	const char	*name;
	mode_t		 type;		/* AE_IFREG when 0 */
	const char	*data;		/* NULL: size bytes of fill */
	uint64_t	 size;
	int		 fill;		/* FILL_* */
	const char	*link;		/* symbolic or hard link target */
	int		 store;		/* no compression */
};

#define FILL_ZERO	0
#define FILL_RANDOM	1
#define FILL_SPARSE	2		/* mostly zeros */

/* Per test: a folder with dest/ and sentinel/ side by side. */
struct fx {
	char		root[PATH_MAX];
	char		dest[PATH_MAX];
	char		sentinel[PATH_MAX];
	char		zip[PATH_MAX];
};

#define ENTS(...)	(const struct ent []){ __VA_ARGS__ }, \
			sizeof((const struct ent []){ __VA_ARGS__ }) / \
			sizeof(struct ent)

static int	xsnprintf(char *, size_t, const char *, ...);
static int	fx_setup(void **);
static int	fx_teardown(void **);
static void	fill(unsigned char *, size_t, int, uint64_t *);
static void	zip_write(const char *, const struct ent *, size_t);
static unsigned char *file_read(const char *, size_t *);
static void	file_write(const char *, const void *, size_t);
static void	file_patch(const char *, const char *, const char *, size_t);
static size_t	zip_cd(const unsigned char *, size_t, size_t *);
static void	zip_set_mode(const char *, const char *, unsigned int);
static void	zip_set_utf8(const char *);
static void	zip_set_usize(const char *, const char *, uint32_t);
static uint32_t	zip_csize(const char *, const char *);
static int	extract(struct fx *, const struct ol_archive_limits *,
		    struct ol_archive_error *);
static void	msg(const struct ol_archive_error *, char *, size_t);
static void	refused(struct fx *, const struct ol_archive_limits *,
		    const char *);
static void	reset(struct fx *);
static void	dir_empty(const char *);
static int	exists(const char *, const char *);
static off_t	size_of(const char *, const char *);
static size_t	tree_count(const char *, const char *);
static int	pipe_from(const char *, pid_t *);
static void	wait_child(pid_t);
static void	limits(struct ol_archive_limits *, uint64_t, uint64_t,
		    uint64_t, uint64_t);

/* snprintf() that must not cut. */
static int
xsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list		ap;
	int		n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < size);

	return (n);
}

static int
fx_setup(void **state)
{
	struct fx	*f;
	const char	*tmp;

	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	xsnprintf(f->root, sizeof(f->root), "%s/test_archive.XXXXXX", tmp);
	assert_non_null(mkdtemp(f->root));
	xsnprintf(f->dest, sizeof(f->dest), "%s/dest", f->root);
	xsnprintf(f->sentinel, sizeof(f->sentinel), "%s/sentinel", f->root);
	xsnprintf(f->zip, sizeof(f->zip), "%s/in.zip", f->root);
	assert_int_equal(mkdir(f->dest, 0755), 0);
	assert_int_equal(mkdir(f->sentinel, 0755), 0);
	*state = f;

	return (0);
}

static int
fx_teardown(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(ol_archive_rmtree(f->root), 0);
	assert_int_equal(access(f->root, F_OK), -1);
	free(f);

	return (0);
}

/* len bytes of kind fill, from the generator state *seed. */
static void
fill(unsigned char *p, size_t len, int kind, uint64_t *seed)
{
	size_t		i;

	for (i = 0; i < len; i++) {
		*seed ^= *seed << 13;
		*seed ^= *seed >> 7;
		*seed ^= *seed << 17;
		switch (kind) {
		case FILL_RANDOM:
			p[i] = (unsigned char)(*seed >> 32);
			break;
		case FILL_SPARSE:
			p[i] = (*seed >> 40) % 32 == 0 ?
			    (unsigned char)(*seed >> 24) : 0;
			break;
		default:
			p[i] = 0;
			break;
		}
	}
}

/* A zip of the entries, written by libarchive (deflate unless store). */
static void
zip_write(const char *path, const struct ent *ents, size_t n)
{
	struct archive		*a;
	struct archive_entry	*e;
	static unsigned char	 buf[64 * 1024];
	uint64_t		 left, seed;
	size_t			 i, len;
	int			 r;

	a = archive_write_new();
	assert_non_null(a);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);

	seed = 0x9E3779B97F4A7C15ULL;
	for (i = 0; i < n; i++) {
		if (ents[i].store)
			r = archive_write_zip_set_compression_store(a);
		else
			r = archive_write_zip_set_compression_deflate(a);
		assert_int_equal(r, ARCHIVE_OK);
		e = archive_entry_new();
		assert_non_null(e);
		archive_entry_set_pathname(e, ents[i].name);
		archive_entry_set_filetype(e, ents[i].type != 0 ?
		    ents[i].type : AE_IFREG);
		archive_entry_set_perm(e, ents[i].type == AE_IFDIR ?
		    0755 : 0644);
		archive_entry_set_mtime(e, 1700000000, 0);
		if (ents[i].type == AE_IFLNK)
			archive_entry_set_symlink(e, ents[i].link);
		else if (ents[i].link != NULL)
			archive_entry_set_hardlink(e, ents[i].link);
		if (ents[i].type == AE_IFDIR || ents[i].type == AE_IFLNK)
			archive_entry_set_size(e, 0);
		else if (ents[i].data != NULL)
			archive_entry_set_size(e, (la_int64_t)strlen(
			    ents[i].data));
		else
			archive_entry_set_size(e, (la_int64_t)ents[i].size);
		if (archive_write_header(a, e) != ARCHIVE_OK)
			fail_msg("%s: %s", ents[i].name,
			    archive_error_string(a));
		if (ents[i].type != AE_IFDIR && ents[i].type != AE_IFLNK) {
			if (ents[i].data != NULL)
				assert_int_equal(archive_write_data(a,
				    ents[i].data, strlen(ents[i].data)),
				    strlen(ents[i].data));
			for (left = ents[i].size; ents[i].data == NULL &&
			    left > 0; left -= len) {
				len = left < sizeof(buf) ? left : sizeof(buf);
				fill(buf, len, ents[i].fill, &seed);
				assert_int_equal(archive_write_data(a, buf,
				    len), len);
			}
		}
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	assert_int_equal(archive_write_free(a), ARCHIVE_OK);
}

static unsigned char *
file_read(const char *path, size_t *len)
{
	struct stat	 st;
	unsigned char	*p;
	int		 fd;

	fd = open(path, O_RDONLY);
	assert_true(fd != -1);
	assert_int_equal(fstat(fd, &st), 0);
	p = malloc((size_t)st.st_size + 1);
	assert_non_null(p);
	assert_int_equal(read(fd, p, (size_t)st.st_size), st.st_size);
	close(fd);
	*len = (size_t)st.st_size;

	return (p);
}

static void
file_write(const char *path, const void *p, size_t len)
{
	int		fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	assert_int_equal(write(fd, p, len), len);
	close(fd);
}

/* Replaces every from (len bytes) in the file by to; one at least. */
static void
file_patch(const char *path, const char *from, const char *to, size_t len)
{
	unsigned char	*p;
	size_t		 size, i, n;

	p = file_read(path, &size);
	for (n = 0, i = 0; i + len <= size; i++) {
		if (memcmp(p + i, from, len) == 0) {
			memcpy(p + i, to, len);
			n++;
		}
	}
	assert_true(n >= 1);
	file_write(path, p, size);
	free(p);
}

/* Offset of the central directory (no comment, no Zip64 here). */
static size_t
zip_cd(const unsigned char *p, size_t size, size_t *count)
{
	const unsigned char	*e;

	assert_true(size >= 22);
	e = p + size - 22;
	assert_memory_equal(e, "PK\005\006", 4);
	*count = (size_t)(e[10] | e[11] << 8);

	return ((size_t)e[16] | (size_t)e[17] << 8 | (size_t)e[18] << 16 |
	    (size_t)e[19] << 24);
}

#define LE16(p)	((size_t)((p)[0] | (p)[1] << 8))
#define LE32(p)	((uint32_t)(p)[0] | (uint32_t)(p)[1] << 8 | \
		(uint32_t)(p)[2] << 16 | (uint32_t)(p)[3] << 24)

/* Gives the named entry a Unix mode in the central directory. */
static void
zip_set_mode(const char *path, const char *name, unsigned int mode)
{
	unsigned char	*p, *h;
	size_t		 size, off, count, i, found;

	p = file_read(path, &size);
	off = zip_cd(p, size, &count);
	for (found = 0, i = 0; i < count; i++) {
		h = p + off;
		assert_memory_equal(h, "PK\001\002", 4);
		if (LE16(h + 28) == strlen(name) &&
		    memcmp(h + 46, name, strlen(name)) == 0) {
			h[5] = 3;			/* made on Unix */
			h[40] = (unsigned char)(mode & 0xff);
			h[41] = (unsigned char)(mode >> 8);
			found++;
		}
		off += 46 + LE16(h + 28) + LE16(h + 30) + LE16(h + 32);
	}
	assert_int_equal(found, 1);
	file_write(path, p, size);
	free(p);
}

/* Sets the "name is UTF-8" flag on every entry, both headers. */
static void
zip_set_utf8(const char *path)
{
	unsigned char	*p, *h, *l;
	size_t		 size, off, count, i;

	p = file_read(path, &size);
	off = zip_cd(p, size, &count);
	for (i = 0; i < count; i++) {
		h = p + off;
		h[9] |= 0x08;
		l = p + LE32(h + 42);
		assert_memory_equal(l, "PK\003\004", 4);
		l[7] |= 0x08;
		off += 46 + LE16(h + 28) + LE16(h + 30) + LE16(h + 32);
	}
	file_write(path, p, size);
	free(p);
}

/* Makes the central directory claim usize unpacked bytes for name. */
static void
zip_set_usize(const char *path, const char *name, uint32_t usize)
{
	unsigned char	*p, *h;
	size_t		 size, off, count, i, found;

	p = file_read(path, &size);
	off = zip_cd(p, size, &count);
	for (found = 0, i = 0; i < count; i++) {
		h = p + off;
		if (LE16(h + 28) == strlen(name) &&
		    memcmp(h + 46, name, strlen(name)) == 0) {
			h[24] = (unsigned char)usize;
			h[25] = (unsigned char)(usize >> 8);
			h[26] = (unsigned char)(usize >> 16);
			h[27] = (unsigned char)(usize >> 24);
			found++;
		}
		off += 46 + LE16(h + 28) + LE16(h + 30) + LE16(h + 32);
	}
	assert_int_equal(found, 1);
	file_write(path, p, size);
	free(p);
}

/* The compressed size the central directory gives for name. */
static uint32_t
zip_csize(const char *path, const char *name)
{
	unsigned char	*p, *h;
	size_t		 size, off, count, i;
	uint32_t	 csize;

	p = file_read(path, &size);
	off = zip_cd(p, size, &count);
	for (csize = 0, i = 0; i < count; i++) {
		h = p + off;
		if (LE16(h + 28) == strlen(name) &&
		    memcmp(h + 46, name, strlen(name)) == 0)
			csize = LE32(h + 20);
		off += 46 + LE16(h + 28) + LE16(h + 30) + LE16(h + 32);
	}
	free(p);
	assert_true(csize > 0);

	return (csize);
}

static int
extract(struct fx *f, const struct ol_archive_limits *lim,
    struct ol_archive_error *err)
{
	memset(err, 0xA5, sizeof(*err));

	return (ol_archive_extract(f->zip, f->dest, lim, err));
}

static void
msg(const struct ol_archive_error *err, char *buf, size_t len)
{
	ol_archive_error_format(err, NULL, buf, len);
}

/* The zip is refused with exactly want; nothing beside dest changed. */
static void
refused(struct fx *f, const struct ol_archive_limits *lim, const char *want)
{
	struct ol_archive_error	err;
	char			buf[1024];

	assert_int_equal(extract(f, lim, &err), -1);
	assert_non_null(err.fmt);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, want);
	dir_empty(f->sentinel);
	/* Only dest, sentinel and the zip in the test's folder. */
	assert_int_equal(tree_count(f->root, ""), 3 + tree_count(f->dest, ""));
}

/* An empty dest again. */
static void
reset(struct fx *f)
{
	assert_int_equal(ol_archive_rmtree(f->dest), 0);
	assert_int_equal(mkdir(f->dest, 0755), 0);
}

static void
dir_empty(const char *path)
{
	assert_int_equal(tree_count(path, ""), 0);
}

static int
exists(const char *dir, const char *rel)
{
	char		path[PATH_MAX];
	struct stat	st;

	xsnprintf(path, sizeof(path), "%s/%s", dir, rel);

	return (lstat(path, &st) == 0);
}

static off_t
size_of(const char *dir, const char *rel)
{
	char		path[PATH_MAX];
	struct stat	st;

	xsnprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (lstat(path, &st) == -1)
		return (-1);
	assert_true(S_ISREG(st.st_mode));

	return (st.st_size);
}

/*
 * Everything under dir (files, folders, links), counted; fails on
 * anything other than a file or a folder inside dest trees, and on Mac
 * clutter when prefix is "!" (checked by the corpus test).
 */
static size_t
tree_count(const char *dir, const char *prefix)
{
	char		 path[PATH_MAX];
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	size_t		 n;

	d = opendir(dir);
	assert_non_null(d);
	n = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(prefix, "!") == 0 &&
		    (strcmp(de->d_name, "__MACOSX") == 0 ||
		    strcmp(de->d_name, ".DS_Store") == 0 ||
		    strncmp(de->d_name, "._", 2) == 0))
			fail_msg("%s/%s: Mac clutter extracted", dir,
			    de->d_name);
		xsnprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_int_equal(lstat(path, &st), 0);
		n++;
		if (S_ISDIR(st.st_mode))
			n += tree_count(path, prefix);
		else if (!S_ISREG(st.st_mode))
			fail_msg("%s: neither a file nor a folder", path);
	}
	closedir(d);

	return (n);
}

/* A pipe that a child fills with the file, for the streaming reader. */
static int
pipe_from(const char *path, pid_t *pid)
{
	unsigned char	buf[8192];
	ssize_t		n;
	int		fds[2], fd;

	assert_int_equal(pipe(fds), 0);
	*pid = fork();
	assert_true(*pid != -1);
	if (*pid == 0) {
		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		if ((fd = open(path, O_RDONLY)) == -1)
			_exit(1);
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			if (write(fds[1], buf, (size_t)n) != n)
				_exit(0);
		}
		_exit(0);
	}
	close(fds[1]);

	return (fds[0]);
}

static void
wait_child(pid_t pid)
{
	int		status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
}

static void
limits(struct ol_archive_limits *lim, uint64_t total, uint64_t entries,
    uint64_t ratio, uint64_t entry)
{
	lim->max_total = total;
	lim->max_entries = entries;
	lim->max_ratio = ratio;
	lim->max_entry_size = entry;
}

static void
test_limits_default(void **state)
{
	struct ol_archive_limits	lim;

	(void)state;

	memset(&lim, 0, sizeof(lim));
	ol_archive_limits_default(&lim);
	assert_true(lim.max_total == 2ULL * 1024 * MIB);
	assert_true(lim.max_entries == 20000);
	assert_true(lim.max_ratio == 200);
	assert_true(lim.max_entry_size == 1024ULL * MIB);
}

/* A plain package: every file, folder and byte where it belongs. */
static void
test_simple(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	unsigned char		*p;
	char			 path[PATH_MAX];
	size_t			 len;

	zip_write(f->zip, ENTS(
	    { .name = "imsmanifest.xml", .data = "<manifest/>\n" },
	    { .name = "shared/", .type = AE_IFDIR },
	    { .name = "shared/style.css", .data = "body {}\n", .store = 1 },
	    { .name = "sco/a/b/page.html", .data = "<p>hi</p>\n" },
	    { .name = "empty.txt", .data = "" },
	    { .name = "big.bin", .size = 3 * MIB, .fill = FILL_RANDOM }));
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_null(err.fmt);
	assert_string_equal(err.arg, "");

	xsnprintf(path, sizeof(path), "%s/imsmanifest.xml", f->dest);
	p = file_read(path, &len);
	assert_int_equal(len, 12);
	assert_memory_equal(p, "<manifest/>\n", 12);
	free(p);
	assert_int_equal(size_of(f->dest, "shared/style.css"), 8);
	assert_int_equal(size_of(f->dest, "sco/a/b/page.html"), 10);
	assert_int_equal(size_of(f->dest, "empty.txt"), 0);
	assert_int_equal(size_of(f->dest, "big.bin"), 3 * MIB);
	/* 5 files, shared, sco, sco/a, sco/a/b. */
	assert_int_equal(tree_count(f->dest, ""), 9);
	dir_empty(f->sentinel);

	/* With data before it, as a self-extracting archive. */
	reset(f);
	p = file_read(f->zip, &len);
	p = realloc(p, len + 100);
	assert_non_null(p);
	memmove(p + 100, p, len);
	memset(p, '#', 100);
	file_write(f->zip, p, len + 100);
	free(p);
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_int_equal(tree_count(f->dest, ""), 9);
	assert_int_equal(size_of(f->dest, "big.bin"), 3 * MIB);
}

/* "..": refused anywhere, even where it would stay inside. */
static void
test_dotdot(void **state)
{
	struct fx	*f = *state;

	zip_write(f->zip, ENTS({ .name = "../sentinel/x", .data = "x" }));
	refused(f, NULL, "\"../sentinel/x\": the name contains \"..\"");
	assert_false(exists(f->sentinel, "x"));

	zip_write(f->zip, ENTS(
	    { .name = "ok.txt", .data = "x" },
	    { .name = "a/../../sentinel/y", .data = "y" }));
	refused(f, NULL,
	    "\"a/../../sentinel/y\": the name contains \"..\"");
	assert_false(exists(f->sentinel, "y"));
	reset(f);

	zip_write(f->zip, ENTS({ .name = "a/b/../c", .data = "x" }));
	refused(f, NULL, "\"a/b/../c\": the name contains \"..\"");

	zip_write(f->zip, ENTS({ .name = "a/..", .type = AE_IFDIR }));
	refused(f, NULL, "\"a/../\": the name contains \"..\"");

	/* Windows separators are separators, then the same rules. */
	zip_write(f->zip, ENTS({ .name = "..\\sentinel\\z", .data = "z" }));
	refused(f, NULL, "\"../sentinel/z\": the name contains \"..\"");
	assert_false(exists(f->sentinel, "z"));
}

/* Absolute names, drive letters, written as the writer will not. */
static void
test_absolute(void **state)
{
	struct fx	*f = *state;
	char		 name[PATH_MAX], fake[PATH_MAX], want[PATH_MAX + 64];

	/* "/<root>/sentinel/abs": patched in from "X<root>/sentinel/abs". */
	xsnprintf(name, sizeof(name), "%s/abs", f->sentinel);
	xsnprintf(fake, sizeof(fake), "X%s", name + 1);
	zip_write(f->zip, ENTS({ .name = fake, .data = "x" }));
	file_patch(f->zip, fake, name, strlen(name));
	xsnprintf(want, sizeof(want), "\"%s\": the name is an absolute path",
	    name);
	refused(f, NULL, want);
	assert_false(exists(f->sentinel, "abs"));

	zip_write(f->zip, ENTS({ .name = "X/x", .data = "x" }));
	file_patch(f->zip, "X/x", "//x", 3);
	refused(f, NULL, "\"//x\": the name is an absolute path");

	zip_write(f->zip, ENTS({ .name = "C:/Windows/x", .data = "x" }));
	refused(f, NULL, "\"C:/Windows/x\": the name starts with a drive "
	    "letter");

	zip_write(f->zip, ENTS({ .name = "c:x", .data = "x" }));
	refused(f, NULL, "\"c:x\": the name starts with a drive letter");

	zip_write(f->zip, ENTS({ .name = "C:\\x.txt", .data = "x" }));
	refused(f, NULL, "\"C:/x.txt\": the name starts with a drive letter");

	zip_write(f->zip, ENTS({ .name = "X\\evil", .data = "x" }));
	file_patch(f->zip, "X\\evil", "\\\\evil", 6);
	refused(f, NULL, "\"//evil\": the name is an absolute path");
	dir_empty(f->dest);

	/* A colon elsewhere is only a character. */
	zip_write(f->zip, ENTS({ .name = "a/C:x", .data = "x" },
	    { .name = "ab:c", .data = "x" }));
	assert_int_equal(ol_archive_extract(f->zip, f->dest, NULL, NULL), 0);
	assert_true(exists(f->dest, "a/C:x"));
	assert_true(exists(f->dest, "ab:c"));
}

/* Empty and "." segments are dropped; backslashes separate. */
static void
test_normalised(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;

	zip_write(f->zip, ENTS(
	    { .name = "a//b.txt", .data = "1" },
	    { .name = "./c.txt", .data = "2" },
	    { .name = "d/./e/", .type = AE_IFDIR },
	    { .name = "d/./e/f.txt", .data = "3" },
	    { .name = "./", .type = AE_IFDIR },
	    { .name = "w\\x\\y.txt", .data = "4" }));
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_int_equal(size_of(f->dest, "a/b.txt"), 1);
	assert_int_equal(size_of(f->dest, "c.txt"), 1);
	assert_int_equal(size_of(f->dest, "d/e/f.txt"), 1);
	assert_int_equal(size_of(f->dest, "w/x/y.txt"), 1);
	assert_int_equal(tree_count(f->dest, ""), 9);

	/* The same name written two ways. */
	reset(f);
	zip_write(f->zip, ENTS(
	    { .name = "a/b.txt", .data = "1" },
	    { .name = "a//./b.txt", .data = "2" }));
	refused(f, NULL, "\"a//./b.txt\": another entry has the same name");
	reset(f);

	/* A file named "." is no file. */
	zip_write(f->zip, ENTS({ .name = "X", .data = "1" }));
	file_patch(f->zip, "X", ".", 1);
	refused(f, NULL, "\".\": the name has no file name in it");
}

/* Links: refused before anything is made for them. */
static void
test_symlink(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	char			 buf[256];

	zip_write(f->zip, ENTS(
	    { .name = "lnk", .type = AE_IFLNK, .link = f->sentinel },
	    { .name = "lnk/evil", .data = "x" }));
	refused(f, NULL, "\"lnk\" is a symbolic link");
	assert_false(exists(f->dest, "lnk"));
	dir_empty(f->dest);

	zip_write(f->zip, ENTS(
	    { .name = "ok.txt", .data = "x" },
	    { .name = "up", .type = AE_IFLNK, .link = "../sentinel" }));
	refused(f, NULL, "\"up\" is a symbolic link");
	assert_false(exists(f->dest, "up"));
	/* What was written before the refusal goes with dest. */
	assert_true(exists(f->dest, "ok.txt"));
	assert_int_equal(ol_archive_rmtree(f->dest), 0);
	assert_false(exists(f->root, "dest"));
	assert_int_equal(mkdir(f->dest, 0755), 0);

	/* A link to a file, under a folder. */
	zip_write(f->zip, ENTS(
	    { .name = "d/passwd", .type = AE_IFLNK, .link = "/etc/passwd" }));
	assert_int_equal(extract(f, NULL, &err), -1);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, "\"d/passwd\" is a symbolic link");
	assert_false(exists(f->dest, "d/passwd"));
}

/*
 * A zip cannot hold a hard link: libarchive's writer writes one as an
 * empty file, which is extracted as an empty file of its own.
 */
static void
test_hardlink(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	char			 path[PATH_MAX];
	struct stat		 st;

	zip_write(f->zip, ENTS(
	    { .name = "file.txt", .data = "hello" },
	    { .name = "hard", .link = "file.txt" }));
	assert_int_equal(extract(f, NULL, &err), 0);
	xsnprintf(path, sizeof(path), "%s/hard", f->dest);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 0);
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(size_of(f->dest, "file.txt"), 5);
}

/*
 * Devices and sockets: the mode patched into the central directory. A
 * FIFO is read by libarchive as a regular file, and written as one.
 */
static void
test_special(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	unsigned int		 modes[] = { 0020644, 0060644, 0140644 };
	size_t			 i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		zip_write(f->zip, ENTS(
		    { .name = "ok.txt", .data = "x" },
		    { .name = "dev", .data = "" }));
		zip_set_mode(f->zip, "dev", modes[i]);
		refused(f, NULL, "\"dev\" is not a regular file or a folder");
		assert_false(exists(f->dest, "dev"));
		reset(f);
	}

	zip_write(f->zip, ENTS({ .name = "fifo", .data = "" }));
	zip_set_mode(f->zip, "fifo", 0010644);
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_int_equal(size_of(f->dest, "fifo"), 0);
}

/* Names that are not UTF-8, flagged as UTF-8 or not (CP437). */
static void
test_not_utf8(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;

	/* "été" in CP437, no UTF-8 flag. */
	zip_write(f->zip, ENTS({ .name = "XtX.txt", .data = "x" }));
	file_patch(f->zip, "XtX.txt", "\x82t\x82.txt", 7);
	refused(f, NULL, "\"\\x82t\\x82.txt\": the name is not valid UTF-8");

	/* Flagged UTF-8: libarchive gives no name at all. */
	zip_write(f->zip, ENTS({ .name = "ok", .data = "x" },
	    { .name = "XtX.txt", .data = "x" }));
	file_patch(f->zip, "XtX.txt", "\x82t\x82.txt", 7);
	zip_set_utf8(f->zip);
	refused(f, NULL, "the name of entry number 2 is not valid UTF-8");
	reset(f);

	/* Overlong "..": "%c0%ae" style. */
	zip_write(f->zip, ENTS({ .name = "XXXX/x", .data = "x" }));
	file_patch(f->zip, "XXXX/x", "\xc0\xae\xc0\xae/x", 6);
	refused(f, NULL, "\"\\xc0\\xae\\xc0\\xae/x\": the name is not valid "
	    "UTF-8");

	/* Valid UTF-8 without the flag is taken as it is. */
	zip_write(f->zip, ENTS({ .name = "cafXX.txt", .data = "x" }));
	file_patch(f->zip, "cafXX.txt", "caf\xc3\xa9.txt", 9);
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_true(exists(f->dest, "caf\xc3\xa9.txt"));
}

static void
test_control(void **state)
{
	struct fx	*f = *state;

	zip_write(f->zip, ENTS({ .name = "a\x01" "b", .data = "x" }));
	refused(f, NULL, "\"a\\x01b\": the name contains a control character");

	zip_write(f->zip, ENTS({ .name = "tab\there", .data = "x" }));
	refused(f, NULL, "\"tab\\x09here\": the name contains a control "
	    "character");

	zip_write(f->zip, ENTS({ .name = "new\nline", .data = "x" }));
	refused(f, NULL, "\"new\\x0aline\": the name contains a control "
	    "character");

	zip_write(f->zip, ENTS({ .name = "del\x7f", .data = "x" }));
	refused(f, NULL, "\"del\\x7f\": the name contains a control "
	    "character");

	/* U+0085 NEXT LINE (C1), as UTF-8. */
	zip_write(f->zip, ENTS({ .name = "nelXX", .data = "x" }));
	file_patch(f->zip, "nelXX", "nel\xc2\x85", 5);
	refused(f, NULL, "\"nel\\xc2\\x85\": the name contains a control "
	    "character");

	/* NUL, which libarchive would cut the name at. */
	zip_write(f->zip, ENTS({ .name = "evil.htmlX.txt", .data = "x" }));
	file_patch(f->zip, "evil.htmlX.txt", "evil.html\0.txt", 14);
	refused(f, NULL, "\"evil.html\\x00.txt\": the name contains a NUL "
	    "byte");
	assert_false(exists(f->dest, "evil.html"));
}

/* Names equal once in NFC, whether libarchive or the module does it. */
static void
test_nfc(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;

	/* U+00E9 and e + U+0301, no UTF-8 flag. */
	zip_write(f->zip, ENTS(
	    { .name = "XX.html", .data = "1" },
	    { .name = "YYY.html", .data = "2" }));
	file_patch(f->zip, "XX.html", "\xc3\xa9.html", 7);
	file_patch(f->zip, "YYY.html", "e\xcc\x81.html", 8);
	refused(f, NULL, "\"e\xcc\x81.html\": another entry has the same "
	    "name");

	/* The same, flagged. */
	reset(f);
	zip_set_utf8(f->zip);
	assert_int_equal(extract(f, NULL, &err), -1);
	assert_non_null(strstr(err.fmt, "another entry has the same name"));

	/* U+212A KELVIN SIGN is K in NFC. */
	reset(f);
	zip_write(f->zip, ENTS(
	    { .name = "K.txt", .data = "1" },
	    { .name = "XXX.txt", .data = "2" }));
	file_patch(f->zip, "XXX.txt", "\xe2\x84\xaa.txt", 7);
	refused(f, NULL, "\"\xe2\x84\xaa.txt\": another entry has the same "
	    "name");

	/* Alone, a decomposed name is written composed. */
	reset(f);
	zip_write(f->zip, ENTS({ .name = "dir/YYY.html", .data = "2" }));
	file_patch(f->zip, "dir/YYY.html", "dir/e\xcc\x81.html", 12);
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_true(exists(f->dest, "dir/\xc3\xa9.html"));
	assert_false(exists(f->dest, "dir/e\xcc\x81.html"));
}

/* Duplicates, and a name that is a file and a folder. */
static void
test_collisions(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	const struct {
		const struct ent	 e[3];
		const char		*want;
	} cases[] = {
		{ { { .name = "a.txt", .data = "1" },
		    { .name = "a.txt", .data = "2" } },
		    "\"a.txt\": another entry has the same name" },
		{ { { .name = "d/", .type = AE_IFDIR },
		    { .name = "d/", .type = AE_IFDIR } },
		    "\"d/\": another entry has the same name" },
		{ { { .name = "x", .data = "1" },
		    { .name = "x/", .type = AE_IFDIR } },
		    "\"x/\": a file and a folder have the same name" },
		{ { { .name = "x/", .type = AE_IFDIR },
		    { .name = "x", .data = "1" } },
		    "\"x\": a file and a folder have the same name" },
		{ { { .name = "x", .data = "1" },
		    { .name = "x/y", .data = "2" } },
		    "\"x/y\": a file and a folder have the same name" },
		{ { { .name = "x/y/z", .data = "1" },
		    { .name = "x/y", .data = "2" } },
		    "\"x/y\": a file and a folder have the same name" },
		{ { { .name = "x/y/z", .data = "1" },
		    { .name = "x/y/z/", .type = AE_IFDIR } },
		    "\"x/y/z/\": a file and a folder have the same name" },
	};
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		zip_write(f->zip, cases[i].e, 2);
		refused(f, NULL, cases[i].want);
		reset(f);
	}

	/* A folder named after its files, or before: fine. */
	zip_write(f->zip, ENTS(
	    { .name = "p/q/r.txt", .data = "1" },
	    { .name = "p/q/", .type = AE_IFDIR },
	    { .name = "s/", .type = AE_IFDIR },
	    { .name = "s/t.txt", .data = "2" }));
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_int_equal(tree_count(f->dest, ""), 5);
}

/* Mac clutter is left out, the rest extracted. */
static void
test_mac_clutter(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;

	zip_write(f->zip, ENTS(
	    { .name = "a.txt", .data = "a" },
	    { .name = "__MACOSX/", .type = AE_IFDIR },
	    { .name = "__MACOSX/._a.txt", .data = "resource fork" },
	    { .name = "__MACOSX/sub/._b.txt", .data = "resource fork" },
	    { .name = "__MACOSX/sub/._b.txt", .data = "twice: ignored" },
	    { .name = "sub/b.txt", .data = "b" },
	    { .name = "sub/._b.txt", .data = "apple double" },
	    { .name = "._a.txt", .data = "apple double" },
	    { .name = ".DS_Store", .data = "finder" },
	    { .name = "sub/.DS_Store", .data = "finder" },
	    { .name = "._dir/", .type = AE_IFDIR },
	    { .name = "._dir/c.txt", .data = "kept" },
	    { .name = "__MACOSXtra/d.txt", .data = "kept" },
	    { .name = "e/.DS_Store/f.txt", .data = "kept" }));
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_true(exists(f->dest, "a.txt"));
	assert_true(exists(f->dest, "sub/b.txt"));
	assert_true(exists(f->dest, "._dir/c.txt"));
	assert_true(exists(f->dest, "__MACOSXtra/d.txt"));
	assert_true(exists(f->dest, "e/.DS_Store/f.txt"));
	assert_false(exists(f->dest, "__MACOSX"));
	assert_false(exists(f->dest, "._a.txt"));
	assert_false(exists(f->dest, "sub/._b.txt"));
	assert_false(exists(f->dest, ".DS_Store"));
	assert_false(exists(f->dest, "sub/.DS_Store"));
	assert_int_equal(tree_count(f->dest, ""), 10);

	/* Clutter only: accepted, nothing written. */
	reset(f);
	zip_write(f->zip, ENTS({ .name = "__MACOSX/._x", .data = "x" }));
	assert_int_equal(extract(f, NULL, &err), 0);
	dir_empty(f->dest);

	/* Hostile clutter is still refused. */
	zip_write(f->zip, ENTS({ .name = "__MACOSX/../../x", .data = "x" }));
	refused(f, NULL, "\"__MACOSX/../../x\": the name contains \"..\"");
	zip_write(f->zip, ENTS({ .name = "__MACOSX/l", .type = AE_IFLNK,
	    .link = "/" }));
	refused(f, NULL, "\"__MACOSX/l\" is a symbolic link");
}

/* A deflated run of zeros: stopped on the ratio long before its end. */
static void
test_bomb_ratio(void **state)
{
	struct fx			*f = *state;
	struct ol_archive_limits	 lim;

	zip_write(f->zip, ENTS(
	    { .name = "ok.txt", .data = "x" },
	    { .name = "bomb.bin", .size = 64 * MIB, .fill = FILL_ZERO }));
	assert_true(size_of(f->root, "in.zip") < 256 * 1024);
	refused(f, NULL,
	    "\"bomb.bin\" is compressed too well to be a real file (a zip "
	    "bomb?)");
	/* Defaults: stopped near 200 * (packed + 128 KiB), 33 MiB here. */
	assert_true(size_of(f->dest, "bomb.bin") < 40 * MIB);

	reset(f);
	limits(&lim, OL_ARCHIVE_MAX_TOTAL, 10, 10, OL_ARCHIVE_MAX_ENTRY_SIZE);
	refused(f, &lim,
	    "\"bomb.bin\" is compressed too well to be a real file (a zip "
	    "bomb?)");
	assert_true(size_of(f->dest, "bomb.bin") <= 2 * MIB);

	/* Small entries are not looked at. */
	reset(f);
	zip_write(f->zip, ENTS(
	    { .name = "zeros.bin", .size = OL_ARCHIVE_RATIO_MIN,
	    .fill = FILL_ZERO }));
	limits(&lim, OL_ARCHIVE_MAX_TOTAL, 10, 0, OL_ARCHIVE_MAX_ENTRY_SIZE);
	assert_int_equal(ol_archive_extract(f->zip, f->dest, &lim, NULL), 0);
}

/* The ratio at the limit passes, just over it does not. */
static void
test_bomb_ratio_exact(void **state)
{
	struct fx			*f = *state;
	struct ol_archive_limits	 lim;
	struct ol_archive_error		 err;
	uint64_t			 usize, csize, ratio;

	usize = 4 * MIB;
	zip_write(f->zip, ENTS({ .name = "sparse.bin", .size = usize,
	    .fill = FILL_SPARSE }));
	csize = zip_csize(f->zip, "sparse.bin");
	ratio = usize / csize;
	assert_true(ratio >= 4 && ratio < 100);

	limits(&lim, OL_ARCHIVE_MAX_TOTAL, 10, ratio + 1,
	    OL_ARCHIVE_MAX_ENTRY_SIZE);
	assert_int_equal(extract(f, &lim, &err), 0);
	assert_int_equal(size_of(f->dest, "sparse.bin"), usize);

	/* Refused once complete: the slack hides it while reading. */
	reset(f);
	lim.max_ratio = ratio - 1;
	refused(f, &lim, "\"sparse.bin\" is compressed too well to be a real "
	    "file (a zip bomb?)");
}

/* The total: counted on real bytes, cut before it is passed. */
static void
test_bomb_total(void **state)
{
	struct fx			*f = *state;
	struct ol_archive_limits	 lim;
	struct ol_archive_error		 err;

	zip_write(f->zip, ENTS(
	    { .name = "e1", .size = MIB, .fill = FILL_RANDOM },
	    { .name = "e2", .size = MIB, .fill = FILL_RANDOM },
	    { .name = "e3", .size = MIB + 1, .fill = FILL_RANDOM },
	    { .name = "e4", .size = MIB, .fill = FILL_RANDOM }));
	limits(&lim, 3 * MIB, 10, 200, MIB + 1);
	refused(f, &lim, "the archive unpacks to more than the limit (at "
	    "\"e3\")");
	assert_false(exists(f->dest, "e3"));	/* refused on its size */
	assert_false(exists(f->dest, "e4"));

	/* A lying size: the real bytes are counted. */
	reset(f);
	zip_set_usize(f->zip, "e3", 10);
	refused(f, &lim, "the archive unpacks to more than the limit (at "
	    "\"e3\")");
	assert_true(size_of(f->dest, "e3") <= MIB);

	/* Zeros, no ratio: cut at the total exactly. */
	reset(f);
	zip_write(f->zip, ENTS({ .name = "bomb.bin", .size = 64 * MIB,
	    .fill = FILL_ZERO }));
	limits(&lim, 16 * MIB, 10, UINT64_MAX, UINT64_MAX);
	zip_set_usize(f->zip, "bomb.bin", 1);
	refused(f, &lim, "the archive unpacks to more than the limit (at "
	    "\"bomb.bin\")");
	assert_true(size_of(f->dest, "bomb.bin") <= 16 * MIB);

	/* At the total exactly: accepted. */
	reset(f);
	zip_write(f->zip, ENTS(
	    { .name = "e1", .size = MIB, .fill = FILL_RANDOM },
	    { .name = "e2", .size = MIB, .fill = FILL_RANDOM }));
	limits(&lim, 2 * MIB, 2, 200, MIB);
	assert_int_equal(extract(f, &lim, &err), 0);
}

static void
test_bomb_entry_size(void **state)
{
	struct fx			*f = *state;
	struct ol_archive_limits	 lim;

	zip_write(f->zip, ENTS(
	    { .name = "big.bin", .size = 2 * MIB, .fill = FILL_RANDOM }));
	limits(&lim, OL_ARCHIVE_MAX_TOTAL, 10, 200, MIB);
	refused(f, &lim, "\"big.bin\" is larger than the limit for one file");
	assert_false(exists(f->dest, "big.bin"));

	/* Claiming 10 bytes does not help. */
	zip_set_usize(f->zip, "big.bin", 10);
	refused(f, &lim, "\"big.bin\" is larger than the limit for one file");
	assert_true(size_of(f->dest, "big.bin") <= MIB);

	/* Neither does storing it. */
	reset(f);
	zip_write(f->zip, ENTS({ .name = "big.bin", .size = 2 * MIB,
	    .fill = FILL_ZERO, .store = 1 }));
	zip_set_usize(f->zip, "big.bin", 10);
	refused(f, &lim, "\"big.bin\" is larger than the limit for one file");
	assert_true(size_of(f->dest, "big.bin") <= MIB);
}

/* 100,000 entries: refused before anything is written. */
static void
test_many_entries(void **state)
{
	struct fx	*f = *state;
	struct ent	*e;
	char		(*names)[16];
	struct timespec	 t0, t1;
	unsigned char	*p;
	double		 secs;
	size_t		 i, n = 100000, len;

	e = calloc(n, sizeof(*e));
	names = calloc(n, sizeof(*names));
	assert_non_null(e);
	assert_non_null(names);
	for (i = 0; i < n; i++) {
		xsnprintf(names[i], sizeof(names[i]), "f%zu", i);
		e[i].name = names[i];
		e[i].data = "";
	}
	zip_write(f->zip, e, n);
	free(e);
	free(names);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	refused(f, NULL, "the archive has more than 20000 entries");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(secs < 2.0);
	dir_empty(f->dest);

	/*
	 * An end record that claims one entry: libarchive would still load
	 * all 100,000 records; they are counted first.
	 */
	p = file_read(f->zip, &len);
	assert_true(len > 22 && p[len - 22] == 'P');
	memcpy(p + len - 22 + 8, "\001\000\001\000", 4);
	file_write(f->zip, p, len);
	free(p);
	refused(f, NULL, "the archive has more than 20000 entries");
	dir_empty(f->dest);
}

/* Folders count too, whether named or implied by a path. */
static void
test_many_dirs(void **state)
{
	struct fx			*f = *state;
	struct ol_archive_limits	 lim;
	struct ol_archive_error		 err;

	zip_write(f->zip, ENTS(
	    { .name = "a/b/c/d/1", .data = "x" },
	    { .name = "e/f/g/h/2", .data = "x" }));
	limits(&lim, MIB, 7, 200, MIB);
	refused(f, &lim, "the archive makes more than 7 folders");

	reset(f);
	lim.max_entries = 8;
	assert_int_equal(extract(f, &lim, &err), 0);

	/* Entries at the limit, and one past it. */
	reset(f);
	zip_write(f->zip, ENTS({ .name = "1", .data = "" },
	    { .name = "2", .data = "" }, { .name = "3", .data = "" }));
	limits(&lim, MIB, 3, 200, MIB);
	assert_int_equal(extract(f, &lim, &err), 0);
	reset(f);
	lim.max_entries = 2;
	refused(f, &lim, "the archive has more than 2 entries");
	dir_empty(f->dest);
}

/* Names too long or too deep. */
static void
test_long_names(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	char			 name[2048], want[2200];
	size_t			 i;

	memset(name, 'a', 255);
	name[255] = '\0';
	zip_write(f->zip, ENTS({ .name = name, .data = "x" }));
	assert_int_equal(extract(f, NULL, &err), 0);
	reset(f);

	memset(name, 'b', 256);
	name[256] = '\0';
	zip_write(f->zip, ENTS({ .name = name, .data = "x" }));
	xsnprintf(want, sizeof(want), "\"%s\": the name is too long or has "
	    "too many folders", name);
	refused(f, NULL, want);

	for (i = 0; i < 33; i++)
		memcpy(name + 2 * i, "d/", 2);
	name[2 * 33 - 1] = '\0';
	zip_write(f->zip, ENTS({ .name = name, .data = "x" }));
	xsnprintf(want, sizeof(want), "\"%s\": the name is too long or has "
	    "too many folders", name);
	refused(f, NULL, want);
}

/* Empty archives, other formats, damage. */
static void
test_not_a_package(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	struct archive		*a;
	struct archive_entry	*e;
	unsigned char		*p;
	size_t			 len;

	zip_write(f->zip, NULL, 0);
	assert_int_equal(size_of(f->root, "in.zip"), 22);
	refused(f, NULL, "the archive is empty");

	file_write(f->zip, "hello, world\n", 13);
	refused(f, NULL, "not a zip archive");
	file_write(f->zip, "", 0);
	refused(f, NULL, "not a zip archive");

	/* A tar: libarchive could read it, the module does not. */
	a = archive_write_new();
	assert_non_null(a);
	assert_int_equal(archive_write_set_format_pax_restricted(a),
	    ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, f->zip), ARCHIVE_OK);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	refused(f, NULL, "not a zip archive");

	/* Cut in half: damaged, with or without an entry to name. */
	zip_write(f->zip, ENTS(
	    { .name = "a.bin", .size = 100000, .fill = FILL_RANDOM },
	    { .name = "b.bin", .size = 100000, .fill = FILL_RANDOM }));
	p = file_read(f->zip, &len);
	file_write(f->zip, p, len / 2);
	assert_int_equal(extract(f, NULL, &err), -1);
	assert_non_null(strstr(err.fmt, "damaged"));
	dir_empty(f->sentinel);

	/* A data byte changed: the CRC. */
	reset(f);
	p[200] ^= 0xff;
	file_write(f->zip, p, len);
	free(p);
	refused(f, NULL, "the archive is damaged (at \"a.bin\")");

	/* Encrypted. */
	reset(f);
	a = archive_write_new();
	assert_non_null(a);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_options(a,
	    "zip:encryption=zipcrypt"), ARCHIVE_OK);
	assert_int_equal(archive_write_set_passphrase(a, "secret"),
	    ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(a, f->zip), ARCHIVE_OK);
	e = archive_entry_new();
	assert_non_null(e);
	archive_entry_set_pathname(e, "secret.txt");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, 5);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	assert_int_equal(archive_write_data(a, "hello", 5), 5);
	archive_entry_free(e);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	refused(f, NULL, "\"secret.txt\" is encrypted");
}

/* The destination and the archive must be there; dest must be empty. */
static void
test_dest(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	char			 buf[256], path[PATH_MAX];

	zip_write(f->zip, ENTS({ .name = "a", .data = "x" }));

	xsnprintf(path, sizeof(path), "%s/x", f->dest);
	file_write(path, "x", 1);
	assert_int_equal(extract(f, NULL, &err), -1);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, "the destination folder is not empty");
	assert_int_equal(unlink(path), 0);

	xsnprintf(path, sizeof(path), "%s/nowhere", f->root);
	assert_int_equal(ol_archive_extract(f->zip, path, NULL, &err), -1);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, "the destination folder could not be "
	    "opened");

	/* A link to a folder is not taken for it. */
	xsnprintf(path, sizeof(path), "%s/link", f->root);
	assert_int_equal(symlink(f->sentinel, path), 0);
	assert_int_equal(ol_archive_extract(f->zip, path, NULL, &err), -1);
	assert_string_equal(err.fmt, "the destination folder could not be "
	    "opened");
	dir_empty(f->sentinel);
	assert_int_equal(unlink(path), 0);

	xsnprintf(path, sizeof(path), "%s/none.zip", f->root);
	assert_int_equal(ol_archive_extract(path, f->dest, NULL, &err), -1);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, "the archive could not be opened");

	/* err may be NULL. */
	assert_int_equal(ol_archive_extract(path, f->dest, NULL, NULL), -1);
	assert_int_equal(ol_archive_extract(f->zip, f->dest, NULL, NULL), 0);
}

/*
 * A full disk, as RLIMIT_FSIZE makes it (write fails with EFBIG once
 * SIGXFSZ is ignored), in a child so that the limit stays there.
 */
static void
test_no_space(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	struct rlimit		 rl;
	char			 buf[512];
	ssize_t			 n;
	pid_t			 pid;
	int			 fds[2], status;

	zip_write(f->zip, ENTS(
	    { .name = "small.txt", .data = "x" },
	    { .name = "big.bin", .size = 3 * MIB, .fill = FILL_RANDOM }));

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		close(fds[0]);
		signal(SIGXFSZ, SIG_IGN);
		rl.rlim_cur = MIB;
		rl.rlim_max = MIB;
		if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
			_exit(2);
		if (ol_archive_extract(f->zip, f->dest, NULL, &err) == 0)
			_exit(3);
		ol_archive_error_format(&err, NULL, buf, sizeof(buf));
		if (write(fds[1], buf, strlen(buf)) == -1)
			_exit(4);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "no space left on the disk while writing "
	    "\"big.bin\"");
	assert_int_equal(size_of(f->dest, "big.bin"), MIB);
}

/* A pipe: libarchive's streaming reader, same rules. */
static void
test_streaming(void **state)
{
	struct fx			*f = *state;
	struct ol_archive_limits	 lim;
	struct ol_archive_error		 err;
	char				 buf[256];
	pid_t				 pid;
	int				 fd;

	zip_write(f->zip, ENTS(
	    { .name = "imsmanifest.xml", .data = "<manifest/>" },
	    { .name = "sco/page.html", .data = "<p/>" },
	    { .name = "__MACOSX/._x", .data = "x" }));
	fd = pipe_from(f->zip, &pid);
	assert_int_equal(ol_archive_extract_fd(fd, f->dest, NULL, &err), 0);
	close(fd);
	wait_child(pid);
	assert_int_equal(size_of(f->dest, "imsmanifest.xml"), 11);
	assert_int_equal(size_of(f->dest, "sco/page.html"), 4);
	assert_int_equal(tree_count(f->dest, ""), 3);

	reset(f);
	zip_write(f->zip, ENTS({ .name = "../x", .data = "x" }));
	fd = pipe_from(f->zip, &pid);
	assert_int_equal(ol_archive_extract_fd(fd, f->dest, NULL, &err), -1);
	close(fd);
	wait_child(pid);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, "\"../x\": the name contains \"..\"");

	/* Counted as they come. */
	zip_write(f->zip, ENTS({ .name = "1", .data = "" },
	    { .name = "2", .data = "" }, { .name = "3", .data = "" }));
	limits(&lim, MIB, 2, 200, MIB);
	fd = pipe_from(f->zip, &pid);
	assert_int_equal(ol_archive_extract_fd(fd, f->dest, &lim, &err), -1);
	close(fd);
	wait_child(pid);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, "the archive has more than 2 entries");

	/* The local headers carry no mode: a link is a file there. */
	reset(f);
	zip_write(f->zip, ENTS({ .name = "lnk", .type = AE_IFLNK,
	    .link = f->sentinel }));
	fd = pipe_from(f->zip, &pid);
	assert_int_equal(ol_archive_extract_fd(fd, f->dest, NULL, &err), 0);
	close(fd);
	wait_child(pid);
	assert_int_equal(size_of(f->dest, "lnk"), strlen(f->sentinel));
	dir_empty(f->sentinel);
}

/* The same result in the C locale and in C.UTF-8; the locale kept. */
static void
test_locale(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	char			 codeset[64];
	locale_t		 loc, old;

	zip_write(f->zip, ENTS({ .name = "cafXX.txt", .data = "x" }));
	file_patch(f->zip, "cafXX.txt", "caf\xc3\xa9.txt", 9);
	zip_set_utf8(f->zip);

	xsnprintf(codeset, sizeof(codeset), "%s", nl_langinfo(CODESET));
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_true(exists(f->dest, "caf\xc3\xa9.txt"));
	assert_string_equal(nl_langinfo(CODESET), codeset);

	reset(f);
	loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	assert_true(loc != (locale_t)0);
	old = uselocale(loc);
	assert_int_equal(extract(f, NULL, &err), 0);
	assert_true(exists(f->dest, "caf\xc3\xa9.txt"));
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	uselocale(old);
	freelocale(loc);
}

/* Every package of the shared corpus. */
static void
test_corpus(void **state)
{
	struct fx		*f = *state;
	struct ol_archive_error	 err;
	char			 path[PATH_MAX], buf[512];
	DIR			*d;
	struct dirent		*de;
	struct stat		 st;
	size_t			 good, n;
	pid_t			 pid;
	int			 fd;

	if ((d = opendir(CORPUS)) == NULL) {
		print_message("no %s: skipped\n", CORPUS);
		skip();
	}
	good = 0;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "scorm", 5) != 0 &&
		    strncmp(de->d_name, "edge", 4) != 0)
			continue;
		xsnprintf(path, sizeof(path), "%s/%s", CORPUS, de->d_name);
		if (ol_archive_extract(path, f->dest, NULL, &err) != 0) {
			msg(&err, buf, sizeof(buf));
			fail_msg("%s: %s", de->d_name, buf);
		}
		xsnprintf(path, sizeof(path), "%s/imsmanifest.xml", f->dest);
		assert_int_equal(lstat(path, &st), 0);
		assert_true(S_ISREG(st.st_mode) && st.st_size > 0);
		n = tree_count(f->dest, "!");
		assert_true(n > 10);
		reset(f);

		/* Streamed, the same tree. */
		xsnprintf(path, sizeof(path), "%s/%s", CORPUS, de->d_name);
		fd = pipe_from(path, &pid);
		if (ol_archive_extract_fd(fd, f->dest, NULL, &err) != 0) {
			msg(&err, buf, sizeof(buf));
			fail_msg("%s (pipe): %s", de->d_name, buf);
		}
		close(fd);
		wait_child(pid);
		assert_int_equal(tree_count(f->dest, "!"), n);
		reset(f);
		good++;
	}
	closedir(d);
	assert_true(good >= 20);

	/* __MACOSX, ._* and .DS_Store are in there, and left out. */
	assert_int_equal(ol_archive_extract(CORPUS
	    "/scorm12-api-debugger-nested.zip", f->dest, NULL, &err), 0);
	assert_false(exists(f->dest, "__MACOSX"));
	assert_false(exists(f->dest, "DataTables-1.10.10/.DS_Store"));
	assert_true(exists(f->dest, "DataTables-1.10.10"));
	(void)tree_count(f->dest, "!");
	reset(f);

	assert_int_equal(ol_archive_extract(CORPUS "/bad-empty zip.zip",
	    f->dest, NULL, &err), -1);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, "the archive is empty");

	/* No manifest is the importer's business. */
	assert_int_equal(ol_archive_extract(CORPUS "/bad-no-manifest.zip",
	    f->dest, NULL, &err), 0);
	assert_false(exists(f->dest, "imsmanifest.xml"));
	assert_true(tree_count(f->dest, "") >= 1);
}

static void
test_path_normalize(void **state)
{
	const struct {
		const char	*in;
		const char	*out;		/* NULL: refused */
		const char	*why;
	} cases[] = {
		{ "a", "a", NULL },
		{ "a/b/c.html", "a/b/c.html", NULL },
		{ "a/", "a", NULL },
		{ "./a//b/./c/", "a/b/c", NULL },
		{ ".", "", NULL },
		{ "./", "", NULL },
		{ "a\\b", "a/b", NULL },
		{ "...", "...", NULL },
		{ "a..b/..c/d..", "a..b/..c/d..", NULL },
		{ "e\xcc\x81", "\xc3\xa9", NULL },
		{ "\xe2\x84\xaa", "K", NULL },
		{ "a/C:", "a/C:", NULL },
		{ "", NULL, "an entry has an empty name" },
		{ "..", NULL, "\"..\": the name contains \"..\"" },
		{ "a/..", NULL, "\"a/..\": the name contains \"..\"" },
		{ "a\\..\\b", NULL, "\"a\\..\\b\": the name contains \"..\"" },
		{ "/a", NULL, "\"/a\": the name is an absolute path" },
		{ "\\a", NULL, "\"\\a\": the name is an absolute path" },
		{ "Z:", NULL, "\"Z:\": the name starts with a drive letter" },
		{ "./z:/a", NULL,
		    "\"./z:/a\": the name starts with a drive letter" },
		{ "\xff", NULL, "\"\\xff\": the name is not valid UTF-8" },
		{ "\xed\xa0\x80", NULL,
		    "\"\\xed\\xa0\\x80\": the name is not valid UTF-8" },
		{ "a\x1f", NULL,
		    "\"a\\x1f\": the name contains a control character" },
		{ "\xc2\x9f", NULL,
		    "\"\\xc2\\x9f\": the name contains a control character" },
	};
	struct ol_archive_error	err;
	char			out[OL_ARCHIVE_PATH_MAX + 1], buf[1024];
	char			long_name[OL_ARCHIVE_NAME_MAX + 2];
	size_t			i;

	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (cases[i].out != NULL) {
			if (ol_archive_path_normalize(cases[i].in,
			    strlen(cases[i].in), out, sizeof(out),
			    &err) != 0)
				fail_msg("%s: refused", cases[i].in);
			assert_string_equal(out, cases[i].out);
			/* Normalised is a fixed point. */
			if (out[0] != '\0') {
				assert_int_equal(ol_archive_path_normalize(
				    out, strlen(out), buf, sizeof(buf), &err),
				    0);
				assert_string_equal(buf, out);
			}
			continue;
		}
		if (ol_archive_path_normalize(cases[i].in,
		    strlen(cases[i].in), out, sizeof(out), &err) != -1)
			fail_msg("%s: accepted as %s", cases[i].in, out);
		assert_string_equal(out, "");
		msg(&err, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].why);
	}

	/* NUL inside the length. */
	assert_int_equal(ol_archive_path_normalize("a\0b", 3, out,
	    sizeof(out), &err), -1);
	msg(&err, buf, sizeof(buf));
	assert_string_equal(buf, "\"a\\x00b\": the name contains a NUL byte");

	/* Lengths: path, stored name, output room. */
	memset(long_name, 'a', sizeof(long_name));
	for (i = 200; i < OL_ARCHIVE_PATH_MAX; i += 201)
		long_name[i] = '/';
	assert_int_equal(ol_archive_path_normalize(long_name,
	    OL_ARCHIVE_PATH_MAX, out, sizeof(out), &err), 0);
	assert_int_equal(strlen(out), OL_ARCHIVE_PATH_MAX);
	assert_int_equal(ol_archive_path_normalize(long_name,
	    OL_ARCHIVE_PATH_MAX + 1, out, sizeof(out), &err), -1);
	assert_int_equal(ol_archive_path_normalize(long_name,
	    OL_ARCHIVE_PATH_MAX, out, OL_ARCHIVE_PATH_MAX, &err), -1);
	assert_int_equal(ol_archive_path_normalize("abc", 3, out, 3, &err),
	    -1);
	assert_int_equal(ol_archive_path_normalize("abc", 3, out, 4, &err),
	    0);
	assert_int_equal(ol_archive_path_normalize("abc", 3, out, 0, &err),
	    -1);
	/* Stored names may be long with empty segments; not past 4096. */
	memset(long_name, '/', sizeof(long_name));
	long_name[0] = 'a';
	assert_int_equal(ol_archive_path_normalize(long_name,
	    OL_ARCHIVE_NAME_MAX, out, sizeof(out), &err), 0);
	assert_string_equal(out, "a");
	assert_int_equal(ol_archive_path_normalize(long_name,
	    OL_ARCHIVE_NAME_MAX + 1, out, sizeof(out), &err), -1);
	/* err may be NULL. */
	assert_int_equal(ol_archive_path_normalize("..", 2, out, sizeof(out),
	    NULL), -1);
}

static const char *
translate_fr(const char *s)
{
	if (strcmp(s, "\"%s\" is a symbolic link") == 0)
		return ("\xc2\xab %s \xc2\xbb est un lien symbolique (100 %%)");
	if (strcmp(s, "not a zip archive") == 0)
		return ("%d %n %s %s");
	return (NULL);
}

static void
test_error_format(void **state)
{
	struct ol_archive_error	err;
	char			buf[1024], name[2000];
	size_t			i;

	(void)state;

	/* Translated, '%%' kept as '%', only the first %s replaced. */
	ol_archive_error_set(&err, "\"%s\" is a symbolic link", "lnk", 3);
	ol_archive_error_format(&err, translate_fr, buf, sizeof(buf));
	assert_string_equal(buf,
	    "\xc2\xab lnk \xc2\xbb est un lien symbolique (100 %)");
	ol_archive_error_set(&err, "not a zip archive", "x", 1);
	ol_archive_error_format(&err, translate_fr, buf, sizeof(buf));
	assert_string_equal(buf, "%d %n x %s");
	/* No translation: the message itself. */
	ol_archive_error_set(&err, "the archive is empty", NULL, 0);
	ol_archive_error_format(&err, translate_fr, buf, sizeof(buf));
	assert_string_equal(buf, "the archive is empty");
	assert_string_equal(err.arg, "");

	/* Cut at a character. */
	ol_archive_error_set(&err, "\"%s\"", "\xc3\xa9\xc3\xa9", 4);
	ol_archive_error_format(&err, NULL, buf, 5);
	assert_string_equal(buf, "\"\xc3\xa9");
	ol_archive_error_format(&err, NULL, buf, 4);
	assert_string_equal(buf, "\"\xc3\xa9");
	ol_archive_error_format(&err, NULL, buf, 3);
	assert_string_equal(buf, "\"");
	ol_archive_error_format(&err, NULL, buf, 1);
	assert_string_equal(buf, "");
	buf[0] = 'x';
	ol_archive_error_format(&err, NULL, buf, 0);
	assert_int_equal(buf[0], 'x');

	/* No error, or none yet. */
	err.fmt = NULL;
	ol_archive_error_format(&err, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "");
	ol_archive_error_format(NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "");

	/* A long argument: cut with "...", at a character. */
	for (i = 0; i + 2 <= sizeof(name); i += 2)
		memcpy(name + i, "\xc3\xa9", 2);
	ol_archive_error_set(&err, "%s", name, sizeof(name));
	assert_true(strlen(err.arg) < OL_ARCHIVE_ARG_MAX);
	assert_true(strlen(err.arg) > OL_ARCHIVE_ARG_MAX - 8);
	assert_string_equal(err.arg + strlen(err.arg) - 3, "...");
	assert_int_equal(strlen(err.arg) % 2, 1);

	/* Escapes are never cut in two. */
	memset(name, '\x01', sizeof(name));
	ol_archive_error_set(&err, "%s", name, sizeof(name));
	assert_true(strlen(err.arg) < OL_ARCHIVE_ARG_MAX);
	assert_string_equal(err.arg + strlen(err.arg) - 3, "...");
	assert_int_equal((strlen(err.arg) - 3) % 4, 0);

	/* A short one fits whole, escapes and all. */
	ol_archive_error_set(&err, "%s", "\x01\xff" "a\xe2\x82\xac", 6);
	assert_string_equal(err.arg, "\\x01\\xffa\xe2\x82\xac");
	ol_archive_error_set(NULL, "%s", "x", 1);
}

static void
test_rmtree(void **state)
{
	struct fx	*f = *state;
	char		 path[PATH_MAX], link[PATH_MAX];
	size_t		 i, len;

	/* Links inside are removed, not followed. */
	xsnprintf(path, sizeof(path), "%s/keep", f->sentinel);
	file_write(path, "keep", 4);
	xsnprintf(link, sizeof(link), "%s/to-sentinel", f->dest);
	assert_int_equal(symlink(f->sentinel, link), 0);
	xsnprintf(link, sizeof(link), "%s/to-file", f->dest);
	assert_int_equal(symlink(path, link), 0);
	/* A deep tree, with files at each level. */
	len = (size_t)xsnprintf(path, sizeof(path), "%s", f->dest);
	for (i = 0; i < 60; i++) {
		len += (size_t)xsnprintf(path + len, sizeof(path) - len, "/d");
		assert_int_equal(mkdir(path, 0755), 0);
		xsnprintf(link, sizeof(link), "%s/f", path);
		file_write(link, "x", 1);
	}
	assert_int_equal(ol_archive_rmtree(f->dest), 0);
	assert_false(exists(f->root, "dest"));
	assert_int_equal(size_of(f->sentinel, "keep"), 4);

	/* A link given: the link goes, its target stays. */
	xsnprintf(link, sizeof(link), "%s/link", f->root);
	assert_int_equal(symlink(f->sentinel, link), 0);
	assert_int_equal(ol_archive_rmtree(link), 0);
	assert_false(exists(f->root, "link"));
	assert_int_equal(size_of(f->sentinel, "keep"), 4);

	/* Nothing there. */
	errno = 0;
	assert_int_equal(ol_archive_rmtree(f->dest), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(mkdir(f->dest, 0755), 0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_limits_default),
		cmocka_unit_test_setup_teardown(test_simple, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_dotdot, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_absolute, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_normalised, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_symlink, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_hardlink, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_special, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_not_utf8, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_control, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_nfc, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_collisions, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_mac_clutter, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_bomb_ratio, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_bomb_ratio_exact,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bomb_total, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_bomb_entry_size,
		    fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_many_entries, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_many_dirs, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_long_names, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_not_a_package, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_dest, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_space, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_streaming, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_locale, fx_setup,
		    fx_teardown),
		cmocka_unit_test_setup_teardown(test_corpus, fx_setup,
		    fx_teardown),
		cmocka_unit_test(test_path_normalize),
		cmocka_unit_test(test_error_format),
		cmocka_unit_test_setup_teardown(test_rmtree, fx_setup,
		    fx_teardown),
	};

	signal(SIGPIPE, SIG_IGN);

	return (cmocka_run_group_tests_name("archive", tests, NULL, NULL));
}
