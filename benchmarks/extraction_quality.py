"""Extraction quality on the bundled qdnd.vn sample: defnews beside plain trafilatura.extract.

Prints, per system: token F1 of `text` against the gold body, and counts of leaks (the
`leftcenterrightdel` token, captions, the credit line, promo lines) in the text; then how
often authors, captions and a published time with its offset come out right.

Run: python benchmarks/extraction_quality.py
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field

import trafilatura

from crawler.demo.site import DemoArticle, build_site
from crawler.extraction.bylines import is_promo
from crawler.extraction.decode import decode_html
from crawler.extraction.text import has_artifact, normalize_block
from crawler.sites import extract

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter[str]:
    return Counter(token.lower() for token in _TOKEN.findall(text))


def f1(got: str, gold: str) -> float:
    a, b = tokens(got), tokens(gold)
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class Score:
    f1: list[float] = field(default_factory=list)
    artifacts: int = 0
    caption_leaks: int = 0
    credit_leaks: int = 0
    promo_leaks: int = 0
    authors_ok: int = 0
    captions_ok: int = 0
    published_ok: int = 0
    day_ok: int = 0
    seconds: float = 0.0

    def add(
        self, gold: DemoArticle, text: str, authors: list[str], captions: list[str], published: str
    ) -> None:
        text = normalize_block(text)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        self.f1.append(f1(text, gold.text))
        self.artifacts += int(has_artifact(text))
        gold_captions = [image.caption for image in gold.images if image.caption]
        body = set(gold.paragraphs)
        # A caption leaks when it stands in the text as its own line (it is not also a paragraph).
        self.caption_leaks += sum(
            1
            for caption in gold_captions
            if caption not in body and any(caption in line for line in lines)
        )
        self.credit_leaks += int(
            bool(gold.credit) and any(line.endswith(gold.credit) for line in lines)
        )
        self.promo_leaks += sum(1 for line in lines if is_promo(line.lstrip("| ")))
        self.authors_ok += int(list(gold.authors) == authors)
        self.captions_ok += int(gold_captions == [c for c in captions if c])
        self.published_ok += int(published == gold.published)
        self.day_ok += int(published[:10] == gold.published[:10])


def main() -> None:
    site = build_site()
    articles = [a for a in site.articles if not a.disallowed]
    ours, baseline = Score(), Score()
    for gold in articles:
        resource = site.resources[gold.path]
        started = time.perf_counter()
        article = extract(resource.body, gold.url, content_type=resource.content_type)
        ours.seconds += time.perf_counter() - started
        ours.add(
            gold,
            article.text,
            article.authors,
            [i.caption for i in article.images],
            article.published,
        )

        started = time.perf_counter()
        page = decode_html(resource.body, resource.content_type)[0]
        text = trafilatura.extract(page, url=gold.url, deduplicate=False) or ""
        meta = trafilatura.extract_metadata(page, default_url=gold.url)
        baseline.seconds += time.perf_counter() - started
        authors = [a.strip() for a in (meta.author or "").split(";") if a.strip()] if meta else []
        published = (meta.date or "") if meta else ""
        baseline.add(gold, text, authors, [], published)

    n = len(articles)
    print(f"{n} qdnd.vn article pages of the bundled sample (eras 2020, 2021-23, 2025)\n")
    print(f"{'':28}{'defnews':>12}{'trafilatura':>14}")
    rows = [
        ("text token F1 (mean)", lambda s: f"{sum(s.f1) / n:.3f}"),
        ("text token F1 (min)", lambda s: f"{min(s.f1):.3f}"),
        ("pages with artifact token", lambda s: str(s.artifacts)),
        ("captions leaked into text", lambda s: str(s.caption_leaks)),
        ("credit lines left in text", lambda s: str(s.credit_leaks)),
        ("promo lines left in text", lambda s: str(s.promo_leaks)),
        ("authors exactly right", lambda s: f"{s.authors_ok}/{n}"),
        ("captions exactly right", lambda s: f"{s.captions_ok}/{n}"),
        ("published day right", lambda s: f"{s.day_ok}/{n}"),
        ("published time and +07:00", lambda s: f"{s.published_ok}/{n}"),
        ("pages/s (one core)", lambda s: f"{n / s.seconds:.0f}"),
    ]
    for label, value in rows:
        print(f"{label:28}{value(ours):>12}{value(baseline):>14}")


if __name__ == "__main__":
    main()
