"""Package files at /t/<slug>/content/<version>/<path> (app/content.c).

A corpus package is uploaded as the demo tenant admin and published
directly in the database; a learner then gets every file of the zip
byte-identical with its Content-Type, conditional GET (304), byte ranges
(206, 416, several ranges: the whole file), HEAD; directories, symbolic
links and every way out of the package's folder are refused without a
byte of any file; an unpublished resource is only for admins; another
tenant's user, an anonymous visitor and other methods get 404, 401, 405.
A 20 MB file written into the package is served whole and by ranges."""

import http.client
import io
import os
import time
import unicodedata
import zipfile
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path

import pytest

from conftest import CORPUS as CORPUS_ROOT
from conftest import ROOT, import_outcome, sign_in

CORPUS = CORPUS_ROOT / "packages"
GOLF = "scorm12-golf-runtime-basic-2010.zip"
API = "/api/v1/tenants/demo"
ADMIN = ("admin@demo.example", "demo-admin-2026")
LEARNER = ("learner1@demo.example", "demo-learner-2026")
OTHER = ("learner@content-b.example", "content-b-learner-2026")
COOKIE = "octolearn_sid"
RANGE_MAX = 8 * 1024 * 1024

TYPES = {
    "html": "text/html; charset=utf-8",
    "js": "application/javascript",
    "css": "text/css",
    "jpg": "image/jpeg",
    "png": "image/png",
    "xml": "application/xml",
    "xsd": "application/xml",
}


def signed_in(server, pg, who, tenant="demo"):
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, *who, tenant=tenant)
    assert r.status_code == 303, r.status_code
    return s


@pytest.fixture(scope="module")
def pkg(server, pg):
    admin = signed_in(server, pg, ADMIN)
    admin.headers["X-CSRF-Token"] = admin.get(
        server.url + API + "/me").json()["csrf_token"]
    data = (CORPUS / GOLF).read_bytes()
    r = admin.post(server.url + API + "/packages/en", data=data,
                   headers={"Content-Type": "application/zip"})
    done = import_outcome(server, admin, r)
    assert done["state"] == "done", done
    vid, rid = done["version_id"], done["resource_id"]
    path = pg.query("SELECT path FROM package_versions WHERE id = %s",
                    (vid,))[0][0]
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {i.filename: z.read(i) for i in z.infolist()
                 if not i.is_dir()}
    return {"vid": vid, "rid": rid, "dir": Path(server.data_dir + path),
            "files": files, "admin": admin,
            "base": f"/t/demo/content/{vid}/"}


@pytest.fixture(scope="module")
def learner(server, pg, pkg):
    return signed_in(server, pg, LEARNER)


def get(server, s, path, **kw):
    kw.setdefault("allow_redirects", False)
    kw.setdefault("timeout", 30)
    return s.get(server.url + path, **kw)


def raw(server, path, cookie=None, method="GET", headers=None):
    """A request with the path sent exactly as given (no normalising)."""
    h = dict(headers or {})
    if cookie:
        h["Cookie"] = f"{COOKIE}={cookie}"
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        c.request(method, path, headers=h)
        r = c.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        c.close()


def plant(pkg, name, data):
    """A file written into the package as its files' owner would."""
    p = pkg["dir"] / name
    p.write_bytes(data)
    st = os.stat(pkg["dir"])
    if os.geteuid() == 0:
        os.chown(p, st.st_uid, st.st_gid)
    os.chmod(p, 0o644)
    return p


def test_every_file_is_served(server, pkg, learner):
    assert len(pkg["files"]) > 40
    for name, data in pkg["files"].items():
        r = get(server, learner, pkg["base"] + name)
        assert r.status_code == 200, (name, r.status_code)
        assert r.content == data, name
        ext = name.rsplit(".", 1)[-1].lower()
        assert r.headers["content-type"] == TYPES[ext], name
        assert r.headers["content-length"] == str(len(data))


