-- The set-based part of conf/seed-large.sh: fills an existing tenant (made,
-- with its admin and trainer, by octolearn-admin) with learners, groups,
-- published SCORM resources, attempts and the progress records of those
-- attempts, in one transaction, one INSERT ... SELECT per table. Run as the
-- schema owner (who owns the tables, which do not FORCE row-level
-- security) with the psql variables
--   slug learners resources groups attempts
-- (conf/seed-large.sh checks them: attempts >= learners, attempts <=
-- 3 * resources * learners). Prints one line per step with its duration.
--
-- Everything is derived from the numbers of things (learner n, resource
-- j, attempt number) by hashing them (hashint8extended), never random(),
-- and times are offsets from the transaction's now(): two runs of the same
-- sizes give the same data, a year back from when each ran.
--
-- Learner n: learnerN@SLUG.example, a name built from the lists below, a
-- language (none for most, fr, es or en), one group, round-robin. Resource
-- j: "Course NNNN: <topic>" in en, in fr too when j is odd, in es too when
-- j - 1 is a multiple of 3; one package version per language with one SCO
-- (SCORM 1.2 when j is a multiple of 5, else 2004 4th edition). Attempts:
-- learner n has a budget of attempts (SEED_ATTEMPTS / SEED_LEARNERS, more
-- or less, exactly SEED_ATTEMPTS in all) spent on Course 0001 (the
-- mandatory course: every learner) and on distinct other resources, one to
-- three attempts each (numbered 1..k, only the last may be unended), in
-- the learner's language when the resource has it. The other resources
-- are chosen by an arithmetic progression (modulo the number of
-- resources) from an offset skewed towards the first ones, so that a few
-- courses are popular and most have a long tail of learners.

\set ON_ERROR_STOP 1

BEGIN;

-- Whether a tenant has been seeded is decided under this lock.
SELECT id AS tid,
    EXISTS (SELECT 1 FROM user_roles r WHERE r.tenant_id = t.id AND
	r.role = 'learner') AS seeded,
    languages @> ARRAY['en', 'fr', 'es'] AS langs_ok
FROM tenants t WHERE slug = :'slug' FOR UPDATE \gset
\if :seeded
\echo seed-large: tenant :slug already has learners: not seeded again
ROLLBACK;
\q
\endif

-- As the server's transactions: the tenant fixed (the owner is not bound
-- by row-level security, but functions read octolearn_tenant()).
SELECT set_config('octolearn.tenant_id', :'tid', true) AS ignored,
    set_config('seed.lap', clock_timestamp()::text, false) AS ignored2 \gset
-- No JIT: compiling the generator's expressions takes longer than
-- running them (20 s for 3,000 attempts).
SET LOCAL jit = off;

-- A number in [0, 1) from a key and a salt: the generator's only source
-- of variety. A plain SQL expression, inlined where it is used.
CREATE FUNCTION pg_temp.seed_u(k bigint, salt bigint)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT (hashint8extended(k, salt) & 9007199254740991)::double precision
	    / 9007199254740992.0
$$;

