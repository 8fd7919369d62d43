-- A course report's figures at the scale of a whole tenant without
-- reading every record of the course: the records counted by language,
-- status and score band, kept up to date as progress is written, and
-- indexes that find a median time by position instead of by sorting.
--
-- One counter row per course would be updated by every commit of every
-- learner of that course, so that concurrent learners would queue on it.
-- The counts are therefore split into 16 shards by learner; a commit
-- changes them only when a record's language, status or score changes,
-- and then two rows of its learner's shard. Triggers run per statement,
-- over the statement's rows, so that a bulk load (conf/seed-large.sql)
-- costs one pass.

CREATE TABLE progress_cells (
	tenant_id	bigint NOT NULL,
	resource_id	bigint NOT NULL,
	shard		smallint NOT NULL,
	lang		text NOT NULL,
	status		text NOT NULL,
	band		smallint NOT NULL,	-- 0: no score, else 1..10
	n		bigint NOT NULL,
	scored		bigint NOT NULL,
	total		numeric NOT NULL,	-- sum of the scores
	PRIMARY KEY (tenant_id, resource_id, shard, lang, status, band),
	FOREIGN KEY (tenant_id, resource_id) REFERENCES resources
		(tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE progress_cells ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON progress_cells
	USING (tenant_id = octolearn_tenant())
	WITH CHECK (tenant_id = octolearn_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON progress_cells TO octolearn_app;

-- The score band of a score (0 for none): tenths, computed with a margin
-- of 1e-4 so that 0.9 stored as a real (0.8999999762) counts as 90 %.
CREATE FUNCTION octolearn_score_band(p_score real) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN p_score IS NULL THEN 0 ELSE
	    least(floor(p_score::float8 * 10 + 1e-4)::int + 1, 10) END::smallint
$$;

-- Adds the rows of transition table "added" and takes away those of
-- "removed" (either may be absent), in key order, so that two statements
-- lock the rows they share in the same order.
CREATE FUNCTION octolearn_progress_cells() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO progress_cells AS c
		SELECT tenant_id, resource_id, (user_id % 16)::smallint,
		    lang, status, octolearn_score_band(score), count(*),
		    count(score), coalesce(sum(score::float8::numeric), 0)
		FROM added GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
		ON CONFLICT (tenant_id, resource_id, shard, lang, status, band)
		DO UPDATE SET n = c.n + excluded.n,
		    scored = c.scored + excluded.scored,
		    total = c.total + excluded.total;
	ELSIF TG_OP = 'DELETE' THEN
		INSERT INTO progress_cells AS c
		SELECT tenant_id, resource_id, (user_id % 16)::smallint,
		    lang, status, octolearn_score_band(score), -count(*),
		    -count(score), -coalesce(sum(score::float8::numeric), 0)
		FROM removed GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
		ON CONFLICT (tenant_id, resource_id, shard, lang, status, band)
		DO UPDATE SET n = c.n + excluded.n,
		    scored = c.scored + excluded.scored,
		    total = c.total + excluded.total;
	ELSE
		INSERT INTO progress_cells AS c
		SELECT tenant_id, resource_id, shard, lang, status, band,
		    sum(n), sum(scored), sum(total)
		FROM (SELECT a.tenant_id, a.resource_id,
			(a.user_id % 16)::smallint AS shard, a.lang, a.status,
			octolearn_score_band(a.score) AS band, 1 AS n,
			(a.score IS NOT NULL)::int AS scored,
			coalesce(a.score::float8::numeric, 0) AS total
		    FROM added a JOIN removed r USING (tenant_id, user_id,
			resource_id)
		    WHERE (a.lang, a.status, a.score) IS DISTINCT FROM
			(r.lang, r.status, r.score)
		    UNION ALL
		    SELECT r.tenant_id, r.resource_id,
			(r.user_id % 16)::smallint, r.lang, r.status,
			octolearn_score_band(r.score), -1,
			-(r.score IS NOT NULL)::int,
			-coalesce(r.score::float8::numeric, 0)
		    FROM removed r JOIN added a USING (tenant_id, user_id,
			resource_id)
		    WHERE (a.lang, a.status, a.score) IS DISTINCT FROM
			(r.lang, r.status, r.score)) d
		GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
		ON CONFLICT (tenant_id, resource_id, shard, lang, status, band)
		DO UPDATE SET n = c.n + excluded.n,
		    scored = c.scored + excluded.scored,
		    total = c.total + excluded.total;
	END IF;
	RETURN NULL;
END;
$$;

CREATE TRIGGER progress_cells_insert AFTER INSERT ON progress
	REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION octolearn_progress_cells();
CREATE TRIGGER progress_cells_update AFTER UPDATE ON progress
	REFERENCING OLD TABLE AS removed NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION octolearn_progress_cells();
CREATE TRIGGER progress_cells_delete AFTER DELETE ON progress
	REFERENCING OLD TABLE AS removed
	FOR EACH STATEMENT EXECUTE FUNCTION octolearn_progress_cells();

INSERT INTO progress_cells
SELECT tenant_id, resource_id, (user_id % 16)::smallint, lang, status,
    octolearn_score_band(score), count(*), count(score),
    coalesce(sum(score::float8::numeric), 0)
FROM progress GROUP BY 1, 2, 3, 4, 5, 6;

-- Median times by position: the started records of a course in order of
-- time, per language and in all.
CREATE INDEX progress_time ON progress (tenant_id, resource_id, total_cs)
	INCLUDE (user_id) WHERE status <> 'not_started';
CREATE INDEX progress_lang_time ON progress
	(tenant_id, resource_id, lang, total_cs)
	INCLUDE (user_id) WHERE status <> 'not_started';

-- The figures of a course report (migration 0011 says what each is).
-- Over a whole tenant with no date filter, the records are counted from
-- progress_cells, less those of the few users who are not learners, and
-- each median is read at its position in progress_time or
-- progress_lang_time; otherwise the records in scope are read and
-- grouped: a group's learners one look-up each (a lateral join with a
-- limit, which the planner does not turn into a scan of every record of
-- the course). Attempts over time are those of the learners in scope, as
-- every other figure (0011 counted those of anyone over a whole tenant).
-- Planned for each call's values (the learners' array and the
-- dates decide the plans), without JIT.
CREATE OR REPLACE FUNCTION octolearn_course_summary(p_resource bigint,
    p_viewer bigint, p_all boolean, p_group bigint, p_lang text,
    p_from date, p_to date)
RETURNS jsonb LANGUAGE plpgsql STABLE
SET work_mem = '32MB' SET jit = off
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	v_whole		boolean := p_all AND p_group IS NULL;
	v_fast		boolean;
	v_tenant	bigint := octolearn_tenant();
	v_learners	bigint[];
	v_others	bigint[];
	v_pop		bigint;
	v_lo		date := coalesce(p_from, coalesce(p_to, current_date) - 29);
	v_hi		date := coalesce(p_to, current_date);
	v_lo_ts		timestamptz;
	v_hi_ts		timestamptz;
	v_step		integer;
	v_cell		jsonb;
	v_med		jsonb := '{}';
	v_lang		text;
	v_n		bigint;
	v_mid		bigint[];
	v_out		jsonb;
BEGIN
	v_step := greatest(1, ceil((v_hi - v_lo + 1) / 90.0))::integer;
	-- Timestamps, not dates: comparing a timestamp with a date is not
	-- leakproof, so that under row-level security it cannot bound an
	-- index scan.
	v_lo_ts := v_lo::timestamptz;
	v_hi_ts := (v_hi + 1)::timestamptz;
	v_fast := v_whole AND p_from IS NULL AND p_to IS NULL;
	IF v_whole THEN
		v_others := ARRAY(SELECT r.user_id FROM user_roles r
		    WHERE r.tenant_id = v_tenant AND r.role <> 'learner'
		    AND NOT EXISTS (SELECT 1 FROM user_roles l WHERE
		    l.tenant_id = r.tenant_id AND l.user_id = r.user_id
		    AND l.role = 'learner'));
		SELECT count(*) INTO v_pop FROM user_roles r
		WHERE r.tenant_id = v_tenant AND r.role = 'learner';
	ELSE
		v_learners := ARRAY(SELECT l.user_id FROM
		    octolearn_report_learners(p_viewer, p_all, p_group) l);
		v_pop := cardinality(v_learners);
	END IF;

	IF v_fast THEN
		SELECT jsonb_agg(jsonb_build_object('lang', lang, 'status',
		    status, 'band', NULLIF(band, 0), 'n', n, 'scored', scored,
		    'total', total))
		INTO v_cell FROM (
			SELECT lang, status, band, sum(n) AS n,
			    sum(scored) AS scored, sum(total)::float8 AS total
			FROM (SELECT c.lang, c.status, c.band, c.n, c.scored,
				c.total FROM progress_cells c
			    WHERE c.tenant_id = v_tenant
			    AND c.resource_id = p_resource AND c.n <> 0
			    AND (p_lang IS NULL OR c.lang = p_lang)
			    UNION ALL
			    SELECT p.lang, p.status,
				octolearn_score_band(p.score), -1,
				-(p.score IS NOT NULL)::int,
				-coalesce(p.score::float8::numeric, 0)
			    FROM progress p WHERE p.tenant_id = v_tenant
			    AND p.user_id = ANY (v_others)
			    AND p.resource_id = p_resource
			    AND (p_lang IS NULL OR p.lang = p_lang)) d
			GROUP BY 1, 2, 3 HAVING sum(n) <> 0) c;

		-- The median of n sorted times is the one in the middle, or
		-- the mean of the two there (as percentile_cont(0.5)).
		FOR v_lang, v_n IN SELECT c->>'lang', sum((c->>'n')::bigint)
		    FROM jsonb_array_elements(coalesce(v_cell, '[]')) c
		    WHERE c->>'status' <> 'not_started' GROUP BY 1
		LOOP
			v_mid := ARRAY(SELECT p.total_cs FROM progress p
			    WHERE p.tenant_id = v_tenant
			    AND p.resource_id = p_resource AND p.lang = v_lang
			    AND p.status <> 'not_started'
			    AND p.user_id <> ALL (v_others)
			    ORDER BY p.total_cs OFFSET (v_n - 1) / 2
			    LIMIT 2 - v_n % 2);
			v_med := v_med || jsonb_build_object(v_lang,
			    round((v_mid[1] + v_mid[cardinality(v_mid)]) / 2.0::float8));
		END LOOP;
		IF p_lang IS NOT NULL THEN
			v_med := v_med || jsonb_build_object('', v_med->p_lang);
		ELSE
			SELECT sum((c->>'n')::bigint) INTO v_n
			FROM jsonb_array_elements(coalesce(v_cell, '[]')) c
			WHERE c->>'status' <> 'not_started';
			IF v_n > 0 THEN
				v_mid := ARRAY(SELECT p.total_cs FROM progress p
				    WHERE p.tenant_id = v_tenant
				    AND p.resource_id = p_resource
				    AND p.status <> 'not_started'
				    AND p.user_id <> ALL (v_others)
				    ORDER BY p.total_cs OFFSET (v_n - 1) / 2
				    LIMIT 2 - v_n % 2);
				v_med := v_med || jsonb_build_object('',
				    round((v_mid[1] + v_mid[cardinality(v_mid)])
				    / 2.0::float8));
			END IF;
		END IF;
	ELSE
		WITH rec AS MATERIALIZED (
			SELECT p.lang, p.status, p.score, p.total_cs
			FROM progress p
			WHERE v_whole AND p.tenant_id = v_tenant
			AND p.resource_id = p_resource
			AND p.user_id <> ALL (v_others)
			AND (p_lang IS NULL OR p.lang = p_lang)
			AND (p_from IS NULL OR p.last_activity >= v_lo_ts)
			AND (p_to IS NULL OR p.last_activity < v_hi_ts)
			UNION ALL
			SELECT p.lang, p.status, p.score, p.total_cs
			FROM unnest(v_learners) l (id)
			CROSS JOIN LATERAL (SELECT * FROM progress p
			    WHERE p.tenant_id = v_tenant AND p.user_id = l.id
			    AND p.resource_id = p_resource
			    AND (p_lang IS NULL OR p.lang = p_lang)
			    AND (p_from IS NULL OR p.last_activity >= v_lo_ts)
			    AND (p_to IS NULL OR p.last_activity < v_hi_ts)
			    LIMIT 1) p
			WHERE NOT v_whole),
		cell AS (
			SELECT lang, status, NULLIF(octolearn_score_band(score),
			    0) AS band, count(*) AS n, count(score) AS scored,
			    sum(score::float8) AS total
			FROM rec GROUP BY 1, 2, 3),
		med AS (
			SELECT coalesce(lang, '') AS lang,
			    round(percentile_cont(0.5) WITHIN GROUP
			    (ORDER BY total_cs)) AS med
			FROM rec WHERE status <> 'not_started'
			GROUP BY GROUPING SETS ((lang), ()))
		SELECT (SELECT jsonb_agg(to_jsonb(cell)) FROM cell),
		    coalesce((SELECT jsonb_object_agg(lang, med) FROM med
		    WHERE med IS NOT NULL), '{}')
		INTO v_cell, v_med;
	END IF;

	WITH cell AS (
		SELECT * FROM jsonb_to_recordset(coalesce(v_cell, '[]')) AS
		    c (lang text, status text, band int, n bigint,
		    scored bigint, total float8)),
	tot AS (
		SELECT coalesce(sum(n), 0) AS records, coalesce(sum(n) FILTER
		    (WHERE status <> 'not_started'), 0) AS started FROM cell),
	act AS (
		SELECT v_lo + (a.started_at::date - v_lo) / v_step * v_step
		    AS band, count(*) AS n
		FROM attempts a
		WHERE a.tenant_id = v_tenant AND a.resource_id = p_resource
		AND a.started_at >= v_lo_ts AND a.started_at < v_hi_ts
		AND CASE WHEN v_whole THEN a.user_id <> ALL (v_others)
		    ELSE a.user_id = ANY (v_learners) END
		AND (p_lang IS NULL OR EXISTS (SELECT 1 FROM package_versions v
		    WHERE v.id = a.version_id AND v.lang = p_lang))
		GROUP BY 1)
	SELECT jsonb_build_object(
	    'learners', CASE WHEN p_lang IS NULL AND p_from IS NULL AND
		p_to IS NULL THEN v_pop ELSE t.records END,
	    'counts', jsonb_build_object(
		'not_started', CASE WHEN p_lang IS NULL AND p_from IS NULL AND
		    p_to IS NULL THEN v_pop - t.started ELSE
		    (SELECT coalesce(sum(n), 0) FROM cell WHERE
		    status = 'not_started') END,
		'in_progress', (SELECT coalesce(sum(n), 0) FROM cell WHERE
		    status = 'in_progress'),
		'completed', (SELECT coalesce(sum(n), 0) FROM cell WHERE
		    status = 'completed'),
		'passed', (SELECT coalesce(sum(n), 0) FROM cell WHERE
		    status = 'passed'),
		'failed', (SELECT coalesce(sum(n), 0) FROM cell WHERE
		    status = 'failed')),
	    'average_score', (SELECT sum(total) / NULLIF(sum(scored), 0)
		FROM cell),
	    'median_time_cs', v_med->'',
	    'score_histogram', (SELECT jsonb_agg(coalesce((SELECT sum(n) FROM
		cell WHERE cell.band = b.b), 0) ORDER BY b.b)
		FROM generate_series(1, 10) b (b)),
	    'variants', coalesce((SELECT jsonb_agg(jsonb_build_object(
		'lang', v.lang, 'records', v.n, 'counts', jsonb_build_object(
		    'not_started', v.ns, 'in_progress', v.ip,
		    'completed', v.co, 'passed', v.pa, 'failed', v.fa),
		'average_score', v.avg, 'median_time_cs', v_med->v.lang)
		ORDER BY v.lang)
		FROM (SELECT lang, sum(n) AS n,
		    coalesce(sum(n) FILTER (WHERE status = 'not_started'), 0)
		    AS ns,
		    coalesce(sum(n) FILTER (WHERE status = 'in_progress'), 0)
		    AS ip,
		    coalesce(sum(n) FILTER (WHERE status = 'completed'), 0)
		    AS co,
		    coalesce(sum(n) FILTER (WHERE status = 'passed'), 0) AS pa,
		    coalesce(sum(n) FILTER (WHERE status = 'failed'), 0) AS fa,
		    sum(total) / NULLIF(sum(scored), 0) AS avg
		    FROM cell GROUP BY lang) v), '[]'),
	    'activity', jsonb_build_object('from', v_lo, 'to', v_hi,
		'days_per_band', v_step, 'bands', (SELECT jsonb_agg(
		jsonb_build_object('from', d::date, 'attempts',
		coalesce(act.n, 0)) ORDER BY d) FROM generate_series(v_lo, v_hi,
		make_interval(days => v_step)) d LEFT JOIN act ON act.band =
		d::date)))
	INTO v_out FROM tot t;

	RETURN v_out;
END;
$$;

-- The learners a viewer may report on (migration 0011), with the check
-- that a group's member is a learner as one look-up per member: as a
-- plain EXISTS the planner scans every learner of the tenant to hash them.
CREATE OR REPLACE FUNCTION octolearn_report_learners(p_viewer bigint,
    p_all boolean, p_group bigint)
RETURNS TABLE (user_id bigint) LANGUAGE sql STABLE AS $$
	SELECT r.user_id FROM user_roles r
	WHERE p_all AND p_group IS NULL
	AND r.tenant_id = octolearn_tenant() AND r.role = 'learner'
	UNION
	SELECT m.user_id FROM group_members m
	CROSS JOIN LATERAL (SELECT 1 FROM user_roles r WHERE r.tenant_id =
	    m.tenant_id AND r.user_id = m.user_id AND r.role = 'learner'
	    LIMIT 1) r
	WHERE NOT (p_all AND p_group IS NULL)
	AND m.tenant_id = octolearn_tenant() AND m.role = 'learner'
	AND m.group_id = ANY (CASE WHEN p_all THEN ARRAY[p_group] ELSE
	    ARRAY(SELECT t.group_id FROM group_members t
	    WHERE t.tenant_id = octolearn_tenant() AND t.user_id = p_viewer
	    AND t.role = 'trainer' AND (p_group IS NULL OR
	    t.group_id = p_group)) END)
$$;
