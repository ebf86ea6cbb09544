"""Turn the bytes a server sent into text: BOM, HTTP header, <meta>, then detection; never fails."""

from __future__ import annotations

import codecs
import re
import unicodedata

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-:.]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that servers put on UTF-8 pages by mistake (a default in a proxy or framework). Bytes
# that decode as strict UTF-8 and are not pure ASCII are, in practice, never Latin-1 text.
_SINGLE_BYTE_CODECS = {"iso8859-1", "cp1252", "ascii"}
# Vietnamese tone marks that windows-1258 stores as combining characters.
_CP1258_TONES = re.compile(rb"[\xcc\xec\xde\xd2\xf2]")
_VIETNAMESE = re.compile(rb"""lang\s*=\s*["']?vi\b|content-language["'][^>]*vi\b""", re.IGNORECASE)


# The encodings a browser applies to a page (the WHATWG Encoding standard's, by the names
# Python's codecs give them). Python knows many more that no browser would use: UTF-7 and
# unicode_escape (markup can hide in them), bytes-to-bytes transforms (base64, rot13), and
# codecs that raise on plain ASCII (idna, punycode, "undefined"). A label outside this list
# counts as no label.
BROWSER_CODECS = frozenset(
    {
        "utf-8", "utf-16", "utf-16-be", "utf-16-le", "ascii", "iso8859-1", "cp866",
        "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7",
        "iso8859-8", "iso8859-10", "iso8859-11", "iso8859-13", "iso8859-14", "iso8859-15",
        "iso8859-16", "koi8-r", "koi8-u", "mac-roman", "tis-620", "cp874", "cp1250",
        "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
        "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "euc_jp", "iso2022_jp",
        "shift_jis", "euc_kr",
    }
)  # fmt: skip


def _codec(label: str) -> str | None:
    """Python's codec for a declared charset, None for a label no browser would apply."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return name if name in BROWSER_CODECS else None


def declared_encoding(body: bytes, content_type: str | None) -> str | None:
    """The encoding the page claims: BOM, then the Content-Type header, then <meta>."""
    if bom := _bom(body):
        return bom
    header = _HEADER_CHARSET.search(content_type or "")
    if header and (codec := _codec(header.group(1))):
        return codec
    if meta := _META_CHARSET.search(body[:4096]):
        return _codec(meta.group(1).decode("ascii", "replace"))
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _bom(body: bytes) -> str | None:
    return next((name for bom, name in _BOMS if body.startswith(bom)), None)


def _choose(body: bytes, declared: str | None, language: str) -> str:
    # Strict UTF-8 with non-ASCII bytes is, in practice, never text in another encoding: it
    # beats any label (servers and proxies mislabel UTF-8 pages as Latin-1 or windows-1258).
    if not body.isascii() and _is_utf8(body):
        return "utf-8"
    tones = _CP1258_TONES.search(body) is not None
    if declared is None or declared == "utf-8":  # no label, or a label the bytes disprove
        return "cp1258" if tones else "cp1252"
    # A Vietnamese page labelled Latin-1 or windows-1252 cannot be either: Latin-1 has no
    # Vietnamese letters. Its tone marks then mean windows-1258.
    vietnamese = language == "vi" or _VIETNAMESE.search(body[:8192]) is not None
    if declared in _SINGLE_BYTE_CODECS and tones and vietnamese:
        return "cp1258"
    return declared


def decode_html(
    body: bytes, content_type: str | None = None, *, language: str = "", nfc: bool = True
) -> tuple[str, str]:
    """Return (text, encoding used). The text is NFC: windows-1258 decodes to combining marks.

    language: what the page is known to be in (a site profile's), when the page does not say.
    nfc=False: the text as the page writes it (its URLs as a browser asks for them)."""
    encoding = _bom(body) or _choose(body, declared_encoding(body, content_type), language)
    body = body.removeprefix(codecs.BOM_UTF8)
    text = body.decode(encoding, errors="replace")
    return (unicodedata.normalize("NFC", text) if nfc else text), encoding
