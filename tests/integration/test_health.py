"""GET /healthz: 200 with the database reachable, 503 when it is not, and
recovery by itself once PostgreSQL is back (no server restart)."""

import time


def test_healthy(server):
    r = server.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}
    assert r.headers["content-type"].startswith("application/json")


def test_database_down_then_back(isolated):
    db, srv = isolated()
    assert srv.get("/healthz").status_code == 200
    # Pages that need the database say so, in a page, not a crash.
    assert srv.get("/t/demo/").status_code == 200

    db.stop()
    for _ in range(3):
        r = srv.get("/healthz")
        assert r.status_code == 503
        assert r.json()["database"] == "unreachable"
    page = srv.get("/t/demo/")
    assert page.status_code == 503
    assert "temporarily unavailable" in page.text
    assert srv.get("/api/v1/tenants").status_code == 503

    db.start()
    deadline = time.monotonic() + 10
    statuses = []
    while time.monotonic() < deadline:
        statuses.append(srv.get("/healthz").status_code)
        if statuses[-1] == 200:
            break
        time.sleep(0.2)
    assert statuses[-1] == 200, statuses
    # Every worker's pooled connections recover, not just one: ask many
    # times, over fresh connections, so that all workers answer.
    for _ in range(40):
        assert srv.get("/healthz").status_code == 200
        assert srv.get("/t/demo/").status_code == 200
    assert srv.proc.poll() is None
