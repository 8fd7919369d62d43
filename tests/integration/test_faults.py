"""Faults the platform must live through (issue 9), each on a cluster and
server of the test's own: PostgreSQL stopped and started again while
learners commit (503 while it is away, recovery without a restart, every
acknowledged commit in the database afterwards), a worker killed with
SIGKILL under load (Kore starts another, the other requests carry on), and
the data directory full during an upload (a clear error, no partial
package, the server keeps serving: 413 before Kore spools a body that
cannot fit, 507 with a message when a handler finds no room). The
browser's queued commits across a database restart are in
tests/browser/test_faults_browser.py."""

import http.client
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import zipfile

import pytest
import requests

from conftest import (CORPUS, Postgres, Server, api_session, demo_course,
                      import_package, wait_for)

ADMIN = ("admin@demo.example", "demo-admin-2026")
PASSWORD = "fault-learner-2026"
SMALL_ZIP = CORPUS / "packages" / "scorm12-golf-runtime-minimum-trimmed.zip"


def learners(db, srv, n):
    """n learners of the demo tenant, signed in through the API."""
    out = []
    for i in range(n):
        email = f"fault{i}@demo.example"
        db.admin("user", "add", "--tenant", "demo", "--email", email,
                 "--name", f"Fault Learner {i}", "--roles", "learner",
                 "--if-missing", env={"OCTOLEARN_PASSWORD": PASSWORD})
        out.append(api_session(srv, db, email, PASSWORD))
    return out


class Learner(threading.Thread):
    """A learner's player: one launch, then commits with an increasing
    sequence number, each carrying everything set in the session so far
    (commit k adds cmi.interactions.<k-1>.id = q<k>), a failed commit
    retried as it was, as app/static/player.js does. Every answer is
    recorded: (start time, what, status or exception name, seconds)."""

    def __init__(self, srv, session, course, stop, think=0.05):
        super().__init__(daemon=True)
        self.srv, self.s, self.stop, self.think = srv, session, stop, think
        self.rid, self.vid, self.item = course
        self.api = f"{srv.url}/api/v1/tenants/demo"
        self.answers = []
        self.acked = {}         # seq -> applied
        self.attempt = self.session = None
        self.seq = 0

    def call(self, what, url, body):
        t = time.monotonic()
        try:
            r = self.s.post(url, json=body, timeout=10)
            status = r.status_code
        except requests.RequestException as e:
            r, status = None, type(e).__name__
        self.answers.append((t, what, status, time.monotonic() - t,
                             r.text[:300] if r is not None else ""))
        return r

    def run(self):
        while not self.stop.is_set():
            if self.attempt is None:
                r = self.call("launch", f"{self.api}/resources/{self.rid}"
                              "/launch", {"item": self.item,
                                          "version": self.vid})
                if r is not None and r.status_code == 200:
                    doc = r.json()
                    self.attempt, self.session = doc["attempt"], \
                        doc["session"]
            elif self.seq < 900:
                k = self.seq + 1
                values = [[f"cmi.interactions.{i}.id", f"q{i + 1}"]
                          for i in range(k)]
                values.append(["cmi.core.lesson_location", str(k)])
                r = self.call("commit", f"{self.api}/attempts/"
                              f"{self.attempt}/commit",
                              {"session": self.session, "seq": k,
                               "values": values, "terminate": False})
                if r is not None and r.status_code == 200:
                    self.acked[k] = r.json()["applied"]
                    self.seq = k
            self.stop.wait(self.think)

    def acked_since(self, t):
        return [a for a in self.answers if a[0] >= t and a[2] == 200]


