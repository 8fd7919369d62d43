"""A platform admin in a real browser (Debian's headless Chromium): signs
in, follows the header's Tenants link, creates a tenant through the
multipart form with its language checkboxes, and finds it in the list."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ROOT, submit_and_wait

RESULTS = ROOT / "tests" / "results"


@pytest.fixture
def clean(pg):
    pg.query("DELETE FROM signin_failures")
    pg.query("DELETE FROM tenants WHERE slug = 'plat-browser'")
    yield
    pg.query("DELETE FROM tenants WHERE slug = 'plat-browser'")


def test_platform_admin_creates_a_tenant(server, pg, browser, clean):
    browser.delete_all_cookies()
    browser.get(server.url + "/t/demo/signin")
    browser.find_element(By.ID, "email").send_keys("platform@demo.example")
    field = browser.find_element(By.ID, "password")
    field.send_keys("demo-platform-2026")
    submit_and_wait(browser, field, Keys.ENTER)
    assert browser.current_url == server.url + "/t/demo/"

    submit_and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, "header nav.admin a[href$='/platform/tenants']"))
    assert browser.current_url == server.url + "/t/demo/platform/tenants"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Tenants"

    browser.find_element(By.ID, "slug").send_keys("plat-browser")
    browser.find_element(By.ID, "name").send_keys("Browser Academy")
    Select(browser.find_element(By.ID, "default_lang")) \
        .select_by_value("fr")
    for code in ("fr", "de"):
        browser.find_element(
            By.CSS_SELECTOR, f"input[name=languages][value={code}]").click()
    submit_and_wait(browser, browser.find_element(
        By.XPATH, "//button[text()='Create tenant']"))
    assert browser.current_url == server.url + "/t/demo/platform/tenants"

    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in browser.find_elements(
                By.CSS_SELECTOR, "table.list tbody tr")]
    assert ["plat-browser", "Browser Academy", "fr", "en,fr,de",
            "Active"] in rows, rows
    RESULTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(RESULTS / "platform-tenants.png"))
    assert pg.query("SELECT name, default_lang, languages, enabled FROM "
                    "tenants WHERE slug = 'plat-browser'") == \
        [("Browser Academy", "fr", ["en", "fr", "de"], True)]
    errors = [e for e in browser.get_log("browser")
              if e["level"] == "SEVERE"]
    assert errors == [], errors
