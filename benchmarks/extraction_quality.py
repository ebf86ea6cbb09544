"""Extraction quality on the gold set (crawler.core.jobs.evaluation): defnews beside plain trafilatura.

Prints, per system: token F1 of `text` against the gold body; leaks into the text (the
`leftcenterrightdel` token, captions, the credit line, promo lines); how often title,
authors, captions and a publication time with its offset come out right; and pages/s on one
core. The floors CI holds defnews to are crawler.core.jobs.evaluation.FLOORS (tests/test_quality_gate.py).

Run: python benchmarks/extraction_quality.py
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from crawler.core.jobs.evaluation import (
    Extracted,
    GoldPage,
    Score,
    defnews_system,
    gold_pages,
    score,
    trafilatura_system,
)


def timed(system: Callable[[GoldPage], Extracted], pages: list[GoldPage]) -> tuple[Score, float]:
    started = time.perf_counter()
    result = score(system, pages)
    return result, len(pages) / (time.perf_counter() - started)


def main() -> None:
    pages = list(gold_pages())
    outlets = Counter(page.name.split("/", 1)[0] for page in pages)
    print(f"{len(pages)} gold pages: " + ", ".join(f"{n} {k}" for k, n in sorted(outlets.items())))
    print("(fixtures: crawler/sites/fixtures/<outlet>/; sample: the bundled qdnd.vn site)\n")
    ours, our_rate = timed(defnews_system, pages)
    theirs, their_rate = timed(trafilatura_system, pages)
    a, b = ours.figures(), theirs.figures()
    n = len(pages)
    rows = [
        ("text token F1 (mean)", "f1_mean", "{:.3f}"),
        ("text token F1 (min)", "f1_min", "{:.3f}"),
        ("pages with artifact token", "artifacts", "{:.0f}"),
        ("captions leaked into text", "caption_leaks", "{:.0f}"),
        ("credit lines left in text", "credit_leaks", "{:.0f}"),
        ("promo lines left in text", "promo_leaks", "{:.0f}"),
    ]
    print(f"{'':30}{'defnews':>12}{'trafilatura':>14}")
    for label, key, form in rows:
        print(f"{label:30}{form.format(a[key]):>12}{form.format(b[key]):>14}")
    for label, key in (
        ("titles exactly right", "titles"),
        ("texts exactly right, in order", "texts"),
        ("authors exactly right", "authors"),
        ("captions exactly right", "captions"),
        ("published day right", "published_day"),
        ("published time and offset", "published_with_time"),
    ):
        print(f"{label:30}{f'{round(a[key] * n)}/{n}':>12}{f'{round(b[key] * n)}/{n}':>14}")
    print(f"{'pages/s (one core)':30}{our_rate:>12.0f}{their_rate:>14.0f}")
    # Per outlet: where the parsers were written against the pages (every profile), and where
    # no profile exists (sample-en: the generic parser, the "any other outlet" case).
    print(f"\n{'text F1 / texts right, by outlet':30}{'defnews':>12}{'trafilatura':>14}")
    for outlet in sorted(outlets):
        group = [page for page in pages if page.name.split("/", 1)[0] == outlet]
        mine, other = score(defnews_system, group).figures(), score(trafilatura_system, group)
        theirs_group = other.figures()
        k = len(group)
        ours_cell = f"{mine['f1_mean']:.3f} {round(mine['texts'] * k)}/{k}"
        theirs_cell = f"{theirs_group['f1_mean']:.3f} {round(theirs_group['texts'] * k)}/{k}"
        print(f"{outlet:30}{ours_cell:>12}{theirs_cell:>14}")


if __name__ == "__main__":
    main()
