"""Every outlet's fixture page after its body gained chrome no rule of the outlet names: a
sign-up box with a button and a list of related links, under class names of no outlet. The
text must come out exactly as the fixture expects (the structural boilerplate layer, not the
outlet's drop rules, removes them)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import html

from crawler.core.extraction.decode import decode_html
from crawler.core.sites import REGISTRY, extract
from crawler.core.sites.base import PRIMARY
from crawler.core.sites.selectors import SelectorParser
from crawler.core.sites.table import FIXTURE_ROOT

SIGN_UP = (
    '<div class="rx-panel"><h4>Stay in the loop</h4><p>Our weekly newsletter, sent to your '
    'inbox.</p><input type="email" placeholder="Email"><button>Sign up</button></div>'
)
RELATED = (
    '<ul class="q-list">'
    + "".join(
        f'<li><a href="/story-{i}">A story number {i} on the same topic</a></li>' for i in range(4)
    )
    + "</ul>"
)
CHROME_WORDS = ("Stay in the loop", "weekly newsletter", "A story number")


def _raw(case: Path) -> bytes:
    return gzip.decompress(case.with_name(case.stem + ".html.gz").read_bytes())


def _cases() -> list[Path]:
    """The fixtures whose text their parser's body selector gives (not a JSON-LD body)."""
    cases = []
    for path in sorted(FIXTURE_ROOT.glob("*/*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        if "blocked" in expected or not expected.get("text"):
            continue
        got = extract(_raw(path), expected["url"], content_type=expected["content_type"])
        if got.sources.get("text") == PRIMARY:
            cases.append(path)
    return cases


CASES = _cases()


def test_nearly_every_outlet_page_is_a_case() -> None:
    assert len(CASES) >= 21 and len({case.parent.name for case in CASES}) >= 9


def _parser(expected: dict[str, Any]) -> type[SelectorParser]:
    key, _, version = expected["parser"].partition("/")
    for parser in REGISTRY[key].parser.versions:
        if parser.version == version and issubclass(parser, SelectorParser):
            return parser
    raise AssertionError(f"no selector parser {expected['parser']}")


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_chrome_in_the_body_leaves_the_text(case: Path) -> None:
    expected = json.loads(case.read_text(encoding="utf-8"))
    text = decode_html(_raw(case), expected["content_type"])[0]
    doc = html.document_fromstring(text)
    body = doc.xpath(_parser(expected).BODY[0])[0]
    paragraphs = body.xpath(".//p[normalize-space()]")
    anchor = paragraphs[0] if paragraphs else body[0]
    anchor.addnext(html.fragment_fromstring(RELATED))
    anchor.addnext(html.fragment_fromstring(SIGN_UP))
    page = html.tostring(doc, encoding="unicode")
    got = extract(page, expected["url"], content_type="text/html; charset=utf-8")
    assert got.text == expected["text"]
    assert not any(word in got.text for word in CHROME_WORDS)
