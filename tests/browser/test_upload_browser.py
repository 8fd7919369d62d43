"""A tenant admin uploads packages in a real browser: the page shows the
progress bar, then the import's outcome without a reload: a link to the
new resource for a good package, the reason for a bad one."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import CORPUS as CORPUS_ROOT
from conftest import ROOT, wait_gone

CORPUS = CORPUS_ROOT / "packages"


def sign_in_admin(server, browser):
    browser.delete_all_cookies()
    browser.get(server.url + "/t/demo/signin")
    browser.find_element(By.ID, "email").send_keys("admin@demo.example")
    field = browser.find_element(By.ID, "password")
    html = browser.find_element(By.TAG_NAME, "html")
    field.send_keys("demo-admin-2026", Keys.ENTER)
    wait_gone(browser, html, 10)


def upload(server, browser, name, path=None):
    # From the admins' resource list, as an admin would go.
    browser.get(server.url + "/t/demo/admin/resources")
    html = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.LINK_TEXT, "Upload a package").click()
    wait_gone(browser, html, 10)
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "file").send_keys(str(path or CORPUS / name))
    browser.find_element(By.CSS_SELECTOR, "#upload button").click()
    box = browser.find_element(By.ID, "progress")
    WebDriverWait(browser, 60).until(
        lambda b: box.get_attribute("data-state") in ("done", "failed"))
    # Still the same page: no reload happened.
    assert page.is_enabled()
    return box


def test_upload_shows_progress_and_result(server, pg, browser):
    pg.query("DELETE FROM signin_failures")
    sign_in_admin(server, browser)
    before = pg.query("SELECT count(*) FROM package_versions")[0][0]
    box = upload(server, browser, "scorm12-golf-runtime-basic-2016.zip")
    assert box.is_displayed()
    assert box.get_attribute("data-state") == "done"
    bar = browser.find_element(By.ID, "bar")
    assert bar.get_attribute("value") == "100"
    status = browser.find_element(By.ID, "status").text
    assert "The package has been imported." in status
    link = browser.find_element(By.ID, "resource-link")
    rid = int(box.get_attribute("data-resource"))
    assert link.get_attribute("href").endswith(f"/t/demo/resources/{rid}")
    # The new resource's page opens, titled from the manifest.
    html = browser.find_element(By.TAG_NAME, "html")
    link.click()
    wait_gone(browser, html, 10)
    assert "Golf" in browser.find_element(By.TAG_NAME, "h1").text
    assert pg.query("SELECT count(*) FROM package_versions")[0][0] == \
        before + 1
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_upload_shows_the_reason_of_a_refusal(server, pg, browser):
    pg.query("DELETE FROM signin_failures")
    sign_in_admin(server, browser)
    before = pg.query("SELECT count(*) FROM package_versions")[0][0]
    box = upload(server, browser, "bad-manifest-in-subfolder-only.zip")
    assert box.get_attribute("data-state") == "failed"
    assert "The package was refused:" in browser.find_element(
        By.ID, "status").text
    problems = [li.text for li in browser.find_elements(
        By.CSS_SELECTOR, "#problems li")]
    assert problems and "imsmanifest.xml" in problems[0]
    assert pg.query("SELECT count(*) FROM package_versions")[0][0] == before


def test_upload_of_a_pdf_makes_a_file_resource(server, pg, browser, tmp_path):
    pg.query("DELETE FROM signin_failures")
    sign_in_admin(server, browser)
    pdf = tmp_path / "Réglement intérieur.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"x" * 200000 + b"\n%%EOF\n")
    box = upload(server, browser, None, path=pdf)
    assert box.get_attribute("data-state") == "done"
    rid = int(box.get_attribute("data-resource"))
    rows = pg.query("SELECT r.kind, t.title, v.bytes FROM resources r "
                    "JOIN resource_texts t ON t.resource_id = r.id "
                    "JOIN package_versions v ON v.resource_id = r.id "
                    "WHERE r.id = %s", (rid,))
    assert rows == [("file", "Réglement intérieur.pdf", 200016)]
    assert "The package has been imported." in browser.find_element(
        By.ID, "status").text
