/*
 * Preloaded after the ASan runtime into the sanitized server (see
 * sanitizer_env() in tests/conftest.py); built by `make SANITIZE=1`.
 *
 * Debian's kore is not instrumented, so ASan initialises itself lazily, at
 * the first call it intercepts. That call is malloc() inside newlocale()
 * in the constructor of libp11-kit (kore -> libpq -> libldap -> gnutls),
 * while newlocale() holds glibc's locale lock for writing; ASan's start
 * calls dlerror(), whose gettext takes and releases the same lock as a
 * reader. The lock is left with a reader count of -1: the app's
 * setlocale() in the parent and a worker's first fnmatch() (Kore's domain
 * lookup) then wait on it forever. Allocating once before the real
 * newlocale() starts ASan outside the lock.
 */

#define _GNU_SOURCE

#include <dlfcn.h>
#include <locale.h>
#include <stdlib.h>

locale_t	newlocale(int, const char *, locale_t);

locale_t
newlocale(int mask, const char *name, locale_t base)
{
	static locale_t	(*real)(int, const char *, locale_t);
	void *volatile	 p;		/* volatile: kept by the optimiser */

	p = malloc(1);
	free(p);
	/* POSIX's way to store dlsym()'s answer in a function pointer. */
	if (real == NULL &&
	    (*(void **)&real = dlsym(RTLD_NEXT, "newlocale")) == NULL)
		abort();

	return (real(mask, name, base));
}
