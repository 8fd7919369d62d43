/*
 * Password hashing (scrypt through libscrypt, stored as an MCF string) and
 * the password policy. Hashing is slow on purpose: callers on an event loop
 * run it in a thread.
 */

#ifndef OL_PASSWORD_H
#define OL_PASSWORD_H

#include <stddef.h>

#define OL_PASSWORD_HASH_MAX	128	/* SCRYPT_MCF_LEN */
#define OL_PASSWORD_MIN		10
#define OL_PASSWORD_MAX		1024

#define OL_PASSWORD_SCRYPT_N	16384
#define OL_PASSWORD_SCRYPT_R	8
#define OL_PASSWORD_SCRYPT_P	1

/* Results of ol_password_policy(). */
#define OL_PASSWORD_OK		0
#define OL_PASSWORD_TOO_SHORT	1
#define OL_PASSWORD_TOO_LONG	2
#define OL_PASSWORD_COMMON	3
#define OL_PASSWORD_INVALID	4

/* password.c */
int	ol_password_hash(const char *, size_t, char *, size_t);
int	ol_password_verify(const char *, const char *, size_t);
int	ol_password_policy(const char *, size_t);

#endif
