/*
 * Unit tests for modules/manifest, against the third-party corpus in
 * ../shared/corpus (read where it is, with the project root as the
 * working directory; nothing of it is copied here): versions of every
 * edition, the default organization first, item trees, trimmed
 * identifiers, launch URLs from xml:base and parameters, the 1.2 and 2004
 * extensions, each broken manifest giving its own error on its line, and
 * every ADL conformance manifest read. Then what an attacker would send
 * (XXE, billion laughs, deep nesting, paths out of the package), the
 * package access over a folder, problem formatting, and parses in
 * several threads at once.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "manifest.h"

#define CORPUS		"../shared/corpus/"
#define MANIFESTS	CORPUS "manifests/"
#define PACKAGES	CORPUS "packages/"
#define CTS_COUNT	189

#define S(str)		(str), sizeof(str) - 1

#define CP12		"http://www.imsproject.org/xsd/imscp_rootv1p1p2"
#define CP2004		"http://www.imsglobal.org/xsd/imscp_v1p1"
#define ADLCP12		"http://www.adlnet.org/xsd/adlcp_rootv1p2"
#define ADLCP2004	"http://www.adlnet.org/xsd/adlcp_v1p3"

/* A package made of a list of paths, with contents for load(). */
struct fake_file {
	const char	*path;
	const char	*data;		/* NULL: exists, not loadable */
};

struct fake_pkg {
	const struct fake_file	*files;
	size_t			 nfiles;
	size_t			 exists_calls;
	size_t			 load_calls;
};

static char	*slurp(const char *, size_t *);
static struct ol_manifest *parse_file(const char *,
		    const struct ol_manifest_access *);
static struct ol_manifest *parse_str(const char *,
		    const struct ol_manifest_access *);
static struct ol_manifest *parse_package(const char *);
static int	fake_exists(void *, const char *);
static int	fake_load(void *, const char *, size_t, char **, size_t *);
static void	fake_access(struct ol_manifest_access *, struct fake_pkg *,
		    const struct fake_file *, size_t);
static const struct ol_manifest_problem *find_problem(
		    const struct ol_manifest_problem *, size_t, int);
static void	want_problem(const struct ol_manifest *, int, size_t,
		    const char *);
static void	no_errors(const struct ol_manifest *);
static const struct ol_manifest_item *find_in(
		    const struct ol_manifest_item *, size_t, const char *);
static const struct ol_manifest_item *find_item(const struct ol_manifest *,
		    const char *);
static size_t	count_items(const struct ol_manifest_item *, size_t,
		    int);
static size_t	tree_depth(const struct ol_manifest_item *, size_t);
static const struct ol_manifest_resource *find_resource(
		    const struct ol_manifest *, const char *);
static char	*manifest_doc(const char *, const char *, const char *,
		    const char *);
static size_t	parse_folder(const char *, size_t *, char *, size_t);
static const char *shout(const char *);
static void	*thread_main(void *);

static char *
slurp(const char *path, size_t *len)
{
	struct stat	st;
	char		*buf;
	int		fd;

	fd = open(path, O_RDONLY);
	if (fd == -1)
		fail_msg("%s: %s (tests run from the project root, with the "
		    "corpus in ../shared/corpus)", path, strerror(errno));
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(read(fd, buf, (size_t)st.st_size), st.st_size);
	buf[st.st_size] = '\0';
	(void)close(fd);
	*len = (size_t)st.st_size;

	return (buf);
}

/* A manifest of the corpus, by its path under manifests/. */
static struct ol_manifest *
parse_file(const char *rel, const struct ol_manifest_access *acc)
{
	struct ol_manifest	*m;
	char			 path[512];
	char			*buf;
	size_t			 len;

	(void)snprintf(path, sizeof(path), MANIFESTS "%s", rel);
	buf = slurp(path, &len);
	m = ol_manifest_parse(buf, len, NULL, acc);
	free(buf);
	assert_non_null(m);

	return (m);
}

static struct ol_manifest *
parse_str(const char *doc, const struct ol_manifest_access *acc)
{
	struct ol_manifest	*m;

	m = ol_manifest_parse(doc, strlen(doc), NULL, acc);
	assert_non_null(m);

	return (m);
}

/* A zip of the corpus, extracted with modules/archive, then parsed. */
static struct ol_manifest *
parse_package(const char *name)
{
	struct ol_archive_error	 err;
	struct ol_manifest	*m;
	char			 dir[] = "/tmp/test-manifest-XXXXXX";
	char			 path[512];

	(void)snprintf(path, sizeof(path), PACKAGES "%s", name);
	assert_non_null(mkdtemp(dir));
	if (ol_archive_extract(path, dir, NULL, &err) == -1) {
		(void)ol_archive_rmtree(dir);
		fail_msg("%s: refused: %s", name, err.fmt);
	}
	m = ol_manifest_parse_dir(dir, NULL);
	assert_int_equal(ol_archive_rmtree(dir), 0);
	assert_non_null(m);

	return (m);
}

static int
fake_exists(void *arg, const char *path)
{
	struct fake_pkg	*pkg = arg;
	size_t		 i;

	pkg->exists_calls++;
	for (i = 0; i < pkg->nfiles; i++) {
		if (strcmp(pkg->files[i].path, path) == 0)
			return (1);
	}

	return (0);
}

static int
fake_load(void *arg, const char *path, size_t max, char **buf, size_t *len)
{
	struct fake_pkg	*pkg = arg;
	size_t		 i;

	pkg->load_calls++;
	for (i = 0; i < pkg->nfiles; i++) {
		if (strcmp(pkg->files[i].path, path) != 0 ||
		    pkg->files[i].data == NULL)
			continue;
		*len = strlen(pkg->files[i].data);
		if (*len > max) {
			errno = EFBIG;
			return (-1);
		}
		*buf = strdup(pkg->files[i].data);
		assert_non_null(*buf);
		return (0);
	}
	errno = ENOENT;

	return (-1);
}

static void
fake_access(struct ol_manifest_access *acc, struct fake_pkg *pkg,
    const struct fake_file *files, size_t n)
{
	memset(pkg, 0, sizeof(*pkg));
	pkg->files = files;
	pkg->nfiles = n;
	acc->exists = fake_exists;
	acc->load = fake_load;
	acc->arg = pkg;
}

static const struct ol_manifest_problem *
find_problem(const struct ol_manifest_problem *list, size_t n, int code)
{
	size_t		i;

	for (i = 0; i < n; i++) {
		if (list[i].code == code)
			return (&list[i]);
	}

	return (NULL);
}

/* m has problem code on line (0: any line) with arg (NULL: any). */
static void
want_problem(const struct ol_manifest *m, int code, size_t line,
    const char *arg)
{
	const struct ol_manifest_problem	*list, *p;
	size_t					 i, n;
	char					 msg[1024];

	list = code < 100 ? m->errors : m->warnings;
	n = code < 100 ? m->nerrors : m->nwarnings;
	for (i = 0; i < n; i++) {
		p = &list[i];
		if (p->code != code || (line != 0 && p->line != line))
			continue;
		if (arg != NULL && (p->arg == NULL || strcmp(p->arg, arg)))
			continue;
		assert_non_null(p->fmt);
		return;
	}

	for (i = 0; i < m->nerrors; i++) {
		(void)ol_manifest_problem_format(&m->errors[i], NULL, msg,
		    sizeof(msg));
		print_error("error %d line %zu: %s\n", m->errors[i].code,
		    m->errors[i].line, msg);
	}
	for (i = 0; i < m->nwarnings; i++) {
		(void)ol_manifest_problem_format(&m->warnings[i], NULL, msg,
		    sizeof(msg));
		print_error("warning %d line %zu: %s\n", m->warnings[i].code,
		    m->warnings[i].line, msg);
	}
	fail_msg("no problem %d on line %zu with \"%s\"", code, line,
	    arg != NULL ? arg : "(any)");
}

static void
no_errors(const struct ol_manifest *m)
{
	char		msg[1024];

	if (m->nerrors == 0) {
		assert_true(ol_manifest_importable(m));
		return;
	}
	(void)ol_manifest_problem_format(&m->errors[0], NULL, msg,
	    sizeof(msg));
	fail_msg("%zu errors, first on line %zu: %s", m->nerrors,
	    m->errors[0].line, msg);
}

static const struct ol_manifest_item *
find_in(const struct ol_manifest_item *items, size_t n, const char *id)
{
	const struct ol_manifest_item	*it;
	size_t				 i;

	for (i = 0; i < n; i++) {
		if (items[i].identifier != NULL &&
		    strcmp(items[i].identifier, id) == 0)
			return (&items[i]);
		if ((it = find_in(items[i].items, items[i].nitems, id)) !=
		    NULL)
			return (it);
	}

	return (NULL);
}

static const struct ol_manifest_item *
find_item(const struct ol_manifest *m, const char *id)
{
	const struct ol_manifest_item	*it;
	size_t				 i;

	for (i = 0; i < m->norgs; i++) {
		if ((it = find_in(m->orgs[i].items, m->orgs[i].nitems, id)) !=
		    NULL)
			return (it);
	}
	fail_msg("no item %s", id);

	return (NULL);
}

/* Items in the tree; with scos set, only those launching a SCO. */
static size_t
count_items(const struct ol_manifest_item *items, size_t n, int scos)
{
	size_t		i, count;

	count = 0;
	for (i = 0; i < n; i++) {
		if (!scos || (items[i].scorm_type == OL_SCORM_TYPE_SCO &&
		    items[i].launch != NULL))
			count++;
		count += count_items(items[i].items, items[i].nitems, scos);
	}

	return (count);
}

static size_t
tree_depth(const struct ol_manifest_item *items, size_t n)
{
	size_t		i, d, max;

	max = 0;
	for (i = 0; i < n; i++) {
		d = 1 + tree_depth(items[i].items, items[i].nitems);
		if (d > max)
			max = d;
	}

	return (max);
}

static const struct ol_manifest_resource *
find_resource(const struct ol_manifest *m, const char *id)
{
	size_t		i;

	for (i = 0; i < m->nresources; i++) {
		if (m->resources[i].identifier != NULL &&
		    strcmp(m->resources[i].identifier, id) == 0)
			return (&m->resources[i]);
	}
	fail_msg("no resource %s", id);

	return (NULL);
}

/*
 * A 2004 manifest with the given schemaversion (NULL: no metadata),
 * organizations and resources content; the caller frees it.
 */
static char *
manifest_doc(const char *version, const char *extra, const char *orgs,
    const char *res)
{
	char		*doc;
	size_t		 len;

	len = 1024 + strlen(extra) + strlen(orgs) + strlen(res) +
	    (version != NULL ? strlen(version) : 0);
	doc = malloc(len);
	assert_non_null(doc);
	(void)snprintf(doc, len,
	    "<?xml version=\"1.0\"?>\n"
	    "<manifest identifier=\"m\" xmlns=\"" CP2004 "\"\n"
	    "    xmlns:adlcp=\"" ADLCP2004 "\">\n"
	    "%s%s%s%s"
	    "%s\n"
	    "<organizations%s>%s</organizations>\n"
	    "<resources>%s</resources>\n"
	    "</manifest>\n",
	    version != NULL ? "<metadata><schema>ADL SCORM</schema>"
	    "<schemaversion>" : "",
	    version != NULL ? version : "",
	    version != NULL ? "</schemaversion>" : "",
	    version != NULL ? "</metadata>" : "",
	    extra, strstr(orgs, "<organization ") != NULL ?
	    " default=\"o\"" : "", orgs, res);

	return (doc);
}

