/*
 * Unit tests for modules/utf8: strict UTF-8 as RFC 3629 defines it, with
 * the boundary, overlong, surrogate and truncation cases of Markus Kuhn's
 * UTF-8 decoder stress test.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

struct seq {
	const char	*name;
	const char	*bytes;
	size_t		len;
	size_t		seqlen;		/* expected ol_utf8_seqlen() */
};

#define SEQ(n, b, l)	{ n, b, sizeof(b) - 1, l }

static size_t	encode(unsigned long, unsigned char *);
static void	hexdump(char *, size_t, const char *, size_t);

/* Valid sequences: ol_utf8_seqlen() returns their full length. */
static const struct seq	valid[] = {
	SEQ("U+0000", "\x00", 1),
	SEQ("U+0041 'A'", "A", 1),
	SEQ("U+007F last 1-byte", "\x7F", 1),
	SEQ("U+0080 first 2-byte", "\xC2\x80", 2),
	SEQ("U+00E9 e-acute", "\xC3\xA9", 2),
	SEQ("U+0645 Arabic meem", "\xD9\x85", 2),
	SEQ("U+07FF last 2-byte", "\xDF\xBF", 2),
	SEQ("U+0800 first 3-byte", "\xE0\xA0\x80", 3),
	SEQ("U+20AC euro", "\xE2\x82\xAC", 3),
	SEQ("U+D7FF before surrogates", "\xED\x9F\xBF", 3),
	SEQ("U+E000 after surrogates", "\xEE\x80\x80", 3),
	SEQ("U+FFFD replacement", "\xEF\xBF\xBD", 3),
	SEQ("U+FFFE noncharacter", "\xEF\xBF\xBE", 3),
	SEQ("U+FFFF last 3-byte", "\xEF\xBF\xBF", 3),
	SEQ("U+10000 first 4-byte", "\xF0\x90\x80\x80", 4),
	SEQ("U+1F600 emoji", "\xF0\x9F\x98\x80", 4),
	SEQ("U+FFFFF", "\xF3\xBF\xBF\xBF", 4),
	SEQ("U+100000", "\xF4\x80\x80\x80", 4),
	SEQ("U+10FFFF last code point", "\xF4\x8F\xBF\xBF", 4),
};

