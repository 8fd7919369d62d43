/*
 * Start-up hooks. The parent reads the settings, loads what workers need
 * from disk (catalogues, stylesheet, OpenAPI document) before they are
 * confined to the data directory, and points Kore's chroot and upload
 * spool there. Each worker registers the database.
 */

#include <sys/stat.h>

#include <errno.h>
#include <locale.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "octolearn.h"

#include <kore/seccomp.h>

#include "archive.h"

/*
 * System calls the workers need beyond Kore's own list, verified on
 * Debian 12: newfstatat (libc stat of served and spooled files), clone3
 * and rseq (task threads), getdents64 (libpq's GSS probe, and walking a
 * package); for imports (imports.c, modules/archive): making, moving
 * and removing the files and directories of a package in the data
 * directory, pread64 (libarchive reads the zip's central directory) and
 * dup (a package's directory is walked on a copy of its descriptor);
 * statfs (libc statvfs of the upload spool's disk, room.c).
 */
#if defined(__SANITIZE_ADDRESS__)
/*
 * The sanitizer build only (make SANITIZE=1, run by the integration-san
 * suite, tests/conftest.py): AddressSanitizer asks each new thread for
 * its stack with pthread_getattr_np(), which calls sched_getaffinity (the
 * task threads died of it), and its spin locks yield with sched_yield.
 */
#define OL_SANITIZER_SYSCALLS					\
	KORE_SYSCALL_ALLOW(sched_getaffinity),			\
	KORE_SYSCALL_ALLOW(sched_yield),
#else
#define OL_SANITIZER_SYSCALLS
#endif

KORE_SECCOMP_FILTER("octolearn",
	KORE_SYSCALL_ALLOW(newfstatat),
	KORE_SYSCALL_ALLOW(clone3),
	KORE_SYSCALL_ALLOW(rseq),
	KORE_SYSCALL_ALLOW(getdents64),
	KORE_SYSCALL_ALLOW(mkdir),
	KORE_SYSCALL_ALLOW(mkdirat),
	KORE_SYSCALL_ALLOW(unlink),
	KORE_SYSCALL_ALLOW(unlinkat),
	KORE_SYSCALL_ALLOW(rmdir),
	KORE_SYSCALL_ALLOW(rename),
	KORE_SYSCALL_ALLOW(renameat),
	KORE_SYSCALL_ALLOW(renameat2),
	KORE_SYSCALL_ALLOW(pread64),
	KORE_SYSCALL_ALLOW(dup),
	KORE_SYSCALL_ALLOW(gettid),
	KORE_SYSCALL_ALLOW(statfs),
	OL_SANITIZER_SYSCALLS
)

static void	data_dir_prepare(void);
static void	data_subdir(const char *, int, struct passwd *);

/* "" in a chrooted worker, else the data directory: prefix of paths. */
const char *
ol_data_root(void)
{
	return (skip_chroot ? ol_cfg.data_dir : "");
}

void
kore_parent_configure(int argc, char **argv)
{
	(void)argc;
	(void)argv;

	/* In the foreground Kore logs with printf: a line at a time, so
	   that a log file or journal has each line when it happens. */
	(void)setvbuf(stdout, NULL, _IOLBF, 0);
	ol_settings_load();

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		fatal("setlocale(C.UTF-8) failed");

	ol_i18n_init(ol_cfg.locale_dir);
	ol_assets_load(ol_cfg.static_dir);
	ol_signin_init();
	ol_cache_init();
	data_dir_prepare();
}

void
kore_worker_configure(void)
{
	if (!kore_pgsql_register(OL_DB_NAME, ol_cfg.dsn))
		fatal("cannot register database %s", OL_DB_NAME);
	/* After the chroot: the spool's path is the worker's own. */
	ol_room_init();
	ol_cache_listen();
}

/*
 * Workers are chrooted into the data directory: it holds the package
 * files and the upload spool, and nothing else they could read.
 */
static void
data_dir_prepare(void)
{
	struct passwd	*pw;
	char		path[PATH_MAX];
	int		len;

	len = snprintf(path, sizeof(path), "%s/tmp", ol_cfg.data_dir);
	if (len < 0 || (size_t)len >= sizeof(path))
		fatal("data directory path too long");

	if (mkdir(ol_cfg.data_dir, 0750) == -1 && errno != EEXIST)
		fatal("mkdir(%s): %s", ol_cfg.data_dir, errno_s);
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		fatal("mkdir(%s): %s", path, errno_s);

	pw = NULL;
	if (skip_runas == 0 && kore_runas_user != NULL) {
		if ((pw = getpwnam(kore_runas_user)) == NULL)
			fatal("no such user '%s'", kore_runas_user);
		if (chown(ol_cfg.data_dir, pw->pw_uid, pw->pw_gid) == -1 ||
		    chown(path, pw->pw_uid, pw->pw_gid) == -1)
			fatal("chown of %s: %s", ol_cfg.data_dir, errno_s);
	}

	/*
	 * Imports unpack into staging/ and move to packages/ when stored:
	 * what is in staging/ or an upload left in tmp/ at start belongs
	 * to an import that was cut off, and goes.
	 */
	data_subdir("tmp", 1, pw);
	data_subdir("staging", 1, pw);
	data_subdir("packages", 0, pw);

	kore_free(kore_root_path);
	kore_root_path = kore_strdup(ol_cfg.data_dir);

	if (skip_chroot)
		http_body_disk_path = kore_strdup(path);
	else
		http_body_disk_path = kore_strdup("/tmp");
}

static void
data_subdir(const char *name, int fresh, struct passwd *pw)
{
	char		path[PATH_MAX];
	int		len;

	len = snprintf(path, sizeof(path), "%s/%s", ol_cfg.data_dir, name);
	if (len < 0 || (size_t)len >= sizeof(path))
		fatal("data directory path too long");

	if (fresh && ol_archive_rmtree(path) == -1 && errno != ENOENT)
		fatal("cannot clear %s: %s", path, errno_s);
	if (mkdir(path, 0750) == -1 && errno != EEXIST)
		fatal("mkdir(%s): %s", path, errno_s);
	if (pw != NULL && chown(path, pw->pw_uid, pw->pw_gid) == -1)
		fatal("chown of %s: %s", path, errno_s);
}
