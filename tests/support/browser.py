"""Debian's Chromium, headless, through chromedriver (both installed by .ci/run), as every
browser test drives it: offline for certain (no host name but the loopback resolves, so an
archived page's ad and CDN links fail at once instead of leaving the machine)."""

from __future__ import annotations

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver


def start_chromium(window: str = "1400,1000", *, eager: bool = False) -> WebDriver:
    """eager: a page counts as loaded once its document is (not its scripts and images)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    if eager:
        options.page_load_strategy = "eager"
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={window}",
        # No connections to Google's services: the machine has no internet.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(30)
    return driver
