/*
 * Unit tests for modules/chart: the SVG of the report charts, read back
 * with libxml2 the way a browser reads it, so that what is checked is
 * the picture (lengths, positions, texts, references) and not the bytes.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "chart.h"

#define FFFD		"\xEF\xBF\xBD"
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* In double, unlike cmocka's assert_float_equal(). */
#define assert_near(a, b, eps)	\
	check_near((double)(a), (double)(b), (double)(eps), __FILE__, __LINE__)

typedef int	(*chart_fn)(ol_sink_fn, void *, const struct ol_chart *);

struct out {
	char		*data;
	size_t		 len;
	size_t		 cap;
};

static const chart_fn	both[] = { ol_chart_bars, ol_chart_columns };

static void		check_near(double, double, double, const char *, int);
static void		out_sink(void *, const void *, size_t);
static void		out_free(struct out *);
static xmlDocPtr	render(chart_fn, const struct ol_chart *, struct out *);
static xmlNodePtr	child(xmlNodePtr, const char *, size_t);
static size_t		children(xmlNodePtr, const char *);
static xmlNodePtr	group(xmlDocPtr, size_t);
static xmlNodePtr	find_id(xmlNodePtr, const char *);
static void		check_attr(xmlNodePtr, const char *, const char *);
static double		attr_num(xmlNodePtr, const char *);
static void		check_content(xmlNodePtr, const char *);
static size_t		texts_equal(xmlNodePtr, const char *);
static xmlNodePtr	text_node(xmlNodePtr, const char *);
static void		check_no_style(xmlNodePtr);
static double		bar_len(xmlDocPtr, size_t);

static void
check_near(double got, double want, double eps, const char *file, int line)
{
	if (!(fabs(got - want) <= eps))
		fail_msg("%s:%d: %g, not %g (within %g)", file, line, got, want,
		    eps);
}

static void
out_sink(void *arg, const void *data, size_t len)
{
	struct out	*o = arg;
	char		*p;

	if (o->len + len + 1 > o->cap) {
		o->cap = (o->len + len + 1) * 2;
		p = realloc(o->data, o->cap);
		assert_non_null(p);
		o->data = p;
	}
	memcpy(o->data + o->len, data, len);
	o->len += len;
	o->data[o->len] = '\0';
}

static void
out_free(struct out *o)
{
	free(o->data);
	memset(o, 0, sizeof(*o));
}

/* Draws c with fn, which must succeed, and parses the result. */
static xmlDocPtr
render(chart_fn fn, const struct ol_chart *c, struct out *o)
{
	xmlDocPtr	doc;

	out_free(o);
	assert_int_equal(fn(out_sink, o, c), 0);
	assert_true(o->len > 0);
	doc = xmlReadMemory(o->data, (int)o->len, "chart.svg", "UTF-8",
	    XML_PARSE_NONET);
	if (doc == NULL)
		fail_msg("not well-formed: %s", o->data);
	assert_string_equal((const char *)xmlDocGetRootElement(doc)->name,
	    "svg");

	return (doc);
}

/* The nth element child of parent called name, or NULL. */
static xmlNodePtr
child(xmlNodePtr parent, const char *name, size_t nth)
{
	xmlNodePtr	n;

	for (n = parent->children; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)n->name, name) && nth-- == 0)
			return (n);
	}

	return (NULL);
}

static size_t
children(xmlNodePtr parent, const char *name)
{
	size_t		i;

	for (i = 0; child(parent, name, i) != NULL; i++)
		;

	return (i);
}

/* The group of the ith bar; it must exist. */
static xmlNodePtr
group(xmlDocPtr doc, size_t i)
{
	xmlNodePtr	g;

	g = child(xmlDocGetRootElement(doc), "g", i);
	if (g == NULL)
		fail_msg("no group for bar %zu", i);

	return (g);
}

static xmlNodePtr
find_id(xmlNodePtr n, const char *id)
{
	xmlNodePtr	c, found;
	xmlChar		*v;
	int		same;

	if (n->type != XML_ELEMENT_NODE)
		return (NULL);
	if ((v = xmlGetProp(n, (const xmlChar *)"id")) != NULL) {
		same = !strcmp((const char *)v, id);
		xmlFree(v);
		if (same)
			return (n);
	}
	for (c = n->children; c != NULL; c = c->next) {
		if ((found = find_id(c, id)) != NULL)
			return (found);
	}

	return (NULL);
}

