"""The README's first command: `make run` provisions its own cluster,
migrates, loads the demo, serves the demo tenant's home page on
127.0.0.1:8888, works again when run a second time, and stops cleanly
(server and PostgreSQL) on Ctrl-C."""

import os
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


def run_once(env, log):
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
            for attempt in (1, 2):
                page = run_once(env, log)
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
    finally:
        subprocess.run([str(ROOT / "conf/pg.sh"), "stop"], cwd=ROOT, env=env)
        shutil.rmtree(tmp, ignore_errors=True)
