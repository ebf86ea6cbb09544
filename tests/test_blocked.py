"""A site whose CDN refuses us (war.gov's Akamai answers 403 to datacenter addresses): the
crawl says so in plain words, archives the refusals as what they are, and stores no article."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.extraction.blocked import MAX_BLOCK_PAGE, block_page
from crawler.sites import dod
from crawler.sites.table import FIXTURE_ROOT
from tests.conftest import FAST, run_cli

DENIED = gzip.decompress((FIXTURE_ROOT / "dod" / "403_access-denied.html.gz").read_bytes())
FEED = dod.SITE.feeds[0]
STORIES = (
    "/News/News-Stories/Article/Article/4000001/a/",
    "/News/News-Stories/Article/Article/4000002/b/",
)


class _Akamai(BaseHTTPRequestHandler):
    """Akamai in front of war.gov, seen from a datacenter: 403 for everything, or (partial)
    everything but the story feed."""

    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.server.partial and self.path == FEED:
            items = "".join(
                f"<item><title>Story {i}</title><link>{self.server.origin}{path}</link>"
                "<pubDate>Fri, 22 Nov 2024 15:00:00 GMT</pubDate></item>"
                for i, path in enumerate(STORIES)
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
            self._send(200, "application/rss+xml", body.encode())
            return
        self._send(403, "text/html", DENIED)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def version_string(self) -> str:
        return "AkamaiGHost"


def _serve(partial: bool) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Akamai)
    server.partial = partial  # type: ignore[attr-defined]
    server.origin = f"http://127.0.0.1:{server.server_address[1]}"  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.origin  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


@pytest.fixture
def refusing() -> Iterator[str]:
    yield from _serve(partial=False)


@pytest.fixture
def refusing_articles() -> Iterator[str]:
    yield from _serve(partial=True)


def _report(out: Path) -> dict[str, Any]:
    (path,) = (out / "runs").glob("*.json")
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _warc_statuses(out: Path) -> list[tuple[str, str]]:
    found = []
    for warc in sorted((out / "warc").glob("*.warc.gz")):
        with warc.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response" and record.http_headers is not None:
                    found.append(
                        (
                            record.http_headers.get_statuscode(),
                            record.rec_headers.get_header("WARC-Target-URI"),
                        )
                    )
    return found


def test_a_site_that_refuses_everything_fails_plainly(refusing: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("crawl", "dod", "--base-url", refusing, "--out", str(out), *FAST)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().endswith(
        "defnews: error: the site refused every request (Access Denied from Akamai); "
        + dod.SITE.access_note
    )
    blocked = [line for line in done.stdout.splitlines() if line.startswith("blocked:")]
    assert blocked == [
        "blocked: 2 requests answered with Access Denied from Akamai; " + dod.SITE.access_note
    ]
    report = _report(out)
    assert report["blocked"] == {
        "count": 2,
        "by": "Access Denied from Akamai",
        "advice": dod.SITE.access_note,
    }
    reasons = {failure["reason"] for failure in report["failures"]}
    assert reasons == {
        "HTTP 403: Access Denied from Akamai (reference 18.9d37d517.1732268400.1b195610)"
    }
    assert not (out / "articles").exists() or not list((out / "articles").rglob("*.json"))
    # The refusals are archived as the answers they were (evidence), feeds and robots.txt too.
    statuses = _warc_statuses(out)
    assert statuses and {status for status, _ in statuses} == {"403"}
    assert any(uri.endswith(FEED) for _, uri in statuses)


def test_refused_articles_are_failures_not_articles(refusing_articles: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("crawl", "dod", "--base-url", refusing_articles, "--out", str(out), *FAST)
    # The feed answered: the run did its job as far as the site let it (exit 0), and says why
    # it has nothing.
    assert done.returncode == 0, done.stderr
    assert "wrote 0 articles" in done.stdout
    # The two stories and the releases feed.
    assert "blocked: 3 requests answered with Access Denied from Akamai;" in done.stdout
    report = _report(out)
    assert report["articles"] == 0 and report["blocked"]["count"] == 3
    failed = {failure["url"].removeprefix(refusing_articles) for failure in report["failures"]}
    assert failed == {*STORIES, dod.SITE.feeds[1]}
    assert not (out / "articles").exists() or not list((out / "articles").rglob("*.json"))


def test_check_sites_says_the_site_refuses(refusing: str) -> None:
    done = run_cli("check-sites", "dod", "--base-url", refusing)
    assert done.returncode == 2 and not done.stdout
    assert done.stderr == (
        f"defnews: error: {refusing}{FEED} answered 403: Access Denied from Akamai (reference "
        f"18.9d37d517.1732268400.1b195610); {dod.SITE.access_note}\n"
    )


def test_block_signatures() -> None:
    assert str(block_page(DENIED)) == (
        "Access Denied from Akamai (reference 18.9d37d517.1732268400.1b195610)"
    )
    # Without the reference line, Akamai's Server header names it.
    bare = b"<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>No.</BODY></HTML>"
    assert block_page(bare) is None
    assert str(block_page(bare, "AkamaiGHost")) == "Access Denied from Akamai"
    challenge = (
        "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
        '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
        "<p>Cloudflare Ray ID: <code>8e1f2a3b4c5d6e7f</code></p></body></html>"
    )
    assert (
        str(block_page(challenge))
        == "a browser challenge from Cloudflare (reference 8e1f2a3b4c5d6e7f)"
    )
    imperva = "<html><body>Request unsuccessful. Incapsula incident ID: 123000-456</body></html>"
    assert str(block_page(imperva)) == "a blocked-request page from Imperva (reference 123000-456)"
    # An article that is about a block page is long, and not one.
    story = (
        "<html><head><title>Access Denied</title></head><body>" + "<p>Reference #18.1</p>" * 4000
    )
    assert len(story) > MAX_BLOCK_PAGE and block_page(story) is None
