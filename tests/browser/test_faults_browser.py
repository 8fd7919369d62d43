"""The player's queued commits across a PostgreSQL restart (issue 9), in
headless Chromium against a cluster and server of the test's own: the
content commits while the database is away, the commit stays queued in
localStorage and the player says it is offline; once the database is
back, the queued commit arrives without a page reload and the queue
empties."""


from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import demo_course, sign_in_browser, wait_for

LEARNER = ("learner1@demo.example", "demo-learner-2026")
PENDING = ("return Object.keys(localStorage).filter(k => "
           "k.startsWith('octolearn.pending.')).length")


def stored(db, uid, rid):
    rows = db.query("SELECT cmi, session_open FROM attempts WHERE "
                    "user_id = %s AND resource_id = %s", (uid, rid))
    return (dict(rows[0][0]), rows[0][1]) if rows else (None, None)


def test_a_commit_queued_while_the_database_is_away_arrives(isolated,
                                                           browser):
    """Committed while PostgreSQL is down: queued, then stored once it is
    back, without a reload."""
    db, srv = isolated()
    rid = demo_course(db, srv)[0]
    uid = db.query("SELECT id FROM users WHERE email = %s",
                   (LEARNER[0],))[0][0]
    try:
        sign_in_browser(srv, browser, *LEARNER)
        browser.get(srv.url + f"/t/demo/play/{rid}")
        wait_for(lambda: stored(db, uid, rid)[1], "the launch", 20)
        browser.execute_script("window.octolearnFaultMark = 1")
        WebDriverWait(browser, 20).until(
            EC.frame_to_be_available_and_switch_to_it((By.ID, "sco")))
        WebDriverWait(browser, 20).until(lambda b: b.execute_script(
            "return !!(window.parent && window.parent.API)"))

        db.stop()
        for name, value in (
                ("cmi.suspend_data", "set-while-the-database-was-away"),
                ("cmi.core.lesson_location", "7")):
            assert browser.execute_script(
                "return window.parent.API.LMSSetValue(arguments[0], "
                "arguments[1])", name, value) == "true"
        assert browser.execute_script(
            "return window.parent.API.LMSCommit('')") == "true"
        browser.switch_to.default_content()
        # The commit failed: it waits in localStorage, the player says so.
        WebDriverWait(browser, 20).until(lambda b: b.find_element(
            By.ID, "player-status").get_attribute("data-state") ==
            "offline")
        assert browser.execute_script(PENDING) >= 1

        db.start()
        cmi, _ = wait_for(lambda: (lambda c: c if c[0] and c[0].get(
            "cmi.suspend_data") == "set-while-the-database-was-away"
            else None)(stored(db, uid, rid)),
            "the queued commit after the database came back", 45)
        assert cmi["cmi.core.lesson_location"] == "7"
        WebDriverWait(browser, 10).until(
            lambda b: b.execute_script(PENDING) == 0)
        WebDriverWait(browser, 10).until(lambda b: b.find_element(
            By.ID, "player-status").get_attribute("data-state") != "offline")
        # The same page all along: no reload brought it in.
        assert browser.execute_script(
            "return window.octolearnFaultMark") == 1
    finally:
        browser.switch_to.default_content()
        browser.delete_all_cookies()
        browser.get("about:blank")
