"""Progress reports: every figure of the course, learner, attempt and
group reports checked against a small tenant whose answers are worked out
by hand below; the same figures from the API; the CSV exports (streamed,
quoted, in the viewer's language); who may see what; bad filters."""

import csv
import html
import io
import re
import socket

import pytest
import requests

import reportdata
from conftest import sign_in

PW = reportdata.PW
T = reportdata.T
API = f"/api/v1/tenants/{T}/reports"
PAGES = f"/t/{T}/reports"
CMI_L1 = reportdata.CMI_L1


@pytest.fixture(scope="module")
def data(pg):
    return reportdata.build(pg)


def session(server, pg, email, api=True):
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, email, PW, tenant=T)
    assert r.status_code == 303, r.text
    return s


@pytest.fixture(scope="module")
def adm(server, pg, data):
    return session(server, pg, "admin@rpt.example")


@pytest.fixture(scope="module")
def trn(server, pg, data):
    return session(server, pg, "trainer@rpt.example")


def course_doc(server, s, data, query=""):
    r = s.get(f"{server.url}{API}/resources/{data['C1']}{query}")
    assert r.status_code == 200, server.log()[-1500:]
    return r.json()


def test_course_report_figures_for_the_tenant_admin(server, adm, data):
    doc = course_doc(server, adm, data)
    assert doc["resource"] == {"id": data["C1"],
                               "title": "Electronic evidence"}
    s = doc["summary"]
    # Six learners; L5 has no record: not started.
    assert s["learners"] == 6
    assert s["counts"] == {"not_started": 1, "in_progress": 1,
                           "completed": 1, "passed": 2, "failed": 1}
    # Scores of L1 .9, L2 .4, L4 .7 (newest attempt), L6 1.0: mean .75.
    assert s["average_score"] == pytest.approx(0.75, abs=1e-6)
    # Times of those who started: 600, 1200, 300, 900 (both of L4's
    # attempts), 2400 s; the median is 900 s.
    assert s["median_time_cs"] == 90000
    # .4 in 40-50 %, .7 in 70-80 %, .9 and 1.0 in the last band.
    assert s["score_histogram"] == [0, 0, 0, 0, 1, 0, 0, 1, 0, 2]
    en, fr = s["variants"]
    assert en["lang"] == "en" and fr["lang"] == "fr"
    assert en["records"] == 3 and fr["records"] == 2
    assert en["counts"] == {"not_started": 0, "in_progress": 1,
                            "completed": 1, "passed": 1, "failed": 0}
    assert fr["counts"] == {"not_started": 0, "in_progress": 0,
                            "completed": 0, "passed": 1, "failed": 1}
    assert en["average_score"] == pytest.approx(0.8, abs=1e-6)
    assert fr["average_score"] == pytest.approx(0.7, abs=1e-6)
    assert en["median_time_cs"] == 60000
    assert fr["median_time_cs"] == 180000
    rows = doc["learners"]["rows"]
    assert doc["learners"]["total"] == 6
    assert [r["name"] for r in rows] == [
        "=Eva Epsilon", "Anna Alpha", "Bruno Beta", "Chloé Gamma",
        "Dmitri Delta", "Farah Zeta"]
    d = next(r for r in rows if r["name"] == "Dmitri Delta")
    assert d == {"id": data["l4"], "name": "Dmitri Delta",
                 "email": "l4@rpt.example", "status": "completed",
                 "score": 70, "time_cs": 90000, "attempts": 2,
                 "last_activity": "2026-03-12 08:10", "language": "en"}
    e = rows[0]
    assert e["status"] == "not_started" and e["score"] is None
    assert e["attempts"] == 0 and e["last_activity"] is None


CELLS = ("SELECT tenant_id, resource_id, user_id % 16, lang, status, "
         "octolearn_score_band(score), count(*), count(score), "
         "coalesce(sum(score::float8::numeric), 0) FROM progress "
         "GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6")
CELLS_KEPT = ("SELECT tenant_id, resource_id, shard, lang, status, band, "
              "n, scored, total FROM progress_cells WHERE n <> 0 "
              "ORDER BY 1, 2, 3, 4, 5, 6")


