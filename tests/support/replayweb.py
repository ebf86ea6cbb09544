"""ReplayWeb.page, the real app, replaying a WACZ in headless Chromium with no internet.

The app is the built `ui.js` and `sw.js` of its npm package, which scripts/fetch-replaywebpage.sh
unpacks into .cache/replaywebpage/ (tests never download anything). A loopback server serves a
page embedding `<replay-web-page source=... url=...>`, the app's service worker under `replay/`
(where the embed registers it by default) and the WACZ, with byte ranges, as a static host would:
the app then reads the WACZ's index and fetches each record by its offset, the way people use it.
The replayed page lives several frames and shadow roots deep; `replayed_page` finds it there.
"""

from __future__ import annotations

import html
import re
import shutil
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from tests.support.server import HandlerSite

ROOT = Path(__file__).resolve().parents[2]
FETCH_SCRIPT = ROOT / "scripts" / "fetch-replaywebpage.sh"
APP = ROOT / ".cache" / "replaywebpage"


def pinned_version() -> str:
    """The version the fetch script pins: the one place it is written down."""
    found = re.search(r"^VERSION=(\S+)$", FETCH_SCRIPT.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, f"{FETCH_SCRIPT} pins no VERSION="
    return found.group(1)


def app_dir() -> Path:
    """The unpacked app, or a failure that says how to get it (a skip would hide the gap)."""
    version = pinned_version()
    stamp = APP / "VERSION"
    present = stamp.read_text().strip() if stamp.is_file() else None
    if present != version or not (APP / "ui.js").is_file() or not (APP / "sw.js").is_file():
        found = f"version {present}" if present else "nothing"
        raise AssertionError(
            f"ReplayWeb.page {version} is not in {APP} ({found} there): "
            f"run {FETCH_SCRIPT.relative_to(ROOT)} first (it needs npm)"
        )
    return APP


def build_player(folder: Path, wacz: Path, url: str) -> Path:
    """A site in `folder` that opens `url` from `wacz` in ReplayWeb.page's embed."""
    app = app_dir()
    (folder / "replay").mkdir(parents=True, exist_ok=True)
    shutil.copy(app / "ui.js", folder / "ui.js")
    shutil.copy(app / "sw.js", folder / "replay" / "sw.js")
    shutil.copy(wacz, folder / "archive.wacz")
    page = (
        "<!doctype html>\n<html><head><meta charset='utf-8'><title>replay</title>"
        "<script src='ui.js'></script></head>\n<body style='margin:0'>"
        f"<replay-web-page source='archive.wacz' url='{html.escape(url, quote=True)}'"
        " style='display:block;height:100vh'></replay-web-page></body></html>\n"
    )
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder


_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


class _RangeHandler(SimpleHTTPRequestHandler):
    """Static files with single byte ranges (http.server has none): with them ReplayWeb.page
    loads a WACZ on demand, through its index, as from any web server or bucket."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self) -> Any:
        self._left: int | None = None  # one handler serves a keep-alive connection's requests
        wanted = _RANGE.match(self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if wanted is None or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = wanted.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:  # bytes=-N: the last N bytes (the zip's central directory)
            start, end = max(size - int(last or 0), 0), size - 1
        if start > end:
            self.send_error(416)
            return None
        body = path.open("rb")
        body.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self._left = end - start + 1
        return body

    def copyfile(self, source: Any, outputfile: Any) -> None:
        left = self._left
        if left is None:
            super().copyfile(source, outputfile)
            return
        while left > 0:
            chunk = source.read(min(left, 64 * 1024))
            if not chunk:
                break
            outputfile.write(chunk)
            left -= len(chunk)


class PlayerSite(HandlerSite):
    """The player folder on 127.0.0.1: a secure context for Chromium, so the service worker
    registers over plain http."""

    def __init__(self, root: Path) -> None:
        super().__init__(partial(_RangeHandler, directory=str(root)))
        self.root = root


# The app's state on the player page: its service worker active yet? Its replay frame loaded,
# and under that worker's control? (The embed draws the frame once the worker is registered,
# not once it is active: on a first visit the frame can load from the plain server instead.)
_APP_STATE = """
return navigator.serviceWorker.getRegistration('replay/').then(reg => {
  const active = !!(reg && reg.active && reg.active.state === 'activated');
  const rwp = document.querySelector('replay-web-page');
  const frame = rwp && rwp.shadowRoot ? rwp.shadowRoot.querySelector('iframe') : null;
  const doc = frame ? frame.contentDocument : null;
  if (!active || !doc || !doc.location.pathname.endsWith('/replay/')
      || doc.readyState !== 'complete') return 'loading';
  return frame.contentWindow.navigator.serviceWorker.controller ? 'ready' : 'uncontrolled';
});
"""


def open_player(driver: WebDriver, address: str, seconds: float = 60) -> None:
    """Open the player page and wait until the app runs in it; a frame that loaded before the
    service worker took over is reloaded, as a person would (the next visit has the worker)."""
    driver.get(address)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = driver.execute_script(_APP_STATE)
        if state == "ready":
            return
        if state == "uncontrolled":
            driver.refresh()
        time.sleep(0.1)
    raise AssertionError(f"ReplayWeb.page did not start at {address} in {seconds:.0f} s")


# Every document reachable from the top one, through shadow roots and same-origin frames
# (all of the app's frames are on the player's origin); the replayed page is the one whose
# address is the app's replay prefix ("mp_/" after the timestamp) followed by the archived URL.
_FIND_PAGE = """
const wanted = arguments[0];
function find(root) {
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) { const hit = find(el.shadowRoot); if (hit) return hit; }
    if (el.tagName === 'IFRAME') {
      let doc = null;
      try { doc = el.contentDocument; } catch (e) { doc = null; }
      if (!doc) continue;
      if (doc.location.href.endsWith('mp_/' + wanted)) return doc;
      const hit = find(doc);
      if (hit) return hit;
    }
  }
  return null;
}
"""

_SNAPSHOT = (
    _FIND_PAGE
    + """
