/*
 * `octolearn-admin inspect FILE`: what the importer would make of a
 * course package (a .zip) or of an imsmanifest.xml alone, printed as JSON
 * without touching the database: the SCORM version, the organizations
 * with their item trees and launch URLs, the errors that would refuse the
 * import and the warnings that would not. A zip is extracted with
 * modules/archive into a fresh temporary folder, read with
 * modules/manifest and its files checked there, then removed; a lone
 * manifest has no files to check. Exit status 0 when it can be imported,
 * 1 when not, 2 on a usage error (no file, unreadable, extra arguments).
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>

#include "admin.h"
#include "archive.h"
#include "manifest.h"

#define MESSAGE_MAX	2048

static int	is_zip(const char *, int);
static json_t	*jstr(const char *);
static int	inspect_zip(const char *, json_t **);
static int	inspect_xml(int, json_t **);
static int	print(json_t *);

int
admin_inspect(int argc, char **argv)
{
	struct stat	 st;
	json_t		*out;
	int		 fd, ret;

	if (argc != 1 || argv[0][0] == '\0') {
		admin_usage();
		return (ADMIN_USAGE);
	}

	if ((fd = open(argv[0], O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "octolearn-admin: %s: %s\n", argv[0],
		    strerror(errno));
		return (ADMIN_USAGE);
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "octolearn-admin: %s: not a file\n", argv[0]);
		(void)close(fd);
		return (ADMIN_USAGE);
	}

	out = NULL;
	if (is_zip(argv[0], fd)) {
		(void)close(fd);
		ret = inspect_zip(argv[0], &out);
	} else {
		ret = inspect_xml(fd, &out);
		(void)close(fd);
	}
	if (out == NULL) {
		fprintf(stderr, "octolearn-admin: %s: cannot be inspected\n",
		    argv[0]);
		return (ADMIN_FAIL);
	}
	if (print(out) == -1)
		ret = ADMIN_FAIL;
	json_decref(out);

	return (ret);
}

/* A zip by its first bytes (a local or an empty archive), or its name. */
static int
is_zip(const char *path, int fd)
{
	unsigned char	magic[4];
	size_t		len;

	if (pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
	    magic[0] == 'P' && magic[1] == 'K' &&
	    ((magic[2] == 3 && magic[3] == 4) ||
	    (magic[2] == 5 && magic[3] == 6)))
		return (1);

	len = strlen(path);
	return (len >= 4 && !strcasecmp(path + len - 4, ".zip"));
}

/* A string, null for NULL (or for text jansson refuses). */
static json_t *
jstr(const char *s)
{
	json_t		*j;

	if (s == NULL || (j = json_string(s)) == NULL)
		return (json_null());

	return (j);
}

/*
 * The zip at path, extracted into a folder of its own under $TMPDIR (or
 * /tmp) and removed afterwards, whatever happened.
 */
static int
inspect_zip(const char *path, json_t **out)
{
	struct ol_archive_error	 err;
	struct ol_manifest	 refused;
	struct ol_manifest	*m;
	const char		*tmp;
	char			 dir[PATH_MAX], msg[MESSAGE_MAX];
	int			 ret;

	tmp = getenv("TMPDIR");
	if (tmp == NULL || tmp[0] != '/' || strlen(tmp) > PATH_MAX / 2)
		tmp = "/tmp";
	(void)snprintf(dir, sizeof(dir), "%s/octolearn-inspect-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "octolearn-admin: %s: %s\n", dir,
		    strerror(errno));
		return (ADMIN_FAIL);
	}

	memset(&err, 0, sizeof(err));
	if (ol_archive_extract(path, dir, NULL, &err) == -1) {
		/* The archive's reason, as the manifest's errors are. */
		ol_archive_error_format(&err, NULL, msg, sizeof(msg));
		memset(&refused, 0, sizeof(refused));
		*out = ol_manifest_json(&refused, NULL);
		json_array_append_new(json_object_get(*out, "errors"),
		    json_pack("{s:i,s:o}", "line", 0, "message",
		    jstr(msg[0] != '\0' ? msg : "the archive was refused")));
		ret = ADMIN_FAIL;
	} else if ((m = ol_manifest_parse_dir(dir, NULL)) == NULL) {
		fprintf(stderr, "octolearn-admin: out of memory\n");
		ret = ADMIN_FAIL;
	} else {
		*out = ol_manifest_json(m, NULL);
		ret = ol_manifest_importable(m) ? ADMIN_OK : ADMIN_FAIL;
		ol_manifest_free(m);
	}

	if (ol_archive_rmtree(dir) == -1)
		fprintf(stderr, "octolearn-admin: %s could not be removed: %s\n",
		    dir, strerror(errno));

	return (ret);
}

/*
 * A manifest alone, from fd: at most one byte over the parser's limit is
 * read, enough for it to say the file is too large.
 */
static int
inspect_xml(int fd, json_t **out)
{
	struct ol_manifest	*m;
	char			*buf;
	size_t			 len, size;
	ssize_t			 n;
	int			 ret;

	size = OL_MANIFEST_MAX_SIZE + 1;
	if ((buf = malloc(size)) == NULL) {
		fprintf(stderr, "octolearn-admin: out of memory\n");
		return (ADMIN_FAIL);
	}
	len = 0;
	while (len < size) {
		n = read(fd, buf + len, size - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			fprintf(stderr, "octolearn-admin: %s\n",
			    strerror(errno));
			free(buf);
			return (ADMIN_USAGE);
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}

	m = ol_manifest_parse(buf, len, NULL, NULL);
	free(buf);
	if (m == NULL) {
		fprintf(stderr, "octolearn-admin: out of memory\n");
		return (ADMIN_FAIL);
	}
	*out = ol_manifest_json(m, NULL);
	ret = ol_manifest_importable(m) ? ADMIN_OK : ADMIN_FAIL;
	ol_manifest_free(m);

	return (ret);
}

static int
print(json_t *out)
{
	if (json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ==
	    -1 || fputc('\n', stdout) == EOF || fflush(stdout) == EOF) {
		fprintf(stderr, "octolearn-admin: cannot write the output\n");
		return (-1);
	}

	return (0);
}
