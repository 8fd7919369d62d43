"""The README's first command: `make run` provisions its own cluster,
migrates, loads the demo (tenant, users and the demo courses of
content/, published, the Budapest Convention course in three languages),
serves the demo tenant's home page on 127.0.0.1:8888, works again when
run a second time without loading anything twice, and stops cleanly
(server and PostgreSQL) on Ctrl-C."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import requests

from conftest import ROOT, free_port


def port_busy(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def demo_catalogue():
    """The demo catalogue as learner1 sees it, title per resource."""
    s = requests.Session()
    page = s.get("http://127.0.0.1:8888/t/demo/signin", timeout=5)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = s.post("http://127.0.0.1:8888/t/demo/signin", timeout=10,
               data={"email": "learner1@demo.example",
                     "password": "demo-learner-2026", "csrf": csrf},
               allow_redirects=False)
    assert r.status_code == 303, r.status_code
    out = {}
    for lang in ("en", "fr", "es"):
        doc = s.get("http://127.0.0.1:8888/api/v1/tenants/demo/catalogue",
                    headers={"Accept-Language": lang}, timeout=5).json()
        out[lang] = sorted(e["title"] for e in doc["resources"])
    return out


def run_once(env, log, check=None):
    proc = subprocess.Popen(["make", "--no-print-directory", "run"],
                            cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        page = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                page = requests.get("http://127.0.0.1:8888/t/demo/",
                                    timeout=2)
                if page.status_code == 200:
                    if check is not None:
                        check()
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        return page
    finally:
        # Ctrl-C: SIGINT to the whole foreground process group.
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=60)


def test_make_run(tmp_path):
    if port_busy(8888):
        pytest.fail("port 8888 is taken: stop the other server first")
    tmp = tempfile.mkdtemp(prefix="octolearn-run-")
    os.chmod(tmp, 0o755)
    port = free_port()
    base = (f"host=127.0.0.1 port={port} dbname=octolearn "
            "gssencmode=disable sslmode=disable")
    env = dict(os.environ,
               OCTOLEARN_PGDIR=os.path.join(tmp, "pg"),
               OCTOLEARN_PGPORT=str(port),
               OCTOLEARN_DATA_DIR=os.path.join(tmp, "data"),
               OCTOLEARN_DSN=base + " user=octolearn_app password=octolearn_app",
               OCTOLEARN_ADMIN_DSN=base + " user=octolearn_owner "
                                          "password=octolearn_owner")
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    logpath = tmp_path / "make-run.log"
    try:
        with open(logpath, "wb") as log:
            seen = []
            for attempt in (1, 2):
                page = run_once(env, log, lambda: seen.append(
                    demo_catalogue()))
                text = logpath.read_text(errors="replace")
                assert page is not None and page.status_code == 200, text
                assert "<h1>Demo Training Institute</h1>" in page.text
                # It told the user where to go and how to sign in.
                assert "http://127.0.0.1:8888/t/demo/" in text
                assert "admin@demo.example" in text
                # Stopped: nothing listens, and PostgreSQL is down too.
                assert not port_busy(8888)
                assert not port_busy(port)
        text = logpath.read_text(errors="replace")
        assert text.count("octolearn: stopped") == 2
        # The second run found everything in place.
        assert "database is up to date" in text
        assert "tenant demo exists" in text
        assert text.count("demo course budapest-convention (resource") == 2
        assert re.search(r"budapest-convention \(resource \d+\): done", text)
        assert re.search(r"budapest-convention \(resource \d+\): exists",
                         text)
        assert "first-response (resource" in text
        # The same two courses both times, each in the learner's language.
        assert len(seen) == 2 and seen[0] == seen[1], seen
        assert seen[0]["en"] == ["Electronic evidence: first response",
                                 "The Budapest Convention on Cybercrime"]
        assert "La Convention de Budapest sur la cybercriminalité" in \
            seen[0]["fr"]
        assert "El Convenio de Budapest sobre la Ciberdelincuencia" in \
            seen[0]["es"]
    finally:
        subprocess.run([str(ROOT / "conf/pg.sh"), "stop"], cwd=ROOT, env=env)
        shutil.rmtree(tmp, ignore_errors=True)
