"""Bytes (or text) to one lxml tree: decoded our way, never an error for an odd page."""

from __future__ import annotations

import re

from lxml import etree, html

from crawler.core.extraction.decode import decode_html

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _blank(match: re.Match[str]) -> str:
    return " " if match.group() == "\x0c" else ""  # a form feed is whitespace in HTML


def parse_document(
    body: bytes | str, content_type: str | None = None, *, language: str = ""
) -> html.HtmlElement:
    """Decode (when given bytes) and parse once; every field is read from this one tree.

    language: what the page is known to be in (the site profile's), a hint for the decoder."""
    text = (
        decode_html(body, content_type, language=language)[0] if isinstance(body, bytes) else body
    )
    # lxml refuses str input that carries an XML encoding declaration; the text is decoded already.
    text = _XML_DECLARATION.sub("", text, count=1)
    # Nor may a tree hold characters XML forbids (C0 controls, lone surrogates): lxml would
    # raise later, on the first string read from it. Browsers show none of them either.
    text = _NOT_XML.sub(_blank, text)
    try:
        return html.document_fromstring(text)
    except etree.ParserError:  # empty or whitespace-only: an empty page, not an error
        return html.document_fromstring("<html></html>")
