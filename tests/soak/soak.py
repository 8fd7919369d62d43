"""make soak: a long mixed load on this machine (issue 9), to show that the
server holds up under many learners at once for a long time: no 5xx, no
growth of the workers' memory, and the latency each kind of request gets
(p50/p95/p99). Not a test: CI and `make test` do not run it, it takes
SOAK_SECONDS (default 600).

It provisions a cluster of its own under var/soak/ (port SOAK_PGPORT,
default 54349), recreates the database there on every run, loads the demo
tenant and its content as `make run` does, adds SOAK_LEARNERS (default 120)
learner accounts with build/octolearn-admin and starts the real server
(tests/conftest.py's Server). Then every learner, in a thread of its own
with a realistic think time between requests, browses the catalogue, opens
a course, launches it, commits a few times and ends or suspends the
session, looks at the dashboard, and starts over; trainers and the tenant
admin read the course reports, as pages and through the API. Every
answer's status and latency is recorded and every worker's RSS sampled;
the results go to tests/results/soak.md, and the exit status is 0 only if
the run passed.
"""

import collections
import datetime
import os
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests"))

import conftest  # noqa: E402  (the tests' real server, started the same way)

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
LEARNERS = int(os.environ.get("SOAK_LEARNERS", "120"))
READERS = int(os.environ.get("SOAK_READERS", "6"))
PORT = int(os.environ.get("SOAK_PGPORT", "54349"))
PGDIR = os.environ.get("SOAK_PGDIR", os.path.join(ROOT, "var", "soak", "pg"))
DBNAME = "octolearn_soak"
PASSWORD = "soak-learner-2026"
THINK = (1.0, 4.0)          # seconds between a user's requests
RSS_GROWTH_MAX = 8 * 1024   # kB a worker may grow from the baseline
RESULTS = os.path.join(ROOT, "tests", "results", "soak.md")
# Global Kore directives to try, one per line (e.g. SOAK_KORE_EXTRA=
# "worker_accept_threshold 16"), added to the configuration under test.
EXTRA = os.environ.get("SOAK_KORE_EXTRA", "")


class SoakServer(conftest.Server):
    """The tests' server, with SOAK_KORE_EXTRA after `workers`."""

    def write_conf(self):
        path = super().write_conf()
        if EXTRA:
            with open(path) as f:
                text = f.read()
            text = text.replace("\nworkers", "\n" + EXTRA.replace(
                ";", "\n") + "\nworkers", 1)
            with open(path, "w") as f:
                f.write(text)
        return path


