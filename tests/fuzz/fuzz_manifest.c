/*
 * libFuzzer harness for modules/manifest, with small limits so that every
 * limit is reached. The input is the manifest; the package around it
 * says a file exists by a hash of its path, and a metadata file is the
 * input itself, so that the metadata reader sees the same bytes. Whatever
 * the input: a result always comes back (memory is not short here);
 * errors and warnings are in their lists with their own messages, lines
 * within the document, arguments short and valid UTF-8, and formatting
 * them stays in its buffer; what is importable has a version, a default
 * organization with an identifier and items whose resources lie in the
 * manifest's array; every string handed back is valid UTF-8; a second
 * parse gives the same counts. Then the URL functions get pieces of the
 * input: a local path never leaves the package.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "utf8.h"

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct pkg {
	const uint8_t	*data;
	size_t		 size;
};

static size_t	count_lines(const uint8_t *, size_t);
static void	check_str(const char *);
static int	pkg_exists(void *, const char *);
static int	pkg_load(void *, const char *, size_t, char **, size_t *);
static void	check_problems(const struct ol_manifest_problem *, size_t,
		    int, size_t, size_t);
static size_t	check_items(const struct ol_manifest *,
		    const struct ol_manifest_item *, size_t);
static void	check_manifest(const struct ol_manifest *,
		    const struct ol_manifest_limits *, size_t);
static void	check_urls(const uint8_t *, size_t);

static size_t
count_lines(const uint8_t *s, size_t len)
{
	size_t		i, n;

	for (n = 1, i = 0; i < len; i++) {
		if (s[i] == '\n')
			n++;
	}

	return (n);
}

static void
check_str(const char *s)
{
	if (s != NULL && !ol_utf8_valid(s, strlen(s)))
		abort();
}

/* Half of the paths exist, by hash; the same path always answers alike. */
static int
pkg_exists(void *arg, const char *path)
{
	size_t		h;

	(void)arg;
	if (path == NULL || path[0] == '\0' || path[0] == '/')
		abort();
	for (h = 5381; *path != '\0'; path++)
		h = h * 33 + (unsigned char)*path;

	return ((h >> 3) & 1);
}

static int
pkg_load(void *arg, const char *path, size_t max, char **buf, size_t *len)
{
	struct pkg	*p = arg;

	if (path == NULL || path[0] == '\0' || path[0] == '/')
		abort();
	if (p->size > max || !pkg_exists(arg, path))
		return (-1);
	if ((*buf = malloc(p->size + 1)) == NULL)
		abort();
	if (p->size > 0)
		memcpy(*buf, p->data, p->size);
	(*buf)[p->size] = '\0';
	*len = p->size;

	return (0);
}

static void
check_problems(const struct ol_manifest_problem *list, size_t n, int errors,
    size_t max, size_t lines)
{
	char		buf[48];
	size_t		i;
	int		len;

	if (n > max + 1 || (n > 0 && list == NULL))
		abort();
	for (i = 0; i < n; i++) {
		if ((list[i].code < 100) != errors)
			abort();
		if (list[i].fmt == NULL ||
		    list[i].fmt != ol_manifest_problem_fmt(list[i].code))
			abort();
		if (list[i].line > lines)
			abort();
		if (list[i].arg != NULL) {
			if (strlen(list[i].arg) > OL_MANIFEST_ARG_MAX)
				abort();
			check_str(list[i].arg);
		}
		len = ol_manifest_problem_format(&list[i], NULL, buf,
		    sizeof(buf));
		if (len < 0 || memchr(buf, '\0', sizeof(buf)) == NULL)
			abort();
		if ((size_t)len < sizeof(buf) && strlen(buf) != (size_t)len)
			abort();
		check_str(buf);
	}
}

/* Checks a tree; the number of items in it. */
static size_t
check_items(const struct ol_manifest *m, const struct ol_manifest_item *items,
    size_t n)
{
	const struct ol_manifest_item	*it;
	size_t				 i, count;

	count = 0;
	for (i = 0; i < n; i++) {
		it = &items[i];
		count++;
		check_str(it->identifier);
		check_str(it->identifierref);
		check_str(it->title);
		check_str(it->parameters);
		check_str(it->launch);
		check_str(it->data_from_lms);
		check_str(it->prerequisites);
		check_str(it->sequencing);
		if (it->resource != NULL && (it->resource < m->resources ||
		    it->resource >= m->resources + m->nresources))
			abort();
		if (it->launch != NULL && it->resource == NULL)
			abort();
		if (it->scorm_type != OL_SCORM_TYPE_NONE &&
		    it->resource == NULL)
			abort();
		if ((it->hide_lms_ui & ~OL_MANIFEST_HIDE_ALL) != 0)
			abort();
		if (it->has_mastery_score && (it->mastery_score < 0.0 ||
		    it->mastery_score > 100.0))
			abort();
		if (it->completion_threshold.present &&
		    (it->completion_threshold.min_progress_measure < 0.0 ||
		    it->completion_threshold.min_progress_measure > 1.0 ||
		    it->completion_threshold.progress_weight < 0.0 ||
		    it->completion_threshold.progress_weight > 1.0))
			abort();
		if (m->nerrors == 0 && it->identifier == NULL)
			abort();
		count += check_items(m, it->items, it->nitems);
	}

	return (count);
}

