"""build/octolearn-admin: tenants and users from the command line, with
clear errors and the exit statuses the README gives (0 ok, 1 failed,
2 usage)."""

import json
import subprocess

from conftest import ADMIN, ROOT


def test_usage_errors_exit_2(pg):
    for args in ([], ["frobnicate"], ["tenant"], ["tenant", "create"],
                 ["user", "add", "--tenant", "demo"], ["migrate", "extra"]):
        out = pg.admin(*args, check=False)
        assert out.returncode == 2, args
        assert "usage:" in out.stderr


def test_tenant_create_and_list(pg):
    out = pg.admin("tenant", "create", "cli-made", "Académie CLI",
                   "--lang", "fr", "--languages", "fr,en")
    assert "created" in out.stdout
    listing = pg.admin("tenant", "list").stdout
    assert "cli-made\tAcadémie CLI\tfr\tfr,en\tenabled" in listing
    again = pg.admin("tenant", "create", "cli-made", "X", check=False)
    assert again.returncode == 1
    assert pg.admin("tenant", "create", "cli-made", "X",
                    "--if-missing").returncode == 0
    assert pg.query("SELECT name FROM tenants WHERE slug='cli-made'") == \
        [("Académie CLI",)]


def test_tenant_create_refuses_bad_input(pg):
    for args in (["Bad Slug", "X"], ["-bad", "X"], ["ok-slug", ""],
                 ["ok-slug", "X", "--lang", "de", "--languages", "fr"]):
        out = pg.admin("tenant", "create", *args, check=False)
        assert out.returncode == 1, args
        assert out.stderr.strip()
    assert pg.query("SELECT count(*) FROM tenants WHERE slug='ok-slug'") == \
        [(0,)]


def test_user_add(pg):
    out = pg.admin("user", "add", "--tenant", "demo", "--email",
                   "new@demo.example", "--name", "New Person", "--roles",
                   "learner,trainer", input="a-good-long-password\n")
    assert "added" in out.stdout
    rows = pg.query(
        "SELECT u.password_hash, array_agg(r.role ORDER BY r.role) "
        "FROM users u JOIN user_roles r ON r.tenant_id = u.tenant_id AND "
        "r.user_id = u.id WHERE u.email = 'new@demo.example' "
        "GROUP BY u.password_hash")
    assert len(rows) == 1
    phash, roles = rows[0]
    assert phash.startswith("$s1$0e0801$")
    assert "a-good-long-password" not in phash
    assert roles == ["learner", "trainer"]
    again = pg.admin("user", "add", "--tenant", "demo", "--email",
                     "NEW@demo.example", "--name", "Dup", "--roles",
                     "learner", input="a-good-long-password\n", check=False)
    assert again.returncode == 1
    assert "exists" in again.stderr


def test_user_add_refuses(pg):
    cases = [
        (["--tenant", "nosuch"], "a-good-long-password", "no tenant"),
        (["--tenant", "demo"], "short", "too short"),
        (["--tenant", "demo"], "Password123", "too common"),
        (["--roles", "emperor", "--tenant", "demo"], "a-good-long-password",
         "user_roles"),
    ]
    for extra, password, message in cases:
        args = ["user", "add", "--email", "refused@demo.example",
                "--name", "Refused"]
        if "--roles" not in extra:
            args += ["--roles", "learner"]
        out = pg.admin(*args, *extra, input=password + "\n", check=False)
        assert out.returncode == 1, (extra, out.stdout)
        assert message in out.stderr, (message, out.stderr)
    assert pg.query("SELECT count(*) FROM users "
                    "WHERE email = 'refused@demo.example'") == [(0,)]


def test_demo_load_is_idempotent(pg):
    before = pg.query("SELECT count(*) FROM users")
    out = subprocess.run([str(ROOT / "conf/demo.sh")], cwd=ROOT, env=pg.env,
                         capture_output=True, text=True, check=True)
    assert "exists" in out.stdout
    assert pg.query("SELECT count(*) FROM users") == before


def test_admin_binary_exists():
    assert ADMIN.exists()


# tenant show, rename, enable, disable, languages: each test works on
# tenants of its own and leaves `demo`, which other tests rely on, alone.

def tenant_row(pg, slug):
    rows = pg.query("SELECT name, default_lang, languages, enabled "
                    "FROM tenants WHERE slug = %s", (slug,))
    return rows[0] if rows else None


def make_tenant(pg, slug, name="CLI Tenant", *args):
    pg.admin("tenant", "create", slug, name, *args, "--if-missing")
    return tenant_row(pg, slug)


