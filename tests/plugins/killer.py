"""An item pipeline that kills its own crawl with SIGKILL on the article named by
KILL_ON_URL_PART: a crash at an exact point of the pipelines, for crash-safety tests."""

from __future__ import annotations

import os
import signal
from typing import Any


class KillPipeline:
    def __init__(self, part: str) -> None:
        self.part = part

    @classmethod
    def from_crawler(cls, crawler: Any) -> KillPipeline:
        return cls(crawler.settings.get("KILL_ON_URL_PART", ""))

    def process_item(self, item: Any) -> Any:
        if self.part and self.part in getattr(item, "url", ""):
            os.kill(os.getpid(), signal.SIGKILL)
        return item
