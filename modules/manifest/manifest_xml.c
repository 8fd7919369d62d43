/*
 * The one place where manifest bytes meet libxml2: a safe read and the
 * small node helpers the rest of the module uses.
 *
 * The read has its own parser context and SAX handler for each call, so
 * nothing is shared between threads: errors come to a structured handler
 * of that context (never libxml2's global one), with their line. No
 * network, no DTD loaded, no entity substituted; an entity declaration
 * stops the read at once (a manifest has no use for one, and that is
 * where XXE and billion laughs start), and so does an element nested
 * deeper than the limit, before libxml2's own limit of 256 is reached.
 */

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "manifest.h"
#include "utf8.h"

#define XML_OPTIONS	(XML_PARSE_NONET | XML_PARSE_BIG_LINES)

/* How far back the start of a tag is looked for. */
#define START_TAG_SCAN	(1024 * 1024)

struct reader {
	struct ol_manifest		*m;	/* NULL: record nothing */
	const struct ol_manifest_limits	*lim;
	size_t				 depth;
	int				 failed;
};

static void	xml_init(void);
static void	record(struct reader *, int, size_t, const char *);
static void	on_error(void *, xmlErrorPtr);
static void	on_entity(void *, const xmlChar *, int, const xmlChar *,
		    const xmlChar *, xmlChar *);
static void	on_external_subset(void *, const xmlChar *, const xmlChar *,
		    const xmlChar *);
static void	on_start(void *, const xmlChar *, const xmlChar *,
		    const xmlChar *, int, const xmlChar **, int, int,
		    const xmlChar **);
static void	on_end(void *, const xmlChar *, const xmlChar *,
		    const xmlChar *);
static size_t	start_line(xmlParserCtxtPtr);
static int	is_space(int);

static pthread_once_t	xml_once = PTHREAD_ONCE_INIT;

static void
xml_init(void)
{
	xmlInitParser();
}

static void
record(struct reader *r, int code, size_t line, const char *arg)
{
	if (r->m != NULL)
		(void)ol_manifest_problem_add(r->m, r->lim, code, line, arg);
}

/*
 * libxml2's messages end with a newline; the first error stops the read
 * (later ones are its consequences), warnings are kept.
 */
static void
on_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr	ctxt = ctx;
	struct reader		*r = ctxt->_private;
	char			msg[OL_MANIFEST_ARG_MAX];
	size_t			len, line;

	if (r == NULL || r->failed || e == NULL)
		return;

	msg[0] = '\0';
	if (e->message != NULL) {
		len = strlen(e->message);
		if (len >= sizeof(msg))
			len = sizeof(msg) - 1;
		len = ol_utf8_valid_prefix(e->message, len);
		memcpy(msg, e->message, len);
		while (len > 0 && is_space((unsigned char)msg[len - 1]))
			len--;
		msg[len] = '\0';
	}
	line = e->line > 0 ? (size_t)e->line : 0;

	if (e->level == XML_ERR_WARNING) {
		record(r, OL_MANIFEST_W_XML, line, msg);
	} else if (e->domain == XML_FROM_NAMESPACE) {
		/* The document is still read: by URI, not by prefix. */
		record(r, OL_MANIFEST_W_NAMESPACE, line, msg);
	} else if (e->code == XML_ERR_DOCUMENT_EMPTY) {
		r->failed = 1;
		record(r, OL_MANIFEST_E_EMPTY, line, NULL);
	} else {
		r->failed = 1;
		record(r, OL_MANIFEST_E_XML, line, msg);
	}
}

static void
on_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
    const xmlChar *sys, xmlChar *content)
{
	xmlParserCtxtPtr	ctxt = ctx;
	struct reader		*r = ctxt->_private;

	(void)type;
	(void)pub;
	(void)sys;
	(void)content;

	if (!r->failed) {
		r->failed = 1;
		record(r, OL_MANIFEST_E_ENTITY,
		    (size_t)xmlSAX2GetLineNumber(ctx), (const char *)name);
	}
	xmlStopParser(ctxt);
}