#define ONE_ORG \
	"<organization identifier=\"o\"><title>T</title>" \
	"<item identifier=\"i\" identifierref=\"r\"><title>I</title></item>" \
	"</organization>"
#define ONE_RES \
	"<resource identifier=\"r\" type=\"webcontent\" " \
	"adlcp:scormType=\"sco\" href=\"index.html\"/>"

static void
test_versions(void **state)
{
	static const struct {
		const char	*file;
		int		 version;
	} cases[] = {
		{ "misc/imsmanifest-scorm1.2.xml", OL_SCORM_12 },
		{ "misc/imsmanifest-RuntimeMinimumCalls_SCORM12.xml",
		    OL_SCORM_12 },
		{ "synthetic/PrerequisitesTest_SCORM12.xml", OL_SCORM_12 },
		{ "misc/imsmanifest-2004-3.xml", OL_SCORM_2004_3RD },
		{ "misc/DataModelContentExample_1.1_SCORM20043rdEdition"
		    ".imsmanifest.xml", OL_SCORM_2004_3RD },
		{ "synthetic/MinimalValid_SCORM20043rdEdition.xml",
		    OL_SCORM_2004_3RD },
		{ "adl-cts/CM-01.xml", OL_SCORM_2004_4TH },
		{ "adl-cts/T-01b.xml", OL_SCORM_2004_4TH },
	};
	struct ol_manifest	*m;
	char			*doc;
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = parse_file(cases[i].file, NULL);
		if (m->version != cases[i].version)
			fail_msg("%s: version %d, want %d", cases[i].file,
			    m->version, cases[i].version);
		no_errors(m);
		assert_null(find_problem(m->warnings, m->nwarnings,
		    OL_MANIFEST_W_NO_SCHEMAVERSION));
		ol_manifest_free(m);
	}

	/* The 2nd edition says "CAM 1.3" (the Rustici golf package). */
	m = parse_package("scorm2004-2nd-golf-contentpackaging-singlesco.zip");
	assert_int_equal(m->version, OL_SCORM_2004_2ND);
	no_errors(m);
	ol_manifest_free(m);

	assert_string_equal(ol_manifest_version_name(OL_SCORM_12), "1.2");
	assert_string_equal(ol_manifest_version_name(OL_SCORM_2004_2ND),
	    "2004 2nd");
	assert_string_equal(ol_manifest_version_name(OL_SCORM_2004_3RD),
	    "2004 3rd");
	assert_string_equal(ol_manifest_version_name(OL_SCORM_2004_4TH),
	    "2004 4th");
	assert_null(ol_manifest_version_name(OL_SCORM_UNKNOWN));

	/* Case and spaces of schemaversion do not matter. */
	doc = manifest_doc("  2004   4th edition ", "", ONE_ORG, ONE_RES);
	m = parse_str(doc, NULL);
	assert_int_equal(m->version, OL_SCORM_2004_4TH);
	assert_int_equal(m->nwarnings, 0);
	ol_manifest_free(m);
	free(doc);

	/* An unknown value: a warning, the version from the namespaces. */
	doc = manifest_doc("SCORM 2004 5th", "", ONE_ORG, ONE_RES);
	m = parse_str(doc, NULL);
	assert_int_equal(m->version, OL_SCORM_2004_3RD);
	want_problem(m, OL_MANIFEST_W_SCHEMAVERSION, 0, "SCORM 2004 5th");
	no_errors(m);
	ol_manifest_free(m);
	free(doc);

	/* 1.2 said of a 2004 manifest: believed, with a warning. */
	doc = manifest_doc("1.2", "", ONE_ORG, ONE_RES);
	m = parse_str(doc, NULL);
	assert_int_equal(m->version, OL_SCORM_12);
	want_problem(m, OL_MANIFEST_W_VERSION_MISMATCH, 4, "1.2");
	ol_manifest_free(m);
	free(doc);
}

static void
test_version_from_namespaces(void **state)
{
	struct ol_manifest	*m;

	(void)state;

	/* The synthetic case: a warning, not an error. */
	m = parse_file("synthetic/ContentPackagingNoSchemaVersion_"
	    "SCORM20042ndEdition.xml", NULL);
	no_errors(m);
	assert_int_equal(m->version, OL_SCORM_2004_3RD);
	want_problem(m, OL_MANIFEST_W_NO_SCHEMAVERSION, 2, "2004 3rd");
	/* Its adlcp namespace (adlcp_v1p2) is no ADL namespace. */
	want_problem(m, OL_MANIFEST_W_ADLCP_NS, 2,
	    "http://www.adlnet.org/xsd/adlcp_v1p2");
	assert_string_equal(m->title, "Minimal 2nd Edition No SchemaVersion");
	ol_manifest_free(m);

	/* A real 1.2 course with metadata only on its items. */
	m = parse_file("misc/imsmanifest-multiple-dependencies.xml", NULL);
	no_errors(m);
	assert_int_equal(m->version, OL_SCORM_12);
	want_problem(m, OL_MANIFEST_W_NO_SCHEMAVERSION, 2, "1.2");
	ol_manifest_free(m);

	/* The IMS CP 1.1.4 namespace with 1.2's adlcp is SCORM 1.2. */
	m = parse_str("<manifest identifier=\"m\" xmlns=\"" CP2004 "\" "
	    "xmlns:adlcp=\"" ADLCP12 "\"><organizations default=\"o\">"
	    ONE_ORG "</organizations><resources><resource identifier=\"r\" "
	    "type=\"webcontent\" adlcp:scormtype=\"sco\" href=\"a.html\"/>"
	    "</resources></manifest>", NULL);
	no_errors(m);
	assert_int_equal(m->version, OL_SCORM_12);
	assert_int_equal(m->orgs[0].items[0].scorm_type, OL_SCORM_TYPE_SCO);
	ol_manifest_free(m);

	/* Namespaces by URI: any prefix, or a default namespace. */
	m = parse_str("<cp:manifest xmlns:cp=\"" CP12 "\" xmlns:x=\""
	    ADLCP12 "\"><cp:organizations><cp:organization identifier=\"o\">"
	    "<cp:title>T</cp:title><cp:item identifier=\"i\" "
	    "identifierref=\"r\"><cp:title>I</cp:title></cp:item>"
	    "</cp:organization></cp:organizations><cp:resources>"
	    "<cp:resource identifier=\"r\" type=\"webcontent\" "
	    "x:scormtype=\"sco\" href=\"a.html\"/></cp:resources>"
	    "</cp:manifest>", NULL);
	no_errors(m);
	assert_int_equal(m->version, OL_SCORM_12);
	assert_int_equal(m->orgs[0].items[0].scorm_type, OL_SCORM_TYPE_SCO);
	ol_manifest_free(m);

	/* A prefix called adlcp in another namespace is not ADL's. */
	m = parse_str("<manifest xmlns=\"" CP12 "\" xmlns:adlcp=\"urn:x\">"
	    "<organizations>" ONE_ORG "</organizations><resources>"
	    "<resource identifier=\"r\" type=\"webcontent\" "
	    "adlcp:scormtype=\"sco\" href=\"a.html\"/></resources>"
	    "</manifest>", NULL);
	assert_int_equal(m->orgs[0].items[0].scorm_type, OL_SCORM_TYPE_ASSET);
	ol_manifest_free(m);
}

static void
test_default_org_first(void **state)
{
	struct ol_manifest	*m;

	(void)state;

	m = parse_file("synthetic/ComplexNestedOrganization_SCORM12.xml",
	    NULL);
	no_errors(m);
	assert_int_equal(m->norgs, 2);
	assert_string_equal(m->orgs[0].identifier, "default_org");
	assert_string_equal(m->orgs[1].identifier, "alternate_org");
	assert_string_equal(m->orgs[1].title, "Alternate Organization");
	assert_string_equal(m->title, "Complex Nested Organization Test");
	ol_manifest_free(m);

	/* The default written last comes first; the others keep order. */
	m = parse_str("<manifest xmlns=\"" CP12 "\"><organizations "
	    "default=\"c\"><organization identifier=\"a\"><title>A</title>"
	    "<item identifier=\"ia\" identifierref=\"r\"/></organization>"
	    "<organization identifier=\"b\"><title>B</title><item "
	    "identifier=\"ib\" identifierref=\"r\"/></organization>"
	    "<organization identifier=\"c\"><title>C</title><item "
	    "identifier=\"ic\" identifierref=\"r\"/></organization>"
	    "</organizations><resources><resource identifier=\"r\" "
	    "type=\"webcontent\" href=\"x.html\"/></resources></manifest>",
	    NULL);
	assert_int_equal(m->norgs, 3);
	assert_string_equal(m->orgs[0].identifier, "c");
	assert_string_equal(m->orgs[1].identifier, "a");
	assert_string_equal(m->orgs[2].identifier, "b");
	assert_string_equal(m->title, "C");
	ol_manifest_free(m);

	/* No default attribute: the first. */
	m = parse_str("<manifest xmlns=\"" CP12 "\"><organizations>"
	    "<organization identifier=\"a\"><title>A</title><item "
	    "identifier=\"ia\" identifierref=\"r\"/></organization>"
	    "<organization identifier=\"b\"><title>B</title><item "
	    "identifier=\"ib\" identifierref=\"r\"/></organization>"
	    "</organizations><resources><resource identifier=\"r\" "
	    "type=\"webcontent\" href=\"x.html\"/></resources></manifest>",
	    NULL);
	assert_string_equal(m->orgs[0].identifier, "a");
	assert_string_equal(m->title, "A");
	ol_manifest_free(m);
}

