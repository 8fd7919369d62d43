"""Per-user API tokens: a user makes one (shown once, stored hashed), a
script uses it as "Authorization: Bearer ..." without a CSRF header, with
the user's roles; revoking it, or disabling the user, shuts it; it opens
nothing in another tenant and cannot mint more tokens."""

import hashlib

import pytest
import requests

from conftest import form_csrf, sign_in

ADMIN = ("admin@demo.example", "demo-admin-2026")
LEARNER = ("learner1@demo.example", "demo-learner-2026")
API = "/api/v1/tenants/demo"


@pytest.fixture(autouse=True)
def clean(pg):
    pg.query("DELETE FROM signin_failures")
    pg.query("DELETE FROM api_tokens")
    pg.query("UPDATE users SET disabled = false")
    yield
    pg.query("DELETE FROM api_tokens")
    pg.query("UPDATE users SET disabled = false")


def api(server, who):
    s, r = sign_in(server, *who)
    assert r.status_code == 303
    s.headers["X-CSRF-Token"] = s.get(server.url + API + "/me").json()[
        "csrf_token"]
    return s


def bearer(tok):
    return {"Authorization": "Bearer " + tok}


def test_token_lifecycle_over_api(server, pg):
    s = api(server, ADMIN)
    r = s.post(server.url + API + "/me/tokens", json={"name": "nightly sync"})
    assert r.status_code == 201
    made = r.json()
    tok = made["token"]
    assert tok.startswith("olt_") and len(tok) == 47
    # Stored only as its SHA-256.
    rows = pg.query("SELECT name, token_hash FROM api_tokens")
    assert rows == [("nightly sync", hashlib.sha256(tok.encode()).hexdigest())]
    assert tok not in str(pg.query("SELECT * FROM api_tokens"))
    # The listing never shows the token again.
    r = s.get(server.url + API + "/me/tokens")
    assert r.status_code == 200
    listed = r.json()["tokens"]
    assert [(t["id"], t["name"]) for t in listed] == [(made["id"],
                                                      "nightly sync")]
    assert tok not in r.text

    # A script: no cookie, no CSRF header, the admin's roles.
    r = requests.get(server.url + API + "/me", headers=bearer(tok))
    assert r.status_code == 200
    assert r.json()["email"] == "admin@demo.example"
    r = requests.get(server.url + API + "/users", headers=bearer(tok))
    assert r.status_code == 200
    r = requests.post(server.url + API + "/groups", json={"name": "Scripted"},
                      headers=bearer(tok))
    assert r.status_code == 201
    assert pg.query("SELECT count(*) FROM groups WHERE name = "
                    "'Scripted'")[0][0] == 1
    pg.query("DELETE FROM groups")
    assert pg.query("SELECT last_used_at IS NOT NULL FROM "
                    "api_tokens")[0][0]
    # It cannot make or revoke tokens.
    r = requests.post(server.url + API + "/me/tokens", json={"name": "x"},
                      headers=bearer(tok))
    assert r.status_code == 403
    assert pg.query("SELECT count(*) FROM api_tokens")[0][0] == 1
    # Pages do not take it.
    r = requests.get(server.url + "/t/demo/admin/users", headers=bearer(tok),
                     allow_redirects=False)
    assert r.status_code == 303

    r = s.delete(f"{server.url}{API}/me/tokens/{made['id']}")
    assert r.status_code == 204
    r = requests.get(server.url + API + "/me", headers=bearer(tok))
    assert r.status_code == 401
    assert s.delete(f"{server.url}{API}/me/tokens/{made['id']}"
                    ).status_code == 404
    assert s.get(server.url + API + "/me/tokens").json() == {"tokens": []}


