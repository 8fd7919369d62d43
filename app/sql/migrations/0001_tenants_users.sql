-- Tenants (platform-owned) and their users. Every tenant-owned table has
-- tenant_id leading its primary key, and foreign keys between tenant-owned
-- tables include tenant_id, so a row can never point into another tenant
-- (and the data can be sharded by tenant later). Row-level security admits
-- only the rows of the tenant fixed for the transaction
-- (set_config('octolearn.tenant_id', ..., true)); the application role
-- does not own the tables and cannot bypass it.

CREATE TABLE tenants (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	slug		text NOT NULL UNIQUE
			CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	default_lang	text NOT NULL DEFAULT 'en',
	languages	text[] NOT NULL DEFAULT ARRAY['en'],
	enabled		boolean NOT NULL DEFAULT true,
	created_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (default_lang = ANY (languages))
);

CREATE TABLE users (
	tenant_id	bigint NOT NULL REFERENCES tenants (id),
	id		bigint GENERATED ALWAYS AS IDENTITY,
	email		text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
	display_name	text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
	password_hash	text,
	lang		text,
	disabled	boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX users_email ON users (tenant_id, lower(email));

CREATE TABLE user_roles (
	tenant_id	bigint NOT NULL,
	user_id		bigint NOT NULL,
	role		text NOT NULL
			CHECK (role IN ('learner', 'trainer', 'tenant_admin')),
	PRIMARY KEY (tenant_id, user_id, role),
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
		ON DELETE CASCADE
);

-- The tenant fixed for the current transaction, NULL when none is.
CREATE FUNCTION octolearn_tenant() RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT NULLIF(current_setting('octolearn.tenant_id', true), '')::bigint
$$;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

ALTER TABLE user_roles ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_roles
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

GRANT SELECT ON tenants TO octolearn_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, user_roles TO octolearn_app;
