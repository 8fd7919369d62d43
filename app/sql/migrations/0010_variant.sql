-- Which package version a learner gets of a resource: the variant asked
-- for (p_want, '' for none), else the version of their open attempt, else
-- their language (p_lang), else the tenant's default (p_default), else
-- any; the newest version of that language. One rule for the resource
-- page (which names the variant) and the player (which opens it).
CREATE FUNCTION octolearn_variant(p_resource bigint, p_user bigint,
    p_want text, p_lang text, p_default text)
RETURNS bigint LANGUAGE sql STABLE AS $$
	SELECT v.id FROM package_versions v
	WHERE v.resource_id = p_resource
	ORDER BY v.lang = p_want DESC,
	    v.id = (SELECT a.version_id FROM attempts a
		WHERE a.user_id = p_user AND a.resource_id = p_resource
		AND NOT a.ended ORDER BY a.updated_at DESC LIMIT 1)
		DESC NULLS LAST,
	    v.lang = p_lang DESC, v.lang = p_default DESC, v.lang,
	    v.version DESC
	LIMIT 1
$$;
