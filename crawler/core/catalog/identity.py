"""Which article a page is: its own URL, unless it is an article already archived under
another URL. Pure: no Scrapy.

The rule. An article is identified by its own URL key (crawler.core.catalog.catalog.normalize_key:
query-order variants and tracking parameters are one key). Its canonical link is recorded
(the record's canonical_url) but is evidence, not identity: a broken template gives every
page the home page as canonical, a section page gives its own address, a copy may name
another article. A page whose URL has no article yet is the article archived under another
key only when both hold:
- the words are the same (title, summary and text: catalog.words_hash; a copy may lack the
  tags or captions of the original, so these do not count here), and
- canonical links connect the two: the page's canonical names the archived article's URL,
  the archived article's canonical names the page's URL, or both name the same URL.
Then the page is a copy of that article (URL outcome "duplicate": final like a stored page)
and never an article of its own. Whichever URL was archived first keeps the article, so the
order pages are fetched in changes the key, never the count. Pages with other words, or with
no canonical link between them, are each their own article in their own files, however many
of them name one canonical URL.

What a copy's fetch stores (crawler.pipelines.versions), compared with the article's latest
version by everything a reader sees (catalog.content_hash: the words, date, authors, credit,
section, tags, captions):
- the same, and the article's capture is in the folder: nothing; its last_seen is refreshed.
- the same, but the article's capture is gone (its WARC file moved or deleted) or was never
  made: the latest version takes this fetch's record (its URL, capture and modified date)
  and its files move to the copy's URL's name; so a WARC gone to cold storage is repaired
  by whichever URL of the article is still listed.
- different (an author or date edited on the URL the site still lists, while the one that
  holds the article is listed no more): a new version of the article, under its key, whose
  record names the URL it was seen at, with that page's capture; its files are named from
  that URL (a record's files are always named from the URL it names), the old ones kept.
So a version's `url` is where it was captured, and its article's key may be another URL's.

One exception keeps two URLs of one article from making a version at every refetch when one
lags behind the other (an AMP page rebuilt days after the article was edited): a page, copy or
not, that shows exactly what an earlier version showed while the latest version was seen at
another URL is behind, not a change (lags_behind): nothing is stored. A page that shows
something no version showed is always a version.
"""

from __future__ import annotations

from typing import Any

from crawler.core.catalog.catalog import Catalog, StoredArticle, content_hash, words_hash
from crawler.core.catalog.keys import record_key


def canonical_key(fields: dict[str, Any]) -> str:
    """The URL key of a record's canonical link ("" when it has none), made as its own key is
    (a mirror's address mapped back to the site's)."""
    canonical = str(fields.get("canonical_url") or "")
    return record_key({**fields, "url": canonical}) if canonical else ""


def same_article(catalog: Catalog, key: str, fields: dict[str, Any]) -> StoredArticle | None:
    """The article archived under another key that this page (key, fields) is, or None."""
    words = words_hash(fields)
    canonical = canonical_key(fields)
    site = str(fields.get("site", ""))
    if canonical and canonical != key:
        named = catalog.latest(canonical)
        # Another outlet's copy (syndication names the original) is still this outlet's article.
        if named is not None and named.site == site and words_hash(named.fields) == words:
            return named
    for other in catalog.latest_worded(site, fields):
        if other.key == key or words_hash(other.fields) != words:
            continue
        theirs = canonical_key(other.fields)
        if theirs == key or (canonical and theirs == canonical):
            return other
    return None


def lags_behind(catalog: Catalog, latest: StoredArticle, key: str, fields: dict[str, Any]) -> bool:
    """Does the page at key (fields: what it shows now, which differs from the latest version)
    show what an earlier version of the article showed, while the latest was seen at another
    URL? Then it lags behind that URL (a copy not yet rebuilt), and is no new version."""
    if record_key(latest.fields) == key:
        return False  # the latest version is this URL's own: going back is a change
    digest = content_hash(fields)
    return any(content_hash(older.fields) == digest for older in catalog.versions(latest.key))