static void
test_item_tree(void **state)
{
	static const char	*containers[] = { "playing_item",
	    "etiquette_item", "handicapping_item", "havingfun_item" };
	static const size_t	 children[] = { 6, 4, 5, 4 };
	const struct ol_manifest_item	*it;
	struct ol_manifest		*m;
	size_t				 i, scos;

	(void)state;

	/* Golf runtime minimum calls: 4 chapters of SCOs, 2 levels. */
	m = parse_file("misc/imsmanifest-RuntimeMinimumCalls_SCORM12.xml",
	    NULL);
	no_errors(m);
	assert_int_equal(m->norgs, 1);
	assert_int_equal(m->orgs[0].nitems, 4);
	for (i = 0; i < 4; i++) {
		it = &m->orgs[0].items[i];
		assert_string_equal(it->identifier, containers[i]);
		assert_int_equal(it->nitems, children[i]);
		assert_null(it->identifierref);
		assert_null(it->launch);
		assert_int_equal(it->scorm_type, OL_SCORM_TYPE_NONE);
		assert_null(it->resource);
	}
	assert_int_equal(count_items(m->orgs[0].items, 4, 0), 23);
	assert_int_equal(count_items(m->orgs[0].items, 4, 1), 19);
	assert_int_equal(tree_depth(m->orgs[0].items, 4), 2);
	/* 20 resources: 19 SCOs and the asset of shared files. */
	assert_int_equal(m->nresources, 20);
	for (scos = 0, i = 0; i < m->nresources; i++)
		scos += m->resources[i].scorm_type == OL_SCORM_TYPE_SCO;
	assert_int_equal(scos, 19);
	it = find_item(m, "playing_playing_item");
	assert_string_equal(it->title, "How to Play");
	assert_string_equal(it->launch, "Playing/Playing.html");
	assert_string_equal(it->resource->identifier,
	    "playing_playing_resource");
	it = find_item(m, "handicapping_quiz_item");
	assert_string_equal(it->launch,
	    "shared/assessmenttemplate.html?questions=Handicapping");
	assert_string_equal(it->parameters, "?questions=Handicapping");
	/* The quizzes depend on the shared files. */
	assert_int_equal(it->resource->ndependencies, 1);
	assert_string_equal(it->resource->dependencies[0], "common_files");
	ol_manifest_free(m);

	/* Four levels, 11 items in the default organization. */
	m = parse_file("synthetic/ComplexNestedOrganization_SCORM12.xml",
	    NULL);
	assert_int_equal(count_items(m->orgs[0].items, m->orgs[0].nitems, 0),
	    11);
	assert_int_equal(tree_depth(m->orgs[0].items, m->orgs[0].nitems), 4);
	it = &m->orgs[0].items[0].items[0].items[0].items[1];
	assert_string_equal(it->identifier, "topic_1_1_1_2");
	assert_string_equal(it->launch, "content/topic1_1_1_2.html");
	/* 1.2 lets a parent launch too. */
	assert_string_equal(m->orgs[0].items[0].launch, "content/module1.html");
	ol_manifest_free(m);

	/* Containers down to a launchable item. */
	m = parse_file("synthetic/LaunchUrlFromNestedItem_SCORM12.xml", NULL);
	no_errors(m);
	assert_null(find_item(m, "section_1_1_1")->launch);
	assert_string_equal(find_item(m, "topic_1_1_1_1")->launch,
	    "content/topic1.html");
	assert_string_equal(find_item(m, "section_2_1_1")->launch,
	    "content/section2.html");
	ol_manifest_free(m);

	/* The largest manifest of the corpus. */
	m = parse_file("misc/DataModelContentExample_1.1_SCORM20043rdEdition"
	    ".imsmanifest.xml", NULL);
	no_errors(m);
	assert_true(count_items(m->orgs[0].items, m->orgs[0].nitems, 0) > 1);
	ol_manifest_free(m);
}

static void
test_trimmed_identifiers(void **state)
{
	const struct ol_manifest_resource	*r;
	struct ol_manifest			*m;

	(void)state;

	/* organization identifier = "   CASETEST   ", default "CASETEST". */
	m = parse_file("adl-cts/CM-07e.xml", NULL);
	no_errors(m);
	assert_string_equal(m->orgs[0].identifier, "CASETEST");
	/* "CaseTest" is another identifier: case counts. */
	assert_string_equal(find_item(m, "CaseTest")->title, "Activity 3");
	ol_manifest_free(m);

	/* item identifier="  activity_1  ", IDRef and ID padded. */
	m = parse_file("adl-cts/CM-08.xml", NULL);
	no_errors(m);
	assert_string_equal(m->orgs[0].items[0].identifier, "activity_1");
	assert_non_null(strstr(m->orgs[0].items[0].sequencing,
	    "IDRef=\"  GeneralSequencing  \""));
	assert_non_null(m->sequencing_collection);
	assert_non_null(strstr(m->sequencing_collection, "GeneralSequencing"));
	ol_manifest_free(m);

	/* Manifest, default and organization identifiers padded. */
	m = parse_file("adl-cts/OB-02a.xml", NULL);
	no_errors(m);
	assert_string_equal(m->identifier, "LMSTestPackage_OB-02a");
	assert_string_equal(m->orgs[0].identifier, "OB-02a");
	assert_string_equal(m->title, "LMS Test Content Package OB-02a");
	ol_manifest_free(m);

	/* Resource identifiers padded, referred to unpadded. */
	m = parse_file("adl-cts/OB-02b.xml", NULL);
	no_errors(m);
	r = find_resource(m, "SEQ01");
	assert_ptr_equal(find_item(m, "activity_1")->resource, r);
	assert_non_null(find_resource(m, "BROWSERDETECT01"));
	ol_manifest_free(m);
}

static void
test_cts_launch_urls(void **state)
{
	static const struct fake_file	files[] = {
		{ "resources/SequencingTest.htm", NULL },
		{ "common/lmsrtefunctions.js", NULL },
		{ "common/LMSTest.jar", NULL },
		{ "common/About.js", NULL },
		{ "common/EmulationCode.js", NULL },
		{ "common/BrowserDetect.js", NULL },
		{ "includes/LMSTestContentPackages_style.css", NULL },
	};
	const struct ol_manifest_resource	*r;
	struct ol_manifest_access		 acc;
	struct fake_pkg				 pkg;
	struct ol_manifest			*m;

	(void)state;

	/*
	 * CM-07e: <resource ... href="SequencingTest.htm"
	 * xml:base="resources/">, items parameters="?tc=CM-07e&amp;act=N".
	 */
	m = parse_file("adl-cts/CM-07e.xml", NULL);
	r = find_resource(m, "SEQ01");
	assert_string_equal(r->href, "SequencingTest.htm");
	assert_string_equal(r->base, "resources/");
	assert_string_equal(r->url, "resources/SequencingTest.htm");
	assert_int_equal(r->scorm_type, OL_SCORM_TYPE_SCO);
	assert_string_equal(r->type, "webcontent");
	assert_int_equal(r->nfiles, 1);
	assert_string_equal(r->files[0], "SequencingTest.htm");
	assert_int_equal(r->ndependencies, 5);
	assert_string_equal(r->dependencies[0], "LMSFNCTS01");
	assert_string_equal(r->dependencies[4], "LMSINCLUDE");
	assert_string_equal(find_item(m, "activity_1")->launch,
	    "resources/SequencingTest.htm?tc=CM-07e&act=1");
	assert_string_equal(find_item(m, "activity_6")->launch,
	    "resources/SequencingTest.htm?tc=CM-07e&act=6");
	assert_int_equal(find_item(m, "activity_6")->scorm_type,
	    OL_SCORM_TYPE_SCO);
	r = find_resource(m, "JAR01");
	assert_int_equal(r->scorm_type, OL_SCORM_TYPE_ASSET);
	assert_null(r->url);
	ol_manifest_free(m);

	/* With the package: every file found where xml:base puts it. */
	fake_access(&acc, &pkg, files, sizeof(files) / sizeof(files[0]));
	m = parse_file("adl-cts/CM-07e.xml", &acc);
	no_errors(m);
	assert_true(pkg.exists_calls >= 7);
	ol_manifest_free(m);

	/* JAR01's LMSTest.jar is under its xml:base="common/". */
	fake_access(&acc, &pkg, files, 2);
	m = parse_file("adl-cts/CM-07e.xml", &acc);
	want_problem(m, OL_MANIFEST_E_FILE_MISSING, 71, "common/LMSTest.jar");
	want_problem(m, OL_MANIFEST_E_FILE_MISSING, 84,
	    "includes/LMSTestContentPackages_style.css");
	assert_null(find_problem(m->errors, m->nerrors,
	    OL_MANIFEST_E_LAUNCH_MISSING));
	ol_manifest_free(m);

	/* The launch file itself missing: said once. */
	fake_access(&acc, &pkg, files + 1, 6);
	m = parse_file("adl-cts/CM-07e.xml", &acc);
	want_problem(m, OL_MANIFEST_E_LAUNCH_MISSING, 60,
	    "resources/SequencingTest.htm");
	assert_int_equal(m->nerrors, 1);
	ol_manifest_free(m);

	/* An href with a query of its own gets "&" before the parameters. */
	m = parse_str("<manifest xmlns=\"" CP12 "\"><organizations>"
	    "<organization identifier=\"o\"><title>T</title>"
	    "<item identifier=\"a\" identifierref=\"r\" parameters=\"x=1\"/>"
	    "<item identifier=\"b\" identifierref=\"r\" "
	    "parameters=\"?&amp;y=2\"/>"
	    "<item identifier=\"c\" identifierref=\"r\" parameters=\"#p3\"/>"
	    "<item identifier=\"d\" identifierref=\"f\" parameters=\"#p4\"/>"
	    "<item identifier=\"e\" identifierref=\"f\" parameters=\"z=5\"/>"
	    "<item identifier=\"g\" identifierref=\"r\"/>"
	    "</organization></organizations><resources>"
	    "<resource identifier=\"r\" type=\"webcontent\" "
	    "href=\"content/page.html?width=10&amp;h=5\"/>"
	    "<resource identifier=\"f\" type=\"webcontent\" "
	    "href=\"content/page.html#top\"/>"
	    "</resources></manifest>", NULL);
	no_errors(m);
	assert_string_equal(find_item(m, "a")->launch,
	    "content/page.html?width=10&h=5&x=1");
	assert_string_equal(find_item(m, "b")->launch,
	    "content/page.html?width=10&h=5&y=2");
	assert_string_equal(find_item(m, "c")->launch,
	    "content/page.html?width=10&h=5#p3");
	assert_string_equal(find_item(m, "d")->launch,
	    "content/page.html#top");
	assert_string_equal(find_item(m, "e")->launch,
	    "content/page.html?z=5#top");
	assert_string_equal(find_item(m, "g")->launch,
	    "content/page.html?width=10&h=5");
	ol_manifest_free(m);

	/* The real course: href with a query, the file checked without. */
	m = parse_file("misc/imsmanifest-multiple-dependencies.xml", NULL);
	assert_string_equal(find_item(m, "SA33910")->launch,
	    "content/SCO000000032457.html?width=1010&height=630");
	ol_manifest_free(m);
}

static void
test_xml_base(void **state)
{
	static const struct fake_file	files[] = {
		{ "course/sco/one/a.html", NULL },
		{ "course/sco/one/b.js", NULL },
		{ "course/lib/c.js", NULL },
	};
	struct ol_manifest_access	acc;
	struct fake_pkg			pkg;
	struct ol_manifest		*m;

	(void)state;

	/* Manifest, resources and resource bases combine, in that order. */
	fake_access(&acc, &pkg, files, 3);
	m = parse_str("<manifest xmlns=\"" CP12 "\" xml:base=\"course/\">"
	    "<organizations><organization identifier=\"o\"><title>T</title>"
	    "<item identifier=\"i\" identifierref=\"r\" parameters=\"?q=1\"/>"
	    "</organization></organizations>"
	    "<resources xml:base=\"sco/\"><resource identifier=\"r\" "
	    "type=\"webcontent\" xml:base=\"one/\" href=\"a.html\">"
	    "<file href=\"a.html\"/><file href=\"./b.js\"/>"
	    "<file href=\"../../lib/c.js\"/></resource></resources>"
	    "</manifest>", &acc);
	no_errors(m);
	assert_string_equal(m->base, "course/");
	assert_string_equal(m->resources_base, "sco/");
	assert_string_equal(m->orgs[0].items[0].launch,
	    "course/sco/one/a.html?q=1");
	assert_null(find_problem(m->warnings, m->nwarnings,
	    OL_MANIFEST_W_BASE_SLASH));
	ol_manifest_free(m);

	/* A base without its trailing slash is taken as a folder. */
	fake_access(&acc, &pkg, files, 3);
	m = parse_str("<manifest xmlns=\"" CP12 "\"><organizations>"
	    "<organization identifier=\"o\"><title>T</title><item "
	    "identifier=\"i\" identifierref=\"r\"/></organization>"
	    "</organizations><resources><resource identifier=\"r\" "
	    "type=\"webcontent\" xml:base=\"course/sco/one\" href=\"a.html\"/>"
	    "</resources></manifest>", &acc);
	no_errors(m);
	want_problem(m, OL_MANIFEST_W_BASE_SLASH, 1, "course/sco/one");
	assert_string_equal(m->orgs[0].items[0].launch,
	    "course/sco/one/a.html");
	ol_manifest_free(m);

	/* An absolute base (a web address) is kept, not checked. */
	fake_access(&acc, &pkg, files, 0);
	m = parse_str("<manifest xmlns=\"" CP12 "\" xmlns:adlcp=\"" ADLCP12
	    "\"><organizations><organization identifier=\"o\"><title>T"
	    "</title><item identifier=\"i\" identifierref=\"r\"/>"
	    "</organization></organizations><resources><resource "
	    "identifier=\"r\" type=\"webcontent\" adlcp:scormtype=\"sco\" "
	    "xml:base=\"https://cdn.example.org/c/\" href=\"a.html\"/>"
	    "</resources></manifest>", &acc);
	no_errors(m);
	assert_string_equal(m->orgs[0].items[0].launch,
	    "https://cdn.example.org/c/a.html");
	want_problem(m, OL_MANIFEST_W_EXTERNAL, 1,
	    "https://cdn.example.org/c/a.html");
	ol_manifest_free(m);

	/* Out of the package: an error, with or without the files. */
	m = parse_str("<manifest xmlns=\"" CP12 "\"><organizations>"
	    "<organization identifier=\"o\"><title>T</title><item "
	    "identifier=\"i\" identifierref=\"r\"/></organization>"
	    "</organizations><resources><resource identifier=\"r\" "
	    "type=\"webcontent\" xml:base=\"a/\" href=\"../../etc/passwd\">"
	    "<file href=\"/etc/shadow\"/></resource></resources>"
	    "</manifest>", NULL);
	want_problem(m, OL_MANIFEST_E_OUTSIDE, 1, "../../etc/passwd");
	want_problem(m, OL_MANIFEST_E_OUTSIDE, 1, "/etc/shadow");
	assert_false(ol_manifest_importable(m));
	ol_manifest_free(m);
}

