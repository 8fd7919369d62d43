/*
 * libFuzzer harness for modules/chart, whose labels are course, group
 * and learner names and whose values come from the database (any double:
 * negative, NaN, infinite, huge). The input, split on NUL bytes, gives
 * the title, the description and then a label, a value text and eight
 * bytes of value per bar; the first byte picks the direction, the kind
 * of chart and the label step. Both charts are drawn: whatever the input
 * they succeed, write valid UTF-8 that starts with <svg and ends with
 * </svg>, and every '<' written opens or closes one of the elements the
 * module draws (no text reaches the page as markup).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "utf8.h"
#include "fuzz.h"

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	check_svg(const struct fuzz_out *);
static const char *next(const char **, const char *);

static void
check_svg(const struct fuzz_out *o)
{
	static const char *const elems[] = { "svg", "title", "desc", "g",
	    "rect", "text", "defs", "pattern", "path", "line", "circle",
	    NULL };
	const char	*p, *end;
	size_t		 i, k;

	if (o->len < 11 || memcmp(o->data, "<svg", 4) != 0 ||
	    memcmp(o->data + o->len - 6, "</svg>", 6) != 0 ||
	    !ol_utf8_valid(o->data, o->len) ||
	    memchr(o->data, '\0', o->len) != NULL)
		abort();

	end = o->data + o->len;
	for (p = o->data; (p = memchr(p, '<', (size_t)(end - p))) != NULL;
	    p++) {
		k = p + 1 < end && p[1] == '/' ? 2 : 1;
		for (i = 0; elems[i] != NULL; i++) {
			if ((size_t)(end - p) > k + strlen(elems[i]) &&
			    memcmp(p + k, elems[i], strlen(elems[i])) == 0 &&
			    strchr(" >/\n", p[k + strlen(elems[i])]) != NULL)
				break;
		}
		if (elems[i] == NULL)
			abort();
	}
}

/* The next NUL-terminated piece of the input, or NULL past its end. */
static const char *
next(const char **p, const char *end)
{
	const char	*s;

	if (*p >= end)
		return (NULL);
	s = *p;
	*p += strlen(s) + 1;
	return (s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ol_chart_bar	 bars[64];
	struct ol_chart		 c;
	struct fuzz_out		 o;
	const char		*p, *end, *s;
	char			*copy;
	size_t			 n;

	if (size < 1)
		return (0);
	if ((copy = malloc(size)) == NULL)
		abort();
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	p = copy;
	end = copy + size - 1;

	memset(&c, 0, sizeof(c));
	c.id = "fuzz-chart_1";
	c.rtl = data[0] & 1;
	c.label_every = data[0] >> 4;
	c.title = (s = next(&p, end)) != NULL ? s : "";
	c.desc = (data[0] & 2) ? next(&p, end) : NULL;
	for (n = 0; n < sizeof(bars) / sizeof(bars[0]); n++) {
		if ((bars[n].label = next(&p, end)) == NULL)
			break;
		bars[n].value_text = (s = next(&p, end)) != NULL ? s : "";
		bars[n].value = 0.0;
		if (end - p >= (long)sizeof(double)) {
			memcpy(&bars[n].value, p, sizeof(double));
			p += sizeof(double);
		}
	}
	c.bars = bars;
	c.n = n;

	memset(&o, 0, sizeof(o));
	if (ol_chart_bars(fuzz_sink, &o, &c) != 0)
		abort();
	check_svg(&o);
	o.len = 0;
	if (ol_chart_columns(fuzz_sink, &o, &c) != 0)
		abort();
	check_svg(&o);
	free(o.data);
	free(copy);

	return (0);
}
