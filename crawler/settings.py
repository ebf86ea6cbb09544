"""Scrapy settings for defnews: polite defaults; the add-on switches the archive on.

Every defnews setting has its default here and nowhere else (docs/settings.md lists them all,
with who reads each): a component reads a name with no fallback of its own, and a crawler
built without this module gets these values underneath its own (crawler.runtime.defaults).
"""

from __future__ import annotations

BOT_NAME = "defnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
ADDONS = {"crawler.addon.ArchiveAddon": 0}

OUTPUT_DIR = "output"
# The run report, OUTPUT_DIR/runs/<time>-<site>-<host>-<pid>.json (crawler.extensions.report).
RUN_REPORT_ENABLED = True
# Each article as OUTPUT_DIR/articles/<site>/<YYYY>/<MM>/<slug>-<digest>.txt and .json
# (crawler.pipelines.text_files). Off, the catalogue and the WARC still hold every article.
TEXT_FILES_ENABLED = True
# Room held on the output's disk from the start, so that a full disk still gets the run
# report and the run's row in the catalogue (crawler.core.catalog.reserve).
DISK_RESERVE_BYTES = 1024 * 1024
# How often the run ledger checks that the output folder and the catalogue are still the ones
# it opened (deleted or moved: the crawl stops, exit 2); 0 = only before each article.
OUTPUT_CHECK_SECONDS = 2.0
# The catalogue (OUTPUT_DIR/catalog.sqlite): crawl state between runs. Off, every run
# fetches every article again.
CATALOG_ENABLED = True
# An article URL that answered 404/410 or held no article is tried again after this many days
# (sites have passing faults); archived articles are fetched again only when they change.
INCREMENTAL_RETRY_DAYS = 7.0

# The archive (crawler.core.archive.config.WarcConfig). Defaults here, so that --set values are typed.
WARC_ENABLED = True
WARC_DIR = ""  # "" = OUTPUT_DIR/warc
WARC_PREFIX = ""  # "" = the site key
WARC_MAX_SIZE = 1024**3
WARC_GZIP_LEVEL = 6
WARC_OPERATOR = ""
WARC_DEDUP_ENABLED = True
# Photos: an article's images and lead picture are archived with it (crawler.spiders.requisites),
# each capped at IMAGES_MAX_BYTES (news photos run 0.1-3 MB; a 10 MiB cap stops a video or a
# print-size original, said in the run's words, without losing a real photo).
IMAGES_ENABLED = True
IMAGES_MAX_BYTES = 10 * 1024 * 1024
# Photos earlier runs still owe (the run stopped first, the host was down, the archive predates
# photos) asked for again at most this many a run, so a big old archive's catch-up spreads
# over runs instead of holding one up for hours at a per-host delay; the rest is said.
IMAGES_CATCH_UP_PER_RUN = 1000
# Archived articles are fetched again (a conditional GET) when their age passes each of these
# since their last fetch: news is edited most in its first hours, less over days, rarely after
# a month, when a takedown can still come (crawler.core.follow.recheck). "" turns it off.
RECHECK_AFTER = "1h 6h 1d 3d 7d 30d"
# At most this many due re-checks a run, the youngest articles first (the rest are said): the
# first run over an archive made before re-checks finds every article due once.
RECHECK_PER_RUN = 500
# The page's other requisites too (stylesheets and what they load, scripts, icons, the chrome's
# images): "site" by default, those on the page's own site and its CDNs (file3.qdnd.vn for
# www.qdnd.vn), because an archive is trusted for how a page looked as well as what it said,
# and they cost little: every page of a site shares them, so each is fetched once a run
# (revalidated with a 304 in later runs) under the same robots.txt and per-host delay. Not
# "all": third-party ad, analytics and widget scripts make no page look more as it was, and
# fetching them calls ad servers. "off": photos only.
PAGE_REQUISITES = "site"
# Who runs the crawler: the add-on builds the User-Agent from it ("defnews/VERSION (+URL)")
# unless USER_AGENT itself is set. Sites ask crawler operators for a way to reach them.
DEFNEWS_CONTACT_URL = "https://github.com/defnews/defnews"

DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "vi,en;q=0.8",
}

# Politeness (Scrapy's own defaults ignore robots.txt and hit a host 8 at a time).
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# What one callback gives (an article, the requests for its photos) goes through the spider
# middlewares and pipelines one at a time: the pipelines are synchronous, so Scrapy's 100
# gained nothing but a hundred asyncio tasks started for every response.
CONCURRENT_ITEMS = 1

# News pages are small; a 1 GiB default cap only invites trouble from a broken server.
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# Limits for news pages, each ending in a counted failure (README "Limits"). Scrapy applies
# DOWNLOAD_MAXSIZE to the decompressed body too, so a gzip bomb stops at 20 MiB.
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# An article is one or two hops from its link; Scrapy's 20 only lengthens a loop.
REDIRECT_MAX_TIMES = 5
REDIRECT_LOOPS_ENABLED = True

# Extraction in worker processes beside the crawl (crawler.spiders.extractor): -1 = one when the
# machine has two cores or more, 0 = in the crawl process, N = N workers.
EXTRACTION_WORKERS = -1

# Drift alarms (crawler.extensions.drift): warn when a field came from a parser's fallbacks, or not at
# all, on more than DRIFT_THRESHOLD of at least DRIFT_MIN_ARTICLES articles of a crawl;
# DRIFT_FAIL (`crawl --fail-on-drift`) makes that exit status 3.
DRIFT_ENABLED = True
DRIFT_MIN_ARTICLES = 5
DRIFT_THRESHOLD = 0.5
DRIFT_FAIL = False

# A cluster of workers sharing one crawl through Redis (crawler.cluster; `crawl --redis`):
# CLUSTER_REDIS_URL ("" = no cluster) turns it on; CLUSTER_NAME names the shared crawl
# ("" = "defnews", one crawl per site under it); a worker silent for CLUSTER_HEARTBEAT_S is
# taken for dead and its requests queued again; an idle worker looks for work every
# CLUSTER_POLL_S; the starts of all workers' requests to one host are CLUSTER_HOST_DELAY
# seconds apart (None = the crawl's DOWNLOAD_DELAY, which cluster mode turns off per worker).
CLUSTER_REDIS_URL = ""
CLUSTER_NAME = ""
CLUSTER_HEARTBEAT_S = 10.0
CLUSTER_POLL_S = 1.0
CLUSTER_HOST_DELAY = None

TELNETCONSOLE_ENABLED = False
# A live progress line on stderr (crawler.extensions.live); the CLI turns it on for terminals.
LIVE_PROGRESS = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Listing pages (crawler.spiders.news): a scheduled run reads at most MAX_LISTING_PAGES pages
# of each listing (0: the profile's max_listing_pages), and stops before at the first page
# whose articles are all archived. With --since (back-fill) it reads back to the date, at most
# BACKFILL_MAX_LISTING_PAGES pages. Hitting either limit is said in the log, the summary and
# the run's coverage. URLs over URLLENGTH_LIMIT (Scrapy's, 2083) are not fetched: each is a
# failure said in words.
MAX_LISTING_PAGES = 0
BACKFILL_MAX_LISTING_PAGES = 500
URLLENGTH_LIMIT = 2083
