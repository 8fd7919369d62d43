"""The large-data generator (conf/seed-large.sh, `make seed-large`) at a
small scale, in a database of its own on the session's cluster: the sizes
asked for, the accounts and groups, attempts that agree with the packages,
progress records that octolearn_progress_refresh() gives back unchanged, a
second run refused without a change, and the same data from the same
sizes."""

import subprocess

import psycopg2
import pytest

from conftest import ADMIN, ROOT

SEED = ROOT / "conf" / "seed-large.sh"
DB = "octolearn_seed"
SLUG = "seedtest"
LEARNERS, RESOURCES, GROUPS, ATTEMPTS = 300, 12, 6, 3000
SIZES = {"SEED_LEARNERS": str(LEARNERS), "SEED_RESOURCES": str(RESOURCES),
         "SEED_GROUPS": str(GROUPS), "SEED_ATTEMPTS": str(ATTEMPTS)}
STATUSES = {"not_started", "in_progress", "completed", "passed", "failed"}


class Seeded:
    def __init__(self, pg):
        self.dsn = pg.admin_dsn.replace(f"dbname={pg.dbname}", f"dbname={DB}")
        self.env = dict(pg.env, OCTOLEARN_ADMIN_DSN=self.dsn, **SIZES)

    def run(self, slug=SLUG, **env):
        return subprocess.run([str(SEED), slug], cwd=ROOT,
                              env=dict(self.env, **env), capture_output=True,
                              text=True, timeout=120)

    def query(self, sql, params=()):
        conn = psycopg2.connect(self.dsn)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description else None
        finally:
            conn.close()

    def one(self, sql, params=()):
        return self.query(sql, params)[0][0]


@pytest.fixture(scope="module")
def seed(pg):
    pg.pgsh("provision", DB)
    s = Seeded(pg)
    try:
        subprocess.run([str(ADMIN), "migrate"], cwd=ROOT, env=s.env,
                       check=True, capture_output=True)
        r = s.run()
        assert r.returncode == 0, r.stdout + r.stderr
        s.first = r
        s.tid = s.one("SELECT id FROM tenants WHERE slug = %s", (SLUG,))
        yield s
    finally:
        pg.pgsh("drop", DB)


def course(seed, n, tid=None):
    return seed.one("SELECT resource_id FROM resource_texts WHERE "
                    "tenant_id = %s AND lang = 'en' AND title LIKE %s",
                    (tid or seed.tid, f"Course {n:04d}:%"))


def test_sizes_and_steps(seed):
    out = seed.first.stdout
    for step in ("users (learners)", "attempts", "progress",
                 "vacuum analyze attempts", "total"):
        assert f"seed-large: {step} " in out, out
    t = seed.tid
    assert seed.one("SELECT languages FROM tenants WHERE id = %s",
                    (t,)) == ["en", "fr", "es"]
    assert seed.one("SELECT default_lang FROM tenants WHERE id = %s",
                    (t,)) == "en"
    assert seed.one("SELECT count(*) FROM user_roles WHERE tenant_id = %s "
                    "AND role = 'learner'", (t,)) == LEARNERS
    assert seed.one("SELECT count(*) FROM users WHERE tenant_id = %s",
                    (t,)) == LEARNERS + 2
    assert seed.one("SELECT count(*) FROM attempts WHERE tenant_id = %s",
                    (t,)) == ATTEMPTS
    assert seed.query("SELECT kind, published, count(*) FROM resources "
                      "WHERE tenant_id = %s GROUP BY 1, 2",
                      (t,)) == [("scorm", True, RESOURCES)]
    # Texts: en for all, fr for every second, es for every third.
    assert dict(seed.query("SELECT lang, count(*) FROM resource_texts "
                           "WHERE tenant_id = %s GROUP BY 1", (t,))) == {
        "en": 12, "fr": 6, "es": 4}
    assert seed.query("SELECT lang, title FROM resource_texts WHERE "
                      "resource_id = %s ORDER BY lang", (course(seed, 1),)) == [
        ("en", "Course 0001: Electronic evidence"),
        ("es", "Curso 0001: Prueba electrónica"),
        ("fr", "Cours 0001 : Preuve électronique")]
    # Learners: set-based, without a password, varied names.
    rows = seed.query("SELECT u.email, u.display_name, u.password_hash "
                      "FROM users u JOIN user_roles r ON r.tenant_id = "
                      "u.tenant_id AND r.user_id = u.id AND r.role = "
                      "'learner' WHERE u.tenant_id = %s", (t,))
    assert sorted(e for e, _, _ in rows) == sorted(
        f"learner{n}@{SLUG}.example" for n in range(1, LEARNERS + 1))
    assert all(h is None for _, _, h in rows)
    names = {n for _, n, _ in rows}
    assert len(names) > LEARNERS // 2
    assert any(not n.isascii() for n in names)


