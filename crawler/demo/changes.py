"""Run-time changes to the demo site: publish a new article, revise an existing one.

The crawler's incremental mode needs a site that changes between runs. `LiveSite` keeps a
server's own article list and returns every resource a change touches: the article page and
the discovery resources (sitemaps, feeds, listings) rebuilt from the updated list by the same
functions that built them, so they stay consistent with each other and with build_site().
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from lxml import html as lxml_html

from crawler.demo.discovery import Pair, indexes
from crawler.demo.encoding import ckeditor_entities, e, normalize
from crawler.demo.gold import gold_article
from crawler.demo.model import DemoArticle, DemoSite, Resource
from crawler.demo.render import link_boxes, linkable_specs, most_read_links, render_article
from crawler.demo.spec import SECTIONS, SITEMAP_RSS_LISTING, VN, Spec

_PARAGRAPH = re.compile(r"<p\b[^>]*>.*?</p>", re.DOTALL)


def now_vn() -> datetime:
    """The current time in the site's zone (UTC+7), to the second like the site's dates."""
    return datetime.now(VN).replace(microsecond=0)


def new_article(
    article_id: int,
    title: str,
    paragraphs: Sequence[str],
    *,
    section: str = "qpan",
    published: datetime | None = None,
    author: str = "MINH ANH",
    tags: tuple[str, ...] = (),
    discovery: frozenset[str] = SITEMAP_RSS_LISTING,
) -> Spec:
    """A SYNTHETIC article in the 2025 layout, ready for DemoServer.publish().

    The body is the paragraphs, one lead image and the credit line "Tin, ảnh: AUTHOR"; the
    sapo (summary) is the title. `published` defaults to now (UTC+7).
    """
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; one of {sorted(SECTIONS)}")
    if not paragraphs:
        raise ValueError("an article needs at least one paragraph")
    published = published or now_vn()
    credit = f"Tin, ảnh: {author}"
    image = (
        f'<table align="center" border="0" id="demo-{article_id}">\n<tbody>\n<tr>\n'
        '<td><img alt="" loading="lazy" src="https://file3.qdnd.vn/data/images/0/'
        f'{published:%Y/%m/%d}/upload_2230/{article_id}.jpg?dpi=150&amp;quality=100&amp;w=870"/>'
        f"</td>\n</tr>\n<tr>\n<td>{e(title)}</td>\n</tr>\n</tbody>\n</table>"
    )
    blocks = [f"<p>{e(text)}</p>" for text in paragraphs]
    body = "\n".join([blocks[0], image, *blocks[1:], f"<p><strong>{e(credit)}</strong></p>"])
    return Spec(
        article_id=article_id,
        era="2025",
        section=section,
        title=title,
        summary=title,
        dateline="",
        published=published,
        modified=None,
        body=ckeditor_entities(body),  # the real 2025 bodies are CKEditor output
        credit=credit,
        authors=(author,),
        tags=tags,
        discovery=discovery,
    )


def revised(spec: Spec, paragraph: str, modified: datetime) -> Spec:
    """`spec` with `paragraph` appended to its body text (before the credit line) and a new
    modified time.

    The credit must stay the body's last block (the gold takes the last block as the credit),
    so the paragraph goes right before it, where an editor's update would.
    """
    at = _credit_start(spec)
    added = f"<p>{e(paragraph)}</p>\n"
    if spec.era == "2025":  # only the 2025 editor (CKEditor 4) writes entities
        added = ckeditor_entities(added)
    return replace(spec, body=spec.body[:at] + added + spec.body[at:], modified=modified)


def _credit_start(spec: Spec) -> int:
    """Offset in the body of the last <p> whose text is the article's credit."""
    for match in reversed(list(_PARAGRAPH.finditer(spec.body))):
        element = lxml_html.fragment_fromstring(match.group())
        if normalize(element.text_content()) == spec.credit:
            return match.start()
    raise ValueError(f"article {spec.article_id}: no credit paragraph in the body")


class LiveSite:
    """A server's own article list; each change returns the resources to (re)serve.

    Not thread-safe by itself: DemoServer calls it under its lock.
    """

    def __init__(self, site: DemoSite) -> None:
        if len(site.specs) != len(site.articles):
            raise ValueError("the site has no specs for its articles: use build_site()")
        self._pairs: list[Pair] = list(zip(site.specs, site.articles, strict=True))
        # "Most read" is about popularity: a brand-new article does not enter it.
        self._most_read = most_read_links(list(site.specs))

    @property
    def articles(self) -> tuple[DemoArticle, ...]:
        """The gold records of the current articles, newest published first."""
        return tuple(gold for _spec, gold in self._pairs)

    def publish(self, spec: Spec) -> dict[str, Resource]:
        """Add a new article; every resource to serve now (see `_changed`)."""
        taken = {(old.path, old.article_id) for old, _gold in self._pairs}
        if any(spec.path == path or spec.article_id == art_id for path, art_id in taken):
            raise ValueError(f"article {spec.article_id} ({spec.path}) is already on the site")
        gold = gold_article(spec)
        # In front of equal times too: sorted() is stable, and the newcomer is the newest.
        self._pairs = _newest_first([(spec, gold), *self._pairs])
        return self._changed(spec, gold)

    def revise(self, path: str, paragraph: str, modified: datetime) -> dict[str, Resource]:
        """Append a paragraph to the article at `path`; every resource to serve now."""
        index = next((i for i, (spec, _) in enumerate(self._pairs) if spec.path == path), None)
        if index is None:
            raise KeyError(f"no article at {path}")
        spec = revised(self._pairs[index][0], paragraph, modified)
        gold = gold_article(spec)
        self._pairs[index] = (spec, gold)
        return self._changed(spec, gold)

    def redate(self, path: str, published: datetime) -> dict[str, Resource]:
        """Give the article at `path` another publication date (an editor's correction; it
        may move the article to another month); every resource to serve now."""
        index = next((i for i, (spec, _) in enumerate(self._pairs) if spec.path == path), None)
        if index is None:
            raise KeyError(f"no article at {path}")
        spec = replace(self._pairs[index][0], published=published, modified=published)
        gold = gold_article(spec)
        self._pairs[index] = (spec, gold)
        self._pairs = _newest_first(self._pairs)  # listings run newest first
        return self._changed(spec, gold)

    def _changed(self, spec: Spec, gold: DemoArticle) -> dict[str, Resource]:
        """The changed article's page plus every listing resource, rebuilt from the list.

        Listing resources the change did not touch come back identical, and the server then
        keeps their validators.
        """
        linkable = linkable_specs([one for one, _gold in self._pairs])
        related, most_read = link_boxes(spec, linkable)
        resources = indexes(self._pairs, self._most_read)
        resources[spec.path] = render_article(spec, gold, related, most_read)
        return resources


def _newest_first(pairs: list[Pair]) -> list[Pair]:
    """build_site()'s order, which every listing resource keeps: newest published first."""
    return sorted(pairs, key=lambda pair: pair[0].published, reverse=True)
