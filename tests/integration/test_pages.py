"""The pages every visitor sees: the platform's front page, a tenant's home
page, not-found pages, the stylesheet; one layout, escaped values, security
headers on everything."""

import re

import pytest

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def assert_security_headers(r):
    for k, v in SECURITY_HEADERS.items():
        assert r.headers.get(k) == v, (k, r.headers)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'self'" in csp
    assert "script-src 'self'" in csp


def test_front_page_lists_tenants(server):
    r = server.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert_security_headers(r)
    assert '<a href="/t/demo/">Demo Training Institute</a>' in r.text
    assert '<html lang="en" dir="ltr">' in r.text


def test_tenant_home(server):
    r = server.get("/t/demo/")
    assert r.status_code == 200
    assert_security_headers(r)
    assert "<title>Home — Demo Training Institute</title>" in r.text
    assert "<h1>Demo Training Institute</h1>" in r.text
    assert 'href="/static/octolearn.css"' in r.text
    assert 'class="skip" href="#main"' in r.text
    assert r.headers["cache-control"] == "no-store"
    # The languages it offers, each named in its own language.
    assert ('<li lang="en">English</li>\n<li lang="fr">Français</li>\n'
            '<li lang="es">Español</li>') in r.text


def test_tenant_without_slash_redirects(server):
    r = server.get("/t/demo")
    assert r.status_code == 301
    assert r.headers["location"] == "/t/demo/"


@pytest.mark.parametrize("path", [
    "/t/nosuch/", "/t/Demo/", "/t/demo-/", "/t/" + "a" * 64 + "/",
    "/t/demo%00/", "/t/de%2fmo/", "/nowhere", "/t/", "/static/x.css",
])
def test_not_found_pages(server, path):
    r = server.get(path)
    assert r.status_code == 404, path
    assert_security_headers(r)
    assert "<h1>Page not found</h1>" in r.text
    assert "Demo Training Institute" not in r.text


def test_disabled_tenant_is_not_found(server, pg):
    pg.admin("tenant", "create", "closed", "Closed Academy")
    assert server.get("/t/closed/").status_code == 200
    pg.query("UPDATE tenants SET enabled = false WHERE slug = 'closed'")
    r = server.get("/t/closed/")
    assert r.status_code == 404
    assert "Closed Academy" not in r.text
    assert "Closed Academy" not in server.get("/").text
    assert server.get("/api/v1/tenants/closed").status_code == 404


def test_names_are_escaped(server, pg):
    evil = '<script>alert("x")</script> & \'quoted\''
    pg.admin("tenant", "create", "escaped", evil)
    for path in ("/t/escaped/", "/"):
        text = server.get(path).text
        assert "<script>alert" not in text
        assert ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                "&#39;quoted&#39;") in text


def test_wrong_method(server):
    r = server.request("POST", "/", data="x=1")
    assert r.status_code == 405
    assert r.headers["allow"] == "GET"
    assert_security_headers(r)
    r = server.request("DELETE", "/t/demo/")
    assert r.status_code == 405


def test_stylesheet_etag(server):
    r = server.get("/static/octolearn.css")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/css; charset=utf-8"
    etag = r.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert "--brand" in r.text
    r2 = server.get("/static/octolearn.css", headers={"If-None-Match": etag})
    assert r2.status_code == 304
    assert r2.content == b""
    r3 = server.get("/static/octolearn.css",
                    headers={"If-None-Match": '"other"'})
    assert r3.status_code == 200


def test_access_log(isolated):
    db, srv = isolated()
    srv.get("/t/demo/?from=access-log-test")
    srv.get("/nowhere-to-be-found")
    srv.stop()
    with open(srv.access_log) as f:
        log = f.read()
    assert "/t/demo/" in log
    assert "/nowhere-to-be-found" in log
    assert re.search(r'"GET /nowhere-to-be-found[^"]*" 404', log), log
