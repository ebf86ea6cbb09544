"""Where an article's photos are archived: the urls table's row for each image URL.

Photos are fetched after their article (crawler.spiders.requisites) and filed by the fetch log
like every other answer; the article's record lists their URLs. This joins the two for the
export and the web view: each image gets `archived`, the WARC location of its body (file,
offset, length: 0 when the body lies in the original a revisit record repeats), the HTTP
status and when it was fetched; None when it was never archived. A photo that redirected is
found where it ended (the photos table's final_key).
"""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import safe_url_string

from crawler.core.catalog.keys import normalize_key


def site_form(fields: dict[str, Any], image_url: str) -> str:
    """An image URL as the fetch log files it, before normalising: escaped as a request URL
    is, and on the site's own origin when it is on one of the site's domains (an alias:
    qdnd.vn for www.qdnd.vn) or on the mirror the article was crawled from (--base-url, the
    demo). The query keeps its order: this is also the URL a later run fetches it by."""
    from crawler.core.sites import REGISTRY

    image_url = safe_url_string(image_url.strip())
    site = REGISTRY.get(str(fields.get("site", "")))
    page, image = urlsplit(str(fields.get("url", ""))), urlsplit(image_url)
    if site is None:
        return image_url
    host = (image.hostname or "").lower()
    mirrored = (page.hostname or "").lower() not in site.domains and (
        image.netloc.lower() == page.netloc.lower()
    )
    if host in site.domains or mirrored:
        origin = urlsplit(site.origin)
        return urlunsplit((origin.scheme, origin.netloc, image.path, image.query, ""))
    return image_url


def image_key(fields: dict[str, Any], image_url: str) -> str:
    """The key the fetch log filed an image URL under (crawler.runtime.catalog_state.url_key
    of the request made for it)."""
    return normalize_key(site_form(fields, image_url))


def archived_image(
    db: sqlite3.Connection, fields: dict[str, Any], url: str
) -> dict[str, Any] | None:
    key = image_key(fields, url)
    try:  # redirected: archived under the URL it ended at (photos; none in older catalogues)
        found = db.execute("SELECT state, final_key FROM photos WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:
        found = None
    if found is not None and found[0] == "failed":
        return None  # fetched, but not a photo the archive can show (a soft 404, say)
    if found is not None and found[1]:
        key = str(found[1])
    row = db.execute(
        "SELECT status, warc_file, warc_offset, warc_length, fetched_at FROM urls WHERE key = ?",
        (key,),
    ).fetchone()
    if row is None or not row[1] or not (200 <= int(row[0]) < 300 or int(row[0]) == 304):
        return None
    status, file, offset, length, fetched = row
    return {"file": file, "offset": offset, "length": length, "status": status, "fetched": fetched}


def with_image_captures(db: sqlite3.Connection, fields: dict[str, Any]) -> dict[str, Any]:
    """The record with `archived` added to each of its images (a copy: the record is kept as
    it was stored)."""
    images = [
        {**image, "archived": archived_image(db, fields, str(image.get("url", "")))}
        for image in fields.get("images") or []
    ]
    return {**fields, "images": images}
