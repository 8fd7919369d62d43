/*
 * `octolearn-admin tenant ...`: create, list, show, rename, enable and
 * disable tenants, set the languages they offer and the suspend_data
 * limit of their SCORM content (authoring tools exceed the standard's). Input is checked here
 * for a clear message; the table's constraints check it again. Every
 * change is one statement or one transaction, with parameters only.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "admin.h"
#include "langpref.h"
#include "utf8.h"

#define TENANT_NAME_MAX		200
#define TENANT_SLUG_MAX		63
#define TENANT_LANGS_MAX	64

static int	slug_valid(const char *);
static int	langs_check(const char *, const char *);
static int	tenant_create(int, char **);
static int	tenant_list(void);
static int	tenant_show(int, char **);
static int	tenant_rename(int, char **);
static int	tenant_enabled(int, char **, int);
static int	tenant_languages(int, char **);
static int	tenant_suspend_limit(int, char **);

int
admin_tenant(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "create"))
		return (tenant_create(argc - 1, argv + 1));
	if (argc == 1 && !strcmp(argv[0], "list"))
		return (tenant_list());
	if (argc >= 1 && !strcmp(argv[0], "show"))
		return (tenant_show(argc - 1, argv + 1));
	if (argc >= 1 && !strcmp(argv[0], "rename"))
		return (tenant_rename(argc - 1, argv + 1));
	if (argc >= 1 && !strcmp(argv[0], "enable"))
		return (tenant_enabled(argc - 1, argv + 1, 1));
	if (argc >= 1 && !strcmp(argv[0], "disable"))
		return (tenant_enabled(argc - 1, argv + 1, 0));
	if (argc == 3 && !strcmp(argv[0], "suspend-limit"))
		return (tenant_suspend_limit(argc - 1, argv + 1));
	if (argc >= 1 && !strcmp(argv[0], "languages"))
		return (tenant_languages(argc - 1, argv + 1));

	admin_usage();
	return (ADMIN_USAGE);
}

/*
 * The slugs the table admits: ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$. Any
 * other argument names no tenant, and is not sent to the database.
 */
static int
slug_valid(const char *s)
{
	size_t		len, i;

	len = strlen(s);
	if (len == 0 || len > TENANT_SLUG_MAX || s[0] == '-' ||
	    s[len - 1] == '-')
		return (0);

	for (i = 0; i < len; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return (0);
	}

	return (1);
}

/*
 * The list L[,L...] of `tenant languages` and its --default (or NULL):
 * codes only, none twice, the default among them. 0 when good, else -1
 * and a message.
 */
static int
langs_check(const char *list, const char *def)
{
	const char	*p, *end, *q, *qend;
	size_t		n;

	n = 0;
	for (p = list; ; p = end + 1) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		if (!ol_langpref_code(p, (size_t)(end - p))) {
			fprintf(stderr, "octolearn-admin: '%.*s' is not a "
			    "language code (2-3 lower-case letters)\n",
			    (int)(end - p < 16 ? end - p : 16), p);
			return (-1);
		}
		for (q = list; q < p; q = qend + 1) {
			qend = strchr(q, ',');
			if (qend - q == end - p &&
			    !memcmp(q, p, (size_t)(end - p))) {
				fprintf(stderr, "octolearn-admin: language "
				    "'%.*s' given twice\n", (int)(end - p), p);
				return (-1);
			}
		}
		if (++n > TENANT_LANGS_MAX) {
			fprintf(stderr, "octolearn-admin: too many "
			    "languages\n");
			return (-1);
		}
		if (*end == '\0')
			break;
	}

	if (def != NULL) {
		if (!ol_langpref_code(def, strlen(def))) {
			fprintf(stderr, "octolearn-admin: the default is not "
			    "a language code (2-3 lower-case letters)\n");
			return (-1);
		}
		if (!ol_langpref_offered(list, def, strlen(def))) {
			fprintf(stderr, "octolearn-admin: the default "
			    "language '%s' is not among the languages %s\n",
			    def, list);
			return (-1);
		}
	}

	return (0);
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

