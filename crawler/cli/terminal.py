"""Whether a person is reading, and how wide their terminal is.

What a command prints to a terminal is fitted to it (tables shrunk, text wrapped, hits in
bold); what it prints to a pipe or a file is left whole and plain, since a program or a later
reader has no screen width and no use for escape codes.
"""

from __future__ import annotations

import shutil
import sys
import textwrap

# ANSI bold on, and "normal intensity" off (not a full reset, which would end any colour a
# caller set around it).
BOLD = ("\x1b[1m", "\x1b[22m")
# Stand-ins for the hit marks while a snippet is wrapped: one control character each (clean
# text holds none), not counted as width (visible_len), swapped for the real marks, or taken
# out, once the lines are made (show_marks): escape codes counted as width would wrap early.
_OPEN, _CLOSE = "\x01", "\x02"


def on_terminal() -> bool:
    return sys.stdout.isatty()


def width() -> int | None:
    """The terminal's columns when stdout is one; None in a pipe (nothing is fitted)."""
    if not on_terminal():
        return None
    # COLUMNS first (as shutil does), then the terminal's own size; 80 when neither answers.
    return max(20, shutil.get_terminal_size().columns)


def visible_len(text: str) -> int:
    return len(text) - text.count(_OPEN) - text.count(_CLOSE)


def clip(text: str, limit: int) -> str:
    """text in at most limit columns: cut, ending in an ellipsis, when longer."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)] + "…"


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """text in lines of at most columns (each starting with indent), broken between words
    only: a word longer than a line (a URL) stays whole on a line of its own. The stand-in
    marks do not count as width."""
    lines: list[str] = []
    line = ""
    room = max(10, columns - len(indent))
    words: list[str] = []
    for word in text.split():
        if word == "…" and words:  # a snippet's cut: kept with the word before it
            words[-1] += " …"
        else:
            words.append(word)
    for word in words:
        if line and visible_len(line) + 1 + visible_len(word) > room:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


def marked(marks: tuple[str, str] | None) -> tuple[str, str]:
    """The marks to ask search for: the stand-ins when hits are to be shown (wrap counts them
    as no width; show_marks swaps them), none when they are not."""
    return (_OPEN, _CLOSE) if marks else ("", "")


def show_marks(text: str, marks: tuple[str, str] | None) -> str:
    if not marks:
        return text.replace(_OPEN, "").replace(_CLOSE, "")
    return text.replace(_OPEN, marks[0]).replace(_CLOSE, marks[1])


def wrap_paragraphs(text: str, columns: int) -> str:
    """Each line of text wrapped to columns, between words (none is broken mid-word; a URL
    longer than a line stays whole); blank lines, and lines that fit, are kept as they are."""
    out = []
    for line in text.split("\n"):
        if len(line) <= columns:
            out.append(line)
        elif line and set(line) == {"="}:  # a title's underline: as wide as the screen
            out.append(line[:columns])
        else:
            out.append(textwrap.fill(line, columns, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)
