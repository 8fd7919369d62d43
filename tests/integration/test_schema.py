"""The live schema keeps tenants apart by construction: tenant_id leads
every tenant-owned primary key, every foreign key between tenant-owned
tables carries tenant_id, row-level security is on for each, and the
application's role owns nothing and cannot bypass it."""

import pytest

PLATFORM_TABLES = {"tenants", "schema_migrations"}


def tables(pg):
    return [r[0] for r in pg.query(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
        "AND c.relkind IN ('r', 'p') ORDER BY 1")]


def test_every_table_is_platform_or_tenant_owned(pg):
    for t in tables(pg):
        if t in PLATFORM_TABLES:
            continue
        cols = [r[0] for r in pg.query(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
            "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)", (t,))]
        assert cols, f"{t} has no primary key"
        assert cols[0] == "tenant_id", f"{t}: primary key {cols}"


def test_foreign_keys_carry_tenant(pg):
    fks = pg.query(
        "SELECT conrelid::regclass::text, confrelid::regclass::text, "
        "conname, "
        "ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, o) "
        "  JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n "
        "  ORDER BY o), "
        "ARRAY(SELECT attname FROM unnest(confkey) WITH ORDINALITY k(n, o) "
        "  JOIN pg_attribute ON attrelid = confrelid AND attnum = k.n "
        "  ORDER BY o) "
        "FROM pg_constraint WHERE contype = 'f' "
        "AND connamespace = 'public'::regnamespace")
    assert fks, "no foreign keys found"
    for src, dst, name, cols, refcols in fks:
        if dst in PLATFORM_TABLES:
            continue
        assert "tenant_id" in cols, f"{src}.{name}: {cols}"
        i = cols.index("tenant_id")
        assert refcols[i] == "tenant_id", f"{src}.{name}: {cols}->{refcols}"


def test_row_level_security_on_tenant_tables(pg):
    for t in tables(pg):
        if t in PLATFORM_TABLES:
            continue
        rls, = pg.query("SELECT relrowsecurity FROM pg_class "
                        "WHERE oid = %s::regclass", (t,))[0]
        assert rls, f"{t}: row-level security is off"
        n, = pg.query("SELECT count(*) FROM pg_policy "
                      "WHERE polrelid = %s::regclass", (t,))[0]
        assert n >= 1, f"{t}: no policy"


def test_app_role_owns_nothing_and_cannot_bypass(pg):
    role = pg.query("SELECT rolsuper, rolbypassrls FROM pg_roles "
                    "WHERE rolname = 'octolearn_app'")
    assert role == [(False, False)]
    owned = pg.query("SELECT relname FROM pg_class WHERE relowner = "
                     "'octolearn_app'::regrole")
    assert owned == []


def test_query_without_tenant_condition_sees_only_own_rows(pg):
    pg.admin("tenant", "create", "other", "Other Institute",
             "--if-missing")
    pg.admin("user", "add", "--tenant", "other", "--email",
             "someone@other.example", "--name", "Someone", "--roles",
             "learner", "--if-missing",
             env={"OCTOLEARN_PASSWORD": "a-long-enough-pass"})
    demo_id = pg.query("SELECT id FROM tenants WHERE slug='demo'")[0][0]
    other_id = pg.query("SELECT id FROM tenants WHERE slug='other'")[0][0]

    conn = pg.connect(app=True)
    conn.autocommit = False
    try:
        with conn.cursor() as cur:
            # No tenant fixed: no tenant rows at all.
            cur.execute("SELECT count(*) FROM users")
            assert cur.fetchone()[0] == 0
            cur.execute("SELECT set_config('octolearn.tenant_id', %s, true)",
                        (str(demo_id),))
            cur.execute("SELECT DISTINCT tenant_id FROM users")
            assert cur.fetchall() == [(demo_id,)]
            cur.execute("SELECT count(*) FROM users WHERE tenant_id = %s",
                        (other_id,))
            assert cur.fetchone()[0] == 0
            # Nor can it write into the other tenant.
            with pytest.raises(Exception):
                cur.execute("INSERT INTO users (tenant_id, email, "
                            "display_name) VALUES (%s, 'x@y.z', 'X')",
                            (other_id,))
        conn.rollback()
        with conn.cursor() as cur:
            # The setting was local to the transaction.
            cur.execute("SELECT count(*) FROM users")
            assert cur.fetchone()[0] == 0
        conn.rollback()
    finally:
        conn.close()
