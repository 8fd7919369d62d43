/*
 * Unit tests for modules/html: what reaches a page after ol_html_escape()
 * and the escaping formatter ol_html_format(), collected by a sink into a
 * buffer the way the application collects it into a kore_buf.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "utf8.h"

#define FFFD		"\xEF\xBF\xBD"

struct out {
	char		data[8192];
	size_t		len;
};

#define CHECK_OUT(o, lit)	\
	check_out(o, lit, sizeof(lit) - 1, __FILE__, __LINE__)
#define ESCAPE(o, lit)		\
	escape_str(o, lit, sizeof(lit) - 1)

static void	out_sink(void *, const void *, size_t);
static void	out_reset(struct out *);
static void	escape_str(struct out *, const char *, size_t);
static void	show(const char *, const char *, size_t);
static void	check_out(const struct out *, const char *, size_t,
		    const char *, int);
static int	vformat(struct out *, const char *, ...);

static void
out_sink(void *arg, const void *data, size_t len)
{
	struct out	*o = arg;

	assert_true(len < sizeof(o->data) - o->len);
	memcpy(o->data + o->len, data, len);
	o->len += len;
	o->data[o->len] = '\0';
}

static void
out_reset(struct out *o)
{
	o->len = 0;
	o->data[0] = '\0';
}

static void
escape_str(struct out *o, const char *s, size_t len)
{
	out_reset(o);
	ol_html_escape(out_sink, o, s, len);
}

/* Prints a byte string with non-printable bytes as \xNN. */
static void
show(const char *label, const char *s, size_t len)
{
	char		buf[1024];
	size_t		i, off;
	unsigned char	c;

	for (off = 0, i = 0; i < len && off + 5 < sizeof(buf); i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F && c != '\\')
			buf[off++] = (char)c;
		else
			off += (size_t)snprintf(buf + off, sizeof(buf) - off,
			    "\\x%02X", c);
	}
	buf[off] = '\0';
	print_error("%s: \"%s\" (%zu bytes)\n", label, buf, len);
}

static void
check_out(const struct out *o, const char *want, size_t wlen,
    const char *file, int line)
{
	if (o->len == wlen && memcmp(o->data, want, wlen) == 0)
		return;

	show("got ", o->data, o->len);
	show("want", want, wlen);
	_fail(file, line);
}

static int
vformat(struct out *o, const char *fmt, ...)
{
	va_list		args;
	int		ret;

	out_reset(o);
	va_start(args, fmt);
	ret = ol_html_vformat(out_sink, o, fmt, args);
	va_end(args);

	return (ret);
}

