"""The attack catalogue of issue 9 (tests/attacks.md): the attacks that no
other test file already covers, or covers only in part. Each one is
refused cleanly (the right 4xx and a clear message), stores nothing (the
rows of the tenant under attack and the files of the data directory are
unchanged) and leaves the server serving (/healthz and a normal page
after). The routes are taken from conf/octolearn.conf and the OpenAPI
document, so that a route added later is attacked too (or the test says
that it does not know how to fill it in).

Everything runs in a tenant of its own ("atk") so that what an attack
would change, were it to work, cannot disturb the other test files that
share the session's server; the demo tenant must not change at all.
"""

import concurrent.futures
import csv
import io
import json
import os
import re
import socket
import subprocess
import time
import urllib.parse
import zipfile
from pathlib import Path

import pytest
import requests

from conftest import (CONF, CORPUS, ROOT, conf_routes, form_csrf,
                      import_outcome, sign_in)

SLUG = "atk"
PASSWORD = "atk-password-2026"
ADMIN = "admin@atk.example"
LEARNER = "learner@atk.example"
LEARNER2 = "learner2@atk.example"
TARGET = "target@atk.example"       # the user the user routes change
GOLF = CORPUS / "packages" / "scorm12-golf-runtime-minimum-trimmed.zip"
OPENAPI = ROOT / "app" / "static" / "openapi.json"
API = f"/api/v1/tenants/{SLUG}"

# Tables whose rows an attack must not change.
TABLES = ("tenants", "users", "user_roles", "groups", "group_members",
          "api_tokens", "resources", "resource_texts", "package_versions",
          "package_items", "imports", "attempts", "progress")


# ---------------------------------------------------------------- helpers

def q(pg, sql, params=()):
    return pg.query(sql, params)


def snapshot(pg, slug=SLUG):
    """Everything of a tenant an attack could change, as plain rows."""
    tid = q(pg, "SELECT id FROM tenants WHERE slug = %s", (slug,))[0][0]
    out = {"tenant": q(pg, "SELECT slug, name, enabled, default_lang, "
                       "languages::text FROM tenants WHERE id = %s",
                       (tid,))}
    for table in TABLES[1:]:
        cols = [c for (c,) in q(pg, "SELECT column_name FROM "
                                "information_schema.columns WHERE "
                                "table_name = %s AND column_name NOT IN "
                                "('last_used_at') ORDER BY column_name",
                                (table,))]
        rows = q(pg, f"SELECT {', '.join(cols)} FROM {table} "
                 f"WHERE tenant_id = %s", (tid,))
        out[table] = sorted(repr(r) for r in rows)
    out["sessions"] = q(pg, "SELECT count(*) FROM sessions WHERE "
                        "tenant_id = %s AND revoked_at IS NULL", (tid,))
    return out


def assert_same(before, after):
    """Two snapshots are equal; else the rows that differ are shown."""
    diff = {k: (sorted(set(before[k]) - set(after[k])),
                sorted(set(after[k]) - set(before[k])))
            for k in before if before[k] != after[k]}
    assert diff == {}, repr(diff)


