"""Chrome inside an article body, recognised by structure and by vocabulary, never by one
site's class names: newsletter and sign-up boxes, ads, related-links lists, share bars, tag
lists, author-bio boxes, "Read more:" lines.

Every parser runs it on its body (a site parser after its own drop rules), and the generic one
on the page. A sign-up box a redesign adds under a new class name still holds a form or a
button, still says "newsletter" or "sign up" somewhere in its attributes or its text; a box of
related stories is still mostly links. Three kinds of evidence, each enough alone:

- structure: a small block holding a form control (input, select, textarea, button);
  a list or box whose text is mostly links, with several links;
- attribute vocabulary: class, id, role, aria-label and short data-* values, split into words
  on -, _ and camelCase ("InlineNewsletter" is inline + newsletter), English and Vietnamese
  (folded: "tin-lien-quan"); "ad" only as a whole word, so "head", "lead" and "download" stay;
- text vocabulary: a short block that reads as a promo ("Sign up for our newsletter",
  "Read more: ...", "Xem thêm:", "Đăng ký nhận bản tin", "Follow us on ...").

A false positive costs a paragraph of the article, a miss a line of chrome: so nothing that
holds half the root's text is removed, whatever its class says (a body container called
"post-share-wrapper" exists), inline elements (a link in a paragraph) are never candidates,
and text rules only touch short blocks. Run on whole real news pages, it removes 0.005 % of the
gold body's words on the tuning half (tests/test_boilerplate.py holds it) and 0.18 % on the
held-out half, and about two-thirds of the rest of the pages' words. Short lines repeated three times or more
("Advertisement") were tried as a template's sign and dropped: on real pages they were review
labels ("We like:") and the openings of list items. Pure: lxml only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from lxml import html

from crawler.core.extraction.text import fold_diacritics


def _names(names: str) -> frozenset[str]:
    return frozenset(names.split())


# What a template's class and id words say a block is, one word each; the folded Vietnamese
# forms are written as one word (tinlienquan) and as pairs below (tin lien quan). Left out
# on purpose, each seen around real article text: "paywall" (the paid part of the body),
# "sidebar" (layout grids), "advertorial" (a script hook), "widget", "teaser", "footer".
_WORDS = _names("""
    newsletter newsletters subscribe subscription subscriptions signup optin
    promo promos promotion promoted promotional
    ad ads advert adverts advertisement advertisements advertising adslot adunit
    adsbygoogle sponsor sponsored sponsors outbrain taboola
    related recommend recommended recommendation recommendations readmore morestories alsoread
    seealso mostread mostpopular trending
    share shares sharing sharebar sharetools social socials
    tags taglist tagcloud
    authorbio aboutauthor
    comment comments commentlist disqus
    breadcrumb breadcrumbs
    nav navbar navigation menu popup modal cookie cookies consent gdpr
    lienquan tinlienquan bailienquan xemthem docthem tinkhac quangcao dangky
    """)
# Words that say chrome only together: "sign-up", "read_more", "MoreStories", "tin-lien-quan".
_PAIRS = frozenset(
    tuple(pair.split("+"))
    for pair in _names("""
    sign+up opt+in read+more more+stories more+news also+read read+also see+also also+like
    most+read most+popular author+bio about+author lien+quan xem+them doc+them tin+khac
    quang+cao dang+ky
    """)
)
# ARIA roles of page chrome (a sidebar's "complementary" may be a fact box: not in the list).
_ROLES = _names("navigation banner contentinfo dialog alertdialog search menu menubar toolbar")
# Elements a vocabulary or link-density rule may remove: blocks, never inline text.
_BLOCKS = _names(
    "div section aside nav footer header ul ol li dl p form iframe ins table h2 h3 h4 h5 h6"
)
_ANCHORED = _names("h1 h2 h3 h4 h5 h6 p li")
_BOXES = _names("div section aside form fieldset footer header nav label")
_LISTS = _names("div section aside nav ul ol dl table")
# Leaf blocks whose text alone may say promo.
_TEXT_BLOCKS = _names("p li h2 h3 h4 h5 h6 dt dd div span strong em b section aside")
_INLINE = _names("span strong em b")  # a text rule's only where a box holds them as lines
_BLOCK_CHILD = _names(
    "p div section article aside ul ol li dl table h1 h2 h3 h4 h5 h6 blockquote figure"
)
_NO_TEXT = frozenset(("script", "style", "noscript", "template"))
_CANDIDATES = _BLOCKS | _LISTS | _TEXT_BLOCKS
_CONTROLS = (
    ".//form|.//select|.//textarea|.//button"
    '|.//input[not(translate(@type, "HIDEN", "hiden")="hidden")]'
)
_MEDIA = ".//img|.//figure|.//picture|.//video|.//table"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_PART = re.compile(r"[^A-Za-z0-9]+")
_DIGIT = re.compile(r"\d")
_NAME_WORDS = 5
_DATA_VALUE = re.compile(r"^[\w\s-]{1,40}$")

# A short block (few words) that reads as a promo. Labels first, before a colon or alone:
# "Read more: …", "Related:", "Xem thêm:", "Tin liên quan".
_LABEL = (
    r"read more|read also|also read|see also|related(?: articles?| stories| coverage| news| content)?"
    r"|more on this(?: story)?|more from [\w .]{1,30}|recommended(?: for you)?"
    r"|you (?:may|might) also like|don'?t miss|trending(?: now)?|most read"
    r"|xem thêm|tin liên quan|bài liên quan|đọc thêm|tin cùng chuyên mục|có thể bạn quan tâm|tin khác"
)
_PROMO_TEXT = (
    re.compile(rf"^(?:{_LABEL})\s*(?:[:：»>|]|$)", re.IGNORECASE),
    # Subscription prompts: a call and what it brings, in one short block. Narrow on purpose:
    # "troops get a brief rest" and "sign up for the program in a brief form" are news.
    re.compile(
        r"^(?:get|receive)\s+(?:the|our)\b.{0,60}\b(?:brief|briefing|newsletters?|digest)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:sign(?:ing)? up|subscribe|subscribing|register)\b.{0,80}"
        r"\b(?:newsletters?|inbox|digest|e-?mail alerts?)\b",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:sign up|subscribe)\b", re.IGNORECASE),
    re.compile(r"\b(?:delivered|straight|directly|sent) (?:to|into) your inbox\b", re.IGNORECASE),
    re.compile(
        r"^follow\s+(?:us|[\w .@]{1,40}?)\s+on\s+(?:twitter|x|facebook|instagram|telegram"
        r"|linkedin|youtube|tiktok|threads|bluesky|whatsapp|google news)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"đăng\s+ký\s+nhận\s+(?:bản\s+)?tin|đăng\s+ký\s+(?:bản\s+tin|newsletter)", re.IGNORECASE
    ),
    re.compile(
        r"^theo\s+dõi\s+.{0,40}\btrên\s+(?:facebook|zalo|youtube|google|tiktok)", re.IGNORECASE
    ),
)
# A label line, and what follows it: "Read more: <link>" (chrome) or "Trending: a sentence".
_LABEL_LINE = re.compile(rf"^(?:{_LABEL})\s*(?P<mark>[:：»>|])?", re.IGNORECASE)
_HEADINGS = _names("h2 h3 h4 h5 h6")
_POINTER_LABEL = re.compile(
    r"^(?:read more|read also|also read|see also|related|xem thêm|tin liên quan|bài liên quan"
    r"|đọc thêm)\s*[:：»>|]",
    re.IGNORECASE,
)
_LINK_LABEL = 0.5  # the share of a labelled line in links that makes it a pointer elsewhere
# A box of links led by its label: "Tin liên quan" then the links, in one short box; the
# label's text runs into the first link's ("quanSư"), a sentence goes on in lower case.
_LEADING_LABEL = re.compile(rf"^(?:{_LABEL})(?!(?-i:\s*[a-zà-ỹđ]))", re.IGNORECASE)
# Sizes in words and in characters (without spaces) both: Japanese or Chinese text has few
# spaces, so a whole article can be "ten words".
_SHORT = (30, 200)  # the text rules touch blocks of this size at most
_CONTROL_BOX = (60, 320)  # a form control's box: a sign-up blurb, not a paragraph
_CONTROL_TAGS = _names("button select textarea input label form")
_BARE_FORM = 60  # characters beside its controls a box may hold and still be a bare form
_SENTENCE_WORDS = 8  # a text this long beside a control is a sentence, not a form's label
_LINK_SHARE = 0.6  # a list of related links: most of its text in links
_MIN_LINKS = 3
_NAMED_CHROME = 800  # characters outside links a block named as chrome may hold (a bio, a blurb)
_UNLINKED = 300  # characters outside links a list of links may hold (dates, bylines)
_MOST = 0.5  # share of the root's text no rule may remove at once


def attribute_words(value: str) -> tuple[str, ...]:
    """An attribute value's words as the vocabulary reads them ("photoCredit" -> photo, credit)."""
    return _words(value)


