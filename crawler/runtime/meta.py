"""Every `request.meta` key defnews sets or reads, declared once: who writes it, who reads it.

The components of a crawl pass per-request facts through Scrapy's meta dict. Written as
string literals in five modules, a typo is a silent no-op; named here, it is an import error,
and a reader finds every user of a key with one search.
"""

from __future__ import annotations

from typing import Final

# --- set by the spiders, read by the components ------------------------------------------
# What a request is for: "article", "listing", "sitemap", "feed", "robots", ... The fetch
# log files each answer under it (crawler.downloadermiddlewares.fetch_log).
KIND: Final = "kind"
# Ask for a conditional GET from what the catalogue remembers of the URL (ETag,
# Last-Modified); False where the body is needed whatever the validators say.
REVALIDATE: Final = "revalidate"
# The discovery source (its URL key) a request counts towards, and its kind, for the run's
# coverage (crawler.core.discovery.coverage).
COVERAGE: Final = "coverage"
COVERAGE_KIND: Final = "coverage_kind"
# The listing page number a listing request fetches (1 = the listing's own URL).
PAGE: Final = "page"
# The discovery sources that listed an article URL (feed, sitemap, listing keys).
LISTED_BY: Final = "listed_by"
# How an article request was found ("sitemap", "feed", "listing", ...), as the spider counts
# it under discovery/<source>. No component reads it: it names the request's origin for a
# person reading a request's meta (a debug log, the cluster's queued requests).
SOURCE: Final = "source"
# What a requisite request fetches, in words ("photo", "lead picture", "stylesheet", ...), for
# the run's lines on what could not be archived (crawler.spiders.requisites).
REQUISITE: Final = "requisite"
# An archived article looked at again (crawler.spiders.rechecks): a 404 or 410, or a redirect
# to a page that is no article, is its removal, not a failure.
RECHECK: Final = "recheck"
# The site whose photos table files a photo request ("" for what is no photo of an article).
PHOTO_SITE: Final = "photo_site"

# --- set by the fetch log (a downloader middleware) ---------------------------------------
# The catalogue's row for a URL being revalidated (a Fetch): present while the conditional
# GET is in flight; its answer (200 or 304) is judged against it.
REVALIDATING: Final = "revalidating"
# Store this answer as a whole new capture, never as a revisit of an archived one: the
# archived copy is damaged or gone.
WARC_FRESH_COPY: Final = "warc_fresh_copy"

# --- set by the WARC extension, read by the fetch log and the spiders ----------------------
# The WarcRef of the response record this answer was archived as (or, after a 304, of the
# archived capture it confirmed).
WARC_REF: Final = "warc_ref"
# The payload digest of the archived answer ("sha1:...").
WARC_PAYLOAD: Final = "warc_payload"
# (file, offset, length[, ...]) of the record holding the body, for a later 304's answer.
WARC_BODY: Final = "warc_body"

# --- set by the cluster scheduler ----------------------------------------------------------
# The id of the frontier entry a request was popped as (crawler.cluster.scheduler).
FRONTIER_ID: Final = "frontier_id"

# Scrapy's own keys read here, named for the same reason (Scrapy sets them).
REDIRECT_URLS: Final = "redirect_urls"
DOWNLOAD_LATENCY: Final = "download_latency"
COOKIEJAR: Final = "cookiejar"
IS_START_REQUEST: Final = "is_start_request"
DOWNLOAD_MAXSIZE: Final = "download_maxsize"
REDIRECT_REASONS: Final = "redirect_reasons"

# Every key above that defnews itself sets (tests/test_meta_keys checks that no key is written
# as a literal anywhere else).
OWN_KEYS: Final = frozenset(
    {
        KIND,
        REVALIDATE,
        COVERAGE,
        COVERAGE_KIND,
        PAGE,
        LISTED_BY,
        SOURCE,
        REQUISITE,
        PHOTO_SITE,
        RECHECK,
        REVALIDATING,
        WARC_FRESH_COPY,
        WARC_REF,
        WARC_PAYLOAD,
        WARC_BODY,
        FRONTIER_ID,
    }
)