def test_course_cells_follow_the_records(pg, data):
    """The counts a whole tenant's report reads (progress_cells) are the
    records' own after every way a record changes: a new attempt
    refreshed (an upsert), an update, a deletion, a learner removed."""
    conn = pg.connect()
    conn.autocommit = False
    cur = conn.cursor()

    def same():
        cur.execute(CELLS)
        want = cur.fetchall()
        cur.execute(CELLS_KEPT)
        assert cur.fetchall() == want
        return want

    try:
        cur.execute("SELECT set_config('octolearn.tenant_id', %s, true)",
                    (str(data["tenant"]),))
        before = same()
        assert any(r[1] == data["C1"] for r in before)
        # L3 finishes with a score: status and band change (upsert).
        cur.execute("UPDATE attempts SET status = 'passed', score = 0.55 "
                    "WHERE id = %s", (data["att-l3-C1-1"],))
        cur.execute("SELECT octolearn_progress_refresh(%s, %s)",
                    (data["l3"], data["C1"]))
        assert same() != before
        cur.execute("UPDATE progress SET lang = 'fr', score = NULL WHERE "
                    "resource_id = %s", (data["C1"],))
        same()
        cur.execute("DELETE FROM progress WHERE user_id = %s",
                    (data["l1"],))
        same()
        cur.execute("DELETE FROM users WHERE id = %s", (data["l2"],))
        same()
    finally:
        conn.rollback()
        conn.close()


def test_course_activity_over_a_range(server, adm, data):
    s = course_doc(server, adm, data, "?from=2026-03-01&to=2026-03-31")
    act = s["summary"]["activity"]
    assert act["from"] == "2026-03-01" and act["to"] == "2026-03-31"
    assert act["days_per_band"] == 1
    bands = {b["from"]: b["attempts"] for b in act["bands"]}
    assert len(bands) == 31
    assert {d: n for d, n in bands.items() if n} == {
        "2026-03-01": 1, "2026-03-02": 1, "2026-03-05": 1,
        "2026-03-10": 1, "2026-03-12": 1, "2026-03-20": 1}
    # A year in bands of several days: no more than 90 bands, all counted.
    s = course_doc(server, adm, data, "?from=2025-06-01&to=2026-05-31")
    act = s["summary"]["activity"]
    assert act["days_per_band"] == 5
    assert len(act["bands"]) <= 90
    assert sum(b["attempts"] for b in act["bands"]) == 6


def test_course_filters(server, adm, data):
    s = course_doc(server, adm, data, "?language=fr")["summary"]
    assert s["learners"] == 2
    assert s["counts"] == {"not_started": 0, "in_progress": 0,
                           "completed": 0, "passed": 1, "failed": 1}
    assert s["average_score"] == pytest.approx(0.7, abs=1e-6)
    # Last activity from 10 March: L4 (12th) and L6 (20th).
    doc = course_doc(server, adm, data, "?from=2026-03-10&to=2026-03-31")
    assert doc["summary"]["learners"] == 2
    assert {r["name"] for r in doc["learners"]["rows"]} == {
        "Dmitri Delta", "Farah Zeta"}
    # Group B: L4 and L5 (who has not started).
    doc = course_doc(server, adm, data, f"?group={data['groupB']}")
    assert doc["summary"]["learners"] == 2
    assert doc["summary"]["counts"]["not_started"] == 1
    assert doc["summary"]["counts"]["completed"] == 1
    # The status filter chooses the rows, not the figures.
    doc = course_doc(server, adm, data, "?status=passed")
    assert doc["learners"]["total"] == 2
    assert [r["name"] for r in doc["learners"]["rows"]] == [
        "Anna Alpha", "Farah Zeta"]
    assert doc["summary"]["learners"] == 6
    doc = course_doc(server, adm, data, "?status=not_started")
    assert [r["name"] for r in doc["learners"]["rows"]] == ["=Eva Epsilon"]


