"""An article as files a person reads: <stem>.txt (title, date and credit, summary, body,
captions) and <stem>.json (the contract's fields), each written atomically. Pure: the text
files pipeline, `defnews show` and `defnews reparse` share it without importing Scrapy."""

from __future__ import annotations

import json
import os
from pathlib import Path

from crawler.items import Article
from crawler.store.paths import OutputLayout

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
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(data, encoding="utf-8")
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk must not leave hidden files behind
        raise


def write_article_files(layout: OutputLayout, article: Article) -> Path:
    """Write both files under the article's stem; returns the stem (no suffix)."""
    stem = layout.article(article.site, article.published, article.canonical_url or article.url)
    record = json.dumps(article.to_dict(), ensure_ascii=False, indent=1)
    _make_folders(layout.root, stem.parent)
    write_atomic(stem.with_suffix(".json"), record + "\n", make_parents=False)
    write_atomic(stem.with_suffix(".txt"), render_text(article), make_parents=False)
    return stem


def _make_folders(root: Path, folder: Path) -> None:
    """Make folder, one level at a time below root, never root itself: an output folder
    deleted or moved mid-crawl must fail the write, not come back near-empty."""
    for level in [*reversed(folder.relative_to(root).parents), folder.relative_to(root)]:
        if level.parts:
            (root / level).mkdir(exist_ok=True)
