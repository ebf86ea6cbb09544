"""Archives put together again: merged archives read revisits through their payloads,
`reparse` skips and names what it cannot read, keeps an outlet's key, and a catalogue rebuilt
from text files keeps every version, and no orphan without its capture counts as archived."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from crawler.demo.changes import now_vn
from crawler.demo.outlet_en import GenericSite
from crawler.demo.server import DemoServer
from tests.support.cli import FAST, run_cli


def _rows(out: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return list(db.execute(query))


@pytest.fixture(scope="module")
def with_revisits(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose listing-only articles were fetched by a --since run that did not keep
    them, then stored by the next run: their captures are revisit records."""
    out = tmp_path_factory.mktemp("revisits")
    with DemoServer() as server:
        for extra in (["--since", "2099-01-01"], []):
            done = run_cli(
                "crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST, *extra
            )
            assert done.returncode == 0, done.stderr
    return out


def _revisit_ids(out: Path) -> list[int]:
    from crawler.core.archive.reader import capture_at

    found = []
    for article_id, fields in _rows(out, "SELECT id, fields FROM articles"):
        ref = json.loads(str(fields))["warc"]
        if capture_at(out / ref["file"], int(ref["offset"])).kind == "revisit":
            found.append(int(str(article_id)))
    return found


def test_a_merged_archive_reads_revisits_through_its_payloads(
    with_revisits: Path, tmp_path: Path
) -> None:
    merged = tmp_path / "merged"
    done = run_cli("catalog", "merge", str(with_revisits), "--into", str(merged))
    assert done.returncode == 0, done.stderr
    revisits = _revisit_ids(merged)
    assert revisits
    for article_id in revisits:
        shown = run_cli("show", str(article_id), "--html", "--out", str(merged))
        assert shown.returncode == 0, shown.stderr
        assert "<html" in shown.stdout.lower()
    result = run_cli("reparse", "--out", str(merged))
    assert result.returncode == 0, result.stderr
    assert "reparsed 21 article(s): 0 changed, 21 the same, 0 could not be read" in result.stdout


def test_reparse_skips_and_names_an_article_it_cannot_read(
    with_revisits: Path, tmp_path: Path
) -> None:
    """An archive merged before payloads were merged: no payload table at all."""
    out = Path(shutil.copytree(with_revisits, tmp_path / "out"))
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        db.execute("DROP TABLE payloads")
    revisits = _revisit_ids(out)
    result = run_cli("reparse", "--out", str(out))
    assert result.returncode == 2
    assert f"{len(revisits)} could not be read" in result.stdout
    assert f"{21 - len(revisits)} the same" in result.stdout
    named = [line for line in result.stderr.splitlines() if "not reparsed" in line]
    assert len(named) == len(revisits) and "Traceback" not in result.stderr
    assert all("http" in line for line in named)  # each named by its URL


