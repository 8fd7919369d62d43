/*
 * Random tokens (sessions, CSRF, API tokens): 256 bits from getrandom(2),
 * written in base64url without padding. Only their SHA-256 is stored, so
 * a copy of the database does not let anyone in.
 */

#ifndef OL_TOKEN_H
#define OL_TOKEN_H

#include <stddef.h>

#define OL_TOKEN_BYTES		32
#define OL_TOKEN_LEN		43	/* base64url of 32 bytes, no padding */
#define OL_TOKEN_HASH_LEN	64	/* SHA-256 in hex */

/* token.c */
int	ol_token_new(char *, size_t);
int	ol_token_valid(const char *, size_t);
int	ol_token_hash(const char *, size_t, char *, size_t);
int	ol_token_equal(const char *, size_t, const char *, size_t);

#endif
