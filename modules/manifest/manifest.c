/*
 * The manifest walker: from the document manifest_xml.c read to struct
 * ol_manifest, checking as it goes what a SCORM LMS must refuse (errors)
 * and what it can live with (warnings).
 *
 * Elements are matched by namespace URI, never by prefix: the IMS CP
 * namespace is the root's (1.2's imscp_rootv1p1p2 or 2004's imscp_v1p1),
 * ADL's extensions are read from either ADL CP namespace and, as real
 * packages mix 1.2 and 2004 spellings (scormtype, scormType,
 * dataFromLMS...), their local names are compared without case.
 * Identifiers and references are trimmed, as xs:ID and xs:IDREF are.
 * Resources are read first (items point into their array, allocated
 * once), then the organizations with the default one first; arrays are
 * sized from the document before they are filled, so that nothing moves
 * once pointed to.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "manifest.h"

/* Identifier to index, open addressing; keys belong to the manifest. */
struct idmap {
	const char	**keys;
	size_t		 *vals;
	size_t		  cap;
	size_t		  n;
};

struct parse {
	struct ol_manifest		*m;
	struct ol_manifest_limits	 lim;
	const struct ol_manifest_access	*acc;
	const char			*cp;		/* root's namespace */
	xmlNodePtr			 root;
	int				 nomem;
	struct idmap			 activities;	/* orgs and items */
	struct idmap			 resources;
	char				**rbases;	/* per resource */
};

static const char	*cp_ns[] = {
	OL_MANIFEST_NS_CP_12,
	OL_MANIFEST_NS_CP_2004,
	OL_MANIFEST_NS_CP_12_ALT,
	NULL
};

static const char	*adlcp_ns[] = {
	OL_MANIFEST_NS_ADLCP_12,
	OL_MANIFEST_NS_ADLCP_2004,
	NULL
};

static const struct {
	const char	*name;
	unsigned int	 bit;
} hide_names[] = {
	{ "previous",	OL_MANIFEST_HIDE_PREVIOUS },
	{ "continue",	OL_MANIFEST_HIDE_CONTINUE },
	{ "exit",	OL_MANIFEST_HIDE_EXIT },
	{ "exitAll",	OL_MANIFEST_HIDE_EXIT_ALL },
	{ "abandon",	OL_MANIFEST_HIDE_ABANDON },
	{ "abandonAll",	OL_MANIFEST_HIDE_ABANDON_ALL },
	{ "suspendAll",	OL_MANIFEST_HIDE_SUSPEND_ALL },
};

static size_t	 idmap_hash(const char *);
static int	 idmap_put(struct idmap *, const char *, size_t);
static int	 idmap_get(const struct idmap *, const char *, size_t *);
static void	 idmap_free(struct idmap *);

static void	 problem(struct parse *, int, size_t, const char *);
static char	*attr(struct parse *, xmlNodePtr, const char *,
		    const char *);
static char	*attr_id(struct parse *, xmlNodePtr, const char *);
static char	*text(struct parse *, xmlNodePtr, int);
static int	 in_list(const char *, const char **);
static int	 is_adlcp(xmlNodePtr);
static char	*adlcp_attr(struct parse *, xmlNodePtr, const char *);
static xmlNodePtr adlcp_child(xmlNodePtr, const char *);
static size_t	 count_children(xmlNodePtr, const char *, const char *);
static int	 parse_bool(const char *, int *);
static int	 parse_decimal(const char *, double, double, double *);
static char	*base_attr(struct parse *, xmlNodePtr);
static char	*dup_or_nomem(struct parse *, const char *);

static void	 version_detect(struct parse *);
static void	 resources_read(struct parse *, xmlNodePtr);
static void	 resource_read(struct parse *, xmlNodePtr, size_t);
static void	 dependencies_read(struct parse *, xmlNodePtr, size_t);
static void	 orgs_read(struct parse *);
static void	 org_read(struct parse *, xmlNodePtr,
		    struct ol_manifest_org *);
static void	 items_read(struct parse *, xmlNodePtr,
		    struct ol_manifest_item **, size_t *);
static void	 item_read(struct parse *, xmlNodePtr,
		    struct ol_manifest_item *);
static void	 item_adl_read(struct parse *, xmlNodePtr,
		    struct ol_manifest_item *);
static void	 threshold_read(struct parse *, xmlNodePtr,
		    struct ol_manifest_threshold *);
static void	 hide_read(struct parse *, xmlNodePtr,
		    struct ol_manifest_item *);
static void	 passing_read(struct parse *, xmlNodePtr,
		    struct ol_manifest_item *);
static void	 orgs_synthesize(struct parse *, size_t);
static size_t	 launchable(const struct ol_manifest_item *, size_t);
static void	 launch_check(struct parse *);
static void	 files_check(struct parse *);
static int	 file_present(struct parse *, const char *, char **, int *);

static void	 item_free(struct ol_manifest_item *);

void
ol_manifest_limits_default(struct ol_manifest_limits *lim)
{
	lim->max_size = OL_MANIFEST_MAX_SIZE;
	lim->max_depth = OL_MANIFEST_MAX_DEPTH;
	lim->max_meta_size = OL_MANIFEST_MAX_META_SIZE;
	lim->max_problems = OL_MANIFEST_MAX_PROBLEMS;
}

const char *
ol_manifest_version_name(int version)
{
	switch (version) {
	case OL_SCORM_12:
		return ("1.2");
	case OL_SCORM_2004_2ND:
		return ("2004 2nd");
	case OL_SCORM_2004_3RD:
		return ("2004 3rd");
	case OL_SCORM_2004_4TH:
		return ("2004 4th");
	default:
		return (NULL);
	}
}

const char *
ol_manifest_scorm_type_name(int type)
{
	switch (type) {
	case OL_SCORM_TYPE_SCO:
		return ("sco");
	case OL_SCORM_TYPE_ASSET:
		return ("asset");
	default:
		return (NULL);
	}
}