def test_headers(server, pkg, learner):
    r = get(server, learner, pkg["base"] + "shared/launchpage.html")
    assert r.status_code == 200
    h = r.headers
    assert h["x-content-type-options"] == "nosniff"
    assert h["cache-control"] == "private, max-age=3600"
    assert h["accept-ranges"] == "bytes"
    assert h["etag"].startswith('"') and h["etag"].endswith('"')
    assert not h["etag"].startswith("W/")
    mtime = os.stat(pkg["dir"] / "shared" / "launchpage.html").st_mtime
    assert parsedate_to_datetime(h["last-modified"]).timestamp() == \
        int(mtime)
    # Frameable by the platform's own pages, and only by them.
    assert "frame-ancestors 'self'" in h["content-security-policy"]
    # Course pages run their own inline scripts, and load nothing foreign.
    assert "'unsafe-inline'" in h["content-security-policy"]
    assert "object-src 'none'" in h["content-security-policy"]
    assert h["x-frame-options"] == "SAMEORIGIN"
    # The same file has the same ETag; another file another one.
    again = get(server, learner, pkg["base"] + "shared/launchpage.html")
    assert again.headers["etag"] == h["etag"]
    other = get(server, learner, pkg["base"] + "shared/style.css")
    assert other.headers["etag"] != h["etag"]
    # A launch URL's parameters do not change the file.
    r = get(server, learner, pkg["base"] +
            "shared/launchpage.html?content=playing&x=%2e%2e")
    assert r.status_code == 200 and r.content == again.content


def test_conditional_get(server, pkg, learner):
    path = pkg["base"] + "shared/style.css"
    first = get(server, learner, path)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for inm in (etag, f'"nope", {etag}', "*", "W/" + etag):
        r = get(server, learner, path, headers={"If-None-Match": inm})
        assert r.status_code == 304, inm
        assert r.content == b""
        assert r.headers["etag"] == etag
    r = get(server, learner, path, headers={"If-None-Match": '"nope"'})
    assert r.status_code == 200 and r.content == first.content
    r = get(server, learner, path, headers={"If-Modified-Since": modified})
    assert r.status_code == 304 and r.content == b""
    later = formatdate(time.time() + 3600, usegmt=True)
    r = get(server, learner, path, headers={"If-Modified-Since": later})
    assert r.status_code == 304
    earlier = formatdate(time.time() - 50 * 365 * 86400, usegmt=True)
    r = get(server, learner, path, headers={"If-Modified-Since": earlier})
    assert r.status_code == 200 and r.content == first.content
    r = get(server, learner, path, headers={"If-Modified-Since": "junk"})
    assert r.status_code == 200
    # If-None-Match decides when both are sent.
    r = get(server, learner, path, headers={"If-None-Match": '"nope"',
                                           "If-Modified-Since": modified})
    assert r.status_code == 200 and r.content == first.content


def test_ranges(server, pkg, learner):
    name = "HavingFun/fun.jpg"
    data = pkg["files"][name]
    size = len(data)
    path = pkg["base"] + name

    def rng(spec, **headers):
        return get(server, learner, path, headers=dict(Range=spec,
                                                       **headers))

    r = rng("bytes=0-99")
    assert r.status_code == 206
    assert r.content == data[:100]
    assert r.headers["content-range"] == f"bytes 0-99/{size}"
    assert r.headers["content-type"] == "image/jpeg"
    r = rng("bytes=-500")
    assert r.status_code == 206 and r.content == data[-500:]
    assert r.headers["content-range"] == f"bytes {size - 500}-{size - 1}/{size}"
    r = rng("bytes=1000-")
    assert r.status_code == 206 and r.content == data[1000:]
    r = rng("bytes=10-10")
    assert r.status_code == 206 and r.content == data[10:11]
    r = rng("bytes=0-99999999")
    assert r.status_code == 206 and r.content == data
    assert r.headers["content-range"] == f"bytes 0-{size - 1}/{size}"
    r = rng(f"bytes=-{size * 2}")
    assert r.status_code == 206 and r.content == data
    for spec in (f"bytes={size}-", f"bytes={size + 5}-{size + 10}",
                 "bytes=-0"):
        r = rng(spec)
        assert r.status_code == 416, spec
        assert r.headers["content-range"] == f"bytes */{size}"
        assert r.content[:4] != data[:4]
    # Several ranges, or what is not a range of bytes: the whole file.
    for spec in ("bytes=0-9,20-29", "bytes=0-9, 100-", "items=0-1",
                 "bytes=9-1", "bytes=a-b", "bytes=-"):
        r = rng(spec)
        assert r.status_code == 200, spec
        assert r.content == data
    etag = get(server, learner, path).headers["etag"]
    r = rng("bytes=0-9", **{"If-Range": etag})
    assert r.status_code == 206 and r.content == data[:10]
    r = rng("bytes=0-9", **{"If-Range": '"changed"'})
    assert r.status_code == 200 and r.content == data
    # HEAD takes no range.
    r = learner.head(server.url + path, headers={"Range": "bytes=0-9"})
    assert r.status_code == 200 and r.content == b""
    assert r.headers["content-length"] == str(size)