static void
test_url_functions(void **state)
{
	static const struct {
		const char	*base;
		const char	*ref;
		const char	*want;
	} resolve[] = {
		{ NULL, "a.html", "a.html" },
		{ "", "./x/../a.html", "a.html" },
		{ "resources/", "SequencingTest.htm",
		    "resources/SequencingTest.htm" },
		{ "resources/", "../common/a.js", "common/a.js" },
		{ "a/b/", "../../../x", "../x" },
		{ "a/b.html", "c.html", "a/c.html" },
		{ "a/", "/abs.html", "/abs.html" },
		{ "a/", "http://h/x.html", "http://h/x.html" },
		{ "http://h/p/", "x/../y.html", "http://h/p/y.html" },
		{ "http://h/p/q.html", "/r.html", "http://h/r.html" },
		{ "http://h", "r.html", "http://h/r.html" },
		{ "a/b.html?x=1#f", "?y", "a/b.html?y" },
		{ "a/b.html#f", "#g", "a/b.html#g" },
		{ "a/b.html#f", "", "a/b.html" },
		{ "a/", "b//c/./d.html?x=../y#z", "a/b//c/d.html?x=../y#z" },
		{ "a/", "b/..", "a/" },
		/* Found by the fuzzer: not "/x", which leaves the package. */
		{ NULL, ".//x.js", "x.js" },
		{ "", "a/..//x.js", "x.js" },
		{ "r/", ".//x.js", "r//x.js" },
	};
	static const struct {
		const char	*url;
		const char	*params;
		const char	*want;
	} launch[] = {
		{ "a.html", NULL, "a.html" },
		{ "a.html", "", "a.html" },
		{ "a.html", "?", "a.html" },
		{ "a.html", "x=1", "a.html?x=1" },
		{ "a.html", "?x=1&y=2", "a.html?x=1&y=2" },
		{ "a.html", "&&?x=1", "a.html?x=1" },
		{ "a.html?w=1", "?x=1", "a.html?w=1&x=1" },
		{ "a.html?", "x=1", "a.html?x=1" },
		{ "a.html?w=1&", "x=1", "a.html?w=1&x=1" },
		{ "a.html", "#frag", "a.html#frag" },
		{ "a.html#top", "#frag", "a.html#top" },
		{ "a.html#top", "x=1", "a.html?x=1#top" },
		{ "a.html#top", "x=1#f", "a.html?x=1#f" },
		{ "a.html?w=1#top", "?x=1", "a.html?w=1&x=1#top" },
	};
	static const struct {
		const char	*url;
		int		 decode;
		int		 rc;
		const char	*path;
	} paths[] = {
		{ "a/b.html?x=1#f", 0, OL_MANIFEST_URL_LOCAL, "a/b.html" },
		{ "a/./c/../b.html", 0, OL_MANIFEST_URL_LOCAL, "a/b.html" },
		{ "my%20page.html", 0, OL_MANIFEST_URL_LOCAL,
		    "my%20page.html" },
		{ "my%20page.html", 1, OL_MANIFEST_URL_LOCAL, "my page.html" },
		{ "bad%zz.html", 1, OL_MANIFEST_URL_LOCAL, "bad%zz.html" },
		{ "nul%00.html", 1, OL_MANIFEST_URL_LOCAL, "nul%00.html" },
		{ "%2E%2E/x", 1, OL_MANIFEST_URL_OUTSIDE, NULL },
		{ "%2Fetc/passwd", 1, OL_MANIFEST_URL_OUTSIDE, NULL },
		{ "../x.html", 0, OL_MANIFEST_URL_OUTSIDE, NULL },
		{ "a/../../x.html", 0, OL_MANIFEST_URL_OUTSIDE, NULL },
		{ "/x.html", 0, OL_MANIFEST_URL_OUTSIDE, NULL },
		{ "http://h/x.html", 0, OL_MANIFEST_URL_EXTERNAL, NULL },
		{ "//h/x.html", 0, OL_MANIFEST_URL_EXTERNAL, NULL },
		{ "?x=1", 0, OL_MANIFEST_URL_LOCAL, "" },
		{ ".//commo\x92\xcdx.js?y=q#f", 0, OL_MANIFEST_URL_LOCAL,
		    "commo\x92\xcdx.js" },
	};
	char		*s;
	size_t		 i;
	int		 rc;

	(void)state;

	for (i = 0; i < sizeof(resolve) / sizeof(resolve[0]); i++) {
		s = ol_manifest_url_resolve(resolve[i].base, resolve[i].ref);
		assert_non_null(s);
		if (strcmp(s, resolve[i].want) != 0)
			fail_msg("resolve(%s, %s) = %s, want %s",
			    resolve[i].base, resolve[i].ref, s,
			    resolve[i].want);
		free(s);
	}
	for (i = 0; i < sizeof(launch) / sizeof(launch[0]); i++) {
		s = ol_manifest_url_launch(launch[i].url, launch[i].params);
		assert_non_null(s);
		if (strcmp(s, launch[i].want) != 0)
			fail_msg("launch(%s, %s) = %s, want %s",
			    launch[i].url, launch[i].params, s,
			    launch[i].want);
		free(s);
	}
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		rc = ol_manifest_url_path(paths[i].url, paths[i].decode, &s);
		if (rc != paths[i].rc)
			fail_msg("path(%s) = %d, want %d", paths[i].url, rc,
			    paths[i].rc);
		if (paths[i].path == NULL) {
			assert_null(s);
			continue;
		}
		assert_non_null(s);
		assert_string_equal(s, paths[i].path);
		free(s);
	}
}

static void
test_isvisible(void **state)
{
	struct ol_manifest	*m;
	char			*doc;

	(void)state;

	m = parse_file("adl-cts/CM-04d.xml", NULL);
	no_errors(m);
	assert_false(find_item(m, "activity_3")->visible);
	assert_false(find_item(m, "Sample15")->visible);
	assert_true(find_item(m, "activity_1")->visible);
	ol_manifest_free(m);

	/* The API debugger package: "SCO not visible". */
	m = parse_package("scorm12-api-debugger-nested.zip");
	assert_false(find_item(m,
	    "mm-ITEM-SCORMDEbugger555f231e21b982c25s07")->visible);
	assert_true(find_item(m,
	    "mm-ITEM-SCORMDEbugger555f231e21b982c25s06")->visible);
	ol_manifest_free(m);

	doc = manifest_doc("2004 4th Edition", "",
	    "<organization identifier=\"o\"><title>T</title>"
	    "<item identifier=\"a\" identifierref=\"r\" isvisible=\" 0 \"/>"
	    "<item identifier=\"b\" identifierref=\"r\" isvisible=\"true\"/>"
	    "<item identifier=\"c\" identifierref=\"r\" isvisible=\"no\"/>"
	    "</organization>", ONE_RES);
	m = parse_str(doc, NULL);
	no_errors(m);
	assert_false(find_item(m, "a")->visible);
	assert_true(find_item(m, "b")->visible);
	assert_true(find_item(m, "c")->visible);
	want_problem(m, OL_MANIFEST_W_ISVISIBLE, 5, "no");
	ol_manifest_free(m);
	free(doc);
}

static void
test_scorm12_extensions(void **state)
{
	const struct ol_manifest_item	*it;
	struct ol_manifest		*m;

	(void)state;

	m = parse_file("synthetic/PrerequisitesTest_SCORM12.xml", NULL);
	no_errors(m);
	assert_int_equal(m->nwarnings, 0);

	it = find_item(m, "module1");
	assert_string_equal(it->prerequisites, "");
	assert_string_equal(it->prerequisites_type, "aicc_script");
	assert_string_equal(it->max_time_allowed, "02:30:00");
	assert_true(it->has_mastery_score);
	assert_true(it->mastery_score == 80.0);
	assert_null(it->data_from_lms);

	it = find_item(m, "module2");
	assert_string_equal(it->prerequisites, "module1");
	assert_false(it->has_mastery_score);
	/* Written adlcp:dataFromLMS, 2004's spelling, in a 1.2 manifest. */
	assert_string_equal(it->data_from_lms, "custom_data_for_module2");

	it = find_item(m, "module3");
	assert_string_equal(it->prerequisites, "module1 AND module2");
	assert_string_equal(it->time_limit_action, "exit,message");

	it = find_item(m, "module4");
	assert_string_equal(it->prerequisites,
	    "(module1 AND module2) OR module3");
	assert_true(it->mastery_score == 90.0);
	assert_int_equal(it->scorm_type, OL_SCORM_TYPE_SCO);
	ol_manifest_free(m);

	m = parse_file("synthetic/ContentPackagingWithMetadata_SCORM12.xml",
	    NULL);
	no_errors(m);
	assert_string_equal(find_item(m, "i1")->data_from_lms, "RANDOM");
	ol_manifest_free(m);

	/* The API debugger's prerequisites, "&amp;" and all. */
	m = parse_package("scorm12-api-debugger-nested.zip");
	assert_string_equal(find_item(m,
	    "mm-ITEM-SCORMDEbugger555f231e21b982c25s08")->prerequisites,
	    "mm-ITEM-SCORMDEbugger555f231e21b982c25s01 & "
	    "mm-ITEM-SCORMDEbugger555f231e21b982c25s02");
	ol_manifest_free(m);

	/* A mastery score that is no number: a warning, none kept. */
	m = parse_str("<manifest xmlns=\"" CP12 "\" xmlns:adlcp=\"" ADLCP12
	    "\"><organizations><organization identifier=\"o\"><title>T"
	    "</title><item identifier=\"i\" identifierref=\"r\">\n"
	    "<adlcp:masteryscore>eighty</adlcp:masteryscore>\n"
	    "</item><item identifier=\"j\" identifierref=\"r\">"
	    "<adlcp:masteryscore>101</adlcp:masteryscore></item>"
	    "<item identifier=\"k\" identifierref=\"r\">"
	    "<adlcp:masteryscore> 72.5 </adlcp:masteryscore></item>"
	    "</organization></organizations><resources><resource "
	    "identifier=\"r\" type=\"webcontent\" href=\"a.html\"/>"
	    "</resources></manifest>", NULL);
	no_errors(m);
	assert_false(find_item(m, "i")->has_mastery_score);
	want_problem(m, OL_MANIFEST_W_MASTERY, 2, "eighty");
	want_problem(m, OL_MANIFEST_W_MASTERY, 3, "101");
	assert_true(find_item(m, "k")->mastery_score == 72.5);
	ol_manifest_free(m);
}

