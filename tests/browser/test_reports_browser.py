"""A trainer in a real browser: from the navigation to the reports, to
the course report of a course their group took, whose three charts are
drawn and labelled; the table sorts by score; the learners download as a
CSV file that a spreadsheet would read back as the page shows it."""

import csv
import io
import os
import time

import pytest
from selenium.webdriver.common.by import By

import reportdata
from conftest import sign_in_browser, wait_gone

T = reportdata.T


@pytest.fixture(scope="module")
def data(pg):
    return reportdata.build(pg)


def test_trainer_reads_a_course_report_and_downloads_it(
        server, pg, browser, data, tmp_path):
    pg.query("DELETE FROM signin_failures")
    sign_in_browser(server, browser, "trainer@rpt.example", reportdata.PW,
                    tenant=T)
    nav = browser.find_element(By.CSS_SELECTOR, "nav.admin")
    page = browser.find_element(By.TAG_NAME, "html")
    nav.find_element(By.LINK_TEXT, "Reports").click()
    wait_gone(browser, page)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Reports"
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.LINK_TEXT, "Electronic evidence").click()
    wait_gone(browser, page)

    # The figures of group A (see tests/integration/test_reports.py).
    assert browser.find_element(By.ID, "fig-learners").text == "3"
    assert browser.find_element(By.ID, "fig-score").text == "65%"
    assert browser.find_element(By.ID, "fig-time").text == "0:10:00"

    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(charts) == 3
    for svg in charts:
        # Drawn: the browser gives each a real size.
        size = svg.size
        assert size["width"] > 200 and size["height"] > 50
    status = browser.find_element(By.ID, "chart-status")
    labels = [t.text for t in status.find_elements(By.TAG_NAME, "text")]
    for want in ("Not started", "In progress", "Completed", "Passed",
                 "Failed"):
        assert want in labels
    # Each bar's value is written beside it, not told by colour alone.
    assert labels.count("1") == 3 and labels.count("0") == 2
    title = status.find_element(By.TAG_NAME, "title")
    assert title.get_attribute("textContent") == "Learners by status"

    # Sort by score, highest first.
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.LINK_TEXT, "Score").click()
    wait_gone(browser, page)
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.LINK_TEXT, "Score").click()
    wait_gone(browser, page)
    rows = browser.find_elements(By.CSS_SELECTOR, "#learner-rows tbody tr")
    assert [r.find_element(By.TAG_NAME, "td").text for r in rows] == [
        "Anna Alpha", "Bruno Beta", "Chloé Gamma"]
    th = browser.find_element(By.CSS_SELECTOR, "th[aria-sort]")
    assert th.get_attribute("aria-sort") == "descending"

    # Download the learners as CSV.
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {
        "behavior": "allow", "downloadPath": str(tmp_path)})
    browser.find_element(By.LINK_TEXT, "Download as CSV").click()
    deadline = time.time() + 20
    got = []
    while time.time() < deadline:
        got = [f for f in os.listdir(tmp_path) if f.endswith(".csv")]
        if got and not any(f.endswith(".crdownload")
                           for f in os.listdir(tmp_path)):
            break
        time.sleep(0.2)
    assert got == [f"course-{data['C1']}.csv"], os.listdir(tmp_path)
    with open(tmp_path / got[0], "rb") as f:
        raw = f.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    # The page's sort and filters go with the file; the file is in name
    # order.
    assert rows[0][:3] == ["Name", "Email address", "Status"]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("Anna Alpha", "Passed", "90"), ("Bruno Beta", "Failed", "40"),
        ("Chloé Gamma", "In progress", "")]
