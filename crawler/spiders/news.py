"""NewsSpider: discovers a site's articles from its profile (robots.txt, sitemaps, feeds, listings).

It only discovers and navigates; parsing is the site parser's job and storing the pipelines'.
Arguments: site (a registry key), base_url (serve the profile's paths from another origin: a
mirror, the demo site), max_articles (stop scheduling article pages after N), refresh (fetch
archived articles again), since (ISO 8601: skip articles sitemaps and feeds date earlier, and
back-fill: read listings and dated sitemaps back to that date, crawler.core.discovery.backfill).

Every source is tried on its own (a failed priming page still lets the feeds be tried; a failed
profile source sends the spider to the home page for where it went), and each is accounted for
(crawler.core.discovery.coverage): what it answered, how many entries it listed and what became of each. A
source that fails or goes empty where earlier runs got entries from it is discovery drift.

Incremental by default (with the catalogue, crawler.core.catalog): an article already archived is
not fetched again unless a sitemap lastmod or feed date is newer than our last fetch of it;
sitemaps, feeds and listings are revalidated (If-None-Match / If-Modified-Since), and a 304
is answered from the archive (crawler.downloadermiddlewares.fetch_log). Listing pages stop at the first page
whose articles were all archived before this run, unless the site's last run was incomplete;
at MAX_LISTING_PAGES (0: the profile's max_listing_pages) or, with --since,
BACKFILL_MAX_LISTING_PAGES, the stop is said in words and in the coverage.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit, urlunsplit

import scrapy
from lxml import html
from protego import Protego
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.core.article import Article
from crawler.core.catalog.freshness import Freshness, parse_since
from crawler.core.cookies import cookie_pairs
from crawler.core.discovery import backfill
from crawler.core.discovery.coverage import COVERAGE, DISCOVERY_DRIFT, LIMITS, Coverage
from crawler.core.discovery.coverage import alarms as discovery_alarms
from crawler.core.discovery.moved import moved_listing
from crawler.core.extraction.document import parse_document
from crawler.core.extraction.feeds import (
    FEED_ROOTS,
    SITEMAP_ROOTS,
    Entry,
    parse_feed,
    parse_sitemap,
    root_name,
)
from crawler.core.extraction.links import feed_links, hrefs, next_page
from crawler.core.extraction.xpath import elements
from crawler.core.sites import get_site
from crawler.core.sites.generic_profile import generic_site
from crawler.core.times import utc_text
from crawler.downloadermiddlewares.fetch_log import REVALIDATED
from crawler.runtime.catalog_state import catalog_for, url_key
from crawler.spiders.extractor import ExtractionCrashed, Extractor, worker_count
from crawler.spiders.failures import Failed, describe, note_failure, refusal

# Said once after a run whose site's CDN refused requests, when the profile has no advice.
BLOCK_ADVICE = "the site refuses this network; crawl it from another one"
# Request meta kinds of discovery sources (the fetch log records them) by coverage kind.
_META_KIND = {"priming": "feed-index", "home": "listing"}

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

    from crawler.core.catalog.catalog import Catalog


def content_type_of(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def moment(value: str) -> datetime | None:
    """An ISO 8601 date or time as an aware datetime (UTC when it names no offset)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def entry_date(entry: Entry | None) -> datetime | None:
    """The latest date a sitemap or feed gives for an entry: its last change as far as known."""
    dates = [moment(value) for value in (entry.modified, entry.published)] if entry else []
    return max((d for d in dates if d), default=None)


