"""One article, one set of files, one capture: article identity and capture reuse, end to end
against a local outlet (tests/identity_site.py) crawled with `defnews crawl --start`.

- Text files are named from each article's own URL key: seventeen articles whose canonical
  link is the home page, and a page whose canonical names another article with another text,
  each keep their own files; an AMP copy with the same words is the same article; query-order
  variants are one URL. No file is ever replaced by another article's (a hard guard).
- A change to the date, authors, tags or a caption only is a new version with its capture.
- WARCs moved away between crawls: the next crawl archives the bodies again instead of
  revisits to nothing, and `reparse` reads every article.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.core.article import Article
from crawler.core.catalog.article_files import FileClash, free_stem, owner, write_article_files
from crawler.core.catalog.captures import capture_of
from crawler.core.catalog.catalog import Catalog
from crawler.core.catalog.identity import same_article
from crawler.core.catalog.keys import normalize_key
from crawler.core.catalog.paths import OutputLayout
from tests.support.cli import FAST, run_cli
from tests.support.sites.identity import (
    AMP,
    ORIGINAL,
    QUERY,
    QUERY_SWAPPED,
    TWIN,
    TWIN_LIVE,
    IdentitySite,
    broken_canonical_pages,
    plain_pages,
    twin_pages,
)


def crawl(site: IdentitySite, out: Path, *extra: str) -> str:
    result = run_cli("crawl", "--start", site.base_url + "/", "--out", str(out), *FAST, *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout


def killed_crawl(site: IdentitySite, out: Path, after: int, url_part: str) -> None:
    """A crawl that kills itself with SIGKILL in the pipeline at position `after`, on the page
    whose URL holds url_part (tests.plugins.killer)."""
    killed = run_cli(
        "crawl", "--start", site.base_url + "/", "--out", str(out), *FAST,
        "--set", f'ITEM_PIPELINES={{"tests.plugins.killer.KillPipeline": {after}}}',
        "--set", f"KILL_ON_URL_PART={url_part}",
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr


def text_files(out: Path) -> dict[str, dict[str, Any]]:
    """Current (not kept .vN) JSON records by stem, relative to out."""
    found = {}
    for path in (out / "articles").rglob("*.json"):
        stem = path.relative_to(out).as_posix().removesuffix(".json")
        if ".v" not in path.name:
            found[stem] = json.loads(path.read_text(encoding="utf-8"))
    return found


def latest_rows(out: Path) -> dict[str, sqlite3.Row]:
    db = sqlite3.connect(out / "catalog.sqlite")
    db.row_factory = sqlite3.Row
    rows = db.execute(
        "SELECT * FROM articles AS a WHERE version = "
        "(SELECT MAX(version) FROM articles WHERE key = a.key)"
    ).fetchall()
    db.close()
    return {row["key"]: row for row in rows}


def outcomes(out: Path) -> dict[str, str]:
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return dict(db.execute("SELECT key, outcome FROM urls WHERE kind = 'article'").fetchall())


def warc_records(out: Path) -> dict[str, dict[str, Any]]:
    """Every record of every WARC in the folder, by record id, read with warcio."""
    records = {}
    for path in sorted((out / "warc").glob("*.warc.gz")):
        with path.open("rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                headers = record.rec_headers
                body = record.content_stream().read() if record.rec_type == "response" else b""
                records[headers.get_header("WARC-Record-ID")] = {
                    "type": record.rec_type,
                    "uri": headers.get_header("WARC-Target-URI"),
                    "refers_to": headers.get_header("WARC-Refers-To"),
                    "file": path.relative_to(out).as_posix(),
                    "offset": iterator.get_record_offset(),
                    "body": body,
                }
    return records


def assert_one_file_set_per_article(out: Path) -> dict[str, sqlite3.Row]:
    """Each latest version's files hold its own record; no two articles share a stem."""
    rows = latest_rows(out)
    files = text_files(out)
    assert len(files) == len(rows)
    assert sorted(files) == sorted(row["files"] for row in rows.values())
    for key, row in rows.items():
        record = files[row["files"]]
        assert normalize_key(record["url"]) == key
        assert record == json.loads(row["fields"])
        assert (out / f"{row['files']}.txt").read_text(encoding="utf-8").startswith(record["title"])
    return rows


