"""Tenant admins edit a user's email address, name and roles, on the
user's page and with PATCH; bad input is refused with its reason and
changes nothing; an admin cannot take their own admin role away."""

import pytest
import requests

from conftest import form_csrf, sign_in

ADMIN = ("admin@demo.example", "demo-admin-2026")
API = "/api/v1/tenants/demo"
TARGET = "learner3@demo.example"


def snapshot(pg, uid):
    return pg.query("SELECT u.email, u.display_name, array(SELECT role FROM "
                    "user_roles r WHERE r.user_id = u.id ORDER BY role) "
                    "FROM users u WHERE u.id = %s", (uid,))[0]


@pytest.fixture
def target(pg):
    pg.query("DELETE FROM signin_failures")
    uid = pg.query("SELECT id FROM users WHERE email = %s", (TARGET,))[0][0]
    before = snapshot(pg, uid)
    yield uid
    pg.query("UPDATE users SET email = %s, display_name = %s WHERE id = %s",
             (before[0], before[1], uid))
    pg.query("DELETE FROM user_roles WHERE user_id = %s AND role <> ALL(%s)",
             (uid, before[2]))
    pg.query("INSERT INTO user_roles (tenant_id, user_id, role) SELECT "
             "tenant_id, id, unnest(%s::text[]) FROM users WHERE id = %s "
             "ON CONFLICT DO NOTHING", (before[2], uid))


def api(server):
    s, r = sign_in(server, *ADMIN)
    assert r.status_code == 303
    s.headers["X-CSRF-Token"] = s.get(server.url + API + "/me").json()[
        "csrf_token"]
    return s


def test_patch_changes_email_name_roles(server, pg, target):
    s = api(server)
    url = f"{server.url}{API}/users/{target}"
    r = s.patch(url, json={"email": "leyla.new@demo.example",
                           "name": "Leyla Neu", "roles": ["learner",
                                                         "trainer"]})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["email"] == "leyla.new@demo.example"
    assert got["name"] == "Leyla Neu"
    assert sorted(got["roles"]) == ["learner", "trainer"]
    assert snapshot(pg, target) == ("leyla.new@demo.example", "Leyla Neu",
                                    ["learner", "trainer"])
    # Only the name: the rest stays.
    r = s.patch(url, json={"name": "Leyla Learner"})
    assert r.status_code == 200
    assert snapshot(pg, target)[0] == "leyla.new@demo.example"
    assert snapshot(pg, target)[2] == ["learner", "trainer"]
    # The user signs in with the new address.
    _, r = sign_in(server, "leyla.new@demo.example", "demo-learner-2026")
    assert r.status_code == 303


@pytest.mark.parametrize("body,status,message", [
    ({"email": "learner1@DEMO.example"}, 409,
     "Another user already has this email address."),
    ({"email": "not an address"}, 400, "Please enter a valid email address."),
    ({"name": ""}, 400, "Please enter a name of 1 to 200 characters."),
    ({"name": "x" * 201}, 400, "Please enter a name of 1 to 200 characters."),
    ({"roles": []}, 400, "Please choose at least one role."),
    ({"roles": ["platform_admin"]}, 400, None),
    ({"roles": "learner"}, 400, None),
    ({"colour": "red"}, 400, None),
    ({}, 400, None),
    ({"name": "ok", "password": "sneaky-password"}, 400, None),
])
def test_patch_bad_input_changes_nothing(server, pg, target, body, status,
                                         message):
    before = snapshot(pg, target)
    r = api(server).patch(f"{server.url}{API}/users/{target}", json=body)
    assert r.status_code == status
    if message is None:
        message = ("A user's email, name, roles (a list of learner, trainer, "
                   "tenant_admin) and disabled (true or false) can be "
                   "changed here.")
    assert r.json()["error"]["message"] == message
    assert snapshot(pg, target) == before


def test_admin_keeps_own_admin_role(server, pg):
    s = api(server)
    me = s.get(server.url + API + "/me").json()
    r = s.patch(f"{server.url}{API}/users/{me['id']}",
                json={"roles": ["learner"]})
    assert r.status_code == 400
    assert r.json()["error"]["message"] == \
        "You cannot take the tenant admin role from yourself."
    assert "tenant_admin" in s.get(server.url + API + "/me").json()["roles"]


def test_edit_page(server, pg, target):
    s, _ = sign_in(server, *ADMIN)
    users = s.get(server.url + "/t/demo/admin/users")
    assert f'href="/t/demo/admin/users/{target}"' in users.text
    page = s.get(f"{server.url}/t/demo/admin/users/{target}")
    assert page.status_code == 200
    assert f'value="{TARGET}"' in page.text
    csrf = form_csrf(page.text)
    url = f"{server.url}/t/demo/admin/users/{target}"
    # No token: nothing changes.
    r = s.post(url, data={"email": TARGET, "name": "Hacked"},
               allow_redirects=False)
    assert r.status_code == 403
    assert snapshot(pg, target)[1] == "Leyla Learner"
    r = s.post(url, data={"csrf": csrf, "email": TARGET, "name": "Leyla L.",
                          "role_learner": "1", "role_trainer": "1"},
               allow_redirects=False)
    assert r.status_code == 303
    assert snapshot(pg, target) == (TARGET, "Leyla L.",
                                    ["learner", "trainer"])
    r = s.post(url, data={"csrf": csrf, "email": "admin@demo.example",
                          "name": "Leyla L.", "role_learner": "1"})
    assert r.status_code == 409
    assert "Another user already has this email address." in r.text
    r = s.post(url, data={"csrf": csrf, "email": TARGET, "name": "Leyla L."})
    assert r.status_code == 400
    assert "Please choose at least one role." in r.text
    assert snapshot(pg, target) == (TARGET, "Leyla L.",
                                    ["learner", "trainer"])
    # Not for learners; unknown ids are not found.
    learner, _ = sign_in(server, "learner1@demo.example", "demo-learner-2026")
    assert learner.get(url).status_code == 403
    assert s.get(f"{server.url}/t/demo/admin/users/999999").status_code == 404
    assert requests.get(url, allow_redirects=False).status_code == 303
