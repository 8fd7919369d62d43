/*
 * `octolearn-admin migrate`: applies the numbered SQL files of
 * app/sql/migrations (NNNN_name.sql) in order, each in its own transaction
 * together with its row in schema_migrations, so that a failed migration
 * leaves nothing behind and a second run changes nothing. An advisory lock
 * keeps two runs from racing.
 */

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"

#define MIGRATIONS_DIR	"app/sql/migrations"
#define MIGRATIONS_MAX	1000
#define MIGRATION_LOCK	"7231001"

struct migration {
	long long	version;
	char		name[256];
};

static int	migration_cmp(const void *, const void *);
static int	migration_parse(const char *, struct migration *);
static char	*file_read(const char *, const char *);
static int	migration_apply(PGconn *, const char *, struct migration *);

static int
migration_cmp(const void *a, const void *b)
{
	const struct migration	*x = a, *y = b;

	return ((x->version > y->version) - (x->version < y->version));
}

/* NNNN_name.sql, four digits or more, a name of [a-z0-9_]. */
static int
migration_parse(const char *file, struct migration *m)
{
	size_t		len, i, digits;
	char		num[16];

	len = strlen(file);
	if (len < 9 || len >= sizeof(m->name) ||
	    strcmp(file + len - 4, ".sql") != 0)
		return (-1);

	for (digits = 0; digits < len && file[digits] >= '0' &&
	    file[digits] <= '9'; digits++)
		;
	if (digits < 4 || digits >= sizeof(num) || file[digits] != '_')
		return (-1);

	for (i = digits + 1; i < len - 4; i++) {
		if (!((file[i] >= 'a' && file[i] <= 'z') ||
		    (file[i] >= '0' && file[i] <= '9') || file[i] == '_'))
			return (-1);
	}

	memcpy(num, file, digits);
	num[digits] = '\0';
	if (admin_parse_id(num, 1, 999999999, &m->version) == -1)
		return (-1);

	memcpy(m->name, file, len + 1);

	return (0);
}

static char *
file_read(const char *dir, const char *name)
{
	FILE		*fp;
	char		path[4096], *buf;
	long		len;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return (NULL);

	if ((fp = fopen(path, "r")) == NULL)
		return (NULL);

	buf = NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)len + 1);
		if (buf != NULL && fread(buf, 1, (size_t)len, fp) !=
		    (size_t)len) {
			free(buf);
			buf = NULL;
		} else if (buf != NULL) {
			buf[len] = '\0';
		}
	}
	fclose(fp);

	return (buf);
}

static int
migration_apply(PGconn *conn, const char *dir, struct migration *m)
{
	PGresult	*res;
	const char	*vals[2];
	char		ver[32], *sql;

	if ((sql = file_read(dir, m->name)) == NULL) {
		fprintf(stderr, "octolearn-admin: cannot read %s/%s\n",
		    dir, m->name);
		return (-1);
	}

	if (admin_db_command(conn, "BEGIN") == -1) {
		free(sql);
		return (-1);
	}

	res = PQexec(conn, sql);
	free(sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "octolearn-admin: migration %s failed: %s",
		    m->name, PQresultErrorMessage(res));
		PQclear(res);
		(void)admin_db_command(conn, "ROLLBACK");
		return (-1);
	}
	PQclear(res);

	(void)snprintf(ver, sizeof(ver), "%lld", m->version);
	vals[0] = ver;
	vals[1] = m->name;
	res = admin_db_exec(conn, "INSERT INTO schema_migrations "
	    "(version, name) VALUES ($1, $2)", 2, vals);
	if (res == NULL) {
		(void)admin_db_command(conn, "ROLLBACK");
		return (-1);
	}
	PQclear(res);

	if (admin_db_command(conn, "COMMIT") == -1)
		return (-1);

	printf("applied %s\n", m->name);

	return (0);
}

int
admin_migrate(int argc, char **argv)
{
	DIR			*d;
	struct dirent		*de;
	struct migration	*list, m;
	PGconn			*conn;
	PGresult		*res;
	const char		*dir, *vals[1];
	char			ver[32];
	size_t			n, i, applied;
	int			ret;

	dir = MIGRATIONS_DIR;
	if (argc == 2 && !strcmp(argv[0], "--dir")) {
		dir = argv[1];
	} else if (argc != 0) {
		admin_usage();
		return (ADMIN_USAGE);
	}

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "octolearn-admin: cannot open %s\n", dir);
		return (ADMIN_FAIL);
	}

	list = calloc(MIGRATIONS_MAX, sizeof(*list));
	if (list == NULL) {
		closedir(d);
		return (ADMIN_FAIL);
	}

	n = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (migration_parse(de->d_name, &m) == -1) {
			fprintf(stderr, "octolearn-admin: %s/%s is not named "
			    "NNNN_name.sql\n", dir, de->d_name);
			closedir(d);
			free(list);
			return (ADMIN_FAIL);
		}
		if (n == MIGRATIONS_MAX) {
			closedir(d);
			free(list);
			return (ADMIN_FAIL);
		}
		list[n++] = m;
	}
	closedir(d);

	qsort(list, n, sizeof(*list), migration_cmp);
	for (i = 1; i < n; i++) {
		if (list[i].version == list[i - 1].version) {
			fprintf(stderr, "octolearn-admin: two migrations "
			    "numbered %lld\n", list[i].version);
			free(list);
			return (ADMIN_FAIL);
		}
	}

	if ((conn = admin_db_connect()) == NULL) {
		free(list);
		return (ADMIN_FAIL);
	}

	ret = ADMIN_FAIL;
	applied = 0;
	if (admin_db_command(conn, "SELECT pg_advisory_lock("
	    MIGRATION_LOCK ")") == -1 ||
	    admin_db_command(conn, "CREATE TABLE IF NOT EXISTS "
	    "schema_migrations (version bigint PRIMARY KEY, name text NOT "
	    "NULL, applied_at timestamptz NOT NULL DEFAULT now())") == -1)
		goto out;

	for (i = 0; i < n; i++) {
		(void)snprintf(ver, sizeof(ver), "%lld", list[i].version);
		vals[0] = ver;
		res = admin_db_exec(conn, "SELECT 1 FROM schema_migrations "
		    "WHERE version = $1", 1, vals);
		if (res == NULL)
			goto out;
		if (PQntuples(res) == 1) {
			PQclear(res);
			continue;
		}
		PQclear(res);

		if (migration_apply(conn, dir, &list[i]) == -1)
			goto out;
		applied++;
	}

	if (applied == 0)
		printf("database is up to date (%zu migrations)\n", n);
	ret = ADMIN_OK;

out:
	PQfinish(conn);
	free(list);

	return (ret);
}