-- The line of a step: its name and the time since the previous one.
CREATE FUNCTION pg_temp.seed_lap(step text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	t	timestamptz := clock_timestamp();
	d	double precision := extract(epoch FROM t -
		    current_setting('seed.lap')::timestamptz);
BEGIN
	PERFORM set_config('seed.lap', t::text, false);
	RETURN format('seed-large: %-34s %7s s', step,
	    to_char(d, 'FM999990.0'));
END;
$$;

CREATE FUNCTION pg_temp.seed_check(ok boolean, msg text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT ok THEN
		RAISE EXCEPTION '%', msg;
	END IF;
	RETURN ok;
END;
$$;

SELECT pg_temp.seed_check(:'langs_ok'::boolean, format('tenant %s does '
    'not offer the languages en, fr and es', :'slug')) AS ignored,
    coalesce((SELECT id FROM users WHERE tenant_id = :tid AND
	lower(email) = lower('admin@' || :'slug' || '.example')), 0) AS admin_id,
    coalesce((SELECT id FROM users WHERE tenant_id = :tid AND
	lower(email) = lower('trainer@' || :'slug' || '.example')), 0)
	AS trainer_id,
    -- Each learner's budget of attempts: base, plus one for the first
    -- (attempts % learners), plus or minus up to spread (learners 2i-1
    -- and 2i get +d and -d), within 1 .. 3 * resources.
    :attempts / :learners AS base,
    :attempts % :learners AS extra,
    greatest(0, least(:attempts / :learners - 1,
	3 * :resources - :attempts / :learners - 1,
	3 * (:attempts / :learners) / 5)) AS spread \gset
SELECT pg_temp.seed_check(:admin_id > 0 AND :trainer_id > 0,
    'the admin and trainer accounts are missing') AS ignored \gset

-- Learners -------------------------------------------------------------

-- One row per learner: the user id (taken from the users' identity
-- sequence, so that n and id rise together), their group, language, and
-- how their attempts are laid out (m resources: slot 1 is Course 0001,
-- slot s >= 2 resource 2 + (off + (s - 2) * step) mod (resources - 1);
-- t3 slots get 3 attempts and t2 slots 2, starting at slot rot + 1).
CREATE TEMP TABLE seed_learner ON COMMIT DROP AS
WITH b AS (
	SELECT n, least(3 * :resources, greatest(1, :base +
	    CASE WHEN n <= :extra THEN 1 ELSE 0 END +
	    CASE WHEN n % 2 = 1 AND n = :learners THEN 0
		ELSE (CASE WHEN n % 2 = 1 THEN 1 ELSE -1 END) *
		    (floor(pg_temp.seed_u((n + 1) / 2, 40) *
		    (2 * :spread + 1))::int - :spread) END)) AS budget
	FROM generate_series(1, :learners) n
), m AS (
	SELECT n, budget, least(:resources, budget, greatest((budget + 2) / 3,
	    (8 * budget + 5) / 10)) AS m
	FROM b
), e AS (
	-- About a fifth of the extra attempts as third ones (rounded up
	-- or down by the hash), at least what m slots of two cannot hold.
	SELECT n, budget, m, budget - m AS e,
	    least((budget - m) / 2, greatest(budget - 2 * m,
		floor((budget - m) / 5.0 + pg_temp.seed_u(n, 44))::int)) AS t3
	FROM m
)
SELECT n,
    nextval(pg_get_serial_sequence('users', 'id')) AS id,
    (n - 1) % :groups + 1 AS grp,
    (ARRAY['Zoë', 'Łukasz', 'Ιωάννα', 'Ahmed', 'Amélie', 'José', 'Søren',
	'Björn', 'Olena', 'Дмитрий', 'Siobhán', 'Mateo', 'Chloé', 'Kwame',
	'Amara', 'Priya', 'Arjun', 'Fatima', 'Yusuf', 'Ingrid', 'Elif',
	'Mehmet', 'Giulia', 'Marco', 'Ana', 'João', 'Nikolaos', 'Eleni',
	'Agnieszka', 'Tomás', 'Lena', 'Jonas', 'Mei', 'Hiroshi', 'Aisha',
	'Omar', 'Sven', 'Noémie', 'Ciarán', 'Ľubica'])
	[1 + floor(pg_temp.seed_u(n, 31) * 40)::int] || ' ' ||
    (ARRAY['Müller', 'García', 'Nowak', 'Dubois', 'Rossi',
	'Παπαδοπούλου', 'Jørgensen', 'Kowalczyk', 'Öztürk', 'Nguyễn',
	'O''Brien', 'Fernández', 'Smith', 'Schmidt', 'Novák', 'Horváth',
	'Yılmaz', 'Иванова', 'Silva', 'Santos', 'Haddad', 'Mensah', 'Okafor',
	'Kim', 'Tanaka', 'Larsen', 'van der Berg', 'De Luca', 'Ionescu',
	'Šimić', 'Żuk', 'Lefèvre', 'Benali', 'Þórsdóttir', 'Kovačević',
	'Martínez', 'Wiśniewska', 'Costa', 'Eriksson', 'Ó Súilleabháin'])
	[1 + floor(pg_temp.seed_u(n, 32) * 40)::int] AS name,
    CASE WHEN pg_temp.seed_u(n, 33) < 0.15 THEN 'fr'
	WHEN pg_temp.seed_u(n, 33) < 0.30 THEN 'es'
	WHEN pg_temp.seed_u(n, 33) < 0.40 THEN 'en' END AS lang,
    now() - interval '1 second' *
	round(86400 * (366 + 60 * pg_temp.seed_u(n, 34))) AS created_at,
    budget, m, t3, e - 2 * t3 AS t2,
    floor(pg_temp.seed_u(n, 41) * m)::int AS rot,
    floor((:resources - 1) * pg_temp.seed_u(n, 42) ^ 4)::int AS off,
    CASE WHEN gcd(s.step, greatest(:resources - 1, 1)) = 1 THEN s.step
	ELSE 1 END AS step
FROM e, LATERAL (SELECT (ARRAY[1, 1, 2, 3])[1 +
    floor(pg_temp.seed_u(n, 43) * 4)::int] AS step) s
ORDER BY n;
ANALYZE seed_learner;
SELECT pg_temp.seed_check(sum(budget) = :attempts AND bool_and(t2 >= 0 AND
    t3 + t2 <= m AND m <= :resources),
    'the attempts do not add up (a bug of the generator)') AS ignored
FROM seed_learner \gset

INSERT INTO users (tenant_id, id, email, display_name, password_hash, lang,
    created_at)
OVERRIDING SYSTEM VALUE
SELECT :tid, id, 'learner' || n || '@' || :'slug' || '.example', name, NULL,
    lang, created_at
FROM seed_learner ORDER BY n;
SELECT pg_temp.seed_lap('users (learners)');

INSERT INTO user_roles (tenant_id, user_id, role)
SELECT :tid, id, 'learner' FROM seed_learner ORDER BY n;
SELECT pg_temp.seed_lap('user_roles');

-- Groups: "Cohort 001" .. (one made earlier under that name is reused).
CREATE TEMP TABLE seed_group ON COMMIT DROP AS
SELECT g, format('Cohort %s', CASE WHEN g < 1000 THEN lpad(g::text, 3, '0')
    ELSE g::text END) AS name
FROM generate_series(1, :groups) g;
ALTER TABLE seed_group ADD COLUMN id bigint;
UPDATE seed_group s SET id = o.id FROM groups o
WHERE o.tenant_id = :tid AND lower(o.name) = lower(s.name);
UPDATE seed_group SET id = nextval(pg_get_serial_sequence('groups', 'id'))
WHERE id IS NULL;

INSERT INTO groups (tenant_id, id, name, created_at)
OVERRIDING SYSTEM VALUE
SELECT :tid, s.id, s.name, now() - interval '400 days' + s.g * interval '1 hour'
FROM seed_group s
WHERE NOT EXISTS (SELECT 1 FROM groups o WHERE o.tenant_id = :tid AND
    o.id = s.id)
ORDER BY s.g;
SELECT pg_temp.seed_lap('groups');

-- Every learner in one group; the trainer trains the first three.
INSERT INTO group_members (tenant_id, group_id, user_id, role)
SELECT :tid, g.id, l.id, 'learner'
FROM seed_learner l JOIN seed_group g ON g.g = l.grp
ORDER BY l.n;
INSERT INTO group_members (tenant_id, group_id, user_id, role)
SELECT :tid, g.id, :trainer_id, 'trainer'
FROM seed_group g WHERE g.g <= 3
ON CONFLICT DO NOTHING;
SELECT pg_temp.seed_lap('group_members');

-- Resources --------------------------------------------------------------

CREATE TEMP TABLE seed_res ON COMMIT DROP AS
SELECT j, nextval(pg_get_serial_sequence('resources', 'id')) AS id,
    CASE WHEN j < 10000 THEN lpad(j::text, 4, '0') ELSE j::text END AS num,
    (j - 1) % 24 + 1 AS topic, (j - 1) / 24 + 1 AS level,
    CASE WHEN j % 5 = 0 THEN '1.2' ELSE '2004 4th' END AS scorm_version,
    now() - interval '370 days' + j * interval '1 minute' AS created_at
FROM generate_series(1, :resources) j
ORDER BY j;

INSERT INTO resources (tenant_id, id, kind, published, url, created_at,
    updated_at)
OVERRIDING SYSTEM VALUE
SELECT :tid, id, 'scorm', true, NULL, created_at, created_at
FROM seed_res ORDER BY j;

-- The languages of resource j, with its title and description in each.
CREATE TEMP TABLE seed_text ON COMMIT DROP AS
WITH topics (lang, names) AS (VALUES
	('en', ARRAY['Electronic evidence', 'Cybercrime basics',
	    'Data protection', 'Mutual legal assistance', 'Digital forensics',
	    'Online child protection', 'Ransomware investigations',
	    'Cryptocurrency tracing', 'Evidence in the cloud',
	    'Human rights online', 'Fraud and identity theft',
	    'Financial investigations', 'Open-source intelligence',
	    'Chain of custody', 'Hate speech online', 'Incident response',
	    'The Budapest Convention', 'Subscriber information',
	    'Dark web markets', 'International cooperation',
	    'Mobile device examination', 'Victim support',
	    'Judicial training methods', 'Artificial intelligence and justice']),
	('fr', ARRAY['Preuve électronique', 'Bases de la cybercriminalité',
	    'Protection des données', 'Entraide judiciaire',
	    'Criminalistique numérique', 'Protection des enfants en ligne',
	    'Enquêtes sur les rançongiciels', 'Traçage des cryptomonnaies',
	    'La preuve dans le nuage', 'Droits humains en ligne',
	    'Fraude et usurpation d''identité', 'Enquêtes financières',
	    'Renseignement en sources ouvertes', 'Chaîne de possession',
	    'Discours de haine en ligne', 'Réponse aux incidents',
	    'La Convention de Budapest', 'Informations sur les abonnés',
	    'Marchés du dark web', 'Coopération internationale',
	    'Examen des appareils mobiles', 'Soutien aux victimes',
	    'Méthodes de formation judiciaire',
	    'Intelligence artificielle et justice']),
	('es', ARRAY['Prueba electrónica', 'Fundamentos de la ciberdelincuencia',
	    'Protección de datos', 'Asistencia judicial mutua',
	    'Informática forense', 'Protección de la infancia en línea',
	    'Investigación de ransomware', 'Rastreo de criptomonedas',
	    'Pruebas en la nube', 'Derechos humanos en línea',
	    'Fraude y suplantación de identidad', 'Investigaciones financieras',
	    'Inteligencia de fuentes abiertas', 'Cadena de custodia',
	    'Discurso de odio en línea', 'Respuesta a incidentes',
	    'El Convenio de Budapest', 'Datos de abonados',
	    'Mercados de la web oscura', 'Cooperación internacional',
	    'Examen de dispositivos móviles', 'Apoyo a las víctimas',
	    'Métodos de formación judicial',
	    'Inteligencia artificial y justicia']))
SELECT r.j, r.id AS resource_id, t.lang, l.ord,
    CASE t.lang
	WHEN 'en' THEN format('Course %s: %s%s', r.num, t.names[r.topic],
	    CASE WHEN r.level > 1 THEN format(' (level %s)', r.level) END)
	WHEN 'fr' THEN format('Cours %s : %s%s', r.num, t.names[r.topic],
	    CASE WHEN r.level > 1 THEN format(' (niveau %s)', r.level) END)
	ELSE format('Curso %s: %s%s', r.num, t.names[r.topic],
	    CASE WHEN r.level > 1 THEN format(' (nivel %s)', r.level) END)
    END AS title,
    format(CASE t.lang
	WHEN 'en' THEN '%s: a self-paced course for judges, prosecutors and '
	    'investigators (about %s minutes).'
	WHEN 'fr' THEN '%s : un cours en autonomie pour juges, procureurs et '
	    'enquêteurs (environ %s minutes).'
	ELSE '%s: un curso autoformativo para jueces, fiscales e '
	    'investigadores (unos %s minutos).' END,
	t.names[r.topic], 20 + (r.j * 37) % 100) AS description
FROM seed_res r
JOIN (VALUES ('en', 1), ('fr', 2), ('es', 3)) l (lang, ord) ON
    l.lang = 'en' OR (l.lang = 'fr' AND (r.j - 1) % 2 = 0) OR
    (l.lang = 'es' AND (r.j - 1) % 3 = 0)
JOIN topics t ON t.lang = l.lang;

INSERT INTO resource_texts (tenant_id, resource_id, lang, title, description)
SELECT :tid, resource_id, lang, title, description
FROM seed_text ORDER BY j, ord;
SELECT pg_temp.seed_lap('resources, resource_texts');

-- One package version per resource and language, as an import stores it
-- (octolearn_package_store(): the inspect document as manifest, its one
-- item flattened into package_items). No files are on disk at path.
CREATE TEMP TABLE seed_ver ON COMMIT DROP AS
SELECT t.j, t.lang, t.resource_id,
    nextval(pg_get_serial_sequence('package_versions', 'id')) AS id,
    r.scorm_version,
    CASE WHEN r.scorm_version = '1.2' THEN '1.2' ELSE '2004' END AS kind,
    'sco-1' AS item, t.title, t.description, r.num AS code,
    r.created_at + t.ord * interval '1 minute' AS created_at,
    jsonb_build_object('identifier', 'sco-1', 'title', t.title,
	'launch', 'index.html', 'scorm_type', 'sco', 'visible', true) ||
	CASE WHEN r.scorm_version = '1.2'
	    THEN jsonb_build_object('mastery_score', 70.0)
	    ELSE jsonb_build_object('scaled_passing_score', 0.7) END AS data
FROM seed_text t JOIN seed_res r ON r.j = t.j
ORDER BY t.j, t.ord;
ANALYZE seed_ver;

INSERT INTO package_versions (tenant_id, id, resource_id, lang, version,
    scorm_version, title, manifest, path, bytes, files, created_by,
    created_at)
OVERRIDING SYSTEM VALUE
SELECT :tid, v.id, v.resource_id, v.lang, 1, v.scorm_version, v.title,
    jsonb_build_object('scorm_version', v.scorm_version,
	'identifier', format('org.example.%s.course-%s', :'slug', v.code),
	'title', v.title, 'description', v.description, 'language', v.lang,
	'organizations', jsonb_build_array(jsonb_build_object(
	    'identifier', 'org-1', 'title', v.title,
	    'items', jsonb_build_array(v.data ||
		jsonb_build_object('items', '[]'::jsonb)))),
	'errors', '[]'::jsonb, 'warnings', '[]'::jsonb),
    format('/packages/%s/seed-%s-%s', :tid, v.code, v.lang),
    500000 + floor(pg_temp.seed_u(v.id, 50) * 80000000)::bigint,
    12 + floor(pg_temp.seed_u(v.id, 51) * 300)::int,
    :admin_id, v.created_at
FROM seed_ver v ORDER BY v.id;

INSERT INTO package_items (tenant_id, version_id, position, organization,
    identifier, parent, depth, title, launch, scorm_type, visible, data)
SELECT :tid, v.id, 1, 'org-1', v.item, NULL, 0, v.title, 'index.html', 'sco',
    true, v.data
FROM seed_ver v ORDER BY v.id;
SELECT pg_temp.seed_lap('package_versions, package_items');

-- Attempts -----------------------------------------------------------------

-- Keys: pair (learner n, resource j) = n << 20 | j; attempt = pair << 2 |
-- number. Per pair: k attempts, a gap of g days between their starts, the
-- first started f days ago (f <= 364). Per attempt: its status (the last
-- one mostly finished, the ones before failed or given up), score, time,
-- sessions; a few in a thousand keep their run-time data as a launch and
-- commits would have left it.
INSERT INTO attempts (tenant_id, user_id, resource_id, version_id, item,
    number, kind, session, session_open, session_started, seq, cmi, status,
    score, total_cs, suspended, ended, started_at, updated_at)
WITH slot AS (
	SELECT l.n, l.id AS user_id, l.name, l.lang AS ulang, s,
	    CASE WHEN s = 1 THEN 1 ELSE 2 + (l.off + (s - 2) * l.step) %
		nullif(:resources - 1, 0) END AS j,
	    1 + CASE WHEN (s - 1 + l.rot) % l.m < l.t3 THEN 2
		WHEN (s - 1 + l.rot) % l.m < l.t3 + l.t2 THEN 1
		ELSE 0 END AS k
	FROM seed_learner l, generate_series(1, l.m) s
), pair AS (
	SELECT sl.*, (sl.n::bigint << 20) | sl.j AS pk,
	    CASE WHEN sl.ulang = 'fr' AND (sl.j - 1) % 2 = 0 THEN 'fr'
		WHEN sl.ulang = 'es' AND (sl.j - 1) % 3 = 0 THEN 'es'
		ELSE 'en' END AS vlang
	FROM slot sl
), att AS (
	-- OFFSET 0 (here and below): each layer is computed once per row,
	-- not copied into every expression of the next that uses it.
	SELECT p.user_id, p.name, p.k, v.resource_id, v.id AS version_id,
	    v.item, v.kind, num, num = p.k AS last, (p.pk << 2) | num AS ak,
	    1 + floor(13 * pg_temp.seed_u(p.pk, 7)) AS gap,
	    pg_temp.seed_u(p.pk, 8) AS uf,
	    pg_temp.seed_u((p.pk << 2) | num, 1) AS u1,
	    pg_temp.seed_u((p.pk << 2) | num, 2) AS u2,
	    pg_temp.seed_u((p.pk << 2) | num, 3) AS u3,
	    pg_temp.seed_u((p.pk << 2) | num, 4) AS u4,
	    pg_temp.seed_u((p.pk << 2) | num, 5) AS u5,
	    pg_temp.seed_u((p.pk << 2) | num, 6) AS u6,
	    pg_temp.seed_u((p.pk << 2) | num, 9) AS u9
	FROM pair p
	JOIN seed_ver v ON v.j = p.j AND v.lang = p.vlang,
	    generate_series(1, p.k) num
	OFFSET 0
), st AS (
	SELECT a.*,
	    CASE WHEN a.last THEN
		CASE WHEN a.u1 < 0.05 THEN 'not_started'
		    WHEN a.u1 < 0.25 THEN 'in_progress'
		    WHEN a.u1 < 0.50 THEN 'completed'
		    WHEN a.u1 < 0.88 THEN 'passed'
		    ELSE 'failed' END
	    ELSE
		CASE WHEN a.u1 < 0.65 THEN 'failed'
		    WHEN a.u1 < 0.90 THEN 'in_progress'
		    ELSE 'completed' END
	    END AS status
	FROM att a
	OFFSET 0
), sc AS (
	SELECT s.*,
	    CASE s.status
		WHEN 'passed' THEN floor(70 + 31 * s.u2) / 100
		WHEN 'failed' THEN floor(5 + 65 * s.u2) / 100
		WHEN 'completed' THEN CASE WHEN s.u3 < 0.5 THEN
		    floor(30 + 71 * s.u2) / 100 END
		WHEN 'in_progress' THEN CASE WHEN s.u3 < 0.1 THEN
		    floor(61 * s.u2) / 100 END
	    END AS score,
	    100 * CASE s.status
		WHEN 'not_started' THEN 0
		WHEN 'in_progress' THEN round(60 * (2 + 88 * s.u4))
		ELSE round(60 * (10 + 230 * s.u4 * s.u4)) END::bigint AS cs,
	    CASE WHEN s.status = 'not_started' THEN 1
		ELSE 1 + floor(4 * s.u3)::int END AS session,
	    NOT s.last OR (s.status <> 'not_started' AND
		(s.status <> 'in_progress' OR s.u5 >= 0.85)) AS ended
	FROM st s
	OFFSET 0
), tm AS (
	SELECT c.*,
	    now() - interval '1 second' * round(86400 * ((c.k - 1) * c.gap +
		1 + c.uf * (363 - (c.k - 1) * c.gap))) +
		interval '1 second' * round(86400 * (c.num - 1) * c.gap +
		28800 * c.u6) AS started,
	    interval '1 second' * CASE WHEN c.status = 'not_started'
		THEN round(5 + 55 * c.u5)
		ELSE round(c.cs / 100 * (1 + c.u5) + 30) END AS wall
	FROM sc c
	OFFSET 0
)
SELECT :tid, t.user_id, t.resource_id, t.version_id, t.item, t.num, t.kind,
    t.session, NOT t.ended AND t.status = 'in_progress' AND t.u5 < 0.01,
    t.started + t.wall - t.wall / t.session,
    CASE WHEN t.status = 'not_started' THEN 0
	ELSE t.session * (1 + floor(12 * t.u4)::int) END,
    CASE WHEN t.status = 'not_started' OR t.u9 >= 0.001 THEN '[]'::jsonb
    WHEN t.kind = '1.2' THEN jsonb_build_array(
	jsonb_build_array('cmi.core.student_id', t.user_id::text),
	jsonb_build_array('cmi.core.student_name', t.name),
	jsonb_build_array('cmi.core.lesson_location',
	    'page-' || (1 + floor(24 * t.u2))),
	jsonb_build_array('cmi.core.credit', 'credit'),
	jsonb_build_array('cmi.core.lesson_status',
	    CASE t.status WHEN 'in_progress' THEN 'incomplete'
	    ELSE t.status END),
	jsonb_build_array('cmi.core.entry', CASE WHEN t.session = 1 THEN
	    'ab-initio' ELSE 'resume' END)) ||
	CASE WHEN t.score IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(
	    jsonb_build_array('cmi.core.score.raw',
	    round(t.score * 100)::text)) END ||
	jsonb_build_array(
	    jsonb_build_array('cmi.core.total_time', format('%s:%s:%s.00',
		lpad((t.cs / 360000)::text, 2, '0'),
		lpad((t.cs / 6000 % 60)::text, 2, '0'),
		lpad((t.cs / 100 % 60)::text, 2, '0'))),
	    jsonb_build_array('cmi.core.lesson_mode', 'normal')) ||
	CASE WHEN t.ended THEN '[]'::jsonb ELSE jsonb_build_array(
	    jsonb_build_array('cmi.core.exit', 'suspend'),
	    jsonb_build_array('cmi.suspend_data',
		format('{"page":%s,"answers":"%s"}', 1 + floor(24 * t.u2),
		left(md5(t.ak::text), 12)))) END ||
	jsonb_build_array(jsonb_build_array('ol.sessions', t.session::text))
    ELSE jsonb_build_array(
	jsonb_build_array('cmi.completion_status',
	    CASE t.status WHEN 'in_progress' THEN 'incomplete'
	    ELSE 'completed' END),
	jsonb_build_array('cmi.credit', 'credit'),
	jsonb_build_array('cmi.entry', CASE WHEN t.session = 1 THEN
	    'ab-initio' ELSE 'resume' END),
	jsonb_build_array('cmi.exit', CASE WHEN t.ended THEN 'normal'
	    ELSE 'suspend' END),
	jsonb_build_array('cmi.learner_id', t.user_id::text),
	jsonb_build_array('cmi.learner_name', t.name),
	jsonb_build_array('cmi.location', 'page-' || (1 + floor(24 * t.u2))),
	jsonb_build_array('cmi.mode', 'normal')) ||
	CASE WHEN t.score IS NULL THEN '[]'::jsonb ELSE jsonb_build_array(
	    jsonb_build_array('cmi.score.scaled', t.score::real::text)) END ||
	CASE WHEN t.status IN ('passed', 'failed') THEN jsonb_build_array(
	    jsonb_build_array('cmi.success_status', t.status))
	    ELSE '[]'::jsonb END ||
	CASE WHEN t.ended THEN '[]'::jsonb ELSE jsonb_build_array(
	    jsonb_build_array('cmi.suspend_data',
		format('{"page":%s,"answers":"%s"}', 1 + floor(24 * t.u2),
		left(md5(t.ak::text), 12)))) END ||
	jsonb_build_array(
	    jsonb_build_array('cmi.total_time', format('PT%sH%sM%sS',
		t.cs / 360000, t.cs / 6000 % 60, t.cs / 100 % 60)),
	    jsonb_build_array('ol.sessions', t.session::text))
    END,
    t.status, t.score, t.cs, NOT t.ended AND t.status = 'in_progress',
    t.ended, t.started, t.started + t.wall
FROM tm t;
SELECT pg_temp.seed_lap('attempts');

-- Progress -----------------------------------------------------------------

-- What octolearn_progress_refresh(user, resource) computes, for every
-- pair at once, here where a version has one launchable item and every
-- attempt of a pair is on the same version: lang from that version;
-- status, score, attempts and last activity from the newest attempt (the
-- highest number); time summed over all attempts. first_activity is the
-- start of the first attempt: what the live record holds, as each refresh
-- keeps the least first_activity (a refresh of a missing row would take
-- the newest attempt's start). Read in the order of attempts_learner:
-- no sort (the window's ORDER BY and frame are for that; its aggregates
-- span the whole pair).
ANALYZE attempts;
INSERT INTO progress (tenant_id, user_id, resource_id, lang, status, score,
    total_cs, attempts, first_activity, last_activity)
SELECT n.tenant_id, n.user_id, n.resource_id, v.lang,
    CASE WHEN n.status = 'failed' THEN 'failed'
	WHEN n.status IN ('completed', 'passed') AND
	    1 >= greatest(i.items, 1) THEN
	    CASE WHEN n.status = 'passed' THEN 'passed' ELSE 'completed' END
	WHEN n.status <> 'not_started' THEN 'in_progress'
	ELSE 'not_started' END,
    n.score, n.all_cs, n.number, n.first_started, n.updated_at
FROM (
	SELECT DISTINCT ON (a.user_id, a.resource_id) a.tenant_id, a.user_id,
	    a.resource_id, a.version_id, a.status, a.score, a.number,
	    a.updated_at, sum(a.total_cs) OVER w AS all_cs,
	    min(a.started_at) OVER w AS first_started
	FROM attempts a
	WHERE a.tenant_id = :tid
	WINDOW w AS (PARTITION BY a.user_id, a.resource_id ORDER BY a.item,
	    a.number DESC ROWS BETWEEN UNBOUNDED PRECEDING AND
	    UNBOUNDED FOLLOWING)
	ORDER BY a.user_id, a.resource_id, a.item, a.number DESC
) n
JOIN package_versions v ON v.tenant_id = n.tenant_id AND v.id = n.version_id
JOIN (SELECT version_id, count(*) AS items FROM package_items
    WHERE tenant_id = :tid AND launch IS NOT NULL GROUP BY version_id) i
    ON i.version_id = n.version_id;
SELECT pg_temp.seed_lap('progress');

COMMIT;
SELECT pg_temp.seed_lap('commit');

-- Statistics, and the visibility map that index-only scans rely on.
ANALYZE tenants, groups, resources, resource_texts, package_versions,
    package_items;
VACUUM (ANALYZE) users;
VACUUM (ANALYZE) user_roles;
VACUUM (ANALYZE) group_members;
SELECT pg_temp.seed_lap('vacuum analyze (small tables)');
VACUUM (ANALYZE) attempts;
SELECT pg_temp.seed_lap('vacuum analyze attempts');
VACUUM (ANALYZE) progress;
SELECT pg_temp.seed_lap('vacuum analyze progress');
