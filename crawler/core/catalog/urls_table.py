"""The urls table: every URL fetched, by key, with its last status, validators, where its body
is archived and, for an article page, the outcome (crawler.core.catalog.catalog)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crawler.core.catalog.schema import Connected

# A fetch whose answer is final: the URL is not fetched again unless there is news of a change.
# "duplicate": the same article as one archived under another URL (crawler.core.catalog.identity).
DONE_OUTCOMES = ("stored", "unchanged", "moved", "duplicate")
# Final for a while only: a 404 or an empty page can be a passing fault of the site.
EXPIRING_OUTCOMES = ("not-article", "gone")


@dataclass(frozen=True)
class Fetch:
    """One URL's last fetch, as the catalogue remembers it."""

    key: str
    kind: str
    status: int
    fetched_at: datetime
    etag: str
    last_modified: str
    content_type: str
    warc_file: str
    warc_offset: int
    outcome: str
    source_date: str  # UTC ISO, "" when no sitemap or feed dated it

    def done(self, retry_after: timedelta) -> bool:
        """Nothing more to fetch here unless the site says it changed (an expiring outcome
        only until retry_after has passed)."""
        if self.outcome in EXPIRING_OUTCOMES:
            return datetime.now(UTC) - self.fetched_at < retry_after
        return self.outcome in DONE_OUTCOMES


class UrlTable(Connected):
    """The catalogue's methods on the urls table."""

    def fetch(self, key: str) -> Fetch | None:
        row = self.db.execute(
            "SELECT key, kind, status, fetched_at, etag, last_modified, content_type, "
            "warc_file, warc_offset, outcome, source_date FROM urls WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        return Fetch(row[0], row[1], row[2], datetime.fromisoformat(row[3]), *row[4:])

    def record_fetch(
        self,
        *,
        key: str,
        site: str,
        kind: str,
        url: str,
        status: int,
        etag: str = "",
        last_modified: str = "",
        content_type: str = "",
        payload_digest: str = "",
        body_location: tuple[str, int, int] | None = None,
        outcome: str = "",
        source_date: str = "",
        run_id: int | None = None,
        fetched_at: datetime | None = None,
    ) -> None:
        """Remember a fetch. A 304 keeps the validators and body location it confirmed; an
        article's outcome is cleared until its extraction is stored (mark_outcome), so a run
        killed in between fetches it again rather than believing it archived."""
        fetched = (fetched_at or datetime.now(UTC)).isoformat(timespec="microseconds")
        if status == 304:
            self.db.execute(
                "UPDATE urls SET status = 304, fetched_at = ?, run_id = ?, "
                "source_date = MAX(source_date, ?), "
                "etag = CASE WHEN ? != '' THEN ? ELSE etag END, "
                "last_modified = CASE WHEN ? != '' THEN ? ELSE last_modified END, "
                "outcome = CASE WHEN kind = 'article' THEN '' ELSE outcome END "
                "WHERE key = ?",
                (fetched, run_id, source_date, etag, etag, last_modified, last_modified, key),
            )
            return
        file, offset, length = body_location or ("", 0, 0)
        self.db.execute(
            "INSERT INTO urls (key, site, kind, url, status, fetched_at, etag, last_modified, "
            "content_type, payload_digest, warc_file, warc_offset, warc_length, outcome, "
            "source_date, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, url = excluded.url, "
            "status = excluded.status, fetched_at = excluded.fetched_at, etag = excluded.etag, "
            "last_modified = excluded.last_modified, content_type = excluded.content_type, "
            "payload_digest = excluded.payload_digest, warc_file = excluded.warc_file, "
            "warc_offset = excluded.warc_offset, warc_length = excluded.warc_length, "
            "outcome = excluded.outcome, run_id = excluded.run_id, "
            "source_date = MAX(urls.source_date, excluded.source_date)",
            (
                key,
                site,
                kind,
                url,
                status,
                fetched,
                etag,
                last_modified,
                content_type,
                payload_digest,
                file,
                offset,
                length,
                outcome,
                source_date,
                run_id,
            ),
        )

    def raise_source_date(self, key: str, date: str) -> None:
        self.db.execute(
            "UPDATE urls SET source_date = MAX(source_date, ?) WHERE key = ?", (date, key)
        )

    def mark_older(self, key: str, last_change: str) -> None:
        """Fetched, but older than a run's --since: not stored (crawler.core.catalog.freshness)."""
        self.db.execute(
            "UPDATE urls SET outcome = 'older', source_date = MAX(source_date, ?) WHERE key = ?",
            (last_change, key),
        )

    def mark_outcome(self, key: str, outcome: str) -> None:
        self.db.execute("UPDATE urls SET outcome = ? WHERE key = ?", (outcome, key))
