"""A small tenant whose progress reports are worked out by hand (the
figures are in tests/integration/test_reports.py), shared by the
integration and browser tests of the reports."""

import json

PW = "reports-test-2026"
T = "rpt"

# The learners: (key, name, group). L5 has no record of C1 (not started);
# L6 is in no group; L5's name would be a formula in a spreadsheet.
LEARNERS = [
    ("l1", "Anna Alpha", "A"), ("l2", "Bruno Beta", "A"),
    ("l3", "Chloé Gamma", "A"), ("l4", "Dmitri Delta", "B"),
    ("l5", "=Eva Epsilon", "B"), ("l6", "Farah Zeta", None),
]

# Attempts at (learner, course, lang): status, score, centiseconds,
# started (March 2026), number, ended.
ATTEMPTS = [
    ("l1", "C1", "en", "passed", 0.9, 60000, "2026-03-01 10:00", 1, True),
    ("l1", "C2", "en", "completed", None, 6000, "2026-03-03 09:00", 1,
     True),
    ("l2", "C1", "fr", "failed", 0.4, 120000, "2026-03-02 11:00", 1, True),
    ("l3", "C1", "en", "in_progress", None, 30000, "2026-03-05 12:00", 1,
     False),
    ("l4", "C1", "en", "failed", 0.2, 10000, "2026-03-10 08:00", 1, True),
    ("l4", "C1", "en", "completed", 0.7, 80000, "2026-03-12 08:00", 2,
     True),
    ("l6", "C1", "fr", "passed", 1.0, 240000, "2026-03-20 14:00", 1, True),
    # Lou tried the course as a trainer: she is no learner, so no figure
    # of the tenant's counts her.
    ("lou", "C1", "en", "passed", 0.5, 500000, "2026-03-15 10:00", 1,
     True),
]

CMI_L1 = [
    ["cmi.completion_status", "completed"],
    ["cmi.success_status", "passed"],
    ["cmi.score.scaled", "0.9"],
    ["cmi.interactions.0.id", "q1"],
    ["cmi.interactions.0.type", "choice"],
    ["cmi.interactions.0.description", "Which convention? <b>"],
    ["cmi.interactions.0.learner_response", "b"],
    ["cmi.interactions.0.correct_responses.0.pattern", "b"],
    ["cmi.interactions.0.result", "correct"],
    ["cmi.interactions.1.id", "q2"],
    ["cmi.interactions.1.type", "fill-in"],
    ["cmi.interactions.1.learner_response", "=1+1"],
    ["cmi.interactions.1.result", "incorrect"],
    ["cmi.objectives.0.id", "obj1"],
    ["cmi.objectives.0.success_status", "passed"],
    ["cmi.objectives.0.score.scaled", "0.9"],
]


