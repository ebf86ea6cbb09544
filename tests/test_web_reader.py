"""The reader's pages of `defnews serve`, on a real server over a copy of the demo crawl with a
few articles added to it: the home page, search with filters and quoted phrases (HTML and
/search.json alike), an article's versions and what an edit changed, our 404 page for bad
addresses (one line on the terminal, no traceback), and no page wider than a phone's screen
in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from crawler.core.catalog.article_ids import article_id
from crawler.core.catalog.catalog import Catalog
from tests.support.cli import CrawlResult
from tests.support.serving import get, start_serving, stop
from tests.test_serve import SEED

ORIGIN = "https://www.qdnd.vn/quoc-te/thu-nghiem"
# Two made-up words, apart in one article and adjacent (in order) in another; the third has
# one of them only and a date whose UTC day (2 June) is not its day in Hanoi (3 June).
APART = (f"{ORIGIN}-zulu-901", "2024-06-01T09:00:00+07:00", ["Quốc tế"], ["Phạm Văn Bình"])
ADJACENT = (f"{ORIGIN}-zulu-902", "2024-06-02T23:30:00+07:00", ["Quân sự"], ["Lê Huy Vịnh"])
LATE = (f"{ORIGIN}-zulu-903", "2024-06-03T06:00:00+07:00", ["Quốc tế"], ["Trần An"])
TEXTS = {
    APART[0]: "Trạm zulu nằm cách xa khu vực yankee của đơn vị.",
    ADJACENT[0]: "Đơn vị zulu yankee đã đến nơi tập kết đúng giờ.",
    LATE[0]: "Đội zulu trở về căn cứ.",
}


@dataclass
class Reader:
    out: Path
    base: str
    stderr: Path
    process: subprocess.Popen[str]
    edited: str  # the article ID of the article edited into a second version
    edited_rows: tuple[int, int]  # its versions' row IDs
    old_number: str  # the figure the edit replaced, and the new one
    new_number: str


def _add_articles(catalog: Catalog) -> None:
    for url, published, section, authors in (APART, ADJACENT, LATE):
        fields = {
            "url": url,
            "site": "qdnd",
            "title": f"Thử nghiệm {url[-3:]}",
            "text": TEXTS[url],
            "published": published,
            "section": section,
            "authors": authors,
        }
        catalog.store_article(url, fields)


def _edit_the_newest(catalog: Catalog) -> tuple[str, tuple[int, int], str, str]:
    """A second version of the newest demo article: its first figure changed, nothing else
    (as a quiet correction is)."""
    key, row, fields_json = catalog.db.execute(
        "SELECT key, id, fields FROM articles ORDER BY published_utc DESC LIMIT 1"
    ).fetchone()
    fields = json.loads(fields_json)
    old = re.search(r"\d+", fields["text"])
    assert old is not None
    new = str(int(old.group()) + 1)
    fields["text"] = fields["text"][: old.start()] + new + fields["text"][old.end() :]
    assert catalog.store_article(key, fields)[0] == "changed"
    (second,) = catalog.db.execute(
        "SELECT id FROM articles WHERE key = ? AND version = 2", (key,)
    ).fetchone()
    return article_id(key), (int(row), int(second)), old.group(), new


@pytest.fixture(scope="module")
def reader(demo_crawl: CrawlResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reader]:
    work = tmp_path_factory.mktemp("reader")
    out = Path(shutil.copytree(demo_crawl.out, work / "out"))
    with Catalog(out / "catalog.sqlite") as catalog:
        _add_articles(catalog)
        edited, rows, old, new = _edit_the_newest(catalog)
    stderr = work / "stderr.txt"
    with stderr.open("w") as errors:
        process, base, _ = start_serving(out, stderr=errors)
    try:
        yield Reader(out, base, stderr, process, edited, rows, old, new)
    finally:
        stop(process)


def _json(url: str) -> tuple[int, dict[str, Any]]:
    status, body = get(url)
    return status, json.loads(body)


def _search(reader: Reader, **params: str) -> dict[str, Any]:
    status, found = _json(f"{reader.base}/search.json?{urllib.parse.urlencode(params)}")
    assert status == 200, found
    return found


def _ids(found: dict[str, Any]) -> list[str]:
    return [hit["id"] for hit in found["hits"]]


def _title_ids(page: str) -> list[str]:
    """The article IDs a page's article titles link to, in order."""
    return re.findall(r'<a class="title[^"]*" href="/article/([a-z2-7]{10})"', page)


