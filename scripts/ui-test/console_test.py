#!/usr/bin/env python3
"""The operator console in a real browser: headless Debian Chromium driven by Selenium.

Run against a `dadns serve` whose bind backend failed `failed_zone` and works again, with
`search_zone` stored too (Tests/DadnsTests/ConsoleBrowserTests.swift sets that up):

    console_test.py BASE_URL USER PASSWORD FAILED_ZONE SEARCH_ZONE [ORPHAN_ZONE MISSING_ZONE]

It checks: the pages need a login; a wrong password refused and counted in /metrics; logging in; finding a zone by search; the failed zone marked
failed; a POST without the CSRF token refused (403); pressing retry and seeing the zone turn ok
before its scheduled next attempt; on SEARCH_ZONE's page (pushed twice: generations 1 and 2) the
history, a rollback cancelled in its confirm() leaving the zone alone, a confirmed rollback to
generation 1 leading to the diff of what changed, and without the script's confirm() the
server's confirmation page; with ORPHAN_ZONE and MISSING_ZONE (a reconciler in dry run lists them)
the reconciler page listing both, ignoring the orphan and fetching the missing zone; logging out.
Exit status 0 only when every check held.
Selenium never downloads anything: the driver's path is given and Selenium Manager is off.
"""
import base64
import os
import sys
import time
import urllib.error
import urllib.request

os.environ["SE_OFFLINE"] = "true"
os.environ["SE_AVOID_STATS"] = "true"

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok:", message, flush=True)


