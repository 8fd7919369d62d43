-- Plain-file resources (a PDF, a video, ...): a tenant admin uploads one
-- file, which becomes a version of a resource of kind 'file' stored like
-- a package of one file (app/files.c), so that delivery, versions per
-- language and the runtime treat both kinds alike. The package store
-- takes the resource's kind from the document's "kind" (default
-- 'scorm'); a new version must be of the resource's own kind.

CREATE OR REPLACE FUNCTION octolearn_package_store(p_resource bigint, p_lang text,
    p_doc jsonb, p_path text, p_bytes bigint, p_files integer,
    p_user bigint)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	v_resource	bigint := p_resource;
	v_version	integer;
	v_id		bigint;
	v_title		text := coalesce(nullif(btrim(p_doc->>'title'), ''),
			    'Untitled package');
	v_kind		text := coalesce(p_doc->>'kind', 'scorm');
BEGIN
	IF v_resource IS NULL THEN
		INSERT INTO resources (tenant_id, kind)
		VALUES (octolearn_tenant(), v_kind) RETURNING id INTO v_resource;
		INSERT INTO resource_texts (tenant_id, resource_id, lang, title,
		    description)
		VALUES (octolearn_tenant(), v_resource, p_lang,
		    left(v_title, 500), left(coalesce(p_doc->>'description', ''),
		    10000));
	ELSE
		PERFORM 1 FROM resources WHERE id = v_resource AND
		    kind = v_kind FOR UPDATE;
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