def test_accounts_and_groups(seed):
    t = seed.tid
    accounts = seed.query(
        "SELECT u.email, r.role, u.password_hash IS NOT NULL FROM users u "
        "JOIN user_roles r ON r.tenant_id = u.tenant_id AND r.user_id = u.id "
        "WHERE u.tenant_id = %s AND r.role <> 'learner' ORDER BY 1", (t,))
    assert accounts == [(f"admin@{SLUG}.example", "tenant_admin", True),
                        (f"trainer@{SLUG}.example", "trainer", True)]
    assert [n for n, in seed.query(
        "SELECT name FROM groups WHERE tenant_id = %s ORDER BY name",
        (t,))] == [f"Cohort {g:03d}" for g in range(1, GROUPS + 1)]
    # Every learner in exactly one group, round-robin.
    per_learner = seed.query(
        "SELECT r.user_id, count(m.group_id) FROM user_roles r LEFT JOIN "
        "group_members m ON m.tenant_id = r.tenant_id AND m.user_id = "
        "r.user_id AND m.role = 'learner' WHERE r.tenant_id = %s AND "
        "r.role = 'learner' GROUP BY 1", (t,))
    assert len(per_learner) == LEARNERS
    assert {c for _, c in per_learner} == {1}
    assert {c for _, c in seed.query(
        "SELECT group_id, count(*) FROM group_members WHERE tenant_id = %s "
        "AND role = 'learner' GROUP BY 1", (t,))} == {LEARNERS // GROUPS}
    # The trainer trains the first three groups, and reports on their
    # learners only (the reports' own function).
    trainer = seed.one("SELECT id FROM users WHERE tenant_id = %s AND "
                       "email = %s", (t, f"trainer@{SLUG}.example"))
    assert [n for n, in seed.query(
        "SELECT g.name FROM group_members m JOIN groups g ON g.tenant_id = "
        "m.tenant_id AND g.id = m.group_id WHERE m.tenant_id = %s AND "
        "m.user_id = %s AND m.role = 'trainer' ORDER BY 1",
        (t, trainer))] == ["Cohort 001", "Cohort 002", "Cohort 003"]
    conn = psycopg2.connect(seed.dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT set_config('octolearn.tenant_id', %s, true)",
                        (str(t),))
            cur.execute("SELECT count(*) FROM "
                        "octolearn_report_learners(%s, false, NULL)",
                        (trainer,))
            assert cur.fetchone()[0] == 3 * LEARNERS // GROUPS
    finally:
        conn.close()


def test_attempts_agree_with_packages(seed):
    t = seed.tid
    # One version per resource and language, each with one launchable SCO.
    assert seed.query(
        "SELECT count(*), count(DISTINCT (v.resource_id, v.lang)), "
        "bool_and(v.version = 1 AND i.position = 1 AND i.launch IS NOT NULL "
        "AND i.scorm_type = 'sco'), bool_and(x.title = v.title) "
        "FROM package_versions v JOIN package_items i ON i.tenant_id = "
        "v.tenant_id AND i.version_id = v.id JOIN resource_texts x ON "
        "x.tenant_id = v.tenant_id AND x.resource_id = v.resource_id AND "
        "x.lang = v.lang WHERE v.tenant_id = %s", (t,)) == [(22, 22, True,
                                                            True)]
    # SCORM 1.2 for every fifth resource.
    assert seed.one(
        "SELECT count(*) FROM package_versions v JOIN resource_texts x ON "
        "x.tenant_id = v.tenant_id AND x.resource_id = v.resource_id AND "
        "x.lang = v.lang WHERE v.tenant_id = %s AND (v.scorm_version = '1.2')"
        " <> (substring(x.title from '[0-9]{4}')::int %% 5 = 0)", (t,)) == 0
    # Each attempt: a version of its resource, an item of that version,
    # the kind the player gives that item (app/attempts.c).
    assert seed.one(
        "SELECT count(*) FROM attempts a LEFT JOIN package_versions v ON "
        "v.tenant_id = a.tenant_id AND v.id = a.version_id AND v.resource_id "
        "= a.resource_id LEFT JOIN package_items i ON i.tenant_id = "
        "a.tenant_id AND i.version_id = a.version_id AND i.identifier = "
        "a.item AND i.launch IS NOT NULL WHERE a.tenant_id = %s AND "
        "(i.version_id IS NULL OR a.kind <> CASE WHEN v.scorm_version = "
        "'1.2' THEN '1.2' ELSE '2004' END)", (t,)) == 0
    # Numbers 1..k per learner and item, 1 to 3, only the last unended,
    # all on one version.
    assert seed.one(
        "SELECT count(*) FROM (SELECT user_id, resource_id, item, "
        "count(*) AS k, max(number) AS top, min(number) AS low, "
        "count(DISTINCT version_id) AS versions, bool_and(ended OR "
        "number = (SELECT max(number) FROM attempts b WHERE b.tenant_id = "
        "a.tenant_id AND b.user_id = a.user_id AND b.resource_id = "
        "a.resource_id AND b.item = a.item)) AS open_last FROM attempts a "
        "WHERE tenant_id = %s GROUP BY 1, 2, 3) p WHERE NOT (k = top AND "
        "low = 1 AND top <= 3 AND versions = 1 AND open_last)", (t,)) == 0
    assert {n for n, in seed.query(
        "SELECT DISTINCT number FROM attempts WHERE tenant_id = %s",
        (t,))} == {1, 2, 3}
    # Statuses, scores, times, dates: every kind, within bounds.
    by_status = dict((s, (c, lo, hi, cs)) for s, c, lo, hi, cs in seed.query(
        "SELECT status, count(*), min(score), max(score), max(total_cs) "
        "FROM attempts WHERE tenant_id = %s GROUP BY 1", (t,)))
    assert set(by_status) == STATUSES
    assert by_status["not_started"][1:] == (None, None, 0)
    assert by_status["passed"][1] >= 0.7 and by_status["failed"][2] < 0.7
    assert seed.one(
        "SELECT count(*) FROM attempts WHERE tenant_id = %s AND NOT ("
        "started_at > now() - interval '365 days' AND updated_at >= "
        "started_at AND updated_at <= now() AND (score IS NULL OR status "
        "<> 'not_started') AND (score IS NOT NULL OR status NOT IN "
        "('passed', 'failed')) AND total_cs <= 4 * 360000 AND (status = "
        "'not_started') = (total_cs = 0) AND suspended = (NOT ended AND "
        "status = 'in_progress'))", (t,)) == 0
    # Run-time data: [] but for a deterministic handful of [element,
    # value] pairs of strings.
    cmi = [c for c, in seed.query("SELECT cmi FROM attempts WHERE "
                                  "tenant_id = %s AND cmi <> '[]'", (t,))]
    assert len(cmi) < ATTEMPTS // 100
    for pairs in cmi:
        assert pairs and all(len(p) == 2 and all(isinstance(x, str)
                                                 for x in p) for p in pairs)
        assert pairs[-1][0] == "ol.sessions"


def test_course_0001_taken_by_every_learner(seed):
    c1 = course(seed, 1)
    assert seed.one("SELECT count(*) FROM progress WHERE tenant_id = %s AND "
                    "resource_id = %s", (seed.tid, c1)) == LEARNERS
    assert seed.one("SELECT count(DISTINCT user_id) FROM attempts WHERE "
                    "tenant_id = %s AND resource_id = %s",
                    (seed.tid, c1)) == LEARNERS
    # The other resources are taken too, by fewer learners, in the
    # learners' languages where the resource has them.
    counts = dict(seed.query(
        "SELECT resource_id, count(*) FROM progress WHERE tenant_id = %s "
        "GROUP BY 1", (seed.tid,)))
    assert len(counts) == RESOURCES
    assert max(n for r, n in counts.items() if r != c1) < LEARNERS
    assert {lang for lang, in seed.query(
        "SELECT DISTINCT lang FROM progress WHERE tenant_id = %s AND "
        "resource_id = %s", (seed.tid, c1))} == {"en", "fr", "es"}


def test_progress_is_what_refresh_computes(seed):
    t = seed.tid
    assert seed.one(
        "SELECT count(*) FROM progress WHERE tenant_id = %s", (t,)) == \
        seed.one("SELECT count(*) FROM (SELECT DISTINCT user_id, resource_id "
                 "FROM attempts WHERE tenant_id = %s) p", (t,))
    cols = ("user_id, resource_id, lang, status, score, total_cs, attempts, "
            "first_activity, last_activity")
    conn = psycopg2.connect(seed.dsn)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT set_config('octolearn.tenant_id', %s, true)",
                        (str(t),))
            cur.execute(f"SELECT {cols} FROM progress WHERE tenant_id = %s "
                        "ORDER BY 1, 2", (t,))
            before = cur.fetchall()
            # Every pair at this scale, refreshed the way a commit does.
            cur.execute("SELECT count(*) FROM (SELECT "
                        "octolearn_progress_refresh(user_id, resource_id) "
                        "FROM progress WHERE tenant_id = %s) r", (t,))
            assert cur.fetchone()[0] == len(before)
            cur.execute(f"SELECT {cols} FROM progress WHERE tenant_id = %s "
                        "ORDER BY 1, 2", (t,))
            after = cur.fetchall()
            # first_activity: the start of the pair's first attempt.
            cur.execute("SELECT count(*) FROM progress p WHERE tenant_id = %s "
                        "AND first_activity <> (SELECT min(started_at) FROM "
                        "attempts a WHERE a.tenant_id = p.tenant_id AND "
                        "a.user_id = p.user_id AND a.resource_id = "
                        "p.resource_id)", (t,))
            assert cur.fetchone()[0] == 0
        conn.rollback()
    finally:
        conn.close()
    assert len(after) == len(before) > LEARNERS
    for b, a in zip(before, after):
        assert b[:4] == a[:4] and b[5:] == a[5:], (b, a)
        assert (b[4] is None) == (a[4] is None), (b, a)
        assert b[4] is None or abs(b[4] - a[4]) < 1e-6, (b, a)
    assert {b[3] for b in before} == STATUSES
    assert {b[6] for b in before} == {1, 2, 3}