def test_head(server, pkg, learner):
    name = "shared/launchpage.html"
    g = get(server, learner, pkg["base"] + name)
    h = learner.head(server.url + pkg["base"] + name)
    assert h.status_code == 200
    assert h.content == b""
    assert h.headers["content-length"] == str(len(pkg["files"][name]))
    for k in ("content-type", "etag", "last-modified", "cache-control",
              "accept-ranges"):
        assert h.headers[k] == g.headers[k], k
    status, _, body = raw(server, pkg["base"] + name,
                          learner.cookies.get(COOKIE), method="HEAD")
    assert status == 200 and body == b""


def test_directories_are_not_listed(server, pkg, learner):
    for p in ("Etiquette", "Etiquette/", "shared/", "Playing",
              "nothing-here.html", "Etiquette/nothing.html",
              "imsmanifest.xml/x"):
        r = get(server, learner, pkg["base"] + p)
        assert r.status_code == 404, p
        assert "Course.html" not in r.text


LEAKS = (b"root:", b"<manifest", b"imsmanifest", b"function ")

TRAVERSALS = (
    "../../../../../../etc/passwd",
    "Etiquette/../imsmanifest.xml",
    "./imsmanifest.xml",
    "Etiquette/./Course.html",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "%2E%2E/imsmanifest.xml",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "Etiquette%2fCourse.html",
    "Etiquette%2FCourse.html",
    "imsmanifest.xml%00",
    "imsmanifest.xml%00.html",
    "%00",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "%c0%afetc%c0%afpasswd",
    "%e0%80%ae%e0%80%ae/imsmanifest.xml",
    "\\..\\..\\..\\etc\\passwd",
    "Etiquette\\Course.html",
    "%5c..%5cimsmanifest.xml",
    "%252e%252e/%252e%252e/etc/passwd",
    "%252e%252e%252fimsmanifest.xml",
    "/etc/passwd",
    "//etc/passwd",
    "Etiquette//Course.html",
    "%zz",
    "%2",
    "imsmanifest.xml%",
    "%ff%fe",
)


def test_traversal_is_refused(server, pkg, learner):
    cookie = learner.cookies.get(COOKIE)
    for t in TRAVERSALS:
        status, headers, body = raw(server, pkg["base"] + t, cookie)
        assert status in (400, 404), (t, status)
        for leak in LEAKS:
            assert leak not in body, (t, leak)
        assert dict((k.lower(), v) for k, v in headers)[
            "content-type"].startswith("text/html"), t
    # Bad encodings are 400s, not found only what could be a name.
    assert raw(server, pkg["base"] + "%zz", cookie)[0] == 400
    assert raw(server, pkg["base"] + "..%2fimsmanifest.xml", cookie)[0] == 400
    assert raw(server, pkg["base"] + "%252e%252e/x", cookie)[0] == 404
    # The version id itself is digits only.
    for v in (f"{pkg['vid']}%2f..", "..", "-1", "0x1"):
        status, _, body = raw(server, f"/t/demo/content/{v}/imsmanifest.xml",
                              cookie)
        assert status == 404, v
        assert b"<manifest" not in body