/* The hideLMSUI value of one OL_MANIFEST_HIDE_* bit, or NULL. */
const char *
ol_manifest_hide_name(unsigned int bit)
{
	size_t		i;

	for (i = 0; i < sizeof(hide_names) / sizeof(hide_names[0]); i++) {
		if (hide_names[i].bit == bit)
			return (hide_names[i].name);
	}

	return (NULL);
}

int
ol_manifest_importable(const struct ol_manifest *m)
{
	return (m != NULL && m->nerrors == 0 && m->version != OL_SCORM_UNKNOWN);
}

static size_t
idmap_hash(const char *s)
{
	size_t		h;

	/* FNV-1a. */
	for (h = (size_t)14695981039346656037ULL; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= (size_t)1099511628211ULL;
	}

	return (h);
}

/* 1 when added, 0 when key was there already, -1 when out of memory. */
static int
idmap_put(struct idmap *map, const char *key, size_t val)
{
	struct idmap	nmap;
	size_t		i, j;

	if (map->n + 1 > map->cap / 2) {
		nmap.cap = map->cap > 0 ? map->cap * 2 : 64;
		if (nmap.cap > SIZE_MAX / sizeof(size_t) ||
		    (nmap.keys = calloc(nmap.cap, sizeof(char *))) == NULL)
			return (-1);
		if ((nmap.vals = calloc(nmap.cap, sizeof(size_t))) == NULL) {
			free(nmap.keys);
			return (-1);
		}
		nmap.n = map->n;
		for (i = 0; i < map->cap; i++) {
			if (map->keys[i] == NULL)
				continue;
			j = idmap_hash(map->keys[i]) & (nmap.cap - 1);
			while (nmap.keys[j] != NULL)
				j = (j + 1) & (nmap.cap - 1);
			nmap.keys[j] = map->keys[i];
			nmap.vals[j] = map->vals[i];
		}
		idmap_free(map);
		*map = nmap;
	}

	j = idmap_hash(key) & (map->cap - 1);
	while (map->keys[j] != NULL) {
		if (strcmp(map->keys[j], key) == 0)
			return (0);
		j = (j + 1) & (map->cap - 1);
	}
	map->keys[j] = key;
	map->vals[j] = val;
	map->n++;

	return (1);
}

static int
idmap_get(const struct idmap *map, const char *key, size_t *val)
{
	size_t		j;

	if (map->cap == 0)
		return (0);
	j = idmap_hash(key) & (map->cap - 1);
	while (map->keys[j] != NULL) {
		if (strcmp(map->keys[j], key) == 0) {
			*val = map->vals[j];
			return (1);
		}
		j = (j + 1) & (map->cap - 1);
	}

	return (0);
}

static void
idmap_free(struct idmap *map)
{
	free(map->keys);
	free(map->vals);
	memset(map, 0, sizeof(*map));
}

static void
problem(struct parse *p, int code, size_t line, const char *arg)
{
	if (ol_manifest_problem_add(p->m, &p->lim, code, line, arg) == -1)
		p->nomem = 1;
}

/* The trimmed attribute, or NULL when absent (or out of memory). */
static char *
attr(struct parse *p, xmlNodePtr node, const char *uri, const char *name)
{
	char		*s;

	if (ol_manifest_xml_attr(node, uri, name, &s) == -1)
		p->nomem = 1;

	return (s);
}

/* An identifier or a reference: NULL when absent or empty. */
static char *
attr_id(struct parse *p, xmlNodePtr node, const char *name)
{
	char		*s;

	if ((s = attr(p, node, NULL, name)) != NULL && s[0] == '\0') {
		free(s);
		s = NULL;
	}

	return (s);
}

static char *
text(struct parse *p, xmlNodePtr node, int mode)
{
	char		*s;

	if ((s = ol_manifest_xml_text(node, mode)) == NULL)
		p->nomem = 1;

	return (s);
}

static char *
dup_or_nomem(struct parse *p, const char *s)
{
	char		*d;

	if (s == NULL)
		return (NULL);
	if ((d = ol_manifest_strdup(s)) == NULL)
		p->nomem = 1;

	return (d);
}

static int
in_list(const char *s, const char **list)
{
	size_t		i;

	for (i = 0; list[i] != NULL; i++) {
		if (strcmp(s, list[i]) == 0)
			return (1);
	}

	return (0);
}

static int
is_adlcp(xmlNodePtr node)
{
	return (node->type == XML_ELEMENT_NODE && node->ns != NULL &&
	    node->ns->href != NULL &&
	    in_list((const char *)node->ns->href, adlcp_ns));
}

/* An ADL CP attribute of node, its local name compared without case. */
static char *
adlcp_attr(struct parse *p, xmlNodePtr node, const char *name)
{
	xmlAttrPtr	a;
	char		*s;

	for (a = node->properties; a != NULL; a = a->next) {
		if (a->ns == NULL || a->ns->href == NULL ||
		    !in_list((const char *)a->ns->href, adlcp_ns) ||
		    strcasecmp((const char *)a->name, name) != 0)
			continue;
		if (ol_manifest_xml_attr(node, (const char *)a->ns->href,
		    (const char *)a->name, &s) == -1)
			p->nomem = 1;
		return (s);
	}

	return (NULL);
}

/* The first ADL CP child element of node called name, without case. */
static xmlNodePtr
adlcp_child(xmlNodePtr node, const char *name)
{
	xmlNodePtr	c;

	for (c = node->children; c != NULL; c = c->next) {
		if (is_adlcp(c) && strcasecmp((const char *)c->name, name) == 0)
			return (c);
	}

	return (NULL);
}

static size_t
count_children(xmlNodePtr node, const char *uri, const char *name)
{
	xmlNodePtr	c;
	size_t		n;

	n = 0;
	for (c = node->children; c != NULL; c = c->next) {
		if (ol_manifest_xml_is(c, uri, name))
			n++;
	}

	return (n);
}

/* xs:boolean, trimmed already: 0 or -1. */
static int
parse_bool(const char *s, int *out)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0) {
		*out = 1;
		return (0);
	}
	if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0) {
		*out = 0;
		return (0);
	}

	return (-1);
}

