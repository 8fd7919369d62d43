"""The SCORM run-time over HTTP (app/attempts.c, app/player.c): launches
open sessions of a learner's attempt with the LMS's values, commits are
checked value by value (the specification's error code, nothing stored),
idempotent by sequence number and refused after their session ended;
suspend and resume, server-timed sessions, the 1.2 status rules (LMSFinish
without a status, masteryscore), 2004 success and score, new attempts
after a finished one, the progress record, file resources, isolation, and
the learner's pages (player, dashboard, resource page)."""

import io
import json
import re
import time
import zipfile

import pytest

from conftest import CORPUS as CORPUS_ROOT
from conftest import api_session, import_package, sign_in

CORPUS = CORPUS_ROOT / "packages"
API = "/api/v1/tenants/demo"
ADMIN = ("admin@demo.example", "demo-admin-2026")
LEARNER = ("learner3@demo.example", "demo-learner-2026")
OTHER = ("learner1@demo.example", "demo-learner-2026")


def session_for(server, pg, who):
    return api_session(server, pg, *who)


def import_zip(server, s, data):
    return import_package(server, s, data)


def with_mastery(name, score):
    """The corpus package with a masteryscore on its item (in memory)."""
    src = zipfile.ZipFile(CORPUS / name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "imsmanifest.xml":
                data = re.sub(rb"(<item identifier=\"item_1\"[^>]*>\s*"
                              rb"<title>[^<]*</title>)",
                              rb"\1<adlcp:masteryscore>" +
                              str(score).encode() +
                              rb"</adlcp:masteryscore>", data, count=1)
                assert b"masteryscore" in data
            z.writestr(info, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def admin(server, pg):
    return session_for(server, pg, ADMIN)


@pytest.fixture(scope="module")
def learner(server, pg):
    return session_for(server, pg, LEARNER)


@pytest.fixture(scope="module")
def golf12(server, pg, admin):
    rid, vid = import_zip(server, admin, (
        CORPUS / "scorm12-golf-runtime-basic-2016.zip").read_bytes())
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    return rid, vid


@pytest.fixture(scope="module")
def golf2004(server, pg, admin):
    rid, vid = import_zip(server, admin, (
        CORPUS / "scorm2004-3rd-golf-runtime-basic-2016.zip").read_bytes())
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    return rid, vid


def launch(server, s, rid, vid, item="item_1"):
    return s.post(server.url + f"{API}/resources/{rid}/launch",
                  json={"item": item, "version": vid})


def commit(server, s, attempt, session, seq, values, terminate=False):
    return s.post(server.url + f"{API}/attempts/{attempt}/commit",
                  json={"session": session, "seq": seq, "values": values,
                        "terminate": terminate})


def stored(pg, attempt):
    row = pg.query("SELECT cmi, status, score, total_cs, session, "
                   "session_open, seq, ended, suspended FROM attempts "
                   "WHERE id = %s", (attempt,))[0]
    return dict(row[0]), row[1:]


def progress(pg, s_user, rid):
    rows = pg.query("SELECT p.status, p.score, p.total_cs, p.attempts "
                    "FROM progress p JOIN users u ON u.id = p.user_id "
                    "WHERE u.email = %s AND p.resource_id = %s",
                    (s_user, rid))
    return rows[0] if rows else None


def reset(pg, rid):
    pg.query("DELETE FROM attempts WHERE resource_id = %s", (rid,))
    pg.query("DELETE FROM progress WHERE resource_id = %s", (rid,))


def test_scorm12_session_suspend_resume_and_finish(server, pg, learner,
                                                   golf12):
    rid, vid = golf12
    reset(pg, rid)
    r = launch(server, learner, rid, vid)
    assert r.status_code == 200, r.text
    doc = r.json()
    a, s = doc["attempt"], doc["session"]
    v = doc["values"]
    assert doc["scorm_version"] == "1.2" and s == 1
    assert v["cmi.core.entry"] == "ab-initio"
    assert v["cmi.core.lesson_status"] == "not attempted"
    assert v["cmi.core.credit"] == "credit"
    assert v["cmi.core.lesson_mode"] == "normal"
    uid = pg.query("SELECT id FROM users WHERE email = %s",
                   (LEARNER[0],))[0][0]
    assert v["cmi.core.student_id"] == str(uid)
    assert progress(pg, LEARNER[0], rid)[0] == "in_progress"

    # 20 values in one commit, one statement; read back whole.
    values = [["cmi.core.lesson_location", "page-3"],
              ["cmi.core.lesson_status", "incomplete"],
              ["cmi.suspend_data", "s" * 4096],
              ["cmi.core.score.raw", "42"]]
    values += [[f"cmi.objectives.{i}.id", f"obj-{i}"] for i in range(16)]
    r = commit(server, learner, a, s, 1, values)
    assert r.status_code == 200, r.text
    assert r.json() == {"seq": 1, "applied": True, "status": "in_progress"}
    cmi, row = stored(pg, a)
    assert cmi["cmi.core.lesson_location"] == "page-3"
    assert cmi["cmi.suspend_data"] == "s" * 4096
    assert cmi["cmi.objectives.15.id"] == "obj-15"
    assert row[0] == "in_progress" and abs(row[1] - 0.42) < 1e-6

    # A repeated commit, then a late one: acknowledged, nothing older
    # overwrites anything newer.
    r = commit(server, learner, a, s, 3, [["cmi.core.lesson_location",
                                           "page-5"]])
    assert r.json()["applied"] is True
    for seq in (3, 2):
        r = commit(server, learner, a, s, seq,
                   [["cmi.core.lesson_location", "page-1"]])
        assert r.status_code == 200 and r.json()["applied"] is False
    assert stored(pg, a)[0]["cmi.core.lesson_location"] == "page-5"

    # Bad values: the specification's code, nothing of the commit kept.
    for elem, val, code in (
            ("cmi.core.lesson_status", "not attempted", 405),
            ("cmi.core.score.raw", "abc", 405),
            ("cmi.suspend_data", "s" * 4097, 405),
            ("cmi.core.student_id", "me", 403),
            ("cmi.core.nonsense", "1", 401),
            ("cmi.objectives.20.id", "gap", 201)):
        before = stored(pg, a)
        r = commit(server, learner, a, s, 10,
                   [["cmi.core.lesson_location", "page-9"], [elem, val]])
        assert r.status_code == 400, (elem, r.text)
        err = r.json()["error"]
        assert (err["element"], err["code"]) == (elem, code)
        assert stored(pg, a) == before
    # Malformed commits.
    for body in ({"session": s, "seq": 11}, {"session": s, "seq": 0,
                                              "values": []},
                 {"session": s, "seq": 11, "values": [["a"]]},
                 {"session": s, "seq": 11, "values": [["a", 1]]}):
        r = learner.post(server.url + f"{API}/attempts/{a}/commit",
                         json=body)
        assert r.status_code == 400

    # Leave with suspend: the session's time adds up, the next launch
    # resumes with everything kept.
    r = commit(server, learner, a, s, 12,
               [["cmi.core.exit", "suspend"],
                ["cmi.core.session_time", "0000:01:30.5"]], terminate=True)
    assert r.status_code == 200 and r.json()["applied"] is True
    cmi, row = stored(pg, a)
    assert cmi["cmi.core.total_time"] == "00:01:30.50"
    assert row[2] == 9050 and row[4] is False and row[7] is True
    r = commit(server, learner, a, s, 13, [])
    assert r.status_code == 409
    doc = launch(server, learner, rid, vid).json()
    assert doc["attempt"] == a and doc["session"] == 2
    v = doc["values"]
    assert v["cmi.core.entry"] == "resume"
    assert v["cmi.core.lesson_location"] == "page-5"
    assert v["cmi.suspend_data"] == "s" * 4096
    assert v["cmi.core.lesson_status"] == "incomplete"

    # Finish without setting a status again... the content set
    # incomplete, so it stays; with passed and exit "" the attempt ends.
    r = commit(server, learner, a, 2, 1,
               [["cmi.core.lesson_status", "passed"],
                ["cmi.core.session_time", "0000:00:10"]], terminate=True)
    assert r.json()["status"] == "passed"
    cmi, row = stored(pg, a)
    assert cmi["cmi.core.total_time"] == "00:01:40.50"
    assert row[6] is True
    p = progress(pg, LEARNER[0], rid)
    assert p[0] == "passed" and p[2] == 10050 and p[3] == 1

    # The next launch starts attempt 2, ab initio; progress counts both.
    doc = launch(server, learner, rid, vid).json()
    assert doc["attempt"] != a and doc["session"] == 1
    assert doc["values"]["cmi.core.entry"] == "ab-initio"
    assert "cmi.core.lesson_location" not in doc["values"]
    n = pg.query("SELECT number FROM attempts WHERE id = %s",
                 (doc["attempt"],))[0][0]
    assert n == 2
    assert progress(pg, LEARNER[0], rid)[3] == 2


def test_finish_without_status_is_completed(server, pg, learner, golf12):
    rid, vid = golf12
    reset(pg, rid)
    doc = launch(server, learner, rid, vid).json()
    r = commit(server, learner, doc["attempt"], doc["session"], 1, [],
               terminate=True)
    assert r.json()["status"] == "completed"
    cmi, row = stored(pg, doc["attempt"])
    assert cmi["cmi.core.lesson_status"] == "completed"
    assert row[6] is True


def test_mastery_score_decides(server, pg, admin, learner):
    rid, vid = import_zip(server, admin, with_mastery(
        "scorm12-golf-runtime-basic-2016.zip", 80))
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    doc = launch(server, learner, rid, vid).json()
    assert doc["values"]["cmi.student_data.mastery_score"] == "80"
    r = commit(server, learner, doc["attempt"], 1, 1,
               [["cmi.core.score.raw", "79"],
                ["cmi.core.lesson_status", "completed"]], terminate=True)
    assert r.json()["status"] == "failed"
    doc = launch(server, learner, rid, vid).json()
    r = commit(server, learner, doc["attempt"], doc["session"], 1,
               [["cmi.core.score.raw", "80"]], terminate=True)
    assert r.json()["status"] == "passed"


def test_unfinished_session_is_timed_by_the_server(server, pg, learner,
                                                   golf12):
    rid, vid = golf12
    reset(pg, rid)
    doc = launch(server, learner, rid, vid).json()
    time.sleep(1.2)
    r = commit(server, learner, doc["attempt"], 1, 1,
               [["cmi.core.lesson_status", "incomplete"]])
    assert r.json()["applied"] is True
    # The tab was closed without LMSFinish: the next launch closes that
    # session with the time between its start and its last commit.
    doc2 = launch(server, learner, rid, vid).json()
    assert doc2["attempt"] == doc["attempt"] and doc2["session"] == 2
    assert doc2["values"]["cmi.core.entry"] == ""
    cmi, row = stored(pg, doc["attempt"])
    assert 100 <= row[2] < 6000, row
    # Not finished, so not completed.
    assert cmi["cmi.core.lesson_status"] == "incomplete"


def test_scorm2004_success_and_score(server, pg, learner, golf2004):
    rid, vid = golf2004
    reset(pg, rid)
    doc = launch(server, learner, rid, vid).json()
    assert doc["scorm_version"] == "2004"
    v = doc["values"]
    assert v["cmi.entry"] == "ab-initio" and v["cmi.mode"] == "normal"
    r = commit(server, learner, doc["attempt"], 1, 1, [
        ["cmi.completion_status", "completed"],
        ["cmi.success_status", "passed"],
        ["cmi.score.scaled", "0.85"],
        ["cmi.session_time", "PT2M3.5S"],
        ["adl.nav.request", "exitAll"]], terminate=True)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "passed"
    cmi, row = stored(pg, doc["attempt"])
    assert row[2] == 12350 and abs(row[1] - 0.85) < 1e-6
    assert progress(pg, LEARNER[0], rid)[0] == "passed"
    # A 2004 type error and range error carry their codes.
    doc = launch(server, learner, rid, vid).json()
    for elem, val, code in (("cmi.score.scaled", "1.5", 407),
                            ("cmi.completion_status", "done", 406),
                            ("cmi.learner_id", "x", 404)):
        r = commit(server, learner, doc["attempt"], doc["session"], 1,
                   [[elem, val]])
        assert r.status_code == 400
        assert r.json()["error"]["code"] == code


def test_attempts_are_the_learners_own(server, pg, learner, golf12):
    rid, vid = golf12
    reset(pg, rid)
    doc = launch(server, learner, rid, vid).json()
    other = session_for(server, pg, OTHER)
    r = commit(server, other, doc["attempt"], 1, 1,
               [["cmi.core.lesson_location", "x"]])
    assert r.status_code == 404
    # Malformed launches: the item and the version are required.
    for body in ({}, {"item": "item_1"}, {"version": vid},
                 {"item": 5, "version": vid}, {"item": "item_1",
                                               "version": 0},
                 {"item": "item_1", "version": "1"},
                 {"item": "x" * 5000, "version": vid}):
        r = learner.post(server.url + f"{API}/resources/{rid}/launch",
                         json=body)
        assert r.status_code == 400, body
        assert "\"item\"" in r.json()["error"]["message"]
    r = learner.post(server.url + f"{API}/resources/{rid}/launch",
                     data=b"not json",
                     headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    # Unknown items, versions of other resources, unpublished resources.
    assert launch(server, learner, rid, vid, item="nope").status_code == 404
    assert launch(server, learner, rid + 100000, vid).status_code == 404
    pg.query("UPDATE resources SET published = false WHERE id = %s", (rid,))
    try:
        assert launch(server, learner, rid, vid).status_code == 404
    finally:
        pg.query("UPDATE resources SET published = true WHERE id = %s",
                 (rid,))
    # CSRF header and sign-in are required.
    plain, _ = sign_in(server, *LEARNER)
    r = plain.post(server.url + f"{API}/resources/{rid}/launch",
                   json={"item": "item_1", "version": vid})
    assert r.status_code == 403
    import requests
    r = requests.post(server.url + f"{API}/resources/{rid}/launch",
                      json={"item": "item_1", "version": vid})
    assert r.status_code == 401
    r = learner.get(server.url + f"{API}/attempts/{doc['attempt']}/commit")
    assert r.status_code == 405


def test_file_resource_viewed_then_completed(server, pg, admin, learner):
    r = admin.post(server.url + f"{API}/files/en", data=b"%PDF-1.4 x",
                   headers={"X-Filename": "notes.pdf",
                            "Content-Type": "application/pdf"})
    assert r.status_code == 201
    rid, vid = r.json()["resource_id"], r.json()["version_id"]
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    page = learner.get(server.url + f"/t/demo/play/{rid}")
    assert page.status_code == 200
    assert f"/t/demo/content/{vid}/notes.pdf" in page.text
    assert 'id="done"' in page.text
    doc = launch(server, learner, rid, vid, item="file").json()
    assert progress(pg, LEARNER[0], rid)[0] == "in_progress"
    r = learner.post(server.url + f"{API}/attempts/{doc['attempt']}/"
                     "complete")
    assert r.status_code == 200
    assert progress(pg, LEARNER[0], rid)[0] == "completed"
    # Commits are for SCORM content only.
    r = commit(server, learner, doc["attempt"], 1, 1, [])
    assert r.status_code == 400


def test_learner_pages(server, pg, learner, golf12):
    rid, vid = golf12
    reset(pg, rid)
    page = learner.get(server.url + f"/t/demo/resources/{rid}")
    assert 'data-status="not_started"' in page.text
    assert f'href="/t/demo/play/{rid}"' in page.text and "Start" in page.text
    page = learner.get(server.url + f"/t/demo/play/{rid}")
    assert page.status_code == 200
    m = re.search(r'<script type="application/json" id="player-config">'
                  r'(.*?)</script>', page.text, re.S)
    conf = json.loads(m.group(1))
    assert conf["scorm_version"] == "1.2" and conf["version"] == vid
    assert conf["start"] == "item_1"
    assert conf["items"][0]["launch"] == \
        f"/t/demo/content/{vid}/shared/launchpage.html"
    assert conf["commit_url"].endswith("/attempts/{attempt}/commit")
    assert "/static/player.js" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]

    doc = launch(server, learner, rid, vid).json()
    commit(server, learner, doc["attempt"], 1, 1,
           [["cmi.core.score.raw", "64"],
            ["cmi.core.lesson_status", "incomplete"]])
    page = learner.get(server.url + "/t/demo/dashboard")
    row = re.search(rf'<tr data-resource="{rid}" data-status="(\w+)">'
                    r'(.*?)</tr>', page.text, re.S)
    assert row and row.group(1) == "in_progress"
    assert "64%" in row.group(2) and "Resume" in row.group(2)
    page = learner.get(server.url + f"/t/demo/resources/{rid}")
    assert 'data-status="in_progress"' in page.text and "Resume" in page.text
    # Anonymous visitors are sent to sign in; unknown resources: 404.
    import requests
    r = requests.get(server.url + f"/t/demo/play/{rid}",
                     allow_redirects=False)
    assert r.status_code == 303
    assert learner.get(server.url + "/t/demo/play/99999999").status_code \
        == 404


def test_catalogue_shows_the_learners_status(server, pg, learner, golf12):
    rid, vid = golf12
    reset(pg, rid)
    doc = learner.get(server.url + API + "/catalogue").json()
    mine = [r for r in doc["resources"] if r["id"] == rid]
    assert mine and mine[0]["status"] == "not_started"
    d = launch(server, learner, rid, vid).json()
    commit(server, learner, d["attempt"], 1, 1,
           [["cmi.core.lesson_status", "completed"]], terminate=True)
    doc = learner.get(server.url + API + "/catalogue").json()
    assert [r["status"] for r in doc["resources"] if r["id"] == rid] == [
        "completed"]
    page = learner.get(server.url + "/t/demo/catalogue")
    assert re.search(rf'href="/t/demo/resources/{rid}".*?data-status='
                     r'"completed">Completed<', page.text, re.S)
    # Another learner's catalogue is their own.
    other = session_for(server, pg, OTHER)
    doc = other.get(server.url + API + "/catalogue").json()
    assert [r["status"] for r in doc["resources"] if r["id"] == rid] == [
        "not_started"]


def test_tenant_raises_the_suspend_data_limit(server, pg, learner, golf12):
    rid, vid = golf12
    reset(pg, rid)
    doc = launch(server, learner, rid, vid).json()
    big = [["cmi.suspend_data", "d" * 20000]]
    r = commit(server, learner, doc["attempt"], 1, 1, big)
    assert r.status_code == 400 and r.json()["error"]["code"] == 405
    out = pg.admin("tenant", "suspend-limit", "demo", "100000")
    try:
        assert "100000" in out.stdout
        r = commit(server, learner, doc["attempt"], 1, 2, big)
        assert r.status_code == 200 and r.json()["applied"] is True
        assert stored(pg, doc["attempt"])[0]["cmi.suspend_data"] == \
            "d" * 20000
        # Bounds are checked, and an unknown tenant is said to be.
        assert pg.admin("tenant", "suspend-limit", "demo", "100",
                        check=False).returncode == 1
        assert pg.admin("tenant", "suspend-limit", "demo", "12x",
                        check=False).returncode == 1
        assert pg.admin("tenant", "suspend-limit", "no-such", "5000",
                        check=False).returncode == 1
    finally:
        pg.admin("tenant", "suspend-limit", "demo", "default")
    r = commit(server, learner, doc["attempt"], 1, 3, big)
    assert r.status_code == 400


def test_scaled_passing_score_from_the_manifest(server, pg, admin, learner):
    # golf runtime advanced: its primary objective is satisfied by a
    # measure of 0.8.
    rid, vid = import_zip(server, admin, (
        CORPUS / "scorm2004-3rd-golf-runtime-advanced.zip").read_bytes())
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    doc = launch(server, learner, rid, vid).json()
    assert doc["values"]["cmi.scaled_passing_score"] == "0.8"
    r = commit(server, learner, doc["attempt"], 1, 1, [
        ["cmi.success_status", "passed"], ["cmi.score.scaled", "0.7"],
        ["cmi.completion_status", "completed"]], terminate=True)
    # The passing score decides over what the content said.
    assert r.json()["status"] == "failed"
    cmi, row = stored(pg, doc["attempt"])
    assert cmi["cmi.success_status"] == "failed"
    doc = launch(server, learner, rid, vid).json()
    r = commit(server, learner, doc["attempt"], doc["session"], 1, [
        ["cmi.score.scaled", "0.8"],
        ["cmi.completion_status", "completed"]], terminate=True)
    assert r.json()["status"] == "passed"


def test_a_resource_with_records_is_not_deleted(server, pg, admin, learner):
    rid, vid = import_zip(server, admin, (
        CORPUS / "scorm12-golf-runtime-basic-2010.zip").read_bytes())
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    doc = launch(server, learner, rid, vid).json()
    commit(server, learner, doc["attempt"], 1, 1,
           [["cmi.core.lesson_status", "incomplete"]])
    r = admin.delete(server.url + f"{API}/resources/{rid}")
    assert r.status_code == 409
    assert "unpublish" in r.json()["error"]["message"]
    assert pg.query("SELECT count(*) FROM attempts WHERE resource_id = %s",
                    (rid,))[0][0] == 1
    # Unpublished, it leaves the catalogue; the records stay.
    r = admin.patch(server.url + f"{API}/resources/{rid}",
                    json={"published": False})
    assert r.status_code == 200
    assert pg.query("SELECT count(*) FROM progress WHERE resource_id = %s",
                    (rid,))[0][0] == 1
