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
	(tenant_id, resource_id, started_at);

-- The learners viewer p_viewer may report on, optionally within group
-- p_group: every learner of the tenant when p_all (a tenant admin), else
-- the learners of the groups p_viewer is a trainer of. A plain SQL
-- function, so that the planner inlines it into each report's query.
CREATE FUNCTION octolearn_report_learners(p_viewer bigint, p_all boolean,
    p_group bigint)
RETURNS TABLE (user_id bigint) LANGUAGE sql STABLE AS $$
	SELECT r.user_id FROM user_roles r
	WHERE r.tenant_id = octolearn_tenant() AND r.role = 'learner'
	AND (p_group IS NULL OR EXISTS (SELECT 1 FROM group_members m
	    WHERE m.tenant_id = r.tenant_id AND m.group_id = p_group
	    AND m.user_id = r.user_id AND m.role = 'learner'))
	AND (p_all OR EXISTS (SELECT 1 FROM group_members m
	    JOIN group_members t ON t.tenant_id = m.tenant_id
	    AND t.group_id = m.group_id AND t.user_id = p_viewer
	    AND t.role = 'trainer'
	    WHERE m.tenant_id = r.tenant_id AND m.user_id = r.user_id
	    AND m.role = 'learner'))
$$;

-- The figures of a course report, as one JSON document: for the learners
-- p_viewer may see (optionally within group p_group), the progress
-- records of resource p_resource whose variant is p_lang and whose last
-- activity falls between p_from and p_to (each NULL for no limit).
-- "learners" is everyone the report is about: with no language or date
-- filter, every learner in scope, those without a record counting as not
-- started; with one, the records that match. Scores are scaled (0..1),
-- times in centiseconds; score_histogram counts scores in ten bands of a
-- tenth ([0, 0.1) ... [0.9, 1]); activity is attempts started per band of
-- days from the start of the range (30 days to p_to, or today, when no
-- range is given), as many days per band as keeps it to 90 bands.
CREATE FUNCTION octolearn_course_summary(p_resource bigint, p_viewer bigint,
    p_all boolean, p_group bigint, p_lang text, p_from date, p_to date)
RETURNS jsonb LANGUAGE sql STABLE AS $$
	WITH pop AS MATERIALIZED (
		SELECT user_id FROM octolearn_report_learners(p_viewer, p_all,
		    p_group)),
	rec AS MATERIALIZED (
		SELECT p.lang, p.status, p.score, p.total_cs FROM progress p
		WHERE p.resource_id = p_resource
		AND p.user_id IN (SELECT user_id FROM pop)
		AND (p_lang IS NULL OR p.lang = p_lang)
		AND (p_from IS NULL OR p.last_activity >= p_from)
		AND (p_to IS NULL OR p.last_activity < p_to + 1)),
	span AS (
		SELECT lo, hi, greatest(1, ceil((hi - lo + 1) / 90.0))::int
		    AS step
		FROM (SELECT coalesce(p_from, coalesce(p_to, current_date) - 29)
		    AS lo, coalesce(p_to, current_date) AS hi) s),
	act AS (
		SELECT s.lo + (a.started_at::date - s.lo) / s.step * s.step
		    AS band, count(*) AS n
		FROM attempts a, span s
		WHERE a.resource_id = p_resource AND a.started_at >= s.lo
		AND a.started_at < s.hi + 1
		AND a.user_id IN (SELECT user_id FROM pop)
		AND (p_lang IS NULL OR EXISTS (SELECT 1 FROM package_versions v
		    WHERE v.id = a.version_id AND v.lang = p_lang))
		GROUP BY 1)
	SELECT jsonb_build_object(
	    'learners', CASE WHEN p_lang IS NULL AND p_from IS NULL AND
		p_to IS NULL THEN (SELECT count(*) FROM pop)
		ELSE (SELECT count(*) FROM rec) END,
	    'counts', (SELECT jsonb_build_object(
		'not_started', CASE WHEN p_lang IS NULL AND p_from IS NULL AND
		    p_to IS NULL THEN (SELECT count(*) FROM pop) -
		    count(*) FILTER (WHERE status <> 'not_started')
		    ELSE count(*) FILTER (WHERE status = 'not_started') END,
		'in_progress', count(*) FILTER (WHERE status = 'in_progress'),
		'completed', count(*) FILTER (WHERE status = 'completed'),
		'passed', count(*) FILTER (WHERE status = 'passed'),
		'failed', count(*) FILTER (WHERE status = 'failed'))
		FROM rec),
	    'average_score', (SELECT avg(score) FROM rec),
	    'median_time_cs', (SELECT round(percentile_cont(0.5) WITHIN GROUP
		(ORDER BY total_cs)) FROM rec WHERE status <> 'not_started'),
	    'score_histogram', (SELECT jsonb_agg(coalesce(h.n, 0) ORDER BY b.b)
		FROM generate_series(1, 10) b (b) LEFT JOIN (SELECT
		least(width_bucket(score::numeric, 0, 1, 10), 10) AS b, count(*) AS n
		FROM rec WHERE score IS NOT NULL GROUP BY 1) h ON h.b = b.b),
	    'variants', coalesce((SELECT jsonb_agg(jsonb_build_object(
		'lang', lang, 'records', n, 'counts', jsonb_build_object(
		    'not_started', ns, 'in_progress', ip, 'completed', co,
		    'passed', pa, 'failed', fa),
		'average_score', avg, 'median_time_cs', med) ORDER BY lang)
		FROM (SELECT lang, count(*) AS n,
		    count(*) FILTER (WHERE status = 'not_started') AS ns,
		    count(*) FILTER (WHERE status = 'in_progress') AS ip,
		    count(*) FILTER (WHERE status = 'completed') AS co,
		    count(*) FILTER (WHERE status = 'passed') AS pa,
		    count(*) FILTER (WHERE status = 'failed') AS fa,
		    avg(score) AS avg, round(percentile_cont(0.5) WITHIN GROUP
		    (ORDER BY total_cs) FILTER (WHERE status <> 'not_started'))
		    AS med FROM rec GROUP BY lang) v), '[]'),
	    'activity', (SELECT jsonb_build_object('from', s.lo, 'to', s.hi,
		'days_per_band', s.step, 'bands', (SELECT jsonb_agg(
		jsonb_build_object('from', d::date, 'attempts',
		coalesce(act.n, 0)) ORDER BY d) FROM generate_series(s.lo, s.hi,
		make_interval(days => s.step)) d LEFT JOIN act ON act.band =
		d::date)) FROM span s))
$$;