@lru_cache(maxsize=4096)
def _words(value: str) -> tuple[str, ...]:
    """The words of an attribute value: camelCase and separators split, folded, lower case.

    A part with a digit is a generated name ("ad6ed79d-…", "n1AuAdJlVL", "sc-9k8j"), whose
    letters mean nothing; a "js-" class is a script's hook, not the block's name."""
    words: list[str] = []
    for name in value.split():
        if name.startswith("js-"):
            continue
        named: list[str] = []
        for part in _PART.split(fold_diacritics(name)):
            if part and not _DIGIT.search(part):
                named += _CAMEL.sub(" ", part).lower().split()
        # A name of many words is a headline's slug ("zendaya-promoted-dune-…"), not a role.
        if len(named) <= _NAME_WORDS:
            words += named
    return tuple(words)


def _says_chrome(words: tuple[str, ...]) -> bool:
    if "free" in words:  # "ad-free", "ads-free": a block without the ads
        words = tuple(w for i, w in enumerate(words) if words[i + 1 : i + 2] != ("free",))
    if any(word in _WORDS for word in words):
        return True
    return any(pair in _PAIRS for pair in pairwise(words))


def attribute_says_chrome(element: html.HtmlElement) -> bool:
    """Class, id, aria-label, role or a short data-* value naming chrome. Not a heading's or a
    paragraph's id: it is an anchor made from its own words ("share-of-gdp", "nav_phishing")."""
    attrib = element.attrib
    names = ("class", "aria-label") if element.tag in _ANCHORED else ("class", "id", "aria-label")
    for name in names:
        if (value := attrib.get(name)) and _says_chrome(_words(value)):
            return True
    if (role := attrib.get("role")) and role.strip().lower() in _ROLES:
        return True
    for name, value in attrib.items():
        # data-module="brief-signup"; never a URL or JSON (data-src=".../ads/...").
        if name.startswith("data-") and _DATA_VALUE.match(value) and _says_chrome(_words(value)):
            return True
    return False