/*
 * xs:decimal within [min, max], read by hand so that the locale's decimal
 * point does not matter: [+-]digits[.digits], at most 32 characters. The
 * digits make one integer, divided once by the power of ten, so that
 * "0.75" is the double nearest 0.75.
 */
static int
parse_decimal(const char *s, double min, double max, double *out)
{
	double		v, scale;
	size_t		len, digits, decimals;
	int		neg;

	len = strlen(s);
	if (len == 0 || len > 32)
		return (-1);

	neg = 0;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';

	v = 0.0;
	digits = 0;
	decimals = 0;
	while (*s >= '0' && *s <= '9') {
		v = v * 10.0 + (*s++ - '0');
		digits++;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			v = v * 10.0 + (*s++ - '0');
			digits++;
			decimals++;
		}
	}
	if (*s != '\0' || digits == 0)
		return (-1);
	for (scale = 1.0; decimals > 0; decimals--)
		scale *= 10.0;
	v /= scale;
	if (neg)
		v = -v;
	if (v < min || v > max)
		return (-1);

	*out = v;
	return (0);
}

/*
 * The xml:base of node, with the trailing slash a folder needs added
 * (and a warning) when the manifest left it out; NULL when none.
 */
static char *
base_attr(struct parse *p, xmlNodePtr node)
{
	char		*s, *d;
	size_t		len;

	if ((s = attr(p, node, OL_MANIFEST_NS_XML, "base")) == NULL)
		return (NULL);
	len = strlen(s);
	if (len == 0 || s[len - 1] == '/')
		return (s);

	problem(p, OL_MANIFEST_W_BASE_SLASH, ol_manifest_xml_line(node), s);
	if ((d = realloc(s, len + 2)) == NULL) {
		free(s);
		p->nomem = 1;
		return (NULL);
	}
	d[len] = '/';
	d[len + 1] = '\0';

	return (d);
}

/*
 * The version: metadata/schemaversion, else the namespaces (ADL CP's
 * when the root declares one, else IMS CP's), with a warning.
 */
static void
version_detect(struct parse *p)
{
	static const struct {
		const char	*value;
		int		 version;
	} known[] = {
		{ "1.2",		OL_SCORM_12 },
		{ "CAM 1.3",		OL_SCORM_2004_2ND },
		{ "2004 3rd Edition",	OL_SCORM_2004_3RD },
		{ "2004 4th Edition",	OL_SCORM_2004_4TH },
	};
	xmlNodePtr	 meta, sv;
	xmlNsPtr	 ns;
	const char	*href;
	char		*value;
	size_t		 i, line;
	int		 nsver, version;

	nsver = 0;
	for (ns = p->root->nsDef; ns != NULL; ns = ns->next) {
		if ((href = (const char *)ns->href) == NULL)
			continue;
		if (strcmp(href, OL_MANIFEST_NS_ADLCP_12) == 0)
			nsver = OL_SCORM_12;
		else if (strcmp(href, OL_MANIFEST_NS_ADLCP_2004) == 0)
			nsver = OL_SCORM_2004_3RD;
		else if (strncmp(href, OL_MANIFEST_NS_ADLCP_FAMILY,
		    strlen(OL_MANIFEST_NS_ADLCP_FAMILY)) == 0)
			problem(p, OL_MANIFEST_W_ADLCP_NS,
			    ol_manifest_xml_line(p->root), href);
	}
	if (nsver == 0) {
		if (strcmp(p->cp, OL_MANIFEST_NS_CP_2004) == 0)
			nsver = OL_SCORM_2004_3RD;
		else
			nsver = OL_SCORM_12;
	}

	meta = ol_manifest_xml_child(p->root, p->cp, "metadata");
	sv = ol_manifest_xml_child(meta, p->cp, "schemaversion");
	if (sv == NULL) {
		p->m->version = nsver;
		problem(p, OL_MANIFEST_W_NO_SCHEMAVERSION,
		    ol_manifest_xml_line(meta != NULL ? meta : p->root),
		    ol_manifest_version_name(nsver));
		return;
	}

	line = ol_manifest_xml_line(sv);
	if ((value = text(p, sv, OL_MANIFEST_TEXT_COLLAPSE)) == NULL)
		return;
	version = 0;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcasecmp(value, known[i].value) == 0)
			version = known[i].version;
	}

	if (version == 0) {
		p->m->version = nsver;
		problem(p, OL_MANIFEST_W_SCHEMAVERSION, line, value);
	} else {
		p->m->version = version;
		if ((version == OL_SCORM_12) != (nsver == OL_SCORM_12))
			problem(p, OL_MANIFEST_W_VERSION_MISMATCH, line, value);
	}
	free(value);
}

/* Every resource, then their dependencies (which need every id). */
static void
resources_read(struct parse *p, xmlNodePtr res)
{
	struct ol_manifest	*m = p->m;
	xmlNodePtr		 c;
	size_t			 n, i;
	char			*mbase;

	m->resources_base = base_attr(p, res);
	if ((mbase = ol_manifest_url_resolve(m->base, m->resources_base)) ==
	    NULL) {
		p->nomem = 1;
		return;
	}

	n = count_children(res, p->cp, "resource");
	if (n > 0) {
		m->resources = calloc(n, sizeof(*m->resources));
		p->rbases = calloc(n, sizeof(*p->rbases));
		if (m->resources == NULL || p->rbases == NULL) {
			free(mbase);
			p->nomem = 1;
			return;
		}
	}

	for (c = res->children, i = 0; c != NULL && !p->nomem; c = c->next) {
		if (!ol_manifest_xml_is(c, p->cp, "resource"))
			continue;
		m->nresources = i + 1;
		if ((p->rbases[i] = ol_manifest_strdup(mbase)) == NULL) {
			p->nomem = 1;
			break;
		}
		resource_read(p, c, i);
		i++;
	}
	free(mbase);

	for (c = res->children, i = 0; c != NULL && !p->nomem; c = c->next) {
		if (!ol_manifest_xml_is(c, p->cp, "resource"))
			continue;
		if (i < p->m->nresources)
			dependencies_read(p, c, i);
		i++;
	}
}

