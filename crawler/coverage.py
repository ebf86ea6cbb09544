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
- limit: dropped by a limit (URL length, --max-articles, a download size limit).

Discovery drift (alarms()): a source that fails or lists nothing where earlier runs got entries
from it, and a source of the profile that fails, is said like parser drift (crawler.drift).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

# Stats the spider sets at close, for the run report, the summary and --fail-on-drift.
COVERAGE = "coverage/sources"  # every source's tally, as dicts
LIMITS = "coverage/limits"  # the limits a run hit, in words
DISCOVERY_DRIFT = "drift/discovery"  # the alarms, as dicts with a message

OUTCOMES = ("new", "elsewhere", "archived", "older", "robots", "limit")
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
    failed: int = 0  # of the scheduled ones, article fetches that failed
    notes: list[str] = field(default_factory=list)

    @property
    def tried(self) -> bool:
        return bool(self.answer)

    def describe(self) -> str:
        """One line for `defnews runs ID` and the log."""
        answer = self.answer or "not requested"
        line = f"{self.kind:8} {self.url}  {answer}"
        if self.ok:
            counts = ", ".join(
                f"{getattr(self, name)} {name}" for name in OUTCOMES if getattr(self, name)
            )
            pages = f" on {self.pages} pages" if self.pages > 1 else ""
            line += f": {self.listed} listed{pages}" + (f" ({counts})" if counts else "")
            if self.failed:
                line += f", {self.failed} failed to fetch"
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

    def entry(self, url: str, outcome: str) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        source = self._sources.get(url)
        if source is None:
            return
        source.listed += 1
        setattr(source, outcome, getattr(source, outcome) + 1)

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
    site: str, sources: Iterable[Source], earlier: Mapping[str, int]
) -> list[DiscoveryAlarm]:
    """The sources of a run that drifted.

    earlier: per source URL, the most entries an earlier run of the site got from it.
    - a source that fails where earlier runs got entries from it;
    - a source that answers but lists nothing where earlier runs got entries from it;
    - a source of the profile that fails (on a first run too: the profile names it, so the
      site is expected to have it).
    A source found at run time that fails and never listed anything is only a failure."""
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
        else:
            continue
        found.append(DiscoveryAlarm(source.url, source.kind, source.answer, before, message))
    return found
