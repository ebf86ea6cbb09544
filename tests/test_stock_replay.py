"""Our archive in stock pywb, as anyone would replay it: `wb-manager add` from the WARCs, and
`wb-manager add --unpack-wacz` from the WACZ `defnews export` writes, both served by one stock
`wayback`. Every archived demo article must come back as its page (not, say, the metadata
record we keep beside it), at its capture time and as the latest capture, raw and rewritten;
and so must its images."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from crawler.core.archive.reader import record_headers_at
from tests.support.cli import CrawlResult, run_cli
from tests.support.pywb_collection import (
    BIN,
    Wayback,
    collection_from_wacz,
    collection_from_warcs,
    fetch,
)
from tests.support.server import HandlerSite, QuietHandler, free_port

COLLECTIONS = ("from-warcs", "from-wacz")


@dataclass(frozen=True)
class Archived:
    url: str
    title: str
    timestamp: str  # the capture's WARC-Date in pywb's 14 digits
    images: tuple[str, ...]


@pytest.fixture(scope="module")
def out(demo_crawl: CrawlResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's crawl: the export writes into it, and others read the original."""
    return Path(shutil.copytree(demo_crawl.out, tmp_path_factory.mktemp("stock") / "out"))


@pytest.fixture(scope="module")
def wacz(out: Path) -> Path:
    target = out.parent / "archive.wacz"
    done = run_cli("export", "--format", "wacz", "--out", str(out), "-o", str(target))
    assert done.returncode == 0, done.stderr
    return target


@pytest.fixture(scope="module")
def articles(out: Path) -> list[Archived]:
    found = []
    for path in sorted((out / "articles").rglob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        ref = article["warc"]
        head = record_headers_at(out / ref["file"], ref["offset"], ref["length"])
        # The ref must name the page's own response, or the timestamp below is some other one.
        assert head["WARC-Record-ID"] == ref["record_id"], path.name
        assert head["WARC-Target-URI"] == article["url"], path.name
        stamp = datetime.fromisoformat(head["WARC-Date"]).strftime("%Y%m%d%H%M%S")
        images = tuple(image["url"] for image in article["images"])
        found.append(Archived(article["url"], article["title"], stamp, images))
    assert len(found) >= 20, f"the demo crawl archived only {len(found)} articles"
    return found


@pytest.fixture(scope="module")
def wayback(out: Path, wacz: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wayback]:
    """Both collections in one folder, one stock wayback serving them (starting it is the slow
    part, a couple of seconds)."""
    root = tmp_path_factory.mktemp("pywb")
    collection_from_warcs(root, "from-warcs", sorted((out / "warc").glob("*.warc*")))
    collection_from_wacz(root, "from-wacz", wacz)
    with Wayback(root, free_port()) as server:
        yield server


def _page_problem(server: Wayback, coll: str, modifier: str, article: Archived) -> str | None:
    """What is wrong with the replay of article's page in this mode, if anything."""
    url = server.url(coll, modifier, article.url)
    reply = fetch(url)
    if reply.status != 200 or not reply.content_type.startswith("text/html"):
        return f"{url}: {reply.status} {reply.content_type!r} {reply.body[:80]!r}"
    if not any(article.title in text for text in reply.texts()):
        return f"{url}: title {article.title!r} not in the body {reply.body[:200]!r}"
    return None


@pytest.mark.parametrize("coll", COLLECTIONS)
def test_stock_pywb_replays_every_article(
    wayback: Wayback, articles: list[Archived], coll: str
) -> None:
    # id_ is the archived bytes as they are, mp_ the page as pywb rewrites it for a browser;
    # each at the capture's own second and as "latest", where a stray record may sort first.
    problems = [
        problem
        for article in articles
        for modifier in (f"{article.timestamp}id_", "id_", f"{article.timestamp}mp_", "mp_")
        if (problem := _page_problem(wayback, coll, modifier, article))
    ]
    if problems:  # the first few say enough, and the count says how far it goes
        pytest.fail(f"{len(problems)} bad replays:\n" + "\n".join(problems[:12]), pytrace=False)


@pytest.mark.parametrize("coll", COLLECTIONS)
def test_stock_pywb_replays_every_article_image(
    wayback: Wayback, articles: list[Archived], coll: str
) -> None:
    images = sorted({url for article in articles for url in article.images})
    assert images, "the demo articles show no images"
    problems = []
    for image in images:
        url = wayback.url(coll, "id_", image)
        reply = fetch(url)
        if reply.status != 200 or not reply.content_type.startswith("image/") or not reply.body:
            problems.append(f"{url}: {reply.status} {reply.content_type!r} {len(reply.body)} bytes")
    if problems:
        pytest.fail(
            f"{len(problems)} of {len(images)} images:\n" + "\n".join(problems[:12]), pytrace=False
        )


def test_wacz_passes_wacz_validate(wacz: Path) -> None:
    done = subprocess.run(
        [str(BIN / "wacz"), "validate", "-f", str(wacz)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation succeeded" in done.stdout


class _Stalls(QuietHandler):
    """Announces 5035 bytes, sends 1000, then keeps the connection open: a truncated record."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "5035")
        self.end_headers()
        self.wfile.write(b"x" * 1000)
        self.wfile.flush()
        self.rfile.read(1)  # blocks until the client gives up and closes


def test_fetch_fails_a_stalled_body_instead_of_hanging() -> None:
    site = HandlerSite(_Stalls).start()
    try:
        with pytest.raises(AssertionError, match=r"no answer within 0.5 s from http://"):
            fetch(f"{site.base_url}/page", timeout=0.5)
    finally:
        site.stop()
