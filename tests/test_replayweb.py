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
from lxml import html as lxml_html
from selenium.webdriver.remote.webdriver import WebDriver
from warcio.archiveiterator import ArchiveIterator

from crawler.core.archive.records import NOT_MODIFIED_PROFILE
from crawler.demo.server import DemoServer
from tests.support.browser import start_chromium
from tests.support.cli import FAST, CrawlResult, run_cli
from tests.support.replayweb import (
    PlayerSite,
    ReplayedPage,
    app_dir,
    build_player,
    open_player,
    replayed_page,
)

SEED = "711953"
ARTICLE_IMAGES = "article img"  # the article's own pictures, not the site's logo and chrome
WACZ_CLI = Path(sys.executable).with_name("wacz")  # the console script: its exit status counts


@dataclass(frozen=True)
class Exported:
    wacz: Path
    warcs: list[Path]
    url: str  # the seed article's URL as crawled
    title: str
    image: str  # the URL of the article's first picture


@pytest.fixture(scope="module")
def exported(demo_crawl: CrawlResult, tmp_path_factory: pytest.TempPathFactory) -> Exported:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path_factory.mktemp("rwp") / "out"))
    wacz = out.parent / "demo.wacz"
    done = run_cli("export", "--format", "wacz", "--out", str(out), "-o", str(wacz))
    assert done.returncode == 0, done.stderr
    (record,) = out.glob(f"articles/**/*-{SEED}-*.json")
    article = json.loads(record.read_text(encoding="utf-8"))
    warcs = sorted(out.glob("warc/*.warc.gz"))
    return Exported(wacz, warcs, article["url"], article["title"], article["images"][0]["url"])


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    app_dir()  # fails, naming the fetch script, before a browser starts for nothing
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


def _replay(browser: WebDriver, folder: Path, wacz: Path, url: str) -> ReplayedPage:
    with PlayerSite(build_player(folder, wacz, url)) as site:
        open_player(browser, f"{site.base_url}/index.html")
        return replayed_page(browser, url, images=ARTICLE_IMAGES)


@pytest.fixture(scope="module")
def replayed(
    exported: Exported, browser: WebDriver, tmp_path_factory: pytest.TempPathFactory
) -> ReplayedPage:
    """The seed article as ReplayWeb.page shows it, loaded once for the module's tests."""
    return _replay(browser, tmp_path_factory.mktemp("player"), exported.wacz, exported.url)


def test_replayweb_shows_the_article(exported: Exported, replayed: ReplayedPage) -> None:
    # The page itself, not the article's metadata JSON under the page's URL (which stock
    # indexers once let replay in its place: it holds the title too).
    assert replayed.content_type == "text/html", replayed.content_type
    assert not replayed.text.lstrip().startswith("{"), replayed.text[:200]
    assert exported.title in replayed.text, replayed.text[:500]
    assert exported.title in replayed.title


def test_replayweb_shows_the_article_photo(exported: Exported, replayed: ReplayedPage) -> None:
    assert replayed.images, f"no <img> in the replayed article at {replayed.href}"
    missing = [image.src for image in replayed.images if image.width == 0]
    assert not missing, f"{len(missing)} of the article's {len(replayed.images)} images: {missing}"
    assert any(image.src.endswith("_/" + exported.image) for image in replayed.images)


def test_wacz_validate_passes(exported: Exported) -> None:
    done = subprocess.run(
        [str(WACZ_CLI), "validate", "-f", str(exported.wacz)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation succeeded" in done.stdout, done.stdout


def test_replayweb_replays_a_revalidated_listing_as_its_content(
    demo_crawl: CrawlResult,
    demo_server: DemoServer,
    browser: WebDriver,
    tmp_path: Path,
) -> None:
    """A listing that answered 304 in a second run: its latest capture is a server-not-modified
    revisit, which the app must follow to the capture it confirms (a 304 replayed as itself
    is a blank page)."""
    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    done = run_cli("crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(out), *FAST)
    assert done.returncode == 0, done.stderr
    confirmed: dict[str, str] = {}  # listing URL -> the record ID of the capture it confirms
    pages: dict[str, bytes] = {}  # record ID -> the archived body of a 200 HTML page
    for warc in sorted(out.glob("warc/*.warc.gz")):
        with warc.open("rb") as handle:
            for record in ArchiveIterator(handle):
                headers = record.rec_headers
                url = headers.get_header("WARC-Target-URI") or ""
                if headers.get_header("WARC-Profile") == NOT_MODIFIED_PROFILE:
                    confirmed[url] = headers.get_header("WARC-Refers-To")
                elif (
                    record.rec_type == "response" and record.http_headers.get_statuscode() == "200"
                ) and "html" in (record.http_headers.get_header("Content-Type") or ""):
                    pages[headers.get_header("WARC-Record-ID")] = record.content_stream().read()
    listings = sorted(url for url, ref in confirmed.items() if ref in pages)
    assert listings, f"no revalidated HTML page in the second run: {sorted(confirmed)}"
    url = listings[0]
    title = lxml_html.document_fromstring(pages[confirmed[url]]).findtext(".//title").strip()
    wacz = tmp_path / "two-runs.wacz"
    done = run_cli("export", "--format", "wacz", "--out", str(out), "-o", str(wacz))
    assert done.returncode == 0, done.stderr
    page = _replay(browser, tmp_path / "player", wacz, url)  # no timestamp: the latest capture
    assert page.content_type == "text/html", (url, page.content_type)
    assert title in page.title, (url, title, page.title, page.text[:200])
