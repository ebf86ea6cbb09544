"""Extraction as a function of plain values, for a worker process (crawler.spiders.extractor).

Pure: no Scrapy. The site travels by key, the page as bytes; the Article comes back pickled.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import unicodedata
from datetime import datetime

from lxml import etree
from lxml.html import HtmlElement

from crawler.core.archive.requisites import (
    Found,
    Requisite,
    lead_picture,
    page_requisites,
    photos_of,
)
from crawler.core.article import Article
from crawler.core.extraction.decode import decode_html
from crawler.core.extraction.document import parse_document
from crawler.core.sites import REGISTRY, extract, site_for_url
from crawler.core.sites.base import Site


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


def as_written(body: bytes, content_type: str, url: str, site: Site | None = None) -> str:
    """The page decoded as the extraction decodes it (the site's language a hint), but not
    NFC-composed: its URLs as the page writes them, which is what a browser asks for
    (windows-1258 decodes to combining marks, and NFC would compose them in a photo's name)."""
    known = site or site_for_url(url)
    language = known.language if known else ""
    return decode_html(body, content_type, language=language, nfc=False)[0]


def extract_and_find(
    body: bytes,
    url: str,
    content_type: str,
    fetched_at: datetime,
    site_key: str,
    photos: bool,
    requisites: bool,
) -> tuple[Article, Found]:
    """The article, and what the page shows (its photos when `photos`, its page requisites
    when `requisites`), from one parse of the page: the requisites are read from the
    document before the parser prunes it. In the worker, the crawl's event loop is spared
    a second parse of every page."""
    site = REGISTRY.get(site_key)
    # Decoded once here, as extract() would (it is handed the text): the extraction reads the
    # NFC text, the requisites the text as written.
    written = as_written(body, content_type, url, site)
    text = written if unicodedata.is_normalized("NFC", written) else None
    lead: list[str] = []
    loaded: list[Requisite] = []
    problems: list[str] = []

    def look(doc: HtmlElement) -> None:
        try:
            source = doc if text is not None else parse_document(written)
            if photos:
                lead.append(lead_picture(source, url))
            if requisites:
                loaded.extend(page_requisites(source, url, None))
        except (ValueError, LookupError, etree.LxmlError) as error:  # the article is still kept
            problems.append(f"{type(error).__name__}: {error}")

    article = extract(
        text if text is not None else unicodedata.normalize("NFC", written),
        url,
        content_type=content_type,
        fetched_at=fetched_at,
        site=site,
        before=look,
    )
    shown = photos_of(article, lead[0] if lead else "") if photos else []
    return article, Found(shown, loaded, problems[0] if problems else "")
