"""Folding for search: lower case, diacritics removed, đ/Đ mapped to d (which Unicode
decomposition does not do), one character for one so positions in the folded text are
positions in the original. Pure: no Scrapy.
"""

from __future__ import annotations

import unicodedata

# Letters with a stroke that do not decompose either, as đ: one letter for one.
_STROKES = {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ħ": "h", "Ħ": "h"}


def fold_char(char: str) -> str:
    if char in _STROKES:
        return _STROKES[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    base = base or char  # a stray combining mark stays itself
    lowered = base.lower()
    # One character for one, always: "İ".lower() is two, Hangul decomposes into several.
    if len(lowered) == 1:
        return lowered
    return base if len(base) == 1 else char


class _FoldTable(dict[int, str]):
    """str.translate's table, filled on first sight of each character: folding runs at C speed
    (it is on the crawl's path: every stored article is indexed)."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if code < 0x10000:  # at most 65,536 entries, a few MB: a long-lived serve stays bounded
            self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: positions stay the same."""
    return text.translate(_TABLE)
