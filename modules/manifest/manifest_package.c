/*
 * A package extracted into a folder: its imsmanifest.xml read and parsed
 * with the folder's files checked, or, when the manifest is not at the
 * root, the reason in words an uploader can act on (the manifest one
 * folder down: zipped one folder too high; AICC files: not SCORM). What
 * the server and `octolearn-admin inspect` both do with an upload.
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "manifest.h"

#define MANIFEST_NAME		"imsmanifest.xml"
#define SEARCH_DEPTH		3	/* folders below the root */
#define SEARCH_ENTRIES		10000	/* directory entries looked at */

static const char	*aicc_ext[] = { ".crs", ".au", ".des", ".cst", NULL };

static int	find_deeper(int, size_t, char *, size_t, size_t, size_t *);
static int	find_aicc(int, char *, size_t);
static struct ol_manifest *refused(const struct ol_manifest_limits *, int,
		    const char *);

/*
 * Whether a folder target levels below fd (a folder, not closed here)
 * holds imsmanifest.xml; path (size bytes) gets its folder, relative to
 * the root, ending with '/'. Symbolic links are not followed, and at
 * most SEARCH_ENTRIES entries are looked at in all (*seen).
 */
static int
find_deeper(int fd, size_t target, char *path, size_t size, size_t used,
    size_t *seen)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	size_t		 len;
	int		 dfd, sub, found;

	if (target == 0)
		return (fstatat(fd, MANIFEST_NAME, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode));

	if ((dfd = dup(fd)) == -1)
		return (0);
	if ((d = fdopendir(dfd)) == NULL) {
		(void)close(dfd);
		return (0);
	}
	/* dup() shares the offset with every earlier look at fd. */
	rewinddir(d);

	found = 0;
	while (!found && (de = readdir(d)) != NULL) {
		if (++(*seen) > SEARCH_ENTRIES)
			break;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, "__MACOSX"))
			continue;
		len = strlen(de->d_name);
		if (used + len + 2 > size)
			continue;
		sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (sub == -1)
			continue;
		memcpy(path + used, de->d_name, len);
		path[used + len] = '/';
		path[used + len + 1] = '\0';
		found = find_deeper(sub, target - 1, path, size,
		    used + len + 1, seen);
		(void)close(sub);
	}
	(void)closedir(d);

	if (!found)
		path[used] = '\0';
	return (found);
}

/* Whether the root fd holds an AICC course file; name gets its name. */
static int
find_aicc(int fd, char *name, size_t size)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 len, ext, i, seen;
	int		 dfd, found;

	if ((dfd = dup(fd)) == -1)
		return (0);
	if ((d = fdopendir(dfd)) == NULL) {
		(void)close(dfd);
		return (0);
	}
	/* dup() shares the offset with every earlier look at fd. */
	rewinddir(d);

	found = 0;
	seen = 0;
	while (!found && (de = readdir(d)) != NULL && ++seen <= SEARCH_ENTRIES) {
		len = strlen(de->d_name);
		for (i = 0; aicc_ext[i] != NULL; i++) {
			ext = strlen(aicc_ext[i]);
			if (len > ext && len < size &&
			    strcasecmp(de->d_name + len - ext, aicc_ext[i]) ==
			    0) {
				memcpy(name, de->d_name, len + 1);
				found = 1;
				break;
			}
		}
	}
	(void)closedir(d);

	return (found);
}

/* A manifest holding only the error code (with arg), or NULL. */
static struct ol_manifest *
refused(const struct ol_manifest_limits *lim, int code, const char *arg)
{
	struct ol_manifest	*m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return (NULL);
	if (ol_manifest_problem_add(m, lim, code, 0, arg) == -1) {
		ol_manifest_free(m);
		return (NULL);
	}
	ol_manifest_problem_finish(m, lim);

	return (m);
}

/*
 * Parses dir/imsmanifest.xml with the files of dir checked (see
 * ol_manifest_parse(); limits NULL: the defaults). When it cannot, the
 * manifest returned has only the error saying why. NULL only when out of
 * memory.
 */
struct ol_manifest *
ol_manifest_parse_dir(const char *dir, const struct ol_manifest_limits *limits)
{
	struct ol_manifest_limits	 lim;
	struct ol_manifest_access	 acc;
	struct ol_manifest		*m;
	char				 path[1024], num[32];
	char				*buf;
	size_t				 len, depth, seen;
	int				 fd;

	if (limits != NULL)
		lim = *limits;
	else
		ol_manifest_limits_default(&lim);

	if (ol_manifest_dir_access(&acc, dir) == -1)
		return (refused(&lim, OL_MANIFEST_E_UNREADABLE, NULL));

	if (!acc.exists(acc.arg, MANIFEST_NAME)) {
		ol_manifest_dir_release(&acc);
		if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
			return (refused(&lim, OL_MANIFEST_E_NO_MANIFEST, NULL));
		seen = 0;
		for (depth = 1; depth <= SEARCH_DEPTH; depth++) {
			path[0] = '\0';
			if (find_deeper(fd, depth, path, sizeof(path), 0,
			    &seen)) {
				(void)close(fd);
				return (refused(&lim,
				    OL_MANIFEST_E_MANIFEST_DEEPER, path));
			}
		}
		if (find_aicc(fd, path, sizeof(path))) {
			(void)close(fd);
			return (refused(&lim, OL_MANIFEST_E_AICC, path));
		}
		(void)close(fd);
		return (refused(&lim, OL_MANIFEST_E_NO_MANIFEST, NULL));
	}

	if (acc.load(acc.arg, MANIFEST_NAME, lim.max_size, &buf, &len) == -1) {
		ol_manifest_dir_release(&acc);
		if (errno == EFBIG) {
			(void)snprintf(num, sizeof(num), "%zu", lim.max_size);
			return (refused(&lim, OL_MANIFEST_E_TOO_LARGE, num));
		}
		return (refused(&lim, OL_MANIFEST_E_UNREADABLE, NULL));
	}

	m = ol_manifest_parse(buf, len, &lim, &acc);
	free(buf);
	ol_manifest_dir_release(&acc);

	return (m);
}
