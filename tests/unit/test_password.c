/*
 * Unit tests for modules/password: scrypt MCF hashes that verify, interoperate
 * with libscrypt, refuse what they must, and the password policy.
 * One scrypt computation takes 50-100 ms, so this file runs nine of them:
 * the group setup hashes once and the tests share that hash.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libscrypt.h>

#include "password.h"

#define PW		"correct horse battery staple"
#define PW_LEN		(sizeof(PW) - 1)

#define MCF_PREFIX	"$s1$0e0801$"
#define MCF_SALT64	24	/* 16 bytes of salt in base64 */
#define MCF_HASH64	88	/* 64 bytes of hash in base64 */

/* The hash made once by the group setup. */
static char	stored[OL_PASSWORD_HASH_MAX];

static int	setup(void **);
static int	is_b64(const char *, size_t);
static char	*repeat(const char *, size_t, size_t *);

static int
setup(void **state)
{
	(void)state;

	memset(stored, 'X', sizeof(stored));
	if (ol_password_hash(PW, PW_LEN, stored, sizeof(stored)) != 0)
		return (-1);

	return (0);
}

static int
is_b64(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '+' &&
		    s[i] != '/' && s[i] != '=')
			return (0);
	}

	return (1);
}

/* count copies of s in a fresh NUL-terminated string. */
static char *
repeat(const char *s, size_t count, size_t *len)
{
	char		*p;
	size_t		n, i;

	n = strlen(s);
	*len = n * count;
	p = malloc(*len + 1);
	assert_non_null(p);
	for (i = 0; i < count; i++)
		memcpy(p + i * n, s, n);
	p[*len] = '\0';

	return (p);
}

/* $s1$NNrrpp$salt$hash with N as log2: 2^14 = 0e, r = 08, p = 01. */
static void
test_hash_format(void **state)
{
	size_t		len, plen;

	(void)state;

	len = strnlen(stored, sizeof(stored));
	assert_true(len < sizeof(stored));
	plen = sizeof(MCF_PREFIX) - 1;

	assert_memory_equal(stored, MCF_PREFIX, plen);
	assert_int_equal(len, plen + MCF_SALT64 + 1 + MCF_HASH64);
	assert_true(is_b64(stored + plen, MCF_SALT64));
	assert_int_equal(stored[plen + MCF_SALT64], '$');
	assert_true(is_b64(stored + plen + MCF_SALT64 + 1, MCF_HASH64));
	assert_null(strstr(stored, PW));
}

/* 1 scrypt. */
static void
test_verify_right(void **state)
{
	(void)state;

	assert_int_equal(ol_password_verify(stored, PW, PW_LEN), 1);
}

/* 1 scrypt: the password minus its last character. */
static void
test_verify_wrong(void **state)
{
	(void)state;

	assert_int_equal(ol_password_verify(stored, PW, PW_LEN - 1), 0);
}

/* 1 scrypt: a second hash of the same password. */
static void
test_salts_differ(void **state)
{
	char		other[OL_PASSWORD_HASH_MAX];
	size_t		plen;

	(void)state;

	plen = sizeof(MCF_PREFIX) - 1;
	assert_int_equal(ol_password_hash(PW, PW_LEN, other, sizeof(other)),
	    0);
	assert_memory_equal(other, MCF_PREFIX, plen);
	assert_string_not_equal(other, stored);
	assert_memory_not_equal(other + plen, stored + plen, MCF_SALT64);
}

/* 3 scrypt: libscrypt's own check and hash against ours. */
static void
test_libscrypt_interop(void **state)
{
	char		mcf[SCRYPT_MCF_LEN];

	(void)state;

	memcpy(mcf, stored, sizeof(mcf));
	assert_true(libscrypt_check(mcf, PW) > 0);

	assert_true(libscrypt_hash(mcf, PW, OL_PASSWORD_SCRYPT_N,
	    OL_PASSWORD_SCRYPT_R, OL_PASSWORD_SCRYPT_P) > 0);
	assert_int_equal(ol_password_verify(mcf, PW, PW_LEN), 1);
}

/* 1 scrypt: one changed character in the stored hash. */
static void
test_verify_tampered(void **state)
{
	char		mcf[OL_PASSWORD_HASH_MAX];
	size_t		len;

	(void)state;

	memcpy(mcf, stored, sizeof(mcf));
	len = strlen(mcf);
	/* A character in the middle of the hash part. */
	mcf[len - MCF_HASH64 / 2] = (mcf[len - MCF_HASH64 / 2] == 'A') ?
	    'B' : 'A';
	assert_int_equal(ol_password_verify(mcf, PW, PW_LEN), 0);
}

/*
 * Cost parameters other than ours: refused before scrypt runs, so a
 * tampered row cannot make one sign-in take gigabytes (p=255 would). The
 * rest of the string is our valid hash: only the parameters differ.
 */
