"""Newsroom conventions shared by many outlets: credit lines, photo credits, promo lines.

Vietnamese ("Tin, ảnh: X", "Ảnh: X", ranks and degrees before a name in capitals) and English
("By X, Unit", "(U.S. Army photo by X)"). One outlet's own lines (its promo footers, its sapo
dateline, a credit form only it writes) are not here: they sit on that outlet's parser
(crawler.core.sites.base.ArticleParser: PROMOS, DATELINE, CREDIT_FORMS, NOT_AUTHOR_CREDITS) and
are passed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from itertools import pairwise

from crawler.core.extraction.text import normalize_line

_UPPER_VI = "A-ZÀ-ỸĐ"  # after NFC every Vietnamese capital sits in this range or is Đ
_SEP = r"\s*[:：]\s*"


def _spaced(word: str) -> str:
    """A label word that still matches when the editor split it ("T in", "ả nh")."""
    return r"\s*".join(re.escape(char) for char in word)


_TIN, _BAI, _ANH, _VA = (_spaced(word) for word in ("tin", "bài", "ảnh", "và"))
# "Tin, ảnh: X", "Bài và ảnh: X", "Bài, ảnh: X", "Tin: X", "Ảnh: X", "Video: X". Stray spaces
# inside and around the label ("Tin ,  ảnh :", "T in, ảnh:") are common: editors type them.
_LABELLED = re.compile(
    rf"^(?:(?:{_TIN}|{_BAI})\s*(?:,|\s{_VA})\s*{_ANH}|{_TIN}|{_BAI}|{_ANH}|video|clip|thực hiện)"
    rf"{_SEP}(?P<names>.+)$",
    re.IGNORECASE,
)
# "CHÍNH LÂN (thực hiện)", "QUỲNH OANH (tổng hợp)", "X (theo Reuters)".
_PARENTHESISED = re.compile(
    r"^(?P<names>[^()]{2,80}?)\s*\(\s*(?:thực hiện|tổng hợp|lược dịch|dịch|theo [^)]+)\s*\)\.?$",
    re.IGNORECASE,
)
# Vietnamese ranks and degrees: "Đại tá", "Thiếu tướng", "PGS", "TS", "Nhà báo".
VIETNAMESE_TITLES = (
    r"(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)|Đại tướng|Nhà báo|Luật sư|"
    r"PGS|GS|TS|ThS|Bác sĩ|Kỹ sư"
)


def ranked(titles: str) -> re.Pattern[str]:
    """A credit line of titles in a row, then a name in capitals and maybe a post: "Đại tá,
    TS. NGUYỄN VĂN HÙNG, Học viện Chính trị". titles: a regex alternation of the titles."""
    title = rf"(?:{titles})\.?"
    return re.compile(
        # Two words or more: "Commander USINDOPACOM, ..." names a command, not a person.
        rf"^{title}(?:\s*,?\s*{title})*\s+"
        rf"(?P<names>[{_UPPER_VI}][{_UPPER_VI}.\-]*(?:\s+[{_UPPER_VI}][{_UPPER_VI}.\-]*)+)(?:,.*)?$"
    )


_RANKED = ranked(VIETNAMESE_TITLES)
_THEO = re.compile(r"^theo\s+(?P<names>.{2,60})$", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:[,;&–—]|\s-\s|(?<=[^\W\d_])-(?=[^\W\d_])|\svà\s)\s*")

# "Nguồn: https://…" or "Nguồn: <domain>": the source of a reposted article, and the lines a
# Vietnamese CMS leaves where a box of links or a video was.
_PROMO = (
    re.compile(
        r"^Nguồn(?:\s+\S+)?\s*:\s*(?:https?://\S+|[\w.-]+\.(?:vn|com|net|org)\S*)$", re.IGNORECASE
    ),
    re.compile(r"^(?:Xem thêm|Tin liên quan|Video đang được xử lý)\s*:?$", re.IGNORECASE),
)

