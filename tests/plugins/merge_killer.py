"""`python -m tests.plugins.merge_killer N defnews-args...`: defnews, killed by SIGKILL just
before its N-th file operation (a rename, link, copy or removal); N = 0 never kills and
prints how many operations the command made ("file operations: K" on stderr). A crash at an
exact point of `catalog merge`, for its crash-safety test, without a hook in defnews itself.

killed_at(N, work): the same in a forked copy of the calling process, which runs work()
there: no new Python to start and import defnews into, so a test can kill a merge at every
point it cares about in seconds rather than minutes."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

_LIMIT = 0
_DONE = 0


def _counted(operation: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        global _DONE
        _DONE += 1
        if _DONE == _LIMIT:
            os.kill(os.getpid(), signal.SIGKILL)
        return operation(*args, **kwargs)

    return run


def _install(limit: int) -> None:
    global _LIMIT
    _LIMIT = limit
    # Path.replace, Path.rename and Path.unlink call these at run time.
    for name in ("replace", "rename", "link", "unlink"):
        setattr(os, name, _counted(getattr(os, name)))
    shutil.copy2 = _counted(shutil.copy2)
    shutil.copyfileobj = _counted(shutil.copyfileobj)


def killed_at(limit: int, work: Callable[[], object], timeout: float = 120) -> tuple[int, int]:
    """Run work() in a forked child killed before its limit-th file operation (0: never).
    (the signal that ended it, or 0 after a clean exit; the operations it made)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the test
        code = 1
        try:
            os.close(reader)
            _install(limit)
            work()
            code = 0
        except BaseException:  # noqa: BLE001 (said, then the child ends: it never returns)
            traceback.print_exc()
        finally:
            os.write(writer, str(_DONE).encode())
            os._exit(code)
    os.close(writer)
    deadline = time.monotonic() + timeout
    while (done := os.waitpid(pid, os.WNOHANG)) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise AssertionError(f"the forked merge did not end in {timeout} s")
        time.sleep(0.01)
    with os.fdopen(reader, "rb") as pipe:
        said = pipe.read().decode()
    status = done[1]
    if os.WIFSIGNALED(status):
        return os.WTERMSIG(status), int(said or 0)
    assert os.WEXITSTATUS(status) == 0, f"the forked work failed (exit {os.WEXITSTATUS(status)})"
    return 0, int(said)


if __name__ == "__main__":
    from crawler.cli import main

    _install(int(sys.argv[1]))
    status = main(sys.argv[2:])
    print(f"file operations: {_DONE}", file=sys.stderr)
    sys.exit(status)
