/*
 * HTML output with escaping built in: every dynamic value that reaches a
 * page goes through here, so no caller has to remember to escape.
 * Output goes to a sink callback so that this module needs no allocator
 * of its own (the application hands it a kore_buf).
 */

#ifndef OL_HTML_H
#define OL_HTML_H

#include <stdarg.h>
#include <stddef.h>

typedef void	(*ol_sink_fn)(void *, const void *, size_t);

/* html.c */
void	ol_html_escape(ol_sink_fn, void *, const char *, size_t);
int	ol_html_format(ol_sink_fn, void *, const char *, ...);
int	ol_html_vformat(ol_sink_fn, void *, const char *, va_list);

#endif
