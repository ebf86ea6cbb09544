"""`defnews check-sites --save-fixture`: the page fetched is kept in its outlet's fixture folder
with its provenance, ready for scripts/make_fixture.py; against a site on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from crawler.core.sites.fixture_files import fetched_name, read_provenance
from crawler.core.sites.table import FIXTURE_ROOT
from tests.support.cli import run_cli
from tests.support.sites.static import Page, StaticSite

REAL = "https://www.army.mil/article/281234/soldiers_test_new_counter_drone_system_at_yuma"
PATH = REAL.removeprefix("https://www.army.mil")
FIXTURE = FIXTURE_ROOT / "army" / "2024_lead-photo-credits_281234"
CONTENT_TYPE = "text/html; charset=utf-8"


def army_site() -> StaticSite:
    when = format_datetime(datetime(2024, 11, 20, 9, 0, tzinfo=UTC))
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Army News</title>'
        f"<item><title>Counter-drone</title><link>{REAL}</link><pubDate>{when}</pubDate></item>"
        "<item><title>Not an article</title><link>https://www.army.mil/news</link></item>"
        "</channel></rss>"
    ).encode()
    page = gzip.decompress(Path(f"{FIXTURE}.html.gz").read_bytes())
    return StaticSite(
        {
            "/rss/static/1.xml": Page(feed, "application/rss+xml"),
            PATH: Page(page, CONTENT_TYPE),
        }
    )


def test_a_saved_page_carries_its_provenance_and_becomes_a_fixture(tmp_path: Path) -> None:
    root = tmp_path / "fixtures"
    before = datetime.now(UTC).replace(microsecond=0)
    with army_site() as site:
        args = ("check-sites", "army", "--base-url", site.base_url, "--save-fixture")
        done = run_cli(*args, "--fixtures", str(root), "--json")
        again = run_cli(*args, "--fixtures", str(root))
        served = site.pages[PATH].body
        local = site.base_url + PATH
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in done.stdout.splitlines()]
    page = Path(record["saved"])
    assert page.parent == root / "army" and page.name.endswith(
        "_fetched_article-281234-soldiers-test-new-counter-drone-system-at-yuma.html.gz"
    )
    assert gzip.decompress(page.read_bytes()) == served  # the bytes as served
    provenance = read_provenance(page)
    assert provenance["url"] == REAL and provenance["fetched-from"] == local
    assert provenance["status"] == "200" and provenance["content-type"] == CONTENT_TYPE
    fetched = datetime.fromisoformat(provenance["fetched"])
    assert before <= fetched <= datetime.now(UTC) + timedelta(seconds=1)
    # A second save keeps the first page and says where the new one went.
    assert again.returncode == 0, again.stderr
    assert {p.name for p in (root / "army").glob("*.html.gz")} == {
        page.name,
        page.name.replace(".html.gz", "-2.html.gz"),
    }
    assert f"saved {root / 'army' / page.name.replace('.html.gz', '-2.html.gz')}" in again.stdout

    # Its expected JSON, by make_fixture.py from the provenance alone: the committed fixture's.
    script = Path(__file__).parent.parent / "scripts" / "make_fixture.py"
    made = subprocess.run(
        [sys.executable, str(script), str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    written = json.loads(page.with_name(page.name.replace(".html.gz", ".json")).read_text())
    committed = json.loads(Path(f"{FIXTURE}.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in written.items() if k != "content_type"} == {
        k: v for k, v in committed.items() if k in written and k != "content_type"
    }


def test_fixtures_without_save_fixture_is_a_one_line_error(tmp_path: Path) -> None:
    done = run_cli("check-sites", "army", "--fixtures", str(tmp_path))
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr == "defnews: error: --fixtures names where --save-fixture writes: give both\n"
    )


def test_fetched_names_are_safe_file_names() -> None:
    when = datetime(2026, 12, 7, tzinfo=UTC)
    assert fetched_name(REAL, when) == (
        "2026_fetched_article-281234-soldiers-test-new-counter-drone-system-at-yuma"
    )
    assert fetched_name("https://x.example/../../etc/passwd", when) == "2026_fetched_etc-passwd"
    assert fetched_name("https://x.example/", when) == "2026_fetched_home"


def test_every_fixture_page_says_where_it_came_from() -> None:
    """A page fetched live names its URL, time, status and type; a built one, what built it."""
    pages = sorted(FIXTURE_ROOT.glob("*/*.html.gz"))
    assert pages
    for page in pages:
        provenance = read_provenance(page)
        assert provenance, f"{page} has no .provenance.txt"
        if "synthetic" in provenance:
            built_by = provenance["synthetic"].split()[0]
            assert (Path(__file__).parent.parent / built_by).exists(), page
        else:
            assert {"url", "fetched", "status", "content-type"} <= set(provenance), page
