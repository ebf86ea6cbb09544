"""Our WACZ in ReplayWeb.page, the real app (its npm package's built ui.js and sw.js, fetched by
scripts/fetch-replaywebpage.sh), in headless Chromium, offline: a demo article replays as the
page it was, with its photo; and the WACZ passes the wacz package's own validator."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.webdriver.remote.webdriver import WebDriver
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support.cli import CrawlResult, run_cli
from tests.support.replayweb import (
    PlayerSite,
    ReplayedPage,
    app_dir,
    build_player,
    open_player,
    replayed_page,
    start_chromium,
)

SEED = "711953"
ARTICLE_IMAGES = "article img"  # the article's own pictures, not the site's logo and chrome
# A 1x1 GIF: the smallest picture a browser decodes to a natural width above 0.
GIF = bytes.fromhex(
    "4749463839610100010080000000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
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
    shown = [image.src for image in replayed.images if image.width > 0]
    missing = [image.src for image in replayed.images if image.width == 0]
    assert shown, f"none of the article's {len(missing)} images replayed: {missing}"


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


def _with_picture(warc: Path, url: str, target: Path) -> Path:
    """`warc` plus a response record for `url` holding a GIF (gzip members concatenate)."""
    record = io.BytesIO()
    writer = WARCWriter(record, gzip=True)
    head = StatusAndHeaders(
        "200 OK",
        [("Content-Type", "image/gif"), ("Content-Length", str(len(GIF)))],
        protocol="HTTP/1.1",
    )
    writer.write_record(
        writer.create_warc_record(
            url, "response", payload=io.BytesIO(GIF), length=len(GIF), http_headers=head
        )
    )
    target.write_bytes(warc.read_bytes() + record.getvalue())
    return target


def test_the_photo_check_sees_a_photo_the_archive_holds(
    exported: Exported, browser: WebDriver, tmp_path: Path
) -> None:
    """The control for the photo test: with the picture archived (here by hand, packed by the
    wacz package's own `wacz create`), the same check in the same app sees it load."""
    (warc,) = exported.warcs
    extended = _with_picture(warc, exported.image, tmp_path / warc.name)
    wacz = tmp_path / "control.wacz"
    done = subprocess.run(
        [str(WACZ_CLI), "create", "-o", str(wacz), str(extended)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    page = _replay(browser, tmp_path / "player", wacz, exported.url)
    # The app rewrites each src to its replay address: ".../<timestamp>im_/<archived URL>".
    widths = [image.width for image in page.images if image.src.endswith("_/" + exported.image)]
    assert widths == [1], page.images