def browser():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            raise SystemExit(f"{path} is missing: install chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def press(driver, element):
    """Clicks a button (or submits a field's form) and waits until the next page has loaded."""
    page = driver.find_element(By.TAG_NAME, "html")
    if element.tag_name == "button":
        element.click()
    else:
        element.submit()
    WebDriverWait(driver, 10).until(lambda _: left(page))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def left(page):
    """Whether the browser has left `page` (the old page's html element). Chromium says so with a
    stale element or, caught mid-navigation, with a node that "does not belong to the document";
    any other error is raised."""
    try:
        page.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def post_status(url, body, cookie=None):
    """The status of a form POST made outside the browser (no redirects followed)."""
    request = urllib.request.Request(url, data=body.encode(), method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def metrics(base, user, password):
    """`/metrics` with the operator's Basic credentials."""
    request = urllib.request.Request(base + "/metrics")
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def rows(driver):
    return [(row.get_attribute("data-zone"), row.get_attribute("data-backend"), row.get_attribute("data-state"))
            for row in driver.find_elements(By.CSS_SELECTOR, "tr[data-zone]")]


def check_charts(driver):
    """The overview's three activity charts are inline SVG with lines drawn and styled by the stylesheet."""
    charts = {svg.get_attribute("data-chart"): svg for svg in driver.find_elements(By.CSS_SELECTOR, "svg.chart")}
    check(sorted(charts) == ["applies", "latency", "pushes"], f"the overview has the three activity charts: {sorted(charts)}")
    for name, svg in charts.items():
        check(svg.get_attribute("data-empty") == "false", f"the {name} chart has data")
        title = svg.find_element(By.TAG_NAME, "title").get_attribute("textContent")
        check(title.strip() != "", f"the {name} chart has a title: {title}")
        paths = svg.find_elements(By.CSS_SELECTOR, "path.series")
        check(paths and all(path.get_attribute("d").startswith("M") for path in paths), f"the {name} chart draws its lines")
        # Drawn on the page: the line has a size, and its colour comes from the stylesheet (the CSP forbids inline style).
        widest = max(driver.execute_script("return arguments[0].getBBox().width", path) for path in paths)
        stroke = driver.execute_script("return getComputedStyle(arguments[0]).stroke", paths[0])
        check(widest > 0 and stroke not in ("none", ""), f"the {name} chart's lines are drawn ({widest:.0f} wide, stroke {stroke})")
        check(svg.size["width"] >= 300, f"the {name} chart fills its box ({svg.size['width']} px wide)")


def search(driver, base, text):
    driver.get(base + "/ui/zones")
    field = driver.find_element(By.ID, "zone-search")
    field.clear()
    field.send_keys(text)
    press(driver, field)
    return rows(driver)


def history(driver):
    return [row.get_attribute("data-generation") for row in driver.find_elements(By.CSS_SELECTOR, "table.history tr[data-generation]")]


def answer_confirm(driver, button, accept):
    """Clicks a button whose script asks with confirm(); returns the question after answering it."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    alert = WebDriverWait(driver, 10).until(expected_conditions.alert_is_present())
    question = alert.text
    if accept:
        alert.accept()
        WebDriverWait(driver, 10).until(lambda _: left(page))
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    else:
        alert.dismiss()
    return question


def roll_back_and_see_the_diff(driver, base, zone):
    driver.get(base + "/ui/zones/" + zone)
    check(history(driver) == ["2", "1"], f"{zone}'s page lists its two versions, newest first: {history(driver)}")
    rollback = f"table.history tr[data-generation='1'] form.rollback button"
    question = answer_confirm(driver, driver.find_element(By.CSS_SELECTOR, rollback), accept=False)
    check(question == f"Roll back {zone} to generation 1?", f"the rollback asks first: {question!r}")
    driver.get(base + "/ui/zones/" + zone)
    check(history(driver) == ["2", "1"], "a cancelled rollback changes nothing")

    answer_confirm(driver, driver.find_element(By.CSS_SELECTOR, rollback), accept=True)
    check(f"/ui/zones/{zone}/diff?from=2&to=3" in driver.current_url, f"a rollback leads to its diff (at {driver.current_url})")
    check("Rolled back to generation 1" in driver.find_element(By.CSS_SELECTOR, ".notice").text, "the rollback is confirmed")
    removed = [span.text for span in driver.find_elements(By.CSS_SELECTOR, "pre.diff span.diff-del")]
    added = [span.text for span in driver.find_elements(By.CSS_SELECTOR, "pre.diff span.diff-add")]
    check(any(" 2 " in line and "SOA" in line for line in removed) and any(" 1 " in line and "SOA" in line for line in added),
          f"the diff shows serial 2's SOA removed and serial 1's added: -{removed} +{added}")
    check(driver.find_element(By.CSS_SELECTOR, "span.diff-add").value_of_css_property("background-color") != "rgba(0, 0, 0, 0)",
          "added lines are marked by the stylesheet")
    driver.get(base + "/ui/zones/" + zone)
    check(history(driver) == ["3", "2", "1"], f"the rollback is generation 3 in the history: {history(driver)}")
    check(driver.find_element(By.CSS_SELECTOR, "table.history tr[data-generation='3']").get_attribute("data-source") == "cli",
          "generation 3 is the operator's")

    # Without the script's confirm(), the server asks on a page of its own.
    heal = driver.find_element(By.CSS_SELECTOR, "form.heal button")
    driver.execute_script("arguments[0].removeAttribute('data-confirm')", heal)
    press(driver, heal)
    check(driver.find_element(By.ID, "question").text.startswith(f"Heal {zone}:"), "without confirm() the server asks on a page")
    press(driver, driver.find_element(By.ID, "confirm"))
    check(driver.current_url.startswith(base + f"/ui/zones/{zone}?healed="), f"confirming heals (at {driver.current_url})")
    check("Healed" in driver.find_element(By.CSS_SELECTOR, ".notice").text, "the heal is reported")


def ignore_and_approve(driver, base, orphan, missing):
    deadline = time.time() + 30
    listed = []
    while time.time() < deadline:
        driver.get(base + "/ui/reconciler")
        listed = [(row.get_attribute("data-zone"), row.get_attribute("data-kind"))
                  for row in driver.find_elements(By.CSS_SELECTOR, "table.candidates tr[data-zone]")]
        if (orphan, "orphan") in listed and (missing, "missing") in listed:
            break
        time.sleep(0.3)
    check((orphan, "orphan") in listed and (missing, "missing") in listed,
          f"the reconciler page lists {orphan} as an orphan and {missing} as missing: {listed}")
    ignore = driver.find_element(By.CSS_SELECTOR, f"table.candidates tr[data-zone='{orphan}'] form.ignore button")
    question = answer_confirm(driver, ignore, accept=True)
    check(question.startswith(f"Ignore {orphan}"), f"ignoring asks first: {question!r}")
    check(f"{orphan} ignored" in driver.find_element(By.CSS_SELECTOR, ".notice").text, "the ignore is reported")
    check(driver.find_elements(By.CSS_SELECTOR, f"table.ignored tr[data-zone='{orphan}'][data-state='ignored']"),
          f"{orphan} is on the ignore list")
    check(not driver.find_elements(By.CSS_SELECTOR, f"table.candidates tr[data-zone='{orphan}']"), f"{orphan} is no longer a candidate")
    fetch = driver.find_element(By.CSS_SELECTOR, f"table.candidates tr[data-zone='{missing}'] form.approve button")
    question = answer_confirm(driver, fetch, accept=True)
    check(question.startswith(f"Fetch {missing} from"), f"fetching asks first: {question!r}")
    check(f"{missing} fetched" in driver.find_element(By.CSS_SELECTOR, ".notice").text,
          f"the fetch is reported: {driver.find_element(By.TAG_NAME, 'main').text[:300]}")


def main():
    base, user, password, failed_zone, search_zone = sys.argv[1:6]
    driver = browser()
    try:
        for page in ["/ui/", "/ui/zones", "/ui/failed"]:
            driver.get(base + page)
            check(driver.current_url == base + "/ui/login", f"{page} without a login shows the login form")
        check(post_status(base + "/ui/retry", "") == 403, "a POST without a session is refused")

        driver.find_element(By.NAME, "username").send_keys(user)
        driver.find_element(By.NAME, "password").send_keys("not-" + password)
        press(driver, driver.find_element(By.CSS_SELECTOR, "form.login button"))
        check("Wrong user or password." in driver.find_element(By.CSS_SELECTOR, ".error").text, "a wrong password is refused")
        check(driver.get_cookie("dadns_session") is None, "a wrong password starts no session")
        check('dadns_auth_failures_total{endpoint="console"} 1' in metrics(base, user, password),
              "the failed console login is counted in /metrics")

        driver.find_element(By.NAME, "username").clear()
        driver.find_element(By.NAME, "username").send_keys(user)
        driver.find_element(By.NAME, "password").send_keys(password)
        press(driver, driver.find_element(By.CSS_SELECTOR, "form.login button"))
        check(driver.current_url == base + "/ui/",
              f"logging in leads to the overview (at {driver.current_url}: {driver.find_element(By.TAG_NAME, 'body').text[:300]})")
        check(driver.find_element(By.ID, "overall").get_attribute("data-state") in ("ok", "degraded", "error"),
              "the overview shows the overall status")
        check_charts(driver)
        session = driver.get_cookie("dadns_session")
        check(session is not None and session.get("httpOnly") and session.get("sameSite") == "Strict",
              "the session cookie is HttpOnly and SameSite=Strict")
        cookie = "dadns_session=" + session["value"]
        check(post_status(base + "/ui/retry", "", cookie) == 403, "a POST without the CSRF token is refused")
        check(post_status(base + "/ui/logout", "csrf=not-the-token", cookie) == 403, "a POST with a wrong CSRF token is refused")

        found = search(driver, base, search_zone.split(".")[0])
        check([zone for zone, _, _ in found] == [search_zone], f"searching finds {search_zone} only: {found}")
        found = search(driver, base, failed_zone)
        check([state for zone, _, state in found if zone == failed_zone] == ["failed"], f"{failed_zone} is marked failed: {found}")

        driver.get(base + "/ui/failed")
        row = driver.find_element(By.CSS_SELECTOR, f"tr[data-zone='{failed_zone}'][data-state='failed']")
        next_attempt = int(row.find_element(By.CSS_SELECTOR, "td[data-next-attempt]").get_attribute("data-next-attempt"))
        press(driver, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        check(driver.current_url.startswith(base + "/ui/failed?retried="), "retry leads back to the failed list")
        check("queued for a retry now" in driver.find_element(By.CSS_SELECTOR, ".notice").text, "the retry is confirmed")
        deadline = time.time() + 15
        state = None
        while time.time() < deadline:
            driver.get(base + "/ui/zones?q=" + failed_zone)
            state = [s for zone, _, s in rows(driver) if zone == failed_zone]
            if state == ["ok"]:
                break
            time.sleep(0.3)
        check(state == ["ok"], f"{failed_zone} turns ok after the retry (last seen {state})")
        check(time.time() < next_attempt, "it turned ok before its scheduled next attempt: the retry did it")

        roll_back_and_see_the_diff(driver, base, search_zone)
        if len(sys.argv) > 7:
            ignore_and_approve(driver, base, sys.argv[6], sys.argv[7])

        press(driver, driver.find_element(By.CSS_SELECTOR, "form.logout button"))
        check(driver.current_url == base + "/ui/login", "logging out shows the login form")
        driver.get(base + "/ui/")
        check(driver.current_url == base + "/ui/login", "after logging out the pages need a login again")
    finally:
        driver.quit()
    print("console browser test passed", flush=True)


if __name__ == "__main__":
    main()
