#!/usr/bin/env python3
"""Screenshots of the operator console for the docs: headless Debian Chromium driven by Selenium.

    screenshots.py BASE_URL USER PASSWORD ZONE OUTPUT_DIRECTORY

Logs in at BASE_URL/ui/ and saves, at 1280x900 CSS pixels, OUTPUT_DIRECTORY/console-overview.png
(the overview with its charts), console-zones.png (the zones list) and console-zone.png (ZONE's
page). Tests/DadnsTests/ConsoleScreenshotTests.swift starts the daemon they show (a real named,
one backend made to fail, some pushed zones) and runs this; see docs/dashboard.md for how to
regenerate docs/img/. Exit status 0 only when the three files were written.
"""
import os
import sys

from console_test import browser, check, press
from selenium.webdriver.common.by import By

WIDTH, HEIGHT = 1280, 900


def log_in(driver, base, user, password):
    driver.get(base + "/ui/login")
    driver.find_element(By.NAME, "username").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(password)
    press(driver, driver.find_element(By.CSS_SELECTOR, "form.login button"))
    check(driver.current_url == base + "/ui/", "logged in")


def shoot(driver, url, path):
    driver.get(url)
    driver.execute_script("window.scrollTo(0, 0)")
    check(driver.save_screenshot(path) and os.path.getsize(path) > 0, f"{url} saved as {path}")


def main():
    base, user, password, zone, directory = sys.argv[1:6]
    os.makedirs(directory, exist_ok=True)
    driver = browser()
    try:
        # The viewport itself at 1280x900 (the window's size would include no frame, but make sure).
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        log_in(driver, base, user, password)
        shoot(driver, base + "/ui/", os.path.join(directory, "console-overview.png"))
        shoot(driver, base + "/ui/zones", os.path.join(directory, "console-zones.png"))
        shoot(driver, base + "/ui/zones/" + zone, os.path.join(directory, "console-zone.png"))
    finally:
        driver.quit()
    print("console screenshots saved in", directory, flush=True)


if __name__ == "__main__":
    main()