/* cmi.scaled_passing_score from the primary objective, by measure. */
static void
test_scorm2004_passing_score(void **state)
{
	struct ol_manifest	*m;
	char			*doc;

	(void)state;

	doc = manifest_doc("2004 4th Edition", "",
	    "<organization identifier=\"o\"><title>T</title>"
	    "<item identifier=\"a\" identifierref=\"r\"><imsss:sequencing "
	    "xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\">"
	    "<imsss:objectives><imsss:primaryObjective objectiveID=\"p\" "
	    "satisfiedByMeasure=\"true\"><imsss:minNormalizedMeasure> 0.6 "
	    "</imsss:minNormalizedMeasure></imsss:primaryObjective>"
	    "</imsss:objectives></imsss:sequencing></item>"
	    "<item identifier=\"b\" identifierref=\"r\"><imsss:sequencing "
	    "xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\">"
	    "<imsss:objectives><imsss:primaryObjective "
	    "satisfiedByMeasure=\"true\"/></imsss:objectives>"
	    "</imsss:sequencing></item>"
	    "<item identifier=\"c\" identifierref=\"r\"><imsss:sequencing "
	    "xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\">"
	    "<imsss:objectives><imsss:primaryObjective><imsss:"
	    "minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>"
	    "</imsss:primaryObjective></imsss:objectives>"
	    "</imsss:sequencing></item>"
	    "<item identifier=\"d\" identifierref=\"r\"><imsss:sequencing "
	    "xmlns:imsss=\"http://www.imsglobal.org/xsd/imsss\">"
	    "<imsss:objectives><imsss:primaryObjective "
	    "satisfiedByMeasure=\"true\"><imsss:minNormalizedMeasure>1.5"
	    "</imsss:minNormalizedMeasure></imsss:primaryObjective>"
	    "</imsss:objectives></imsss:sequencing></item>"
	    "<item identifier=\"e\" identifierref=\"r\"/>"
	    "</organization>", ONE_RES);
	m = parse_str(doc, NULL);
	no_errors(m);
	assert_true(find_item(m, "a")->has_scaled_passing_score);
	assert_true(find_item(m, "a")->scaled_passing_score == 0.6);
	/* Satisfied by measure without a measure: 1.0. */
	assert_true(find_item(m, "b")->has_scaled_passing_score);
	assert_true(find_item(m, "b")->scaled_passing_score == 1.0);
	/* Not by measure, out of range, or no sequencing: none. */
	assert_false(find_item(m, "c")->has_scaled_passing_score);
	assert_false(find_item(m, "d")->has_scaled_passing_score);
	assert_false(find_item(m, "e")->has_scaled_passing_score);
	ol_manifest_free(m);
	free(doc);
}

static void
test_scorm2004_extensions(void **state)
{
	const struct ol_manifest_item	*it;
	struct ol_manifest		*m;
	char				*doc;

	(void)state;

	m = parse_file("synthetic/AdlAttributes_SCORM20043rdEdition.xml",
	    NULL);
	no_errors(m);
	it = find_item(m, "item1");
	assert_string_equal(it->data_from_lms, "Launch Data");
	assert_string_equal(it->time_limit_action, "exit,message");
	assert_true(it->completion_threshold.present);
	assert_true(it->completion_threshold.completed_by_measure);
	assert_true(it->completion_threshold.min_progress_measure == 0.75);
	assert_true(it->completion_threshold.progress_weight == 1.0);
	assert_int_equal(it->hide_lms_ui,
	    OL_MANIFEST_HIDE_EXIT | OL_MANIFEST_HIDE_CONTINUE);
	/* The sequencing, as XML of its own, its namespace declared. */
	assert_non_null(it->sequencing);
	assert_non_null(strstr(it->sequencing, "<imsss:sequencing xmlns:"
	    "imsss=\"http://www.imsglobal.org/xsd/imsss\">"));
	assert_non_null(strstr(it->sequencing, "choiceExit=\"false\""));
	assert_non_null(strstr(it->sequencing, "</imsss:sequencing>"));
	/* No resource scormType: an asset. */
	assert_int_equal(it->scorm_type, OL_SCORM_TYPE_ASSET);
	ol_manifest_free(m);

	/* CM-01's organization has sequencing; its items hide buttons. */
	m = parse_file("adl-cts/CM-01.xml", NULL);
	no_errors(m);
	assert_non_null(strstr(m->orgs[0].sequencing, "controlMode"));
	it = find_item(m, "activity_1");
	assert_int_equal(it->hide_lms_ui, OL_MANIFEST_HIDE_CONTINUE |
	    OL_MANIFEST_HIDE_PREVIOUS | OL_MANIFEST_HIDE_SUSPEND_ALL);
	assert_non_null(strstr(it->sequencing,
	    "attemptAbsoluteDurationLimit=\"P5Y6M4DT12H30M58S\""));
	ol_manifest_free(m);

	/* Completion thresholds of the conformance suite, as written. */
	m = parse_file("adl-cts/CO-11.xml", NULL);
	no_errors(m);
	it = find_item(m, "activity_5");
	assert_true(it->completion_threshold.present);
	assert_true(it->completion_threshold.completed_by_measure);
	assert_true(it->completion_threshold.min_progress_measure == 0.3);
	assert_true(it->completion_threshold.progress_weight == 1.0);
	ol_manifest_free(m);
	m = parse_file("adl-cts/CT-06.xml", NULL);
	no_errors(m);
	it = find_item(m, "activity_3");
	assert_true(it->completion_threshold.completed_by_measure);
	assert_true(it->completion_threshold.min_progress_measure == 0.95);
	assert_true(it->completion_threshold.progress_weight == 0.5);
	assert_false(find_item(m, "activity_4")->completion_threshold.present);
	ol_manifest_free(m);

	/* 3rd edition text, 4th edition attributes, and bad values. */
	doc = manifest_doc("2004 3rd Edition", "",
	    "<organization identifier=\"o\"><title>T</title>"
	    "<item identifier=\"a\" identifierref=\"r\"><adlcp:"
	    "completionThreshold> 0.8 </adlcp:completionThreshold></item>"
	    "<item identifier=\"b\" identifierref=\"r\"><adlcp:"
	    "completionThreshold progressWeight=\"0.25\"/></item>"
	    "<item identifier=\"c\" identifierref=\"r\"><adlcp:"
	    "completionThreshold minProgressMeasure=\"1.5\" "
	    "completedByMeasure=\"maybe\"/></item>"
	    "<item identifier=\"d\" identifierref=\"r\"/>"
	    "</organization>", ONE_RES);
	m = parse_str(doc, NULL);
	no_errors(m);
	it = find_item(m, "a");
	assert_true(it->completion_threshold.present);
	assert_true(it->completion_threshold.completed_by_measure);
	assert_true(it->completion_threshold.min_progress_measure > 0.79 &&
	    it->completion_threshold.min_progress_measure < 0.81);
	it = find_item(m, "b");
	assert_false(it->completion_threshold.completed_by_measure);
	assert_true(it->completion_threshold.min_progress_measure == 1.0);
	assert_true(it->completion_threshold.progress_weight == 0.25);
	it = find_item(m, "c");
	assert_false(it->completion_threshold.completed_by_measure);
	assert_true(it->completion_threshold.min_progress_measure == 1.0);
	want_problem(m, OL_MANIFEST_W_THRESHOLD, 5, "1.5");
	want_problem(m, OL_MANIFEST_W_THRESHOLD, 5, "maybe");
	assert_false(find_item(m, "d")->completion_threshold.present);
	ol_manifest_free(m);
	free(doc);

	/* Unknown hideLMSUI values are warned about and ignored. */
	doc = manifest_doc("2004 4th Edition",
	    "", "<organization identifier=\"o\" xmlns:nav=\""
	    "http://www.adlnet.org/xsd/adlnav_v1p3\"><title>T</title>"
	    "<item identifier=\"a\" identifierref=\"r\"><nav:presentation>"
	    "<nav:navigationInterface><nav:hideLMSUI>exitAll</nav:hideLMSUI>"
	    "<nav:hideLMSUI>abandonAll</nav:hideLMSUI><nav:hideLMSUI>"
	    "abandon</nav:hideLMSUI><nav:hideLMSUI>jump</nav:hideLMSUI>"
	    "</nav:navigationInterface></nav:presentation></item>"
	    "</organization>", ONE_RES);
	m = parse_str(doc, NULL);
	it = find_item(m, "a");
	assert_int_equal(it->hide_lms_ui, OL_MANIFEST_HIDE_EXIT_ALL |
	    OL_MANIFEST_HIDE_ABANDON_ALL | OL_MANIFEST_HIDE_ABANDON);
	want_problem(m, OL_MANIFEST_W_HIDELMSUI, 5, "jump");
	ol_manifest_free(m);
	free(doc);

	assert_string_equal(ol_manifest_hide_name(OL_MANIFEST_HIDE_SUSPEND_ALL),
	    "suspendAll");
	assert_null(ol_manifest_hide_name(0x80));
	assert_string_equal(ol_manifest_scorm_type_name(OL_SCORM_TYPE_SCO),
	    "sco");
	assert_string_equal(ol_manifest_scorm_type_name(OL_SCORM_TYPE_ASSET),
	    "asset");
	assert_null(ol_manifest_scorm_type_name(OL_SCORM_TYPE_NONE));
}

