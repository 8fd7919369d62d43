/*
 * libFuzzer harness for what modules/token and modules/password read
 * from outside: session cookies, CSRF fields and API tokens
 * (ol_token_valid, ol_token_equal, ol_token_hash) and passwords typed in
 * forms (ol_password_policy; ol_password_verify against a stored hash
 * that the input may also be). Whatever the input: a valid token is 43
 * base64url characters; a token equals itself and not a token one byte
 * different; its hash is 64 lower-case hex digits, the same twice; the
 * policy answers one of its five results, OK only for valid UTF-8 of 10
 * to 1024 characters; the input taken as a stored hash without one of
 * the allowed scrypt costs never verifies. Each buffer is exactly its length, so a read past it
 * is caught.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "password.h"
#include "token.h"
#include "utf8.h"

int		LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void	check_token(const char *, size_t);
static void	check_password(const char *, size_t);

/* The cost prefixes password.c lets through to scrypt. */
static const char *const costs[] = {
	"$s1$0e0801$", "$s1$0f0801$", "$s1$100801$", "$s1$110801$",
	"$s1$120801$", "$s1$130801$", "$s1$140801$", NULL
};

static void
check_token(const char *s, size_t n)
{
	char		hash[OL_TOKEN_HASH_LEN + 1], again[sizeof(hash)];
	char		*copy;
	size_t		i;

	if (ol_token_valid(s, n)) {
		if (n != OL_TOKEN_LEN)
			abort();
		for (i = 0; i < n; i++) {
			if (!((s[i] >= 'A' && s[i] <= 'Z') ||
			    (s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= '0' && s[i] <= '9') ||
			    s[i] == '-' || s[i] == '_'))
				abort();
		}
	}

	if (n > 0) {
		if (!ol_token_equal(s, n, s, n))
			abort();
		if ((copy = malloc(n)) == NULL)
			abort();
		memcpy(copy, s, n);
		copy[n / 2] ^= 0x01;
		if (ol_token_equal(s, n, copy, n) ||
		    ol_token_equal(s, n, copy, n - 1))
			abort();
		free(copy);
	} else if (ol_token_equal(s, n, s, n))
		abort();

	if (ol_token_hash(s, n, hash, sizeof(hash)) != 0 ||
	    ol_token_hash(s, n, again, sizeof(again)) != 0 ||
	    strlen(hash) != OL_TOKEN_HASH_LEN || strcmp(hash, again) != 0 ||
	    strspn(hash, "0123456789abcdef") != OL_TOKEN_HASH_LEN)
		abort();
	if (ol_token_hash(s, n, hash, OL_TOKEN_HASH_LEN) != -1)
		abort();
}

static void
check_password(const char *s, size_t n)
{
	char		*mcf;
	size_t		 i;
	int		 rc;

	rc = ol_password_policy(s, n);
	switch (rc) {
	case OL_PASSWORD_OK:
		if (!ol_utf8_valid(s, n) || memchr(s, '\0', n) != NULL ||
		    n > OL_PASSWORD_MAX ||
		    ol_utf8_chars(s, n) < OL_PASSWORD_MIN)
			abort();
		break;
	case OL_PASSWORD_TOO_SHORT:
	case OL_PASSWORD_TOO_LONG:
	case OL_PASSWORD_COMMON:
	case OL_PASSWORD_INVALID:
		break;
	default:
		abort();
	}

	/*
	 * The input as a stored hash (a tampered row) is refused before
	 * scrypt runs unless it carries one of the costs password.c allows;
	 * those take scrypt's time and memory on purpose, so they are left
	 * out here.
	 */
	if ((mcf = malloc(n + 1)) == NULL)
		abort();
	memcpy(mcf, s, n);
	mcf[n] = '\0';
	for (i = 0; costs[i] != NULL; i++) {
		if (strncmp(mcf, costs[i], strlen(costs[i])) == 0)
			break;
	}
	if (costs[i] == NULL &&
	    ol_password_verify(mcf, "correct horse 2026", 18) != 0)
		abort();
	free(mcf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*s;

	/* An exact copy: a read past size is caught. */
	if ((s = malloc(size > 0 ? size : 1)) == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	check_token(s, size);
	check_password(s, size);
	free(s);

	return (0);
}