def test_course_sorting_and_paging(server, adm, data):
    rows = course_doc(server, adm, data,
                      "?sort=score&dir=desc")["learners"]["rows"]
    assert [r["score"] for r in rows] == [100, 90, 70, 40, None, None]
    rows = course_doc(server, adm, data, "?sort=time")["learners"]["rows"]
    assert [r["time_cs"] for r in rows][:5] == [30000, 60000, 90000,
                                                120000, 240000]
    rows = course_doc(server, adm, data,
                      "?sort=status")["learners"]["rows"]
    assert [r["status"] for r in rows] == [
        "not_started", "in_progress", "completed", "passed", "passed",
        "failed"]
    doc = course_doc(server, adm, data, "?page=2")
    assert doc["learners"]["page"] == 2 and doc["learners"]["rows"] == []


def test_trainer_sees_only_their_groups(server, trn, data):
    s = course_doc(server, trn, data)["summary"]
    # Group A: L1 passed .9 (600 s), L2 failed .4 (1200 s), L3 in
    # progress (300 s).
    assert s["learners"] == 3
    assert s["counts"] == {"not_started": 0, "in_progress": 1,
                           "completed": 0, "passed": 1, "failed": 1}
    assert s["average_score"] == pytest.approx(0.65, abs=1e-6)
    assert s["median_time_cs"] == 60000
    base = server.url + API
    for path in (f"/learners/{data['l4']}", f"/learners/{data['l6']}",
                 f"/groups/{data['groupB']}",
                 f"/attempts/{data['att-l4-C1-2']}",
                 f"/resources/{data['C1']}?group={data['groupB']}",
                 f"/learners/{data['l4']}/resources.csv",
                 f"/groups/{data['groupB']}/matrix.csv"):
        r = trn.get(base + path)
        assert r.status_code == 404, (path, r.status_code)
    assert trn.get(f"{base}/learners/{data['l1']}").status_code == 200
    rows = trn.get(f"{server.url}{PAGES}/progress.csv").content
    text = rows.decode("utf-8-sig")
    assert "Anna Alpha" in text and "Dmitri Delta" not in text


def test_nobody_sees_another_tenant(server, adm, data):
    base = server.url + API
    for path in (f"/resources/{data['X']}", f"/learners/{data['other']}",
                 f"/resources/{data['X']}/learners.csv"):
        assert adm.get(base + path).status_code == 404, path
    text = adm.get(f"{server.url}{PAGES}/progress.csv").content.decode(
        "utf-8-sig")
    assert "Otto Other" not in text and "Other tenant" not in text


def test_learners_and_strangers_are_refused(server, pg, data):
    s = session(server, pg, "learner@rpt.example")
    # Lou is a trainer of no group: she sees the reports, but no learner.
    doc = course_doc(server, s, data)
    assert doc["summary"]["learners"] == 0
    assert doc["learners"]["rows"] == []
    r = requests.get(f"{server.url}{API}/resources/{data['C1']}")
    assert r.status_code == 401
    r = requests.get(f"{server.url}{PAGES}", allow_redirects=False)
    assert r.status_code in (302, 303)
    demo, _ = sign_in(server, "learner1@demo.example", "demo-learner-2026")
    r = demo.get(f"{server.url}/t/demo/reports")
    assert r.status_code == 403


@pytest.mark.parametrize("query,word", [
    ("?from=2026-02-30", "YYYY-MM-DD"),
    ("?from=26-03-01", "YYYY-MM-DD"),
    ("?from=2026-03-10&to=2026-03-01", "comes after"),
    ("?status=done", "status"),
    ("?sort=password", "sorted"),
    ("?dir=up", "sorted"),
    ("?page=0", "page"),
    ("?page=x", "page"),
    ("?language=english", "language"),
    ("?group=abc", "group"),
])
def test_bad_filters_are_400(server, adm, data, query, word):
    r = adm.get(f"{server.url}{API}/resources/{data['C1']}{query}")
    assert r.status_code == 400
    assert word in r.json()["error"]["message"]
    r = adm.get(f"{server.url}{PAGES}/resources/{data['C1']}{query}")
    assert r.status_code == 400
    assert word in r.text


def test_bad_filters_in_the_users_language(server, adm, data):
    from conftest import catalogue_of
    fr = catalogue_of("fr")
    r = adm.get(f"{server.url}{PAGES}/resources/{data['C1']}"
                "?from=2026-13-01&lang=fr")
    assert r.status_code == 400
    assert fr.gettext("Dates are written as YYYY-MM-DD.") in \
        html.unescape(r.text)
    assert r.headers["content-language"] == "fr"