def assert_captures_readable(out: Path, site: IdentitySite) -> None:
    """Every article's capture is in the folder, holds (or refers to) the page it came from."""
    records = warc_records(out)
    with Catalog(out / "catalog.sqlite") as catalog:
        for stored in catalog.articles():
            ref = stored.fields["warc"]
            assert (out / ref["file"]).is_file(), ref
            record = records[ref["record_id"]]
            assert (record["file"], record["offset"]) == (ref["file"], ref["offset"])
            assert normalize_key(record["uri"]) == stored.key
            if record["type"] == "revisit":  # its original must be here too
                assert records[record["refers_to"]]["type"] == "response"
            page = site.page(str(record["uri"]).removeprefix(site.base_url))
            assert page is not None
            body = capture_of(out, catalog, stored.fields).body.decode("utf-8")
            assert f"<h1>{page.title}</h1>" in body


@dataclass
class Crawled:
    site: IdentitySite
    out: Path
    stdout: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    out = tmp_path_factory.mktemp("identity")
    with IdentitySite(broken_canonical_pages() + twin_pages()) as site:
        yield Crawled(site, out, crawl(site, out))


def key_of(site: IdentitySite, path: str) -> str:
    return normalize_key(site.base_url + path)


def test_articles_sharing_a_broken_canonical_link_keep_their_own_files(crawled: Crawled) -> None:
    rows = assert_one_file_set_per_article(crawled.out)
    broken = broken_canonical_pages()
    for page in broken:
        row = rows[key_of(crawled.site, page.path)]
        fields = json.loads(row["fields"])
        assert fields["title"] == page.title
        assert fields["canonical_url"] == crawled.site.base_url + "/"  # recorded, not identity
    assert len({rows[key_of(crawled.site, p.path)]["files"] for p in broken}) == 17
    assert_captures_readable(crawled.out, crawled.site)


def test_a_page_naming_another_article_as_canonical_keeps_its_own_text(crawled: Crawled) -> None:
    rows = latest_rows(crawled.out)
    twin, live = rows[key_of(crawled.site, TWIN)], rows[key_of(crawled.site, TWIN_LIVE)]
    assert twin["files"] != live["files"]
    assert text_files(crawled.out)[twin["files"]]["title"] == "Frigate begins sea trials"
    assert text_files(crawled.out)[live["files"]]["title"].endswith("live updates")


def test_the_same_words_under_a_second_url_are_one_article(crawled: Crawled) -> None:
    """Whichever of the two was fetched first holds the article; the other is its duplicate."""
    rows = latest_rows(crawled.out)
    pair = [key_of(crawled.site, ORIGINAL), key_of(crawled.site, AMP)]
    (holder,) = [k for k in pair if k in rows]
    (copy,) = [k for k in pair if k != holder]
    assert outcomes(crawled.out)[holder] == "stored"
    assert outcomes(crawled.out)[copy] == "duplicate"
    drones = [row for row in rows.values() if row["title"] == "Drone unit formed in north"]
    assert len(drones) == 1


def test_query_order_variants_are_one_url(crawled: Crawled) -> None:
    assert normalize_key(crawled.site.base_url + QUERY) == normalize_key(
        crawled.site.base_url + QUERY_SWAPPED
    )
    swarm = [key for key in outcomes(crawled.out) if "drone-swarm" in key]
    assert swarm == [key_of(crawled.site, QUERY)]
    fetched = [path for path, _ in crawled.site.requests if path.startswith("/news/drone-swarm")]
    assert len(fetched) == 1
    assert len([r for r in latest_rows(crawled.out).values() if "drone-swarm" in r["key"]]) == 1


def test_a_second_crawl_fetches_no_article_again(crawled: Crawled, tmp_path: Path) -> None:
    out = Path(shutil.copytree(crawled.out, tmp_path / "out"))
    before = len(crawled.site.requests)
    stdout = crawl(crawled.site, out)
    assert "articles: 0 new, 0 changed, 0 unchanged" in stdout
    again = [path for path, _ in crawled.site.requests[before:]]
    assert AMP not in again and TWIN_LIVE not in again and QUERY not in again


