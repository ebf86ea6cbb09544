"""The crawl's garbage-collector setting (crawler.runtime.heap): on for the run, undone after."""

from __future__ import annotations

import gc

from crawler.runtime.heap import YOUNG_GENERATION, long_run


def test_a_long_run_freezes_start_up_collects_less_often_and_is_undone_after() -> None:
    before = gc.get_threshold()
    assert before[0] != YOUNG_GENERATION
    try:
        with long_run():
            assert gc.get_threshold() == (YOUNG_GENERATION, *before[1:])
            assert gc.get_freeze_count() > 0  # start-up objects: out of every collection
            raise KeyboardInterrupt  # Ctrl-C ends a crawl this way too
    except KeyboardInterrupt:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
