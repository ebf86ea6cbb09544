"""Coverage accounting: what each discovery source of a run answered and listed, and what
became of every entry it listed. Pure (no Scrapy): the spider feeds it.

A source is one place a site lists its articles: a sitemap, a feed, a listing (its first page;
later pages add to it), robots.txt (its Sitemap lines), the priming page that opens the feeds,
the home page. Each entry it lists ends in exactly one outcome, so the figures add up:
- new: scheduled by this source (never archived, or due again);
- elsewhere: already taken up this run through another source;
- archived: archived before and not fetched again;
- older: outside --since (and for a sitemap index, children dated before it);
- robots: refused by robots.txt;
- limit: dropped by a limit (URL length, --max-articles, a download size limit);
- not_article: (sitemaps and feeds) not an article URL of the site's profile;
- off_site: (sitemaps and feeds) on a host that is not the site's.
The last two are "rejected": a sitemap or feed lists articles only, so an entry the profile does
not take for one is a site that changed its URL scheme or its domain, not noise (listings, full
of section and tag links by nature, do not count theirs). The first few are named.

Discovery drift (alarms()): a source that fails or lists nothing where earlier runs got entries
from it, and a source of the profile that fails, is said like parser drift (crawler.extensions.drift); so
is a sitemap or feed that lists rejected entries where earlier runs listed none (or a clearly
smaller share), or, the first time it is read, rejects most of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

# Stats the spider sets at close, for the run report, the summary and --fail-on-drift.
COVERAGE = "coverage/sources"  # every source's tally, as dicts
LIMITS = "coverage/limits"  # the limits a run hit, in words
DISCOVERY_DRIFT = "drift/discovery"  # the alarms, as dicts with a message

OUTCOMES = ("new", "elsewhere", "archived", "older", "robots", "limit", "not_article", "off_site")
REJECTED = ("not_article", "off_site")
SAMPLES = 5  # rejected entries named per source
# A share of rejected entries this much above the earlier runs' highest is drift.
REJECTED_RISE = 0.2
KINDS = ("robots", "priming", "sitemap", "feed", "listing", "home")
# How a source is named in a sentence ("the feed priming page https://...").
NOUNS = {"robots": "robots.txt", "priming": "feed priming page", "home": "home page"}


@dataclass
class Source:
    url: str
    kind: str
    profile: bool = False  # named by the site's profile (else found at run time)
    found_in: str = ""  # where a source found at run time was named
    answer: str = ""  # "HTTP 200", "HTTP 304", "HTTP 404", "ConnectionRefusedError: ...", ""
    ok: bool = False  # answered with its page (a 304 answered from the archive counts)
    pages: int = 0  # pages read (listings: one per page followed)
    listed: int = 0
    new: int = 0
    elsewhere: int = 0
    archived: int = 0
    older: int = 0
    robots: int = 0
    limit: int = 0
    not_article: int = 0
    off_site: int = 0
    failed: int = 0  # of the scheduled ones, article fetches that failed
    notes: list[str] = field(default_factory=list)
    rejected_urls: list[str] = field(default_factory=list)  # the first SAMPLES rejected entries

    @property
    def rejected(self) -> int:
        return self.not_article + self.off_site

    @property
    def rejected_share(self) -> float:
        return self.rejected / self.listed if self.listed else 0.0

    @property
    def tried(self) -> bool:
        return bool(self.answer)

    def describe(self) -> str:
        """One line for `defnews runs ID` and the log."""
        answer = self.answer or "not requested"
        line = f"{self.kind:8} {self.url}  {answer}"
        if self.ok:
            counts = ", ".join(
                f"{getattr(self, name)} {name.replace('_', '-')}"
                for name in OUTCOMES
                if getattr(self, name)
            )
            pages = f" on {self.pages} pages" if self.pages > 1 else ""
            line += f": {self.listed} listed{pages}" + (f" ({counts})" if counts else "")
            if self.failed:
                line += f", {self.failed} failed to fetch"
            if self.rejected_urls:
                more = ", ..." if self.rejected > len(self.rejected_urls) else ""
                line += f"; not taken as articles: {', '.join(self.rejected_urls)}{more}"
        if not self.profile and self.found_in:
            line += f"; found in {self.found_in}"
        return line + "".join(f"; {note}" for note in self.notes)


class Coverage:
    """The sources of one run, in the order they were first named."""

    def __init__(self) -> None:
        self._sources: dict[str, Source] = {}

    def source(self, url: str, kind: str, *, profile: bool = False, found_in: str = "") -> Source:
        """The tally of the source at `url`, created on first mention (a source named by the
        profile and again at run time stays a profile source)."""
        known = self._sources.get(url)
        if known is None:
            known = self._sources[url] = Source(url, kind, profile, found_in)
        elif profile:
            known.profile = True
        return known

    def get(self, url: str) -> Source | None:
        return self._sources.get(url)

    def answered(self, url: str, status: int, *, kind: str = "") -> None:
        source = self.source(url, kind or "listing")
        source.pages += 1
        if not source.answer or source.answer.startswith("HTTP 3") or source.ok:
            source.answer = f"HTTP {status}"
        source.ok = True

    def failed(self, url: str, reason: str, *, kind: str = "", page: int = 1) -> None:
        source = self.source(url, kind or "listing")
        if page > 1 and source.ok:  # a later page of a listing that answered at first
            source.notes.append(f"page {page} failed ({reason}); older pages not read")
            return
        source.answer = reason
        source.ok = False

    def entry(self, url: str, outcome: str, *, entry_url: str = "") -> None:
        """One entry of the source at `url` and what became of it (entry_url: the entry's
        own URL, named in the coverage when it was rejected)."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        source = self._sources.get(url)
        if source is None:
            return
        source.listed += 1
        setattr(source, outcome, getattr(source, outcome) + 1)
        if outcome in REJECTED and entry_url and len(source.rejected_urls) < SAMPLES:
            source.rejected_urls.append(entry_url)

    def fetch_failed(self, url: str, *, limit: bool = False) -> None:
        """A scheduled article of this source could not be had (limit: a size limit)."""
        if (source := self._sources.get(url)) is not None:
            if limit:
                source.new -= 1
                source.limit += 1
            else:
                source.failed += 1

    def note(self, url: str, text: str) -> None:
        if (source := self._sources.get(url)) is not None and text not in source.notes:
            source.notes.append(text)

    @property
    def sources(self) -> list[Source]:
        return list(self._sources.values())

    def as_dicts(self) -> list[dict[str, Any]]:
        return [asdict(source) for source in self._sources.values()]