/* Never load an external DTD, whatever the options say. */
static void
on_external_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
    const xmlChar *sys)
{
	(void)ctx;
	(void)name;
	(void)ext;
	(void)sys;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr	ctxt = ctx;
	struct reader		*r = ctxt->_private;
	char			limit[32];

	if (++r->depth > r->lim->max_depth) {
		if (!r->failed) {
			r->failed = 1;
			(void)snprintf(limit, sizeof(limit), "%zu",
			    r->lim->max_depth);
			record(r, OL_MANIFEST_E_TOO_DEEP,
			    (size_t)xmlSAX2GetLineNumber(ctx), limit);
		}
		xmlStopParser(ctxt);
		return;
	}

	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, ns, nattrs,
	    ndefaulted, attrs);
	if (ctxt->node != NULL)
		ctxt->node->psvi = (void *)(uintptr_t)start_line(ctxt);
}

/*
 * The line the start tag being read begins on: libxml2 gives elements
 * the line where the tag ends, which for a tag written over several lines
 * is not where a reader looks. The input still holds the tag (the parser
 * is on its closing '>'); the line is counted back from there.
 */
static size_t
start_line(xmlParserCtxtPtr ctxt)
{
	const xmlChar	*p, *stop;
	size_t		 line;

	if (ctxt->input == NULL || ctxt->input->cur == NULL ||
	    ctxt->input->base == NULL || ctxt->input->line < 1)
		return (0);
	line = (size_t)ctxt->input->line;
	stop = ctxt->input->base;
	if (ctxt->input->cur - stop > START_TAG_SCAN)
		stop = ctxt->input->cur - START_TAG_SCAN;

	for (p = ctxt->input->cur; p > stop; p--) {
		if (p[-1] == '<')
			return (line);
		if (p[-1] == '\n' && line > 1)
			line--;
	}

	return ((size_t)ctxt->input->line);
}

static void
on_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr	ctxt = ctx;
	struct reader		*r = ctxt->_private;

	if (r->depth > 0)
		r->depth--;
	xmlSAX2EndElementNs(ctx, name, prefix, uri);
}

