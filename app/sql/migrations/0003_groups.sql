-- Groups (cohorts) of a tenant: learners in them, trainers assigned to
-- them. A trainer sees the learners of their own groups only.

CREATE TABLE groups (
	tenant_id	bigint NOT NULL REFERENCES tenants (id),
	id		bigint GENERATED ALWAYS AS IDENTITY,
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX groups_name ON groups (tenant_id, lower(name));

CREATE TABLE group_members (
	tenant_id	bigint NOT NULL,
	group_id	bigint NOT NULL,
	user_id		bigint NOT NULL,
	role		text NOT NULL CHECK (role IN ('learner', 'trainer')),
	PRIMARY KEY (tenant_id, group_id, user_id, role),
	FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id)
		ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
		ON DELETE CASCADE
);

CREATE INDEX group_members_user ON group_members (tenant_id, user_id);

ALTER TABLE groups ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON groups
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

ALTER TABLE group_members ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON group_members
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON groups, group_members
	TO octolearn_app;
