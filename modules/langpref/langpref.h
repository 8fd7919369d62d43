/*
 * Which of the offered languages a client prefers, from its
 * Accept-Language header (RFC 9110 12.5.4, RFC 4647 lookup): ranges in
 * order of quality, a region or script falling back to its primary
 * language (fr-CA to fr), q=0 refusing one. The header comes from
 * outside: every length is explicit and anything malformed is skipped.
 */

#ifndef OL_LANGPREF_H
#define OL_LANGPREF_H

#include <stddef.h>

#define OL_LANGPREF_RANGES	32	/* ranges read from one header */
#define OL_LANGPREF_TAG_MAX	35	/* longest range kept */

/* langpref.c */
int	ol_langpref_pick(const char *, size_t, const char *, char *, size_t);
int	ol_langpref_code(const char *, size_t);
int	ol_langpref_offered(const char *, const char *, size_t);
int	ol_langpref_next(const char **, char *, size_t);

#endif