def _added(*records: tuple[str, str, list[str], list[str]]) -> list[str]:
    return [article_id(record[0]) for record in records]


def test_home_shows_the_latest_articles_of_each_outlet(reader: Reader) -> None:
    status, page = get(f"{reader.base}/")
    assert status == 200
    assert '<form class="defnews-search" action="/search"' in page and 'name="q"' in page
    with closing(sqlite3.connect(reader.out / "catalog.sqlite")) as db, db:
        newest = [
            str(row[0])
            for row in db.execute(
                "SELECT article FROM articles AS a WHERE site = 'qdnd' AND version = "
                "(SELECT MAX(version) FROM articles WHERE key = a.key) "
                "ORDER BY published_utc DESC LIMIT 8"
            )
        ]
    outlet = page.split('id="outlet-qdnd"')[1].split("</section>")[0]
    assert _title_ids(outlet) == newest
    assert newest[0] == reader.edited  # the edited article is the newest: badged v2
    first = outlet.split("<li>")[1]
    assert '<span class="badge"' in first and ">v2</span>" in first
    # Times as the site dates them, with their offset.
    assert re.search(r"<time [^>]*>20\d\d-\d\d-\d\d \d\d:\d\d \+07:00</time>", first)
    for ident in newest:  # every link opens
        status, article = get(f"{reader.base}/article/{ident}")
        assert status == 200 and f'<span id="article-id">{ident}</span>' in article
    # Datasette stays for the tables and SQL.
    assert 'href="/catalog"' in page and 'href="/catalog/articles"' in page
    for path in ("/catalog", "/catalog/articles", "/catalog?sql=select+count(*)+from+articles"):
        assert get(f"{reader.base}{path}")[0] == 200, path
    # Its articles table gives titles room (they were one word a line beside the hashes).
    status, table = get(f"{reader.base}/catalog/articles")
    assert status == 200 and 'href="/-/defnews-tables.css' in table
    status, css = get(f"{reader.base}/-/defnews-tables.css")
    assert status == 200 and "td.col-title { min-width: 16em; }" in css


def test_filters_narrow_the_hits(reader: Reader) -> None:
    every = _added(APART, ADJACENT, LATE)
    assert sorted(_ids(_search(reader, q="zulu"))) == sorted(every)
    assert sorted(_ids(_search(reader, q="zulu", site="qdnd"))) == sorted(every)
    assert _ids(_search(reader, q="zulu", site="army")) == []
    # Days as the site dates them, both included: 23:30 on 2 June is in "to 2 June"; 06:00 on
    # 3 June in Hanoi (still 2 June in UTC) is not.
    day = _search(reader, q="zulu", **{"from": "2024-06-02", "to": "2024-06-02"})
    assert _ids(day) == _added(ADJACENT)
    assert day["filters"] == {
        "site": "",
        "from": "2024-06-02",
        "to": "2024-06-02",
        "section": "",
        "author": "",
    }
    assert _ids(_search(reader, q="zulu", to="2024-06-01")) == _added(APART)
    assert _ids(_search(reader, q="zulu", **{"from": "2024-06-03"})) == _added(LATE)
    assert sorted(_ids(_search(reader, q="zulu", section="quoc te"))) == sorted(_added(APART, LATE))
    assert _ids(_search(reader, q="zulu", section="Quân sự")) == _added(ADJACENT)
    assert _ids(_search(reader, q="zulu", author="huy vinh")) == _added(ADJACENT)
    assert _ids(_search(reader, q="zulu", author="vinh huy")) == []
    # Filters alone: the latest articles they keep.
    assert _ids(_search(reader, section="Quân sự")) == _added(ADJACENT)
    hit = _search(reader, q="zulu", author="Lê Huy Vịnh")["hits"][0]
    assert hit["authors"] == ["Lê Huy Vịnh"] and hit["section"] == ["Quân sự"]
    assert hit["published"] == ADJACENT[1] and hit["url"] == ADJACENT[0]
    assert hit["page"] == f"{reader.base}/article/{hit['id']}" and hit["version"] == 1
    assert "zulu yankee" in hit["snippet"] and "\ue000" not in hit["snippet"]