def test_reparse_keeps_the_outlet_key_of_a_start_crawl(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with GenericSite() as site:
        done = run_cli("crawl", "--start", site.base_url + "/", "--out", str(out), *FAST)
        assert done.returncode == 0, done.stderr
    files = sorted(p.relative_to(out).as_posix() for p in (out / "articles").rglob("*"))
    result = run_cli("reparse", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert " 0 changed," in result.stdout
    assert sorted(p.relative_to(out).as_posix() for p in (out / "articles").rglob("*")) == files
    assert {site for (site,) in _rows(out, "SELECT site FROM articles")} == {"127-0-0-1"}


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A folder where a revision moved an article to another month (its date corrected, its
    text revised), and another article was revised twice in place: three versions."""
    out = tmp_path_factory.mktemp("moved")
    with DemoServer() as server:
        sitemapped = [a for a in server.articles if "sitemap" in a.discovery and not a.disallowed]
        first, second = sitemapped[0].path, sitemapped[1].path
        published = sitemapped[0].published
        done = run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
        assert done.returncode == 0, done.stderr
        for round_ in (1, 2):
            time.sleep(1.1)
            server.revise(second, f"Bổ sung {round_}.", modified=now_vn() + timedelta(hours=round_))
            if round_ == 1:
                server.redate(first, datetime.fromisoformat(published) - timedelta(days=45))
                server.revise(first, "Đính chính ngày đăng.", modified=now_vn())
            time.sleep(1.1)
            done = run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
            assert done.returncode == 0, done.stderr
    return out, first, second


def _history(out: Path, path: str) -> list[tuple[int, str, str]]:
    return [
        (int(str(version)), str(files), json.loads(str(fields))["text"])
        for version, files, fields in _rows(
            out,
            f"SELECT version, files, fields FROM articles WHERE key LIKE '%{path}' "
            "ORDER BY version",
        )
    ]


def test_a_deleted_catalogue_is_rebuilt_with_every_version_across_folders(
    moved: tuple[Path, str, str], tmp_path: Path
) -> None:
    source, first, second = moved
    moved_history = _history(source, first)
    assert len(moved_history) == 2
    assert moved_history[0][1].split("/")[3] != moved_history[1][1].split("/")[3]  # two months
    revised_history = _history(source, second)
    assert len(revised_history) == 3
    out = Path(shutil.copytree(source, tmp_path / "out"))
    for leftover in out.glob("catalog.sqlite*"):
        leftover.unlink()
    exported = run_cli("export", "--out", str(out), "--all-versions")
    assert exported.returncode == 0, exported.stderr
    assert _history(out, first) == moved_history
    assert _history(out, second) == revised_history
    assert "Đính chính ngày đăng." in _history(out, first)[-1][2]
    assert len(exported.stdout.splitlines()) == 21 + 1 + 2
    assert run_cli("verify", "--out", str(out)).returncode == 0


@pytest.mark.slow
def test_orphaned_text_files_without_their_capture_are_fetched_again(tmp_path: Path) -> None:
    """The folder was deleted mid-crawl and the text files came back without their WARCs and
    catalogue: the next crawl must not count them archived, but fetch and capture them."""
    out = tmp_path / "out"
    with DemoServer() as server:
        done = run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
        assert done.returncode == 0, done.stderr
        for leftover in out.glob("catalog.sqlite*"):
            leftover.unlink()
        for folder in ("warc", "index", "runs"):
            shutil.rmtree(out / folder)
        before = len(server.requests)
        again = run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
        assert again.returncode == 0, again.stderr
        fetched = {r.path for r in server.requests[before:] if r.path[-6:].isdigit()}
    assert len(fetched) == 21
    assert _rows(out, "SELECT COUNT(DISTINCT key), COUNT(*) FROM articles") == [(21, 21)]
    assert run_cli("verify", "--out", str(out)).returncode == 0


def test_versions_after_a_lost_capture_are_fetched_again_not_adopted(
    moved: tuple[Path, str, str], tmp_path: Path
) -> None:
    """The last run's WARC files went missing with the catalogue: the revised article's third
    version has no capture. Its first two are adopted; the page is fetched again."""
    source, _, second = moved
    out = Path(shutil.copytree(source, tmp_path / "out"))
    last = _history(out, second)[-1][1]
    lost = json.loads((out / f"{last}.json").read_text(encoding="utf-8"))["warc"]["file"]
    for leftover in out.glob("catalog.sqlite*"):
        leftover.unlink()
    (out / lost).unlink()
    (out / "index" / Path(lost).name.replace(".warc.gz", ".cdxj")).unlink()
    with DemoServer() as server:
        before = len(server.requests)
        again = run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
        assert again.returncode == 0, again.stderr
        fetched = [r.path for r in server.requests[before:] if r.path[-6:].isdigit()]
    assert second in fetched
    history = _history(out, second)
    assert [version for version, _, _ in history] == [1, 2, 3]
    assert "Bổ sung 1." in history[1][2] and "Bổ sung 2." not in history[1][2]
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        (fields,) = db.execute(
            f"SELECT fields FROM articles WHERE key LIKE '%{second}' AND version = 3"
        ).fetchone()
    assert (out / json.loads(fields)["warc"]["file"]).is_file()  # stored with its capture
