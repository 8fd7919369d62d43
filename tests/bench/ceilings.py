"""make bench, the ceilings: the hot paths of a learner's visit, each
measured beside the best this machine does for the same work in the same
run, because the machine is shared and only ratios taken minutes apart
mean anything:

- catalogue page (wrk) vs a minimal Kore 4.1 handler sending the same
  bytes (ceilings/ceiling.c, built and started here);
- SCORM commit of 20 values (wrk, ceilings/commit.lua) vs pgbench running
  the commit handler's SQL transaction at the same concurrency;
- a 100 KB package file (wrk) vs Debian's nginx serving the same file;
- import of a 50 MB, 2,000-file package vs unzip and xmllint;
- the workers' memory over 1 M mixed requests (ceilings/mixed.lua).

The data is a tenant of its own, `bench` (conf/seed-large.sh with small
sizes: 199 resources, plus one real package imported here, 200 in all),
in bench.py's cluster beside `large`, which is left alone. Re-runs reuse
the tenant and its accounts; the package is imported again each run (as
the next version of its resource), since every server starts with an
empty data directory. bench.py calls the bench_* functions with a
context (pg, server, root); alone, `/usr/bin/python3
tests/bench/ceilings.py [catalogue commit file import memory]` starts
both itself.
"""

import io
import json
import os
import pwd
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import types
import zipfile
from contextlib import contextmanager

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CEIL = os.path.join(HERE, "ceilings")
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, HERE)

import bench  # noqa: E402
import conftest  # noqa: E402

SLUG = "bench"
ADMIN = "admin@bench.example"
ADMIN_PASSWORD = "large-seed-2026"  # seed-large.sh's default
PASSWORD = "bench-ceilings-2026"
LEARNERS = 8                        # one per commit connection
CONNECTIONS = 16                    # wrk connections for GETs
RUNS = 3
SECONDS = 5
TITLE = "Banc d'essai : paquet SCORM"
ITEM = "item-bench"
FILE = "media/figure-100k.png"
FILE_BYTES = 100 * 1024
# The issue's 1 M: about five minutes here, most of it the commits'.
# CEILINGS_MIXED_REQUESTS=100000 for a shorter run.
MIXED_REQUESTS = 1_000_000
WRK = "/usr/bin/wrk"
PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
NGINX = "/usr/sbin/nginx"

# The 20 values of a commit: what a 2004 SCO sets on a page of a quiz.
VALUES = [
    ["cmi.location", "page-7"],
    ["cmi.suspend_data", "p7;q1=b;q2=a,c;q3=" + "x" * 200],
    ["cmi.completion_status", "incomplete"],
    ["cmi.success_status", "unknown"],
    ["cmi.progress_measure", "0.7"],
    ["cmi.score.min", "0"],
    ["cmi.score.max", "100"],
    ["cmi.score.raw", "80"],
    ["cmi.score.scaled", "0.8"],
    ["cmi.session_time", "PT4M12S"],
    ["cmi.exit", "suspend"],
    ["cmi.interactions.0.id", "q3"],
    ["cmi.interactions.0.type", "choice"],
    ["cmi.interactions.0.learner_response", "b"],
    ["cmi.interactions.0.result", "correct"],
    ["cmi.interactions.0.latency", "PT12S"],
    ["cmi.objectives.0.id", "obj-page-7"],
    ["cmi.objectives.0.completion_status", "completed"],
    ["cmi.objectives.0.success_status", "passed"],
    ["cmi.objectives.0.score.scaled", "0.9"],
]


# Processes and ports ------------------------------------------------------

def free_port():
    return conftest.free_port()


