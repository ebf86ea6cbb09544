"""Requests as the shared frontier keeps them: JSON bytes, the key that makes two requests
the same page for the crawl's shared duplicate filter, and the cookies a request carries to
the worker that pops it."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from typing import TYPE_CHECKING, Any

from scrapy.utils.request import request_from_dict

from crawler.core.catalog.keys import normalize_key
from crawler.runtime import meta

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def seen_key(request: Request) -> str:
    """What makes two requests the same page: the catalogue's URL key (no tracking
    parameters, no fragment, no trailing slash), the method and the body."""
    digest = hashlib.sha1(request.method.encode())
    digest.update(normalize_key(request.url).encode())
    digest.update(request.body)
    # A page's requisite (a stylesheet, a photo, a preloaded link) has a seen-set of its own:
    # in the page's, a requisite whose URL is also an article would take the article's place,
    # and the article, asked for later, would be dropped as already seen.
    if meta.REQUISITE in request.meta:
        digest.update(b"\0requisite")
    return digest.hexdigest()


def encode_request(request: Request, spider: Spider | None) -> bytes:
    """JSON, never pickle: whoever can write to the Redis must not run code in a worker.
    Meta values JSON cannot carry are left out (with a warning), not the request."""
    data = request.to_dict(spider=spider)
    try:
        return json.dumps(_plain(data)).encode()
    except TypeError:
        meta = data.get("meta") or {}
        kept = {}
        for key, value in meta.items():
            try:
                kept[key] = _plain(value)
            except TypeError:
                logger.warning("request meta %r left out of the shared queue: not JSON", key)
        return json.dumps(_plain({**data, "meta": kept})).encode()


def decode_request(data: bytes, spider: Spider | None) -> Request:
    return request_from_dict(_restore(json.loads(data)), spider=spider)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith("$") for key in value):
            return {key: _plain(item) for key, item in value.items()}
        return {"$d": [[_plain(key), _plain(item)] for key, item in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(type(value).__name__)


def _restore(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$b"}:
            return base64.b64decode(value["$b"])
        if set(value) == {"$d"}:
            return {_restore(key): _restore(item) for key, item in value["$d"]}
        return {key: _restore(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_restore(item) for item in value]
    return value


def carry_cookies(crawler: Crawler, request: Request) -> None:
    """A redirect continues in whichever worker pops it: the cookies this worker's jar
    holds for it (a session set on the way, as qdnd.vn's /rss gate sets one) go with it."""
    from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

    from crawler.core.cookies import cookie_pairs

    engine = crawler.engine
    middlewares = engine.downloader.middleware.middlewares if engine is not None else ()
    for middleware in middlewares:
        if isinstance(middleware, CookiesMiddleware):
            probe = request.replace(headers={})
            middleware.jars[request.meta.get(meta.COOKIEJAR)].add_cookie_header(probe)
            if jar_cookies := cookie_pairs(probe.headers.get("Cookie") or b""):
                merged: dict[str | bytes, Any] = {}
                merged.update(jar_cookies)
                if isinstance(request.cookies, dict):
                    merged.update(request.cookies)  # the request's own win
                request.cookies = merged
            return
