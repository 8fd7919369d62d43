"""build/octolearn-admin inspect: every manifest and every package of
../shared/corpus as the importer reads it, printed as JSON, with exit
status 0 when it can be imported, 1 when not, 2 on a usage error. No
database is needed: the tool reads the file and nothing else."""

import json
import os
import subprocess
import zipfile

import pytest

from conftest import ADMIN, CORPUS, ROOT

MANIFESTS = CORPUS / "manifests"
PACKAGES = CORPUS / "packages"
VERSIONS = {"1.2", "2004 2nd", "2004 3rd", "2004 4th"}

ALL_MANIFESTS = sorted(MANIFESTS.glob("*/*"))
ALL_PACKAGES = sorted(PACKAGES.glob("*.zip"))

# The broken synthetic manifests: (line, part of the message).
BROKEN = {
    "MalformedXml_SCORM12.xml": [(27, "not well-formed XML")],
    "CM-01-broken-default-org.xml":
        [(20, "default organization NONEXISTENT_ORG")],
    "ItemWithNonExistentResourceId_SCORM12.xml":
        [(20, "resource non_existent_resource, which does not exist")],
    "MissingLaunchUrl_SCORM12.xml": [(30, "resource_1 has no href")],
    "InvalidMissingOrgIdentifier_SCORM20043rdEdition.xml":
        [(12, "an organization has no identifier"),
         (10, "default organization org1")],
}

# Packages to refuse: a part of the reason, and its line (0: none, the
# package rather than a line of its manifest).
BAD_PACKAGES = {
    "bad-aicc-only.zip": ("no imsmanifest.xml at the root of the package: "
                          "this looks like an AICC course", 0),
    "bad-empty zip.zip": ("empty", 0),
    "bad-manifest-empty-document.zip": ("the manifest is an empty document",
                                        2),
    "bad-manifest-in-subfolder-only.zip": (
        "no imsmanifest.xml at the root of the package, but there is one "
        "in badscorm/", 0),
    "bad-no-manifest.zip": ("no imsmanifest.xml at the root of the package",
                            0),
}


def inspect(path, *extra, env=None):
    """(exit status, parsed JSON or None, stderr)."""
    out = subprocess.run([str(ADMIN), "inspect", str(path), *extra],
                         cwd=ROOT, capture_output=True, text=True,
                         timeout=120, env=env)
    data = json.loads(out.stdout) if out.stdout.strip() else None
    return out.returncode, data, out.stderr


def check_items(items):
    for it in items:
        # The keys, and what the runtime needs where the
        # manifest has it.
        assert set(it) >= {"identifier", "title", "launch", "scorm_type",
                           "visible", "items"}, it
        assert set(it) <= {"identifier", "title", "launch", "scorm_type",
                           "visible", "items", "parameters",
                           "prerequisites", "max_time_allowed",
                           "time_limit_action", "data_from_lms",
                           "mastery_score", "completion_threshold",
                           "hide_lms_ui", "sequencing",
                           "scaled_passing_score"}, it
        assert it["scorm_type"] in ("sco", "asset", None)
        assert isinstance(it["visible"], bool)
        assert it["launch"] is None or isinstance(it["launch"], str)
        if it["launch"] is not None:
            assert it["scorm_type"] is not None
        check_items(it["items"])


def check_shape(rc, data):
    """What every answer has, importable or not."""
    assert rc in (0, 1)
    assert data is not None
    assert set(data) >= {"scorm_version", "title", "organizations",
                         "errors", "warnings"}
    assert data["scorm_version"] in VERSIONS | {None}
    for key in ("errors", "warnings"):
        for p in data[key]:
            assert set(p) == {"line", "message"}
            assert isinstance(p["line"], int) and p["line"] >= 0
            assert isinstance(p["message"], str) and p["message"]
            assert "%s" not in p["message"]
    for org in data["organizations"]:
        assert set(org) - {"sequencing"} == {"identifier", "title",
                                             "items"}
        check_items(org["items"])
    if rc == 0:
        assert data["errors"] == []
        assert data["scorm_version"] in VERSIONS
        assert data["organizations"]
        assert data["organizations"][0]["identifier"]
    else:
        assert data["errors"]


def walk(items):
    for it in items:
        yield it
        yield from walk(it["items"])


