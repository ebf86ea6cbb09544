"""Which discovered links a crawl follows, and why it leaves the others: the link-admission
policy. Pure (no Scrapy, no catalogue, no robots parser): the spider passes in what robots.txt
and the catalogue said as plain values, and carries out the verdict (the request, the
coverage, the counters).

Two kinds of link are admitted here:
- a discovery source (a sitemap, a feed, a listing, the home page): followed once per run if
  it is on the origin being crawled and within the URL length limit;
- an article link: followed if it is on the site, matches the profile's article URLs, was not
  taken up already in this run, robots.txt allows it, it is within the URL length limit, the
  catalogue has no current copy of it (or a source dates it later than that copy), it is not
  older than --since, and --max-articles is not reached.

The origin being crawled may be a mirror of the site (--base-url, the demo site): a link to
one of the site's own domains is taken as a link to the same path on the mirror (rebase), and
what the run records names the site's own URL (site_url), so a mirror crawl and a live crawl
share one history.

Each verdict carries the coverage outcome (crawler.core.discovery.coverage.OUTCOMES), the rule
that decided and the reason in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from crawler.core.catalog.keys import normalize_key

# The rules, in the order they are applied, and the coverage outcome each gives.
RULES = {
    "followed": "new",
    "unparsable": "off_site",
    "off_site": "off_site",
    "not_article": "not_article",
    "duplicate": "elsewhere",
    "robots": "robots",
    "length": "limit",
    "archived": "archived",
    "older": "older",
    "budget": "limit",
}
# What the catalogue's freshness answer (crawler.core.catalog.freshness) means here.
NEW, DUE, KNOWN, OLDER = "new", "due", "known", "older"

Count = tuple[str, int]


@dataclass(frozen=True)
class Verdict:
    """What becomes of one discovered link."""

    rule: str  # the rule that decided (a key of RULES)
    reason: str  # in words, for a person reading the run
    url: str = ""  # the URL to fetch, on the origin crawled ("" when it has none)
    key: str = ""  # what the run counts it under: a source's site URL, an article's key
    counts: tuple[Count, ...] = ()  # the run's counters (stats) this verdict moves
    failure: str = ""  # to report as a failed request: said once per URL

    @property
    def outcome(self) -> str:
        """What became of the link, as the coverage counts it."""
        return RULES[self.rule]

    @property
    def followed(self) -> bool:
        return self.rule == "followed"


def _netloc(url: str) -> str | None:
    """The host and port a URL names ("" for a relative one); None when it is no URL."""
    try:
        return urlsplit(url).netloc
    except ValueError:
        return None


class LinkAdmission:
    """The admission policy of one crawl of one site, and what it admitted so far."""

    def __init__(
        self,
        site_origin: str,
        domains: Iterable[str],
        is_article: Callable[[str], bool],
        base_url: str | None = None,
        *,
        url_limit: int = 0,
        max_articles: int | None = None,
    ) -> None:
        self.site_origin = site_origin.rstrip("/")
        self.origin = (base_url or site_origin).rstrip("/")  # the origin crawled
        self.domains = frozenset(domain.lower() for domain in domains)
        self.is_article = is_article  # the profile's article URL rule, on a path
        self.url_limit = url_limit  # 0: none (Scrapy's URLLENGTH_LIMIT)
        self.max_articles = max_articles
        self.requested: set[str] = set()  # discovery sources requested (site URLs)
        self.scheduled: set[str] = set()  # article keys requested (the --max-articles budget)
        self.over_budget: set[str] = set()  # article keys left out by --max-articles
        # Article keys not requested so far, and why: "skipped" (archived) or "older". Not
        # final: another source may date the article later, and then it is requested after all.
        self.passed: dict[str, str] = {}
        self._forbidden: set[str] = set()  # article keys robots.txt refused
        self._too_long: set[str] = set()  # URLs over the length limit, reported once each

    # -- where a URL points ----------------------------------------------------------------

    def rebase(self, url: str) -> str:
        """A URL on one of the site's domains as the same page on the origin crawled (its
        fragment dropped); any other URL as it is."""
        try:
            parts = urlsplit(url)
        except ValueError:  # "http://[::1": not a URL (place() says so)
            return url
        if (parts.hostname or "").lower() not in self.domains:
            return url
        origin = urlsplit(self.origin)
        return urlunsplit((origin.scheme, origin.netloc, parts.path or "/", parts.query, ""))

    def site_url(self, url: str) -> str:
        """The inverse of rebase: a URL on the origin crawled as the site itself names it."""
        if self.origin == self.site_origin or not self.on_site(url):
            return url
        parts, site = urlsplit(url), urlsplit(self.site_origin)
        return urlunsplit((site.scheme, site.netloc, parts.path or "/", parts.query, ""))

    def on_site(self, url: str) -> bool:
        """On the origin crawled (after rebase, the site's own domains are too)."""
        return _netloc(url) == self._host

    def key(self, url: str) -> str:
        """An article's key: its site URL normalised (no fragment, no tracking parameters),
        so one article listed under two spellings is one article."""
        return normalize_key(self.site_url(url))

    def article_url(self, url: str) -> str | None:
        """The URL to fetch for a link to an article of the site; None for anything else."""
        return self.place(url).url or None

    def place(self, url: str) -> Verdict:
        """Where a link points: an article of the site (followed, as far as this goes), off
        the site, or on it but not an article URL of the profile."""
        url = self.rebase(url)
        if (off_site := self._off_site(url)) is not None:
            return off_site
        path = urlsplit(url).path
        if not self.is_article(path):
            return Verdict("not_article", f"not an article URL of the site: {path or '/'}")
        return Verdict("followed", "an article URL of the site", url=url)

    def _off_site(self, url: str) -> Verdict | None:
        """Why a (rebased) URL is not on the origin crawled; None when it is."""
        host = _netloc(url)
        if host is None:
            return Verdict("unparsable", f"not a URL: {url[:80]}")
        if host != self._host:
            return Verdict("off_site", f"off the site: {host or 'no host'} is not {self._host}")
        return None

    @property
    def _host(self) -> str:
        return urlsplit(self.origin).netloc

    # -- the URL length limit ----------------------------------------------------------------

    def length_reason(self, url: str) -> str:
        return (
            f"not fetched: URL is {len(url):,} characters, over the {self.url_limit:,} "
            "limit (URLLENGTH_LIMIT)"
        )

    def over_length(self, url: str) -> Verdict | None:
        """Over the URL length limit: Scrapy's UrlLengthMiddleware would drop the request
        with only a counter. The verdict reports it as a failure in words, once per URL."""
        if self.url_limit <= 0 or len(url) <= self.url_limit:
            return None
        reason = self.length_reason(url)
        if url in self._too_long:
            return Verdict("length", reason, url=url)
        self._too_long.add(url)
        counts = (("coverage/url_too_long", 1),)
        return Verdict("length", reason, url=url, counts=counts, failure=reason)

    # -- discovery sources -------------------------------------------------------------------

    def source(self, url: str) -> Verdict:
        """A discovery source: followed once per run, on the origin crawled only (a feed index
        or sitemap linking another host, or under --base-url the real site, must not take the
        crawl there). Its key is its site URL, as the coverage names it."""
        url = self.rebase(url)
        if (off_site := self._off_site(url)) is not None:
            return off_site
        key = self.site_url(url)
        if key in self.requested:
            return Verdict("duplicate", "requested already in this run", url=url, key=key)
        if (too_long := self.over_length(url)) is not None:
            return Verdict("length", too_long.reason, url, key, too_long.counts, too_long.failure)
        self.requested.add(key)
        return Verdict("followed", "a source not read yet in this run", url=url, key=key)

    # -- article links -----------------------------------------------------------------------

    def article(
        self,
        url: str,
        *,
        allowed: bool = True,
        freshness: str = NEW,
        dated: bool = False,
        source: str = "",
    ) -> Verdict:
        """An article link: followed, or why not.

        allowed: robots.txt allows the URL (for the crawl's user agent); checked here, before
        the link takes a place of the --max-articles budget (RobotsTxtMiddleware would drop it
        anyway, but only after that). freshness: the catalogue's answer for it ("new", "due",
        "known" or "older", crawler.core.catalog.freshness). dated: a sitemap or feed gave it a
        date (an undated link, from a listing, cannot overrule a source that dated it before
        --since). source: the kind of source that listed it ("sitemap", "rss", "listing"), for
        the counters."""
        place = self.place(url)
        if not place.followed:
            return place
        url = place.url
        key = self.key(url)
        if key in self.scheduled:
            return Verdict("duplicate", "taken up already in this run", url, key)
        if key in self._forbidden:
            return Verdict("robots", "forbidden by robots.txt", url, key)
        if not allowed:
            self._forbidden.add(key)
            counts: tuple[Count, ...] = (("robotstxt/forbidden", 1),)
            return Verdict("robots", "forbidden by robots.txt", url, key, counts)
        if (too_long := self.over_length(url)) is not None:
            return Verdict("length", too_long.reason, url, key, too_long.counts, too_long.failure)
        passed = self.passed.get(key)
        if freshness in (KNOWN, OLDER) or (passed == "older" and not dated):
            counts = ()
            if passed is None:
                passed = self.passed[key] = "skipped" if freshness == KNOWN else "older"
                counts = ((f"incremental/{passed}", 1),)
            if passed == "skipped":
                return Verdict("archived", "archived before; no news of a change", url, key, counts)
            return Verdict("older", "older than --since", url, key, counts)
        if self.max_articles is not None and len(self.scheduled) >= self.max_articles:
            self.over_budget.add(key)
            return Verdict("budget", f"--max-articles {self.max_articles} reached", url, key)
        self.scheduled.add(key)
        moved: list[Count] = []
        if passed := self.passed.pop(key, None):  # passed over before, dated later since
            moved.append((f"incremental/{passed}", -1))
        moved.append((f"discovery/{source}", 1))
        if freshness == DUE:
            moved.append(("incremental/due", 1))
        why = "dated later than the archived copy" if freshness == DUE else "new to the archive"
        return Verdict("followed", why, url, key, tuple(moved))

    @property
    def left_out(self) -> int:
        """Articles --max-articles left out that no other way took up."""
        return len(self.over_budget - self.scheduled)