def from_dicts(rows: Iterable[Mapping[str, Any]]) -> list[Source]:
    """Sources back from a run report or the catalogue (unknown keys ignored)."""
    names = set(Source.__dataclass_fields__)
    return [Source(**{k: v for k, v in row.items() if k in names}) for row in rows]


@dataclass(frozen=True)
class DiscoveryAlarm:
    url: str
    kind: str
    answer: str
    earlier: int  # the most entries an earlier run got from it (0: none, or a first run)
    message: str


def alarms(
    site: str,
    sources: Iterable[Source],
    earlier: Mapping[str, int],
    earlier_rejected: Mapping[str, float] | None = None,
) -> list[DiscoveryAlarm]:
    """The sources of a run that drifted.

    earlier: per source URL, the most entries an earlier run of the site got from it.
    earlier_rejected: per source URL, the highest share of rejected entries (not_article,
    off_site) of an earlier run that got entries from it.
    - a source that fails where earlier runs got entries from it;
    - a source that answers but lists nothing where earlier runs got entries from it;
    - a source of the profile that fails (on a first run too: the profile names it, so the
      site is expected to have it);
    - a sitemap or feed that lists entries it is not taken for articles where earlier runs
      listed none or a clearly smaller share (REJECTED_RISE), or, read for the first time,
      rejects most of them when the profile names it (or a profile sitemap or priming page
      does): a site that changed its URL scheme must not lose its new articles while the
      old ones keep the source from looking empty.
    A source found at run time that fails and never listed anything is only a failure."""
    sources = list(sources)
    by_url = {source.url: source for source in sources}
    shares = earlier_rejected or {}
    found = []
    for source in sources:
        if not source.tried:
            continue
        before = int(earlier.get(source.url, 0))
        what = f"the {NOUNS.get(source.kind, source.kind)} {source.url}"
        if not source.ok and (before or source.profile):
            why = (
                f"earlier runs got up to {before} entries from it"
                if before
                else "the site's profile names it"
            )
            message = f"{site}: {what} failed ({source.answer}); {why}"
        elif source.ok and source.listed == 0 and before and source.kind != "priming":
            message = f"{site}: {what} listed nothing; earlier runs got up to {before} from it"
        elif why := _rejected_drift(source, shares, by_url):
            first = source.rejected_urls[0] if source.rejected_urls else ""
            message = (
                f"{site}: {what} lists {source.rejected} of {source.listed} entries that are "
                f"not article URLs of the site (first: {first}); {why}"
            )
        else:
            continue
        found.append(DiscoveryAlarm(source.url, source.kind, source.answer, before, message))
    return found


def _rejected_drift(
    source: Source, shares: Mapping[str, float], by_url: Mapping[str, Source]
) -> str:
    """Why the rejected entries of an answered sitemap or feed are drift ("": they are not)."""
    if not source.ok or source.kind not in ("sitemap", "feed") or not source.rejected:
        return ""
    share = source.rejected_share
    if source.url in shares:
        highest = float(shares[source.url])
        if highest <= 0:
            return "earlier runs listed none"
        if share >= highest + REJECTED_RISE:
            return f"earlier runs: up to {highest:.0%} of its entries"
        return ""
    parent = by_url.get(source.found_in)
    named = source.profile or (
        parent is not None and parent.profile and parent.kind in ("sitemap", "priming")
    )
    if named and share > 0.5:
        return "most of its entries, the first time it is read"
    return ""
