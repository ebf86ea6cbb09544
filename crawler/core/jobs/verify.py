"""`defnews verify` as one job: every WARC of an output folder (crawler.core.archive.verify),
every reference into them, then every article against the catalogue (crawler.core.jobs.audit)."""

from __future__ import annotations

from pathlib import Path

from crawler.core.archive.members import scan_members
from crawler.core.archive.repair import writer_pid
from crawler.core.archive.verify import (
    Problem,
    Record,
    Report,
    file_refs,
    held_open_files,
    verify_warc,
)
from crawler.core.archive.writer import OPEN_SUFFIX
from crawler.core.catalog.catalog import CatalogError
from crawler.core.jobs import audit


def verify_output(root: Path) -> Report:
    """Every WARC under root/warc, every reference into them, then every article."""
    report = Report()
    warc_dir = root / "warc"
    # References first, files second: every file a reference names exists by then (a crawl
    # writes the record before the reference), as itself or as a .open file.
    refs = list(file_refs(root))
    catalogue = None
    if (root / "catalog.sqlite").is_file():
        try:
            catalogue = audit.read_catalogue(root)
        except CatalogError as error:
            report.problems.append(Problem("catalog.sqlite", None, str(error)))
    if catalogue is not None:
        refs += catalogue.refs
    elif (root / "articles").is_dir():
        report.notes.append(
            "no catalog.sqlite: the articles are not checked against it (`defnews list` "
            "rebuilds it from the text files)"
        )
    held, abandoned = held_open_files(warc_dir, root, report) if warc_dir.is_dir() else (set(), [])
    records: dict[str, dict[int, Record]] = {}
    for path in sorted(warc_dir.glob("*.warc.gz")):
        name = path.relative_to(root).as_posix()
        count, problems, records[name] = verify_warc(path, name)
        report.files += 1
        report.records += count
        report.problems += problems
    for path in abandoned:
        name = path.relative_to(root).as_posix()
        final = name.removesuffix(OPEN_SUFFIX)
        if final in records:  # closed while we looked: already checked under its own name
            continue
        scan = scan_members(path)
        # Only a record cut off at the end is the crash's to leave: the next crawl cuts it.
        # Damage before it is damage (that cut would lose every record after it).
        torn = scan.error.startswith("the last gzip member is incomplete")
        end = scan.complete_end if torn or scan.sound else None
        count, problems, records[final] = verify_warc(path, name, end=end)
        report.files += 1
        report.records += count
        report.problems += problems
        if end is None:
            continue  # damaged, not torn: its problems say so
        writer = writer_pid(path.name)
        cut = scan.size - scan.complete_end
        report.open_files.append(
            f"{name}: left open by a crawl that is no longer running (pid "
            f"{writer if writer is not None else 'unknown'}); its {count} whole records are checked; "
            + (
                f"the next crawl closes it, cutting {cut} bytes of an unfinished record"
                if cut
                else "the next crawl closes it"
            )
        )
    skipped_refs = 0
    for source, file, offset, record_id in refs:
        if file in held:
            skipped_refs += 1
            continue
        report.refs += 1
        found = records.get(file, {}).get(offset)
        if found is None:
            report.problems.append(
                Problem(source, offset, f"no record starts at {file} offset {offset}")
            )
        elif record_id and found.record_id != record_id:
            report.problems.append(
                Problem(source, offset, f"{file} offset {offset} is not {record_id}")
            )
    if skipped_refs:
        report.skipped.append(
            f"{skipped_refs} reference(s) into the file(s) a running crawl holds; not checked"
        )
    if catalogue is not None:
        audit.check_articles(root, catalogue, records, held, report)
    return report