class SoakPg:
    """The soak's cluster, provisioned like the real one."""

    def __init__(self):
        self.env = conftest.cluster_env(PGDIR, PORT, DBNAME)

    def run(self, *cmd, env=None, **kw):
        return subprocess.run(list(cmd), cwd=ROOT, env=dict(
            self.env, **(env or {})), check=True, **kw)

    def setup(self):
        quiet = {"stdout": subprocess.DEVNULL}
        self.run("conf/pg.sh", "start")
        subprocess.run(["conf/pg.sh", "drop", DBNAME], cwd=ROOT,
                       env=self.env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        self.run("conf/pg.sh", "provision", DBNAME, **quiet)
        self.run("build/octolearn-admin", "migrate", **quiet)
        self.run("conf/demo.sh", **quiet)
        return self

    def stop(self):
        self.run("conf/pg.sh", "stop")

    def sql(self, query):
        return self.run("/usr/bin/psql", "-X", "-A", "-t", "-q", "-F", "\t",
                        "-d", self.env["OCTOLEARN_ADMIN_DSN"], "-c", query,
                        capture_output=True, text=True).stdout.strip()


class Recorder:
    """Every answer: kind, status (or exception name), latency, time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows = []

    def call(self, s, kind, method, url, **kw):
        kw.setdefault("timeout", 30)
        kw.setdefault("allow_redirects", False)
        t = time.monotonic()
        try:
            r = s.request(method, url, **kw)
            status = r.status_code
        except requests.RequestException as e:
            r, status = None, type(e).__name__
        with self.lock:
            self.rows.append((kind, status, time.monotonic() - t, t))
        return r


def make_learners(pg, n):
    """n learner accounts soak<i>@demo.example (idempotent)."""
    def add(i):
        pg.run("build/octolearn-admin", "user", "add", "--tenant", "demo",
               "--email", f"soak{i}@demo.example", "--name",
               f"Soak Learner {i}", "--roles", "learner", "--if-missing",
               env={"OCTOLEARN_PASSWORD": PASSWORD},
               stdout=subprocess.DEVNULL)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(add, range(n)))


def signed_in(server, email, password):
    s, r = conftest.sign_in(server, email, password)
    assert r.status_code == 303, (email, r.status_code)
    s.headers["X-CSRF-Token"] = s.get(
        f"{server.url}/api/v1/tenants/demo/me").json()["csrf_token"]
    return s


def courses(pg):
    """The demo's SCO courses: (resource, version, item, launch, kind)."""
    out = []
    for line in pg.sql(
            "SELECT v.resource_id, v.id, i.identifier, i.launch, "
            "v.scorm_version FROM package_items i JOIN package_versions v "
            "ON v.id = i.version_id WHERE i.scorm_type = 'sco' AND "
            "v.lang = 'en' ORDER BY v.resource_id, i.position").splitlines():
        rid, vid, item, launch, version = line.split("\t")
        out.append((int(rid), int(vid), item, launch, version))
    return out


def learner(server, s, rec, catalogue, stop, rng):
    """One learner's day, over and over until stop."""
    api = f"{server.url}/api/v1/tenants/demo"
    t = f"{server.url}/t/demo"

    def think():
        stop.wait(rng.uniform(*THINK))

    while not stop.is_set():
        rec.call(s, "browse", "GET", f"{t}/catalogue")
        think()
        if rng.random() < 0.3:
            rec.call(s, "browse", "GET", f"{api}/catalogue")
            think()
        rid, vid, item, launch, version = rng.choice(catalogue)
        rec.call(s, "open", "GET", f"{t}/resources/{rid}")
        think()
        rec.call(s, "open", "GET", f"{t}/play/{rid}")
        rec.call(s, "open", "GET", f"{server.url}/t/demo/content/{vid}/"
                 f"{launch.split('?')[0]}")
        r = rec.call(s, "launch", "POST", f"{api}/resources/{rid}/launch",
                     json={"item": item, "version": vid})
        if r is None or r.status_code != 200:
            think()
            continue
        doc = r.json()
        attempt, session = doc["attempt"], doc["session"]
        v12 = version == "1.2"
        values = []
        n = rng.randint(2, 6)
        for seq in range(1, n + 1):
            if stop.is_set():
                break
            think()
            values = [["cmi.core.lesson_location" if v12 else
                       "cmi.location", str(seq)],
                      ["cmi.suspend_data", f"page={seq};" + "x" * 200]]
            last = seq == n
            if last:
                done = rng.random() < 0.4
                if v12:
                    values += [["cmi.core.score.raw", "80"],
                               ["cmi.core.lesson_status", "passed"
                                if done else "incomplete"],
                               ["cmi.core.exit", "" if done else "suspend"]]
                else:
                    values += [["cmi.completion_status", "completed"
                                if done else "incomplete"],
                               ["cmi.exit", "normal" if done else
                                "suspend"]]
            rec.call(s, "commit", "POST", f"{api}/attempts/{attempt}/commit",
                     json={"session": session, "seq": seq, "values": values,
                           "terminate": last})
        think()
        rec.call(s, "dashboard", "GET", f"{t}/dashboard")
        think()


def reader(server, s, rec, catalogue, stop, rng):
    """A trainer (or the tenant admin) reading the reports."""
    api = f"{server.url}/api/v1/tenants/demo/reports"
    t = f"{server.url}/t/demo/reports"
    rids = sorted({c[0] for c in catalogue})
    while not stop.is_set():
        rid = rng.choice(rids)
        rec.call(s, "report", "GET", t)
        stop.wait(rng.uniform(*THINK))
        rec.call(s, "report", "GET", f"{t}/resources/{rid}")
        stop.wait(rng.uniform(*THINK))
        rec.call(s, "report", "GET", f"{api}/resources/{rid}")
        stop.wait(rng.uniform(*THINK))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * len(values) +
                                                 0.5)) - 1)]


