"""Incremental crawls against the local site: each run fetches only what is new or changed.

One module-scoped story on its own server (the shared demo server is never changed): run 1
archives everything, run 2 fetches no article page, a published article is the only article
run 3 fetches, a revised article becomes version 2 in run 4. Counts are taken at the server.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from crawler.core.sites import get_site
from crawler.demo.changes import new_article, now_vn
from crawler.demo.server import DemoServer, LoggedRequest
from crawler.demo.site import DemoSite
from tests.support.checks import article_paths
from tests.support.cli import FAST, CrawlResult, run_cli

QDND = get_site("qdnd")
NEW_ID = 900301
NEW_TITLE = "Lữ đoàn Công binh 229 diễn tập vượt sông"
ADDED = "Đơn vị đã hoàn thành cuộc diễn tập vượt sông với kết quả tốt."


@dataclass
class Run:
    result: subprocess.CompletedProcess[str]
    requests: list[LoggedRequest]

    @property
    def articles_fetched(self) -> list[str]:
        return article_paths(self.requests)


def crawl(server: DemoServer, out: Path, *extra: str) -> Run:
    before = len(server.requests)
    result = run_cli(
        "crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST, *extra
    )
    assert result.returncode == 0, result.stderr
    return Run(result, list(server.requests[before:]))


def rows(out: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return list(db.execute(query))


def text_files(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): p.read_text(encoding="utf-8")
        for p in sorted((out / "articles").rglob("*"))
        if p.is_file()
    }


@dataclass
class Story:
    out: Path
    runs: list[Run]
    files_after: list[dict[str, str]]  # the text outputs after each run
    revised_path: str
    new_path: str


@pytest.fixture(scope="module")
def story(demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> Story:
    out = tmp_path_factory.mktemp("incremental")
    runs, files = [], []
    with DemoServer(demo_site) as server:
        for step in range(4):
            if step == 2:
                spec = new_article(NEW_ID, NEW_TITLE, ["Sáng 24/11, lữ đoàn tổ chức diễn tập."])
                new_path = server.publish(spec)
            if step == 3:
                # The seed article, listed in a sitemap whose lastmod the revision moves.
                revised_path = next(a.path for a in server.articles if a.article_id == 711953)
                # A second later than anything run 3 saw: sitemap times have whole seconds.
                time.sleep(1.1)
                server.revise(revised_path, ADDED, modified=now_vn() + timedelta(seconds=1))
                time.sleep(1.1)
            runs.append(crawl(server, out))
            files.append(text_files(out))
    return Story(out, runs, files, revised_path, new_path)


def test_the_first_run_fetches_every_article_once(story: Story) -> None:
    first = story.runs[0]
    assert len(first.articles_fetched) == 21 == len(set(first.articles_fetched))
    stored = "SELECT COUNT(DISTINCT key), MAX(version) FROM articles WHERE run_id = 1"
    assert rows(story.out, stored) == [(21, 1)]
    assert "articles: 21 new, 0 changed, 0 unchanged" in first.result.stdout


def test_the_second_run_fetches_no_article_page_and_adds_nothing(story: Story) -> None:
    second = story.runs[1]
    assert second.articles_fetched == []
    assert story.files_after[1] == story.files_after[0]
    assert "articles: 0 new, 0 changed, 0 unchanged, 19 archived before" in second.result.stdout
    (run,) = rows(story.out, "SELECT new, changed, article_pages, status FROM runs WHERE id = 2")
    assert run == (0, 0, 0, "finished")


def test_sitemaps_and_feeds_are_revalidated_and_a_304_is_understood(story: Story) -> None:
    second = story.runs[1]
    conditional = {r.path for r in second.requests if "if-none-match" in r.headers}
    sitemaps = {r.path for r in story.runs[0].requests if r.path.endswith(".xml")}
    feeds = {r.path for r in story.runs[0].requests if r.path.endswith(".rss")}
    assert sitemaps and feeds and sitemaps | feeds <= conditional
    # They all came back 304, and still the run knew every article they list (from the
    # archived copies): it skipped all 20 as archived, fetching none.
    (not_modified,) = rows(story.out, "SELECT not_modified FROM runs WHERE id = 2")
    assert not_modified == (len(conditional),)  # every revalidated page: listings too
    assert "pages unchanged since last time (HTTP 304)" in second.result.stdout
    # A listing whose first page holds only archived articles is not paged further.
    listing_pages = [r.path for r in second.requests if "/p/" in r.path]
    assert listing_pages == []
    assert any("/p/" in r.path for r in story.runs[0].requests)


def test_a_new_article_is_the_only_article_the_next_run_fetches(story: Story) -> None:
    third = story.runs[2]
    assert third.articles_fetched == [story.new_path]
    assert "articles: 1 new, 0 changed" in third.result.stdout
    added = set(story.files_after[2]) - set(story.files_after[1])
    assert len(added) == 2 and all(str(NEW_ID) in name for name in added)  # .txt and .json
    assert any(NEW_TITLE in text for text in story.files_after[2].values())


def test_a_changed_article_becomes_version_two_and_version_one_is_kept(story: Story) -> None:
    fourth = story.runs[3]
    assert fourth.articles_fetched == [story.revised_path]
    assert "articles: 0 new, 1 changed" in fourth.result.stdout
    versions = rows(
        story.out,
        "SELECT version, json_extract(fields, '$.text'), files FROM articles "
        "WHERE key LIKE '%-711953' ORDER BY version",
    )
    assert [v[0] for v in versions] == [1, 2]
    assert ADDED not in str(versions[0][1]) and ADDED in str(versions[1][1])
    stem_v1, stem_v2 = str(versions[0][2]), str(versions[1][2])
    assert stem_v1 == stem_v2 + ".v1"
    files = story.files_after[3]
    assert ADDED in files[stem_v2 + ".txt"] and ADDED not in files[stem_v1 + ".txt"]
    assert files[stem_v1 + ".json"] == story.files_after[2][stem_v2 + ".json"]  # kept as it was
    exported = run_cli("export", "--out", str(story.out), "--all-versions")
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(lines) == 23 and sum(line["url"].endswith("-711953") for line in lines) == 2
    latest = run_cli("export", "--out", str(story.out))
    assert len(latest.stdout.splitlines()) == 22


def test_runs_lists_every_run_with_its_counts(story: Story) -> None:
    result = run_cli("runs", "--out", str(story.out), "--json")
    assert result.returncode == 0, result.stderr
    listed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in listed] == [4, 3, 2, 1]
    assert [(r["new"], r["changed"], r["article_pages"]) for r in listed] == [
        (0, 1, 1),
        (1, 0, 1),
        (0, 0, 0),
        (21, 0, 21),
    ]
    assert all(r["status"] == "finished" and r["errors"] == 0 and r["exit"] == 0 for r in listed)
    table = run_cli("runs", "--out", str(story.out))
    assert table.stdout.splitlines()[0].split()[:3] == ["ID", "SITE", "STARTED"]
    assert len(table.stdout.splitlines()) == 5


def test_refresh_fetches_every_article_and_finds_them_unchanged(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    with DemoServer(demo_site) as server:
        crawl(server, tmp_path)
        again = crawl(server, tmp_path, "--refresh")
    assert len(again.articles_fetched) == 21
    assert not any("if-none-match" in r.headers for r in again.requests if QDND.is_article(r.path))
    assert "articles: 0 new, 0 changed, 21 unchanged" in again.result.stdout
    assert rows(tmp_path, "SELECT COUNT(*), MAX(version) FROM articles") == [(21, 1)]


def test_since_limits_a_run_to_articles_published_or_changed_since(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    since = datetime.fromisoformat("2025-01-16T00:00:00+07:00")
    with DemoServer(demo_site) as server:
        run = crawl(server, tmp_path, "--since", since.isoformat())
    specs = [spec for spec in demo_site.specs if not spec.disallowed]
    recent = {spec.article_id for spec in specs if spec.last_modified >= since}
    assert recent and len(recent) < len(specs)
    stored = rows(tmp_path, "SELECT key FROM articles")
    assert {int(str(key).rsplit("-", 1)[1]) for (key,) in stored} == recent
    # Sitemaps and feeds date most of the old ones: those are not even fetched. Old articles
    # reached only through (undated) listings are fetched, archived, and left out.
    assert len(run.articles_fetched) < len(specs)
    assert "older than --since" in run.result.stdout
    (status,) = rows(tmp_path, "SELECT status FROM runs")
    assert status == ("partial",)  # the next full run must not take it as complete


def test_a_second_crawl_of_the_same_site_is_refused_while_one_runs(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    with DemoServer(demo_site, delay=0.2) as server:
        command = [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", server.base_url, "--out", str(tmp_path), *FAST]  # fmt: skip
        first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while not server.requests and time.monotonic() < deadline:
                time.sleep(0.05)
            second = run_cli(*command[3:], "--set", "USER_AGENT=the-second-crawl")
        finally:
            _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 2
    assert second.stderr.startswith("defnews: error: another crawl of qdnd into this folder is")
    assert "Traceback" not in second.stderr
    second_agent = [r for r in server.requests if r.headers.get("user-agent") == "the-second-crawl"]
    assert second_agent == []  # it fetched nothing, not even robots.txt
    assert rows(tmp_path, "SELECT COUNT(*) FROM runs") == [(1,)]


def _start(server: DemoServer, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert condition(), "the crawl never got there"


@pytest.mark.slow
def test_crawls_killed_at_any_moment_then_rerun_end_complete_without_duplicates(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """SIGKILL before any article, after a few and after most; then Ctrl-C; then a plain run."""

    def stored() -> int:
        return len(list((tmp_path / "articles").rglob("*.json")))

    with DemoServer(demo_site, delay=0.1) as server:
        kills = [
            lambda: bool(article_paths(server.requests)),  # an article page is being fetched
            lambda: stored() >= 3,
            lambda: stored() >= 9,
        ]
        for condition in kills:
            child = _start(server, tmp_path)
            _wait_for(condition)
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        child = _start(server, tmp_path)
        _wait_for(lambda: stored() >= 15)
        child.send_signal(signal.SIGINT)  # Ctrl-C: finish what is in flight, close, exit 130
        assert child.wait(timeout=60) == 130
        assert not list((tmp_path / "warc").glob("*.open"))  # closed properly, not repaired
        server.delay = 0
        before = len(server.requests)
        final = crawl(server, tmp_path)
        refetched = article_paths(server.requests[before:])
    assert stored() == 21
    keys = rows(tmp_path, "SELECT key, COUNT(*) FROM articles GROUP BY key")
    assert len(keys) == 21 and all(count == 1 for _, count in keys)
    assert not any(".v" in p.name for p in (tmp_path / "articles").rglob("*"))
    assert not list((tmp_path / "warc").glob("*.open"))
    verify = run_cli("verify", "--out", str(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    statuses = rows(tmp_path, "SELECT status, exit FROM runs ORDER BY id")
    assert statuses == [("killed", None)] * 3 + [("interrupted", 130), ("finished", 0)]
    assert len(refetched) <= 21 - 15  # the final run fetched only what no run had stored
    assert "articles: " in final.result.stdout


def test_a_killed_crawl_does_not_leave_the_site_locked_and_a_rerun_completes(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    with DemoServer(demo_site, delay=0.15) as server:
        command = [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", server.base_url, "--out", str(tmp_path), *FAST]  # fmt: skip
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # kill it mid-run: some articles stored, not all
            stored = len(list((tmp_path / "articles").rglob("*.json")))
            if stored >= 4:
                break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert 4 <= stored < 21
        server.delay = 0
        rerun = crawl(server, tmp_path)
    assert "repaired 1 WARC file" in rerun.result.stdout
    keys = rows(tmp_path, "SELECT key, COUNT(*) FROM articles GROUP BY key")
    assert len(keys) == 21 and all(count == 1 for _, count in keys)
    jsons = list((tmp_path / "articles").rglob("*.json"))
    assert len(jsons) == 21 and not any(".v" in p.name for p in jsons)
    assert not list((tmp_path / "warc").glob("*.open"))
    verify = run_cli("verify", "--out", str(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    statuses = rows(tmp_path, "SELECT status FROM runs ORDER BY id")
    assert statuses == [("killed",), ("finished",)]
    # The rerun skipped what the killed run had stored, and fetched the rest.
    assert len(rerun.articles_fetched) < 21


@pytest.mark.parametrize("loss", ["deleted", "damaged"])
def test_a_304_whose_archived_copy_is_gone_is_fetched_again_whole(
    loss: str, demo_site: DemoSite, tmp_path: Path
) -> None:
    with DemoServer(demo_site) as server:
        crawl(server, tmp_path)
        for warc in (tmp_path / "warc").glob("*.warc.gz"):
            if loss == "deleted":  # the copies a 304 would be answered from
                warc.unlink()
            else:
                warc.write_bytes(b"not a WARC any more")
        again = crawl(server, tmp_path)
    revalidated = [r.path for r in again.requests if "if-none-match" in r.headers]
    refetched = [r.path for r in again.requests if "if-none-match" not in r.headers]
    assert again.articles_fetched == []  # and the sitemaps and feeds read that way still list them
    report = json.loads(Path(again.result.stdout.split("run report: ")[1].split()[0]).read_text())
    if loss == "deleted":
        # Known to be gone before asking: fetched whole at once, no 304 to throw away.
        assert revalidated == [] and refetched
        assert report["stats"]["incremental/archive_missing"] > 0
    else:
        assert revalidated and set(revalidated) <= set(refetched)  # each asked again, whole
        assert report["stats"]["incremental/archive_unreadable"] == len(revalidated)


def test_an_article_that_answers_404_is_not_asked_for_again(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    with DemoServer(demo_site) as server:
        path = server.publish(new_article(NEW_ID, NEW_TITLE, ["Một đoạn."]))
        server.remove(path)  # listed in sitemaps, feeds and listings, but gone
        first = crawl(server, tmp_path)
        second = crawl(server, tmp_path)
    assert path in first.articles_fetched
    assert path not in second.articles_fetched
    (outcome,) = rows(tmp_path, f"SELECT status, outcome FROM urls WHERE key LIKE '%{NEW_ID}'")
    assert outcome == (404, "gone")


@pytest.mark.parametrize("since", ["yesterday", "2025-13-01", "7y", "99999999999d", "0000-01-01"])
def test_a_bad_since_is_one_line(since: str, tmp_path: Path) -> None:
    result = run_cli("crawl", "qdnd", "--since", since, "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("defnews: error: --since wants a date")
    assert len(result.stderr.strip().splitlines()) == 1


def test_scrapy_crawl_is_refused_by_the_lock_too(demo_server: DemoServer, tmp_path: Path) -> None:
    from crawler.core.catalog.lock import hold_site, release_site

    hold_site(tmp_path, "qdnd")  # this test process is "the other crawl"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=qdnd",
             "-a", f"base_url={demo_server.base_url}", "-s", f"OUTPUT_DIR={tmp_path}",
             "-s", "LOG_LEVEL=ERROR"],
            capture_output=True, text=True, check=False, timeout=120,
            cwd=Path(__file__).resolve().parent.parent,
        )  # fmt: skip
    finally:
        release_site(tmp_path, "qdnd")
    assert "another crawl of qdnd into this folder is running" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "articles").rglob("*.json"))


@pytest.mark.parametrize("command", [["runs"], ["runs", "1"], ["export"]])
@pytest.mark.parametrize("damage", ["not a database", "missing", "newer", "old table"])
def test_reading_a_bad_catalogue_is_one_line(
    command: list[str], damage: str, tmp_path: Path
) -> None:
    catalogue = tmp_path / "catalog.sqlite"
    if damage == "not a database":
        catalogue.write_bytes(b"SQLite format 2\0" + b"x" * 5000)
    elif damage in ("newer", "old table"):
        with closing(sqlite3.connect(catalogue)) as db, db:
            if damage == "newer":
                db.execute("PRAGMA user_version = 99")
            else:  # a runs table without the columns this version reads
                db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, site TEXT)")
                db.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY)")
    result = run_cli(*command, "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("defnews: error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_runs_of_an_unknown_id_is_one_line(story: Story) -> None:
    result = run_cli("runs", "99", "--out", str(story.out))
    assert result.returncode == 2
    assert result.stderr.strip() == f"defnews: error: no run 99 in {story.out}/catalog.sqlite"
    shown = run_cli("runs", "4", "--out", str(story.out))
    assert shown.returncode == 0 and "status         finished" in shown.stdout


def test_a_revision_dated_before_our_fetch_is_still_noticed(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """A date-only lastmod (or a server clock behind ours) can date a revision earlier than
    our last fetch: what counts is that the site's date moved, not our clock."""
    with DemoServer(demo_site) as server:
        crawl(server, tmp_path)
        path = next(a.path for a in server.articles if a.article_id == 711953)
        midnight = now_vn().replace(hour=0, minute=0, second=0)  # before the fetch, after 2022
        server.revise(path, ADDED, modified=midnight)
        second = crawl(server, tmp_path)
        third = crawl(server, tmp_path)
    assert second.articles_fetched == [path]
    assert third.articles_fetched == []
    versions = rows(tmp_path, "SELECT version FROM articles WHERE key LIKE '%-711953'")
    assert versions == [(1,), (2,)]