def test_learner_report(server, adm, data):
    r = adm.get(f"{server.url}{API}/learners/{data['l4']}")
    doc = r.json()
    assert doc["learner"] == {"id": data["l4"], "name": "Dmitri Delta",
                              "email": "l4@rpt.example"}
    res = {x["title"]: x for x in doc["resources"]}
    assert res["Electronic evidence"]["status"] == "completed"
    assert res["Electronic evidence"]["score"] == 70
    assert res["Electronic evidence"]["time_cs"] == 90000
    assert res["Electronic evidence"]["attempts"] == 2
    assert res["Cybercrime basics"]["status"] == "not_started"
    assert [(a["number"], a["status"]) for a in doc["attempts"]] == [
        (2, "completed"), (1, "failed")]
    assert doc["attempts"][0]["item"] == "Lesson one"
    doc = adm.get(f"{server.url}{API}/learners/{data['l4']}"
                  "?status=not_started").json()
    assert [x["title"] for x in doc["resources"]] == ["Cybercrime basics"]


def test_attempt_drill_down(server, adm, data):
    aid = data["att-l1-C1-1"]
    doc = adm.get(f"{server.url}{API}/attempts/{aid}").json()
    assert doc["status"] == "passed" and doc["score"] == 90
    assert doc["values"] == CMI_L1
    i0, i1 = doc["interactions"]
    assert i0["fields"]["learner_response"] == "b"
    assert i0["fields"]["result"] == "correct"
    assert i1["fields"]["result"] == "incorrect"
    assert doc["objectives"][0]["fields"]["id"] == "obj1"
    page = adm.get(f"{server.url}{PAGES}/attempts/{aid}").text
    # What the learner's course wrote is shown, never run.
    assert "Which convention? &lt;b&gt;" in page
    assert "<b>" not in page.split("<main")[1]
    assert re.search(r"<td>b</td><td>b</td><td>correct</td>", page)
    r = adm.get(f"{server.url}{PAGES}/attempts/{aid}/interactions.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["#", "Question", "Description", "Type",
                       "Learner response", "Correct response", "Result",
                       "Time", "Latency"]
    assert rows[1][:7] == ["1", "q1", "Which convention? <b>", "choice",
                           "b", "b", "correct"]
    # A response that is a formula is written as text.
    assert rows[2][4] == "'=1+1"


def test_group_matrix(server, trn, data):
    doc = trn.get(f"{server.url}{API}/groups/{data['groupA']}").json()
    assert doc["group"]["name"] == "Group A"
    assert [c[1] for c in doc["resources"]] == ["Cybercrime basics",
                                                "Electronic evidence"]
    c1, c2 = str(data["C1"]), str(data["C2"])
    got = {r["name"]: r["statuses"] for r in doc["learners"]["rows"]}
    assert got == {"Anna Alpha": {c1: "passed", c2: "completed"},
                   "Bruno Beta": {c1: "failed"},
                   "Chloé Gamma": {c1: "in_progress"}}
    page = trn.get(f"{server.url}{PAGES}/groups/{data['groupA']}").text
    cells = re.findall(r'data-status="([a-z_]+)">([^<]+)</td>', page)
    assert cells == [("completed", "Completed"), ("passed", "Passed"),
                     ("not_started", "Not started"), ("failed", "Failed"),
                     ("not_started", "Not started"),
                     ("in_progress", "In progress")]
    r = trn.get(f"{server.url}{PAGES}/groups/{data['groupA']}/matrix.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows == [
        ["Name", "Email address", "Cybercrime basics",
         "Electronic evidence"],
        ["Anna Alpha", "l1@rpt.example", "Completed", "Passed"],
        ["Bruno Beta", "l2@rpt.example", "Not started", "Failed"],
        ["Chloé Gamma", "l3@rpt.example", "Not started", "In progress"]]