def test_files_an_older_defnews_shared_between_articles_are_taken_apart(
    crawled: Crawled, tmp_path: Path
) -> None:
    """An archive written when stems came from canonical links: seventeen catalogue rows name
    one stem, whose files hold the last article written there. A refresh crawl gives each its
    own files, and the one whose record is in the shared files keeps them in place."""
    out = Path(shutil.copytree(crawled.out, tmp_path / "out"))
    rows = latest_rows(out)
    broken = [rows[key_of(crawled.site, p.path)] for p in broken_canonical_pages()]
    shared, holder = broken[0]["files"], broken[0]["key"]
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        for row in broken[1:]:
            db.execute("UPDATE articles SET files = ? WHERE id = ?", (shared, row["id"]))
            for suffix in (".json", ".txt"):
                (out / f"{row['files']}{suffix}").unlink()
    crawl(crawled.site, out, "--refresh")
    rows = assert_one_file_set_per_article(out)
    assert rows[holder]["files"] == shared
    assert len({rows[row["key"]]["files"] for row in broken}) == 17


def test_no_article_overwrites_another_articles_files(tmp_path: Path) -> None:
    layout = OutputLayout(tmp_path)
    first = Article(
        url="https://x.example/a-b-c", site="x", title="A", text="one", published="2025-01-02"
    )
    second = Article(
        url="https://x.example/d-e-f", site="x", title="D", text="two", published="2025-01-02"
    )
    stem = write_article_files(layout, first)
    before = {p.name: p.read_bytes() for p in stem.parent.iterdir()}
    with pytest.raises(FileClash):
        write_article_files(layout, second, stem)
    assert {p.name: p.read_bytes() for p in stem.parent.iterdir()} == before
    # A stem another article holds (an older defnews named it from a canonical link) makes
    # the next free name this article's.
    own = layout.article("x", "2025-01-02", normalize_key(second.url))
    shutil.copy(stem.with_suffix(".json"), own.with_suffix(".json"))
    assert owner(own) == normalize_key(first.url)
    assert free_stem(layout, second) != own
    written = write_article_files(layout, second)
    assert written == free_stem(layout, second) and owner(written) == normalize_key(second.url)
    assert owner(own) == normalize_key(first.url)


def test_the_first_url_archived_keeps_the_article_whichever_comes_first(tmp_path: Path) -> None:
    """The copy fetched before its canonical original: the original is then the duplicate."""
    words = {"site": "x", "title": "T", "summary": "S", "text": "the words"}
    copy = {
        **words,
        "url": "https://x.example/amp/t-t-t",
        "canonical_url": "https://x.example/t-t-t",
    }
    original = {
        **words,
        "url": "https://x.example/t-t-t",
        "canonical_url": "https://x.example/t-t-t",
    }
    other = {**original, "url": "https://x.example/u-u-u", "text": "other words"}
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        catalog.store_article(normalize_key(copy["url"]), copy)
        found = same_article(catalog, normalize_key(original["url"]), original)
        assert found is not None and found.key == normalize_key(copy["url"])
        assert same_article(catalog, normalize_key(other["url"]), other) is None
        # Another outlet's page with these words, naming ours as canonical (syndication): still
        # its own outlet's article.
        syndicated = {**copy, "site": "y", "url": "https://y.example/t-t-t"}
        catalog.store_article(normalize_key(original["url"]), original)
        assert same_article(catalog, normalize_key(syndicated["url"]), syndicated) is None
        assert same_article(catalog, normalize_key(syndicated["url"]), {**syndicated, "site": "x"})
        # The same words, but no canonical link between the two: two articles.
        unlinked = {**words, "url": "https://x.example/v-v-v", "canonical_url": ""}
        assert same_article(catalog, normalize_key(unlinked["url"]), unlinked) is None


# -- metadata-only changes ---------------------------------------------------------------------


