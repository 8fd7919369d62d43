/*
 * Escaping formatter for HTML pages.
 *
 * The format string is trusted (a literal in the source); the arguments are
 * not. Directives:
 *	%s	NUL-terminated string, escaped
 *	%.*s	int length + string, escaped
 *	%H	NUL-terminated string of trusted markup, copied as is
 *	%.*H	int length + trusted markup
 *	%d %u %ld %lu %lld %llu %zu	numbers
 *	%%	a percent sign
 * Escaping covers text and quoted attribute values alike. Invalid UTF-8 and
 * control characters (C0 other than tab, newline and carriage return, DEL,
 * C1) are replaced by U+FFFD so that a page is always valid UTF-8. Unlike
 * printf, %.*s does not stop at a NUL: the length is the caller's promise.
 */

#include <stdio.h>
#include <string.h>

#include "html.h"
#include "utf8.h"

static const char	replacement[] = "\xEF\xBF\xBD";

void
ol_html_escape(ol_sink_fn sink, void *arg, const char *s, size_t len)
{
	const unsigned char	*p;
	const char		*rep;
	size_t			off, start, n;

	p = (const unsigned char *)s;
	off = 0;
	start = 0;

	while (off < len) {
		rep = NULL;
		n = 1;

		switch (p[off]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case '\t':
		case '\n':
		case '\r':
			break;
		default:
			if (p[off] < 0x20 || p[off] == 0x7F) {
				rep = replacement;
				break;
			}
			n = ol_utf8_seqlen(p + off, len - off);
			if (n == 0) {
				rep = replacement;
				n = 1;
			} else if (n == 2 && p[off] == 0xC2 &&
			    p[off + 1] < 0xA0) {
				/* C1 controls, U+0080-U+009F. */
				rep = replacement;
			}
			break;
		}

		if (rep != NULL) {
			if (off > start)
				sink(arg, s + start, off - start);
			sink(arg, rep, strlen(rep));
			off += n;
			start = off;
		} else {
			off += n;
		}
	}

	if (off > start)
		sink(arg, s + start, off - start);
}

int
ol_html_format(ol_sink_fn sink, void *arg, const char *fmt, ...)
{
	int		ret;
	va_list		args;

	va_start(args, fmt);
	ret = ol_html_vformat(sink, arg, fmt, args);
	va_end(args);

	return (ret);
}

int
ol_html_vformat(ol_sink_fn sink, void *arg, const char *fmt, va_list args)
{
	const char	*p, *start, *str;
	char		num[32];
	size_t		len;
	int		n, precision, ilen;

	start = fmt;
	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%')
			continue;

		if (p > start)
			sink(arg, start, (size_t)(p - start));
		p++;

		precision = 0;
		if (p[0] == '.' && p[1] == '*') {
			precision = 1;
			p += 2;
		}

		switch (*p) {
		case '%':
			sink(arg, "%", 1);
			break;
		case 's':
		case 'H':
			if (precision) {
				ilen = va_arg(args, int);
				str = va_arg(args, const char *);
				if (ilen < 0 || (str == NULL && ilen > 0))
					return (-1);
				len = (size_t)ilen;
			} else {
				str = va_arg(args, const char *);
				if (str == NULL)
					str = "";
				len = strlen(str);
			}
			if (*p == 's')
				ol_html_escape(sink, arg, str, len);
			else if (len > 0)
				sink(arg, str, len);
			break;
		case 'd':
			n = snprintf(num, sizeof(num), "%d", va_arg(args, int));
			sink(arg, num, (size_t)n);
			break;
		case 'u':
			n = snprintf(num, sizeof(num), "%u",
			    va_arg(args, unsigned int));
			sink(arg, num, (size_t)n);
			break;
		case 'z':
			if (p[1] != 'u')
				return (-1);
			p++;
			n = snprintf(num, sizeof(num), "%zu",
			    va_arg(args, size_t));
			sink(arg, num, (size_t)n);
			break;
		case 'l':
			if (p[1] == 'l' && p[2] == 'd') {
				p += 2;
				n = snprintf(num, sizeof(num), "%lld",
				    va_arg(args, long long));
			} else if (p[1] == 'l' && p[2] == 'u') {
				p += 2;
				n = snprintf(num, sizeof(num), "%llu",
				    va_arg(args, unsigned long long));
			} else if (p[1] == 'd') {
				p++;
				n = snprintf(num, sizeof(num), "%ld",
				    va_arg(args, long));
			} else if (p[1] == 'u') {
				p++;
				n = snprintf(num, sizeof(num), "%lu",
				    va_arg(args, unsigned long));
			} else {
				return (-1);
			}
			sink(arg, num, (size_t)n);
			break;
		default:
			return (-1);
		}

		if (precision && *p != 's' && *p != 'H')
			return (-1);
		start = p + 1;
	}

	if (p > start)
		sink(arg, start, (size_t)(p - start));

	return (0);
}
