"""Inspecting the archive: list, search (with or without diacritics), show, stats."""

from __future__ import annotations

import json
import shutil
from contextlib import closing
from pathlib import Path

import pytest

from crawler.core.catalog.search import fold
from crawler.core.extraction.decode import decode_html
from crawler.demo.requisites import localize
from crawler.demo.site import DemoSite, Resource
from tests.support.cli import CrawlResult, run_cli

SEED = "-711953"


def _json_lines(*args: str) -> list[dict[str, object]]:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _one_line_error(*args: str) -> str:
    result = run_cli(*args)
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "text", ["Lê Huy Vịnh", "Đống Đa", "QUÂN ĐỘI", "İstanbul", "한국어", "e\u0301", "ǅ"]
)
def test_folding_keeps_the_length_so_hits_map_back(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_folding_takes_off_vietnamese_diacritics_and_the_d_stroke() -> None:
    assert fold("Lê Huy Vịnh") == "le huy vinh"
    assert fold("Đống Đa, đồng chí") == "dong da, dong chi"


def test_list_shows_every_article_newest_first(demo_crawl: CrawlResult) -> None:
    rows = _json_lines("list", "--out", str(demo_crawl.out), "--json")
    assert len(rows) == 21
    published = [str(row["published"]) for row in rows]
    assert published == sorted(published, reverse=True)
    recent = _json_lines("list", "--out", str(demo_crawl.out), "--json", "--since", "2025-01-16")
    old = _json_lines("list", "--out", str(demo_crawl.out), "--json", "--until", "2025-01-15")
    assert recent and old and len(recent) + len(old) == 21
    # --until includes its day: the 16th is in both.
    both = _json_lines("list", "--out", str(demo_crawl.out), "--json", "--until", "2025-01-16")
    assert len(both) == 21
    table = run_cli("list", "--out", str(demo_crawl.out), "--limit", "3")
    assert table.stdout.splitlines()[0].split() == ["ID", "SITE", "PUBLISHED", "V", "TITLE"]
    assert len(table.stdout.splitlines()) == 4


@pytest.mark.parametrize("query", ["le huy vinh", "Lê Huy Vịnh", "LE HUY VINH", "lê huy vinh"])
def test_search_finds_a_name_with_or_without_diacritics(
    demo_crawl: CrawlResult, query: str
) -> None:
    hits = _json_lines("search", query, "--out", str(demo_crawl.out), "--json")
    assert str(hits[0]["url"]).endswith(SEED)  # ranked first: it is about him
    assert "**Lê** **Huy** **Vịnh**" in str(hits[0]["snippet"])


def test_search_folds_d_with_stroke(demo_crawl: CrawlResult) -> None:
    hits = _json_lines("search", "dong", "da", "--out", str(demo_crawl.out), "--json")
    assert hits and all("Đống** **Đa" in str(hit["snippet"]) for hit in hits[:1])
    for hit in hits:
        shown = run_cli("show", str(hit["id"]), "--out", str(demo_crawl.out))
        assert "dong" in fold(shown.stdout) and "da" in fold(shown.stdout)


def test_search_takes_fts_syntax_as_plain_words(demo_crawl: CrawlResult) -> None:
    for query in ('"quân', "AND OR NOT", "(đội", "NEAR(a b)", "quân*"):
        result = run_cli("search", query, "--out", str(demo_crawl.out))
        assert result.returncode == 0, (query, result.stderr)
    assert _one_line_error("search", "...", "--out", str(demo_crawl.out)).startswith(
        "defnews: error: nothing to search for"
    )


def test_show_finds_an_article_by_id_by_its_url_and_by_the_url_fetched(
    demo_crawl: CrawlResult,
) -> None:
    (seed,) = [
        row
        for row in _json_lines("list", "--out", str(demo_crawl.out), "--json")
        if str(row["url"]).endswith(SEED)
    ]
    fetched_url = str(seed["url"])
    site_url = "https://www.qdnd.vn/" + fetched_url.split("/", 3)[3]
    shown = {
        run_cli("show", ident, "--out", str(demo_crawl.out)).stdout
        for ident in (str(seed["id"]), fetched_url, site_url, site_url + "?utm_source=zalo")
    }
    assert len(shown) == 1
    (text,) = shown
    assert text.startswith("Tổng cục Kỹ thuật tổng kết 10 năm")
    assert "leftcenterrightdel" not in text
    record = json.loads(
        run_cli("show", str(seed["id"]), "--json", "--out", str(demo_crawl.out)).stdout
    )
    assert record["version"] == 1 and record["url"] == fetched_url


def test_show_html_prints_the_page_as_archived(
    demo_crawl: CrawlResult, demo_site: DemoSite
) -> None:
    hit = _json_lines("search", "le huy vinh", "--out", str(demo_crawl.out), "--json")[0]
    page = run_cli("show", str(hit["id"]), "--html", "--out", str(demo_crawl.out))
    assert page.returncode == 0, page.stderr
    path = "/" + str(hit["url"]).split("/", 3)[3]
    served = localize(demo_site.resources[path], demo_crawl.base_url)  # photos on the server
    assert page.stdout == decode_html(served.body, served.content_type)[0]
    assert "<title>" in page.stdout and "googletag" in page.stdout  # the page, chrome and all


def test_show_headers_prints_the_archived_exchange(demo_crawl: CrawlResult) -> None:
    hit = _json_lines("search", "le huy vinh", "--out", str(demo_crawl.out), "--json")[0]
    heads = run_cli("show", str(hit["id"]), "--headers", "--out", str(demo_crawl.out)).stdout
    path = "/" + str(hit["url"]).split("/", 3)[3]
    assert f"GET {path} HTTP/1.1" in heads
    assert "HTTP/1.1 200 OK" in heads and "Content-Encoding: gzip" in heads
    assert heads.index("GET ") < heads.index("HTTP/1.1 200 OK")


def test_stats_per_site(demo_crawl: CrawlResult) -> None:
    (row,) = _json_lines("stats", "--out", str(demo_crawl.out), "--json")
    warcs = list((demo_crawl.out / "warc").glob("*.warc.gz"))
    assert row["site"] == "qdnd" and row["articles"] == 21 and row["runs"] == 1
    assert row["warc_bytes"] == sum(p.stat().st_size for p in warcs)
    assert str(row["first_published"]).startswith("2020-05-14")


def test_bad_input_is_one_line(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    out = str(demo_crawl.out)
    assert "no article 9999" in _one_line_error("show", "9999", "--out", out)
    assert "no article https://example.org/x" in _one_line_error(
        "show", "https://example.org/x", "--out", out
    )
    assert "no version 7 of article" in _one_line_error("show", "1", "--version", "7", "--out", out)
    for command in (["list"], ["search", "x"], ["show", "1"], ["stats"]):
        assert "no catalogue" in _one_line_error(*command, "--out", str(tmp_path / "none"))
    broken = Path(shutil.copytree(demo_crawl.out, tmp_path / "copy"))
    for warc in (broken / "warc").glob("*.warc.gz"):
        warc.write_bytes(warc.read_bytes()[:5000])  # cut short: the capture is gone
    assert "no readable record" in _one_line_error("show", "5", "--html", "--out", str(broken))


def _articles_dir(root: Path) -> dict[str, bytes]:
    files = (root / "articles").rglob("*")
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


def test_reparse_reproduces_the_same_texts(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    before = _articles_dir(out)
    result = run_cli("reparse", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "reparsed 21 article(s): 0 changed, 21 the same, 0 could not be read"
    )
    assert _articles_dir(out) == before


def test_reparse_updates_texts_and_catalogue_from_the_warc(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    """As after a parser fix: stale text in the catalogue and the files is parsed again."""
    import sqlite3

    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    before = _articles_dir(out)
    hit = _json_lines("search", "le huy vinh", "--out", str(out), "--json")[0]
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        db.execute(
            "UPDATE articles SET fields = json_set(fields, '$.text', 'stale leftcenterrightdel') "
            "WHERE id = ?",
            (hit["version_id"],),
        )
        (stem,) = db.execute(
            "SELECT files FROM articles WHERE id = ?", (hit["version_id"],)
        ).fetchone()
    (out / f"{stem}.txt").write_text("stale", encoding="utf-8")
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:  # and a stale search entry
        db.execute(
            "UPDATE articles_fts SET title = 'stale', summary = 'stale', text = 'stale', "
            "authors = 'stale', tags = 'stale' WHERE rowid = ?",
            (hit["version_id"],),
        )
    stale = _json_lines("search", "le huy vinh", "--out", str(out), "--json")
    assert hit["id"] not in [h["id"] for h in stale]
    result = run_cli("reparse", "--out", str(out), "--site", "qdnd")
    assert result.returncode == 0, result.stderr
    assert "1 changed, 20 the same" in result.stdout
    assert _articles_dir(out) == before
    shown = run_cli("show", str(hit["id"]), "--out", str(out)).stdout
    assert "Thượng tướng Lê Huy Vịnh" in shown and "stale" not in shown
    again = _json_lines("search", "le huy vinh", "--out", str(out), "--json")
    assert again[0]["id"] == hit["id"]


def test_reparse_says_which_captures_cannot_be_read(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    for warc in (out / "warc").glob("*.warc.gz"):
        warc.unlink()
    result = run_cli("reparse", "--out", str(out))
    assert result.returncode == 2
    assert "21 could not be read" in result.stdout
    assert result.stderr.startswith("defnews: article ") and "Traceback" not in result.stderr


def test_export_csv_has_the_contract_columns(demo_crawl: CrawlResult) -> None:
    import csv
    import io

    result = run_cli("export", "--format", "csv", "--out", str(demo_crawl.out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 21
    seed = next(row for row in rows if row["url"].endswith(SEED))
    assert seed["version"] == "1" and "Lê Huy Vịnh" in seed["text"]
    assert json.loads(seed["warc"])["file"].startswith("warc/")


def test_inspection_commands_import_no_scrapy(demo_crawl: CrawlResult) -> None:
    out = str(demo_crawl.out)
    probe = (
        "import sys; from crawler.cli import main; main(sys.argv[1:]); "
        "sys.stderr.write('SCRAPY' if 'scrapy' in sys.modules else 'none')"
    )
    for command in (
        ["list", "--out", out],
        ["search", "quân", "--out", out],
        ["show", "1", "--html", "--out", out],
        ["stats", "--out", out],
        ["runs", "--out", out],
        ["export", "--out", out],
        ["reparse", "--out", out, "--site", "nothing"],
    ):
        import subprocess
        import sys

        done = subprocess.run(
            [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=False
        )
        assert done.stderr.endswith("none"), (command, done.stderr[-300:])


def test_export_parquet_keeps_lists_and_structs(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "articles.parquet"
    result = run_cli(
        "export", "--format", "parquet", "--out", str(demo_crawl.out), "-o", str(target)
    )
    assert result.returncode == 0, result.stderr
    table = pq.read_table(target)
    assert table.num_rows == 21
    rows = table.to_pylist()
    seed = next(row for row in rows if str(row["url"]).endswith(SEED))
    assert isinstance(seed["authors"], list) and seed["warc"]["offset"] > 0
    assert all(
        set(image) == {"url", "caption", "credit", "archived"}
        for row in rows
        for image in row["images"]
    )
    # Every demo photo is archived, and the export says where: a record of that image.
    assert all(image["archived"]["status"] == 200 for row in rows for image in row["images"])
    missing = tmp_path / "no" / "such" / "x.parquet"
    assert "cannot write" in _one_line_error(
        "export", "--format", "parquet", "--out", str(demo_crawl.out), "-o", str(missing)
    )


@pytest.mark.slow
def test_a_crawl_on_a_terminal_shows_a_live_line_and_a_pipe_gets_none(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    import os
    import pty
    import subprocess
    import sys

    from crawler.demo.server import DemoServer
    from tests.support.cli import FAST

    with DemoServer(demo_site, delay=0.05) as server:
        # One article answers 500: its warnings are log lines printed while the live line shows.
        broken = next(a.path for a in demo_site.articles if not a.disallowed)
        server.add(broken, Resource(500, "text/html", b"<html>Server Error</html>"))
        args = ["crawl", "qdnd", "--base-url", server.base_url, *FAST]
        leader, follower = pty.openpty()
        child = subprocess.Popen(
            [sys.executable, "-m", "crawler", *args, "--out", str(tmp_path / "tty")],
            stdout=subprocess.DEVNULL,
            stderr=follower,
        )
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            seen += chunk
        child.wait(timeout=120)
        os.close(leader)
        piped = run_cli(*args, "--out", str(tmp_path / "pipe"))
    assert child.returncode == 0
    assert b"\rqdnd: " in seen and b" pages, " in seen and b"articles" in seen
    assert "\r" not in piped.stderr
    # Each log line starts on a cleared line: what the terminal shows after the last carriage
    # return is the log line alone, and what it overwrote was blanked first.
    # (The terminal sends each newline as CR LF.)
    logged = [line.removesuffix(b"\r") for line in seen.split(b"\n") if b"WARNING" in line]
    assert any(b"failed:" in line for line in logged)
    for line in logged:
        *before, visible = line.split(b"\r")
        assert visible.split(b" ", 1)[0][:2] == b"20", line  # the log's timestamp comes first
        if before and before[-1]:
            assert before[-1].strip() == b"", line  # the live line, blanked


def test_more_folding_and_a_decomposed_query(demo_crawl: CrawlResult) -> None:
    import unicodedata

    assert fold("Łódź Øresund") == "lodz oresund"
    typed = unicodedata.normalize("NFD", "Lê Huy Vịnh")  # as some keyboards send it
    hits = _json_lines("search", typed, "--out", str(demo_crawl.out), "--json")
    assert str(hits[0]["url"]).endswith(SEED)


def test_the_phrase_ranks_first_and_repeated_words_cost_nothing(demo_crawl: CrawlResult) -> None:
    hits = _json_lines("search", "le huy vinh " * 500, "--out", str(demo_crawl.out), "--json")
    assert str(hits[0]["url"]).endswith(SEED)


def test_odd_ids_and_limits_are_one_line(demo_crawl: CrawlResult) -> None:
    out = str(demo_crawl.out)
    for ident in ("²", "99999999999999999999999"):
        assert "no article" in _one_line_error("show", ident, "--out", out)
    assert "whole number" in _one_line_error("search", "x", "--limit", "9" * 30, "--out", out)
    assert "--until wants a date" in _one_line_error("list", "--until", "soon", "--out", out)


def test_reparse_writes_missing_files_again_and_the_index_mends_itself(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    import sqlite3

    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    before = _articles_dir(out)
    gone = next((out / "articles").rglob("*.txt"))
    gone.unlink()
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        db.execute("DELETE FROM articles_fts")  # as if written by a defnews without the index
    hits = _json_lines("search", "le huy vinh", "--out", str(out), "--json")
    assert str(hits[0]["url"]).endswith(SEED)  # indexed again when opened
    result = run_cli("reparse", "--out", str(out))
    assert "1 of them with their missing text files written again" in result.stdout
    assert _articles_dir(out) == before


@pytest.mark.slow
def test_reparse_skips_articles_crawled_without_warc_and_stats_count_every_warc(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    from crawler.demo.server import DemoServer
    from tests.support.cli import FAST

    with DemoServer(demo_site) as server:
        crawl = ["crawl", "qdnd", "--base-url", server.base_url, *FAST]
        assert run_cli(*crawl, "--out", str(tmp_path / "nowarc"), "--set", "WARC_ENABLED=False").returncode == 0  # fmt: skip
        assert run_cli(*crawl, "--out", str(tmp_path / "twice")).returncode == 0
        assert run_cli(*crawl, "--out", str(tmp_path / "twice")).returncode == 0
    result = run_cli("reparse", "--out", str(tmp_path / "nowarc"))
    assert result.returncode == 0, result.stderr
    assert "21 not archived (crawled without WARC)" in result.stdout
    (row,) = _json_lines("stats", "--out", str(tmp_path / "twice"), "--json")
    warcs = list((tmp_path / "twice" / "warc").glob("*.warc.gz"))
    assert row["warc_files"] == len(warcs) == 2
    assert row["warc_bytes"] == sum(p.stat().st_size for p in warcs)