static int
is_space(int c)
{
	return (c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

/*
 * Reads the document buf[0..len); the caller has checked len against
 * max_size. Problems go to m (nothing is recorded when m is NULL). The
 * document, or NULL when it is refused: then m holds why.
 */
struct _xmlDoc *
ol_manifest_xml_read(struct ol_manifest *m,
    const struct ol_manifest_limits *lim, const char *buf, size_t len)
{
	xmlParserCtxtPtr	ctxt;
	struct reader		r;
	xmlDocPtr		doc;
	size_t			line;

	(void)pthread_once(&xml_once, xml_init);

	if (len > INT_MAX)
		return (NULL);

	memset(&r, 0, sizeof(r));
	r.m = m;
	r.lim = lim;

	if ((ctxt = xmlNewParserCtxt()) == NULL)
		return (NULL);
	ctxt->_private = &r;
	ctxt->sax->serror = on_error;
	ctxt->sax->entityDecl = on_entity;
	ctxt->sax->externalSubset = on_external_subset;
	ctxt->sax->startElementNs = on_start;
	ctxt->sax->endElementNs = on_end;

	/* "" for an empty buffer: libxml2 wants a pointer. */
	doc = xmlCtxtReadMemory(ctxt, buf != NULL ? buf : "", (int)len, NULL,
	    NULL, XML_OPTIONS);

	if (doc == NULL && !r.failed) {
		/* Out of memory, or stopped without a word. */
		line = ctxt->input != NULL && ctxt->input->line > 0 ?
		    (size_t)ctxt->input->line : 0;
		record(&r, OL_MANIFEST_E_XML, line,
		    ctxt->lastError.message != NULL ?
		    ctxt->lastError.message : "the parser failed");
		r.failed = 1;
	}
	xmlFreeParserCtxt(ctxt);

	/* A stopped parser hands back what it had read: not a document. */
	if (r.failed && doc != NULL) {
		xmlFreeDoc(doc);
		doc = NULL;
	}

	return (doc);
}

/* Whether node is the element {uri}name; uri NULL is no namespace. */
int
ol_manifest_xml_is(struct _xmlNode *node, const char *uri, const char *name)
{
	if (node == NULL || node->type != XML_ELEMENT_NODE)
		return (0);
	if (name != NULL && strcmp((const char *)node->name, name) != 0)
		return (0);

	return (ol_manifest_xml_ns(node, uri));
}

/* Whether the node's namespace is uri (NULL: none). */
int
ol_manifest_xml_ns(struct _xmlNode *node, const char *uri)
{
	if (node->ns == NULL || node->ns->href == NULL)
		return (uri == NULL);
	if (uri == NULL)
		return (0);

	return (strcmp((const char *)node->ns->href, uri) == 0);
}

/* The first child element {uri}name of node, or NULL. */
struct _xmlNode *
ol_manifest_xml_child(struct _xmlNode *node, const char *uri,
    const char *name)
{
	xmlNodePtr	c;

	if (node == NULL)
		return (NULL);
	for (c = node->children; c != NULL; c = c->next) {
		if (ol_manifest_xml_is(c, uri, name))
			return (c);
	}

	return (NULL);
}

/*
 * Into *out the attribute {uri}name (uri NULL: no namespace), trimmed of
 * white space as the schema types of the manifest's attributes are: 1,
 * or 0 with *out NULL when absent, -1 when out of memory.
 */
int
ol_manifest_xml_attr(struct _xmlNode *node, const char *uri,
    const char *name, char **out)
{
	xmlChar		*v;

	*out = NULL;
	if (uri == NULL)
		v = xmlGetNoNsProp(node, (const xmlChar *)name);
	else
		v = xmlGetNsProp(node, (const xmlChar *)name,
		    (const xmlChar *)uri);
	if (v == NULL)
		return (0);

	*out = ol_manifest_text_clean((const char *)v, OL_MANIFEST_TEXT_TRIM);
	xmlFree(v);

	return (*out != NULL ? 1 : -1);
}

/* The text of node and its descendants, cleaned as mode says. */
char *
ol_manifest_xml_text(struct _xmlNode *node, int mode)
{
	xmlChar		*v;
	char		*s;

	if ((v = xmlNodeGetContent(node)) == NULL)
		return (ol_manifest_strdup(""));
	s = ol_manifest_text_clean((const char *)v, mode);
	xmlFree(v);

	return (s);
}

/*
 * Copies s: as it is (OL_MANIFEST_TEXT_EXACT), trimmed of white space at
 * both ends (TRIM), or also with each run of white space inside made one
 * space (COLLAPSE). NULL when out of memory.
 */
char *
ol_manifest_text_clean(const char *s, int mode)
{
	size_t		len, i, o;
	char		*d;
	int		space;

	len = strlen(s);
	if (mode == OL_MANIFEST_TEXT_EXACT)
		return (ol_manifest_strdup(s));

	while (len > 0 && is_space((unsigned char)s[len - 1]))
		len--;
	while (len > 0 && is_space((unsigned char)*s)) {
		s++;
		len--;
	}

	if ((d = malloc(len + 1)) == NULL)
		return (NULL);
	for (i = 0, o = 0, space = 0; i < len; i++) {
		if (mode == OL_MANIFEST_TEXT_COLLAPSE &&
		    is_space((unsigned char)s[i])) {
			if (!space)
				d[o++] = ' ';
			space = 1;
			continue;
		}
		space = 0;
		d[o++] = s[i];
	}
	d[o] = '\0';

	return (d);
}

/*
 * The element node with its subtree as an XML string of its own: the
 * namespaces it uses that were declared above it are declared on it.
 */
char *
ol_manifest_xml_dump(struct _xmlNode *node)
{
	xmlDocPtr	doc;
	xmlNodePtr	copy;
	xmlBufferPtr	buf;
	char		*s;

	s = NULL;
	if ((doc = xmlNewDoc((const xmlChar *)"1.0")) == NULL)
		return (NULL);
	if ((copy = xmlDocCopyNode(node, doc, 1)) == NULL) {
		xmlFreeDoc(doc);
		return (NULL);
	}
	(void)xmlDocSetRootElement(doc, copy);

	if ((buf = xmlBufferCreate()) != NULL) {
		if (xmlNodeDump(buf, doc, copy, 0, 0) >= 0)
			s = ol_manifest_strdup((const char *)
			    xmlBufferContent(buf));
		xmlBufferFree(buf);
	}
	xmlFreeDoc(doc);

	return (s);
}

/* The line an element starts on (see start_line()), or 0. */
size_t
ol_manifest_xml_line(struct _xmlNode *node)
{
	long		line;

	if (node == NULL)
		return (0);
	if (node->type == XML_ELEMENT_NODE && node->psvi != NULL)
		return ((size_t)(uintptr_t)node->psvi);
	line = xmlGetLineNo(node);

	return (line > 0 ? (size_t)line : 0);
}

char *
ol_manifest_strdup(const char *s)
{
	size_t		len;
	char		*d;

	if (s == NULL)
		return (NULL);
	len = strlen(s);
	if ((d = malloc(len + 1)) == NULL)
		return (NULL);
	memcpy(d, s, len + 1);

	return (d);
}
