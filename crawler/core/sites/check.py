"""One recent article per outlet, fetched live and parsed: does each parser still find its own
selectors? (`defnews check-sites`; for people with internet, never run in CI.)

The article is found the way a crawl finds them (the profile's feeds after their cookie
priming, then its sitemaps, newest first), robots.txt is obeyed, and nothing is archived: this
is a probe of the parsers, not a crawl. Plain urllib, no Scrapy: a handful of requests.

With a fixture folder (`--save-fixture`), the article page is also written there with its
provenance (crawler.core.sites.fixture_files), so that a synthetic fixture can be replaced by a
real page: its expected JSON is then written with scripts/make_fixture.py and read by a person.
"""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from protego import Protego

import crawler
from crawler.core.article import Article
from crawler.core.extraction.blocked import block_page
from crawler.core.extraction.feeds import Entry, parse_feed, parse_sitemap
from crawler.core.sites import extract
from crawler.core.sites.base import ZONE_NOTES, Site, drifted
from crawler.core.sites.fixture_files import save_fetched

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
    saved: Path | None = None  # the fixture page written, with --save-fixture

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
        body, content_type, _status = self.fetch(url)
        return body, content_type

    def fetch(self, url: str) -> tuple[bytes, str, int]:
        """(body, content type, HTTP status) of a page that answered; CheckError otherwise."""
        request = urllib.request.Request(url, headers={"User-Agent": self.agent})
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                body = answer.read(MAX_BYTES)
                return body, answer.headers.get("Content-Type", ""), answer.status
        except urllib.error.HTTPError as error:
            if block := block_page(error.read(MAX_BYTES), error.headers.get("Server", "")):
                advice = f"; {self.site.access_note}" if self.site.access_note else ""
                raise Refused(f"{url} answered {error.code}: {block}{advice}") from None
            raise CheckError(f"{url} answered {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise CheckError(f"cannot fetch {url}: {reason}") from None

    def newest_article(self) -> str:
        """The newest article URL the feeds, then the sitemaps, give (as the site names it)."""
        entries: list[Entry] = []
        if self.site.feeds:
            if self.site.feed_priming_path:
                self.get(self.origin + self.site.feed_priming_path)
            for path in self.site.feeds:
                try:
                    entries += parse_feed(self.get(self.origin + path)[0], self.site.zone)
                except Refused:
                    raise  # the site refuses us: no other feed will answer either
                except CheckError:
                    continue
        for path in self.site.sitemaps if not entries else ():
            entries += self._sitemap(self.origin + path, depth=0)
        articles = [entry for entry in entries if self.site.is_article(urlsplit(entry.url).path)]
        if not articles:
            raise CheckError(f"{self.site.key}: no article found in its feeds or sitemaps")
        # Dates compared as text: a sitemap may write some without an offset; the newest
        # article is a choice of which page to probe, near enough either way.
        newest = max(articles, key=lambda entry: entry.published or entry.modified)
        return newest.url

    def _sitemap(self, url: str, depth: int) -> list[Entry]:
        try:
            sitemap = parse_sitemap(self.get(url)[0], self.site.zone)
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


def check_site(
    site: Site,
    *,
    base_url: str | None = None,
    timeout: float = 30.0,
    save_to: Path | None = None,
) -> Check:
    """Probe one outlet. save_to: a fixture root; the page goes to its <key>/ folder."""
    agent = f"defnews/{crawler.__version__} (check-sites)"
    probe = Probe(site, base_url, timeout, agent)
    named = probe.newest_article()
    url = probe.rebase(named)
    if not probe.allowed(url):
        raise CheckError(f"{site.key}: robots.txt forbids {url}")
    body, content_type, status = probe.fetch(url)
    fetched_at = datetime.now(UTC)
    article = extract(body, url, content_type=content_type, fetched_at=fetched_at, site=site)
    sources = {name: article.sources.get(name, "missing") for name in FIELDS}
    # A date the page gave without an offset, from a site whose zone is not known.
    sources |= {name: note for name, note in article.sources.items() if name in ZONE_NOTES}
    check = Check(site.key, url, article.parser, sources, article)
    if save_to is not None:
        check.saved = save_fetched(
            save_to / site.key,
            url=named,
            body=body,
            status=status,
            content_type=content_type,
            fetched_at=fetched_at,
            fetched_from=url,
        )
    return check