def _doc(response: Response, language: str = "") -> html.HtmlElement:
    """The page parsed once, decoded our way: also for responses Scrapy did not take for text."""
    return parse_document(response.body, content_type_of(response), language=language)


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        site: str = "qdnd",
        base_url: str | None = None,
        max_articles: int | str | None = None,
        refresh: bool | str = False,
        since: str | None = None,
        start_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # An outlet without a profile, crawled from this page (crawler.core.sites.generic_profile). Not
        # "start": that is the name of a spider's start() method.
        self.site = generic_site(start_url) if start_url else get_site(site)
        self.origin = (base_url or self.site.origin).rstrip("/")
        self.max_articles = int(max_articles) if max_articles not in (None, "") else None
        self.refresh = refresh in (True, "1", "true", "True", "yes")
        self.since = parse_since(since) if since else None  # `-a since=7d` works too
        self.started = datetime.now(UTC)
        self.catalog: Catalog | None = None  # set in from_crawler; None = not incremental
        self.freshness = Freshness(None, self.started)
        self.extractor = Extractor(0)  # in process until from_crawler sets the configured one
        # True when this run leaves out articles on purpose (a budget, --since): the next run
        # must not take it as a complete picture of what is archived.
        self.partial = self.since is not None
        # Article URLs already scheduled in this run; the catalogue takes this over across runs.
        self._scheduled: set[str] = set()
        self._fetched: set[str] = set()  # of those, the ones fetched (the budget)
        self._passed: dict[str, str] = {}  # not fetched (so far): key -> skipped or older
        # The latest date sitemaps and feeds gave each article in this run (see source_date()).
        self._dates: dict[str, datetime] = {}
        self._forbidden: set[str] = set()
        self._robots: RobotParser | None = None
        self.failures: list[dict[str, str]] = []  # for the run report (spiders.failures)
        self.coverage = Coverage()
        self._requested: set[str] = set()  # discovery sources requested (site URLs)
        self._too_long: set[str] = set()  # URLs over URLLENGTH_LIMIT, said once each
        self._lost_listings: list[str] = []  # profile listings that failed (site URLs)
        self._home_links: list[str] | None = None  # the home page's links, once read
        self._primed = False  # the feed priming page answered
        self._over_budget: set[str] = set()  # articles left out by --max-articles

    # -- URLs ---------------------------------------------------------------------------------

    def rebase(self, url: str) -> str:
        """Map a URL on the site's own domains onto the origin being crawled (a mirror, the demo)."""
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in self.site.domains:
            return url
        origin = urlsplit(self.origin)
        return urlunsplit((origin.scheme, origin.netloc, parts.path or "/", parts.query, ""))

    def site_url(self, url: str) -> str:
        """The inverse of rebase: a URL on the crawled origin as the site itself names it."""
        if self.origin == self.site.origin.rstrip("/") or not self._on_site(url):
            return url
        parts, site = urlsplit(url), urlsplit(self.site.origin)
        return urlunsplit((site.scheme, site.netloc, parts.path or "/", parts.query, ""))

    def _on_site(self, url: str) -> bool:
        return urlsplit(url).netloc == urlsplit(self.origin).netloc

    def _request(self, url: str, callback: Any, **kwargs: Any) -> Request:
        return Request(url, callback=callback, errback=self.on_error, **kwargs)

    def _source(
        self,
        url: str,
        callback: Any,
        kind: str,
        *,
        profile: bool = False,
        parent: str = "",
        **kwargs: Any,
    ) -> Request | None:
        """A request for a discovery source (sitemap, feed, listing, priming or home page),
        accounted for in the coverage; None when it is off-site, already requested in this
        run, or over the URL length limit (said as a failure).

        Discovery stays on the origin being crawled: a feed index or sitemap linking another
        host (or, under --base-url, the real site) must not take the crawl there. Revalidated
        against the copy archived last time. parent: the source that named it (its entry)."""
        url = self.rebase(url)
        if not self._on_site(url):
            return None
        key = self.site_url(url)
        self.coverage.source(key, kind, profile=profile, found_in=parent)
        if key in self._requested:
            if parent:
                self.coverage.entry(parent, "elsewhere")
            return None
        if self._over_length(url):
            self.coverage.failed(key, self._length_reason(url), kind=kind)
            if parent:
                self.coverage.entry(parent, "limit")
            return None
        self._requested.add(key)
        if parent:
            self.coverage.entry(parent, "new")
        meta = {
            "kind": _META_KIND.get(kind, kind),
            "revalidate": True,
            "coverage": key,
            "coverage_kind": kind,
            **kwargs.pop("meta", {}),
        }
        return self._request(url, callback, meta=meta, **kwargs)

    def _url_limit(self) -> int:
        return self.crawler.settings.getint("URLLENGTH_LIMIT", 2083)

    def _over_length(self, url: str) -> bool:
        """Over Scrapy's URL length limit: UrlLengthMiddleware would drop the request with
        only a stats counter. Said here, once per URL, as a failure in words."""
        limit = self._url_limit()
        if limit <= 0 or len(url) <= limit:
            return False
        if url not in self._too_long:
            self._too_long.add(url)
            self.crawler.stats.inc_value("coverage/url_too_long")
            note_failure(self, Failed(url, self._length_reason(url), None))
        return True

    def _length_reason(self, url: str) -> str:
        return (
            f"not fetched: URL is {len(url):,} characters, over the {self._url_limit():,} "
            "limit (URLLENGTH_LIMIT)"
        )

    def _article_url(self, url: str) -> str | None:
        """The URL to fetch for a link to an article on this site; None for anything else."""
        url = self.rebase(url)
        if not self._on_site(url) or not self.site.is_article(urlsplit(url).path):
            return None
        return url

    def _article(
        self,
        url: str,
        source: str,
        entry: Entry | None = None,
        listed_by: str = "",
        *,
        every_entry: bool = False,
    ) -> Request | None:
        """The request for an article a source lists, if it is to be fetched; what became of
        the entry goes into the coverage of `listed_by` (crawler.core.discovery.coverage.OUTCOMES).

        every_entry: the source lists articles only (a sitemap, a feed), so an entry that is
        not an article URL of the profile, or is on another host, is counted and named: a
        site that changed its URL scheme would otherwise lose its new articles unseen."""
        found = self._article_url(url)
        if found is None:
            if every_entry and listed_by:
                outcome = "not_article" if self._on_site(self.rebase(url)) else "off_site"
                self.coverage.entry(listed_by, outcome, entry_url=url)
            return None
        outcome, request = self._take(found, source, entry, listed_by)
        if listed_by:
            self.coverage.entry(listed_by, outcome)
        return request

    def _take(
        self, found: str, source: str, entry: Entry | None, listed_by: str
    ) -> tuple[str, Request | None]:
        key = url_key(self.crawler, found)  # one article, one key: tracking parameters dropped
        dated = entry_date(entry)
        if dated is not None and (key not in self._dates or dated > self._dates[key]):
            self._dates[key] = dated
            if key in self._fetched:
                self._dated_after_fetch(key, dated)
        if key in self._scheduled:
            return "elsewhere", None
        if key in self._forbidden:
            return "robots", None
        if not self._allowed(found):
            self._forbidden.add(key)
            self.crawler.stats.inc_value("robotstxt/forbidden")
            return "robots", None
        if self._over_length(found):
            return "limit", None
        freshness = self.freshness.decide(key, dated)
        stats = self.crawler.stats
        passed = self._passed.get(key)
        if freshness in ("known", "older") or (passed == "older" and dated is None):
            # Not final: another source may date the same article later (a sitemap lastmod
            # after a feed's pubDate), and then it is fetched after all. An undated link (a
            # listing) cannot overrule a source that dated it before --since.
            if passed is None:
                self._passed[key] = "skipped" if freshness == "known" else "older"
                stats.inc_value(f"incremental/{self._passed[key]}")
            return ("archived" if self._passed[key] == "skipped" else "older"), None
        if self.max_articles is not None and len(self._fetched) >= self.max_articles:
            self.partial = True
            self._over_budget.add(key)
            return "limit", None
        self._scheduled.add(key)
        self._fetched.add(key)
        if passed := self._passed.pop(key, None):
            stats.inc_value(f"incremental/{passed}", -1)
        stats.inc_value(f"discovery/{source}")
        if freshness == "due":
            stats.inc_value("incremental/due")
        # A page the site says changed is revalidated (a 304 costs no body); --refresh
        # fetches it whole, whatever the server thinks.
        revalidate = freshness == "due" and not self.refresh
        meta = {
            "source": source,
            "kind": "article",
            "revalidate": revalidate,
            "listed_by": listed_by,
        }
        return "new", self._request(found, self.parse_article, meta=meta)

    def _archived_before(self, url: str) -> bool:
        found = self._article_url(url)
        return found is not None and self.freshness.archived_before(url_key(self.crawler, found))

    def _previous_run_complete(self) -> bool:
        if self.catalog is None:
            return False
        this_run = self.crawler.stats.get_value("run/id")
        last = self.catalog.run_log.last(self.site.key, but=this_run)
        # A listing page that failed last time may hide articles the run never saw.
        return last is not None and last.status == "finished" and not last.counts["errors"]

    # -- discovery ----------------------------------------------------------------------------

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        spider.catalog = catalog_for(crawler)
        spider.extractor = Extractor(worker_count(crawler.settings))
        crawler.signals.connect(spider.extractor.close, signal=signals.spider_closed)
        spider.freshness = Freshness(
            spider.catalog,
            spider.started,
            since=spider.since,
            refresh=spider.refresh,
            retry_after=timedelta(days=crawler.settings.getfloat("INCREMENTAL_RETRY_DAYS", 7)),
            captures=crawler.settings.getbool("WARC_ENABLED", True),
        )
        return spider

    def _allowed(self, url: str) -> bool:
        """robots.txt, checked before an article counts against --max-articles.

        RobotsTxtMiddleware would drop a forbidden request anyway, but only after the spider
        had spent a place of its article budget on it."""
        if self._robots is None:
            return True
        settings = self.crawler.settings
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        return bool(self._robots.allowed(url, agent))

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        """Scrapy's RobotsTxtMiddleware fetched and parsed robots.txt: one fetch, one parser.

        Every request to the host waits for it, so the rules are known before any article
        is discovered; the file's Sitemap lines are sources like the profile's own."""
        if urlsplit(request.url).netloc != urlsplit(self.origin).netloc:
            return
        self._robots = robotparser
        key = self._robots_key()
        self.coverage.source(key, "robots")
        statuses = [
            name.rsplit("/", 1)[-1]
            for name in self.crawler.stats.get_stats()
            if name.startswith("robotstxt/response_status_count/")
        ]
        status = int(statuses[0]) if len(statuses) == 1 else 200
        if status >= 400:  # parsed as "allow all", but it is not there to name sitemaps
            self.coverage.failed(key, f"HTTP {status}", kind="robots")
        else:
            self.coverage.answered(key, status, kind="robots")
        for sitemap in getattr(getattr(robotparser, "rp", None), "sitemaps", ()):
            if sitemap_request := self._source(sitemap, self.parse_sitemap, "sitemap", parent=key):
                self.crawler.engine.crawl(sitemap_request)

    def _robots_key(self) -> str:
        return self.site_url(f"{self.origin}/robots.txt")

    async def start(self) -> AsyncIterator[Request]:
        # Not obeying robots.txt, but its Sitemap lines are still where the site lists pages.
        obeyed = self.crawler.settings.getbool("ROBOTSTXT_OBEY")
        if (
            self.site.robots
            and not obeyed
            and (
                robots := self._source(
                    f"{self.origin}/robots.txt", self.parse_robots_sitemaps, "robots"
                )
            )
        ):
            yield robots.replace(meta={**robots.meta, "revalidate": False})
        for request in self._discovery():
            if request is not None:
                yield request

    def parse_robots_sitemaps(self, response: Response) -> Iterator[Request]:
        if not (key := self._answered_source(response)):
            return
        for sitemap in Protego.parse(response.body.decode("utf-8", "replace")).sitemaps:
            if request := self._source(sitemap, self.parse_sitemap, "sitemap", parent=key):
                yield request

    def _discovery(self) -> Iterator[Request | None]:
        """Every source the profile names, each requested on its own: none waits for another
        to answer, and none is skipped because another failed."""
        site = self.site
        for path in site.sitemaps:
            yield self._source(self.origin + path, self.parse_sitemap, "sitemap", profile=True)
        if site.feeds and site.feed_priming_path:
            # The feed server wants a session cookie first; the priming page redirects to itself
            # while setting it, so the redirect must not be filtered as a duplicate. The feeds
            # are requested when it answers (with its cookie) or fails (without one).
            for path in site.feeds:
                self.coverage.source(self.site_url(self.origin + path), "feed", profile=True)
            yield self._source(
                self.origin + site.feed_priming_path,
                self.parse_feed_index,
                "priming",
                profile=True,
                dont_filter=True,
                meta={"revalidate": False},
            )
        else:
            for path in site.feeds:
                yield self._source(self.origin + path, self.parse_feed, "feed", profile=True)
        for path in site.listings:
            yield self._source(
                self.origin + path,
                self.parse_listing,
                "listing",
                profile=True,
                cb_kwargs={"page": 1},
            )

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        if not (key := self._answered_source(response)):
            return
        if not self._is_xml(response, key, "sitemap", SITEMAP_ROOTS):
            return
        sitemap = parse_sitemap(response.body)
        for entry in sitemap.entries:
            if sitemap.is_index:
                if not self._on_site(self.rebase(entry.url)):  # never followed, but counted
                    self.coverage.entry(key, "off_site", entry_url=entry.url)
                    continue
                if self.since is not None and backfill.child_before(
                    self.rebase(entry.url), entry_date(entry), self.since
                ):
                    # Back-fill and --since: a child dated before the date holds nothing asked for.
                    self.coverage.entry(key, "older")
                    continue
                request = self._source(entry.url, self.parse_sitemap, "sitemap", parent=key)
            else:
                request = self._article(
                    entry.url, "sitemap", entry, listed_by=key, every_entry=True
                )
            if request:
                yield request

    def parse_feed_index(self, response: Response) -> Iterator[Request]:
        if not (key := self._answered_source(response)):
            yield from self._profile_feeds(cookies={})
            return
        self._primed = True
        # The feeds answer with the session cookie the priming page set. Carried by each feed
        # request, it works in whichever process fetches it (a cluster's other workers).
        sent = response.request.headers.get("Cookie") if response.request else None
        cookies = cookie_pairs(sent or b"")
        yield from self._profile_feeds(cookies)
        # And the feeds the page itself lists (its entries in the coverage).
        links = hrefs(_doc(response, self.site.language), response.url)
        for url in dict.fromkeys(url for url in links if url.endswith(".rss")):
            request = self._source(url, self.parse_feed, "feed", parent=key, cookies=cookies)
            if request:
                yield request

    def _profile_feeds(self, cookies: dict[str, str]) -> Iterator[Request]:
        """The profile's feeds, once the priming page answered (with its cookie) or failed:
        tried all the same then (with what cookie there is, or none). A site that dropped its
        gate still serves them."""
        for path in self.site.feeds:
            request = self._source(
                self.origin + path, self.parse_feed, "feed", profile=True, cookies=cookies
            )
            if request:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        if not (key := self._answered_source(response)):
            return
        if not self._is_xml(response, key, "feed", FEED_ROOTS):
            return
        for entry in parse_feed(response.body):
            if request := self._article(entry.url, "rss", entry, listed_by=key, every_entry=True):
                yield request

    def _is_xml(self, response: Response, key: str, what: str, roots: tuple[str, ...]) -> bool:
        """Is the answer the sitemap or feed asked for? A gate or error page served as 200
        is a failure of the source (the drift rules for a failed source apply), not a source
        that lists nothing."""
        root = root_name(response.body)
        if root in roots:
            return True
        media = content_type_of(response).split(";", 1)[0].strip() or "untyped"
        if not response.body.strip():
            reason = f"not a {what}: empty answer"
        elif root and root.lower() != "html":  # lxml's recovering parser reads HTML too
            reason = f"not a {what}: {media} document <{root}>"
        else:
            reason = f"not a {what}: {media} page"
        self.coverage.failed(key, reason, kind=str(response.meta.get("coverage_kind", "")))
        self._note(Failed(response.url, reason, response))
        return False

    def parse_home(self, response: Response) -> Iterator[Request]:
        """The home page, read when a profile source failed: the feeds it names, the articles
        it links, and where a listing that answered 404 went (crawler.core.discovery.moved)."""
        if not (key := self._answered_source(response)):
            self._home_links = []
            return
        doc = _doc(response, self.site.language)
        links = hrefs(doc, response.url)
        feeds = feed_links(doc, response.url) + [url for url in links if url.endswith(".rss")]
        for feed in dict.fromkeys(feeds):
            if request := self._source(feed, self.parse_feed, "feed", parent=key):
                yield request
        for url in links:
            if request := self._article(url, "listing", listed_by=key):
                yield request
        self._home_links = [self.rebase(url) for url in links if self._article_url(url) is None]
        for lost in list(self._lost_listings):
            yield from self._relocate(lost)

    def _relocate(self, lost: str) -> Iterator[Request]:
        """A profile listing that failed: the home page's link that looks like its new place."""
        found = moved_listing(self.rebase(lost), self._home_links or [])
        if found is None:
            return
        home = self.site_url(f"{self.origin}/")
        request = self._source(
            found, self.parse_listing, "listing", parent=home, cb_kwargs={"page": 1}
        )
        if request is not None:
            self.coverage.note(self.site_url(found), f"in place of {lost}")
            self.coverage.note(lost, f"moved? the home page links {self.site_url(found)}")
            yield request

    def _looked_for(self, failed_source: str, kind: str) -> Iterator[Request]:
        """A profile source failed: look on the home page for where it went."""
        if self.site.generic:
            return
        if kind == "listing":
            self._lost_listings.append(failed_source)
            if self._home_links is not None:  # the home page was read already
                yield from self._relocate(failed_source)
                return
        if home := self._source(f"{self.origin}/", self.parse_home, "home"):
            yield home.replace(meta={**home.meta, "revalidate": False})

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        if not (key := self._answered_source(response)):
            return
        doc = _doc(response, self.site.language)  # parsed once, for links and pager
        # The feeds a page names (<link rel="alternate">): a renamed feed is found here.
        for feed in feed_links(doc, response.url):
            if request := self._source(feed, self.parse_feed, "feed", parent=key):
                yield request
        links = hrefs(doc, response.url, self.site.listing_links)
        for url in links:
            if request := self._article(url, "listing", listed_by=key):
                yield request
        if not self.site.listing_next:
            return
        following = next_page(doc, response.url, self.site.listing_next, page)
        if not following:
            return  # the site ran out of pages
        articles = [url for url in map(self._article_url, links) if url and self._allowed(url)]
        if self.since is not None:
            if self._all_older(doc, response.url, articles):
                self.crawler.stats.inc_value("backfill/listing_reached_since")
                return
        elif (
            articles
            and not self.refresh
            and all(self._archived_before(url) for url in articles)
            and self._previous_run_complete()
        ):
            # Listings run newest first: past a page of old news there is only older news.
            self.crawler.stats.inc_value("incremental/listing_stopped")
            return
        limit, setting = self._listing_limit()
        if page >= limit:
            self._limit_hit(
                key,
                f"stopped at the {limit}-page limit ({setting}): page {page + 1} and older "
                "not read",
            )
            return
        url = self.rebase(following)
        if not self._on_site(url) or self._over_length(url):
            return
        yield self._request(
            url,
            self.parse_listing,
            cb_kwargs={"page": page + 1},
            meta={
                "kind": "listing",
                "revalidate": True,
                "coverage": key,
                "coverage_kind": "listing",
                "page": page + 1,
            },
        )

    def _listing_limit(self) -> tuple[int, str]:
        """The safety limit on a listing's pages: back-fill's own with --since, else
        MAX_LISTING_PAGES, else the profile's max_listing_pages."""
        settings = self.crawler.settings
        if self.since is not None:
            return settings.getint("BACKFILL_MAX_LISTING_PAGES", 500), "BACKFILL_MAX_LISTING_PAGES"
        if pages := settings.getint("MAX_LISTING_PAGES", 0):
            return pages, "MAX_LISTING_PAGES"
        return self.site.max_listing_pages, "the profile's max_listing_pages"

    def _limit_hit(self, key: str, text: str) -> None:
        self.coverage.note(key, text)
        limits = list(self.crawler.stats.get_value(LIMITS) or [])
        limits.append(f"{key}: {text}")
        self.crawler.stats.set_value(LIMITS, limits)
        self.logger.warning("listing %s %s", key, text)

    def _all_older(self, doc: html.HtmlElement, url: str, articles: list[str]) -> bool:
        """With --since: does this listing page hold only articles older than the date? By
        the dates sitemaps and feeds gave, else those the teasers show."""
        assert self.since is not None
        anchors = elements(doc, self.site.listing_links, html.HtmlElement)
        shown = {
            self.rebase(link): date
            for link, date in backfill.teaser_dates(
                anchors, url, day_first=self.site.day_first
            ).items()
        }
        dates: dict[str, datetime | None] = {}
        for article in articles:
            key = url_key(self.crawler, article)
            dates[article] = self._dates.get(key) or shown.get(article) or self._known_date(key)
        return backfill.all_older(articles, dates, self.since)

    def _known_date(self, key: str) -> datetime | None:
        """The latest date the catalogue knows for an article: a source's date from an earlier
        fetch, or the archived page's own. A site whose teasers show no date is still not
        paged through to the limit on every --since run once its articles are archived."""
        if self.catalog is None:
            return None
        known = self.catalog.fetch(key)
        dates = [moment(known.source_date)] if known and known.source_date else []
        if stored := self.catalog.latest(key):
            dates += [
                moment(str(stored.fields.get(name) or "")) for name in ("published", "modified")
            ]
        return max((d for d in dates if d), default=None)

    # -- articles -----------------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[Article]:
        if not self._answered(response):
            return
        try:
            article = await self.extractor.extract(
                response.body,
                response.url,
                content_type_of(response),
                datetime.now(UTC),
                self.site.key,
            )
        except ExtractionCrashed as crash:  # archived all the same; counted, not a traceback
            note_failure(self, Failed(response.url, f"ExtractionCrashed: {crash}", None))
            return
        article.warc = response.meta.get("warc_ref")
        if self.site.generic:  # filed under the outlet, not under "generic"
            article.site = self.site.key
        key = url_key(self.crawler, response.request.url if response.request else response.url)
        # The page's own dates, and what sitemaps and feeds said (a CMS may show only the
        # publication date of an article it revised).
        changed = [moment(value) for value in (article.published, article.modified) if value]
        dates = [c for c in changed if c]
        if key in self._dates:
            dates.append(self._dates[key])
        last_change = max(dates, default=None)
        if self.since is not None and last_change is not None and last_change < self.since:
            # Found through an undated link (a listing): fetched and archived, but older than
            # asked for. Not stored, so a later run without --since still takes it; a later
            # --since run as recent knows it is too old without fetching it again.
            self.crawler.stats.inc_value("incremental/older")
            if self.catalog is not None:
                self.catalog.mark_older(key, utc_text(last_change))
            return
        yield article

    def closed(self, reason: str) -> None:
        """The run's coverage into the stats (the run report reads them) and the catalogue
        (`defnews runs ID`, and the next runs' drift check); discovery drift said."""
        stats = self.crawler.stats
        self._robots_failure()
        run_id = stats.get_value("run/id")
        earlier: dict[str, int] = {}
        shares: dict[str, float] = {}
        if self.catalog is not None and run_id is not None:
            earlier = self.catalog.run_log.earlier_listed(self.site.key, but=int(run_id))
            shares = self.catalog.run_log.earlier_rejected(self.site.key, but=int(run_id))
        found = discovery_alarms(self.site.key, self.coverage.sources, earlier, shares)
        for alarm in found:
            self.logger.warning("discovery drift: %s", alarm.message)
        if left := len(self._over_budget - self._scheduled):
            limits = list(stats.get_value(LIMITS) or [])
            limits.append(
                f"--max-articles {self.max_articles} reached: {left} more listed "
                f"article{'s' if left != 1 else ''} not fetched"
            )
            stats.set_value(LIMITS, limits)
        stats.set_value(COVERAGE, self.coverage.as_dicts())
        if found:
            stats.set_value(DISCOVERY_DRIFT, [asdict(alarm) for alarm in found])
            stats.set_value("drift/fail", self.crawler.settings.getbool("DRIFT_FAIL", False))
        if self.catalog is not None and run_id is not None:
            try:
                self.catalog.run_log.record_sources(int(run_id), self.coverage.as_dicts())
            except sqlite3.Error as error:  # the run report still carries it
                self.logger.warning("could not record the run's coverage: %s", error)

    def _robots_failure(self) -> None:
        """robots.txt that could not be fetched at all (RobotsTxtMiddleware counts it only)."""
        if not self.site.robots or self.coverage.get(self._robots_key()) is not None:
            return
        errors = [
            name.rsplit("/", 1)[-1].strip("<>'")
            for name in self.crawler.stats.get_stats()
            if name.startswith("robotstxt/exception_count/")
        ]
        if errors:
            self.coverage.source(self._robots_key(), "robots")
            self.coverage.failed(self._robots_key(), errors[0].rsplit(".", 1)[-1], kind="robots")

    def _dated_after_fetch(self, key: str, dated: datetime) -> None:
        """A sitemap read after this run fetched the article (found first in a listing): a
        date no later than that fetch is covered by it, so record it. A later one may be a
        revision the fetch missed: leave it to make the article due next run."""
        known = self.catalog.fetch(key) if self.catalog else None
        if (
            self.catalog
            and known
            and self.started <= known.fetched_at
            and dated <= known.fetched_at
        ):
            self.catalog.raise_source_date(key, utc_text(dated))

    def source_date(self, url: str) -> str:
        """The latest date sitemaps and feeds gave this article so far in this run (UTC ISO,
        "" when none): the fetch log keeps it with the fetch that saw the page as of then."""
        dated = self._dates.get(url_key(self.crawler, url))
        return utc_text(dated) if dated else ""

    def on_error(self, failure: Failure) -> list[Request]:
        """One line per failed request: users read tracebacks as crashes. A discovery source
        that failed is said in its coverage, and never hides the others: a failed priming
        page still lets the profile's feeds be tried, and a failed profile source sends the
        spider to the home page for where it went."""
        failed = describe(failure)
        robots = "robots.txt" in str(failure.value)  # RobotsTxtMiddleware's, for any host
        request = getattr(failure, "request", None)
        meta = request.meta if request is not None else {}
        if isinstance(failure.value, IgnoreRequest) and (robots or not self._allowed(failed.url)):
            # Forbidden by robots.txt: our choice, not a failure (robotstxt/forbidden counts it).
            self.logger.debug("skipped: %s (%s)", failed.url, failed.reason)
            return []
        # Other IgnoreRequests are the limits at work (a body inflating past DOWNLOAD_MAXSIZE,
        # too many redirects, a redirect loop): the page was not had, so it counts.
        self._note(failed)
        if listed_by := meta.get("listed_by"):
            reason = failed.reason.lower()
            self.coverage.fetch_failed(listed_by, limit="max size" in reason or "maxsize" in reason)
        if key := meta.get("coverage"):
            kind = str(meta.get("coverage_kind", ""))
            return list(self._source_failed(str(key), kind, meta, failed))
        return []

    def _source_failed(
        self, key: str, kind: str, meta: dict[str, Any], failed: Failed
    ) -> Iterator[Request]:
        page = int(meta.get("page", 1))
        self.coverage.failed(key, failed.reason, kind=kind, page=page)
        if kind == "priming" and not self._primed:
            cookies = (
                cookie_pairs(failed.response.request.headers.get("Cookie") or b"")
                if (failed.response is not None and failed.response.request is not None)
                else {}
            )
            self.coverage.note(key, "the feeds were tried without it")
            yield from self._profile_feeds(cookies)
        source = self.coverage.get(key)
        # Gone (404, 410): it may have moved, and the home page may say where. Not for a
        # CDN's refusal or a server error: the home page would only be refused or fail too.
        gone = failed.reason in ("HTTP 404", "HTTP 410")
        if gone and page == 1 and source is not None and source.profile and kind != "robots":
            yield from self._looked_for(key, kind)

    def _answered_source(self, response: Response) -> str:
        """_answered() for a discovery source: its coverage key when the site answered with
        its page ("" when not), the answer noted (HTTP 304 when it came from the archive)."""
        key = str(response.meta.get("coverage", "")) or self.site_url(response.url)
        kind = str(response.meta.get("coverage_kind", ""))
        if not self._answered(response):
            self.coverage.failed(key, f"HTTP {response.status}: refused", kind=kind)
            return ""
        status = 304 if REVALIDATED in response.flags else response.status
        self.coverage.answered(key, status, kind=kind)
        return key

    def _answered(self, response: Response) -> bool:
        """Did the site answer with its page? Not when it is a CDN's challenge served as 200:
        that is archived, counted as refused, and never parsed. The count of real answers
        tells a run the site refused from one it merely found empty (cli.running)."""
        if block := refusal(response):
            self._note(Failed(response.url, f"HTTP {response.status}: {block}", response, block))
            return False
        self.crawler.stats.inc_value("defnews/answered")
        return True

    def _note(self, failed: Failed) -> None:
        if failed.block is not None:
            self.crawler.stats.set_value("blocked/advice", self.site.access_note or BLOCK_ADVICE)
        note_failure(self, failed)
