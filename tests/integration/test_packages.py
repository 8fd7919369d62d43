"""Package import over HTTP: every package of ../shared/corpus/packages is
uploaded as a tenant admin would, and the import's outcome is checked:
the structure stored for the good ones, the reason for the bad ones, and
nothing left behind (no rows, no files) when refused."""

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
import requests

from conftest import CORPUS as CORPUS_ROOT
from conftest import ROOT, import_outcome, sign_in

CORPUS = CORPUS_ROOT / "packages"
API = "/api/v1/tenants/demo"
ADMIN = ("admin@demo.example", "demo-admin-2026")

# name: (scorm_version, organizations' item counts (all levels), SCOs)
GOOD = {
    "scorm12-golf-runtime-basic-2010.zip": ("1.2", 1, 1),
    "scorm12-golf-runtime-minimum.zip": ("1.2", None, 18),
    "scorm12-golf-runtime-minimum-trimmed.zip": ("1.2", None, 9),
    "scorm2004-3rd-golf-runtime-basic-2016.zip": ("2004 3rd", None, 1),
    "scorm2004-3rd-golf-runtime-minimum.zip": ("2004 3rd", None, 18),
    "scorm2004-2nd-golf-contentpackaging-singlesco.zip": ("2004 2nd", None,
                                                          1),
    "scorm2004-4th-golf-sequencing-posttestrollup.zip": ("2004 4th", None,
                                                         None),
    "edge-scorm12-no-organization.zip": ("1.2", None, None),
}

BAD = {
    "bad-no-manifest.zip": "imsmanifest.xml",
    "bad-manifest-in-subfolder-only.zip": "imsmanifest.xml",
    "bad-empty zip.zip": "empty",
    "bad-manifest-empty-document.zip": "",
    "bad-aicc-only.zip": "AICC",
}


@pytest.fixture(scope="module")
def admin(server):
    s, r = sign_in(server, *ADMIN)
    assert r.status_code == 303
    s.headers["X-CSRF-Token"] = s.get(server.url + API + "/me").json()[
        "csrf_token"]
    return s


def upload(server, s, data, lang="en", resource=None):
    path = (f"{API}/resources/{resource}/packages/{lang}" if resource
            else f"{API}/packages/{lang}")
    return s.post(server.url + path, data=data,
                  headers={"Content-Type": "application/zip"})


def staging_empty(server):
    d = Path(server.data_dir) / "staging"
    return not d.exists() or not any(d.iterdir())


def uploads_left(server):
    return [p.name for p in (Path(server.data_dir) / "tmp").iterdir()
            if p.name.startswith("upload-")]


def counts(pg):
    return pg.query("SELECT (SELECT count(*) FROM resources), "
                    "(SELECT count(*) FROM package_versions), "
                    "(SELECT count(*) FROM package_items)")[0]


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_package_is_stored(server, pg, admin, name):
    version, _, scos = GOOD[name]
    data = (CORPUS / name).read_bytes()
    done = import_outcome(server, admin, upload(server, admin, data))
    assert done["state"] == "done", done
    assert done["errors"] == []
    rid, vid = done["resource_id"], done["version_id"]
    assert done["version"] == 1
    row = pg.query("SELECT scorm_version, path, files, bytes FROM "
                   "package_versions WHERE id = %s", (vid,))[0]
    assert row[0] == version
    # The files are where the version says, the manifest among them.
    pkg = Path(server.data_dir + row[1])
    assert (pkg / "imsmanifest.xml").is_file()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        real = [i for i in z.infolist() if not i.is_dir() and
                not i.filename.startswith("__MACOSX/") and
                not os.path.basename(i.filename).startswith("._") and
                os.path.basename(i.filename) != ".DS_Store"]
    assert row[2] == len(real)
    assert row[3] == sum(i.file_size for i in real)
    if scos is not None:
        n = pg.query("SELECT count(*) FROM package_items WHERE "
                     "version_id = %s AND scorm_type = 'sco'", (vid,))[0][0]
        assert n == scos
    # Every launchable item's file is in the package.
    for (launch,) in pg.query("SELECT launch FROM package_items WHERE "
                              "version_id = %s AND launch IS NOT NULL",
                              (vid,)):
        if "://" in launch:
            continue
        target = launch.split("?")[0].split("#")[0]
        assert (pkg / requests.utils.unquote(target)).is_file(), launch
    assert pg.query("SELECT count(*) FROM resources WHERE id = %s",
                    (rid,))[0][0] == 1
    assert staging_empty(server)
    assert uploads_left(server) == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_package_is_refused_leaving_nothing(server, pg, admin, name):
    before = counts(pg)
    data = (CORPUS / name).read_bytes()
    r = upload(server, admin, data)
    done = import_outcome(server, admin, r)
    assert done["state"] == "failed", done
    assert done["errors"], done
    text = " ".join(e["message"] for e in done["errors"])
    assert BAD[name] in text, text
    assert done["version_id"] is None
    assert counts(pg) == before
    assert staging_empty(server)
    assert uploads_left(server) == []
    pkgs = Path(server.data_dir) / "packages"
    ours = pkgs / str(pg.query("SELECT id FROM tenants WHERE slug = "
                               "'demo'")[0][0]) / str(done["id"])
    assert not ours.exists()


