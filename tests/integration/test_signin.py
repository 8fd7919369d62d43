"""Sign-in and sign-out: sessions in an HttpOnly, SameSite=Lax cookie
stored hashed, a new token at every sign-in, CSRF on every form, clear
4xx answers, temporary slow-down of repeated failures, expiry."""

import hashlib
import re

import pytest
import requests

from conftest import form_csrf, sign_in

PASSWORD = "demo-learner-2026"


def signin(server, email, password, session=None, csrf=True):
    return sign_in(server, email, password, session=session, csrf=csrf)


@pytest.fixture(autouse=True)
def no_failures(pg):
    pg.query("DELETE FROM signin_failures")
    pg.query("UPDATE users SET disabled = false")
    yield


def test_signin_sets_a_safe_cookie(server, pg):
    s, r = signin(server, "learner1@demo.example", PASSWORD)
    assert r.status_code == 303
    assert r.headers["location"] == "/t/demo/"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("octolearn_sid=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/;" in cookie
    assert "Domain" not in cookie       # this host only
    assert "Secure" not in cookie        # plain HTTP in tests
    token = s.cookies.get("octolearn_sid")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)   # 256 bits
    # Stored hashed: the token itself is nowhere in the database.
    digest = hashlib.sha256(token.encode()).hexdigest()
    rows = pg.query("SELECT token_hash FROM sessions WHERE token_hash = %s",
                    (digest,))
    assert rows == [(digest,)]
    assert pg.query("SELECT count(*) FROM sessions WHERE token_hash = %s "
                    "OR csrf_token = %s", (token, token)) == [(0,)]
    home = s.get(server.url + "/t/demo/")
    assert "Welcome, Lena Learner" in home.text
    assert 'action="/t/demo/signout"' in home.text


def test_new_token_at_every_signin(server):
    s1, _ = signin(server, "learner2@demo.example", PASSWORD)
    s2, _ = signin(server, "learner2@demo.example", PASSWORD)
    assert s1.cookies.get("octolearn_sid") != s2.cookies.get("octolearn_sid")


def test_planted_token_is_not_promoted(server):
    s = requests.Session()
    planted = "A" * 43
    s.cookies.set("octolearn_sid", planted, domain="127.0.0.1", path="/")
    s, r = signin(server, "learner1@demo.example", PASSWORD, session=s)
    assert r.status_code == 303
    assert s.cookies.get("octolearn_sid") != planted


@pytest.mark.parametrize("email,password", [
    ("learner1@demo.example", "not-the-password"),
    ("nobody@demo.example", PASSWORD),
    ("LEARNER1@demo.example", "not-the-password"),
])
def test_wrong_credentials(server, pg, email, password):
    before = pg.query("SELECT count(*) FROM sessions")
    s, r = signin(server, email, password)
    assert r.status_code == 401
    assert "The email address or the password is not right." in r.text
    assert "octolearn_sid" not in r.headers.get("set-cookie", "")
    assert pg.query("SELECT count(*) FROM sessions") == before
    # The address typed is kept in the form, escaped.
    assert f'value="{email}"' in r.text


def test_email_is_case_insensitive(server):
    _, r = signin(server, "Learner1@Demo.Example", PASSWORD)
    assert r.status_code == 303


def test_disabled_user_cannot_sign_in(server, pg):
    pg.query("UPDATE users SET disabled = true "
             "WHERE email = 'learner3@demo.example'")
    _, r = signin(server, "learner3@demo.example", PASSWORD)
    assert r.status_code == 401


def test_csrf_is_required(server, pg):
    before = pg.query("SELECT count(*) FROM sessions")
    _, r = signin(server, "learner1@demo.example", PASSWORD, csrf=False)
    assert r.status_code == 403
    assert "This form has expired" in r.text
    s = requests.Session()
    s.get(server.url + "/t/demo/signin")
    r = s.post(server.url + "/t/demo/signin", allow_redirects=False,
               data={"email": "learner1@demo.example", "password": PASSWORD,
                     "csrf": "B" * 43})
    assert r.status_code == 403
    # A token but no cookie to match (another site's form).
    r = requests.post(server.url + "/t/demo/signin", allow_redirects=False,
                      data={"email": "learner1@demo.example",
                            "password": PASSWORD, "csrf": "B" * 43})
    assert r.status_code == 403
    assert pg.query("SELECT count(*) FROM sessions") == before