def counts(pg):
    return {t: q(pg, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def data_files(server):
    """Every file under the server's data directory, but the upload spool
    Kore may keep (tmp/) and the log."""
    root = Path(server.data_dir)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and p.parts[len(root.parts)] != "tmp")


def uploads_left(server):
    tmp = Path(server.data_dir) / "tmp"
    return [p.name for p in tmp.iterdir() if p.name.startswith("upload-")] \
        if tmp.exists() else []


def still_serving(server):
    r = requests.get(server.url + "/healthz", timeout=10)
    assert r.status_code == 200, r.text
    r = requests.get(server.url + "/t/demo/", timeout=10)
    assert r.status_code == 200
    assert "<h1>Demo Training Institute</h1>" in r.text


def session_of(server, pg, email, password=PASSWORD, slug=SLUG):
    q(pg, "DELETE FROM signin_failures")
    s, r = sign_in(server, email, password, tenant=slug)
    assert r.status_code == 303, (email, r.status_code)
    s.headers["X-CSRF-Token"] = s.get(
        f"{server.url}/api/v1/tenants/{slug}/me").json()["csrf_token"]
    return s


def golf_manifest():
    with zipfile.ZipFile(GOLF) as z:
        return z.read("imsmanifest.xml")


def package_with(manifest, extra=(), compression=zipfile.ZIP_DEFLATED):
    """The trimmed golf package with its manifest replaced."""
    buf = io.BytesIO()
    with zipfile.ZipFile(GOLF) as src, \
            zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr("imsmanifest.xml", manifest)
        for info in src.infolist():
            if info.filename != "imsmanifest.xml":
                z.writestr(info, src.read(info))
        for name, data in extra:
            z.writestr(name, data)
    return buf.getvalue()


# --------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def atk(server, pg):
    """The tenant under attack: an admin (every role, platform admin too),
    two learners, a group, a link, a SCORM resource with a version, an
    attempt of the admin's, an import, an API token; and another tenant
    for the platform routes."""
    for slug, name in ((SLUG, "Attack Academy"),
                       ("atk-other", "Attack Other Academy")):
        pg.admin("tenant", "create", slug, name, "--if-missing")
    for email, roles in ((ADMIN, "learner,trainer,tenant_admin,"
                          "platform_admin"), (LEARNER, "learner"),
                         (LEARNER2, "learner"), (TARGET, "learner")):
        pg.admin("user", "add", "--tenant", SLUG, "--email", email,
                 "--name", email.split("@")[0].title(), "--roles", roles,
                 "--if-missing", env={"OCTOLEARN_PASSWORD": PASSWORD})
    ids = {}
    tid = q(pg, "SELECT id FROM tenants WHERE slug = %s", (SLUG,))[0][0]
    for key, email in (("admin", ADMIN), ("learner", LEARNER),
                       ("learner2", LEARNER2), ("target", TARGET)):
        ids[key] = q(pg, "SELECT id FROM users WHERE tenant_id = %s AND "
                     "email = %s", (tid, email))[0][0]
    admin = session_of(server, pg, ADMIN)
    r = admin.post(server.url + API + "/groups", json={"name": "Atk group"})
    assert r.status_code == 201, r.text
    ids["group"] = r.json()["id"]
    r = admin.post(f"{server.url}{API}/groups/{ids['group']}/members",
                   json={"email": TARGET, "role": "learner"})
    assert r.status_code in (200, 201), r.text
    r = admin.post(server.url + API + "/resources", json={
        "kind": "link", "lang": "en", "url": "https://example.org/atk",
        "title": "Atk link", "tags": ["atk"]})
    assert r.status_code == 201, r.text
    ids["link"] = r.json()["id"]
    r = admin.post(server.url + API + "/me/tokens", json={"name": "atk"})
    assert r.status_code == 201, r.text
    ids["token"], ids["bearer"] = r.json()["id"], r.json()["token"]
    rid = q(pg, "INSERT INTO resources (tenant_id, kind, published) "
            "VALUES (%s, 'scorm', true) RETURNING id", (tid,))[0][0]
    q(pg, "INSERT INTO resource_texts (tenant_id, resource_id, lang, title) "
      "VALUES (%s, %s, 'en', 'Atk course')", (tid, rid))
    vid = q(pg, "INSERT INTO package_versions (tenant_id, resource_id, "
            "lang, version, scorm_version, manifest, path) VALUES "
            "(%s, %s, 'en', 1, '1.2', '{}', '/nowhere') RETURNING id",
            (tid, rid))[0][0]
    q(pg, "INSERT INTO package_items (tenant_id, version_id, position, "
      "organization, identifier, depth, launch, scorm_type) VALUES "
      "(%s, %s, 1, 'org', 'item_1', 0, 'index.html', 'sco')", (tid, vid))
    ids["import"] = q(pg, "INSERT INTO imports (tenant_id, lang, filename, "
                      "state) VALUES (%s, 'en', 'atk.zip', 'failed') "
                      "RETURNING id", (tid,))[0][0]
    ids["attempt"] = q(pg, "INSERT INTO attempts (tenant_id, user_id, "
                       "resource_id, version_id, item, kind, session, "
                       "session_open, cmi) VALUES (%s, %s, %s, %s, "
                       "'item_1', '1.2', 1, true, '[]') RETURNING id",
                       (tid, ids["admin"], rid, vid))[0][0]
    ids.update(tenant=tid, scorm=rid, version=vid, session=admin)
    return ids


@pytest.fixture
def admin(server, pg, atk):
    """The atk admin's session, checked to be still signed in."""
    s = atk["session"]
    me = s.get(server.url + API + "/me")
    if me.status_code != 200 or me.json()["email"] != ADMIN:
        s = atk["session"] = session_of(server, pg, ADMIN)
    return s


# ------------------------------------------------------ route enumeration

def conf_params(method):
    """{route regex: [(field, validator)]} of the `params METHOD` blocks."""
    blocks, cur = {}, None
    for line in CONF.read_text().splitlines():
        m = re.match(rf"\s*params\s+{method}\s+(\S+)\s*{{", line)
        if m:
            cur = blocks.setdefault(m.group(1), [])
            continue
        if cur is not None:
            m = re.match(r"\s*validate\s+(\S+)\s+(\S+)", line)
            if m:
                cur.append((m.group(1), m.group(2)))
            elif "}" in line:
                cur = None
    return blocks


def openapi_ops():
    """(method, template, path params, query params, content type, body
    properties) of every operation of the OpenAPI document."""
    doc = json.loads(OPENAPI.read_text())
    comp = doc["components"]

    def res(x):
        if "$ref" in x:
            node = comp
            for part in x["$ref"].split("/")[2:]:
                node = node[part]
            return node
        return x

    ops = []
    for path, item in doc["paths"].items():
        common = [res(p) for p in item.get("parameters", [])]
        for method, op in item.items():
            if method == "parameters" or method.startswith("x-"):
                continue
            params = common + [res(p) for p in op.get("parameters", [])]
            ctype, props = None, []
            if op.get("requestBody"):
                for ctype, c in res(op["requestBody"])["content"].items():
                    props = list(res(c.get("schema", {})).get(
                        "properties", {}))
            ops.append((method.upper(), path,
                        [p["name"] for p in params if p["in"] == "path"],
                        [p["name"] for p in params if p["in"] == "query"],
                        ctype, props))
    return ops


def path_values(ids):
    """A valid value of each path parameter of the OpenAPI document."""
    return {"slug": SLUG, "id": ids["target"], "group": ids["group"],
            "user": ids["target"], "tenant": "atk-other",
            "lang": "en", "resource": ids["link"], "import": ids["import"],
            "attempt": ids["attempt"], "action": "commit",
            "learner": ids["target"]}


def query_values(ids):
    return {"q": "golf", "kind": "link", "tag": "atk", "language": "en",
            "group": str(ids["group"]), "from": "2020-01-01",
            "to": "2030-01-01", "status": "passed", "sort": "name",
            "dir": "asc", "page": "1"}


def body_for(method, template, ids):
    """A well-formed body of an operation (what a client would send)."""
    t = template.replace("/api/v1/tenants/{slug}", "")
    bodies = {
        ("POST", "/users"): {"email": "made@atk.example", "name": "Made",
                             "roles": ["learner"],
                             "password": "made-password-2026"},
        ("PATCH", "/users/{id}"): {"email": TARGET, "name": "Target",
                                   "roles": ["learner"], "disabled": False},
        ("POST", "/me/password"): {"current_password": "not-the-password",
                                   "new_password": "next-password-2026"},
        ("POST", "/users/{id}/password"): {"password": PASSWORD},
        ("POST", "/groups"): {"name": "Made group"},
        ("POST", "/groups/{group}/members"): {"email": TARGET,
                                              "role": "learner"},
        ("POST", "/platform/tenants"): {"slug": "atk-made", "name": "Made",
                                        "default_language": "en",
                                        "languages": ["en"]},
        ("PATCH", "/platform/tenants/{tenant}"): {
            "name": "Attack Other Academy", "default_language": "en",
            "languages": ["en"], "disabled": False},
        ("POST", "/me/tokens"): {"name": "made"},
        ("POST", "/resources"): {"kind": "link", "lang": "en",
                                 "url": "https://example.org/made",
                                 "title": "Made", "description": "Made",
                                 "tags": ["made"]},
        ("PATCH", "/resources/{resource}"): {
            "published": False, "tags": ["atk"], "url":
            "https://example.org/atk", "texts": {"en": {"title": "Atk link"}}},
        ("POST", "/resources/{resource}/launch"): {"item": "item_1",
                                                   "version": ids["version"]},
        ("POST", "/attempts/{attempt}/{action}"): {
            "session": 1, "seq": 1, "terminate": False,
            "values": [["cmi.core.lesson_location", "p1"]]},
    }
    return bodies.get((method, t))


def fill_template(template, values, override=None):
    def one(m):
        name = m.group(1)
        v = (override or {}).get(name, values[name])
        return urllib.parse.quote(str(v), safe="")
    return re.sub(r"\{(\w+)\}", one, template)


def page_path(regex, ids):
    """A concrete path of a page route of the configuration, in atk."""
    path = regex.lstrip("^").rstrip("$")
    path = path.replace("/t/[^/]+", f"/t/{SLUG}", 1)
    kinds = {"users": ids["target"], "groups": ids["group"],
             "members": ids["target"], "tokens": ids["token"],
             "resources": ids["link"], "play": ids["scorm"],
             "content": ids["version"], "tenants": "atk-other"}
    path = re.sub(r"([a-z]+)/(\[0-9\]\+|\[\^/\]\+)",
                  lambda m: f"{m.group(1)}/{kinds[m.group(1)]}", path)
    path = re.sub(r"\(([a-z]+)\|[a-z|]+\)", r"\1", path)
    path = path.replace("(/.*)?", "").replace(".+", "imsmanifest.xml")
    path = path.replace("/?", "/")
    assert re.fullmatch(regex.lstrip("^").rstrip("$"), path), (regex, path)
    return path


def page_routes():
    """Page routes (regexes under /t/) with their handler."""
    return [(r, h) for r, h in conf_routes() if r.startswith("^/t/")]


FIELD_VALUES = {
    "email": TARGET, "name": "Probe", "password": "probe-password-2026",
    "current": "not-the-password", "fresh": "probe-password-2026",
    "role_learner": "1", "role_trainer": "1", "role_tenant_admin": "1",
    "role": "learner", "lang": "fr", "back": f"/t/{SLUG}/",
    "slug": "atk-probe", "default_lang": "en", "languages": "en",
}


def form_routes():
    """(regex, handler, fields) of every form the configuration declares
    (its `params post` blocks), the CSRF token among them."""
    handlers = dict(conf_routes())
    return [(regex, handlers[regex], [f for f, _ in fields])
            for regex, fields in conf_params("post").items()]


# ------------------------------------------------------------------ tests

def test_enumeration_knows_every_route(atk):
    """Every OpenAPI operation with a body and every configured page route
    can be filled in by this file's tables (else attacks would skip it)."""
    ops = openapi_ops()
    assert len(ops) >= 45
    for method, template, pparams, qparams, ctype, props in ops:
        for p in pparams:
            assert p in path_values(atk), (template, p)
        for p in qparams:
            assert p in query_values(atk), (template, p)
        if ctype == "application/json":
            body = body_for(method, template, atk)
            assert body is not None, (method, template)
            assert set(body) == set(props), (method, template)
    pages = page_routes()
    assert len(pages) >= 25
    for regex, _ in pages:
        page_path(regex, atk)
    for regex, _, fields in form_routes():
        assert "csrf" in fields, regex
        for f in fields:
            assert f == "csrf" or f in FIELD_VALUES, (regex, f)


# -------------------------------------------------- hostile uploads (HTTP)

def without_imports(snap):
    """A tenant's snapshot but its import records (a refused upload is
    recorded as a failed import: that is its answer, not something
    stored)."""
    return {k: v for k, v in snap.items() if k != "imports"}


def refused_upload(server, pg, admin, data, reason):
    """Uploads data as a new package; asserts the import failed for
    reason, stored nothing, left no file, and the server still serves."""
    before, files = snapshot(pg), data_files(server)
    t0 = time.monotonic()
    r = admin.post(server.url + API + "/packages/en", data=data,
                   headers={"Content-Type": "application/zip"}, timeout=120)
    done = import_outcome(server, admin, r)
    assert done["state"] == "failed", done
    text = " ".join(e["message"] for e in done["errors"])
    assert reason in text, text
    assert done["version_id"] is None and done.get("resource_id") is None
    assert "root:" not in json.dumps(done)
    assert without_imports(snapshot(pg)) == without_imports(before)
    assert data_files(server) == files
    assert uploads_left(server) == []
    still_serving(server)
    return time.monotonic() - t0


def manifest_variant(kind, dtd=None):
    m = golf_manifest()
    title = b"<title>Golf Explained - Minimum Run-time Calls</title>"
    decl = m.split(b"?>", 1)
    if kind == "xxe":
        m = decl[0] + b'?>\n<!DOCTYPE manifest [<!ENTITY x SYSTEM ' \
            b'"file:///etc/passwd">]>' + decl[1]
        return m.replace(title, b"<title>&x;</title>")
    if kind == "xxe-parameter":
        m = decl[0] + b'?>\n<!DOCTYPE manifest [<!ENTITY % p SYSTEM ' \
            b'"file:///etc/passwd"> %p;]>' + decl[1]
        return m
    if kind == "external-dtd":
        m = decl[0] + b'?>\n<!DOCTYPE manifest SYSTEM "file://' + \
            dtd.encode() + b'">' + decl[1]
        return m.replace(title, b"<title>&x;</title>")
    if kind == "billion-laughs":
        ents = b'<!ENTITY lol0 "lol">' + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10)
            for i in range(1, 10))
        m = decl[0] + b"?>\n<!DOCTYPE manifest [" + ents + b"]>" + decl[1]
        return m.replace(title, b"<title>&lol9;</title>")
    if kind == "deep":
        return m.replace(title, b"<a>" * 100000 + b"</a>" * 100000 + title)
    if kind == "not-utf8":
        return m.replace(title, b"<title>Golf \xff\xfe \xc0\xae</title>")
    raise AssertionError(kind)


