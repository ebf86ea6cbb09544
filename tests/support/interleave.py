"""Two cluster workers' Redis commands in an exact order, for the frontier's race tests.

A race between workers is an interleaving of their Redis commands (each Lua script is one
command: Redis runs it whole). Here the other worker's calls run in a thread whose client lets
one command through per step(); the watching worker's client takes the other's steps before
each of its own commands, as many as the interleaving says. Every interleaving is tried, so a
test fails on the bad one every time, not once in a while under load.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from typing import Any

import valkey

_WAIT_S = 10


class _GatedClient(valkey.Valkey):
    """Each command waits for the stepper's go, and says when it has been answered."""

    def __init__(self, pool: Any, stepper: Stepper) -> None:
        super().__init__(connection_pool=pool)
        self._stepper = stepper

    def execute_command(self, *args: Any, **options: Any) -> Any:
        self._stepper.wait_for_go()
        try:
            return super().execute_command(*args, **options)
        finally:
            self._stepper.answered()


class Stepper:
    """`calls(client)` in a thread, one Redis command per step()."""

    def __init__(self, pool: Any, calls: Callable[[Any], None]) -> None:
        self._go = threading.Semaphore(0)
        self._answered = threading.Semaphore(0)
        self.ended = False
        self.error: BaseException | None = None
        self.steps = 0
        self.client = _GatedClient(pool, self)
        self._thread = threading.Thread(target=self._run, args=(calls,), daemon=True)
        self._thread.start()

    def _run(self, calls: Callable[[Any], None]) -> None:
        try:
            calls(self.client)
        except Exception as error:  # noqa: BLE001 - raised again in the test, by finish()
            self.error = error
        finally:
            self.ended = True
            self._answered.release()

    def wait_for_go(self) -> None:
        if not self._go.acquire(timeout=_WAIT_S):
            raise TimeoutError("the stepping test never let this command through")

    def answered(self) -> None:
        self._answered.release()

    def step(self) -> bool:
        """Let one command through and wait for its answer; False once the calls have ended."""
        if self.ended:
            return False
        self._go.release()
        if not self._answered.acquire(timeout=_WAIT_S):
            raise TimeoutError("the other worker's command was never answered")
        if self.ended:
            return False
        self.steps += 1
        return True

    def until(self, steps: int) -> None:
        while self.steps < steps and self.step():
            pass

    def finish(self) -> None:
        while self.step():
            pass
        self._thread.join(_WAIT_S)
        if self.error is not None:
            raise self.error


class Watching(valkey.Valkey):
    """The watching worker's client: before its i-th command, the other worker's calls are
    taken up to plan[i] steps."""

    def __init__(self, pool: Any, stepper: Stepper | None, plan: tuple[int, ...]) -> None:
        super().__init__(connection_pool=pool)
        self._stepper = stepper
        self._plan = plan
        self.commands = 0

    def execute_command(self, *args: Any, **options: Any) -> Any:
        if self._stepper is not None and self.commands < len(self._plan):
            self._stepper.until(self._plan[self.commands])
        self.commands += 1
        return super().execute_command(*args, **options)


def plans(watched: int, other: int) -> Iterator[tuple[int, ...]]:
    """Every interleaving of `watched` commands with `other` ones: how many of the other's
    have run before each of the watcher's."""
    yield from itertools.combinations_with_replacement(range(other + 1), watched)
