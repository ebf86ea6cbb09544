"""Extraction as a function of plain values, for a worker process (crawler.spiders.extractor).

Pure: no Scrapy. The site travels by key, the page as bytes; the Article comes back pickled.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import datetime

from crawler.core.article import Article
from crawler.core.sites import REGISTRY, extract


def start_worker(crawl_pid: int) -> None:
    """Worker start-up. Ctrl-C (and a service manager's SIGTERM) reaches the whole process
    group, and the crawl, not its workers, decides how to stop (it finishes what is in flight and closes the WARC). A crawl
    killed outright (SIGKILL, OOM) cannot stop its workers: they notice they were orphaned
    and exit, or they would hold its stdout and stderr open for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # systemd signals the whole group too

    def watch() -> None:
        while os.getppid() == crawl_pid:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()


def extract_page(
    body: bytes, url: str, content_type: str, fetched_at: datetime, site_key: str
) -> Article:
    site = REGISTRY.get(site_key)
    return extract(body, url, content_type=content_type, fetched_at=fetched_at, site=site)
