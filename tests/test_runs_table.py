"""The runs table (RunLog) on a real catalogue in tmp_path: a run's life from start to finish,
killed runs found, and the per-source coverage that discovery drift compares run to run."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.core.catalog.catalog import Catalog
from crawler.core.catalog.runs_table import RUN_COUNTS, RunLog

SITEMAP = "https://www.qdnd.vn/sitemap.xml"
FEED = "https://www.qdnd.vn/rss/cate/tin-tuc.rss"


@pytest.fixture
def runs(tmp_path: Path) -> Iterator[RunLog]:
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        yield catalog.run_log


def _source(url: str, listed: int, *, ok: bool = True, **tally: int) -> dict[str, Any]:
    return {"url": url, "kind": "sitemap", "listed": listed, "ok": ok, **tally}


def test_a_run_is_running_then_finished_with_its_counts(runs: RunLog) -> None:
    run = runs.start("qdnd", pid=4242, options={"since": "7d", "max_articles": 5})
    (running,) = runs.list()
    assert (running.id, running.status, running.pid, running.finished) == (run, "running", 4242, "")
    assert running.options == {"max_articles": 5, "since": "7d"}
    assert running.counts == dict.fromkeys(RUN_COUNTS, 0) and running.exit is None
    runs.finish(run, "finished", "done", {"pages": 30, "new": 21, "bogus": 9}, exit=0, report="r")
    done = runs.last("qdnd")
    assert done is not None and done.status == "finished" and done.exit == 0
    assert done.counts["pages"] == 30 and done.counts["new"] == 21 and "bogus" not in done.counts
    assert done.finished >= done.started and done.report == "r" and done.reason == "done"


def test_last_and_list_by_site_newest_first(runs: RunLog) -> None:
    first = runs.start("qdnd", 1, {})
    other = runs.start("dod", 2, {})
    second = runs.start("qdnd", 3, {})
    assert [r.id for r in runs.list()] == [second, other, first]
    assert [r.id for r in runs.list(site="qdnd")] == [second, first]
    assert [r.id for r in runs.list(limit=1)] == [second]
    last = runs.last("qdnd", but=second)
    assert last is not None and last.id == first
    assert runs.last("nowhere") is None


def test_runs_whose_process_died_are_marked_killed(runs: RunLog) -> None:
    locked = runs.start("qdnd", 100, {})  # the caller holds qdnd's lock: it cannot be running
    dead = runs.start("dod", 200, {})
    alive = runs.start("dod", 300, {})
    finished = runs.start("dod", 400, {})
    runs.finish(finished, "finished", "", {}, exit=0)
    assert runs.mark_killed("qdnd", alive=lambda pid: pid in (100, 300, 400)) == 2
    status = {r.id: (r.status, r.reason) for r in runs.list()}
    assert status[locked] == status[dead] == ("killed", "process died")
    assert status[alive] == ("running", "") and status[finished][0] == "finished"
    assert runs.mark_killed(None, alive=lambda pid: False) == 1  # only `alive` was left


def test_sources_are_kept_per_run_and_replaced_when_written_again(runs: RunLog) -> None:
    run = runs.start("qdnd", 1, {})
    assert runs.sources(run) == []  # no table yet: an older catalogue reads as empty
    runs.record_sources(run, [_source(SITEMAP, 10), _source(FEED, 3, ok=False)])
    runs.record_sources(run, [_source(SITEMAP, 12)])
    assert runs.sources(run) == [_source(SITEMAP, 12)]


def test_a_failed_write_of_sources_keeps_the_earlier_ones(runs: RunLog) -> None:
    run = runs.start("qdnd", 1, {})
    runs.record_sources(run, [_source(SITEMAP, 10)])
    with pytest.raises(KeyError):
        runs.record_sources(run, [_source(FEED, 3), {"url": "no kind"}])
    assert runs.sources(run) == [_source(SITEMAP, 10)]


def test_earlier_runs_best_listing_and_highest_rejected_share(runs: RunLog) -> None:
    one, two, now = (runs.start("qdnd", n, {}) for n in range(3))
    other_site = runs.start("dod", 9, {})
    runs.record_sources(one, [_source(SITEMAP, 10, not_article=1), _source(FEED, 4)])
    runs.record_sources(two, [_source(SITEMAP, 20, not_article=2, off_site=3)])
    runs.record_sources(now, [_source(SITEMAP, 99, not_article=99)])  # this run: left out
    runs.record_sources(other_site, [_source(FEED, 50, off_site=50)])  # another site
    runs.record_sources(two, [_source(SITEMAP, 20, not_article=2, off_site=3), _source(FEED, 0)])
    assert runs.earlier_listed("qdnd", but=now) == {SITEMAP: 20, FEED: 4}
    assert runs.earlier_rejected("qdnd", but=now) == {SITEMAP: 0.25, FEED: 0.0}


def test_a_failed_source_counts_for_neither(runs: RunLog) -> None:
    earlier, now = runs.start("qdnd", 1, {}), runs.start("qdnd", 2, {})
    runs.record_sources(earlier, [_source(SITEMAP, 40, ok=False, not_article=40)])
    assert runs.earlier_listed("qdnd", but=now) == {}
    assert runs.earlier_rejected("qdnd", but=now) == {}


def test_a_catalogue_without_the_sources_table_answers_empty(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "old.sqlite")
    db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, site TEXT)")
    runs = RunLog(db)
    assert runs.sources(1) == []
    assert runs.earlier_listed("qdnd", but=1) == {}
    assert runs.earlier_rejected("qdnd", but=1) == {}
    db.close()