def test_symlinks_are_not_followed(server, pkg, learner):
    d = pkg["dir"]
    links = {"evil.html": "/etc/passwd", "evildir": "/etc",
             "inside.css": str(d / "shared" / "style.css"),
             "sharedlink": "shared"}
    for name, target in links.items():
        os.symlink(target, d / name)
    try:
        for p in ("evil.html", "evildir/passwd", "inside.css",
                  "sharedlink/style.css"):
            r = get(server, learner, pkg["base"] + p)
            assert r.status_code in (403, 404), p
            assert b"root:" not in r.content
            assert pkg["files"]["shared/style.css"] not in r.content
        # The real files are still there.
        r = get(server, learner, pkg["base"] + "shared/style.css")
        assert r.status_code == 200
    finally:
        for name in links:
            os.unlink(d / name)


def test_names_are_compared_in_nfc(server, pkg, learner):
    nfc = unicodedata.normalize("NFC", "café.html")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    p = plant(pkg, nfc, b"<p>caf\xc3\xa9</p>")
    try:
        for name in (nfc, nfd):
            enc = "".join(c if c.isascii() else "".join(
                f"%{b:02X}" for b in c.encode()) for c in name)
            r = get(server, learner, pkg["base"] + enc)
            assert r.status_code == 200, name
            assert r.content == b"<p>caf\xc3\xa9</p>"
    finally:
        p.unlink()


def test_empty_file(server, pkg, learner):
    p = plant(pkg, "empty.txt", b"")
    try:
        r = get(server, learner, pkg["base"] + "empty.txt")
        assert r.status_code == 200 and r.content == b""
        assert r.headers["content-type"] == "text/plain; charset=utf-8"
        r = get(server, learner, pkg["base"] + "empty.txt",
                headers={"Range": "bytes=0-"})
        assert r.status_code == 416
        assert r.headers["content-range"] == "bytes */0"
    finally:
        p.unlink()


def test_large_file(server, pkg, learner):
    size = 20 * 1024 * 1024
    data = os.urandom(size)
    p = plant(pkg, "big.bin", data)
    path = pkg["base"] + "big.bin"
    try:
        for _ in range(2):      # the second from Kore's fileref cache
            r = get(server, learner, path)
            assert r.status_code == 200
            assert r.headers["content-length"] == str(size)
            assert r.headers["content-type"] == "application/octet-stream"
            assert "last-modified" in r.headers
            assert r.content == data
        etag = r.headers["etag"]
        modified = r.headers["last-modified"]
        r = get(server, learner, path,
                headers={"Range": "bytes=10000000-10000099"})
        assert r.status_code == 206 and r.content == data[10000000:10000100]
        r = get(server, learner, path, headers={"Range": "bytes=-100"})
        assert r.status_code == 206 and r.content == data[-100:]
        # An open range gets at most 8 MiB at a time.
        r = get(server, learner, path, headers={"Range": "bytes=0-"})
        assert r.status_code == 206
        assert r.headers["content-range"] == \
            f"bytes 0-{RANGE_MAX - 1}/{size}"
        assert r.content == data[:RANGE_MAX]
        r = get(server, learner, path,
                headers={"Range": f"bytes={size - RANGE_MAX - 10}-"})
        assert r.status_code == 206 and r.content == data[-RANGE_MAX - 10:
                                                          -10]
        r = get(server, learner, path, headers={"If-None-Match": etag})
        assert r.status_code == 304 and r.content == b""
        r = get(server, learner, path, headers={"If-Modified-Since":
                                                modified})
        assert r.status_code == 304
        # A stale ETag with a current date: the ETag decides, whole file.
        r = get(server, learner, path, headers={
            "If-None-Match": '"stale"', "If-Modified-Since": modified})
        assert r.status_code == 200 and r.content == data
        h = learner.head(server.url + path)
        assert h.status_code == 200 and h.content == b""
        assert h.headers["content-length"] == str(size)
    finally:
        p.unlink()
    assert get(server, learner, path).status_code == 404