/* The tenant and its number of users, as JSON on standard output. */
static int
tenant_show(int argc, char **argv)
{
	PGconn		*conn;
	PGresult	*res;
	json_t		*doc, *langs;
	json_error_t	err;
	const char	*vals[1];
	char		*text;
	long long	users;
	int		ret;

	if (argc != 1) {
		admin_usage();
		return (ADMIN_USAGE);
	}

	if (!slug_valid(argv[0])) {
		fprintf(stderr, "octolearn-admin: not a tenant slug\n");
		return (ADMIN_FAIL);
	}

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);

	vals[0] = argv[0];
	res = admin_db_exec(conn, "SELECT t.slug, t.name, t.default_lang, "
	    "array_to_json(t.languages), t.enabled, (SELECT count(*) "
	    "FROM users u WHERE u.tenant_id = t.id) FROM tenants t "
	    "WHERE t.slug = $1", 1, vals);
	PQfinish(conn);
	if (res == NULL)
		return (ADMIN_FAIL);

	if (PQntuples(res) != 1) {
		fprintf(stderr, "octolearn-admin: no tenant '%s'\n", argv[0]);
		PQclear(res);
		return (ADMIN_FAIL);
	}

	ret = ADMIN_FAIL;
	doc = NULL;
	text = NULL;
	if ((langs = json_loads(PQgetvalue(res, 0, 3), 0, &err)) == NULL ||
	    admin_parse_id(PQgetvalue(res, 0, 5), 0, LLONG_MAX,
	    &users) == -1) {
		fprintf(stderr, "octolearn-admin: unexpected tenant row\n");
		goto out;
	}

	/* "o" takes the reference to langs, also when the packing fails. */
	doc = json_pack("{s:s, s:s, s:s, s:o, s:b, s:I}",
	    "slug", PQgetvalue(res, 0, 0),
	    "name", PQgetvalue(res, 0, 1),
	    "default_language", PQgetvalue(res, 0, 2),
	    "languages", langs,
	    "enabled", PQgetvalue(res, 0, 4)[0] == 't',
	    "users", (json_int_t)users);
	if (doc == NULL ||
	    (text = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_PRESERVE_ORDER)) == NULL) {
		fprintf(stderr, "octolearn-admin: cannot write the tenant as "
		    "JSON\n");
		goto out;
	}

	printf("%s\n", text);
	ret = ADMIN_OK;

out:
	free(text);
	json_decref(doc);
	PQclear(res);

	return (ret);
}

static int
tenant_rename(int argc, char **argv)
{
	PGconn		*conn;
	PGresult	*res;
	const char	*vals[2];
	size_t		len, chars;
	int		ret;

	if (argc != 2) {
		admin_usage();
		return (ADMIN_USAGE);
	}

	if (!slug_valid(argv[0])) {
		fprintf(stderr, "octolearn-admin: not a tenant slug\n");
		return (ADMIN_FAIL);
	}

	len = strlen(argv[1]);
	if (!ol_utf8_valid(argv[1], len)) {
		fprintf(stderr, "octolearn-admin: the name is not valid "
		    "UTF-8\n");
		return (ADMIN_FAIL);
	}

	chars = ol_utf8_chars(argv[1], len);
	if (chars < 1 || chars > TENANT_NAME_MAX) {
		fprintf(stderr, "octolearn-admin: the name must have 1 to %d "
		    "characters\n", TENANT_NAME_MAX);
		return (ADMIN_FAIL);
	}

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);

	vals[0] = argv[0];
	vals[1] = argv[1];
	res = admin_db_exec(conn, "UPDATE tenants SET name = $2 "
	    "WHERE slug = $1", 2, vals);
	PQfinish(conn);
	if (res == NULL)
		return (ADMIN_FAIL);

	ret = ADMIN_FAIL;
	if (!strcmp(PQcmdTuples(res), "1")) {
		printf("tenant %s renamed\n", argv[0]);
		ret = ADMIN_OK;
	} else {
		fprintf(stderr, "octolearn-admin: no tenant '%s'\n", argv[0]);
	}
	PQclear(res);

	return (ret);
}

/* `tenant enable` and `tenant disable`: a flag, nothing is deleted. */
static int
tenant_enabled(int argc, char **argv, int enable)
{
	PGconn		*conn;
	PGresult	*res;
	const char	*vals[2];
	int		ret;

	if (argc != 1) {
		admin_usage();
		return (ADMIN_USAGE);
	}

	if (!slug_valid(argv[0])) {
		fprintf(stderr, "octolearn-admin: not a tenant slug\n");
		return (ADMIN_FAIL);
	}

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);

	vals[0] = argv[0];
	vals[1] = enable ? "true" : "false";
	res = admin_db_exec(conn, "UPDATE tenants SET enabled = $2::boolean "
	    "WHERE slug = $1", 2, vals);
	PQfinish(conn);
	if (res == NULL)
		return (ADMIN_FAIL);

	ret = ADMIN_FAIL;
	if (!strcmp(PQcmdTuples(res), "1")) {
		printf("tenant %s %s\n", argv[0],
		    enable ? "enabled" : "disabled");
		ret = ADMIN_OK;
	} else {
		fprintf(stderr, "octolearn-admin: no tenant '%s'\n", argv[0]);
	}
	PQclear(res);

	return (ret);
}

