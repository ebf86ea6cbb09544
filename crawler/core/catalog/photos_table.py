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

    def want(self, site: str, key: str, url: str) -> None:
        """A photo asked for (nothing changes for one known already); url in its site form
        (crawler.core.catalog.image_captures.site_form), the one a later run fetches."""
        self.db.execute(
            "INSERT OR IGNORE INTO photos (key, site, url, state, updated) VALUES (?, ?, ?, ?, ?)",
            (key, site, url, WANTED, _now()),
        )

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
        """Every photo of the site's stored articles that the table does not know yet (an
        archive made before photos were archived), as wanted; returns how many."""
        known = {
            str(row[0]) for row in self.db.execute("SELECT key FROM photos WHERE site = ?", (site,))
        }
        added = 0
        for (fields_json,) in self.db.execute(
            "SELECT fields FROM articles WHERE site = ?", (site,)
        ):
            fields = json.loads(fields_json)
            for image in fields.get("images") or []:
                url = str(image.get("url", ""))
                if not url.startswith(("http://", "https://")):
                    continue
                key = image_key(fields, url)
                if key not in known:
                    known.add(key)
                    self.want(site, key, site_form(fields, url))
                    added += 1
        return added

    def photo(self, key: str) -> tuple[str, str, str] | None:
        """(state, final_key, reason) of a photo, None when it was never asked for."""
        row = self.db.execute(
            "SELECT state, final_key, reason FROM photos WHERE key = ?", (key,)
        ).fetchone()
        return (str(row[0]), str(row[1]), str(row[2])) if row else None
