"""Test harness shared by the integration and browser suites.

Each test session provisions its own throw-away PostgreSQL cluster with
conf/pg.sh (the same script `make run` uses), migrates it and loads the demo
tenant with the admin tool, then starts the real server (kore with
conf/octolearn.conf, on a free loopback port) against it. Everything started
here is stopped, and its files removed, when the session ends.
"""

import gettext
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
ADMIN = ROOT / "build" / "octolearn-admin"
CONF = ROOT / "conf" / "octolearn.conf"
# The third-party corpus is read where it is: ../shared/corpus from the
# project root, or, in a clone made elsewhere (as CI's), next to the
# repository it was cloned from; tests/run.sh finds it and exports it.
CORPUS = Path(os.environ.get("OCTOLEARN_CORPUS") or
              ROOT.parent / "shared" / "corpus")
# OCTOLEARN_SANITIZE=1 (tests/run.sh, suite integration-san): every Server
# runs build-san/octolearn.so, built with AddressSanitizer and UBSan, under
# the same kore, chroot and seccomp sandbox; a sanitizer report in its log
# fails the test that stops it. Off, nothing here changes.
SANITIZE = os.environ.get("OCTOLEARN_SANITIZE") == "1"
SANITIZER_REPORT = re.compile(r"ERROR: AddressSanitizer|runtime error:|"
                              r"SUMMARY: \w+Sanitizer")

DEMO_PASSWORDS = {
    "admin@demo.example": "demo-admin-2026",
    "trainer@demo.example": "demo-trainer-2026",
    "learner1@demo.example": "demo-learner-2026",
}


def conf_routes():
    """(regex, handler) of every route of conf/octolearn.conf, in order."""
    out = []
    for line in CONF.read_text().splitlines():
        m = re.match(r"\s*route\s+(\S+)\s+(\S+)", line)
        if m:
            out.append((m.group(1), m.group(2)))
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what, timeout=40, every=0.05):
    """check()'s first true answer, polled every `every` seconds; the test
    fails when none comes within timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(every)


def cluster_env(pgdir, port, dbname, **extra):
    """The environment conf/pg.sh, octolearn-admin and the server read for
    a cluster at pgdir on port: its directory, its port, and the owner's
    and the application's DSN for dbname."""
    base = (f"host=127.0.0.1 port={port} dbname={dbname} "
            "gssencmode=disable sslmode=disable connect_timeout=5")
    return dict(os.environ, OCTOLEARN_PGDIR=pgdir, OCTOLEARN_PGPORT=str(port),
                OCTOLEARN_ADMIN_DSN=base + " user=octolearn_owner "
                "password=octolearn_owner",
                OCTOLEARN_DSN=base + " user=octolearn_app "
                "password=octolearn_app", **extra)


