"""make bench: each hot path measured on this machine, in one run, and
printed as one table (and written under tests/bench/results/): scenario,
our figure, the ceiling measured in the same run where there is one, the
ratio, the target and whether it is met. A benchmark, not a test: CI does
not run it and `make test` does not depend on it.

The data is a tenant at full scale (conf/seed-large.sh: 100,000 learners,
500 resources, 200 groups, 5 million attempts) in a cluster of the
benchmark's own under var/bench/, seeded once and kept between runs.
"""

import datetime
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import types

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import conftest  # noqa: E402  (the tests' real server, started the same way)

PORT = int(os.environ.get("BENCH_PGPORT", "54339"))
PGDIR = os.environ.get("BENCH_PGDIR", os.path.join(ROOT, "var", "bench", "pg"))
SLUG = "large"
PASSWORD = "large-seed-2026"
RESULTS = os.path.join(ROOT, "tests", "bench", "results")


class BenchPg:
    """The benchmark's cluster, provisioned like the real one."""

    def __init__(self):
        self.env = conftest.cluster_env(PGDIR, PORT, "octolearn")

    def run(self, *cmd, **kw):
        return subprocess.run(list(cmd), cwd=ROOT, env=self.env, check=True,
                              **kw)

    def setup(self):
        self.run("conf/pg.sh", "start")
        self.run("conf/pg.sh", "provision", "octolearn",
                 stdout=subprocess.DEVNULL)
        self.run("build/octolearn-admin", "migrate",
                 stdout=subprocess.DEVNULL)
        self.run("conf/seed-large.sh", SLUG)
        return self

    def sql(self, query):
        out = self.run("/usr/bin/psql", "-X", "-A", "-t", "-q", "-d",
                       self.env["OCTOLEARN_ADMIN_DSN"], "-c", query,
                       capture_output=True, text=True).stdout
        return out.strip()


def timed(fn, runs):
    """fn() run runs times: the durations in milliseconds."""
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


class Table:
    def __init__(self):
        self.rows = []

    def add(self, scenario, ours, ceiling, ratio, target, ok, note=""):
        self.rows.append((scenario, ours, ceiling, ratio, target,
                          "pass" if ok else "FAIL", note))
        print(f"{scenario}: {ours} (target {target}) "
              f"{'pass' if ok else 'FAIL'}", flush=True)

    def markdown(self):
        head = ("| scenario | ours | ceiling | ratio | target | result | "
                "note |\n|---|---|---|---|---|---|---|\n")
        return head + "".join(
            f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | "
            f"{r[6]} |\n" for r in self.rows)


def spread(values, unit):
    return (f"{statistics.median(values):.1f} {unit} "
            f"(min {min(values):.1f}, max {max(values):.1f})")


def bench_course_report(table, server, admin, trainer, rid):
    url = f"{server.url}/api/v1/tenants/{SLUG}/reports/resources/{rid}"
    page = f"{server.url}/t/{SLUG}/reports/resources/{rid}"
    for who, s in (("tenant admin", admin), ("trainer", trainer)):
        for name, u in (("API", url), ("page", page)):
            for _ in range(3):
                assert s.get(u, timeout=60).status_code == 200
            ms = timed(lambda: s.get(u, timeout=60).raise_for_status(), 20)
            med = statistics.median(ms)
            table.add(f"course report ({name}, {who}), 100,000 learners / "
                      "5 M attempts, median of 20", spread(ms, "ms"), "—",
                      "—", "≤ 100 ms", med <= 100)
    doc = admin.get(url, timeout=60).json()
    return doc["summary"]["learners"]


def bench_csv(table, server, admin, rows_wanted=1_000_000):
    """The whole-progress export, cut by a date range to about a million
    rows: rows per second, and the serving worker's memory while it
    streams."""
    lo = datetime.date.today() - datetime.timedelta(days=365)
    url = f"{server.url}/t/{SLUG}/reports/progress.csv"
    results, peaks = [], []
    # Find the range holding about rows_wanted records.
    days = 73
    for _ in range(3):
        rss0 = server.workers()
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                samples.append(server.workers())
                time.sleep(0.05)

        th = threading.Thread(target=sample)
        th.start()
        t = time.perf_counter()
        r = admin.get(url, params={"from": lo.isoformat(), "to": (
            lo + datetime.timedelta(days=days)).isoformat()}, stream=True,
            timeout=600)
        n = 0
        for chunk in r.iter_content(1 << 16):
            n += chunk.count(b"\n")
        elapsed = time.perf_counter() - t
        stop.set()
        th.join()
        rows = n - 1
        results.append(rows / elapsed)
        growth = max((s.get(pid, 0) - kb) for s in samples
                     for pid, kb in rss0.items()) if samples else 0
        peak = max((kb for s in samples for kb in s.values()), default=0)
        peaks.append((peak, growth, rows))
    rows = peaks[0][2]
    table.add(f"CSV export of {rows:,} rows (progress.csv), rows/s, "
              "3 runs", spread(results, "rows/s"), "—", "—",
              "≥ 100,000 rows/s", statistics.median(results) >= 100000)
    growth = max(p[1] for p in peaks) / 1024
    peak = max(p[0] for p in peaks) / 1024
    table.add("CSV export: the serving worker's memory", f"peak RSS "
              f"{peak:.1f} MB, growth {growth:.1f} MB", "—", "—",
              "flat (growth < 8 MB)", growth < 8)


def main():
    only = set(sys.argv[1:])
    pg = BenchPg().setup()
    server = conftest.Server(pg).start()
    ctx = types.SimpleNamespace(pg=pg, server=server, root=ROOT)
    table = Table()
    try:
        admin, _ = conftest.sign_in(server, f"admin@{SLUG}.example",
                                    PASSWORD, tenant=SLUG)
        trainer, _ = conftest.sign_in(server, f"trainer@{SLUG}.example",
                                      PASSWORD, tenant=SLUG)
        rid = int(pg.sql(
            "SELECT r.id FROM resources r JOIN resource_texts t ON "
            "t.resource_id = r.id AND t.lang = 'en' JOIN tenants n ON "
            f"n.id = r.tenant_id WHERE n.slug = '{SLUG}' AND t.title LIKE "
            "'Course 0001%' LIMIT 1"))
        if not only or "report" in only:
            bench_course_report(table, server, admin, trainer, rid)
        if not only or "csv" in only:
            bench_csv(table, server, admin)
        # Imported here: it imports this module (its helpers) itself.
        import ceilings
        for name, fn in ceilings.SCENARIOS.items():
            if not only or name in only:
                fn(table, ctx)
    finally:
        server.destroy()
        if getattr(ctx, "ceilings", None) is not None:
            shutil.rmtree(ctx.ceilings.tmp, ignore_errors=True)
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M")
    os.makedirs(RESULTS, exist_ok=True)
    text = (f"# make bench, {stamp}\n\n{os.uname().nodename}, "
            f"{os.cpu_count()} cores\n\n" + table.markdown())
    for name in (f"{stamp}.md", "latest.md"):
        with open(os.path.join(RESULTS, name), "w") as f:
            f.write(text)
    print("\n" + table.markdown())


if __name__ == "__main__":
    main()
