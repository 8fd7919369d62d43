"""Migrations: numbered files applied in order, each in a transaction and
recorded; a second run changes nothing; a failing one leaves nothing."""

import shutil

from conftest import ROOT


def schema_snapshot(pg):
    return pg.query(
        "SELECT table_name, column_name, data_type, is_nullable "
        "FROM information_schema.columns WHERE table_schema = 'public' "
        "ORDER BY 1, 2")


def test_second_run_changes_nothing(pg):
    before = schema_snapshot(pg)
    applied = pg.query("SELECT version, applied_at FROM schema_migrations "
                       "ORDER BY 1")
    out = pg.admin("migrate")
    assert "up to date" in out.stdout
    assert "applied" not in out.stdout
    assert schema_snapshot(pg) == before
    assert pg.query("SELECT version, applied_at FROM schema_migrations "
                    "ORDER BY 1") == applied
    files = sorted(p.name for p in (ROOT / "app/sql/migrations").glob("*.sql"))
    assert [r[0] for r in applied] == [int(f.split("_")[0]) for f in files]


def test_failed_migration_leaves_nothing(pg, tmp_path):
    d = tmp_path / "migrations"
    shutil.copytree(ROOT / "app/sql/migrations", d)
    (d / "9998_good.sql").write_text(
        "CREATE TABLE good_one (tenant_id bigint, id bigint, "
        "PRIMARY KEY (tenant_id, id));")
    (d / "9999_broken.sql").write_text(
        "CREATE TABLE half_done (id int);\nSELECT no_such_function();\n")
    out = pg.admin("migrate", "--dir", str(d), check=False)
    assert out.returncode == 1
    assert "9999_broken.sql" in out.stderr
    assert "applied 9998_good.sql" in out.stdout
    assert pg.query("SELECT to_regclass('half_done')") == [(None,)]
    assert pg.query("SELECT count(*) FROM schema_migrations "
                    "WHERE version = 9999") == [(0,)]
    pg.query("DROP TABLE good_one")
    pg.query("DELETE FROM schema_migrations WHERE version = 9998")


def test_badly_named_migration_refused(pg, tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    (d / "1_short.sql").write_text("SELECT 1;")
    out = pg.admin("migrate", "--dir", str(d), check=False)
    assert out.returncode == 1
    assert "NNNN_name.sql" in out.stderr
