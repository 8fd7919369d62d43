"""Courses from ../shared/corpus/packages played to the end in headless
Chromium against the real server (app/player.c, app/static/player.js,
app/attempts.c), checking in the database what each leaves behind: the golf
SCORM 1.2 and 2004 "runtime basic" courses with their quizzes and dialogs,
the 1.2 API debugger (interactions, objectives, Commit), a "runtime
minimum" course whose SCOs never set a status, leaving and resuming, a tab
closed mid-course, and the server taken away mid-course."""

import time

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import CORPUS as CORPUS_ROOT
from conftest import (Server, api_session, import_package, sign_in_browser,
                      wait_for, wait_gone)

CORPUS = CORPUS_ROOT / "packages"
ADMIN = ("admin@demo.example", "demo-admin-2026")
LEARNER = ("learner2@demo.example", "demo-learner-2026")


@pytest.fixture(scope="module")
def packages(server, pg):
    admin = api_session(server, pg, *ADMIN)
    out = {}
    for key, name in (
            ("golf12", "scorm12-golf-runtime-basic-2016.zip"),
            ("golf04", "scorm2004-3rd-golf-runtime-basic-2016.zip"),
            ("debugger", "scorm12-api-debugger-nested.zip"),
            ("minimum", "scorm12-golf-runtime-minimum-trimmed.zip")):
        out[key] = import_package(server, admin,
                                  (CORPUS / name).read_bytes(),
                                  publish_with=pg)
    return out


@pytest.fixture
def learner(server, pg, browser):
    pg.query("DELETE FROM signin_failures")
    uid = pg.query("SELECT id FROM users WHERE email = %s",
                   (LEARNER[0],))[0][0]
    pg.query("DELETE FROM attempts WHERE user_id = %s", (uid,))
    pg.query("DELETE FROM progress WHERE user_id = %s", (uid,))
    sign_in_browser(server, browser, *LEARNER)
    yield uid
    browser.switch_to.default_content()


def attempt(pg, uid, rid, item="item_1"):
    rows = pg.query("SELECT cmi, status, score, total_cs, session_open, "
                    "ended, number FROM attempts WHERE user_id = %s AND "
                    "resource_id = %s AND item = %s ORDER BY number DESC",
                    (uid, rid, item))
    if not rows:
        return None
    row = rows[0]
    return dict(row[0]), dict(zip(("status", "score", "total_cs", "open",
                                   "ended", "number"), row[1:]))


def answer_dialog(browser, accept=True, timeout=10):
    WebDriverWait(browser, timeout).until(EC.alert_is_present())
    alert = browser.switch_to.alert
    text = alert.text
    if accept:
        alert.accept()
    else:
        alert.dismiss()
    return text


def no_dialog(browser):
    try:
        browser.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def into_content(browser):
    browser.switch_to.default_content()
    WebDriverWait(browser, 20).until(
        EC.frame_to_be_available_and_switch_to_it((By.ID, "sco")))


def golf_next(browser, times):
    for _ in range(times):
        WebDriverWait(browser, 10).until(
            EC.element_to_be_clickable((By.ID, "butNext"))).click()
        time.sleep(0.15)


def golf_quiz(browser):
    """Answers the golf quiz right, in the content's inner frame."""
    WebDriverWait(browser, 10).until(
        EC.frame_to_be_available_and_switch_to_it((By.ID, "contentFrame")))
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".correctAnswer input"))
    for box in browser.find_elements(By.CSS_SELECTOR, ".correctAnswer"):
        field = box.find_element(By.TAG_NAME, "input")
        if field.get_attribute("type") == "text":
            field.send_keys(box.text.strip().strip("()").strip())
        else:
            field.click()
    browser.find_element(By.CSS_SELECTOR,
                         "input[value='Submit Answers']").click()
    WebDriverWait(browser, 10).until(
        lambda b: "Score:" in b.find_element(By.ID, "test").text)
    browser.switch_to.parent_frame()


