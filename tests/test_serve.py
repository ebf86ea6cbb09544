"""`defnews serve`: Datasette and pywb on 127.0.0.1, driven in headless Chromium (Debian's
chromium and chromedriver, which .ci/run installs): search, open an article, see both sides."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait
from warcio.archiveiterator import ArchiveIterator

from crawler.web.pywb import PortBusy, check_port
from tests.support.browser import start_chromium
from tests.support.cli import CrawlResult, run_cli
from tests.support.server import free_ports
from tests.support.serving import get, serve_command, wait_for

SEED = "711953"
SEED_TITLE = "Tổng cục Kỹ thuật tổng kết 10 năm thực hiện Nghị quyết Trung ương 8"


def _bindable(port: int) -> bool:
    try:
        check_port(port)
    except PortBusy:
        return False
    return True


def _start(out: Path, port: int, replay_port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        serve_command(out, port, replay_port),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@dataclass
class Serving:
    out: Path
    port: int
    replay_port: int
    process: subprocess.Popen[str]


def _serve_copy(source: Path, target: Path) -> Serving:
    """serve on a copy of an output folder, once both of its servers answer."""
    out = Path(shutil.copytree(source, target))
    port, replay_port = free_ports(2)
    process = _start(out, port, replay_port)
    try:
        wait_for(f"http://127.0.0.1:{port}/search")
        wait_for(f"http://127.0.0.1:{replay_port}/")
    except AssertionError:
        process.kill()
        raise
    return Serving(out, port, replay_port, process)


@dataclass
class Served:
    out: Path
    base: str
    replay_port: int
    process: subprocess.Popen[str]
    seed_id: int  # its version's row ID (of earlier releases: redirects to seed_article)
    planted_id: int
    seed_article: str  # its article ID


@pytest.fixture(scope="module")
def served(demo_crawl: CrawlResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path_factory.mktemp("serve") / "out"))
    shutil.rmtree(out / "index", ignore_errors=True)  # serve indexes what has none
    port, replay_port = free_ports(2)
    base = f"http://127.0.0.1:{port}"
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        seed_id, seed_article = db.execute(
            "SELECT id, article FROM articles WHERE key LIKE ?", (f"%{SEED}",)
        ).fetchone()
        # An archived page that named a javascript: URL as its canonical address (an older
        # parser let it through): it must never become a link on our pages.
        other, fields = db.execute(
            "SELECT id, fields FROM articles WHERE id != ? LIMIT 1", (seed_id,)
        ).fetchone()
        planted = {**json.loads(fields), "canonical_url": "javascript:alert(document.domain)"}
        db.execute("UPDATE articles SET fields = ? WHERE id = ?", (json.dumps(planted), other))
    process = _start(out, port, replay_port)
    try:
        wait_for(f"{base}/search")
        wait_for(f"http://127.0.0.1:{replay_port}/")
        yield Served(out, base, replay_port, process, int(seed_id), int(other), seed_article)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium("1600,1000")
    try:
        yield driver
    finally:
        driver.quit()


def test_search_open_an_article_and_see_both_sides(
    served: Served, browser: WebDriver, tmp_path: Path
) -> None:
    wait = WebDriverWait(browser, 30)
    browser.get(f"{served.base}/search")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("le huy vinh")  # no diacritics
    box.submit()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "hit-count")))
    first = browser.find_element(By.CSS_SELECTOR, "ol.hits li")
    assert first.find_element(By.CLASS_NAME, "hit-title").text == SEED_TITLE
    marks = [mark.text for mark in first.find_elements(By.TAG_NAME, "mark")]
    assert marks[:3] == ["Lê", "Huy", "Vịnh"]

    first.find_element(By.CLASS_NAME, "hit-title").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "replay")))
    assert browser.current_url == f"{served.base}/article/{served.seed_article}"
    clean = browser.find_element(By.ID, "clean").text
    assert browser.find_element(By.ID, "title").text == SEED_TITLE
    assert "Thượng tướng Lê Huy Vịnh" in clean
    assert "leftcenterrightdel" not in clean
    assert "Chia sẻ" not in clean  # the share bar is page furniture, left out of the text
    # The article's photos beside its text, each from the archive (pywb's raw replay of it).
    photos = browser.find_elements(By.CSS_SELECTOR, "ol.images img")
    assert len(photos) == 3
    assert all("im_/" in (photo.get_attribute("src") or "") for photo in photos)
    _all_loaded(browser, wait, photos)

    # The other side: the archived page itself, replayed by pywb inside the frame, which is
    # sandboxed (no archived script runs, and the page cannot reach ours).
    frame = browser.find_element(By.ID, "replay")
    assert frame.get_attribute("sandbox") == ""
    browser.switch_to.frame(frame)
    wait.until(lambda driver: SEED_TITLE in driver.find_element(By.TAG_NAME, "body").text)
    original = browser.find_element(By.TAG_NAME, "body").text
    assert "Chia sẻ" in original and "QUỐC PHÒNG - AN NINH" in original
    assert "Thượng tướng Lê Huy Vịnh" in original
    # With its photos, replayed from the archive like the page.
    shown = [
        image
        for image in browser.find_elements(By.TAG_NAME, "img")
        if "/data/images/" in (image.get_attribute("src") or "")
    ]
    assert len(shown) >= 3
    _all_loaded(browser, wait, shown)
    browser.switch_to.default_content()
    screenshot = tmp_path / "article.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _all_loaded(browser: WebDriver, wait: WebDriverWait[WebDriver], images: list[Any]) -> None:
    """Every image decoded (scrolled into view first: lazy images load only when seen)."""
    for image in images:
        browser.execute_script("arguments[0].scrollIntoView()", image)
        wait.until(
            lambda _, image=image: browser.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", image
            ),
            f"image never loaded: {image.get_attribute('src')}",
        )


def test_datasette_search_box_ignores_diacritics(served: Served, browser: WebDriver) -> None:
    wait = WebDriverWait(browser, 30)
    # FTS5's own remove_diacritics would find "Lê" but never "Đảng": đ does not decompose.
    for query in ("Đảng ủy Tổng cục Kỹ thuật", "dang uy tong cuc ky thuat"):
        browser.get(f"{served.base}/catalog/articles")
        box = browser.find_element(By.ID, "_search")
        box.send_keys(query)
        box.submit()
        wait.until(lambda driver: "_search=" in driver.current_url)
        links = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td a")
        titles = {link.text for link in links}
        assert SEED_TITLE in titles, (query, titles)
        # Every row links to its article page; none is the whole table's 21 articles.
        rows = browser.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
        assert 1 <= len(rows) < 21


def test_search_page_answers(served: Served) -> None:
    status, page = get(f"{served.base}/search?q=dong")
    assert status == 200 and "<mark>đồng</mark>" in page
    status, page = get(f"{served.base}/search?q=%2A%2A%2A")  # no words at all
    assert status == 200 and "nothing to search for" in page
    status, page = get(f"{served.base}/search?q=%3Cb%3Exss%3C/b%3E")  # escaped, not markup
    assert "&lt;b&gt;xss&lt;/b&gt;" in page and "<b>xss" not in page
    status, page = get(f"{served.base}/search?q=quan&site=nothing")
    assert status == 200 and "unknown outlet &#39;nothing&#39;" in page  # said, not 0 hits


def test_unknown_article_is_404(served: Served) -> None:
    status, page = get(f"{served.base}/article/999999")
    assert status == 404 and "no article version &#39;999999&#39;" in page


def test_frame_points_at_the_same_capture(served: Served) -> None:
    status, page = get(f"{served.base}/article/{served.seed_id}")
    assert status == 200
    with closing(sqlite3.connect(served.out / "catalog.sqlite")) as db, db:
        fields = json.loads(
            db.execute("SELECT fields FROM articles WHERE id = ?", (served.seed_id,)).fetchone()[0]
        )
    warc = fields["warc"]
    assert f"WARC {warc['file']} @ {warc['offset']}" in page
    with (served.out / warc["file"]).open("rb") as handle:
        handle.seek(warc["offset"])
        record = next(iter(ArchiveIterator(handle)))
        date = record.rec_headers.get_header("WARC-Date")
        url = record.rec_headers.get_header("WARC-Target-URI")
    stamp = "".join(char for char in date if char.isdigit())[:14]
    frame = page.split('<iframe id="replay" src="')[1].split('"')[0]
    # That very capture: its URL at its second (pywb would fall back to the nearest one).
    assert frame == f"http://127.0.0.1:{served.replay_port}/defnews/{stamp}mp_/{url}"
    status, archived = get(frame)
    assert status == 200 and SEED_TITLE in archived


def test_serve_stops_with_pywb_on_sigterm(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    serving = _serve_copy(demo_crawl.out, tmp_path / "out")
    out, port, replay_port, process = (getattr(serving, f) for f in Serving.__dataclass_fields__)
    try:
        busy = run_cli("serve", "--out", str(out), "--port", str(port))
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert f"serving {out}/ at http://127.0.0.1:{port}/" in stdout
    assert busy.returncode == 2
    assert (
        busy.stderr == f"defnews: error: cannot serve on 127.0.0.1:{port}: Address already in use\n"
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (_bindable(port) and _bindable(replay_port)):
        time.sleep(0.2)
    assert _bindable(port) and _bindable(replay_port), "a server outlived serve"
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "0"], "argument --port: wants a port number from 1 to 65535, got '0'"),
        (["--port", "http"], "argument --port: wants a port number from 1 to 65535, got 'http'"),
    ],
)
def test_bad_ports_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("serve", "--out", str(tmp_path), *args)
    assert result.returncode == 2
    assert result.stderr == f"defnews serve: error: {message} (see defnews serve --help)\n"


def test_serve_without_a_catalogue_or_a_second_port(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    empty = run_cli("serve", "--out", str(tmp_path / "nothing"))
    assert empty.returncode == 2 and empty.stderr.startswith("defnews: error: ")
    assert "nothing crawled into" in empty.stderr and empty.stderr.count("\n") == 1
    port = str(free_ports(1)[0])
    same = run_cli("serve", "--out", str(demo_crawl.out), "--port", port, "--replay-port", port)
    assert same.returncode == 2
    assert (
        same.stderr
        == f"defnews: error: pywb needs a port of its own: give --replay-port (not {port})\n"
    )


def test_article_page_without_its_warc_still_shows_the_text(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    from crawler.web.views import article_view

    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    for warc in (out / "warc").iterdir():
        warc.unlink()
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        seed_id = db.execute("SELECT id FROM articles WHERE key LIKE ?", (f"%{SEED}",)).fetchone()
        view = article_view(db, out, int(seed_id[0]), "http://127.0.0.1:1/defnews/")
        assert article_view(db, out, 999999, "") is None
    assert view is not None and view.replay is None
    assert "cannot" in view.replay_error or "No such file" in view.replay_error
    assert view.article.title == SEED_TITLE
    assert any("Lê Huy Vịnh" in paragraph for paragraph in view.paragraphs)


def test_the_web_view_imports_no_scrapy(demo_crawl: CrawlResult) -> None:
    probe = (
        "import sys; from pathlib import Path; from crawler.web.app import build; "
        f"root = Path({str(demo_crawl.out)!r}); build(root, root / 'catalog.sqlite', ''); "
        "sys.stderr.write('SCRAPY' if 'scrapy' in sys.modules else 'none')"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.stderr.endswith("none"), done.stderr[-300:]


def test_no_archived_url_becomes_a_script_link(served: Served) -> None:
    status, page = get(f"{served.base}/article/{served.planted_id}")
    assert status == 200
    assert "javascript:alert(document.domain)" in page  # shown as text...
    assert 'href="javascript:' not in page  # ...never as a link


def test_an_article_has_one_address(served: Served) -> None:
    request = urllib.request.Request(f"{served.base}/article/00{served.seed_id}")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=10)
    answer.value.close()
    assert answer.value.code == 301
    assert answer.value.headers["Location"] == f"/article/{served.seed_article}?version=1"


def test_marks_and_cells_are_escaped() -> None:
    from crawler.core.catalog.search import snippet, terms
    from crawler.web.pages import marked
    from crawler.web.plugin import render_cell
    from crawler.web.reader import MARK

    assert marked(f"<b>{MARK[0]}quân{MARK[1]}</b>") == "&lt;b&gt;<mark>quân</mark>&lt;/b&gt;"
    # Text holding the sentinels itself cannot unbalance the marks.
    text = f"quân đội {MARK[1]} giữa {MARK[0]} cuối"
    marked_snippet = str(marked(snippet({"text": text}, terms("quan doi"), MARK)))
    assert marked_snippet.count("<mark>") == marked_snippet.count("</mark>") == 2
    cell = render_cell({"id": 3}, "<img src=x onerror=alert(1)>", "title", "articles", "catalog")
    assert str(cell) == '<a href="/article/3">&lt;img src=x onerror=alert(1)&gt;</a>'
    assert render_cell({"id": 3}, "x", "title", "urls", "catalog") is None


def test_versions_are_the_article_s_own(tmp_path: Path) -> None:
    from crawler.core.catalog.catalog import Catalog
    from crawler.web.views import article_view

    def fields(url: str, text: str) -> dict[str, object]:
        return {"url": url, "site": "qdnd", "title": "T", "text": text, "published": ""}

    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        catalog.store_article("https://a.vn/x-1", fields("https://a.vn/x-1", "one"))
        catalog.store_article("https://a.vn/y-2", fields("https://a.vn/y-2", "other"))
        catalog.store_article("https://a.vn/x-1", fields("https://a.vn/x-1", "two"))
        ids = dict(
            catalog.db.execute(
                "SELECT text_id, id FROM (SELECT key || version AS text_id, id FROM articles)"
            )
        )
        view = article_view(catalog.db, tmp_path, ids["https://a.vn/x-12"], "")
    assert view is not None and view.version == 2
    assert [(v.id, v.version) for v in view.versions] == [
        (ids["https://a.vn/x-11"], 1),
        (ids["https://a.vn/x-12"], 2),
    ]
    assert view.replay is None and "not crawled" in view.replay_error


def test_a_read_only_archive_is_served(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    shutil.rmtree(out / "index")  # indexes must then be made elsewhere
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    subprocess.run(["chmod", "-R", "a-w", str(out)], check=True)
    port, replay_port = free_ports(2)
    command = ["serve", "--out", str(out), "--port", str(port), "--replay-port", str(replay_port)]
    # Root ignores file modes: drop the capabilities that let it (util-linux's setpriv).
    unprivileged = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    process = subprocess.Popen(
        [*unprivileged, sys.executable, "-m", "crawler", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/search")
        wait_for(f"http://127.0.0.1:{replay_port}/")
        status, page = get(f"http://127.0.0.1:{port}/search?q=le+huy+vinh")
        assert status == 200 and SEED_TITLE in page
        with (
            closing(
                sqlite3.connect(f"{(out / 'catalog.sqlite').as_uri()}?immutable=1", uri=True)
            ) as db,
            db,
        ):
            (seed_id,) = db.execute(
                "SELECT id FROM articles WHERE key LIKE ?", (f"%{SEED}",)
            ).fetchone()
        status, page = get(f"http://127.0.0.1:{port}/article/{seed_id}")
        frame = page.split('<iframe id="replay" src="')[1].split('"')[0]
        status, archived = get(frame)
        assert status == 200 and SEED_TITLE in archived
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
        subprocess.run(["chmod", "-R", "u+w", str(out)], check=True)
    assert process.returncode == 0, stderr
    assert "(read-only)" in stdout
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before  # nothing written


def test_a_folder_named_with_uri_characters_is_served(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    serving = _serve_copy(demo_crawl.out, tmp_path / "lưu trữ #1 ?x=%20")
    out, port, process = serving.out, serving.port, serving.process
    try:
        status, page = get(f"http://127.0.0.1:{port}/search?q=le+huy+vinh")
        status_table, _ = get(f"http://127.0.0.1:{port}/catalog/articles")
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert status == 200 and SEED_TITLE in page
    assert status_table == 200
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no stray file beside it


def test_serve_stops_when_pywb_dies(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    process = _serve_copy(demo_crawl.out, tmp_path / "out").process
    try:
        pywb = subprocess.run(
            ["pgrep", "-P", str(process.pid), "-f", "wayback"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        assert len(pywb) == 1
        os.kill(int(pywb[0]), signal.SIGKILL)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 2
    assert stderr.strip().splitlines()[-1] == (
        "defnews: error: pywb stopped on its own (status -9), so serve stopped too"
    )


def test_pywb_dies_with_a_killed_serve(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    serving = _serve_copy(demo_crawl.out, tmp_path / "out")
    replay_port = serving.replay_port
    serving.process.kill()  # SIGKILL: no handler of ours runs
    serving.process.communicate(timeout=30)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not _bindable(replay_port):
        time.sleep(0.2)
    assert _bindable(replay_port), "pywb outlived a killed serve"


def test_ctrl_c_to_the_process_group_is_a_clean_stop(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    port, replay_port = free_ports(2)
    # Its own process group, as a shell gives a foreground job; Ctrl-C signals the group.
    process = subprocess.Popen(
        serve_command(out, port, replay_port),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/search")
        wait_for(f"http://127.0.0.1:{replay_port}/")
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "pywb stopped" not in stderr and "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not _bindable(replay_port):
        time.sleep(0.2)
    assert _bindable(replay_port), "pywb outlived serve"
