"""Languages in a real browser: an Arabic page lays out right to left (the
header mirrored, text starting on the right), the visitor's switch keeps
the chosen language from page to page, and a signed-in user's switch
saves it and returns to the same page."""


import pytest
from selenium.webdriver.common.by import By

from conftest import catalogue_of, sign_in_browser, submit_and_wait

TENANT = "rtl-school"
LEARNER = ("learner@rtl.example", "rtl-learner-password-2026")


@pytest.fixture(scope="module")
def school(pg, server, browser):
    pg.admin("tenant", "create", TENANT, "مدرسة التدريب", "--lang", "ar",
             "--languages", "ar,en,fr", "--if-missing")
    pg.admin("user", "add", "--tenant", TENANT, "--email", LEARNER[0],
             "--name", "Layla", "--roles", "learner", "--if-missing",
             env={"OCTOLEARN_PASSWORD": LEARNER[1]})
    pg.query("UPDATE users SET lang = NULL WHERE email = %s",
             (LEARNER[0],))
    browser.delete_all_cookies()
    yield TENANT
    browser.delete_all_cookies()


def html(browser):
    return browser.find_element(By.TAG_NAME, "html")


def test_arabic_is_right_to_left(server, browser, school):
    browser.set_window_size(1280, 900)
    # Chromium asks for English; ?lang= asks for Arabic.
    browser.get(f"{server.url}/t/{TENANT}/signin?lang=ar")
    ar = catalogue_of("ar")
    assert html(browser).get_attribute("lang") == "ar"
    assert html(browser).get_attribute("dir") == "rtl"
    body = browser.find_element(By.TAG_NAME, "body")
    assert body.value_of_css_property("direction") == "rtl"
    assert browser.find_element(By.TAG_NAME, "h1").text == \
        ar.gettext("Sign in")
    # The header mirrors: the brand on the right, the sign-in link left.
    brand = browser.find_element(By.CSS_SELECTOR, "header.top .brand")
    width = browser.execute_script("return document.documentElement"
                                   ".clientWidth")
    rect = brand.rect
    assert rect["x"] + rect["width"] > width * 0.6, rect
    # A label's text starts at the right edge of its field.
    gap = browser.execute_script("""
        const label = document.querySelector("form label");
        const field = document.getElementById(label.htmlFor);
        const range = document.createRange();
        range.selectNodeContents(label);
        const text = range.getBoundingClientRect();
        const box = field.getBoundingClientRect();
        return [box.right - text.right, text.left - box.left];""")
    assert abs(gap[0]) < 2 and gap[1] > 20, gap
    # An English name inside the Arabic page keeps its own direction.
    en = browser.find_element(By.CSS_SELECTOR, ".lang-switch a[lang=en]")
    assert en.get_attribute("dir") == "ltr"
    assert en.value_of_css_property("direction") == "ltr"


def test_visitor_switch_is_kept(server, browser, school):
    browser.get(f"{server.url}/t/{TENANT}/signin")
    submit_and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, ".lang-switch a[lang=fr]"))
    assert html(browser).get_attribute("lang") == "fr"
    assert html(browser).get_attribute("dir") == "ltr"
    assert browser.current_url.endswith(f"/t/{TENANT}/signin?lang=fr")
    # The next page, without ?lang=, stays in French.
    browser.get(f"{server.url}/t/{TENANT}/")
    assert html(browser).get_attribute("lang") == "fr"
    current = browser.find_element(By.CSS_SELECTOR,
                                   ".lang-switch [aria-current=true]")
    assert current.text == "Français"


def test_signed_in_switch_saves_and_returns(server, pg, browser, school):
    sign_in_browser(server, browser, *LEARNER, tenant=TENANT)
    browser.get(f"{server.url}/t/{TENANT}/catalogue")
    # Chromium's own language, which this tenant offers.
    assert html(browser).get_attribute("lang") == "en"

    submit_and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, ".lang-switch button[value=ar]"))
    assert browser.current_url == f"{server.url}/t/{TENANT}/catalogue"
    assert html(browser).get_attribute("lang") == "ar"
    assert html(browser).get_attribute("dir") == "rtl"
    assert browser.find_element(By.TAG_NAME, "h1").text == \
        catalogue_of("ar").gettext("Catalogue")
    assert pg.query("SELECT lang FROM users WHERE email = %s",
                    (LEARNER[0],))[0][0] == "ar"
    # Saved: ?lang= does not override it.
    browser.get(f"{server.url}/t/{TENANT}/dashboard?lang=fr")
    assert html(browser).get_attribute("lang") == "ar"

    # Back to the browser's own language.
    submit_and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, ".lang-switch button[value='']"))
    assert html(browser).get_attribute("lang") == "en"
    assert pg.query("SELECT lang FROM users WHERE email = %s",
                    (LEARNER[0],))[0][0] is None
