"""Nothing stored, said why: `archive`, `crawl --start` and `extract` name per page why a page
became no article (no profile for the host, not HTML, no title, no text, no date, an error)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo.outlet_en import NEWSLETTER, STORIES, GenericSite
from tests.support.cli import FAST, run_cli
from tests.support.sites.folder import FolderSite


def test_archive_says_per_page_why_nothing_was_stored(tmp_path: Path) -> None:
    with GenericSite() as site:
        site.pages["/logo.png"] = ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))
        site.pages["/untitled-page-here/"] = ("text/html", b"<html><body></body></html>")
        base = site.base_url
        paths = [STORIES[0].path, "/about/", NEWSLETTER, "/logo.png", "/gone-for-good/", "/untitled-page-here/"]  # fmt: skip
        result = run_cli("archive", *(base + path for path in paths), "--out", str(tmp_path), *FAST)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # And robots.txt, and the story's photo (archived with it: "photos: 1 of 1 archived").
    assert lines[0].startswith("fetched 8 pages, wrote 1 article,")
    assert "photos: 1 of 1 archived" in lines
    host = "127.0.0.1"
    assert f"not stored: {base}/logo.png: archived; not HTML (image/png)" in lines
    assert f"not stored: {base}/gone-for-good/: archived; it answered HTTP 404" in "\n".join(lines)
    assert (
        f"not stored: {base}/untitled-page-here/: archived; no profile for {host}; "
        "not an article: no title"
    ) in lines
    for path in ("/about/", NEWSLETTER):  # a title and text, but no date of its own
        assert (
            f"not stored: {base}{path}: not an article: no publication date (an about, section "
            "or sign-up page?)"
        ) in lines
    assert sum(line.startswith("not stored: ") for line in lines) == 5


@pytest.fixture
def plain_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static site on 127.0.0.1 serving the files of a folder."""
    root = tmp_path / "site"
    root.mkdir()
    with FolderSite(root) as site:
        yield site.base_url, root


def test_a_start_crawl_that_finds_no_article_page_says_so(
    plain_site: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = plain_site
    (root / "index.html").write_text(
        "<html><head><title>Welcome</title></head><body><p>Our company.</p>"
        "<a href='/contact/'>Contact</a></body></html>",
        encoding="utf-8",
    )
    result = run_cli("crawl", "--start", base + "/", "--out", str(tmp_path / "out"), *FAST)
    assert "wrote 0 articles" in result.stdout, result.stdout + result.stderr
    assert "not stored: none of the" in result.stdout
    assert "looked like an article" in result.stdout


def test_a_start_crawl_whose_article_pages_are_undated_names_each(
    plain_site: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = plain_site
    stories = ["navy-tests-new-drone", "army-buys-more-trucks"]
    links = "".join(f"<a href='/news/{slug}/'>{slug}</a>" for slug in stories)
    (root / "index.html").write_text(f"<html><body>{links}</body></html>", encoding="utf-8")
    for slug in stories:
        (root / "news" / slug).mkdir(parents=True)
        (root / "news" / slug / "index.html").write_text(
            f"<html><head><title>{slug}</title></head><body><article><h1>{slug}</h1>"
            + "<p>A long paragraph of text about the story, without any date at all.</p>" * 5
            + "</article></body></html>",
            encoding="utf-8",
        )
    result = run_cli("crawl", "--start", base + "/", "--out", str(tmp_path / "out"), *FAST)
    assert "wrote 0 articles" in result.stdout, result.stdout + result.stderr
    for slug in stories:
        assert (
            f"not stored: {base}/news/{slug}/: not an article: no publication date"
        ) in result.stdout


@pytest.mark.parametrize(
    ("content", "why"),
    [(b"", "empty"), (b"\x7fELF\x02\x01\x01\0\0\0" * 50, "not HTML (binary data)"), (b"just words", "not HTML (no markup)")],
)  # fmt: skip
def test_extract_of_no_page_prints_no_article_and_fails(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "input"
    path.write_bytes(content)
    result = run_cli("extract", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"defnews: {path}: no article: {why}"


def test_extract_of_a_page_that_is_no_article_says_why() -> None:
    page = (
        b"<html><head><title>About us</title></head><body><p>We are a newsroom.</p></body></html>"
    )
    result = run_cli("extract", "-", "--url", "https://example.org/about/", stdin=page)
    assert result.returncode == 0
    assert "no publication date" in result.stderr or "no text" in result.stderr, result.stderr
