"""A site's parser written as selectors: each field from the site's own XPath first, then from
JSON-LD and <meta>, and the body from the generic extractor when no container is found, every
source noted for the drift alarms (crawler.extensions.drift). Every outlet's parser is one: a subclass
that sets its selectors (qdnd.vn's eras differ only in theirs and in which era claims a page).
"""

from __future__ import annotations

from copy import deepcopy
from typing import ClassVar
from urllib.parse import urljoin

from lxml import html

from crawler.core.article import Article, Image
from crawler.core.extraction import metadata as md
from crawler.core.extraction.body import Body, extract_body, mark_figures
from crawler.core.extraction.bylines import byline_names, rejoin_tail
from crawler.core.extraction.clean import generic_body
from crawler.core.extraction.dates import (
    in_timezone,
    parse_any,
    parse_dmy,
    parse_english,
    parse_iso,
)
from crawler.core.extraction.figures import lead_figure
from crawler.core.extraction.text import join_blocks, normalize_line
from crawler.core.sites.base import MISSING, PRIMARY, ArticleParser, Sources, finish, note_zones


def first_text(doc: html.HtmlElement, *xpaths: str) -> str:
    """Text of the first element that has any, trying the XPaths in the order given."""
    for xpath in xpaths:
        for element in doc.xpath(xpath) if xpath else ():
            # An attribute (a <time>'s @datetime) is its own text.
            raw = element if isinstance(element, str) else element.text_content()
            if text := normalize_line(raw):
                return text
    return ""


def texts(doc: html.HtmlElement, xpath: str) -> list[str]:
    found = (normalize_line(e.text_content()) for e in doc.xpath(xpath)) if xpath else ()
    return list(dict.fromkeys(text for text in found if text))