static void
check_attr(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar		*v;

	v = xmlGetProp(n, (const xmlChar *)name);
	if (v == NULL)
		fail_msg("<%s> has no %s", (const char *)n->name, name);
	if (strcmp((const char *)v, want))
		fail_msg("<%s %s=\"%s\">, not \"%s\"", (const char *)n->name,
		    name, (const char *)v, want);
	xmlFree(v);
}

/* A numeric attribute, which must be a plain finite number. */
static double
attr_num(xmlNodePtr n, const char *name)
{
	xmlChar		*v;
	char		*end;
	double		 d;

	v = xmlGetProp(n, (const xmlChar *)name);
	if (v == NULL)
		fail_msg("<%s> has no %s", (const char *)n->name, name);
	d = strtod((const char *)v, &end);
	if (end == (char *)v || *end != '\0' || !isfinite(d))
		fail_msg("<%s %s=\"%s\"> is no number", (const char *)n->name,
		    name, (const char *)v);
	xmlFree(v);

	return (d);
}

static void
check_content(xmlNodePtr n, const char *want)
{
	xmlChar		*v;

	assert_non_null(n);
	v = xmlNodeGetContent(n);
	assert_non_null(v);
	if (strcmp((const char *)v, want))
		fail_msg("<%s> says \"%s\", not \"%s\"", (const char *)n->name,
		    (const char *)v, want);
	xmlFree(v);
}

/* How many <text> children of g say exactly s. */
static size_t
texts_equal(xmlNodePtr g, const char *s)
{
	xmlNodePtr	t;
	xmlChar		*v;
	size_t		i, n;

	n = 0;
	for (i = 0; (t = child(g, "text", i)) != NULL; i++) {
		v = xmlNodeGetContent(t);
		if (v != NULL && !strcmp((const char *)v, s))
			n++;
		xmlFree(v);
	}

	return (n);
}

/* The <text> child of g that says s; it must exist. */
static xmlNodePtr
text_node(xmlNodePtr g, const char *s)
{
	xmlNodePtr	t;
	xmlChar		*v;
	size_t		i;
	int		same;

	for (i = 0; (t = child(g, "text", i)) != NULL; i++) {
		v = xmlNodeGetContent(t);
		same = v != NULL && !strcmp((const char *)v, s);
		xmlFree(v);
		if (same)
			return (t);
	}
	fail_msg("no text \"%s\"", s);

	return (NULL);
}

/* No style attribute, <style> or <script> anywhere: the page's CSP. */
static void
check_no_style(xmlNodePtr n)
{
	xmlNodePtr	c;
	xmlAttrPtr	a;

	if (n->type != XML_ELEMENT_NODE)
		return;
	if (!strcmp((const char *)n->name, "style") ||
	    !strcmp((const char *)n->name, "script"))
		fail_msg("<%s> element", (const char *)n->name);
	for (a = n->properties; a != NULL; a = a->next) {
		if (!strcasecmp((const char *)a->name, "style") ||
		    !strncasecmp((const char *)a->name, "on", 2))
			fail_msg("%s attribute on <%s>", (const char *)a->name,
			    (const char *)n->name);
	}
	for (c = n->children; c != NULL; c = c->next)
		check_no_style(c);
}

/* Width of the ith horizontal bar. */
static double
bar_len(xmlDocPtr doc, size_t i)
{
	xmlNodePtr	r;

	r = child(group(doc, i), "rect", 0);
	assert_non_null(r);

	return (attr_num(r, "width"));
}

