/*
 * libFuzzer harness for modules/utf8: the functions agree with each other
 * and with a reference decoder written here the other way round (decode
 * the code point by its bit pattern, then refuse overlong forms,
 * surrogates and values past U+10FFFF by value, not by byte ranges).
 */

#include <stdint.h>
#include <stdlib.h>

#include "utf8.h"

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t	ref_seqlen(const uint8_t *, size_t);

/* Length of the valid sequence at s, 0 if there is none. */
static size_t
ref_seqlen(const uint8_t *s, size_t len)
{
	static const uint32_t	min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t		cp;
	size_t			n, i;

	if (len == 0)
		return (0);

	if ((s[0] & 0x80) == 0x00) {
		n = 1;
		cp = s[0];
	} else if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return (0);
	}

	if (n > len)
		return (0);

	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return (0);
		cp = (cp << 6) | (s[i] & 0x3F);
	}

	if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return (0);

	return (n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s;
	size_t		prefix, off, n, chars, ref;

	s = (const char *)data;

	/* ol_utf8_seqlen() against the reference at every offset. */
	for (off = 0; off < size; off++) {
		if (ol_utf8_seqlen(data + off, size - off) !=
		    ref_seqlen(data + off, size - off))
			abort();
	}

	/* The valid prefix, walked with the reference decoder. */
	ref = 0;
	chars = 0;
	while (ref < size && (n = ref_seqlen(data + ref, size - ref)) != 0) {
		ref += n;
		chars++;
	}

	prefix = ol_utf8_valid_prefix(s, size);
	if (prefix > size || prefix != ref)
		abort();
	if (!ol_utf8_valid(s, prefix))
		abort();
	if (prefix < size && ol_utf8_seqlen(data + prefix, size - prefix) != 0)
		abort();
	if (ol_utf8_valid(s, size) != (ref == size))
		abort();
	if (ol_utf8_chars(s, prefix) != chars)
		abort();

	return (0);
}
