"""The terminal and the pipe: tables fitted to a terminal's width (never cutting an ID, a date
or a number) and whole in a pipe; search hits bold on a terminal, unmarked in a pipe; `show`
wrapped between words on a terminal; date filters read in the zone the table shows, --until
inclusive; an unknown site key a one-line error on every command that takes one.

A terminal here is a real pseudo-terminal given a size (no COLUMNS in the environment), as
a person's would be."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.cli.dates import parse_bound
from crawler.cli.text_table import render_table
from crawler.core.article import Article
from crawler.core.catalog.catalog import Catalog
from tests.support.cli import CrawlResult, run_cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(*args: str, columns: int) -> tuple[str, str]:
    """`defnews ARGS` with stdout on a pseudo-terminal of that many columns: (what the
    terminal shows without its escape codes' colours kept, stderr)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 60, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PAGER"] = "cat"
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "crawler", *args],
            stdin=subprocess.DEVNULL, stdout=follower, stderr=errors, env=env,
        )  # fmt: skip
        os.close(follower)
        shown = b""
        try:
            while chunk := _read(leader):
                shown += chunk
        finally:
            os.close(leader)
        assert child.wait(timeout=120) == 0
        errors.seek(0)
        said = errors.read().decode("utf-8")
    return shown.decode("utf-8").replace("\r\n", "\n"), said


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # the terminal's other end closed: all was read
        return b""


def _json(*args: str) -> list[dict[str, object]]:
    done = run_cli(*args, "--json")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def _fits(text: str, columns: int) -> None:
    for line in ANSI.sub("", text).splitlines():
        assert len(line) <= columns, (columns, line)


@pytest.mark.parametrize("columns", [80, 120])
def test_tables_fit_the_terminal_and_cut_no_id_date_or_number(
    demo_crawl: CrawlResult, columns: int
) -> None:
    out = str(demo_crawl.out)
    articles = _json("list", "--out", out)
    listed, _ = on_terminal("list", "--out", out, columns=columns)
    _fits(listed, columns)
    lines = listed.splitlines()
    assert len(lines) == 1 + len(articles)  # one row per article, none wrapped
    for line, row in zip(lines[1:], articles, strict=True):
        published = str(row["published"])[:16].replace("T", " ")
        assert line.startswith(f"{row['id']}  {row['site']}  {published}  {row['version']}  ")
        assert str(row["title"]) in line or line.endswith("…")
    assert any(line.endswith("…") for line in lines[1:])  # the titles gave way, not the rest
    for command in (["runs"], ["stats"], ["changes"], ["search", "quân"]):
        shown, _ = on_terminal(*command, "--out", out, columns=columns)
        if command[0] != "search":  # a hit's URL stays whole: a cut address opens nothing
            _fits(shown, columns)
        else:
            _fits("\n".join(line for line in shown.splitlines() if "://" not in line), columns)
    sites, _ = on_terminal("sites", columns=columns)
    _fits(sites, columns)
    assert [line.split()[0] for line in sites.splitlines()[1:]] == [
        str(row["key"]) for row in _json("sites")
    ]
    runs, _ = on_terminal("runs", "--out", out, columns=columns)
    (run,) = _json("runs", "--out", out)
    assert str(run["started"])[:19].replace("T", " ") in runs  # the time whole
    assert f" {run['pages']} " in runs + " "


def test_in_a_pipe_nothing_is_cut(demo_crawl: CrawlResult) -> None:
    out = str(demo_crawl.out)
    articles = _json("list", "--out", out)
    listed = run_cli("list", "--out", out).stdout.splitlines()
    assert len(listed) == 1 + len(articles)
    for line, row in zip(listed[1:], articles, strict=True):
        assert line.endswith(str(row["title"]))  # whole, however long
    assert max(len(line) for line in listed) > 120
    assert "…" not in "\n".join(listed)
    runs = run_cli("runs", "--out", out).stdout.splitlines()
    assert runs[0].split()[-3:] == ["304", "ERRORS", "EXIT"]  # every column
    sites = run_cli("sites").stdout
    for row in _json("sites"):
        assert str(row["discovery"]) in sites and str(row["name"]) in sites