static void
test_broken_synthetics(void **state)
{
	struct ol_manifest_access	 acc;
	struct fake_pkg			 pkg;
	struct ol_manifest		*m;

	(void)state;

	/* The item left open is found where </organization> closes. */
	m = parse_file("synthetic/MalformedXml_SCORM12.xml", NULL);
	assert_false(ol_manifest_importable(m));
	assert_int_equal(m->nerrors, 1);
	assert_int_equal(m->errors[0].code, OL_MANIFEST_E_XML);
	assert_int_equal(m->errors[0].line, 27);
	assert_non_null(strstr(m->errors[0].arg, "mismatch"));
	assert_int_equal(m->version, OL_SCORM_UNKNOWN);
	assert_int_equal(m->norgs, 0);
	ol_manifest_free(m);

	m = parse_file("synthetic/CM-01-broken-default-org.xml", NULL);
	assert_false(ol_manifest_importable(m));
	assert_int_equal(m->nerrors, 1);
	want_problem(m, OL_MANIFEST_E_DEFAULT_ORG, 20, "NONEXISTENT_ORG");
	ol_manifest_free(m);

	m = parse_file("synthetic/ItemWithNonExistentResourceId_SCORM12.xml",
	    NULL);
	assert_int_equal(m->nerrors, 1);
	want_problem(m, OL_MANIFEST_E_ITEM_REF, 20, "non_existent_resource");
	assert_string_equal(find_item(m, "item_2")->launch,
	    "content/item2.html");
	ol_manifest_free(m);

	m = parse_file("synthetic/MissingLaunchUrl_SCORM12.xml", NULL);
	assert_int_equal(m->nerrors, 1);
	want_problem(m, OL_MANIFEST_E_SCO_NO_HREF, 30, "resource_1");
	assert_null(find_item(m, "item_1")->launch);
	ol_manifest_free(m);

	m = parse_file("synthetic/InvalidMissingOrgIdentifier_"
	    "SCORM20043rdEdition.xml", NULL);
	assert_int_equal(m->nerrors, 2);
	want_problem(m, OL_MANIFEST_E_ORG_NO_ID, 12, NULL);
	want_problem(m, OL_MANIFEST_E_DEFAULT_ORG, 10, "org1");
	ol_manifest_free(m);

	/* Organization without title: a warning. */
	m = parse_file("synthetic/MissingRequiredFields_SCORM12.xml", NULL);
	no_errors(m);
	want_problem(m, OL_MANIFEST_W_ORG_NO_TITLE, 18, "default_org");
	assert_null(m->title);
	ol_manifest_free(m);

	/* Alone, its files cannot be checked; with the package, they are. */
	m = parse_file("synthetic/InvalidFileReferences_SCORM12.xml", NULL);
	no_errors(m);
	ol_manifest_free(m);
	fake_access(&acc, &pkg, NULL, 0);
	m = parse_file("synthetic/InvalidFileReferences_SCORM12.xml", &acc);
	assert_int_equal(m->nerrors, 4);
	want_problem(m, OL_MANIFEST_E_LAUNCH_MISSING, 26,
	    "content/nonexistent.html");
	want_problem(m, OL_MANIFEST_E_FILE_MISSING, 26,
	    "content/nonexistent.js");
	want_problem(m, OL_MANIFEST_E_FILE_MISSING, 26,
	    "content/nonexistent.css");
	want_problem(m, OL_MANIFEST_E_LAUNCH_MISSING, 32,
	    "content/nonexistent_asset.html");
	ol_manifest_free(m);
}

static void
test_other_errors(void **state)
{
	struct ol_manifest_limits	 lim;
	struct ol_manifest		*m;
	char				*doc;

	(void)state;

	m = ol_manifest_parse("", 0, NULL, NULL);
	assert_non_null(m);
	want_problem(m, OL_MANIFEST_E_EMPTY, 0, NULL);
	ol_manifest_free(m);
	m = ol_manifest_parse(NULL, 0, NULL, NULL);
	assert_non_null(m);
	want_problem(m, OL_MANIFEST_E_EMPTY, 0, NULL);
	ol_manifest_free(m);

	m = parse_str("<?xml version=\"1.0\"?>\n<html><body/></html>", NULL);
	want_problem(m, OL_MANIFEST_E_ROOT, 2, "html");
	assert_int_equal(m->nerrors, 1);
	ol_manifest_free(m);

	m = parse_str("<manifest><organizations/></manifest>", NULL);
	want_problem(m, OL_MANIFEST_E_ROOT_NS, 1, "none");
	ol_manifest_free(m);

	m = parse_str("<manifest xmlns=\"urn:other\"/>", NULL);
	want_problem(m, OL_MANIFEST_E_ROOT_NS, 1, "urn:other");
	ol_manifest_free(m);

	/* No resources element. */
	m = parse_str("<manifest xmlns=\"" CP12 "\"><organizations/>"
	    "</manifest>", NULL);
	want_problem(m, OL_MANIFEST_E_NO_RESOURCES, 1, NULL);
	want_problem(m, OL_MANIFEST_E_NOTHING, 1, NULL);
	ol_manifest_free(m);

	/* Duplicates, missing identifiers, a dangling dependency. */
	doc = manifest_doc("2004 4th Edition", "",
	    "<organization identifier=\"o\"><title>T</title>\n"
	    "<item identifier=\"a\" identifierref=\"r\"/>\n"
	    "<item identifier=\" a \" identifierref=\"r\"/>\n"
	    "<item identifierref=\"r\"/>\n"
	    "<item identifier=\"b\" identifierref=\"s\"/>\n"
	    "</organization>",
	    ONE_RES "\n<resource identifier=\"r\" type=\"webcontent\" "
	    "href=\"b.html\"/>\n<resource type=\"webcontent\" "
	    "href=\"c.html\"/>\n<resource identifier=\"s\" "
	    "type=\"webcontent\"><dependency identifierref=\"zz\"/>"
	    "</resource>");
	m = parse_str(doc, NULL);
	want_problem(m, OL_MANIFEST_E_DUP_ID, 7, "a");
	want_problem(m, OL_MANIFEST_E_ITEM_NO_ID, 8, NULL);
	want_problem(m, OL_MANIFEST_E_DUP_ID, 12, "r");
	want_problem(m, OL_MANIFEST_E_RES_NO_ID, 13, NULL);
	want_problem(m, OL_MANIFEST_E_DEP_REF, 14, "zz");
	want_problem(m, OL_MANIFEST_E_ITEM_NO_HREF, 9, "b");
	want_problem(m, OL_MANIFEST_W_ITEM_NO_TITLE, 6, "a");
	ol_manifest_free(m);
	free(doc);

	/* A default organization with nothing to launch. */
	doc = manifest_doc("2004 4th Edition", "",
	    "<organization identifier=\"o\"><title>T</title>"
	    "<item identifier=\"a\"><title>A</title></item></organization>",
	    ONE_RES);
	m = parse_str(doc, NULL);
	want_problem(m, OL_MANIFEST_E_NOTHING, 5, NULL);
	want_problem(m, OL_MANIFEST_W_EMPTY_ITEM, 5, "a");
	ol_manifest_free(m);
	free(doc);

	/* Too large: refused before libxml2 sees it. */
	ol_manifest_limits_default(&lim);
	assert_int_equal(lim.max_size, 16 * 1024 * 1024);
	lim.max_size = 10;
	m = ol_manifest_parse(S("<manifest xmlns=\"" CP12 "\"/>"), &lim, NULL);
	want_problem(m, OL_MANIFEST_E_TOO_LARGE, 0, "10");
	assert_int_equal(m->nerrors, 1);
	ol_manifest_free(m);

	/* Problems past the limit are counted in one last entry. */
	doc = manifest_doc("2004 4th Edition", "",
	    "<organization identifier=\"o\"><title>T</title>"
	    "<item identifier=\"a\" identifierref=\"x1\"/>"
	    "<item identifier=\"b\" identifierref=\"x2\"/>"
	    "<item identifier=\"c\" identifierref=\"x3\"/>"
	    "<item identifier=\"d\" identifierref=\"x4\"/>"
	    "</organization>", ONE_RES);
	ol_manifest_limits_default(&lim);
	lim.max_problems = 2;
	m = ol_manifest_parse(doc, strlen(doc), &lim, NULL);
	assert_int_equal(m->nerrors, 3);
	assert_int_equal(m->errors_omitted, 2);
	want_problem(m, OL_MANIFEST_E_MORE, 0, "2");
	assert_false(ol_manifest_importable(m));
	ol_manifest_free(m);
	lim.max_problems = 0;
	m = ol_manifest_parse(doc, strlen(doc), &lim, NULL);
	assert_int_equal(m->nerrors, 1);
	want_problem(m, OL_MANIFEST_E_MORE, 0, "4");
	assert_false(ol_manifest_importable(m));
	ol_manifest_free(m);
	free(doc);
}

static void
test_xxe(void **state)
{
	static const char	*docs[] = {
		/* External general entity. */
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		"<manifest xmlns=\"" CP12 "\" identifier=\"&x;\">"
		"<organizations><organization identifier=\"o\"><title>&x;"
		"</title></organization></organizations></manifest>",
		/* External parameter entity. */
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE m [<!ENTITY % x SYSTEM \"file:///etc/passwd\"> %x;]>"
		"\n<manifest xmlns=\"" CP12 "\"/>",
		/* Over the network. */
		"<!DOCTYPE m [<!ENTITY x SYSTEM \"http://127.0.0.1:1/x\">]>"
		"<manifest xmlns=\"" CP12 "\">&x;</manifest>",
		/* An internal entity is refused as well. */
		"<!DOCTYPE m [<!ENTITY x \"hello\">]>"
		"<manifest xmlns=\"" CP12 "\">&x;</manifest>",
	};
	struct ol_manifest	*m;
	size_t			 i;

	(void)state;

	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		m = parse_str(docs[i], NULL);
		assert_false(ol_manifest_importable(m));
		assert_int_equal(m->nerrors, 1);
		assert_int_equal(m->errors[0].code, OL_MANIFEST_E_ENTITY);
		assert_string_equal(m->errors[0].arg, "x");
		assert_null(m->title);
		assert_null(m->identifier);
		assert_int_equal(m->norgs, 0);
		ol_manifest_free(m);
	}

	/* An external DTD is not loaded (were it, this would not parse). */
	m = parse_str("<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE manifest SYSTEM \"file:///etc/passwd\">\n"
	    "<manifest xmlns=\"" CP12 "\"><organizations><organization "
	    "identifier=\"o\"><title>T</title><item identifier=\"i\" "
	    "identifierref=\"r\"/></organization></organizations><resources>"
	    "<resource identifier=\"r\" type=\"webcontent\" href=\"a.html\"/>"
	    "</resources></manifest>", NULL);
	no_errors(m);
	ol_manifest_free(m);

	/* An undeclared entity is no entity at all. */
	m = parse_str("<manifest xmlns=\"" CP12 "\">&passwd;</manifest>",
	    NULL);
	want_problem(m, OL_MANIFEST_E_XML, 1, NULL);
	ol_manifest_free(m);
}

