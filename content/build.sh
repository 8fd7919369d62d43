#!/bin/bash
# Builds the demo course packages into OUTDIR:
#   budapest-convention-en.zip, -fr.zip, -es.zip  (SCORM 2004 4th edition)
#   first-response.zip                            (SCORM 1.2)
# Each zip has imsmanifest.xml at its root. The Budapest Convention packages
# are one language directory (manifest and HTML) plus budapest-convention/common/
# (scripts and stylesheet), copied in as common/; first-response/ gets the
# same stylesheet at its root.
#
# Before zipping, each package is checked: every file its manifest lists is
# there, every file in it is listed, names are plain ASCII. The zips are
# reproducible: fixed order (imsmanifest.xml first, then by name), fixed
# timestamps and permissions. Existing zips are overwritten.
#
# Usage: content/build.sh OUTDIR
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p -- "$1"
out="$(cd -- "$1" && pwd)"

exec /usr/bin/python3 - "$here" "$out" <<'PY'
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

SRC, OUT = sys.argv[1], sys.argv[2]
STAMP = (2026, 1, 1, 0, 0, 0)
NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")


def fail(msg):
    sys.stderr.write("build.sh: %s\n" % msg)
    sys.exit(1)


def tree(root, prefix=""):
    """{name in the package: path on disk} for the files under root."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if f.startswith(".") or f.endswith("~"):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            files[prefix + rel] = path
    return files


def listed(manifest_path):
    """The file hrefs and launch hrefs the manifest's resources name."""
    doc = ET.parse(manifest_path).getroot()
    names = set()
    for el in doc.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "file" and el.get("href"):
            names.add(el.get("href"))
        elif tag == "resource" and el.get("href"):
            names.add(el.get("href").split("?", 1)[0].split("#", 1)[0])
    return names


def check(name, files):
    if "imsmanifest.xml" not in files:
        fail("%s: no imsmanifest.xml" % name)
    for n in files:
        if not NAME_RE.match(n):
            fail("%s: file name not plain ASCII or starts with a dot: %r"
                 % (name, n))
    wanted = listed(files["imsmanifest.xml"])
    missing = sorted(wanted - set(files))
    extra = sorted(set(files) - wanted - {"imsmanifest.xml"})
    if missing:
        fail("%s: listed in the manifest but missing: %s"
             % (name, ", ".join(missing)))
    if extra:
        fail("%s: in the package but not listed in the manifest: %s"
             % (name, ", ".join(extra)))


def write_zip(name, files):
    check(name, files)
    target = os.path.join(OUT, name)
    tmp = target + ".tmp"
    order = ["imsmanifest.xml"] + sorted(n for n in files
                                         if n != "imsmanifest.xml")
    with zipfile.ZipFile(tmp, "w") as z:
        for n in order:
            info = zipfile.ZipInfo(n, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (0o100644 << 16)
            with open(files[n], "rb") as f:
                z.writestr(info, f.read(), compresslevel=9)
    os.replace(tmp, target)
    print("%s (%d files)" % (target, len(order)))


common = tree(os.path.join(SRC, "budapest-convention", "common"), "common/")
if not common:
    fail("budapest-convention/common is empty")
for lang in ("en", "fr", "es"):
    own = tree(os.path.join(SRC, "budapest-convention", lang))
    both = set(own) & set(common)
    if both:
        fail("budapest-convention/%s: %s also in common/"
             % (lang, ", ".join(sorted(both))))
    own.update(common)
    write_zip("budapest-convention-%s.zip" % lang, own)

# The 1.2 course shares the stylesheet, copied in at its root.
first = tree(os.path.join(SRC, "first-response"))
if "style.css" in first:
    fail("first-response/style.css: the shared one is copied in")
first["style.css"] = common["common/style.css"]
write_zip("first-response.zip", first)
PY