def test_a_change_to_the_date_authors_tags_or_a_caption_is_a_new_version(
    tmp_path: Path,
) -> None:
    pages = plain_pages(6)
    changes: dict[str, dict[str, Any]] = {
        pages[0].path: {"published": "2025-01-12T09:00:00+07:00"},
        pages[1].path: {"published": "2025-03-02T09:00:00+07:00"},  # into another month
        pages[2].path: {"authors": ("Jane Porter", "Minh Tran")},
        pages[3].path: {"tags": ("defense", "drones")},
        pages[4].path: {"caption": "The howitzer at the range, corrected."},
    }
    out = tmp_path / "out"
    with IdentitySite(pages) as site:
        crawl(site, out)
        first = latest_rows(out)
        for path, change in changes.items():
            site.edit(path, **change)
        crawl(site, out)
        rows = assert_one_file_set_per_article(out)
        assert_captures_readable(out, site)
        for path, change in changes.items():
            row, was = rows[key_of(site, path)], first[key_of(site, path)]
            fields = json.loads(row["fields"])
            assert row["version"] == 2, path
            name, value = next(iter(change.items()))
            if name == "caption":
                assert fields["images"][0]["caption"] == value
            else:
                assert fields[name] == (list(value) if isinstance(value, tuple) else value)
            # The new capture is this crawl's, and shows the change.
            assert fields["warc"] != json.loads(was["fields"])["warc"]
            with Catalog(out / "catalog.sqlite") as catalog:
                body = capture_of(out, catalog, fields).body.decode("utf-8")
            assert (value[-1] if isinstance(value, tuple) else value) in body
            # The old version is kept, with its files.
            kept = json.loads((out / f"{was['files']}.v1.json").read_text(encoding="utf-8"))
            assert kept == json.loads(was["fields"])
        unchanged = [p.path for p in pages if p.path not in changes]
        for path in unchanged:
            assert rows[key_of(site, path)]["version"] == 1


# -- WARCs gone between crawls -----------------------------------------------------------------


def _move_warcs(out: Path, where: Path) -> None:
    shutil.move(out / "warc", where)
    (out / "warc").mkdir()