def test_search_hits_are_bold_on_a_terminal_and_unmarked_in_a_pipe(
    demo_crawl: CrawlResult,
) -> None:
    out = str(demo_crawl.out)
    shown, _ = on_terminal("search", "le", "huy", "vinh", "--out", out, columns=100)
    joined = re.sub(r"\n +", " ", shown)  # the snippets' wrapped lines as one
    assert "\x1b[1mLê\x1b[22m \x1b[1mHuy\x1b[22m \x1b[1mVịnh\x1b[22m" in joined
    assert "**" not in shown
    piped = run_cli("search", "le", "huy", "vinh", "--out", out).stdout
    assert "Lê Huy Vịnh" in piped and "**" not in piped and "\x1b" not in piped
    # JSON keeps the marks a program can find.
    assert "**Lê** **Huy** **Vịnh**" in str(
        _json("search", "le huy vinh", "--out", out)[0]["snippet"]
    )


@pytest.mark.parametrize("columns", [80, 120])
def test_show_wraps_between_words_on_a_terminal(demo_crawl: CrawlResult, columns: int) -> None:
    out = str(demo_crawl.out)
    ident = str(_json("search", "le huy vinh", "--out", out)[0]["id"])
    piped = run_cli("show", ident, "--out", out).stdout
    assert max(len(line) for line in piped.splitlines()) > 200  # paragraphs on one line
    shown, said = on_terminal("show", ident, "--out", out, columns=columns)
    assert said == ""
    # Every line fits but an address longer than the screen, kept whole on a line of its own.
    _fits("\n".join(line for line in shown.splitlines() if " " in line.strip()), columns)
    assert all(len(line) <= columns or "://" in line for line in shown.splitlines())

    def words(text: str) -> list[str]:  # the title's underline is as wide as the screen
        return [word for word in text.split() if set(word) != {"="}]

    assert words(shown) == words(piped)  # the same words: none broken, none lost
    # Paragraphs stay apart.
    assert shown.count("\n\n") == piped.count("\n\n")


@pytest.fixture
def dated(tmp_path: Path) -> Path:
    """A catalogue with articles near midnight in Hanoi (UTC+7) and one without a zone."""
    out = tmp_path / "out"
    with Catalog(out / "catalog.sqlite") as catalog:
        for n, published in enumerate(
            (
                "2025-03-03T23:59:00+07:00",  # the day before
                "2025-03-04T00:30:00+07:00",  # still the 3rd in UTC
                "2025-03-04T23:30:00+07:00",  # the 4th, late
                "2025-03-04T23:30:00",  # a site whose zone is not known: as written
                "2025-03-05T00:10:00+07:00",  # the 4th in UTC, the 5th in Hanoi
            )
        ):
            url = f"https://www.qdnd.vn/tin-tuc/bai-{n}"
            article = Article(url=url, site="qdnd", title=f"Bài {n}", published=published)
            catalog.store_article(url, article.to_dict())
    return out


def _published(*args: str) -> list[str]:
    return sorted(str(row["published"]) for row in _json(*args))


def test_a_day_is_the_day_the_site_printed_and_until_includes_it(dated: Path) -> None:
    out = str(dated)
    day = ["2025-03-04T00:30:00+07:00", "2025-03-04T23:30:00", "2025-03-04T23:30:00+07:00"]
    assert _published("list", "--out", out, "--since", "2025-03-04", "--until", "2025-03-04") == day
    exported = run_cli("export", "--out", out, "--since", "2025-03-04", "--until", "2025-03-04")
    assert sorted(json.loads(line)["published"] for line in exported.stdout.splitlines()) == day
    # The table shows each site's own time: the day it reads is the day shown.
    table = run_cli("list", "--out", out, "--since", "2025-03-04", "--until", "2025-03-04")
    assert [line.split()[2] for line in table.stdout.splitlines()[1:]] == ["2025-03-04"] * 3
    # A time with an offset is a moment; one without, a wall-clock time in the site's zone.
    moment = _published("list", "--out", out, "--since", "2025-03-04T16:30:00Z")
    assert moment == [
        "2025-03-04T23:30:00",
        "2025-03-04T23:30:00+07:00",
        "2025-03-05T00:10:00+07:00",
    ]
    assert _published("list", "--out", out, "--until", "2025-03-04T00:30") == [
        "2025-03-03T23:59:00+07:00",
        "2025-03-04T00:30:00+07:00",
    ]
    assert _published("list", "--out", out, "--until", "2025-03-03T17:30+00:00") == [
        "2025-03-03T23:59:00+07:00",
        "2025-03-04T00:30:00+07:00",
    ]
    bad = run_cli("list", "--out", out, "--until", "March 4")
    assert bad.returncode == 2 and bad.stderr.startswith("defnews: error: --until wants a date")