/*
 * `tenant languages SLUG L[,L...] [--default L]`: one transaction that
 * locks the row, so that the default kept when none is given is the one
 * checked against the new list.
 */
static int
tenant_languages(int argc, char **argv)
{
	PGconn		*conn;
	PGresult	*res;
	const char	*vals[3], *def;
	int		i, ret;

	if (argc < 2) {
		admin_usage();
		return (ADMIN_USAGE);
	}

	def = NULL;
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--default") && i + 1 < argc &&
		    def == NULL)
			def = argv[++i];
		else {
			admin_usage();
			return (ADMIN_USAGE);
		}
	}

	if (!slug_valid(argv[0])) {
		fprintf(stderr, "octolearn-admin: not a tenant slug\n");
		return (ADMIN_FAIL);
	}

	if (langs_check(argv[1], def) == -1)
		return (ADMIN_FAIL);

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);

	ret = ADMIN_FAIL;
	if (admin_db_command(conn, "BEGIN") == -1)
		goto out;

	vals[0] = argv[0];
	res = admin_db_exec(conn, "SELECT default_lang FROM tenants "
	    "WHERE slug = $1 FOR UPDATE", 1, vals);
	if (res == NULL)
		goto out;
	if (PQntuples(res) != 1) {
		fprintf(stderr, "octolearn-admin: no tenant '%s'\n", argv[0]);
		PQclear(res);
		goto out;
	}
	if (def == NULL && !ol_langpref_offered(argv[1],
	    PQgetvalue(res, 0, 0), strlen(PQgetvalue(res, 0, 0)))) {
		fprintf(stderr, "octolearn-admin: the default language '%s' "
		    "is not among the languages %s; give --default\n",
		    PQgetvalue(res, 0, 0), argv[1]);
		PQclear(res);
		goto out;
	}
	PQclear(res);

	vals[1] = argv[1];
	vals[2] = def;
	res = admin_db_exec(conn, "UPDATE tenants SET "
	    "languages = string_to_array($2, ','), "
	    "default_lang = COALESCE($3, default_lang) WHERE slug = $1",
	    3, vals);
	if (res == NULL)
		goto out;
	PQclear(res);

	if (admin_db_command(conn, "COMMIT") == -1)
		goto out;

	printf("tenant %s offers %s\n", argv[0], argv[1]);
	ret = ADMIN_OK;

out:
	PQfinish(conn);

	return (ret);
}

/*
 * tenant suspend-limit SLUG N|default: the most characters of
 * cmi.suspend_data the tenant's SCORM content may store, from 4096 to
 * 16 MiB; "default" keeps the standard's (4096 in 1.2, 64000 in 2004).
 */
static int
tenant_suspend_limit(int argc, char **argv)
{
	PGconn		*conn;
	PGresult	*res;
	const char	*vals[2];
	char		*end, num[24];
	long long	n;
	int		ret;

	if (argc != 2) {
		admin_usage();
		return (ADMIN_USAGE);
	}
	if (!slug_valid(argv[0])) {
		fprintf(stderr, "octolearn-admin: not a tenant slug\n");
		return (ADMIN_FAIL);
	}
	vals[0] = argv[0];
	vals[1] = NULL;
	if (strcmp(argv[1], "default") != 0) {
		errno = 0;
		n = strtoll(argv[1], &end, 10);
		if (errno != 0 || end == argv[1] || *end != '\0' ||
		    argv[1][0] == '-' || argv[1][0] == '+' || n < 4096 ||
		    n > 16777216) {
			fprintf(stderr, "octolearn-admin: the limit is a number "
			    "of characters from 4096 to 16777216, or default\n");
			return (ADMIN_FAIL);
		}
		(void)snprintf(num, sizeof(num), "%lld", n);
		vals[1] = num;
	}

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);
	ret = ADMIN_FAIL;
	res = admin_db_exec(conn, "UPDATE tenants SET suspend_data_max = "
	    "$2::integer WHERE slug = $1 RETURNING slug", 2, vals);
	if (res != NULL) {
		if (PQntuples(res) == 1) {
			printf("%s: suspend_data limit %s\n", argv[0],
			    vals[1] != NULL ? vals[1] : "of the standard");
			ret = ADMIN_OK;
		} else {
			fprintf(stderr, "octolearn-admin: no tenant '%s'\n",
			    argv[0]);
		}
		PQclear(res);
	}
	PQfinish(conn);

	return (ret);
}