@pytest.mark.parametrize("data", [
    {"email": "", "password": PASSWORD},
    {"email": "learner1@demo.example"},
    {"password": PASSWORD},
    {"email": "a" * 300 + "@demo.example", "password": PASSWORD},
    {"email": "learner1@demo.example", "password": "x" * 1100},
    {"email": b"learner1@demo.example\xff", "password": PASSWORD},
    {"email": "learner1@demo.example\x01", "password": PASSWORD},
])
def test_bad_input(server, data):
    s = requests.Session()
    page = s.get(server.url + "/t/demo/signin")
    data = dict(data, csrf=form_csrf(page.text))
    r = s.post(server.url + "/t/demo/signin", data=data,
               allow_redirects=False)
    assert r.status_code == 400
    assert "Please enter your email address and your password." in r.text


def test_signout_revokes(server, pg):
    s, _ = signin(server, "learner1@demo.example", PASSWORD)
    token = s.cookies.get("octolearn_sid")
    home = s.get(server.url + "/t/demo/")
    # Without the token: refused, still signed in.
    r = s.post(server.url + "/t/demo/signout", allow_redirects=False)
    assert r.status_code == 403
    assert "Welcome," in s.get(server.url + "/t/demo/").text
    r = s.post(server.url + "/t/demo/signout", allow_redirects=False,
               data={"csrf": form_csrf(home.text)})
    assert r.status_code == 303
    assert "Max-Age=0" in r.headers["set-cookie"]
    # The old token is dead even if someone kept it.
    r = requests.get(server.url + "/t/demo/",
                     cookies={"octolearn_sid": token})
    assert "Welcome," not in r.text
    assert 'href="/t/demo/signin"' in r.text
    digest = hashlib.sha256(token.encode()).hexdigest()
    assert pg.query("SELECT revoked_at IS NOT NULL FROM sessions "
                    "WHERE token_hash = %s", (digest,)) == [(True,)]


@pytest.mark.parametrize("change", [
    "expires_at = now() - interval '1 second'",
    "last_seen_at = now() - interval '3 hours'",
])
def test_expired_sessions(server, pg, change):
    s, _ = signin(server, "learner2@demo.example", PASSWORD)
    assert "Welcome," in s.get(server.url + "/t/demo/").text
    digest = hashlib.sha256(
        s.cookies.get("octolearn_sid").encode()).hexdigest()
    pg.query(f"UPDATE sessions SET {change} WHERE token_hash = %s",
             (digest,))
    assert "Welcome," not in s.get(server.url + "/t/demo/").text


def test_session_is_bound_to_its_tenant(server, pg):
    pg.admin("tenant", "create", "second", "Second Academy",
             "--if-missing")
    s, _ = signin(server, "learner1@demo.example", PASSWORD)
    token = s.cookies.get("octolearn_sid")
    r = requests.get(server.url + "/t/second/",
                     cookies={"octolearn_sid": token})
    assert r.status_code == 200
    assert "Welcome," not in r.text


def test_repeated_failures_slow_down(server, pg):
    email = "trainer@demo.example"
    for i in range(5):
        _, r = signin(server, email, "wrong-password-%d" % i)
        assert r.status_code == 401, i
    # Locked now: even the right password waits, with a clear message.
    _, r = signin(server, email, "demo-trainer-2026")
    assert r.status_code == 429
    assert "Too many failed sign-in attempts" in r.text
    assert "1 minute" in r.text
    assert int(r.headers["retry-after"]) > 0
    # Other accounts from the same address carry on.
    _, r = signin(server, "learner1@demo.example", PASSWORD)
    assert r.status_code == 303
    # The lock is temporary (at most 15 minutes): once it has passed, the
    # real user gets in.
    until = pg.query("SELECT locked_until - now() <= interval '15 minutes' "
                     "FROM signin_failures WHERE subject = %s",
                     ("user:" + email,))
    assert until == [(True,)]
    pg.query("UPDATE signin_failures SET locked_until = now() "
             "WHERE subject = %s", ("user:" + email,))
    _, r = signin(server, email, "demo-trainer-2026")
    assert r.status_code == 303
    assert pg.query("SELECT count(*) FROM signin_failures "
                    "WHERE subject = %s", ("user:" + email,)) == [(0,)]


def test_unknown_tenant_signin_is_404(server):
    assert server.get("/t/nosuch/signin").status_code == 404
    assert server.request("POST", "/t/nosuch/signout").status_code == 404


def test_passwords_never_logged(server):
    signin(server, "learner1@demo.example", "secret-typo-password")
    signin(server, "learner1@demo.example", PASSWORD)
    log = server.log()
    assert "secret-typo-password" not in log
    assert PASSWORD not in log
