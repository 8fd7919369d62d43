"""Tenant isolation over HTTP. A signed-in tenant admin of tenant A takes
every route of conf/octolearn.conf that names an object, fills in the
identifiers of tenant B's objects, and tries every method: nothing of B
comes back, nothing of B changes, and the answer for the method the route
serves is 404 (not 403, not the object). Then the same admin's session is
taken to tenant B's own addresses: it opens nothing there."""

import re

import pytest
import requests

from conftest import CONF, form_csrf, sign_in

METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE")


def object_routes():
    routes = []
    for line in CONF.read_text().splitlines():
        m = re.match(r"\s*route\s+(\^\S+)\s+(\S+)", line)
        if m and re.search(r"(users|groups|tokens|imports|resources|attempts)/"
                           r"(\[0-9\]\+|\[\^/\]\+)",
                           m.group(1)):
            routes.append(m.group(1))
    return routes


def fill(route, slug, uid, gid, tid, rid, iid, aid):
    path = route.lstrip("^").rstrip("$")
    path = path.replace("/t/[^/]+/", f"/t/{slug}/", 1)
    path = path.replace("/tenants/[^/]+/", f"/tenants/{slug}/", 1)
    for kind, oid in (("users", uid), ("groups", gid), ("members", uid),
                      ("tokens", tid), ("resources", rid), ("imports", iid),
                      ("attempts", aid),
                      ("packages", "en"), ("files", "en")):
        path = re.sub(kind + r"/(\[0-9\]\+|\[\^/\]\+)", f"{kind}/{oid}",
                      path)
    paths = []
    m = re.search(r"\(([a-z|]+)\)", path)
    if m:
        for alt in m.group(1).split("|"):
            paths.append(path.replace(m.group(0), alt))
    else:
        paths.append(path)
    for p in paths:
        assert re.fullmatch(route.lstrip("^").rstrip("$"), p), (route, p)
    return paths


@pytest.fixture(scope="module")
def tenant_b(pg):
    pg.admin("tenant", "create", "tenant-b", "Tenant B Academy",
             "--if-missing")
    pg.admin("user", "add", "--tenant", "tenant-b", "--email",
             "secret-person@b.example", "--name", "Secret Bperson",
             "--roles", "learner", "--if-missing",
             env={"OCTOLEARN_PASSWORD": "b-learner-password"})
    uid = pg.query("SELECT u.id FROM users u JOIN tenants t ON "
                   "t.id = u.tenant_id WHERE t.slug = 'tenant-b'")[0][0]
    pg.query("INSERT INTO groups (tenant_id, name) SELECT id, "
             "'Secret B group' FROM tenants WHERE slug = 'tenant-b' "
             "ON CONFLICT DO NOTHING")
    gid = pg.query("SELECT g.id FROM groups g JOIN tenants t ON "
                   "t.id = g.tenant_id WHERE t.slug = 'tenant-b'")[0][0]
    pg.query("INSERT INTO group_members (tenant_id, group_id, user_id, "
             "role) SELECT tenant_id, %s, %s, 'learner' FROM groups "
             "WHERE id = %s ON CONFLICT DO NOTHING", (gid, uid, gid))
    pg.query("INSERT INTO api_tokens (tenant_id, user_id, name, token_hash) "
             "SELECT tenant_id, id, 'Secret B token', repeat('b', 64) "
             "FROM users WHERE id = %s ON CONFLICT DO NOTHING", (uid,))
    tid = pg.query("SELECT id FROM api_tokens WHERE user_id = %s",
                   (uid,))[0][0]
    rid = pg.query("INSERT INTO resources (tenant_id, kind) SELECT id, "
                   "'scorm' FROM tenants WHERE slug = 'tenant-b' "
                   "RETURNING id")[0][0]
    pg.query("INSERT INTO resource_texts (tenant_id, resource_id, lang, "
             "title) SELECT tenant_id, id, 'en', 'Secret B course' FROM "
             "resources WHERE id = %s", (rid,))
    iid = pg.query("INSERT INTO imports (tenant_id, lang, filename, state) "
                   "SELECT id, 'en', 'secret-b.zip', 'failed' FROM tenants "
                   "WHERE slug = 'tenant-b' RETURNING id")[0][0]
    vid = pg.query("INSERT INTO package_versions (tenant_id, resource_id, "
                   "lang, version, scorm_version, manifest, path) SELECT "
                   "tenant_id, id, 'en', 1, '1.2', '{}', '/nowhere' FROM "
                   "resources WHERE id = %s RETURNING id", (rid,))[0][0]
    pg.query("INSERT INTO package_items (tenant_id, version_id, position, "
             "organization, identifier, depth, launch, scorm_type) SELECT "
             "tenant_id, id, 1, 'org', 'item_1', 0, 'index.html', 'sco' "
             "FROM package_versions WHERE id = %s", (vid,))
    aid = pg.query("INSERT INTO attempts (tenant_id, user_id, resource_id, "
                   "version_id, item, kind, session, session_open, cmi) "
                   "SELECT tenant_id, %s, resource_id, id, 'item_1', '1.2', "
                   "1, true, '[[\"cmi.core.lesson_location\", \"b\"]]' "
                   "FROM package_versions WHERE id = %s RETURNING id",
                   (uid, vid))[0][0]
    return uid, gid, tid, rid, iid, aid


