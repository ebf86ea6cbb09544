"""Text normalisation shared by every parser: NFC, spaces, invisible characters, CMS debris."""

from __future__ import annotations

import re
import unicodedata

# Spaces that render as a plain space: NBSP (qdnd captions start with it), narrow and figure
# spaces, the ideographic space some Vietnamese CMSs paste in.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u3000\t\r\f\v"), " ")
# Invisible characters that only glue or split words: ZWSP, word joiner, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)
# A stray "&nbsp" whose semicolon the editor lost survives HTML decoding as literal text.
_LEFTOVER_ENTITY = re.compile(r"&nbsp;?|&#160;?", re.IGNORECASE)
_RUNS_OF_SPACES = re.compile(r" {2,}")

# qdnd.vn's image plugin (about 2021-2023) wrote its hidden alignment/delete controls into the
# first row of every image table; text scrapers print them as "leftcenterrightdel". Match the
# glued, spaced and capitalised forms, glued to the text before or after ("nghịleftcenter...",
# "VNAleftcenter..." on the English edition). No word boundary is asked for: after a Vietnamese
# letter there is none, and a letter before the token is debris glued to a word whatever its
# script (an ASCII one once kept the token whole); no real text runs these four words together.
ARTIFACT = re.compile(r"left\s*center\s*right\s*del(?:ete)?", re.IGNORECASE)


_ODD_CHARACTERS = re.compile("[" + "".join(map(chr, {**_SPACES, **_INVISIBLE})) + "]")
_CLEAN = {**_SPACES, **_INVISIBLE}


def normalize_line(value: str) -> str:
    """One line of clean text: NFC, plain spaces, no invisible characters, trimmed."""
    # Called for every text node of every page: the searches skip work most lines never need.
    if "&" in value:
        value = _LEFTOVER_ENTITY.sub(" ", value)
    if _ODD_CHARACTERS.search(value):
        value = value.translate(_CLEAN)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return _RUNS_OF_SPACES.sub(" ", value).strip()


def normalize_block(value: str) -> str:
    """A block that may hold line breaks (a <br> inside a paragraph, rows of a table)."""
    lines = (normalize_line(line) for line in value.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def strip_artifacts(value: str) -> str:
    """Remove the CMS control token wherever it survived, keeping the text and its blocks."""
    if not ARTIFACT.search(value):
        return value
    blocks = (normalize_block(ARTIFACT.sub(" ", block)) for block in value.split("\n\n"))
    return join_blocks([block for block in blocks if block])


def has_artifact(value: str) -> bool:
    return ARTIFACT.search(value) is not None


def fold_diacritics(value: str) -> str:
    """ASCII-fold Vietnamese for keys and slugs; đ/Đ does not decompose, so map it by hand."""
    value = value.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def join_blocks(blocks: list[str]) -> str:
    """The contract's text layout: blocks separated by one blank line."""
    return "\n\n".join(block for block in blocks if block)
