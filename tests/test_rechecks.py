"""Archived articles looked at again: a quiet edit (no date moved) becomes a new version, a
404 and a redirect to the home page are removals, recorded with their evidence; `changes` and
`diff` show them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.core.catalog.catalog import Catalog
from crawler.core.follow.recheck import due, parse_ages
from crawler.demo.model import Resource
from crawler.demo.server import DemoServer
from crawler.demo.site import DemoSite
from tests.support.cli import FAST, run_cli

QUIET = "Đính chính: số người tham dự là 120, không phải 102."
# A takedown served with 200: the site's chrome around a notice, as CMSs serve it.
SOFT_404 = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Không tìm thấy trang - Báo Quân đội nhân dân</title>
<link rel="canonical" href="https://www.qdnd.vn/"></head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/chinh-tri">Chính trị</a></nav></header>
<main><h2>Rất tiếc!</h2><p>Nội dung bạn tìm không tồn tại hoặc đã bị gỡ bỏ.</p>
<p><a href="/">Về trang chủ</a></p></main></body></html>""".encode()
# A page broken another way (a redesign the parser does not know): no body found, and
# nothing says "not found". A parser fault, never a removal.
BROKEN = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Bài viết - Báo Quân đội nhân dân</title></head><body>
<div id="app" data-state="loading"></div></body></html>""".encode()
HOUR = timedelta(hours=1)


def test_an_article_is_due_when_its_age_passed_a_checkpoint_after_its_last_fetch() -> None:
    ages = parse_ages("1h 6h, 1d")
    born = datetime(2026, 1, 1, tzinfo=UTC)
    assert ages == [HOUR, 6 * HOUR, 24 * HOUR]
    assert not due(born, born, born + 0.5 * HOUR, ages)  # no checkpoint passed yet
    assert due(born, born, born + 2 * HOUR, ages)  # 1 h passed, last fetched before it
    assert not due(born, born + 1.5 * HOUR, born + 2 * HOUR, ages)  # fetched since
    assert due(born, born + 1.5 * HOUR, born + 7 * HOUR, ages)  # 6 h passed since
    assert not due(born, born + 25 * HOUR, born + 30 * 24 * HOUR, ages)  # past the last one
    assert parse_ages("") == []
    with pytest.raises(ValueError, match="not an age: '3x'"):
        parse_ages("1h 3x")


@pytest.fixture(scope="module")
def story(demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("recheck")
    with DemoServer(demo_site) as server:

        def crawl(*extra: str) -> str:
            done = run_cli(
                "crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST, *extra
            )
            assert done.returncode == 0, done.stderr
            return done.stdout

        first = crawl()
        by_id = {a.article_id: a for a in server.articles if not a.disallowed}
        edited, removed, moved = by_id[711953], by_id[739208], by_id[686722]
        others = [by_id[i] for i in sorted(by_id) if i not in (711953, 739208, 686722)]
        moved_too, moved_to_404, soft, broken = others[0], others[1], others[2], others[3]
        relocated = others[4]
        kept = server.lookup(removed.path)
        # A quiet edit: the words change, no sitemap or feed date moves.
        unmoved = datetime.fromisoformat(edited.modified or edited.published)
        server.revise(edited.path, QUIET, modified=unmoved)
        server.remove(removed.path)  # taken down: 404
        for gone, target in ((moved, "/"), (moved_too, "/"), (moved_to_404, "/trang-khong-co")):
            # Sent to the home page (two of them: one target for many takedowns), or to a
            # page that is not there.
            server.add(gone.path, Resource(301, "text/html", b"", headers=(("Location", target),)))
        server.add(soft.path, Resource(200, "text/html; charset=utf-8", SOFT_404))
        # Moved to an address of a form the profile does not know: still the article there.
        server.add("/chuyen-muc/bai-da-chuyen", server.lookup(relocated.path))
        server.add(
            relocated.path,
            Resource(301, "text/html", b"", headers=(("Location", "/chuyen-muc/bai-da-chuyen"),)),
        )
        server.add(broken.path, Resource(200, "text/html; charset=utf-8", BROKEN))
        quiet = crawl()  # no checkpoint reached yet: nothing looked at again
        # --since: a re-check looks whatever the article's date (a quiet edit moves none).
        rechecked = crawl("--recheck", "3650d", "--since", "1d")
        server.add(removed.path, kept)  # back
        back = crawl("--recheck", "3650d")
        server.remove(removed.path)  # and taken down again
        again = crawl("--recheck", "3650d")
        after = crawl()
        # Back, and seen by a fetch a sitemap asked for (no re-check): a return all the same.
        server.add(removed.path, kept)
        refreshed = crawl("--refresh")
    return {
        "out": out,
        "first": first,
        "quiet": quiet,
        "rechecked": rechecked,
        "back": back,
        "again": again,
        "after": after,
        "refreshed": refreshed,
        "paths": (edited.path, removed.path, moved.path),
        "more": (moved_too.path, moved_to_404.path),
        "soft": (soft.path, broken.path),
        "relocated": relocated.path,
    }


def test_a_normal_run_right_after_does_not_recheck(story: dict[str, object]) -> None:
    quiet = str(story["quiet"])
    assert "re-checked" not in quiet
    assert "articles: 0 new, 0 changed" in quiet  # the quiet edit went unseen, as it would


def test_recheck_finds_the_quiet_edit_and_the_removals(story: dict[str, object]) -> None:
    out, text = Path(str(story["out"])), str(story["rechecked"])
    _edited, removed, moved = story["paths"]  # type: ignore[misc]
    soft, broken = story["soft"]  # type: ignore[misc]
    assert "articles: 0 new, 1 changed" in text, text
    assert "re-checked 21 archived articles: 5 removed" in text.splitlines(), text
    lines = text.splitlines()
    assert any(line.endswith(f"{removed} (HTTP 404); the archived copy stays") for line in lines)
    assert any(
        f"{moved} (redirected to " in line and line.endswith("; the archived copy stays")
        for line in lines
    )
    # The archived copies stay; the removals are events, each under its own article, with
    # the evidence in the WARC: two sent to the same home page, one to a page not there.
    moved_too, moved_to_404 = story["more"]  # type: ignore[misc]
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        events = db.execute(
            "SELECT key, kind, status, warc_file FROM events ORDER BY id"
        ).fetchall()
        versions = dict(db.execute("SELECT key, MAX(version) FROM articles GROUP BY key"))
    ids = lambda path: str(path).rsplit("-", 1)[-1]
    assert sorted((ids(k), kind, status) for k, kind, status, _ in events[:5]) == sorted(
        [
            (ids(soft), "removed", 200),
            ("686722", "removed", 301),
            (ids(moved_too), "removed", 301),
            (ids(moved_to_404), "removed", 404),
            ("739208", "removed", 404),
        ]
    )
    assert all(str(warc).startswith("warc/") for *_, warc in events)
    # The "not found" page served with 200 is a removal, said with what gave it away; the
    # page that merely broke is not one.
    assert any(
        f"{soft} (answered 200 with a page that is no article: its title says "
        "'Không tìm thấy trang - Báo Quân đội nhân dân'); the archived copy stays" in line
        for line in lines
    ), text
    assert not any(str(broken) in line and "removed" in line for line in lines)
    relocated = str(story["relocated"])
    assert not any(relocated in line for line in lines if "removed" in line), text
    assert len(versions) == 21
    # Back, then taken down again: a return and a second removal, each recorded once.
    assert [(ids(k), kind) for k, kind, *_ in events[5:]] == [
        ("739208", "restored"),
        ("739208", "removed"),
        ("739208", "restored"),  # back again, seen by a sitemap's fetch
    ]
    assert (
        "re-checked 21 archived articles: 0 removed, 4 still removed (recorded before), "
        "1 back after a removal"
    ) in str(story["back"]).splitlines(), story["back"]
    assert ("re-checked 21 archived articles: 1 removed, 4 still removed (recorded before)") in str(
        story["again"]
    ).splitlines()
    assert "re-checked" not in str(story["after"])
    assert (
        # Three of the four still removed: of two sent to the home page, a fetch that is no
        # re-check follows one redirect there (the duplicate filter drops the second); the
        # re-checks, past the filter, see both.
        "archived articles fetched again: 0 removed, 3 still removed (recorded before), "
        "1 back after a removal" in str(story["refreshed"]).splitlines()
    ), story["refreshed"]


def test_changes_and_diff_show_them(story: dict[str, object]) -> None:
    out = Path(str(story["out"]))
    edited, _removed, _moved = story["paths"]  # type: ignore[misc]
    rows = [
        json.loads(line)
        for line in run_cli("changes", "--out", str(out), "--json").stdout.splitlines()
    ]
    kinds = [(row["url"].rsplit("-", 1)[-1], row["kind"]) for row in rows if row["kind"] != "new"]
    # Newest first: the second return, the second takedown, the first return, then what the
    # first re-check found.
    assert kinds[:3] == [("739208", "restored"), ("739208", "removed"), ("739208", "restored")]
    assert sorted(kinds[3:]) == sorted(
        [("711953", "changed"), ("739208", "removed"), ("686722", "removed")]
        + [(str(p).rsplit("-", 1)[-1], "removed") for p in story["more"]]  # type: ignore[attr-defined]
        + [(str(story["soft"][0]).rsplit("-", 1)[-1], "removed")]  # type: ignore[index]
    )
    gone = next(row for row in rows if row["kind"] == "removed" and "739208" in row["url"])
    assert gone["detail"] == "HTTP 404"
    diff = run_cli("diff", f"https://www.qdnd.vn{edited}", "--out", str(out))
    assert diff.returncode == 0, diff.stderr
    assert f"{{+{QUIET}+}}" in diff.stdout


def test_articles_past_a_checkpoint_are_rechecked_by_normal_runs_a_few_at_a_time(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    """The checkpoints at work in ordinary crawls: two hours after they were first seen and
    fetched, every article has passed the 1 h checkpoint; RECHECK_PER_RUN a run look again."""
    out = tmp_path / "out"

    def crawl(*extra: str) -> list[str]:
        done = run_cli(
            "crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(out), *FAST, *extra
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    crawl()
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:  # as if two hours had gone by
        for table, column in (("articles", "first_seen"), ("urls", "fetched_at")):
            rows = db.execute(f"SELECT rowid, {column} FROM {table}").fetchall()
            for rowid, value in rows:
                moved = datetime.fromisoformat(value) - 2 * HOUR
                db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (moved.isoformat(), rowid)
                )
    first = crawl("--set", "RECHECK_PER_RUN=15")
    assert "re-checked 15 archived articles: 0 removed" in first
    assert "  6 more due: later runs look at them (RECHECK_PER_RUN a run)" in first
    second = crawl("--set", "RECHECK_PER_RUN=15")
    assert "re-checked 6 archived articles: 0 removed" in second  # the rest, and no more
    assert not [line for line in crawl() if line.startswith("re-checked")]


def test_a_merged_archive_keeps_the_removals(story: dict[str, object], tmp_path: Path) -> None:
    """Removals are the archive's too: a merge carries them (once, merged twice), so the
    merged archive lists what its workers' re-checks found."""
    out, merged = Path(str(story["out"])), tmp_path / "merged"

    def events(folder: Path) -> list[tuple[str, str, str]]:
        with closing(sqlite3.connect(folder / "catalog.sqlite")) as db, db:
            return db.execute("SELECT key, kind, at FROM events ORDER BY at, key").fetchall()

    for _ in range(2):
        done = run_cli("catalog", "merge", str(out), "--into", str(merged))
        assert done.returncode == 0, done.stderr
    assert events(merged) == events(out) and len(events(out)) == 8
    rows = [
        json.loads(line)
        for line in run_cli("changes", "--out", str(merged), "--json").stdout.splitlines()
    ]
    assert sum(row["kind"] == "removed" for row in rows) == 6
    # And a catalogue rebuilt from the folder's files has them: its event log holds them.
    for folder in (out, merged):
        rebuilt = tmp_path / f"rebuilt-{folder.name}"
        shutil.copytree(folder, rebuilt)
        for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"):
            (rebuilt / name).unlink(missing_ok=True)
        done = run_cli("changes", "--out", str(rebuilt), "--json")
        assert done.returncode == 0, done.stderr
        assert events(rebuilt) == events(out)