def test_quotes_make_a_phrase(reader: Reader) -> None:
    words = _search(reader, q="zulu yankee")
    assert sorted(_ids(words)) == sorted(_added(APART, ADJACENT))
    assert _ids(words)[0] == article_id(ADJACENT[0])  # the adjacent words rank first
    assert _ids(_search(reader, q='"zulu yankee"')) == _added(ADJACENT)
    assert _ids(_search(reader, q='"yankee zulu"')) == []
    assert _ids(_search(reader, q='"ZULU Yankee" tập')) == _added(ADJACENT)
    # Folded as the index is: the demo's name, quoted, finds the demo's article with it and
    # the one he signed (authors are searched too), not those with the three words apart.
    phrase, loose = _search(reader, q='"le huy vinh"'), _search(reader, q="le huy vinh")
    assert phrase["total"] == 2 and loose["total"] > 2
    urls = {hit["url"] for hit in phrase["hits"]}
    assert ADJACENT[0] in urls and any(url.endswith(SEED) for url in urls)
    status, page = get(f"{reader.base}/search?q=%22le+huy+vinh%22")
    assert status == 200 and "<mark>Lê Huy Vịnh</mark>" in page


@pytest.mark.parametrize(
    "params",
    [
        {"q": "zulu"},
        {"q": "quan doi", "site": "qdnd"},
        {"q": "quan", "from": "2025-01-16", "to": "2025-01-16"},
        {"section": "Quốc tế"},
        {"q": "zulu", "author": "huy vinh"},
    ],
)
def test_search_json_is_the_search_page(reader: Reader, params: dict[str, str]) -> None:
    found = _search(reader, **params)
    status, page = get(f"{reader.base}/search?{urllib.parse.urlencode(params)}")
    assert status == 200
    assert _title_ids(page) == _ids(found) and found["hits"]
    count = re.search(r'<p id="hit-count">(\d+) ', page)
    assert count is not None and int(count.group(1)) == found["total"]


def test_search_goes_on_page_by_page(reader: Reader) -> None:
    every = _search(reader, q="quan", limit="200")
    assert every["total"] == len(every["hits"]) > 8
    pages = [_search(reader, q="quan", limit="5", page=str(n))["hits"] for n in (1, 2, 3)]
    assert [hit["id"] for page in pages for hit in page] == _ids(every)[:15]
    # The page's links: the next one while there are more, and the previous one.
    status, page = get(f"{reader.base}/search?q=quan&site=qdnd")
    assert status == 200 and 'id="pages"' not in page  # all on one page of 50
    status, page = get(f"{reader.base}/search?q=quan&site=qdnd&page=2")
    assert status == 200 and 'rel="prev" href="/search?q=quan&amp;site=qdnd&amp;page=1"' in page
    assert "(none on page 2)" in page and 'rel="next"' not in page


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("", "nothing to search for"),
        ("q=%2A%2A%2A", "nothing to search for"),
        ("q=zulu&from=2024-13-01", "from: not a day"),
        ("q=zulu&to=yesterday", "to: not a day"),
        ("q=zulu&limit=0", "limit: wants a number"),
        ("q=zulu&page=0", "page: wants a number"),
        ("q=zulu&site=nosuch", "unknown outlet 'nosuch'"),
    ],
)
def test_a_bad_search_is_a_400_in_json(reader: Reader, query: str, error: str) -> None:
    status, answer = _json(f"{reader.base}/search.json?{query}")
    assert status == 400 and answer["ok"] is False and error in answer["error"]