def test_course_csv(server, adm, data):
    r = adm.get(f"{server.url}{PAGES}/resources/{data['C1']}/learners.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv; charset=utf-8")
    assert r.headers["transfer-encoding"] == "chunked"
    assert "attachment" in r.headers["content-disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in r.content
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Email address", "Status", "Score (%)",
                       "Time spent", "Attempts", "Last activity",
                       "Language"]
    assert rows[1] == ["'=Eva Epsilon", "l5@rpt.example", "Not started",
                       "", "0:00:00", "0", "", ""]
    assert rows[5] == ["Dmitri Delta", "l4@rpt.example", "Completed", "70",
                       "0:15:00", "2", "2026-03-12 08:10", "en"]
    assert len(rows) == 7
    r = adm.get(f"{server.url}{PAGES}/resources/{data['C1']}/learners.csv"
                "?language=fr")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [x[0] for x in rows[1:]] == ["Bruno Beta", "Farah Zeta"]


def test_progress_csv(server, adm, data):
    r = adm.get(f"{server.url}{PAGES}/progress.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Name", "Email address", "Course", "Language",
                           "Status"]
    # One row per learner and course with a record: L1 twice, L2, L3, L4,
    # L6.
    assert sorted((x[0], x[2], x[4]) for x in rows[1:]) == [
        ("Anna Alpha", "Cybercrime basics", "Completed"),
        ("Anna Alpha", "Electronic evidence", "Passed"),
        ("Bruno Beta", "Electronic evidence", "Failed"),
        ("Chloé Gamma", "Electronic evidence", "In progress"),
        ("Dmitri Delta", "Electronic evidence", "Completed"),
        ("Farah Zeta", "Electronic evidence", "Passed")]
    # A record's first activity is its first attempt's start: L4 failed
    # on 10 March and completed on the 12th.
    d = next(x for x in rows if x[0] == "Dmitri Delta")
    assert (d[8], d[9]) == ("2026-03-10 08:00", "2026-03-12 08:10")
    # Within a range of last activity (both days included), in order of
    # last activity: L3 (5 March), L4 (12 March); not Lou (15 March), who
    # is no learner, nor L6 (20 March).
    r = adm.get(f"{server.url}{PAGES}/progress.csv?from=2026-03-04"
                "&to=2026-03-15")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [(x[0], x[9]) for x in rows[1:]] == [
        ("Chloé Gamma", "2026-03-05 12:10"),
        ("Dmitri Delta", "2026-03-12 08:10")]
    r = adm.get(f"{server.url}{PAGES}/progress.csv?to=2026-03-01")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [(x[0], x[2]) for x in rows[1:]] == [
        ("Anna Alpha", "Electronic evidence")]


def progress_rows(server, s, query=""):
    """The rows of progress.csv (less its header) as s sees them."""
    r = s.get(f"{server.url}{PAGES}/progress.csv{query}")
    assert r.status_code == 200, server.log()[-1500:]
    # French writes decimal commas: its separator is a semicolon.
    sep = ";" if r.headers["content-language"] == "fr" else ","
    return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")),
                           delimiter=sep))[1:]