def state_of_b(pg):
    return pg.query("SELECT u.id, u.email, u.display_name, u.disabled, "
                    "u.password_hash FROM users u JOIN tenants t ON "
                    "t.id = u.tenant_id WHERE t.slug = 'tenant-b' "
                    "ORDER BY u.id") + pg.query(
        "SELECT g.id, g.name, m.user_id, m.role FROM groups g JOIN "
        "tenants t ON t.id = g.tenant_id LEFT JOIN group_members m ON "
        "m.group_id = g.id WHERE t.slug = 'tenant-b' ORDER BY 1, 3") + \
        pg.query("SELECT a.id, a.name, a.revoked_at FROM api_tokens a "
                 "JOIN tenants t ON t.id = a.tenant_id "
                 "WHERE t.slug = 'tenant-b'") + \
        pg.query("SELECT r.id, count(v.id) FROM resources r JOIN tenants t "
                 "ON t.id = r.tenant_id LEFT JOIN package_versions v ON "
                 "v.resource_id = r.id WHERE t.slug = 'tenant-b' "
                 "GROUP BY r.id ORDER BY r.id") + \
        pg.query("SELECT a.id, a.cmi::text, a.seq, a.status FROM attempts a "
                 "JOIN tenants t ON t.id = a.tenant_id "
                 "WHERE t.slug = 'tenant-b' ORDER BY a.id")


def test_routes_with_object_ids_exist():
    routes = object_routes()
    # users/<id>, its password and state changes, on pages and in the API
    assert len(routes) >= 4, routes
    assert any("groups" in r for r in routes), routes
    assert any("tokens" in r for r in routes), routes


def test_other_tenant_objects_are_not_found(server, pg, tenant_b):
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, "admin@demo.example", "demo-admin-2026")
    assert r.status_code == 303
    page = s.get(server.url + "/t/demo/admin/users")
    csrf_form = form_csrf(page.text)
    csrf_api = s.get(server.url + "/api/v1/tenants/demo/me").json()[
        "csrf_token"]
    before = state_of_b(pg)
    tried = 0
    for route in object_routes():
        for path in fill(route, "demo", *tenant_b):
            statuses = {}
            for method in METHODS:
                if path.startswith("/api/"):
                    # A body the route accepts, so only the id decides.
                    body = ({"password": "taken-over-pass"}
                            if path.endswith("/password")
                            else {"item": "item_1", "version": 1}
                            if path.endswith("/launch")
                            else {"session": 1, "seq": 9, "values": [[
                                "cmi.core.lesson_location", "taken"]]}
                            if path.endswith("/commit")
                            else {"email": "secret-person@b.example",
                                  "role": "learner"}
                            if path.endswith("/members")
                            else {"disabled": True})
                    if method in ("GET", "DELETE"):
                        body = None
                    r = s.request(method, server.url + path, json=body,
                                  headers={"X-CSRF-Token": csrf_api,
                                           "X-Filename": "x.pdf"},
                                  allow_redirects=False)
                else:
                    data = {"csrf": csrf_form,
                            "password": "taken-over-pass",
                            "email": "secret-person@b.example",
                            "role": "learner"}
                    if method in ("GET", "DELETE"):
                        data = None
                    r = s.request(method, server.url + path, data=data,
                                  allow_redirects=False)
                statuses[method] = r.status_code
                assert "secret-person" not in r.text, (method, path)
                assert "Secret Bperson" not in r.text, (method, path)
                assert "Secret B group" not in r.text, (method, path)
                assert "Secret B token" not in r.text, (method, path)
                assert "Secret B course" not in r.text, (method, path)
                assert r.status_code in (404, 405), (method, path,
                                                     r.status_code)
                tried += 1
            assert 404 in statuses.values(), (path, statuses)
    assert tried >= 25
    assert state_of_b(pg) == before


def test_session_opens_nothing_in_another_tenant(server, pg, tenant_b):
    s, _ = sign_in(server, "admin@demo.example", "demo-admin-2026")
    token = s.cookies.get("octolearn_sid")
    jar = {"octolearn_sid": token}
    for path in ("/t/tenant-b/admin/users", "/t/tenant-b/account/password",
                 "/t/tenant-b/admin/users/new"):
        r = requests.get(server.url + path, cookies=jar,
                         allow_redirects=False)
        assert r.status_code == 303
        assert r.headers["location"] == "/t/tenant-b/signin"
    for path in ("/api/v1/tenants/tenant-b/me",
                 "/api/v1/tenants/tenant-b/users",
                 f"/api/v1/tenants/tenant-b/users/{tenant_b[0]}",
                 f"/api/v1/tenants/tenant-b/groups/{tenant_b[1]}"):
        r = requests.get(server.url + path, cookies=jar)
        assert r.status_code == 401, path
        assert "secret-person" not in r.text
    assert "Welcome," not in requests.get(server.url + "/t/tenant-b/",
                                          cookies=jar).text