static void
resource_read(struct parse *p, xmlNodePtr node, size_t idx)
{
	struct ol_manifest_resource	*r = &p->m->resources[idx];
	xmlNodePtr			 c;
	char				*st, *s, *rbase;
	size_t				 n;

	r->line = ol_manifest_xml_line(node);
	r->identifier = attr_id(p, node, "identifier");
	r->type = attr(p, node, NULL, "type");
	r->href = attr(p, node, NULL, "href");
	r->base = base_attr(p, node);
	if (p->nomem)
		return;

	if (r->identifier == NULL) {
		problem(p, OL_MANIFEST_E_RES_NO_ID, r->line, NULL);
	} else {
		switch (idmap_put(&p->resources, r->identifier, idx)) {
		case -1:
			p->nomem = 1;
			return;
		case 0:
			problem(p, OL_MANIFEST_E_DUP_ID, r->line,
			    r->identifier);
			break;
		}
	}
	if (r->type == NULL || r->type[0] == '\0')
		problem(p, OL_MANIFEST_W_RES_NO_TYPE, r->line,
		    r->identifier != NULL ? r->identifier : "");

	r->scorm_type = OL_SCORM_TYPE_ASSET;
	if ((st = adlcp_attr(p, node, "scormtype")) != NULL) {
		if (strcasecmp(st, "sco") == 0)
			r->scorm_type = OL_SCORM_TYPE_SCO;
		else if (strcasecmp(st, "asset") != 0)
			problem(p, OL_MANIFEST_W_SCORMTYPE, r->line, st);
		free(st);
	}

	/* The bases of the manifest, the resources and this resource. */
	if (r->base != NULL) {
		if ((rbase = ol_manifest_url_resolve(p->rbases[idx],
		    r->base)) == NULL) {
			p->nomem = 1;
			return;
		}
		free(p->rbases[idx]);
		p->rbases[idx] = rbase;
	}

	if (r->href != NULL && r->href[0] != '\0') {
		if ((r->url = ol_manifest_url_resolve(p->rbases[idx],
		    r->href)) == NULL) {
			p->nomem = 1;
			return;
		}
	} else if (r->scorm_type == OL_SCORM_TYPE_SCO) {
		problem(p, OL_MANIFEST_E_SCO_NO_HREF, r->line,
		    r->identifier != NULL ? r->identifier : "");
	}

	if ((n = count_children(node, p->cp, "file")) > 0 &&
	    (r->files = calloc(n, sizeof(*r->files))) == NULL) {
		p->nomem = 1;
		return;
	}
	for (c = node->children; c != NULL && !p->nomem; c = c->next) {
		if (!ol_manifest_xml_is(c, p->cp, "file"))
			continue;
		if ((s = attr(p, c, NULL, "href")) == NULL)
			continue;
		if (s[0] == '\0') {
			free(s);
			continue;
		}
		r->files[r->nfiles++] = s;
	}
}

/* The dependencies of resource idx, node; each must name a resource. */
static void
dependencies_read(struct parse *p, xmlNodePtr node, size_t idx)
{
	struct ol_manifest_resource	*r = &p->m->resources[idx];
	xmlNodePtr			 c;
	size_t				 n, found;
	char				*ref;

	if ((n = count_children(node, p->cp, "dependency")) == 0)
		return;
	if ((r->dependencies = calloc(n, sizeof(char *))) == NULL) {
		p->nomem = 1;
		return;
	}
	for (c = node->children; c != NULL && !p->nomem; c = c->next) {
		if (!ol_manifest_xml_is(c, p->cp, "dependency"))
			continue;
		if ((ref = attr_id(p, c, "identifierref")) == NULL)
			continue;
		r->dependencies[r->ndependencies++] = ref;
		if (!idmap_get(&p->resources, ref, &found))
			problem(p, OL_MANIFEST_E_DEP_REF,
			    ol_manifest_xml_line(c), ref);
	}
}

/*
 * The organizations, the default one first; none at all makes one from
 * the resources.
 */
static void
orgs_read(struct parse *p)
{
	struct ol_manifest	*m = p->m;
	xmlNodePtr		 orgs, c, def;
	size_t			 n, i, line;
	char			*defid, *id;

	if ((orgs = ol_manifest_xml_child(p->root, p->cp,
	    "organizations")) == NULL) {
		problem(p, OL_MANIFEST_W_NO_ORGANIZATIONS,
		    ol_manifest_xml_line(p->root), NULL);
		orgs_synthesize(p, ol_manifest_xml_line(p->root));
		return;
	}
	line = ol_manifest_xml_line(orgs);

	if ((n = count_children(orgs, p->cp, "organization")) == 0) {
		problem(p, OL_MANIFEST_W_NO_ORG, line, NULL);
		orgs_synthesize(p, line);
		return;
	}

	/* The default: organizations@default, else the first. */
	def = NULL;
	defid = attr_id(p, orgs, "default");
	for (c = orgs->children; c != NULL && !p->nomem; c = c->next) {
		if (!ol_manifest_xml_is(c, p->cp, "organization"))
			continue;
		if (defid == NULL) {
			def = c;
			break;
		}
		id = attr_id(p, c, "identifier");
		if (id != NULL && strcmp(id, defid) == 0)
			def = c;
		free(id);
		if (def != NULL)
			break;
	}
	if (def == NULL && defid != NULL) {
		/*
		 * SCORM 2004 (and ADL's test suite) refuse this. Packages
		 * made for 1.2 have it, and 1.2 LMSs take the first.
		 */
		if (m->version == OL_SCORM_12) {
			problem(p, OL_MANIFEST_W_DEFAULT_ORG, line, defid);
			def = ol_manifest_xml_child(orgs, p->cp,
			    "organization");
		} else {
			problem(p, OL_MANIFEST_E_DEFAULT_ORG, line, defid);
		}
	}
	free(defid);
	if (p->nomem)
		return;

	if ((m->orgs = calloc(n, sizeof(*m->orgs))) == NULL) {
		p->nomem = 1;
		return;
	}
	i = 0;
	if (def != NULL) {
		m->norgs = 1;
		org_read(p, def, &m->orgs[i++]);
	}
	for (c = orgs->children; c != NULL && !p->nomem; c = c->next) {
		if (c == def || !ol_manifest_xml_is(c, p->cp, "organization"))
			continue;
		m->norgs = i + 1;
		org_read(p, c, &m->orgs[i++]);
	}
}

