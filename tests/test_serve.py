"""`defnews serve`: Datasette and pywb on 127.0.0.1, driven in headless Chromium (Debian's
chromium and chromedriver, which .ci/run installs): search, open an article, see both sides."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import CrawlResult, run_cli

SEED = "711953"
SEED_TITLE = "Tổng cục Kỹ thuật tổng kết 10 năm thực hiện Nghị quyết Trung ương 8"


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            _get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _start(out: Path, port: int, replay_port: int) -> subprocess.Popen[str]:
    command = ["serve", "--out", str(out), "--port", str(port), "--replay-port", str(replay_port)]
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@dataclass
class Served:
    out: Path
    base: str
    replay_port: int
    process: subprocess.Popen[str]
    seed_id: int


@pytest.fixture(scope="module")
def served(demo_crawl: CrawlResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path_factory.mktemp("serve") / "out"))
    shutil.rmtree(out / "index", ignore_errors=True)  # serve indexes what has none
    port, replay_port = _free_ports(2)
    process = _start(out, port, replay_port)
    base = f"http://127.0.0.1:{port}"
    with sqlite3.connect(out / "catalog.sqlite") as db:
        seed_id = db.execute("SELECT id FROM articles WHERE key LIKE ?", (f"%{SEED}",)).fetchone()
    try:
        _wait_for(f"{base}/search")
        _wait_for(f"http://127.0.0.1:{replay_port}/")
        yield Served(out, base, replay_port, process, int(seed_id[0]))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1600,1000",
        # No connections to Google's services: the machine has no internet.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
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
    assert browser.current_url == f"{served.base}/article/{served.seed_id}"
    clean = browser.find_element(By.ID, "clean").text
    assert browser.find_element(By.ID, "title").text == SEED_TITLE
    assert "Thượng tướng Lê Huy Vịnh" in clean
    assert "leftcenterrightdel" not in clean
    assert "Chia sẻ" not in clean  # the share bar is page furniture, left out of the text

    # The other side: the archived page itself, replayed by pywb inside the frame.
    browser.switch_to.frame(browser.find_element(By.ID, "replay"))
    wait.until(lambda driver: SEED_TITLE in driver.find_element(By.TAG_NAME, "body").text)
    original = browser.find_element(By.TAG_NAME, "body").text
    assert "Chia sẻ" in original and "QUỐC PHÒNG - AN NINH" in original
    assert "Thượng tướng Lê Huy Vịnh" in original
    browser.switch_to.default_content()
    screenshot = tmp_path / "article.png"
    assert browser.save_screenshot(str(screenshot))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


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
    status, page = _get(f"{served.base}/search?q=dong")
    assert status == 200 and "<mark>đồng</mark>" in page
    status, page = _get(f"{served.base}/search?q=%2A%2A%2A")  # no words at all
    assert status == 200 and "nothing to search for" in page
    status, page = _get(f"{served.base}/search?q=%3Cb%3Exss%3C/b%3E")  # escaped, not markup
    assert "&lt;b&gt;xss&lt;/b&gt;" in page and "<b>xss" not in page
    status, page = _get(f"{served.base}/search?q=quan&site=nothing")
    assert status == 200 and "0 hits" in page


def test_unknown_article_is_404(served: Served) -> None:
    status, page = _get(f"{served.base}/article/999999")
    assert status == 404 and "No article 999999" in page


def test_frame_points_at_the_same_capture(served: Served) -> None:
    status, page = _get(f"{served.base}/article/{served.seed_id}")
    assert status == 200
    with sqlite3.connect(served.out / "catalog.sqlite") as db:
        fields = json.loads(
            db.execute("SELECT fields FROM articles WHERE id = ?", (served.seed_id,)).fetchone()[0]
        )
    warc = fields["warc"]
    assert f"WARC {warc['file']} @ {warc['offset']}" in page
    frame = page.split('<iframe id="replay" src="')[1].split('"')[0]
    assert frame.startswith(f"http://127.0.0.1:{served.replay_port}/defnews/")
    assert "mp_/" in frame and frame.endswith(SEED)
    status, archived = _get(frame)
    assert status == 200 and SEED_TITLE in archived


def test_serve_stops_with_pywb_on_sigterm(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    port, replay_port = _free_ports(2)
    process = _start(out, port, replay_port)
    try:
        _wait_for(f"http://127.0.0.1:{port}/search")
        _wait_for(f"http://127.0.0.1:{replay_port}/")
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
    port = str(_free_ports(1)[0])
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
    with sqlite3.connect(out / "catalog.sqlite") as db:
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
        f"build(Path({str(demo_crawl.out)!r}), ''); "
        "sys.stderr.write('SCRAPY' if 'scrapy' in sys.modules else 'none')"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.stderr.endswith("none"), done.stderr[-300:]
