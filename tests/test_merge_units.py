"""The catalogue merge (crawler.core.jobs.merge) called directly, on worker folders written with
the real Catalog in tmp_path: articles, versions, fetches and runs replayed into one archive,
and a second merge of the same folders adding nothing. (tests/test_merge.py kills merges
mid-way and runs them through the CLI; here each rule is shown on its own.)"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.core.catalog.catalog import Catalog
from crawler.core.jobs.merge import MergeError, merge

KEY = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-thu-711953"
STEM = "articles/2025/05/bai-thu-711953"
T0 = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


def _fields(text: str, key: str = KEY) -> dict[str, Any]:
    return {
        "url": key,
        "site": "qdnd",
        "title": "Bài thử",
        "text": text,
        "published": "2025-05-01T08:00:00+07:00",
    }


def _store(folder: Path, text: str, *, key: str = KEY, stem: str = STEM) -> None:
    """What a worker's crawl leaves for one capture: the fetch, the article and its files
    (an earlier version's files moved aside to <stem>.v<N>, as a crawl keeps them)."""
    with Catalog(folder / "catalog.sqlite") as catalog:
        previous = catalog.latest(key)
        catalog.record_fetch(key=key, site="qdnd", kind="article", url=key, status=200)
        if previous is not None and previous.fields["text"] != text:
            kept = f"{stem}.v{previous.version}"
            for suffix in (".json", ".txt"):
                (folder / f"{stem}{suffix}").rename(folder / f"{kept}{suffix}")
            catalog.store_article(key, _fields(text, key), files=stem, previous_files=kept)
        else:
            catalog.store_article(key, _fields(text, key), files=stem)
    (folder / stem).parent.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.json").write_text(json.dumps(_fields(text, key)), encoding="utf-8")
    (folder / f"{stem}.txt").write_text(text, encoding="utf-8")


def _versions(dest: Path, key: str = KEY) -> list[tuple[int, str, str]]:
    with Catalog(dest / "catalog.sqlite") as catalog:
        return [(v.version, v.files, v.fields["text"]) for v in catalog.versions(key)]


def test_two_workers_articles_become_one_archive_and_a_second_merge_adds_nothing(
    tmp_path: Path,
) -> None:
    a, b, dest = tmp_path / "a", tmp_path / "b", tmp_path / "dest"
    other = KEY.replace("711953", "711954")
    _store(a, "words of the first")
    _store(b, "words of the second", key=other, stem=STEM.replace("711953", "711954"))
    report = merge([a, b], dest)
    assert (report.sources, report.new_articles, report.new_versions) == (2, 2, 0)
    assert report.urls == 2 and report.waiting == 0
    assert _versions(dest) == [(1, STEM, "words of the first")]
    assert (dest / f"{STEM}.txt").read_text(encoding="utf-8") == "words of the first"
    again = merge([a, b], dest)
    assert (again.new_articles, again.new_versions, again.repeats) == (0, 0, 2)
    assert _versions(dest) == [(1, STEM, "words of the first")]


def test_a_workers_versions_keep_their_order_and_kept_names(tmp_path: Path) -> None:
    a, dest = tmp_path / "a", tmp_path / "dest"
    _store(a, "first words")
    _store(a, "revised words")
    assert _versions(a) == [(1, f"{STEM}.v1", "first words"), (2, STEM, "revised words")]
    report = merge([a], dest)
    assert (report.new_articles, report.new_versions) == (1, 1)
    assert _versions(dest) == [(1, f"{STEM}.v1", "first words"), (2, STEM, "revised words")]
    for stem, text in ((f"{STEM}.v1", "first words"), (STEM, "revised words")):
        assert (dest / f"{stem}.txt").read_text(encoding="utf-8") == text
        assert json.loads((dest / f"{stem}.json").read_text(encoding="utf-8"))["text"] == text


def test_the_same_words_from_two_workers_are_one_version(tmp_path: Path) -> None:
    """Fetched twice (a worker died holding it, another fetched it again): one version whose
    time spans both sightings."""
    a, b, dest = tmp_path / "a", tmp_path / "b", tmp_path / "dest"
    _store(a, "the same words")
    _store(b, "the same words")
    report = merge([a, b], dest)
    assert (report.new_articles, report.new_versions, report.repeats) == (1, 0, 1)
    with Catalog(dest / "catalog.sqlite") as catalog:
        (version,) = catalog.versions(KEY)
    seen = []
    for folder in (a, b):
        with Catalog(folder / "catalog.sqlite") as catalog:
            (stored,) = catalog.versions(KEY)
            seen.append(stored)
    assert version.first_seen == min(s.first_seen for s in seen)
    assert version.last_seen == max(s.last_seen for s in seen)


def test_runs_are_appended_once_and_the_latest_fetch_of_a_url_wins(tmp_path: Path) -> None:
    a, b, dest = tmp_path / "a", tmp_path / "b", tmp_path / "dest"
    for folder, pid, status, at in ((a, 11, 404, T0 + timedelta(hours=1)), (b, 22, 200, T0)):
        with Catalog(folder / "catalog.sqlite") as catalog:
            run = catalog.run_log.start("qdnd", pid, {})
            catalog.record_fetch(
                key=KEY, site="qdnd", kind="article", url=KEY, status=status, run_id=run,
                fetched_at=at,
            )  # fmt: skip
            catalog.run_log.finish(run, "finished", "", {"pages": pid}, exit=0)
    assert merge([b, a], dest).runs == 2
    assert merge([a, b], dest).runs == 0  # a run is its start and pid: not twice
    with Catalog(dest / "catalog.sqlite") as catalog:
        runs = catalog.run_log.list()
        fetch = catalog.fetch(KEY)
    assert sorted(r.pid for r in runs) == [11, 22] and {r.counts["pages"] for r in runs} == {11, 22}
    assert fetch is not None and fetch.status == 404  # a's, the later one, whatever the order
    db = sqlite3.connect(dest / "catalog.sqlite")
    (run_id,) = db.execute("SELECT run_id FROM urls WHERE key = ?", (KEY,)).fetchone()
    db.close()
    assert run_id == next(r.id for r in runs if r.pid == 11)  # renumbered with its run


def test_a_fetch_whose_warc_is_not_there_waits_for_a_later_merge(tmp_path: Path) -> None:
    a, dest = tmp_path / "a", tmp_path / "dest"
    with Catalog(a / "catalog.sqlite") as catalog:
        catalog.record_fetch(
            key=KEY, site="qdnd", kind="article", url=KEY, status=200,
            body_location=("warc/still-writing.warc.gz", 0, 10),
        )  # fmt: skip
    report = merge([a], dest)
    assert report.waiting == 1 and report.urls == 0
    with Catalog(dest / "catalog.sqlite") as catalog:
        assert catalog.fetch(KEY) is None


def test_what_cannot_be_merged_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(MergeError, match=r"empty: no catalog\.sqlite \(not a defnews output"):
        merge([tmp_path / "empty"], tmp_path / "dest")
    _store(tmp_path / "a", "words")
    with pytest.raises(MergeError, match="is the destination itself"):
        merge([tmp_path / "a"], tmp_path / "a")
