"""The photos table: every photo an article showed, and whether the archive has it yet.

Photos are fetched after their article (crawler.spiders.requisites), so a run that stops
first, a photo host that was down, or an archive made before photos were archived leaves
articles stored without their photos; and a stored article is not fetched again while it is
unchanged, so nothing would ever ask for them again. Here each photo is "wanted" until it is
"archived" (its final URL, after any redirect, in final_key) or has "failed" (with why: tried
again after the retry period), and every run of the site fetches what is still owed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from crawler.core.catalog.image_captures import image_key, site_form
from crawler.core.catalog.schema import Connected

WANTED, ARCHIVED, FAILED = "wanted", "archived", "failed"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PhotoTable(Connected):
    """The catalogue's methods on the photos table."""

    def want(self, site: str, key: str, url: str) -> bool:
        """A photo asked for (nothing changes for one known already); url in its site form
        (crawler.core.catalog.image_captures.site_form), the one a later run fetches."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO photos (key, site, url, state, updated) VALUES (?, ?, ?, ?, ?)",
            (key, site, url, WANTED, _now()),
        )
        return cursor.rowcount > 0

    def settle(self, key: str, state: str, reason: str = "", final_key: str = "") -> None:
        """What became of a fetch. A failure never undoes an earlier success: a photo archived
        before and unreachable now (a timeout, a new robots.txt rule) is still archived, where
        it was."""
        if state == ARCHIVED:
            self.db.execute(
                "UPDATE photos SET state = ?, reason = '', final_key = ?, updated = ? WHERE key = ?",
                (ARCHIVED, final_key, _now(), key),
            )
        else:
            self.db.execute(
                "UPDATE photos SET state = ?, reason = ?, updated = ? WHERE key = ? AND state != ?",
                (state, reason, _now(), key, ARCHIVED),
            )

    def owed(self, site: str, retry_after: timedelta, limit: int) -> tuple[list[str], int]:
        """(up to limit URLs of photos still to fetch, in their site form, how many there are
        in all): wanted ones, and failed ones tried longer than retry_after ago."""
        before = (datetime.now(UTC) - retry_after).isoformat(timespec="seconds")
        where = "site = ? AND (state = ? OR (state = ? AND updated < ?))"
        params = (site, WANTED, FAILED, before)
        total = int(
            self.db.execute(f"SELECT COUNT(*) FROM photos WHERE {where}", params).fetchone()[0]
        )
        rows = self.db.execute(
            f"SELECT url FROM photos WHERE {where} ORDER BY updated, key LIMIT ?", (*params, limit)
        )
        return [str(row[0]) for row in rows], total

    def want_stored_photos(self, site: str) -> int:
        """Every photo of the site's articles stored since the last look (an archive made
        before photos were archived, articles stored with IMAGES_ENABLED off) that the table
        does not know yet, as wanted; returns how many. Each article is read once: the last
        article ID looked at is kept per site (photo_scans)."""
        row = self.db.execute("SELECT last_id FROM photo_scans WHERE site = ?", (site,)).fetchone()
        after, last = int(row[0]) if row else 0, 0
        added = 0
        for ident, fields_json in self.db.execute(
            "SELECT id, fields FROM articles WHERE site = ? AND id > ? ORDER BY id", (site, after)
        ).fetchall():
            last = int(ident)
            fields = json.loads(fields_json)
            for image in fields.get("images") or []:
                url = str(image.get("url", ""))
                if url.startswith(("http://", "https://")):
                    added += self.want(site, image_key(fields, url), site_form(fields, url))
        if last:
            self.db.execute(
                "INSERT INTO photo_scans (site, last_id) VALUES (?, ?) "
                "ON CONFLICT (site) DO UPDATE SET last_id = excluded.last_id",
                (site, last),
            )
        return added

    def photo(self, key: str) -> tuple[str, str, str] | None:
        """(state, final_key, reason) of a photo, None when it was never asked for."""
        row = self.db.execute(
            "SELECT state, final_key, reason FROM photos WHERE key = ?", (key,)
        ).fetchone()
        return (str(row[0]), str(row[1]), str(row[2])) if row else None