static void
test_escape_specials(void **state)
{
	struct out	o;

	(void)state;

	ESCAPE(&o, "&");
	CHECK_OUT(&o, "&amp;");
	ESCAPE(&o, "<");
	CHECK_OUT(&o, "&lt;");
	ESCAPE(&o, ">");
	CHECK_OUT(&o, "&gt;");
	ESCAPE(&o, "\"");
	CHECK_OUT(&o, "&quot;");
	ESCAPE(&o, "'");
	CHECK_OUT(&o, "&#39;");

	ESCAPE(&o, "&<>\"'");
	CHECK_OUT(&o, "&amp;&lt;&gt;&quot;&#39;");
	ESCAPE(&o, "<script>alert('x')</script>");
	CHECK_OUT(&o, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	ESCAPE(&o, "\" onmouseover=\"alert(1)");
	CHECK_OUT(&o, "&quot; onmouseover=&quot;alert(1)");
	/* An entity in the input is text, not markup. */
	ESCAPE(&o, "&amp;&#60;");
	CHECK_OUT(&o, "&amp;amp;&amp;#60;");
}

static void
test_escape_plain(void **state)
{
	static const char	plain[] = "Hello, world! 1+1=2 (ok) #tag; "
	    "50% off /path?a=b@c [x] {y} `z` ~\\";
	struct out		o;

	(void)state;

	ESCAPE(&o, plain);
	CHECK_OUT(&o, plain);

	ESCAPE(&o, "");
	CHECK_OUT(&o, "");

	/* Tab, newline and carriage return are text. */
	ESCAPE(&o, "a\tb\nc\r\nd");
	CHECK_OUT(&o, "a\tb\nc\r\nd");
}

static void
test_escape_multibyte(void **state)
{
	struct out	o;

	(void)state;

	ESCAPE(&o, "caf\xC3\xA9");
	CHECK_OUT(&o, "caf\xC3\xA9");
	ESCAPE(&o, "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7");
	CHECK_OUT(&o, "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7");
	ESCAPE(&o, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E");
	CHECK_OUT(&o, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E");
	ESCAPE(&o, "\xF0\x9F\x98\x80 \xF0\x9F\x8E\x93");
	CHECK_OUT(&o, "\xF0\x9F\x98\x80 \xF0\x9F\x8E\x93");
	ESCAPE(&o, "\xF4\x8F\xBF\xBF" FFFD);
	CHECK_OUT(&o, "\xF4\x8F\xBF\xBF" FFFD);
	/* Escaping next to multibyte characters. */
	ESCAPE(&o, "<\xC3\xA9>\xF0\x9F\x98\x80&");
	CHECK_OUT(&o, "&lt;\xC3\xA9&gt;\xF0\x9F\x98\x80&amp;");
}

static void
test_escape_invalid_utf8(void **state)
{
	struct out	o;
	size_t		i;

	(void)state;

	ESCAPE(&o, "\x80");
	CHECK_OUT(&o, FFFD);
	ESCAPE(&o, "a\x80" "b");
	CHECK_OUT(&o, "a" FFFD "b");
	/* Overlong '.': neither byte may pass. */
	ESCAPE(&o, "\xC0\xAE");
	CHECK_OUT(&o, FFFD FFFD);
	ESCAPE(&o, "..\xC0\xAF" "etc");
	CHECK_OUT(&o, ".." FFFD FFFD "etc");
	/* Overlong '<' must not turn into markup either. */
	ESCAPE(&o, "\xC0\xBC");
	CHECK_OUT(&o, FFFD FFFD);
	/* Surrogate U+D800. */
	ESCAPE(&o, "\xED\xA0\x80");
	CHECK_OUT(&o, FFFD FFFD FFFD);
	ESCAPE(&o, "x\xF5y");
	CHECK_OUT(&o, "x" FFFD "y");
	ESCAPE(&o, "\xF4\x90\x80\x80");
	CHECK_OUT(&o, FFFD FFFD FFFD FFFD);
	ESCAPE(&o, "\xFE\xFF");
	CHECK_OUT(&o, FFFD FFFD);
	/* A bad byte does not swallow the valid text after it. */
	ESCAPE(&o, "\xC3<b>");
	CHECK_OUT(&o, FFFD "&lt;b&gt;");
	ESCAPE(&o, "\xE2\x82\xC3\xA9");
	assert_true(o.len >= 3 + 2);
	assert_memory_equal(o.data + o.len - 2, "\xC3\xA9", 2);

	/* Truncated at the end: some U+FFFD, nothing raw, text kept. */
	ESCAPE(&o, "abc\xE2\x82");
	assert_true(ol_utf8_valid(o.data, o.len));
	assert_true(o.len > 3 && (o.len - 3) % 3 == 0);
	assert_memory_equal(o.data, "abc", 3);
	for (i = 3; i < o.len; i += 3)
		assert_memory_equal(o.data + i, FFFD, 3);
}

static void
test_escape_controls(void **state)
{
	struct out	o;
	char		c[1];
	unsigned int	i;

	(void)state;

	ESCAPE(&o, "\x01");
	CHECK_OUT(&o, FFFD);
	ESCAPE(&o, "\x7F");
	CHECK_OUT(&o, FFFD);
	ESCAPE(&o, "a\0b");
	CHECK_OUT(&o, "a" FFFD "b");
	ESCAPE(&o, "\x1B[31mred");
	CHECK_OUT(&o, FFFD "[31mred");
	ESCAPE(&o, "\x0B\x0C\x08");
	CHECK_OUT(&o, FFFD FFFD FFFD);

	/* Every C0 control but tab, newline and carriage return. */
	for (i = 0; i < 0x20; i++) {
		c[0] = (char)i;
		escape_str(&o, c, 1);
		if (i == '\t' || i == '\n' || i == '\r') {
			assert_int_equal(o.len, 1);
			assert_int_equal(o.data[0], (char)i);
		} else {
			CHECK_OUT(&o, FFFD);
		}
	}
}

/*
 * The C1 controls U+0080..U+009F (C2 80..C2 9F) are controls to the HTML
 * Standard (a parse error in a page) and are replaced like C0 ones. They
 * once passed through raw: this is the regression test.
 */
static void
test_escape_c1_controls(void **state)
{
	struct out	o;

	(void)state;

	/* U+00A0, the first character after them, stays. */
	ESCAPE(&o, "a\xC2\xA0" "b");
	CHECK_OUT(&o, "a\xC2\xA0" "b");

	ESCAPE(&o, "\xC2\x80");
	CHECK_OUT(&o, FFFD);
	ESCAPE(&o, "a\xC2\x85" "b");
	CHECK_OUT(&o, "a" FFFD "b");
	ESCAPE(&o, "\xC2\x9B" "31m");
	CHECK_OUT(&o, FFFD "31m");
	ESCAPE(&o, "\xC2\x9F");
	CHECK_OUT(&o, FFFD);
}

/* The length bounds the read: text past it is neither output nor read. */
static void
test_escape_length(void **state)
{
	struct out	o;
	char		*p;

	(void)state;

	escape_str(&o, "abc<def", 3);
	CHECK_OUT(&o, "abc");
	escape_str(&o, "abc<def", 4);
	CHECK_OUT(&o, "abc&lt;");

	/* A character cut in half by the length is not passed through raw. */
	escape_str(&o, "\xC3\xA9", 1);
	CHECK_OUT(&o, FFFD);
	escape_str(&o, "x\xF0\x9F\x98\x80", 4);
	CHECK_OUT(&o, "x" FFFD FFFD FFFD);

	/* No NUL terminator; ASan catches a read past the block. */
	p = malloc(4);
	assert_non_null(p);
	memcpy(p, "<a\xC3\xA9", 4);
	escape_str(&o, p, 4);
	CHECK_OUT(&o, "&lt;a\xC3\xA9");
	/* A lead byte that wants more bytes than the block has. */
	memcpy(p, "<a\xE2\x82", 4);
	escape_str(&o, p, 4);
	CHECK_OUT(&o, "&lt;a" FFFD FFFD);
	p[3] = '\xF0';
	escape_str(&o, p + 3, 1);
	CHECK_OUT(&o, FFFD);
	free(p);
}

static void
test_format_s_and_h(void **state)
{
	struct out	o;

	(void)state;

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o,
	    "<p class=\"%s\">%H</p>", "a\"b", "<b>bold</b>"), 0);
	CHECK_OUT(&o, "<p class=\"a&quot;b\"><b>bold</b></p>");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "<h1>%s</h1>",
	    "<script>x</script> & 'y'"), 0);
	CHECK_OUT(&o, "<h1>&lt;script&gt;x&lt;/script&gt; &amp; &#39;y&#39;"
	    "</h1>");

	/* %s cleans bad UTF-8 the way ol_html_escape() does. */
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%s]",
	    "\xC0\xAE\x01\xC3\xA9"), 0);
	CHECK_OUT(&o, "[" FFFD FFFD FFFD "\xC3\xA9]");

	/* The format string is markup: it is not escaped. */
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "<a href='/'>&amp;</a>"),
	    0);
	CHECK_OUT(&o, "<a href='/'>&amp;</a>");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, ""), 0);
	CHECK_OUT(&o, "");

	/* Several arguments, in order. */
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%s|%H|%s", "<1>",
	    "<2>", "<3>"), 0);
	CHECK_OUT(&o, "&lt;1&gt;|<2>|&lt;3&gt;");
}