@pytest.mark.parametrize("kind,reason", [
    ("xxe", "entity declarations are not allowed"),
    ("xxe-parameter", "entity declarations are not allowed"),
    ("external-dtd", "Entity 'x' not defined"),
    ("billion-laughs", "entity declarations are not allowed"),
    ("deep", "more than 256 deep"),
    ("not-utf8", "UTF-8"),
])
def test_hostile_manifest_upload(server, pg, admin, kind, reason):
    """An XXE, billion laughs, 100,000-deep or non-UTF-8 manifest uploaded
    over HTTP: the import fails with the reason, nothing is stored."""
    # The external DTD (declaring an entity that reads /etc/passwd) is
    # where the server could read it, in or out of its chroot.
    dtd = Path(server.data_dir) / "atk-evil.dtd"
    dtd.write_text('<!ENTITY x SYSTEM "file:///etc/passwd">\n')
    dtd.chmod(0o644)
    seen = "/atk-evil.dtd" if os.geteuid() == 0 else str(dtd)
    try:
        refused_upload(server, pg, admin,
                       package_with(manifest_variant(kind, seen)), reason)
    finally:
        dtd.unlink()


def test_100_mb_manifest_upload(server, pg, admin):
    """A 100 MB manifest (stored, so no zip-bomb ratio applies): refused
    as larger than the limit, nothing stored."""
    m = golf_manifest().replace(
        b"</manifest>", b"<!-- " + b"x" * (100 * 1024 * 1024) +
        b" -->\n</manifest>")
    data = package_with(m, compression=zipfile.ZIP_STORED)
    assert len(data) > 100 * 1024 * 1024
    del m
    refused_upload(server, pg, admin, data, "larger than the limit")