static void
org_read(struct parse *p, xmlNodePtr node, struct ol_manifest_org *org)
{
	xmlNodePtr	c;

	org->line = ol_manifest_xml_line(node);
	if ((org->identifier = attr_id(p, node, "identifier")) == NULL) {
		problem(p, OL_MANIFEST_E_ORG_NO_ID, org->line, NULL);
	} else {
		switch (idmap_put(&p->activities, org->identifier, 0)) {
		case -1:
			p->nomem = 1;
			return;
		case 0:
			problem(p, OL_MANIFEST_E_DUP_ID, org->line,
			    org->identifier);
			break;
		}
	}

	if ((c = ol_manifest_xml_child(node, p->cp, "title")) != NULL)
		org->title = text(p, c, OL_MANIFEST_TEXT_COLLAPSE);
	if (org->title != NULL && org->title[0] == '\0') {
		free(org->title);
		org->title = NULL;
	}
	if (org->title == NULL && !p->nomem)
		problem(p, OL_MANIFEST_W_ORG_NO_TITLE, org->line,
		    org->identifier != NULL ? org->identifier : "");

	if ((c = ol_manifest_xml_child(node, OL_MANIFEST_NS_IMSSS,
	    "sequencing")) != NULL &&
	    (org->sequencing = ol_manifest_xml_dump(c)) == NULL)
		p->nomem = 1;

	items_read(p, node, &org->items, &org->nitems);
}

/* The <item> children of node into *items. */
static void
items_read(struct parse *p, xmlNodePtr node, struct ol_manifest_item **items,
    size_t *nitems)
{
	xmlNodePtr	c;
	size_t		n;

	if ((n = count_children(node, p->cp, "item")) == 0)
		return;
	if ((*items = calloc(n, sizeof(**items))) == NULL) {
		p->nomem = 1;
		return;
	}
	for (c = node->children; c != NULL && !p->nomem; c = c->next) {
		if (!ol_manifest_xml_is(c, p->cp, "item"))
			continue;
		item_read(p, c, &(*items)[(*nitems)++]);
	}
}

static void
item_read(struct parse *p, xmlNodePtr node, struct ol_manifest_item *it)
{
	struct ol_manifest_resource	*r;
	xmlNodePtr			 c;
	const char			*name;
	char				*s;
	size_t				 idx;

	it->line = ol_manifest_xml_line(node);
	it->visible = 1;
	it->identifier = attr_id(p, node, "identifier");
	it->identifierref = attr_id(p, node, "identifierref");
	it->parameters = attr(p, node, NULL, "parameters");
	if (p->nomem)
		return;
	name = it->identifier != NULL ? it->identifier : "";

	if (it->identifier == NULL) {
		problem(p, OL_MANIFEST_E_ITEM_NO_ID, it->line, NULL);
	} else {
		switch (idmap_put(&p->activities, it->identifier, 0)) {
		case -1:
			p->nomem = 1;
			return;
		case 0:
			problem(p, OL_MANIFEST_E_DUP_ID, it->line,
			    it->identifier);
			break;
		}
	}

	if ((c = ol_manifest_xml_child(node, p->cp, "title")) != NULL)
		it->title = text(p, c, OL_MANIFEST_TEXT_COLLAPSE);
	if (it->title != NULL && it->title[0] == '\0') {
		free(it->title);
		it->title = NULL;
	}
	if (it->title == NULL && !p->nomem)
		problem(p, OL_MANIFEST_W_ITEM_NO_TITLE, it->line, name);

	if ((s = attr(p, node, NULL, "isvisible")) != NULL) {
		if (parse_bool(s, &it->visible) == -1) {
			problem(p, OL_MANIFEST_W_ISVISIBLE, it->line, s);
			it->visible = 1;
		}
		free(s);
	}

	if (it->identifierref != NULL) {
		if (!idmap_get(&p->resources, it->identifierref, &idx)) {
			problem(p, OL_MANIFEST_E_ITEM_REF, it->line,
			    it->identifierref);
		} else {
			r = &p->m->resources[idx];
			it->resource = r;
			it->scorm_type = r->scorm_type;
			if (r->url != NULL) {
				if ((it->launch = ol_manifest_url_launch(
				    r->url, it->parameters)) == NULL)
					p->nomem = 1;
			} else if (r->scorm_type != OL_SCORM_TYPE_SCO) {
				/* A SCO without href is reported once. */
				problem(p, OL_MANIFEST_E_ITEM_NO_HREF,
				    it->line, name);
			}
		}
	}

	item_adl_read(p, node, it);

	if ((c = ol_manifest_xml_child(node, OL_MANIFEST_NS_IMSSS,
	    "sequencing")) != NULL) {
		if ((it->sequencing = ol_manifest_xml_dump(c)) == NULL)
			p->nomem = 1;
		passing_read(p, c, it);
	}

	items_read(p, node, &it->items, &it->nitems);

	if (it->identifierref == NULL && it->nitems == 0 && !p->nomem)
		problem(p, OL_MANIFEST_W_EMPTY_ITEM, it->line, name);
}

