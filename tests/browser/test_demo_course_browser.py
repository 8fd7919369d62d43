"""The demo course of content/ in a real browser, in Spanish: a learner
whose saved language is Spanish opens the Budapest Convention course,
reads the four lesson pages, passes the quiz, and finds the score
recorded and shown on their dashboard as Spanish writes it."""

import html
import re
import subprocess
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, catalogue_of, sign_in_browser, wait_gone

TENANT = "curso-demo"
LEARNER = ("aprendiz@curso.example", "curso-learner-password-2026")
TITLE_ES = "El Convenio de Budapest sobre la Ciberdelincuencia"
# The quiz's right answers (q1..q5).
ANSWERS = ("q1-b", "q2-c", "q3-a", "q4-d", "q5-b")


@pytest.fixture(scope="module")
def course(pg, server, tmp_path_factory):
    pg.admin("tenant", "create", TENANT, "Curso Demo", "--lang", "en",
             "--languages", "en,fr,es", "--if-missing")
    pg.admin("user", "add", "--tenant", TENANT, "--email", LEARNER[0],
             "--name", "Ana", "--roles", "learner", "--if-missing",
             env={"OCTOLEARN_PASSWORD": LEARNER[1]})
    pg.query("UPDATE users SET lang = 'es' WHERE email = %s", (LEARNER[0],))
    subprocess.run([str(ROOT / "conf" / "demo-content.sh"), TENANT],
                   cwd=ROOT, check=True, capture_output=True,
                   env=dict(server.env, OCTOLEARN_CONTENT_OUT=str(
                       tmp_path_factory.mktemp("content"))))
    return pg.query("SELECT r.id FROM resources r JOIN tenants t ON t.id = "
                    "r.tenant_id WHERE t.slug = %s AND r.id IN (SELECT "
                    "resource_id FROM package_versions WHERE lang = 'es')",
                    (TENANT,))[0][0]


def into_content(browser):
    browser.switch_to.default_content()
    WebDriverWait(browser, 20).until(
        EC.frame_to_be_available_and_switch_to_it((By.ID, "sco")))


def clickable(browser, element_id):
    return WebDriverWait(browser, 15).until(
        EC.element_to_be_clickable((By.ID, element_id)))


def test_spanish_course_to_the_end(server, pg, browser, course):
    rid = course
    es = catalogue_of("es")
    sign_in_browser(server, browser, *LEARNER, tenant=TENANT)
    browser.get(f"{server.url}/t/{TENANT}/resources/{rid}")
    root = browser.find_element(By.TAG_NAME, "html")
    assert root.get_attribute("lang") == "es"
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE_ES
    assert not browser.find_elements(By.ID, "variant-note")
    start = browser.find_element(By.ID, "start")
    assert start.text == es.pgettext("action", "Start")
    start.click()

    wait_gone(browser, root, 10)
    assert browser.find_element(By.CSS_SELECTOR, "h1").text == TITLE_ES
    into_content(browser)
    assert browser.find_element(By.TAG_NAME, "html") \
        .get_attribute("lang") == "es"
    for _ in range(3):
        clickable(browser, "next").click()
        time.sleep(0.2)
    WebDriverWait(browser, 10).until(
        EC.visibility_of_element_located((By.ID, "done-note")))

    # The player's own Next: on to the quiz.
    browser.switch_to.default_content()
    clickable(browser, "next").click()
    into_content(browser)
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.ID, "quiz")))
    for answer in ANSWERS:
        browser.find_element(By.CSS_SELECTOR,
                             f"label[for={answer}]").click()
    clickable(browser, "submit").click()
    WebDriverWait(browser, 10).until(
        EC.visibility_of_element_located((By.ID, "result-score")))
    assert "5" in browser.find_element(By.ID, "result-score").text

    def passed():
        rows = pg.query("SELECT p.status, p.score FROM progress p JOIN "
                        "users u ON u.id = p.user_id WHERE u.email = %s "
                        "AND p.resource_id = %s", (LEARNER[0], rid))
        return rows and rows[0][0] == "passed" and rows[0]

    deadline = time.time() + 30
    while not passed():
        assert time.time() < deadline, "the quiz's result never arrived"
        time.sleep(0.2)
    assert passed()[1] == pytest.approx(1.0)

    browser.switch_to.default_content()
    browser.get(f"{server.url}/t/{TENANT}/dashboard")
    row = browser.find_element(By.CSS_SELECTOR,
                               f"tr[data-resource='{rid}']")
    cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
    assert cells[0] == TITLE_ES
    assert cells[1] == es.pgettext("progress", "Passed")
    # (Selenium's text has ordinary spaces for no-break ones.)
    assert cells[2] == (es.pgettext("number", "%s%%") % "100").replace(
        "\u00a0", " ")
    # The date of the last activity is written the Spanish way.
    assert re.search(r"\d+ de \w+ de \d{4} \d\d:\d\d", cells[4]), cells[4]
    assert html.unescape(browser.page_source).count(TITLE_ES) >= 1
