"""What a site is (discovery sources as data) and how its versioned parsers are chosen and run.

Parsers are pure: (html bytes, url, fetch time) -> Article. No Scrapy here, so the same code
re-extracts any page later from the WARC alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any, ClassVar, Literal

from lxml import html

from crawler.core.article import Article, Image
from crawler.core.extraction.bylines import is_promo, parse_credit
from crawler.core.extraction.text import normalize_line, strip_artifacts

PRIMARY = "primary"
MISSING = "missing"
# A date the page gave without a UTC offset, from a site whose zone is not known: kept as the
# wall-clock time written ("2025-03-04T10:00:00", no offset), never given a zone it may not
# have. The provenance says so beside the field's source: sources["published_zone"] = "unknown".
ZONE_UNKNOWN = "unknown"
ZONE_NOTES = frozenset({"published_zone", "modified_zone"})
# Fields many real articles lack (no tags, no breadcrumb, no byline, no sapo): their absence
# is no sign of a changed layout, only a fallback is.
OPTIONAL_FIELDS = frozenset({"tags", "section", "authors", "summary"})


def drifted(sources: dict[str, str]) -> list[str]:
    """The fields a parser did not get from the site's own selectors (crawler.extensions.drift)."""
    return [
        name
        for name, source in sources.items()
        if name not in ZONE_NOTES  # a note on a date's zone, not a field's source
        and source != PRIMARY
        and not (source == MISSING and name in OPTIONAL_FIELDS)
    ]


class Sources:
    """Which source gave each field: the first candidate is the site's own selector, the
    others are fallbacks (JSON-LD, <meta>, the generic extractor). A parser whose selectors
    stop matching still fills its fields from the fallbacks; this is how a crawl notices."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def first(
        self, name: str, *candidates: tuple[str, Callable[[], Any]], own: tuple[str, ...] = ()
    ) -> Any:
        """The first non-empty candidate's value, its source noted ("" when none). The site's
        own source is the first candidate, or any of those named in `own` (a date may come
        from the page's JSON-LD or from its visible line: both are the site's own)."""
        for index, (source, get) in enumerate(candidates):
            if value := get():
                own_source = source in own if own else index == 0
                self.found[name] = PRIMARY if own_source else f"fallback:{source}"
                return value
        self.found[name] = MISSING
        return ""

    def note(self, name: str, source: str, primary: bool) -> None:
        self.found[name] = PRIMARY if primary else f"fallback:{source}"


class Zone(Enum):
    """Not a zone: the mark of a parser that never declared one (ArticleParser.TIMEZONE)."""

    UNDECLARED = "undeclared"


class UndeclaredZone(TypeError):
    """A parser that never said in which zone its site writes dates without an offset."""


class ArticleParser:
    """One layout version of one site. Subclasses set selectors and override single fields.

    `site` is set when its outlet registers (crawler.core.sites.registry): the key is written
    once, in the outlet's profile."""

    site: ClassVar[str] = ""
    version: ClassVar[str] = ""
    VALID_FROM: ClassVar[date] = date.min
    # The zone the site writes dates in when a date names no offset: a tzinfo, or None for
    # "not known" (such dates then keep their wall-clock time with no offset). No default: an
    # outlet that forgets it fails at registration rather than getting some other country's.
    TIMEZONE: ClassVar[tzinfo | Literal[Zone.UNDECLARED] | None] = Zone.UNDECLARED

    # The outlet's own lines, beside the shared conventions (crawler.core.extraction.bylines):
    # promo lines dropped from the body, the dateline opening its sapo, credit forms only it
    # writes (a regex with a "names" group), and credit lines that name no author.
    PROMOS: ClassVar[tuple[re.Pattern[str], ...]] = ()
    DATELINE: ClassVar[re.Pattern[str] | None] = None
    CREDIT_FORMS: ClassVar[tuple[re.Pattern[str], ...]] = ()
    NOT_AUTHOR_CREDITS: ClassVar[tuple[re.Pattern[str], ...]] = ()

    @property
    def zone(self) -> tzinfo | None:
        if self.TIMEZONE is Zone.UNDECLARED:
            raise UndeclaredZone(f"{type(self).__name__} declares no TIMEZONE (None: unknown)")
        return self.TIMEZONE

    @classmethod
    def claims(cls, doc: html.HtmlElement) -> bool:
        """Does this page carry this version's layout? Used before falling back to dates."""
        return False

    def parse(self, doc: html.HtmlElement, url: str) -> Article:
        raise NotImplementedError

    @property
    def name(self) -> str:
        return f"{self.site}/{self.version}"

    def is_promo(self, line: str) -> bool:
        return is_promo(line, self.PROMOS)

    def credit(self, line: str, *, bare: bool) -> list[str] | None:
        return parse_credit(
            line, bare=bare, forms=self.CREDIT_FORMS, no_author=self.NOT_AUTHOR_CREDITS
        )

    def strip_dateline(self, summary: str) -> str:
        return self.DATELINE.sub("", summary, count=1) if self.DATELINE else summary

    def split_tail(
        self, blocks: list[str], emphasised: Collection[str] = ()
    ) -> tuple[list[str], str, list[str]]:
        """Drop promo lines, then take a trailing credit line out: (blocks, credit, authors).

        emphasised: blocks set in bold or aligned right, the only ones where a bare name in
        capitals counts as a credit."""
        kept = [block for block in blocks if not self.is_promo(block)]
        deduped: list[str] = []
        for block in kept:  # aggregator copies print captions and lines twice in a row
            if not deduped or deduped[-1] != block:
                deduped.append(block)
        if not deduped:
            return [], "", []
        last = deduped[-1]
        if "\n" not in last:
            if (authors := self.credit(last, bare=last in emphasised)) is not None:
                return deduped[:-1], normalize_line(last), authors
            return deduped, "", []
        # A credit after a <br> in the last paragraph: only the labelled forms are safe to take.
        head, _, line = last.rpartition("\n")
        if (authors := self.credit(line, bare=False)) is not None:
            return [*deduped[:-1], head], normalize_line(line), authors
        return deduped, "", []


