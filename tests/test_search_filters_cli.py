"""`defnews search` with the web view's filters: publication days (the site's own, both
included), section, author, and quoted phrases."""

from __future__ import annotations

import json

from tests.support.cli import CrawlResult, run_cli


def _ids(demo_crawl: CrawlResult, *args: str) -> list[str]:
    done = run_cli("search", *args, "--out", str(demo_crawl.out), "--json", "--limit", "50")
    assert done.returncode == 0, done.stderr
    return [json.loads(line)["id"] for line in done.stdout.splitlines()]


def test_days_section_author_and_phrases_narrow_the_hits(demo_crawl: CrawlResult) -> None:
    every = _ids(demo_crawl, "tổng cục")
    assert len(every) >= 3
    one_day = _ids(demo_crawl, "tổng cục", "--since", "2022-10-27", "--until", "2022-10-27")
    assert len(one_day) == 1 and one_day[0] in every
    until = _ids(demo_crawl, "tổng cục", "--until", "2022-10-27")
    assert one_day[0] in until and set(until) < set(every)
    assert _ids(demo_crawl, "tổng cục", "--section", "no such section") == []
    phrase, reversed_words = _ids(demo_crawl, '"cục kỹ"'), _ids(demo_crawl, '"kỹ cục"')
    assert phrase and reversed_words == []
    assert set(_ids(demo_crawl, "kỹ", "cục")) >= set(phrase)


def test_a_bad_day_is_a_usage_error(demo_crawl: CrawlResult) -> None:
    done = run_cli("search", "x", "--since", "2022-13-01", "--out", str(demo_crawl.out))
    assert done.returncode == 2
    assert "not a day: '2022-13-01' (use YYYY-MM-DD)" in done.stderr
    assert "Traceback" not in done.stderr
