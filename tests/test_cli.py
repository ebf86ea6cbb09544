"""The command line as a user meets it: the demo, offline extraction, and bad input."""

from __future__ import annotations

import gzip
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

import crawler
from crawler.core.sites.table import FIXTURE_ROOT
from crawler.demo.server import DemoServer
from crawler.demo.site import DemoSite, Resource, build_site
from tests.support.cli import FAST, CrawlResult, run_cli

FIXTURES = FIXTURE_ROOT / "qdnd"


@pytest.fixture
def seed_page(tmp_path: Path) -> Path:
    """The reconstructed seed page as a plain .html file, as a user would save it."""
    page = tmp_path / "711953.html"
    page.write_bytes(gzip.decompress((FIXTURES / "2022_seed_711953.html.gz").read_bytes()))
    return page


def _one_line_error(result_stderr: str) -> str:
    lines = [line for line in result_stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result_stderr
    assert "Traceback" not in result_stderr
    assert lines[0].startswith("defnews: error: ")
    return lines[0]


def test_demo_runs_offline_and_says_what_it_made(tmp_path: Path, demo_site: DemoSite) -> None:
    result = run_cli("demo", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "serving the bundled qdnd.vn sample at http://127.0.0.1:" in result.stdout
    articles = len([a for a in demo_site.articles if not a.disallowed])
    assert f"wrote {articles} articles" in result.stdout
    assert list((tmp_path / "out" / "warc").glob("*.warc.gz"))
    assert len(list((tmp_path / "out" / "articles").rglob("*.txt"))) == articles


def test_extract_one_file_prints_one_json_object(seed_page: Path) -> None:
    result = run_cli("extract", str(seed_page))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["site"] == "qdnd"
    assert record["credit"] == "Tin, ảnh: HUY PHONG - SƠN BÌNH"


def test_extract_reads_stdin_with_a_url(seed_page: Path) -> None:
    page = seed_page.read_bytes()
    url = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/x-711953"
    result = run_cli("extract", "-", "--url", url, "--jsonl", stdin=page)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["url"] == url
    assert record["parser"] == "qdnd/2021"


def test_extract_generic_when_forced_to_an_unknown_page(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html lang='en'><head><title>Navy tests a drone</title>"
        "<meta property='article:published_time' content='2025-03-02T10:00:00Z'></head><body>"
        "<article><h1>Navy tests a drone</h1>"
        + "<p>The Navy tested a new drone off the coast today.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    result = run_cli("extract", str(page), "--url", "https://example.org/news/1")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["site"] == "generic"
    assert record["published"] == "2025-03-02T10:00:00+00:00"
    assert "The Navy tested a new drone" in record["text"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["extract", "does-not-exist.html"], "no such file: does-not-exist.html"),
        (["extract", "--site", "nope", "x.html"], "unknown site 'nope'"),
        (["crawl", "nope"], "unknown site 'nope'"),
        (["crawl"], "name a site"),
        (["crawl", "qdnd", "--set", "NOEQUALS"], "--set wants NAME=VALUE"),
    ],
)
def test_bad_input_is_one_line_and_status_2(args: list[str], needle: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert needle in _one_line_error(result.stderr)


def test_unreachable_base_url(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on: bind, then close
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_cli(
        "crawl", "qdnd", "--base-url", f"http://127.0.0.1:{port}", "--out", str(tmp_path)
    )
    assert result.returncode == 2
    assert f"cannot reach http://127.0.0.1:{port}" in _one_line_error(result.stderr)


def test_corrupt_warc_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00" + b"not really gzip" * 10)
    result = run_cli("extract", str(bad))
    assert result.returncode == 2
    assert "bad.warc.gz" in _one_line_error(result.stderr)


def test_max_articles_bounds_the_crawl(tmp_path: Path, demo_server: DemoServer) -> None:
    result = run_cli(
        "crawl",
        "qdnd",
        "--base-url",
        demo_server.base_url,
        "--out",
        str(tmp_path),
        "--max-articles",
        "3",
        *FAST,
    )
    assert result.returncode == 0, result.stderr
    assert "wrote 3 articles" in result.stdout
    assert len(list((tmp_path / "articles").rglob("*.json"))) == 3


def test_scrapy_crawl_works_as_in_any_scrapy_project(
    tmp_path: Path, demo_server: DemoServer
) -> None:
    root = Path(__file__).resolve().parent.parent
    command = [
        sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=qdnd", "-a", f"base_url={demo_server.base_url}",
        "-a", "max_articles=2", "-s", f"OUTPUT_DIR={tmp_path}", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert len(list((tmp_path / "articles").rglob("*.json"))) == 2
    assert list((tmp_path / "warc").glob("*.warc.gz"))


def test_failures_are_listed_in_the_run_report(tmp_path: Path, demo_server: DemoServer) -> None:
    demo_server.remove("/chinh-tri")
    try:
        result = run_cli(
            "crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(tmp_path), *FAST
        )
    finally:
        demo_server.add("/chinh-tri", build_site().resources["/chinh-tri"])
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    # The failure, and (a listing the profile names is gone) discovery drift naming it.
    assert len(warnings) == 2, warnings
    assert "failed:" in warnings[0] and "/chinh-tri (HTTP 404)" in warnings[0]
    assert (
        "discovery drift: qdnd: the listing https://www.qdnd.vn/chinh-tri failed (HTTP 404)"
        in (warnings[1])
    )
    (report,) = (tmp_path / "runs").glob("*.json")
    failures = json.loads(report.read_text(encoding="utf-8"))["failures"]
    assert failures == [{"url": f"{demo_server.base_url}/chinh-tri", "reason": "HTTP 404"}]


def test_truncated_warc_is_an_error_not_a_partial_result(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    (warc,) = (demo_crawl.out / "warc").glob("*.warc.gz")
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(warc.read_bytes()[: warc.stat().st_size // 2])
    result = run_cli("extract", "--jsonl", str(cut))
    assert result.returncode == 2
    assert "truncated" in _one_line_error(result.stderr)


def test_junk_named_like_a_warc_is_an_error(tmp_path: Path) -> None:
    junk = tmp_path / "x.warc.gz"
    junk.write_bytes(bytes(range(256)) * 8)
    result = run_cli("extract", str(junk))
    assert result.returncode == 2
    assert "x.warc.gz" in _one_line_error(result.stderr)


def test_discovery_stays_on_the_crawled_origin(tmp_path: Path, demo_server: DemoServer) -> None:
    site = build_site()
    index_path = "/sitemaps/pid/feed-0.xml"
    with DemoServer(site) as elsewhere:
        index = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{elsewhere.base_url}/sitemaps/0/top300article.xml</loc></sitemap>"
            "</sitemapindex>"
        )
        demo_server.add(index_path, Resource(200, "application/xml; charset=utf-8", index.encode()))
        try:
            result = run_cli(
                "crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(tmp_path), *FAST
            )
        finally:
            demo_server.add(index_path, site.resources[index_path])
        assert result.returncode == 0, result.stderr
        assert elsewhere.requests == []


@pytest.mark.parametrize(
    ("blocked", "reason"),
    [("warc", "cannot write the WARC in "), ("articles", "cannot write article files: ")],
)
def test_unwritable_output_stops_the_crawl_and_fails(
    tmp_path: Path, demo_server: DemoServer, blocked: str, reason: str
) -> None:
    """A full disk or a broken folder must not give exit 0 and an archive of nothing."""
    (tmp_path / blocked).write_text("a file where a folder should be")
    result = run_cli(
        "crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(tmp_path), *FAST
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    # In words, with the cause; never an internal code such as warc_error.
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"defnews: error: the crawl stopped early: {reason}"), last
    assert "_error" not in last
    for warc in (tmp_path / "warc").glob("*.warc.gz") if blocked != "warc" else []:
        subprocess.run(["gzip", "-t", str(warc)], check=True)  # what was archived stays whole


def test_out_must_be_a_writable_folder(tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("")
    result = run_cli("crawl", "qdnd", "--base-url", "http://127.0.0.1:9", "--out", str(target))
    assert result.returncode == 2
    assert "not a directory" in _one_line_error(result.stderr)


def test_contact_url_reaches_the_user_agent_sent(tmp_path: Path, demo_server: DemoServer) -> None:
    contact = "mailto:archive-ops@example.org"
    before = len(demo_server.requests)
    result = run_cli(
        "crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(tmp_path), "--max-articles", "1",
        "--set", f"DEFNEWS_CONTACT_URL={contact}", *FAST,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    agents = {r.headers.get("user-agent") for r in demo_server.requests[before:]}
    assert agents == {f"defnews/{crawler.__version__} (+{contact})"}


@pytest.mark.parametrize(
    ("setting", "kind"),
    [
        ("DOWNLOAD_DELAY=abc", "float"),
        ("ROBOTSTXT_OBEY=maybe", "bool"),
        ("RETRY_TIMES=x", "int"),
        ("WARC_MAX_SIZE=abc", "int"),
        ("WARC_DEDUP_ENABLED=perhaps", "bool"),
    ],
)
def test_bad_set_values_fail_before_crawling(setting: str, kind: str) -> None:
    result = run_cli("crawl", "qdnd", "--base-url", "http://127.0.0.1:9", "--set", setting)
    assert result.returncode == 2
    assert _one_line_error(result.stderr) == f"defnews: error: --set {setting}: not a valid {kind}"


@pytest.mark.parametrize(
    "args",
    [
        ["crawl", "qdnd", "--max-articles", "-1"],
        ["frob"],
        [],
        ["extract"],
        ["crawl", "--max-articles", "x"],
    ],
)
def test_usage_mistakes_are_one_line_too(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0] and "--help" in lines[0], result.stderr


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("WARC_GZIP_LEVEL=12", "--set: WARC_GZIP_LEVEL must be 0 to 9, not 12"),
        ("WARC_MAX_SIZE=0", "--set: WARC_MAX_SIZE must be at least 1 byte, not 0"),
        ("WARC_PREFIX=../x", "--set: WARC_PREFIX must be a plain name, not '../x'"),
        ("OUTPUT_DIR=/tmp/x", "use --out DIR, not --set OUTPUT_DIR"),
        ("IMAGES_MAX_BYTES=0", "--set: IMAGES_MAX_BYTES must be at least 1 byte, not 0"),
        (
            "PAGE_REQUISITES=most",
            "--set: PAGE_REQUISITES must be one of off, site, all; not 'most'",
        ),
    ],
)
def test_unworkable_archive_settings_fail_before_crawling(setting: str, message: str) -> None:
    result = run_cli("crawl", "qdnd", "--base-url", "http://127.0.0.1:9", "--set", setting)
    assert result.returncode == 2
    assert _one_line_error(result.stderr) == f"defnews: error: {message}"


def test_warc_settings_shape_the_files(tmp_path: Path, demo_server: DemoServer) -> None:
    sets = [
        "--set",
        "WARC_MAX_SIZE=100000",
        "--set",
        "WARC_PREFIX=night",
        "--set",
        "WARC_GZIP_LEVEL=1",
    ]
    result = run_cli(
        "crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(tmp_path), *sets, *FAST
    )
    assert result.returncode == 0, result.stderr
    warcs = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(warcs) > 2 and all(path.name.startswith("night-") for path in warcs)
    serials = [path.name.split("-")[2] for path in warcs]
    assert serials == [f"{n:05d}" for n in range(len(warcs))]
    assert sorted(p.stem for p in (tmp_path / "index").glob("*.cdxj")) == sorted(
        p.name.removesuffix(".warc.gz") for p in warcs
    )
    for path in warcs:
        with path.open("rb") as handle:
            assert next(iter(ArchiveIterator(handle))).rec_type == "warcinfo"
    verify = run_cli("verify", "--out", str(tmp_path))
    assert verify.returncode == 0, verify.stderr


def test_extract_follows_revisits_to_earlier_warcs(tmp_path: Path, demo_server: DemoServer) -> None:
    for again in ([], ["--refresh"]):  # --refresh: the articles are fetched a second time
        result = run_cli(
            "crawl",
            "qdnd",
            "--base-url",
            demo_server.base_url,
            "--out",
            str(tmp_path),
            *FAST,
            *again,
        )
        assert result.returncode == 0, result.stderr
    first, second = sorted((tmp_path / "warc").glob("*.warc.gz"))
    alone = run_cli("extract", "--jsonl", str(second))
    assert alone.returncode == 0 and alone.stdout == ""
    assert "revisit record(s) skipped" in alone.stderr
    both = run_cli("extract", "--jsonl", str(first), str(second))
    titles = [json.loads(line)["title"] for line in both.stdout.splitlines()]
    assert len(titles) == 42 and len(set(titles)) == 21  # each article from each run
    assert both.stderr == ""
