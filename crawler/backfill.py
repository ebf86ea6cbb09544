"""Back-fill with --since: which sitemaps to read and when a listing has gone past the date.

Pure (no Scrapy). A site's older articles are in its dated sitemaps (index children with a
lastmod, or named by month or day) and deep in its paginated listings. With --since the spider
reads only the children that can hold something on or after the date, and follows a listing's
pages until a page holds only articles older than the date (the teasers' dates say so) or the
site runs out of pages.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

from lxml import html

# A year and month, optionally a day, in a sitemap's name: 2024-12, 2024/12/03, 20241203.
_DATED_NAME = re.compile(
    r"(?<!\d)(19[89]\d|20\d\d)[-_/]?(0[1-9]|1[0-2])(?:[-_/]?(0[1-9]|[12]\d|3[01]))?(?!\d)"
)
# Dates teasers show: 16/01/2025 08:30, 16-01-2025, 2025-01-16, 2025-01-16T08:30.
_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D{1,3}(\d{1,2}):(\d{2}))?")
_YMD = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


def name_period_end(url: str) -> datetime | None:
    """The end of the period a sitemap's name dates (the first moment after it), if any."""
    matches = list(_DATED_NAME.finditer(urlsplit(url).path))
    if not matches:
        return None
    year, month, day = matches[-1].groups()
    y, m = int(year), int(month)
    if day:
        try:
            return datetime(y, m, int(day), tzinfo=UTC) + timedelta(days=2)  # any zone
        except ValueError:
            return None
    last = calendar.monthrange(y, m)[1]
    return datetime(y, m, last, tzinfo=UTC) + timedelta(days=2)


def child_before(url: str, lastmod: datetime | None, since: datetime) -> bool:
    """Does a sitemap index child hold only entries older than `since`? By its lastmod when
    the index gives one (the newest change among its entries), else by a date in its name.
    Unknown: read it."""
    if lastmod is not None:
        return lastmod < since
    end = name_period_end(url)
    return end is not None and end <= since


def _date_in(text: str) -> datetime | None:
    for pattern, order in ((_YMD, "ymd"), (_DMY, "dmy")):
        for match in pattern.finditer(text):
            parts = match.groups()
            if order == "ymd":
                y, m, d = int(parts[0]), int(parts[1]), int(parts[2])
            else:
                d, m, y = int(parts[0]), int(parts[1]), int(parts[2])
            hour, minute = (int(parts[3]), int(parts[4])) if parts[3] else (0, 0)
            try:
                return datetime(y, m, d, hour, minute, tzinfo=UTC)
            except ValueError:
                continue
    return None


def teaser_dates(anchors: Iterable[html.HtmlElement], base_url: str) -> dict[str, datetime]:
    """The date each article teaser shows, by the article's absolute URL.

    Looks up from each link to the nearest enclosing element that holds a date (a <time
    datetime>, or a date in its text) and links to no other article: a list's shared parent
    must not lend one teaser's date to another. Times are taken as UTC: a day's slack is
    allowed by the caller's comparison."""
    anchors = list(anchors)
    selected = set(anchors)
    by_url: dict[str, list[html.HtmlElement]] = {}
    for anchor in anchors:
        url = urljoin(base_url, str(anchor.get("href", "")).strip())
        by_url.setdefault(url, []).append(anchor)
    dates: dict[str, datetime] = {}
    for url, links in by_url.items():
        for anchor in links:
            element = anchor
            for _ in range(5):
                parent = element.getparent()
                if parent is None:
                    break
                element = parent
                targets = {
                    urljoin(base_url, str(a.get("href", "")).strip())
                    for a in element.iter("a")
                    if a.get("href") and a in selected
                }
                if len(targets) > 1:
                    break
                found = _element_date(element)
                if found is not None:
                    dates[url] = found
                    break
            if url in dates:
                break
    return dates


def _element_date(element: html.HtmlElement) -> datetime | None:
    for time in element.iter("time"):
        if (value := _date_in(str(time.get("datetime", "")))) is not None:
            return value
    # Text node by text node: text_content() would run a title ending in a number ("năm
    # 2025") into the date after it.
    for text in element.itertext():
        if (value := _date_in(str(text))) is not None:
            return value
    return None


def all_older(
    articles: Iterable[str], dates: Mapping[str, datetime | None], since: datetime
) -> bool:
    """Does a listing page hold only articles older than `since`? Only when every one of them
    is dated (by a sitemap, a feed or its teaser): an undated one may be recent. A teaser
    shows local time without a zone: a day's slack keeps one from the evening before."""
    listed = list(articles)
    if not listed:
        return False
    slack = timedelta(days=1)
    return all((d := dates.get(url)) is not None and d + slack < since for url in listed)
