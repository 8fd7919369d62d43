"""Tenant admins manage their tenant's users, on pages and through the
JSON API; nobody else can, and nobody reaches another tenant's users."""

import re

import pytest
import requests

from conftest import form_csrf, sign_in

ADMIN = ("admin@demo.example", "demo-admin-2026")
LEARNER = ("learner1@demo.example", "demo-learner-2026")


@pytest.fixture(autouse=True)
def clean(pg):
    pg.query("DELETE FROM signin_failures")
    pg.query("UPDATE users SET disabled = false")
    yield


def user_id(pg, email):
    return pg.query("SELECT id FROM users WHERE email = %s", (email,))[0][0]


def admin(server):
    s, r = sign_in(server, *ADMIN)
    assert r.status_code == 303
    return s


def api_session(server, who):
    s, r = sign_in(server, *who)
    assert r.status_code == 303
    me = s.get(server.url + "/api/v1/tenants/demo/me")
    assert me.status_code == 200
    s.headers["X-CSRF-Token"] = me.json()["csrf_token"]
    return s


def test_users_page_for_admins_only(server):
    r = requests.get(server.url + "/t/demo/admin/users",
                     allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/t/demo/signin"
    s, _ = sign_in(server, *LEARNER)
    r = s.get(server.url + "/t/demo/admin/users")
    assert r.status_code == 403
    assert "You do not have access to this page." in r.text
    r = admin(server).get(server.url + "/t/demo/admin/users")
    assert r.status_code == 200
    for name in ("Ada Admin", "Tomás Trainer", "Lena Learner",
                 "Luca Learner", "Leyla Learner"):
        assert re.search(f"<td><a href=\"/t/demo/admin/users/[0-9]+\">{name}</a></td>", r.text), name
    assert "<td>Tenant admin</td>" in r.text
    assert "tenant_admin" not in r.text.replace('name="role_tenant_admin"',
                                               "")


def test_disable_on_page_ends_sessions(server, pg):
    victim, _ = sign_in(server, *LEARNER)
    assert "Welcome," in victim.get(server.url + "/t/demo/").text
    s = admin(server)
    page = s.get(server.url + "/t/demo/admin/users")
    uid = user_id(pg, LEARNER[0])
    url = f"{server.url}/t/demo/admin/users/{uid}/disable"
    # No token: refused, nothing changed.
    r = s.post(url, allow_redirects=False)
    assert r.status_code == 403
    assert pg.query("SELECT disabled FROM users WHERE id = %s",
                    (uid,)) == [(False,)]
    r = s.post(url, data={"csrf": form_csrf(page.text)},
               allow_redirects=False)
    assert r.status_code == 303
    assert pg.query("SELECT disabled FROM users WHERE id = %s",
                    (uid,)) == [(True,)]
    assert "Welcome," not in victim.get(server.url + "/t/demo/").text
    _, r = sign_in(server, *LEARNER)
    assert r.status_code == 401
    r = s.post(f"{server.url}/t/demo/admin/users/{uid}/enable",
               data={"csrf": form_csrf(page.text)}, allow_redirects=False)
    assert r.status_code == 303
    _, r = sign_in(server, *LEARNER)
    assert r.status_code == 303


def test_admin_cannot_disable_self(server, pg):
    s = admin(server)
    page = s.get(server.url + "/t/demo/admin/users")
    uid = user_id(pg, ADMIN[0])
    r = s.post(f"{server.url}/t/demo/admin/users/{uid}/disable",
               data={"csrf": form_csrf(page.text)}, allow_redirects=False)
    assert r.status_code == 400
    assert "You cannot disable your own account." in r.text


def test_unknown_user_page_is_404(server):
    s = admin(server)
    page = s.get(server.url + "/t/demo/admin/users")
    for uid in ("999999", "99999999999999999999999"):
        r = s.post(f"{server.url}/t/demo/admin/users/{uid}/disable",
                   data={"csrf": form_csrf(page.text)},
                   allow_redirects=False)
        assert r.status_code == 404, uid


def test_api_me(server):
    r = requests.get(server.url + "/api/v1/tenants/demo/me")
    assert r.status_code == 401
    assert r.json()["error"]["message"] == "Please sign in."
    s, _ = sign_in(server, *LEARNER)
    me = s.get(server.url + "/api/v1/tenants/demo/me").json()
    assert me["email"] == LEARNER[0]
    assert me["name"] == "Lena Learner"
    assert me["roles"] == ["learner"]
    assert len(me["csrf_token"]) == 43


def test_api_users(server, pg):
    learner = api_session(server, LEARNER)
    assert learner.get(server.url + "/api/v1/tenants/demo/users") \
        .status_code == 403
    s = api_session(server, ADMIN)
    users = s.get(server.url + "/api/v1/tenants/demo/users").json()["users"]
    emails = [u["email"] for u in users]
    assert emails == sorted(emails, key=str.lower)
    lena = next(u for u in users if u["email"] == LEARNER[0])
    assert lena == {"id": user_id(pg, LEARNER[0]), "email": LEARNER[0],
                    "name": "Lena Learner", "disabled": False,
                    "roles": ["learner"]}


def test_api_patch(server, pg):
    s = api_session(server, ADMIN)
    uid = user_id(pg, LEARNER[0])
    url = f"{server.url}/api/v1/tenants/demo/users/{uid}"
    # Without the header: 403, nothing changed.
    r = requests.patch(url, json={"disabled": True}, cookies=s.cookies)
    assert r.status_code == 403
    assert "X-CSRF-Token" in r.json()["error"]["message"]
    r = s.patch(url, json={"disabled": True})
    assert r.status_code == 200
    assert r.json()["disabled"] is True
    assert pg.query("SELECT disabled FROM users WHERE id = %s",
                    (uid,)) == [(True,)]
    r = s.patch(url, json={"disabled": False})
    assert r.json()["disabled"] is False


@pytest.mark.parametrize("body,status", [
    ({"disabled": True, "admin": True}, 400),
    ({"email": 5}, 400),
    ({"disabled": "yes"}, 400),
    ({}, 400),
    ([1, 2], 400),
    ("not json", 400),
    ({"disabled": True, "pad": "x" * 70000}, 413),
])
def test_api_patch_bad_bodies(server, pg, body, status):
    s = api_session(server, ADMIN)
    uid = user_id(pg, LEARNER[0])
    url = f"{server.url}/api/v1/tenants/demo/users/{uid}"
    if isinstance(body, str):
        r = s.patch(url, data=body,
                    headers={"Content-Type": "application/json"})
    else:
        r = s.patch(url, json=body)
    assert r.status_code == status
    assert r.json()["error"]["message"]
    assert pg.query("SELECT disabled FROM users WHERE id = %s",
                    (uid,)) == [(False,)]


def test_api_duplicate_keys_refused(server, pg):
    s = api_session(server, ADMIN)
    uid = user_id(pg, LEARNER[0])
    r = s.patch(f"{server.url}/api/v1/tenants/demo/users/{uid}",
                data='{"disabled": false, "disabled": true}',
                headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_other_tenant_users_are_not_found(server, pg):
    pg.admin("tenant", "create", "iso", "Isolated Institute",
             "--if-missing")
    pg.admin("user", "add", "--tenant", "iso", "--email",
             "boss@iso.example", "--name", "Iso Boss", "--roles",
             "tenant_admin", "--if-missing",
             env={"OCTOLEARN_PASSWORD": "iso-admin-password"})
    s, r = sign_in(server, "boss@iso.example", "iso-admin-password",
                   tenant="iso")
    assert r.status_code == 303
    csrf = s.get(server.url + "/api/v1/tenants/iso/me").json()["csrf_token"]
    s.headers["X-CSRF-Token"] = csrf
    page = s.get(server.url + "/t/iso/admin/users")
    assert "Lena Learner" not in page.text
    for email in (LEARNER[0], ADMIN[0]):
        uid = user_id(pg, email)
        # Through its own tenant: another tenant's id is simply not there.
        assert s.get(f"{server.url}/api/v1/tenants/iso/users/{uid}") \
            .status_code == 404
        assert s.patch(f"{server.url}/api/v1/tenants/iso/users/{uid}",
                       json={"disabled": True}).status_code == 404
        r = s.post(f"{server.url}/t/iso/admin/users/{uid}/disable",
                   data={"csrf": form_csrf(page.text)},
                   allow_redirects=False)
        assert r.status_code == 404
        # Through the other tenant's address: its session opens nothing.
        assert s.get(f"{server.url}/api/v1/tenants/demo/users/{uid}") \
            .status_code == 401
    assert pg.query("SELECT count(*) FROM users u JOIN tenants t ON "
                    "t.id = u.tenant_id WHERE t.slug = 'demo' AND "
                    "u.disabled") == [(0,)]


def new_user_form(s, server):
    page = s.get(server.url + "/t/demo/admin/users/new")
    assert page.status_code == 200
    return form_csrf(page.text)


def test_create_user_on_page(server, pg):
    s = admin(server)
    csrf = new_user_form(s, server)
    r = s.post(server.url + "/t/demo/admin/users/new", allow_redirects=False,
               data={"csrf": csrf, "email": "Nadia@Demo.Example",
                     "name": "Nadiia Коваленко", "role_learner": "1",
                     "role_trainer": "1", "password": "a-fresh-password"})
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/t/demo/admin/users"
    rows = pg.query("SELECT u.display_name, array_agg(r.role ORDER BY r.role) "
                    "FROM users u JOIN user_roles r ON r.user_id = u.id "
                    "AND r.tenant_id = u.tenant_id WHERE u.email = "
                    "'Nadia@Demo.Example' GROUP BY 1")
    assert rows == [("Nadiia Коваленко", ["learner", "trainer"])]
    # The new user can sign in with that password.
    _, r = sign_in(server, "nadia@demo.example", "a-fresh-password")
    assert r.status_code == 303
    # Same address again, in another case: 409, nothing added.
    r = s.post(server.url + "/t/demo/admin/users/new", allow_redirects=False,
               data={"csrf": csrf, "email": "NADIA@demo.example",
                     "name": "Dup", "role_learner": "1",
                     "password": "a-fresh-password"})
    assert r.status_code == 409
    assert "already exists" in r.text
    assert pg.query("SELECT count(*) FROM users WHERE lower(email) = "
                    "'nadia@demo.example'") == [(1,)]


@pytest.mark.parametrize("fields,message", [
    ({"email": "not-an-address"}, "valid email address"),
    ({"email": "a@b@c"}, "valid email address"),
    ({"email": "x" * 250 + "@e.org"}, "valid email address"),
    ({"name": ""}, "name of 1 to 200"),
    ({"name": "n" * 201}, "name of 1 to 200"),
    ({"role_learner": None}, "at least one role"),
    ({"password": "short"}, "at least 10 characters"),
    ({"password": "Password123"}, "too common"),
    ({"name": "Evil\x07Bell"}, "name of 1 to 200"),
])
def test_create_user_bad_input(server, pg, fields, message):
    s = admin(server)
    data = {"csrf": new_user_form(s, server), "email": "ok@demo.example",
            "name": "Okay Name", "role_learner": "1",
            "password": "a-fresh-password"}
    for k, v in fields.items():
        if v is None:
            data.pop(k)
        else:
            data[k] = v
    r = s.post(server.url + "/t/demo/admin/users/new", data=data,
               allow_redirects=False)
    assert r.status_code == 400
    assert message in r.text
    assert pg.query("SELECT count(*) FROM users WHERE email = "
                    "'ok@demo.example'") == [(0,)]


def test_create_user_needs_admin_and_csrf(server, pg):
    s, _ = sign_in(server, *LEARNER)
    assert s.get(server.url + "/t/demo/admin/users/new").status_code == 403
    s = admin(server)
    r = s.post(server.url + "/t/demo/admin/users/new", allow_redirects=False,
               data={"email": "nocsrf@demo.example", "name": "No",
                     "role_learner": "1", "password": "a-fresh-password"})
    assert r.status_code == 403
    assert pg.query("SELECT count(*) FROM users WHERE email = "
                    "'nocsrf@demo.example'") == [(0,)]


def test_create_user_api(server, pg):
    s = api_session(server, ADMIN)
    url = server.url + "/api/v1/tenants/demo/users"
    body = {"email": "api-made@demo.example", "name": "Api Made",
            "roles": ["trainer"], "password": "api-made-password"}
    r = requests.post(url, json=body, cookies=s.cookies)
    assert r.status_code == 403                 # no X-CSRF-Token
    r = s.post(url, json=body)
    assert r.status_code == 201, r.text
    uid = r.json()["id"]
    assert r.headers["location"] == f"/api/v1/tenants/demo/users/{uid}"
    got = s.get(server.url + r.headers["location"]).json()
    assert got["roles"] == ["trainer"]
    assert s.post(url, json=body).status_code == 409
    for bad in ({**body, "email": "x@demo.example", "admin": True},
                {**body, "email": "y@demo.example", "roles": ["emperor"]},
                {**body, "email": "z@demo.example", "roles": []},
                {**body, "email": 42},
                {**body, "email": "w@demo.example", "password": "short"}):
        r = s.post(url, json=bad)
        assert r.status_code == 400, bad
        assert r.json()["error"]["message"]
    assert pg.query("SELECT count(*) FROM users WHERE email IN "
                    "('x@demo.example','y@demo.example','z@demo.example',"
                    "'w@demo.example')") == [(0,)]
