-- What the progress reports read (app/reports*.c): the learners a viewer
-- may report on, and indexes that let a course report and its exports
-- answer from an index of progress instead of scanning tracking data.
--
-- There is no summary table kept by triggers: a per-course counter row
-- would be updated by every commit of every learner of that course, so
-- that concurrent learners of one course would queue on one row. The
-- progress table is already the summary (one row per learner and
-- resource, kept by octolearn_progress_refresh()); the covering index
-- below makes a course's figures an index-only scan of its rows.

DROP INDEX progress_resource;
CREATE INDEX progress_resource ON progress (tenant_id, resource_id, status)
	INCLUDE (user_id, lang, score, total_cs, attempts, last_activity);

-- Exports walk learners in name order, a batch at a time.
CREATE INDEX users_name ON users (tenant_id, lower(display_name), id);

-- Activity over time: attempts started per day at one resource.
CREATE INDEX attempts_resource_started ON attempts
	(tenant_id, resource_id, started_at) INCLUDE (user_id, version_id);

-- The learners viewer p_viewer may report on, optionally within group
-- p_group: every learner of the tenant when p_all (a tenant admin), else
-- the learners of the groups p_viewer is a trainer of; read from the
-- groups, so that a trainer's report costs what their groups hold, not
-- what the tenant does. A plain SQL function, so that the planner inlines
-- it into each report's query.
CREATE FUNCTION octolearn_report_learners(p_viewer bigint, p_all boolean,
    p_group bigint)
RETURNS TABLE (user_id bigint) LANGUAGE sql STABLE AS $$
	SELECT r.user_id FROM user_roles r
	WHERE p_all AND p_group IS NULL
	AND r.tenant_id = octolearn_tenant() AND r.role = 'learner'
	UNION
	SELECT m.user_id FROM group_members m
	WHERE NOT (p_all AND p_group IS NULL)
	AND m.tenant_id = octolearn_tenant() AND m.role = 'learner'
	AND m.group_id = ANY (CASE WHEN p_all THEN ARRAY[p_group] ELSE
	    ARRAY(SELECT t.group_id FROM group_members t
	    WHERE t.tenant_id = octolearn_tenant() AND t.user_id = p_viewer
	    AND t.role = 'trainer' AND (p_group IS NULL OR
	    t.group_id = p_group)) END)
	AND EXISTS (SELECT 1 FROM user_roles r WHERE r.tenant_id =
	    m.tenant_id AND r.user_id = m.user_id AND r.role = 'learner')
$$;

-- Users of a role, for counting a tenant's learners and finding the few
-- who are not learners without reading every user.
CREATE INDEX user_roles_role ON user_roles (tenant_id, role, user_id);

-- The figures of a course report, as one JSON document: the progress
-- records of resource p_resource of the learners viewer p_viewer may see
-- (optionally within group p_group), within the language and date filters
-- (each NULL for none). For a tenant admin's whole tenant the records are
-- read from the covering index, less those of the few users who are not
-- learners; otherwise the learners in scope are found first (from the
-- groups) and their records looked up one each. Either way no tracking
-- data is read. A PL/pgSQL function, so that each query is planned with
-- the values of its call, and without JIT, whose compiling costs more
-- than these queries.
--
-- "learners" is everyone the report is about: with no language or date
-- filter, every learner in scope, those without a record counting as not
-- started; with one, the records that match. Scores are scaled (0..1),
-- times in centiseconds; score_histogram counts scores in ten bands of a
-- tenth ([0, 0.1) ... [0.9, 1], a score's band computed with a margin of
-- 1e-4, so that 0.9 stored as a real, 0.8999999762, counts as 90 %);
-- activity is attempts started per band of days from the start of the
-- range (30 days to p_to, or today, when no range is given), as many days
-- per band as keeps it to 90 bands. The records are read once, then
-- grouped by language, status and score band into a few rows that every
-- figure but the medians is summed from.
CREATE FUNCTION octolearn_course_summary(p_resource bigint, p_viewer bigint,
    p_all boolean, p_group bigint, p_lang text, p_from date, p_to date)
