/*
 * Unit tests for modules/token: fresh tokens have the right shape and do
 * not repeat, the hash is SHA-256, the shape check refuses anything else,
 * comparison needs equal length and content.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "token.h"

#define MANY	1000

static int
cmp(const void *a, const void *b)
{
	return (strcmp(a, b));
}

static void
test_new_tokens(void **state)
{
	char		(*toks)[OL_TOKEN_LEN + 1];
	char		small[OL_TOKEN_LEN];
	int		i;

	(void)state;

	toks = calloc(MANY, sizeof(*toks));
	assert_non_null(toks);
	for (i = 0; i < MANY; i++) {
		assert_int_equal(ol_token_new(toks[i], sizeof(toks[i])), 0);
		assert_int_equal(strlen(toks[i]), OL_TOKEN_LEN);
		assert_true(ol_token_valid(toks[i], OL_TOKEN_LEN));
	}
	qsort(toks, MANY, sizeof(*toks), cmp);
	for (i = 1; i < MANY; i++)
		assert_string_not_equal(toks[i - 1], toks[i]);
	free(toks);

	/* A buffer too small for the token and its NUL is refused. */
	assert_int_equal(ol_token_new(small, sizeof(small)), -1);
}

static void
test_valid(void **state)
{
	char		tok[OL_TOKEN_LEN + 2];

	(void)state;

	memset(tok, 'A', sizeof(tok));
	tok[OL_TOKEN_LEN] = '\0';
	assert_true(ol_token_valid(tok, OL_TOKEN_LEN));
	tok[5] = '-';
	tok[6] = '_';
	assert_true(ol_token_valid(tok, OL_TOKEN_LEN));

	assert_false(ol_token_valid(tok, OL_TOKEN_LEN - 1));
	assert_false(ol_token_valid(tok, 0));
	assert_false(ol_token_valid(NULL, OL_TOKEN_LEN));
	tok[7] = '+';
	assert_false(ol_token_valid(tok, OL_TOKEN_LEN));
	tok[7] = '/';
	assert_false(ol_token_valid(tok, OL_TOKEN_LEN));
	tok[7] = '=';
	assert_false(ol_token_valid(tok, OL_TOKEN_LEN));
	tok[7] = '\0';
	assert_false(ol_token_valid(tok, OL_TOKEN_LEN));
	tok[7] = '\xC3';
	assert_false(ol_token_valid(tok, OL_TOKEN_LEN));
}

static void
test_hash(void **state)
{
	char		out[OL_TOKEN_HASH_LEN + 1];

	(void)state;

	/* FIPS 180-2 test vector. */
	assert_int_equal(ol_token_hash("abc", 3, out, sizeof(out)), 0);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(ol_token_hash("", 0, out, sizeof(out)), 0);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	/* The length given counts, not a NUL. */
	assert_int_equal(ol_token_hash("abcdef", 3, out, sizeof(out)), 0);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(ol_token_hash("abc", 3, out, OL_TOKEN_HASH_LEN), -1);
}

static void
test_equal(void **state)
{
	(void)state;

	assert_true(ol_token_equal("abc", 3, "abc", 3));
	assert_false(ol_token_equal("abc", 3, "abd", 3));
	assert_false(ol_token_equal("abc", 3, "abcd", 4));
	assert_false(ol_token_equal("", 0, "", 0));
	assert_false(ol_token_equal(NULL, 0, "abc", 3));
	assert_false(ol_token_equal("abc", 3, NULL, 3));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_tokens),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_equal),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
