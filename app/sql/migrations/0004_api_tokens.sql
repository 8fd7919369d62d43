-- Per-user API tokens for scripts and integrations: created and revoked
-- by their user, stored as the SHA-256 of the token (shown once, when it
-- is made). A token acts as its user, with the user's roles at the time
-- of each request; a disabled user's tokens open nothing.

CREATE TABLE api_tokens (
	tenant_id	bigint NOT NULL,
	id		bigint GENERATED ALWAYS AS IDENTITY,
	user_id		bigint NOT NULL,
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	token_hash	text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_used_at	timestamptz,
	revoked_at	timestamptz,
	PRIMARY KEY (tenant_id, id),
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
		ON DELETE CASCADE
);

CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (tenant_id, token_hash);
CREATE INDEX api_tokens_user ON api_tokens (tenant_id, user_id)
	WHERE revoked_at IS NULL;

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_tokens
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON api_tokens TO octolearn_app;