def fingerprint(seed, slug):
    """Everything about a tenant's seeded data except its ids and the day
    it was made."""
    return seed.query(
        "WITH t AS (SELECT id FROM tenants WHERE slug = %s), "
        "z AS (SELECT min(a.started_at) AS t0 FROM attempts a, t "
        "WHERE a.tenant_id = t.id) "
        "SELECT split_part(u.email, '@', 1), u.display_name, u.lang, "
        "x.title, v.lang, a.number, a.kind, a.status, a.score, a.total_cs, "
        "a.ended, a.suspended, a.session, a.seq, jsonb_array_length(a.cmi), "
        "a.started_at - z.t0, a.updated_at - z.t0, p.status, p.attempts, "
        "p.total_cs, p.first_activity - z.t0 "
        "FROM t, z, attempts a JOIN users u ON u.tenant_id = a.tenant_id "
        "AND u.id = a.user_id JOIN resource_texts x ON x.tenant_id = "
        "a.tenant_id AND x.resource_id = a.resource_id AND x.lang = 'en' "
        "JOIN package_versions v ON v.tenant_id = a.tenant_id AND v.id = "
        "a.version_id JOIN progress p ON p.tenant_id = a.tenant_id AND "
        "p.user_id = a.user_id AND p.resource_id = a.resource_id "
        "WHERE a.tenant_id = t.id ORDER BY 1, 4, 6", (slug,))


def test_second_run_refused_and_changes_nothing(seed):
    def state():
        return seed.query(
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM "
            "user_roles), (SELECT count(*) FROM groups), (SELECT count(*) "
            "FROM group_members), (SELECT count(*) FROM resources), "
            "(SELECT count(*) FROM package_versions), (SELECT count(*) FROM "
            "attempts), (SELECT max(id) FROM attempts), (SELECT md5("
            "string_agg(p::text, ',' ORDER BY user_id, resource_id)) FROM "
            "progress p)")
    was = state()
    r = seed.run()
    assert r.returncode == 0, r.stderr
    assert "already has 300 learners" in r.stdout, r.stdout
    assert "octolearn-admin" not in r.stdout + r.stderr
    assert state() == was
    # Bad sizes are refused before anything is made.
    r = seed.run("seedbad", SEED_ATTEMPTS="10")
    assert r.returncode == 2 and "SEED_ATTEMPTS" in r.stderr, r.stderr
    r = seed.run("seedbad", SEED_LEARNERS="lots")
    assert r.returncode == 2 and "SEED_LEARNERS" in r.stderr, r.stderr
    assert seed.query("SELECT 1 FROM tenants WHERE slug = 'seedbad'") == []
    assert state() == was


def test_same_sizes_same_data(seed):
    r = seed.run("seedtwin")
    assert r.returncode == 0, r.stdout + r.stderr
    mine, twin = fingerprint(seed, SLUG), fingerprint(seed, "seedtwin")
    assert len(mine) == ATTEMPTS
    assert mine == twin