static void
test_format_null(void **state)
{
	struct out	o;

	(void)state;

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%s]",
	    (const char *)NULL), 0);
	CHECK_OUT(&o, "[]");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%H]",
	    (const char *)NULL), 0);
	CHECK_OUT(&o, "[]");

	/* NULL with length 0 is an empty string, with length > 0 an error. */
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*s]", 0,
	    (const char *)NULL), 0);
	CHECK_OUT(&o, "[]");
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*s]", 3,
	    (const char *)NULL), -1);
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*H]", 3,
	    (const char *)NULL), -1);
}

static void
test_format_precision(void **state)
{
	struct out	o;
	char		*p;

	(void)state;

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*s]", 3, "abcdef"),
	    0);
	CHECK_OUT(&o, "[abc]");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*s]", 4, "abc<def"),
	    0);
	CHECK_OUT(&o, "[abc&lt;]");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*H]", 2, "<b>"), 0);
	CHECK_OUT(&o, "[<b]");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*s]", 0, "abc"), 0);
	CHECK_OUT(&o, "[]");

	/* Not NUL-terminated: ASan catches a read past the block. */
	p = malloc(5);
	assert_non_null(p);
	memcpy(p, "<abcd", 5);
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%.*s|%.*H", 5, p, 5, p),
	    0);
	CHECK_OUT(&o, "&lt;abcd|<abcd");
	free(p);

	/* A negative length is an error. */
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*s]", -1, "abc"),
	    -1);
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "[%.*H]", INT_MIN,
	    "abc"), -1);
}

