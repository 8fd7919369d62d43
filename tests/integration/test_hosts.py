"""With a base domain configured, a tenant is also reached at
<slug>.<base domain>: its host leads to its pages, opens no other
tenant's, and unknown or disabled tenants' hosts are not found."""

import pytest
import requests

from conftest import Server, form_csrf

BASE = "learn.example.test"


@pytest.fixture(scope="module")
def hosted(pg):
    pg.admin("tenant", "create", "hostb", "Host B School", "--if-missing")
    srv = Server(pg, env={"OCTOLEARN_BASE_DOMAIN": BASE})
    try:
        yield srv.start()
    finally:
        srv.destroy()


def get(srv, host, path, **kw):
    kw.setdefault("allow_redirects", False)
    return requests.get(srv.url + path, headers={"Host": host}, timeout=10,
                        **kw)


def test_tenant_host_leads_to_the_tenant(hosted):
    host = f"demo.{BASE}:{hosted.port}"
    r = get(hosted, host, "/")
    assert r.status_code == 302
    assert r.headers["location"] == "/t/demo/"
    r = get(hosted, host, "/signin")
    assert r.status_code == 302
    assert r.headers["location"] == "/t/demo/signin"
    # Upper case and no port are the same host.
    r = get(hosted, f"DEMO.{BASE.upper()}", "/")
    assert r.headers["location"] == "/t/demo/"
    # Following it, the tenant's home; signing in works on that host.
    s = requests.Session()
    s.headers["Host"] = host
    page = s.get(hosted.url + "/t/demo/signin")
    assert page.status_code == 200
    r = s.post(hosted.url + "/t/demo/signin",
               data={"csrf": form_csrf(page.text),
                     "email": "learner1@demo.example",
                     "password": "demo-learner-2026"}, allow_redirects=False)
    assert r.status_code == 303
    assert "Welcome, Lena Learner" in s.get(hosted.url + "/t/demo/").text


def test_tenant_host_opens_no_other_tenant(hosted):
    host = f"demo.{BASE}"
    assert get(hosted, host, "/t/hostb/").status_code == 404
    assert get(hosted, host, "/api/v1/tenants/hostb").status_code == 404
    assert get(hosted, host, "/api/v1/tenants/demo").status_code == 200
    # On the other's own host, it is there.
    assert get(hosted, f"hostb.{BASE}", "/t/hostb/").status_code == 200
    assert get(hosted, f"hostb.{BASE}", "/t/demo/").status_code == 404


def test_unknown_and_disabled_tenant_hosts(hosted, pg):
    for host in (f"nosuch.{BASE}", f"a.b.{BASE}", f"-x-.{BASE}"):
        r = get(hosted, host, "/")
        assert r.status_code == 404, host
        assert "There is nothing at this address." in r.text
    pg.admin("tenant", "disable", "hostb")
    try:
        assert get(hosted, f"hostb.{BASE}", "/").status_code == 404
        assert get(hosted, f"hostb.{BASE}", "/t/hostb/").status_code == 404
    finally:
        pg.admin("tenant", "enable", "hostb")
    assert get(hosted, f"hostb.{BASE}", "/").status_code == 302


def test_other_hosts_and_odd_paths(hosted):
    # The base domain itself and foreign hosts: the platform's front page.
    for host in (BASE, "127.0.0.1", f"demo.{BASE}.evil.test"):
        r = get(hosted, host, "/")
        assert r.status_code == 200, host
        assert "Training institutions" in r.text
    # Only plain paths are carried into a redirect.
    r = get(hosted, f"demo.{BASE}", "/a%0d%0aSet-Cookie:x=1")
    assert r.status_code in (400, 404)
    assert "set-cookie" not in {k.lower() for k in r.headers
                                if r.headers[k].startswith("x=")}
