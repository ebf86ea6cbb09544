"""The events table: what happened to an archived article besides a new version. A removal
(the page answered 404 or 410, redirected to a page that is no article, such as the home
page, or served a "not found" page with 200) is recorded with its time, the HTTP status and
where the answer is archived; the last archived copy stays as it was. Each event is also a
line of the folder's event log (crawler.core.catalog.event_log), so a rebuilt catalogue has
them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from crawler.core.catalog import event_log
from crawler.core.catalog.event_log import Event
from crawler.core.catalog.schema import Connected

REMOVED = "removed"
RESTORED = "restored"  # answered with its page again after a removal


class EventTable(Connected):
    path: Path  # the catalogue's file: the event log is beside it (catalog.event_log)

    def record_event(self, event: Event, run_id: int | None = None) -> bool:
        """Record it unless the article's last event already says the same (a page removed
        stays removed: one event, not one a re-check). True when recorded."""
        if self.last_event(event.key) == event.kind:
            return False
        self.db.execute(
            "INSERT INTO events (key, site, kind, at, status, detail, warc_file, warc_offset, "
            "run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (event.key, event.site, event.kind, event.at, event.status, event.detail,
             event.warc_file, event.warc_offset, run_id),
        )  # fmt: skip
        event_log.append(self.path.parent, [event])
        return True

    def last_event(self, key: str) -> str:
        """The kind of the article's last event ("" when none)."""
        row = self.db.execute(
            "SELECT kind FROM events WHERE key = ? ORDER BY at DESC, id DESC LIMIT 1", (key,)
        ).fetchone()
        return str(row[0]) if row else ""

    def removed_keys(self, site: str) -> list[str]:
        """The site's articles whose last event is a removal (taken down, not back since)."""
        rows = self.db.execute(
            "SELECT e.key FROM events e WHERE e.site = ? AND e.kind = ? AND NOT EXISTS "
            "(SELECT 1 FROM events f WHERE f.key = e.key AND (f.at > e.at OR "
            "(f.at = e.at AND f.id > e.id)))",
            (site, REMOVED),
        )
        return [str(row[0]) for row in rows]

    def events(self, *, since: str = "", site: str = "") -> list[Event]:
        clauses, params = ["at >= ?"], [since]
        if site:
            clauses.append("site = ?")
            params.append(site)
        rows = self.db.execute(
            "SELECT key, site, kind, at, status, detail, warc_file, warc_offset FROM events "
            f"WHERE {' AND '.join(clauses)} ORDER BY at DESC, id DESC",
            params,
        )
        return [Event(*tuple(row)) for row in rows]

    def recheck_candidates(self, site: str) -> list[tuple[str, datetime, datetime | None]]:
        """(key, first seen, last fetched) of every article of the site."""
        rows = self.db.execute(
            "SELECT a.key, MIN(a.first_seen), u.fetched_at FROM articles a "
            "LEFT JOIN urls u ON u.key = a.key WHERE a.site = ? GROUP BY a.key",
            (site,),
        )
        return [
            (str(key), _utc(born), _utc(fetched) if fetched else None)
            for key, born, fetched in rows
        ]


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
