"""The SCORM player's script (app/static/player.js) on its own, in a real
browser: its run-time API answers every case of the shared data model
table (tests/cases/cmi.tsv, which modules/cmi answers too), the session
state errors of both versions, and the change log: commit payloads are
cumulative for the session, in the order elements were first set, with
their latest values and seq increasing. The page itself, against the real
server, is tested in test_player_browser.py.

Needs no PostgreSQL and no application server.
"""

import pytest

from conftest import ROOT

SCRIPT = ROOT / "app" / "static" / "player.js"
CASES = ROOT / "tests" / "cases" / "cmi.tsv"


@pytest.fixture
def js(browser):
    """A blank page with player.js loaded (no #player-config: no page)."""
    browser.get("about:blank")
    browser.set_script_timeout(60)
    browser.execute_script(SCRIPT.read_text())
    return browser


def unescape(s):
    """\\t, \\n and \\\\ as the table's values write them."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            if nxt in "tn\\":
                out.append({"t": "\t", "n": "\n", "\\": "\\"}[nxt])
                i += 2
                continue
            raise ValueError("bad escape \\" + nxt)
        out.append(c)
        i += 1
    return "".join(out)


def load_cases(path):
    """[(line, op, element, value, code)] and the lines that are wrong."""
    cases, bad = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            op = fields[0]
            try:
                if op == "new":
                    assert len(fields) == 2 and fields[1] in ("1.2", "2004")
                    cases.append((n, op, fields[1], "", ""))
                elif op == "init":
                    assert len(fields) == 3
                    cases.append((n, op, fields[1], unescape(fields[2]),
                                  ""))
                elif op in ("set", "get"):
                    assert len(fields) == 4 and fields[3].isdigit()
                    cases.append((n, op, fields[1], unescape(fields[2]),
                                  fields[3]))
                else:
                    raise AssertionError("unknown operation")
            except (AssertionError, ValueError) as e:
                bad.append(f"{path.name}:{n}: bad line ({e}): {line[:80]}")
    return cases, bad


RUN_CASES = """
const cases = arguments[0], P = window.OctolearnPlayer, out = [];
let ctl = null, a = null, v12 = false, ran = 0;
const cut = s => s.length > 60 ? s.slice(0, 60) + "...(" + s.length + ")" : s;
for (const [line, op, el, value, code] of cases) {
    if (op === "new") {
        ctl = P.createApi(el, {}, {});
        a = ctl.api;
        v12 = el === "1.2";
        if ((v12 ? a.LMSInitialize("") : a.Initialize("")) !== "true")
            out.push(line + ": Initialize failed");
        continue;
    }
    ran++;
    if (ctl === null) {
        out.push(line + ": no model (no new line before)");
        continue;
    }
    if (op === "init") {
        if (!ctl.put(el, value))
            out.push(line + ": init " + el + " refused");
        continue;
    }
    const last = () => v12 ? a.LMSGetLastError() : a.GetLastError();
    const diag = () => v12 ? a.LMSGetDiagnostic("") : a.GetDiagnostic("");
    if (op === "set") {
        const r = v12 ? a.LMSSetValue(el, value) : a.SetValue(el, value);
        const c = last();
        if (c !== code || r !== (code === "0" ? "true" : "false"))
            out.push(line + ": set " + cut(el) + " = \\"" + cut(value) +
                "\\": " + r + " " + c + ", want " + code + " (" +
                diag() + ")");
    } else {
        const v = v12 ? a.LMSGetValue(el) : a.GetValue(el);
        const c = last();
        if (c !== code || v !== value)
            out.push(line + ": get " + cut(el) + ": " + c + " \\"" +
                cut(v) + "\\", want " + code + " \\"" + cut(value) +
                "\\" (" + diag() + ")");
    }
}
return [ran, out];
"""


def test_every_case_of_the_shared_table(js):
    assert CASES.exists(), (
        f"{CASES} is missing: the shared data model cases (written with "
        "modules/cmi) are what player.js is checked against")
    cases, bad = load_cases(CASES)
    assert not bad, "\n".join(bad)
    ran, mismatches = js.execute_script(RUN_CASES, cases)
    assert ran == sum(1 for c in cases if c[1] != "new")
    assert ran > 1000
    assert not mismatches, (
        f"{len(mismatches)} of {ran} cases of {CASES.name} differ:\n" +
        "\n".join(mismatches))


SESSION_12 = """
const a = OctolearnPlayer.createApi("1.2", {"cmi.core.student_id": "7"}).api;
const r = [];
const step = (what, v) => r.push([what, v, a.LMSGetLastError()]);
step("get before", a.LMSGetValue("cmi.core.student_id"));
step("set before", a.LMSSetValue("cmi.core.lesson_location", "x"));
step("commit before", a.LMSCommit(""));
step("finish before", a.LMSFinish(""));
step("init with argument", a.LMSInitialize("x"));
step("init", a.LMSInitialize(""));
step("init again", a.LMSInitialize(""));
step("get", a.LMSGetValue("cmi.core.student_id"));
step("commit with argument", a.LMSCommit("x"));
step("finish with argument", a.LMSFinish("x"));
step("commit", a.LMSCommit(""));
step("finish", a.LMSFinish(""));
step("get after", a.LMSGetValue("cmi.core.student_id"));
step("set after", a.LMSSetValue("cmi.core.lesson_location", "x"));
step("commit after", a.LMSCommit(""));
step("finish after", a.LMSFinish(""));
step("init after", a.LMSInitialize(""));
return [r, a.LMSGetErrorString("301"), a.LMSGetErrorString("405"),
    a.LMSGetErrorString("999"), a.LMSGetErrorString(""),
    a.LMSGetDiagnostic("301"), a.LMSGetLastError()];
"""


def test_session_states_of_scorm_12(js):
    steps, s301, s405, s999, sempty, d301, last = js.execute_script(
        SESSION_12)
    assert steps == [
        ["get before", "", "301"],
        ["set before", "false", "301"],
        ["commit before", "false", "301"],
        ["finish before", "false", "301"],
        ["init with argument", "false", "201"],
        ["init", "true", "0"],
        ["init again", "false", "101"],
        ["get", "7", "0"],
        ["commit with argument", "false", "201"],
        ["finish with argument", "false", "201"],
        ["commit", "true", "0"],
        ["finish", "true", "0"],
        ["get after", "", "101"],
        ["set after", "false", "101"],
        ["commit after", "false", "101"],
        ["finish after", "false", "101"],
        ["init after", "false", "101"],
    ]
    assert s301 == "Not initialized"
    assert s405 == "Incorrect data type"
    assert s999 == "" and sempty == ""
    assert d301 == "Not initialized"
    # The error functions leave the last error as it was.
    assert last == "101"


SESSION_2004 = """
const a = OctolearnPlayer.createApi("2004", {"cmi.learner_id": "7"}).api;
const r = [];
const step = (what, v) => r.push([what, v, a.GetLastError()]);
step("get before", a.GetValue("cmi.learner_id"));
step("set before", a.SetValue("cmi.location", "x"));
step("commit before", a.Commit(""));
step("terminate before", a.Terminate(""));
step("init with argument", a.Initialize("x"));
step("init", a.Initialize(""));
step("init again", a.Initialize(""));
step("get", a.GetValue("cmi.learner_id"));
step("set", a.SetValue("cmi.location", "p1"));
step("bad set", a.SetValue("cmi.score.scaled", "2"));
const diag = a.GetDiagnostic("");
step("commit with argument", a.Commit("x"));
step("terminate with argument", a.Terminate("x"));
step("commit", a.Commit(""));
step("terminate", a.Terminate(""));
step("get after", a.GetValue("cmi.learner_id"));
step("set after", a.SetValue("cmi.location", "x"));
step("commit after", a.Commit(""));
step("terminate after", a.Terminate(""));
step("init after", a.Initialize(""));
return [r, diag, a.GetErrorString("104"), a.GetErrorString("408"),
    a.GetErrorString("1000"), a.GetDiagnostic("122")];
"""


def test_session_states_of_scorm_2004(js):
    steps, diag, s104, s408, s1000, d122 = js.execute_script(SESSION_2004)
    assert steps == [
        ["get before", "", "122"],
        ["set before", "false", "132"],
        ["commit before", "false", "142"],
        ["terminate before", "false", "112"],
        ["init with argument", "false", "201"],
        ["init", "true", "0"],
        ["init again", "false", "103"],
        ["get", "7", "0"],
        ["set", "true", "0"],
        ["bad set", "false", "407"],
        ["commit with argument", "false", "201"],
        ["terminate with argument", "false", "201"],
        ["commit", "true", "0"],
        ["terminate", "true", "0"],
        ["get after", "", "123"],
        ["set after", "false", "133"],
        ["commit after", "false", "143"],
        ["terminate after", "false", "113"],
        ["init after", "false", "104"],
    ]
    assert "cmi.score.scaled" in diag and "range" in diag
    assert s104 == "Content Instance Terminated"
    assert s408 == "Data Model Dependency Not Established"
    assert s1000 == ""
    assert d122 == "Retrieve Data Before Initialization"


CHANGE_LOG = """
const done = arguments[arguments.length - 1];
const payloads = [], navs = [];
const ctl = OctolearnPlayer.createApi("2004", {
    "cmi.learner_id": "5", "cmi.entry": "resume", "cmi.location": "p0",
    "cmi.session_time": "PT1H", "cmi.exit": "suspend",
    "cmi.interactions.0.id": "q0", "cmi.interactions.0.type": "choice"
}, {session: 3, idleMs: 60000, commit: p => payloads.push(p),
    onTerminate: nav => navs.push(nav)});
const a = ctl.api, r = {};
a.Initialize("");
// Write-only values from the launch are never read back.
r.session_time = [a.GetValue("cmi.session_time"), a.GetLastError()];
r.exit = [a.GetValue("cmi.exit"), a.GetLastError()];
r.location = a.GetValue("cmi.location");
r.count = a.GetValue("cmi.interactions._count");
a.SetValue("cmi.location", "p1");
a.SetValue("cmi.suspend_data", "a");
a.SetValue("cmi.location", "p2");
a.SetValue("cmi.score.scaled", "2");            // refused: not logged
a.SetValue("cmi.interactions.1.id", "q1");
r.commit1 = a.Commit("");
r.after1 = payloads.length;
r.commit2 = a.Commit("");                       // nothing new
r.after2 = payloads.length;
a.SetValue("cmi.progress_measure", "0.5");
a.SetValue("cmi.location", "p3");
a.Commit("");
a.SetValue("adl.nav.request", "suspendAll");
r.terminate = a.Terminate("");
r.log = ctl.log.entries();
r.seq = ctl.log.seq;
r.state = ctl.state();
setTimeout(() => { r.navs = navs; r.payloads = payloads; done(r); }, 50);
"""


def test_commit_payloads_are_cumulative_and_ordered(js):
    r = js.execute_async_script(CHANGE_LOG)
    assert r["session_time"] == ["", "405"]
    assert r["exit"] == ["", "405"]
    assert r["location"] == "p0"
    assert r["count"] == "1"
    assert r["commit1"] == "true" and r["after1"] == 1
    # A Commit with nothing new sends nothing.
    assert r["commit2"] == "true" and r["after2"] == 1
    p1, p2, p3 = r["payloads"]
    assert p1 == {"session": 3, "seq": 1, "terminate": False, "values": [
        ["cmi.location", "p2"], ["cmi.suspend_data", "a"],
        ["cmi.interactions.1.id", "q1"]]}
    assert p2 == {"session": 3, "seq": 2, "terminate": False, "values": [
        ["cmi.location", "p3"], ["cmi.suspend_data", "a"],
        ["cmi.interactions.1.id", "q1"], ["cmi.progress_measure", "0.5"]]}
    # suspendAll records exit = suspend before the terminating payload.
    assert p3 == {"session": 3, "seq": 3, "terminate": True, "values": [
        ["cmi.location", "p3"], ["cmi.suspend_data", "a"],
        ["cmi.interactions.1.id", "q1"], ["cmi.progress_measure", "0.5"],
        ["adl.nav.request", "suspendAll"], ["cmi.exit", "suspend"]]}
    assert r["log"] == p3["values"]
    assert r["seq"] == 3 and r["state"] == "terminated"
    assert r["terminate"] == "true"
    assert r["navs"] == ["suspendAll"]


IDLE_AND_BEHALF = """
const done = arguments[arguments.length - 1];
const p12 = [], p04 = [], navs = [];
const c12 = OctolearnPlayer.createApi("1.2", {}, {session: 9, idleMs: 150,
    commit: p => p12.push(p), onTerminate: nav => navs.push(nav)});
c12.api.LMSInitialize("");
c12.api.LMSSetValue("cmi.core.lesson_location", "5");
c12.api.LMSSetValue("cmi.core.lesson_status", "incomplete");
const before = p12.length;
const c04 = OctolearnPlayer.createApi("2004", {}, {session: 4,
    idleMs: 60000, commit: p => p04.push(p)});
c04.api.Initialize("");
c04.api.SetValue("cmi.location", "x");
setTimeout(() => {
    const idle = p12.slice();
    c12.api.LMSSetValue("cmi.core.lesson_location", "6");
    c12.api.LMSFinish("");
    // The player ends the 2004 session for content that never did.
    c04.record("cmi.exit", "suspend");
    const behalf = c04.terminate();
    const again = c04.terminate();
    const late = [c04.api.SetValue("cmi.location", "y"),
        c04.api.GetLastError()];
    setTimeout(() => done({before, idle, p12, behalf, again, late, navs,
        state: c04.state()}), 50);
}, 600);
"""


def test_idle_payload_and_termination_on_the_contents_behalf(js):
    r = js.execute_async_script(IDLE_AND_BEHALF)
    assert r["before"] == 0
    # Content that never commits: a payload after the idle time.
    assert r["idle"] == [{"session": 9, "seq": 1, "terminate": False,
                          "values": [["cmi.core.lesson_location", "5"],
                                     ["cmi.core.lesson_status",
                                      "incomplete"]]}]
    assert r["p12"][1] == {"session": 9, "seq": 2, "terminate": True,
                           "values": [["cmi.core.lesson_location", "6"],
                                      ["cmi.core.lesson_status",
                                       "incomplete"]]}
    assert r["navs"] == [None]
    assert r["behalf"] == {"session": 4, "seq": 1, "terminate": True,
                           "values": [["cmi.location", "x"],
                                      ["cmi.exit", "suspend"]]}
    assert r["again"] is None
    assert r["late"] == ["false", "133"]
    assert r["state"] == "terminated"


SUSPEND_LIMIT = """
const a = OctolearnPlayer.createApi("2004", {}, {suspendMax: 10}).api;
a.Initialize("");
return [a.SetValue("cmi.suspend_data", "0123456789"),
    a.SetValue("cmi.suspend_data", "0123456789x"), a.GetLastError(),
    a.GetValue("cmi.suspend_data"),
    // Values from the launch that are not of the model are not shown.
    OctolearnPlayer.createApi("1.2", {"cmi.foo": "x", "ol.sessions": "2"})
        .model.items.size];
"""


def test_suspend_data_limit_comes_from_the_options(js):
    assert js.execute_script(SUSPEND_LIMIT) == [
        "true", "false", "406", "0123456789", 1]


# ---------------------------------------------------------------------------
