"""One add-on that turns the archive on: WARC capture, the article pipelines, the run report."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

import crawler
import crawler.settings as project
from crawler.runtime import logs
from crawler.runtime.defaults import cluster_host_delay, missing_defaults

if TYPE_CHECKING:
    from scrapy.settings import Settings


def use_bundled_public_suffix_list() -> None:
    """Keep Scrapy's cookie code off the network: tldextract otherwise downloads the Public
    Suffix List on first use, and with no internet logs a traceback before falling back to
    the snapshot it ships with."""
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    # A private name of Scrapy's: if a release renames it, say so rather than patch nothing.
    if not hasattr(cookies, "_split_domain"):
        logging.getLogger(__name__).debug("scrapy's cookie module changed: PSL patch skipped")
        return
    cookies._split_domain = TLDExtract(suffix_list_urls=(), include_psl_private_domains=True)


class ArchiveAddon:
    def update_settings(self, settings: Settings) -> None:
        use_bundled_public_suffix_list()
        logs.install()
        # defnews' own settings at their defaults (crawler/settings.py) where the settings in
        # use did not come from that module: anything set, at any priority, wins.
        settings.setdict(missing_defaults(settings), priority="addon")
        settings.set("LOG_FORMATTER", "crawler.runtime.logs.QuietLogFormatter", priority="addon")
        # Built here, not in settings.py, so that --set DEFNEWS_CONTACT_URL=... reaches it;
        # a USER_AGENT set by the user (any priority above Scrapy's default) wins.
        if settings.getpriority("USER_AGENT") in (None, SETTINGS_PRIORITIES["default"]):
            # An empty value (`--set DEFNEWS_CONTACT_URL=`) is the default contact.
            contact = settings.get("DEFNEWS_CONTACT_URL") or project.DEFNEWS_CONTACT_URL
            settings.set(
                "USER_AGENT", f"defnews/{crawler.__version__} (+{contact})", priority="addon"
            )
        settings["EXTENSIONS"].update(
            {
                # What they hand each other at the end of a run goes through the run state, in
                # the order of its stages (crawler.runtime.run_state), whatever these numbers.
                "crawler.extensions.warc.WarcExtension": 100,
                "crawler.extensions.drift.DriftMonitor": 890,
                "crawler.extensions.report.RunReport": 900,
                "crawler.extensions.ledger.RunLedger": 950,
                "crawler.extensions.live.LiveProgress": 990,
            },
            "addon",
        )
        # Next to the downloader, just inside DownloaderStats (850, which must count the 304
        # as a 304): it sees each answer before redirects, retries and HttpErrorMiddleware
        # (which would make a 304 an error), and adds validators to requests last.
        settings["DOWNLOADER_MIDDLEWARES"].update(
            {
                "crawler.downloadermiddlewares.fetch_log.FetchLogMiddleware": 840,
                # Scrapy's, fixed: every request of a burst judged by robots.txt (see there)
                "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
                "crawler.downloadermiddlewares.robots.SharedRobotsTxtMiddleware": 100,
                # before RedirectMiddleware (600): process_response runs from high to low
                "crawler.downloadermiddlewares.redirect_loops.RedirectLoopMiddleware": 610,
            },
            "addon",
        )
        if settings.getbool("WARC_ENABLED"):
            # Byte-true heads for the WARC records (crawler.handlers.wire).
            handler = "crawler.handlers.wire.WireRecordingHandler"
            settings["DOWNLOAD_HANDLERS"].update({"http": handler, "https": handler}, "addon")
        if settings.get("CLUSTER_REDIS_URL"):
            cluster_mode(settings)
        settings["ITEM_PIPELINES"].update(
            {
                "crawler.pipelines.validate.ValidatePipeline": 100,
                "crawler.pipelines.versions.VersionPipeline": 300,
                "crawler.pipelines.text_files.TextFilesPipeline": 500,
                "crawler.pipelines.versions.CatalogPipeline": 700,
            },
            "addon",
        )


def cluster_mode(settings: Settings) -> None:
    """Workers sharing one crawl through Redis (crawler.cluster): the shared frontier as the
    scheduler, and the per-host delay moved from each process into Redis."""
    settings.set("SCHEDULER", "crawler.cluster.scheduler.ClusterScheduler", priority="addon")
    # Fixed now, before the per-worker delay below is turned off; at the priority of the
    # None it replaces (crawler/settings.py's is "project"), so a value given stays.
    priority = max(settings.getpriority("CLUSTER_HOST_DELAY") or 0, SETTINGS_PRIORITIES["addon"])
    settings.set("CLUSTER_HOST_DELAY", cluster_host_delay(settings), priority=priority)
    # The delay is shared now; each worker's own would add up (N workers, N times the rate).
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    polite = (
        "crawler.handlers.polite.PoliteWireHandler"
        if settings.getbool("WARC_ENABLED")
        else "crawler.handlers.polite.PoliteHandler"
    )
    settings["DOWNLOAD_HANDLERS"].update({"http": polite, "https": polite}, "addon")
