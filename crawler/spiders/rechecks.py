"""Archived articles looked at again, to catch quiet edits and takedowns.

An article is fetched again when a sitemap or feed date says it changed; an edit that moves no
date and a removal would never be seen. So each crawl also re-checks the site's archived
articles whose age has passed a checkpoint of RECHECK_AFTER since their last fetch
(crawler.core.follow.recheck), or with `crawl --recheck AGE` every article first seen within
AGE, now. A re-check is a conditional GET through the same politeness: unchanged costs a 304;
changed words become a new version as any fetch does; a 404 or 410, or a redirect to a page
that is no article of the site (the home page, a section), or a "not found" page served with
200, is recorded as the article's removal (crawler.core.catalog.events_table) with where that answer is archived, and said in
the summary; the last archived copy stays.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Request, Response

from crawler.core.article import Article
from crawler.core.catalog.event_log import Event
from crawler.core.catalog.events_table import REMOVED, RESTORED
from crawler.core.extraction.decode import decode_html
from crawler.core.follow.recheck import (
    ASKED,
    LEFT,
    REMOVALS,
    RESTORED_COUNT,
    STILL_REMOVED,
    due,
    parse_ages,
)
from crawler.core.follow.soft_removal import is_article_sized, soft_removal
from crawler.core.not_stored import article_gap, note
from crawler.runtime import meta
from crawler.runtime.defaults import settings_of
from crawler.runtime.run_state import RunState
from crawler.spiders.discovering import DiscoveringSpider, content_type_of


class RecheckRequests(DiscoveringSpider):
    """The re-check requests of a crawl, and what a re-check's answer says of a removal."""

    # The article callback (crawler.spiders.articles): a re-check is an article fetch.
    parse_article: Callable[[Response], AsyncIterator[Any]]

    def recheck_requests(self) -> Iterator[Request]:
        if self.catalog is None:
            return
        ages = parse_ages(str(settings_of(self.crawler).get("RECHECK_AFTER") or ""))
        now = datetime.now(UTC)
        try:
            candidates = self.catalog.recheck_candidates(self.site.key)
        except sqlite3.Error as error:
            self.logger.warning("cannot read the archived articles to re-check: %s", error)
            return
        if self.recheck_within is not None:  # asked for: all of them, now
            chosen = [key for key, born, _ in candidates if now - born <= self.recheck_within]
        else:
            due_now = [
                (born, key) for key, born, fetched in candidates if due(born, fetched, now, ages)
            ]
            # The youngest first (edits come early), at most RECHECK_PER_RUN a run: an archive
            # made before re-checks has every article due once, and at a per-host delay of
            # 1 s, 20,000 of them would hold one run up for hours. The rest are said.
            due_now.sort(reverse=True)
            limit = settings_of(self.crawler).getint("RECHECK_PER_RUN")
            chosen = [key for _, key in due_now[:limit]]
            if left := len(due_now) - len(chosen):
                self.crawler.stats.set_value(LEFT, left)
        for key in chosen:
            self.crawler.stats.inc_value(ASKED)
            fields = {
                meta.KIND: "article",
                meta.SOURCE: "recheck",
                meta.RECHECK: True,
                # A 304 says unchanged at no cost; --refresh wants the page whole.
                meta.REVALIDATE: not self.refresh,
            }
            # Past the duplicate filter, and so are its redirects: removed articles sent to one
            # home page must each reach removed_by_redirect, and a re-check must not be lost
            # to a discovery request for the same page (one extra fetch at most).
            yield self._request(self.rebase(key), self.parse_article, meta=fields, dont_filter=True)

    def removed_by_redirect(self, response: Response, article: Article) -> bool:
        """An archived article that now redirects to a page that is no article (the home page,
        a section), seen by a re-check or any other fetch: its removal. Recorded; True when
        so. Decided on what the page turned out to be: an article that moved to an address
        the profile does not know is a page like any other, stored, never a removal."""
        given = response.meta
        if not given.get(meta.REDIRECT_URLS):
            return False
        if self.admission.article_url(response.url) is not None:
            return False  # moved to another article URL: the page is still there
        if not article_gap(article):
            return False  # moved to an address of another form: still an article
        first = str(given[meta.REDIRECT_URLS][0])
        if not self.archived(first, given):
            return False
        reasons = given.get(meta.REDIRECT_REASONS) or [0]
        status = reasons[0] if isinstance(reasons[0], int) else 0
        self.record_removal(first, status, f"redirected to {response.url}", given)
        return True

    def archived(self, url: str, given: Mapping[str, Any]) -> bool:
        """Whether url's article is archived: a re-check's is by definition (in a cluster
        too); another fetch's, if the catalogue holds it."""
        if given.get(meta.RECHECK):
            return True
        try:
            return (
                self.catalog is not None
                and self.catalog.latest(self.admission.key(url)) is not None
            )
        except sqlite3.Error as error:
            self.logger.warning("cannot tell whether %s is archived: %s", url, error)
            return False

    def not_found_page(self, response: Response, article: Article) -> bool:
        """A page answered 200 that says it is not there (a takedown many CMSs serve with a
        success status: crawler.core.follow.soft_removal). An archived article's URL: its
        removal, recorded, the archived copy kept, whether a re-check or a sitemap brought
        the fetch. Any other URL: not stored, said. True when so (nothing to store)."""
        if response.status != 200 or is_article_sized(article.title, article.text):
            return False  # most pages: an article, decided without decoding the page again
        page, _ = decode_html(response.body, content_type_of(response), language=self.site.language)
        detail = soft_removal(page, response.url, article.title, article.text)
        if not detail:
            return False
        first = str((response.meta.get(meta.REDIRECT_URLS) or [response.url])[0])
        key = self.admission.key(first)
        if self.archived(first, response.meta):
            self.record_removal(first, response.status, detail, response.meta)
        else:
            note(self.crawler.stats, response.url, f"not an article: {detail}")
            if self.catalog is not None:
                try:
                    self.catalog.mark_outcome(key, "not-article")  # looked at again later
                except sqlite3.Error as error:
                    self.logger.warning("cannot record what %s was: %s", first, error)
        return True

    def removed_by_answer(self, url: str, reason: str, response: Any) -> bool:
        """An archived article that answers 404 or 410, at once or after redirects, to a
        re-check or any other fetch: its removal, filed under the article's own URL. True
        when so."""
        if reason not in ("HTTP 404", "HTTP 410") or response is None:
            return False
        given = response.meta
        if given.get(meta.KIND) != "article":
            return False  # a sitemap, feed or listing: its failure is coverage's to count
        article = str((given.get(meta.REDIRECT_URLS) or [url])[0])
        if not self.archived(article, given):
            return False
        detail = reason if article == url else f"{reason} after a redirect to {url}"
        self.record_removal(article, response.status, detail, given)
        return True

    def restored(self, response: Response) -> None:
        """An article that answers with its page again after a removal was recorded, whether
        a re-check or a sitemap brought the fetch: its restoration, so that a second takedown
        is recorded too. The removed articles are read once a run, not once a page."""
        if self.catalog is None:
            return
        first = str((response.meta.get(meta.REDIRECT_URLS) or [response.url])[0])
        key = self.admission.key(first)
        try:
            if self.removed_now is None:
                self.removed_now = set(self.catalog.removed_keys(self.site.key))
            if key not in self.removed_now:
                return
            self.removed_now.discard(key)
            self.removed_this_run.discard(key)  # taken down again later this run: recorded
            event = self._event(key, RESTORED, response.status, "", response.meta)
            self.catalog.record_event(event, RunState.of(self.crawler).run_id)
            self.crawler.stats.inc_value(RESTORED_COUNT)
        except sqlite3.Error as error:
            self.logger.warning("cannot record the return of %s: %s", first, error)

    def _event(
        self, key: str, kind: str, status: int, detail: str, given: Mapping[str, Any]
    ) -> Event:
        ref = given.get(meta.WARC_REF)
        return Event(
            key=key,
            site=self.site.key,
            kind=kind,
            at=datetime.now(UTC).isoformat(timespec="microseconds"),
            status=status,
            detail=detail,
            warc_file=ref.file if ref is not None else "",
            warc_offset=ref.offset if ref is not None else 0,
        )

    def record_removal(self, url: str, status: int, detail: str, given: Mapping[str, Any]) -> None:
        key = self.admission.key(url)
        # Once a run: a re-check and a sitemap's fetch of one URL are one article's removal.
        if key in self.removed_this_run:
            return
        self.removed_this_run.add(key)
        if self.removed_now is not None:
            self.removed_now.add(key)  # back later this run: a return
        event = self._event(key, REMOVED, status, detail, given)
        if self.catalog is not None:
            try:
                if not self.catalog.record_event(event, RunState.of(self.crawler).run_id):
                    self.crawler.stats.inc_value(STILL_REMOVED)  # recorded by an earlier run
                    return
            except sqlite3.Error as error:
                self.logger.warning("cannot record the removal of %s: %s", url, error)
        noted = self.crawler.stats.get_value(REMOVALS) or []
        noted.append((url, detail))
        self.crawler.stats.set_value(REMOVALS, noted)
        self.logger.info("removed: %s (%s)", url, detail)
