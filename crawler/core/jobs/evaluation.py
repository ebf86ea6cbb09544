"""Extraction quality against a gold set: what the quality gate (tests/test_quality_gate.py)
pins and benchmarks/extraction_quality.py prints beside plain trafilatura.

The gold set: every outlet's fixture pages (crawler/core/sites/fixtures/<key>/, a page as served
beside the fields a correct extraction gives), the bundled sample site's article pages (the 14
real qdnd.vn 2025 bodies among them) and the English sample outlet's, which no profile knows
(crawler.demo.outlet_en: the generic parser's part). Scores: token F1 of the text against the gold
body; leaks into the text (the leftcenterrightdel artifact, image captions, the credit line,
promo lines); and how often title, authors, captions and the publication time (with its UTC
offset) come out exactly right. Pure: no Scrapy.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from crawler.core.extraction.bylines import is_promo
from crawler.core.extraction.text import has_artifact, normalize_block

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class GoldPage:
    """One page as served and what a correct extraction gives."""

    name: str
    url: str
    body: bytes
    content_type: str
    title: str
    text: str
    authors: tuple[str, ...]
    credit: str
    captions: tuple[str, ...]
    published: str


@dataclass(frozen=True)
class Extracted:
    """What a system under test returned for a page (the fields scored)."""

    title: str
    text: str
    authors: list[str]
    captions: list[str]
    published: str


def gold_pages() -> Iterator[GoldPage]:
    """Fixtures of every outlet, then the sample site's article pages."""
    from crawler.core.sites.table import FIXTURE_ROOT
    from crawler.demo.site import build_site

    for expected_path in sorted(FIXTURE_ROOT.glob("*/*.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        if "blocked" in expected:  # a CDN's refusal page: no article to score
            continue
        page = expected_path.with_name(expected_path.stem + ".html.gz")
        yield _gold(
            f"{expected_path.parent.name}/{expected_path.stem}",
            expected,
            gzip.decompress(page.read_bytes()),
            str(expected["content_type"]),
        )
    site = build_site()
    for article in site.articles:
        if article.disallowed:
            continue
        resource = site.resources[article.path]
        fields = {
            "url": article.url,
            "title": article.title,
            "text": article.text,
            "authors": list(article.authors),
            "credit": article.credit,
            "images": [{"caption": image.caption} for image in article.images],
            "published": article.published,
        }
        yield _gold(f"sample/{article.article_id}", fields, resource.body, resource.content_type)
    yield from _english_outlet()


def _english_outlet() -> Iterator[GoldPage]:
    """The English outlet without a profile (crawler.demo.outlet_en): the generic parser."""
    from crawler.demo import outlet_en

    pages = outlet_en.build(outlet_en.ORIGIN)
    for story in outlet_en.STORIES:
        content_type, body = pages[story.path]
        fields = {
            "url": outlet_en.ORIGIN + story.path,
            "title": story.title,
            "text": "\n\n".join(story.paragraphs),
            "authors": [story.author],
            # The caption without its "(Defense Wire photo)": that is the photo's credit.
            "images": [{"caption": story.caption}],
            "published": story.published,
        }
        name = "sample-en/" + story.path.strip("/").rsplit("/", 1)[-1]
        yield _gold(name, fields, body, content_type)


def _gold(name: str, fields: dict[str, Any], body: bytes, content_type: str) -> GoldPage:
    return GoldPage(
        name=name,
        url=str(fields["url"]),
        body=body,
        content_type=content_type,
        title=str(fields.get("title", "")),
        text=str(fields.get("text", "")),
        authors=tuple(fields.get("authors") or ()),
        credit=str(fields.get("credit", "")),
        captions=tuple(i["caption"] for i in fields.get("images") or () if i.get("caption")),
        published=str(fields.get("published", "")),
    )


def tokens(text: str) -> Counter[str]:
    return Counter(token.lower() for token in _TOKEN.findall(text))


def f1(got: str, gold: str) -> float:
    """Token F1 of got against gold (bags of lower-case words)."""
    a, b = tokens(got), tokens(gold)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class Score:
    pages: int = 0
    f1: list[float] = field(default_factory=list)
    artifacts: int = 0
    caption_leaks: int = 0
    credit_leaks: int = 0
    promo_leaks: int = 0
    titles_ok: int = 0
    texts_ok: int = 0  # the whole text, paragraphs in order: F1 is a bag of words
    authors_ok: int = 0
    captions_ok: int = 0
    published_ok: int = 0
    day_ok: int = 0
    misses: list[str] = field(default_factory=list)  # "page: field" where it went wrong

    def add(self, gold: GoldPage, got: Extracted) -> None:
        text = normalize_block(got.text)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        paragraphs = {line.strip() for line in gold.text.split("\n") if line.strip()}
        self.pages += 1
        self.f1.append(f1(text, gold.text))
        self.artifacts += int(has_artifact(text))
        # A caption leaks when it stands in the text as its own line (not also a paragraph).
        self.caption_leaks += sum(
            1
            for caption in gold.captions
            if caption not in paragraphs and any(caption in line for line in lines)
        )
        self.credit_leaks += int(
            bool(gold.credit) and any(line.endswith(gold.credit) for line in lines)
        )
        self.promo_leaks += sum(1 for line in lines if is_promo(line.lstrip("| ")))
        checks = {
            "title": got.title == gold.title,
            "text": text == normalize_block(gold.text),
            "authors": list(gold.authors) == got.authors,
            "captions": list(gold.captions) == [c for c in got.captions if c],
            "published": got.published == gold.published,
        }
        self.titles_ok += checks["title"]
        self.texts_ok += checks["text"]
        self.authors_ok += checks["authors"]
        self.captions_ok += checks["captions"]
        self.published_ok += checks["published"]
        self.day_ok += int(got.published[:10] == gold.published[:10])
        self.misses += [f"{gold.name}: {name}" for name, ok in checks.items() if not ok]

    def figures(self) -> dict[str, float]:
        n = max(self.pages, 1)
        return {
            "f1_mean": sum(self.f1) / n,
            "f1_min": min(self.f1, default=0.0),
            "artifacts": self.artifacts,
            "caption_leaks": self.caption_leaks,
            "credit_leaks": self.credit_leaks,
            "promo_leaks": self.promo_leaks,
            "titles": self.titles_ok / n,
            "texts": self.texts_ok / n,
            "authors": self.authors_ok / n,
            "captions": self.captions_ok / n,
            "published_with_time": self.published_ok / n,
            "published_day": self.day_ok / n,
        }


def score(system: Callable[[GoldPage], Extracted], pages: list[GoldPage]) -> Score:
    result = Score()
    for page in pages:
        result.add(page, system(page))
    return result


def defnews_system(page: GoldPage) -> Extracted:
    from crawler.core.sites import extract

    article = extract(page.body, page.url, content_type=page.content_type)
    return Extracted(
        article.title,
        article.text,
        article.authors,
        [image.caption for image in article.images],
        article.published,
    )


def trafilatura_system(page: GoldPage) -> Extracted:
    """Plain trafilatura: its text and its metadata, on the page decoded as we decode it."""
    import trafilatura

    from crawler.core.extraction.decode import decode_html

    html = decode_html(page.body, page.content_type)[0]
    text = trafilatura.extract(html, url=page.url, deduplicate=False) or ""
    meta = trafilatura.extract_metadata(html, default_url=page.url)
    authors = [a.strip() for a in (meta.author or "").split(";") if a.strip()] if meta else []
    title = (meta.title or "") if meta else ""
    return Extracted(title, text, authors, [], (meta.date or "") if meta else "")


# The floor CI holds defnews to (tests/test_quality_gate.py): what it scores today, to the
# precision a change could move it. A parser change that loses any of it fails the build.
FLOORS = {
    "f1_mean": 0.995,
    "f1_min": 0.98,
    "titles": 1.0,
    "texts": 1.0,
    "authors": 1.0,
    "captions": 1.0,
    "published_with_time": 1.0,
}
CEILINGS = {"artifacts": 0, "caption_leaks": 0, "credit_leaks": 0, "promo_leaks": 0}