static void
test_format_numbers(void **state)
{
	struct out	o;
	char		want[64];

	(void)state;

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%d %d %d %d %d", 0, 42,
	    -1, INT_MAX, INT_MIN), 0);
	CHECK_OUT(&o, "0 42 -1 2147483647 -2147483648");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%u %u", 0U, UINT_MAX),
	    0);
	CHECK_OUT(&o, "0 4294967295");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%lld %lld %llu",
	    LLONG_MIN, LLONG_MAX, ULLONG_MAX), 0);
	CHECK_OUT(&o, "-9223372036854775808 9223372036854775807 "
	    "18446744073709551615");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%ld %ld %lu", LONG_MIN,
	    -7L, ULONG_MAX), 0);
	(void)snprintf(want, sizeof(want), "%ld %ld %lu", LONG_MIN, -7L,
	    ULONG_MAX);
	check_out(&o, want, strlen(want), __FILE__, __LINE__);

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%zu %zu", (size_t)0,
	    SIZE_MAX), 0);
	(void)snprintf(want, sizeof(want), "0 %zu", SIZE_MAX);
	check_out(&o, want, strlen(want), __FILE__, __LINE__);

	/* Numbers among strings: each directive takes its own argument. */
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o,
	    "<li>%s: %d of %zu (%lld)</li>", "a<b", -3, (size_t)10, -5LL), 0);
	CHECK_OUT(&o, "<li>a&lt;b: -3 of 10 (-5)</li>");
}

static void
test_format_percent(void **state)
{
	struct out	o;

	(void)state;

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "100%%"), 0);
	CHECK_OUT(&o, "100%");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%%s %%%d%%", 5), 0);
	CHECK_OUT(&o, "%s %5%");

	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%%"), 0);
	CHECK_OUT(&o, "%");
}

static void
test_format_bad_directives(void **state)
{
	/* These fail before taking any argument. */
	static const char	*bad[] = {
		"%x", "%q", "%c", "%p", "%f", "%i", "%S", "%5d", "%-s",
		"%.s", "%.5s", "%.*", "%.*%", "%l", "%lx", "%ll", "%llx",
		"%lls", "%z", "%zd", "%zs", "%", "abc%", "%%%",
	};
	struct out		o;
	size_t			i;
	int			ret;

	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out_reset(&o);
		ret = ol_html_format(out_sink, &o, bad[i]);
		if (ret != -1) {
			print_error("format \"%s\": returned %d, want -1\n",
			    bad[i], ret);
			fail();
		}
	}

	/* A precision is for strings only. */
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%.*d", 1, 2), -1);
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%.*u", 1, 2U), -1);
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%.*lld", 1, 2LL), -1);
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "%.*zu", 1, (size_t)2),
	    -1);

	/* A bad directive after good ones. */
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "<p>%s</p>%", "x"), -1);
	out_reset(&o);
	assert_int_equal(ol_html_format(out_sink, &o, "ok %d then %y", 1), -1);
}

static void
test_vformat(void **state)
{
	struct out	o;

	(void)state;

	assert_int_equal(vformat(&o, "<i>%s</i> %d%% %.*s", "<&>", 99, 2,
	    "'''"), 0);
	CHECK_OUT(&o, "<i>&lt;&amp;&gt;</i> 99% &#39;&#39;");

	assert_int_equal(vformat(&o, "%w", 1), -1);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_escape_specials),
		cmocka_unit_test(test_escape_plain),
		cmocka_unit_test(test_escape_multibyte),
		cmocka_unit_test(test_escape_invalid_utf8),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_escape_c1_controls),
		cmocka_unit_test(test_escape_length),
		cmocka_unit_test(test_format_s_and_h),
		cmocka_unit_test(test_format_null),
		cmocka_unit_test(test_format_precision),
		cmocka_unit_test(test_format_numbers),
		cmocka_unit_test(test_format_percent),
		cmocka_unit_test(test_format_bad_directives),
		cmocka_unit_test(test_vformat),
	};

	return (cmocka_run_group_tests_name("html", tests, NULL, NULL));
}
