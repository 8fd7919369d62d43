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

/* A short list of the passwords that attackers try first. */
static const char	*common[] = {
	"password", "password1", "password123", "passw0rd", "p@ssw0rd",
	"123456789", "1234567890", "12345678910", "qwertyuiop", "1q2w3e4r5t",
	"qwerty123", "iloveyou", "sunshine", "princess", "football",
	"baseball", "welcome", "welcome123", "admin123", "administrator",
	"letmein123", "trustno1", "dragon123", "monkey123", "abc1234567",
	"qwertyuiop123", "0987654321", "1111111111", "0000000000",
	"changeme", "changeme123", "octolearn", "octolearn123",
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
	int		ret;

	mlen = strlen(mcf);
	if (mlen >= sizeof(hash) || strncmp(mcf, SCRYPT_MCF_ID, 3) != 0)
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
