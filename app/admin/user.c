/*
 * `octolearn-admin user add`: a user of one tenant with roles and a
 * password that passes the policy, hashed with scrypt (modules/password).
 * The password never travels on the command line, where `ps` shows it.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "password.h"
#include "utf8.h"

static int	password_obtain(char *, size_t);
static int	user_add(int, char **);

int
admin_user(int argc, char **argv)
{
	if (argc >= 1 && !strcmp(argv[0], "add"))
		return (user_add(argc - 1, argv + 1));

	admin_usage();
	return (ADMIN_USAGE);
}

static int
password_obtain(char *buf, size_t len)
{
	const char	*env;
	size_t		n;

	if ((env = getenv("OCTOLEARN_PASSWORD")) != NULL) {
		if (strlen(env) >= len)
			return (-1);
		memcpy(buf, env, strlen(env) + 1);
		return (0);
	}

	if (fgets(buf, (int)len, stdin) == NULL)
		return (-1);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';

	return (0);
}

static int
user_add(int argc, char **argv)
{
	PGconn		*conn;
	PGresult	*res;
	const char	*tenant, *email, *name, *roles, *vals[5];
	char		pw[OL_PASSWORD_MAX + 2], hash[OL_PASSWORD_HASH_MAX];
	char		rolearr[128];
	int		i, if_missing, ret, policy;

	tenant = email = name = roles = NULL;
	if_missing = 0;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--tenant") && i + 1 < argc)
			tenant = argv[++i];
		else if (!strcmp(argv[i], "--email") && i + 1 < argc)
			email = argv[++i];
		else if (!strcmp(argv[i], "--name") && i + 1 < argc)
			name = argv[++i];
		else if (!strcmp(argv[i], "--roles") && i + 1 < argc)
			roles = argv[++i];
		else if (!strcmp(argv[i], "--if-missing"))
			if_missing = 1;
		else {
			admin_usage();
			return (ADMIN_USAGE);
		}
	}

	if (tenant == NULL || email == NULL || name == NULL || roles == NULL) {
		admin_usage();
		return (ADMIN_USAGE);
	}

	if (!ol_utf8_valid(name, strlen(name)) ||
	    !ol_utf8_valid(email, strlen(email))) {
		fprintf(stderr, "octolearn-admin: not valid UTF-8\n");
		return (ADMIN_FAIL);
	}

	if ((size_t)snprintf(rolearr, sizeof(rolearr), "{%s}", roles) >=
	    sizeof(rolearr)) {
		fprintf(stderr, "octolearn-admin: too many roles\n");
		return (ADMIN_FAIL);
	}

	if (password_obtain(pw, sizeof(pw)) == -1) {
		fprintf(stderr, "octolearn-admin: no password given\n");
		return (ADMIN_FAIL);
	}

	policy = ol_password_policy(pw, strlen(pw));
	if (policy != OL_PASSWORD_OK) {
		fprintf(stderr, "octolearn-admin: password refused: %s\n",
		    policy == OL_PASSWORD_TOO_SHORT ? "too short" :
		    policy == OL_PASSWORD_TOO_LONG ? "too long" :
		    policy == OL_PASSWORD_COMMON ? "too common" : "invalid");
		explicit_bzero(pw, sizeof(pw));
		return (ADMIN_FAIL);
	}

	if (ol_password_hash(pw, strlen(pw), hash, sizeof(hash)) == -1) {
		explicit_bzero(pw, sizeof(pw));
		fprintf(stderr, "octolearn-admin: cannot hash password\n");
		return (ADMIN_FAIL);
	}
	explicit_bzero(pw, sizeof(pw));

	if ((conn = admin_db_connect()) == NULL)
		return (ADMIN_FAIL);

	vals[0] = tenant;
	vals[1] = email;
	vals[2] = name;
	vals[3] = hash;
	vals[4] = rolearr;

	ret = ADMIN_FAIL;
	if (admin_db_command(conn, "BEGIN") == -1)
		goto out;

	res = admin_db_exec(conn,
	    "WITH t AS (SELECT id FROM tenants WHERE slug = $1), "
	    "u AS (INSERT INTO users (tenant_id, email, display_name, "
	    "password_hash) SELECT id, $2, $3, $4 FROM t "
	    "ON CONFLICT (tenant_id, lower(email)) DO NOTHING "
	    "RETURNING tenant_id, id) "
	    "INSERT INTO user_roles (tenant_id, user_id, role) "
	    "SELECT u.tenant_id, u.id, r FROM u, unnest($5::text[]) r "
	    "RETURNING tenant_id", 5, vals);
	if (res == NULL)
		goto out;

	if (PQntuples(res) == 0) {
		PQclear(res);
		res = admin_db_exec(conn, "SELECT 1 FROM users u JOIN tenants t "
		    "ON t.id = u.tenant_id WHERE t.slug = $1 AND "
		    "lower(u.email) = lower($2)", 2, vals);
		if (res == NULL)
			goto out;
		if (PQntuples(res) == 0) {
			fprintf(stderr, "octolearn-admin: no tenant '%s'\n",
			    tenant);
		} else if (if_missing) {
			printf("user %s exists\n", email);
			ret = ADMIN_OK;
		} else {
			fprintf(stderr, "octolearn-admin: user %s exists\n",
			    email);
		}
		PQclear(res);
	} else {
		PQclear(res);
		printf("user %s added\n", email);
		ret = ADMIN_OK;
	}

	if (ret == ADMIN_OK && admin_db_command(conn, "COMMIT") == -1)
		ret = ADMIN_FAIL;

out:
	PQfinish(conn);

	return (ret);
}
