"""The gettext catalogues: every user-visible string of app/ and modules/
is in the template, and every catalogue translates all of it (no
untranslated or fuzzy entry), with formats checked by msgfmt --check."""

import subprocess

from conftest import ROOT


def msgids(path):
    out = subprocess.run(["msgcat", "--no-wrap", "--sort-output", str(path)],
                         capture_output=True, text=True, check=True).stdout
    ids, cur = set(), None
    for line in out.splitlines():
        if line.startswith("msgid "):
            cur = line[6:]
        elif cur is not None and line.startswith('"'):
            cur += line
        elif line.startswith("msgstr") and cur is not None:
            if cur != '""':
                ids.add(cur)
            cur = None
    return ids


def test_template_is_up_to_date(tmp_path):
    sources = sorted(str(p.relative_to(ROOT)) for d in ("app", "modules")
                     for p in (ROOT / d).rglob("*.c"))
    pot = tmp_path / "fresh.pot"
    subprocess.run(["xgettext", "--from-code=UTF-8", "--language=C",
                    "--keyword=_", "--keyword=N_", "--keyword=ngettext:1,2",
                    "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--no-wrap", "-o", str(pot),
                    *sources], cwd=ROOT, check=True)
    fresh = msgids(pot)
    assert fresh, "no strings extracted"
    missing = fresh - msgids(ROOT / "locales" / "octolearn.pot")
    assert not missing, f"run `make po`: not in the template: {missing}"


def test_every_catalogue_is_complete():
    pos = sorted((ROOT / "locales").glob("*.po"))
    assert pos
    template = msgids(ROOT / "locales" / "octolearn.pot")
    for po in pos:
        out = subprocess.run(["msgfmt", "--check", "--statistics", "-o",
                              "/dev/null", str(po)], capture_output=True,
                             text=True)
        assert out.returncode == 0, (po.name, out.stderr)
        assert "untranslated" not in out.stderr, (po.name, out.stderr)
        assert "fuzzy" not in out.stderr, (po.name, out.stderr)
        assert template <= msgids(po), po.name
