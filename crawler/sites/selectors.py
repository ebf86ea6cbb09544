"""A site's parser written as selectors: each field from the site's own XPath first, then from
JSON-LD and <meta>, and the body from the generic extractor when the container is not found,
every source noted for the drift alarms (crawler.drift). Outlets whose layout is a handful of
selectors subclass this and set them; qdnd.vn, with its eras and image tables, has its own.
"""

from __future__ import annotations

from datetime import timezone
from typing import ClassVar
from urllib.parse import urljoin

from lxml import html

from crawler.extraction import metadata as md
from crawler.extraction.body import Body, extract_body
from crawler.extraction.bylines import strip_dateline
from crawler.extraction.clean import generic_body
from crawler.extraction.dates import in_timezone, parse_any, parse_dmy, parse_iso
from crawler.extraction.text import join_blocks, normalize_line
from crawler.items import Article, Image
from crawler.sites.base import MISSING, ArticleParser, Sources, finish, split_tail


def first_text(doc: html.HtmlElement, xpath: str) -> str:
    """Text of the first element an XPath selects that has any ("" for no XPath)."""
    for element in doc.xpath(xpath) if xpath else ():
        if text := normalize_line(element.text_content()):
            return text
    return ""


def texts(doc: html.HtmlElement, xpath: str) -> list[str]:
    found = (normalize_line(e.text_content()) for e in doc.xpath(xpath)) if xpath else ()
    return list(dict.fromkeys(text for text in found if text))


class SelectorParser(ArticleParser):
    LANGUAGE: ClassVar[str] = ""
    TIMEZONE: ClassVar[timezone | None] = None  # for visible dates that name no offset
    TITLE: ClassVar[str] = "//h1"
    SUMMARY: ClassVar[str] = ""
    BODY: ClassVar[str] = ""
    DATE: ClassVar[str] = ""
    TAGS: ClassVar[str] = ""
    BREADCRUMB: ClassVar[str] = ""
    BYLINE: ClassVar[str] = ""  # author links in the header; else the credit line at the end
    DROP: ClassVar[str] = ""  # inside the body: the site's promos and widgets (relative XPath)

    def parse(self, doc: html.HtmlElement, url: str) -> Article:
        ld = md.json_ld_article(doc)
        found = Sources()
        canonical = md.canonical_url(doc, url)
        roots = doc.xpath(self.BODY) if self.BODY else []
        for junk in roots[0].xpath(self.DROP) if roots and self.DROP else ():
            junk.drop_tree()  # the site's own in-body promos and widgets
        body = extract_body(roots[0], canonical) if roots else Body()
        found.note("text", "generic", primary=bool(body.blocks))
        if not body.blocks and (ld_body := md.ld_text(ld, "articleBody")):
            # Some CMSs put the whole text in their JSON-LD (WordPress with Jannah does).
            body = Body(blocks=[b for b in map(normalize_line, ld_body.split("\n")) if b])
            found.note("text", "json-ld articleBody", primary=False)
        if not body.blocks:
            body = generic_body(doc, canonical)
        blocks, credit, authors = split_tail(body.blocks, body.emphasised)
        if not blocks:
            found.found["text"] = MISSING
        images = body.images
        if not images and (lead := md.meta(doc, "og:image")):
            images = [Image(url=urljoin(canonical, lead))]
        keywords = md.meta(doc, "keywords", "news_keywords")
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
            ),
            summary=strip_dateline(
                found.first(
                    "summary",
                    ("selector", lambda: first_text(doc, self.SUMMARY)),
                    ("meta description", lambda: md.meta(doc, "og:description", "description")),
                    # A site that prints no sapo gives it in its meta description only.
                    own=("selector",) if self.SUMMARY else ("meta description",),
                )
            ),
            text=join_blocks(blocks),
            authors=found.first(
                "authors",
                ("byline", lambda: texts(doc, self.BYLINE)),
                ("credit line", lambda: authors),
                ("json-ld", lambda: md.ld_names(ld.get("author"))),
                own=("byline", "credit line"),
            )
            or [],
            credit=credit,
            published=self._zone(
                found.first(
                    "published",
                    ("json-ld", lambda: parse_any(md.ld_text(ld, "datePublished"))),
                    ("selector", lambda: self.visible_date(first_text(doc, self.DATE))),
                    ("meta", lambda: parse_iso(md.meta(doc, "article:published_time"))),
                    # All three are the page's own statement of its date.
                    own=("json-ld", "selector", "meta"),
                )
            ),
            modified=self._zone(
                parse_any(md.ld_text(ld, "dateModified"))
                or parse_iso(md.meta(doc, "article:modified_time"))
            ),
            section=found.first("section", ("selector", lambda: texts(doc, self.BREADCRUMB))) or [],
            tags=found.first(
                "tags",
                ("selector", lambda: texts(doc, self.TAGS)),
                (
                    "meta keywords",
                    lambda: [t for t in map(normalize_line, keywords.split(",")) if t],
                ),
            )
            or [],
            images=images,
            parser=self.name,
        )
        article.sources = found.found
        return finish(article)

    def visible_date(self, text: str) -> str:
        return parse_dmy(text, self.TIMEZONE) if self.TIMEZONE else parse_any(text)

    def _zone(self, value: str) -> str:
        return in_timezone(value, self.TIMEZONE) if self.TIMEZONE and value else value
