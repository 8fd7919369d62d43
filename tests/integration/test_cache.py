"""What the workers keep (app/cache.c) never outlives what it copies.
Each worker keeps tenants, sessions, the catalogue page and a learner's
statuses; every change a worker commits reaches every worker's copy at
once, and a change made behind the server's back (an operator's SQL)
within five seconds (OL_CACHE_TTL_MS).

Each check asks over many new connections, so that every worker (the
server runs four, and hands connections out in turn) answers it: first
to fill their copies, then after the change, when every one of them must
tell the new truth."""

import re
import time
import uuid

import pytest
import requests

from conftest import (CORPUS, api_session, form_csrf, import_package,
                      sign_in, wait_for)

API = "/api/v1/tenants/demo"
ADMIN = ("admin@demo.example", "demo-admin-2026")
PASSWORD = "cache-test-password-2026"
ASKS = 16          # new connections per check: four per worker and more
TTL = 5.0          # OL_CACHE_TTL_MS


def new_user(server, admin, roles=("learner",)):
    email = f"cache-{uuid.uuid4().hex[:10]}@demo.example"
    r = admin.post(server.url + API + "/users",
                   json={"email": email, "name": "Cache Tester",
                         "password": PASSWORD, "roles": list(roles)})
    assert r.status_code == 201, (r.status_code, r.text)
    return r.json()["id"], email


def signed_in(server, email):
    s, r = sign_in(server, email, PASSWORD)
    assert r.status_code == 303, r.status_code
    return s


def asks(server, path, cookies):
    """The answers of ASKS new connections to GET path."""
    out = []
    for _ in range(ASKS):
        r = requests.get(server.url + path, cookies=cookies,
                         allow_redirects=False, timeout=10,
                         headers={"Connection": "close"})
        out.append(r)
    return out


def statuses(server, path, cookies):
    return [r.status_code for r in asks(server, path, cookies)]


def catalogue_states(server, cookies, rid):
    """Each answer's status of resource rid on the catalogue page (None
    when the page does not list it)."""
    found = []
    for r in asks(server, "/t/demo/catalogue", cookies):
        assert r.status_code == 200, r.status_code
        m = re.search(rf'href="/t/demo/resources/{rid}">.*?data-status='
                      r'"([a-z_]+)"', r.text, re.S)
        found.append(m.group(1) if m else None)
    return found


def publish(server, admin, rid, published=True):
    r = admin.patch(f"{server.url}{API}/resources/{rid}",
                    json={"published": published})
    assert r.status_code == 200, r.text


def published_course(server, admin, pg):
    """A SCORM 1.2 course of the corpus, imported and published: its
    resource, version, and its SCO's item and launch path."""
    data = (CORPUS / "packages" /
            "scorm12-golf-runtime-basic-2016.zip").read_bytes()
    rid, vid = import_package(server, admin, data)
    publish(server, admin, rid)
    item, launch = pg.query("SELECT identifier, launch FROM package_items "
                            "WHERE version_id = %s AND launch IS NOT NULL "
                            "ORDER BY identifier LIMIT 1", (vid,))[0]
    return rid, vid, item, launch


@pytest.fixture(scope="module")
def admin(server, pg):
    return api_session(server, pg, *ADMIN)


def test_sign_out_ends_the_session_on_every_worker(server, admin):
    _, email = new_user(server, admin)
    s = signed_in(server, email)
    cookies = {"octolearn_sid": s.cookies.get("octolearn_sid")}
    assert statuses(server, "/t/demo/catalogue", cookies) == [200] * ASKS
    home = s.get(server.url + "/t/demo/")
    r = s.post(server.url + "/t/demo/signout", allow_redirects=False,
               data={"csrf": form_csrf(home.text)})
    assert r.status_code == 303
    # Every worker sends the kept token to the sign-in page.
    answers = asks(server, "/t/demo/catalogue", cookies)
    assert [r.status_code for r in answers] == [303] * ASKS
    assert all(r.headers["location"].startswith("/t/demo/signin")
               for r in answers)


def test_disabled_user_is_out_on_every_worker(server, admin):
    uid, email = new_user(server, admin)
    s = signed_in(server, email)
    cookies = {"octolearn_sid": s.cookies.get("octolearn_sid")}
    assert statuses(server, "/t/demo/catalogue", cookies) == [200] * ASKS
    r = admin.patch(f"{server.url}{API}/users/{uid}",
                    json={"disabled": True})
    assert r.status_code == 200, r.text
    assert statuses(server, "/t/demo/catalogue", cookies) == [303] * ASKS


def test_role_taken_away_on_every_worker(server, admin):
    uid, email = new_user(server, admin, roles=("learner", "tenant_admin"))
    s = signed_in(server, email)
    cookies = {"octolearn_sid": s.cookies.get("octolearn_sid")}
    assert statuses(server, "/t/demo/admin/users", cookies) == [200] * ASKS
    r = admin.patch(f"{server.url}{API}/users/{uid}",
                    json={"roles": ["learner"]})
    assert r.status_code == 200, r.text
    assert statuses(server, "/t/demo/admin/users", cookies) == [403] * ASKS


