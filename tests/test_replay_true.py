"""Revalidations and cut-short bodies, replayed by stock pywb as anyone would.

A 304 is archived as a server-not-modified revisit of the capture it confirms, so the latest
capture of a revalidated sitemap replays the sitemap (a 304 record replayed as itself is an
empty page); a body cut short replays to its stored end instead of leaving the client waiting
for the bytes the server promised."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from crawler.core.archive.records import NOT_MODIFIED_PROFILE
from crawler.demo.server import DemoServer
from tests.support.cli import FAST, CrawlResult, run_cli
from tests.support.inprocess import archive as archive_in_process
from tests.support.pywb_collection import Wayback, collection_from_warcs, fetch
from tests.support.server import free_port
from tests.support.sites.hard import HardServer

Headers = dict[str, str]


def _records(warcs: list[Path]) -> list[tuple[str, Headers, bytes]]:
    found = []
    for path in warcs:
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                headers = dict(record.rec_headers.headers)
                found.append((record.rec_type, headers, record.content_stream().read()))
    return found


def test_a_304_is_a_revisit_of_what_it_confirmed_and_replays_its_content(
    demo_crawl: CrawlResult, demo_server: DemoServer, tmp_path: Path
) -> None:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    first = set((out / "warc").glob("*.warc.gz"))
    done = run_cli("crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(out), *FAST)
    assert done.returncode == 0, done.stderr
    second = sorted(set((out / "warc").glob("*.warc.gz")) - first)
    assert second
    before = {h["WARC-Record-ID"]: (kind, h) for kind, h, _ in _records(sorted(first))}
    records = _records(second)
    revisits = [h for kind, h, _ in records if h.get("WARC-Profile") == NOT_MODIFIED_PROFILE]
    # Every sitemap and feed answered 304 in the second run (tests/test_incremental.py).
    sitemaps = {h["WARC-Target-URI"] for h in revisits if h["WARC-Target-URI"].endswith(".xml")}
    assert sitemaps and len(revisits) >= len(sitemaps)
    heads = {
        h["WARC-Refers-To"]: block
        for kind, h, block in records
        if h.get("WARC-Target-URI", "").startswith("urn:defnews:not-modified:")
    }
    for revisit in revisits:
        kind, original = before[revisit["WARC-Refers-To"]]  # the capture it confirms
        assert kind == "response"
        assert original["WARC-Target-URI"] == revisit["WARC-Refers-To-Target-URI"]
        assert original["WARC-Date"] == revisit["WARC-Refers-To-Date"]
        # (The record holding the body: another URL's when the first capture of this one was
        # itself a revisit of an identical payload, as two of the demo's sitemaps are.)
        assert "WARC-Payload-Digest" not in revisit  # the profile forbids one
        assert revisit["Content-Length"] == "0"
        # What the server said is kept all the same: its 304 head, beside the revisit.
        assert heads[revisit["WARC-Record-ID"]].startswith(b"HTTP/1.1 304 Not Modified\r\n")
    # The archive holds no 304 response: no replay tool can pick an empty page as "latest".
    assert not [h for kind, h, block in records if kind == "response" and b" 304 " in block[:20]]

    root = tmp_path / "pywb"
    root.mkdir()
    collection_from_warcs(root, "c", sorted((out / "warc").glob("*.warc.gz")))
    with Wayback(root, free_port()) as wayback:
        for sitemap in sorted(sitemaps):
            reply = fetch(wayback.url("c", "id_", sitemap))
            assert reply.status == 200, (sitemap, reply.status)
            body = reply.body
            if body[:2] == b"\x1f\x8b":  # archived as sent: gzip on request
                body = gzip.decompress(body)
            assert b"<loc>" in body, (sitemap, body[:200])


def test_a_body_cut_short_replays_to_its_stored_end(tmp_path: Path) -> None:
    with HardServer() as server:
        url = server.base_url + "/short"  # promises 100 bytes, sends 9, hangs up
        sets = ["--set", "DOWNLOAD_FAIL_ON_DATALOSS=False"]
        assert archive_in_process([url], tmp_path / "out", *sets, *FAST) == 0
    root = tmp_path / "pywb"
    root.mkdir()
    collection_from_warcs(root, "c", sorted((tmp_path / "out" / "warc").glob("*.warc.gz")))
    with Wayback(root, free_port()) as wayback:
        reply = fetch(wayback.url("c", "id_", url), timeout=10)  # fails rather than hangs
    assert reply.status == 200
    assert reply.body == b"only nine"