def test_a_rebuilt_catalogue_keeps_when_articles_came_and_older_removals(
    story: dict[str, object], tmp_path: Path
) -> None:
    """Rebuilt from the folder's files, the catalogue dates each version by its capture, within
    when it was seen (not by the rebuild: `changes` and the feeds would call the whole archive
    new today), and
    removals recorded before the event log existed are written to it first, so they stay."""
    out, copy = Path(str(story["out"])), tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / "events.jsonl").unlink()  # as an archive re-checked by an earlier release

    def seen(folder: Path) -> list[tuple[str, int, str, str]]:
        with closing(sqlite3.connect(folder / "catalog.sqlite")) as db, db:
            return db.execute(
                "SELECT key, version, first_seen, last_seen FROM articles ORDER BY key, version"
            ).fetchall()

    def events(folder: Path) -> list[tuple[str, str, str]]:
        with closing(sqlite3.connect(folder / "catalog.sqlite")) as db, db:
            return db.execute("SELECT key, kind, at FROM events ORDER BY at, key").fetchall()

    Catalog(copy / "catalog.sqlite").close()  # opened for writing (a crawl): the log written
    assert (copy / "events.jsonl").is_file()
    before = seen(copy)
    for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"):
        (copy / name).unlink(missing_ok=True)
    assert run_cli("changes", "--out", str(copy)).returncode == 0  # rebuilt
    assert events(copy) == events(out)
    after = seen(copy)
    assert [row[:2] for row in after] == [row[:2] for row in before]
    for (*_, first, last), (*_, rebuilt, _) in zip(before, after, strict=True):
        # The capture a version's record names is the latest that showed it. Its WARC-Date
        # is when that fetch began, before the version was stored (seconds before, on a
        # loaded machine), and no later than the version was last seen.
        start = datetime.fromisoformat(first) - timedelta(seconds=30)
        end = datetime.fromisoformat(last) + timedelta(seconds=1)
        assert start <= datetime.fromisoformat(rebuilt) <= end
