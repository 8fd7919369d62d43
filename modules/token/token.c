/*
 * Token generation, shape check, hashing and comparison. Comparison is in
 * constant time (CRYPTO_memcmp) so that a CSRF token cannot be guessed a
 * byte at a time.
 */

#include <sys/random.h>

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "token.h"

static const char	b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Writes a new token and its NUL into out (at least OL_TOKEN_LEN + 1). */
int
ol_token_new(char *out, size_t outlen)
{
	unsigned char	raw[OL_TOKEN_BYTES + 1];
	unsigned int	v;
	size_t		i, o;

	if (outlen < OL_TOKEN_LEN + 1)
		return (-1);

	if (getrandom(raw, OL_TOKEN_BYTES, 0) != OL_TOKEN_BYTES)
		return (-1);
	raw[OL_TOKEN_BYTES] = 0;

	/* 32 bytes: ten groups of three, then two bytes left (3 chars). */
	for (i = 0, o = 0; i < OL_TOKEN_BYTES; i += 3) {
		v = (unsigned int)raw[i] << 16 | (unsigned int)raw[i + 1] << 8;
		if (i + 2 < OL_TOKEN_BYTES)
			v |= raw[i + 2];
		out[o++] = b64url[(v >> 18) & 0x3F];
		out[o++] = b64url[(v >> 12) & 0x3F];
		out[o++] = b64url[(v >> 6) & 0x3F];
		if (i + 2 < OL_TOKEN_BYTES)
			out[o++] = b64url[v & 0x3F];
	}
	out[o] = '\0';
	explicit_bzero(raw, sizeof(raw));

	return (o == OL_TOKEN_LEN ? 0 : -1);
}

/* The shape of a token: OL_TOKEN_LEN characters of base64url. */
int
ol_token_valid(const char *s, size_t len)
{
	size_t		i;

	if (s == NULL || len != OL_TOKEN_LEN)
		return (0);

	for (i = 0; i < len; i++) {
		if (s[i] == '\0' || strchr(b64url, s[i]) == NULL)
			return (0);
	}

	return (1);
}

/* SHA-256 of the token in lower-case hex, NUL-terminated. */
int
ol_token_hash(const char *tok, size_t len, char *out, size_t outlen)
{
	unsigned char	md[EVP_MAX_MD_SIZE];
	unsigned int	mdlen, i;

	if (outlen < OL_TOKEN_HASH_LEN + 1)
		return (-1);

	if (!EVP_Digest(tok, len, md, &mdlen, EVP_sha256(), NULL) ||
	    mdlen != OL_TOKEN_HASH_LEN / 2)
		return (-1);

	for (i = 0; i < mdlen; i++)
		(void)snprintf(out + i * 2, 3, "%02x", md[i]);

	return (0);
}

int
ol_token_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	if (a == NULL || b == NULL || alen != blen || alen == 0)
		return (0);

	return (CRYPTO_memcmp(a, b, alen) == 0);
}