/* Invalid sequences: ol_utf8_seqlen() returns 0 at their first byte. */
static const struct seq	invalid[] = {
	/* Lone continuation bytes. */
	SEQ("lone 0x80", "\x80", 0),
	SEQ("lone 0xBF", "\xBF", 0),
	SEQ("continuations 80 BF", "\x80\xBF", 0),
	/* Bytes that never appear. */
	SEQ("0xC0", "\xC0", 0),
	SEQ("0xC1", "\xC1", 0),
	SEQ("0xF5", "\xF5\x80\x80\x80", 0),
	SEQ("0xF7", "\xF7\xBF\xBF\xBF", 0),
	SEQ("0xF8 5-byte form", "\xF8\x88\x80\x80\x80", 0),
	SEQ("0xFC 6-byte form", "\xFC\x84\x80\x80\x80\x80", 0),
	SEQ("0xFE", "\xFE", 0),
	SEQ("0xFF", "\xFF", 0),
	SEQ("FE FE FF FF", "\xFE\xFE\xFF\xFF", 0),
	/* Overlong forms of '/', '.', NUL and of each length's maximum. */
	SEQ("overlong '/' 2-byte", "\xC0\xAF", 0),
	SEQ("overlong '.' C0 AE", "\xC0\xAE", 0),
	SEQ("overlong NUL 2-byte", "\xC0\x80", 0),
	SEQ("overlong U+007F 2-byte", "\xC1\xBF", 0),
	SEQ("overlong '/' 3-byte", "\xE0\x80\xAF", 0),
	SEQ("overlong NUL 3-byte", "\xE0\x80\x80", 0),
	SEQ("overlong U+07FF 3-byte", "\xE0\x9F\xBF", 0),
	SEQ("overlong '/' 4-byte", "\xF0\x80\x80\xAF", 0),
	SEQ("overlong NUL 4-byte", "\xF0\x80\x80\x80", 0),
	SEQ("overlong U+FFFF 4-byte", "\xF0\x8F\xBF\xBF", 0),
	SEQ("overlong '/' 5-byte", "\xF8\x80\x80\x80\xAF", 0),
	/* UTF-16 surrogates. */
	SEQ("U+D800", "\xED\xA0\x80", 0),
	SEQ("U+DB7F", "\xED\xAD\xBF", 0),
	SEQ("U+DC00", "\xED\xB0\x80", 0),
	SEQ("U+DFFF", "\xED\xBF\xBF", 0),
	SEQ("surrogate pair D800 DC00", "\xED\xA0\x80\xED\xB0\x80", 0),
	/* Past U+10FFFF. */
	SEQ("U+110000", "\xF4\x90\x80\x80", 0),
	SEQ("U+13FFFF", "\xF4\xBF\xBF\xBF", 0),
	/* Truncated sequences. */
	SEQ("2-byte missing 1", "\xC2", 0),
	SEQ("3-byte missing 1", "\xE2\x82", 0),
	SEQ("3-byte missing 2", "\xE2", 0),
	SEQ("4-byte missing 1", "\xF0\x9F\x98", 0),
	SEQ("4-byte missing 2", "\xF0\x9F", 0),
	SEQ("4-byte missing 3", "\xF0", 0),
	SEQ("U+10FFFF missing 1", "\xF4\x8F\xBF", 0),
	/* A continuation byte replaced by something else. */
	SEQ("C2 then ASCII", "\xC2" "A", 0),
	SEQ("C2 then lead byte", "\xC2\xC2\x80", 0),
	SEQ("E2 28 A1", "\xE2\x28\xA1", 0),
	SEQ("E2 82 28", "\xE2\x82\x28", 0),
	SEQ("E2 82 then lead", "\xE2\x82\xE2\x82\xAC", 0),
	SEQ("F0 28 8C BC", "\xF0\x28\x8C\xBC", 0),
	SEQ("F0 90 28 BC", "\xF0\x90\x28\xBC", 0),
	SEQ("F0 90 8C 28", "\xF0\x90\x8C\x28", 0),
	SEQ("F0 9F 98 then NUL", "\xF0\x9F\x98\x00", 0),
};

static void
hexdump(char *dst, size_t dlen, const char *s, size_t len)
{
	size_t		i, off;

	dst[0] = '\0';
	for (off = 0, i = 0; i < len && off + 4 < dlen; i++)
		off += (size_t)snprintf(dst + off, dlen - off, "%02X ",
		    (unsigned char)s[i]);
}

/* Reference encoder, used to walk the whole code space. */
static size_t
encode(unsigned long cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return (1);
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return (2);
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return (3);
	}
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return (4);
}

static void
test_seqlen_valid(void **state)
{
	size_t		i, n;
	char		hex[64];

	(void)state;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		n = ol_utf8_seqlen((const unsigned char *)valid[i].bytes,
		    valid[i].len);
		if (n != valid[i].seqlen) {
			hexdump(hex, sizeof(hex), valid[i].bytes,
			    valid[i].len);
			print_error("%s [%s]: seqlen %zu, want %zu\n",
			    valid[i].name, hex, n, valid[i].seqlen);
			fail();
		}
		assert_true(ol_utf8_valid(valid[i].bytes, valid[i].len));
		assert_int_equal(ol_utf8_chars(valid[i].bytes, valid[i].len),
		    1);
	}
}

static void
test_seqlen_invalid(void **state)
{
	size_t		i, n;
	char		hex[64];

	(void)state;

	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		n = ol_utf8_seqlen((const unsigned char *)invalid[i].bytes,
		    invalid[i].len);
		if (n != 0 || ol_utf8_valid(invalid[i].bytes,
		    invalid[i].len)) {
			hexdump(hex, sizeof(hex), invalid[i].bytes,
			    invalid[i].len);
			print_error("%s [%s]: accepted (seqlen %zu)\n",
			    invalid[i].name, hex, n);
			fail();
		}
		assert_int_equal(ol_utf8_valid_prefix(invalid[i].bytes,
		    invalid[i].len), 0);
	}
}