def is_promo_text(text: str) -> bool:
    """A short line that reads as a promo: a "Read more:" label, a newsletter call."""
    text = " ".join(text.split())
    if not text or len(text.split()) > _SHORT[0] or len(text) > _SHORT[1] * 1.5:
        return False
    return any(pattern.search(text) for pattern in _PROMO_TEXT)


class _Sizes:
    """Characters (spaces left out) and words of every element's text, and of its links', in
    one pass from the leaves up: each element's text is read once, not once per ancestor."""

    def __init__(self, root: html.HtmlElement) -> None:
        # element: [chars, words, link chars, links, holds a block-level element]
        self._of: dict[html.HtmlElement, list[int]] = {}
        of = self._of
        elements = list(root.iter())
        self._keep = elements  # proxies stay alive, so each element is one dict key
        for element in reversed(elements):  # children before their parents
            tag = element.tag
            entry = [0, 0, 0, 0, 0]
            of[element] = entry
            if tag.__class__ is not str or tag in _NO_TEXT:
                continue  # a comment's, a script's text is no one's; tails are the parent's
            if (text := element.text) and not text.isspace():
                _add(entry, text)
            for child in element:
                if (sub := of.get(child)) is not None:
                    entry[0] += sub[0]
                    entry[1] += sub[1]
                    entry[2] += sub[2]
                    entry[3] += sub[3]
                    entry[4] |= sub[4] or child.tag in _BLOCK_CHILD
                if (tail := child.tail) and not tail.isspace():
                    _add(entry, tail)
            if tag == "a":
                entry[2], entry[3] = entry[0], 1

    def chars(self, element: html.HtmlElement) -> int:
        return self._of[element][0]

    def links(self, element: html.HtmlElement) -> int:
        return self._of[element][3]

    def unlinked(self, element: html.HtmlElement) -> int:
        entry = self._of[element]
        return entry[0] - entry[2]

    def nested(self, element: html.HtmlElement) -> bool:
        return bool(self._of[element][4])

    def over(self, element: html.HtmlElement, limit: tuple[int, int]) -> bool:
        entry = self._of[element]
        return entry[1] > limit[0] or entry[0] > limit[1]

    def link_density(self, element: html.HtmlElement) -> float:
        entry = self._of[element]
        return entry[2] / entry[0] if entry[0] else 0.0


def _add(entry: list[int], text: str) -> None:
    words = text.split()
    entry[0] += len(text) - text.count(" ") - text.count("\n") - text.count("\t")
    entry[1] += len(words)