def test_golf12_through_to_the_end(server, pg, browser, packages, learner):
    rid, vid = packages["golf12"]
    browser.get(server.url + f"/t/demo/play/{rid}")
    into_content(browser)
    golf_next(browser, 14)
    golf_quiz(browser)
    browser.find_element(By.ID, "butExit").click()
    browser.switch_to.default_content()

    cmi, row = wait_for(lambda: (lambda a: a if a and a[1]["ended"]
                                    else None)(attempt(pg, learner, rid)),
                       "the finished attempt")
    assert row["status"] == "passed" and row["score"] == 1.0
    assert cmi["cmi.core.lesson_status"] == "passed"
    assert cmi["cmi.core.score.raw"] == "100"
    assert cmi["cmi.core.lesson_location"] == "14"
    assert cmi["cmi.core.exit"] == ""
    assert row["total_cs"] > 0 and not row["open"]
    p = pg.query("SELECT status, score FROM progress WHERE user_id = %s "
                 "AND resource_id = %s", (learner, rid))
    assert p == [("passed", 1.0)]
    # The player says so, and the dashboard shows it.
    WebDriverWait(browser, 10).until(lambda b: b.find_element(
        By.ID, "player-status").text)
    browser.get(server.url + "/t/demo/dashboard")
    row = browser.find_element(By.CSS_SELECTOR,
                               f"tr[data-resource='{rid}']")
    assert row.get_attribute("data-status") == "passed"
    assert "100%" in row.text


def test_golf12_leave_and_resume(server, pg, browser, packages, learner):
    rid, vid = packages["golf12"]
    browser.get(server.url + f"/t/demo/play/{rid}")
    into_content(browser)
    golf_next(browser, 3)
    browser.switch_to.default_content()
    html = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "leave").click()
    answer_dialog(browser)                  # "Leave the course? ..."
    wait_gone(browser, html, 20)
    assert browser.current_url.endswith("/t/demo/dashboard")

    cmi, row = wait_for(lambda: (lambda a: a if a and not a[1]["open"]
                                    else None)(attempt(pg, learner, rid)),
                       "the suspended session")
    assert cmi["cmi.core.exit"] == "suspend"
    assert cmi["cmi.core.lesson_location"] == "3"
    assert row["status"] == "in_progress" and not row["ended"]

    # Days later: the course asks whether to resume, and does.
    browser.get(server.url + f"/t/demo/play/{rid}")
    text = answer_dialog(browser, timeout=20)
    assert "resume" in text
    into_content(browser)
    frame = browser.find_element(By.ID, "contentFrame")
    assert frame.get_attribute("src").endswith("Playing/OtherScoring.html")  # page 3
    browser.switch_to.default_content()
    cmi, row = attempt(pg, learner, rid)
    assert cmi["cmi.core.entry"] == "resume" and row["number"] == 1


def test_golf2004_through_to_the_end(server, pg, browser, packages,
                                     learner):
    rid, vid = packages["golf04"]
    browser.get(server.url + f"/t/demo/play/{rid}")
    into_content(browser)
    golf_next(browser, 14)
    golf_quiz(browser)
    browser.switch_to.default_content()
    html = browser.find_element(By.TAG_NAME, "html")
    into_content(browser)
    browser.find_element(By.ID, "butExit").click()
    # adl.nav.request exitAll: the player leaves for the dashboard.
    browser.switch_to.default_content()
    wait_gone(browser, html, 20)
    assert browser.current_url.endswith("/t/demo/dashboard")
    cmi, row = wait_for(lambda: (lambda a: a if a and a[1]["ended"]
                                    else None)(attempt(pg, learner, rid)),
                       "the finished 2004 attempt")
    assert cmi["cmi.completion_status"] == "completed"
    assert cmi["cmi.success_status"] == "passed"
    assert cmi["cmi.score.scaled"] == "1"
    assert cmi["adl.nav.request"] == "exitAll"
    assert row["status"] == "passed" and row["total_cs"] > 0