# Photo credit at the end of a caption: "… Ảnh: ANH TUẤN", "(Ảnh: TTXVN phát)", "Ảnh minh họa: vtv.vn".
_PHOTO_CREDIT = re.compile(
    rf"(?:^|[\s.(])(?P<label>{_ANH}(?:\s+minh\s+họa|\s+minh\s+hoạ)?|nguồn|photo)\s*:\s*"
    r"(?P<credit>[^()\n]+?)\)?\s*$",
    re.IGNORECASE,
)

# The English wire and military form, a parenthesis closing the caption: "… on Nov. 12, 2024.
# (U.S. Army photo by Spc. Jane Roe)", "(Staff Sgt. John Doe/U.S. Air Force)", "(Getty Images)".
# English captions only: a Vietnamese one's closing "(Ảnh tư liệu)", "(12/5/2024)" or
# "(HQ-182/HQ-183)" is a note, a date or a hull number.
_PAREN_CREDIT = re.compile(r"(?P<after>^|[.!?\"”’])?\s*\((?P<credit>[^()]{2,100})\)\s*$")
_VIETNAMESE = re.compile("[đăơưạảẹẻịỉọỏụủỵỷấầẩẫậắằẳẵặếềểễệốồổỗộớờởỡợứừửữựẽẫõĩũỹ]", re.IGNORECASE)
# Without a sentence end before it, a parenthesis is a credit when it says so, or when it is
# "<name>/<organisation>": words with letters on both sides of the slash, two or more before.
_SAYS_CREDIT = re.compile(r"\b(?:photo|courtesy|images?)\b", re.IGNORECASE)
_NAME_SLASH_ORG = re.compile(r"^[^\W\d_][\w.'’-]*(?:\s+[\w.'’-]+)+\s*/\s*[^\W\d_][\w.'’ -]*$")
_PHOTO_BY = re.compile(
    r"^(?:photo|image|picture)s?\s*(?:by|courtesy(?:\s+of)?|credit\s*:)\s*", re.IGNORECASE
)


def is_promo(line: str, own: Sequence[re.Pattern[str]] = ()) -> bool:
    """A promo line: a shared form, or one of the outlet's own (`own`)."""
    return any(pattern.search(line) for pattern in (*_PROMO, *own))


def datelines(*sources: str) -> re.Pattern[str]:
    """The sapo's opening dateline naming one of `sources` (regexes): "QĐND - ", "(QK7
    Online) - ". Each outlet names its own and the agencies it reprints."""
    names = "|".join(sources)
    return re.compile(rf"^\(?(?:{names})\)?\s*[-–—]\s*")


# Closing lines in capitals that are no one's name.
_NOT_NAMES = {"KẾT LUẬN", "HẾT", "TIN LIÊN QUAN", "XEM THÊM", "ĐỌC THÊM"}


def _is_caps_name(line: str) -> bool:
    """A bare byline such as "NGUYỄN TẤN" or "TTXVN": short, every letter a capital."""
    line = line.removesuffix(".")
    if line.strip() in _NOT_NAMES:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) < 3 or len(line) > 60 or len(line.split()) > 8:
        return False
    return all(ch.isupper() for ch in letters) and not line.endswith((".", ":", "?"))


def split_names(names: str) -> list[str]:
    names = names.strip().rstrip(".")
    parts = (normalize_line(part) for part in _NAME_SPLIT.split(names))
    return [part for part in parts if part]


def _compact(line: str) -> str:
    """Close the stray spaces an editor leaves before a label's punctuation."""
    return re.sub(r"\s+([,:：])", r"\1", normalize_line(line))


