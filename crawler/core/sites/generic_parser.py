"""The parser for pages no site claims: JSON-LD and <meta> for metadata, trafilatura for the body.

Its pages come from anywhere, so the zone of a date that names no offset is not known: such a
date keeps its wall-clock time, no offset, and the provenance says so (base.note_zones).
"""

from __future__ import annotations

import functools
from urllib.parse import urljoin, urlsplit

from lxml import html

from crawler.core.article import Article, Image
from crawler.core.extraction import metadata as md
from crawler.core.extraction.author_names import author_names
from crawler.core.extraction.body import Body
from crawler.core.extraction.clean import extract_metadata, generic_body, ld_body_if_fuller
from crawler.core.extraction.dates import parse_any
from crawler.core.extraction.text import normalize_line
from crawler.core.extraction.titles import clean_title, unescape
from crawler.core.sites.base import ArticleParser, Sources, finish, note_zones


class GenericParser(ArticleParser):
    site = "generic"
    version = "1"
    TIMEZONE = None  # a page from anywhere: its zone is not known

    def parse(self, doc: html.HtmlElement, url: str) -> Article:
        ld = md.json_ld_article(doc)
        canonical = md.canonical_url(doc, url)
        body = generic_body(doc, canonical)
        text_source = "trafilatura"
        if fuller := ld_body_if_fuller(md.ld_text(ld, "articleBody"), body.blocks):
            body, text_source = Body(blocks=fuller, images=body.images), "json-ld articleBody"
        blocks, credit, authors = self.split_tail(body.blocks)
        lead = md.meta(doc, "og:image")
        keywords = md.meta(doc, "keywords", "news_keywords")
        # trafilatura's metadata (htmldate included) costs more than the rest of this parser:
        # asked for only when JSON-LD and <meta> leave a field empty.
        fallback = functools.cache(lambda: extract_metadata(doc, url))
        found = Sources()
        names = _site_names(doc, ld, url)
        article = Article(
            url=url,
            site=self.site,
            canonical_url=canonical,
            language=md.language(doc),
            title=clean_title(
                found.first(
                    "title",
                    ("json-ld", lambda: md.ld_text(ld, "headline")),
                    ("og:title", lambda: md.meta(doc, "og:title")),
                    ("trafilatura", lambda: str(fallback().get("title") or "")),
                ),
                doc,
                names,
            ),
            # The social card's text first: JSON-LD descriptions are as often a photo's caption
            # or a line for search engines (tuning half: summary F1 0.76 against 0.83).
            summary=unescape(
                md.meta(doc, "og:description", "description") or md.ld_text(ld, "description")
            ),
            text="\n\n".join(blocks),
            authors=author_names(
                found.first(
                    "authors",
                    ("json-ld", lambda: md.ld_names(ld.get("author"))),
                    ("credit line", lambda: authors),
                    ("trafilatura", lambda: _split(fallback().get("author"))),
                )
                or [],
                names[:2],  # the site's own names, not its domain's: "Namibian" is a surname
            ),
            credit=credit,
            # htmldate last: it guesses, from links and text, when the page states no date.
            published=found.first(
                "published",
                ("json-ld", lambda: parse_any(md.ld_text(ld, "datePublished"))),
                (
                    "meta",
                    lambda: parse_any(md.meta(doc, "article:published_time", "pubdate", "date")),
                ),
                ("htmldate", lambda: parse_any(str(fallback().get("date") or ""))),
            ),
            modified=parse_any(md.ld_text(ld, "dateModified"))
            or parse_any(md.meta(doc, "article:modified_time")),
            section=[s for s in [md.meta(doc, "article:section")] if s],
            tags=[t for t in (normalize_line(k) for k in keywords.split(",")) if t],
            images=body.images or ([Image(url=urljoin(canonical, lead))] if lead else []),
            parser=self.name,
        )
        found.note("text", text_source, primary=bool(blocks) and text_source == "trafilatura")
        article.sources = found.found
        note_zones(article)
        return finish(article)


def _site_names(doc: html.HtmlElement, ld: dict[str, object], url: str) -> tuple[str, ...]:
    """What the site calls itself: og:site_name, its JSON-LD publisher, its domain's name."""
    publisher = ld.get("publisher")
    host = (urlsplit(url).hostname or "").removeprefix("www.").split(".")
    return (
        md.meta(doc, "og:site_name", "application-name"),
        md.ld_text(publisher, "name") if isinstance(publisher, dict) else "",
        host[0] if host else "",
    )


def _split(value: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return [name for name in (normalize_line(part) for part in value.split(";")) if name]