def test_100000_tiny_entries(server, pg, admin):
    """A zip of 100,000 empty entries: refused at once for its count,
    nothing unpacked or stored."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("imsmanifest.xml", golf_manifest())
        info = zipfile.ZipInfo("e/0")
        for i in range(100000):
            info.filename = info.orig_filename = f"e/{i}"
            z.writestr(info, b"")
    took = refused_upload(server, pg, admin, buf.getvalue(),
                          "more than 20000 entries")
    assert took < 20


def lying_bomb(size):
    """One entry of size zero bytes deflated, whose headers (local and
    central) claim it unpacks to 1 KiB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", golf_manifest())
        with z.open("bomb.bin", "w", force_zip64=False) as f:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                f.write(chunk)
    data = bytearray(buf.getvalue())
    real = size.to_bytes(4, "little")
    lie = (1024).to_bytes(4, "little")
    n = 0
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (i := data.find(sig, start)) != -1:
            name_len = int.from_bytes(data[i + off + 4:i + off + 6]
                                      if sig == b"PK\x03\x04" else
                                      data[i + 28:i + 30], "little")
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + name_len] == b"bomb.bin":
                assert data[i + off:i + off + 4] == real
                data[i + off:i + off + 4] = lie
                n += 1
            start = i + 4
    assert n == 2
    return bytes(data)


def test_zip_bomb_with_lying_sizes(server, pg, admin):
    """A zip bomb whose headers claim 1 KiB for 256 MiB of zeros: the
    bytes really unpacked are counted, it is refused, nothing kept."""
    refused_upload(server, pg, admin, lying_bomb(256 * 1024 * 1024),
                   "zip bomb")


# ------------------------------------------------------- SQL injection

SQLI = ["' OR '1'='1", "1; DROP TABLE users--", "') OR 1=1--",
        "1' AND pg_sleep(5)--", "1 AND 1=(SELECT 1 FROM pg_sleep(5))",
        "'; SELECT pg_sleep(5);--", "1 UNION SELECT NULL, version()--",
        "\" OR \"\"=\""]
SQL_LEAKS = re.compile(r"syntax error at or near|unterminated quoted|"
                       r"SQLSTATE|pg_catalog|PostgreSQL \d|ERROR:\s",
                       re.I)


def with_payload(value, payload):
    """A body field's value replaced by payload, keeping its shape."""
    if isinstance(value, list):
        return [payload]
    if isinstance(value, dict):
        return {"en": {"title": payload}}
    return payload


def api_attacks(ids, payloads, make_body=None):
    """(method, path, kwargs, where) of every OpenAPI operation with one
    parameter (path, query, body field, header) replaced by a payload."""
    make_body = make_body or (lambda base, prop, p: dict(
        base, **{prop: with_payload(base[prop], p)}))
    pv, qv = path_values(ids), query_values(ids)
    out = []
    for method, tpl, pparams, qparams, ctype, props in openapi_ops():
        base = body_for(method, tpl, ids)
        query = {k: qv[k] for k in qparams}
        kw = {}
        if base is not None:
            kw["json"] = base
        elif ctype == "text/csv":
            kw["data"] = b"email,name,roles\n"
        elif ctype:
            kw["data"] = b"x"
        for p in payloads:
            for name in pparams:
                out.append((method, fill_template(tpl, pv, {name: p}),
                            dict(kw, params=query), f"{tpl} path {name}"))
            for name in qparams:
                out.append((method, fill_template(tpl, pv),
                            dict(kw, params=dict(query, **{name: p})),
                            f"{tpl} query {name}"))
            for prop in props if base is not None else ():
                out.append((method, fill_template(tpl, pv),
                            {"json": make_body(base, prop, p)},
                            f"{tpl} body {prop}"))
            if tpl.endswith("/{action}") and base is not None:
                for v in ([["cmi.core.lesson_location", p]], [[p, "x"]]):
                    out.append((method, fill_template(tpl, pv),
                                {"json": dict(base, values=v)},
                                f"{tpl} body values"))
            if ctype == "text/csv":
                out.append((method, fill_template(tpl, pv), {
                    "data": f"email,name,roles\n{p}@atk.example,{p},"
                            f"learner\n".encode()}, f"{tpl} csv"))
            if "files/" in tpl:
                out.append((method, fill_template(tpl, pv), {
                    "data": b"x", "headers": {
                        "X-Filename": urllib.parse.quote(p, safe="")}},
                    f"{tpl} X-Filename"))
    return out


def page_attacks(ids, csrf, payloads):
    """(method, path, kwargs, where) of every page route of the
    configuration with its slug, another name in its path, a query
    parameter or a form field replaced by a payload."""
    gets = conf_params("get")
    posts = conf_params("post")
    out = []
    for regex, _ in page_routes():
        path = page_path(regex, ids)
        for p in payloads:
            enc = urllib.parse.quote(p, safe="")
            out.append(("GET", path.replace(f"/t/{SLUG}", f"/t/{enc}", 1),
                        {}, f"{regex} slug"))
            if "atk-other" in path:
                out.append(("GET", path.replace("atk-other", enc), {},
                            f"{regex} tenant"))
            for name, _ in gets.get(regex, ()):
                out.append(("GET", path, {"params": {name: p}},
                            f"{regex} query {name}"))
            fields = [f for f, _ in posts.get(regex, ())]
            for name in fields:
                if name == "csrf":
                    continue
                form = {f: FIELD_VALUES.get(f, "") for f in fields}
                form.update(csrf=csrf, **{name: p})
                if name == "lang" or "lang" in form:
                    form["lang"] = "en" if name != "lang" else p
                out.append(("POST", path, {"data": form},
                            f"{regex} form {name}"))
    return out