/* The ADL extensions of an item, 1.2's and 2004's. */
static void
item_adl_read(struct parse *p, xmlNodePtr node, struct ol_manifest_item *it)
{
	xmlNodePtr	c;
	char		*s;

	if ((c = adlcp_child(node, "prerequisites")) != NULL) {
		it->prerequisites = text(p, c, OL_MANIFEST_TEXT_COLLAPSE);
		it->prerequisites_type = attr(p, c, NULL, "type");
	}
	if ((c = adlcp_child(node, "maxtimeallowed")) != NULL)
		it->max_time_allowed = text(p, c, OL_MANIFEST_TEXT_TRIM);
	if ((c = adlcp_child(node, "timelimitaction")) != NULL)
		it->time_limit_action = text(p, c, OL_MANIFEST_TEXT_TRIM);
	if ((c = adlcp_child(node, "datafromlms")) != NULL)
		it->data_from_lms = text(p, c, OL_MANIFEST_TEXT_EXACT);

	if ((c = adlcp_child(node, "masteryscore")) != NULL &&
	    (s = text(p, c, OL_MANIFEST_TEXT_TRIM)) != NULL) {
		if (parse_decimal(s, 0.0, 100.0, &it->mastery_score) == 0)
			it->has_mastery_score = 1;
		else
			problem(p, OL_MANIFEST_W_MASTERY,
			    ol_manifest_xml_line(c), s);
		free(s);
	}

	if ((c = adlcp_child(node, "completionThreshold")) != NULL)
		threshold_read(p, c, &it->completion_threshold);

	if ((c = ol_manifest_xml_child(node, OL_MANIFEST_NS_ADLNAV,
	    "presentation")) != NULL &&
	    (c = ol_manifest_xml_child(c, OL_MANIFEST_NS_ADLNAV,
	    "navigationInterface")) != NULL)
		hide_read(p, c, it);
}

/* adlcp:completionThreshold, 4th edition attributes or 3rd's text. */
static void
threshold_read(struct parse *p, xmlNodePtr node,
    struct ol_manifest_threshold *th)
{
	size_t		line;
	char		*s;
	int		cbm_given;

	line = ol_manifest_xml_line(node);
	th->present = 1;
	th->completed_by_measure = 0;
	th->min_progress_measure = 1.0;
	th->progress_weight = 1.0;
	cbm_given = 0;

	if ((s = attr(p, node, NULL, "completedByMeasure")) != NULL) {
		if (parse_bool(s, &th->completed_by_measure) == 0)
			cbm_given = 1;
		else
			problem(p, OL_MANIFEST_W_THRESHOLD, line, s);
		free(s);
	}
	if ((s = attr(p, node, NULL, "minProgressMeasure")) != NULL) {
		if (parse_decimal(s, 0.0, 1.0, &th->min_progress_measure) == -1)
			problem(p, OL_MANIFEST_W_THRESHOLD, line, s);
		free(s);
	}
	if ((s = attr(p, node, NULL, "progressWeight")) != NULL) {
		if (parse_decimal(s, 0.0, 1.0, &th->progress_weight) == -1)
			problem(p, OL_MANIFEST_W_THRESHOLD, line, s);
		free(s);
	}

	if ((s = text(p, node, OL_MANIFEST_TEXT_TRIM)) == NULL)
		return;
	if (s[0] != '\0') {
		if (parse_decimal(s, 0.0, 1.0, &th->min_progress_measure) ==
		    -1) {
			problem(p, OL_MANIFEST_W_THRESHOLD, line, s);
		} else if (!cbm_given) {
			th->completed_by_measure = 1;
		}
	}
	free(s);
}

/*
 * The passing score of a 2004 item (cmi.scaled_passing_score): its
 * primary objective's minNormalizedMeasure (1.0 when absent), when that
 * objective is satisfied by measure. A value out of -1..1 is left out.
 */
static void
passing_read(struct parse *p, xmlNodePtr seq, struct ol_manifest_item *it)
{
	xmlNodePtr	prim, min;
	char		*s;
	int		by_measure;
	double		v;

	prim = ol_manifest_xml_child(ol_manifest_xml_child(seq,
	    OL_MANIFEST_NS_IMSSS, "objectives"), OL_MANIFEST_NS_IMSSS,
	    "primaryObjective");
	if (prim == NULL ||
	    (s = attr(p, prim, NULL, "satisfiedByMeasure")) == NULL)
		return;
	by_measure = 0;
	if (parse_bool(s, &by_measure) == -1)
		by_measure = 0;
	free(s);
	if (!by_measure)
		return;

	v = 1.0;
	min = ol_manifest_xml_child(prim, OL_MANIFEST_NS_IMSSS,
	    "minNormalizedMeasure");
	if (min != NULL) {
		if ((s = text(p, min, OL_MANIFEST_TEXT_TRIM)) == NULL)
			return;
		if (parse_decimal(s, -1.0, 1.0, &v) == -1) {
			free(s);
			return;
		}
		free(s);
	}
	it->has_scaled_passing_score = 1;
	it->scaled_passing_score = v;
}

static void
hide_read(struct parse *p, xmlNodePtr node, struct ol_manifest_item *it)
{
	xmlNodePtr	c;
	char		*s;
	size_t		i;

	for (c = node->children; c != NULL && !p->nomem; c = c->next) {
		if (!ol_manifest_xml_is(c, OL_MANIFEST_NS_ADLNAV, "hideLMSUI"))
			continue;
		if ((s = text(p, c, OL_MANIFEST_TEXT_TRIM)) == NULL)
			return;
		for (i = 0; i < sizeof(hide_names) / sizeof(hide_names[0]);
		    i++) {
			if (strcmp(s, hide_names[i].name) == 0)
				break;
		}
		if (i < sizeof(hide_names) / sizeof(hide_names[0]))
			it->hide_lms_ui |= hide_names[i].bit;
		else
			problem(p, OL_MANIFEST_W_HIDELMSUI,
			    ol_manifest_xml_line(c), s);
		free(s);
	}
}

/*
 * No organization: as the CP specification says, each resource is then
 * launched directly. The SCOs, or when there is none every resource with
 * an href, become the items of one organization made up here.
 */
