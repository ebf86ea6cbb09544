"""Archived articles looked at again: a quiet edit (no date moved) becomes a new version, a
404 and a redirect to the home page are removals, recorded with their evidence; `changes` and
`diff` show them."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.core.follow.recheck import due, parse_ages
from crawler.demo.model import Resource
from crawler.demo.server import DemoServer
from crawler.demo.site import DemoSite
from tests.support.cli import FAST, run_cli

QUIET = "Đính chính: số người tham dự là 120, không phải 102."
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
        by_id = {a.article_id: a for a in server.articles}
        edited, removed, moved = by_id[711953], by_id[739208], by_id[686722]
        # A quiet edit: the words change, no sitemap or feed date moves.
        unmoved = datetime.fromisoformat(edited.modified or edited.published)
        server.revise(edited.path, QUIET, modified=unmoved)
        server.remove(removed.path)  # taken down: 404
        server.add(  # sent to the home page
            moved.path, Resource(301, "text/html", b"", headers=(("Location", "/"),))
        )
        quiet = crawl()  # no checkpoint reached yet: nothing looked at again
        rechecked = crawl("--recheck", "3650d")
        after = crawl()
    return {
        "out": out,
        "first": first,
        "quiet": quiet,
        "rechecked": rechecked,
        "after": after,
        "paths": (edited.path, removed.path, moved.path),
    }


def test_a_normal_run_right_after_does_not_recheck(story: dict[str, object]) -> None:
    quiet = str(story["quiet"])
    assert "re-checked" not in quiet
    assert "articles: 0 new, 0 changed" in quiet  # the quiet edit went unseen, as it would


def test_recheck_finds_the_quiet_edit_and_the_two_removals(story: dict[str, object]) -> None:
    out, text = Path(str(story["out"])), str(story["rechecked"])
    _edited, removed, moved = story["paths"]  # type: ignore[misc]
    assert "articles: 0 new, 1 changed" in text, text
    assert "re-checked 21 archived articles: 2 removed" in text.splitlines()
    lines = text.splitlines()
    assert any(line.endswith(f"{removed} (HTTP 404); the archived copy stays") for line in lines)
    assert any(
        f"{moved} (redirected to " in line and line.endswith("; the archived copy stays")
        for line in lines
    )
    # The archived copies stay; the removals are events with their evidence in the WARC.
    with sqlite3.connect(out / "catalog.sqlite") as db:
        events = db.execute("SELECT key, kind, status, warc_file FROM events").fetchall()
        versions = dict(db.execute("SELECT key, MAX(version) FROM articles GROUP BY key"))
    assert sorted((str(k).rsplit("-", 1)[-1], kind, status) for k, kind, status, _ in events) == [
        ("686722", "removed", 301),
        ("739208", "removed", 404),
    ]
    assert all(str(warc).startswith("warc/") for *_, warc in events)
    assert len(versions) == 21
    # The next run says nothing new: the removals were recorded once.
    assert "re-checked" not in str(story["after"])


def test_changes_and_diff_show_them(story: dict[str, object]) -> None:
    out = Path(str(story["out"]))
    edited, _removed, _moved = story["paths"]  # type: ignore[misc]
    rows = [
        json.loads(line)
        for line in run_cli("changes", "--out", str(out), "--json").stdout.splitlines()
    ]
    kinds = {row["url"].rsplit("-", 1)[-1]: row["kind"] for row in rows if row["kind"] != "new"}
    assert kinds == {"711953": "changed", "739208": "removed", "686722": "removed"}
    # Newest first: the run that found them came after every arrival.
    assert sorted(row["kind"] for row in rows[:3]) == ["changed", "removed", "removed"]
    gone = next(row for row in rows if row["kind"] == "removed" and "739208" in row["url"])
    assert gone["detail"] == "HTTP 404"
    diff = run_cli("diff", f"https://www.qdnd.vn{edited}", "--out", str(out))
    assert diff.returncode == 0, diff.stderr
    assert f"{{+{QUIET}+}}" in diff.stdout