def test_new_version_of_a_resource(server, pg, admin):
    data = (CORPUS / "scorm12-golf-runtime-minimum-trimmed.zip").read_bytes()
    first = import_outcome(server, admin, upload(server, admin, data))
    rid = first["resource_id"]
    second = import_outcome(server, admin, upload(server, admin, data, resource=rid))
    assert second["state"] == "done"
    assert second["resource_id"] == rid
    assert second["version"] == 2
    # A language variant of the same resource starts at 1.
    third = import_outcome(server, admin, upload(server, admin, data, lang="fr",
                                       resource=rid))
    assert (third["version"], third["lang"]) == (1, "fr")
    assert pg.query("SELECT count(*) FROM package_versions WHERE "
                    "resource_id = %s", (rid,))[0][0] == 3
    titles = pg.query("SELECT lang FROM resource_texts WHERE resource_id = "
                      "%s ORDER BY lang", (rid,))
    assert titles == [("en",), ("fr",)]


def test_upload_refusals(server, pg, admin):
    data = (CORPUS / "scorm12-golf-runtime-minimum-trimmed.zip").read_bytes()
    before = counts(pg)
    # Not an admin, no CSRF header, a language the tenant does not offer,
    # a resource that does not exist, an empty body.
    learner, _ = sign_in(server, "learner1@demo.example", "demo-learner-2026")
    learner.headers["X-CSRF-Token"] = learner.get(
        server.url + API + "/me").json()["csrf_token"]
    assert upload(server, learner, data).status_code == 403
    r = requests.post(server.url + API + "/packages/en", data=data,
                      cookies=admin.cookies)
    assert r.status_code == 403
    r = upload(server, admin, data, lang="de")
    assert r.status_code == 400
    assert r.json()["error"]["message"] == \
        "This institution does not offer that language."
    assert upload(server, admin, data, resource=999999).status_code == 404
    r = upload(server, admin, b"")
    assert r.status_code == 400
    assert admin.get(server.url + API + "/packages/en").status_code == 405
    assert admin.get(server.url + API + "/imports/999999").status_code == 404
    assert counts(pg) == before
    assert pg.query("SELECT count(*) FROM imports WHERE state = "
                    "'running'")[0][0] == 0
    assert uploads_left(server) == []


def test_not_a_zip(server, pg, admin):
    before = counts(pg)
    done = import_outcome(server, admin, upload(server, admin, b"PK\x03\x04garbage" * 10))
    assert done["state"] == "failed"
    assert done["errors"][0]["message"]
    assert counts(pg) == before