class SelectorParser(ArticleParser):
    LANGUAGE: ClassVar[str] = ""
    TITLE: ClassVar[str] = "//h1"
    SUMMARY: ClassVar[tuple[str, ...]] = ()  # tried in order
    # Where the sapo is when the page prints none (qdnd.vn's og:description is not one).
    SUMMARY_META: ClassVar[tuple[str, ...]] = ("og:description", "description")
    # The body container, then alternatives a template may use instead (fallbacks).
    BODY: ClassVar[tuple[str, ...]] = ()
    LD_BODY: ClassVar[bool] = False  # the JSON-LD articleBody as the body's next fallback
    DATE: ClassVar[str] = ""
    TAGS: ClassVar[str] = ""
    BREADCRUMB: ClassVar[str] = ""
    BYLINE: ClassVar[str] = ""  # author links in the header; else the credit line at the end
    DROP: ClassVar[str] = ""  # inside the body: the site's promos and widgets (relative XPath)
    # The site's own image blocks inside the body, when they are no <figure> or image table:
    # the block, and its caption and credit elements (relative XPaths; body.mark_figures).
    FIGURES: ClassVar[tuple[str, str, str] | None] = None
    # The lead picture above the body, outside its container (Arc XP's lead art).
    LEAD: ClassVar[str] = ""

    def parse(self, doc: html.HtmlElement, url: str) -> Article:
        ld = md.json_ld_article(doc)
        found = Sources()
        canonical = md.canonical_url(doc, url)
        roots = [
            (index, hit[0]) for index, xpath in enumerate(self.BODY) if (hit := doc.xpath(xpath))
        ]
        body, source = Body(), "generic"
        lead: html.HtmlElement | None = None
        if roots:
            index, root = roots[0]
            lead = lead_figure(root)  # before the body is pruned: it may sit inside it
            for junk in root.xpath(self.DROP) if self.DROP else ():
                junk.drop_tree()  # the site's own in-body promos and widgets
            if self.FIGURES:
                mark_figures(root, *self.FIGURES)
            body = extract_body(root, canonical)
            source = "selector" if index == 0 else f"container {index + 1}"
        if not body.blocks and self.LD_BODY and (ld_body := md.ld_text(ld, "articleBody")):
            # Some CMSs put the whole text in their JSON-LD (WordPress with Jannah does).
            body = Body(blocks=[b for b in map(normalize_line, ld_body.split("\n")) if b])
            source = "json-ld articleBody"
        if not body.blocks:  # no known container: the generic extractor's body, chrome pruned
            body, source = generic_body(doc, canonical), "generic"
        found.note("text", source, primary=source == "selector")
        # A credit in capitals an editor split with spaces ("TRẦ N HO ÀI") is read whole.
        blocks, credit, authors = self.split_tail(*rejoin_tail(body.blocks, body.emphasised))
        if not blocks:
            found.found["text"] = MISSING
        images = body.images
        # The site's lead picture, else the figure right above its body (a redesign moved the
        # lead art out of the block the LEAD selector names, or the site never had one).
        leads = self.lead_images(doc, canonical) if self.LEAD else []
        if not leads and lead is not None and lead.getparent() is not None:
            leads = self.lead_images(doc, canonical, [lead])
        known = {image.url for image in images}
        images = [i for i in leads if i.url not in known] + images
        if not images and (lead := md.meta(doc, "og:image")):
            images = [Image(url=urljoin(canonical, lead))]
        keywords = md.meta(doc, "keywords", "news_keywords")
        zone = self.zone  # for a date that names no offset; None: not known, kept without
        article = Article(
            url=url,
            site=self.site,
            canonical_url=canonical,
            language=md.language(doc, self.LANGUAGE),
            title=found.first(
                "title",
                ("selector", lambda: first_text(doc, self.TITLE)),
                ("og:title", lambda: md.meta(doc, "og:title")),
                ("json-ld", lambda: md.ld_text(ld, "headline")),
                ("<title>", lambda: first_text(doc, "//title")),
            ),
            summary=self.strip_dateline(
                found.first(
                    "summary",
                    ("selector", lambda: first_text(doc, *self.SUMMARY)),
                    ("meta description", lambda: md.meta(doc, *self.SUMMARY_META)),
                    # A site that prints no sapo gives it in its meta description only.
                    own=("selector",) if self.SUMMARY else ("meta description",),
                )
            ),
            text=join_blocks(blocks),
            authors=found.first(
                "authors",
                ("byline", lambda: self.byline(doc)),
                ("credit line", lambda: authors),
                ("json-ld", lambda: md.ld_names(ld.get("author"))),
                own=("byline", "credit line"),
            )
            or [],
            credit=credit,
            published=self._zone(
                found.first(
                    "published",
                    # The machine-readable sources first: they carry the time and offset a
                    # visible date may lack. All three are the page's own statement of it.
                    ("json-ld", lambda: parse_any(md.ld_text(ld, "datePublished"), zone)),
                    ("meta", lambda: parse_iso(md.meta(doc, "article:published_time"), zone)),
                    ("selector", lambda: self.visible_date(first_text(doc, self.DATE))),
                    own=("json-ld", "selector", "meta"),
                )
            ),
            modified=self._zone(
                parse_any(md.ld_text(ld, "dateModified"), zone)
                or parse_iso(md.meta(doc, "article:modified_time"), zone)
            ),
            section=found.first("section", ("selector", lambda: texts(doc, self.BREADCRUMB))) or [],
            tags=found.first(
                "tags",
                ("selector", lambda: texts(doc, self.TAGS)),
                (
                    "meta keywords",
                    lambda: [t for t in map(normalize_line, keywords.split(",")) if t],
                ),
                # A site that prints no tag links gives its keywords in <meta> only.
                own=("selector",) if self.TAGS else ("meta keywords",),
            )
            or [],
            images=images,
            parser=self.name,
        )
        if credit and not article.authors:  # a translator's line: a credit naming no author
            found.found["authors"] = PRIMARY
        article.sources = found.found
        note_zones(article)
        return finish(article)

    def lead_images(
        self, doc: html.HtmlElement, base_url: str, found: list[html.HtmlElement] | None = None
    ) -> list[Image]:
        """The lead picture's images, read as the body's are (a copy: the page stays whole).
        found: the lead elements when the LEAD selector is not what found them."""
        holder = html.Element("div")
        for element in doc.xpath(self.LEAD) if found is None else found:
            holder.append(deepcopy(element))
        if self.FIGURES:
            mark_figures(holder, *self.FIGURES)
        return extract_body(holder, base_url).images if len(holder) else []

    def byline(self, doc: html.HtmlElement) -> list[str]:
        names = (name for line in texts(doc, self.BYLINE) for name in byline_names(line))
        return list(dict.fromkeys(names))

    def visible_date(self, text: str) -> str:
        if self.zone is None:
            return parse_any(text)
        # Month-first English, or a US clock with AM/PM, before the day-first reading that
        # would take "9/10/2026 2:48:13 PM" for the 9th of October.
        return (
            parse_iso(text, self.zone)  # a <time>'s @datetime
            or parse_english(text, self.zone)
            or parse_dmy(text, self.zone)
        )

    def _zone(self, value: str) -> str:
        """The date in the outlet's own offset, when its zone is known; else as the page gave it."""
        zone = self.zone
        return in_timezone(value, zone) if zone is not None and value else value
