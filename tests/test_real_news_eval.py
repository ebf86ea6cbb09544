"""The real-page evaluation (crawler.core.jobs.real_news): the fixed split holds, and the scorer
sees what it must (a perfect answer scores 1, the lead is set aside alike for every system,
chrome costs precision, a lost paragraph costs recall). The pages are required, never skipped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.core.jobs.real_news import (
    HALVES,
    SPLIT_FILE,
    Got,
    MissingPages,
    RealPage,
    evaluate,
    in_half,
    load_pages,
    prf,
    read_split,
    same_day,
    without_summary,
)
from crawler.core.jobs.real_news_systems import SYSTEMS, held_out_scores
from tests.support.real_news import ROOT

CHROME = [
    "Share on Facebook Share on X Copy link",
    "Sign up for our newsletter and get the day's top stories in your inbox",
    "Related articles: More from this section",
    "Advertisement",
]


@pytest.fixture(scope="module")
def pages() -> list[RealPage]:
    return load_pages(ROOT)


def _gold(page: RealPage) -> str:
    return "\n\n".join(page.body)


def _figures(system: Callable[[RealPage], Got], pages: list[RealPage]) -> dict[str, float]:
    return evaluate("test", system, pages).figures()


def test_the_split_covers_every_page_once(pages: list[RealPage]) -> None:
    lines = [
        line.split()[0]
        for line in SPLIT_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(pages) == 252
    assert Counter(lines) == Counter(page.file for page in pages)  # each exactly once
    assert set(read_split()) == {page.file for page in pages}
    # A page added to the gold set is not silently put in a half.
    new = replace(pages[0], file="xx/New_2027_01_01.html.gz")
    with pytest.raises(ValueError, match=r"^xx/New_2027_01_01.html.gz has no line in "):
        in_half([*pages, new], "tuning")


def test_the_halves_share_no_publisher_and_are_near_even(pages: list[RealPage]) -> None:
    halves = {half: in_half(pages, half) for half in HALVES}
    assert sum(len(group) for group in halves.values()) == len(pages)
    tuning, held_out = ({page.publisher for page in halves[half]} for half in HALVES)
    assert tuning and held_out and not tuning & held_out
    for group in halves.values():
        assert 0.4 * len(pages) <= len(group) <= 0.6 * len(pages)


def test_the_gold_body_scores_one(pages: list[RealPage]) -> None:
    figures = _figures(lambda page: Got(page.title, _gold(page)), pages)
    assert figures["f1"] == figures["precision"] == figures["recall"] == 1.0
    assert figures["titles"] == 1.0


def test_the_gold_summary_is_set_aside_before_the_body_is_scored(pages: list[RealPage]) -> None:
    """Where the gold keeps the lead apart from the body, a system that puts it in its text
    (as its own lines, or run into one block with the body) loses nothing; where the gold body
    holds the lead itself, it stays body."""
    apart = [p for p in pages if p.summary and not without_summary("\n".join(p.summary), p)]
    assert len(apart) > 150
    lines = _figures(lambda p: Got(text="\n".join([*p.summary, *p.body])), apart)
    one_block = _figures(lambda p: Got(text=" ".join([*p.summary, *p.body])), apart)
    assert lines["f1"] == one_block["f1"] == 1.0
    # Without the rule the same answers would have paid for the lead in precision.
    plain = [prf("\n".join([*p.summary, *p.body]), _gold(p))[1] for p in apart]
    assert sum(plain) / len(plain) < 0.97
    # The rule never takes from the gold body, on any page: a lead the body holds stays.
    assert len([p for p in pages if p.summary and p not in apart]) >= 5
    for page in pages:
        assert prf(without_summary(_gold(page), page), _gold(page)) == (1.0, 1.0, 1.0)


def test_chrome_costs_precision_and_a_lost_half_costs_recall(pages: list[RealPage]) -> None:
    chrome = _figures(lambda p: Got(text="\n".join([*CHROME, *p.body, *CHROME])), pages)
    assert chrome["recall"] == 1.0 and chrome["precision"] < 0.98
    several = [page for page in pages if len(page.body) >= 2]
    half = _figures(lambda p: Got(text="\n".join(p.body[: len(p.body) // 2])), several)
    assert half["precision"] == 1.0 and half["recall"] < 0.7
    nothing = _figures(lambda p: Got(), pages)
    assert nothing["f1"] == nothing["precision"] == nothing["recall"] == 0.0


def test_summary_title_authors_and_day(pages: list[RealPage]) -> None:
    def right(page: RealPage) -> Got:
        authors = tuple(f"  {name.lower()} " for name in page.authors)  # case and spaces aside
        title = page.title.replace(" ", "  ")
        return Got(title, _gold(page), "\n".join(page.summary), authors, page.published)

    figures = _figures(right, pages)
    assert figures["summary_f1"] == figures["titles"] == 1.0
    assert figures["authors"] == figures["days"] == 1.0
    wrong = _figures(lambda p: replace(right(p), authors=(), published="1999-01-01"), pages)
    assert wrong["days"] == 0.0 and wrong["authors"] < 0.2
    # A day either where it was written or in UTC: 23:30 at UTC-5 is the next day in UTC.
    assert same_day("2024-05-03T23:30:00-05:00", "2024-05-04 04:30:00+00:00")
    assert same_day("2024-05-03", "2024-05-03 15:47:42.389000+00:00")
    assert not same_day("2024-05-02", "2024-05-03 15:47:42+02:00")
    assert not same_day("", "2024-05-03")


def test_every_system_runs_and_defnews_is_scored_on_held_out_pages(
    pages: list[RealPage],
) -> None:
    """Every extractor either answers a page or is not installed (the `compare` extra is not
    part of `test`): the benchmark's rows never crash. Then the figures the gate pins."""
    page = pages[0]  # a German page every extractor reads
    for name, make in SYSTEMS.items():
        try:
            system = make()
        except ImportError:
            assert not name.startswith(("defnews", "trafilatura")), name
            continue
        got = system(page)
        assert prf(without_summary(got.text, page), _gold(page))[0] > 0.5, name
    figures = held_out_scores(ROOT)
    assert 0.85 < figures["f1"] <= 1.0
    assert 0.85 < figures["precision"] <= 1.0 and 0.85 < figures["recall"] <= 1.0


def test_a_missing_folder_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(MissingPages) as raised:
        load_pages(tmp_path)
    assert str(raised.value) == f"the real news pages are not at {tmp_path} (no gold.jsonl there)"
