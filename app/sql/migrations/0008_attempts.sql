-- Learners' attempts at resources, and the progress record reports read.
--
-- An attempt is one learner's go at one item (a SCO, an asset, or the file
-- of a file resource) of a resource, on the package version it started on
-- (app/attempts.c). Its run-time data (modules/cmi) is kept whole in cmi:
-- an array of [element, value] pairs in the data model's own order, so
-- that reading an attempt back is one row and storing a commit of any
-- number of elements is one statement (octolearn_commit()). A session is
-- one launch (Initialize to Terminate); each commit carries its session
-- and a sequence number, and only a newer sequence number of the open
-- session is applied, so a repeated or late commit never overwrites newer
-- data. An attempt ends when its item was finished without suspend; the
-- next launch then starts the next attempt on the newest version.
--
-- progress is one row per learner and resource, kept up to date by every
-- commit from the learner's newest attempt at each item of the version in
-- use: the common record of both SCORM versions and of plain files.

ALTER TABLE tenants ADD COLUMN suspend_data_max integer
	CHECK (suspend_data_max IS NULL OR
	    suspend_data_max BETWEEN 4096 AND 16777216);

CREATE TABLE attempts (
	tenant_id	bigint NOT NULL,
	id		bigint GENERATED ALWAYS AS IDENTITY,
	user_id		bigint NOT NULL,
	resource_id	bigint NOT NULL,
	version_id	bigint NOT NULL,
	item		text NOT NULL,
	number		integer NOT NULL DEFAULT 1 CHECK (number >= 1),
	kind		text NOT NULL CHECK (kind IN ('1.2', '2004', 'asset',
			    'file')),
	session		integer NOT NULL DEFAULT 0,
	session_open	boolean NOT NULL DEFAULT false,
	session_started	timestamptz,
	seq		bigint NOT NULL DEFAULT 0,
	cmi		jsonb NOT NULL DEFAULT '[]',
	status		text NOT NULL DEFAULT 'not_started'
			CHECK (status IN ('not_started', 'in_progress',
			    'completed', 'passed', 'failed')),
	score		real CHECK (score IS NULL OR score BETWEEN 0 AND 1),
	total_cs	bigint NOT NULL DEFAULT 0 CHECK (total_cs >= 0),
	suspended	boolean NOT NULL DEFAULT false,
	ended		boolean NOT NULL DEFAULT false,
	started_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant_id, id),
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
		ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, resource_id) REFERENCES resources
		(tenant_id, id) ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, version_id) REFERENCES package_versions
		(tenant_id, id) ON DELETE CASCADE
);

-- One attempt in progress per learner, resource and item.
CREATE UNIQUE INDEX attempts_open ON attempts
	(tenant_id, user_id, resource_id, item) WHERE NOT ended;
CREATE INDEX attempts_learner ON attempts
	(tenant_id, user_id, resource_id, item, number DESC);

CREATE TABLE progress (
	tenant_id	bigint NOT NULL,
	user_id		bigint NOT NULL,
	resource_id	bigint NOT NULL,
	lang		text NOT NULL,
	status		text NOT NULL
			CHECK (status IN ('not_started', 'in_progress',
			    'completed', 'passed', 'failed')),
	score		real,
	total_cs	bigint NOT NULL DEFAULT 0,
	attempts	integer NOT NULL DEFAULT 0,
	first_activity	timestamptz NOT NULL DEFAULT now(),
	last_activity	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant_id, user_id, resource_id),
	FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
		ON DELETE CASCADE,
	FOREIGN KEY (tenant_id, resource_id) REFERENCES resources
		(tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX progress_resource ON progress
	(tenant_id, resource_id, status);

ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON attempts
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());
ALTER TABLE progress ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON progress
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON attempts, progress TO octolearn_app;

-- Recomputes the progress of learner p_user at resource p_resource from
-- their newest attempt at each launchable item of the version in use:
-- failed if any item failed; passed or completed once every item is
-- finished (passed when any passed); in progress otherwise. The score is
-- the mean of the items' scores, the time the sum over every attempt.
CREATE FUNCTION octolearn_progress_refresh(p_user bigint, p_resource bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	v_version	bigint;
	v_lang		text;
	v_items		integer;
BEGIN
	SELECT a.version_id, v.lang INTO v_version, v_lang
	FROM attempts a JOIN package_versions v ON v.id = a.version_id
	WHERE a.user_id = p_user AND a.resource_id = p_resource
	ORDER BY a.updated_at DESC, a.id DESC LIMIT 1;
	IF NOT FOUND THEN
		DELETE FROM progress WHERE user_id = p_user AND
		    resource_id = p_resource;
		RETURN;
	END IF;

	SELECT count(*) INTO v_items FROM package_items
	WHERE version_id = v_version AND launch IS NOT NULL;

	INSERT INTO progress AS p (tenant_id, user_id, resource_id, lang,
	    status, score, total_cs, attempts, first_activity, last_activity)
	SELECT octolearn_tenant(), p_user, p_resource, v_lang,
	    CASE WHEN bool_or(n.status = 'failed') THEN 'failed'
		WHEN count(*) FILTER (WHERE n.status IN ('completed',
		    'passed')) >= greatest(v_items, 1) THEN
		    CASE WHEN bool_or(n.status = 'passed') THEN 'passed'
		    ELSE 'completed' END
		WHEN bool_or(n.status <> 'not_started') THEN 'in_progress'
		ELSE 'not_started' END,
	    avg(n.score),
	    (SELECT coalesce(sum(total_cs), 0) FROM attempts
		WHERE user_id = p_user AND resource_id = p_resource),
	    max(n.number), min(n.started_at), max(n.updated_at)
	FROM (SELECT DISTINCT ON (item) * FROM attempts
	    WHERE user_id = p_user AND resource_id = p_resource
	    ORDER BY item, number DESC) n
	ON CONFLICT (tenant_id, user_id, resource_id) DO UPDATE SET
	    lang = excluded.lang, status = excluded.status,
	    score = excluded.score, total_cs = excluded.total_cs,
	    attempts = excluded.attempts,
	    first_activity = least(p.first_activity, excluded.first_activity),
	    last_activity = excluded.last_activity;
END;
$$;

-- Stores a commit of session p_session with sequence number p_seq: the
-- whole data (p_cmi) and its progress record, only when the session is
-- still open and p_seq newer than what is stored; p_close ends the
-- session (and the attempt, with p_ended). Returns whether it applied.
CREATE FUNCTION octolearn_commit(p_attempt bigint, p_session integer,
    p_seq bigint, p_cmi jsonb, p_status text, p_score real,
    p_total_cs bigint, p_suspended boolean, p_close boolean,
    p_ended boolean)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
	v_user		bigint;
	v_resource	bigint;
BEGIN
	UPDATE attempts SET cmi = p_cmi, seq = p_seq, status = p_status,
	    score = p_score, total_cs = p_total_cs, suspended = p_suspended,
	    session_open = NOT p_close, ended = p_ended, updated_at = now()
	WHERE id = p_attempt AND session = p_session AND session_open AND
	    seq < p_seq
	RETURNING user_id, resource_id INTO v_user, v_resource;
	IF NOT FOUND THEN
		RETURN false;
	END IF;
	PERFORM octolearn_progress_refresh(v_user, v_resource);
	RETURN true;
END;
$$;