/* The length argument bounds the read, whatever follows in memory. */
static void
test_seqlen_respects_len(void **state)
{
	static const unsigned char	euro[] = { 0xE2, 0x82, 0xAC };
	static const unsigned char	grin[] = { 0xF0, 0x9F, 0x98, 0x80 };
	unsigned char			*p;

	(void)state;

	assert_int_equal(ol_utf8_seqlen(euro, 0), 0);
	assert_int_equal(ol_utf8_seqlen(euro, 1), 0);
	assert_int_equal(ol_utf8_seqlen(euro, 2), 0);
	assert_int_equal(ol_utf8_seqlen(euro, 3), 3);
	assert_int_equal(ol_utf8_seqlen(grin, 3), 0);
	assert_int_equal(ol_utf8_seqlen(grin, 4), 4);

	/* Only the first sequence counts. */
	assert_int_equal(ol_utf8_seqlen((const unsigned char *)"ab", 2), 1);
	assert_int_equal(ol_utf8_seqlen(
	    (const unsigned char *)"\xC3\xA9\xC3\xA9", 4), 2);

	/* Lead bytes at the very end of a heap block (checked by ASan). */
	p = malloc(1);
	assert_non_null(p);
	p[0] = 0xF0;
	assert_int_equal(ol_utf8_seqlen(p, 1), 0);
	assert_int_equal(ol_utf8_valid_prefix((const char *)p, 1), 0);
	p[0] = 0xE2;
	assert_int_equal(ol_utf8_seqlen(p, 1), 0);
	p[0] = 0xC3;
	assert_int_equal(ol_utf8_seqlen(p, 1), 0);
	free(p);
}

/*
 * Every lead byte followed by three continuation bytes 80: what a strict
 * decoder makes of each possible first byte.
 */
static void
test_lead_bytes(void **state)
{
	unsigned char	buf[4];
	size_t		want, n;
	unsigned int	c;

	(void)state;

	buf[1] = buf[2] = buf[3] = 0x80;
	for (c = 0; c <= 0xFF; c++) {
		buf[0] = (unsigned char)c;
		if (c <= 0x7F)
			want = 1;
		else if (c <= 0xC1)
			want = 0;	/* continuation, or overlong C0/C1 */
		else if (c <= 0xDF)
			want = 2;
		else if (c == 0xE0)
			want = 0;	/* E0 80 80: overlong */
		else if (c <= 0xEF)
			want = 3;	/* ED 80 80 is U+D000, fine */
		else if (c == 0xF0)
			want = 0;	/* F0 80 80 80: overlong */
		else if (c <= 0xF4)
			want = 4;
		else
			want = 0;	/* F5..FF */

		n = ol_utf8_seqlen(buf, sizeof(buf));
		if (n != want) {
			print_error("lead byte %02X: seqlen %zu, want %zu\n",
			    c, n, want);
			fail();
		}
	}
}