class SiteParser:
    """The versions of one site's parser, oldest first; picks one per page."""

    def __init__(self, *versions: type[ArticleParser]) -> None:
        if not versions:
            raise ValueError("a site parser needs at least one version")
        self.versions = versions

    def choose(self, doc: html.HtmlElement, fetched_at: datetime | None = None) -> ArticleParser:
        # A CMS serves old bodies verbatim under today's template, so the layout of the page is
        # the better witness than the fetch date; the date decides only when no version claims it.
        # Oldest first: an older era's markers (a sapo in <h2>, the control row) are the more
        # specific, while a newer layout is mostly the absence of them.
        for version in self.versions:
            if version.claims(doc):
                return version()
        day = (fetched_at or datetime.now()).date()
        valid = [v for v in self.versions if day >= v.VALID_FROM] or list(self.versions[:1])
        return valid[-1]()


@dataclass(frozen=True)
class Site:
    """A site profile: where articles are found, which URLs are articles, and how to parse them."""

    key: str
    name: str
    origin: str
    domains: tuple[str, ...]
    language: str
    parser: SiteParser
    article_pattern: re.Pattern[str]
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    # Some feeds answer only after a cookie was set by visiting this page (qdnd.vn's /rss).
    feed_priming_path: str = ""
    listings: tuple[str, ...] = ()
    listing_links: str = "//a[@href]"
    listing_next: str = ""
    max_listing_pages: int = 3
    robots: bool = True
    # What a user can do when the site's CDN refuses the crawl (crawler.core.extraction.blocked).
    access_note: str = ""
    # Made up from a start URL (crawler.core.sites.generic_profile), not a profile: feeds are found in
    # its pages, and its articles are filed under this key, whatever the parser calls them.
    generic: bool = False
    # How its listings write a date like 03/04/2025: day first (True) or month first (False).
    # None: by the language (Vietnamese writes the day first). Back-fill reads an ambiguous
    # teaser date only when this is known (crawler.core.discovery.backfill).
    day_first_dates: bool | None = None

    def is_article(self, path: str) -> bool:
        return self.article_pattern.match(path) is not None

    @property
    def zone(self) -> tzinfo | None:
        """The zone its newest parser declares: for the dates its sitemaps and feeds write
        without an offset (None: not known)."""
        return self.parser.versions[-1]().zone

    @property
    def day_first(self) -> bool:
        if self.day_first_dates is not None:
            return self.day_first_dates
        return self.language.lower().startswith("vi")


def note_zones(article: Article) -> None:
    """Say in the provenance which dates kept no offset: the page named none, and the zone its
    site writes dates in is not known (ZONE_UNKNOWN)."""
    for name in ("published", "modified"):
        value = getattr(article, name)
        try:
            naive = bool(value) and datetime.fromisoformat(value).tzinfo is None
        except ValueError:
            continue
        if naive:
            article.sources[f"{name}_zone"] = ZONE_UNKNOWN


def finish(article: Article) -> Article:
    """Last pass on every parser's output: no CMS debris in any string field, ever."""
    for spec in fields(article):
        value = getattr(article, spec.name)
        if isinstance(value, str) and spec.name not in ("url", "canonical_url", "site", "parser"):
            setattr(article, spec.name, strip_artifacts(value))
        elif isinstance(value, list) and value and isinstance(value[0], str):
            setattr(article, spec.name, [v for v in (strip_artifacts(x) for x in value) if v])
    if article.title:  # generic extractors often repeat the headline as the first block
        first, _, rest = article.text.partition("\n\n")
        if first == article.title:
            article.text = rest
    article.images = [
        Image(
            url=image.url,
            caption=strip_artifacts(image.caption),
            credit=strip_artifacts(image.credit),
        )
        for image in article.images
    ]
    return article