static void
test_root_accessible(void **state)
{
	static const struct ol_chart_bar	bars[] = {
		{ "Completed", "12", 12 },
		{ "Failed", "3", 3 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	root, t;
	xmlChar		*v;
	char		*ids, *id, *save;
	size_t		f, found;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "r1";
	c.title = "Attempts by status";
	c.desc = "Completed 12, failed 3.";
	c.bars = bars;
	c.n = NELEM(bars);

	for (f = 0; f < NELEM(both); f++) {
		c.desc = "Completed 12, failed 3.";
		doc = render(both[f], &c, &o);
		root = xmlDocGetRootElement(doc);
		check_attr(root, "role", "img");
		check_attr(root, "width", "100%");
		check_attr(root, "aria-labelledby", "r1-title r1-desc");
		check_no_style(root);

		/* The title first, as the accessible name. */
		t = root->children;
		while (t != NULL && t->type != XML_ELEMENT_NODE)
			t = t->next;
		assert_non_null(t);
		assert_string_equal((const char *)t->name, "title");
		check_attr(t, "id", "r1-title");
		check_content(t, "Attempts by status");
		t = child(root, "desc", 0);
		assert_non_null(t);
		check_attr(t, "id", "r1-desc");
		check_content(t, "Completed 12, failed 3.");

		/* Every id aria-labelledby names is there. */
		v = xmlGetProp(root, (const xmlChar *)"aria-labelledby");
		ids = strdup((const char *)v);
		xmlFree(v);
		found = 0;
		for (id = strtok_r(ids, " ", &save); id != NULL;
		    id = strtok_r(NULL, " ", &save)) {
			if (find_id(root, id) == NULL)
				fail_msg("aria-labelledby names %s", id);
			found++;
		}
		free(ids);
		assert_int_equal(found, 2);
		xmlFreeDoc(doc);

		/* No desc: only the title is named. */
		c.desc = NULL;
		doc = render(both[f], &c, &o);
		root = xmlDocGetRootElement(doc);
		check_attr(root, "aria-labelledby", "r1-title");
		assert_int_equal(children(root, "desc"), 0);
		assert_null(strstr(o.data, "r1-desc"));
		xmlFreeDoc(doc);
	}
	out_free(&o);
}

static void
test_escaping(void **state)
{
	static const struct ol_chart_bar	bars[] = {
		{ "<script>alert(\"1\")</script> & co",
		    "1 < 2 & \"3\" > 0 'x'", 1 },
		{ "a\x01" "b\xEF\xBF\xBE" "c\xC3(", "\xEF\xBF\xBF", 2 },
		{ "", "", 3 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	root, g;
	size_t		f;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "esc";
	c.title = "Scores <b>\"A&B\"</b> 'q' >";
	c.desc = "x < y & z ]]> <!-- -->";
	c.bars = bars;
	c.n = NELEM(bars);

	for (f = 0; f < NELEM(both); f++) {
		doc = render(both[f], &c, &o);
		root = xmlDocGetRootElement(doc);
		assert_null(strstr(o.data, "<script"));
		assert_null(strstr(o.data, "<b>"));
		assert_null(strstr(o.data, "<!--"));
		check_content(child(root, "title", 0),
		    "Scores <b>\"A&B\"</b> 'q' >");
		check_content(child(root, "desc", 0), "x < y & z ]]> <!-- -->");

		g = group(doc, 0);
		check_content(child(g, "title", 0), "<script>alert(\"1\")"
		    "</script> & co: 1 < 2 & \"3\" > 0 'x'");
		assert_int_equal(texts_equal(g,
		    "<script>alert(\"1\")</script> & co"), 1);
		assert_int_equal(texts_equal(g, "1 < 2 & \"3\" > 0 'x'"), 1);

		/* Controls, non-characters, bad UTF-8: U+FFFD, still XML. */
		g = group(doc, 1);
		check_content(child(g, "title", 0),
		    "a" FFFD "b" FFFD "c" FFFD "(: " FFFD);
		assert_int_equal(texts_equal(g, FFFD), 1);

		g = group(doc, 2);
		check_content(child(g, "title", 0), ": ");
		xmlFreeDoc(doc);
	}
	out_free(&o);
}

static void
test_value_texts(void **state)
{
	static const struct ol_chart_bar	statuses[] = {
		{ "Not attempted", "1,234", 1234 },
		{ "Incomplete", "56", 56 },
		{ "Completed", "7,890", 7890 },
		{ "Passed", "12 %", 12 },
		{ "Failed", "0", 0 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	root, g;
	size_t		f, i;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "st";
	c.title = "Status";
	c.bars = statuses;
	c.n = NELEM(statuses);

	for (f = 0; f < NELEM(both); f++) {
		doc = render(both[f], &c, &o);
		root = xmlDocGetRootElement(doc);
		assert_int_equal(children(root, "g"), NELEM(statuses));
		for (i = 0; i < NELEM(statuses); i++) {
			g = group(doc, i);
			assert_int_equal(children(g, "rect"), 1);
			assert_int_equal(texts_equal(g,
			    statuses[i].value_text), 1);
			assert_int_equal(texts_equal(g, statuses[i].label), 1);
		}
		check_content(child(group(doc, 3), "title", 0), "Passed: 12 %");
		xmlFreeDoc(doc);
	}
	out_free(&o);
}

static void
test_bar_lengths(void **state)
{
	static const double	values[] = { 10, 5, 2.5, 0, 7.5 };
	static const double	share[] = { 1, 0.5, 0.25, 0, 0.75 };
	struct ol_chart_bar	bars[NELEM(values)];
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	r0, r1;
	double		scale;
	size_t		i;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "len";
	c.title = "Lengths";
	c.bars = bars;
	c.n = NELEM(bars);

	/* The same picture whatever the scale of the values. */
	for (scale = 0.001; scale < 1e7; scale *= 1000) {
		for (i = 0; i < NELEM(values); i++) {
			bars[i].label = "x";
			bars[i].value_text = "y";
			bars[i].value = values[i] * scale;
		}
		doc = render(ol_chart_bars, &c, &o);
		for (i = 0; i < NELEM(values); i++)
			assert_near(bar_len(doc, i),
			    share[i] * OL_CHART_BARS_LEN, 0.05);

		/* One row each, same thickness. */
		r0 = child(group(doc, 0), "rect", 0);
		r1 = child(group(doc, 1), "rect", 0);
		assert_near(attr_num(r1, "y") - attr_num(r0, "y"),
		    OL_CHART_BARS_ROW, 0.05);
		assert_near(attr_num(r1, "height"), attr_num(r0, "height"), 0);
		assert_true(attr_num(r0, "height") > 0);
		xmlFreeDoc(doc);
	}
	out_free(&o);
}

static void
test_column_heights(void **state)
{
	static const struct ol_chart_bar	buckets[] = {
		{ "0-9", "40", 40 },
		{ "10-19", "20", 20 },
		{ "20-29", "0", 0 },
		{ "30-39", "10", 10 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	r[NELEM(buckets)], t;
	double		h0, base;
	size_t		i;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "hist";
	c.title = "Scores";
	c.bars = buckets;
	c.n = NELEM(buckets);

	doc = render(ol_chart_columns, &c, &o);
	for (i = 0; i < NELEM(buckets); i++) {
		r[i] = child(group(doc, i), "rect", 0);
		assert_non_null(r[i]);
	}
	h0 = attr_num(r[0], "height");
	base = attr_num(r[0], "y") + h0;
	assert_true(h0 > OL_CHART_COLUMNS_HEIGHT / 2);
	assert_true(base < OL_CHART_COLUMNS_HEIGHT);
	assert_near(attr_num(r[1], "height"), h0 / 2, 0.1);
	assert_near(attr_num(r[2], "height"), 0, 0.0);
	assert_near(attr_num(r[3], "height"), h0 / 4, 0.1);

	/* Standing on one baseline, in equal widths, left to right. */
	for (i = 0; i < NELEM(buckets); i++) {
		assert_near(attr_num(r[i], "y") +
		    attr_num(r[i], "height"), base, 0.1);
		assert_near(attr_num(r[i], "width"),
		    attr_num(r[0], "width"), 0.0);
		if (i > 0)
			assert_true(attr_num(r[i], "x") >
			    attr_num(r[i - 1], "x") +
			    attr_num(r[i - 1], "width"));
	}

	/* Each value above its column; the tallest's inside the picture. */
	for (i = 0; i < NELEM(buckets); i++) {
		t = text_node(group(doc, i), buckets[i].value_text);
		assert_true(attr_num(t, "y") < attr_num(r[i], "y"));
		assert_true(attr_num(t, "y") > 0);
	}
	xmlFreeDoc(doc);
	out_free(&o);
}

static void
test_all_zero(void **state)
{
	static const struct ol_chart_bar	bars[] = {
		{ "a", "0", 0 },
		{ "b", "0 %", 0 },
		{ "c", "none", 0 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	g;
	size_t		i;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "zero";
	c.title = "Nothing yet";
	c.bars = bars;
	c.n = NELEM(bars);

	doc = render(ol_chart_bars, &c, &o);
	for (i = 0; i < NELEM(bars); i++) {
		g = group(doc, i);
		assert_near(bar_len(doc, i), 0, 0.0);
		assert_int_equal(texts_equal(g, bars[i].value_text), 1);
	}
	xmlFreeDoc(doc);

	doc = render(ol_chart_columns, &c, &o);
	for (i = 0; i < NELEM(bars); i++) {
		g = group(doc, i);
		assert_near(attr_num(child(g, "rect", 0), "height"), 0,
		    0.0);
		assert_int_equal(texts_equal(g, bars[i].value_text), 1);
	}
	xmlFreeDoc(doc);
	out_free(&o);
}

static void
test_not_finite(void **state)
{
	struct ol_chart_bar	bars[] = {
		{ "a", "?", NAN },
		{ "b", "-3", -3 },
		{ "c", "big", INFINITY },
		{ "d", "small", -INFINITY },
		{ "e", "4", 4 },
		{ "f", "-0", -0.0 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	size_t		f, i;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "nf";
	c.title = "Odd values";
	c.bars = bars;
	c.n = NELEM(bars);

	doc = render(ol_chart_bars, &c, &o);
	for (i = 0; i < NELEM(bars); i++)
		assert_near(bar_len(doc, i),
		    i == 4 ? OL_CHART_BARS_LEN : 0, 0.05);
	xmlFreeDoc(doc);

	/* The extremes of double: no overflow to inf on the way. */
	bars[0].value = DBL_MAX;
	bars[1].value = DBL_MAX / 2;
	bars[2].value = DBL_MIN;
	bars[3].value = 4.9e-324;
	doc = render(ol_chart_bars, &c, &o);
	assert_near(bar_len(doc, 0), OL_CHART_BARS_LEN, 0.05);
	assert_near(bar_len(doc, 1), OL_CHART_BARS_LEN / 2.0, 0.05);
	assert_near(bar_len(doc, 2), 0, 0.0);
	assert_near(bar_len(doc, 3), 0, 0.0);
	assert_near(bar_len(doc, 4), 0, 0.0);
	xmlFreeDoc(doc);

	/* Only non-finite values: all zero, and no "nan"/"inf" written. */
	for (i = 0; i < NELEM(bars); i++)
		bars[i].value = i % 2 ? NAN : (i % 3 ? -INFINITY : INFINITY);
	for (f = 0; f < NELEM(both); f++) {
		doc = render(both[f], &c, &o);
		assert_null(strcasestr(o.data, "nan"));
		assert_null(strcasestr(o.data, "inf"));
		assert_null(strstr(o.data, "-0.0"));
		for (i = 0; i < NELEM(bars); i++)
			assert_near(attr_num(child(group(doc, i), "rect",
			    0), f == 0 ? "width" : "height"), 0, 0.0);
		xmlFreeDoc(doc);
	}
	out_free(&o);
}

static void
test_bad_arguments(void **state)
{
	static const char	*bad_ids[] = {
		"", "a b", "a\"b", "x<y", "a.b", "a/b", "a:b", "\xC3\xA9",
		"abcdefghijklmnopqrstuvwxyz0123456", NULL,
	};
	static struct ol_chart_bar	many[OL_CHART_BARS_MAX + 1];
	struct ol_chart_bar	holes[] = {
		{ "a", "1", 1 },
		{ "b", "2", 2 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	size_t		f, i;

	(void)state;
	for (i = 0; i < NELEM(many); i++) {
		many[i].label = "x";
		many[i].value_text = "1";
		many[i].value = (double)i;
	}
	memset(&c, 0, sizeof(c));
	c.title = "T";
	c.bars = holes;
	c.n = NELEM(holes);

	for (f = 0; f < NELEM(both); f++) {
		for (i = 0; i < NELEM(bad_ids); i++) {
			c.id = bad_ids[i];
			assert_int_equal(both[f](out_sink, &o, &c), -1);
			assert_int_equal(o.len, 0);
		}

		c.id = "ok";
		assert_int_equal(both[f](out_sink, &o, NULL), -1);
		assert_int_equal(both[f](NULL, &o, &c), -1);

		c.title = NULL;
		assert_int_equal(both[f](out_sink, &o, &c), -1);
		c.title = "T";

		c.bars = NULL;
		assert_int_equal(both[f](out_sink, &o, &c), -1);
		c.bars = holes;

		holes[1].label = NULL;
		assert_int_equal(both[f](out_sink, &o, &c), -1);
		holes[1].label = "b";
		holes[1].value_text = NULL;
		assert_int_equal(both[f](out_sink, &o, &c), -1);
		holes[1].value_text = "2";

		c.bars = many;
		c.n = OL_CHART_BARS_MAX + 1;
		assert_int_equal(both[f](out_sink, &o, &c), -1);
		assert_int_equal(o.len, 0);

		/* At the limits it works. */
		c.n = OL_CHART_BARS_MAX;
		c.id = "abcdefghijklmnopqrstuvwxyz-_0123";
		doc = render(both[f], &c, &o);
		assert_int_equal(children(xmlDocGetRootElement(doc), "g"),
		    OL_CHART_BARS_MAX);
		xmlFreeDoc(doc);
		out_free(&o);
		c.bars = holes;
		c.n = NELEM(holes);
	}
}

static void
test_empty(void **state)
{
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	root;
	size_t		f;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "none";
	c.title = "No attempts yet";
	c.bars = NULL;
	c.n = 0;

	for (f = 0; f < NELEM(both); f++) {
		doc = render(both[f], &c, &o);
		root = xmlDocGetRootElement(doc);
		check_content(child(root, "title", 0), "No attempts yet");
		assert_int_equal(children(root, "g"), 0);
		assert_int_equal(children(root, "defs"), 0);
		assert_int_equal(children(root, "line"), 1);
		check_attr(root, "role", "img");
		xmlFreeDoc(doc);
	}
	out_free(&o);
}

static void
test_rtl_bars(void **state)
{
	static const struct ol_chart_bar	bars[] = {
		{ "Completed", "40", 40 },
		{ "Failed", "10", 10 },
		{ "Unknown", "0", 0 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	g, r, label, value;
	double		axis;
	size_t		i;
	int		rtl;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "dir";
	c.title = "Direction";
	c.bars = bars;
	c.n = NELEM(bars);

	for (rtl = 0; rtl <= 1; rtl++) {
		c.rtl = rtl;
		doc = render(ol_chart_bars, &c, &o);
		check_attr(xmlDocGetRootElement(doc), "direction",
		    rtl ? "rtl" : "ltr");
		axis = rtl ? OL_CHART_WIDTH - OL_CHART_BARS_LABEL :
		    OL_CHART_BARS_LABEL;
		for (i = 0; i < NELEM(bars); i++) {
			g = group(doc, i);
			r = child(g, "rect", 0);
			label = child(g, "text", 0);
			value = child(g, "text", 1);
			check_content(label, bars[i].label);
			check_content(value, bars[i].value_text);
			if (rtl) {
				/* Growing leftwards from the axis. */
				assert_near(attr_num(r, "x") +
				    attr_num(r, "width"), axis, 0.05);
				assert_true(attr_num(label, "x") > axis);
				assert_true(attr_num(value, "x") <
				    attr_num(r, "x"));
			} else {
				assert_near(attr_num(r, "x"), axis, 0.0);
				assert_true(attr_num(label, "x") < axis);
				assert_true(attr_num(value, "x") >
				    attr_num(r, "x") + attr_num(r, "width"));
			}
		}
		/* The longest bar, full length, ends where it starts in LTR. */
		r = child(group(doc, 0), "rect", 0);
		assert_near(attr_num(r, "x"), rtl ?
		    OL_CHART_BARS_VALUE : OL_CHART_BARS_LABEL, 0.05);
		assert_near(attr_num(r, "width"), OL_CHART_BARS_LEN,
		    0.05);
		xmlFreeDoc(doc);
	}
	out_free(&o);
}

static void
test_rtl_columns(void **state)
{
	static const struct ol_chart_bar	days[] = {
		{ "Mon", "5", 5 },
		{ "Tue", "1", 1 },
		{ "Wed", "3", 3 },
		{ "Thu", "0", 0 },
		{ "Fri", "4", 4 },
	};
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	ltr, rtl;
	xmlNodePtr	a, b;
	size_t		i, n;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.id = "week";
	c.title = "Activity";
	c.bars = days;
	c.n = n = NELEM(days);

	ltr = render(ol_chart_columns, &c, &o);
	c.rtl = 1;
	rtl = render(ol_chart_columns, &c, &o);
	check_attr(xmlDocGetRootElement(rtl), "direction", "rtl");

	/* The same columns in the same order, the first rightmost. */
	for (i = 0; i < n; i++) {
		a = child(group(ltr, i), "rect", 0);
		b = child(group(rtl, i), "rect", 0);
		assert_near(attr_num(b, "height"),
		    attr_num(a, "height"), 0.0);
		assert_near(attr_num(b, "x") + attr_num(b, "width"),
		    OL_CHART_WIDTH - attr_num(a, "x"), 0.1);
		check_content(child(group(rtl, i), "title", 0),
		    i == 0 ? "Mon: 5" : i == 4 ? "Fri: 4" :
		    i == 1 ? "Tue: 1" : i == 2 ? "Wed: 3" : "Thu: 0");
		if (i > 0)
			assert_true(attr_num(b, "x") < attr_num(child(
			    group(rtl, i - 1), "rect", 0), "x"));
	}
	xmlFreeDoc(ltr);
	xmlFreeDoc(rtl);
	out_free(&o);
}

static void
test_label_every(void **state)
{
	static struct ol_chart_bar	days[90];
	static char			labels[90][8], values[90][8];
	static const unsigned int	every[] = { 0, 1, 7, 200 };
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	g;
	char		want[32];
	size_t		e, i, k, shown;

	(void)state;
	for (i = 0; i < NELEM(days); i++) {
		(void)snprintf(labels[i], sizeof(labels[i]), "d%zu", i);
		(void)snprintf(values[i], sizeof(values[i]), "v%zu", i);
		days[i].label = labels[i];
		days[i].value_text = values[i];
		days[i].value = (double)(i % 13);
	}
	memset(&c, 0, sizeof(c));
	c.id = "act";
	c.title = "Activity, 90 days";
	c.bars = days;
	c.n = NELEM(days);

	for (e = 0; e < NELEM(every); e++) {
		c.label_every = every[e];
		k = every[e] > 1 ? every[e] : 1;
		doc = render(ol_chart_columns, &c, &o);
		shown = 0;
		for (i = 0; i < NELEM(days); i++) {
			g = group(doc, i);
			assert_int_equal(texts_equal(g, values[i]), 1);
			assert_int_equal(texts_equal(g, labels[i]),
			    i % k == 0 ? 1 : 0);
			shown += texts_equal(g, labels[i]);
			/* The title has the label even when not shown. */
			(void)snprintf(want, sizeof(want), "%s: %s",
			    labels[i], values[i]);
			check_content(child(g, "title", 0), want);
		}
		assert_int_equal(shown, k == 1 ? 90 : k == 7 ? 13 : 1);
		xmlFreeDoc(doc);
	}
	out_free(&o);
}

static void
test_dense_columns(void **state)
{
	static struct ol_chart_bar	days[120];
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	t;
	xmlChar		*v;
	double		slot;
	size_t		i;

	(void)state;
	for (i = 0; i < NELEM(days); i++) {
		days[i].label = "12 Mar";
		days[i].value_text = "1,234";
		days[i].value = 1234;
	}
	memset(&c, 0, sizeof(c));
	c.id = "dense";
	c.title = "Activity";
	c.bars = days;
	c.n = NELEM(days);
	c.label_every = 7;

	/* Values too wide for a slot run along the column, no wider. */
	doc = render(ol_chart_columns, &c, &o);
	slot = (double)(OL_CHART_WIDTH - 16) / NELEM(days);
	for (i = 0; i < NELEM(days); i++) {
		t = child(group(doc, i), "text", 0);
		check_content(t, "1,234");
		v = xmlGetProp(t, (const xmlChar *)"transform");
		assert_non_null(v);
		assert_non_null(strstr((const char *)v, "rotate(-90 "));
		xmlFree(v);
		assert_true(attr_num(t, "font-size") <= slot);
	}
	xmlFreeDoc(doc);

	/* Ten buckets leave room to write them across. */
	c.n = 10;
	doc = render(ol_chart_columns, &c, &o);
	for (i = 0; i < c.n; i++) {
		t = child(group(doc, i), "text", 0);
		check_content(t, "1,234");
		assert_null(xmlGetProp(t, (const xmlChar *)"transform"));
		check_attr(t, "text-anchor", "middle");
	}
	xmlFreeDoc(doc);
	out_free(&o);
}

static void
test_patterns(void **state)
{
	static const char	*names[] = {
		"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
	};
	struct ol_chart_bar	bars[NELEM(names)];
	struct ol_chart	c;
	struct out	o = { NULL, 0, 0 };
	xmlDocPtr	doc;
	xmlNodePtr	root, defs, p, tile;
	xmlChar		*fill[NELEM(names)], *colour[8];
	char		want[32];
	size_t		i, j;

	(void)state;
	for (i = 0; i < NELEM(names); i++) {
		bars[i].label = names[i];
		bars[i].value_text = names[i];
		bars[i].value = (double)i + 1;
	}
	memset(&c, 0, sizeof(c));
	c.id = "pat";
	c.title = "Patterns";
	c.bars = bars;

	/* The five statuses: five patterns, one each, all different. */
	c.n = 5;
	doc = render(ol_chart_bars, &c, &o);
	root = xmlDocGetRootElement(doc);
	defs = child(root, "defs", 0);
	assert_non_null(defs);
	assert_int_equal(children(defs, "pattern"), 5);
	for (i = 0; i < c.n; i++) {
		fill[i] = xmlGetProp(child(group(doc, i), "rect", 0),
		    (const xmlChar *)"fill");
		assert_non_null(fill[i]);
		for (j = 0; j < i; j++)
			assert_string_not_equal((const char *)fill[i],
			    (const char *)fill[j]);
		/* url(#id) names a pattern in <defs>. */
		assert_int_equal(strncmp((const char *)fill[i], "url(#", 5),
		    0);
		(void)snprintf(want, sizeof(want), "%s",
		    (const char *)fill[i] + 5);
		assert_true(strlen(want) > 0 && want[strlen(want) - 1] == ')');
		want[strlen(want) - 1] = '\0';
		p = find_id(root, want);
		assert_non_null(p);
		assert_string_equal((const char *)p->name, "pattern");
		assert_ptr_equal(p->parent, defs);
	}
	for (i = 0; i < c.n; i++)
		xmlFree(fill[i]);

	/* And they look different: each its own colour. */
	for (i = 0; i < 5; i++) {
		tile = child(child(defs, "pattern", i), "rect", 0);
		assert_non_null(tile);
		colour[i] = xmlGetProp(tile, (const xmlChar *)"fill");
		assert_non_null(colour[i]);
		for (j = 0; j < i; j++)
			assert_string_not_equal((const char *)colour[i],
			    (const char *)colour[j]);
	}
	for (i = 0; i < 5; i++)
		xmlFree(colour[i]);
	xmlFreeDoc(doc);

	/* More bars than patterns: neighbours still differ. */
	c.n = NELEM(names);
	doc = render(ol_chart_bars, &c, &o);
	for (i = 0; i < c.n; i++)
		fill[i] = xmlGetProp(child(group(doc, i), "rect", 0),
		    (const xmlChar *)"fill");
	for (i = 1; i < c.n; i++)
		assert_string_not_equal((const char *)fill[i],
		    (const char *)fill[i - 1]);
	for (i = 0; i < c.n; i++)
		xmlFree(fill[i]);
	xmlFreeDoc(doc);
	out_free(&o);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_root_accessible),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_value_texts),
		cmocka_unit_test(test_bar_lengths),
		cmocka_unit_test(test_column_heights),
		cmocka_unit_test(test_all_zero),
		cmocka_unit_test(test_not_finite),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_rtl_bars),
		cmocka_unit_test(test_rtl_columns),
		cmocka_unit_test(test_label_every),
		cmocka_unit_test(test_dense_columns),
		cmocka_unit_test(test_patterns),
	};
	int	ret;

	ret = cmocka_run_group_tests_name("chart", tests, NULL, NULL);
	xmlCleanupParser();

	return (ret);
}
