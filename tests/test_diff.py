"""`defnews diff`: the words that changed between two versions of an article."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.core.follow.diff import ADDED, REMOVED, SAME, Chunk, compare, paragraphs, words
from crawler.demo.changes import now_vn
from crawler.demo.server import DemoServer
from crawler.demo.site import DemoSite
from tests.support.cli import FAST, run_cli

ADDED_TEXT = "Bổ sung: hội nghị đã bế mạc lúc 17 giờ."


def test_a_corrected_figure_is_one_word_out_and_one_in() -> None:
    assert words("Có 12 người bị thương.", "Có 14 người bị thương.") == [
        Chunk(SAME, "Có "),
        Chunk(REMOVED, "12"),
        Chunk(ADDED, "14"),
        Chunk(SAME, " người bị thương."),
    ]


def test_each_side_is_rebuilt_exactly_from_its_chunks() -> None:
    old, new = "Tướng A, tướng B và C.", "Tướng A và tướng D, C!"
    chunks = words(old, new)
    assert "".join(c.text for c in chunks if c.kind != ADDED) == old
    assert "".join(c.text for c in chunks if c.kind != REMOVED) == new


def test_paragraphs_unchanged_stay_whole_and_a_removed_one_is_removed_whole() -> None:
    old = "Một.\n\nHai người.\n\nBa."
    new = "Một.\n\nHai mươi người.\n\nBốn."
    assert paragraphs(old, new) == [
        [Chunk(SAME, "Một.")],
        [Chunk(SAME, "Hai"), Chunk(ADDED, " mươi"), Chunk(SAME, " người.")],
        [Chunk(REMOVED, "Ba"), Chunk(ADDED, "Bốn"), Chunk(SAME, ".")],
    ]
    assert paragraphs("A.\n\nB.", "A.") == [[Chunk(SAME, "A.")], [Chunk(REMOVED, "B.")]]


def test_only_the_fields_that_changed_are_changed() -> None:
    diffs = {d.name: d for d in compare({"title": "T", "text": "x"}, {"title": "T", "text": "y"})}
    assert not diffs["title"].changed and diffs["text"].changed and not diffs["summary"].changed


@pytest.fixture(scope="module")
def revised(demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An archive where the seed article was revised between two runs: versions 1 and 2."""
    out = tmp_path_factory.mktemp("diff")
    with DemoServer(demo_site) as server:
        for step in range(2):
            if step == 1:
                path = next(a.path for a in server.articles if a.article_id == 711953)
                time.sleep(1.1)  # sitemap times have whole seconds
                server.revise(path, ADDED_TEXT, modified=now_vn() + timedelta(seconds=1))
                time.sleep(1.1)
            done = run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
            assert done.returncode == 0, done.stderr
    return out, path


def test_diff_shows_the_added_words_between_the_last_two_versions(
    revised: tuple[Path, str],
) -> None:
    out, path = revised
    url = f"https://www.qdnd.vn{path}"
    done = run_cli("diff", url, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "version 1 (last seen " in done.stdout and "-> version 2" in done.stdout
    assert f"  {{+{ADDED_TEXT}+}}" in done.stdout.splitlines()  # plain markers in a pipe
    assert "title:" not in done.stdout  # only what changed
    assert "\x1b[" not in done.stdout
    data = json.loads(run_cli("diff", url, "--out", str(out), "--json").stdout)
    assert (data["from"]["version"], data["to"]["version"]) == (1, 2)
    assert list(data["changes"]) == ["text"]
    assert [["added", ADDED_TEXT]] in data["changes"]["text"]
    # The article's ID, and the old numeric ID of version 1, name the same article;
    # --from/--to choose the versions.
    for ident in (data["id"], str(data["from"]["version_id"])):
        again = run_cli("diff", ident, "--out", str(out), "--from", "1", "--to", "2")
        assert again.returncode == 0 and again.stdout == done.stdout
    # The numeric ID of version 2 alone: the change that made version 2.
    made = run_cli("diff", str(data["to"]["version_id"]), "--out", str(out))
    assert made.returncode == 0 and made.stdout == done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999"], "no article 999999 in "),
        (["--from", "2", "--to", "1"], "--from 2 is not older than --to 1"),
        (["--to", "7"], "has no version 7 (it has 1 to 2)"),
    ],
)
def test_bad_diff_requests_are_one_line(
    revised: tuple[Path, str], args: list[str], message: str
) -> None:
    out, path = revised
    target = [] if args[0] == "999999" else [f"https://www.qdnd.vn{path}"]
    done = run_cli("diff", *target, *args, "--out", str(out))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr


def test_an_article_with_one_version_has_nothing_to_compare(revised: tuple[Path, str]) -> None:
    out, _ = revised
    done = run_cli("diff", "1", "--out", str(out))
    assert done.returncode == 2
    assert "has one version only: nothing to compare" in done.stderr


def test_on_a_terminal_the_changes_are_colored(revised: tuple[Path, str]) -> None:
    out, path = revised
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "crawler", "diff", f"https://www.qdnd.vn{path}",
             "--out", str(out)],
            stdout=follower, stderr=subprocess.PIPE, timeout=120, check=False,
        )  # fmt: skip
        os.close(follower)
        shown = b""
        while chunk := _read(leader):
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0, done.stderr
    assert f"\x1b[32;4m{ADDED_TEXT}\x1b[0m".encode() in shown
    assert b"{+" not in shown


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # the terminal's other end closed: all was read
        return b""


def test_changes_lists_the_revision_first_then_the_arrivals(revised: tuple[Path, str]) -> None:
    out, path = revised
    done = run_cli("changes", "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[0]["kind"] == "changed" and rows[0]["version"] == 2
    assert rows[0]["url"].endswith(path)
    assert [row["kind"] for row in rows[1:]] == ["new"] * 21
    assert [row["at"] for row in rows] == sorted((row["at"] for row in rows), reverse=True)
    table = run_cli("changes", "--out", str(out), "--site", "qdnd").stdout.splitlines()
    assert table[0].split()[:3] == ["ID", "KIND", "WHEN"] and " changed " in table[1]
    later = run_cli("changes", "--out", str(out), "--since", "2999-01-01", "--json")
    assert later.returncode == 0 and later.stdout == ""
    unknown = run_cli("changes", "--out", str(out), "--site", "nope")
    assert unknown.returncode == 2 and "unknown site 'nope'" in unknown.stderr


@pytest.mark.parametrize(
    "command",
    [["list"], ["search", "x"], ["export"], ["reparse"], ["runs"], ["changes"]],
    ids=lambda command: command[0],
)
def test_an_unknown_site_is_an_error_not_an_empty_result(
    revised: tuple[Path, str], command: list[str]
) -> None:
    out, _ = revised
    done = run_cli(*command, "--site", "nope", "--out", str(out))
    assert done.returncode == 2, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("defnews: error: unknown site 'nope': ")


def test_the_output_folder_can_come_from_defnews_out(revised: tuple[Path, str]) -> None:
    out, _ = revised
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "changes", "--json"],
        env={**os.environ, "DEFNEWS_OUT": str(out)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 22