def depth(items):
    return max((1 + depth(it["items"]) for it in items), default=0)


def has_error(data, line, text):
    return any(e["line"] == line and text in e["message"]
               for e in data["errors"])


def test_corpus_is_there():
    assert len(list((MANIFESTS / "adl-cts").glob("*.xml"))) == 189
    assert len(ALL_PACKAGES) >= 27


@pytest.mark.parametrize("path", ALL_MANIFESTS,
                         ids=[f"{p.parent.name}/{p.name}"
                              for p in ALL_MANIFESTS])
def test_every_manifest(path):
    rc, data, _ = inspect(path)
    check_shape(rc, data)
    if path.name in BROKEN:
        assert rc == 1, data
        for line, text in BROKEN[path.name]:
            assert has_error(data, line, text), data["errors"]
    else:
        # Alone, a manifest's files are not checked: all the others,
        # ADL's 189 conformance manifests included, can be imported.
        assert rc == 0, data["errors"]


def test_malformed_has_nothing_else():
    rc, data, _ = inspect(MANIFESTS / "synthetic/MalformedXml_SCORM12.xml")
    assert rc == 1
    assert len(data["errors"]) == 1
    assert "mismatch" in data["errors"][0]["message"]
    assert data["scorm_version"] is None
    assert data["organizations"] == []


def test_no_schemaversion_is_a_warning():
    rc, data, _ = inspect(MANIFESTS / "synthetic/ContentPackagingNo"
                          "SchemaVersion_SCORM20042ndEdition.xml")
    assert rc == 0
    assert data["scorm_version"] == "2004 3rd"
    assert any("schemaversion" in w["message"] and w["line"] == 2
               for w in data["warnings"])


def test_missing_title_is_a_warning():
    rc, data, _ = inspect(MANIFESTS /
                          "synthetic/MissingRequiredFields_SCORM12.xml")
    assert rc == 0
    assert data["title"] is None
    assert {"line": 18, "message": "the organization default_org has no "
            "title"} in data["warnings"]


def test_cts_manifest_tree():
    rc, data, _ = inspect(MANIFESTS / "adl-cts/CM-07e.xml")
    assert rc == 0
    assert data["scorm_version"] == "2004 4th"
    assert data["title"] == "LMS Test Content Package CM-07e"
    org = data["organizations"][0]
    # identifier = "   CASETEST   " in the file.
    assert org["identifier"] == "CASETEST"
    assert [it["identifier"] for it in org["items"]] == \
        ["activity_1", "activity_2"]
    a2 = org["items"][1]
    assert a2["launch"] is None and a2["scorm_type"] is None
    assert [it["identifier"] for it in a2["items"]] == \
        ["CaseTest", "activity_4"]
    a5 = a2["items"][1]["items"][0]
    assert a5["identifier"] == "activity_5"
    assert a5["launch"] == "resources/SequencingTest.htm?tc=CM-07e&act=5"
    assert a5["scorm_type"] == "sco"
    assert depth(org["items"]) == 3


def test_cts_invisible_items():
    rc, data, _ = inspect(MANIFESTS / "adl-cts/CM-04d.xml")
    assert rc == 0
    hidden = {it["identifier"] for org in data["organizations"]
              for it in walk(org["items"]) if not it["visible"]}
    assert {"activity_3", "_6Sample-act", "activity_14",
            "Sample15"} <= hidden


def test_default_organization_first():
    rc, data, _ = inspect(MANIFESTS /
                          "synthetic/ComplexNestedOrganization_SCORM12.xml")
    assert rc == 0
    assert [o["identifier"] for o in data["organizations"]] == \
        ["default_org", "alternate_org"]
    assert depth(data["organizations"][0]["items"]) == 4


def test_golf_12_tree():
    rc, data, _ = inspect(MANIFESTS /
                          "misc/imsmanifest-RuntimeMinimumCalls_SCORM12.xml")
    assert rc == 0
    assert data["scorm_version"] == "1.2"
    items = data["organizations"][0]["items"]
    assert [it["identifier"] for it in items] == \
        ["playing_item", "etiquette_item", "handicapping_item",
         "havingfun_item"]
    scos = [it for it in walk(items) if it["scorm_type"] == "sco"]
    assert len(scos) == 19
    assert depth(items) == 2
    quiz = [it for it in scos if it["identifier"] == "playing_quiz_item"][0]
    assert quiz["launch"] == "shared/assessmenttemplate.html?questions=Playing"


