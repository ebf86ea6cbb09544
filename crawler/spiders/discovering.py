"""What every part of NewsSpider shares: the run's state, the requests for discovery sources,
and how an answer is judged (the site's page, or a CDN's refusal).

NewsSpider is built in layers, each a module with one job, each a subclass of the one before:
this module, then article requests (crawler.spiders.articles), robots.txt, sitemaps and feeds
(crawler.spiders.feeds), listings and the home page (crawler.spiders.listings), failed
requests (crawler.spiders.errbacks), and the spider with its start (crawler.spiders.news).
Callbacks stay methods of the spider: a request is serialised with its callback's name (the
cluster frontier, a JOBDIR), and only the spider's own methods have one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from lxml import html
from scrapy.http import Request, Response

from crawler.core.catalog.freshness import Freshness, parse_since
from crawler.core.discovery.admission import LinkAdmission, Verdict
from crawler.core.discovery.coverage import Coverage
from crawler.core.extraction.document import parse_document
from crawler.core.follow.recheck import parse_ages
from crawler.core.sites import get_site
from crawler.core.sites.generic_profile import generic_site
from crawler.downloadermiddlewares.fetch_log import REVALIDATED
from crawler.runtime import meta
from crawler.spiders.extractor import Extractor
from crawler.spiders.failures import Failed, note_failure, refusal
from crawler.spiders.requisites import PageRequisites

if TYPE_CHECKING:
    from scrapy.robotstxt import RobotParser
    from twisted.python.failure import Failure

    from crawler.core.catalog.catalog import Catalog
    from crawler.core.sites.base import Site

# Said once after a run whose site's CDN refused requests, when the profile has no advice.
BLOCK_ADVICE = "the site refuses this network; crawl it from another one"
# Request meta kinds of discovery sources (the fetch log records them) by coverage kind.
_META_KIND = {"priming": "feed-index", "home": "listing"}

Callback = Callable[..., Any]


def content_type_of(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def page_doc(response: Response, language: str = "") -> html.HtmlElement:
    """The page parsed once, decoded our way: also for responses Scrapy did not take for text."""
    return parse_document(response.body, content_type_of(response), language=language)


class DiscoveringSpider(PageRequisites):
    """A spider that discovers one site's articles (no `name`: Scrapy lists only NewsSpider).

    Every attribute is declared here, and set in __init__ or from_crawler: what other
    components read from it (site, origin, max_articles, refresh, since, partial, failures,
    source_date() of crawler.spiders.articles) is always there."""

    site: Site
    origin: str  # the origin crawled: the site's own, or a mirror's (--base-url)
    max_articles: int | None
    refresh: bool
    since: datetime | None
    started: datetime
    catalog: Catalog | None  # None: not incremental
    freshness: Freshness
    extractor: Extractor
    admission: LinkAdmission
    # True when this run leaves out articles on purpose (a budget, --since): the next run
    # must not take it as a complete picture of what is archived.
    partial: bool
    recheck_within: timedelta | None  # `crawl --recheck AGE` (crawler.spiders.rechecks)
    failures: list[dict[str, str]]  # for the run report (crawler.spiders.failures)
    coverage: Coverage
    # The latest date sitemaps and feeds gave each article in this run (source_date()).
    _dates: dict[str, datetime]
    _robots: RobotParser | None  # set when RobotsTxtMiddleware parsed robots.txt
    _lost_listings: list[str]  # profile listings that failed (site URLs)
    _home_links: list[str] | None  # the home page's links, once read
    _primed: bool  # the feed priming page answered
    # The errback of every request: the failures layer defines it (crawler.spiders.errbacks).
    on_error: Callable[[Failure], list[Request]]

    def __init__(
        self,
        site: str = "qdnd",
        base_url: str | None = None,
        max_articles: int | str | None = None,
        refresh: bool | str = False,
        since: str | None = None,
        start_url: str | None = None,
        recheck: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # `crawl --recheck AGE`: every archived article first seen within AGE, looked at now.
        self.recheck_within = parse_ages(recheck)[0] if recheck else None
        # Articles whose last event is a removal (read once a run), and those found removed
        # this run (counted once): crawler.spiders.rechecks.
        self.removed_now: set[str] | None = None
        self.removed_this_run: set[str] = set()
        # An outlet without a profile, crawled from this page (crawler.core.sites.generic_profile).
        # Not "start": that is the name of a spider's start() method.
        self.site = generic_site(start_url) if start_url else get_site(site)
        self.origin = (base_url or self.site.origin).rstrip("/")
        self.max_articles = int(max_articles) if max_articles not in (None, "") else None
        self.refresh = refresh in (True, "1", "true", "True", "yes")
        self.since = parse_since(since) if since else None  # `-a since=7d` works too
        self.started = datetime.now(UTC)
        self.catalog = None  # set in from_crawler
        self.freshness = Freshness(None, self.started)
        # In process until the spider opens and takes the process's (crawler.spiders.news).
        self.extractor = Extractor(0)
        self.extraction_workers = 0
        self.holds_extractor = False
        # The URL length limit is a setting: from_crawler sets it.
        self.admission = LinkAdmission(
            self.site.origin,
            self.site.domains,
            self.site.is_article,
            self.origin,
            max_articles=self.max_articles,
        )
        self.partial = self.since is not None
        self.failures = []
        self.coverage = Coverage()
        self._dates = {}
        self._robots = None
        self._lost_listings = []
        self._home_links = None
        self._primed = False

    # -- URLs ---------------------------------------------------------------------------------

    def rebase(self, url: str) -> str:
        """Map a URL on the site's own domains onto the origin being crawled (a mirror, the demo)."""
        return self.admission.rebase(url)

    def requisite_url(self, url: str) -> str:
        """A photo or requisite on the site's own domains is fetched from the origin crawled."""
        return self.rebase(url)

    def photo_url(self, url: str) -> str:
        """On the site's own origin, not the mirror's (the catalogue's keys are made so too)."""
        return self.site_url(url)

    def site_url(self, url: str) -> str:
        """The inverse of rebase: a URL on the crawled origin as the site itself names it (the
        catalogue's keys are made from it, crawler.runtime.catalog_state.url_key)."""
        return self.admission.site_url(url)

    def _request(self, url: str, callback: Callback, **kwargs: Any) -> Request:
        return Request(url, callback=callback, errback=self.on_error, **kwargs)

    def _apply(self, verdict: Verdict) -> None:
        """The counters a link's verdict moves, and the failure it reports (said once)."""
        for name, count in verdict.counts:
            self.crawler.stats.inc_value(name, count)
        if verdict.failure:
            note_failure(self, Failed(verdict.url, verdict.failure, None))

    def _over_length(self, url: str) -> bool:
        """Over Scrapy's URL length limit: UrlLengthMiddleware would drop the request with
        only a stats counter. Said here, once per URL, as a failure in words."""
        verdict = self.admission.over_length(url)
        if verdict is not None:
            self._apply(verdict)
        return verdict is not None

    def _source(
        self,
        url: str,
        callback: Callback,
        kind: str,
        *,
        profile: bool = False,
        parent: str = "",
        revalidate: bool = True,
        **kwargs: Any,
    ) -> Request | None:
        """A request for a discovery source (sitemap, feed, listing, priming or home page),
        accounted for in the coverage; None when it is off-site, already requested in this
        run, or over the URL length limit (said as a failure).

        Revalidated against the copy archived last time unless revalidate is False (where the
        body is needed whatever the validators say). parent: the source that named it (its
        entry)."""
        verdict = self.admission.source(url)
        if verdict.rule in ("off_site", "unparsable"):
            return None
        key = verdict.key
        self.coverage.source(key, kind, profile=profile, found_in=parent)
        self._apply(verdict)
        if verdict.rule == "length":
            self.coverage.failed(key, verdict.reason, kind=kind)
        if parent:
            self.coverage.entry(parent, verdict.outcome)
        if not verdict.followed:
            return None
        fields = {
            meta.KIND: _META_KIND.get(kind, kind),
            meta.REVALIDATE: revalidate,
            meta.COVERAGE: key,
            meta.COVERAGE_KIND: kind,
        }
        return self._request(verdict.url, callback, meta=fields, **kwargs)

    def _allowed(self, url: str) -> bool:
        """What robots.txt says of a URL, for our user agent (everything, before it is read)."""
        if self._robots is None:
            return True
        settings = self.crawler.settings
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        return bool(self._robots.allowed(url, agent))

    # -- answers ------------------------------------------------------------------------------

    def _answered_source(self, response: Response) -> str:
        """_answered() for a discovery source: its coverage key when the site answered with
        its page ("" when not), the answer noted (HTTP 304 when it came from the archive)."""
        key = str(response.meta.get(meta.COVERAGE, "")) or self.site_url(response.url)
        kind = str(response.meta.get(meta.COVERAGE_KIND, ""))
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