def tables(pg):
    return q(pg, "SELECT tablename FROM pg_tables WHERE schemaname = "
             "'public' ORDER BY 1")


def test_sql_injection_everywhere(server, pg, atk, admin):
    """Classic injections in every path segment, query parameter, form
    and JSON field and header of every route: no 5xx, no database error
    shown, no sleep, nothing of the demo tenant changed, nothing lost."""
    demo, total, schema = snapshot(pg, "demo"), counts(pg), tables(pg)
    csrf = form_csrf(admin.get(server.url + f"/t/{SLUG}/account/tokens").text)
    attacks = api_attacks(atk, SQLI) + page_attacks(atk, csrf, SQLI)
    for p in SQLI[:4]:
        for name, value in (("Cookie", f"octolearn_sid={p}"),
                            ("Cookie", f"octolearn_lang={p}"),
                            ("Accept-Language", p),
                            ("Authorization", f"Bearer {p}"),
                            ("X-CSRF-Token", p)):
            for path in (f"/t/{SLUG}/", f"{API}/me", f"{API}/catalogue"):
                attacks.append(("GET", path, {"headers": {name: value}},
                                f"header {name}"))
    assert len(attacks) > 1000
    bad = []
    anonymous = requests.Session()
    anon_csrf = form_csrf(anonymous.get(
        f"{server.url}/t/{SLUG}/signin").text)
    try:
        for method, path, kw, where in attacks:
            s = admin
            if method == "POST" and path.endswith("/signin"):
                # As a visitor: a sign-in would replace the admin's
                # session (one of the payloads is a password set above).
                s, kw = anonymous, {"data": dict(kw["data"],
                                                 csrf=anon_csrf)}
            t0 = time.monotonic()
            r = s.request(method, server.url + path,
                          allow_redirects=False, timeout=30, **kw)
            took = time.monotonic() - t0
            if r.status_code >= 500 or took > 3 or \
                    SQL_LEAKS.search(r.text):
                bad.append((where, method, path, r.status_code,
                            round(took, 1), r.text[:200]))
            if "/signin" in path:
                q(pg, "DELETE FROM signin_failures")
    finally:
        q(pg, "DELETE FROM signin_failures")
        q(pg, "UPDATE users SET lang = NULL WHERE tenant_id = %s",
          (atk["tenant"],))
    assert bad == []
    assert snapshot(pg, "demo") == demo
    after = counts(pg)
    assert all(after[t] >= total[t] for t in TABLES), (total, after)
    assert tables(pg) == schema
    assert q(pg, "SELECT count(*) FROM users WHERE tenant_id = %s",
             (atk["tenant"],))[0][0] >= 3
    assert admin.get(server.url + API + "/me").json()["email"] == ADMIN
    still_serving(server)


