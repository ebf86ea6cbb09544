"""A site that changes the way real sites change, crawled before and after: every article it
lists is archived exactly once, and every change is named in the run's report (coverage and
discovery drift). Also: a priming page that answers 404 (the feeds are read all the same) and
back-fill with --since past the listing page limit.

Real loopback servers (crawler.demo.server), the real CLI in a child process, the real
catalogue read back with sqlite3.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.core.sites import get_site
from crawler.demo.changes import new_article, now_vn
from crawler.demo.discovery import SITEMAP_INDEX
from crawler.demo.model import Resource
from crawler.demo.server import DemoServer, LoggedRequest
from crawler.demo.site import DemoSite
from crawler.demo.spec import LISTING, ORIGIN, RSS, SITEMAP, VN
from tests.support.cli import FAST, run_cli

QDND = get_site("qdnd")


@dataclass
class Crawl:
    code: int
    stdout: str
    stderr: str
    requests: list[LoggedRequest]
    report: dict[str, object]

    @property
    def article_paths(self) -> list[str]:
        return [r.path for r in self.requests if QDND.is_article(r.path.split("?", 1)[0])]

    @property
    def coverage(self) -> dict[str, dict[str, object]]:
        sources = self.report["coverage"]
        assert isinstance(sources, list)
        return {str(source["url"]): source for source in sources}

    @property
    def drifted(self) -> set[str]:
        alarms = self.report["discovery_drift"]
        assert isinstance(alarms, list)
        return {str(alarm["url"]) for alarm in alarms}


def crawl(server: DemoServer, out: Path, *extra: str) -> Crawl:
    before = len(server.requests)
    reports = set((out / "runs").glob("*.json"))
    args = ["crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST, *extra]
    result = run_cli(*args)
    (report,) = set((out / "runs").glob("*.json")) - reports
    document = json.loads(report.read_text(encoding="utf-8"))
    return Crawl(
        result.returncode,
        result.stdout,
        result.stderr,
        list(server.requests[before:]),
        document,
    )


def archived_urls(out: Path) -> dict[str, int]:
    """Catalogue key -> rows (versions) of every archived article."""
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return {
            str(key): int(n)
            for key, n in db.execute("SELECT key, COUNT(*) FROM articles GROUP BY key")
        }


def shared_files(out: Path) -> int:
    """Articles whose text files another article also has (expected 0)."""
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        stems = [str(files) for (files,) in db.execute("SELECT files FROM articles")]
    return len(stems) - len(set(stems))


def listed_by_site(server: DemoServer) -> set[str]:
    """Every article the site serves and lets a crawler fetch (robots.txt allows it)."""
    return {a.url for a in server.articles if not a.disallowed}


def key_of(url: str) -> str:
    return url.rstrip("/")


def swap(server: DemoServer, path: str, old: bytes, new: bytes) -> None:
    page = server.lookup(path)
    assert old in page.body, (path, old)
    server.add(path, replace(page, body=page.body.replace(old, new)))


def move(server: DemoServer, old: str, new: str) -> None:
    server.add(new, server.lookup(old))
    server.remove(old)


# -- the changes ---------------------------------------------------------------------------
# Each takes the running server and returns what it changed, in words; each is applied after
# the new articles are published (publishing rebuilds sitemaps, feeds and listings). The lead
# adds "canonical links broken" and "a month moved" here after the identity slice lands.

NEW_FEED = "/rss/cate/tin-moi.rss"
OLD_FEED = "/rss/cate/tin-tuc-moi-nhat.rss"
NEW_LISTING = "/thoi-su/chinh-tri"
NEW_INDEX = "/sitemaps/index-2026.xml"


def priming_page_gone(server: DemoServer) -> str:
    server.remove("/rss")
    server.rss_gate = False  # the feeds now answer without a session cookie
    return "priming page /rss gone (404), feeds open"


def listing_moved(server: DemoServer) -> str:
    move(server, "/chinh-tri", NEW_LISTING)
    swap(
        server, "/", f'href="{ORIGIN}/chinh-tri"'.encode(), f'href="{ORIGIN}{NEW_LISTING}"'.encode()
    )
    return f"listing /chinh-tri moved to {NEW_LISTING} (linked from the home page)"


def feed_renamed(server: DemoServer) -> str:
    move(server, OLD_FEED, NEW_FEED)
    swap(server, "/", f'href="{ORIGIN}{OLD_FEED}"'.encode(), f'href="{ORIGIN}{NEW_FEED}"'.encode())
    return f"feed {OLD_FEED} renamed {NEW_FEED} (linked from the home page)"


def sitemap_only_in_robots(server: DemoServer) -> str:
    move(server, SITEMAP_INDEX, NEW_INDEX)
    swap(server, "/robots.txt", SITEMAP_INDEX.encode(), NEW_INDEX.encode())
    return f"sitemap index {SITEMAP_INDEX} moved to {NEW_INDEX}, named only in robots.txt"


EMPTIED_FEED = "/rss/cate/chinh-tri-3429.rss"


def feed_emptied(server: DemoServer) -> str:
    page = server.lookup(EMPTIED_FEED)
    head, _, rest = page.body.partition(b"<item>")
    assert rest, "the feed had items"
    server.add(EMPTIED_FEED, replace(page, body=head + b"</channel></rss>\n"))
    return f"feed {EMPTIED_FEED} answers with no items"


def canonical_links_broken(server: DemoServer) -> str:
    """A template change: every article page names the home page as its canonical link."""
    for article in server.articles:
        page = server.lookup(article.path)
        own = f'<link rel="canonical" href="{article.url}"'.encode()
        if own in page.body:
            broken = page.body.replace(own, f'<link rel="canonical" href="{ORIGIN}/"'.encode())
            server.add(article.path, replace(page, body=broken))
    return "every article's canonical link names the home page"


CHANGES: list[Callable[[DemoServer], str]] = [
    canonical_links_broken,
    priming_page_gone,
    listing_moved,
    feed_emptied,
    feed_renamed,
    sitemap_only_in_robots,
]

# Articles published between the runs, each reachable through one channel only.
ONE_CHANNEL = {
    # Older than the top-300 sitemap (2025 on): only in its month's sitemap, which only the
    # moved index names, which only robots.txt names.
    "sitemap": (
        900401,
        "Hải quân diễn tập tìm kiếm cứu nạn trên biển",
        "qpan",
        SITEMAP,
        datetime(2024, 12, 5, 9, 0, tzinfo=VN),
    ),
    # A section with no feed and no listing of its own: only in the renamed all-news feed.
    "feed": (900402, "Triển lãm ảnh về người lính biên phòng", "van-hoa", RSS, None),
    # Only in the moved listing.
    "listing": (900403, "Quốc hội thảo luận dự án luật quốc phòng", "chinh-tri", LISTING, None),
}


@dataclass
class SiteChange:
    before: Crawl
    after: Crawl
    again: Crawl  # a third run with --fail-on-drift
    listed: set[str]
    archived: dict[str, int]
    exclusive: dict[str, str]  # channel -> URL of the article only it lists
    changes: list[str]
    out: Path
    redated: str  # the archived article whose date moved to another month


@pytest.fixture(scope="module")
def site_change(demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> SiteChange:
    out = tmp_path_factory.mktemp("site-change")
    with DemoServer(demo_site) as server:
        before = crawl(server, out)
        assert before.code == 0, before.stderr
        exclusive = {}
        for channel, (article_id, title, section, discovery, published) in ONE_CHANNEL.items():
            spec = new_article(
                article_id,
                title,
                [f"{title}: bài viết chỉ có ở một kênh."],
                section=section,
                discovery=discovery,
                published=published,
            )
            exclusive[channel] = ORIGIN + server.publish(spec)
        # A month moved: an editor corrects an archived article's date into this month (its
        # sitemap lastmod moves with it, so the next run fetches it; a new version whose files
        # go to another folder). Before the other changes: redating rebuilds the listings.
        moved = next(a for a in server.articles if "sitemap" in a.discovery and not a.disallowed)
        server.redate(moved.path, now_vn() + timedelta(minutes=1))
        changes = [f"{moved.path} redated into this month", *(c(server) for c in CHANGES)]
        after = crawl(server, out)
        again = crawl(server, out, "--fail-on-drift")
        listed = listed_by_site(server)
    return SiteChange(
        before, after, again, listed, archived_urls(out), exclusive, changes, out, moved.url
    )


def test_every_article_the_changed_site_lists_is_archived_exactly_once(
    site_change: SiteChange,
) -> None:
    listed = {key_of(url) for url in site_change.listed}
    archived = site_change.archived
    missed = listed - set(archived)
    shared = shared_files(site_change.out)
    print(
        f"\nsite change ({'; '.join(site_change.changes)}): articles listed by the site "
        f"{len(listed)}, archived {len(archived)}, missed {len(missed)}, files shared {shared}"
    )
    assert shared == 0
    assert site_change.after.code == 0, site_change.after.stderr
    assert not missed, missed
    assert set(archived) == listed
    # One row, one version, but the redated article: its new date is a second version.
    redated = key_of(site_change.redated)
    assert {key: rows for key, rows in archived.items() if rows != 1} == {redated: 2}
    for channel, url in site_change.exclusive.items():
        assert key_of(url) in archived, f"the {channel}-only article was not archived"
    # Exactly once: the second run fetched the three new articles and the redated one, and
    # nothing else archived before.
    fetched = site_change.after.article_paths
    expected = [urlsplit(u).path for u in [*site_change.exclusive.values(), redated]]
    assert sorted(fetched) == sorted(expected)
    # Each article in its own files, named from its own URL (the canonical links all name the
    # home page now), the redated one's two versions in two months' folders.
    with closing(sqlite3.connect(site_change.out / "catalog.sqlite")) as db, db:
        rows = list(db.execute("SELECT key, version, files, published FROM articles"))
    for key, _version, files, _published in rows:
        record = json.loads((site_change.out / f"{files}.json").read_text(encoding="utf-8"))
        # The record names the URL fetched (the mirror's origin here), the key the site's.
        assert urlsplit(key_of(record["url"])).path == urlsplit(key).path, (files, key)
    months = {published[:7] for key, _v, _f, published in rows if key == redated}
    assert len(months) == 2, months
    for url in site_change.exclusive.values():
        (record,) = [
            json.loads((site_change.out / f"{f}.json").read_text(encoding="utf-8"))
            for key, _v, f, _p in rows
            if key == key_of(url)
        ]
        assert record["canonical_url"] == f"{ORIGIN}/"  # recorded, not used as identity
    assert run_cli("verify", "--out", str(site_change.out)).returncode == 0


def test_each_change_is_named_in_the_report(site_change: SiteChange) -> None:
    after = site_change.after
    coverage = after.coverage
    print("\ndrift lines the run printed:")
    for line in after.stdout.splitlines():
        if line.startswith("discovery drift"):
            print(f"  {line}")
    gone = {
        f"{ORIGIN}/rss": "priming",
        f"{ORIGIN}/chinh-tri": "listing",
        f"{ORIGIN}{OLD_FEED}": "feed",
        f"{ORIGIN}{SITEMAP_INDEX}": "sitemap",
    }
    for url, kind in gone.items():
        source = coverage[url]
        assert (source["kind"], source["ok"], source["answer"]) == (kind, False, "HTTP 404")
        assert url in after.drifted
        noun = "feed priming page" if kind == "priming" else kind
        assert f"discovery drift: qdnd: the {noun} {url} failed (HTTP 404)" in after.stdout
    emptied = f"{ORIGIN}{EMPTIED_FEED}"
    assert coverage[emptied]["ok"] and coverage[emptied]["listed"] == 0
    assert (
        f"discovery drift: qdnd: the feed {emptied} listed nothing; earlier runs got up to 1 "
        "from it" in after.stdout
    )
    assert after.drifted == {*gone, emptied}  # nothing else is taken for drift
    found = {
        f"{ORIGIN}{NEW_INDEX}": f"{ORIGIN}/robots.txt",
        f"{ORIGIN}{NEW_FEED}": f"{ORIGIN}/",
        f"{ORIGIN}{NEW_LISTING}": f"{ORIGIN}/",
    }
    for url, where in found.items():
        source = coverage[url]
        assert source["ok"] and source["found_in"] == where and source["listed"], source
    assert f"in place of {ORIGIN}/chinh-tri" in coverage[f"{ORIGIN}{NEW_LISTING}"]["notes"]
    # The other feeds were read without the priming page's cookie.
    for path in ("/rss/cate/quoc-phong-an-ninh-3424.rss", "/rss/cate/chinh-tri-3429.rss"):
        assert coverage[ORIGIN + path]["ok"]
    # Every entry of every source has one outcome: the figures add up.
    outcomes = ("new", "elsewhere", "archived", "older", "robots", "limit")
    for source in coverage.values():
        assert source["listed"] == sum(int(source[name]) for name in outcomes), source  # type: ignore[call-overload]
    # The first run, on the unchanged site, had no drift.
    assert site_change.before.drifted == set()


def test_fail_on_drift_exits_3_for_discovery_drift(site_change: SiteChange) -> None:
    again = site_change.again
    assert again.code == 3, again.stderr
    last = again.stderr.strip().splitlines()[-1]
    assert last.startswith("defnews: error: discovery drift (") and f"{ORIGIN}/rss" in last


def test_runs_id_shows_the_coverage(site_change: SiteChange) -> None:
    run_id = site_change.after.report["stats"]["run/id"]  # type: ignore[index]
    out = site_change.out
    shown = run_cli("runs", str(run_id), "--out", str(out))
    assert shown.returncode == 0, shown.stderr
    assert f"listing  {ORIGIN}{NEW_LISTING}  HTTP 200" in shown.stdout
    assert f"priming  {ORIGIN}/rss  HTTP 404" in shown.stdout
    assert f"discovery drift: qdnd: the listing {ORIGIN}/chinh-tri failed (HTTP 404)" in (
        shown.stdout
    )
    as_json = run_cli("runs", str(run_id), "--out", str(out), "--json")
    (row,) = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert {source["url"] for source in row["coverage"]} == set(site_change.after.coverage)
    assert {alarm["url"] for alarm in row["discovery_drift"]} == site_change.after.drifted


# -- a priming page that answers 404 ------------------------------------------------------


@pytest.mark.slow
def test_a_priming_page_that_answers_404_still_lets_the_feeds_be_read(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    with DemoServer(demo_site) as server:
        priming_page_gone(server)
        run = crawl(server, tmp_path, "--fail-on-drift")
        listed = listed_by_site(server)
    feed_only = {a.url for a in demo_site.articles if a.discovery == {"rss"} and not a.disallowed}
    assert len(feed_only) >= 2
    archived = archived_urls(tmp_path)
    print(
        f"\npriming page 404: feed-only articles {len(feed_only)}, archived "
        f"{len(feed_only & set(archived))}; all listed {len(listed)}, archived {len(archived)}"
    )
    assert feed_only <= set(archived)
    assert set(archived) == listed
    for path in QDND.feeds:
        assert run.coverage[ORIGIN + path]["ok"], run.coverage[ORIGIN + path]
    assert run.drifted == {f"{ORIGIN}/rss"}
    assert (
        f"discovery drift: qdnd: the feed priming page {ORIGIN}/rss failed (HTTP 404)" in run.stdout
    )
    assert run.code == 3, run.stderr


# -- back-fill ------------------------------------------------------------------------------

DEEP = 40  # listing-only articles published below the sample's own: 9 listing pages in all


def deep_listing(server: DemoServer) -> list[str]:
    """Publish DEEP older articles listed only in /quoc-phong-an-ninh/tin-tuc, one a day
    from 2019-06-01 on; their URLs."""
    urls = []
    for number in range(DEEP):
        published = datetime(2019, 6, 1, 8, 0, tzinfo=VN) + timedelta(days=number)
        spec = new_article(
            910000 + number,
            f"Bản tin quốc phòng số {number + 1}",
            [f"Bản tin số {number + 1} về hoạt động huấn luyện của các đơn vị."],
            published=published,
            discovery=LISTING,
        )
        urls.append(ORIGIN + server.publish(spec))
    return urls


def _listing_pages(run: Crawl) -> list[str]:
    base = "/quoc-phong-an-ninh/tin-tuc"
    return [r.path for r in run.requests if r.path == base or r.path.startswith(base + "/p/")]


@pytest.mark.slow
def test_back_fill_reads_listings_past_the_page_limit(demo_site: DemoSite, tmp_path: Path) -> None:
    with DemoServer(demo_site) as server:
        deep = deep_listing(server)
        scheduled = crawl(server, tmp_path)
        after_scheduled = archived_urls(tmp_path)
        backfill = crawl(server, tmp_path, "--since", "2019-01-01")
        listed = listed_by_site(server)
    listing = f"{ORIGIN}/quoc-phong-an-ninh/tin-tuc"
    # A run without --since stops at the profile's 5 pages, and says so.
    assert len(_listing_pages(scheduled)) == QDND.max_listing_pages == 5
    note = "stopped at the 5-page limit (the profile's max_listing_pages): page 6 and older"
    assert any(note in text for text in scheduled.coverage[listing]["notes"])  # type: ignore[union-attr]
    assert f"limit: {listing}: {note}" in scheduled.stdout
    assert not {key_of(u) for u in deep} <= set(after_scheduled)
    # --since goes back to the date: every page, every article, no limit hit.
    assert len(_listing_pages(backfill)) == 9
    archived = archived_urls(tmp_path)
    print(
        f"\nback-fill: listing pages {len(_listing_pages(backfill))} (limit "
        f"{QDND.max_listing_pages}), deep articles {len(deep)}, archived by the scheduled run "
        f"{len({key_of(u) for u in deep} & set(after_scheduled))}, after --since "
        f"{len({key_of(u) for u in deep} & set(archived))}"
    )
    assert {key_of(u) for u in deep} <= set(archived)
    assert set(archived) == {key_of(u) for u in listed}
    assert backfill.report["limits"] == []


@pytest.mark.slow
def test_back_fill_stops_at_the_date_and_its_limit_is_a_setting(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    since = datetime(2019, 6, 30, tzinfo=VN)
    with DemoServer(demo_site) as server:
        deep = deep_listing(server)
        run = crawl(server, tmp_path / "a", "--since", since.isoformat())
        capped = crawl(
            server, tmp_path / "b", "--since", "2019-01-01", "--set", "BACKFILL_MAX_LISTING_PAGES=7"
        )
    # Pages past the one whose teasers are all older than the date are not read: the deep
    # articles older than it sit on the last pages.
    pages = _listing_pages(run)
    assert 5 < len(pages) < 9, pages
    archived = set(archived_urls(tmp_path / "a"))
    first = datetime(2019, 6, 1, 8, 0, tzinfo=VN)
    recent = {key_of(u) for n, u in enumerate(deep) if first + timedelta(days=n) >= since}
    assert recent and recent <= archived
    listing = f"{ORIGIN}/quoc-phong-an-ninh/tin-tuc"
    assert len(_listing_pages(capped)) == 7
    assert any(
        "stopped at the 7-page limit (BACKFILL_MAX_LISTING_PAGES)" in text
        for text in capped.coverage[listing]["notes"]  # type: ignore[union-attr]
    )


@pytest.mark.slow
def test_dated_sitemaps_are_chosen_by_date(demo_site: DemoSite, tmp_path: Path) -> None:
    with DemoServer(demo_site) as server:
        run = crawl(server, tmp_path, "--since", "2025-01-01")
    index = run.coverage[f"{ORIGIN}{SITEMAP_INDEX}"]
    read = {r.path for r in run.requests}
    assert "/sitemaps/0/2025-01.xml" in read
    assert not {
        p for p in read if p.startswith("/sitemaps/0/20") and not p.startswith("/sitemaps/0/2025")
    }
    assert index["older"] == 5 and index["listed"] == 7, index


# -- a URL over the length limit ----------------------------------------------------------


@pytest.mark.slow
def test_a_url_over_the_length_limit_is_a_failure_in_words(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    long_path = "/quoc-phong-an-ninh/tin-tuc/" + "a" * 2400 + "-900500"
    with DemoServer(demo_site) as server:
        feed = server.lookup(OLD_FEED)
        item = f"<item><title>x</title><link>{ORIGIN}{long_path}</link></item>".encode()
        server.add(
            OLD_FEED,
            Resource(
                feed.status,
                feed.content_type,
                feed.body.replace(b"</channel>", item + b"</channel>"),
            ),
        )
        run = crawl(server, tmp_path)
    length = len(server.base_url + long_path)
    reason = f"not fetched: URL is {length:,} characters, over the 2,083 limit (URLLENGTH_LIMIT)"
    assert any(f["reason"] == reason for f in run.report["failures"])  # type: ignore[union-attr]
    assert reason in run.stderr
    assert run.coverage[f"{ORIGIN}{OLD_FEED}"]["limit"] == 1


@pytest.mark.slow
def test_max_articles_is_a_limit_said_in_words(demo_site: DemoSite, tmp_path: Path) -> None:
    with DemoServer(demo_site) as server:
        run = crawl(server, tmp_path, "--max-articles", "5")
    allowed = [a for a in demo_site.articles if not a.disallowed]
    left = len(allowed) - 5
    assert f"limit: --max-articles 5 reached: {left} more listed articles not fetched" in run.stdout
    assert len(run.article_paths) == 5
    # Every source that listed one of them counts it as dropped by a limit.
    assert sum(int(source["limit"]) for source in run.coverage.values()) >= left  # type: ignore[call-overload]
