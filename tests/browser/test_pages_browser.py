"""The pages in a real browser (Debian's headless Chromium): the layout and
stylesheet load under the Content-Security-Policy, the skip link works from
the keyboard, and the page does not overflow on a phone-sized screen."""

import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, submit_and_wait

RESULTS = ROOT / "tests" / "results"


def console_errors(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_tenant_home_renders_with_stylesheet(server, browser):
    browser.get(server.url + "/t/demo/")
    assert browser.title == "Home — Demo Training Institute"
    h1 = browser.find_element(By.TAG_NAME, "h1")
    assert h1.text == "Demo Training Institute"
    header = browser.find_element(By.CSS_SELECTOR, "header.top")
    # The project's stylesheet applied (brand colour), nothing blocked.
    assert header.value_of_css_property("background-color") == \
        "rgba(23, 64, 122, 1)"
    assert console_errors(browser) == []
    assert browser.find_element(By.TAG_NAME, "html") \
        .get_attribute("lang") == "en"
    os.makedirs(RESULTS, exist_ok=True)
    browser.save_screenshot(str(RESULTS / "tenant-home.png"))


def test_skip_link_by_keyboard(server, browser):
    browser.get(server.url + "/t/demo/")
    skip = browser.find_element(By.CSS_SELECTOR, "a.skip")
    assert skip.location["x"] < 0          # hidden until focused
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip"
    assert active.location["x"] >= 0       # visible when focused
    active.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("#main")


def test_front_page_links_to_tenant(server, browser):
    browser.get(server.url + "/")
    submit_and_wait(browser, browser.find_element(
        By.LINK_TEXT, "Demo Training Institute"))
    assert browser.current_url == server.url + "/t/demo/"


def test_small_screen_does_not_overflow(server, browser):
    browser.set_window_size(375, 740)
    try:
        browser.get(server.url + "/t/demo/")
        width = browser.execute_script(
            "return document.documentElement.scrollWidth")
        inner = browser.execute_script("return window.innerWidth")
        assert width <= inner
    finally:
        browser.set_window_size(1280, 900)


def test_not_found_page_in_browser(server, browser):
    browser.get(server.url + "/t/nosuch/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Page not found"


def test_sign_in_and_out(server, pg, browser):
    pg.query("DELETE FROM signin_failures")
    browser.delete_all_cookies()
    console_errors(browser)         # drain what earlier tests left
    browser.get(server.url + "/t/demo/")
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in"))
    assert browser.title == "Sign in — Demo Training Institute"
    # Labels belong to their fields.
    email = browser.find_element(By.ID, "email")
    assert browser.find_element(
        By.CSS_SELECTOR, "label[for=email]").text == "Email address"
    email.send_keys("admin@demo.example")
    password = browser.find_element(By.ID, "password")
    password.send_keys("wrong-password")
    submit_and_wait(browser, password, Keys.ENTER)
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]")
    assert alert.text == "The email address or the password is not right."
    # The address stays; the password does not.
    assert browser.find_element(By.ID, "email").get_attribute("value") == \
        "admin@demo.example"
    password = browser.find_element(By.ID, "password")
    assert password.get_attribute("value") == ""
    password.send_keys("demo-admin-2026")
    submit_and_wait(browser, password, Keys.ENTER)
    assert browser.current_url == server.url + "/t/demo/"
    assert "Welcome, Ada Admin" in browser.page_source
    # The session cookie is out of reach of scripts (HttpOnly).
    assert "octolearn_sid" not in browser.execute_script(
        "return document.cookie")
    browser.save_screenshot(str(RESULTS / "signed-in.png"))
    submit_and_wait(browser, browser.find_element(
        By.CSS_SELECTOR, "header .account button"))
    assert browser.current_url == server.url + "/t/demo/"
    assert browser.find_element(By.LINK_TEXT, "Sign in")
    assert "Welcome," not in browser.page_source
    # Nothing went wrong but the wrong password's deliberate 401.
    errors = [e["message"] for e in console_errors(browser)]
    assert len(errors) == 1 and "401 (Unauthorized)" in errors[0], errors


def browser_sign_in(server, browser, email, password):
    browser.delete_all_cookies()
    browser.get(server.url + "/t/demo/signin")
    browser.find_element(By.ID, "email").send_keys(email)
    field = browser.find_element(By.ID, "password")
    field.send_keys(password)
    submit_and_wait(browser, field, Keys.ENTER)
    assert browser.current_url == server.url + "/t/demo/"


@pytest.mark.parametrize("email,password,name,nav", [
    ("admin@demo.example", "demo-admin-2026", "Ada Admin",
     ["My learning", "Catalogue", "Users", "Resources", "Groups",
      "Reports"]),
    ("trainer@demo.example", "demo-trainer-2026", "Tomás Trainer",
     ["My learning", "Catalogue", "Groups", "Reports"]),
    ("learner2@demo.example", "demo-learner-2026", "Luca Learner",
     ["My learning", "Catalogue"]),
])
def test_each_role_sees_what_it_may(server, pg, browser, email, password,
                                    name, nav):
    admin = "Users" in nav
    pg.query("DELETE FROM signin_failures")
    pg.query("UPDATE users SET disabled = false")
    # Two groups: the trainer leads one (with Lena), not the other (Leyla).
    pg.query("DELETE FROM groups")
    for gname, learner, led in (("Browser A", "learner1", True),
                                ("Browser B", "learner3", False)):
        pg.query("INSERT INTO groups (tenant_id, name) SELECT id, %s "
                 "FROM tenants WHERE slug = 'demo'", (gname,))
        pg.query("INSERT INTO group_members (tenant_id, group_id, user_id, "
                 "role) SELECT g.tenant_id, g.id, u.id, r FROM groups g, "
                 "users u, (VALUES ('learner', %s), ('trainer', "
                 "'trainer')) AS v (r, who) WHERE g.name = %s AND "
                 "u.email = v.who || '@demo.example' AND (r = 'learner' "
                 "OR %s)", (learner, gname, led))
    browser_sign_in(server, browser, email, password)
    assert f"Welcome, {name}" in browser.page_source
    # The page is loaded: look without waiting for links that may be absent.
    browser.implicitly_wait(0)
    try:
        links = [a.text for a in browser.find_elements(
            By.CSS_SELECTOR, "header nav.admin a")]
    finally:
        browser.implicitly_wait(5)
    assert links == nav
    if "Groups" in nav:
        browser.find_element(By.LINK_TEXT, "Groups").click()
        assert browser.find_element(By.TAG_NAME, "h1").text == "Groups"
        shown = [a.text for a in browser.find_elements(
            By.CSS_SELECTOR, "table.list tbody a")]
        assert shown == (["Browser A", "Browser B"] if admin
                         else ["Browser A"])
        browser.find_element(By.LINK_TEXT, "Browser A").click()
        assert "Lena Learner" in browser.page_source
        assert "Leyla Learner" not in browser.page_source
    browser.get(server.url + "/t/demo/admin/users")
    heading = browser.find_element(By.TAG_NAME, "h1").text
    if admin:
        assert heading == "Users"
        rows = browser.find_elements(By.CSS_SELECTOR, "table.list tbody tr")
        assert len(rows) >= 5
    else:
        assert heading == "Not allowed" or heading == "Something went wrong"
        assert "You do not have access to this page." in browser.page_source
        assert "Lena Learner" not in browser.page_source


def test_admin_creates_a_user_in_the_browser(server, pg, browser):
    pg.query("DELETE FROM signin_failures")
    pg.query("DELETE FROM user_roles WHERE user_id IN (SELECT id FROM "
             "users WHERE email = 'browser-made@demo.example')")
    pg.query("DELETE FROM users WHERE email = 'browser-made@demo.example'")
    browser_sign_in(server, browser, "admin@demo.example", "demo-admin-2026")
    browser.get(server.url + "/t/demo/admin/users")
    submit_and_wait(browser, browser.find_element(By.LINK_TEXT, "New user"))
    browser.find_element(By.ID, "email").send_keys(
        "browser-made@demo.example")
    browser.find_element(By.ID, "name").send_keys("Brenda Browser")
    browser.find_element(By.NAME, "role_trainer").click()
    field = browser.find_element(By.ID, "password")
    field.send_keys("browser-made-pass")
    submit_and_wait(browser, field, Keys.ENTER)
    assert browser.current_url == server.url + "/t/demo/admin/users"
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR,
                                                     "table.list td")]
    assert "Brenda Browser" in cells
    assert "Learner, Trainer" in cells
