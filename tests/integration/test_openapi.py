"""The OpenAPI document describes every API route the server has: each
route of conf/octolearn.conf under /api (and /healthz) has a path item
whose x-octolearn-route names it, and each path template, filled with its
examples, is served by that route."""

import re

from conftest import conf_routes


def is_api(route):
    return route.lstrip("^").startswith(("/api/", "/healthz"))


def route_matches(route, path):
    if route.startswith("/"):
        return route == path
    return re.search(route, path) is not None


def test_document_is_openapi(server):
    doc = server.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert doc["paths"]


def test_every_api_route_is_described(server):
    doc = server.get("/api/openapi.json").json()
    described = {item["x-octolearn-route"] for item in doc["paths"].values()}
    api_routes = {r for r, _ in conf_routes() if is_api(r)}
    assert api_routes, "no API routes found in the configuration"
    missing = api_routes - described
    assert not missing, f"routes missing from the OpenAPI document: {missing}"
    stale = described - api_routes
    assert not stale, f"described routes the server lacks: {stale}"


def test_templates_match_their_routes(server):
    doc = server.get("/api/openapi.json").json()
    params = doc.get("components", {}).get("parameters", {})
    routes = conf_routes()
    for template, item in doc["paths"].items():
        path = template
        for op in item.values():
            if not isinstance(op, dict):
                continue
            for p in op.get("parameters", []):
                if "$ref" in p:
                    p = params[p["$ref"].split("/")[-1]]
                if p["in"] != "path":
                    continue
                path = path.replace("{" + p["name"] + "}", str(p["example"]))
        assert "{" not in path, template
        first = next(r for r, _ in routes if route_matches(r, path))
        assert first == item["x-octolearn-route"], (template, first)
        # and it is really served: anonymously, each method answers one of
        # the statuses it documents, and not the catch-all's 404.
        for method, op in item.items():
            if method not in ("get", "post", "patch", "put", "delete"):
                continue
            status = server.request(method.upper(), path).status_code
            assert str(status) in op["responses"], (template, method,
                                                    status)
            assert status != 404, (template, method)