def test_unpublished_resource_leaves_every_worker(server, admin, pg):
    rid, vid, _, launch = published_course(server, admin, pg)
    _, email = new_user(server, admin)
    s = signed_in(server, email)
    cookies = {"octolearn_sid": s.cookies.get("octolearn_sid")}
    content = f"/t/demo/content/{vid}/{launch}"
    assert catalogue_states(server, cookies, rid) == ["not_started"] * ASKS
    assert statuses(server, content, cookies) == [200] * ASKS

    publish(server, admin, rid, False)
    assert catalogue_states(server, cookies, rid) == [None] * ASKS
    assert statuses(server, content, cookies) == [404] * ASKS

    publish(server, admin, rid)
    assert catalogue_states(server, cookies, rid) == ["not_started"] * ASKS
    assert statuses(server, content, cookies) == [200] * ASKS


def test_learners_status_follows_their_commits(server, admin, pg):
    rid, vid, item, _ = published_course(server, admin, pg)
    _, email = new_user(server, admin)
    other_email = new_user(server, admin)[1]
    s = signed_in(server, email)
    other = signed_in(server, other_email)
    cookies = {"octolearn_sid": s.cookies.get("octolearn_sid")}
    others = {"octolearn_sid": other.cookies.get("octolearn_sid")}
    assert catalogue_states(server, cookies, rid) == ["not_started"] * ASKS
    assert catalogue_states(server, others, rid) == ["not_started"] * ASKS

    s.headers["X-CSRF-Token"] = s.get(server.url + API + "/me").json()[
        "csrf_token"]
    r = s.post(f"{server.url}{API}/resources/{rid}/launch",
               json={"item": item, "version": vid})
    assert r.status_code == 200, r.text
    attempt, session = r.json()["attempt"], r.json()["session"]
    assert catalogue_states(server, cookies, rid) == ["in_progress"] * ASKS

    r = s.post(f"{server.url}{API}/attempts/{attempt}/commit",
               json={"session": session, "seq": 1, "terminate": True,
                     "values": [["cmi.core.lesson_status", "passed"],
                                ["cmi.core.session_time", "0000:00:10"]]})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "passed"
    assert catalogue_states(server, cookies, rid) == ["passed"] * ASKS
    # Another learner's page is theirs alone.
    assert catalogue_states(server, others, rid) == ["not_started"] * ASKS


def test_operators_sql_is_seen_at_once(server, admin, pg):
    """Migration 0016 tells the workers of every change to what they keep,
    whoever commits it."""
    uid, email = new_user(server, admin)
    s = signed_in(server, email)
    cookies = {"octolearn_sid": s.cookies.get("octolearn_sid")}
    assert statuses(server, "/t/demo/catalogue", cookies) == [200] * ASKS
    pg.query("UPDATE users SET disabled = true WHERE id = %s", (uid,))
    assert statuses(server, "/t/demo/catalogue", cookies) == [303] * ASKS


def test_progress_changed_by_sql_is_seen_within_the_ttl(server, admin, pg):
    """Progress is not told (a SCORM commit would wait on NOTIFY's lock):
    what an operator changes there shows within OL_CACHE_TTL_MS."""
    rid = published_course(server, admin, pg)[0]
    uid, email = new_user(server, admin)
    s = signed_in(server, email)
    cookies = {"octolearn_sid": s.cookies.get("octolearn_sid")}
    assert catalogue_states(server, cookies, rid) == ["not_started"] * ASKS
    pg.query("INSERT INTO progress (tenant_id, user_id, resource_id, lang, "
             "status) SELECT tenant_id, id, %s, 'en', 'completed' FROM users "
             "WHERE id = %s", (rid, uid))
    time.sleep(TTL)
    assert catalogue_states(server, cookies, rid) == ["completed"] * ASKS


def test_workers_hear_again_after_the_database_restarts(isolated):
    """The listening connections are lost with the database; each worker
    makes its own again (a second later) and hears the next change."""
    db, srv = isolated()
    uid = db.query("SELECT id FROM users WHERE email = "
                   "'learner2@demo.example'")[0][0]
    s, r = sign_in(srv, "learner2@demo.example", "demo-learner-2026")
    assert r.status_code == 303
    cookies = {"octolearn_sid": s.cookies.get("octolearn_sid")}
    db.stop()
    db.start()
    wait_for(lambda: statuses(srv, "/t/demo/catalogue", cookies)
             == [200] * ASKS, "every worker answers again", timeout=30)
    time.sleep(2)       # the workers' retry, a second after the loss
    # Fresh copies everywhere, then a change none of the workers commits.
    assert statuses(srv, "/t/demo/catalogue", cookies) == [200] * ASKS
    db.query("UPDATE users SET disabled = true WHERE id = %s", (uid,))
    assert statuses(srv, "/t/demo/catalogue", cookies) == [303] * ASKS
    assert "cache: lost the connection for changes" in srv.log()
