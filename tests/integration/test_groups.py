"""Groups (cohorts): tenant admins create them, put learners and trainers
in them and delete them, on pages and through the API; a trainer sees
their own groups and those groups' learners only; learners see none."""

import pytest
import requests

from conftest import form_csrf, sign_in

ADMIN = ("admin@demo.example", "demo-admin-2026")
TRAINER = ("trainer@demo.example", "demo-trainer-2026")
LEARNER = ("learner1@demo.example", "demo-learner-2026")
API = "/api/v1/tenants/demo"


@pytest.fixture(autouse=True)
def clean(pg):
    pg.query("DELETE FROM signin_failures")
    pg.query("DELETE FROM groups")
    yield
    pg.query("DELETE FROM groups")


def api(server, who):
    s, r = sign_in(server, *who)
    assert r.status_code == 303
    me = s.get(server.url + API + "/me")
    s.headers["X-CSRF-Token"] = me.json()["csrf_token"]
    return s


def make_group(s, server, name, members=()):
    r = s.post(server.url + API + "/groups", json={"name": name})
    assert r.status_code == 201, r.text
    gid = r.json()["id"]
    assert r.headers["location"] == f"{API}/groups/{gid}"
    for email, role in members:
        r = s.post(f"{server.url}{API}/groups/{gid}/members",
                   json={"email": email, "role": role})
        assert r.status_code == 201, r.text
    return gid


def test_admin_builds_groups_over_api(server, pg):
    s = api(server, ADMIN)
    gid = make_group(s, server, "Cybercrime unit 2026",
                     [("learner1@demo.example", "learner"),
                      ("LEARNER2@demo.example", "learner"),
                      ("trainer@demo.example", "trainer")])
    r = s.get(f"{server.url}{API}/groups")
    assert r.json() == {"groups": [{"id": gid, "name": "Cybercrime unit 2026",
                                    "learners": 2, "trainers": 1}]}
    g = s.get(f"{server.url}{API}/groups/{gid}").json()
    assert g["name"] == "Cybercrime unit 2026"
    assert sorted((m["email"], m["role"]) for m in g["members"]) == [
        ("learner1@demo.example", "learner"),
        ("learner2@demo.example", "learner"),
        ("trainer@demo.example", "trainer")]
    # Adding the same member twice changes nothing.
    r = s.post(f"{server.url}{API}/groups/{gid}/members",
               json={"email": "learner1@demo.example", "role": "learner"})
    assert r.status_code == 201
    assert pg.query("SELECT count(*) FROM group_members")[0][0] == 3
    uid = pg.query("SELECT id FROM users WHERE email = "
                   "'learner2@demo.example'")[0][0]
    r = s.delete(f"{server.url}{API}/groups/{gid}/members/{uid}")
    assert r.status_code == 204
    r = s.delete(f"{server.url}{API}/groups/{gid}/members/{uid}")
    assert r.status_code == 404
    assert s.get(f"{server.url}{API}/groups").json()["groups"][0][
        "learners"] == 1
    r = s.delete(f"{server.url}{API}/groups/{gid}")
    assert r.status_code == 204
    assert pg.query("SELECT count(*) FROM group_members")[0][0] == 0
    assert s.get(f"{server.url}{API}/groups/{gid}").status_code == 404


def test_bad_group_input(server, pg):
    s = api(server, ADMIN)
    gid = make_group(s, server, "Prosecutors")
    cases = [
        ({"name": ""}, 400, "Please enter a name of 1 to 200 characters."),
        ({"name": "x" * 201}, 400,
         "Please enter a name of 1 to 200 characters."),
        ({"name": "ok", "colour": "red"}, 400, "A group has a name."),
        ({"name": "PROSECUTORS"}, 409,
         "A group with this name already exists."),
    ]
    for body, status, msg in cases:
        r = s.post(server.url + API + "/groups", json=body)
        assert r.status_code == status, body
        assert r.json()["error"]["message"] == msg
    r = s.post(server.url + API + "/groups", data=b'{"name": "\xff"}',
               headers={"content-type": "application/json"})
    assert r.status_code == 400
    members = f"{server.url}{API}/groups/{gid}/members"
    for body, status, msg in [
        ({"email": "nobody@demo.example", "role": "learner"}, 400,
         "There is no user with this email address."),
        ({"email": "learner1@demo.example", "role": "trainer"}, 400,
         "This user does not have that role."),
        ({"email": "learner1@demo.example", "role": "tenant_admin"}, 400,
         "Please enter an email address and a role."),
        ({"email": "learner1@demo.example"}, 400,
         "Please enter an email address and a role."),
    ]:
        r = s.post(members, json=body)
        assert r.status_code == status, body
        assert r.json()["error"]["message"] == msg
    r = s.post(f"{server.url}{API}/groups/999999/members",
               json={"email": "learner1@demo.example", "role": "learner"})
    assert r.status_code == 404
    # Nothing half-written.
    assert pg.query("SELECT name FROM groups") == [("Prosecutors",)]
    assert pg.query("SELECT count(*) FROM group_members")[0][0] == 0
    # Without the CSRF header nothing is created.
    r = requests.post(server.url + API + "/groups", json={"name": "Z"},
                      cookies=s.cookies)
    assert r.status_code == 403
    assert pg.query("SELECT count(*) FROM groups")[0][0] == 1


