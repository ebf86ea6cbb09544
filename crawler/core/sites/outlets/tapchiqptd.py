"""tapchiqptd.vn (Tạp chí Quốc phòng toàn dân, the national defence journal).

An ASP.NET site in Vietnamese (/vi/) and English (/en/): articles at
/<vi|en>/<category>/<slug>/<id>.html, listings at /<lang>/<category>-<n>.html?pageindex=<k> with
links in .news-other-list and a #pagenav pager; no feed is known. Measured on live pages by
someone else when the profile was written (not checked since): the wrapper .newsdt-page-ct with
the date (.newsdt-page-ct-time span), a title in a <div> (.newsdt-page-ct-tit; there is no <h1>,
and og:title was empty) and the body (.newsdt-page-ct-text: <p>s and image tables), with the
author's line ("Đại tá, TS. NGUYỄN VĂN A", "Major General, Prof., PhD ...") in bold italics near
the end; the English edition writes that line with English ranks and degrees, a form only this
outlet uses (CREDIT_FORMS). Dates are Hanoi time, UTC+7. The header's #subTopMenu-time shows
today's date: never read the first date on the page. Inferred: the tag and breadcrumb boxes.

The visible date is not always the publication date: old articles were re-stamped when the site
moved, on 22-23 November 2024 (a 2016 congress speech, article 8557, shows "Thứ Sáu, 22/11/2024,
16:08"). A stamp in that window is not taken as the article's date: no date is better than a
false one that would file the article under the wrong month.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from lxml import html

from crawler.core.article import Article
from crawler.core.extraction.bylines import VIETNAMESE_TITLES, ranked
from crawler.core.sites.base import PRIMARY, Site, SiteParser
from crawler.core.sites.outlets import qdnd
from crawler.core.sites.registry import register
from crawler.core.sites.selectors import SelectorParser

HANOI = timezone(timedelta(hours=7))
# The site move's re-stamping, from the stamps seen on old articles.
RESTAMPED = (datetime(2024, 11, 22, tzinfo=HANOI), datetime(2024, 11, 24, tzinfo=HANOI))
# "Major General, Prof., PhD NGUYEN VAN A, Director of ...": the English edition's credit line,
# English titles (or Vietnamese ones) in a row before a name in capitals.
_ENGLISH_TITLES = (
    r"(?:(?:Senior|Major|Lieutenant|Brigadier|Rear|Vice)\s+)?"
    r"(?:General|Colonel|Admiral|Captain|Commander|Major|Lieutenant)|"
    r"(?:Assoc(?:iate)?\.?\s+)?Prof|Ph\.?D|Dr|M\.?A|Journalist"
)
_RANKED = ranked(f"{VIETNAMESE_TITLES}|{_ENGLISH_TITLES}")


class TapchiQptdV2024(SelectorParser):
    version = "2024"
    VALID_FROM = date(2018, 1, 1)
    LANGUAGE = "vi"  # the English edition says lang="en" in its <html>
    TIMEZONE = HANOI
    CREDIT_FORMS = (_RANKED,)
    # It reposts qdnd.vn articles whole, their promo footer too (and a "Nguồn: qdnd.vn" line).
    PROMOS = qdnd.PROMOS
    TITLE = '//div[contains(@class, "newsdt-page-ct-tit")]'
    BODY = ('//div[contains(@class, "newsdt-page-ct-text")]',)
    DATE = '//div[contains(@class, "newsdt-page-ct-time")]//span'
    TAGS = '//div[@id="tag-widget"]//a'  # [I]
    BREADCRUMB = '//div[contains(@class, "newsdt-breadcrumb")]//a'  # [I]

    restamped = False

    def visible_date(self, text: str) -> str:
        value = super().visible_date(text)
        if value and RESTAMPED[0] <= datetime.fromisoformat(value) < RESTAMPED[1]:
            self.restamped = True
            return ""
        return value

    def parse(self, doc: html.HtmlElement, url: str) -> Article:
        self.restamped = False  # set by visible_date() while this page is parsed
        article = super().parse(doc, url)
        if urlsplit(article.canonical_url or url).path.startswith("/en/"):
            article.language = "en"  # the edition is in the path, whatever <html lang> says
        if self.restamped and not article.published:
            # The selector did find the page's date; the date is the site's, not drift.
            article.sources["published"] = PRIMARY
        return article


SITE = register(
    Site(
        key="tapchiqptd",
        name="Tạp chí Quốc phòng toàn dân (tapchiqptd.vn)",
        origin="https://tapchiqptd.vn",
        domains=("tapchiqptd.vn", "www.tapchiqptd.vn"),
        language="vi",
        parser=SiteParser(TapchiQptdV2024),
        article_pattern=re.compile(r"^/(?:vi|en)/[a-z0-9-]+/[a-z0-9-]+/\d+\.html$"),
        listings=("/vi/nhung-chu-truong-cong-tac-lon-2.html", "/en/news-54.html"),
        listing_links='//*[contains(@class, "news-other-list")]//p//a[@href]',
        listing_next='//*[@id="pagenav"]//a[@href]',
        max_listing_pages=3,
    )
)
