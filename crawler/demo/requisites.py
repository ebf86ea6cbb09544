"""What the demo serves besides its pages: the photos they show, a stylesheet with its font and
background images, the header logo and the favicon; and the pages as served, whose photo URLs
point at the demo server itself.

Pages are built with the real site's photo hosts (file.qdnd.vn, file3.qdnd.vn), as the gold
records and extraction tests expect. A crawl of the demo is offline, so the server rewrites
those hosts to its own origin in every HTML page it serves (`served`), and serves a generated
picture (crawler.demo.png) at each photo path a page names. The photo is then archived under the
very URL the archived page names, which is what a replay tool looks up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from html import unescape
from urllib.parse import quote

from crawler.demo import png
from crawler.demo.model import Resource
from crawler.demo.spec import VN

# Site-relative, like the real site's theme files: they resolve against whatever origin serves
# the page, the demo server live and the same archived URL in a replay.
STYLESHEET = "/Content/css/site.css"
FONT = "/Content/fonts/qdnd-icons.woff2"
THEME = "/App_Themes/qdnd/images"
LOGO = f"{THEME}/logo.png"
FAVICON = "/favicon.ico"

# The real site's photo hosts: file.qdnd.vn in the 2020 layout, file3.qdnd.vn since.
PHOTO_HOSTS = (b"https://file3.qdnd.vn/", b"https://file.qdnd.vn/")

# A photo path as pages write it (src, poster, og:image, JSON-LD), up to its extension: the
# query (?dpi=150&quality=100&w=870) only asks the image server for a size. File names may hold
# spaces ("mua lu 1.jpg"), hence the lazy match up to the first extension. Videos
# (/data/videos/...mp4) are not photos: the demo leaves them unserved (404), a video being
# megabytes that no test of the archive needs.
_PHOTO = re.compile(rb"/data/images/[^\"'<>?#\n]+?\.(?:jpe?g|png|gif|webp)(?![\w.])", re.IGNORECASE)
_DATED = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")

# Theme files change rarely: one fixed date, so Last-Modified is the same on every run.
_THEME_DATE = datetime(2024, 12, 2, 8, 0, tzinfo=VN)
_GREEN, _DARK, _GOLD = b"\x1a\x5e\x20", b"\x0f\x3d\x14", b"\xc9\xa2\x27"

# Element-qualified selectors outrank the pages' inline rules, which come after the link.
CSS = f"""/* Báo Quân đội nhân dân: theme stylesheet (the demo's; the layout rules are inline) */
@font-face{{font-family:"QdndIcons";src:url({FONT}) format("woff2");font-display:swap}}
header.header{{background:#fff url({THEME}/bg-header.png) repeat-x}}
.header .logo img{{max-height:80px;display:block}}
.post-summary .logo-online:before{{background:url("{THEME}/logo-online.png") no-repeat}}
.box-title:before{{font-family:"QdndIcons";content:"\\f0a1";margin-right:6px}}
footer.footer{{background:#0f3d14 url('{THEME}/bg-footer.png') repeat-x left bottom}}
"""

# Not a usable font: a WOFF2 header (signature, flavour, length) and nothing else. Browsers
# reject it and fall back to the next family, as they would for any broken font; what the demo
# needs is a font URL in the stylesheet that answers, for a crawler to archive.
_FONT_BYTES = b"wOF2\x00\x01\x00\x00" + (48).to_bytes(4, "big") + bytes(36)


def _theme(content_type: str, body: bytes) -> Resource:
    return Resource(200, content_type, body, modified=_THEME_DATE)


def theme_files() -> dict[str, Resource]:
    """The stylesheet, its font and images, the header logo and the favicon, by path."""
    return {
        STYLESHEET: _theme("text/css; charset=utf-8", CSS.encode("utf-8")),
        FONT: _theme("font/woff2", _FONT_BYTES),
        LOGO: _theme("image/png", png.band(320, 80, _GREEN, _DARK, _GOLD)),
        f"{THEME}/bg-header.png": _theme(
            "image/png", png.band(8, 110, b"\xff\xff\xff", b"\xe8\xf0\xe8")
        ),
        f"{THEME}/bg-footer.png": _theme("image/png", png.band(8, 40, _DARK, b"\x08\x26\x0c")),
        f"{THEME}/logo-online.png": _theme("image/png", png.band(60, 14, _GOLD, _GREEN)),
        # og:image of pages without a photo (home, listings): absolute on the real origin, so a
        # crawler mapping that origin onto the demo finds it here.
        f"{THEME}/og-default.jpg": _theme("image/png", png.photo(f"{THEME}/og-default.jpg")),
        FAVICON: _theme("image/x-icon", png.icon(png.band(16, 16, _GREEN, _DARK, _GOLD), 16)),
    }


def photo_paths(page: bytes) -> set[str]:
    """The photo paths a page names, as a client requests them (percent-encoded, no query)."""
    found = set()
    for match in _PHOTO.finditer(page):
        path = unescape(match.group().decode("utf-8", "replace"))
        found.add(quote(path, safe="/%!$&'()*+,;=:@-._~"))
    return found


@functools.cache  # every page naming it asks again, at each server start
def photo(path: str) -> Resource:
    """The generated photo at `path`, dated by the day in its path (/2025/01/16/) when any.

    PNG bytes under a .jpg name: browsers and replay tools go by the Content-Type and the
    bytes, not by the extension."""
    day = _DATED.search(path)
    modified = _THEME_DATE
    if day:
        year, month, date = (int(part) for part in day.groups())
        modified = datetime(year, month, date, tzinfo=VN)  # midnight: never after now
    return Resource(200, "image/png", png.photo(path), modified=modified)


def localize(resource: Resource, base_url: str) -> Resource:
    """An HTML page with its photo hosts rewritten to `base_url` (the page as served); any
    other resource, or any page while the server has no address yet, as it is.

    A bytes replacement: the hosts are ASCII and every encoding the demo serves (UTF-8,
    windows-1258) is ASCII-compatible."""
    if not base_url or not resource.content_type.startswith("text/html"):
        return resource
    body = resource.body
    origin = base_url.rstrip("/").encode("ascii") + b"/"
    for host in PHOTO_HOSTS:
        body = body.replace(host, origin)
    return resource if body == resource.body else replace(resource, body=body)


def served(resources: Mapping[str, Resource], base_url: str) -> dict[str, Resource]:
    """`resources` as the server at `base_url` serves them, plus every photo their pages name.

    A page that shares a path with a photo wins (none does on the demo)."""
    photos: dict[str, Resource] = {}
    pages: dict[str, Resource] = {}
    for path, resource in resources.items():
        if resource.content_type.startswith("text/html"):
            photos.update((found, photo(found)) for found in photo_paths(resource.body))
        pages[path] = localize(resource, base_url)
    return {**photos, **pages}