RETURNS jsonb LANGUAGE plpgsql STABLE
SET work_mem = '32MB' SET jit = off AS $$
DECLARE
	v_whole		boolean := p_all AND p_group IS NULL;
	v_tenant	bigint := octolearn_tenant();
	v_learners	bigint[];
	v_others	bigint[];
	v_pop		bigint;
	v_lo		date := coalesce(p_from, coalesce(p_to, current_date) - 29);
	v_hi		date := coalesce(p_to, current_date);
	v_step		integer;
	v_out		jsonb;
BEGIN
	v_step := greatest(1, ceil((v_hi - v_lo + 1) / 90.0))::integer;
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

	WITH rec AS MATERIALIZED (
		SELECT p.lang, p.status, p.score, p.total_cs FROM progress p
		WHERE v_whole AND p.tenant_id = v_tenant
		AND p.resource_id = p_resource AND p.user_id <> ALL (v_others)
		AND (p_lang IS NULL OR p.lang = p_lang)
		AND (p_from IS NULL OR p.last_activity >= p_from)
		AND (p_to IS NULL OR p.last_activity < p_to + 1)
		UNION ALL
		SELECT p.lang, p.status, p.score, p.total_cs
		FROM unnest(v_learners) l (id) JOIN progress p
		ON p.tenant_id = v_tenant AND p.user_id = l.id
		AND p.resource_id = p_resource
		WHERE NOT v_whole AND (p_lang IS NULL OR p.lang = p_lang)
		AND (p_from IS NULL OR p.last_activity >= p_from)
		AND (p_to IS NULL OR p.last_activity < p_to + 1)),
	cell AS MATERIALIZED (
		SELECT lang, status, CASE WHEN score IS NOT NULL THEN
		    least(floor(score::float8 * 10 + 1e-4)::int + 1, 10) END
		    AS band, count(*) AS n, count(score) AS scored,
		    sum(score::float8) AS total
		FROM rec GROUP BY 1, 2, 3),
	med AS MATERIALIZED (
		SELECT lang, round(percentile_cont(0.5) WITHIN GROUP
		    (ORDER BY total_cs)) AS med
		FROM rec WHERE status <> 'not_started'
		GROUP BY GROUPING SETS ((lang), ())),
	tot AS (
		SELECT coalesce(sum(n), 0) AS records, coalesce(sum(n) FILTER
		    (WHERE status <> 'not_started'), 0) AS started FROM cell),
	act AS (
		SELECT v_lo + (a.started_at::date - v_lo) / v_step * v_step
		    AS band, count(*) AS n
		FROM attempts a
		WHERE a.tenant_id = v_tenant AND a.resource_id = p_resource
		AND a.started_at >= v_lo AND a.started_at < v_hi + 1
		AND (v_whole OR a.user_id = ANY (v_learners))
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
	    'median_time_cs', (SELECT med FROM med WHERE lang IS NULL),
	    'score_histogram', (SELECT jsonb_agg(coalesce((SELECT sum(n) FROM
		cell WHERE cell.band = b.b), 0) ORDER BY b.b)
		FROM generate_series(1, 10) b (b)),
	    'variants', coalesce((SELECT jsonb_agg(jsonb_build_object(
		'lang', v.lang, 'records', v.n, 'counts', jsonb_build_object(
		    'not_started', v.ns, 'in_progress', v.ip,
		    'completed', v.co, 'passed', v.pa, 'failed', v.fa),
		'average_score', v.avg, 'median_time_cs', m.med)
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
		    FROM cell GROUP BY lang) v
		LEFT JOIN med m ON m.lang = v.lang), '[]'),
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

-- A learner's first activity at a resource is the start of their first
-- attempt at it. Migration 0008 took the earliest start of the newest
-- attempts only, so that a record computed afresh (after a failed
-- attempt and a second one) began at the second attempt; a report's
-- "first activity" would then be wrong.
-- Recomputes the progress of learner p_user at resource p_resource from
-- their newest attempt at each launchable item of the version in use:
-- failed if any item failed; passed or completed once every item is
-- finished (passed when any passed); in progress otherwise. The score is
-- the mean of the items' scores, the time the sum over every attempt.
CREATE OR REPLACE FUNCTION octolearn_progress_refresh(p_user bigint,
    p_resource bigint)
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
	    max(n.number), (SELECT min(started_at) FROM attempts
		WHERE user_id = p_user AND resource_id = p_resource),
	    max(n.updated_at)
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
