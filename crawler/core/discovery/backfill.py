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
# Dates teasers show: 16/01/2025 08:30, 16-01-2025, 2025-01-16, 2025-01-16T08:30; 01/16/2025
# (month first, in the US): which number is the day is told by the site's convention, or by a
# number above 12.
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
    """Does a sitemap index child hold only entries older than `since`? Skipped only when
    every piece of evidence says so: a date in its name (the period it covers must end before
    `since`) and its lastmod when the index gives one. Many CMSs stamp a monthly child with
    its creation date, so a lastmod at the period's start says nothing about the month's
    later entries: the name's period decides then. Unknown: read it."""
    end = name_period_end(url)
    if end is not None and end > since:
        return False  # its period reaches the date, whatever the lastmod
    if lastmod is not None and lastmod >= since:
        return False  # changed since (an older article revised)
    return end is not None or lastmod is not None


def _date_in(text: str, day_first: bool) -> datetime | None:
    for pattern, order in ((_YMD, "ymd"), (_DMY, "dmy")):
        for match in pattern.finditer(text):
            parts = match.groups()
            if order == "ymd":
                y, m, d = int(parts[0]), int(parts[1]), int(parts[2])
            else:
                first, second, y = int(parts[0]), int(parts[1]), int(parts[2])
                if first > 12 or (day_first and second <= 12):
                    d, m = first, second
                elif second > 12:
                    m, d = first, second
                else:
                    # 11/05/2025: 11 May or 5 November. A wrong guess would stop back-fill
                    # early (months too old) or late; unknown keeps paging, which is safe.
                    continue
            hour, minute = (int(parts[3]), int(parts[4])) if parts[3] else (0, 0)
            try:
                return datetime(y, m, d, hour, minute, tzinfo=UTC)
            except ValueError:
                continue
    return None


def teaser_dates(
    anchors: Iterable[html.HtmlElement], base_url: str, *, day_first: bool = False
) -> dict[str, datetime]:
    """The date each article teaser shows, by the article's absolute URL.

    day_first: the site writes 03/04/2025 for 3 April (crawler.core.sites.base.Site.day_first);
    else a date whose first two numbers could both be the month is no date.

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
                found = _element_date(element, day_first)
                if found is not None:
                    dates[url] = found
                    break
            if url in dates:
                break
    return dates


def _element_date(element: html.HtmlElement, day_first: bool) -> datetime | None:
    for time in element.iter("time"):
        if (value := _date_in(str(time.get("datetime", "")), day_first)) is not None:
            return value
    # Text node by text node: text_content() would run a title ending in a number ("năm
    # 2025") into the date after it.
    for text in element.itertext():
        if (value := _date_in(str(text), day_first)) is not None:
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
