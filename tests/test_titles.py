"""Headlines of pages nobody profiled (crawler.core.extraction.titles): unescaped, without the
site's name, and never cut inside the headline itself."""

from __future__ import annotations

import pytest

from crawler.core.extraction.document import parse_document
from crawler.core.sites.generic_parser import GenericParser


def _title(head: str, body: str = "", url: str = "https://www.namibian.com.na/story/1") -> str:
    page = f"<html><head>{head}</head><body>{body}<p>{'Text of the story. ' * 30}</p></body></html>"
    return GenericParser().parse(parse_document(page.encode()), url).title


@pytest.mark.parametrize(
    ("head", "body", "want"),
    [
        # Escaped twice in the page: the reader sees quote marks and umlauts.
        (
            '<meta property="og:title" content="R&amp;uuml;ckbau: &amp;quot;Gesprengt&amp;quot;">',
            "",
            'Rückbau: "Gesprengt"',
        ),
        # The site's name after a dash, named by og:site_name.
        (
            (
                '<meta property="og:title" content="Green hydrogen pipeline flagged - The Namibian">'
                '<meta property="og:site_name" content="The Namibian">'
            ),
            "",
            "Green hydrogen pipeline flagged",
        ),
        # No og:site_name: the domain's name says it.
        (
            '<meta property="og:title" content="Green hydrogen pipeline flagged | Namibian">',
            "",
            "Green hydrogen pipeline flagged",
        ),
        # A section's name after a bar, where the page's <h1> is the part before it.
        (
            '<meta property="og:title" content="Bubi-Bomber wieder da: Thioune fordert Geduld | Sport">',
            "<h1>Bubi-Bomber wieder da: Thioune fordert Geduld</h1>",
            "Bubi-Bomber wieder da: Thioune fordert Geduld",
        ),
        # Korean portals glue section and site with ㅣ.
        (
            '<meta property="og:title" content="장동혁, 한동훈 제명했지만 부담 커졌다-정치ㅣ한국일보">',
            "<h1>장동혁, 한동훈 제명했지만 부담 커졌다</h1>",
            "장동혁, 한동훈 제명했지만 부담 커졌다",
        ),
    ],
)
def test_a_machine_title_becomes_the_headline(head: str, body: str, want: str) -> None:
    assert _title(head, body) == want


@pytest.mark.parametrize(
    "title",
    [
        # A dash inside the headline, before words that are no site's name.
        "Rückbau von Atomkraftwerk - Kühltürme von AKW Gundremmingen gesprengt",
        "Tony Blair: Why there has to be compromise to end the Ukraine war",
        # Short headline before the separator: too little to be sure the rest is a tail.
        "Namibia - Namibian news",
        # Found by a review: separators inside the headline, a tail that only names the site.
        "Guerre en Ukraine : la Russie frappe Kyiv - analyse",
        "Army buys new rifles – the Namibian guide",
        "NATO summit: allies pledge 5% - what it means for Europe",
    ],
)
def test_a_headline_is_never_cut_inside(title: str) -> None:
    assert _title(f'<meta property="og:title" content="{title}">') == title


def test_the_site_name_comes_off_at_the_last_separator_only() -> None:
    head = (
        '<meta property="og:title" content="Pentagon at odds - F-35 deal stalls - Defense One">'
        '<meta property="og:site_name" content="Defense One">'
    )
    assert _title(head) == "Pentagon at odds - F-35 deal stalls"
    # The site's name with one more word, or with a tagline after it.
    bbc = '<meta property="og:title" content="Army picks new rifle - BBC News">'
    assert _title(bbc + '<meta property="og:site_name" content="BBC">') == "Army picks new rifle"
    kyiv = '<meta property="og:title" content="Army picks new rifle | Kyiv Post - Global Voice">'
    kyiv += '<meta property="og:site_name" content="Kyiv Post">'
    assert _title(kyiv) == "Army picks new rifle"
    # A third review: the site's name must be a whole word, and the word after it a desk's.
    for title, name in (
        ("Licence fee row deepens - BBC responds", "BBC"),
        ("Long enough headline here - Foxconn", "Fox"),
        ("Election results 2025 - Posted", "Post"),
    ):
        head = f'<meta property="og:title" content="{title}">'
        assert _title(head + f'<meta property="og:site_name" content="{name}">') == title
    # A logo in an <h1> is the site's name, not the story's headline.
    logo = (
        '<meta property="og:title" content="Stars and Stripes - Navy destroyer collides">'
        '<meta property="og:site_name" content="Stars and Stripes">'
    )
    assert (
        _title(logo, "<h1>Stars and Stripes</h1>") == "Stars and Stripes - Navy destroyer collides"
    )
    # Korean portals glue the section before the site's name; no <h1> on the page.
    korean = (
        '<meta property="og:title" content="장동혁, 한동훈 제명했지만 부담 커졌다-정치ㅣ한국일보">'
    )
    korean += '<meta property="og:site_name" content="한국일보">'
    assert _title(korean) == "장동혁, 한동훈 제명했지만 부담 커졌다"
