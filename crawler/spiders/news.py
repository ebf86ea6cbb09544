"""NewsSpider: discovers a site's articles from its profile (robots.txt, sitemaps, feeds, listings).

It only discovers and navigates; parsing is the site parser's job and storing the pipelines'.
Arguments: site (a registry key), base_url (serve the profile's paths from another origin: a
mirror, the demo site), max_articles (stop scheduling article pages after N), refresh (fetch
archived articles again), since (ISO 8601: skip articles sitemaps and feeds date earlier).

Incremental by default (with the catalogue, crawler.store): an article already archived is
not fetched again unless a sitemap lastmod or feed date is newer than our last fetch of it;
sitemaps, feeds and listings are revalidated (If-None-Match / If-Modified-Since), and a 304
is answered from the archive (crawler.store.fetches). Listing pages stop at the first page
whose articles were all archived before this run, unless the site's last run was incomplete.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from lxml import html
from protego import Protego
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.extracting import ExtractionCrashed, Extractor, worker_count
from crawler.extraction.document import parse_document
from crawler.extraction.feeds import Entry, parse_feed, parse_sitemap
from crawler.extraction.links import feed_links, hrefs, next_page
from crawler.items import Article
from crawler.sites import get_site
from crawler.sites.generic_site import generic_site
from crawler.spiders.failures import Failed, describe, note_failure, refusal
from crawler.store.freshness import Freshness, parse_since
from crawler.store.state import catalog_for, url_key
from crawler.store.times import utc_text

# Said once after a run whose site's CDN refused requests, when the profile has no advice.
BLOCK_ADVICE = "the site refuses this network; crawl it from another one"

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

    from crawler.store.catalog import Catalog


def cookie_pairs(header: bytes) -> dict[str, str]:
    """A Cookie header ("a=1; b=2") as the dict Request(cookies=...) takes."""
    pairs = (part.split("=", 1) for part in header.decode("latin-1").split(";") if "=" in part)
    return {name.strip(): value.strip() for name, value in pairs if name.strip()}


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
        # An outlet without a profile, crawled from this page (crawler.sites.generic_site). Not
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

    def _discovery_request(self, url: str, callback: Any, kind: str, **kwargs: Any) -> Request:
        """A sitemap, feed or listing: revalidated against the copy archived last time."""
        meta = {"kind": kind, "revalidate": True, **kwargs.pop("meta", {})}
        return self._request(url, callback, meta=meta, **kwargs)

    def _on_site_request(self, url: str, callback: Any, kind: str, **kwargs: Any) -> Request | None:
        """A request for a sitemap, feed or listing found in a page; None when it is off-site.

        Discovery stays on the origin being crawled: a feed index or sitemap linking another
        host (or, under --base-url, the real site) must not take the crawl there."""
        url = self.rebase(url)
        if not self._on_site(url):
            return None
        return self._discovery_request(url, callback, kind, **kwargs)

    def _article_url(self, url: str) -> str | None:
        """The URL to fetch for a link to an article on this site; None for anything else."""
        url = self.rebase(url)
        if not self._on_site(url) or not self.site.is_article(urlsplit(url).path):
            return None
        return url

    def _article(self, url: str, source: str, entry: Entry | None = None) -> Request | None:
        found = self._article_url(url)
        if found is None:
            return None
        key = url_key(self.crawler, found)  # one article, one key: tracking parameters dropped
        dated = entry_date(entry)
        if dated is not None and (key not in self._dates or dated > self._dates[key]):
            self._dates[key] = dated
            if key in self._fetched:
                self._dated_after_fetch(key, dated)
        if key in self._scheduled or key in self._forbidden:
            return None
        if not self._allowed(found):
            self._forbidden.add(key)
            self.crawler.stats.inc_value("robotstxt/forbidden")
            return None
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
            return None
        if self.max_articles is not None and len(self._fetched) >= self.max_articles:
            self.partial = True
            return None
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
        meta = {"source": source, "kind": "article", "revalidate": revalidate}
        return self._request(found, self.parse_article, meta=meta)

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
        for sitemap in getattr(getattr(robotparser, "rp", None), "sitemaps", ()):
            if sitemap_request := self._on_site_request(sitemap, self.parse_sitemap, "sitemap"):
                self.crawler.engine.crawl(sitemap_request)

    async def start(self) -> AsyncIterator[Request]:
        if self.site.robots and not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            # Not obeying it, but its Sitemap lines are still where the site lists its pages.
            yield self._request(
                f"{self.origin}/robots.txt", self.parse_robots_sitemaps, meta={"kind": "robots"}
            )
        for request in self._discovery():
            yield request

    def parse_robots_sitemaps(self, response: Response) -> Iterator[Request]:
        for sitemap in Protego.parse(response.body.decode("utf-8", "replace")).sitemaps:
            if request := self._on_site_request(sitemap, self.parse_sitemap, "sitemap"):
                yield request

    def _discovery(self) -> Iterator[Request]:
        site = self.site
        for path in site.sitemaps:
            yield self._discovery_request(self.origin + path, self.parse_sitemap, "sitemap")
        if site.feeds and site.feed_priming_path:
            # The feed server wants a session cookie first; the priming page redirects to itself
            # while setting it, so the redirect must not be filtered as a duplicate.
            yield self._request(
                self.origin + site.feed_priming_path,
                self.parse_feed_index,
                dont_filter=True,
                meta={"kind": "feed-index"},
            )
        else:
            for path in site.feeds:
                yield self._discovery_request(self.origin + path, self.parse_feed, "feed")
        for path in site.listings:
            yield self._discovery_request(
                self.origin + path, self.parse_listing, "listing", cb_kwargs={"page": 1}
            )

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        if not self._answered(response):
            return
        sitemap = parse_sitemap(response.body)
        for entry in sitemap.entries:
            if sitemap.is_index:
                request = self._on_site_request(entry.url, self.parse_sitemap, "sitemap")
            else:
                request = self._article(entry.url, "sitemap", entry)
            if request:
                yield request

    def parse_feed_index(self, response: Response) -> Iterator[Request]:
        if not self._answered(response):
            return
        urls = [urljoin(response.url, path) for path in self.site.feeds]
        urls += [
            url
            for url in hrefs(_doc(response, self.site.language), response.url)
            if url.endswith(".rss")
        ]
        # The feeds answer with the session cookie the priming page set. Carried by each feed
        # request, it works in whichever process fetches it (a cluster's other workers).
        sent = response.request.headers.get("Cookie") if response.request else None
        cookies = cookie_pairs(sent or b"")
        for url in dict.fromkeys(urls):
            if request := self._on_site_request(url, self.parse_feed, "feed", cookies=cookies):
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        if not self._answered(response):
            return
        for entry in parse_feed(response.body):
            if request := self._article(entry.url, "rss", entry):
                yield request

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        if not self._answered(response):
            return
        doc = _doc(response, self.site.language)  # parsed once, for links and pager
        if self.site.generic:  # no profile names its feeds: the page does
            for feed in feed_links(doc, response.url):
                if request := self._on_site_request(feed, self.parse_feed, "feed"):
                    yield request
        links = hrefs(doc, response.url, self.site.listing_links)
        for url in links:
            if request := self._article(url, "listing"):
                yield request
        if page >= self.site.max_listing_pages or not self.site.listing_next:
            return
        articles = [url for url in map(self._article_url, links) if url and self._allowed(url)]
        if (
            articles
            and not self.refresh
            and all(self._archived_before(url) for url in articles)
            and self._previous_run_complete()
        ):
            # Listings run newest first: past a page of old news there is only older news.
            self.crawler.stats.inc_value("incremental/listing_stopped")
            return
        if following := next_page(doc, response.url, self.site.listing_next, page):
            next_request = self._on_site_request(
                following, self.parse_listing, "listing", cb_kwargs={"page": page + 1}
            )
            if next_request:
                yield next_request

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

    def on_error(self, failure: Failure) -> None:
        """One line per failed request: users read tracebacks as crashes."""
        failed = describe(failure)
        robots = "robots.txt" in str(failure.value)  # RobotsTxtMiddleware's, for any host
        if isinstance(failure.value, IgnoreRequest) and (robots or not self._allowed(failed.url)):
            # Forbidden by robots.txt: our choice, not a failure (robotstxt/forbidden counts it).
            self.logger.debug("skipped: %s (%s)", failed.url, failed.reason)
            return
        # Other IgnoreRequests are the limits at work (a body inflating past DOWNLOAD_MAXSIZE,
        # too many redirects, a redirect loop): the page was not had, so it counts.
        self._note(failed)

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