/* Every code point U+0000..U+10FFFF: all valid except the surrogates. */
static void
test_all_code_points(void **state)
{
	unsigned char	buf[4];
	unsigned long	cp;
	size_t		n, want;

	(void)state;

	for (cp = 0; cp <= 0x10FFFF; cp++) {
		n = encode(cp, buf);
		want = (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : n;
		if (ol_utf8_seqlen(buf, n) != want) {
			print_error("U+%04lX: seqlen %zu, want %zu\n", cp,
			    ol_utf8_seqlen(buf, n), want);
			fail();
		}
		if (want != 0 &&
		    ol_utf8_chars((const char *)buf, n) != 1) {
			print_error("U+%04lX: chars != 1\n", cp);
			fail();
		}
	}

	/* The first values past the end, written the same way. */
	n = encode(0x110000, buf);
	assert_int_equal(ol_utf8_seqlen(buf, n), 0);
	n = encode(0x1FFFFF, buf);
	assert_int_equal(ol_utf8_seqlen(buf, n), 0);
}

static void
test_valid_strings(void **state)
{
	static const char	mixed[] = "Gr\xC3\xBC\xC3\x9F" "e, "
	    "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7, "
	    "\xE6\x97\xA5\xE6\x9C\xAC, \xF0\x9F\x98\x80!";
	static const char	kosme[] =
	    "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5";

	(void)state;

	assert_true(ol_utf8_valid("", 0));
	assert_true(ol_utf8_valid("hello, world", 12));
	assert_true(ol_utf8_valid(mixed, sizeof(mixed) - 1));
	assert_true(ol_utf8_valid(kosme, sizeof(kosme) - 1));
	/* U+0000 is a character; refusing NUL is the caller's business. */
	assert_true(ol_utf8_valid("a\0b", 3));

	assert_false(ol_utf8_valid("abc\x80", 4));
	assert_false(ol_utf8_valid("\xC0\xAE\xC0\xAE/etc", 8));
	assert_false(ol_utf8_valid("ok\xED\xA0\x80", 5));
	assert_false(ol_utf8_valid("ok\xE2\x82", 4));
	assert_false(ol_utf8_valid("\xFF" "abc", 4));
}

static void
test_valid_prefix(void **state)
{
	(void)state;

	assert_int_equal(ol_utf8_valid_prefix("", 0), 0);
	assert_int_equal(ol_utf8_valid_prefix("abcdef", 6), 6);
	assert_int_equal(ol_utf8_valid_prefix("abc\x80" "def", 7), 3);
	assert_int_equal(ol_utf8_valid_prefix("\x80" "abc", 4), 0);
	assert_int_equal(ol_utf8_valid_prefix("\xC3\xA9\xC0\xAE", 4), 2);
	assert_int_equal(ol_utf8_valid_prefix("a\xE2\x82\xAC" "b\xED\xBF\xBF"
	    "c", 9), 5);
	/* A sequence cut by the end of the text is not part of the prefix. */
	assert_int_equal(ol_utf8_valid_prefix("abc\xE2\x82", 5), 3);
	assert_int_equal(ol_utf8_valid_prefix(
	    "\xF0\x9F\x98\x80\xF0\x9F\x98", 7), 4);
	/* Nor is a sequence cut by the length argument. */
	assert_int_equal(ol_utf8_valid_prefix("ab\xC3\xA9", 3), 2);
	/* The prefix stops at the first bad byte, even if valid text follows. */
	assert_int_equal(ol_utf8_valid_prefix("x\xF4\x90\x80\x80" "yyyy", 9),
	    1);
}

static void
test_chars(void **state)
{
	(void)state;

	assert_int_equal(ol_utf8_chars("", 0), 0);
	assert_int_equal(ol_utf8_chars("abc", 3), 3);
	assert_int_equal(ol_utf8_chars("\xC3\xA9", 2), 1);
	assert_int_equal(ol_utf8_chars("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",
	    9), 3);
	assert_int_equal(ol_utf8_chars("\xF0\x9F\x98\x80", 4), 1);
	/* 1 + 2 + 3 + 4 bytes, four characters. */
	assert_int_equal(ol_utf8_chars("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
	    10), 4);
	/* Ten two-byte characters. */
	assert_int_equal(ol_utf8_chars("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	    "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 20), 10);
	/* Only the given length is counted. */
	assert_int_equal(ol_utf8_chars("abcdef", 2), 2);
	assert_int_equal(ol_utf8_chars("a\0b", 3), 3);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_seqlen_valid),
		cmocka_unit_test(test_seqlen_invalid),
		cmocka_unit_test(test_seqlen_respects_len),
		cmocka_unit_test(test_lead_bytes),
		cmocka_unit_test(test_all_code_points),
		cmocka_unit_test(test_valid_strings),
		cmocka_unit_test(test_valid_prefix),
		cmocka_unit_test(test_chars),
	};

	return (cmocka_run_group_tests_name("utf8", tests, NULL, NULL));
}