def parse_credit(
    line: str,
    *,
    bare: bool = True,
    forms: Sequence[re.Pattern[str]] = (),
    no_author: Sequence[re.Pattern[str]] = (),
) -> list[str] | None:
    """Authors named by a credit line, or None when the line is not a credit line.

    bare: also accept a name alone in capitals ("PHAN TUỆ"). Only safe where the layout marks
    the line (set in bold, aligned right); otherwise a closing "NATO" or "KẾT LUẬN" would match.
    forms: the outlet's own credit forms (a regex with a "names" group), after the shared ones.
    no_author: the outlet's credit lines that name no author (a translator's): [] for those."""
    candidate = _compact(line)
    if not candidate or len(candidate) > 160:
        return None
    if any(pattern.match(candidate) for pattern in no_author):
        return []  # a credit line, naming no author
    for pattern in (_LABELLED, _PARENTHESISED, _RANKED, _THEO, *forms):
        if match := pattern.match(candidate):
            names = split_names(match.group("names"))
            return names or None
    if bare and _is_caps_name(candidate):
        return split_names(candidate.removesuffix("."))
    return None


_BY = re.compile(r"^by\s+", re.IGNORECASE)
_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")


def byline_names(line: str) -> list[str]:
    """The names in an English byline: "By Jim Garamone, DOD News" -> ["Jim Garamone"],
    "By Sgt. Jane Roe and Spc. John Doe, 1st Infantry Division" -> both. A line without
    "By" is a name already (the text of an author link)."""
    line = normalize_line(line)
    if not _BY.match(line):
        return [line] if line else []
    parts = [part.strip() for part in _BY.sub("", line).split(",")]
    while len(parts) > 1 and _SUFFIX.match(parts[1]):  # "John Smith, Jr., DOD News"
        parts[:2] = [f"{parts[0]}, {parts[1]}"]
    if len(parts) > 1:
        parts = parts[:-1]  # the last part names the outlet or the unit, not a person
    names = (n.strip() for part in parts for n in re.split(r"\s+and\s+|\s*&\s*", part))
    return [name for name in names if name]


def _is_credit(found: re.Match[str]) -> bool:
    named = normalize_line(found["credit"])
    if not any(ch.isalpha() for ch in named):
        return False  # "(1/5)", "(2024)"
    if _SAYS_CREDIT.search(named) or _NAME_SLASH_ORG.match(named):
        return True
    return found["after"] is not None  # after the caption's last sentence: "(Lockheed Martin)"


def split_photo_credit(caption: str) -> tuple[str, str]:
    """("Caption.", "ANH TUẤN") from "Caption. Ảnh: ANH TUẤN"; ("Ảnh minh họa", "vtv.vn") alone."""
    match = _PHOTO_CREDIT.search(caption)
    if not match:
        english = _PAREN_CREDIT.search(caption)
        if english and not _VIETNAMESE.search(caption) and _is_credit(english):
            credit = _PHOTO_BY.sub("", normalize_line(english["credit"]))
            head = caption[: english.start("credit") - 1]
            return normalize_line(head), credit.rstrip(".")
        return caption, ""
    head = caption[: match.start()].rstrip(" (")
    credit = normalize_line(match.group("credit")).rstrip(".")
    if not head:  # "Ảnh minh họa: vtv.vn" alone: the label is all the caption there is
        label = normalize_line(match.group("label"))
        bare = label.replace(" ", "").lower() in ("ảnh", "nguồn", "photo")
        head = "" if bare else label[0].upper() + label[1:]
    return normalize_line(head), credit


# Split capitals: an editor's stray spaces inside a name in capitals ("TRẦ N HO ÀI" for
# "TRẦN HOÀI"). Each Vietnamese syllable has one vowel group and at most one tone mark, and
# ends in one of a few consonants; a fragment that breaks those rules belongs to its neighbour.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot
_VOWELS = set("AĂÂEÊIOÔƠUƯY")
_CODAS = {"C", "CH", "M", "N", "NG", "NH", "P", "T"}
_ONSETS = {"B", "C", "CH", "D", "Đ", "G", "GH", "GI", "H", "K", "KH", "L", "M", "N", "NG", "NGH"}
_ONSETS |= {"NH", "PH", "QU", "R", "S", "T", "TH", "TR", "V", "X"}
_CAPS_WORD = re.compile(rf"^[{_UPPER_VI}]+$")


def _untoned(fragment: str) -> str:
    decomposed = unicodedata.normalize("NFD", fragment)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))


