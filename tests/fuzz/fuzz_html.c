/*
 * libFuzzer harness for modules/html: whatever the input, the escaped
 * output is valid UTF-8 with no raw markup character, and it decodes back
 * to the input when the input was clean text. The first byte picks the
 * length handed to %.*s in ol_html_format(), on a buffer of exactly that
 * size so that ASan sees any read past the length.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "utf8.h"

struct out {
	char		*data;
	size_t		len;
	size_t		size;
};

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	out_sink(void *, const void *, size_t);
static void	out_init(struct out *, size_t);
static int	clean_text(const char *, size_t);
static int	unescape_equals(const struct out *, const char *, size_t);
static void	check_escaped(const struct out *, const char *, size_t);

static void
out_sink(void *arg, const void *data, size_t len)
{
	struct out	*o = arg;

	/* Never more than six output bytes per input byte ("&quot;"). */
	if (len > o->size - o->len)
		abort();
	memcpy(o->data + o->len, data, len);
	o->len += len;
}

static void
out_init(struct out *o, size_t inlen)
{
	o->size = inlen * 6 + 64;
	o->len = 0;
	if ((o->data = malloc(o->size)) == NULL)
		abort();
}

/* Valid UTF-8 with no control character but tab, newline and CR. */
static int
clean_text(const char *s, size_t len)
{
	size_t		i;
	unsigned char	c;

	if (!ol_utf8_valid(s, len))
		return (0);

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7F)
			return (0);
		/* C1 controls (C2 80..C2 9F) are replaced too. */
		if (c == 0xC2 && i + 1 < len &&
		    (unsigned char)s[i + 1] < 0xA0)
			return (0);
	}

	return (1);
}

/* Decodes the five entities of o and compares the result with s. */
static int
unescape_equals(const struct out *o, const char *s, size_t len)
{
	static const struct {
		const char	*entity;
		size_t		elen;
		char		c;
	} ents[] = {
		{ "&amp;", 5, '&' },
		{ "&lt;", 4, '<' },
		{ "&gt;", 4, '>' },
		{ "&quot;", 6, '"' },
		{ "&#39;", 5, '\'' },
	};
	size_t		i, j, k;
	char		c;

	for (i = 0, j = 0; i < o->len; j++) {
		c = o->data[i];
		if (c == '&') {
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
				if (o->len - i >= ents[k].elen &&
				    memcmp(o->data + i, ents[k].entity,
				    ents[k].elen) == 0)
					break;
			}
			if (k == sizeof(ents) / sizeof(ents[0]))
				return (0);
			c = ents[k].c;
			i += ents[k].elen;
		} else {
			i++;
		}
		if (j >= len || s[j] != c)
			return (0);
	}

	return (j == len);
}

static void
check_escaped(const struct out *o, const char *in, size_t inlen)
{
	size_t		i;
	unsigned char	c;

	if (!ol_utf8_valid(o->data, o->len))
		abort();
	/* Independent of utf8.c: bytes that UTF-8 never uses, controls. */
	for (i = 0; i < o->len; i++) {
		c = (unsigned char)o->data[i];
		if (c == 0xC0 || c == 0xC1 || c >= 0xF5 || c == 0x7F ||
		    (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
			abort();
		if (c == 0xC2 && i + 1 < o->len &&
		    (unsigned char)o->data[i + 1] < 0xA0)
			abort();
	}
	if (memchr(o->data, '<', o->len) != NULL ||
	    memchr(o->data, '>', o->len) != NULL ||
	    memchr(o->data, '"', o->len) != NULL ||
	    memchr(o->data, '\'', o->len) != NULL)
		abort();
	if (clean_text(in, inlen) && !unescape_equals(o, in, inlen))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct out	o, f, e;
	const char	*in;
	char		*exact, *str;
	size_t		n, rest;

	in = (const char *)data;

	/* The whole input through ol_html_escape(). */
	out_init(&o, size);
	ol_html_escape(out_sink, &o, in, size);
	check_escaped(&o, in, size);
	free(o.data);

	if (size == 0)
		return (0);

	/* First byte: a length for %.*s over the rest of the input. */
	rest = size - 1;
	n = data[0] <= rest ? data[0] : rest;
	if ((exact = malloc(n > 0 ? n : 1)) == NULL)
		abort();
	memcpy(exact, in + 1, n);

	out_init(&f, n * 2);
	if (ol_html_format(out_sink, &f, "<p title=\"%.*s\">%.*s</p>",
	    (int)n, exact, (int)n, exact) != 0)
		abort();

	out_init(&e, n);
	ol_html_escape(out_sink, &e, exact, n);
	if (f.len != e.len * 2 + 16 ||
	    memcmp(f.data, "<p title=\"", 10) != 0 ||
	    memcmp(f.data + 10, e.data, e.len) != 0 ||
	    memcmp(f.data + 10 + e.len, "\">", 2) != 0 ||
	    memcmp(f.data + 12 + e.len, e.data, e.len) != 0 ||
	    memcmp(f.data + 12 + e.len * 2, "</p>", 4) != 0)
		abort();
	if (!ol_utf8_valid(f.data, f.len))
		abort();
	free(f.data);
	free(e.data);
	free(exact);

	/* The rest as a NUL-terminated %s: stops at the first NUL. */
	if ((str = malloc(rest + 1)) == NULL)
		abort();
	memcpy(str, in + 1, rest);
	str[rest] = '\0';
	n = strlen(str);

	out_init(&f, n);
	if (ol_html_format(out_sink, &f, "%s", str) != 0)
		abort();
	check_escaped(&f, str, n);
	free(f.data);
	free(str);

	return (0);
}
