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

/*
 * System calls the workers need beyond Kore's own list, verified on
 * Debian 12: newfstatat (libc stat of served and spooled files), clone3
 * and rseq (task threads), getdents64 (libpq's GSS probe).
 */
KORE_SECCOMP_FILTER("octolearn",
	KORE_SYSCALL_ALLOW(newfstatat),
	KORE_SYSCALL_ALLOW(clone3),
	KORE_SYSCALL_ALLOW(rseq),
	KORE_SYSCALL_ALLOW(getdents64),
)

static void	data_dir_prepare(void);

void
kore_parent_configure(int argc, char **argv)
{
	(void)argc;
	(void)argv;

	ol_settings_load();

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		fatal("setlocale(C.UTF-8) failed");

	ol_i18n_init(ol_cfg.locale_dir);
	ol_assets_load(ol_cfg.static_dir);
	ol_signin_init();
	data_dir_prepare();
}

void
kore_worker_configure(void)
{
	if (!kore_pgsql_register(OL_DB_NAME, ol_cfg.dsn))
		fatal("cannot register database %s", OL_DB_NAME);
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

	if (skip_runas == 0 && kore_runas_user != NULL) {
		if ((pw = getpwnam(kore_runas_user)) == NULL)
			fatal("no such user '%s'", kore_runas_user);
		if (chown(ol_cfg.data_dir, pw->pw_uid, pw->pw_gid) == -1 ||
		    chown(path, pw->pw_uid, pw->pw_gid) == -1)
			fatal("chown of %s: %s", ol_cfg.data_dir, errno_s);
	}

	kore_free(kore_root_path);
	kore_root_path = kore_strdup(ol_cfg.data_dir);

	if (skip_chroot)
		http_body_disk_path = kore_strdup(path);
	else
		http_body_disk_path = kore_strdup("/tmp");
}