def _control_box(
    control: html.HtmlElement, root: html.HtmlElement, sizes: _Sizes
) -> html.HtmlElement:
    """The block a form control sits in: its ancestors while they are boxes (never a
    paragraph or a span of text: a stock quote's "watch" button sits inside a sentence; nor a
    box with running text around the control), stay a sign-up box's size and hold no picture
    or table (a gallery's "next" button is not its gallery). The box goes only when it reads as
    a sign-up box: little text beside its controls, or words that say so; else the control
    alone (a "copy link" button beside a paragraph takes only itself)."""
    box = control
    if (control.tail or "").strip():
        return control
    while (parent := box.getparent()) is not None and parent is not root:
        if parent.tag not in _BOXES or sizes.over(parent, _CONTROL_BOX) or parent.xpath(_MEDIA):
            break
        if (parent.text or "").strip() or any((c.tail or "").strip() for c in parent):
            break  # words run around the control: a sentence's, not a form's
        box = parent
    if box is control or _reads_as_sign_up(box, sizes):
        return box
    return control


def _reads_as_sign_up(box: html.HtmlElement, sizes: _Sizes) -> bool:
    controls = box.xpath(".//button|.//select|.//textarea|.//label|.//input")
    beside = sizes.chars(box) - sum(sizes.chars(c) for c in controls)
    if beside <= _BARE_FORM and not any(
        len(t.split()) >= _SENTENCE_WORDS for t in box.itertext() if t.strip()
    ):
        return True  # a bare form: labels and a button, no sentence of the article's
    # The box's own words, not its controls': a "share-btn" or "Share this quote" button beside
    # a paragraph says nothing of the paragraph.
    inside = {d for c in controls for d in c.iter()}
    elements = [e for e in box.iter() if e.tag.__class__ is str and e not in inside]
    if any(attribute_says_chrome(e) for e in elements if e.tag not in _CONTROL_TAGS):
        return True
    texts = [t for e in elements for t in (e.text, e.tail)] + [c.tail for c in controls]
    return any(is_promo_text(t) for t in texts if t and t.strip())


def _is_chrome(element: html.HtmlElement, sizes: _Sizes) -> bool:
    tag = element.tag
    unlinked = sizes.unlinked(element)
    # A name says chrome only for a block of chrome's size: a wrapper of the whole article
    # may carry a modifier class ("with-rail-video-ad", "liveAlertAd").
    if tag in _BLOCKS and unlinked <= _NAMED_CHROME and attribute_says_chrome(element):
        return True
    # A list or box of links: related stories, tags, a menu. Not a container whose many
    # links sit beside a paragraph's worth of other text (a short article among menus).
    if (
        tag in _LISTS
        and sizes.links(element) >= _MIN_LINKS
        and sizes.link_density(element) > _LINK_SHARE
        and unlinked <= _UNLINKED
    ):
        return True
    if sizes.over(element, _SHORT):
        return False
    if tag in _INLINE and (parent := element.getparent()) is not None and parent.tag not in _BOXES:
        return False  # words inside a sentence ("as the report, <em>see also</em>, said")
    if tag in _TEXT_BLOCKS and not sizes.nested(element):
        text = " ".join(element.text_content().split())
        if not is_promo_text(text):
            return False
        if label := _LABEL_LINE.match(text):
            rest = text[label.end() :].strip()
            if tag in _HEADINGS and not rest and not label.group("mark"):
                return False  # a subheading that happens to read "More from Nellis"
            # "Read more: <a title>" points elsewhere, linked or not; after a looser label
            # ("Trending:", "More from …") only a link does: else it is a sentence of the
            # article's own ("Trending: more pilots are leaving").
            if not rest or _POINTER_LABEL.match(text):
                return True
            return sizes.link_density(element) >= _LINK_LABEL
        return True
    if tag in _LISTS and sizes.links(element):
        # A box led by its label ("Tin liên quan", "Related"), then links.
        text = element.text_content()
        return bool(_LEADING_LABEL.search(" ".join(text.split()))) and (
            sizes.link_density(element) > _MOST
        )
    return False


def strip_boilerplate(root: html.HtmlElement) -> None:
    """Remove the chrome blocks inside an article body (or a whole page). Mutates root."""
    sizes = _Sizes(root)
    most = sizes.chars(root) * _MOST
    doomed: list[html.HtmlElement] = []
    for control in root.xpath(_CONTROLS):
        box = _control_box(control, root, sizes)
        if sizes.chars(box) <= most:
            doomed.append(box)
    stack = list(root)
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag.__class__ is not str or tag in _NO_TEXT:
            continue  # a comment, a script: nothing to read, nothing inside
        if tag in _CANDIDATES and sizes.chars(element) <= most and _is_chrome(element, sizes):
            doomed.append(element)
            continue
        stack.extend(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # its tail is the parent's text: kept