def _has_tone(fragment: str) -> bool:
    return any(c in _TONES for c in unicodedata.normalize("NFD", fragment))


def _vowel_at(fragment: str, index: int) -> bool:
    return _untoned(fragment)[index] in _VOWELS


def _no_vowel(fragment: str) -> bool:
    return not any(c in _VOWELS for c in _untoned(fragment))


def _rejoin_run(fragments: list[str]) -> list[str]:
    def coda_of(before: str, fragment: str) -> bool:
        return fragment in _CODAS and _vowel_at(before, -1)

    def onset_of(fragment: str, after: str) -> bool:
        return fragment in _ONSETS and _vowel_at(after, 0)

    pairs = list(pairwise(fragments))
    # Only a run with a fragment that cannot be a syllable is split: "LÊ VĂN A" is a name.
    if not any(
        (_no_vowel(b) and coda_of(a, b)) or (_no_vowel(a) and onset_of(a, b)) for a, b in pairs
    ):
        return fragments
    out: list[str] = []
    for fragment in fragments:
        last = out[-1] if out else ""
        if last and _no_vowel(fragment) and coda_of(last, fragment) and not _no_vowel(last):
            out[-1] = last + fragment  # "TRẦ" + "N"
        elif last and _no_vowel(last) and onset_of(last, fragment):
            out[-1] = last + fragment  # "NG" + "UYỄN"
        elif (
            last
            and len(last) <= 2
            and len(fragment) <= 2
            and _vowel_at(fragment, 0)
            and _has_tone(fragment)
            and not _has_tone(last)
            and _vowel_at(last, -1)
        ):
            # "HO" + "ÀI": one tone for one syllable. Short pieces only: "THU ÁNH" is two.
            out[-1] = last + fragment
        else:
            out.append(fragment)
    return out


# Marks only Vietnamese puts on Latin letters: the breve on A (ă), the horn (ơ, ư), the dot
# below, the hook above, and two marks on one vowel (ầ: a circumflex and a tone). "É", "Â" or
# "Í" alone are French, Portuguese or Spanish as well.
_VIETNAMESE_MARKS = frozenset("\u0306\u031b\u0323\u0309")


def _is_vietnamese_letter(character: str) -> bool:
    if character in "Đđ":
        return True
    marks = [c for c in unicodedata.normalize("NFD", character) if unicodedata.combining(c)]
    return len(marks) > 1 or any(mark in _VIETNAMESE_MARKS for mark in marks)


def rejoin_split_capitals(line: str) -> str:
    """A line whose names in capitals an editor split with spaces, rejoined where the pieces
    cannot be syllables alone: "TRẦ N HO ÀI" -> "TRẦN HOÀI"; "LÊ VĂN A", "HOÀNG ANH" and
    "TTXVN" stay as they are. Words in lower case end a run of capitals."""
    words = normalize_line(line).split(" ")
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if word and _CAPS_WORD.match(word):
            run.append(word)
            continue
        # Vietnamese runs only: "MARIA T OLSEN" has an initial, "U S ARMY" is an acronym.
        vietnamese = any(_is_vietnamese_letter(ch) for word in run for ch in word)
        out += _rejoin_run(run) if len(run) > 1 and vietnamese else run
        run = []
        if word:
            out.append(word)
    return " ".join(out)


_TAIL = 2  # the credit line, and the promo line a CMS may print after it
_TAIL_CHARS = 80


def rejoin_tail(blocks: list[str], emphasised: Collection[str]) -> tuple[list[str], set[str]]:
    """The closing short lines of a body with split capitals rejoined (where a credit line
    sits), the emphasis kept with the rejoined text."""
    blocks, marked = list(blocks), set(emphasised)
    for index in range(max(0, len(blocks) - _TAIL), len(blocks)):
        block = blocks[index]
        if "\n" in block or len(block) > _TAIL_CHARS:
            continue
        if (joined := rejoin_split_capitals(block)) != normalize_line(block):
            blocks[index] = joined
            if block in marked:
                marked.add(joined)
    return blocks, marked
