"""A site whose CDN refuses us (war.gov's Akamai answers 403 to datacenter addresses): the
crawl says so in plain words, archives the refusals as what they are, and stores no article."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.core.extraction.blocked import MAX_BLOCK_PAGE, block_page
from crawler.core.sites.outlets import dod
from tests.support.cli import FAST, run_cli
from tests.support.sites.akamai import CHALLENGE, DENIED, FEED, STORIES, AkamaiSite


@pytest.fixture
def refusing() -> Iterator[str]:
    with AkamaiSite("all") as site:
        yield site.base_url


@pytest.fixture
def refusing_articles() -> Iterator[str]:
    with AkamaiSite("partial") as site:
        yield site.base_url


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


@pytest.mark.parametrize("mode", ["robots-ok", "challenge"])
def test_refused_even_when_something_answers_200(mode: str, tmp_path: Path) -> None:
    """robots.txt answering (Akamai lets it through on some sites), or a challenge served with
    200 on every page: still no page of the site's, so the run failed."""
    out = tmp_path / "out"
    with AkamaiSite(mode) as site:
        done = run_cli("crawl", "dod", "--base-url", site.base_url, "--out", str(out), *FAST)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "defnews: error: the site refused every request" in done.stderr
    assert _report(out)["blocked"]["count"] == 2  # the two feeds
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
    assert str(block_page(CHALLENGE)) == (
        "a browser challenge from Cloudflare (reference 8e1f2a3b4c5d6e7f)"
    )
    imperva = "<html><body>Request unsuccessful. Incapsula incident ID: 123000-456</body></html>"
    assert str(block_page(imperva)) == "a blocked-request page from Imperva (reference 123000-456)"
    # An article that is about a block page is long, and not one.
    story = (
        "<html><head><title>Access Denied</title></head><body>" + "<p>Reference #18.1</p>" * 4000
    )
    assert len(story) > MAX_BLOCK_PAGE and block_page(story) is None
    # Ordinary articles carry Cloudflare's bot-detection script and Imperva's sensor: no block.
    article = "<html><head><title>Story</title></head><body>" + "<p>Text of the story.</p>" * 300
    detection = '<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>'
    assert block_page(article + detection + "</body></html>") is None
    sensor = '<script src="/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e"></script>'
    assert block_page(sensor + article + "</body></html>") is None
    assert block_page(f"<html><head>{sensor}</head><body></body></html>") is not None
    # Akamai's variant without the reference line, and Cloudflare's firewall refusal (1020).
    edgesuite = (
        "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>"
        "<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;1</P></BODY></HTML>"
    )
    assert str(block_page(edgesuite)) == "Access Denied from Akamai"
    firewall = (
        "<html><head><title>Access denied | www.example.com used Cloudflare to restrict access"
        "</title></head><body>Error 1020. Cloudflare Ray ID: <strong>8e1f2a3b</strong></body></html>"
    )
    assert str(block_page(firewall)) == "Access denied from Cloudflare (reference 8e1f2a3b)"
