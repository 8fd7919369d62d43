/*
 * Package access over a folder on disk (an extracted upload), for
 * ol_manifest_parse(). A path comes from the manifest, that is from
 * whoever made the package, so it can only name a regular file below the
 * folder: an absolute path or a ".." segment is refused before anything
 * is opened, and the path is walked one folder at a time from the
 * folder's descriptor with openat() and O_NOFOLLOW, so that no symbolic
 * link is followed, at any depth.
 *
 * A name not found as written is looked for once more as
 * modules/archive writes the entries it extracts (Unicode NFC, '\' a
 * separator): a package made on a Mac names its files in NFD, one made
 * on Windows may write "content\page.html".
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "manifest.h"

struct dir_access {
	int		fd;
};

static int	walk(int, const char *, char *, size_t, const char **);
static int	exists_as(int, const char *);
static int	load_as(int, const char *, size_t, char **, size_t *);
static const char *extracted_name(const char *, char *, size_t);
static int	dir_exists(void *, const char *);
static int	dir_load(void *, const char *, size_t, char **, size_t *);

/*
 * Fills acc with callbacks over the folder dir. 0, or -1 with errno set
 * when dir cannot be opened. ol_manifest_dir_release() undoes it.
 */
int
ol_manifest_dir_access(struct ol_manifest_access *acc, const char *dir)
{
	struct dir_access	*da;
	int			 saved;

	memset(acc, 0, sizeof(*acc));
	if ((da = malloc(sizeof(*da))) == NULL)
		return (-1);
	if ((da->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		saved = errno;
		free(da);
		errno = saved;
		return (-1);
	}

	acc->exists = dir_exists;
	acc->load = dir_load;
	acc->arg = da;

	return (0);
}

void
ol_manifest_dir_release(struct ol_manifest_access *acc)
{
	struct dir_access	*da;

	if ((da = acc->arg) != NULL) {
		(void)close(da->fd);
		free(da);
	}
	memset(acc, 0, sizeof(*acc));
}

/*
 * Opens the folder that holds the last component of relpath, from base;
 * buf (size bytes) keeps the copy of relpath that *name points into. The
 * descriptor (base itself when relpath has one component; the caller
 * closes any other), or -1 with errno set.
 */
static int
walk(int base, const char *relpath, char *buf, size_t size,
    const char **name)
{
	char		*p, *slash;
	size_t		len;
	int		fd, nfd, saved;

	len = strlen(relpath);
	if (len == 0 || len >= size || relpath[0] == '/') {
		errno = EINVAL;
		return (-1);
	}
	memcpy(buf, relpath, len + 1);

	/* Refuse any ".." before opening anything. */
	for (p = buf; p != NULL; p = slash != NULL ? slash + 1 : NULL) {
		slash = strchr(p, '/');
		len = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			errno = EINVAL;
			return (-1);
		}
		if (len > NAME_MAX) {
			errno = ENAMETOOLONG;
			return (-1);
		}
	}

	fd = base;
	p = buf;
	while ((slash = strchr(p, '/')) != NULL) {
		*slash = '\0';
		if (p[0] != '\0' && strcmp(p, ".") != 0) {
			nfd = openat(fd, p, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			saved = errno;
			if (fd != base)
				(void)close(fd);
			if (nfd == -1) {
				errno = saved;
				return (-1);
			}
			fd = nfd;
		}
		p = slash + 1;
	}

	if (p[0] == '\0' || strcmp(p, ".") == 0) {
		if (fd != base)
			(void)close(fd);
		errno = EINVAL;
		return (-1);
	}

	*name = p;
	return (fd);
}

/*
 * relpath as archive extraction would have written it into buf, or NULL
 * when that is relpath itself or no name extraction would write.
 */
static const char *
extracted_name(const char *relpath, char *buf, size_t size)
{
	if (ol_archive_path_normalize(relpath, strlen(relpath), buf, size,
	    NULL) == -1 || buf[0] == '\0' || strcmp(buf, relpath) == 0)
		return (NULL);

	return (buf);
}

/* 1, or 0 with errno set (EINVAL: there, but not a regular file). */
static int
exists_as(int base, const char *relpath)
{
	struct stat	 st;
	char		 buf[PATH_MAX];
	const char	*name;
	int		 fd, rc, saved;

	if ((fd = walk(base, relpath, buf, sizeof(buf), &name)) == -1)
		return (0);
	rc = fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW);
	saved = errno;
	if (fd != base)
		(void)close(fd);
	errno = rc == 0 ? EINVAL : saved;

	return (rc == 0 && S_ISREG(st.st_mode));
}

/*
 * The other name is tried only when the name as written is not found, as
 * dir_load() does, so that a file exists exactly when it loads: a name
 * that walk() refuses ("a.html/") is not found under its extracted
 * form ("a.html") either.
 */
static int
dir_exists(void *arg, const char *relpath)
{
	struct dir_access	*da = arg;
	char			 buf[OL_ARCHIVE_PATH_MAX + 1];
	const char		*other;

	if (exists_as(da->fd, relpath))
		return (1);
	if (errno != ENOENT ||
	    (other = extracted_name(relpath, buf, sizeof(buf))) == NULL)
		return (0);

	return (exists_as(da->fd, other));
}

static int
dir_load(void *arg, const char *relpath, size_t max, char **out,
    size_t *outlen)
{
	struct dir_access	*da = arg;
	char			 buf[OL_ARCHIVE_PATH_MAX + 1];
	const char		*other;
	int			 saved;

	if (load_as(da->fd, relpath, max, out, outlen) == 0)
		return (0);
	saved = errno;
	if (saved != ENOENT ||
	    (other = extracted_name(relpath, buf, sizeof(buf))) == NULL) {
		errno = saved;
		return (-1);
	}

	return (load_as(da->fd, other, max, out, outlen));
}

static int
load_as(int base, const char *relpath, size_t max, char **out,
    size_t *outlen)
{
	struct stat		 st;
	char			 path[PATH_MAX];
	const char		*name;
	char			*buf;
	size_t			 len;
	ssize_t			 n;
	int			 dfd, fd, saved;

	*out = NULL;
	*outlen = 0;

	if ((dfd = walk(base, relpath, path, sizeof(path), &name)) == -1)
		return (-1);
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	saved = errno;
	if (dfd != base)
		(void)close(dfd);
	if (fd == -1) {
		errno = saved;
		return (-1);
	}

	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		(void)close(fd);
		errno = EINVAL;
		return (-1);
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size > max) {
		(void)close(fd);
		errno = EFBIG;
		return (-1);
	}

	/* One byte more than allowed tells a file that grew since. */
	if ((buf = malloc((size_t)st.st_size + 2)) == NULL) {
		(void)close(fd);
		errno = ENOMEM;
		return (-1);
	}
	len = 0;
	for (;;) {
		n = read(fd, buf + len, (size_t)st.st_size + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len > (size_t)st.st_size)
			break;
	}
	saved = errno;
	(void)close(fd);
	if (n == -1 || len > (size_t)st.st_size) {
		free(buf);
		errno = n == -1 ? saved : EFBIG;
		return (-1);
	}
	buf[len] = '\0';

	*out = buf;
	*outlen = len;
	return (0);
}