def test_progress_csv_order_scope_and_filters(server, pg, adm, trn, data):
    ee, cb = "Electronic evidence", "Cybercrime basics"
    pairs = lambda rows: [(x[0], x[2]) for x in rows]  # noqa: E731
    # In order of learner (by id), then of resource (by id).
    assert pairs(progress_rows(server, adm)) == [
        ("Anna Alpha", ee), ("Anna Alpha", cb), ("Bruno Beta", ee),
        ("Chloé Gamma", ee), ("Dmitri Delta", ee), ("Farah Zeta", ee)]
    assert progress_rows(server, adm)[0] == [
        "Anna Alpha", "l1@rpt.example", ee, "en", "Passed", "90",
        "0:10:00", "1", "2026-03-01 10:00", "2026-03-01 10:10"]
    assert pairs(progress_rows(server, adm, "?status=passed")) == [
        ("Anna Alpha", ee), ("Farah Zeta", ee)]
    assert pairs(progress_rows(server, adm, "?language=fr")) == [
        ("Bruno Beta", ee), ("Farah Zeta", ee)]
    assert pairs(progress_rows(server, adm, "?language=fr&status=passed")) \
        == [("Farah Zeta", ee)]
    assert pairs(progress_rows(server, adm, f"?group={data['groupB']}")) \
        == [("Dmitri Delta", ee)]
    # Within a range, in order of last activity; Lou (15 March) is no
    # learner; L2 and L6 took the course in French.
    assert pairs(progress_rows(server, adm, "?language=en&from=2026-03-01"
                               "&to=2026-03-31")) == [
        ("Anna Alpha", ee), ("Anna Alpha", cb), ("Chloé Gamma", ee),
        ("Dmitri Delta", ee)]
    assert pairs(progress_rows(server, adm, "?status=completed"
                               "&from=2026-03-01")) == [
        ("Anna Alpha", cb), ("Dmitri Delta", ee)]
    # A trainer: the learners of group A only, with or without a range.
    assert pairs(progress_rows(server, trn)) == [
        ("Anna Alpha", ee), ("Anna Alpha", cb), ("Bruno Beta", ee),
        ("Chloé Gamma", ee)]
    assert pairs(progress_rows(server, trn, "?from=2026-03-02")) == [
        ("Bruno Beta", ee), ("Anna Alpha", cb), ("Chloé Gamma", ee)]
    # Titles in the viewer's language, else the tenant's, else any.
    assert pairs(progress_rows(server, adm, "?lang=fr&language=en")) == [
        ("Anna Alpha", ee + " (fr)"), ("Anna Alpha", cb),
        ("Chloé Gamma", ee + " (fr)"), ("Dmitri Delta", ee + " (fr)")]
    # A learner whose role is taken away is in no export any more.
    pg.query("DELETE FROM user_roles WHERE user_id = %s AND role = "
             "'learner'", (data["l1"],))
    try:
        for who in (adm, trn):
            for query in ("", "?from=2026-03-01"):
                names = {x[0] for x in progress_rows(server, who, query)}
                assert "Anna Alpha" not in names and "Bruno Beta" in names
    finally:
        pg.query("INSERT INTO user_roles VALUES (%s, %s, 'learner')",
                 (data["tenant"], data["l1"]))


@pytest.fixture
def many_courses(pg, data):
    """5,200 more courses, with records of L6 at each and of L4 at the
    first 3,000, all of the same instant: more records of one learner than
    a batch holds, and more titles than an export keeps. Course n has an
    English and a French title (n % 4 = 0), a French one only (1), no
    title but its package's, the newest version's (2), or none (3)."""
    tid = data["tenant"]
    conn = pg.connect()
    cur = conn.cursor()
    cur.execute("SELECT max(id) FROM resources")
    last = cur.fetchone()[0]
    cur.execute("INSERT INTO resources (tenant_id, kind, published) "
                "SELECT %s, 'scorm', true FROM generate_series(1, 5200)",
                (tid,))
    bulk = ("(SELECT id, row_number() OVER (ORDER BY id) - 1 AS n "
            "FROM resources WHERE id > %s) b")
    cur.execute("INSERT INTO resource_texts (tenant_id, resource_id, lang, "
                "title) SELECT %s, id, 'en', 'Bulk ' || lpad(n::text, 4, "
                "'0') FROM " + bulk + " WHERE mod(n, 4) = 0",
                (tid, last))
    cur.execute("INSERT INTO resource_texts (tenant_id, resource_id, lang, "
                "title) SELECT %s, id, 'fr', 'Bulk ' || lpad(n::text, 4, "
                "'0') || ' (fr)' FROM " + bulk + " WHERE mod(n, 4) IN "
                "(0, 1)", (tid, last))
    for v, title in ((1, "Old "), (2, "Package ")):
        cur.execute("INSERT INTO package_versions (tenant_id, resource_id, "
                    "lang, version, scorm_version, title, manifest, path) "
                    "SELECT %s, id, 'en', %s, '2004', %s || lpad(n::text, "
                    "4, '0'), '{}', 'x' FROM " + bulk + " WHERE "
                    "mod(n, 4) = 2", (tid, v, title, last))
    cur.execute("INSERT INTO progress (tenant_id, user_id, resource_id, "
                "lang, status, score, total_cs, attempts, first_activity, "
                "last_activity) SELECT %s, u.id, b.id, 'en', 'completed', "
                "0.5, 100, 1, '2026-05-01 10:00', '2026-05-01 10:00' FROM "
                + bulk + ", (VALUES (%s), (%s)) u (id) WHERE u.id = %s OR "
                "b.n < 3000", (tid, last, data["l4"], data["l6"],
                               data["l6"]))
    conn.close()
    yield
    # The records first: their trigger counts them out of the courses'.
    pg.query("DELETE FROM progress WHERE resource_id > %s", (last,))
    pg.query("DELETE FROM resources WHERE id > %s", (last,))


