"""Discovery through robots.txt, sitemaps and feeds: the sources that list articles only.

robots.txt is fetched and parsed once, by Scrapy's RobotsTxtMiddleware (its Sitemap lines are
sources like the profile's own); when robots.txt is not obeyed the spider reads its Sitemap
lines itself. A sitemap index's children are sources of their own; with --since, a child dated
before the date is not read (back-fill, crawler.core.discovery.backfill). A feed server that
wants a session cookie first is primed by its priming page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from protego import Protego
from scrapy.http import Request, Response

from crawler.core.cookies import cookie_pairs
from crawler.core.discovery import backfill
from crawler.core.discovery.dates import entry_date
from crawler.core.extraction.feeds import (
    FEED_ROOTS,
    SITEMAP_ROOTS,
    parse_feed,
    parse_sitemap,
    root_name,
)
from crawler.core.extraction.links import hrefs
from crawler.runtime import meta
from crawler.spiders.articles import ArticleRequests
from crawler.spiders.discovering import content_type_of, page_doc
from crawler.spiders.failures import Failed

if TYPE_CHECKING:
    from scrapy.robotstxt import RobotParser


class FeedDiscovery(ArticleRequests):
    """robots.txt, sitemaps, the feed priming page and feeds."""

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        """Scrapy's RobotsTxtMiddleware fetched and parsed robots.txt: one fetch, one parser.

        Every request to the host waits for it, so the rules are known before any article
        is discovered; the file's Sitemap lines are sources like the profile's own."""
        if not self.admission.on_site(request.url):
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
        # The Sitemap lines, from a parser that keeps them as rp.sitemaps (Scrapy's default does).
        for sitemap in getattr(getattr(robotparser, "rp", None), "sitemaps", ()):
            if sitemap_request := self._source(sitemap, self.parse_sitemap, "sitemap", parent=key):
                self.crawler.engine.crawl(sitemap_request)

    def _robots_key(self) -> str:
        return self.site_url(f"{self.origin}/robots.txt")

    def parse_robots_sitemaps(self, response: Response) -> Iterator[Request]:
        if not (key := self._answered_source(response)):
            return
        for sitemap in Protego.parse(response.body.decode("utf-8", "replace")).sitemaps:
            if request := self._source(sitemap, self.parse_sitemap, "sitemap", parent=key):
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        if not (key := self._answered_source(response)):
            return
        if not self._is_xml(response, key, "sitemap", SITEMAP_ROOTS):
            return
        sitemap = parse_sitemap(response.body, self.site.zone)
        for entry in sitemap.entries:
            if sitemap.is_index:
                if not self.admission.on_site(self.rebase(entry.url)):  # never followed, counted
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
        links = hrefs(page_doc(response, self.site.language), response.url)
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
        for entry in parse_feed(response.body, self.site.zone):
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
        kind = str(response.meta.get(meta.COVERAGE_KIND, ""))
        self.coverage.failed(key, reason, kind=kind)
        self._note(Failed(response.url, reason, response))
        return False
