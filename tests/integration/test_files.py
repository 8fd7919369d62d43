"""Plain-file resources (app/files.c): a tenant admin uploads a PDF or a
video as the body of POST .../files/<lang> with its name percent-encoded in
X-Filename; it becomes a resource of kind "file" whose version holds that
one file, served to learners like package files (type, ranges). A new
upload for the resource makes its next version. Bad names, a missing body,
an unoffered language, a SCORM resource's id and non-admins are refused,
and nothing is left behind by a refusal."""

import urllib.parse
from pathlib import Path

import pytest

from conftest import sign_in

API = "/api/v1/tenants/demo"
ADMIN = ("admin@demo.example", "demo-admin-2026")
LEARNER = ("learner2@demo.example", "demo-learner-2026")
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 400 + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def admin(server, pg):
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, *ADMIN)
    assert r.status_code == 303
    s.headers["X-CSRF-Token"] = s.get(server.url + API + "/me").json()[
        "csrf_token"]
    return s


def send(server, s, data, name, lang="en", resource=None, quote=True):
    path = (f"{API}/resources/{resource}/files/{lang}" if resource
            else f"{API}/files/{lang}")
    headers = {"Content-Type": "application/octet-stream"}
    if name is not None:
        headers["X-Filename"] = urllib.parse.quote(name) if quote else name
    return s.post(server.url + path, data=data, headers=headers)


def counts(pg):
    return pg.query("SELECT (SELECT count(*) FROM resources), "
                    "(SELECT count(*) FROM package_versions), "
                    "(SELECT count(*) FROM package_items)")[0]


def package_dirs(server):
    root = Path(server.data_dir) / "packages"
    return sorted(str(p) for p in root.glob("*/*"))


def test_pdf_becomes_a_file_resource(server, pg, admin):
    name = "Guide de la Convention de Budapest – 2024.pdf"
    r = send(server, admin, PDF, name, lang="fr")
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["state"] == "done" and doc["version"] == 1
    assert doc["file"] == name and doc["bytes"] == len(PDF)
    rid, vid = doc["resource_id"], doc["version_id"]
    assert r.headers["location"] == doc["status_url"]
    st = admin.get(server.url + doc["status_url"]).json()
    assert (st["state"], st["resource_id"], st["version_id"]) == (
        "done", rid, vid)

    rows = pg.query("SELECT r.kind, t.lang, t.title, v.scorm_version, "
                    "v.bytes, v.files FROM resources r JOIN resource_texts "
                    "t ON t.resource_id = r.id JOIN package_versions v ON "
                    "v.resource_id = r.id WHERE r.id = %s", (rid,))
    assert rows == [("file", "fr", name, "file", len(PDF), 1)]
    items = pg.query("SELECT identifier, launch, scorm_type FROM "
                     "package_items WHERE version_id = %s", (vid,))
    assert items == [("file", urllib.parse.quote(name, safe=""), "asset")]

    # The API lists it with its version; published, a learner gets the
    # file with its type and byte ranges.
    res = admin.get(server.url + f"{API}/resources/{rid}").json()
    assert res["kind"] == "file" and res["versions"]["fr"]["newest"] == 1
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    pg.query("DELETE FROM signin_failures")
    learner, _ = sign_in(server, *LEARNER)
    url = server.url + f"/t/demo/content/{vid}/" + items[0][1]
    got = learner.get(url)
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/pdf"
    assert got.content == PDF
    part = learner.get(url, headers={"Range": "bytes=9-18"})
    assert part.status_code == 206 and part.content == PDF[9:19]


def test_next_version_and_kinds_kept_apart(server, pg, admin):
    r = send(server, admin, b"\x1aE\xdf\xa3" + b"v" * 5000, "intro.webm")
    assert r.status_code == 201, r.text
    rid = r.json()["resource_id"]
    r2 = send(server, admin, b"\x1aE\xdf\xa3" + b"w" * 6000, "intro-v2.webm",
              resource=rid)
    assert r2.status_code == 201, r2.text
    assert r2.json()["resource_id"] == rid and r2.json()["version"] == 2
    vid = r2.json()["version_id"]
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    got = admin.get(server.url + f"/t/demo/content/{vid}/intro-v2.webm")
    assert got.headers["content-type"] == "video/webm"
    assert len(got.content) == 6004

    # A SCORM resource takes no file, and a file resource no package.
    scorm = pg.query("SELECT id FROM resources WHERE kind = 'scorm' "
                     "LIMIT 1")
    before = counts(pg), package_dirs(server)
    if scorm:
        r = send(server, admin, PDF, "x.pdf", resource=scorm[0][0])
        assert r.status_code == 404
    r = admin.post(server.url + f"{API}/resources/{rid}/packages/en",
                   data=b"PK\x05\x06" + b"\0" * 18,
                   headers={"Content-Type": "application/zip"})
    assert r.status_code == 404
    assert (counts(pg), package_dirs(server)) == before


@pytest.mark.parametrize("name, quote", [
    (None, True),
    ("", True),
    ("../../etc/passwd", True),
    ("a/b.pdf", True),
    ("a%2Fb.pdf", False),
    ("..", True),
    (".hidden", True),
    ("bad%00name.pdf", False),
    ("bad%ZZ.pdf", False),
    ("tab\there.pdf", True),
    ("%C0%AE%C0%AE", False),
    ("x" * 300 + ".pdf", True),
])
def test_bad_names_are_refused(server, pg, admin, name, quote):
    before = counts(pg), package_dirs(server)
    r = send(server, admin, PDF, name, quote=quote)
    assert r.status_code == 400, (name, r.status_code, r.text)
    if name != "":
        # (A header with an empty value is refused by Kore's own parser,
        # before any handler, with a bare 400.)
        msg = r.json()["error"]["message"]
        assert "X-Filename" in msg or "file name" in msg
    assert (counts(pg), package_dirs(server)) == before


def test_other_refusals(server, pg, admin):
    before = counts(pg), package_dirs(server)
    r = send(server, admin, b"", "empty.pdf")
    assert r.status_code == 400
    assert "request body" in r.json()["error"]["message"]
    r = send(server, admin, PDF, "x.pdf", lang="zz")
    assert r.status_code == 400
    r = send(server, admin, PDF, "x.pdf", resource=999999999)
    assert r.status_code == 404
    r = admin.get(server.url + f"{API}/files/en")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    pg.query("DELETE FROM signin_failures")
    learner, _ = sign_in(server, *LEARNER)
    learner.headers["X-CSRF-Token"] = learner.get(
        server.url + API + "/me").json()["csrf_token"]
    r = send(server, learner, PDF, "x.pdf")
    assert r.status_code == 403
    # No CSRF header: refused like every change.
    plain, _ = sign_in(server, *ADMIN)
    r = send(server, plain, PDF, "x.pdf")
    assert r.status_code == 403
    assert (counts(pg), package_dirs(server)) == before