def bulk_title(n, lang="en"):
    return {0: f"Bulk {n:04d}" + (" (fr)" if lang == "fr" else ""),
            1: f"Bulk {n:04d} (fr)", 2: f"Package {n:04d}", 3: ""}[n % 4]


def test_progress_csv_over_batches_of_one_learner(server, adm, data,
                                                  many_courses):
    ee = "Electronic evidence"
    l4 = [("Dmitri Delta", bulk_title(n)) for n in range(3000)]
    l6 = [("Farah Zeta", bulk_title(n)) for n in range(5200)]
    rows = progress_rows(server, adm)
    assert [(x[0], x[2]) for x in rows] == [
        ("Anna Alpha", ee), ("Anna Alpha", "Cybercrime basics"),
        ("Bruno Beta", ee), ("Chloé Gamma", ee), ("Dmitri Delta", ee),
        *l4, ("Farah Zeta", ee), *l6]
    # Of the same instant: in order of learner, then of resource.
    rows = progress_rows(server, adm, "?from=2026-05-01&to=2026-05-01")
    assert [(x[0], x[2]) for x in rows] == l4 + l6
    assert {x[9] for x in rows} == {"2026-05-01 10:00"}
    rows = progress_rows(server, adm, "?lang=fr&from=2026-05-01")
    assert [(x[0], x[2]) for x in rows] == [
        (name, bulk_title(n, "fr")) for name, count in
        (("Dmitri Delta", 3000), ("Farah Zeta", 5200))
        for n in range(count)]


def test_course_page_in_french(server, adm, data):
    from conftest import catalogue_of
    fr = catalogue_of("fr")
    r = adm.get(f"{server.url}{PAGES}/resources/{data['C1']}?lang=fr")
    assert r.status_code == 200
    page = r.text
    assert r.headers["content-language"] == "fr"
    assert fr.gettext("Learners by status") in page
    assert page.count("<svg") == 3
    assert 'role="img"' in page
    # Figures as the language writes them.
    assert re.search(r'id="fig-learners">6<', page)
    assert 'id="fig-time">0:15:00<' in page
    assert fr.pgettext("progress", "Passed") in page


def test_report_pages_link_to_each_other(server, pg, trn, data):
    pg.query("UPDATE resources SET published = false WHERE id = %s",
             (data["C2"],))
    try:
        page = trn.get(f"{server.url}{PAGES}").text
    finally:
        pg.query("UPDATE resources SET published = true WHERE id = %s",
                 (data["C2"],))
    # An unpublished course is listed, and said to be so, in its item.
    assert re.search(r'<li><a href="[^"]+/resources/%d">Cybercrime basics'
                     r'</a> <small>\(not published\)</small></li>'
                     % data["C2"], page)
    assert f'{PAGES}/resources/{data["C1"]}"' in page
    assert f'{PAGES}/groups/{data["groupA"]}"' in page
    assert f'{PAGES}/groups/{data["groupB"]}"' not in page
    page = trn.get(f"{server.url}{PAGES}?q=alpha").text
    assert f'{PAGES}/learners/{data["l1"]}"' in page
    page = trn.get(f"{server.url}{PAGES}?q=delta").text
    assert f'{PAGES}/learners/{data["l4"]}"' not in page
    page = trn.get(f"{server.url}{PAGES}/resources/{data['C1']}").text
    assert f'{PAGES}/learners/{data["l1"]}"' in page
    assert f'{PAGES}/resources/{data["C1"]}/learners.csv"' in page


