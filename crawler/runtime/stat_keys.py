"""The stats defnews writes for its users (Scrapy's stats dump, the run report's "stats", the
CLI's closing lines). Components hand each other facts through the run state
(crawler.runtime.run_state), never through these: they are a copy for people.
"""

from __future__ import annotations

from typing import Final

RUN_ID: Final = "run/id"  # the run's row in the catalogue's runs table
RUN_REPORT: Final = "run/report"  # the run report's absolute path
STOP_REASON: Final = "defnews/stop_reason"  # why a component stopped the crawl
STOP_MESSAGE: Final = "defnews/stop_message"  # the stop's cause in words, for the CLI's last line
FORCED: Final = "defnews/stopped_now"  # the spider was closed at once, pages in flight
DRIFT_ALARMS: Final = "drift/alarms"  # the drift alarms, as dicts with a message
DRIFT_FAIL: Final = "drift/fail"  # True when DRIFT_FAIL wants them to fail the crawl
FIELDS: Final = "fields/"  # fields/<field>/<source>: articles whose field came from source
FIELD_ARTICLES: Final = "fields/articles"  # articles whose field sources were counted
CPU: Final = "cpu/"  # cpu/<stage>_ms, cpu/process_ms: CPU the run spent (crawler.core.stage_clock)