def build(pg):
    """Builds tenants rpt (the known answers) and rpt2 (another tenant's
    course and learner, which nothing here may show)."""
    ids = {}
    for slug in (T, "rpt2"):
        pg.admin("tenant", "create", slug, f"Reports {slug}", "--lang",
              "en", "--languages", "en,fr", "--if-missing")
    env = {"OCTOLEARN_PASSWORD": PW}
    pg.admin("user", "add", "--tenant", T, "--email", "admin@rpt.example",
          "--name", "Rita Admin", "--roles", "tenant_admin",
          "--if-missing", env=env)
    pg.admin("user", "add", "--tenant", T, "--email", "trainer@rpt.example",
          "--name", "Tom Trainer", "--roles", "trainer", "--if-missing",
          env=env)
    pg.admin("user", "add", "--tenant", T, "--email",
          "learner@rpt.example", "--name", "Lou Learner", "--roles",
          "learner", "--if-missing", env=env)
    pg.admin("user", "add", "--tenant", "rpt2", "--email",
          "other@rpt2.example", "--name", "Otto Other", "--roles",
          "learner", "--if-missing", env=env)
    conn = pg.connect()
    cur = conn.cursor()
    q = lambda sql, *p: (cur.execute(sql, p),  # noqa: E731
                         cur.fetchall() if cur.description else None)[1]
    tid = q("SELECT id FROM tenants WHERE slug = %s", T)[0][0]
    t2 = q("SELECT id FROM tenants WHERE slug = 'rpt2'")[0][0]
    ids["tenant"] = tid
    ids["trainer"] = q("SELECT id FROM users WHERE email = "
                       "'trainer@rpt.example'")[0][0]
    ids["lou"] = q("SELECT id FROM users WHERE email = "
                   "'learner@rpt.example'")[0][0]
    ids["other"] = q("SELECT id FROM users WHERE email = "
                     "'other@rpt2.example'")[0][0]
    # Lou is a learner of the tenant but in this test she is nobody's.
    q("DELETE FROM user_roles WHERE user_id = %s", ids["lou"])
    q("INSERT INTO user_roles VALUES (%s, %s, 'trainer')", tid, ids["lou"])
    for key, name, _ in LEARNERS:
        ids[key] = q("INSERT INTO users (tenant_id, email, display_name) "
                     "VALUES (%s, %s, %s) RETURNING id", tid,
                     f"{key}@rpt.example", name)[0][0]
        q("INSERT INTO user_roles VALUES (%s, %s, 'learner')", tid,
          ids[key])
    for g in ("A", "B"):
        ids["group" + g] = q("INSERT INTO groups (tenant_id, name) VALUES "
                             "(%s, %s) RETURNING id", tid,
                             f"Group {g}")[0][0]
    q("INSERT INTO group_members VALUES (%s, %s, %s, 'trainer')", tid,
      ids["groupA"], ids["trainer"])
    for key, _, g in LEARNERS:
        if g:
            q("INSERT INTO group_members VALUES (%s, %s, %s, 'learner')",
              tid, ids["group" + g], ids[key])

    def course(tenant, title, langs):
        rid = q("INSERT INTO resources (tenant_id, kind, published) VALUES "
                "(%s, 'scorm', true) RETURNING id", tenant)[0][0]
        versions = {}
        for lang in langs:
            q("INSERT INTO resource_texts (tenant_id, resource_id, lang, "
              "title) VALUES (%s, %s, %s, %s)", tenant, rid, lang,
              title if lang == "en" else title + " (fr)")
            vid = q("INSERT INTO package_versions (tenant_id, resource_id, "
                    "lang, version, scorm_version, title, manifest, path) "
                    "VALUES (%s, %s, %s, 1, '2004', %s, '{}', 'x') "
                    "RETURNING id", tenant, rid, lang, title)[0][0]
            q("INSERT INTO package_items (tenant_id, version_id, position, "
              "organization, identifier, depth, title, launch, scorm_type) "
              "VALUES (%s, %s, 0, 'org', 'sco1', 1, 'Lesson one', "
              "'index.html', 'sco')", tenant, vid)
            versions[lang] = vid
        return rid, versions

    ids["C1"], v1 = course(tid, "Electronic evidence", ["en", "fr"])
    ids["C2"], v2 = course(tid, "Cybercrime basics", ["en"])
    ids["X"], vx = course(t2, "Other tenant's course", ["en"])
    versions = {"C1": v1, "C2": v2}
    q("SELECT set_config('octolearn.tenant_id', %s, false)", str(tid))
    for key, c, lang, st, score, cs, start, n, ended in ATTEMPTS:
        aid = q("INSERT INTO attempts (tenant_id, user_id, resource_id, "
                "version_id, item, number, kind, status, score, total_cs, "
                "ended, started_at, updated_at, cmi) VALUES (%s, %s, %s, "
                "%s, 'sco1', %s, '2004', %s, %s, %s, %s, %s, "
                "%s::timestamptz + interval '10 minutes', %s) RETURNING id",
                tid, ids[key], ids[c], versions[c][lang], n, st, score, cs,
                ended, start, start,
                json.dumps(CMI_L1 if (key, c) == ("l1", "C1") else []))[0][0]
        ids[f"att-{key}-{c}-{n}"] = aid
        q("SELECT octolearn_progress_refresh(%s, %s)", ids[key], ids[c])
    q("SELECT set_config('octolearn.tenant_id', %s, false)", str(t2))
    q("INSERT INTO attempts (tenant_id, user_id, resource_id, version_id, "
      "item, kind, status, score) VALUES (%s, %s, %s, %s, 'sco1', '2004', "
      "'passed', 1)", t2, ids["other"], ids["X"], vx["en"])
    q("SELECT octolearn_progress_refresh(%s, %s)", ids["other"], ids["X"])
    conn.close()
    return ids


