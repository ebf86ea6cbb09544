"""Author names as pages nobody profiled give them: one name per person.

A page's JSON-LD or byline often holds several people in one string ("Felix Schröder und Jörg
Soldwisch, dpa", "Trine Juncher Jørgensen og Tôrtia Reimer-Johansen"), a name with its
initials or its title ("Elena Oberholzer (obe)", "신현주 기자"), a person's name twice (as written
and as a URL slug: "Sophie Foster", "Sophie-Foster"), or the publisher's own name beside the
people's. Each case was seen on the tuning half of the real news pages.
"""

from __future__ import annotations

import re

from crawler.core.extraction.text import normalize_line

# "and" in the languages of the pages seen; split only between words, never inside a name.
# Not the one-letter ones (y, e, i): Spanish and Portuguese names hold them ("Ortega y Gasset").
_JOINED = re.compile(
    r"\s+(?:and|und|og|och|en|et|és|ve|oraz|и)\s+|\s*[&;]\s*|\s*/\s*", re.IGNORECASE
)
_INITIALS = re.compile(r"\s*\((?:[^()]{1,6})\)$")
# Job titles written after a name: Korean 기자 (reporter), 특파원 (correspondent), 기자 외 N명.
_TITLE_AFTER = re.compile(r"\s+(?:기자|특파원|선임기자)(?:\s+외\s*\d+명)?$")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# A comma-separated part of more words than a name has is a description ("professor of ...").
# Names themselves run long: "Luiz Inácio Lula da Silva", "Lt. Col. John A. Smith".
MAX_NAME_WORDS = 8
# After a comma, a name is short; a longer part describes the one before it.
_MAX_AFTER = 4
# Agencies in capitals after a comma are the wire, not a surname-first name: "Reuters, AFP".
_AGENCY = re.compile(r"^(?:[A-Z]{2,5}|dpa|Reuters|Xinhua|Yonhap|Kyodo|Anadolu)$")
_SUFFIX = re.compile(r"(?:Jr|Sr|II|III|IV|Ret|PhD|MD)\.?|\((?:Ret|ret)\.?\)", re.IGNORECASE)


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _parts(value: str) -> list[str]:
    names: list[str] = []
    parts = [normalize_line(part) for part in value.split(",")]
    if (
        len(parts) == 2
        and all(len(part.split()) == 1 for part in parts)
        and not _AGENCY.match(parts[1])
    ):
        parts = [normalize_line(value)]  # "Smith, John": one person, surname first
    merged: list[str] = []
    for part in parts:
        if merged and _SUFFIX.fullmatch(part):
            merged[-1] = f"{merged[-1]}, {part}"  # "William Smith, Jr."
        else:
            merged.append(part)
    for index, part in enumerate(merged):
        if not part or len(part.split()) > (MAX_NAME_WORDS if index == 0 else _MAX_AFTER):
            continue  # a description: "John Smith, professor of history at Yale"
        if index and _DOMAIN.fullmatch(part):
            continue  # "Name, Lrt.lt": where it ran, after the name (alone, it is the author)
        for name in _JOINED.split(part):
            name = _TITLE_AFTER.sub("", _INITIALS.sub("", normalize_line(name)))
            if name:
                names.append(name)
    return names


def author_names(values: list[str], publisher_names: tuple[str, ...] = ()) -> list[str]:
    """One entry per person, in the page's order: joined names split, initials and job titles
    taken off, repeats of a name dropped, and the publisher's own name dropped beside people's
    (alone, it is the author the page names: an agency's or a desk's story)."""
    publishers = {_key(name) for name in publisher_names if name}
    seen: set[str] = set()
    names: list[str] = []
    for value in values:
        for name in _parts(value):
            if (key := _key(name)) and key not in seen:
                seen.add(key)
                names.append(name)
    people = [name for name in names if _key(name) not in publishers]
    return people or names
