/*
 * The package's own metadata, for its title, description and language:
 * the LOM record inline in the manifest's <metadata>, then the file its
 * adlcp:location names (read through the package-access callbacks, with
 * the same safe reader and a smaller size limit) for what the inline
 * record left out. IEEE LOM (SCORM 2004) and IMS Metadata 1.2 (SCORM
 * 1.2) are told apart by namespace URI. A metadata file that cannot be
 * read is a warning: the package can be used without it.
 */

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "manifest.h"

static const char	*lom_ns[] = {
	OL_MANIFEST_NS_LOM,
	OL_MANIFEST_NS_LOM_10,
	OL_MANIFEST_NS_IMSMD,
	OL_MANIFEST_NS_IMSMD_12,
	OL_MANIFEST_NS_IMSMD_OLD,
	NULL
};

static const char	*adlcp_ns[] = {
	OL_MANIFEST_NS_ADLCP_12,
	OL_MANIFEST_NS_ADLCP_2004,
	NULL
};

static const char	*ns_of(xmlNodePtr, const char **);
static xmlNodePtr	 child_in(xmlNodePtr, const char **, const char *);
static int		 lang_string(xmlNodePtr, const char *, char **);
static int		 lom_read(struct ol_manifest *, xmlNodePtr);
static int		 location_read(struct ol_manifest *,
			    const struct ol_manifest_limits *,
			    const struct ol_manifest_access *, xmlNodePtr);

/* The one of uris that is node's namespace, or NULL. */
static const char *
ns_of(xmlNodePtr node, const char **uris)
{
	size_t		i;

	for (i = 0; uris[i] != NULL; i++) {
		if (ol_manifest_xml_ns(node, uris[i]))
			return (uris[i]);
	}

	return (NULL);
}

/* The first child element called name in one of the namespaces uris. */
static xmlNodePtr
child_in(xmlNodePtr node, const char **uris, const char *name)
{
	xmlNodePtr	c;

	for (c = node->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, name) == 0 &&
		    ns_of(c, uris) != NULL)
			return (c);
	}

	return (NULL);
}

/*
 * Into *out (when still NULL) the first string of a LOM LangString
 * element (LOM: <string>, IMS MD 1.2: <langstring>) of node. -1 when out
 * of memory.
 */
static int
lang_string(xmlNodePtr node, const char *uri, char **out)
{
	xmlNodePtr	s;

	if (node == NULL || *out != NULL)
		return (0);
	if ((s = ol_manifest_xml_child(node, uri, "string")) == NULL &&
	    (s = ol_manifest_xml_child(node, uri, "langstring")) == NULL)
		return (0);
	if ((*out = ol_manifest_xml_text(s, OL_MANIFEST_TEXT_COLLAPSE)) ==
	    NULL)
		return (-1);
	if ((*out)[0] == '\0') {
		free(*out);
		*out = NULL;
	}

	return (0);
}

/* general/title, description and language of the LOM record lom. */
static int
lom_read(struct ol_manifest *m, xmlNodePtr lom)
{
	const char	*uri;
	xmlNodePtr	 general, lang;

	if ((uri = ns_of(lom, lom_ns)) == NULL ||
	    strcmp((const char *)lom->name, "lom") != 0)
		return (0);
	if ((general = ol_manifest_xml_child(lom, uri, "general")) == NULL)
		return (0);

	if (lang_string(ol_manifest_xml_child(general, uri, "title"), uri,
	    &m->meta_title) == -1)
		return (-1);
	if (lang_string(ol_manifest_xml_child(general, uri, "description"),
	    uri, &m->description) == -1)
		return (-1);

	if (m->language == NULL &&
	    (lang = ol_manifest_xml_child(general, uri, "language")) != NULL) {
		if ((m->language = ol_manifest_xml_text(lang,
		    OL_MANIFEST_TEXT_TRIM)) == NULL)
			return (-1);
		if (m->language[0] == '\0') {
			free(m->language);
			m->language = NULL;
		}
	}

	return (0);
}

/* The file adlcp:location names, when the package can be read. */
static int
location_read(struct ol_manifest *m, const struct ol_manifest_limits *lim,
    const struct ol_manifest_access *acc, xmlNodePtr loc)
{
	xmlDocPtr	 doc;
	char		*href, *path, *buf;
	size_t		 len, line;
	int		 rc;

	if (acc == NULL || acc->load == NULL)
		return (0);
	if ((href = ol_manifest_xml_text(loc, OL_MANIFEST_TEXT_TRIM)) == NULL)
		return (-1);
	line = ol_manifest_xml_line(loc);

	path = NULL;
	buf = NULL;
	rc = ol_manifest_url_path(href, 1, &path);
	if (rc == -1) {
		free(href);
		return (-1);
	}
	if (rc != OL_MANIFEST_URL_LOCAL || path[0] == '\0' ||
	    acc->load(acc->arg, path, lim->max_meta_size, &buf, &len) == -1) {
		rc = ol_manifest_problem_add(m, lim,
		    OL_MANIFEST_W_META_MISSING, line, href);
		free(path);
		free(href);
		return (rc);
	}
	free(path);

	rc = 0;
	if ((doc = ol_manifest_xml_read(NULL, lim, buf, len)) == NULL) {
		rc = ol_manifest_problem_add(m, lim, OL_MANIFEST_W_META_XML,
		    line, href);
	} else {
		rc = lom_read(m, xmlDocGetRootElement(doc));
		xmlFreeDoc(doc);
	}
	free(buf);
	free(href);

	return (rc);
}

/*
 * Reads the manifest's <metadata> element (NULL: nothing to read) into
 * m->meta_title, m->description and m->language, keeping what is set
 * already. 0, or -1 when out of memory.
 */
int
ol_manifest_meta_read(struct ol_manifest *m,
    const struct ol_manifest_limits *lim,
    const struct ol_manifest_access *acc, struct _xmlNode *metadata)
{
	xmlNodePtr	c;

	if (metadata == NULL)
		return (0);

	for (c = metadata->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "lom") == 0 &&
		    lom_read(m, c) == -1)
			return (-1);
	}

	if ((c = child_in(metadata, adlcp_ns, "location")) != NULL)
		return (location_read(m, lim, acc, c));

	return (0);
}
