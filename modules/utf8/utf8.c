/*
 * Strict UTF-8 (RFC 3629): overlong forms, surrogates and code points past
 * U+10FFFF are refused, so that "%c0%ae" style tricks never pass as text.
 */

#include "utf8.h"

/* Length of the valid sequence at s, or 0 when there is none. */
size_t
ol_utf8_seqlen(const unsigned char *s, size_t len)
{
	unsigned char	c;

	if (len == 0)
		return (0);

	c = s[0];
	if (c < 0x80)
		return (1);

	if (c >= 0xC2 && c <= 0xDF) {
		if (len < 2 || (s[1] & 0xC0) != 0x80)
			return (0);
		return (2);
	}

	if (c >= 0xE0 && c <= 0xEF) {
		if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return (0);
		if (c == 0xE0 && s[1] < 0xA0)
			return (0);
		if (c == 0xED && s[1] > 0x9F)
			return (0);
		return (3);
	}

	if (c >= 0xF0 && c <= 0xF4) {
		if (len < 4 || (s[1] & 0xC0) != 0x80 ||
		    (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return (0);
		if (c == 0xF0 && s[1] < 0x90)
			return (0);
		if (c == 0xF4 && s[1] > 0x8F)
			return (0);
		return (4);
	}

	return (0);
}

size_t
ol_utf8_valid_prefix(const char *s, size_t len)
{
	size_t		off, n;

	off = 0;
	while (off < len) {
		n = ol_utf8_seqlen((const unsigned char *)s + off, len - off);
		if (n == 0)
			break;
		off += n;
	}

	return (off);
}

int
ol_utf8_valid(const char *s, size_t len)
{
	return (ol_utf8_valid_prefix(s, len) == len);
}

/* Number of characters in valid UTF-8 text. */
size_t
ol_utf8_chars(const char *s, size_t len)
{
	size_t		i, n;

	for (n = 0, i = 0; i < len; i++) {
		if (((const unsigned char *)s)[i] >> 6 != 0x2)
			n++;
	}

	return (n);
}
