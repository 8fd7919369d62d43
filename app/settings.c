/*
 * Settings from the environment, with defaults that serve the local run
 * (`make run`). The Kore configuration file holds everything else.
 *
 *	OCTOLEARN_DSN		libpq connection string of the application role
 *	OCTOLEARN_DATA_DIR	package files and upload spool (workers' chroot)
 *	OCTOLEARN_LOCALE_DIR	compiled catalogues
 *	OCTOLEARN_STATIC_DIR	stylesheet, scripts and the OpenAPI document
 *	OCTOLEARN_BASE_DOMAIN	tenants also answer at <slug>.<base domain>
 *	OCTOLEARN_SECURE_COOKIES	1 when served behind TLS
 */

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "octolearn.h"

#define DEFAULT_DSN	"host=127.0.0.1 port=54329 dbname=octolearn " \
			"user=octolearn_app password=octolearn_app " \
			"gssencmode=disable sslmode=disable connect_timeout=5"

struct ol_settings	ol_cfg;

static char	*setting(const char *, const char *, int);

static char *
setting(const char *name, const char *def, int is_path)
{
	const char	*val;
	char		cwd[PATH_MAX], *out;

	if ((val = getenv(name)) == NULL || *val == '\0')
		val = def;

	if (val == NULL)
		return (NULL);

	if (!is_path || val[0] == '/')
		return (kore_strdup(val));

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		fatal("getcwd: %s", errno_s);

	out = kore_malloc(strlen(cwd) + strlen(val) + 2);
	(void)sprintf(out, "%s/%s", cwd, val);

	return (out);
}

void
ol_settings_load(void)
{
	const char	*secure;

	ol_cfg.dsn = setting("OCTOLEARN_DSN", DEFAULT_DSN, 0);
	ol_cfg.data_dir = setting("OCTOLEARN_DATA_DIR", "var/data", 1);
	ol_cfg.locale_dir = setting("OCTOLEARN_LOCALE_DIR", "build/locale", 1);
	ol_cfg.static_dir = setting("OCTOLEARN_STATIC_DIR", "app/static", 1);
	ol_cfg.base_domain = setting("OCTOLEARN_BASE_DOMAIN", NULL, 0);

	secure = getenv("OCTOLEARN_SECURE_COOKIES");
	ol_cfg.secure_cookies = (secure != NULL && !strcmp(secure, "1"));
}