def test_api_debugger_interactions_objectives_commit(server, pg, browser,
                                                      packages, learner):
    rid, vid = packages["debugger"]
    browser.get(server.url + f"/t/demo/play/{rid}")
    into_content(browser)
    WebDriverWait(browser, 20).until(
        lambda b: b.execute_script("return !!(window.parent && "
                                   "window.parent.API)"))
    # The debugger's own calls, as its buttons make them, through the
    # API the player gives it.
    calls = [("LMSSetValue", "cmi.core.lesson_status", "incomplete"),
             ("LMSSetValue", "cmi.core.score.raw", "77"),
             ("LMSSetValue", "cmi.objectives.0.id", "obj-budapest"),
             ("LMSSetValue", "cmi.objectives.0.status", "passed"),
             ("LMSSetValue", "cmi.interactions.0.id", "q1"),
             ("LMSSetValue", "cmi.interactions.0.type", "choice"),
             ("LMSSetValue", "cmi.interactions.0.student_response", "b"),
             ("LMSSetValue", "cmi.interactions.0.result", "correct"),
             ("LMSSetValue", "cmi.interactions.1.id", "q2"),
             ("LMSSetValue", "cmi.interactions.1.result", "wrong"),
             ("LMSCommit", "", None)]
    for fn, a, b in calls:
        args = [a] if b is None else [a, b]
        got = browser.execute_script(
            "return window.parent.API[arguments[0]].apply(null, "
            "arguments[1])", fn, args)
        assert got == "true", (fn, args)
    assert browser.execute_script(
        "return window.parent.API.LMSSetValue('cmi.core.score.raw', "
        "'lots')") == "false"
    assert browser.execute_script(
        "return window.parent.API.LMSGetLastError()") == "405"
    assert browser.execute_script(
        "return window.parent.API.LMSGetValue('cmi.interactions.0.id')") \
        == ""
    assert browser.execute_script(
        "return window.parent.API.LMSGetLastError()") == "404"
    browser.switch_to.default_content()
    item = pg.query("SELECT item FROM attempts WHERE user_id = %s AND "
                    "resource_id = %s", (learner, rid))[0][0]
    cmi, row = wait_for(lambda: (lambda a: a if a and a[0].get(
        "cmi.interactions.1.result") else None)(
        attempt(pg, learner, rid, item)), "the committed interactions")
    assert cmi["cmi.interactions.0.student_response"] == "b"
    assert cmi["cmi.objectives.0.status"] == "passed"
    assert cmi["cmi.core.score.raw"] == "77"
    assert row["open"]


def test_runtime_minimum_never_sets_a_status(server, pg, browser, packages,
                                             learner):
    rid, vid = packages["minimum"]
    browser.get(server.url + f"/t/demo/play/{rid}")
    items = [a.get_attribute("data-item") for a in
             browser.find_elements(By.CSS_SELECTOR, "#toc a[data-item]")]
    assert len(items) >= 2
    first = items[0]
    wait_for(lambda: attempt(pg, learner, rid, first), "the launch")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(
        By.CSS_SELECTOR, "#toc a[aria-current='page']").get_attribute(
        "data-item") == first)
    time.sleep(1)
    browser.find_element(By.ID, "next").click()
    # The first SCO unloads: Finish without a status is completed.
    cmi, row = wait_for(lambda: (lambda a: a if a and a[1]["ended"]
                                    else None)(
        attempt(pg, learner, rid, first)), "the first SCO finished")
    assert cmi["cmi.core.lesson_status"] == "completed"
    assert row["status"] == "completed" and row["total_cs"] > 0
    wait_for(lambda: attempt(pg, learner, rid, items[1]),
            "the second SCO launched")
    WebDriverWait(browser, 10).until(lambda b: b.find_element(
        By.CSS_SELECTOR, "#toc a[aria-current='page']").get_attribute(
        "data-item") == items[1])
    p = pg.query("SELECT status FROM progress WHERE user_id = %s AND "
                 "resource_id = %s", (learner, rid))
    assert p == [("in_progress",)]


