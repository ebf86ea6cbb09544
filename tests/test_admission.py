"""The link-admission policy (crawler.core.discovery.admission), table by table: which URLs a
crawl follows, and why it leaves the others. Plain values in, a verdict out: no server, no
catalogue, no Scrapy."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crawler.core.discovery.admission import RULES, LinkAdmission, Verdict
from crawler.core.discovery.coverage import OUTCOMES

SITE = "https://www.qdnd.vn"
DOMAINS = ("www.qdnd.vn", "qdnd.vn")
MIRROR = "http://127.0.0.1:8080"
# The shape of qdnd.vn's article URLs: sections, then a slug ending in the article's number.
PATTERN = re.compile(r"^/[a-z0-9-]+(?:/[a-z0-9-]+)*/[a-z0-9-]+-\d+/?$")
ARTICLE = f"{SITE}/chinh-tri/tin-tuc/le-ky-niem-123"
LONG = f"{SITE}/chinh-tri/{'x' * 3000}-1"


def admission(
    base_url: str | None = None,
    *,
    url_limit: int = 2083,
    max_articles: int | None = None,
    site: str = SITE,
    domains: tuple[str, ...] = DOMAINS,
) -> LinkAdmission:
    return LinkAdmission(
        site,
        domains,
        lambda path: PATTERN.match(path) is not None,
        base_url,
        url_limit=url_limit,
        max_articles=max_articles,
    )


def test_every_rule_gives_a_coverage_outcome() -> None:
    assert set(RULES.values()) <= set(OUTCOMES)


# -- where a link points: URL, origin crawled -> rule, URL to fetch ---------------------------

PLACES: list[tuple[str, str | None, str, str]] = [
    (ARTICLE, None, "followed", ARTICLE),
    # The site's other domain, another scheme, a port, userinfo, a fragment: the same page.
    (f"{SITE.replace('www.', '')}/chinh-tri/tin-tuc/le-ky-niem-123", None, "followed", ARTICLE),
    ("http://www.qdnd.vn/chinh-tri/tin-tuc/le-ky-niem-123", None, "followed", ARTICLE),
    ("HTTPS://WWW.QDND.VN/chinh-tri/tin-tuc/le-ky-niem-123", None, "followed", ARTICLE),
    ("https://www.qdnd.vn:8443/chinh-tri/tin-tuc/le-ky-niem-123", None, "followed", ARTICLE),
    ("https://user:secret@www.qdnd.vn/chinh-tri/tin-tuc/le-ky-niem-123", None, "followed", ARTICLE),
    (f"{ARTICLE}#binh-luan", None, "followed", ARTICLE),
    ("//www.qdnd.vn/chinh-tri/tin-tuc/le-ky-niem-123", None, "followed", ARTICLE),
    ("ftp://www.qdnd.vn/chinh-tri/tin-tuc/le-ky-niem-123", None, "followed", ARTICLE),
    # Tracking parameters stay in the URL fetched (the key drops them: see KEYS).
    (f"{ARTICLE}?utm_source=fb", None, "followed", f"{ARTICLE}?utm_source=fb"),
    # Hosts that only look like the site's.
    ("https://www.qdnd.vn@evil.example/chinh-tri/tin-tuc/le-ky-niem-123", None, "off_site", ""),
    ("https://www.qdnd.vn.evil.example/chinh-tri/tin-tuc/le-ky-niem-123", None, "off_site", ""),
    ("https://en.qdnd.vn/chinh-tri/tin-tuc/le-ky-niem-123", None, "off_site", ""),
    ("https://quốcphòng.vn/chinh-tri/tin-tuc/le-ky-niem-123", None, "off_site", ""),
    # No host: relative URLs (a sitemap must give absolute ones), other schemes, nothing.
    ("/chinh-tri/tin-tuc/le-ky-niem-123", None, "off_site", ""),
    ("chinh-tri/tin-tuc/le-ky-niem-123", None, "off_site", ""),
    ("mailto:toasoan@qdnd.vn", None, "off_site", ""),
    ("javascript:alert(1)", None, "off_site", ""),
    ("data:text/html,<p>le-ky-niem-123</p>", None, "off_site", ""),
    ("", None, "off_site", ""),
    # Not a URL at all: counted, never a traceback that loses the rest of the sitemap.
    ("http://[::1/chinh-tri/tin-tuc/le-ky-niem-123", None, "unparsable", ""),
    # On the site, but not an article URL of its profile (paths are case-sensitive).
    (f"{SITE}/", None, "not_article", ""),
    (f"{SITE}/chinh-tri", None, "not_article", ""),
    (f"{SITE}/Chinh-Tri/tin-tuc/le-ky-niem-123", None, "not_article", ""),
    (f"{SITE}/chinh-tri/tin-tuc/le-ky-niem-123.html", None, "not_article", ""),
    # A mirror (--base-url): the site's own links are read on the mirror; nothing else is.
    (ARTICLE, MIRROR, "followed", f"{MIRROR}/chinh-tri/tin-tuc/le-ky-niem-123"),
    (f"{MIRROR}/chinh-tri/tin-tuc/le-ky-niem-123", MIRROR, "followed", f"{MIRROR}/chinh-tri/tin-tuc/le-ky-niem-123"),
    ("http://127.0.0.1:9090/chinh-tri/tin-tuc/le-ky-niem-123", MIRROR, "off_site", ""),
    ("http://localhost:8080/chinh-tri/tin-tuc/le-ky-niem-123", MIRROR, "off_site", ""),
    (f"{MIRROR}/chinh-tri", MIRROR, "not_article", ""),
]  # fmt: skip


@pytest.mark.parametrize(("url", "base_url", "rule", "fetched"), PLACES)
def test_where_a_link_points(url: str, base_url: str | None, rule: str, fetched: str) -> None:
    place = admission(base_url).place(url)
    assert (place.rule, place.url) == (rule, fetched)
    assert place.reason  # always said in words
    # An article link that is not on the site is never followed, whatever the rest says.
    verdict = admission(base_url).article(url)
    assert verdict.rule == rule
    assert verdict.followed == (rule == "followed")


def test_reasons_name_what_is_wrong() -> None:
    site = admission()
    assert site.place("https://evil.example/a/b-1").reason == (
        "off the site: evil.example is not www.qdnd.vn"
    )
    assert site.place(f"{SITE}/chinh-tri").reason == "not an article URL of the site: /chinh-tri"
    assert site.place("http://[::1/a").reason.startswith("not a URL")


def test_a_site_on_an_idn_host_takes_its_links_in_any_case() -> None:
    """Hosts compare in lower case, as written: the profile names its domains the way its
    links write them (an IDN domain in its Unicode form does not match its xn-- form)."""
    site = admission(site="https://bücher.example", domains=("bücher.example",))
    assert (
        site.place("https://BÜCHER.example/sach/moi-1").url == "https://bücher.example/sach/moi-1"
    )
    assert site.place("https://xn--bcher-kva.example/sach/moi-1").rule == "off_site"


# -- what the run counts an article under: one article, one key -------------------------------

KEYS = [
    (ARTICLE, None, ARTICLE),
    (f"{ARTICLE}/", None, ARTICLE),
    (f"{ARTICLE}?utm_source=fb&utm_medium=social", None, ARTICLE),
    (f"{ARTICLE}?b=2&a=1", None, f"{ARTICLE}?a=1&b=2"),
    (f"{MIRROR}/chinh-tri/tin-tuc/le-ky-niem-123", MIRROR, ARTICLE),
]


@pytest.mark.parametrize(("url", "base_url", "key"), KEYS)
def test_an_article_is_counted_under_its_site_url(url: str, base_url: str | None, key: str) -> None:
    site = admission(base_url)
    assert site.key(url) == key
    assert site.article(url).key == key


def test_rebase_and_site_url_undo_each_other_on_a_mirror() -> None:
    mirror = admission(MIRROR)
    on_mirror = mirror.rebase(f"{ARTICLE}?id=5")
    assert on_mirror == f"{MIRROR}/chinh-tri/tin-tuc/le-ky-niem-123?id=5"
    assert mirror.site_url(on_mirror) == f"{ARTICLE}?id=5"
    # Off the mirror, and on the site's own origin, URLs are left as they are.
    assert mirror.site_url("https://evil.example/a") == "https://evil.example/a"
    assert admission().site_url(ARTICLE) == ARTICLE


# -- an article link in the run so far: earlier links, this one -> rule, counters -------------

Call = tuple[str, dict[str, Any]]
NEW: dict[str, Any] = {"source": "sitemap"}
ARTICLES: list[tuple[str, list[Call], Call, str, tuple[tuple[str, int], ...]]] = [
    ("new", [], (ARTICLE, NEW), "followed", (("discovery/sitemap", 1),)),
    (
        "due: dated after the archived copy",
        [],
        (ARTICLE, {"freshness": "due", "dated": True, "source": "rss"}),
        "followed",
        (("discovery/rss", 1), ("incremental/due", 1)),
    ),
    ("listed twice", [(ARTICLE, NEW)], (ARTICLE, NEW), "duplicate", ()),
    (
        "listed twice, spelt differently",
        [(ARTICLE, NEW)],
        ("http://qdnd.vn/chinh-tri/tin-tuc/le-ky-niem-123/?utm_campaign=x#top", NEW),
        "duplicate",
        (),
    ),
    (
        "robots.txt forbids it",
        [],
        (ARTICLE, {"allowed": False}),
        "robots",
        (("robotstxt/forbidden", 1),),
    ),
    ("forbidden once, counted once", [(ARTICLE, {"allowed": False})], (ARTICLE, {}), "robots", ()),
    (
        "too long: reported once",
        [],
        (LONG, {}),
        "length",
        (("coverage/url_too_long", 1),),
    ),
    ("too long, again", [(LONG, {})], (LONG, {}), "length", ()),
    (
        "archived, no news of a change",
        [],
        (ARTICLE, {"freshness": "known"}),
        "archived",
        (("incremental/skipped", 1),),
    ),
    (
        "archived, listed again",
        [(ARTICLE, {"freshness": "known"})],
        (ARTICLE, {"freshness": "known"}),
        "archived",
        (),
    ),
    (
        "dated before --since",
        [],
        (ARTICLE, {"freshness": "older", "dated": True}),
        "older",
        (("incremental/older", 1),),
    ),
    (
        "an undated link cannot overrule a date before --since",
        [(ARTICLE, {"freshness": "older", "dated": True})],
        (ARTICLE, {"freshness": "new", "source": "listing"}),
        "older",
        (),
    ),
    (
        "a later date overrules it",
        [(ARTICLE, {"freshness": "older", "dated": True})],
        (ARTICLE, {"freshness": "new", "dated": True, "source": "rss"}),
        "followed",
        (("incremental/older", -1), ("discovery/rss", 1)),
    ),
    (
        "archived, then a sitemap dates it later",
        [(ARTICLE, {"freshness": "known"})],
        (ARTICLE, {"freshness": "due", "dated": True, "source": "sitemap"}),
        "followed",
        (("incremental/skipped", -1), ("discovery/sitemap", 1), ("incremental/due", 1)),
    ),
    # The order of the rules: the first that applies is the reason given.
    ("listed twice beats robots", [(ARTICLE, NEW)], (ARTICLE, {"allowed": False}), "duplicate", ()),
    (
        "robots beats the length limit",
        [],
        (LONG, {"allowed": False}),
        "robots",
        (("robotstxt/forbidden", 1),),
    ),
    (
        "the length limit beats the catalogue",
        [],
        (LONG, {"freshness": "known"}),
        "length",
        (("coverage/url_too_long", 1),),
    ),
]


def _run(site: LinkAdmission, before: list[Call], call: Call) -> Verdict:
    for url, context in before:
        site.article(url, **context)
    url, context = call
    return site.article(url, **context)


@pytest.mark.parametrize(
    ("before", "call", "rule", "counts"),
    [case[1:] for case in ARTICLES],
    ids=[case[0] for case in ARTICLES],
)
def test_an_article_link(
    before: list[Call], call: Call, rule: str, counts: tuple[tuple[str, int], ...]
) -> None:
    verdict = _run(admission(), before, call)
    assert (verdict.rule, verdict.counts) == (rule, counts)
    assert verdict.reason
    # Only a URL over the length limit is a failure to report, and only the first time.
    assert bool(verdict.failure) == (counts == (("coverage/url_too_long", 1),))


def test_the_length_limit_says_the_numbers() -> None:
    verdict = admission(url_limit=100).article(LONG)
    assert verdict.failure == (
        f"not fetched: URL is {len(LONG):,} characters, over the 100 limit (URLLENGTH_LIMIT)"
    )
    assert admission(url_limit=0).article(LONG).rule == "followed"  # 0: no limit


@pytest.mark.parametrize(
    ("budget", "links", "followed", "left_out"),
    [
        (None, 3, 3, 0),
        (2, 3, 2, 1),
        (1, 1, 1, 0),
        (0, 2, 0, 2),
    ],
)
def test_max_articles(budget: int | None, links: int, followed: int, left_out: int) -> None:
    site = admission(max_articles=budget)
    verdicts = [site.article(f"{SITE}/tin-tuc/bai-{n}") for n in range(links)]
    assert sum(v.followed for v in verdicts) == followed
    assert all(v.rule == "budget" and v.outcome == "limit" for v in verdicts[followed:])
    assert site.left_out == left_out


def test_an_article_left_out_by_the_budget_is_not_counted_once_taken_up() -> None:
    """--max-articles counts articles, not links: one followed under another spelling does not
    count as left out."""
    site = admission(max_articles=1)
    site.article(ARTICLE)
    assert site.article(f"{SITE}/tin-tuc/bai-2").rule == "budget"
    assert site.article(f"{ARTICLE}?utm_source=x").rule == "duplicate"
    assert site.left_out == 1


# -- discovery sources: URL, sources requested before -> rule, outcome, key --------------------

SOURCES: list[tuple[str, str | None, list[str], str, str, str]] = [
    (f"{SITE}/sitemap.xml", None, [], "followed", "new", f"{SITE}/sitemap.xml"),
    ("https://qdnd.vn/sitemap.xml", None, [f"{SITE}/sitemap.xml"], "duplicate", "elsewhere", f"{SITE}/sitemap.xml"),
    ("https://cdn.example/sitemap.xml", None, [], "off_site", "off_site", ""),
    ("/sitemap.xml", None, [], "off_site", "off_site", ""),
    ("http://[::1/sitemap.xml", None, [], "unparsable", "off_site", ""),
    (LONG, None, [], "length", "limit", LONG),
    # On a mirror, a source is requested there and counted under the site's URL.
    (f"{SITE}/rss/home.rss", MIRROR, [], "followed", "new", f"{SITE}/rss/home.rss"),
    (f"{MIRROR}/rss/home.rss", MIRROR, [f"{SITE}/rss/home.rss"], "duplicate", "elsewhere", f"{SITE}/rss/home.rss"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "base_url", "before", "rule", "outcome", "key"), SOURCES)
def test_a_discovery_source(
    url: str, base_url: str | None, before: list[str], rule: str, outcome: str, key: str
) -> None:
    site = admission(base_url)
    for earlier in before:
        assert site.source(earlier).followed
    verdict = site.source(url)
    assert (verdict.rule, verdict.outcome, verdict.key) == (rule, outcome, key)
    if verdict.followed:
        assert verdict.url == site.rebase(url)
