/*
 * scrypt password hashes in libscrypt's MCF form ($s1$NNrrpp$salt$hash),
 * N=2^14, r=8, p=1, a fresh 16-byte salt per hash from getrandom(2): not
 * libscrypt_hash(), which opens /dev/urandom, absent in the workers' chroot.
 * libscrypt_check() compares in constant time; it wants NUL-terminated,
 * writable input, so both are copied into bounded local buffers here.
 */

#include <sys/random.h>

#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

#include <libscrypt.h>

#include "password.h"
#include "utf8.h"

/*
 * Passwords that attackers try first and that are long enough to pass the
 * length rule (shorter ones are refused by it already). Compared without
 * regard to case.
 */
static const char	*common[] = {
	"password12", "password123", "password1234", "passw0rd123",
	"p@ssw0rd123", "1234567890", "0987654321", "1234567891",
	"12345678910", "123456789a", "a123456789", "1111111111",
	"0000000000", "1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop",
	"qwerty1234", "qwerty12345", "qwertyuiop123", "asdfghjkl1",
	"zaq12wsxcde", "iloveyou12", "iloveyou123", "sunshine123",
	"princess123", "football123", "baseball123", "welcome123",
	"welcome1234", "administrator", "admin12345", "admin123456",
	"letmein123", "trustno123", "dragon1234", "monkey1234",
	"abc1234567", "abcdefghij", "changeme123", "octolearn123",
	"starwars123", "superman123", "whatever123", "computer123",
	"michael123", "jennifer123", "liverpool123", "chelsea123",
	NULL
};

/*
 * The cost parameters a stored hash may carry ($s1$NNrrpp$): ours, and
 * up to N=2^20 with r=8 should they ever be raised. Anything else is
 * refused before scrypt runs, so a tampered row cannot make verification
 * take gigabytes.
 */
static const char	*costs[] = {
	"$s1$0e0801$", "$s1$0f0801$", "$s1$100801$", "$s1$110801$",
	"$s1$120801$", "$s1$130801$", "$s1$140801$",
	NULL
};

static int	password_copy(char *, size_t, const char *, size_t);

static int
password_copy(char *dst, size_t dlen, const char *pw, size_t len)
{
	if (len >= dlen || memchr(pw, '\0', len) != NULL)
		return (-1);

	memcpy(dst, pw, len);
	dst[len] = '\0';

	return (0);
}

int
ol_password_hash(const char *pw, size_t len, char *out, size_t outlen)
{
	uint8_t		salt[SCRYPT_SALT_LEN], hash[SCRYPT_HASH_LEN];
	char		salt64[32], hash64[96];
	int		ret;

	if (outlen < OL_PASSWORD_HASH_MAX)
		return (-1);

	if (len > OL_PASSWORD_MAX || memchr(pw, '\0', len) != NULL)
		return (-1);

	if (getrandom(salt, sizeof(salt), 0) != (ssize_t)sizeof(salt))
		return (-1);

	ret = libscrypt_scrypt((const uint8_t *)pw, len, salt, sizeof(salt),
	    OL_PASSWORD_SCRYPT_N, OL_PASSWORD_SCRYPT_R, OL_PASSWORD_SCRYPT_P,
	    hash, sizeof(hash));
	if (ret != 0)
		return (-1);

	(void)EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof(salt));
	(void)EVP_EncodeBlock((unsigned char *)hash64, hash, sizeof(hash));
	explicit_bzero(hash, sizeof(hash));

	if (libscrypt_mcf(OL_PASSWORD_SCRYPT_N, OL_PASSWORD_SCRYPT_R,
	    OL_PASSWORD_SCRYPT_P, salt64, hash64, out) != 1)
		return (-1);

	return (0);
}

/*
 * Returns 1 when the password matches, 0 when it does not or the stored
 * hash is malformed.
 */
int
ol_password_verify(const char *mcf, const char *pw, size_t len)
{
	char		buf[OL_PASSWORD_MAX + 1];
	char		hash[OL_PASSWORD_HASH_MAX];
	size_t		mlen;
	int		ret, i;

	mlen = strlen(mcf);
	if (mlen >= sizeof(hash))
		return (0);

	for (i = 0; costs[i] != NULL; i++) {
		if (!strncmp(mcf, costs[i], strlen(costs[i])))
			break;
	}
	if (costs[i] == NULL)
		return (0);

	if (password_copy(buf, sizeof(buf), pw, len) == -1)
		return (0);

	memcpy(hash, mcf, mlen + 1);
	ret = libscrypt_check(hash, buf);
	explicit_bzero(buf, sizeof(buf));

	return (ret > 0 ? 1 : 0);
}

int
ol_password_policy(const char *pw, size_t len)
{
	size_t		i;

	if (memchr(pw, '\0', len) != NULL || !ol_utf8_valid(pw, len))
		return (OL_PASSWORD_INVALID);

	if (len > OL_PASSWORD_MAX)
		return (OL_PASSWORD_TOO_LONG);

	if (ol_utf8_chars(pw, len) < OL_PASSWORD_MIN)
		return (OL_PASSWORD_TOO_SHORT);

	for (i = 0; common[i] != NULL; i++) {
		if (strlen(common[i]) == len &&
		    strncasecmp(common[i], pw, len) == 0)
			return (OL_PASSWORD_COMMON);
	}

	return (OL_PASSWORD_OK);
}
