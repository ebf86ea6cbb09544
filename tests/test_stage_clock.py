"""The CPU clock behind the speed benchmark's per-stage table (crawler.core.stage_clock)."""

from __future__ import annotations

import threading
import time

from crawler.core.stage_clock import StageClock


def _spin(seconds: float) -> None:
    """Burn CPU (a sleep would cost none)."""
    until = time.thread_time() + seconds
    while time.thread_time() < until:
        pass


def test_a_stage_inside_another_is_charged_to_itself_only() -> None:
    clock = StageClock()
    with clock.stage("outer"):
        _spin(0.02)
        with clock.stage("inner"):
            _spin(0.05)
        _spin(0.02)
    assert 0.05 <= clock.seconds["inner"] < 0.07
    assert 0.04 <= clock.seconds["outer"] < 0.06  # its own 40 ms, not the inner 50


def test_threads_keep_their_own_stages_and_a_worker_figure_is_added() -> None:
    clock = StageClock()

    def other() -> None:
        with clock.stage("writer"):
            _spin(0.03)

    with clock.stage("loop"):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()  # the other thread's CPU is not this one's
        _spin(0.01)
    clock.add("extraction", 0.5)
    assert 0.03 <= clock.seconds["writer"] < 0.05
    assert clock.seconds["loop"] < 0.025
    assert clock.milliseconds()["extraction"] == 500.0
