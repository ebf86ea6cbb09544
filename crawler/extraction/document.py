"""Bytes (or text) to one lxml tree: decoded our way, never an error for an odd page."""

from __future__ import annotations

import re

from lxml import etree, html

from crawler.extraction.decode import decode_html

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


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
    try:
        return html.document_fromstring(text)
    except etree.ParserError:  # empty or whitespace-only: an empty page, not an error
        return html.document_fromstring("<html></html>")