static void
orgs_synthesize(struct parse *p, size_t line)
{
	struct ol_manifest		*m = p->m;
	struct ol_manifest_org		*org;
	struct ol_manifest_item		*it;
	struct ol_manifest_resource	*r;
	size_t				 i, n;
	int				 want;

	want = OL_SCORM_TYPE_SCO;
	for (n = 0, i = 0; i < m->nresources; i++) {
		if (m->resources[i].scorm_type == want &&
		    m->resources[i].url != NULL &&
		    m->resources[i].identifier != NULL)
			n++;
	}
	if (n == 0) {
		want = 0;
		for (i = 0; i < m->nresources; i++) {
			if (m->resources[i].url != NULL &&
			    m->resources[i].identifier != NULL)
				n++;
		}
	}
	if (n == 0) {
		problem(p, OL_MANIFEST_E_NOTHING, line, NULL);
		return;
	}

	if ((m->orgs = calloc(1, sizeof(*m->orgs))) == NULL ||
	    (m->orgs->items = calloc(n, sizeof(*m->orgs->items))) == NULL) {
		p->nomem = 1;
		return;
	}
	m->norgs = 1;
	org = m->orgs;
	org->line = line;
	org->synthesized = 1;
	org->identifier = dup_or_nomem(p,
	    m->identifier != NULL ? m->identifier : "organization");

	for (i = 0; i < m->nresources && !p->nomem; i++) {
		r = &m->resources[i];
		if ((want != 0 && r->scorm_type != want) || r->url == NULL ||
		    r->identifier == NULL)
			continue;
		it = &org->items[org->nitems++];
		it->line = r->line;
		it->visible = 1;
		it->identifier = dup_or_nomem(p, r->identifier);
		it->identifierref = dup_or_nomem(p, r->identifier);
		it->title = dup_or_nomem(p, r->identifier);
		it->launch = dup_or_nomem(p, r->url);
		it->scorm_type = r->scorm_type;
		it->resource = r;
	}
}

/* Items with something to launch in items[0..n) and below. */
static size_t
launchable(const struct ol_manifest_item *items, size_t n)
{
	size_t		i, count;

	count = 0;
	for (i = 0; i < n; i++) {
		if (items[i].launch != NULL)
			count++;
		count += launchable(items[i].items, items[i].nitems);
	}

	return (count);
}

/*
 * Whether the file url names is in the package: 1 yes (or cannot be
 * told: no callbacks, an absolute URL), 0 no, -1 out of the package.
 * *path gets the package-relative path when there is one.
 */
static int
file_present(struct parse *p, const char *url, char **path, int *external)
{
	char		*decoded;
	int		 rc, found;

	*path = NULL;
	*external = 0;
	switch (ol_manifest_url_path(url, 0, path)) {
	case -1:
		p->nomem = 1;
		return (1);
	case OL_MANIFEST_URL_EXTERNAL:
		*external = 1;
		return (1);
	case OL_MANIFEST_URL_OUTSIDE:
		return (-1);
	}

	/* The path %-decoded, as a web server would, then as written. */
	if ((rc = ol_manifest_url_path(url, 1, &decoded)) == -1) {
		p->nomem = 1;
		return (1);
	}
	if (rc == OL_MANIFEST_URL_OUTSIDE)
		return (-1);
	if (p->acc == NULL || p->acc->exists == NULL) {
		free(decoded);
		return (1);
	}

	found = decoded[0] != '\0' && p->acc->exists(p->acc->arg, decoded);
	if (!found && strcmp(decoded, *path) != 0 && (*path)[0] != '\0')
		found = p->acc->exists(p->acc->arg, *path);
	free(decoded);

	return (found);
}

/* Each resource's href: in the package, when it can be told. */
static void
launch_check(struct parse *p)
{
	struct ol_manifest_resource	*r;
	char				*path;
	size_t				 i;
	int				 external;

	for (i = 0; i < p->m->nresources && !p->nomem; i++) {
		r = &p->m->resources[i];
		if (r->url == NULL)
			continue;
		switch (file_present(p, r->url, &path, &external)) {
		case -1:
			problem(p, OL_MANIFEST_E_OUTSIDE, r->line, r->href);
			break;
		case 0:
			problem(p, OL_MANIFEST_E_LAUNCH_MISSING, r->line,
			    path);
			break;
		default:
			if (external && r->scorm_type == OL_SCORM_TYPE_SCO)
				problem(p, OL_MANIFEST_W_EXTERNAL, r->line,
				    r->url);
			break;
		}
		free(path);
	}
}

/* Each <file href>, but the launch file reported already. */
static void
files_check(struct parse *p)
{
	struct ol_manifest_resource	*r;
	char				*url, *path, *launch;
	size_t				 i, j;
	int				 external, rc;

	for (i = 0; i < p->m->nresources && !p->nomem; i++) {
		r = &p->m->resources[i];
		launch = NULL;
		if (r->url != NULL && ol_manifest_url_path(r->url, 0,
		    &launch) == -1) {
			p->nomem = 1;
			return;
		}
		for (j = 0; j < r->nfiles && !p->nomem; j++) {
			if ((url = ol_manifest_url_resolve(p->rbases[i],
			    r->files[j])) == NULL) {
				p->nomem = 1;
				break;
			}
			rc = file_present(p, url, &path, &external);
			if (rc == -1)
				problem(p, OL_MANIFEST_E_OUTSIDE, r->line,
				    r->files[j]);
			else if (rc == 0 && (launch == NULL ||
			    strcmp(launch, path) != 0))
				problem(p, OL_MANIFEST_E_FILE_MISSING,
				    r->line, path);
			free(path);
			free(url);
		}
		free(launch);
	}
}

/*
 * Reads the manifest buf[0..len). limits NULL: the defaults. acc (NULL: a
 * manifest alone) is how files of the package are checked and metadata
 * files read. Returns the manifest with its errors and warnings, or NULL
 * only when out of memory; ol_manifest_free() frees it.
 */