def test_changes_read_dates_in_utc_as_they_show_them(demo_crawl: CrawlResult) -> None:
    out = str(demo_crawl.out)
    every = _json("changes", "--out", out)
    day = str(every[0]["at"])[:10]
    assert _json("changes", "--out", out, "--since", day, "--until", day) == every
    before = (datetime.fromisoformat(day) - timedelta(days=1)).date().isoformat()
    assert _json("changes", "--out", out, "--until", before) == []
    table = run_cli("changes", "--out", out).stdout.splitlines()
    assert all(line.split()[2] == day and "UTC" in line for line in table[1:])


def test_a_crawl_reads_its_since_in_each_sites_zone() -> None:
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    assert parse_bound("2025-03-04", "--since").start_in(hanoi) == datetime(
        2025, 3, 4, tzinfo=hanoi
    )
    assert parse_bound("2025-03-04T08:00", "--since").start_in(None) == datetime(
        2025, 3, 4, 8, tzinfo=UTC
    )
    exact = parse_bound("2025-03-04T08:00+02:00", "--since").start_in(hanoi)
    assert exact == datetime(2025, 3, 4, 6, tzinfo=UTC)


def test_render_table_shrinks_titles_drops_optional_columns_and_keeps_ids() -> None:
    rows = [{"id": "abcdefghij", "when": "2025-03-04 23:30", "n": 12345, "title": "word " * 30}]
    columns = [("id", "ID"), ("when", "WHEN"), ("n", "N"), ("title", "TITLE")]
    fitted = render_table(rows, columns, width=60).splitlines()
    assert all(len(line) <= 60 for line in fitted)
    assert (
        fitted[1].startswith("abcdefghij  2025-03-04 23:30  12345  word") and fitted[1][-1] == "…"
    )
    whole = render_table(rows, columns).splitlines()
    assert whole[1].endswith(("word " * 30).strip())
    # No title to shrink: the optional columns go, the last named first; never an ID.
    numbers = [("id", "ID"), ("when", "WHEN"), ("n", "N"), ("m", "MORE"), ("k", "KEPT")]
    row = {"id": "abcdefghij", "when": "2025-03-04 23:30", "n": 1, "m": 2, "k": 3}
    narrow = render_table([row], numbers, width=37, optional=("k", "m"))
    assert narrow.splitlines()[0].split() == ["ID", "WHEN", "N", "KEPT"]
    assert narrow.splitlines()[1].startswith("abcdefghij  2025-03-04 23:30")
    too_narrow = render_table([row], numbers[:2], width=10)  # nothing to give: overflows
    assert too_narrow.splitlines()[1] == "abcdefghij  2025-03-04 23:30"


@pytest.mark.parametrize(
    "command",
    [
        ["list", "--site", "nope"],
        ["search", "x", "--site", "nope"],
        ["export", "--site", "nope"],
        ["export", "--format", "wacz", "--site", "nope"],
        ["reparse", "--site", "nope"],
        ["runs", "--site", "nope"],
        ["changes", "--site", "nope"],
        ["crawl", "nope"],
        ["check-sites", "nope"],
    ],
    ids=lambda command: "-".join(w for w in command if w[0] != "-" and w not in ("nope", "x")),
)
def test_an_unknown_site_is_a_one_line_error_on_every_command(
    demo_crawl: CrawlResult, command: list[str]
) -> None:
    done = (
        run_cli(*command, "--out", str(demo_crawl.out))
        if command[0] != "check-sites"
        else (run_cli(*command))
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("defnews: error: unknown site 'nope'"), lines
    assert done.stdout == ""


def test_an_unknown_site_in_a_schedule_or_for_extract_is_a_one_line_error(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    schedule = tmp_path / "schedule.toml"
    schedule.write_text(f'out = "{tmp_path}/out"\n[sites.nope]\nevery = "6h"\n', encoding="utf-8")
    warc = next((demo_crawl.out / "warc").glob("*.warc.gz"))
    for command in (["schedule", "show", str(schedule)], ["extract", "--site", "nope", str(warc)]):
        done = run_cli(*command)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "unknown site 'nope'" in lines[0], lines
