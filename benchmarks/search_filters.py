"""What the web view's search filters cost on a big archive, with no words given (the listing of
the latest articles the filters keep, crawler.core.catalog.search.latest): the case where no
full-text match narrows the articles first.

Builds a catalogue of ARTICLES synthetic articles (real catalogue code: Catalog.store_article,
so the search index is the real one) in a scratch folder, then times, RUNS times each and
interleaved, the listing with no filter (the baseline), an outlet, a date range, an author
and a section, and prints the median and each run, and each one's ratio to the baseline.

Run: python benchmarks/search_filters.py [--articles 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from crawler.core.catalog.catalog import Catalog
from crawler.core.catalog.search import latest
from crawler.core.catalog.search_filters import Filters

FIRST = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Huy", "Minh", "Đức", "Quang"]
LAST = ["Vịnh", "Tân", "Hùng", "Sơn", "Hà", "Lan", "Tuấn", "Long"]
SECTIONS = ["Quốc phòng - An ninh", "Chính trị", "Quốc tế", "Văn hóa", "Kinh tế"]
WORDS = [
    "quân",
    "đội",
    "nhân",
    "dân",
    "huấn",
    "luyện",
    "sẵn",
    "sàng",
    "chiến",
    "đấu",
    "biên",
    "giới",
    "hải",
    "quân",
    "phòng",
    "không",
]


def build(folder: Path, articles: int) -> Path:
    rng = random.Random(17)
    start = datetime(2020, 1, 1, 8, 0)
    path = folder / "catalog.sqlite"
    with Catalog(path) as catalog:
        catalog.db.execute("PRAGMA synchronous=OFF")  # a scratch file: speed, not safety
        for n in range(articles):
            site = "qdnd" if n % 3 else "qdnd-en"
            author = f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(LAST)}"
            published = (start + timedelta(hours=n)).isoformat() + "+07:00"
            fields = {
                "url": f"https://www.qdnd.vn/bai-viet-{n}",
                "site": site,
                "title": " ".join(rng.choices(WORDS, k=8)),
                "text": " ".join(rng.choices(WORDS, k=300)),
                "published": published,
                "authors": [author],
                "section": [rng.choice(SECTIONS)],
            }
            catalog.store_article(f"https://www.qdnd.vn/bai-viet-{n}", fields)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cases = {
        "no filter (baseline)": Filters(),
        "outlet": Filters(site="qdnd"),
        "date range (one year)": Filters(since=date(2021, 1, 1), until=date(2021, 12, 31)),
        "author (one name's words)": Filters(author="huy vinh"),
        "section": Filters(section="quoc te"),
    }
    with tempfile.TemporaryDirectory(prefix="defnews-bench-") as scratch:
        began = time.perf_counter()
        path = build(Path(scratch), args.articles)
        print(f"{args.articles} articles catalogued in {time.perf_counter() - began:.0f} s")
        times: dict[str, list[float]] = {name: [] for name in cases}
        totals: dict[str, int] = {}
        with Catalog(path, read_only=True) as catalog:
            for _ in range(args.runs):
                for name, filters in cases.items():
                    began = time.perf_counter()
                    _, totals[name] = latest(catalog.db, filters, limit=50)
                    times[name].append(time.perf_counter() - began)
    base = statistics.median(times["no filter (baseline)"])
    print(f"{'listing':28} {'kept':>7} {'median s':>9} {'× base':>7}  runs")
    for name, spent in times.items():
        median = statistics.median(spent)
        each = " ".join(f"{value:.3f}" for value in spent)
        print(f"{name:28} {totals[name]:7d} {median:9.3f} {median / base:7.2f}  {each}")


if __name__ == "__main__":
    main()