def _location(url: str) -> tuple[int, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.build_opener(NoRedirect).open(url, timeout=10)
    answer.value.close()
    return answer.value.code, str(answer.value.headers["Location"])


def test_old_numeric_ids_redirect_to_the_article_s_address(reader: Reader) -> None:
    first, second = reader.edited_rows
    for number, version in ((first, 1), (second, 2)):
        for written in (str(number), f"00{number}"):
            assert _location(f"{reader.base}/article/{written}") == (
                301,
                f"/article/{reader.edited}?version={version}",
            )


def test_an_id_in_capitals_redirects(reader: Reader) -> None:
    assert _location(f"{reader.base}/article/{reader.edited.upper()}?version=1") == (
        301,
        f"/article/{reader.edited}?version=1",
    )


def test_an_edit_is_shown_in_the_article_s_versions(reader: Reader) -> None:
    old, new = reader.old_number, reader.new_number
    status, latest = get(f"{reader.base}/article/{reader.edited}")
    assert status == 200 and 'id="newer"' not in latest
    table = latest.split('id="versions"')[1].split("</table>")[0]
    assert f'href="/article/{reader.edited}?version=1"' in table
    assert f'href="/article/{reader.edited}?version=2"' in table
    assert len(re.findall(r"20\d\d-\d\d-\d\d \d\d:\d\d \+07:00", table)) == 4
    changes = latest.split('id="diff"')[1]
    assert f"<del>{old}</del><ins>{new}</ins>" in changes
    # The older version says a newer one exists, and links to it.
    status, older = get(f"{reader.base}/article/{reader.edited}?version=1")
    assert status == 200 and 'id="newer"' in older
    assert f'<a href="/article/{reader.edited}">Read the latest version (2)</a>' in older
    # The diff on a page of its own, by default the last two versions.
    for query in ("", "?from=1&to=2"):
        status, diff = get(f"{reader.base}/article/{reader.edited}/diff{query}")
        assert status == 200 and f"<del>{old}</del><ins>{new}</ins>" in diff
    status, same = get(f"{reader.base}/article/{reader.edited}/diff?from=2&to=2")
    assert status == 200 and "<ins>" not in same.split('id="diff"')[1]


BAD = [
    "/article/zzzzzzzzzz",
    "/article/99999999",
    "/article/abc",
    "/article/99999999999999999999999",
    "/article/{edited}?version=99",
    "/article/{edited}?version=x",
    "/article/{edited}/diff?from=7",
    "/article/{edited}/diff?to=x",
    "/article/abc/diff",
]


def test_bad_addresses_are_our_404_and_one_line(reader: Reader) -> None:
    before = reader.stderr.read_text().count("\n")
    for path in BAD:
        status, page = get(reader.base + path.format(edited=reader.edited))
        assert status == 404, path
        assert "<h1>Not found</h1>" in page and 'href="/search"' in page and 'href="/"' in page
    log = reader.stderr.read_text()
    assert "Traceback" not in log
    # Ours only: pywb writes a line for each capture it replays.
    lines = [line for line in log.splitlines()[before:] if not line.startswith("127.0.0.1 - ")]
    assert len(lines) == len(BAD), lines
    assert all(line.startswith("defnews serve: 404 /article/") for line in lines)
    assert lines[0] == "defnews serve: 404 /article/zzzzzzzzzz: no article zzzzzzzzzz"


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_no_page_is_wider_than_the_screen(
    reader: Reader, browser: WebDriver, width: int, height: int
) -> None:
    # Emulated, as a phone is: a headless window cannot be made narrower than 500 px.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    paths = [
        "/",
        "/search?q=quan+doi",
        "/search?q=zulu&section=Qu%E1%BB%91c+t%E1%BA%BF",
        f"/article/{reader.edited}",
        f"/article/{reader.edited}?version=1",
        f"/article/{reader.edited}/diff",
    ]
    for path in paths:
        browser.get(reader.base + path)
        shown = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert shown[1] == width, path
        assert shown[0] <= shown[1], (path, shown)


def test_quoted_phrases_are_terms_of_their_own() -> None:
    from crawler.core.catalog.search import highlight, match_expression, terms

    assert terms('"Lê Huy Vịnh" quân* đội') == ["le huy vinh", "quan*", "doi"]
    assert terms('"quân') == ["quan"]  # a lone quote is punctuation
    assert terms('"" ""') == []
    assert match_expression(terms('"le huy" vinh')) == '"le huy" "vinh"'
    # A phrase is marked where its words stand together, and only there.
    text = "Vịnh Huy Lê; Lê Huy Vịnh."
    assert highlight(text, terms('"le huy vinh"')) == "Vịnh Huy Lê; **Lê Huy Vịnh**."