const doc = find(document);
if (!doc || doc.readyState !== 'complete' || !doc.body) return null;
const images = Array.from(doc.querySelectorAll(arguments[1])).map(img => ({
  src: img.currentSrc || img.src, complete: img.complete, width: img.naturalWidth}));
return {href: doc.location.href, contentType: doc.contentType, title: doc.title,
        text: doc.body.innerText, images: images};
"""
)

# Every frame's address and the start of its text, for a failure to show what was on screen.
_FRAMES = """
function walk(root, out) {
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) walk(el.shadowRoot, out);
    if (el.tagName !== 'IFRAME') continue;
    let doc = null;
    try { doc = el.contentDocument; } catch (e) { doc = null; }
    out.push(doc ? doc.location.href + ': ' + (doc.body ? doc.body.innerText.slice(0, 200) : '')
                 : el.src + ': (not readable)');
    if (doc) walk(doc, out);
  }
  return out;
}
return walk(document, []);
"""

# A reader scrolls down to each photo: a lazy image (loading="lazy") loads only once near the
# viewport, and what counts is where the page rests when the browser next lays it out, so one
# image at a time, the first one not yet settled, between two looks at the page.
_SCROLL_TO_PENDING = (
    _FIND_PAGE
    + """
const doc = find(document);
const pending = doc ? Array.from(doc.querySelectorAll(arguments[1])).find(i => !i.complete) : null;
if (pending) pending.scrollIntoView({block: 'center'});
"""
)


@dataclass(frozen=True)
class Image:
    src: str
    complete: bool
    width: int  # naturalWidth: 0 unless the image's bytes arrived and decoded


@dataclass(frozen=True)
class ReplayedPage:
    href: str
    content_type: str
    title: str
    text: str
    images: list[Image]


def _snapshot(driver: WebDriver, url: str, images: str) -> ReplayedPage | None:
    found = driver.execute_script(_SNAPSHOT, url, images)
    if not found:
        return None
    return ReplayedPage(
        found["href"],
        found["contentType"],
        found["title"],
        found["text"],
        [Image(i["src"], bool(i["complete"]), int(i["width"])) for i in found["images"]],
    )


def replayed_page(
    driver: WebDriver, url: str, images: str = "img", seconds: float = 60
) -> ReplayedPage:
    """The archived page at `url` once ReplayWeb.page has rendered it (and its images matched
    by the CSS selector `images` have loaded or failed)."""
    deadline = time.monotonic() + seconds
    page = None
    while time.monotonic() < deadline:
        page = _snapshot(driver, url, images)
        if page is not None and page.text.strip():
            break
        # The app can redraw its replay frame, and on a loaded machine the new frame may load
        # before the service worker claims it (the plain server's folder listing): reloaded,
        # as a person would, as open_player does.
        if driver.execute_script(_APP_STATE) == "uncontrolled":
            driver.refresh()
        time.sleep(0.2)
    else:
        frames = driver.execute_script(_FRAMES)
        raise AssertionError(
            f"ReplayWeb.page showed no page for {url} in {seconds:.0f} s; its frames: {frames}"
        )
    while time.monotonic() < deadline:
        if all(image.complete for image in page.images):
            return page
        driver.execute_script(_SCROLL_TO_PENDING, url, images)
        time.sleep(0.2)
        page = _snapshot(driver, url, images) or page
    pending = [image.src for image in page.images if not image.complete]
    raise AssertionError(f"images still loading after {seconds:.0f} s: {pending}")