def test_postgres_restart_while_learners_commit(isolated):
    """PostgreSQL stopped mid-load: 503 with a message, recovery without
    a restart, every acknowledged commit stored."""
    db, srv = isolated()
    course = demo_course(db, srv)
    sessions = learners(db, srv, 4)
    stop = threading.Event()
    threads = [Learner(srv, s, course, stop) for s in sessions]
    for t in threads:
        t.start()
    try:
        wait_for(lambda: all(len(t.acked) >= 5 for t in threads),
                 "commits before the restart", 20)

        db.stop()
        down = time.monotonic()
        # Every learner is told, at once, that the service is away.
        wait_for(lambda: all(sum(1 for a in t.answers if a[0] >= down)
                             >= 3 for t in threads),
                 "answers while the database is away", 15)
        r = srv.get("/healthz", timeout=5)
        assert r.status_code == 503
        r = sessions[0].post(f"{srv.url}/api/v1/tenants/demo/attempts/"
                             f"{threads[0].attempt}/commit", json={
                                 "session": threads[0].session, "seq": 1,
                                 "values": []}, timeout=5)
        assert r.status_code == 503
        assert "temporarily unavailable" in r.json()["error"]["message"]
        away = [a for t in threads for a in t.answers if a[0] >= down]
        assert away and all(a[2] == 503 for a in away), away[:5]
        assert all("temporarily unavailable" in a[4] for a in away)
        assert max(a[3] for a in away) < 3, "an answer took too long"

        db.start()
        up = time.monotonic()
        wait_for(lambda: all(t.acked_since(up) for t in threads),
                 "commits acknowledged again without a server restart", 10)
        recovered = max(min(a[0] for a in t.acked_since(up))
                        for t in threads) - up
        n = max(len(t.acked) for t in threads)
        wait_for(lambda: all(len(t.acked) >= n + 5 for t in threads),
                 "more commits after the restart", 20)
    finally:
        stop.set()
        for t in threads:
            t.join(15)
    assert srv.proc.poll() is None

    answers = [a for t in threads for a in t.answers]
    assert not [a for a in answers if a[2] not in (200, 503)], \
        [a for a in answers if a[2] not in (200, 503)][:5]
    assert recovered < 10
    # Counted: each acknowledged commit's own value is in the attempt.
    acked = 0
    for t in threads:
        seq, cmi = db.query("SELECT seq, cmi FROM attempts WHERE id = %s",
                            (t.attempt,))[0]
        cmi = dict(cmi)
        assert seq == t.seq
        assert cmi["cmi.core.lesson_location"] == str(seq)
        for k in t.acked:
            assert k <= seq
            assert cmi.get(f"cmi.interactions.{k - 1}.id") == f"q{k}", k
            acked += 1
    assert acked >= 4 * 10
    print(f"{acked} acknowledged commits stored; "
          f"{sum(1 for a in answers if a[2] == 503)} answered 503; "
          f"recovered {recovered:.2f} s after the start")