def admin_bytes(pg, *args):
    """The tool with raw byte arguments (pg.admin passes text only)."""
    return subprocess.run([str(ADMIN), *args], cwd=ROOT, env=pg.env,
                          capture_output=True, check=False)


def assert_fails(out, message):
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    stderr = out.stderr if isinstance(out.stderr, str) else \
        out.stderr.decode("utf-8", "replace")
    assert stderr.startswith("octolearn-admin: "), stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert message in stderr, (message, stderr)


def test_tenant_commands_usage_errors_exit_2(pg):
    make_tenant(pg, "cli-usage")
    before = tenant_row(pg, "cli-usage")
    for args in (["show"], ["show", "cli-usage", "extra"],
                 ["rename"], ["rename", "cli-usage"],
                 ["rename", "cli-usage", "A", "B"],
                 ["enable"], ["enable", "cli-usage", "extra"],
                 ["disable"], ["disable", "cli-usage", "extra"],
                 ["languages"], ["languages", "cli-usage"],
                 ["languages", "cli-usage", "en", "--default"],
                 ["languages", "cli-usage", "en", "--bogus"],
                 ["languages", "cli-usage", "en", "fr"],
                 ["languages", "cli-usage", "en", "--default", "en",
                  "--default", "en"],
                 ["list", "extra"], ["frobnicate"]):
        out = pg.admin("tenant", *args, check=False)
        assert out.returncode == 2, args
        assert "usage:" in out.stderr, args
        assert "tenant languages SLUG" in out.stderr
        assert out.stdout == "", args
    assert tenant_row(pg, "cli-usage") == before


def test_tenant_show(pg):
    make_tenant(pg, "cli-show", "Académie Show", "--lang", "fr",
                "--languages", "fr,en")
    pg.admin("user", "add", "--tenant", "cli-show", "--email",
             "one@show.example", "--name", "One", "--roles", "learner",
             "--if-missing", input="a-good-long-password\n")
    out = pg.admin("tenant", "show", "cli-show")
    assert out.stderr == ""
    assert out.stdout.isascii()                      # JSON_ENSURE_ASCII
    assert "acad\\u00e9mie show" in out.stdout.lower()
    assert out.stdout.startswith("{\n  \"slug\"")    # indented
    assert json.loads(out.stdout) == {
        "slug": "cli-show", "name": "Académie Show",
        "default_language": "fr", "languages": ["fr", "en"],
        "enabled": True, "users": 1,
    }

    demo = json.loads(pg.admin("tenant", "show", "demo").stdout)
    assert demo["users"] == pg.query(
        "SELECT count(*) FROM users u JOIN tenants t ON t.id = u.tenant_id "
        "WHERE t.slug = 'demo'")[0][0]
    assert demo["languages"] == ["en", "fr", "es"]

    for slug in ("cli-no-such", "Bad Slug", "-x"):
        out = pg.admin("tenant", "show", slug, check=False)
        assert_fails(out, "no tenant" if slug == "cli-no-such" else "slug")
        assert out.stdout == ""


def test_tenant_rename(pg):
    make_tenant(pg, "cli-rename", "Before")
    out = pg.admin("tenant", "rename", "cli-rename", "Après ✓ Renamed")
    assert out.returncode == 0
    assert "renamed" in out.stdout
    assert tenant_row(pg, "cli-rename")[0] == "Après ✓ Renamed"
    assert json.loads(pg.admin("tenant", "show", "cli-rename").stdout)[
        "name"] == "Après ✓ Renamed"
    assert "cli-rename\tAprès ✓ Renamed\ten\ten\tenabled" in \
        pg.admin("tenant", "list").stdout

    # 200 characters is the limit, however many bytes they take.
    longest = "é" * 200
    pg.admin("tenant", "rename", "cli-rename", longest)
    assert tenant_row(pg, "cli-rename")[0] == longest
    pg.admin("tenant", "rename", "cli-rename", "Renamed")

    out = pg.admin("tenant", "rename", "cli-no-such", "X", check=False)
    assert_fails(out, "no tenant 'cli-no-such'")
    assert tenant_row(pg, "cli-no-such") is None


def test_tenant_rename_refuses_bad_names(pg):
    make_tenant(pg, "cli-rename-bad", "Unchanged")
    before = tenant_row(pg, "cli-rename-bad")
    for name in (b"\xff", b"Bad \xc3", b"\xc0\xae", b"\xed\xa0\x80"):
        out = admin_bytes(pg, "tenant", "rename", "cli-rename-bad", name)
        assert_fails(out, "not valid UTF-8")
    for name in ("x" * 201, "é" * 201, ""):
        out = pg.admin("tenant", "rename", "cli-rename-bad", name,
                       check=False)
        assert_fails(out, "1 to 200 characters")
    out = pg.admin("tenant", "rename", "Bad Slug", "X", check=False)
    assert_fails(out, "slug")
    assert tenant_row(pg, "cli-rename-bad") == before