def test_token_is_its_users_only(server, pg):
    learner = api(server, LEARNER)
    tok = learner.post(server.url + API + "/me/tokens",
                       json={"name": "mine"}).json()["token"]
    tid = pg.query("SELECT id FROM api_tokens")[0][0]
    # The learner's roles, not more.
    assert requests.get(server.url + API + "/users",
                        headers=bearer(tok)).status_code == 403
    # Another user can neither see nor revoke it.
    admin = api(server, ADMIN)
    assert admin.get(server.url + API + "/me/tokens").json() == {
        "tokens": []}
    assert admin.delete(f"{server.url}{API}/me/tokens/{tid}"
                        ).status_code == 404
    # Another tenant's address: not there.
    pg.admin("tenant", "create", "tokb", "Token B", "--if-missing")
    r = requests.get(server.url + "/api/v1/tenants/tokb/me",
                     headers=bearer(tok))
    assert r.status_code == 401
    # A disabled user's token opens nothing.
    pg.query("UPDATE users SET disabled = true WHERE email = %s",
             (LEARNER[0],))
    assert requests.get(server.url + API + "/me",
                        headers=bearer(tok)).status_code == 401
    pg.query("UPDATE users SET disabled = false")
    assert requests.get(server.url + API + "/me",
                        headers=bearer(tok)).status_code == 200


def test_bad_tokens_and_names(server, pg):
    for auth in ("Bearer ", "Bearer olt_short", "Basic YWxhZGRpbjpvcGVu",
                 "Bearer olt_" + "A" * 43, "Bearer " + "A" * 47):
        r = requests.get(server.url + API + "/me",
                         headers={"Authorization": auth.encode()})
        assert r.status_code == 401, auth
        assert r.json()["error"]["message"] == "Please sign in."
    # Bytes outside ASCII in a header: Kore itself refuses the request.
    r = requests.get(server.url + API + "/me",
                     headers={"Authorization": ("Bearer olt_" + "é" * 43
                                                ).encode()})
    assert r.status_code in (400, 401)
    s = api(server, ADMIN)
    for body in ({}, {"name": ""}, {"name": "   "}, {"name": "x" * 101},
                 {"name": 5}, {"name": "ok", "scope": "all"}):
        r = s.post(server.url + API + "/me/tokens", json=body)
        assert r.status_code == 400, body
        assert r.json()["error"]["message"] == \
            "Please name the token (1 to 100 characters)."
    assert s.post(server.url + API + "/me/tokens", json={"name": "é" * 100}
                  ).status_code == 201
    # Without the CSRF header a session cannot make one.
    r = requests.post(server.url + API + "/me/tokens", json={"name": "x"},
                      cookies=s.cookies)
    assert r.status_code == 403
    assert pg.query("SELECT count(*) FROM api_tokens")[0][0] == 1


def test_tokens_page(server, pg):
    s, _ = sign_in(server, *LEARNER)
    page = s.get(server.url + "/t/demo/account/tokens")
    assert page.status_code == 200
    assert "API tokens" in page.text
    csrf = form_csrf(page.text)
    r = s.post(server.url + "/t/demo/account/tokens", data={"name": "cli"})
    assert r.status_code == 403
    r = s.post(server.url + "/t/demo/account/tokens",
               data={"csrf": csrf, "name": "cli"})
    assert r.status_code == 200
    start = r.text.index('<code id="new-token">') + len('<code id="new-token">')
    tok = r.text[start:r.text.index("</code>", start)]
    assert requests.get(server.url + API + "/me", headers=bearer(tok)
                        ).json()["email"] == LEARNER[0]
    page = s.get(server.url + "/t/demo/account/tokens")
    assert "<td>cli</td>" in page.text and tok not in page.text
    tid = pg.query("SELECT id FROM api_tokens")[0][0]
    r = s.post(f"{server.url}/t/demo/account/tokens/{tid}/revoke",
               data={"csrf": csrf}, allow_redirects=False)
    assert r.status_code == 303
    assert requests.get(server.url + API + "/me",
                        headers=bearer(tok)).status_code == 401
    r = requests.get(server.url + "/t/demo/account/tokens",
                     allow_redirects=False)
    assert r.status_code == 303
