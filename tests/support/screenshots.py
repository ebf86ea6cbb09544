"""Pictures of the web view's pages as a reader sees them, on a laptop (1366x768) and on a phone
(390x844), for the browser tests and for docs/screenshots/ (scripts/screenshots.py).

The sizes are emulated through the DevTools protocol rather than by resizing the window:
Chromium keeps a minimum window width wider than a phone's, the emulated viewport has none.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from selenium.webdriver.remote.webdriver import WebDriver

SIZES = {"wide": (1366, 768), "phone": (390, 844)}


def reader_pages(query: str, article: str) -> dict[str, str]:
    """Every page a reader uses, by name: the path to load."""
    return {
        "home": "/",
        "search": "/search?" + urlencode({"q": query}),
        "article": f"/article/{article}",
        "changes": "/changes",
        "attention": "/attention?" + urlencode({"q": query, "by": "week"}),
        "health": "/health",
    }


def emulate(driver: WebDriver, size: str) -> None:
    width, height = SIZES[size]
    driver.execute_cdp_cmd(  # type: ignore[attr-defined]  # Chromium's driver has it
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )


def overflow(driver: WebDriver) -> int:
    """How many pixels the page is wider than the viewport (0: no sideways scrolling)."""
    return int(
        driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def save(driver: WebDriver, base: str, pages: dict[str, str], directory: Path) -> list[Path]:
    """Each page at each size as directory/NAME-SIZE.png."""
    directory.mkdir(parents=True, exist_ok=True)
    saved = []
    for size in SIZES:
        emulate(driver, size)
        for name, path in pages.items():
            driver.get(base + path)
            target = directory / f"{name}-{size}.png"
            target.write_bytes(driver.get_screenshot_as_png())
            saved.append(target)
    return saved
