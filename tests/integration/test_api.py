"""The JSON API's tenant routes, which mirror the pages."""


def test_tenants_list(server):
    r = server.get("/api/v1/tenants")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    demo = [t for t in r.json()["tenants"] if t["slug"] == "demo"]
    assert demo == [{
        "slug": "demo", "name": "Demo Training Institute",
        "default_language": "en", "languages": ["en", "fr", "es"],
    }]


def test_tenant(server):
    r = server.get("/api/v1/tenants/demo")
    assert r.status_code == 200
    assert r.json()["name"] == "Demo Training Institute"


def test_unknown_tenant(server):
    for slug in ("nosuch", "DEMO", "demo%00", "x" * 100, "demo%2f", "-"):
        r = server.get("/api/v1/tenants/" + slug)
        assert r.status_code == 404, slug
        body = r.json()
        assert body["error"]["status"] == 404
        assert body["error"]["message"]


def test_unknown_api_route_is_json(server):
    r = server.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.json()["error"]["status"] == 404


def test_json_escapes_names(server, pg):
    name = 'Quote " backslash \\ tab \t ünïcödé'
    pg.admin("tenant", "create", "jsonesc", name)
    assert server.get("/api/v1/tenants/jsonesc").json()["name"] == name


def test_method_not_allowed(server):
    r = server.request("POST", "/api/v1/tenants", json={})
    assert r.status_code == 405
    assert r.json()["error"]["status"] == 405
