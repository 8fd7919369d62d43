"""Password change by the user (the current one checked, other sessions
ended) and reset by a tenant admin (all the user's sessions ended), on
pages and through the API."""

import pytest
import requests

from conftest import form_csrf, sign_in

ADMIN = ("admin@demo.example", "demo-admin-2026")


@pytest.fixture
def person(pg):
    """A user of the demo tenant of this test's own."""
    email = "pw-person@demo.example"
    pg.query("DELETE FROM signin_failures")
    pg.admin("user", "add", "--tenant", "demo", "--email", email, "--name",
             "Pat Person", "--roles", "learner", "--if-missing",
             env={"OCTOLEARN_PASSWORD": "first-password-1"})
    pg.query("UPDATE users SET password_hash = (SELECT password_hash FROM "
             "users WHERE email = 'learner1@demo.example'), disabled = false "
             "WHERE email = %s", (email,))
    yield email, "demo-learner-2026"


def signed_in(server, s):
    return "Welcome," in s.get(server.url + "/t/demo/").text


def test_change_on_page(server, person):
    email, old = person
    other, _ = sign_in(server, email, old)
    s, _ = sign_in(server, email, old)
    page = s.get(server.url + "/t/demo/account/password")
    assert page.status_code == 200
    url = server.url + "/t/demo/account/password"
    r = s.post(url, data={"csrf": form_csrf(page.text), "current": "wrong-one",
                          "fresh": "second-password-2"})
    assert r.status_code == 403
    assert "The current password is not right." in r.text
    r = s.post(url, data={"csrf": form_csrf(page.text), "current": old,
                          "fresh": "short"})
    assert r.status_code == 400
    assert "at least 10 characters" in r.text
    r = s.post(url, data={"current": old, "fresh": "second-password-2"})
    assert r.status_code == 403                       # no CSRF token
    r = s.post(url, data={"csrf": form_csrf(page.text), "current": old,
                          "fresh": "second-password-2"})
    assert r.status_code == 200
    assert "Your password has been changed." in r.text
    # This session goes on; the other one has ended.
    assert signed_in(server, s)
    assert not signed_in(server, other)
    _, r = sign_in(server, email, old)
    assert r.status_code == 401
    _, r = sign_in(server, email, "second-password-2")
    assert r.status_code == 303


def test_change_page_needs_sign_in(server):
    r = requests.get(server.url + "/t/demo/account/password",
                     allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/t/demo/signin"


def test_change_api(server, person):
    email, old = person
    s, _ = sign_in(server, email, old)
    csrf = s.get(server.url + "/api/v1/tenants/demo/me").json()["csrf_token"]
    url = server.url + "/api/v1/tenants/demo/me/password"
    body = {"current_password": old, "new_password": "third-password-3"}
    assert s.post(url, json=body).status_code == 403          # no header
    s.headers["X-CSRF-Token"] = csrf
    assert s.post(url, json={**body, "extra": 1}).status_code == 400
    assert s.post(url, json={**body, "current_password": "nope-nope-nope"}) \
        .status_code == 403
    assert s.post(url, json={**body, "new_password": "Password123"}) \
        .status_code == 400
    r = s.post(url, json=body)
    assert r.status_code == 200, r.text
    _, r = sign_in(server, email, "third-password-3")
    assert r.status_code == 303


def test_admin_reset(server, pg, person):
    email, old = person
    victim, _ = sign_in(server, email, old)
    admin, _ = sign_in(server, *ADMIN)
    page = admin.get(server.url + "/t/demo/admin/users")
    uid = pg.query("SELECT id FROM users WHERE email = %s", (email,))[0][0]
    url = f"{server.url}/t/demo/admin/users/{uid}/password"
    r = admin.post(url, data={"csrf": form_csrf(page.text),
                              "password": "short"})
    assert r.status_code == 400
    r = admin.post(url, data={"csrf": form_csrf(page.text),
                              "password": "reset-password-4"})
    assert r.status_code == 200
    assert "The password has been set." in r.text
    assert not signed_in(server, victim)
    _, r = sign_in(server, email, "reset-password-4")
    assert r.status_code == 303
    # A learner cannot reset anyone's password.
    learner, _ = sign_in(server, email, "reset-password-4")
    r = learner.post(url, data={"csrf": form_csrf(
        learner.get(server.url + "/t/demo/").text),
        "password": "hijack-password-5"})
    assert r.status_code == 403
    # Through the API, with the header.
    csrf = admin.get(server.url + "/api/v1/tenants/demo/me").json()[
        "csrf_token"]
    r = admin.post(f"{server.url}/api/v1/tenants/demo/users/{uid}/password",
                   json={"password": "api-reset-pass-6"},
                   headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200
    _, r = sign_in(server, email, "api-reset-pass-6")
    assert r.status_code == 303
    r = admin.post(f"{server.url}/api/v1/tenants/demo/users/999999/password",
                   json={"password": "api-reset-pass-6"},
                   headers={"X-CSRF-Token": csrf})
    assert r.status_code == 404