def test_version_per_edition():
    cases = {
        "misc/imsmanifest-scorm1.2.xml": "1.2",
        "synthetic/PrerequisitesTest_SCORM12.xml": "1.2",
        "synthetic/AdlAttributes_SCORM20043rdEdition.xml": "2004 3rd",
        "misc/SequencingEssentialsContentExample_1.1_SCORM20043rdEdition"
        ".imsmanifest.xml": "2004 3rd",
        "adl-cts/SX-05.xml": "2004 4th",
    }
    for rel, version in cases.items():
        rc, data, _ = inspect(MANIFESTS / rel)
        assert rc == 0, rel
        assert data["scorm_version"] == version, rel


@pytest.mark.parametrize("path", ALL_PACKAGES,
                         ids=[p.name for p in ALL_PACKAGES])
def test_every_package(path, tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path))
    rc, data, _ = inspect(path, env=env)
    check_shape(rc, data)
    # The extraction folder is gone, whatever happened.
    assert list(tmp_path.iterdir()) == []

    if path.name in BAD_PACKAGES:
        assert rc == 1
        assert data["organizations"] == []
        text, line = BAD_PACKAGES[path.name]
        assert any(text in e["message"] and e["line"] == line
                   for e in data["errors"]), data["errors"]
        return

    assert rc == 0, data["errors"]
    name = path.name
    if name.startswith("scorm12-") or name.startswith("edge-scorm12-"):
        assert data["scorm_version"] == "1.2"
    else:
        edition = name.split("-")[1]
        assert data["scorm_version"] == f"2004 {edition}"
    org = data["organizations"][0]
    launches = [it for it in walk(org["items"]) if it["launch"]]
    assert launches
    for it in launches:
        assert not it["launch"].startswith("/")
        assert ".." not in it["launch"].split("?")[0].split("/")


def test_package_trees():
    rc, data, _ = inspect(PACKAGES / "scorm12-golf-runtime-minimum.zip")
    assert rc == 0
    items = data["organizations"][0]["items"]
    assert len(items) == 4
    assert len([it for it in walk(items) if it["scorm_type"] == "sco"]) == 18

    rc, data, _ = inspect(PACKAGES /
                          "scorm12-golf-runtime-minimum-trimmed.zip")
    assert rc == 0
    assert len([it for it in walk(data["organizations"][0]["items"])
                if it["scorm_type"] == "sco"]) == 9

    # Three levels, an invisible SCO, an asset; its organizations@default
    # names no organization, which SCORM 1.2 LMSs live with.
    rc, data, _ = inspect(PACKAGES / "scorm12-api-debugger-nested.zip")
    assert rc == 0
    items = data["organizations"][0]["items"]
    assert depth(items) == 3
    byid = {it["identifier"]: it for it in walk(items)}
    assert byid["mm-ITEM-SCORMDEbugger555f231e21b982c25s07"]["visible"] \
        is False
    assert byid["mm-ITEM-SCORMDEbugger555f231e21b982c25s03"]["scorm_type"] \
        == "asset"
    assert any("default organization" in w["message"]
               for w in data["warnings"])


def test_package_without_organization():
    rc, data, _ = inspect(PACKAGES / "edge-scorm12-no-organization.zip")
    assert rc == 0
    assert len(data["organizations"]) == 1
    items = data["organizations"][0]["items"]
    assert len(items) == 1
    assert items[0]["launch"] == "sso/launchpage.html"
    assert items[0]["scorm_type"] == "sco"
    assert any("no organization" in w["message"] for w in data["warnings"])


def test_package_metadata():
    rc, data, _ = inspect(PACKAGES /
                          "scorm2004-3rd-golf-contentpackaging-metadata.zip")
    assert rc == 0
    assert data["language"] == "en"
    assert data["description"].startswith("A high level overview of the "
                                          "sport of golf.")
    assert data["title"] == "Golf Explained - Metadata Example"


def write_zip(path, files):
    with zipfile.ZipFile(path, "w") as z:
        for name, body in files.items():
            z.writestr(name, body)