class Postgres:
    """A throw-away cluster and database, provisioned like the real one."""

    def __init__(self, dbname="octolearn_test"):
        self.tmp = tempfile.mkdtemp(prefix="octolearn-pg-")
        os.chmod(self.tmp, 0o755)
        self.port = free_port()
        self.dbname = dbname
        self.env = cluster_env(
            os.path.join(self.tmp, "pg"), self.port, dbname,
            OCTOLEARN_PGOPTS="-c fsync=off -c synchronous_commit=off "
                             "-c full_page_writes=off")
        self.admin_dsn = self.env["OCTOLEARN_ADMIN_DSN"]
        self.app_dsn = self.env["OCTOLEARN_DSN"]

    def pgsh(self, *args):
        subprocess.run([str(ROOT / "conf" / "pg.sh"), *args], cwd=ROOT,
                       env=self.env, check=True)

    def setup(self):
        self.pgsh("start")
        self.pgsh("provision", self.dbname)
        self.admin("migrate")
        subprocess.run([str(ROOT / "conf" / "demo.sh")], cwd=ROOT,
                       env=self.env, check=True, stdout=subprocess.DEVNULL)
        return self

    def start(self):
        self.pgsh("start")

    def stop(self):
        self.pgsh("stop")

    def destroy(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def admin(self, *args, input=None, env=None, check=True):
        e = dict(self.env, **(env or {}))
        return subprocess.run([str(ADMIN), *args], cwd=ROOT, env=e,
                              input=input, capture_output=True, text=True,
                              check=check)

    def connect(self, app=False):
        conn = psycopg2.connect(self.app_dsn if app else self.admin_dsn)
        conn.autocommit = True
        return conn

    def query(self, sql, params=(), app=False):
        with self.connect(app) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall() if cur.description else None
        conn.close()
        return rows


class Server:
    """The real server: kore with the project's configuration file, moved to
    a free port and a private data directory."""

    def __init__(self, pg, env=None):
        self.pg = pg
        self.tmp = tempfile.mkdtemp(prefix="octolearn-srv-")
        os.chmod(self.tmp, 0o755)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(self.tmp, "server.log")
        self.access_log = os.path.join(self.tmp, "access.log")
        self.data_dir = os.path.join(self.tmp, "data")
        self.env = dict(pg.env, OCTOLEARN_DATA_DIR=self.data_dir,
                        **(env or {}))
        self.proc = None

    def write_conf(self):
        text = CONF.read_text()
        text = re.sub(r"bind\s+127\.0\.0\.1\s+\d+",
                      f"bind 127.0.0.1 {self.port}", text)
        text = re.sub(r"pidfile\s+\S+",
                      f"pidfile {self.tmp}/kore.pid", text)
        text = re.sub(r"accesslog\s+\S+", f"accesslog {self.access_log}",
                      text)
        if SANITIZE:
            text = re.sub(r"load\s+\./build/octolearn\.so",
                          "load ./build-san/octolearn.so", text)
        path = os.path.join(self.tmp, "octolearn.conf")
        with open(path, "w") as f:
            f.write(text)
        return path

    def start(self, wait=True):
        conf = self.write_conf()
        flags = []
        if os.geteuid() == 0:
            if subprocess.run(["id", "octolearn"],
                              capture_output=True).returncode != 0:
                subprocess.run(["useradd", "--system", "--no-create-home",
                                "--home-dir", "/nonexistent", "--shell",
                                "/usr/sbin/nologin", "octolearn"], check=True)
        else:
            flags = ["-n", "-r"]
        log = open(self.log_path, "ab")
        env = dict(self.env, **sanitizer_env()) if SANITIZE else self.env
        self.proc = subprocess.Popen(["kore", "-f", "-c", conf, *flags],
                                     cwd=ROOT, env=env, stdout=log,
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()
        if wait:
            self.wait_healthy()
        return self

    def wait_healthy(self, timeout=20.0, status=200):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited:\n" + self.log())
            try:
                last = requests.get(self.url + "/healthz", timeout=2)
                if last.status_code == status:
                    return last
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not healthy ({last}):\n" + self.log())

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def destroy(self):
        report = None
        try:
            self.stop()
        finally:
            if SANITIZE:
                report = self.sanitizer_report()
            shutil.rmtree(self.tmp, ignore_errors=True)
        if report is not None:
            pytest.fail(f"sanitizer report in the server log (kept in "
                        f"{report}):\n" + Path(report).read_text()[-4000:],
                        pytrace=False)

    def sanitizer_report(self):
        """None, or the path of a copy of the server log, outside the
        throw-away folder, with the sanitizer's stack frames (module and
        offset: the chrooted workers cannot symbolize) symbolized."""
        try:
            with open(self.log_path, errors="replace") as f:
                text = f.read()
        except OSError:
            return None
        if not SANITIZER_REPORT.search(text):
            return None
        out = ROOT / "tests" / "results" / "sanitizer"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{os.path.basename(self.tmp)}.log"
        path.write_text(symbolize(text))
        return str(path)

    def workers(self):
        """The server's worker processes (the kore parent's children, not
        its key manager or ACME process): {pid: VmRSS in kB}."""
        out = {}
        if self.proc is None:
            return out
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/status") as f:
                    status = f.read()
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read()
            except OSError:
                continue
            if (f"PPid:\t{self.proc.pid}\n" not in status or
                    b"kore" not in cmd or b"keymgr" in cmd or
                    b"acme" in cmd):
                continue
            m = re.search(r"VmRSS:\s+(\d+)", status)
            out[int(pid)] = int(m.group(1)) if m else 0
        return out

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()[-5000:]
        except OSError:
            return ""

    def get(self, path, **kw):
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 10)
        return requests.get(self.url + path, **kw)

    def request(self, method, path, **kw):
        kw.setdefault("allow_redirects", False)
        kw.setdefault("timeout", 10)
        return requests.request(method, self.url + path, **kw)


def sanitizer_env():
    """The environment of a sanitized kore. Debian's kore is not
    instrumented, so the ASan runtime is preloaded (libubsan is loaded with
    the application), then build-san/preload.so, which starts ASan before
    a library's constructor would start it inside glibc's locale lock
    (tests/sanitizer/preload.c). LeakSanitizer is off: it stops the process's threads
    with ptrace from a thread of its own and reads /proc at exit, which the
    workers' chroot and seccomp sandbox do not allow, and the parent keeps
    its configuration until exit by design. abort_on_error=0: a report ends
    the worker with exit_group(2), which the sandbox allows (abort(3)'s
    tgkill is not), and Kore starts another. Reports go to stderr, the
    server log: the chrooted workers cannot open a log file outside."""
    lib = subprocess.run(["gcc", "-print-file-name=libasan.so"],
                         capture_output=True, text=True,
                         check=True).stdout.strip()
    return {
        "LD_PRELOAD": f"{lib} {ROOT / 'build-san' / 'preload.so'}",
        "ASAN_OPTIONS": "detect_leaks=0:abort_on_error=0:halt_on_error=1",
        "UBSAN_OPTIONS": "halt_on_error=1:print_stacktrace=1",
    }


def symbolize(text):
    """Sanitizer stack frames "#N 0x... (module+0xoffset)" with the
    function and line addr2line finds for them, relative modules taken
    from the project root (the server's working directory)."""
    def frame(m):
        module, offset = m.group(2), m.group(3)
        path = module if module.startswith("/") else str(ROOT / module)
        try:
            r = subprocess.run(["addr2line", "-f", "-C", "-i", "-e", path,
                                offset], capture_output=True, text=True,
                               timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return m.group(0)
        lines = r.stdout.split("\n")
        names = [f"{lines[i]} {lines[i + 1]}"
                 for i in range(0, len(lines) - 1, 2)
                 if lines[i] != "??"]
        if r.returncode != 0 or not names:
            return m.group(0)
        return f"{m.group(1)} in {' / '.join(names)} ({module}+{offset})"

    return re.sub(r"(#\d+ 0x[0-9a-f]+) +\(([^()+\s]+)\+(0x[0-9a-f]+)\)",
                  frame, text)


def demo_course(db, srv):
    """Loads the demo content as `make run` does (conf/demo-content.sh)
    into the server's data directory; the SCORM 1.2 course "first
    response": (resource, version, item)."""
    out = tempfile.mkdtemp(prefix="octolearn-content-")
    try:
        subprocess.run([str(ROOT / "conf" / "demo-content.sh")], cwd=ROOT,
                       env=dict(srv.env, OCTOLEARN_CONTENT_OUT=out),
                       check=True, capture_output=True)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    rows = db.query("SELECT v.resource_id, v.id, i.identifier FROM "
                    "package_items i JOIN package_versions v ON v.id = "
                    "i.version_id WHERE i.identifier = "
                    "'item-first-response' AND i.scorm_type = 'sco'")
    assert len(rows) == 1, rows
    return rows[0]


@pytest.fixture(scope="session")
def pg():
    db = Postgres()
    try:
        yield db.setup()
    finally:
        db.destroy()


@pytest.fixture(scope="session")
def server(pg):
    srv = Server(pg)
    try:
        yield srv.start()
    finally:
        srv.destroy()


@pytest.fixture
def isolated():
    """A cluster and server of a test's own, for tests that break them."""
    made = []

    def make(env=None):
        db = Postgres().setup()
        made.append(db)
        srv = Server(db, env=env).start()
        made.append(srv)
        return db, srv

    yield make
    for thing in reversed(made):
        thing.destroy()


def form_csrf(html):
    """The CSRF token of the first form on a page."""
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    return m.group(1) if m else None


def sign_in(server, email, password, tenant="demo", session=None,
            csrf=True):
    """Signs in through the real form; returns (session, response)."""
    s = session or requests.Session()
    page = s.get(f"{server.url}/t/{tenant}/signin")
    assert page.status_code == 200, page.status_code
    data = {"email": email, "password": password}
    if csrf:
        data["csrf"] = form_csrf(page.text)
    r = s.post(f"{server.url}/t/{tenant}/signin", data=data,
               allow_redirects=False)
    return s, r


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by its chromedriver (the
    browser suite; see ../shared/notes/testing-here.md for the flags)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu",
                 "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1280,900"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                              options=opts)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def wait_gone(browser, element, timeout=10):
    """Waits for the page holding element to be replaced. Chromium may
    answer a look at a node of a page being replaced with an inspector
    error ("does not belong to the document") rather than a stale
    reference: both mean the old page is gone."""
    from selenium.common.exceptions import (StaleElementReferenceException,
                                            WebDriverException)
    from selenium.webdriver.support.ui import WebDriverWait

    def gone(_):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise

    WebDriverWait(browser, timeout).until(gone)


def submit_and_wait(browser, element, keys=None):
    """Submits (Enter in a field, or a click) and waits for the next page:
    the old one must go stale, or a check could read it still."""
    from selenium.webdriver.common.by import By

    html = browser.find_element(By.TAG_NAME, "html")
    if keys is None:
        element.click()
    else:
        element.send_keys(keys)
    wait_gone(browser, html)


def api_session(server, pg, email, password, tenant="demo"):
    """A signed-in requests session carrying its X-CSRF-Token."""
    pg.query("DELETE FROM signin_failures")
    s, r = sign_in(server, email, password, tenant=tenant)
    assert r.status_code == 303, r.status_code
    s.headers["X-CSRF-Token"] = s.get(
        f"{server.url}/api/v1/tenants/{tenant}/me").json()["csrf_token"]
    return s


def import_outcome(server, s, r, timeout=60):
    """The import that an upload's answer r (202) started, once it has
    ended: its document, as its status URL gives it."""
    assert r.status_code == 202, (r.status_code, r.text[:300])
    url = server.url + r.headers["location"]
    deadline = time.time() + timeout
    while True:
        st = s.get(url)
        assert st.status_code == 200, (st.status_code, st.text[:300])
        doc = st.json()
        if doc["state"] != "running":
            return doc
        assert time.time() < deadline, doc
        time.sleep(0.1)


def import_package(server, s, data, lang="en", tenant="demo",
                   publish_with=None):
    """Uploads a zip through the API and waits for its import; returns
    (resource id, version id). publish_with: a Postgres to publish it."""
    api = f"{server.url}/api/v1/tenants/{tenant}"
    r = s.post(f"{api}/packages/{lang}", data=data,
               headers={"Content-Type": "application/zip"})
    doc = import_outcome(server, s, r)
    assert doc["state"] == "done", doc
    if publish_with is not None:
        publish_with.query("UPDATE resources SET published = true "
                           "WHERE id = %s", (doc["resource_id"],))
    return doc["resource_id"], doc["version_id"]


def catalogue_of(lang):
    """The compiled catalogue the server loads for lang, read with
    Python's own gettext: what a page in that language must say."""
    mo = ROOT / "build" / "locale" / lang / "LC_MESSAGES" / "octolearn.mo"
    with open(mo, "rb") as f:
        return gettext.GNUTranslations(f)


def sign_in_browser(server, browser, email, password, tenant="demo"):
    """Signs in through the form, with this host's cookies cleared first
    (a second server of the same database shares them) and the player's
    pending store emptied."""
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/healthz")
    browser.delete_all_cookies()
    browser.get(f"{server.url}/t/{tenant}/signin")
    browser.find_element(By.ID, "email").send_keys(email)
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "password").send_keys(password + "\n")
    wait_gone(browser, page)
    browser.execute_script("localStorage.clear()")