def test_sqlmap_finds_nothing(server, pg, atk, admin, tmp_path):
    """Debian's sqlmap (level 1, risk 1) against API routes with query
    and path parameters finds no injectable parameter."""
    demo, total = snapshot(pg, "demo"), counts(pg)
    u = server.url + API
    targets = [
        f"{u}/catalogue?q=golf&kind=link&tag=atk&language=en",
        f"{u}/reports/resources/{atk['scorm']}?group={atk['group']}"
        "&language=en&from=2020-01-01&to=2030-01-01&status=passed"
        "&sort=score&dir=asc&page=1",
        f"{u}/resources/{atk['link']}*",
        f"{u}/reports/learners/{atk['learner']}*?status=passed",
    ]
    (tmp_path / "targets.txt").write_text("\n".join(targets) + "\n")
    out = subprocess.run(
        ["/usr/bin/sqlmap", "-m", str(tmp_path / "targets.txt"), "--batch",
         "--level", "1", "--risk", "1", "--dbms", "PostgreSQL",
         "--headers", f"Authorization: Bearer {atk['bearer']}",
         "--output-dir", str(tmp_path / "out"), "--disable-coloring",
         "--timeout", "10", "--retries", "0", "--flush-session"],
        capture_output=True, text=True, timeout=90, cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    log = out.stdout + out.stderr
    assert "identified the following injection point" not in log, log
    assert "is vulnerable" not in log, log
    assert log.count("all tested parameters do not appear to be "
                     "injectable") == len(targets), log[-3000:]
    for p in ("q", "kind", "tag", "language", "group", "status", "sort",
              "#1*"):
        assert re.search(rf"parameter '{re.escape(p)}' does not seem to "
                         r"be injectable", log), (p, log[-3000:])
    results = list((tmp_path / "out").glob("results-*.csv"))
    assert results
    for f in results:
        rows = list(csv.reader(f.open()))
        assert rows[1:] == [], rows
    assert snapshot(pg, "demo") == demo
    assert all(counts(pg)[t] >= total[t] for t in TABLES)
    still_serving(server)


# ------------------------------------------------ invalid UTF-8, CSRF

BAD = "\u0000BAD\u0000"
BAD_BYTES = b'"bad \xff\xfe \xc0\xaf \xed\xa0\x80"'


def test_invalid_utf8_in_every_text_field(server, pg, atk, admin):
    """Invalid UTF-8 in every JSON field, query parameter, path segment,
    file name and form field: a 4xx (400 for fields), nothing stored."""
    before, demo = snapshot(pg), snapshot(pg, "demo")
    csrf = form_csrf(admin.get(server.url + f"/t/{SLUG}/account/tokens").text)
    bad = []
    for method, path, kw, where in api_attacks(atk, [BAD]):
        if "json" in kw:
            kw = {"data": json.dumps(kw["json"]).encode().replace(
                json.dumps(BAD).encode(), BAD_BYTES),
                "headers": {"Content-Type": "application/json"}}
        if "params" in kw:
            kw["params"] = {k: (v if v != BAD else b"\xff\xfe")
                            for k, v in kw["params"].items()}
        path = path.replace(urllib.parse.quote(BAD, safe=""), "%FF%FE")
        if "headers" in kw and "X-Filename" in kw["headers"]:
            kw["headers"] = {"X-Filename": "bad%FF%FE.pdf"}
        if "data" in kw and isinstance(kw["data"], bytes) and \
                b"email,name" in kw["data"]:
            continue            # the CSV import: test_import.py
        r = admin.request(method, server.url + path, timeout=30, **kw)
        expect = (400, 404) if "path" in where else (400,)
        if r.status_code not in expect:
            bad.append((where, method, path, r.status_code, r.text[:150]))
    handlers = dict(conf_routes())
    text = {r: {f for f, v in fields if v == "v_text"}
            for r, fields in conf_params("post").items()}
    for method, path, kw, where in page_attacks(atk, csrf, [BAD]):
        regex, field = where.split(" form ")[0], where.split(" ")[-1]
        if method != "POST" or "/signin" in path or \
                field not in text.get(regex, ()):
            continue            # sign-in: test_signin.py::test_bad_input
        if path.endswith("/account/language") and field != "lang":
            del kw["data"]["lang"]      # a valid one would be saved
        if handlers[regex] in MULTIPART:
            kw = {"files": {k: (None, v.encode() if v != BAD else
                                b"bad\xff\xfe") for k, v in
                            kw["data"].items()}}
        else:
            kw = {"data": urllib.parse.urlencode(kw["data"]).replace(
                urllib.parse.quote_plus(BAD), "bad%FF%FE"), "headers": {
                "Content-Type": "application/x-www-form-urlencoded"}}
        r = admin.post(server.url + path, timeout=30,
                       allow_redirects=False, **kw)
        # The language switch takes a language code and a page to go
        # back to, neither stored: it goes back, changing nothing.
        expect = 303 if path.endswith("/account/language") else 400
        if r.status_code != expect:
            bad.append((where, path, r.status_code, re.sub(
                r"(?s).*<main[^>]*>", "", r.text)[:150]))
    assert bad == [], "\n".join(map(repr, bad))
    assert_same(before, snapshot(pg))
    assert snapshot(pg, "demo") == demo
    still_serving(server)


MULTIPART = {"ol_platform_tenants", "ol_platform_tenant",
             "ol_admin_users_import"}


def test_missing_or_wrong_csrf_everywhere(server, pg, atk, admin):
    """Every form of the configuration and every changing API operation,
    signed in, without the CSRF token, with a made-up one and with
    another user's: 403 with a clear message, nothing changed."""
    learner = session_of(server, pg, LEARNER)
    other = form_csrf(learner.get(server.url + f"/t/{SLUG}/account/"
                                  "tokens").text)
    assert other
    before, demo = snapshot(pg), snapshot(pg, "demo")
    cookies = {"octolearn_sid": admin.cookies.get("octolearn_sid")}
    bad, n = [], 0
    for regex, handler, fields in form_routes():
        path = page_path(regex, atk)
        form = {f: FIELD_VALUES[f] for f in fields if f != "csrf"}
        for token in (None, "B" * 43, other):
            data = dict(form, **({"csrf": token} if token else {}))
            kw = {"data": data}
            if handler in MULTIPART:
                kw = {"files": dict({k: (None, v) for k, v in data.items()},
                                    file=("u.csv", b"email,name,roles\n"))}
            r = requests.post(server.url + path, cookies=cookies,
                              allow_redirects=False, timeout=30, **kw)
            n += 1
            if r.status_code != 403 or "This form has expired" not in \
                    r.text:
                bad.append((path, token, r.status_code, r.text[:150]))
    pv = path_values(atk)
    for method, tpl, _, _, ctype, _ in openapi_ops():
        if method == "GET":
            continue
        kw = {}
        base = body_for(method, tpl, atk)
        if base is not None:
            kw["json"] = base
        elif ctype:
            kw["data"] = b"x"
            kw["headers"] = {"Content-Type": ctype, "X-Filename": "a.pdf"}
        for token in (None, "B" * 43, learner.headers["X-CSRF-Token"]):
            h = dict(kw.get("headers", {}))
            if token:
                h["X-CSRF-Token"] = token
            r = requests.request(method, server.url + fill_template(tpl, pv),
                                 cookies=cookies, timeout=30,
                                 **dict(kw, headers=h))
            n += 1
            if r.status_code != 403 or not r.json()["error"]["message"]:
                bad.append((method, tpl, token, r.status_code,
                            r.text[:150]))
    assert n > 100
    assert bad == []
    assert snapshot(pg) == before
    assert snapshot(pg, "demo") == demo
    still_serving(server)


# ------------------------------------------------- sign-in attacks

def attempt(server, email, password):
    s = requests.Session()
    page = s.get(f"{server.url}/t/{SLUG}/signin", timeout=30)
    return s.post(f"{server.url}/t/{SLUG}/signin", timeout=60,
                  allow_redirects=False,
                  data={"email": email, "password": password,
                        "csrf": form_csrf(page.text)})


def test_brute_force_of_one_account(server, pg, atk):
    """30 wrong passwords for one account sent at once: at most 5 are
    checked (the documented limit, app/signin.c), the others and then
    the right password get 429; another account signs in still."""
    q(pg, "DELETE FROM signin_failures")
    sessions = q(pg, "SELECT count(*) FROM sessions")
    try:
        with concurrent.futures.ThreadPoolExecutor(30) as ex:
            got = list(ex.map(lambda i: attempt(server, LEARNER2,
                                                f"guess-{i}-wrong"),
                              range(30)))
        statuses = [r.status_code for r in got]
        assert set(statuses) <= {401, 429}, statuses
        assert statuses.count(401) <= 5, statuses
        r = attempt(server, LEARNER2, PASSWORD)
        assert r.status_code == 429
        assert "Too many failed sign-in attempts" in r.text
        assert int(r.headers["retry-after"]) > 0
        assert q(pg, "SELECT count(*) FROM sessions") == sessions
        # Another account of the same tenant, from the same address.
        assert attempt(server, LEARNER, PASSWORD).status_code == 303
    finally:
        q(pg, "DELETE FROM signin_failures")
    still_serving(server)


def test_session_fixation(server, pg, atk):
    """A valid session token (the attacker's) and a CSRF cookie planted in
    the victim's browser: signing in gives the victim new ones, and the
    planted token stays the attacker's."""
    q(pg, "DELETE FROM signin_failures")
    attacker, r = sign_in(server, LEARNER2, PASSWORD, tenant=SLUG)
    assert r.status_code == 303
    planted = attacker.cookies.get("octolearn_sid")
    planted_csrf = attacker.get(server.url + API + "/me").json()["csrf_token"]
    victim = requests.Session()
    victim.cookies.set("octolearn_sid", planted, domain="127.0.0.1",
                       path="/")
    victim, r = sign_in(server, LEARNER, PASSWORD, tenant=SLUG,
                        session=victim)
    assert r.status_code == 303
    assert victim.cookies.get("octolearn_sid") != planted
    me = victim.get(server.url + API + "/me").json()
    assert me["email"] == LEARNER
    assert me["csrf_token"] != planted_csrf
    theirs = requests.get(server.url + API + "/me",
                          cookies={"octolearn_sid": planted}).json()
    assert theirs["email"] == LEARNER2


# ------------------------------------------------- slow clients, bodies

def test_slow_clients_holding_connections(server):
    """400 connections sending their headers a line a second (slowloris):
    normal requests are served meanwhile, and Kore closes every one of
    them after http_header_timeout (10 s in conf/octolearn.conf)."""
    timeout = int(re.search(r"http_header_timeout\s+(\d+)",
                            CONF.read_text()).group(1))
    assert timeout <= 10
    socks = []
    try:
        for _ in range(400):
            s = socket.create_connection(("127.0.0.1", server.port))
            s.sendall(b"GET /t/demo/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append(s)
        closed, t0 = set(), time.monotonic()
        while len(closed) < len(socks):
            assert time.monotonic() - t0 < timeout + 5, len(closed)
            for i, s in enumerate(socks):
                if i not in closed:
                    try:
                        s.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        closed.add(i)
            r = requests.get(server.url + "/t/demo/", timeout=2)
            assert r.status_code == 200
            assert r.elapsed.total_seconds() < 1
            time.sleep(1)
        assert time.monotonic() - t0 >= timeout - 1
        for s in socks:             # none got a page
            s.settimeout(1)
            try:
                assert b"Demo Training Institute" not in s.recv(65536)
            except OSError:
                pass
    finally:
        for s in socks:
            s.close()
    still_serving(server)


def test_body_over_kores_limit(server, pg, atk, admin):
    """A package announced larger than http_body_max: 413 at once, before
    any byte is spooled; nothing stored."""
    before, files = snapshot(pg), data_files(server)
    limit = int(re.search(r"http_body_max\s+(\d+)",
                          CONF.read_text()).group(1))
    with socket.create_connection(("127.0.0.1", server.port),
                                  timeout=10) as s:
        s.sendall(f"POST {API}/packages/en HTTP/1.1\r\nHost: x\r\n"
                  f"Cookie: octolearn_sid={admin.cookies['octolearn_sid']}"
                  f"\r\nX-CSRF-Token: {admin.headers['X-CSRF-Token']}\r\n"
                  f"Content-Type: application/zip\r\nContent-Length: "
                  f"{limit + 1}\r\n\r\n".encode() + b"PK" * 1000)
        assert s.recv(4096).startswith(b"HTTP/1.1 413 ")
    assert snapshot(pg) == before
    assert data_files(server) == files
    assert uploads_left(server) == []
    still_serving(server)


def test_json_bodies_over_the_limit(server, pg, atk, admin):
    """A 2 MB body to every JSON operation (spooled to disk by Kore):
    413 with a clear message, nothing stored."""
    before = snapshot(pg)
    pv = path_values(atk)
    n = 0
    for method, tpl, _, _, ctype, _ in openapi_ops():
        base = body_for(method, tpl, atk)
        if base is None:
            continue
        r = admin.request(method, server.url + fill_template(tpl, pv),
                          json=dict(base, pad="x" * (2 * 1024 * 1024)),
                          timeout=30)
        assert r.status_code == 413, (tpl, r.status_code, r.text[:200])
        assert r.json()["error"]["message"] == \
            "The request body is too large.", tpl
        n += 1
    assert n >= 12
    assert snapshot(pg) == before
    still_serving(server)


def test_large_form_body_is_refused_at_once(isolated):
    """A 16 MB form posted to the sign-in page (anonymous): refused with
    413 at once, and the server answers others meanwhile."""
    _, srv = isolated()
    s = requests.Session()
    page = s.get(srv.url + "/t/demo/signin")
    body = (f"csrf={form_csrf(page.text)}&email=a%40b.c&password=x&pad="
            ).encode() + b"x" * (16 * 1024 * 1024)
    with concurrent.futures.ThreadPoolExecutor(1) as ex:
        t0 = time.monotonic()
        big = ex.submit(s.post, srv.url + "/t/demo/signin", data=body,
                        timeout=60, allow_redirects=False, headers={
                            "Content-Type":
                            "application/x-www-form-urlencoded"})
        time.sleep(0.5)
        health = [requests.get(srv.url + "/healthz", timeout=60)
                  for _ in range(3)]
        r = big.result()
        took = time.monotonic() - t0
    assert all(h.status_code == 200 and h.elapsed.total_seconds() < 1
               for h in health), [h.elapsed for h in health]
    assert r.status_code == 413, r.status_code
    assert took < 5, took
    still_serving(srv)


# ------------------------------------------- stored XSS, security headers

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
XSS_SHOWN = ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
             "&lt;img src=x onerror=alert(1)&gt;")


def assert_escaped(r, where):
    assert r.status_code == 200, (where, r.status_code)
    assert "<script>alert" not in r.text, where
    assert "<img src=x" not in r.text, where
    assert XSS_SHOWN in r.text, where


@pytest.fixture(scope="module")
def xss_package(server, pg, atk):
    """A SCORM package whose course and item titles are XSS, published."""
    admin = atk["session"]
    m = golf_manifest().replace(
        b"<title>Golf Explained - Minimum Run-time Calls</title>",
        b"<title>" + XSS.replace("<", "&lt;").encode() + b"</title>").replace(
        b"<title>How to Play</title>",
        b"<title>" + XSS.replace("<", "&lt;").encode() + b"</title>")
    r = admin.post(server.url + API + "/packages/en", data=package_with(m),
                   headers={"Content-Type": "application/zip"})
    done = import_outcome(server, admin, r)
    assert done["state"] == "done", done
    q(pg, "UPDATE resources SET published = true WHERE id = %s",
      (done["resource_id"],))
    return done["resource_id"], done["version_id"]


def test_stored_xss_is_shown_escaped(server, pg, atk, admin, xss_package):
    """XSS in a title, a description, a manifest's titles, a group, a
    user's and a token's name and in CMI values committed by content: every
    page shows it as text."""
    r = admin.post(server.url + API + "/resources", json={
        "kind": "link", "lang": "en", "url": "https://example.org/xss",
        "title": XSS, "description": XSS})
    assert r.status_code == 201, r.text
    link = r.json()["id"]
    assert admin.patch(f"{server.url}{API}/resources/{link}",
                       json={"published": True}).status_code == 200
    r = admin.post(server.url + API + "/groups", json={"name": XSS})
    assert r.status_code == 201, r.text
    gid = r.json()["id"]
    assert admin.post(f"{server.url}{API}/groups/{gid}/members", json={
        "email": LEARNER2, "role": "learner"}).status_code in (200, 201)
    assert admin.patch(f"{server.url}{API}/users/{atk['learner2']}",
                       json={"name": XSS}).status_code == 200
    assert admin.post(server.url + API + "/me/tokens",
                      json={"name": XSS}).status_code == 201
    r = admin.post(f"{server.url}{API}/attempts/{atk['attempt']}/commit",
                   json={"session": 1, "seq": 1000, "values": [
                       ["cmi.core.lesson_location", XSS],
                       ["cmi.suspend_data", XSS],
                       ["cmi.comments", XSS],
                       ["cmi.interactions.0.id", "q1"],
                       ["cmi.interactions.0.type", "fill-in"],
                       ["cmi.interactions.0.student_response", "x<b>y"]]})
    assert r.status_code == 200 and r.json()["applied"], r.text
    learner = session_of(server, pg, LEARNER)
    rid, _ = xss_package
    pages = [(learner, "/t/atk/catalogue"),
             (learner, f"/t/atk/resources/{link}"),
             (admin, "/t/atk/admin/resources"),
             (learner, f"/t/atk/play/{rid}"),
             (admin, "/t/atk/groups"),
             (admin, f"/t/atk/groups/{gid}"),
             (admin, "/t/atk/admin/users"),
             (admin, "/t/atk/account/tokens"),
             (admin, f"/t/atk/reports/groups/{gid}"),
             (admin, f"/t/atk/reports/attempts/{atk['attempt']}")]
    for s, path in pages:
        assert_escaped(s.get(server.url + path), path)
    # The interaction's response too, and no tag of it anywhere.
    page = admin.get(f"{server.url}/t/atk/reports/attempts/"
                     f"{atk['attempt']}").text
    assert "x&lt;b&gt;y" in page and "x<b>y" not in page
    # The player's configuration (JSON in a script element) cannot end
    # its element early.
    play = learner.get(f"{server.url}/t/atk/play/{rid}").text
    config = play.split('id="player-config">', 1)[1].split("</script>")[0]
    assert "<" not in config
    assert json.loads(config)


def csp_directives(value):
    out = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_security_headers(r, where):
    h = r.headers
    assert h.get("x-content-type-options") == "nosniff", where
    assert h.get("referrer-policy") in ("same-origin", "no-referrer",
                                        "strict-origin-when-cross-origin"), \
        where
    assert h.get("x-frame-options") in ("SAMEORIGIN", "DENY"), where
    csp = csp_directives(h.get("content-security-policy", ""))
    assert csp.get("frame-ancestors") in (["'self'"], ["'none'"]), where
    assert csp.get("object-src") == ["'none'"], where
    if "/content/" in where[1] and r.status_code in (200, 206, 304):
        # A course's own files run their inline scripts (app/content.c),
        # from this origin only.
        assert csp.get("default-src", [""])[0] == "'self'", where
    else:
        assert csp.get("default-src") == ["'self'"], where
        assert "'unsafe-inline'" not in csp.get("script-src", []), where
    for d, v in csp.items():
        assert "*" not in v and not any(x.startswith("http") for x in v), \
            (where, d, v)


def test_security_headers_everywhere(server, pg, atk, admin, xss_package):
    """Every page route (anonymous, learner, tenant admin), every API
    GET, the static files and a package's content file, whatever the
    answer's status, carry CSP (frame-ancestors 'self'), nosniff, a
    referrer policy and X-Frame-Options."""
    learner = session_of(server, pg, LEARNER)
    anonymous = requests.Session()
    _, vid = xss_package
    ids = dict(atk, version=vid)
    paths = ["/", "/healthz", "/nowhere", "/static/octolearn.css",
             "/static/favicon.svg", "/static/upload.js",
             "/static/player.js", "/static/viewer.js", "/api/openapi.json",
             "/api/v1/tenants", f"/t/{SLUG}"]
    paths += [page_path(regex, ids) for regex, _ in page_routes()]
    paths += [f"/t/{SLUG}/reports/groups/{atk['group']}",
              f"/t/{SLUG}/reports/progress.csv",
              f"/t/{SLUG}/content/{vid}/shared/launchpage.html"]
    pv = path_values(atk)
    paths += [fill_template(tpl, pv) for m, tpl, *_ in openapi_ops()
              if m == "GET"]
    n, statuses = 0, set()
    for who, s in (("anonymous", anonymous), ("learner", learner),
                   ("admin", admin)):
        for path in paths:
            r = s.get(server.url + path, allow_redirects=False, timeout=30)
            assert r.status_code < 500, (who, path, r.status_code)
            assert_security_headers(r, (who, path, r.status_code))
            statuses.add(r.status_code)
            n += 1
    # Refusals and other methods too.
    for r in (admin.post(server.url + f"/t/{SLUG}/groups", data={}),
              admin.delete(server.url + "/t/demo/"),
              requests.post(server.url + API + "/groups", json={})):
        assert_security_headers(r, (r.request.method, r.url))
        statuses.add(r.status_code)
    assert {200, 303, 401, 403, 404, 405} <= statuses, statuses
    assert n > 150
    # Content pages may be framed by the platform only.
    r = learner.get(f"{server.url}/t/{SLUG}/content/{vid}/shared/"
                    "launchpage.html")
    assert r.status_code == 200
    still_serving(server)
