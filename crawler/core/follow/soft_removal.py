"""A takedown answered 200: the "not found" page many CMSs serve with a success status.

A re-checked article whose URL now answers 200 with a page that says it is not there is as
removed as one that answers 404, and nothing in HTTP says so. The page has to. Two signals:

- its headline says it: the <title>, the first <h1> or og:title reads as "page not found",
  "404", "no longer available", "không tìm thấy", "không tồn tại", "đã bị gỡ" and the like; or
- it disowns the article: its canonical link (or og:url) is the site's home page.

Either counts only when the page is not an article as well: the extraction found no headline
or a body under MAX_WORDS words for the first, no body at all for the second (a broken
template can give every page the home page as canonical, a short video story included). A story about a "page not found" error, or an
article whose headline quotes "404", still has its body; and a redesign that breaks a parser
(no body, but no "not found" either) is a parser fault for drift to report, never a removal.
Pure: no Scrapy.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import html as lxml_html

from crawler.core.catalog.search_fold import fold

# Under this many words the body is a notice, not an article: "The page you are looking for
# may have been removed. Go back to the home page or search" is 19.
MAX_WORDS = 60

# A notice is the whole headline, or one part of it beside the site's name ("Page not found
# - Example News"): "Missing sailors not found after storm" or "Vẫn không tìm thấy nạn nhân"
# are headlines of articles. Folded (lower case, no diacritics), as fold() gives them.
# Only the separators that set a site's name apart: "Lỗi: hệ thống phòng không..." or "Not
# found: the missing sub" are headlines whose first word happens to be the notice's.
_SEPARATORS = re.compile(r"\s*[|–—·»]\s*|\s+-\s+")
_NOTICE = re.compile(
    r"^(?:oops\W*|sorry\W*|rat tiec\W*)?(?:(?:error|loi)\W*)?(?:"
    r"404(?:\W+(?:error|page|not found|page not found))?"
    r"|(?:error|loi)"
    r"|(?:page|article|story|content) not found|not found"
    r"|(?:this |the )?(?:page|article|story|content|video) (?:is )?(?:no longer|not) available"
    r"|(?:this |the )?(?:page|article|story|content|video) (?:has been|was) "
    r"(?:removed|deleted|taken down|withdrawn)"
    r"|(?:the |this )?page (?:you (?:requested|are looking for|were looking for) )?"
    r"(?:does not|doesn't|no longer) exists?"
    r"|(?:we )?(?:couldn't|could not|can't|cannot) find (?:the|that|this) page"
    r"|khong tim thay (?:trang|bai viet|noi dung|du lieu)(?: (?:yeu cau|ban tim))?"
    r"|(?:trang|bai viet|noi dung)(?: nay| ban tim| ban yeu cau)? khong (?:con )?ton tai"
    r"|(?:trang|bai viet|noi dung)(?: nay)? da bi (?:xoa|go|go bo)|trang loi"
    r")\W*$"
)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _says_not_found(headline: str) -> bool:
    parts = [headline, *_SEPARATORS.split(headline)]
    # "QDND: Page not found", "Page not found : Example": a notice beside a short name, set
    # apart by a colon; "Not found: the missing submarine" has more than a name after it.
    if ":" in headline:
        before, after = headline.split(":", 1)
        parts.append(after)
        if len(after.split()) <= 2:
            parts.append(before)
    return any(_NOTICE.match(fold(part).strip()) for part in parts if part.strip())


def _first(tree: lxml_html.HtmlElement, path: str) -> str:
    found = tree.xpath(path)
    if not found:
        return ""
    value = found[0]
    text = value if isinstance(value, str) else value.text_content()
    return " ".join(str(text).split())


def _is_home(link: str, page_url: str) -> bool:
    if not link:
        return False
    target, page = urlsplit(link), urlsplit(page_url)
    same_host = not target.netloc or target.netloc.lower() == page.netloc.lower()
    return same_host and target.path in ("", "/") and not target.query


def not_found_signal(page: str, url: str, *, disowned: bool = True) -> str:
    """What in the decoded page says it is no article any more, in words; "" when nothing.
    disowned: whether a canonical link to the home page counts."""
    # An XHTML page's XML declaration names an encoding, which lxml refuses in a decoded str.
    page = _XML_DECLARATION.sub("", page, count=1)
    try:
        tree = lxml_html.document_fromstring(page)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for where, path in (
        ("title", "//title"),
        ("headline", "//h1"),
        ("og:title", "//meta[@property='og:title']/@content"),
    ):
        said = _first(tree, path)
        if said and _says_not_found(said):
            return f"its {where} says {said[:80]!r}"
    for where, path in (
        ()
        if not disowned
        else (
            ("canonical link", "//link[@rel='canonical']/@href"),
            ("og:url", "//meta[@property='og:url']/@content"),
        )
    ):
        link = _first(tree, path)
        if _is_home(link, url):
            return f"its {where} is the home page"
    return ""


def is_article_sized(title: str, text: str) -> bool:
    """A headline and a body of MAX_WORDS words or more: no notice, whatever the page says.
    Cheap, so that the page itself is read only for the few that are not."""
    return bool(title) and len(text.split(None, MAX_WORDS)) >= MAX_WORDS


def soft_removal(page: str, url: str, title: str, text: str) -> str:
    """Why a 200 answer to a re-check is a removal ("" when it is not): a "not found" signal
    on a page that is no article (title and text as the extraction found them)."""
    if is_article_sized(title, text):
        return ""
    signal = not_found_signal(page, url, disowned=not text.strip())
    return f"answered 200 with a page that is no article: {signal}" if signal else ""
