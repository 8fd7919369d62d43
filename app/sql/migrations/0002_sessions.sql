-- Sign-in sessions and the record of failed sign-ins that slows down
-- guessing. Sessions are found by the SHA-256 of their cookie token (the
-- token itself is never stored); each has an absolute expiry, and the idle
-- limit is applied against last_seen_at.

CREATE TABLE sessions (
	tenant_id	bigint NOT NULL,
	id		bigint GENERATED ALWAYS AS IDENTITY,
	user_id		bigint NOT NULL,
	token_hash	text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
	csrf_token	text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	last_seen_at	timestamptz NOT NULL DEFAULT now(),
	expires_at	timestamptz NOT NULL,
	revoked_at	timestamptz,
	PRIMARY KEY (tenant_id, id),
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
		ON DELETE CASCADE
);

CREATE UNIQUE INDEX sessions_token ON sessions (tenant_id, token_hash);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id)
	WHERE revoked_at IS NULL;

-- subject: 'user:<lower-case email>' or 'addr:<client address>'.
CREATE TABLE signin_failures (
	tenant_id	bigint NOT NULL REFERENCES tenants (id),
	subject		text NOT NULL,
	failures	integer NOT NULL DEFAULT 0,
	window_start	timestamptz NOT NULL DEFAULT now(),
	locked_until	timestamptz,
	PRIMARY KEY (tenant_id, subject)
);

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sessions
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

ALTER TABLE signin_failures ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON signin_failures
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, signin_failures
	TO octolearn_app;

-- One more failed sign-in for a subject: failures count within a window
-- of 15 minutes; from the threshold on, each failure locks the subject
-- for 30 s, doubling, at most 15 minutes, so a real user is never locked
-- out for long and a guesser gets a handful of tries an hour.
CREATE FUNCTION octolearn_signin_failed(p_subject text, p_threshold int)
RETURNS void LANGUAGE sql AS $$
	INSERT INTO signin_failures AS f (tenant_id, subject, failures,
	    window_start)
	VALUES (octolearn_tenant(), p_subject, 1, now())
	ON CONFLICT (tenant_id, subject) DO UPDATE SET
		failures = CASE WHEN f.window_start < now() - interval '15 minutes'
		    THEN 1 ELSE f.failures + 1 END,
		window_start = CASE WHEN f.window_start <
		    now() - interval '15 minutes' THEN now() ELSE f.window_start END;
	UPDATE signin_failures SET locked_until = now() +
	    least(interval '15 minutes',
	    interval '30 seconds' * power(2, failures - p_threshold))
	WHERE tenant_id = octolearn_tenant() AND subject = p_subject
	    AND failures >= p_threshold;
$$;
