/*
 * What a worker may keep between requests (tenants, sessions, the
 * catalogue, a learner's statuses), and how it knows when to stop.
 *
 * Every worker keeps its own copies; they stay true through generations
 * in memory the parent maps before it forks, so shared by every worker
 * (and by workers it restarts):
 *   - one for platform data, bumped by every committed transaction
 *     outside a tenant;
 *   - one per tenant (a slot of a table, tenants sharing a slot only
 *     share reloads), bumped by every committed transaction of the
 *     tenant that did not declare it changes nothing kept here (db.c);
 *   - one per learner (a slot too), bumped by the commits of the
 *     learner's progress, which leave the rest of the tenant's be.
 * A copy is stamped with the generations read before its data was read
 * from the database; a change committed after that read bumps after its
 * COMMIT, so the stamp is behind and the copy is read again. Workers of
 * one server see a change as soon as its COMMIT returns.
 *
 * What no worker commits (octolearn-admin, an operator's SQL) is seen
 * within OL_CACHE_TTL_MS: no copy is older.
 */

#include <sys/mman.h>

#include "octolearn.h"

#define CACHE_TENANT_SLOTS	1024
#define CACHE_USER_SLOTS	16384

struct cache_gens {
	u_int64_t	global;
	u_int64_t	tenant[CACHE_TENANT_SLOTS];
	u_int64_t	user[CACHE_USER_SLOTS];
};

static struct cache_gens	*gens = NULL;

static u_int64_t	*cache_tenant_gen(int64_t);
static u_int64_t	*cache_user_gen(int64_t, int64_t);

/* In the parent, before the workers are forked. */
void
ol_cache_init(void)
{
	void		*p;

	p = mmap(NULL, sizeof(*gens), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fatal("ol_cache_init: mmap: %s", errno_s);
	gens = p;
}

static u_int64_t *
cache_tenant_gen(int64_t tenant)
{
	return (&gens->tenant[(u_int64_t)tenant % CACHE_TENANT_SLOTS]);
}

static u_int64_t *
cache_user_gen(int64_t tenant, int64_t user)
{
	return (&gens->user[ol_cache_hash(tenant, user) % CACHE_USER_SLOTS]);
}

/* The slot of a copy kept for the pair (a, b): a table's index, mod n. */
u_int64_t
ol_cache_hash(int64_t a, int64_t b)
{
	u_int64_t	h;

	h = (u_int64_t)a * 0x9e3779b97f4a7c15ULL ^ (u_int64_t)b;
	h *= 0xff51afd7ed558ccdULL;

	return (h >> 32);
}

/* The same for a key of len bytes after a number (FNV-1a). */
u_int64_t
ol_cache_hash_bytes(int64_t a, const char *s, size_t len)
{
	u_int64_t	h;
	size_t		i;

	h = ol_cache_hash(a, 0) ^ 14695981039346656037ULL;
	for (i = 0; i < len; i++)
		h = (h ^ (u_int8_t)s[i]) * 1099511628211ULL;

	return (h);
}

/*
 * Stamps a copy about to be read: tenant 0 for platform data only, user 0
 * for no learner's progress.
 */
void
ol_cache_stamp(struct ol_cache_stamp *s, int64_t tenant, int64_t user)
{
	s->at = kore_time_ms();
	s->global = __atomic_load_n(&gens->global, __ATOMIC_ACQUIRE);
	s->tenant = tenant > 0 ?
	    __atomic_load_n(cache_tenant_gen(tenant), __ATOMIC_ACQUIRE) : 0;
	s->user = user > 0 ?
	    __atomic_load_n(cache_user_gen(tenant, user), __ATOMIC_ACQUIRE) : 0;
}

/* 1 when nothing a copy stamped s depends on changed since. */
int
ol_cache_fresh(const struct ol_cache_stamp *s, int64_t tenant, int64_t user)
{
	struct ol_cache_stamp	now;

	ol_cache_stamp(&now, tenant, user);

	return (now.at - s->at < OL_CACHE_TTL_MS && now.global == s->global &&
	    now.tenant == s->tenant && now.user == s->user);
}

/* After a COMMIT that changed tenant's data (0: platform data). */
void
ol_cache_changed(int64_t tenant)
{
	if (tenant > 0)
		(void)__atomic_add_fetch(cache_tenant_gen(tenant), 1,
		    __ATOMIC_RELEASE);
	else
		(void)__atomic_add_fetch(&gens->global, 1, __ATOMIC_RELEASE);
}

/* After a COMMIT that changed only a learner's progress. */
void
ol_cache_progress_changed(int64_t tenant, int64_t user)
{
	(void)__atomic_add_fetch(cache_user_gen(tenant, user), 1,
	    __ATOMIC_RELEASE);
}
