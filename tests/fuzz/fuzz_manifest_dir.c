/*
 * libFuzzer harness for the package access of modules/manifest over an
 * extracted folder (manifest_dir.c), whose paths come from the manifest,
 * that is from whoever made the package. A folder made once holds three
 * files (one named in NFC), a link to a file outside it and a link to
 * its parent; beside it lies a secret. The input is a path. Whatever it
 * is: a path that exists loads; what loads is one of the three files,
 * never the secret, never through a link; a size limit below the file's
 * refuses it; nothing is left allocated on a refusal.
 */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "manifest.h"

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	put(const char *, const char *, const char *);
static void	setup(void);
static void	cleanup(void);

static char			root[] = "/tmp/fuzz_manifest_dir.XXXXXX";
static struct ol_manifest_access acc;

static void
put(const char *dir, const char *name, const char *text)
{
	char		path[512];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) != 0)
		abort();
}

/* At exit: the folder goes (links are removed, not followed). */
static void
cleanup(void)
{
	ol_manifest_dir_release(&acc);
	(void)ol_archive_rmtree(root);
}

static void
setup(void)
{
	char		pkg[512], path[512];

	if (mkdtemp(root) == NULL || atexit(cleanup) != 0)
		abort();
	put(root, "secret", "SECRET");
	snprintf(pkg, sizeof(pkg), "%s/pkg", root);
	snprintf(path, sizeof(path), "%s/sub", pkg);
	if (mkdir(pkg, 0700) == -1 || mkdir(path, 0700) == -1)
		abort();
	put(pkg, "a.html", "file a");
	put(pkg, "sub/b.html", "file b");
	put(pkg, "caf\xc3\xa9.html", "file c");
	snprintf(path, sizeof(path), "%s/link", pkg);
	if (symlink("../secret", path) == -1)
		abort();
	snprintf(path, sizeof(path), "%s/up", pkg);
	if (symlink("..", path) == -1)
		abort();
	if (ol_manifest_dir_access(&acc, pkg) == -1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*path, *buf;
	size_t		 len;
	int		 exists, rc;

	if (root[sizeof(root) - 2] == 'X')
		setup();

	if ((path = malloc(size + 1)) == NULL)
		abort();
	memcpy(path, data, size);
	path[size] = '\0';
	if (path[0] == '\0') {
		free(path);
		return (0);
	}

	exists = acc.exists(acc.arg, path);
	if (exists != 0 && exists != 1)
		abort();
	buf = (char *)1;
	rc = acc.load(acc.arg, path, 1024, &buf, &len);
	if (rc == 0) {
		if (buf == NULL || len != 6 || strlen(buf) != 6 ||
		    (strcmp(buf, "file a") != 0 && strcmp(buf, "file b") != 0 &&
		    strcmp(buf, "file c") != 0))
			abort();
		free(buf);
		if (!exists)
			abort();
		buf = (char *)1;
		if (acc.load(acc.arg, path, 5, &buf, &len) != -1 ||
		    buf != NULL)
			abort();
	} else {
		if (rc != -1 || buf != NULL || exists)
			abort();
	}
	free(path);

	return (0);
}
