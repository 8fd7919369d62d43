/*
 * octolearn-admin entry point: dispatch to the command's file. Exit status
 * 0 on success, 1 on failure, 2 on a usage error.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"

void
admin_usage(void)
{
	fprintf(stderr,
	    "usage: octolearn-admin migrate [--dir DIR]\n"
	    "       octolearn-admin tenant create SLUG NAME [--lang L] "
	    "[--languages L,L...] [--if-missing]\n"
	    "       octolearn-admin tenant list\n"
	    "       octolearn-admin tenant show SLUG\n"
	    "       octolearn-admin tenant rename SLUG NAME\n"
	    "       octolearn-admin tenant enable SLUG\n"
	    "       octolearn-admin tenant disable SLUG\n"
	    "       octolearn-admin tenant suspend-limit SLUG N|default\n"
	    "       octolearn-admin tenant languages SLUG L[,L...] "
	    "[--default L]\n"
	    "       octolearn-admin user add --tenant SLUG --email EMAIL "
	    "--name NAME --roles ROLE[,ROLE] [--if-missing]\n"
	    "           (password from $OCTOLEARN_PASSWORD, else the first "
	    "line of standard input)\n"
	    "       octolearn-admin inspect PACKAGE.zip|imsmanifest.xml\n"
	    "           (prints the package as the importer reads it, as "
	    "JSON; no database)\n"
	    "       octolearn-admin import --tenant SLUG [--lang LANG] "
	    "[--resource ID] [--publish] [--if-missing] PACKAGE.zip\n"
	    "environment: OCTOLEARN_ADMIN_DSN (schema owner connection)\n");
}

/* Bounded number parsing for anything from the command line. */
int
admin_parse_id(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	v;

	if (s == NULL || *s == '\0')
		return (-1);

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return (-1);

	*out = v;
	return (0);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		admin_usage();
		return (ADMIN_USAGE);
	}

	if (!strcmp(argv[1], "migrate"))
		return (admin_migrate(argc - 2, argv + 2));
	if (!strcmp(argv[1], "tenant"))
		return (admin_tenant(argc - 2, argv + 2));
	if (!strcmp(argv[1], "user"))
		return (admin_user(argc - 2, argv + 2));
	if (!strcmp(argv[1], "inspect"))
		return (admin_inspect(argc - 2, argv + 2));
	if (!strcmp(argv[1], "import"))
		return (admin_import(argc - 2, argv + 2));
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
		admin_usage();
		return (ADMIN_OK);
	}

	fprintf(stderr, "octolearn-admin: unknown command '%s'\n", argv[1]);
	admin_usage();

	return (ADMIN_USAGE);
}