def test_a_redirect_to_a_page_that_failed_is_followed_again(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    from crawler.demo.model import Resource

    with DemoServer(demo_site) as server:
        moved = server.publish(new_article(NEW_ID, NEW_TITLE, ["Một đoạn."]))
        page = server.lookup(moved)
        target = moved.replace(str(NEW_ID), str(NEW_ID + 1))  # an article URL no source lists
        server.add(moved, Resource(301, "text/html", b"", (("Location", target),)))
        server.add(target, Resource(503, "text/html", b"<h1>Service Unavailable</h1>"))
        first = crawl(server, tmp_path, "--set", "RETRY_TIMES=0")
        server.add(target, page)
        second = crawl(server, tmp_path)
        third = crawl(server, tmp_path)
    ours = [p for p in first.articles_fetched if p in (moved, target)]
    assert ours == [moved, target]
    assert second.articles_fetched == [moved, target]  # the 301 alone settled nothing
    assert third.articles_fetched == []  # now the target is archived: done with both
    outcomes = rows(tmp_path, f"SELECT status, outcome FROM urls WHERE key LIKE '%{NEW_ID}'")
    assert sorted(outcomes) == [(301, "moved")]


def test_a_404_is_tried_again_after_the_retry_period(demo_site: DemoSite, tmp_path: Path) -> None:
    with DemoServer(demo_site) as server:
        path = server.publish(new_article(NEW_ID, NEW_TITLE, ["Một đoạn."]))
        server.remove(path)
        crawl(server, tmp_path)
        again = crawl(server, tmp_path, "--set", "INCREMENTAL_RETRY_DAYS=0")
    assert again.articles_fetched == [path]


def test_tracking_parameters_and_trailing_slashes_do_not_make_a_second_article() -> None:
    from crawler.core.catalog.keys import normalize_key

    plain = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-viet-711953"
    for variant in (
        plain + "?utm_source=zalo&utm_medium=share",
        plain + "/",
        plain + "#comments",
        plain.replace("www.qdnd.vn", "WWW.QDND.VN") + "?fbclid=abc",
    ):
        assert normalize_key(variant) == plain
    assert normalize_key(plain + "?page=2") == plain + "?page=2"  # a real parameter stays


def test_a_damaged_archived_copy_is_replaced_by_a_whole_new_one(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    def unreadable(run: Run) -> int:
        report = run.result.stdout.split("run report: ")[1].split()[0]
        return int(json.loads(Path(report).read_text())["stats"].get("incremental/archive_unreadable", 0))  # fmt: skip

    with DemoServer(demo_site) as server:
        crawl(server, tmp_path)
        ((file, offset),) = rows(
            tmp_path,
            "SELECT warc_file, warc_offset FROM urls WHERE url LIKE '%top300article.xml'",
        )
        sharing = rows(  # URLs with the same payload point at the same record (revisits)
            tmp_path, f"SELECT url FROM urls WHERE warc_file = '{file}' AND warc_offset = {offset}"
        )
        with (tmp_path / str(file)).open("r+b") as warc:  # garble the middle of that record
            warc.seek(int(offset) + 40)
            warc.write(b"\0" * 64)
        second = crawl(server, tmp_path)
        third = crawl(server, tmp_path)
    assert unreadable(second) == len(sharing) >= 1
    assert unreadable(third) == 0  # the copy written in run 2 answers its 304 now
    assert second.articles_fetched == third.articles_fetched == []


def test_more_bad_input_is_one_line(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    demo_crawl_out = demo_crawl.out
    for args in (
        ["export", "--out", str(demo_crawl_out), "-o", str(tmp_path / "no" / "such" / "x.jsonl")],
        ["export", "--out", str(demo_crawl_out), "--since", "99999999999d"],
    ):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert result.stderr.startswith("defnews: error: ") and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    damaged = tmp_path / "out"
    (damaged / "warc").mkdir(parents=True)
    (damaged / "catalog.sqlite").write_bytes(b"SQLite format 3\0" + b"garbage" * 100)
    verify = run_cli("verify", "--out", str(damaged))
    assert verify.returncode == 2
    assert verify.stderr.startswith("defnews: error: ") and "Traceback" not in verify.stderr


@pytest.mark.slow
def test_a_crawl_killed_between_the_new_text_and_its_catalogue_row_loses_no_version(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    killer = '{"tests.plugins.killer.KillPipeline": 600}'  # after the text files (500)
    with DemoServer(demo_site) as server:
        crawl(server, tmp_path)
        path = next(a.path for a in server.articles if a.article_id == 711953)
        before = text_files(tmp_path)
        time.sleep(1.1)
        server.revise(path, ADDED, modified=now_vn() + timedelta(seconds=1))
        time.sleep(1.1)
        killed = run_cli(
            "crawl", "qdnd", "--base-url", server.base_url, "--out", str(tmp_path), *FAST,
            "--set", f"ITEM_PIPELINES={killer}", "--set", "KILL_ON_URL_PART=-711953",
        )  # fmt: skip
        assert killed.returncode == -signal.SIGKILL
        rerun = crawl(server, tmp_path)
    assert rerun.articles_fetched == [path]
    versions = rows(tmp_path, "SELECT version, files FROM articles WHERE key LIKE '%-711953'")
    (v1, stem_v1), (v2, stem) = versions
    assert (v1, v2) == (1, 2) and stem_v1 == f"{stem}.v1"
    after = text_files(tmp_path)
    assert after[f"{stem_v1}.json"] == before[f"{stem}.json"]  # version 1 exactly as it was
    assert ADDED in after[f"{stem}.txt"]
    assert not [name for name in after if ".v1.v" in name]


@pytest.mark.slow
def test_articles_written_before_the_catalogue_are_adopted_not_lost(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """A folder whose catalog.sqlite is gone (or from a defnews before the catalogue): its
    articles, kept versions included, are adopted under the keys a crawl computes, even for
    pages that named no canonical URL (their records then hold only the mirror's URL)."""
    with DemoServer(demo_site) as server:
        crawl(server, tmp_path)
        path = next(a.path for a in server.articles if a.article_id == 711953)
        time.sleep(1.1)
        server.revise(path, ADDED, modified=now_vn() + timedelta(seconds=1))
        time.sleep(1.1)
        crawl(server, tmp_path)  # version 2, version 1 kept as .v1
        for record in (tmp_path / "articles").rglob("*.json"):
            fields = json.loads(record.read_text(encoding="utf-8"))
            fields["canonical_url"] = ""  # as if no page had named its canonical URL
            record.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
        before = text_files(tmp_path)
        for leftover in tmp_path.glob("catalog.sqlite*"):
            leftover.unlink()
        exported = run_cli("export", "--out", str(tmp_path), "--all-versions")
        again = crawl(server, tmp_path)
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(lines) == 22
    seed = [line for line in lines if line["url"].endswith("-711953")]
    assert [(s["version"], ADDED in s["text"]) for s in seed] == [(1, False), (2, True)]
    assert again.articles_fetched == []  # adopted under the crawl's keys: nothing fetched again
    assert rows(tmp_path, "SELECT COUNT(DISTINCT key) FROM articles") == [(21,)]
    assert text_files(tmp_path) == before


@pytest.mark.slow
def test_a_stop_in_the_middle_leaves_unfetched_revisions_due(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """Only a fetch that happened records the sitemap date it answered: revisions a stopped
    run never fetched are still fetched by the next one."""
    with DemoServer(demo_site) as server:
        crawl(server, tmp_path)
        revised = [
            a.path for a in server.articles if "sitemap" in a.discovery and not a.disallowed
        ][:6]
        time.sleep(1.1)
        for path in revised:
            server.revise(path, ADDED, modified=now_vn() + timedelta(seconds=1))
        time.sleep(1.1)
        server.delay = 0.3
        before = len(server.requests)
        child = _start(server, tmp_path)
        _wait_for(lambda: any(p in revised for p in article_paths(server.requests[before:])))
        child.send_signal(signal.SIGTERM)  # what `defnews schedule` sends on stop
        assert child.wait(timeout=60) == 130
        server.delay = 0
        crawl(server, tmp_path)
        last = crawl(server, tmp_path)
    versions = rows(tmp_path, "SELECT key, MAX(version) FROM articles GROUP BY key")
    assert sum(version == 2 for _, version in versions) == len(revised)
    assert last.articles_fetched == []


def _inflated(member: bytes) -> bytes | None:
    """The body warcio reads from a WARC record without checking digests; None when it fails."""
    import io

    from warcio.archiveiterator import ArchiveIterator

    try:
        return bytes(next(iter(ArchiveIterator(io.BytesIO(member)))).content_stream().read())
    except Exception:  # noqa: BLE001 - most garbled members fail to inflate at all
        return None


# warcio's writer leaves its digest spool files to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_an_archived_copy_that_inflates_to_garbage_is_unreadable(tmp_path: Path) -> None:
    """A garbled gzip member can still inflate (its digest headers garbled away with the rest):
    answering a 304 with those bytes would archive garbage as the page. Such a copy is
    unreadable, and the page is fetched whole again (FetchLogMiddleware)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from crawler.downloadermiddlewares.fetch_log import archived_body

    body = b"<urlset>" + b"<url><loc>https://www.qdnd.vn/a-1</loc></url>" * 50 + b"</urlset>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/xml")], protocol="HTTP/1.1")
    path = tmp_path / "one.warc.gz"
    for _attempt in range(2000):  # random record IDs: about 1 in 12 garbles this way
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=True)
        payload = io.BytesIO(body)
        writer.write_record(
            writer.create_warc_record(
                "https://x/", "response", payload=payload, http_headers=headers
            )
        )
        good = buffer.getvalue()
        path.write_bytes(good)
        assert archived_body(path, 0)[0] == body  # whole, it reads
        garbled = good[:40] + b"\0" * 64 + good[104:]
        inflated = _inflated(garbled)
        if inflated is None:
            continue
        assert inflated != body
        path.write_bytes(garbled)
        with pytest.raises(ValueError):
            archived_body(path, 0)
        return
    raise AssertionError("no garbled record inflated in 2000 tries")