static void
test_billion_laughs(void **state)
{
	static const char	doc[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
	    " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
	    " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
	    " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
	    " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
	    " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
	    "]>\n"
	    "<manifest xmlns=\"" CP12 "\" identifier=\"&lol9;\">"
	    "<organizations><organization identifier=\"o\"><title>&lol9;"
	    "</title></organization></organizations></manifest>\n";
	struct ol_manifest	*m;

	(void)state;

	m = ol_manifest_parse(S(doc), NULL, NULL);
	assert_non_null(m);
	assert_int_equal(m->nerrors, 1);
	want_problem(m, OL_MANIFEST_E_ENTITY, 3, "lol");
	assert_null(m->title);
	ol_manifest_free(m);
}

static void
test_depth(void **state)
{
	struct ol_manifest	*m;
	char			*doc, *p, *open, *close;
	size_t			 i, n;

	(void)state;

	/* 100,000 nested elements: refused at the limit, on line 1. */
	n = 100000;
	doc = malloc(n * 3 + 128);
	assert_non_null(doc);
	p = doc + sprintf(doc, "<manifest xmlns=\"" CP12 "\">");
	for (i = 0; i < n; i++, p += 3)
		memcpy(p, "<a>", 3);
	*p = '\0';
	m = parse_str(doc, NULL);
	assert_int_equal(m->nerrors, 1);
	want_problem(m, OL_MANIFEST_E_TOO_DEEP, 1, "256");
	ol_manifest_free(m);
	free(doc);

	/* 256 levels deep in all: read; 257: refused. */
	for (n = 256; n <= 257; n++) {
		open = malloc(n * 16);
		close = malloc(n * 16);
		doc = malloc(n * 32 + 1024);
		assert_non_null(open);
		assert_non_null(close);
		assert_non_null(doc);
		open[0] = close[0] = '\0';
		/* manifest, metadata, then n - 2 levels of x:deep. */
		for (i = 0; i < n - 2; i++) {
			strcat(open, "<x:deep>");
			strcat(close, "</x:deep>");
		}
		(void)sprintf(doc, "<manifest xmlns=\"" CP12 "\" "
		    "xmlns:x=\"urn:x\"><metadata><schemaversion>1.2"
		    "</schemaversion>%s%s</metadata><organizations>"
		    "<organization identifier=\"o\"><title>T</title><item "
		    "identifier=\"i\" identifierref=\"r\"/></organization>"
		    "</organizations><resources><resource identifier=\"r\" "
		    "type=\"webcontent\" href=\"a.html\"/></resources>"
		    "</manifest>", open, close);
		m = parse_str(doc, NULL);
		if (n == 256)
			no_errors(m);
		else
			want_problem(m, OL_MANIFEST_E_TOO_DEEP, 1, "256");
		ol_manifest_free(m);
		free(doc);
		free(open);
		free(close);
	}
}

static void
test_no_organization(void **state)
{
	const struct ol_manifest_item	*it;
	struct ol_manifest		*m;

	(void)state;

	/* SCOs first: the asset is not launched when there is a SCO. */
	m = parse_str("<manifest identifier=\"pkg\" xmlns=\"" CP12 "\" "
	    "xmlns:adlcp=\"" ADLCP12 "\">\n<organizations/>\n<resources>\n"
	    "<resource identifier=\"s1\" type=\"webcontent\" "
	    "adlcp:scormtype=\"sco\" href=\"one.html\"/>\n"
	    "<resource identifier=\"a1\" type=\"webcontent\" "
	    "adlcp:scormtype=\"asset\" href=\"doc.pdf\"/>\n"
	    "<resource identifier=\"s2\" type=\"webcontent\" "
	    "adlcp:scormtype=\"sco\" href=\"two.html\"/>\n"
	    "</resources></manifest>", NULL);
	no_errors(m);
	want_problem(m, OL_MANIFEST_W_NO_ORG, 2, NULL);
	assert_int_equal(m->norgs, 1);
	assert_true(m->orgs[0].synthesized);
	assert_string_equal(m->orgs[0].identifier, "pkg");
	assert_int_equal(m->orgs[0].nitems, 2);
	it = &m->orgs[0].items[0];
	assert_string_equal(it->identifier, "s1");
	assert_string_equal(it->identifierref, "s1");
	assert_string_equal(it->launch, "one.html");
	assert_int_equal(it->scorm_type, OL_SCORM_TYPE_SCO);
	assert_true(it->visible);
	assert_string_equal(m->orgs[0].items[1].launch, "two.html");
	ol_manifest_free(m);

	/* No SCO: every resource with an href; no organizations at all. */
	m = parse_str("<manifest xmlns=\"" CP12 "\">\n<resources>\n"
	    "<resource identifier=\"a1\" type=\"webcontent\" href=\"a.pdf\"/>"
	    "<resource identifier=\"a2\" type=\"webcontent\"/>"
	    "<resource identifier=\"a3\" type=\"webcontent\" href=\"c.pdf\"/>"
	    "</resources></manifest>", NULL);
	no_errors(m);
	want_problem(m, OL_MANIFEST_W_NO_ORGANIZATIONS, 1, NULL);
	assert_int_equal(m->orgs[0].nitems, 2);
	assert_string_equal(m->orgs[0].items[1].launch, "c.pdf");
	assert_int_equal(m->orgs[0].items[1].scorm_type, OL_SCORM_TYPE_ASSET);
	ol_manifest_free(m);

	/* Nothing to launch at all. */
	m = parse_str("<manifest xmlns=\"" CP12 "\"><organizations/>"
	    "<resources><resource identifier=\"a\" type=\"webcontent\"/>"
	    "</resources></manifest>", NULL);
	want_problem(m, OL_MANIFEST_E_NOTHING, 1, NULL);
	ol_manifest_free(m);

	/* The corpus package. */
	m = parse_package("edge-scorm12-no-organization.zip");
	no_errors(m);
	assert_int_equal(m->version, OL_SCORM_12);
	assert_int_equal(m->norgs, 1);
	assert_true(m->orgs[0].synthesized);
	assert_int_equal(m->orgs[0].nitems, 1);
	assert_string_equal(m->orgs[0].items[0].launch, "sso/launchpage.html");
	assert_int_equal(m->orgs[0].items[0].scorm_type, OL_SCORM_TYPE_SCO);
	ol_manifest_free(m);
}

static void
test_metadata(void **state)
{
	static const struct fake_file	files[] = {
		{ "index.html", NULL },
		{ "meta/course.xml",
		    "<lom xmlns=\"http://ltsc.ieee.org/xsd/LOM\"><general>"
		    "<title><string language=\"fr\">  Cours\n  de golf "
		    "</string></title><language>fr</language><description>"
		    "<string>Du golf.</string></description></general></lom>" },
		{ "meta/evil.xml",
		    "<!DOCTYPE lom [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
		    "<lom xmlns=\"http://ltsc.ieee.org/xsd/LOM\"><general>"
		    "<title><string>&x;</string></title></general></lom>" },
		{ "meta/md12.xml",
		    "<lom xmlns=\"http://www.imsglobal.org/xsd/"
		    "imsmd_rootv1p2p1\"><general><title><langstring "
		    "xml:lang=\"en\">Old metadata</langstring></title>"
		    "<description><langstring>Described.</langstring>"
		    "</description></general></lom>" },
	};
	struct ol_manifest_access	 acc;
	struct fake_pkg			 pkg;
	struct ol_manifest		*m;
	char				*doc;

	(void)state;

	/* Inline LOM: the description; no title there. */
	m = parse_file("misc/imsmanifest-2004-3.xml", NULL);
	assert_string_equal(m->description, "Description");
	assert_null(m->meta_title);
	ol_manifest_free(m);

	/* The metadata package: adlcp:location="metadata_course.xml". */
	m = parse_package("scorm2004-3rd-golf-contentpackaging-metadata.zip");
	no_errors(m);
	assert_string_equal(m->title, "Golf Explained - Metadata Example");
	assert_string_equal(m->meta_title, "Golf Explained");
	assert_string_equal(m->language, "en");
	assert_non_null(m->description);
	assert_true(strncmp(m->description, "A high level overview of the "
	    "sport of golf. This course describes how to play golf,",
	    83) == 0);
	ol_manifest_free(m);

	/* Alone, the location is not read: nothing asked of anyone. */
	doc = manifest_doc(NULL, "<metadata><schemaversion>2004 4th Edition"
	    "</schemaversion><adlcp:location>meta/course.xml</adlcp:location>"
	    "</metadata>", ONE_ORG, ONE_RES);
	m = parse_str(doc, NULL);
	assert_null(m->language);
	ol_manifest_free(m);
	free(doc);

	/* Through the callbacks; the title fills in a missing one. */
	doc = manifest_doc(NULL, "<metadata><schemaversion>2004 4th Edition"
	    "</schemaversion><adlcp:location> meta/course.xml "
	    "</adlcp:location></metadata>", "<organization identifier=\"o\">"
	    "<item identifier=\"i\" identifierref=\"r\"/></organization>",
	    ONE_RES);
	fake_access(&acc, &pkg, files, 2);
	m = parse_str(doc, &acc);
	no_errors(m);
	assert_int_equal(pkg.load_calls, 1);
	assert_string_equal(m->meta_title, "Cours de golf");
	assert_string_equal(m->title, "Cours de golf");
	assert_string_equal(m->language, "fr");
	assert_string_equal(m->description, "Du golf.");
	ol_manifest_free(m);
	free(doc);

	/* A metadata file is read as safely as the manifest. */
	doc = manifest_doc(NULL, "<metadata><schemaversion>2004 4th Edition"
	    "</schemaversion><adlcp:location>meta/evil.xml</adlcp:location>"
	    "</metadata>", ONE_ORG, ONE_RES);
	fake_access(&acc, &pkg, files, 3);
	m = parse_str(doc, &acc);
	no_errors(m);
	want_problem(m, OL_MANIFEST_W_META_XML, 4, "meta/evil.xml");
	assert_null(m->meta_title);
	ol_manifest_free(m);
	free(doc);

	/* Missing, or outside the package: a warning only. */
	doc = manifest_doc(NULL, "<metadata><schemaversion>2004 4th Edition"
	    "</schemaversion><adlcp:location>../secret.xml</adlcp:location>"
	    "<adlcp:location>x</adlcp:location></metadata>", ONE_ORG,
	    ONE_RES);
	fake_access(&acc, &pkg, files, 3);
	m = parse_str(doc, &acc);
	no_errors(m);
	want_problem(m, OL_MANIFEST_W_META_MISSING, 4, "../secret.xml");
	assert_int_equal(pkg.load_calls, 0);
	ol_manifest_free(m);
	free(doc);

	/* IMS Metadata 1.2, in a 1.2 manifest. */
	fake_access(&acc, &pkg, files, 4);
	m = parse_str("<manifest xmlns=\"" CP12 "\" xmlns:adlcp=\"" ADLCP12
	    "\"><metadata><schemaversion>1.2</schemaversion><adlcp:location>"
	    "meta/md12.xml</adlcp:location></metadata><organizations>"
	    "<organization identifier=\"o\"><item identifier=\"i\" "
	    "identifierref=\"r\"/></organization></organizations><resources>"
	    "<resource identifier=\"r\" type=\"webcontent\" "
	    "href=\"index.html\"/></resources></manifest>", &acc);
	assert_string_equal(m->meta_title, "Old metadata");
	assert_string_equal(m->description, "Described.");
	ol_manifest_free(m);
}

static void
test_packages(void **state)
{
	struct ol_manifest	*m;

	(void)state;

	m = parse_package("scorm12-api-debugger-nested.zip");
	no_errors(m);
	/* Its default names no organization: 1.2, so the first is used. */
	want_problem(m, OL_MANIFEST_W_DEFAULT_ORG, 8,
	    "SCORMDEbugger555f231e21b982c25d16");
	/* Its adlcp:location names a file it does not have. */
	want_problem(m, OL_MANIFEST_W_META_MISSING, 6, "imslrm.xml");
	assert_string_equal(m->orgs[0].identifier,
	    "mm-SCORMDEbugger555f231e21b982c25d16");
	assert_int_equal(tree_depth(m->orgs[0].items, m->orgs[0].nitems), 3);
	assert_int_equal(find_item(m,
	    "mm-ITEM-SCORMDEbugger555f231e21b982c25s03")->scorm_type,
	    OL_SCORM_TYPE_ASSET);
	ol_manifest_free(m);

	m = parse_package("scorm2004-4th-golf-sequencing-posttestrollup.zip");
	no_errors(m);
	assert_int_equal(m->version, OL_SCORM_2004_4TH);
	ol_manifest_free(m);

	m = parse_package("bad-manifest-empty-document.zip");
	assert_int_equal(m->nerrors, 1);
	assert_int_equal(m->errors[0].code, OL_MANIFEST_E_EMPTY);
	ol_manifest_free(m);

	m = parse_package("bad-manifest-in-subfolder-only.zip");
	want_problem(m, OL_MANIFEST_E_MANIFEST_DEEPER, 0, "badscorm/");
	ol_manifest_free(m);

	m = parse_package("bad-no-manifest.zip");
	want_problem(m, OL_MANIFEST_E_NO_MANIFEST, 0, NULL);
	ol_manifest_free(m);

	m = parse_package("bad-aicc-only.zip");
	want_problem(m, OL_MANIFEST_E_AICC, 0, "moodle.cst");
	ol_manifest_free(m);

	m = ol_manifest_parse_dir("/nonexistent/folder", NULL);
	want_problem(m, OL_MANIFEST_E_UNREADABLE, 0, NULL);
	ol_manifest_free(m);
}

/* Every manifest of a corpus folder: read, and how many importable. */
static size_t
parse_folder(const char *folder, size_t *total, char *bad, size_t badlen)
{
	struct dirent		*de;
	struct ol_manifest	*m;
	DIR			*d;
	char			 rel[512];
	size_t			 ok;

	(void)snprintf(rel, sizeof(rel), MANIFESTS "%s", folder);
	d = opendir(rel);
	if (d == NULL)
		fail_msg("%s: %s", rel, strerror(errno));
	ok = 0;
	*total = 0;
	bad[0] = '\0';
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		(void)snprintf(rel, sizeof(rel), "%s/%s", folder, de->d_name);
		m = parse_file(rel, NULL);
		(*total)++;
		if (ol_manifest_importable(m)) {
			ok++;
			assert_true(m->version != OL_SCORM_UNKNOWN);
			assert_true(m->norgs > 0);
			assert_non_null(m->orgs[0].identifier);
		} else if (strlen(bad) + strlen(de->d_name) + 2 < badlen) {
			strcat(bad, de->d_name);
			strcat(bad, " ");
		}
		ol_manifest_free(m);
	}
	(void)closedir(d);

	return (ok);
}

