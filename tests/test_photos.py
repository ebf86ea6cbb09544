"""An article's photos are archived with it: on another host (a CDN), politely (its own
robots.txt and per-host delay), under a size cap, once per payload across runs; and what
could not be archived is said in words, per URL, without failing the run."""

from __future__ import annotations

import gzip
import itertools
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.core.archive.records import REVISIT_PROFILE
from crawler.demo.png import photo
from crawler.demo.server import DemoServer
from tests.support.cli import FAST, run_cli
from tests.support.server import HandlerSite, QuietHandler

DELAY = 0.6  # DOWNLOAD_DELAY in these runs: the CDN's requests must keep it too
CAP = 60_000  # IMAGES_MAX_BYTES in these runs
BIG = b"\xff\xd8" + b"\x00" * (CAP * 2)


@dataclass
class Cdn:
    """A second host serving the photos, with its own robots.txt, logging when each came."""

    seen: list[tuple[str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def handler(self) -> type[QuietHandler]:
        cdn = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                with cdn.lock:
                    cdn.seen.append((self.path, time.monotonic()))
                if self.path == "/robots.txt":
                    time.sleep(0.5)  # so that the photos reach the host while it is awaited
                    self.send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
                elif self.path == "/img/big.jpg":
                    self.send(200, "image/jpeg", BIG)
                elif self.path == "/img/moved.png":  # the CMS moved it: archived where it ends
                    self.send(302, "text/html", b"", ("Location", "/img/real.png"))
                elif self.path == "/img/soft.png":  # a "not found" page served with 200
                    self.send(200, "text/html", b"<h1>Image not found</h1>")
                elif self.path == "/img/zipped.png":  # small on the wire, over the cap inflated
                    zipped = gzip.compress(b"\x89PNG" + bytes(CAP * 3))
                    self.send(200, "image/png", zipped, ("Content-Encoding", "gzip"))
                elif self.path.startswith(("/img/", "/private/")) and "missing" not in self.path:
                    self.send(200, "image/png", photo(self.path))
                else:
                    self.send(404, "text/html", b"<h1>Not found</h1>")

        return Handler


def _page(cdn: str) -> bytes:
    figures = "".join(
        f'<figure><img src="{cdn}/{path}"><figcaption>Caption {n}. (Photo: A. B)</figcaption>'
        "</figure><p>The system tracked several targets at once during the trial, according to "
        "the statement, which gave no figures for its range or its price.</p>"
        for n, path in enumerate(
            [
                "img/a.png",
                "img/b.png",
                "img/big.jpg",
                "private/c.png",
                "img/missing.png",
                "img/moved.png",
                "img/soft.png",
                "img/zipped.png",
            ]
        )
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>Army tests new radar - Test Wire</title>"
        f'<meta property="og:image" content="{cdn}/img/lead.png">'
        '<meta property="article:published_time" content="2026-11-30T08:00:00+00:00">'
        '</head><body><main><article><h1>Army tests new radar</h1><time datetime="2026-11-30">'
        "30 Nov</time><p>The army tested a new long-range radar on Monday at a range in the "
        f"north, officials said in a statement issued after the trial.</p>{figures}"
        "<p>Officials said further trials would follow next year.</p></article></main>"
        "</body></html>"
    ).encode()


@pytest.fixture
def sites() -> Iterator[tuple[str, Cdn]]:
    cdn = Cdn()
    with HandlerSite(cdn.handler()) as images:
        # "localhost", not 127.0.0.1: another host name, so another download slot and robots.txt.
        cdn_origin = images.base_url.replace("127.0.0.1", "localhost")
        page = _page(cdn_origin)

        class Pages(QuietHandler):
            def do_GET(self) -> None:
                if self.path == "/news/radar":
                    self.send(200, "text/html; charset=utf-8", page)
                else:
                    self.send(404, "text/html", b"no")

        with HandlerSite(Pages) as news:
            yield news.base_url + "/news/radar", cdn


def _archive(url: str, out: Path) -> str:
    done = run_cli(
        "archive", url, "--out", str(out),
        "--set", f"DOWNLOAD_DELAY={DELAY}", "--set", "RANDOMIZE_DOWNLOAD_DELAY=False",
        "--set", "AUTOTHROTTLE_ENABLED=False", "--set", f"IMAGES_MAX_BYTES={CAP}",
        "--set", "PAGE_REQUISITES=False",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr  # lost photos fail no run
    return done.stdout


def _records(out: Path) -> list[tuple[str, str, dict[str, str]]]:
    found = []
    for path in sorted((out / "warc").glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                headers = dict(record.rec_headers.headers)
                found.append((record.rec_type, headers.get("WARC-Target-URI", ""), headers))
    return found


def test_photos_are_archived_politely_and_what_is_not_is_said(
    sites: tuple[str, Cdn], tmp_path: Path
) -> None:
    url, cdn = sites
    stdout = _archive(url, tmp_path / "out")
    archived = {
        target.rsplit("/", 2)[-2] + "/" + target.rsplit("/", 1)[-1]: headers
        for kind, target, headers in _records(tmp_path / "out")
        if kind == "response" and "localhost" in target
    }
    # The lead picture and the two photos, each with its own request record beside it.
    assert {"img/lead.png", "img/a.png", "img/b.png"} <= set(archived)
    requests = {t for kind, t, _ in _records(tmp_path / "out") if kind == "request"}
    assert all(any(r.endswith(name) for r in requests) for name in ("lead.png", "a.png"))
    # robots.txt of the CDN forbids it: judged although nine photos reached the host at once,
    # while its robots.txt was being fetched (Scrapy let all but the first of such a burst
    # through: crawler.downloadermiddlewares.robots)
    assert "private/c.png" not in archived
    assert not [path for path, _ in cdn.seen if path.startswith("/private/")]
    assert "img/big.jpg" not in archived
    lines = stdout.splitlines()
    assert "photos: 5 of 9 archived, 4 could not be" in lines, lines
    said = "\n".join(lines)
    assert re.search(r"not archived: photo \S+/private/c\.png \(robots\.txt forbids it\)", said)
    assert re.search(
        r"not archived: photo \S+/img/big\.jpg \(larger than the 0\.1 MB cap \(IMAGES_MAX_BYTES\)\)",
        said,
    )
    assert re.search(r"not archived: photo \S+/img/missing\.png \(HTTP 404\)", said)
    assert re.search(r"not archived: photo \S+/img/soft\.png \(not an image: text/html\)", said)
    assert "zipped" not in said and "moved" not in said
    # The CDN's own robots.txt was asked first, and its requests kept the per-host delay.
    assert cdn.seen[0][0] == "/robots.txt"
    times = [at for _, at in cdn.seen]
    assert min(b - a for a, b in itertools.pairwise(times)) >= DELAY * 0.9
    # The article's record lists its photos; export says where each one is archived.
    exported = run_cli("export", "--format", "jsonl", "--out", str(tmp_path / "out"))
    (article,) = [json.loads(line) for line in exported.stdout.splitlines()]
    where = {image["url"].rsplit("/", 1)[-1]: image["archived"] for image in article["images"]}
    assert where["a.png"]["status"] == 200 and where["a.png"]["file"].startswith("warc/")
    assert where["missing.png"] is None and where["c.png"] is None and where["big.jpg"] is None
    assert where["soft.png"] is None  # archived as evidence, but no photo to show
    assert where["zipped.png"]["status"] == 200  # the WARC holds it as it came, compressed
    moved = where["moved.png"]  # found where the redirect ended
    assert moved is not None and moved["status"] == 200
    # A merged archive says the same (the redirect and the soft 404 included).
    merged = tmp_path / "merged"
    done = run_cli("catalog", "merge", str(tmp_path / "out"), "--into", str(merged))
    assert done.returncode == 0, done.stderr
    again = run_cli("export", "--format", "jsonl", "--out", str(merged))
    (copy,) = [json.loads(line) for line in again.stdout.splitlines()]
    assert {i["url"].rsplit("/", 1)[-1]: bool(i["archived"]) for i in copy["images"]} == {
        name: bool(place) for name, place in where.items()
    }
    ref = where["a.png"]
    with (tmp_path / "out" / ref["file"]).open("rb") as handle:
        handle.seek(ref["offset"])
        record = next(iter(ArchiveIterator(handle)))
        assert record.rec_headers.get_header("WARC-Target-URI").endswith("/img/a.png")
        assert record.content_stream().read() == photo("/img/a.png")


def test_a_photo_archived_before_is_a_revisit_record_in_the_next_run(
    sites: tuple[str, Cdn], tmp_path: Path
) -> None:
    url, _ = sites
    out = tmp_path / "out"
    _archive(url, out)
    first = set((out / "warc").glob("*.warc.gz"))
    _archive(url, out)
    later = []
    for path in sorted(set((out / "warc").glob("*.warc.gz")) - first):
        with path.open("rb") as handle:
            later += [
                (r.rec_type, dict(r.rec_headers.headers))
                for r in ArchiveIterator(handle)
                if "localhost" in (r.rec_headers.get_header("WARC-Target-URI") or "")
            ]
    photos = [
        h
        for kind, h in later
        if kind != "request" and h["WARC-Target-URI"].endswith(("a.png", "b.png"))
    ]
    assert photos and all(h.get("WARC-Profile") == REVISIT_PROFILE for h in photos)


def test_photos_earlier_runs_did_not_archive_are_fetched_by_later_runs(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    """An archive made without photos (or whose run stopped before them): its articles are
    not fetched again while unchanged, so the photos are owed, and later runs fetch them,
    IMAGES_CATCH_UP_PER_RUN at a time, saying how many are left."""
    out = tmp_path / "out"

    def crawl(*sets: str) -> list[str]:
        done = run_cli(
            "crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(out), *FAST, *sets
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    first = crawl("--set", "IMAGES_ENABLED=False")
    assert not [line for line in first if line.startswith("photos:")]
    second = crawl("--set", "IMAGES_CATCH_UP_PER_RUN=40")
    assert "photos: 40 of 40 archived" in second, second
    assert "  of which 40 owed by earlier runs (not archived then)" in second
    (left_line,) = [line for line in second if "of earlier articles still owed" in line]
    left = int(left_line.split()[0])
    third = crawl()
    assert f"photos: {left} of {left} archived" in third, third
    assert not [line for line in third if "still owed" in line]
    fourth = crawl()  # nothing owed any more: no photo asked for
    assert not [line for line in fourth if line.startswith("photos:")]
    exported = run_cli("export", "--format", "jsonl", "--out", str(out))
    images = [i for line in exported.stdout.splitlines() for i in json.loads(line)["images"]]
    assert len(images) >= 40 + left and all(image["archived"] for image in images)
