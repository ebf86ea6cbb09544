"""Our WACZ in ReplayWeb.page, the real app (its npm package's built ui.js and sw.js, fetched by
scripts/fetch-replaywebpage.sh), in headless Chromium, offline: a demo article replays as the
page it was, with its photo; and the WACZ passes the wacz package's own validator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.cli import CrawlResult, run_cli
from tests.support.replayweb import (
    PlayerSite,
    ReplayedPage,
    app_dir,
    build_player,
    replayed_page,
    start_chromium,
)

SEED = "711953"
ARTICLE_IMAGES = "article img"  # the article's own pictures, not the site's logo and chrome


@dataclass(frozen=True)
class Exported:
    wacz: Path
    url: str  # the seed article's URL as crawled
    title: str


@pytest.fixture(scope="module")
def exported(demo_crawl: CrawlResult, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path_factory.mktemp("rwp") / "out"))
    wacz = out.parent / "demo.wacz"
    done = run_cli("export", "--format", "wacz", "--out", str(out), "-o", str(wacz))
    assert done.returncode == 0, done.stderr
    (record,) = out.glob(f"articles/**/*-{SEED}-*.json")
    article = json.loads(record.read_text(encoding="utf-8"))
    return Exported(wacz, article["url"], article["title"])


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    app_dir()  # fails, naming the fetch script, before a browser starts for nothing
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def replayed(
    exported: Exported, browser: WebDriver, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ReplayedPage]:
    """The seed article as ReplayWeb.page shows it, loaded once for the module's tests."""
    folder = build_player(tmp_path_factory.mktemp("player"), exported.wacz, exported.url)
    with PlayerSite(folder) as site:
        browser.get(f"{site.base_url}/index.html")
        yield replayed_page(browser, exported.url, images=ARTICLE_IMAGES)


def test_replayweb_shows_the_article(exported: Exported, replayed: ReplayedPage) -> None:
    # The page itself, not the article's metadata JSON under the page's URL (which stock
    # indexers once let replay in its place: it holds the title too).
    assert replayed.content_type == "text/html", replayed.content_type
    assert not replayed.text.lstrip().startswith("{"), replayed.text[:200]
    assert exported.title in replayed.text, replayed.text[:500]
    assert exported.title in replayed.title


def test_replayweb_shows_the_article_photo(exported: Exported, replayed: ReplayedPage) -> None:
    assert replayed.images, f"no <img> in the replayed article at {replayed.href}"
    shown = [image.src for image in replayed.images if image.width > 0]
    missing = [image.src for image in replayed.images if image.width == 0]
    assert shown, f"none of the article's {len(missing)} images replayed: {missing}"


def test_wacz_validate_passes(exported: Exported) -> None:
    # The console script, whose exit status is validate's verdict (`python -m wacz` drops it).
    wacz = Path(sys.executable).with_name("wacz")
    done = subprocess.run(
        [str(wacz), "validate", "-f", str(exported.wacz)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation succeeded" in done.stdout, done.stdout