static void
test_whole_corpus(void **state)
{
	char		bad[2048];
	size_t		total, ok;

	(void)state;

	/*
	 * ADL's conformance test packages are all made to be imported:
	 * every one of them is, once identifiers are trimmed.
	 */
	ok = parse_folder("adl-cts", &total, bad, sizeof(bad));
	assert_int_equal(total, CTS_COUNT);
	if (ok != CTS_COUNT)
		fail_msg("not importable: %s", bad);

	ok = parse_folder("misc", &total, bad, sizeof(bad));
	assert_int_equal(total, 8);
	if (ok != total)
		fail_msg("not importable: %s", bad);

	/* The broken ones, and only those (alone: files unchecked). */
	ok = parse_folder("synthetic", &total, bad, sizeof(bad));
	assert_int_equal(total, 15);
	assert_int_equal(ok, 10);
	assert_non_null(strstr(bad, "CM-01-broken-default-org.xml"));
	assert_non_null(strstr(bad, "InvalidMissingOrgIdentifier_"));
	assert_non_null(strstr(bad, "ItemWithNonExistentResourceId_"));
	assert_non_null(strstr(bad, "MalformedXml_"));
	assert_non_null(strstr(bad, "MissingLaunchUrl_"));
}

static void
test_dir_access(void **state)
{
	struct ol_manifest_access	 acc;
	char				 dir[] = "/tmp/test-manifest-XXXXXX";
	char				 path[512];
	char				*buf;
	size_t				 len;
	int				 fd;

	(void)state;

	assert_non_null(mkdtemp(dir));
	(void)snprintf(path, sizeof(path), "%s/sco", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	(void)snprintf(path, sizeof(path), "%s/sco/index.html", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "hello", 5), 5);
	(void)close(fd);
	/* Ü in NFC, as extraction writes it. */
	(void)snprintf(path, sizeof(path), "%s/\xC3\x9C" "bung.html", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd != -1);
	(void)close(fd);
	(void)snprintf(path, sizeof(path), "%s/link.html", dir);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	(void)snprintf(path, sizeof(path), "%s/linkdir", dir);
	assert_int_equal(symlink("/etc", path), 0);

	assert_int_equal(ol_manifest_dir_access(&acc, dir), 0);
	assert_true(acc.exists(acc.arg, "sco/index.html"));
	assert_true(acc.exists(acc.arg, "./sco//index.html"));
	assert_false(acc.exists(acc.arg, "sco"));
	assert_false(acc.exists(acc.arg, "sco/"));
	/* A file named as a folder (found by fuzz_manifest_dir): neither
	   there nor loaded, as "sco/index.html/" is no file. */
	assert_false(acc.exists(acc.arg, "sco/index.html/"));
	assert_int_equal(acc.load(acc.arg, "sco/index.html/", 100, &buf,
	    &len), -1);
	assert_null(buf);
	assert_false(acc.exists(acc.arg, "sco/missing.html"));
	assert_false(acc.exists(acc.arg, ""));
	/* Out of the folder, or through a link: never. */
	assert_false(acc.exists(acc.arg, "sco/../sco/index.html"));
	assert_false(acc.exists(acc.arg, "../etc/passwd"));
	assert_false(acc.exists(acc.arg, "/etc/passwd"));
	assert_false(acc.exists(acc.arg, "link.html"));
	assert_false(acc.exists(acc.arg, "linkdir/passwd"));
	/* Windows separators and NFD names find what extraction wrote. */
	assert_true(acc.exists(acc.arg, "sco\\index.html"));
	assert_true(acc.exists(acc.arg, "U\xCC\x88" "bung.html"));

	assert_int_equal(acc.load(acc.arg, "sco/index.html", 100, &buf,
	    &len), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(buf[5], '\0');
	free(buf);
	assert_int_equal(acc.load(acc.arg, "sco/index.html", 5, &buf, &len),
	    0);
	free(buf);
	errno = 0;
	assert_int_equal(acc.load(acc.arg, "sco/index.html", 4, &buf, &len),
	    -1);
	assert_int_equal(errno, EFBIG);
	assert_null(buf);
	assert_int_equal(acc.load(acc.arg, "nope.xml", 100, &buf, &len), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(acc.load(acc.arg, "link.html", 100, &buf, &len), -1);
	assert_int_equal(acc.load(acc.arg, "linkdir/passwd", 100, &buf, &len),
	    -1);
	assert_int_equal(acc.load(acc.arg, "../x", 100, &buf, &len), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(acc.load(acc.arg, "sco", 100, &buf, &len), -1);
	ol_manifest_dir_release(&acc);
	assert_null(acc.arg);

	assert_int_equal(ol_manifest_dir_access(&acc, "/nonexistent/x"), -1);
	assert_int_equal(ol_archive_rmtree(dir), 0);
}

static const char *
shout(const char *fmt)
{
	if (strcmp(fmt, "the item %s has no title") == 0)
		return ("ITEM %s: NO TITLE (100%%) %d %s");
	return (NULL);
}

static void
test_problem_format(void **state)
{
	struct ol_manifest_problem	 p;
	const char			*fmt, *s;
	char				 buf[64];
	int				 n;

	(void)state;

	memset(&p, 0, sizeof(p));
	p.code = OL_MANIFEST_W_ITEM_NO_TITLE;
	p.fmt = ol_manifest_problem_fmt(p.code);
	p.arg = (char *)(uintptr_t)"it1";
	n = ol_manifest_problem_format(&p, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "the item it1 has no title");
	assert_int_equal(n, (int)strlen(buf));

	/* A translation: one %s is the argument, the rest stays text. */
	(void)ol_manifest_problem_format(&p, shout, buf, sizeof(buf));
	assert_string_equal(buf, "ITEM it1: NO TITLE (100%) %d %s");

	/* Cut to fit, and said how long it would be. */
	n = ol_manifest_problem_format(&p, NULL, buf, 9);
	assert_string_equal(buf, "the item");
	assert_int_equal(n, 25);
	assert_int_equal(ol_manifest_problem_format(&p, NULL, NULL, 0), 25);
	/* Never in the middle of a UTF-8 character. */
	p.arg = (char *)(uintptr_t)"\xC3\xA9t\xC3\xA9";
	(void)ol_manifest_problem_format(&p, NULL, buf, 11);
	assert_string_equal(buf, "the item ");
	(void)ol_manifest_problem_format(&p, NULL, buf, 12);
	assert_string_equal(buf, "the item \xC3\xA9");

	/* No argument: "". Every code has a message with at most one %s. */
	p.arg = NULL;
	(void)ol_manifest_problem_format(&p, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "the item  has no title");
	for (n = 1; n < 200; n++) {
		if ((fmt = ol_manifest_problem_fmt(n)) == NULL)
			continue;
		s = strstr(fmt, "%s");
		assert_true(s == NULL || strstr(s + 2, "%") == NULL);
	}
	assert_null(ol_manifest_problem_fmt(0));
}

struct job {
	const char	*file;
	int		 importable;
	int		 version;
	int		 ok;
};

static void *
thread_main(void *arg)
{
	struct job		*j = arg;
	struct ol_manifest	*m;
	char			 path[512];
	char			*buf;
	struct stat		 st;
	size_t			 len, i;
	int			 fd;

	j->ok = 1;
	(void)snprintf(path, sizeof(path), MANIFESTS "%s", j->file);
	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1 ||
	    (buf = malloc((size_t)st.st_size)) == NULL) {
		j->ok = 0;
		return (NULL);
	}
	len = (size_t)read(fd, buf, (size_t)st.st_size);
	(void)close(fd);
	for (i = 0; i < 20 && j->ok; i++) {
		if ((m = ol_manifest_parse(buf, len, NULL, NULL)) == NULL ||
		    ol_manifest_importable(m) != j->importable ||
		    m->version != j->version)
			j->ok = 0;
		ol_manifest_free(m);
	}
	free(buf);

	return (NULL);
}

static void
test_threads(void **state)
{
	struct job	jobs[] = {
		{ "synthetic/MalformedXml_SCORM12.xml", 0, 0, 0 },
		{ "adl-cts/T-01a.xml", 1, OL_SCORM_2004_4TH, 0 },
		{ "synthetic/CM-01-broken-default-org.xml", 0,
		    OL_SCORM_2004_4TH, 0 },
		{ "misc/imsmanifest-RuntimeMinimumCalls_SCORM12.xml", 1,
		    OL_SCORM_12, 0 },
	};
	pthread_t	tids[4];
	size_t		i;

	(void)state;

	/* Errors of one parse never land in another's. */
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&tids[i], NULL, thread_main,
		    &jobs[i]), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(tids[i], NULL), 0);
		if (!jobs[i].ok)
			fail_msg("%s read differently in a thread",
			    jobs[i].file);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_version_from_namespaces),
		cmocka_unit_test(test_default_org_first),
		cmocka_unit_test(test_item_tree),
		cmocka_unit_test(test_trimmed_identifiers),
		cmocka_unit_test(test_cts_launch_urls),
		cmocka_unit_test(test_xml_base),
		cmocka_unit_test(test_url_functions),
		cmocka_unit_test(test_isvisible),
		cmocka_unit_test(test_scorm12_extensions),
		cmocka_unit_test(test_scorm2004_extensions),
		cmocka_unit_test(test_scorm2004_passing_score),
		cmocka_unit_test(test_broken_synthetics),
		cmocka_unit_test(test_other_errors),
		cmocka_unit_test(test_xxe),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_no_organization),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_packages),
		cmocka_unit_test(test_whole_corpus),
		cmocka_unit_test(test_dir_access),
		cmocka_unit_test(test_problem_format),
		cmocka_unit_test(test_threads),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