def test_a_refresh_after_the_warcs_moved_archives_the_bodies_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with IdentitySite(plain_pages(10)) as site:
        crawl(site, out)
        _move_warcs(out, tmp_path / "cold")
        crawl(site, out, "--refresh")
        records = warc_records(out)
        assert not [
            r for r in records.values() if r["type"] == "revisit" and r["refers_to"] not in records
        ]
        assert_captures_readable(out, site)
        result = run_cli("reparse", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert "0 could not be read" in result.stdout


def test_a_revalidation_against_moved_warcs_fetches_the_bodies_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with IdentitySite(plain_pages(10)) as site:
        crawl(site, out)
        _move_warcs(out, tmp_path / "cold")
        site.touch_all("2025-12-31T00:00:00+00:00")  # every article due: revalidated
        before = len(site.requests)
        crawl(site, out)
        assert_captures_readable(out, site)
        result = run_cli("reparse", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert "0 could not be read" in result.stdout
        # Not asked for a 304 that could only be answered from a file that is gone.
        articles = [(p, h) for p, h in site.requests[before:] if site.page(p) is not None]
        assert len(articles) == 10 and not [p for p, h in articles if "If-None-Match" in h]


def test_a_page_rebuilt_from_a_304_points_at_the_record_with_its_body(tmp_path: Path) -> None:
    """An unchanged visit refreshes the article's capture: from a 304, the capture is the
    record that holds the body, never the bodiless 304."""
    out = tmp_path / "out"
    with IdentitySite(plain_pages(4)) as site:
        crawl(site, out)
        site.touch_all("2025-12-31T00:00:00+00:00")
        before = len(site.requests)
        stdout = crawl(site, out)
        assert [p for p, h in site.requests[before:] if "If-None-Match" in h and site.page(p)]
        assert "0 new, 0 changed" in stdout
        assert_captures_readable(out, site)
        records = warc_records(out)
        with Catalog(out / "catalog.sqlite") as catalog:
            for stored in catalog.articles():
                assert records[stored.fields["warc"]["record_id"]]["type"] == "response"


@pytest.mark.slow
@pytest.mark.parametrize("after", [400, 600])  # after the old files are kept; after the new text
def test_a_crawl_killed_while_storing_a_metadata_only_version_loses_nothing(
    after: int, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    pages = plain_pages(3)
    moved = pages[1].path
    with IdentitySite(pages) as site:
        crawl(site, out)
        first = latest_rows(out)[key_of(site, moved)]
        site.edit(moved, published="2025-03-02T09:00:00+07:00")  # and so into another folder
        killed_crawl(site, out, after, moved)
        crawl(site, out)
        rows = assert_one_file_set_per_article(out)
        assert_captures_readable(out, site)
    row = rows[key_of(site, moved)]
    assert row["version"] == 2 and json.loads(row["fields"])["published"].startswith("2025-03-02")
    kept = out / f"{first['files']}.v1.json"
    assert json.loads(kept.read_text(encoding="utf-8")) == json.loads(first["fields"])
    assert not list((out / "articles").rglob("*.v1.v*"))


# -- copies of an archived article that show readers something new -----------------------------


def _verify_article_problems(out: Path) -> list[str]:
    """verify's problems with the articles (their rows, captures and text files)."""
    result = run_cli("verify", "--out", str(out))
    return [
        line
        for line in result.stdout.splitlines()
        if line.startswith("problem:") and ("(articles)" in line or "problem: articles/" in line)
    ]


def _capture_record(out: Path, fields: dict[str, Any]) -> dict[str, Any]:
    ref = fields["warc"]
    assert (out / ref["file"]).is_file(), ref
    record = warc_records(out)[ref["record_id"]]
    assert (record["file"], record["offset"]) == (ref["file"], ref["offset"])
    return record


@pytest.mark.slow
def test_a_copy_with_new_authors_and_date_is_a_new_version_of_its_article(
    tmp_path: Path,
) -> None:
    """The AMP copy archived first holds the article; the site then lists only the article
    itself (the same words: a duplicate) and later changes its authors and date. The change is
    a new version of the article, with the capture and files of the page that shows it."""
    pages = {page.path: page for page in twin_pages()}
    out = tmp_path / "out"
    with IdentitySite([pages[AMP]]) as site:
        crawl(site, out)
        first = latest_rows(out)[key_of(site, AMP)]
        site.pages = [pages[ORIGINAL]]
        stdout = crawl(site, out)
        assert "0 new, 0 changed" in stdout
        assert "1 page was a copy of archived articles" in stdout
        with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
            (run,) = db.execute("SELECT MAX(id) FROM runs").fetchone()
        shown = run_cli("runs", str(run), "--out", str(out))
        assert "duplicates     1" in shown.stdout, shown.stdout
        site.edit(ORIGINAL, authors=("Minh Tran",), published="2025-05-04T10:00:00+07:00")
        stdout = crawl(site, out)
        assert "0 new, 1 changed" in stdout, stdout
        rows = latest_rows(out)
        assert list(rows) == [key_of(site, AMP)]  # still one article, under its first key
        row = rows[key_of(site, AMP)]
        fields = json.loads(row["fields"])
        assert row["version"] == 2
        assert fields["authors"] == ["Minh Tran"]
        assert fields["published"] == "2025-05-04T10:00:00+07:00"
        assert fields["url"] == site.base_url + ORIGINAL  # where this version was seen
        record = _capture_record(out, fields)
        assert normalize_key(record["uri"]) == key_of(site, ORIGINAL)
        assert b"Minh Tran" in record["body"] or record["type"] == "revisit"
        with Catalog(out / "catalog.sqlite") as catalog:
            assert "Minh Tran" in capture_of(out, catalog, fields).body.decode("utf-8")
        # Its own files, and the first version's kept beside them.
        assert text_files(out) == {row["files"]: fields}
        kept = json.loads((out / f"{first['files']}.v1.json").read_text(encoding="utf-8"))
        assert kept == json.loads(first["fields"])
        assert outcomes(out) == {key_of(site, AMP): "stored", key_of(site, ORIGINAL): "duplicate"}
        assert _verify_article_problems(out) == []
        assert run_cli("verify", "--out", str(out)).returncode == 0
        # Fetched again unchanged: nothing new, the copy is a duplicate again.
        stdout = crawl(site, out, "--refresh")
        assert "0 new, 0 changed" in stdout
        assert latest_rows(out)[key_of(site, AMP)]["version"] == 2
        assert outcomes(out)[key_of(site, ORIGINAL)] == "duplicate"
        assert run_cli("verify", "--out", str(out)).returncode == 0


@pytest.mark.slow
def test_a_copy_gives_its_article_the_capture_it_lost(tmp_path: Path) -> None:
    """The article's WARC moved to cold storage; its copy, fetched again unchanged, gives it
    this fetch's capture (verify no longer fails on it) instead of being dropped."""
    pages = {page.path: page for page in twin_pages()}
    out = tmp_path / "out"
    with IdentitySite([pages[AMP]]) as site:
        crawl(site, out)
        site.pages = [pages[ORIGINAL]]
        crawl(site, out)
        _move_warcs(out, tmp_path / "cold")
        stdout = crawl(site, out, "--refresh")
        assert "gave its article the capture it had lost" in stdout, stdout
        stdout = crawl(site, out, "--refresh")
        assert "0 new, 0 changed" in stdout
        rows = latest_rows(out)
        assert list(rows) == [key_of(site, AMP)]
        row = rows[key_of(site, AMP)]
        fields = json.loads(row["fields"])
        assert row["version"] == 1
        assert fields["url"] == site.base_url + ORIGINAL
        record = _capture_record(out, fields)
        assert normalize_key(record["uri"]) == key_of(site, ORIGINAL)
        with Catalog(out / "catalog.sqlite") as catalog:
            body = capture_of(out, catalog, fields).body.decode("utf-8")
        assert "<h1>Drone unit formed in north</h1>" in body
        assert text_files(out) == {row["files"]: fields}  # one set of files, the old one gone
        assert outcomes(out)[key_of(site, ORIGINAL)] == "duplicate"
        # The index and payload rows of the moved WARC are another matter; the articles are whole.
        assert _verify_article_problems(out) == []


def test_repeated_query_parameters_keep_their_order() -> None:
    """Parameters are sorted by name only: other names in any order are one URL, but the values
    of a repeated parameter keep their order (?id=1&id=2 and ?id=2&id=1 are two pages)."""
    assert normalize_key("https://x.example/a?id=1&id=2") != normalize_key(
        "https://x.example/a?id=2&id=1"
    )
    assert normalize_key("https://x.example/a?b=1&a=2&a=1") == "https://x.example/a?a=2&a=1&b=1"
    assert normalize_key("https://x.example/a?a=2&b=1&utm_source=x&a=1") == normalize_key(
        "https://x.example/a?b=1&a=2&a=1"
    )
    assert normalize_key("https://x.example/a?lang=en&id=5") == normalize_key(
        "https://x.example/a?id=5&lang=en"
    )


@pytest.mark.slow
def test_a_copy_that_lags_behind_its_article_makes_no_version(tmp_path: Path) -> None:
    """Both URLs listed; the article's authors change, its AMP copy still shows the old ones.
    One new version, and refetching both again and again makes no more (nor does the stale
    copy become the latest version)."""
    pages = {page.path: page for page in twin_pages()}
    out = tmp_path / "out"
    with IdentitySite([pages[ORIGINAL], pages[AMP]]) as site:
        crawl(site, out)
        (key,) = latest_rows(out)
        site.edit(ORIGINAL, authors=("Minh Tran",))
        stdout = crawl(site, out)
        assert "0 new, 1 changed" in stdout, stdout
        for _ in range(2):
            stdout = crawl(site, out, "--refresh")
            assert "0 new, 0 changed" in stdout, stdout
        rows = latest_rows(out)
        assert list(rows) == [key]
        fields = json.loads(rows[key]["fields"])
        assert rows[key]["version"] == 2
        assert fields["authors"] == ["Minh Tran"] and fields["url"] == site.base_url + ORIGINAL
        assert text_files(out) == {rows[key]["files"]: fields}
        assert run_cli("verify", "--out", str(out)).returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("after", [400, 600])  # after the old files are kept; after the new text
def test_a_crawl_killed_while_storing_a_copys_new_version_loses_nothing(
    after: int, tmp_path: Path
) -> None:
    pages = {page.path: page for page in twin_pages()}
    out = tmp_path / "out"
    with IdentitySite([pages[AMP]]) as site:
        crawl(site, out)
        first = latest_rows(out)[key_of(site, AMP)]
        site.pages = [pages[ORIGINAL]]
        crawl(site, out)
        site.edit(ORIGINAL, authors=("Minh Tran",), published="2025-06-04T10:00:00+07:00")
        killed_crawl(site, out, after, ORIGINAL)
        crawl(site, out)
    rows = latest_rows(out)
    assert list(rows) == [key_of(site, AMP)]
    row = rows[key_of(site, AMP)]
    fields = json.loads(row["fields"])
    assert row["version"] == 2 and fields["authors"] == ["Minh Tran"]
    assert text_files(out) == {row["files"]: fields}
    kept = out / f"{first['files']}.v1.json"
    assert json.loads(kept.read_text(encoding="utf-8")) == json.loads(first["fields"])
    assert not list((out / "articles").rglob("*.v1.v*"))
    assert run_cli("verify", "--out", str(out)).returncode == 0
