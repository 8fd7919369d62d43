-- Learning resources and their packages.
--
-- A resource (a SCORM package, a plain file, or an external link) has a
-- title and description per language, tags, and is published or not.
-- A SCORM resource has package versions per language variant: uploading
-- a new package for the same resource and language makes the next version
-- (1, 2, ...). Each version keeps the parsed manifest (jsonb, as
-- `octolearn-admin inspect` prints it) and its items flattened in manifest
-- order; its files live under the data directory at `path`.
--
-- The versioning rule (for the runtime): SCOs are matched across versions
-- by item identifier; an attempt stays on the version it started on until
-- it ends; new attempts use the newest version of the learner's variant.
--
-- imports records each upload's progress and outcome, so that any worker
-- can answer the page that polls it.

CREATE TABLE resources (
	tenant_id	bigint NOT NULL REFERENCES tenants (id),
	id		bigint GENERATED ALWAYS AS IDENTITY,
	kind		text NOT NULL CHECK (kind IN ('scorm', 'file', 'link')),
	published	boolean NOT NULL DEFAULT false,
	url		text CHECK (url IS NULL OR length(url) <= 2000),
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant_id, id)
);

CREATE TABLE resource_texts (
	tenant_id	bigint NOT NULL,
	resource_id	bigint NOT NULL,
	lang		text NOT NULL CHECK (lang ~ '^[a-z]{2,3}$'),
	title		text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	description	text NOT NULL DEFAULT ''
			CHECK (length(description) <= 10000),
	PRIMARY KEY (tenant_id, resource_id, lang),
	FOREIGN KEY (tenant_id, resource_id) REFERENCES resources (tenant_id, id)
		ON DELETE CASCADE
);

CREATE TABLE resource_tags (
	tenant_id	bigint NOT NULL,
	resource_id	bigint NOT NULL,
	tag		text NOT NULL CHECK (length(tag) BETWEEN 1 AND 100),
	PRIMARY KEY (tenant_id, resource_id, tag),
	FOREIGN KEY (tenant_id, resource_id) REFERENCES resources (tenant_id, id)
		ON DELETE CASCADE
);

CREATE INDEX resource_tags_tag ON resource_tags (tenant_id, tag);

CREATE TABLE package_versions (
	tenant_id	bigint NOT NULL,
	id		bigint GENERATED ALWAYS AS IDENTITY,
	resource_id	bigint NOT NULL,
	lang		text NOT NULL CHECK (lang ~ '^[a-z]{2,3}$'),
	version		integer NOT NULL CHECK (version >= 1),
	scorm_version	text NOT NULL,
	title		text NOT NULL DEFAULT '',
	manifest	jsonb NOT NULL,
	path		text NOT NULL,
	bytes		bigint NOT NULL DEFAULT 0,
	files		integer NOT NULL DEFAULT 0,
	created_by	bigint,
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant_id, id),
	UNIQUE (tenant_id, resource_id, lang, version),
	FOREIGN KEY (tenant_id, resource_id) REFERENCES resources (tenant_id, id)
		ON DELETE CASCADE
);

-- Items in manifest order (position), organizations one after another,
-- the default first; parent is the position of the enclosing item.
CREATE TABLE package_items (
	tenant_id	bigint NOT NULL,
	version_id	bigint NOT NULL,
	position	integer NOT NULL,
	organization	text NOT NULL,
	identifier	text NOT NULL,
	parent		integer,
	depth		integer NOT NULL,
	title		text NOT NULL DEFAULT '',
	launch		text,
	scorm_type	text CHECK (scorm_type IN ('sco', 'asset')),
	visible		boolean NOT NULL DEFAULT true,
	data		jsonb NOT NULL DEFAULT '{}',
	PRIMARY KEY (tenant_id, version_id, position),
	FOREIGN KEY (tenant_id, version_id) REFERENCES package_versions
		(tenant_id, id) ON DELETE CASCADE
);

CREATE INDEX package_items_identifier ON package_items
	(tenant_id, version_id, identifier);

CREATE TABLE imports (
	tenant_id	bigint NOT NULL REFERENCES tenants (id),
	id		bigint GENERATED ALWAYS AS IDENTITY,
	user_id		bigint,
	resource_id	bigint,
	lang		text NOT NULL,
	filename	text NOT NULL DEFAULT '',
	state		text NOT NULL DEFAULT 'running'
			CHECK (state IN ('running', 'done', 'failed')),
	phase		text NOT NULL DEFAULT 'queued',
	progress	integer NOT NULL DEFAULT 0
			CHECK (progress BETWEEN 0 AND 100),
	errors		jsonb NOT NULL DEFAULT '[]',
	warnings	jsonb NOT NULL DEFAULT '[]',
	version_id	bigint,
	created_at	timestamptz NOT NULL DEFAULT now(),
	finished_at	timestamptz,
	PRIMARY KEY (tenant_id, id)
);

