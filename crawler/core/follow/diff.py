"""What changed between two versions of an article, word by word.

A reader following a story wants to see the one figure corrected or the name taken out, not
two copies of the text: each field (title, summary, text) is compared as a sequence of words
(spaces and punctuation kept as their own tokens, so the text can be rebuilt exactly), and
the text paragraph by paragraph, so that an unchanged paragraph is shown as unchanged and an
edit inside one is shown inside it. Pure: no Scrapy, no printing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("title", "summary", "text")
SAME, ADDED, REMOVED = "same", "added", "removed"
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Chunk:
    kind: str  # SAME, ADDED or REMOVED
    text: str


@dataclass
class FieldDiff:
    name: str
    # One list of chunks per paragraph of the newer side (a removed paragraph is a chunk list
    # of its own, all REMOVED); title and summary are one paragraph.
    paragraphs: list[list[Chunk]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.kind != SAME for p in self.paragraphs for c in p)


def words(old: str, new: str) -> list[Chunk]:
    """old -> new as chunks of unchanged, removed and added text (each side rebuilt exactly
    by joining its SAME and its own chunks)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    chunks: list[Chunk] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            chunks.append(Chunk(SAME, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            chunks.append(Chunk(REMOVED, "".join(a[i1:i2])))
        if j2 > j1:
            chunks.append(Chunk(ADDED, "".join(b[j1:j2])))
    return chunks


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def paragraphs(old: str, new: str) -> list[list[Chunk]]:
    """Paragraph by paragraph: matched paragraphs compared word by word; a paragraph only on
    one side is wholly added or removed."""
    a, b = _paragraphs(old), _paragraphs(new)
    out: list[list[Chunk]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [[Chunk(SAME, p)] for p in a[i1:i2]]
        elif op == "replace" and i2 - i1 == j2 - j1:  # edited in place: word by word
            out += [words(x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
        else:
            out += [[Chunk(REMOVED, p)] for p in a[i1:i2]]
            out += [[Chunk(ADDED, p)] for p in b[j1:j2]]
    return out


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDiff]:
    """Title, summary and text of two article records, each as a FieldDiff."""
    result = []
    for name in FIELDS:
        before, after = str(old.get(name) or ""), str(new.get(name) or "")
        if name == "text":
            result.append(FieldDiff(name, paragraphs(before, after)))
        else:
            result.append(FieldDiff(name, [words(before, after)] if before or after else []))
    return result


def as_json(diffs: list[FieldDiff]) -> dict[str, Any]:
    """{field: [[[kind, text], ...] per paragraph]} for the fields that changed."""
    return {
        d.name: [[[c.kind, c.text] for c in p] for p in d.paragraphs] for d in diffs if d.changed
    }