@pytest.mark.parametrize("name,size,ctype", [
    ("big.js", 100 * 1024, "application/javascript"),
    ("big.css", 100 * 1024, "text/css"),
    ("big.png", 100 * 1024, "image/png"),
    ("big.svg", 100 * 1024, "image/svg+xml"),
    ("big.mp4", 100 * 1024, "video/mp4"),
    ("big.html", 100 * 1024, "text/html; charset=utf-8"),
    ("big.txt", 100 * 1024, "text/plain; charset=utf-8"),
    # Past RANGE_MAX, sent by Kore's fileref: Kore's own type for .html.
    ("huge.html", RANGE_MAX + 1, "text/html"),
])
def test_files_sent_whole_have_one_content_type(server, pkg, learner, name,
                                                size, ctype):
    """Files past 64 KiB go out by sendfile (Kore's fileref), which names
    the media type itself: never a second Content-Type."""
    data = (b"<p>" + b"x" * size)[:size]
    p = plant(pkg, name, data)
    try:
        for _ in range(2):      # the second from Kore's fileref cache
            status, headers, body = raw(server, pkg["base"] + name,
                                        cookie=learner.cookies.get(COOKIE))
            assert status == 200 and body == data
            types = [v for k, v in headers if k.lower() == "content-type"]
            assert types == [ctype]
    finally:
        p.unlink()


def test_unpublished_only_for_admins(server, pg, pkg, learner):
    path = pkg["base"] + "imsmanifest.xml"
    pg.query("UPDATE resources SET published = false WHERE id = %s",
             (pkg["rid"],))
    try:
        r = get(server, learner, path)
        assert r.status_code == 404
        assert b"<manifest" not in r.content
        r = get(server, pkg["admin"], path)
        assert r.status_code == 200
        assert r.content == pkg["files"]["imsmanifest.xml"]
    finally:
        pg.query("UPDATE resources SET published = true WHERE id = %s",
                 (pkg["rid"],))
    assert get(server, learner, path).status_code == 200


def test_other_tenant_gets_nothing(server, pg, pkg):
    pg.admin("tenant", "create", "content-b", "Content B Academy",
             "--if-missing")
    pg.admin("user", "add", "--tenant", "content-b", "--email", OTHER[0],
             "--name", "Content Bperson", "--roles", "learner,tenant_admin",
             "--if-missing", env={"OCTOLEARN_PASSWORD": OTHER[1]})
    other = signed_in(server, pg, OTHER, tenant="content-b")
    name = "imsmanifest.xml"
    r = get(server, other, f"/t/content-b/content/{pkg['vid']}/{name}")
    assert r.status_code == 404
    assert b"<manifest" not in r.content
    # Their session opens nothing of demo either.
    r = get(server, other, pkg["base"] + name)
    assert r.status_code == 401
    assert b"<manifest" not in r.content


def test_anonymous_and_unknown(server, pkg, learner):
    r = raw(server, pkg["base"] + "imsmanifest.xml")
    assert r[0] == 401
    assert b"<manifest" not in r[2]
    assert b"Please sign in." in r[2]
    # Even for what would be refused or not found: sign in first.
    assert raw(server, pkg["base"] + "..%2f..%2fetc%2fpasswd")[0] == 401
    r = get(server, learner, "/t/demo/content/999999999/imsmanifest.xml")
    assert r.status_code == 404
    r = get(server, learner,
            f"/t/no-such-tenant/content/{pkg['vid']}/imsmanifest.xml")
    assert r.status_code == 404


def test_other_methods(server, pkg, learner):
    cookie = learner.cookies.get(COOKIE)
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        status, headers, body = raw(server, pkg["base"] + "imsmanifest.xml",
                                    cookie, method=method,
                                    headers={"Content-Length": "0"})
        assert status == 405, method
        assert dict((k.lower(), v) for k, v in headers)["allow"] == \
            "GET, HEAD"
        assert b"<manifest" not in body