@pytest.fixture(scope="module")
def big(pg, data):
    """4,500 more learners in group B with a record of C2 each, so that
    the exports cross several batches."""
    tid = data["tenant"]
    conn = pg.connect()
    cur = conn.cursor()
    cur.execute("INSERT INTO users (tenant_id, email, display_name) "
                "SELECT %s, 'bulk' || n || '@rpt.example', 'Bulk ' || "
                "lpad(n::text, 5, '0') FROM generate_series(1, 4500) n",
                (tid,))
    cur.execute("INSERT INTO user_roles SELECT tenant_id, id, 'learner' "
                "FROM users WHERE tenant_id = %s AND email LIKE 'bulk%%'",
                (tid,))
    cur.execute("INSERT INTO group_members SELECT tenant_id, %s, id, "
                "'learner' FROM users WHERE tenant_id = %s AND email "
                "LIKE 'bulk%%'", (data["groupB"], tid))
    cur.execute("INSERT INTO progress (tenant_id, user_id, resource_id, "
                "lang, status, score, total_cs, attempts, first_activity, "
                "last_activity) SELECT tenant_id, id, %s, 'en', "
                "'completed', 0.5, 100, 1, '2026-04-01', '2026-04-01' "
                "FROM users WHERE tenant_id = %s AND email LIKE 'bulk%%'",
                (data["C2"], tid))
    conn.close()
    yield
    pg.query("DELETE FROM users WHERE email LIKE 'bulk%%@rpt.example'")


def test_exports_cross_batches(server, adm, data, big):
    r = adm.get(f"{server.url}{PAGES}/resources/{data['C2']}/learners.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    names = [x[0] for x in rows[1:]]
    assert len(names) == 4506 and len(set(names)) == 4506
    bulk = [n for n in names if n.startswith("Bulk")]
    assert bulk == sorted(bulk)
    r = adm.get(f"{server.url}{PAGES}/progress.csv?group={data['groupB']}")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    # The bulk learners' records and L4's (one batch of progress.csv,
    # whose batches are larger: test_progress_csv_over_batches_of_one_learner
    # crosses them).
    assert len(rows) - 1 == 4501
    assert len({(x[1], x[2]) for x in rows[1:]}) == 4501
    # A range of activity, read in order of last activity: 4,500 records
    # of the same instant, ordered and cut into batches by learner.
    r = adm.get(f"{server.url}{PAGES}/progress.csv?from=2026-04-01"
                "&to=2026-04-01")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) - 1 == 4500
    assert len({x[1] for x in rows[1:]}) == 4500
    # Numbers as each language groups their digits.
    page = adm.get(f"{server.url}{PAGES}/resources/{data['C2']}").text
    assert 'id="fig-learners">4,506<' in page
    page = adm.get(f"{server.url}{PAGES}/resources/{data['C2']}"
                   "?lang=fr").text
    assert 'id="fig-learners">4\u202f506<' in page
    doc = adm.get(f"{server.url}{API}/groups/{data['groupB']}"
                  "?page=3").json()
    assert doc["learners"]["total"] == 4502
    assert len(doc["learners"]["rows"]) == 50


def test_a_client_leaving_mid_export_harms_nothing(server, adm, data, big):
    before = set(server.workers())
    assert before
    cookie = "; ".join(f"{k}={v}" for k, v in adm.cookies.items())
    for _ in range(4):
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall((f"GET {PAGES}/progress.csv HTTP/1.1\r\nHost: x\r\n"
                      f"Cookie: {cookie}\r\n\r\n").encode())
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")
        sock.close()
    # Every worker is the one that was there: none died of it.
    r = adm.get(f"{server.url}{API}/resources/{data['C1']}")
    assert r.status_code == 200
    assert set(server.workers()) == before
    # And the same connection serves a next request after a whole file.
    with requests.Session() as s:
        s.cookies.update(adm.cookies)
        r1 = s.get(f"{server.url}{PAGES}/resources/{data['C1']}/"
                   "learners.csv")
        r2 = s.get(f"{server.url}{API}/resources/{data['C1']}")
        assert r1.status_code == 200 and r2.status_code == 200
        assert r1.content.decode("utf-8-sig").count("\r\n") == 4507