static void
test_verify_foreign_costs(void **state)
{
	static const char	*costs[] = {
		"0e08ff", "1e0801", "0e0802", "0e1001", "0d0801", "0e0401",
	};
	char			mcf[OL_PASSWORD_HASH_MAX];
	size_t			i;

	(void)state;

	for (i = 0; i < sizeof(costs) / sizeof(costs[0]); i++) {
		memcpy(mcf, stored, sizeof(mcf));
		memcpy(mcf + 4, costs[i], 6);
		assert_int_equal(ol_password_verify(mcf, PW, PW_LEN), 0);
	}
}

/*
 * Malformed stored hashes: 0, no crash. 1 scrypt: libscrypt computes the
 * hash before it finds the stored one missing.
 */
static void
test_verify_malformed(void **state)
{
	static const char	*bad[] = {
		"", "$", "$s1", "$s1$", "$s1$$", "$s1$$$", "$s1$0e0801",
		"$s1$0e0801$", "$s1$0e0801$$",
		"$s1$000000$c2FsdA==$aGFzaA==",
		"$s1$ff0801$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==",
		"$s1$1f0801$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaA==",
		"$s1$0e0801$!!!!$aGFzaA==",
		"$2y$10$abcdefghijklmnopqrstuu5Xl3BZ1KbGOtsJgWzdHb9UxIP0bDhbG",
		"$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
		"s1$0e0801$c2FsdA==$aGFzaA==",
		"plaintext password",
	};
	char			mcf[OL_PASSWORD_HASH_MAX];
	char			*longer;
	size_t			i, len;

	(void)state;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (ol_password_verify(bad[i], PW, PW_LEN) != 0) {
			print_error("mcf \"%s\" accepted\n", bad[i]);
			fail();
		}
	}

	/* Cut short after the salt: the hash part missing. */
	memcpy(mcf, stored, sizeof(mcf));
	mcf[sizeof(MCF_PREFIX) - 1 + MCF_SALT64 + 1] = '\0';
	assert_int_equal(ol_password_verify(mcf, PW, PW_LEN), 0);

	/* Longer than any MCF we make, with a valid one at its start. */
	longer = repeat("A", 4096, &len);
	memcpy(longer, stored, strlen(stored));
	assert_int_equal(ol_password_verify(longer, PW, PW_LEN), 0);
	free(longer);
	longer = repeat("$s1$", 64, &len);
	assert_int_equal(ol_password_verify(longer, PW, PW_LEN), 0);
	free(longer);
}

/* Passwords given by length: an embedded NUL is refused, not truncated. */
static void
test_embedded_nul(void **state)
{
	char		out[OL_PASSWORD_HASH_MAX];
	char		pw[PW_LEN + 8];

	(void)state;

	assert_int_equal(ol_password_hash("abcde\0fghijk", 12, out,
	    sizeof(out)), -1);
	assert_int_equal(ol_password_hash("\0", 1, out, sizeof(out)), -1);

	/* The right password followed by NUL and more must not match. */
	memcpy(pw, PW, PW_LEN);
	memcpy(pw + PW_LEN, "\0garbag", 8);
	assert_int_equal(ol_password_verify(stored, pw, sizeof(pw)), 0);
	assert_int_equal(ol_password_verify(stored, pw, PW_LEN + 1), 0);
}

static void
test_hash_refuses(void **state)
{
	char		out[OL_PASSWORD_HASH_MAX];
	char		*pw;
	size_t		len;

	(void)state;

	/* An output buffer too small for an MCF string. */
	assert_int_equal(ol_password_hash(PW, PW_LEN, out,
	    OL_PASSWORD_HASH_MAX - 1), -1);

	/* Longer than OL_PASSWORD_MAX, for hash and verify alike. */
	pw = repeat("a", OL_PASSWORD_MAX + 1, &len);
	assert_int_equal(ol_password_hash(pw, len, out, sizeof(out)), -1);
	assert_int_equal(ol_password_verify(stored, pw, len), 0);
	free(pw);
}