def connections(srv, pid):
    """The client ports of the established connections worker pid holds
    on the server's port (from /proc/net/tcp and the worker's fds)."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            m = re.match(r"socket:\[(\d+)\]",
                         os.readlink(f"/proc/{pid}/fd/{fd}"))
            if m:
                inodes.add(m.group(1))
    except OSError:
        return set()
    ports = set()
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            cols = line.split()
            local, remote, state, inode = cols[1], cols[2], cols[3], cols[9]
            if (state == "01" and inode in inodes and
                    int(local.split(":")[1], 16) == srv.port):
                ports.add(int(remote.split(":")[1], 16))
    return ports


def test_a_worker_killed_under_load(isolated):
    """SIGKILL to a busy worker: Kore starts another, the other requests
    carry on."""
    db, srv = isolated()
    workers = wait_for(lambda: (lambda w: w if len(w) >= 2 else None)(
        set(srv.workers())), "the workers", 10)
    stop = threading.Event()
    answers = []
    paths = ("/healthz", "/t/demo/", "/t/demo/signin", "/api/v1/tenants")

    def load(i):
        s = requests.Session()
        n = i
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            t = time.monotonic()
            try:
                status = s.get(srv.url + path, timeout=10).status_code
            except requests.RequestException as e:
                status = type(e).__name__
                s = requests.Session()
            answers.append((t, path, status, time.monotonic() - t))
            stop.wait(0.005)

    threads = [threading.Thread(target=load, args=(i,), daemon=True)
               for i in range(6)]
    for t in threads:
        t.start()
    try:
        wait_for(lambda: len(answers) >= 100, "the load", 20)
        # The worker holding the most of the load's connections.
        held = {pid: connections(srv, pid) for pid in workers}
        victim = max(held, key=lambda pid: len(held[pid]))
        assert held[victim], held
        os.kill(victim, signal.SIGKILL)
        killed = time.monotonic()
        now = wait_for(lambda: (lambda w: w if len(w) == len(workers) and
                                victim not in w else None)(
            set(srv.workers())), "a worker in place of the killed one", 10)
        assert now - workers, "no new worker"
        after = time.monotonic()
        wait_for(lambda: len([a for a in answers if a[0] > after]) >= 200,
                 "the load after the restart", 20)
    finally:
        stop.set()
        for t in threads:
            t.join(15)
    assert srv.proc.poll() is None
    failed = [a for a in answers if a[2] != 200]
    # At most what was in flight on the killed worker's connections, and
    # only at the moment it died; everything after succeeds.
    assert len(failed) <= len(held[victim]), (failed, held)
    assert all(killed - 1 <= a[0] <= killed + 1 for a in failed), failed
    assert all(a[2] == 200 for a in answers if a[0] > killed + 1)
    print(f"{len(answers)} requests; the killed worker held "
          f"{len(held[victim])} connection(s), {len(failed)} request(s) "
          f"failed with it; new worker(s) {sorted(now - workers)} in "
          f"{after - killed:.2f} s")


def package_of(size, name="media/film.bin", compressible=False):
    """A valid SCORM 1.2 package (the trimmed golf course) carrying a
    file of size bytes: random (the zip is that big) or zeros, stored
    deflated (a small zip that unpacks to size)."""
    out = io.BytesIO()
    with zipfile.ZipFile(SMALL_ZIP) as src, \
            zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        if compressible:
            dst.writestr(name, b"\0" * size, zipfile.ZIP_DEFLATED)
        else:
            dst.writestr(name, os.urandom(size), zipfile.ZIP_STORED)
    return out.getvalue()


def files_under(path):
    return sorted(os.path.relpath(os.path.join(d, f), path)
                  for d, _, fs in os.walk(path) for f in fs)


@pytest.fixture
def small_data_dir():
    """A cluster, and a server whose data directory is a 24 MB tmpfs."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs as the data directory needs root")
    db = Postgres().setup()
    srv = Server(db)
    mounted = False
    try:
        os.makedirs(srv.data_dir)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m,mode=0755",
                        "octolearn-faults", srv.data_dir], check=True)
        mounted = True
        srv.start()
        yield db, srv
    finally:
        srv.stop()
        if mounted:
            subprocess.run(["umount", srv.data_dir], check=False)
        srv.destroy()
        db.destroy()


def upload(admin, srv, body, what="packages", headers=None):
    """POST body as a new package (what: "files", a new file resource):
    (status, JSON or None); a connection the server closed before
    answering is status "closed"."""
    headers = dict(headers or {})
    if what == "files":
        headers.setdefault("X-Filename", "film.bin")
        headers.setdefault("Content-Type", "application/octet-stream")
    else:
        headers.setdefault("Content-Type", "application/zip")
    try:
        r = admin.post(f"{srv.url}/api/v1/tenants/demo/{what}/en",
                       data=body, timeout=30, headers=headers)
    except requests.ConnectionError:
        return "closed", None
    try:
        return r.status_code, r.json()
    except ValueError:
        return r.status_code, None