def wait_port(port, proc, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited ({proc.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


@contextmanager
def started(cmd, port, env=None, log=None):
    """A server process of the benchmark's own, in a process group that
    is stopped, whatever happens, when the block ends."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(cmd, env=env, stdout=out,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_port(port, proc)
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if log:
            out.close()


def fill(template, **values):
    with open(os.path.join(CEIL, template)) as f:
        text = f.read()
    for k, v in values.items():
        text = text.replace(f"@{k}@", str(v))
    return text


def server_workers(server):
    """The workers setting of our server's configuration."""
    with open(os.path.join(server.tmp, "octolearn.conf")) as f:
        return int(re.search(r"^workers\s+(\d+)", f.read(), re.M).group(1))


# wrk and pgbench ----------------------------------------------------------

def wrk(url, threads, connections, script=None, headers=(), env=None,
        seconds=SECONDS):
    """One wrk run: requests/s, requests, non-2xx and socket errors."""
    cmd = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
           "--timeout", "10s"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", os.path.join(CEIL, script)]
    out = subprocess.run(cmd + [url], env=dict(os.environ, **(env or {})),
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r"(\d+) requests in", out)
    if not m:
        raise RuntimeError("wrk said:\n" + out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    err = re.search(r"Socket errors: connect (\d+), read (\d+), write "
                    r"(\d+), timeout (\d+)", out)
    return types.SimpleNamespace(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        requests=int(m.group(1)), non2xx=int(bad.group(1)) if bad else 0,
        errors=sum(map(int, err.groups())) if err else 0, text=out)


def ratio_row(table, scenario, ours, ceiling, unit, target, note=""):
    """A row of figures where more is better: ours / ceiling >= target."""
    r = statistics.median(ours) / statistics.median(ceiling)
    table.add(scenario, bench.spread(ours, unit), bench.spread(ceiling, unit),
              f"{r:.0%}", f"≥ {target:.0%}", r >= target, note)
    if note:
        print(f"  ({note})", flush=True)
    return r


# The data -----------------------------------------------------------------

def package_zip():
    """A SCORM 2004 4th edition package of one SCO, in French, with a
    100 KB file of incompressible bytes (the file benchmark's)."""
    manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="org.octolearn.bench" version="1.0"
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:lom="http://ltsc.ieee.org/xsd/LOM">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
    <lom:lom><lom:general>
      <lom:title><lom:string language="fr">{TITLE}</lom:string></lom:title>
      <lom:language>fr</lom:language>
    </lom:general></lom:lom>
  </metadata>
  <organizations default="org-bench">
    <organization identifier="org-bench">
      <title>{TITLE}</title>
      <item identifier="{ITEM}" identifierref="res-bench">
        <title>Page</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-bench" type="webcontent"
              adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
      <file href="{FILE}"/>
    </resource>
  </resources>
</manifest>
"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", manifest)
        z.writestr("index.html", "<!doctype html><title>Page</title>"
                   "<p>Banc d'essai.</p>\n")
        z.writestr(FILE, random.Random(100).randbytes(FILE_BYTES))
    return out.getvalue()


def seed(pg):
    """The tenant, its 199 seeded resources and the accounts (idempotent:
    seed-large.sh and `user add --if-missing` change nothing the second
    time)."""
    env = dict(pg.env, SEED_LEARNERS="10", SEED_RESOURCES="199",
               SEED_GROUPS="1", SEED_ATTEMPTS="10")
    subprocess.run([os.path.join(ROOT, "conf", "seed-large.sh"), SLUG],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    admin = os.path.join(ROOT, "build", "octolearn-admin")
    for n in range(1, LEARNERS + 1):
        subprocess.run([admin, "user", "add", "--tenant", SLUG, "--email",
                        f"bench{n}@{SLUG}.example", "--name",
                        f"Apprenant {n}", "--roles", "learner",
                        "--if-missing"], cwd=ROOT,
                       env=dict(pg.env, OCTOLEARN_PASSWORD=PASSWORD),
                       check=True, stdout=subprocess.DEVNULL)
    pg.sql(f"UPDATE users u SET lang = 'fr' FROM tenants t WHERE "
           f"t.id = u.tenant_id AND t.slug = '{SLUG}' AND u.email LIKE "
           f"'bench_@{SLUG}.example'")
    pg.sql("DELETE FROM signin_failures")


def api_session(server, email, password):
    """Signed in through the form, with the session's X-CSRF-Token."""
    s, r = conftest.sign_in(server, email, password, tenant=SLUG)
    assert r.status_code == 303, (email, r.status_code)
    s.headers["X-CSRF-Token"] = s.get(
        f"{server.url}/api/v1/tenants/{SLUG}/me").json()["csrf_token"]
    return s


def import_zip(server, s, path, data, timeout=300):
    """POSTs a package to path (under the tenant's API) and waits for its
    import: the import's final document."""
    api = f"{server.url}/api/v1/tenants/{SLUG}"
    r = s.post(api + path, data=data, timeout=timeout,
               headers={"Content-Type": "application/zip"})
    assert r.status_code == 202, r.text
    url = server.url + r.headers["location"]
    deadline = time.monotonic() + timeout
    while True:
        doc = s.get(url, timeout=10).json()
        if doc["state"] != "running":
            break
        assert time.monotonic() < deadline, doc
        time.sleep(0.02)
    assert doc["state"] == "done", doc
    return doc


def install_package(ctx, admin):
    """This run's version of the package (a new resource the first
    time, published): (resource id, version id, its directory)."""
    pg = ctx.pg
    rid = pg.sql(f"SELECT r.id FROM resources r JOIN tenants t ON t.id = "
                 f"r.tenant_id AND t.slug = '{SLUG}' JOIN resource_texts x "
                 f"ON x.resource_id = r.id WHERE x.title = "
                 f"'{TITLE.replace(chr(39), chr(39) * 2)}' "
                 f"ORDER BY r.id LIMIT 1")
    path = f"/resources/{rid}/packages/fr" if rid else "/packages/fr"
    doc = import_zip(ctx.server, admin, path, package_zip())
    rid, vid = doc["resource_id"], doc["version_id"]
    pg.sql(f"UPDATE resources SET published = true WHERE id = {rid}")
    rel = pg.sql(f"SELECT path FROM package_versions WHERE id = {vid}")
    return rid, vid, ctx.server.data_dir + rel


def learner(ctx, n, rid, vid):
    """bench<n>, signed in, with their attempt at the package's SCO
    launched (a new session each run)."""
    s = api_session(ctx.server, f"bench{n}@{SLUG}.example", PASSWORD)
    r = s.post(f"{ctx.server.url}/api/v1/tenants/{SLUG}/resources/{rid}"
               "/launch", json={"item": ITEM, "version": vid})
    assert r.status_code == 200, r.text
    doc = r.json()
    return types.SimpleNamespace(
        http=s, cookie="octolearn_sid=" + s.cookies["octolearn_sid"],
        csrf=s.headers["X-CSRF-Token"], attempt=doc["attempt"],
        session=doc["session"])


def prepare(ctx):
    """Everything the scenarios share, once per run (kept on ctx)."""
    if getattr(ctx, "ceilings", None) is not None:
        return ctx.ceilings
    seed(ctx.pg)
    admin = api_session(ctx.server, ADMIN, ADMIN_PASSWORD)
    rid, vid, pkgdir = install_package(ctx, admin)
    tid = int(ctx.pg.sql(f"SELECT id FROM tenants WHERE slug = '{SLUG}'"))
    ctx.ceilings = types.SimpleNamespace(
        admin=admin, rid=rid, vid=vid, pkgdir=pkgdir, tid=tid,
        learners=[learner(ctx, n, rid, vid)
                  for n in range(1, LEARNERS + 1)],
        workers=server_workers(ctx.server),
        tmp=tempfile.mkdtemp(prefix="octolearn-ceilings-"))
    return ctx.ceilings


def seqs(ctx, d):
    """Each learner's attempt's stored sequence number."""
    ids = ",".join(str(x.attempt) for x in d.learners)
    rows = ctx.pg.sql(f"SELECT id, seq FROM attempts WHERE id IN ({ids})")
    got = dict(map(int, line.split("|")) for line in rows.splitlines())
    return [got[x.attempt] for x in d.learners]


def learner_lines(ctx, d, starts):
    """The learners' lines of commit.lua and mixed.lua."""
    return [f"/api/v1/tenants/{SLUG}/attempts/{x.attempt}/commit\t"
            f"{x.cookie}\t{x.csrf}\t{x.session}\t{start}"
            for x, start in zip(d.learners, starts)]


# 1. The catalogue page ----------------------------------------------------

def build_ceiling(tmp):
    """ceilings/ceiling.c as a shared object, the way the Makefile builds
    build/octolearn.so (Kore's feature flags change its structures)."""
    so = os.path.join(tmp, "ceiling.so")
    subprocess.run(["cc", "-O2", "-fPIC", "-shared", "-Wall", "-Werror",
                    "-DKORE_USE_PGSQL", "-DKORE_USE_TASKS",
                    "-I/usr/include/postgresql",
                    os.path.join(CEIL, "ceiling.c"), "-o", so], check=True)
    return so


@contextmanager
def kore_ceiling(d, body):
    """The minimal Kore app, started like our server (privilege
    separation when root), sending body to every request."""
    tmp = tempfile.mkdtemp(prefix="ceiling-", dir=d.tmp)
    os.chmod(tmp, 0o755)
    with open(os.path.join(tmp, "body"), "wb") as f:
        f.write(body)
    port = free_port()
    root = os.geteuid() == 0
    conf = fill("ceiling.conf", PORT=port, SO=build_ceiling(tmp), TMP=tmp,
                WORKERS=d.workers, PRIVSEP=f"runas octolearn\nroot {tmp}"
                if root else "")
    path = os.path.join(tmp, "ceiling.conf")
    with open(path, "w") as f:
        f.write(conf)
    cmd = ["kore", "-f", "-c", path] + ([] if root else ["-n", "-r"])
    env = dict(os.environ, CEILING_BODY=os.path.join(tmp, "body"))
    with started(cmd, port, env=env, log=os.path.join(tmp, "kore.log")):
        yield f"http://127.0.0.1:{port}/"


def bench_catalogue(table, ctx):
    d = prepare(ctx)
    x = d.learners[0]
    url = f"{ctx.server.url}/t/{SLUG}/catalogue"
    page = x.http.get(url, timeout=30)
    assert page.status_code == 200, page.status_code
    assert 'lang="fr"' in page.text, "the page is not in French"
    shown = len(set(re.findall(rf'href="/t/{SLUG}/resources/(\d+)"',
                               page.text)))
    assert shown == 200, f"{shown} resources on the page"
    ours, ceiling, bad = [], [], 0
    cookie = [f"Cookie: {x.cookie}"]
    with kore_ceiling(d, page.content) as curl:
        for _ in range(RUNS):
            r = wrk(url, 2, CONNECTIONS, headers=cookie)
            c = wrk(curl, 2, CONNECTIONS)
            ours.append(r.rps)
            ceiling.append(c.rps)
            bad += r.non2xx + r.errors + c.non2xx + c.errors
    ratio_row(table, "catalogue page (200 resources, fr, "
              f"{len(page.content) // 1024} KB), wrk {CONNECTIONS} connections, vs minimal Kore handler "
              "sending the same bytes", ours, ceiling, "req/s", 0.5,
              note=f"non-2xx/errors: {bad}")



# 2. The SCORM commit ------------------------------------------------------

def commit_spec(ctx, d, path):
    """commit.lua's file: the values, then each learner from their next
    sequence number on."""
    lines = [json_values()] + learner_lines(ctx, d,
                                            [s + 1 for s in seqs(ctx, d)])
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def json_values():
    return json.dumps(VALUES, separators=(",", ":"))


def pgbench_script(ctx, d, path):
    """The commit handler's transaction (app/attempts.c, api_commit()):
    BEGIN, the tenant fixed, the attempt read, octolearn_commit() with
    what the handler computed from the values (read back from a stored
    commit), COMMIT; each pgbench client on its learner's attempt. It is
    all the database work of the request: the tenant and the session are
    the workers' copies (app/cache.c)."""
    x = d.learners[0]
    row = ctx.pg.sql(f"SELECT cmi::text, status, coalesce(score::text, ''), "
                     f"total_cs, suspended FROM attempts "
                     f"WHERE id = {x.attempt}").split("|")
    cmi, status, score, total, suspended = row
    assert '"cmi.objectives.0.id"' in cmi, "no commit stored yet"
    lit = "'" + cmi.replace("'", "''") + "'"
    pick = []
    for n, x in enumerate(d.learners):
        uid = ctx.pg.sql(f"SELECT user_id FROM attempts WHERE id = "
                         f"{x.attempt}")
        pick += [("\\if" if n == 0 else "\\elif") + f" :client_id = {n}",
                 f"\\set aid {x.attempt}", f"\\set sess {x.session}",
                 f"\\set uid {uid}"]
    script = pick + ["\\endif", "\\set seq :seq + 1"]
    script += ["BEGIN;",
                     f"SELECT set_config('octolearn.tenant_id', "
                     f"'{d.tid}', true);",
                     "SELECT a.kind, a.session, a.session_open, a.seq, "
                     "a.cmi::text, v.scorm_version, coalesce((SELECT "
                     "suspend_data_max::text FROM tenants WHERE id = "
                     "octolearn_tenant()), ''), (extract(epoch FROM now() "
                     "- a.session_started) * 100)::bigint FROM attempts a "
                     "JOIN package_versions v ON v.id = a.version_id WHERE "
                     "a.id = :aid AND a.user_id = :uid;",
                     f"SELECT octolearn_commit(:aid, :sess, :seq, {lit}, "
                     f"'{status}', nullif('{score}', '')::real, {total}, "
                     f"'{suspended}', false, false);", "COMMIT;"]
    with open(path, "w") as f:
        f.write("\n".join(script) + "\n")


def pgbench(ctx, d, script, clients):
    """One pgbench run as the server's role: transactions/s, those done,
    those applied (the attempts' sequence numbers say so)."""
    start = max(seqs(ctx, d))
    out = subprocess.run([PGBENCH, "-n", "-M", "extended", "-c",
                          str(clients), "-j", "2", "-T", str(SECONDS),
                          "-D", f"seq={start}", "-f", script,
                          ctx.pg.env["OCTOLEARN_DSN"]],
                         capture_output=True, text=True, check=True).stdout
    done = int(re.search(r"number of transactions actually processed: "
                         r"(\d+)", out).group(1))
    failed = re.search(r"number of failed transactions: (\d+)", out)
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
    applied = sum(s - start for s in seqs(ctx, d))
    return tps, done - (int(failed.group(1)) if failed else 0), applied


def bench_commit(table, ctx):
    d = prepare(ctx)
    url = ctx.server.url
    spec = os.path.join(d.tmp, "commit.spec")
    script = os.path.join(d.tmp, "commit.sql")
    n = len(d.learners)
    # One commit through the API first: it must be applied.
    x = d.learners[0]
    r = x.http.post(f"{url}/api/v1/tenants/{SLUG}/attempts/{x.attempt}"
                    "/commit", json={"session": x.session, "seq": max(
                        seqs(ctx, d)) + 1, "values": VALUES}, timeout=10)
    assert r.status_code == 200 and r.json()["applied"], r.text
    pgbench_script(ctx, d, script)
    ours, ceiling, notes = [], [], []
    for _ in range(RUNS):
        commit_spec(ctx, d, spec)
        before = sum(seqs(ctx, d))
        w = wrk(url, n, n, script="commit.lua",
                env={"CEILINGS_COMMIT": spec})
        applied = sum(seqs(ctx, d)) - before
        ours.append(w.rps)
        notes.append(f"{applied}/{w.requests} applied, "
                     f"{w.non2xx + w.errors} non-2xx/errors")
        tps, done, applied = pgbench(ctx, d, script, n)
        assert applied >= done, (applied, done)
        ceiling.append(tps)
        notes[-1] += f"; pgbench {applied}/{done} applied"
    ratio_row(table, f"SCORM commit of 20 values, {n} learners on {n} "
              "connections, vs pgbench running the handler's "
              "transaction", ours, ceiling, "commits/s", 0.5,
              note="; ".join(notes))



# 3. A package file --------------------------------------------------------

@contextmanager
def nginx(d, root):
    """Debian's nginx serving root on a port of its own, as many worker
    processes as our server has workers, run as the files' owner."""
    tmp = tempfile.mkdtemp(prefix="nginx-", dir=d.tmp)
    port = free_port()
    user = ""
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(os.stat(root).st_uid).pw_name};"
    path = os.path.join(tmp, "nginx.conf")
    with open(path, "w") as f:
        f.write(fill("nginx.conf", USER=user, WORKERS=d.workers, TMP=tmp,
                     PORT=port, ROOT=root))
    cmd = [NGINX, "-c", path, "-e", os.path.join(tmp, "error.log")]
    with started(cmd, port, log=os.path.join(tmp, "nginx.log")):
        yield f"http://127.0.0.1:{port}"


def bench_file(table, ctx):
    d = prepare(ctx)
    x = d.learners[0]
    url = f"{ctx.server.url}/t/{SLUG}/content/{d.vid}/{FILE}"
    with open(os.path.join(d.pkgdir, FILE), "rb") as f:
        data = f.read()
    r = x.http.get(url, timeout=10)
    assert r.status_code == 200 and r.content == data, r.status_code
    ours, ceiling, bad = [], [], 0
    with nginx(d, d.pkgdir) as base:
        r = requests.get(f"{base}/{FILE}", timeout=10)
        assert r.status_code == 200 and r.content == data, r.status_code
        for _ in range(RUNS):
            w = wrk(url, 2, CONNECTIONS, headers=[f"Cookie: {x.cookie}"])
            c = wrk(f"{base}/{FILE}", 2, CONNECTIONS)
            ours.append(w.rps)
            ceiling.append(c.rps)
            bad += w.non2xx + w.errors + c.non2xx + c.errors
    ratio_row(table, f"package file of {len(data) // 1024} KB to a "
              f"learner, wrk {CONNECTIONS} connections, vs nginx serving "
              "the same file", ours, ceiling, "req/s", 0.5,
              note=f"non-2xx/errors: {bad}")


# 4. Import of a large package ---------------------------------------------

IMPORT_FILES = 2000
IMPORT_BYTES = 50 * 1000 * 1000


def big_package(path):
    """A SCORM 1.2 package of 2,000 files (one SCO's page and 1,999 of
    incompressible bytes, about 50 MB in all), the same every time."""
    rnd = random.Random(2000)
    names = ["index.html"] + [f"assets/{i % 20:02d}/part-{i:04d}.bin"
                              for i in range(1, IMPORT_FILES)]
    size = IMPORT_BYTES // (IMPORT_FILES - 1)
    files = "\n".join(f'      <file href="{n}"/>' for n in names)
    manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="org.octolearn.bench.large" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="org-large">
    <organization identifier="org-large">
      <title>Bench: large package</title>
      <item identifier="item-large" identifierref="res-large">
        <title>Large</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-large" type="webcontent"
              adlcp:scormtype="sco" href="index.html">
{files}
    </resource>
  </resources>
</manifest>
"""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", manifest)
        z.writestr("index.html", "<!doctype html><title>Large</title>\n")
        for n in names[1:]:
            z.writestr(n, rnd.randbytes(size + rnd.randrange(-999, 1000)))
    return path


def import_once(ctx, d, data):
    """Seconds from the upload's first byte to the import's end; the
    resource is then deleted (its rows, and its files)."""
    t = time.perf_counter()
    doc = import_zip(ctx.server, d.admin, "/packages/en", data, timeout=600)
    elapsed = time.perf_counter() - t
    rel = ctx.pg.sql(f"SELECT path FROM package_versions WHERE id = "
                     f"{doc['version_id']}")
    files = int(ctx.pg.sql(f"SELECT files FROM package_versions WHERE id = "
                           f"{doc['version_id']}"))
    assert files >= IMPORT_FILES, files
    ctx.pg.sql(f"DELETE FROM resources WHERE id = {doc['resource_id']}")
    shutil.rmtree(ctx.server.data_dir + rel, ignore_errors=True)
    return elapsed


def unzip_once(d, zpath):
    out = tempfile.mkdtemp(prefix="unzip-", dir=d.tmp)
    t = time.perf_counter()
    subprocess.run(["unzip", "-q", zpath, "-d", out], check=True)
    subprocess.run(["xmllint", "--noout",
                    os.path.join(out, "imsmanifest.xml")], check=True)
    elapsed = time.perf_counter() - t
    shutil.rmtree(out)
    return elapsed


def bench_import(table, ctx):
    d = prepare(ctx)
    zpath = big_package(os.path.join(d.tmp, "large.zip"))
    with open(zpath, "rb") as f:
        data = f.read()
    ours, ceiling = [], []
    for _ in range(RUNS):
        ours.append(import_once(ctx, d, data))
        ceiling.append(unzip_once(d, zpath))
    os.unlink(zpath)
    r = statistics.median(ours) / statistics.median(ceiling)
    table.add(f"import of a {len(data) / 1e6:.0f} MB, {IMPORT_FILES:,}-file "
              "package through the API (upload to done), vs unzip -q + "
              "xmllint --noout", bench.spread(ours, "s"),
              bench.spread(ceiling, "s"), f"{r:.1f}×", "≤ 2×", r <= 2)



# 5. The workers' memory ---------------------------------------------------

GROWTH_KB = 1024  # "no growth": at most 1 MB more per worker at the end


def mixed_cycle(d):
    """A learner's visit, 20 requests: the catalogue, a resource's page,
    8 package files, 6 commits, 4 health checks."""
    cat = f"/t/{SLUG}/catalogue"
    page = f"/t/{SLUG}/resources/{d.rid}"
    file = f"/t/{SLUG}/content/{d.vid}/{FILE}"
    return [cat, file, "commit", file, "/healthz", page, file, "commit",
            file, "commit", "/healthz", file, "commit", file, "/healthz",
            "commit", file, "commit", "/healthz", file]


def mixed_half(ctx, d, count):
    """wrk over the mixed cycle until each learner has had its share of
    requests: (seconds, wrk's figures)."""
    spec = os.path.join(d.tmp, "mixed.spec")
    done = os.path.join(d.tmp, "mixed.done")
    n = len(d.learners)
    with open(spec, "w") as f:
        f.write("\n".join([json_values(), str(count // n),
                           "\t".join(mixed_cycle(d))] + learner_lines(
            ctx, d, [s + 1 for s in seqs(ctx, d)])) + "\n")
    open(done, "w").close()
    cmd = [WRK, f"-t{n}", f"-c{n}", "-d3600s", "--timeout", "10s", "-s",
           os.path.join(CEIL, "mixed.lua"), ctx.server.url]
    env = dict(os.environ, CEILINGS_MIXED=spec, CEILINGS_DONE=done)
    t = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        while proc.poll() is None:
            with open(done) as f:
                if len(f.readlines()) >= n:
                    break
            time.sleep(0.2)
        elapsed = time.monotonic() - t
        proc.send_signal(signal.SIGINT)
        out = proc.communicate(timeout=30)[0]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    got = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return elapsed, got, int(bad.group(1)) if bad else 0


def mb(rss):
    return ", ".join(f"{kb / 1024:.1f}" for _, kb in sorted(rss.items()))


def bench_memory(table, ctx):
    d = prepare(ctx)
    total = int(os.environ.get("CEILINGS_MIXED_REQUESTS", MIXED_REQUESTS))
    before = ctx.server.workers()
    t1, n1, bad1 = mixed_half(ctx, d, total // 2)
    middle = ctx.server.workers()
    t2, n2, bad2 = mixed_half(ctx, d, total - total // 2)
    after = ctx.server.workers()
    same = set(before) == set(middle) == set(after)
    peak = max(after.values()) / 1024
    growth = max(after[p] - middle.get(p, 0) for p in after)
    print(f"  workers' RSS (MB), before: {mb(before)}; after "
          f"{n1:,} requests: {mb(middle)}; after {n1 + n2:,}: {mb(after)}; "
          f"{t1 + t2:.0f} s ({(n1 + n2) / (t1 + t2):.0f} req/s), "
          f"non-2xx: {bad1 + bad2}", flush=True)
    table.add(f"worker memory after {n1 + n2:,} mixed requests (catalogue, "
              "resource page, file, commit, healthz), "
              f"{len(d.learners)} connections, {t1 + t2:.0f} s",
              f"max RSS {peak:.1f} MB, growth middle→end "
              f"{growth / 1024:+.1f} MB" + ("" if same else
                                            ", WORKERS RESTARTED"),
              "—", "—", f"≤ 32 MB, growth ≤ {GROWTH_KB // 1024} MB",
              peak <= 32 and growth <= GROWTH_KB and same,
              note=f"non-2xx: {bad1 + bad2}")


SCENARIOS = {
    "catalogue": bench_catalogue,
    "commit": bench_commit,
    "file": bench_file,
    "import": bench_import,
    "memory": bench_memory,
}


def main():
    """What bench.py's main does, for these scenarios only."""
    only = sys.argv[1:] or list(SCENARIOS)
    pg = bench.BenchPg().setup()
    server = conftest.Server(pg).start()
    ctx = types.SimpleNamespace(pg=pg, server=server, root=ROOT)
    table = bench.Table()
    t = time.monotonic()
    try:
        for name in only:
            SCENARIOS[name](table, ctx)
    finally:
        server.destroy()
        if getattr(ctx, "ceilings", None) is not None:
            shutil.rmtree(ctx.ceilings.tmp, ignore_errors=True)
    print("\n" + table.markdown())
    print(f"{', '.join(only)}: {time.monotonic() - t:.0f} s")


if __name__ == "__main__":
    main()
