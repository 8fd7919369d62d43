"""build/octolearn-admin: tenants and users from the command line, with
clear errors and the exit statuses the README gives (0 ok, 1 failed,
2 usage)."""

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