def upload_headers(admin, srv, length, what="packages"):
    """The headers alone of an upload of length bytes (as upload()), and
    the answer to them: (status, body), or "no answer" when the server
    waits for the body. Kore closes a refused connection at once: a
    client still sending the body may see a reset instead of the
    answer."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    try:
        conn.putrequest("POST", f"/api/v1/tenants/demo/{what}/en")
        conn.putheader("Cookie", "; ".join(
            f"{k}={v}" for k, v in admin.cookies.items()))
        conn.putheader("X-CSRF-Token", admin.headers["X-CSRF-Token"])
        if what == "files":
            conn.putheader("X-Filename", "film.bin")
            conn.putheader("Content-Type", "application/octet-stream")
        else:
            conn.putheader("Content-Type", "application/zip")
        conn.putheader("Content-Length", str(length))
        conn.endheaders()
        r = conn.getresponse()
        return r.status, r.read()
    except socket.timeout:
        return "no answer", None
    finally:
        conn.close()


def nothing_kept(db, srv, free):
    """No package rows, no import left running, no files in the data
    directory, its room back."""
    assert db.query("SELECT count(*) FROM package_versions")[0][0] == 0
    assert db.query("SELECT count(*) FROM resources")[0][0] == 0
    assert db.query("SELECT count(*) FROM imports WHERE state = "
                    "'running'")[0][0] == 0
    deadline = time.monotonic() + 5
    while files_under(srv.data_dir) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert files_under(srv.data_dir) == []
    assert shutil.disk_usage(srv.data_dir).free >= free - 64 * 1024


def test_data_directory_full_during_an_upload(small_data_dir):
    """The data directory full while a package arrives or unpacks: the
    upload is refused, nothing of it kept, and the server keeps serving."""
    db, srv = small_data_dir
    admin = api_session(srv, db, *ADMIN)
    free = shutil.disk_usage(srv.data_dir).free

    # Bigger than the disk: refused on its Content-Length, before Kore
    # spools a byte of it (app/room.c).
    status, _ = upload_headers(admin, srv, free + 4 * 1024 * 1024)
    assert status == 413, status
    nothing_kept(db, srv, free)

    # Fits as a zip, not unpacked: the import fails and says why.
    status, doc = upload(admin, srv, package_of(2 * free, compressible=True))
    assert status == 202, (status, doc)
    url = f"{srv.url}/api/v1/tenants/demo/imports/{doc['id']}"
    doc = wait_for(lambda: (lambda d: d if d["state"] != "running" else
                            None)(admin.get(url).json()), "the import", 30)
    assert doc["state"] == "failed", doc
    assert any("no space left on the disk" in e["message"]
               for e in doc["errors"]), doc
    nothing_kept(db, srv, free)

    # The server keeps serving, and a package that fits is imported.
    assert srv.get("/healthz").status_code == 200
    assert srv.get("/t/demo/").status_code == 200
    rid, vid = import_package(srv, admin, SMALL_ZIP.read_bytes())
    assert db.query("SELECT count(*) FROM package_versions WHERE id = %s",
                    (vid,))[0][0] == 1
    assert srv.proc.poll() is None


NO_ROOM = {
    "en": "There is no room left on the server for this upload. Please "
          "try again later or ask the platform's operators to free some "
          "space.",
    "fr": "Il n'y a plus de place sur le serveur pour ce téléversement. "
          "Veuillez réessayer plus tard ou demander aux exploitants de la "
          "plateforme de libérer de l'espace.",
}


@pytest.mark.parametrize("spooled", [True, False],
                         ids=["spooled", "in-memory"])
def test_no_room_for_an_upload_is_refused(small_data_dir, spooled):
    """No room left on the disk for an upload, to the packages and to the
    files API: a body Kore would spool (over http_body_disk_offload) and
    that cannot fit is refused with 413 on its Content-Length, before a
    byte of it is written (app/room.c keeps http_body_max within the
    room); a body kept in memory that the handler cannot write gets 507
    Insufficient Storage, saying so in the request's language. Either
    way nothing of it is kept, and the server keeps serving."""
    db, srv = small_data_dir
    admin = api_session(srv, db, *ADMIN)
    free = shutil.disk_usage(srv.data_dir).free
    if spooled:
        for what in ("packages", "files"):
            status, body = upload_headers(admin, srv, free + (4 << 20),
                                          what)
            assert status == 413, (what, status, body)
        assert "body too large" in srv.log()
    else:
        # Bodies up to 1 MiB stay in memory until the handler keeps them,
        # 64 KiB a write: 200 KiB of room ends in a short write.
        filler = os.path.join(srv.data_dir, "packages", "filler")
        with open(filler, "wb") as f:
            f.write(b"\0" * (free - 200 * 1024))
        body = package_of(700 * 1024)
        try:
            for what, lang in (("packages", "en"), ("packages", "fr"),
                               ("files", "en"), ("files", "fr")):
                status, doc = upload(admin, srv, body, what,
                                     {"Accept-Language": lang})
                assert status == 507, (what, lang, status, doc)
                assert doc == {"error": {"status": 507,
                                         "message": NO_ROOM[lang]}}, doc
            assert files_under(srv.data_dir) == ["packages/filler"]
        finally:
            os.unlink(filler)
    assert db.query("SELECT count(*) FROM imports")[0][0] == 0
    nothing_kept(db, srv, free)
    assert srv.get("/healthz").status_code == 200
    if spooled:
        # A body that fits is spooled and imported as before.
        import_package(srv, admin, package_of(2 << 20))
    assert srv.proc.poll() is None
