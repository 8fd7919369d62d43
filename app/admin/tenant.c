/*
 * `octolearn-admin tenant ...`: create and list tenants. Input is checked
 * here for a clear message; the table's constraints check it again.
 */

#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "utf8.h"

static int	tenant_create(int, char **);
static int	tenant_list(void);

int
admin_tenant(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "create"))
		return (tenant_create(argc - 1, argv + 1));
	if (argc == 1 && !strcmp(argv[0], "list"))
		return (tenant_list());

	admin_usage();
	return (ADMIN_USAGE);
}

static int
tenant_create(int argc, char **argv)
{
	PGconn		*conn;
	PGresult	*res;
	const char	*vals[4], *lang, *languages;
	char		langs[256];
	int		i, if_missing, ret;

	if (argc < 2) {
		admin_usage();
		return (ADMIN_USAGE);
	}

	lang = "en";
	languages = NULL;
	if_missing = 0;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[++i];
		else if (!strcmp(argv[i], "--languages") && i + 1 < argc)
			languages = argv[++i];
		else if (!strcmp(argv[i], "--if-missing"))
			if_missing = 1;
		else {
			admin_usage();
			return (ADMIN_USAGE);
		}
	}

	if (!ol_utf8_valid(argv[1], strlen(argv[1]))) {
		fprintf(stderr, "octolearn-admin: the name is not valid "
		    "UTF-8\n");
		return (ADMIN_FAIL);
	}

	if (languages == NULL)
		languages = lang;
	if ((size_t)snprintf(langs, sizeof(langs), "{%s}", languages) >=
	    sizeof(langs)) {
		fprintf(stderr, "octolearn-admin: too many languages\n");
		return (ADMIN_FAIL);
	}

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);

	vals[0] = argv[0];
	vals[1] = argv[1];
	vals[2] = lang;
	vals[3] = langs;
	res = admin_db_exec(conn, if_missing ?
	    "INSERT INTO tenants (slug, name, default_lang, languages) "
	    "VALUES ($1, $2, $3, $4::text[]) ON CONFLICT (slug) DO NOTHING" :
	    "INSERT INTO tenants (slug, name, default_lang, languages) "
	    "VALUES ($1, $2, $3, $4::text[])", 4, vals);

	ret = ADMIN_FAIL;
	if (res != NULL) {
		if (!strcmp(PQcmdTuples(res), "1"))
			printf("tenant %s created\n", argv[0]);
		else
			printf("tenant %s exists\n", argv[0]);
		PQclear(res);
		ret = ADMIN_OK;
	}

	PQfinish(conn);

	return (ret);
}

static int
tenant_list(void)
{
	PGconn		*conn;
	PGresult	*res;
	int		i;

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);

	res = admin_db_exec(conn, "SELECT slug, name, default_lang, "
	    "array_to_string(languages, ','), enabled FROM tenants "
	    "ORDER BY slug", 0, NULL);
	if (res == NULL) {
		PQfinish(conn);
		return (ADMIN_FAIL);
	}

	for (i = 0; i < PQntuples(res); i++) {
		printf("%s\t%s\t%s\t%s\t%s\n", PQgetvalue(res, i, 0),
		    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
		    PQgetvalue(res, i, 3),
		    PQgetvalue(res, i, 4)[0] == 't' ? "enabled" : "disabled");
	}

	PQclear(res);
	PQfinish(conn);

	return (ADMIN_OK);
}
