/*
 * libFuzzer harness for modules/langpref. The input is an Accept-Language
 * header, offered a fixed list and its own first bytes as a list. A pick
 * is always an offered 2-3 letter code that the header names, whole or
 * as the primary part of a longer range (case aside); the answer does not
 * depend on bytes past the length given.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "langpref.h"

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int	lc(int);
static int	named(const char *, size_t, const char *);
static void	one(const char *, size_t, const char *);

static int
lc(int c)
{
	return (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* 1 when code starts a range of the header (after ',' or space). */
static int
named(const char *h, size_t len, const char *code)
{
	size_t		i, j, clen;

	clen = strlen(code);
	for (i = 0; i + clen <= len; i++) {
		if (i > 0 && h[i - 1] != ',' && h[i - 1] != ' ' &&
		    h[i - 1] != '\t')
			continue;
		for (j = 0; j < clen && lc(h[i + j]) == code[j]; j++)
			;
		if (j < clen)
			continue;
		if (i + clen == len || h[i + clen] == '-' ||
		    h[i + clen] == ';' || h[i + clen] == ',' ||
		    h[i + clen] == ' ' || h[i + clen] == '\t')
			return (1);
	}

	return (0);
}

static void
one(const char *h, size_t len, const char *offered)
{
	char		out[8], again[8], *copy;
	int		got;

	got = ol_langpref_pick(h, len, offered, out, sizeof(out));
	if (got != 0 && got != 1)
		abort();
	if (!got)
		return;
	if (!ol_langpref_code(out, strlen(out)) ||
	    !ol_langpref_offered(offered, out, strlen(out)) ||
	    !named(h, len, out))
		abort();

	/* Bytes past len are never read: a changed tail, same answer. */
	if ((copy = malloc(len + 4)) == NULL)
		abort();
	memcpy(copy, h, len);
	memcpy(copy + len, ",zz;", 4);
	if (ol_langpref_pick(copy, len, offered, again, sizeof(again)) != 1 ||
	    strcmp(out, again))
		abort();
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		list[32];
	size_t		n;

	one((const char *)data, size, "en,fr,de,es,ru,uk,ar,sr,pt,hy");

	/* The input's own first bytes (to a NUL or 31) as the list. */
	for (n = 0; n < size && n < sizeof(list) - 1 && data[n] != '\0'; n++)
		list[n] = (char)data[n];
	list[n] = '\0';
	one((const char *)data, size, list);

	return (0);
}
