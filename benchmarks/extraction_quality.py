"""Extraction quality: defnews beside other extractors, on the gold set and on real news pages.

Part 1, the gold set (crawler.core.jobs.evaluation: every outlet's fixture pages and the bundled
sample sites): per system, token F1 of `text` against the gold body; leaks into the text (the
`leftcenterrightdel` token, captions, the credit line, promo lines); how often title, authors,
captions and a publication time with its offset come out right; and pages/s on one core. The
floors CI holds defnews to are crawler.core.jobs.evaluation.FLOORS (tests/test_quality_gate.py).

Part 2, real news pages (crawler.core.jobs.real_news): 252 publishers' pages read from
<repo>/../shared/data/real-news, split once by publisher into a tuning half (develop against
it) and a held-out half (publishers the tuning half never shows; score on it, never tune on it).
A table per half, one row per extractor: body token F1 / precision / recall (mean over pages;
the gold summary set aside first, for every system alike), summary F1 (pages with a gold
summary; a system's summary field, else its description metadata, else nothing), title,
authors and published-day accuracy, and pages/s. Then the cruder "paragraphs only" measure on
all 252 pages (gold = paragraphs, nothing removed), the one quoted before this split existed.

The other extractors come with the `compare` extra; each one missing is "not installed":
    pip install -e ".[compare]"        (or ".[test,compare]"; one line, both resolve)
readability-lxml stays below 0.9, whose chardet<6 pin frictionless (wacz, in `test`) refuses.

Run: python benchmarks/extraction_quality.py [--half tuning|held-out|both] [--systems a,b]
     [--per-page] [--real-only]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from crawler.core.jobs.evaluation import (
    Extracted,
    GoldPage,
    Score,
    defnews_system,
    gold_pages,
    score,
    trafilatura_system,
)
from crawler.core.jobs.real_news import HALVES, MissingPages, RealPage, Scores, evaluate, in_half
from crawler.core.jobs.real_news import load_pages as load_real_pages
from crawler.core.jobs.real_news_systems import SUMMARY_FROM, SYSTEMS

REAL_NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real-news"


def timed(system: Callable[[GoldPage], Extracted], pages: list[GoldPage]) -> tuple[Score, float]:
    started = time.perf_counter()
    result = score(system, pages)
    return result, len(pages) / (time.perf_counter() - started)


def gold_set() -> None:
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


def real_pages(halves: list[str], names: list[str], per_page: bool) -> None:
    try:
        pages = load_real_pages(REAL_NEWS)
    except MissingPages as missing:
        sys.exit(f"error: {missing}")
    print(f"\n{len(pages)} real news pages from {REAL_NEWS}")
    print("(tuning half: develop against it; held-out half: publishers never tuned on)")
    runs: dict[tuple[str, str], Scores] = {}
    for half in halves:
        group = in_half(pages, half)
        publishers = len({page.publisher for page in group})
        print(f"\n{half}: {len(group)} pages, {publishers} publishers")
        print(HEADER)
        for name in names:
            try:
                system = SYSTEMS[name]()
            except ImportError:
                print(f"{name:24}not installed (pip install -e '.[compare]')")
                continue
            if name == "defnews-extract" and _same_as_generic(group):
                print(f"{name:24}same as defnews on every page (no outlet profile claims one)")
                continue
            runs[name, half] = result = evaluate(name, system, group)
            print(_row(result))
    sources: dict[str, list[str]] = {}
    for name in names:
        sources.setdefault(SUMMARY_FROM.get(name, "nothing (scores 0)"), []).append(name)
    print("\nsummary F1 from")
    for source, systems in sources.items():
        print(f"  {source}: {', '.join(systems)}")
    print("title, authors, date: each system's own metadata; none of its own scores 0")
    _plain_reference(pages, runs)
    if per_page:
        _per_page(pages, halves, runs)


HEADER = (
    f"{'system':24}{'body F1':>8}{'P':>7}{'R':>7}{'summ F1':>9}"
    f"{'title':>7}{'authors':>8}{'date':>7}{'pages/s':>9}"
)


def _row(result: Scores) -> str:
    f = result.figures()
    failed = f"  ({result.errors} page{'s' * (result.errors > 1)} failed)" if result.errors else ""
    return (
        f"{result.system:24}{f['f1']:>8.3f}{f['precision']:>7.3f}{f['recall']:>7.3f}"
        f"{f['summary_f1']:>9.3f}{f['titles']:>7.2f}{f['authors']:>8.2f}{f['days']:>7.2f}"
        f"{f['pages_per_s']:>9.1f}{failed}"
    )


def _same_as_generic(pages: list[RealPage]) -> bool:
    generic, extract = SYSTEMS["defnews"](), SYSTEMS["defnews-extract"]()
    return all(generic(page) == extract(page) for page in pages)


def _plain_reference(pages: list[RealPage], runs: dict[tuple[str, str], Scores]) -> None:
    """The all-pages "paragraphs only" measure, for trafilatura and defnews, whatever halves
    were asked for (the halves not run are run here)."""
    print(f"\nall {len(pages)} pages, gold = paragraphs only, nothing set aside (the measure")
    print("quoted before the split: trafilatura default gave F1 0.930 P 0.891 R 0.987)")
    for name in ("defnews", "trafilatura"):
        plain = []
        for half in HALVES:
            if (name, half) not in runs:
                runs[name, half] = evaluate(name, SYSTEMS[name](), in_half(pages, half))
            plain += runs[name, half].plain
        f1, p, r = (sum(values) / len(plain) for values in zip(*plain, strict=True))
        print(f"{name:24}{f1:>8.3f}{p:>7.3f}{r:>7.3f}")


def _per_page(
    pages: list[RealPage], halves: list[str], runs: dict[tuple[str, str], Scores]
) -> None:
    """defnews beside trafilatura page by page, defnews' worst first: where to look next."""
    half_of = {page.file: half for half in HALVES for page in in_half(pages, half)}
    print(f"\n{'page':48}{'half':>9}  {'defnews F1   P     R':22}{'trafilatura F1 P     R'}")
    rows = []
    for half in halves:
        for name in ("defnews", "trafilatura"):
            if (name, half) not in runs:
                runs[name, half] = evaluate(name, SYSTEMS[name](), in_half(pages, half))
        theirs = {row[0]: row[1:] for row in runs["trafilatura", half].per_page}
        rows += [(row[0], row[1:], theirs[row[0]]) for row in runs["defnews", half].per_page]
    for file, (f1, p, r), (f1t, pt, rt) in sorted(rows, key=lambda row: row[1][0]):
        print(
            f"{file:48}{half_of[file]:>9}  {f1:.3f} {p:.3f} {r:.3f}       "
            f"{f1t:.3f} {pt:.3f} {rt:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--half", choices=[*HALVES, "both"], default="both")
    parser.add_argument(
        "--systems", default=",".join(SYSTEMS), help=f"comma-separated, of: {', '.join(SYSTEMS)}"
    )
    parser.add_argument("--per-page", action="store_true", help="defnews vs trafilatura by page")
    parser.add_argument("--real-only", action="store_true", help="skip the gold set")
    args = parser.parse_args()
    names = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = [name for name in names if name not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system {unknown[0]!r} (known: {', '.join(SYSTEMS)})")
    # Other projects' extractors warn about their optional parts (nltk, ...) on import.
    warnings.filterwarnings("ignore")
    if not args.real_only:
        gold_set()
    real_pages(list(HALVES) if args.half == "both" else [args.half], names, args.per_page)


if __name__ == "__main__":
    main()
