/*
 * octolearn-admin: the platform operator's command-line tool. It talks to
 * PostgreSQL directly (libpq, as the schema owner) and shares modules/ and
 * the SQL in app/sql with the server; it does not need Kore.
 */

#ifndef OL_ADMIN_H
#define OL_ADMIN_H

#include <libpq-fe.h>

#define ADMIN_OK	0
#define ADMIN_FAIL	1
#define ADMIN_USAGE	2

/* admin.c */
void	admin_usage(void);
int	admin_parse_id(const char *, long long, long long, long long *);

/* admin_db.c */
PGconn		*admin_db_connect(void);
PGresult	*admin_db_exec(PGconn *, const char *, int, const char **);
int		admin_db_command(PGconn *, const char *);

/* import.c */
int	admin_import(int, char **);

/* inspect.c */
int	admin_inspect(int, char **);

/* migrate.c */
int	admin_migrate(int, char **);

/* tenant.c */
int	admin_tenant(int, char **);

/* user.c */
int	admin_user(int, char **);

#endif
