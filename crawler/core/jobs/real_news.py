"""Extraction scored on real news pages nobody tuned it for, side by side with other extractors.

The pages: 252 publishers' article pages as served, with hand-checked fields (gold.jsonl beside
gzip-compressed pages/), read in place from a folder the caller names: they are not part of the
repository. They are split once, by publisher, into a tuning half and a held-out half
(real_news_split.txt beside this module, read as written): the held-out half holds only
publishers the tuning half never shows, so its figures say how a parser does on sites it was
not developed against.

What is scored, per page, then averaged over a half:
- body: token F1, precision and recall of the text against the gold body (the body paragraphs
  and its subheadings). Publishers' gold keeps the lead (summary) in or out of the body
  differently, so every system's text first loses the blocks that are the gold summary
  (`without_summary`): a system is neither rewarded nor punished for where it puts the lead.
- summary: token F1 of the system's summary (or its description metadata) against the gold
  summary, on pages that have one.
- title (exact, spaces normalised), authors (the same set of names, case and spaces aside) and
  the published day.
`plain` is the cruder measure quoted before this module existed (gold = paragraphs only,
nothing removed), kept for comparison with those figures. Pure: no Scrapy.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

SPLIT_FILE = Path(__file__).with_name("real_news_split.txt")
HALVES = ("tuning", "held-out")
_WORD = re.compile(r"\w+", re.UNICODE)


class MissingPages(FileNotFoundError):
    """The real news folder is not where the caller said."""

    def __str__(self) -> str:
        return f"the real news pages are not at {self.args[0]} (no gold.jsonl there)"


@dataclass(frozen=True)
class RealPage:
    """One publisher's page as served, with its gold fields."""

    file: str  # under pages/: the key of the split
    publisher: str
    url: str
    html: bytes  # as served (decompressed)
    title: str
    summary: tuple[str, ...]
    body: tuple[str, ...]  # subheadings, then paragraphs
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    published: str  # as the gold set wrote it: "2024-05-03 15:47:42.389000+00:00"


@dataclass(frozen=True)
class Got:
    """What one system returned for one page."""

    title: str = ""
    text: str = ""
    summary: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""


System = Callable[[RealPage], Got]


def load_pages(root: Path) -> list[RealPage]:
    gold = root / "gold.jsonl"
    if not gold.is_file():
        raise MissingPages(root)
    pages = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        fields: dict[str, Any] = json.loads(line)
        pages.append(
            RealPage(
                file=str(fields["file"]),
                publisher=str(fields["publisher"]),
                url=str(fields["url"]),
                html=gzip.decompress((root / "pages" / fields["file"]).read_bytes()),
                title=str(fields.get("title") or ""),
                summary=tuple(fields.get("summary") or ()),
                body=tuple(fields.get("headlines") or ()) + tuple(fields.get("paragraphs") or ()),
                paragraphs=tuple(fields.get("paragraphs") or ()),
                authors=tuple(fields.get("authors") or ()),
                published=str(fields.get("published") or ""),
            )
        )
    return pages


def read_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """Page file -> half, as the split file says."""
    split = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, half = line.split()
            if half not in HALVES:
                raise ValueError(f"{path}: {name}: unknown half {half!r}")
            split[name] = half
    return split


def in_half(pages: Iterable[RealPage], half: str) -> list[RealPage]:
    split = read_split()
    pages = list(pages)
    missing = [page.file for page in pages if page.file not in split]
    if missing:  # a page added to the gold set: its half is chosen by hand, once
        raise ValueError(f"{missing[0]} has no line in {SPLIT_FILE.name}: give it a half")
    return [page for page in pages if split[page.file] == half]


# --- the scorer ---------------------------------------------------------------------------


def _words(text: str) -> str:
    """Lower-cased words joined by one space, padded: blocks compare on word boundaries."""
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _bag(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def prf(got: str, gold: str) -> tuple[float, float, float]:
    """Token F1, precision, recall of got against gold (bags of lower-cased words).

    Nothing returned is precision 0, not 1: an extractor that gives up must not look exact."""
    a, b = _bag(got), _bag(gold)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall), precision, recall