MANIFEST_12 = """<?xml version="1.0"?>
<manifest identifier="t" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>I</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="sco/index.html">
      <file href="sco/index.html"/><file href="sco/app.js"/>
    </resource>
  </resources>
</manifest>
"""


def test_package_files_checked(tmp_path):
    good = tmp_path / "good.zip"
    write_zip(good, {"imsmanifest.xml": MANIFEST_12,
                     "sco/index.html": "<p>hi</p>", "sco/app.js": ""})
    rc, data, _ = inspect(good)
    assert rc == 0, data["errors"]
    assert data["organizations"][0]["items"][0]["launch"] == \
        "sco/index.html"

    missing = tmp_path / "missing.zip"
    write_zip(missing, {"imsmanifest.xml": MANIFEST_12,
                        "sco/app.js": ""})
    rc, data, _ = inspect(missing)
    assert rc == 1
    assert {"line": 9, "message": "the launch file sco/index.html is "
            "missing from the package"} in data["errors"]

    listed = tmp_path / "listed.zip"
    write_zip(listed, {"imsmanifest.xml": MANIFEST_12,
                       "sco/index.html": ""})
    rc, data, _ = inspect(listed)
    assert rc == 1
    assert {"line": 9, "message": "the file sco/app.js listed in the "
            "manifest is missing from the package"} in data["errors"]

    # The same manifest alone: its files are not looked for.
    alone = tmp_path / "imsmanifest.xml"
    alone.write_text(MANIFEST_12)
    assert inspect(alone)[0] == 0


def test_package_refused_by_the_archive(tmp_path):
    evil = tmp_path / "evil.zip"
    write_zip(evil, {"imsmanifest.xml": MANIFEST_12, "../escape.html": "x"})
    env = dict(os.environ, TMPDIR=str(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    rc, data, _ = inspect(evil, env=env)
    assert rc == 1
    assert len(data["errors"]) == 1
    assert data["errors"][0]["line"] == 0
    assert "escape.html" in data["errors"][0]["message"]
    assert not (tmp_path / "escape.html").exists()
    assert list((tmp_path / "t").iterdir()) == []


def test_hostile_manifests(tmp_path):
    xxe = tmp_path / "xxe.xml"
    xxe.write_text('<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY x SYSTEM '
                   '"file:///etc/passwd">]>\n<manifest xmlns="http://www.'
                   'imsproject.org/xsd/imscp_rootv1p1p2" identifier="&x;"/>')
    rc, data, _ = inspect(xxe)
    assert rc == 1
    assert "root:" not in json.dumps(data)
    assert data["errors"] == [{"line": 2, "message": "the manifest declares "
                               "the entity x: entity declarations are not "
                               "allowed"}]

    deep = tmp_path / "deep.xml"
    deep.write_text('<manifest xmlns="http://www.imsproject.org/xsd/'
                    'imscp_rootv1p1p2">' + "<a>" * 100000)
    rc, data, _ = inspect(deep)
    assert rc == 1
    assert data["errors"] == [{"line": 1, "message": "the manifest nests "
                               "elements more than 256 deep"}]

    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    rc, data, _ = inspect(empty)
    assert rc == 1
    assert data["errors"][0]["message"] == "the manifest is an empty document"

    big = tmp_path / "big.xml"
    big.write_bytes(b" " * (16 * 1024 * 1024 + 1))
    rc, data, _ = inspect(big)
    assert rc == 1
    assert "larger than the limit" in data["errors"][0]["message"]


def test_usage_errors(tmp_path):
    for args in ([], ["a.xml", "b.xml"]):
        out = subprocess.run([str(ADMIN), "inspect", *args], cwd=ROOT,
                             capture_output=True, text=True)
        assert out.returncode == 2, args
        assert "usage:" in out.stderr
        assert out.stdout == ""
    for path in (tmp_path / "nonexistent.xml", tmp_path):
        rc, data, err = inspect(path)
        assert rc == 2
        assert data is None
        assert err.strip()
    unreadable = tmp_path / "secret.xml"
    unreadable.write_text(MANIFEST_12)
    unreadable.chmod(0)
    if not os.access(unreadable, os.R_OK):      # root reads everything
        rc, data, _ = inspect(unreadable)
        assert rc == 2
