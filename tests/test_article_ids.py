"""Article IDs through the command line: one ID per article, the same in every crawl's archive,
in a merged one and in a rebuilt catalogue; versions are the ID plus --version N; the numeric
version IDs of earlier releases still resolve."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.core.catalog.article_ids import article_id, is_article_id
from crawler.core.catalog.catalog import Catalog
from crawler.demo.changes import now_vn
from crawler.demo.server import DemoServer
from tests.support.cli import FAST, run_cli

ADDED = "Bổ sung: con số đã được đính chính."


def _crawl(server: DemoServer, out: Path) -> None:
    done = run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Two separate crawls' archives of the same site: a (crawled, then again after one
    article was revised: versions 1 and 2) and b (crawled once, after the revision). Returns
    them and the revised article's path."""
    root = tmp_path_factory.mktemp("ids")
    with DemoServer() as server:
        path = next(a.path for a in server.articles if a.article_id == 711953)
        _crawl(server, root / "a")
        time.sleep(1.1)  # sitemap times have whole seconds
        server.revise(path, ADDED, modified=now_vn() + timedelta(seconds=1))
        time.sleep(1.1)
        _crawl(server, root / "a")
        _crawl(server, root / "b")
    return root / "a", root / "b", path


def _list(out: Path) -> list[dict[str, object]]:
    done = run_cli("list", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def _ids_by_path(out: Path) -> dict[str, str]:
    """Each article's ID, by its path (the folders were crawled from different origins)."""
    return {"/" + str(row["url"]).split("/", 3)[3]: str(row["id"]) for row in _list(out)}


def _keys(out: Path) -> dict[str, str]:
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return {
            str(key): str(ident) for key, ident in db.execute("SELECT key, article FROM articles")
        }


def _one_line_error(*args: str) -> str:
    done = run_cli(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and done.stdout == "", done.stderr
    return lines[0]


def test_an_article_has_the_same_id_in_separate_crawls_a_merge_and_a_rebuild(
    archives: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, b, path = archives
    in_a, in_b = _ids_by_path(a), _ids_by_path(b)
    assert len(in_a) == 21 and in_a == in_b
    assert all(is_article_id(ident) for ident in in_a.values())
    assert all(article_id(key) == ident for key, ident in _keys(a).items())  # from the key
    merged = tmp_path / "merged"
    done = run_cli("catalog", "merge", str(b), str(a), "--into", str(merged))
    assert done.returncode == 0, done.stderr
    assert _ids_by_path(merged) == in_a
    rebuilt = Path(shutil.copytree(merged, tmp_path / "rebuilt"))
    for leftover in rebuilt.glob("catalog.sqlite*"):
        leftover.unlink()
    assert _ids_by_path(rebuilt) == in_a  # `list` rebuilds the catalogue from the files
    # The revised article's two versions, by the same ID in each archive.
    ident = in_a[path]
    for out in (a, merged, rebuilt):
        first = run_cli("show", ident, "--version", "1", "--out", str(out))
        latest = run_cli("show", ident, "--out", str(out))
        assert first.returncode == latest.returncode == 0, (first.stderr, latest.stderr)
        assert ADDED not in first.stdout and ADDED in latest.stdout
    assert run_cli("show", ident, "--out", str(b)).stdout == latest.stdout


def test_an_old_numeric_id_shows_its_version_and_says_a_newer_one_exists(
    archives: tuple[Path, Path, str],
) -> None:
    a, _, path = archives
    ident = _ids_by_path(a)[path]
    record = json.loads(run_cli("show", ident, "--json", "--out", str(a)).stdout)
    assert (record["id"], record["version"]) == (ident, 2)
    with closing(sqlite3.connect(a / "catalog.sqlite")) as db, db:
        (old,) = db.execute(
            "SELECT id FROM articles WHERE article = ? AND version = 1", (ident,)
        ).fetchone()
    assert record["version_id"] != old
    by_number = run_cli("show", str(old), "--out", str(a))
    assert by_number.returncode == 0, by_number.stderr
    assert by_number.stdout == run_cli("show", ident, "--version", "1", "--out", str(a)).stdout
    assert ADDED not in by_number.stdout
    # The note is on stderr: what is piped is the article alone.
    assert by_number.stderr == f"defnews: version 1 of 2; the latest is `defnews show {ident}`\n"
    assert run_cli("show", ident, "--out", str(a)).stderr == ""
    old_json = json.loads(run_cli("show", str(old), "--json", "--out", str(a)).stdout)
    assert (old_json["id"], old_json["version"], old_json["version_id"]) == (ident, 1, old)
    # The numeric ID with --version names that article's other version, as it always did.
    assert ADDED in run_cli("show", str(old), "--version", "2", "--out", str(a)).stdout


def test_every_command_gives_the_article_id(archives: tuple[Path, Path, str]) -> None:
    a, _, path = archives
    ids = _ids_by_path(a)
    ident = ids[path]
    changes = [
        json.loads(line)
        for line in run_cli("changes", "--json", "--out", str(a)).stdout.splitlines()
    ]
    assert (changes[0]["id"], changes[0]["kind"], changes[0]["version"]) == (ident, "changed", 2)
    assert {row["id"] for row in changes} == set(ids.values())
    assert all(isinstance(row["version_id"], int) for row in changes)
    table = run_cli("changes", "--out", str(a)).stdout.splitlines()
    assert table[1].split()[:2] == [ident, "changed"]
    diff = json.loads(run_cli("diff", ident, "--json", "--out", str(a)).stdout)
    assert diff["id"] == ident and (diff["from"]["version"], diff["to"]["version"]) == (1, 2)
    assert run_cli("diff", ident, "--out", str(a)).stdout.startswith(ident + "  ")
    exported = [json.loads(line) for line in run_cli("export", "--out", str(a)).stdout.splitlines()]
    assert {row["id"] for row in exported} == set(ids.values())
    every = run_cli("export", "--all-versions", "--out", str(a)).stdout.splitlines()
    assert sorted(json.loads(line)["version"] for line in every if ident in line) == [1, 2]
    csv_head = run_cli("export", "--format", "csv", "--out", str(a)).stdout.splitlines()[0]
    assert csv_head.endswith(",version,id")
    title = next(str(row["title"]) for row in _list(a) if row["id"] == ident)
    hits = [
        json.loads(line)
        for line in run_cli(
            "search", *title.split()[:4], "--json", "--out", str(a)
        ).stdout.splitlines()
    ]
    (hit,) = [hit for hit in hits if hit["id"] == ident]
    assert hit["version"] == 2 and isinstance(hit["version_id"], int)
    listed = run_cli("list", "--out", str(a)).stdout.splitlines()
    assert listed[0].split()[0] == "ID" and all(
        is_article_id(line.split()[0]) for line in listed[1:]
    )
    plain = run_cli("search", *title.split()[:4], "--out", str(a)).stdout
    assert f"\n{ident}  " in "\n" + plain


def test_a_catalogue_from_before_ids_gets_them_on_open(
    archives: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, _, path = archives
    expected = _ids_by_path(a)
    for name in ("writable", "read-only"):
        old = Path(shutil.copytree(a, tmp_path / name))
        with (
            closing(sqlite3.connect(old / "catalog.sqlite")) as db,
            db,
        ):  # as an older defnews made it
            db.execute("DROP INDEX articles_article")
            db.execute("ALTER TABLE articles DROP COLUMN article")
        if name == "read-only":  # a mounted backup: the IDs are computed, nothing written
            with Catalog(old / "catalog.sqlite", read_only=True) as catalog:
                found = catalog.find(expected[path])
                assert found is not None and found.version == 2
                assert found.article == expected[path]
            continue
        assert _ids_by_path(old) == expected
        with closing(sqlite3.connect(old / "catalog.sqlite")) as db, db:
            assert db.execute("SELECT COUNT(*) FROM articles WHERE article = ''").fetchone() == (0,)
        assert ADDED in run_cli("show", expected[path], "--out", str(old)).stdout


def test_an_ambiguous_id_or_an_unknown_one_is_a_one_line_error(
    archives: tuple[Path, Path, str], tmp_path: Path
) -> None:
    a, _, path = archives
    ids = _ids_by_path(a)
    ident = ids[path]
    out = Path(shutil.copytree(a, tmp_path / "collided"))
    other = next(value for key, value in ids.items() if key != path)
    with (
        closing(sqlite3.connect(out / "catalog.sqlite")) as db,
        db,
    ):  # a 50-bit collision, made by hand
        db.execute("UPDATE articles SET article = ? WHERE article = ?", (ident, other))
    for command in ("show", "diff"):
        line = _one_line_error(command, ident, "--out", str(out))
        assert line.startswith(f"defnews: error: ID {ident} names 2 articles; give a URL: ")
    missing = "a" * 10
    assert missing not in ids.values()
    assert _one_line_error("show", missing, "--out", str(a)) == (
        f"defnews: error: no article {missing} in {a}/catalog.sqlite"
    )
    assert _one_line_error("show", ident, "--version", "3", "--out", str(a)) == (
        f"defnews: error: no version 3 of article {ident} in {a}/catalog.sqlite"
    )
    assert _one_line_error("show", "999999", "--out", str(a)).startswith(
        "defnews: error: no article 999999 in "
    )
