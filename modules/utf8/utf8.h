/*
 * UTF-8 validation: every text that comes from outside is checked with
 * this before it is stored or shown.
 */

#ifndef OL_UTF8_H
#define OL_UTF8_H

#include <stddef.h>

/* utf8.c */
size_t	ol_utf8_seqlen(const unsigned char *, size_t);
size_t	ol_utf8_valid_prefix(const char *, size_t);
int	ol_utf8_valid(const char *, size_t);
size_t	ol_utf8_chars(const char *, size_t);

#endif