def test_closing_the_tab_mid_course_keeps_the_data(server, pg, browser,
                                                   packages, learner):
    rid, vid = packages["golf12"]
    main = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get(server.url + f"/t/demo/play/{rid}")
    into_content(browser)
    golf_next(browser, 5)
    browser.switch_to.default_content()
    browser.close()
    browser.switch_to.window(main)
    cmi, row = wait_for(lambda: (lambda a: a if a and a[0].get(
        "cmi.core.lesson_location") == "5" else None)(
        attempt(pg, learner, rid)), "the data of the closed tab")
    assert cmi["cmi.core.lesson_status"] == "incomplete"


def test_nothing_is_lost_while_the_server_is_away(pg, browser, packages):
    """A server of its own, stopped mid-course and started again."""
    srv = Server(pg).start()
    try:
        pg.query("DELETE FROM signin_failures")
        admin = api_session(srv, pg, *ADMIN)
        rid, vid = import_package(srv, admin, (
            CORPUS / "scorm12-golf-runtime-basic-2016.zip").read_bytes(),
            publish_with=pg)
        uid = pg.query("SELECT id FROM users WHERE email = %s",
                       (LEARNER[0],))[0][0]
        sign_in_browser(srv, browser, *LEARNER)
        browser.get(srv.url + f"/t/demo/play/{rid}")
        into_content(browser)
        golf_next(browser, 2)
        browser.switch_to.default_content()
        wait_for(lambda: attempt(pg, uid, rid), "the launch")

        srv.stop()
        into_content(browser)
        golf_next(browser, 4)
        # Exit and keep the progress for later: Finish while away.
        browser.find_element(By.ID, "butExit").click()
        answer_dialog(browser)
        browser.switch_to.default_content()
        WebDriverWait(browser, 20).until(lambda b: b.execute_script(
            "return Object.keys(localStorage).some(k => "
            "k.startsWith('octolearn.pending.'))"))
        assert attempt(pg, uid, rid)[1]["open"]

        srv.start()
        cmi, row = wait_for(lambda: (lambda a: a if a and not a[1][
            "open"] else None)(attempt(pg, uid, rid)),
            "the queued commit after the server came back", timeout=60)
        assert cmi["cmi.core.lesson_location"] == "6"
        assert cmi["cmi.core.exit"] == "suspend"
        WebDriverWait(browser, 10).until(lambda b: not b.execute_script(
            "return Object.keys(localStorage).some(k => "
            "k.startsWith('octolearn.pending.'))"))
    finally:
        browser.delete_all_cookies()
        browser.get("about:blank")
        srv.destroy()


def test_a_file_is_viewed_then_marked_done(server, pg, browser, learner):
    admin = api_session(server, pg, *ADMIN)
    r = admin.post(server.url + "/api/v1/tenants/demo/files/en",
                   data=b"%PDF-1.4\n%%EOF\n",
                   headers={"X-Filename": "handbook.pdf",
                            "Content-Type": "application/pdf"})
    assert r.status_code == 201
    rid = r.json()["resource_id"]
    pg.query("UPDATE resources SET published = true WHERE id = %s", (rid,))
    sign_in_browser(server, browser, *LEARNER)
    browser.get(server.url + f"/t/demo/play/{rid}")

    def status():
        rows = pg.query("SELECT status FROM progress WHERE user_id = %s "
                        "AND resource_id = %s", (learner, rid))
        return rows[0][0] if rows else None

    assert wait_for(lambda: status() == "in_progress", "viewed")
    browser.find_element(By.ID, "done").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_element(
        By.ID, "viewer").get_attribute("data-state") == "completed")
    assert "Marked as done." in browser.find_element(
        By.ID, "viewer-status").text
    assert status() == "completed"
