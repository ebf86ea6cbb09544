"""`python -m tests.plugins.merge_killer N defnews-args...`: defnews, killed by SIGKILL just
before its N-th file operation (a rename, link, copy or removal); N = 0 never kills and
prints how many operations the command made ("file operations: K" on stderr). A crash at an
exact point of `catalog merge`, for its crash-safety test, without a hook in defnews itself."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Callable
from typing import Any

_LIMIT = int(sys.argv[1])
_DONE = 0


def _counted(operation: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        global _DONE
        _DONE += 1
        if _DONE == _LIMIT:
            os.kill(os.getpid(), signal.SIGKILL)
        return operation(*args, **kwargs)

    return run


# Path.replace, Path.rename and Path.unlink call these at run time.
for _name in ("replace", "rename", "link", "unlink"):
    setattr(os, _name, _counted(getattr(os, _name)))
shutil.copy2 = _counted(shutil.copy2)
shutil.copyfileobj = _counted(shutil.copyfileobj)

if __name__ == "__main__":
    from crawler.cli import main

    status = main(sys.argv[2:])
    print(f"file operations: {_DONE}", file=sys.stderr)
    sys.exit(status)
