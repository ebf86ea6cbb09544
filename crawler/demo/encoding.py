"""Text and byte encodings of the demo site: gold normalisation, slugs, HTML, CKEditor, cp1258."""

# CKEditor 4 entities and windows-1258 with combining tone marks, as the real site serves them.

from __future__ import annotations

import re
import unicodedata
from html import escape
from html.entities import codepoint2name

_WHITESPACE = re.compile(r"\s+")


def normalize(value: str) -> str:
    """Gold form of one line of text: NFC, NBSP as a space, runs of whitespace collapsed."""
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ")
    return _WHITESPACE.sub(" ", value).strip()


def normalize_lines(value: str) -> str:
    """Gold form of a block that keeps its line breaks (a <br> inside a paragraph)."""
    lines = (normalize(line) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def e(value: str) -> str:
    """Escape for element text and double-quoted attributes."""
    return escape(value, quote=True)


def fold(value: str) -> str:
    """ASCII-fold Vietnamese; đ/Đ has no decomposition, so it is mapped by hand."""
    value = value.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(title: str) -> str:
    """qdnd.vn slug: folded, lower-case, every run of other characters one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", fold(title).lower()).strip("-")


# CKEditor 4 (qdnd's editor) writes Latin-1-range letters and typographic punctuation as named
# entities and leaves every other Vietnamese letter (ư, ộ, ạ, ế, đ ...) as raw UTF-8.
_ENTITY_CHARS = {
    ch: f"&{codepoint2name[ord(ch)]};" for ch in "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ\u00a0“”‘’–—…"
}
_TAG_OR_ENTITY = re.compile(r"(<[^>]*>|&[#a-zA-Z0-9]+;)")


def ckeditor_entities(markup: str) -> str:
    """Entity-encode the text nodes of an HTML fragment the way CKEditor 4 saves them.

    Tags (and so attribute values) and existing entities are left alone.
    """
    parts = _TAG_OR_ENTITY.split(markup)
    for index in range(0, len(parts), 2):  # even indexes are text between tags
        parts[index] = "".join(_ENTITY_CHARS.get(ch, ch) for ch in parts[index])
    return "".join(parts)


# windows-1258 has precomposed letters only for the bases; tones are separate combining marks.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def to_cp1258(text: str) -> bytes:
    """Encode text the way a Vietnamese Windows (cp1258) page stores it.

    Python's cp1258 codec cannot encode precomposed letters like ộ, so every letter is
    decomposed, its base re-composed with the non-tone marks (â ê ô ơ ư ă), and the tone marks
    appended as combining characters. Decoding with cp1258 and NFC gives the text back.
    """
    out: list[str] = []
    for cluster in _clusters(unicodedata.normalize("NFD", text)):
        base = "".join(ch for ch in cluster if ch not in _TONE_MARKS)
        tones = "".join(ch for ch in cluster if ch in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258", errors="xmlcharrefreplace")


def _clusters(decomposed: str) -> list[str]:
    """Split into base character plus following combining marks."""
    clusters: list[str] = []
    for ch in decomposed:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters
