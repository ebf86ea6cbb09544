"""An article as files a person reads: <stem>.txt (title, date and credit, summary, body,
captions) and <stem>.json (the contract's fields), each written atomically. Pure: the text
files pipeline, `defnews show` and `defnews reparse` share it without importing Scrapy.

One article, one set of files: the stem comes from the article's own URL key (never its
canonical link, which a broken template points at the home page), and no write ever replaces
files whose JSON names another article (FileClash). A stem taken by another article (files
from an older defnews, named from canonical links) makes the next free stem the article's.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from crawler.core.article import Article
from crawler.core.catalog.keys import record_key
from crawler.core.catalog.paths import OutputLayout
from crawler.core.stage_clock import TEXT_FILES, stage

SUFFIXES = (".json", ".txt")  # the files of one article stem


def render_text(article: Article) -> str:
    """What a person reads: title, date and credit, summary, then the body."""
    head = [article.title, "=" * min(len(article.title), 78)]
    facts = [part for part in (article.published, article.credit) if part]
    if facts:
        head.append(" · ".join(facts))
    head.append(article.canonical_url or article.url)
    parts = ["\n".join(head)]
    if article.summary:
        parts.append(article.summary)
    parts.append(article.text)
    captions = [
        f"[{n}] "
        + " — ".join(
            part for part in (image.caption, image.credit and f"Ảnh: {image.credit}") if part
        )
        for n, image in enumerate(article.images, 1)
        if image.caption or image.credit
    ]
    if captions:  # kept apart from the body, as the page shows them beside the photos
        parts.append("\n".join(["Ảnh / Images:", *captions]))
    return "\n\n".join(parts) + "\n"


def write_atomic(path: Path, data: str, *, make_parents: bool = True) -> None:
    with stage(TEXT_FILES):
        _write_atomic(path, data, make_parents=make_parents)


def _write_atomic(path: Path, data: str, *, make_parents: bool) -> None:
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(data, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk must not leave hidden files behind
        raise


class FileClash(Exception):
    """The files at a stem belong to another article: they are never overwritten."""


# Free stems tried before giving up: each clash is a different article on one 10-digit digest.
_ATTEMPTS = 20


def suffixed(stem: Path, suffix: str) -> Path:
    """stem + suffix (with_suffix would eat the ".v2" of a kept version's stem)."""
    return stem.with_name(stem.name + suffix)


def owner(stem: Path) -> str | None:
    """The URL key of the article whose files are at stem: None when there are none, "" when
    they cannot be read as an article record (never ours to replace). OSError when the folder
    itself cannot be read (a file where it should be, no permission): a fault of the output."""
    try:
        text = suffixed(stem, ".json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return "" if suffixed(stem, ".txt").exists() else None
    except (IsADirectoryError, UnicodeDecodeError):
        return ""
    try:
        return record_key(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError):
        return ""


def holds(stem: Path, key: str) -> bool:
    """Are the files at stem this article's (or none at all)?"""
    return owner(stem) in (None, key)


def free_stem(layout: OutputLayout, article: Article, key: str | None = None) -> Path:
    """Where this article's files go: its own URL key's stem, or, when another article holds
    that (a legacy canonical-named file), the first free alternative. key: its record_key,
    when the caller has it."""
    if key is None:
        key = record_key(article.to_dict())
    for attempt in range(_ATTEMPTS):
        stem = layout.article(article.site, article.published, key, attempt)
        if holds(stem, key):
            return stem
    raise FileClash(f"no free file name for {key} after {_ATTEMPTS} tries")


def write_article_files(layout: OutputLayout, article: Article, stem: Path | None = None) -> Path:
    """Write both files under the article's stem (stem: where the catalogue says they are;
    default: free_stem); returns the stem (no suffix). FileClash, and nothing written, when
    the stem holds another article's files."""
    record = article.to_dict()
    key = record_key(record)
    if stem is None:
        stem = free_stem(layout, article, key)
    elif (found := owner(stem)) not in (None, key):
        raise FileClash(f"{stem.name} holds {found or 'an unreadable record'}, not {key}")
    _make_folders(layout.root, stem.parent)
    write_atomic(
        suffixed(stem, ".json"),
        json.dumps(record, ensure_ascii=False, indent=1) + "\n",
        make_parents=False,
    )
    write_atomic(suffixed(stem, ".txt"), render_text(article), make_parents=False)
    return stem


def remove_article_files(stem: Path, key: str) -> None:
    """Remove the files at stem if they are this article's (a version that moved away)."""
    if owner(stem) == key:
        # The text first: a kill in between leaves the record that says whose stem it is.
        for suffix in reversed(SUFFIXES):
            suffixed(stem, suffix).unlink(missing_ok=True)


def _make_folders(root: Path, folder: Path) -> None:
    """Make folder, one level at a time below root, never root itself: an output folder
    deleted or moved mid-crawl must fail the write, not come back near-empty."""
    if folder.is_dir():  # the common case, one stat: a crawl fills a few dozen day folders
        return
    for level in [*reversed(folder.relative_to(root).parents), folder.relative_to(root)]:
        if level.parts:
            (root / level).mkdir(exist_ok=True)