def test_tenant_disable_and_enable(pg):
    make_tenant(pg, "cli-toggle", "Toggle")
    pg.admin("user", "add", "--tenant", "cli-toggle", "--email",
             "kept@toggle.example", "--name", "Kept", "--roles", "learner",
             "--if-missing", input="a-good-long-password\n")
    users = "SELECT count(*) FROM users u JOIN tenants t ON " \
        "t.id = u.tenant_id WHERE t.slug = 'cli-toggle'"

    out = pg.admin("tenant", "disable", "cli-toggle")
    assert "disabled" in out.stdout
    assert tenant_row(pg, "cli-toggle") == ("Toggle", "en", ["en"], False)
    assert pg.query(users) == [(1,)]                    # nothing deleted
    shown = json.loads(pg.admin("tenant", "show", "cli-toggle").stdout)
    assert shown["enabled"] is False and shown["users"] == 1
    assert "cli-toggle\tToggle\ten\ten\tdisabled" in \
        pg.admin("tenant", "list").stdout
    assert pg.admin("tenant", "disable", "cli-toggle").returncode == 0
    assert tenant_row(pg, "cli-toggle")[3] is False

    out = pg.admin("tenant", "enable", "cli-toggle")
    assert "enabled" in out.stdout
    assert tenant_row(pg, "cli-toggle") == ("Toggle", "en", ["en"], True)
    assert pg.query(users) == [(1,)]
    assert json.loads(pg.admin("tenant", "show", "cli-toggle").stdout)[
        "enabled"] is True

    for command in ("disable", "enable"):
        out = pg.admin("tenant", command, "cli-no-such", check=False)
        assert_fails(out, "no tenant 'cli-no-such'")
        out = pg.admin("tenant", command, "Bad Slug", check=False)
        assert_fails(out, "slug")
    assert tenant_row(pg, "cli-no-such") is None
    assert tenant_row(pg, "demo")[3] is True


def test_tenant_languages(pg):
    make_tenant(pg, "cli-langs", "Langs")
    out = pg.admin("tenant", "languages", "cli-langs", "en,fr,de")
    assert out.returncode == 0
    assert tenant_row(pg, "cli-langs")[1:3] == ("en", ["en", "fr", "de"])

    pg.admin("tenant", "languages", "cli-langs", "fr,de", "--default", "de")
    assert tenant_row(pg, "cli-langs")[1:3] == ("de", ["fr", "de"])
    shown = json.loads(pg.admin("tenant", "show", "cli-langs").stdout)
    assert shown["default_language"] == "de"
    assert shown["languages"] == ["fr", "de"]

    pg.admin("tenant", "languages", "cli-langs", "pt", "--default", "pt")
    assert tenant_row(pg, "cli-langs")[1:3] == ("pt", ["pt"])

    out = pg.admin("tenant", "languages", "cli-no-such", "en", check=False)
    assert_fails(out, "no tenant 'cli-no-such'")
    assert tenant_row(pg, "cli-no-such") is None


def test_tenant_languages_refuses(pg):
    make_tenant(pg, "cli-langs-bad", "Langs", "--lang", "fr",
                "--languages", "fr,en")
    before = tenant_row(pg, "cli-langs-bad")
    cases = [
        (["en,de", "--default", "fr"], "not among the languages"),
        (["en,de"], "'fr' is not among the languages"),     # kept default
        (["fr,en", "--default", "FR"], "not a language code"),
        (["fr,en", "--default", "f"], "not a language code"),
        (["EN,fr"], "not a language code"),
        (["fr,e"], "not a language code"),
        (["fr,engl"], "not a language code"),
        (["fr,e1"], "not a language code"),
        (["fr,,en"], "not a language code"),
        (["fr,"], "not a language code"),
        ([""], "not a language code"),
        (["fr,en,fr"], "given twice"),
        (["fr,en-gb"], "not a language code"),
        ([",".join(["fr"] + [a + b for a in "abcdefghij"
                             for b in "abcdefg"][:70])], "too many"),
    ]
    for args, message in cases:
        out = pg.admin("tenant", "languages", "cli-langs-bad", *args,
                       check=False)
        assert_fails(out, message)
    out = admin_bytes(pg, "tenant", "languages", "cli-langs-bad",
                      b"fr,\xc3\xa9n")
    assert_fails(out, "not a language code")
    assert tenant_row(pg, "cli-langs-bad") == before
