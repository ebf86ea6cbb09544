"""`defnews catalog merge` loses no version: killed at any file operation and run again it ends
as one clean merge; versions are ordered by the site's evidence and each folder's run order,
not by a clock that can go back."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.core.jobs.merge import merge
from crawler.demo.changes import now_vn
from crawler.demo.server import DemoServer
from tests.plugins.merge_killer import killed_at
from tests.support.cli import FAST, run_cli


def _crawl(server: DemoServer, out: Path) -> None:
    done = run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
    assert done.returncode == 0, done.stderr


def _versions(out: Path) -> dict[tuple[str, int], tuple[str, str]]:
    """(key, version) -> (files, content hash) of every version in a catalogue."""
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return {
            (key, version): (files, digest)
            for key, version, files, digest in db.execute(
                "SELECT key, version, files, content_hash FROM articles"
            )
        }


def _article_files(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): p.read_text(encoding="utf-8")
        for p in sorted((out / "articles").rglob("*"))
        if p.is_file()
    }


def _latest_texts(out: Path) -> list[str]:
    """The text of each article's latest version in a catalogue."""
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return [
            json.loads(fields)["text"]
            for (fields,) in db.execute(
                "SELECT fields FROM articles a WHERE version = "
                "(SELECT MAX(version) FROM articles b WHERE b.key = a.key)"
            )
        ]


def _killed_merge(limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tests.plugins.merge_killer", str(limit), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def histories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Folder a: every article, 4 of them revised once between its two runs; folder b (another
    worker, later): 8 revised again. Merged, a's latest versions move to <stem>.vN."""
    root = tmp_path_factory.mktemp("histories")
    with DemoServer() as server:
        paths = [a.path for a in server.articles if "sitemap" in a.discovery and not a.disallowed]
        assert len(paths) >= 8
        paths = paths[:8]
        _crawl(server, root / "a")
        time.sleep(1.1)  # the sitemap's dates have whole seconds
        for number, path in enumerate(paths[:4]):
            server.revise(
                path, f"Bổ sung lần một {number}.", modified=now_vn() + timedelta(hours=1)
            )
        _crawl(server, root / "a")
        time.sleep(1.1)
        for number, path in enumerate(paths):
            server.revise(
                path, f"Bổ sung lần hai {number}.", modified=now_vn() + timedelta(hours=2)
            )
        _crawl(server, root / "b")
    done = run_cli("catalog", "merge", str(root / "a"), "--into", str(root / "dest-a"))
    assert done.returncode == 0, done.stderr
    return root