static void
test_policy_length(void **state)
{
	char		*pw;
	size_t		len;

	(void)state;

	assert_int_equal(ol_password_policy("", 0), OL_PASSWORD_TOO_SHORT);
	assert_int_equal(ol_password_policy("abcdefghi", 9),
	    OL_PASSWORD_TOO_SHORT);
	assert_int_equal(ol_password_policy("zebra-lamp", 10), OL_PASSWORD_OK);
	assert_int_equal(ol_password_policy(PW, PW_LEN), OL_PASSWORD_OK);

	/* Characters, not bytes: 9 x e-acute is 18 bytes but too short. */
	pw = repeat("\xC3\xA9", 9, &len);
	assert_int_equal(ol_password_policy(pw, len), OL_PASSWORD_TOO_SHORT);
	free(pw);
	pw = repeat("\xC3\xA9", 10, &len);
	assert_int_equal(ol_password_policy(pw, len), OL_PASSWORD_OK);
	free(pw);
	pw = repeat("\xF0\x9F\x94\x91", 9, &len);
	assert_int_equal(ol_password_policy(pw, len), OL_PASSWORD_TOO_SHORT);
	free(pw);
	pw = repeat("\xD8\xB3\xD8\xB1", 5, &len);
	assert_int_equal(ol_password_policy(pw, len), OL_PASSWORD_OK);
	free(pw);

	/* Long passphrases are fine; no maximum below 256. */
	pw = repeat("ab", 128, &len);
	assert_int_equal(len, 256);
	assert_int_equal(ol_password_policy(pw, len), OL_PASSWORD_OK);
	free(pw);
	pw = repeat("a", OL_PASSWORD_MAX, &len);
	assert_int_equal(ol_password_policy(pw, len), OL_PASSWORD_OK);
	free(pw);

	/* Past OL_PASSWORD_MAX bytes, whatever the characters. */
	pw = repeat("a", OL_PASSWORD_MAX + 1, &len);
	assert_int_equal(ol_password_policy(pw, len), OL_PASSWORD_TOO_LONG);
	free(pw);
	pw = repeat("\xE2\x82\xAC", OL_PASSWORD_MAX / 3 + 1, &len);
	assert_true(len > OL_PASSWORD_MAX);
	assert_int_equal(ol_password_policy(pw, len), OL_PASSWORD_TOO_LONG);
	free(pw);
}

static void
test_policy_common(void **state)
{
	(void)state;

	assert_int_equal(ol_password_policy("Password123", 11),
	    OL_PASSWORD_COMMON);
	assert_int_equal(ol_password_policy("PASSWORD123", 11),
	    OL_PASSWORD_COMMON);
	assert_int_equal(ol_password_policy("password123", 11),
	    OL_PASSWORD_COMMON);
	assert_int_equal(ol_password_policy("QwErTyUiOp", 10),
	    OL_PASSWORD_COMMON);
	assert_int_equal(ol_password_policy("1234567890", 10),
	    OL_PASSWORD_COMMON);
	assert_int_equal(ol_password_policy("Administrator", 13),
	    OL_PASSWORD_COMMON);
	assert_int_equal(ol_password_policy("OctoLearn123", 12),
	    OL_PASSWORD_COMMON);

	/*
	 * "password" is on the list but shorter than OL_PASSWORD_MIN: it is
	 * refused as too short before the list is looked at.
	 */
	assert_int_equal(ol_password_policy("PASSWORD", 8),
	    OL_PASSWORD_TOO_SHORT);

	/* Near misses are not on the list. */
	assert_int_equal(ol_password_policy("password4321", 12),
	    OL_PASSWORD_OK);
	assert_int_equal(ol_password_policy("password123 ", 12),
	    OL_PASSWORD_OK);
	assert_int_equal(ol_password_policy("my password123", 14),
	    OL_PASSWORD_OK);
	/* The length given counts, not a NUL-terminated prefix. */
	assert_int_equal(ol_password_policy("password1234", 11),
	    OL_PASSWORD_COMMON);
}

static void
test_policy_invalid(void **state)
{
	(void)state;

	assert_int_equal(ol_password_policy("abcdefghij\xFF", 11),
	    OL_PASSWORD_INVALID);
	assert_int_equal(ol_password_policy("abcdefghij\xC0\xAE", 12),
	    OL_PASSWORD_INVALID);
	assert_int_equal(ol_password_policy("\xED\xA0\x80" "abcdefghij", 13),
	    OL_PASSWORD_INVALID);
	assert_int_equal(ol_password_policy("abcdefghij\xE2\x82", 12),
	    OL_PASSWORD_INVALID);
	assert_int_equal(ol_password_policy("abcde\0fghij", 11),
	    OL_PASSWORD_INVALID);
	assert_int_equal(ol_password_policy("\x80", 1), OL_PASSWORD_INVALID);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_hash_format),
		cmocka_unit_test(test_verify_right),
		cmocka_unit_test(test_verify_wrong),
		cmocka_unit_test(test_salts_differ),
		cmocka_unit_test(test_libscrypt_interop),
		cmocka_unit_test(test_verify_tampered),
		cmocka_unit_test(test_verify_foreign_costs),
		cmocka_unit_test(test_verify_malformed),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_hash_refuses),
		cmocka_unit_test(test_policy_length),
		cmocka_unit_test(test_policy_common),
		cmocka_unit_test(test_policy_invalid),
	};

	return (cmocka_run_group_tests_name("password", tests, setup, NULL));
}
