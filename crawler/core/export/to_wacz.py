"""WACZ: the whole archive in one package (the WARC files, their index, and pages.jsonl with
each article's clean text to search), for replay tools such as ReplayWeb.page. Needs the
`wacz` package (the `wacz` extra). Every WARC is verified first: a WACZ is trusted as a whole."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

from crawler.core.archive.writer import OPEN_SUFFIX, safe_name
from crawler.core.export.base import ArticleSource, ExportError, ExportJob, FileExporter, require


def pages_jsonl(root: Path, articles: ArticleSource) -> str:
    """WACZ pages: one entry per article, dated by its capture, with its clean text to search."""
    from crawler.core.archive.reader import ArchiveError, record_headers_at

    lines = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}]
    for article in articles(all_versions=True):  # every capture is a page
        ref = article.get("warc") or {}
        try:
            headers = record_headers_at(root / ref["file"], ref["offset"], ref["length"])
        except (KeyError, OSError, ArchiveError):
            continue  # not from a crawl, or its WARC is gone: no page to point at
        lines.append(
            {
                "id": uuid.uuid5(
                    uuid.NAMESPACE_URL, headers.get("WARC-Record-ID", article["url"])
                ).hex,
                "url": article["url"],
                "ts": headers.get("WARC-Date", ""),
                "title": article.get("title", ""),
                "text": article.get("text", ""),
            }
        )
    lines += _other_pages(root, {str(line.get("url")) for line in lines})
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def _other_pages(root: Path, known: set[str]) -> list[dict[str, Any]]:
    """Archived HTML pages that are no article (an `archive` run of plain pages): from the
    index, so that a replay tool still has entry points."""
    pages = []
    for path in sorted((root / "index").glob("*.cdxj")):
        for line in path.read_text(encoding="utf-8").splitlines():
            stamp, fields = line.split(" ", 2)[1], json.loads(line.split(" ", 2)[2])
            url = str(fields.get("url", ""))
            if (
                url in known
                or fields.get("status") != "200"
                or "html" not in fields.get("mime", "")
            ):
                continue
            known.add(url)
            when = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:{stamp[12:14]}Z"
            pages.append(
                {
                    "id": uuid.uuid5(uuid.NAMESPACE_URL, url + stamp).hex,
                    "url": url,
                    "ts": when,
                    "title": url,
                }
            )
    return pages


def _warcs(root: Path) -> list[Path]:
    return sorted((root / "warc").glob("*.warc.gz"))


def check_warcs(job: ExportJob, warcs: list[Path]) -> None:
    """Every WARC verified before it is packed: a WACZ is trusted as a whole, so one with a
    cut-off or altered record in it must not come out of here looking sound. A damaged one
    stops the export; allow_damaged (rescuing what is left) packs it, with a warning each."""
    from crawler.core.archive.verify import verify_warc

    for path in sorted((job.root / "warc").glob(f"*.warc.gz{OPEN_SUFFIX}")):
        job.notify(
            f"defnews: note: warc/{path.name} is not packed: it is still open (a crawl is "
            "writing it, or died and its next run closes it)"
        )
    for path in warcs:
        name = path.relative_to(job.root).as_posix()
        problems = verify_warc(path, name)[1]
        if problems and not job.allow_damaged:
            raise ExportError(
                f"{problems[0]}: not packing a damaged WARC (see `defnews verify`; "
                "--allow-damaged packs it anyway)"
            )
        for problem in problems:
            job.notify(f"defnews: warning: packing a damaged WARC: {problem}")


class Wacz(FileExporter):
    name = "wacz"
    default_name = "archive.wacz"
    selects_articles = False  # the whole archive, every capture

    def check(self, job: ExportJob) -> None:
        warcs = _warcs(job.root)
        if not warcs:
            raise ExportError(f"no WARC files in {job.root}/warc/")
        require("wacz", "WACZ export needs the wacz package: pip install 'defnews[wacz]'")
        check_warcs(job, warcs)

    def target(self, root: Path, output: str | None) -> Path:
        return super().target(root, output).resolve()

    def build(self, job: ExportJob, partial: Path, target: Path) -> str:
        from wacz.main import main as wacz_main

        warcs = _warcs(job.root)
        with tempfile.TemporaryDirectory() as scratch:
            pages = Path(scratch) / "pages.jsonl"
            pages.write_text(pages_jsonl(job.root, job.articles), encoding="utf-8")
            # Packed under their own names, which their warcinfo records (WARC-Filename) give.
            # Files named before names were WACZ-safe ("~host", capitals) get a safe name of
            # their own here (a WACZ allows no other), which their WARC-Filename then differs from.
            inputs = []
            for warc in warcs:
                link = Path(scratch) / safe_name(warc.name)
                link.symlink_to(warc.absolute())
                inputs.append(str(link))
            # wacz chats about its progress; keep it, and show it only if the build fails.
            chatter = io.StringIO()
            with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
                status = wacz_main(["create", "-o", str(partial), "-p", str(pages), *inputs])
            if status:
                last = (chatter.getvalue().strip().splitlines() or [""])[-1]
                raise ExportError(f"wacz could not build {target} (status {status}: {last})")
        return f"{partial.stat().st_size / 1e6:.1f} MB, {len(warcs)} WARC files"


EXPORTER = Wacz()