@pytest.mark.slow
def test_a_merge_killed_at_any_file_operation_then_rerun_loses_no_version(
    histories: Path, tmp_path: Path
) -> None:
    """Killed (SIGKILL) before its N-th file operation, for N all along the merge, then run
    again: the same versions and files as a merge never killed. The merges run in forked
    copies of this process (tests.plugins.merge_killer.killed_at), the reruns here: the merge
    itself (crawler.core.jobs.merge), with no Python to start for each of the ~70 runs;
    `defnews catalog merge` around it is run killed and whole at the end."""
    source = histories / "b"
    clean = tmp_path / "clean"
    shutil.copytree(histories / "dest-a", clean)
    signalled, operations = killed_at(0, lambda: merge([source], clean))
    assert signalled == 0
    expected = _versions(clean)
    texts = _article_files(clean)
    assert len(expected) == 21 + 4 + 8  # every version of every article
    assert len(texts) == 2 * len(expected)  # each with its .json and .txt
    assert run_cli("verify", "--out", str(clean)).returncode == 0

    kills = found = 0
    # Every third operation, and the last: each kind of operation at many points (copies,
    # links and renames before the commit, the journal's renames after it).
    for limit in sorted({*range(1, operations + 1, 3), operations}):
        dest = tmp_path / f"killed-{limit}"
        shutil.copytree(histories / "dest-a", dest)
        signalled, _ = killed_at(limit, lambda dest=dest: merge([source], dest))
        assert signalled == signal.SIGKILL, f"not killed before file operation {limit}"
        kills += 1
        if limit % 5 == 0:  # and killed again while it finishes the first one's moves
            killed_at(1 + limit % 3, lambda dest=dest: merge([source], dest))
        merge([source], dest)
        versions = _versions(dest)
        assert versions == expected, f"killed before file operation {limit}"
        assert _article_files(dest) == texts, f"killed before file operation {limit}"
        found += len(versions)
        shutil.rmtree(dest)
    assert operations > 40 and kills >= operations // 3
    assert found == kills * len(expected)
    # The command itself, killed half-way in a child process of its own and run again.
    dest = tmp_path / "cli"
    shutil.copytree(histories / "dest-a", dest)
    command = ("catalog", "merge", str(source), "--into", str(dest))
    killed = _killed_merge(operations // 2, *command)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    rerun = run_cli(*command)
    assert rerun.returncode == 0, rerun.stderr
    assert _versions(dest) == expected and _article_files(dest) == texts


def test_versions_keep_run_order_when_the_clock_went_back(histories: Path, tmp_path: Path) -> None:
    """Folder a's second run had a clock a day behind its first: its rows were first seen
    'before' the versions they replaced. Merged, the newer text is still the latest."""
    skewed = tmp_path / "a"
    shutil.copytree(histories / "a", skewed)
    with closing(sqlite3.connect(skewed / "catalog.sqlite")) as db, db:
        db.execute(
            "UPDATE articles SET first_seen = '2020-01-01T00:00:00+00:00', "
            "last_seen = '2020-01-01T00:00:00+00:00' WHERE version = 2"
        )
    merged = tmp_path / "merged"
    done = run_cli("catalog", "merge", str(skewed), "--into", str(merged))
    assert done.returncode == 0, done.stderr
    latest = _latest_texts(merged)
    assert sum("Bổ sung lần một" in text for text in latest) == 4


def test_versions_across_workers_follow_the_sites_modified_time(
    histories: Path, tmp_path: Path
) -> None:
    """Worker b's clock ran a day behind worker a's: by first-seen time its newer texts look
    older. The pages' own modified times say otherwise, and they win."""
    skewed = tmp_path / "b"
    shutil.copytree(histories / "b", skewed)
    with closing(sqlite3.connect(skewed / "catalog.sqlite")) as db, db:
        db.execute(
            "UPDATE articles SET first_seen = '2020-01-01T00:00:00+00:00', "
            "last_seen = '2020-01-01T00:00:00+00:00'"
        )
    for order in (("a", "b"), ("b", "a")):
        merged = tmp_path / f"merged-{''.join(order)}"
        folders = [str(histories / "a") if f == "a" else str(skewed) for f in order]
        done = run_cli("catalog", "merge", *folders, "--into", str(merged))
        assert done.returncode == 0, done.stderr
        latest = _latest_texts(merged)
        assert sum("Bổ sung lần hai" in text for text in latest) == 8, order
        assert run_cli("verify", "--out", str(merged)).returncode == 0


def test_a_catalogue_from_before_the_version_rule_merges_without_duplicate_versions(
    histories: Path, tmp_path: Path
) -> None:
    """Catalogues written before metadata counted for a version hold a words-only hash in
    their content_hash column. Merging one into an archive that already has the same versions
    (merged from the new-style copy) must find them the same, not add each a second time."""
    old_style = tmp_path / "a-old"
    shutil.copytree(histories / "a", old_style)
    with closing(sqlite3.connect(old_style / "catalog.sqlite")) as db, db:
        db.execute("UPDATE articles SET content_hash = 'words-only-' || id")
    dest = tmp_path / "dest"
    shutil.copytree(histories / "dest-a", dest)
    before = _versions(dest)
    done = run_cli("catalog", "merge", str(old_style), "--into", str(dest))
    assert done.returncode == 0, done.stderr
    assert {k: files for k, (files, _) in _versions(dest).items()} == {
        k: files for k, (files, _) in before.items()
    }


def _version(seen: str, text: str, published: str, modified: str = "") -> dict[str, object]:
    fields = {"title": "T", "summary": "", "text": text, "published": published}
    if modified:
        fields["modified"] = modified
    return {"first_seen": seen, "fields": json.dumps(fields)}


def test_a_publication_date_corrected_backwards_stays_the_latest_version() -> None:
    """Worker a saw the page with a wrong date; worker b, a day later, the corrected (earlier)
    date with the same words. The publication date is no evidence of order here: the
    correction is the newer version."""
    from crawler.core.catalog.version_order import interleave

    wrong = _version("2025-05-03T10:00:00+00:00", "Same words.", "2025-05-03T08:00:00+07:00")
    corrected = _version("2025-05-04T10:00:00+00:00", "Same words.", "2025-05-02T08:00:00+07:00")
    assert interleave([[wrong], [corrected]]) == [wrong, corrected]
    assert interleave([[corrected], [wrong]]) == [wrong, corrected]


def test_a_republished_text_is_ordered_by_its_dates_not_the_clock() -> None:
    from crawler.core.catalog.version_order import interleave

    # Worker b's clock was a day behind: its newer text looks older by first-seen time.
    old = _version("2025-05-03T10:00:00+00:00", "First text.", "2025-05-01T08:00:00+07:00")
    new = _version("2025-05-02T10:00:00+00:00", "Second text.", "2025-05-03T08:00:00+07:00")
    assert interleave([[new], [old]]) == [old, new]
    edited = _version(
        "2025-05-01T00:00:00+00:00", "Edited.", "2025-05-01T08:00:00+07:00", "2025-05-04T00:00Z"
    )
    first = _version(
        "2025-05-05T00:00:00+00:00", "Original.", "2025-05-01T08:00:00+07:00", "2025-05-01T09:00Z"
    )
    assert interleave([[edited], [first]]) == [first, edited]
