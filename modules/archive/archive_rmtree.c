/*
 * Removal of a staging directory and everything under it, for when an
 * extraction was refused or its package is replaced. What is inside came
 * from an upload, so nothing is ever followed: every directory is opened
 * relative to its parent with O_NOFOLLOW and its entries are removed with
 * unlinkat(), so a symbolic link is removed, never its target.
 */

#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"

/* Directories below the one given; deeper trees are refused (ELOOP). */
#define RMTREE_DEPTH_MAX	128

static int	empty_dir(int, int);
static int	remove_at(int, const char *, int);

/*
 * Removes name in the directory dirfd: unlinked when it is not a
 * directory, emptied and removed when it is.
 */
static int
remove_at(int dirfd, const char *name, int depth)
{
	int		fd, rc, saved;

	if (unlinkat(dirfd, name, 0) == 0)
		return (0);
	if (errno != EISDIR && errno != EPERM)
		return (-1);

	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return (-1);
	rc = empty_dir(fd, depth + 1);	/* closes fd */
	saved = errno;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == -1) {
		if (rc == 0)
			saved = errno;
		rc = -1;
	}
	errno = saved;

	return (rc);
}

/*
 * Removes everything in the directory fd, which it closes. Entries are
 * read again until a pass finds nothing left, as removing entries while
 * reading a directory may make readdir() miss some.
 */
static int
empty_dir(int fd, int depth)
{
	DIR		*dir;
	struct dirent	*de;
	int		 rc, removed, saved;

	if (depth > RMTREE_DEPTH_MAX) {
		(void)close(fd);
		errno = ELOOP;
		return (-1);
	}
	if ((dir = fdopendir(fd)) == NULL) {
		saved = errno;
		(void)close(fd);
		errno = saved;
		return (-1);
	}

	rc = 0;
	do {
		removed = 0;
		errno = 0;
		while ((de = readdir(dir)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (remove_at(dirfd(dir), de->d_name, depth) == -1)
				rc = -1;
			else
				removed = 1;
			errno = 0;
		}
		if (errno != 0)
			rc = -1;
		rewinddir(dir);
	} while (rc == 0 && removed);

	saved = errno;
	(void)closedir(dir);
	errno = saved;

	return (rc);
}

/*
 * Removes dir and everything under it, following no symbolic link; when
 * dir itself is not a directory (a symbolic link, say) it is unlinked.
 * 0, or -1 with errno set (ENOENT when dir does not exist); on -1 what
 * could be removed has been.
 */
int
ol_archive_rmtree(const char *dir)
{
	int		fd, rc, saved;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOTDIR || errno == ELOOP)
			return (unlink(dir));
		return (-1);
	}

	rc = empty_dir(fd, 0);
	saved = errno;
	if (rmdir(dir) == -1) {
		if (rc == 0)
			saved = errno;
		rc = -1;
	}
	errno = saved;

	return (rc);
}
