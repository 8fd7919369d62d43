/*
 * What an extracted package holds: its regular files and their bytes,
 * counted without following symbolic links (extraction makes none, but
 * the count must not be led outside the folder if one were there).
 */

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"

static void	usage_walk(int, uint64_t *, uint64_t *, int);

static void
usage_walk(int fd, uint64_t *bytes, uint64_t *files, int depth)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	int		 sub;

	if (depth > OL_ARCHIVE_DEPTH_MAX || (d = fdopendir(fd)) == NULL) {
		(void)close(fd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		if (S_ISREG(st.st_mode)) {
			*bytes += (uint64_t)st.st_size;
			(*files)++;
		} else if (S_ISDIR(st.st_mode)) {
			sub = openat(dirfd(d), e->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub != -1)
				usage_walk(sub, bytes, files, depth + 1);
		}
	}
	(void)closedir(d);
}

int
ol_archive_usage(const char *dir, uint64_t *bytes, uint64_t *files)
{
	int		fd;

	*bytes = 0;
	*files = 0;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return (-1);
	usage_walk(fd, bytes, files, 0);

	return (0);
}