def without_summary(text: str, page: RealPage) -> str:
    """The system's text less the blocks that are the gold summary, the same rule for all.

    A line whose words equal, or are part of, a summary paragraph goes; a line that holds a
    summary paragraph loses those words only (an extractor that returns one block for the
    whole page keeps its body). Summary paragraphs the gold body also holds stay: there the
    lead is body."""
    body = [_words(block) for block in page.body]
    leads = [
        lead
        for lead in (_words(s) for s in page.summary)
        if lead.strip() and not any(lead in block or block in lead for block in body)
    ]
    if not leads:
        return text
    kept = []
    for line in text.split("\n"):
        words = _words(line)
        if not words.strip():
            continue
        if any(words in lead for lead in leads) and not any(words in block for block in body):
            continue
        for lead in leads:
            if lead in words:
                words = words.replace(lead, " ", 1)
        kept.append(words.strip())
    return "\n".join(kept)


def _same_authors(got: Iterable[str], gold: Iterable[str]) -> bool:
    def names(values: Iterable[str]) -> set[str]:
        return {" ".join(v.split()).casefold() for v in values if v.strip()}

    return names(got) == names(gold)


def _days(value: str) -> set[date]:
    """The day a timestamp names where it was written and, with an offset, in UTC."""
    value = value.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        found = re.match(r"\d{4}-\d{2}-\d{2}", value)
        return {date.fromisoformat(found.group())} if found else set()
    days = {moment.date()}
    if moment.tzinfo is not None:
        days.add(moment.astimezone(UTC).date())
    return days


def same_day(got: str, gold: str) -> bool:
    """The gold set's timestamps are partly in UTC, partly in the page's zone: a day either
    way counts, for every system alike."""
    return bool(_days(got) & _days(gold))


@dataclass
class Scores:
    """One system on one set of pages."""

    system: str
    pages: int = 0
    f1: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    plain: list[tuple[float, float, float]] = field(default_factory=list)
    summary_f1: list[float] = field(default_factory=list)
    titles: int = 0
    authors: int = 0
    days: int = 0
    errors: int = 0
    seconds: float = 0.0
    per_page: list[tuple[str, float, float, float]] = field(default_factory=list)

    def add(self, page: RealPage, got: Got) -> None:
        f1, precision, recall = prf(without_summary(got.text, page), "\n".join(page.body))
        self.pages += 1
        self.f1.append(f1)
        self.precision.append(precision)
        self.recall.append(recall)
        self.per_page.append((page.file, f1, precision, recall))
        self.plain.append(prf(got.text, "\n".join(page.paragraphs)))
        if page.summary:
            self.summary_f1.append(prf(got.summary, "\n".join(page.summary))[0])
        self.titles += " ".join(got.title.split()) == " ".join(page.title.split())
        self.authors += _same_authors(got.authors, page.authors)
        self.days += same_day(got.published, page.published)

    def figures(self) -> dict[str, float]:
        n = max(self.pages, 1)

        def mean(values: list[float]) -> float:
            return sum(values) / max(len(values), 1)

        return {
            "f1": mean(self.f1),
            "precision": mean(self.precision),
            "recall": mean(self.recall),
            "plain_f1": mean([p[0] for p in self.plain]),
            "plain_precision": mean([p[1] for p in self.plain]),
            "plain_recall": mean([p[2] for p in self.plain]),
            "summary_f1": mean(self.summary_f1),
            "titles": self.titles / n,
            "authors": self.authors / n,
            "days": self.days / n,
            "pages_per_s": self.pages / self.seconds if self.seconds else 0.0,
        }


def evaluate(name: str, system: System, pages: Iterable[RealPage]) -> Scores:
    """Run one system over the pages. A crash on a page scores as an empty result (counted in
    `errors`): one odd page must not hide a system's figures on the rest."""
    scores = Scores(name)
    for page in pages:
        started = time.perf_counter()
        try:
            got = system(page)
        except Exception:  # noqa: BLE001 - other projects' extractors fail their own ways
            got = Got()
            scores.errors += 1
        scores.seconds += time.perf_counter() - started
        scores.add(page, got)
    return scores