static void
check_manifest(const struct ol_manifest *m,
    const struct ol_manifest_limits *lim, size_t lines)
{
	size_t		i, j;

	check_problems(m->errors, m->nerrors, 1, lim->max_problems, lines);
	check_problems(m->warnings, m->nwarnings, 0, lim->max_problems,
	    lines);

	if (ol_manifest_importable(m) !=
	    (m->nerrors == 0 && m->version != OL_SCORM_UNKNOWN))
		abort();
	if (m->nerrors == 0) {
		if (ol_manifest_version_name(m->version) == NULL ||
		    m->norgs == 0 || m->orgs[0].identifier == NULL)
			abort();
	}

	check_str(m->identifier);
	check_str(m->title);
	check_str(m->meta_title);
	check_str(m->description);
	check_str(m->language);
	check_str(m->sequencing_collection);

	for (i = 0; i < m->nresources; i++) {
		check_str(m->resources[i].identifier);
		check_str(m->resources[i].href);
		check_str(m->resources[i].url);
		if (m->resources[i].scorm_type != OL_SCORM_TYPE_SCO &&
		    m->resources[i].scorm_type != OL_SCORM_TYPE_ASSET)
			abort();
		for (j = 0; j < m->resources[i].nfiles; j++)
			check_str(m->resources[i].files[j]);
		for (j = 0; j < m->resources[i].ndependencies; j++)
			check_str(m->resources[i].dependencies[j]);
	}
	for (i = 0; i < m->norgs; i++) {
		check_str(m->orgs[i].identifier);
		check_str(m->orgs[i].title);
		(void)check_items(m, m->orgs[i].items, m->orgs[i].nitems);
	}
}

/* Three NUL-free pieces of the input, split on '|'. */
static void
check_urls(const uint8_t *data, size_t size)
{
	const char	*ref, *params;
	char		*copy, *base, *bar, *url, *path;
	int		 rc, decode;

	if ((copy = malloc(size + 1)) == NULL)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (strlen(copy) != size) {
		free(copy);
		return;
	}

	base = copy;
	ref = "";
	params = NULL;
	if ((bar = strchr(base, '|')) != NULL) {
		*bar = '\0';
		ref = bar + 1;
		if ((bar = strchr(ref, '|')) != NULL) {
			*bar = '\0';
			params = bar + 1;
		}
	}

	if ((url = ol_manifest_url_resolve(base, ref)) == NULL)
		abort();
	free(url);
	if ((url = ol_manifest_url_launch(ref, params)) == NULL)
		abort();
	free(url);

	for (decode = 0; decode <= 1; decode++) {
		rc = ol_manifest_url_path(ref, decode, &path);
		if (rc == OL_MANIFEST_URL_LOCAL) {
			if (path == NULL || path[0] == '/' ||
			    !strcmp(path, "..") || !strncmp(path, "../", 3) ||
			    strstr(path, "/../") != NULL ||
			    (strlen(path) >= 3 &&
			    !strcmp(path + strlen(path) - 3, "/..")))
				abort();
			free(path);
		} else if (path != NULL || (rc != OL_MANIFEST_URL_EXTERNAL &&
		    rc != OL_MANIFEST_URL_OUTSIDE)) {
			abort();
		}
	}

	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ol_manifest_limits	 lim;
	struct ol_manifest_access	 acc;
	struct ol_manifest		*m, *again;
	struct pkg			 pkg;
	size_t				 lines;

	lim.max_size = 256 * 1024;
	lim.max_depth = 32;
	lim.max_meta_size = 64 * 1024;
	lim.max_problems = 16;
	lines = count_lines(data, size);

	pkg.data = data;
	pkg.size = size;
	acc.exists = pkg_exists;
	acc.load = pkg_load;
	acc.arg = &pkg;

	/* A manifest alone, then inside its package. */
	if ((m = ol_manifest_parse((const char *)data, size, &lim, NULL)) ==
	    NULL)
		abort();
	check_manifest(m, &lim, lines);
	ol_manifest_free(m);

	if ((m = ol_manifest_parse((const char *)data, size, &lim, &acc)) ==
	    NULL)
		abort();
	check_manifest(m, &lim, lines);

	if ((again = ol_manifest_parse((const char *)data, size, &lim,
	    &acc)) == NULL)
		abort();
	if (again->nerrors != m->nerrors || again->nwarnings != m->nwarnings ||
	    again->norgs != m->norgs || again->nresources != m->nresources ||
	    again->version != m->version)
		abort();
	ol_manifest_free(again);
	ol_manifest_free(m);

	if (size <= 4096)
		check_urls(data, size);

	return (0);
}
