"""An extension that kills its cluster worker with SIGKILL just as it queues the request whose
URL contains KILL_ON_QUEUEING: a worker dying in the middle of queueing a listing's links,
at an exact point, for the cluster's crash-safety test."""

from __future__ import annotations

import os
import signal
from typing import Any

from crawler.core.cluster.frontier import Frontier


class KillWhileQueueing:
    @classmethod
    def from_crawler(cls, crawler: Any) -> KillWhileQueueing:
        part = str(crawler.settings.get("KILL_ON_QUEUEING", "")).encode()
        push = Frontier.push

        def killing_push(self: Frontier, data: bytes, *args: Any, **kwargs: Any) -> str:
            if part and part in data:
                os.kill(os.getpid(), signal.SIGKILL)
            return push(self, data, *args, **kwargs)

        Frontier.push = killing_push  # type: ignore[method-assign]
        return cls()