struct ol_manifest *
ol_manifest_parse(const char *buf, size_t len,
    const struct ol_manifest_limits *limits,
    const struct ol_manifest_access *acc)
{
	struct parse		 p;
	struct ol_manifest	*m;
	xmlDocPtr		 doc;
	xmlNodePtr		 res, meta, c;
	size_t			 i;
	char			 num[32];

	memset(&p, 0, sizeof(p));
	if (limits != NULL)
		p.lim = *limits;
	else
		ol_manifest_limits_default(&p.lim);
	if (p.lim.max_depth > OL_MANIFEST_MAX_DEPTH)
		p.lim.max_depth = OL_MANIFEST_MAX_DEPTH;
	p.acc = acc;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return (NULL);
	p.m = m;
	doc = NULL;

	if (len > p.lim.max_size) {
		(void)snprintf(num, sizeof(num), "%zu", p.lim.max_size);
		problem(&p, OL_MANIFEST_E_TOO_LARGE, 0, num);
		goto done;
	}
	if ((doc = ol_manifest_xml_read(m, &p.lim, buf, len)) == NULL)
		goto done;

	p.root = xmlDocGetRootElement(doc);
	if (p.root == NULL) {
		problem(&p, OL_MANIFEST_E_EMPTY, 0, NULL);
		goto done;
	}
	if (strcmp((const char *)p.root->name, "manifest") != 0) {
		problem(&p, OL_MANIFEST_E_ROOT, ol_manifest_xml_line(p.root),
		    (const char *)p.root->name);
		goto done;
	}
	if (p.root->ns == NULL || p.root->ns->href == NULL ||
	    !in_list((const char *)p.root->ns->href, cp_ns)) {
		problem(&p, OL_MANIFEST_E_ROOT_NS,
		    ol_manifest_xml_line(p.root), p.root->ns != NULL &&
		    p.root->ns->href != NULL ?
		    (const char *)p.root->ns->href : "none");
		goto done;
	}
	p.cp = (const char *)p.root->ns->href;

	m->identifier = attr_id(&p, p.root, "identifier");
	version_detect(&p);
	m->base = base_attr(&p, p.root);
	if (p.nomem)
		goto done;

	meta = ol_manifest_xml_child(p.root, p.cp, "metadata");
	if (ol_manifest_meta_read(m, &p.lim, acc, meta) == -1)
		p.nomem = 1;

	if ((res = ol_manifest_xml_child(p.root, p.cp, "resources")) == NULL)
		problem(&p, OL_MANIFEST_E_NO_RESOURCES,
		    ol_manifest_xml_line(p.root), NULL);
	else
		resources_read(&p, res);
	if (p.nomem)
		goto done;

	orgs_read(&p);
	if (p.nomem)
		goto done;

	if ((c = ol_manifest_xml_child(p.root, OL_MANIFEST_NS_IMSSS,
	    "sequencingCollection")) != NULL &&
	    (m->sequencing_collection = ol_manifest_xml_dump(c)) == NULL)
		p.nomem = 1;

	launch_check(&p);
	files_check(&p);

	/* Something to launch: in the default organization, and others. */
	for (i = 0; i < m->norgs && !p.nomem; i++) {
		if (launchable(m->orgs[i].items, m->orgs[i].nitems) > 0)
			continue;
		if (i > 0 || m->orgs[i].identifier == NULL)
			problem(&p, OL_MANIFEST_W_ORG_NOTHING, m->orgs[i].line,
			    m->orgs[i].identifier != NULL ?
			    m->orgs[i].identifier : "");
		else if (m->nerrors + m->errors_omitted == 0)
			problem(&p, OL_MANIFEST_E_NOTHING, m->orgs[i].line,
			    NULL);
	}

	if (m->norgs > 0 && m->orgs[0].synthesized && m->meta_title != NULL)
		m->orgs[0].title = dup_or_nomem(&p, m->meta_title);
	if (m->norgs > 0 && m->orgs[0].title != NULL)
		m->title = dup_or_nomem(&p, m->orgs[0].title);
	else
		m->title = dup_or_nomem(&p, m->meta_title);

done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	idmap_free(&p.activities);
	idmap_free(&p.resources);
	if (p.rbases != NULL) {
		for (i = 0; i < m->nresources; i++)
			free(p.rbases[i]);
		free(p.rbases);
	}
	if (p.nomem) {
		ol_manifest_free(m);
		return (NULL);
	}
	ol_manifest_problem_finish(m, &p.lim);

	return (m);
}

static void
item_free(struct ol_manifest_item *it)
{
	size_t		i;

	free(it->identifier);
	free(it->identifierref);
	free(it->title);
	free(it->parameters);
	free(it->launch);
	free(it->time_limit_action);
	free(it->data_from_lms);
	free(it->prerequisites);
	free(it->prerequisites_type);
	free(it->max_time_allowed);
	free(it->sequencing);
	for (i = 0; i < it->nitems; i++)
		item_free(&it->items[i]);
	free(it->items);
}

void
ol_manifest_free(struct ol_manifest *m)
{
	struct ol_manifest_resource	*r;
	size_t				 i, j;

	if (m == NULL)
		return;

	for (i = 0; i < m->norgs; i++) {
		free(m->orgs[i].identifier);
		free(m->orgs[i].title);
		free(m->orgs[i].sequencing);
		for (j = 0; j < m->orgs[i].nitems; j++)
			item_free(&m->orgs[i].items[j]);
		free(m->orgs[i].items);
	}
	free(m->orgs);

	for (i = 0; i < m->nresources; i++) {
		r = &m->resources[i];
		free(r->identifier);
		free(r->type);
		free(r->href);
		free(r->base);
		free(r->url);
		for (j = 0; j < r->nfiles; j++)
			free(r->files[j]);
		free(r->files);
		for (j = 0; j < r->ndependencies; j++)
			free(r->dependencies[j]);
		free(r->dependencies);
	}
	free(m->resources);

	for (i = 0; i < m->nerrors; i++)
		free(m->errors[i].arg);
	free(m->errors);
	for (i = 0; i < m->nwarnings; i++)
		free(m->warnings[i].arg);
	free(m->warnings);

	free(m->identifier);
	free(m->title);
	free(m->meta_title);
	free(m->description);
	free(m->language);
	free(m->base);
	free(m->resources_base);
	free(m->sequencing_collection);
	free(m);
}
