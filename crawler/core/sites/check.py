"""One recent article per outlet, fetched live and parsed: does each parser still find its own
selectors? (`defnews check-sites`; for people with internet, never run in CI.)

The article is found the way a crawl finds them (the profile's feeds after their cookie
priming, then its sitemaps, newest first), robots.txt is obeyed, and nothing is archived: this
is a probe of the parsers, not a crawl. Plain urllib, no Scrapy: a handful of requests.
"""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

from protego import Protego

import crawler
from crawler.core.article import Article
from crawler.core.extraction.blocked import block_page
from crawler.core.extraction.feeds import Entry, parse_feed, parse_sitemap
from crawler.core.sites import extract
from crawler.core.sites.base import Site, drifted

MAX_BYTES = 20 * 1024 * 1024
FIELDS = ("title", "summary", "text", "published", "authors", "section", "tags")


class CheckError(Exception):
    """The outlet could not be checked (unreachable, no article found, forbidden)."""


class Refused(CheckError):
    """The site's CDN refused the request with its block page (crawler.core.extraction.blocked)."""


@dataclass
class Check:
    site: str
    url: str = ""
    parser: str = ""
    sources: dict[str, str] = field(default_factory=dict)
    article: Article | None = None

    @property
    def drifted(self) -> list[str]:
        return drifted(self.sources)


class Probe:
    """Fetches for one outlet: its cookies kept, its URLs mapped onto base_url when given."""

    def __init__(self, site: Site, base_url: str | None, timeout: float, agent: str) -> None:
        self.site = site
        self.origin = (base_url or site.origin).rstrip("/")
        self.timeout = timeout
        self.agent = agent
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def rebase(self, url: str) -> str:
        """A link to the site, on the origin probed (a mirror, the demo site)."""
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in self.site.domains:
            return url
        base = urlsplit(self.origin)
        return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, ""))

    def get(self, url: str) -> tuple[bytes, str]:
        request = urllib.request.Request(url, headers={"User-Agent": self.agent})
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                return answer.read(MAX_BYTES), answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            if block := block_page(error.read(MAX_BYTES), error.headers.get("Server", "")):
                advice = f"; {self.site.access_note}" if self.site.access_note else ""
                raise Refused(f"{url} answered {error.code}: {block}{advice}") from None
            raise CheckError(f"{url} answered {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise CheckError(f"cannot fetch {url}: {reason}") from None

    def newest_article(self) -> str:
        """The newest article URL the feeds, then the sitemaps, give."""
        entries: list[Entry] = []
        if self.site.feeds:
            if self.site.feed_priming_path:
                self.get(self.origin + self.site.feed_priming_path)
            for path in self.site.feeds:
                try:
                    entries += parse_feed(self.get(self.origin + path)[0])
                except Refused:
                    raise  # the site refuses us: no other feed will answer either
                except CheckError:
                    continue
        for path in self.site.sitemaps if not entries else ():
            entries += self._sitemap(self.origin + path, depth=0)
        articles = [entry for entry in entries if self.site.is_article(urlsplit(entry.url).path)]
        if not articles:
            raise CheckError(f"{self.site.key}: no article found in its feeds or sitemaps")
        newest = max(articles, key=lambda entry: entry.published or entry.modified)
        return self.rebase(newest.url)

    def _sitemap(self, url: str, depth: int) -> list[Entry]:
        try:
            sitemap = parse_sitemap(self.get(url)[0])
        except Refused:
            raise
        except CheckError:
            return []
        if not sitemap.is_index:
            return list(sitemap.entries)
        if depth > 1:
            return []
        children = sorted(sitemap.entries, key=lambda e: e.modified, reverse=True)[:2]
        return [e for child in children for e in self._sitemap(self.rebase(child.url), depth + 1)]

    def allowed(self, url: str) -> bool:
        try:
            robots = self.get(urljoin(self.origin, "/robots.txt"))[0]
        except CheckError:
            return True  # no robots.txt: nothing forbidden
        return bool(Protego.parse(robots.decode("utf-8", "replace")).can_fetch(url, self.agent))


def check_site(site: Site, *, base_url: str | None = None, timeout: float = 30.0) -> Check:
    agent = f"defnews/{crawler.__version__} (check-sites)"
    probe = Probe(site, base_url, timeout, agent)
    url = probe.newest_article()
    if not probe.allowed(url):
        raise CheckError(f"{site.key}: robots.txt forbids {url}")
    body, content_type = probe.get(url)
    article = extract(body, url, content_type=content_type, fetched_at=datetime.now(UTC), site=site)
    sources = {name: article.sources.get(name, "missing") for name in FIELDS}
    return Check(site.key, url, article.parser, sources, article)