ALTER TABLE resources ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resources
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());
ALTER TABLE resource_texts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resource_texts
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());
ALTER TABLE resource_tags ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resource_tags
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());
ALTER TABLE package_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON package_versions
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());
ALTER TABLE package_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON package_items
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());
ALTER TABLE imports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON imports
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());

GRANT SELECT, INSERT, UPDATE, DELETE ON resources, resource_texts,
	resource_tags, package_versions, package_items, imports
	TO octolearn_app;

-- Stores a parsed package (p_doc, the inspect JSON) as the next version
-- of resource p_resource in language p_lang, or of a new resource when
-- p_resource is NULL (titled from the manifest); returns the version id.
-- Runs with the caller's rights, so row-level security applies.
CREATE FUNCTION octolearn_package_store(p_resource bigint, p_lang text,
    p_doc jsonb, p_path text, p_bytes bigint, p_files integer,
    p_user bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	v_resource	bigint := p_resource;
	v_version	integer;
	v_id		bigint;
	v_title		text := coalesce(nullif(btrim(p_doc->>'title'), ''),
			    'Untitled package');
BEGIN
	IF v_resource IS NULL THEN
		INSERT INTO resources (tenant_id, kind)
		VALUES (octolearn_tenant(), 'scorm') RETURNING id INTO v_resource;
		INSERT INTO resource_texts (tenant_id, resource_id, lang, title,
		    description)
		VALUES (octolearn_tenant(), v_resource, p_lang,
		    left(v_title, 500), left(coalesce(p_doc->>'description', ''),
		    10000));
	ELSE
		PERFORM 1 FROM resources WHERE id = v_resource AND
		    kind = 'scorm' FOR UPDATE;
		IF NOT FOUND THEN
			RAISE EXCEPTION 'no such resource' USING ERRCODE = 'P0002';
		END IF;
		INSERT INTO resource_texts (tenant_id, resource_id, lang, title,
		    description)
		VALUES (octolearn_tenant(), v_resource, p_lang,
		    left(v_title, 500), left(coalesce(p_doc->>'description', ''),
		    10000))
		ON CONFLICT DO NOTHING;
		UPDATE resources SET updated_at = now() WHERE id = v_resource;
	END IF;

	SELECT coalesce(max(version), 0) + 1 INTO v_version
	FROM package_versions WHERE resource_id = v_resource AND lang = p_lang;

	INSERT INTO package_versions (tenant_id, resource_id, lang, version,
	    scorm_version, title, manifest, path, bytes, files, created_by)
	VALUES (octolearn_tenant(), v_resource, p_lang, v_version,
	    p_doc->>'scorm_version', left(v_title, 500), p_doc, p_path,
	    p_bytes, p_files, p_user)
	RETURNING id INTO v_id;

	INSERT INTO package_items (tenant_id, version_id, position,
	    organization, identifier, parent, depth, title, launch, scorm_type,
	    visible, data)
	WITH RECURSIVE walk (org, item, ord, parent_ord, depth) AS (
		SELECT o.o->>'identifier', i.i, ARRAY[o.n, i.n], NULL::bigint[],
		    0
		FROM jsonb_array_elements(p_doc->'organizations')
		    WITH ORDINALITY AS o (o, n),
		    jsonb_array_elements(o.o->'items') WITH ORDINALITY AS i (i, n)
		UNION ALL
		SELECT w.org, c.c, w.ord || c.n, w.ord, w.depth + 1
		FROM walk w, jsonb_array_elements(w.item->'items')
		    WITH ORDINALITY AS c (c, n)
	), numbered AS (
		SELECT *, row_number() OVER (ORDER BY ord) AS pos FROM walk
	)
	SELECT octolearn_tenant(), v_id, n.pos, coalesce(n.org, ''),
	    coalesce(n.item->>'identifier', ''),
	    (SELECT p.pos FROM numbered p WHERE p.ord = n.parent_ord),
	    n.depth, coalesce(n.item->>'title', ''), n.item->>'launch',
	    n.item->>'scorm_type', coalesce((n.item->>'visible')::boolean,
	    true), n.item - 'items'
	FROM numbered n;

	RETURN v_id;
END;
$$;
