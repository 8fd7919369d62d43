/*
 * libFuzzer harness for modules/archive, with small limits so that every
 * limit is reached. The input is extracted from a memfd (libarchive's
 * seekable reader, after the module's own walk of the central directory)
 * and, when it fits in a pipe, from a pipe too (the streaming reader),
 * each time into a fresh folder inside a folder of its own. Whatever the
 * input: a refusal carries a message that formats to valid UTF-8; nothing
 * appears beside the destination; what is in it is only files and
 * folders, within the limits, no Mac clutter when accepted; and
 * ol_archive_rmtree() removes it all. The input taken as a name for
 * ol_archive_path_normalize() gives a path that is a fixed point, with
 * no "." or ".." or empty segment, no leading '/', no '\'.
 */

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "utf8.h"

/* What the tree under the destination holds. */
struct tree {
	uint64_t	files;
	uint64_t	dirs;
	uint64_t	bytes;
	int		clutter;
};

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *translate(const char *);
static void	walk(const char *, struct tree *, int,
		    const struct ol_archive_limits *);
static void	check_root(const char *);
static void	run(int, const char *, const char *,
		    const struct ol_archive_limits *);
static void	check_name(const uint8_t *, size_t);

/* A translation that moves the argument, as a real one may. */
static const char *
translate(const char *fmt)
{
	if (strcmp(fmt, "\"%s\": the name contains \"..\"") == 0)
		return ("\xc2\xab..\xc2\xbb %% dans \xc2\xab %s \xc2\xbb");
	return (NULL);
}

static void
walk(const char *dir, struct tree *t, int depth,
    const struct ol_archive_limits *lim)
{
	char		 path[PATH_MAX];
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	int		 n;

	if (depth > OL_ARCHIVE_DEPTH_MAX || (d = opendir(dir)) == NULL)
		abort();
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (depth == 0 && strcmp(de->d_name, "__MACOSX") == 0)
			t->clutter = 1;
		if (!ol_utf8_valid(de->d_name, strlen(de->d_name)) ||
		    strlen(de->d_name) > OL_ARCHIVE_SEGMENT_MAX)
			abort();
		n = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (n < 0 || (size_t)n >= sizeof(path) ||
		    lstat(path, &st) == -1)
			abort();
		if (S_ISDIR(st.st_mode)) {
			t->dirs++;
			walk(path, t, depth + 1, lim);
		} else if (S_ISREG(st.st_mode)) {
			if (strncmp(de->d_name, "._", 2) == 0 ||
			    strcmp(de->d_name, ".DS_Store") == 0)
				t->clutter = 1;
			if ((uint64_t)st.st_size > lim->max_entry_size)
				abort();
			t->files++;
			t->bytes += (uint64_t)st.st_size;
		} else
			abort();
	}
	closedir(d);
}

/* The folder of the run holds nothing but dest. */
static void
check_root(const char *root)
{
	DIR		*d;
	struct dirent	*de;

	if ((d = opendir(root)) == NULL)
		abort();
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0 &&
		    strcmp(de->d_name, "dest") != 0)
			abort();
	}
	closedir(d);
}

static void
run(int fd, const char *root, const char *dest,
    const struct ol_archive_limits *lim)
{
	struct ol_archive_error	err;
	struct tree		t;
	char			buf[1024];
	size_t			len;
	int			rc;

	if (mkdir(dest, 0700) == -1)
		abort();
	memset(&err, 0xA5, sizeof(err));
	rc = ol_archive_extract_fd(fd, dest, lim, &err);
	if (rc != 0 && rc != -1)
		abort();
	if ((rc == 0) != (err.fmt == NULL))
		abort();
	if (memchr(err.arg, '\0', sizeof(err.arg)) == NULL)
		abort();

	ol_archive_error_format(&err, translate, buf, sizeof(buf));
	len = strlen(buf);
	if (!ol_utf8_valid(buf, len) || (rc == -1 && len == 0))
		abort();
	ol_archive_error_format(&err, NULL, buf, 7);
	if (strlen(buf) > 6 || !ol_utf8_valid(buf, strlen(buf)))
		abort();

	check_root(root);
	memset(&t, 0, sizeof(t));
	walk(dest, &t, 0, lim);
	if (t.files > lim->max_entries || t.dirs > lim->max_entries ||
	    t.bytes > lim->max_total)
		abort();
	if (rc == 0 && t.clutter)
		abort();

	if (ol_archive_rmtree(dest) != 0 || access(dest, F_OK) == 0)
		abort();
}

static void
check_name(const uint8_t *data, size_t size)
{
	char		out[OL_ARCHIVE_PATH_MAX + 1], again[sizeof(out)];
	size_t		len, i, start;
	struct ol_archive_error	err;

	if (size > OL_ARCHIVE_NAME_MAX + 16)
		size = OL_ARCHIVE_NAME_MAX + 16;
	if (ol_archive_path_normalize((const char *)data, size, out,
	    sizeof(out), &err) == -1) {
		if (err.fmt == NULL || out[0] != '\0')
			abort();
		return;
	}
	len = strlen(out);
	if (len > OL_ARCHIVE_PATH_MAX || !ol_utf8_valid(out, len) ||
	    strchr(out, '\\') != NULL)
		abort();
	for (start = 0, i = 0; i <= len; i++) {
		if (i < len && out[i] != '/')
			continue;
		if (len > 0 && (i == start ||
		    (i - start == 1 && out[start] == '.') ||
		    (i - start == 2 && out[start] == '.' &&
		    out[start + 1] == '.')))
			abort();
		start = i + 1;
	}
	if (len > 0 && (ol_archive_path_normalize(out, len, again,
	    sizeof(again), &err) != 0 || strcmp(out, again) != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ol_archive_limits	lim;
	char				root[] = "/tmp/fuzz_archive.XXXXXX";
	char				dest[sizeof(root) + 8];
	int				fd, fds[2];

	check_name(data, size);

	lim.max_total = 1024 * 1024;
	lim.max_entries = 64;
	lim.max_ratio = 50;
	lim.max_entry_size = 256 * 1024;

	if (mkdtemp(root) == NULL)
		abort();
	snprintf(dest, sizeof(dest), "%s/dest", root);

	if ((fd = memfd_create("fuzz_archive", MFD_CLOEXEC)) == -1)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	run(fd, root, dest, &lim);
	close(fd);

	/* The same bytes as a stream, when a pipe holds them all. */
	if (pipe2(fds, O_CLOEXEC) == -1)
		abort();
	if (size <= (size_t)fcntl(fds[1], F_GETPIPE_SZ)) {
		if (size > 0 && write(fds[1], data, size) != (ssize_t)size)
			abort();
		close(fds[1]);
		run(fds[0], root, dest, &lim);
	} else
		close(fds[1]);
	close(fds[0]);

	if (rmdir(root) == -1)
		abort();

	return (0);
}