def test_cli_import_as_the_upload_does(server, pg):
    env = {"OCTOLEARN_DATA_DIR": server.data_dir}
    before = counts(pg)
    good = CORPUS / "scorm2004-3rd-golf-runtime-minimum.zip"
    out = pg.admin("import", "--tenant", "demo", "--lang", "fr", str(good),
                   env=env)
    done = json.loads(out.stdout)
    assert done["state"] == "done"
    row = pg.query("SELECT resource_id, lang, version, scorm_version, path "
                   "FROM package_versions WHERE id = %s",
                   (done["version_id"],))[0]
    assert row[:4] == (done["resource_id"], "fr", 1, "2004 3rd")
    assert (Path(server.data_dir + row[4]) / "imsmanifest.xml").is_file()
    assert pg.query("SELECT count(*) FROM package_items WHERE version_id = "
                    "%s AND scorm_type = 'sco'", (done["version_id"],)
                    )[0][0] == 18
    # The next version of the same resource.
    out = pg.admin("import", "--tenant", "demo", "--lang", "fr",
                   "--resource", str(done["resource_id"]), str(good), env=env)
    again = json.loads(out.stdout)
    assert pg.query("SELECT version FROM package_versions WHERE id = %s",
                    (again["version_id"],))[0][0] == 2
    # A bad package: exit 1 with the reason, nothing stored, no files.
    mid = counts(pg)
    out = pg.admin("import", "--tenant", "demo",
                   str(CORPUS / "bad-no-manifest.zip"), env=env, check=False)
    assert out.returncode == 1
    assert "imsmanifest.xml" in json.loads(out.stdout)["errors"][0]["message"]
    assert counts(pg) == mid
    assert not any(p.name.startswith("cli-")
                   for p in (Path(server.data_dir) / "staging").iterdir())
    # Usage errors: exit 2.
    assert pg.admin("import", "--tenant", "demo", env=env,
                    check=False).returncode == 2
    assert pg.admin("import", "--tenant", "demo", "/nonexistent.zip",
                    env=env, check=False).returncode == 2
    assert counts(pg)[1] == before[1] + 2


def hostile_zip(kind):
    """Archives built here, each one a refusal of its own (names that are
    not UTF-8, devices and the rest are in the module's unit tests)."""
    buf = io.BytesIO()
    manifest = (CORPUS / "scorm12-golf-runtime-minimum-trimmed.zip")
    with zipfile.ZipFile(manifest) as src:
        good = src.read("imsmanifest.xml")
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", good)
        if kind == "slip":
            z.writestr("../../escaped.html", b"x")
        elif kind == "absolute":
            z.writestr(zipfile.ZipInfo("/tmp/absolute.html"), b"x")
        elif kind == "symlink":
            info = zipfile.ZipInfo("link.html")
            info.create_system = 3
            info.external_attr = (0o120777 << 16)
            z.writestr(info, "/etc/passwd")
        elif kind == "bomb":
            z.writestr("bomb.bin", b"\0" * (8 * 1024 * 1024))
        elif kind == "entries":
            for i in range(20001):
                z.writestr(f"f/{i}", b"")
        elif kind == "collision":
            z.writestr("caf\u00e9.html", b"x")
            z.writestr("cafe\u0301.html", b"y")
    return buf.getvalue()


@pytest.mark.parametrize("kind,reason", [
    ("slip", '".."'),
    ("absolute", "absolute"),
    ("symlink", "symbolic link"),
    ("bomb", "zip bomb"),
    ("entries", "more than 20000 entries"),
    ("collision", "same name"),
])
def test_hostile_archives_are_refused(server, pg, admin, kind, reason):
    before = counts(pg)
    done = import_outcome(server, admin, upload(server, admin, hostile_zip(kind)))
    assert done["state"] == "failed", done
    text = " ".join(e["message"] for e in done["errors"])
    assert reason in text, text
    assert counts(pg) == before
    assert staging_empty(server)
    assert uploads_left(server) == []
    assert not (Path(server.data_dir).parent / "escaped.html").exists()
    assert not Path("/tmp/absolute.html").exists()