def report(rec, samples, seconds, learners, readers):
    rows = rec.rows
    by_kind = collections.defaultdict(list)
    for kind, status, lat, _ in rows:
        by_kind[kind].append((status, lat))
    five = [r for r in rows if isinstance(r[1], int) and r[1] >= 500]
    other = [r for r in rows if not isinstance(r[1], int) or
             not 200 <= r[1] < 400]
    lines = [f"# make soak, {datetime.datetime.now():%Y-%m-%d %H:%M}", "",
             f"{os.uname().nodename}, {os.cpu_count()} cores; "
             f"{learners} learners and {readers} report readers for "
             f"{seconds:.0f} s, think time {THINK[0]:g}-{THINK[1]:g} s" +
             (f"; extra Kore settings: {EXTRA}" if EXTRA else ""), "",
             f"- requests: {len(rows)} ({len(rows) / seconds:.1f}/s)",
             f"- 5xx: {len(five)}",
             f"- other failures (4xx, connection errors): "
             f"{len(other) - len(five)}", "",
             "| kind | requests | errors | p50 ms | p95 ms | p99 ms | "
             "max ms |", "|---|---|---|---|---|---|---|"]
    for kind in sorted(by_kind):
        lats = [lat * 1000 for _, lat in by_kind[kind]]
        errs = sum(1 for st, _ in by_kind[kind]
                   if not isinstance(st, int) or not 200 <= st < 400)
        lines.append(f"| {kind} | {len(lats)} | {errs} | "
                     f"{pct(lats, 50):.1f} | {pct(lats, 95):.1f} | "
                     f"{pct(lats, 99):.1f} | {max(lats):.1f} |")
    statuses = collections.Counter(str(r[1]) for r in rows)
    lines += ["", "Statuses: " + ", ".join(
        f"{k} × {v}" for k, v in sorted(statuses.items())), ""]

    # RSS: the baseline is the sample a fifth of the way in (pools,
    # catalogues and connections warmed up), compared with the last.
    base = samples[min(len(samples) - 1, len(samples) // 5)][1]
    mid = samples[len(samples) // 2][1]
    start, end = samples[0][1], samples[-1][1]
    lines += ["| worker | RSS start kB | RSS baseline kB | RSS middle kB | "
              "RSS end kB | growth kB |", "|---|---|---|---|---|---|"]
    growth_ok = True
    for pid in sorted(set(start) | set(end)):
        g = end.get(pid, 0) - base.get(pid, 0) if pid in base and \
            pid in end else None
        if g is None or g > RSS_GROWTH_MAX:
            growth_ok = False
        lines.append(f"| {pid} | {start.get(pid, '—')} | "
                     f"{base.get(pid, '—')} | {mid.get(pid, '—')} | "
                     f"{end.get(pid, '—')} | "
                     f"{'—' if g is None else g} |")
    ok = not five and not other and growth_ok
    lines += ["", f"- no 5xx: {'pass' if not five else 'FAIL'}",
              f"- no failed request: {'pass' if not other else 'FAIL'}",
              f"- no worker grew by more than {RSS_GROWTH_MAX // 1024} MB "
              f"from the baseline to the end (and none was replaced): "
              f"{'pass' if growth_ok else 'FAIL'}",
              f"- result: {'pass' if ok else 'FAIL'}", ""]
    if other:
        lines += ["First failures:", ""] + [
            f"- {k} {st} after {lat * 1000:.0f} ms" for k, st, lat, _ in
            other[:10]] + [""]
    return "\n".join(lines), ok


def main():
    pg = SoakPg().setup()
    server = None
    try:
        print(f"soak: adding {LEARNERS} learners", flush=True)
        make_learners(pg, LEARNERS)
        server = SoakServer(pg)
        subprocess.run(["conf/demo-content.sh"], cwd=ROOT, env=dict(
            server.env, OCTOLEARN_CONTENT_OUT=os.path.join(
                server.tmp, "content")), check=True,
            stdout=subprocess.DEVNULL)
        server.start()
        catalogue = courses(pg)
        assert catalogue, "no demo course"
        print("soak: signing in", flush=True)
        with ThreadPoolExecutor(8) as pool:
            learner_sessions = list(pool.map(
                lambda i: signed_in(server, f"soak{i}@demo.example",
                                    PASSWORD), range(LEARNERS)))
            reader_sessions = list(pool.map(
                lambda i: signed_in(server, *(
                    ("trainer@demo.example", "demo-trainer-2026") if i % 2
                    else ("admin@demo.example", "demo-admin-2026"))),
                range(READERS)))

        rec = Recorder()
        stop = threading.Event()
        threads = []
        for i, s in enumerate(learner_sessions):
            threads.append(threading.Thread(target=learner, args=(
                server, s, rec, catalogue, stop, random.Random(i)),
                daemon=True))
        for i, s in enumerate(reader_sessions):
            threads.append(threading.Thread(target=reader, args=(
                server, s, rec, catalogue, stop, random.Random(-1 - i)),
                daemon=True))
        print(f"soak: {len(threads)} users for {SECONDS} s", flush=True)
        samples = [(0.0, server.workers())]
        t0 = time.monotonic()
        for i, th in enumerate(threads):
            th.start()
            time.sleep(THINK[1] / len(threads))  # not all at once
        while time.monotonic() - t0 < SECONDS:
            time.sleep(min(5, max(0.0, SECONDS - (time.monotonic() - t0))))
            samples.append((time.monotonic() - t0, server.workers()))
            print(f"soak: {time.monotonic() - t0:.0f} s, "
                  f"{len(rec.rows)} requests", flush=True)
        stop.set()
        for th in threads:
            th.join(60)
        elapsed = time.monotonic() - t0
        alive = server.proc.poll() is None
    finally:
        if server is not None:
            server.destroy()
        pg.stop()
    text, ok = report(rec, samples, elapsed, LEARNERS, READERS)
    if not alive:
        text += "\nThe server exited during the run: FAIL\n"
        ok = False
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        f.write(text)
    print("\n" + text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