def test_trainer_sees_own_groups_and_their_learners_only(server, pg):
    s = api(server, ADMIN)
    mine = make_group(s, server, "Judges A",
                      [("learner1@demo.example", "learner"),
                       ("trainer@demo.example", "trainer")])
    other = make_group(s, server, "Judges B",
                       [("learner3@demo.example", "learner")])
    t = api(server, TRAINER)
    r = t.get(server.url + API + "/groups")
    assert r.status_code == 200
    assert [g["name"] for g in r.json()["groups"]] == ["Judges A"]
    r = t.get(f"{server.url}{API}/groups/{mine}")
    assert [m["email"] for m in r.json()["members"]
            if m["role"] == "learner"] == ["learner1@demo.example"]
    r = t.get(f"{server.url}{API}/groups/{other}")
    assert r.status_code == 404
    assert "learner3" not in r.text
    # The tenant's user list is not theirs to read, nor can they change
    # groups.
    assert t.get(server.url + API + "/users").status_code == 403
    r = t.post(f"{server.url}{API}/groups/{mine}/members",
               json={"email": "learner2@demo.example", "role": "learner"})
    assert r.status_code == 403
    assert t.delete(f"{server.url}{API}/groups/{mine}").status_code == 403
    # The page shows the same.
    page = t.get(server.url + "/t/demo/groups")
    assert "Judges A" in page.text and "Judges B" not in page.text
    assert 'action="/t/demo/groups"' not in page.text
    page = t.get(f"{server.url}/t/demo/groups/{mine}")
    assert "Lena Learner" in page.text and "Leyla" not in page.text
    assert t.get(f"{server.url}/t/demo/groups/{other}").status_code == 404
    # A learner sees no groups at all.
    lr = api(server, LEARNER)
    assert lr.get(server.url + API + "/groups").status_code == 403
    assert lr.get(server.url + "/t/demo/groups").status_code == 403


def test_admin_pages(server, pg):
    s, _ = sign_in(server, *ADMIN)
    page = s.get(server.url + "/t/demo/groups")
    assert page.status_code == 200
    csrf = form_csrf(page.text)
    r = s.post(server.url + "/t/demo/groups", data={"name": "Police"},
               allow_redirects=False)
    assert r.status_code == 403
    assert pg.query("SELECT count(*) FROM groups")[0][0] == 0
    r = s.post(server.url + "/t/demo/groups",
               data={"csrf": csrf, "name": "Police"}, allow_redirects=False)
    assert r.status_code == 303
    gid = pg.query("SELECT id FROM groups")[0][0]
    assert r.headers["location"] == f"/t/demo/groups/{gid}"
    r = s.post(server.url + "/t/demo/groups",
               data={"csrf": csrf, "name": "police"})
    assert r.status_code == 409
    assert "A group with this name already exists." in r.text
    url = f"{server.url}/t/demo/groups/{gid}"
    r = s.post(url + "/members", data={"csrf": csrf, "role": "learner",
                                       "email": "learner2@demo.example"},
               allow_redirects=False)
    assert r.status_code == 303
    r = s.post(url + "/members", data={"csrf": csrf, "role": "learner",
                                       "email": "ghost@demo.example"})
    assert r.status_code == 400
    assert "There is no user with this email address." in r.text
    page = s.get(url)
    assert "Luca Learner" in page.text
    uid = pg.query("SELECT id FROM users WHERE email = "
                   "'learner2@demo.example'")[0][0]
    r = s.post(f"{url}/members/{uid}/remove", data={"csrf": csrf},
               allow_redirects=False)
    assert r.status_code == 303
    assert "Luca Learner" not in s.get(url).text
    r = s.post(url + "/delete", data={"csrf": csrf}, allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/t/demo/groups"
    assert pg.query("SELECT count(*) FROM groups")[0][0] == 0
    assert s.get(url).status_code == 404


def test_groups_are_tenant_owned(pg):
    """Through the application's role, with no tenant fixed, not one
    group or membership is visible, whatever the WHERE clause says."""
    pg.query("INSERT INTO groups (tenant_id, name) SELECT id, 'Hidden' "
             "FROM tenants WHERE slug = 'demo'")
    assert pg.query("SELECT count(*) FROM groups")[0][0] == 1
    assert pg.query("SELECT count(*) FROM groups", app=True)[0][0] == 0
    assert pg.query("SELECT count(*) FROM group_members",
                    app=True)[0][0] == 0
