"""The generic parser's body on pages nobody tuned it for: the rules that keep body text a
generic extractor loses (crawler.core.extraction.generic_text, generic_chunks) and the JSON-LD
articleBody that stands in when the markup holds little of the text.

Real pages first (../shared/data/real-news, tuning half: each rule was written for a loss seen
there), then synthetic pages that differ from them the way other templates do."""

from __future__ import annotations

from collections import Counter

import pytest

from crawler.core.extraction.clean import generic_body
from crawler.core.extraction.document import parse_document
from crawler.core.extraction.generic_chunks import complete_chunks
from crawler.core.extraction.generic_text import merge_passes
from crawler.core.jobs.evaluation import tokens
from crawler.core.sites.generic_parser import GenericParser
from tests.support.real_news import RealPage, real_pages


def _recall_precision(got: str, gold: str) -> tuple[float, float]:
    a, b = tokens(got), tokens(gold)
    overlap = sum((a & b).values())
    return overlap / max(sum(b.values()), 1), overlap / max(sum(a.values()), 1)


@pytest.fixture(scope="module")
def pages() -> dict[str, RealPage]:
    return {page.gold["file"]: page for page in real_pages()}


def _generic(html: bytes | str, url: str = "https://news.example/2025/05/story") -> str:
    body = html.encode() if isinstance(html, str) else html
    return GenericParser().parse(parse_document(body), url).text


def _gold(page: RealPage) -> str:
    return "\n".join(page.gold["headlines"] + page.gold["paragraphs"])


@pytest.mark.parametrize(
    ("file", "why"),
    [
        # ASP.NET wraps the page in one <form>: dropping forms as chrome dropped every word.
        ("lb/LBCGroup_2026_01_08.html.gz", "page-wide form"),
        # The body in five containers of one class, its paragraphs marked "paywall".
        ("us/TheNewYorker_2023_05_16.html.gz", "body in chunks"),
        # The body cut by ad slots into blocks under one section.
        ("pl/Rzeczpospolita_2025_02_02.html.gz", "body in chunks"),
    ],
)
def test_real_pages_keep_their_whole_body(pages: dict[str, RealPage], file: str, why: str) -> None:
    """The markup's body alone (generic_body: no JSON-LD stand-in, which the New Yorker's
    page also has)."""
    page = pages[file]
    blocks = generic_body(parse_document(page.body), page.url).blocks
    recall, precision = _recall_precision("\n".join(blocks), _gold(page))
    # Before these rules: recall 0.0, 0.47 and 0.49.
    assert recall > 0.88 and precision > 0.9, (why, recall, precision)


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>"


_PROSE = [
    f"Paragraph {n} of the report says the brigade moved {n} kilometres north before dawn, "
    "and the commander confirmed the move in a statement to reporters."
    for n in range(1, 9)
]


def test_a_small_form_is_still_chrome_beside_a_page_wide_one() -> None:
    sign_up = (
        '<form action="/subscribe"><p>Sign up for the morning brief, every day in your inbox '
        "before seven, free of charge for readers.</p><input name=email><button>Go</button></form>"
    )
    body = "".join(f"<p>{p}</p>" for p in _PROSE)
    text = _generic(
        _page(f'<form id="frame"><main><article>{body}{sign_up}</article></main></form>')
    )
    assert all(p in text for p in _PROSE)
    assert "morning brief" not in text


def test_paragraphs_marked_hidden_or_paywalled_are_kept() -> None:
    free = "".join(f"<p>{p}</p>" for p in _PROSE[:3])
    paid = "".join(f"<p>{p}</p>" for p in _PROSE[3:])
    html = _page(
        f'<article><h1>Brigade moves north</h1><div class="story">{free}</div>'
        f'<section class="premium-paywall is-hidden" aria-hidden="true">{paid}</section></article>'
    )
    text = _generic(html)
    assert all(p in text for p in _PROSE), text


def test_chunks_of_another_article_on_the_page_stay_out() -> None:
    """Two articles built from the same chunk class: only the page's own article's chunks."""
    other = [p.replace("brigade", "frigate").replace("Paragraph", "Item") for p in _PROSE]

    def chunks(paragraphs: list[str]) -> str:
        return "".join(
            f'<div class="text-chunk">{"".join(f"<p>{p}</p>" for p in paragraphs[i : i + 2])}</div>'
            f'<div class="slot">Advertisement</div>'
            for i in range(0, len(paragraphs), 2)
        )

    html = _page(
        f"<main><article><h1>Brigade</h1>{chunks(_PROSE)}</article>"
        f'<aside class="next"><article><h2>Frigate</h2>{chunks(other)}</article></aside></main>'
    )
    text = _generic(html)
    assert all(p in text for p in _PROSE)
    assert not any(p in text for p in other)


def test_complete_chunks_puts_the_missing_chunks_in_page_order() -> None:
    html = _page(
        '<article><p class="lead">Lead line of the story, which the extractor kept as it is.</p>'
        + "".join(
            f'<div class="body-part"><p>{_PROSE[i]}</p><p>{_PROSE[i + 1]}</p></div><div>Ad</div>'
            for i in (0, 2, 4)
        )
        + "<p>Closing line outside the chunks, kept where it was.</p></article>"
    )
    kept = ["Lead line of the story, which the extractor kept as it is.", _PROSE[0], _PROSE[1]]
    kept.append("Closing line outside the chunks, kept where it was.")
    merged = complete_chunks(parse_document(html.encode()), kept)
    assert merged == [kept[0], *_PROSE[:6], kept[-1]]


def test_complete_chunks_leaves_a_single_container_alone() -> None:
    html = _page(
        f'<article><div class="body">{"".join(f"<p>{p}</p>" for p in _PROSE)}</div></article>'
    )
    kept = _PROSE[:4]
    assert complete_chunks(parse_document(html.encode()), kept) == kept


def test_merge_passes_fills_short_gaps_with_prose_only() -> None:
    precise = ["A first paragraph of the story.", "C third paragraph.", "E fifth one."]
    default = [
        "Menu",
        "A first paragraph of the story.",
        "B a quote the precise pass dropped, a full sentence of the body.",
        "C third paragraph.",
        "Share",
        "E fifth one.",
        "Related: one",
        "Related: two",
    ]
    assert merge_passes(precise, default) == [
        "A first paragraph of the story.",
        "B a quote the precise pass dropped, a full sentence of the body.",
        "C third paragraph.",
        "E fifth one.",
    ]


def test_merge_passes_leaves_long_gaps_and_disjoint_passes() -> None:
    precise = ["One.", "Two."]
    gap = [
        f"A long line of comments number {n}, which reads like prose to a rule." for n in range(3)
    ]
    assert merge_passes(precise, ["One.", *gap, "Two."]) == precise
    assert merge_passes(precise, ["Other.", "Lines."]) == precise
    # A home page: the precise pass finds no article, the default pass a hotline number.
    assert merge_passes([], ["Đường dây nóng:", "069.558.100"]) == []


def _ld(body: str) -> str:
    import json

    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "H"}
    data["articleBody"] = body
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_a_body_rendered_by_script_comes_from_json_ld() -> None:
    body = "\n".join(_PROSE)
    html = _page('<div id="root"><h1>H</h1><p>Loading…</p></div>', head=_ld(body))
    article = GenericParser().parse(parse_document(html.encode()), "https://news.example/a")
    assert article.text == "\n\n".join(_PROSE)
    assert article.sources["text"] == "fallback:json-ld articleBody"


def test_json_ld_does_not_replace_a_body_the_markup_holds() -> None:
    # The page prints the whole body; its articleBody is the same text plus a teaser line.
    html = _page(
        "<article><h1>H</h1>" + "".join(f"<p>{p}</p>" for p in _PROSE) + "</article>",
        head=_ld("\n".join([*_PROSE, "Subscribe to read more stories like this one."])),
    )
    assert "Subscribe" not in _generic(html)
    # A short articleBody is a teaser, whatever the markup holds.
    short = _page("<div><h1>H</h1><p>Loading…</p></div>", head=_ld(_PROSE[0]))
    assert _PROSE[0] not in _generic(short)


def test_every_word_of_a_plain_page_is_kept() -> None:
    """No rule drops words of a plain article: the baseline the rules build on."""
    html = _page("<article><h1>H</h1>" + "".join(f"<p>{p}</p>" for p in _PROSE) + "</article>")
    got = tokens(_generic(html))
    assert got == Counter(tokens("\n".join(_PROSE)))


def test_embedded_posts_are_not_the_article(pages: dict[str, RealPage]) -> None:
    page = pages["us/TheGatewayPundit_2026_07_19.html.gz"]  # five embedded tweets
    text = _generic(page.body, page.url)
    assert "pic.twitter.com" not in text and "July 18, 2026" not in text
    recall, precision = _recall_precision(text, _gold(page))
    assert recall > 0.97 and precision > 0.9, (recall, precision)  # before: precision 0.69
    # A post embedded without the network's class: a quotation ending in a link to the post.
    tweet = (
        '<blockquote><p lang="en">Troops are moving north tonight, more to follow from the '
        'front line soon.</p>— Reporter (@reporter) <a href="https://x.com/reporter/status/1">'
        "July 1, 2026</a></blockquote>"
    )
    quote = "<blockquote><p>We will hold the line, whatever it costs us, said the commander.</p></blockquote>"
    paragraphs = "".join(f"<p>{p}</p>" for p in _PROSE[:4])
    text = _generic(_page(f"<article><h1>H</h1>{paragraphs}{tweet}{quote}{paragraphs}</article>"))
    assert "Troops are moving north" not in text
    assert "We will hold the line" in text  # a quotation of the article's own stays


def test_a_login_prompt_with_button_links_goes_a_short_list_of_links_stays() -> None:
    prompt = (
        '<div class="box-7"><p>Read the whole story with a Plus account, two months for one '
        "euro, cancel whenever you like.</p>"
        '<div><a class="btn btn-primary" href="/login">Log in</a></div>'
        '<div><a class="btn" href="/register">Two months for one euro</a></div></div>'
    )
    sources = '<p>Sources: <a href="/a">the ministry</a> and <a href="/b">the army</a>.</p>'
    paragraphs = "".join(f"<p>{p}</p>" for p in _PROSE)
    text = _generic(_page(f"<article><h1>H</h1>{paragraphs}{sources}{prompt}</article>"))
    assert "Plus account" not in text and "two months" not in text.lower()
    assert all(p in text for p in _PROSE)


def test_drop_generic_chrome_takes_the_whole_prompt_box_only() -> None:
    from lxml import html as lxml_html

    from crawler.core.extraction.generic_chrome import drop_generic_chrome

    paragraphs = "".join(f"<p>{p}</p>" for p in _PROSE)
    root = lxml_html.fromstring(
        f'<html><body><article><div class="text">{paragraphs}</div>'
        '<section class="x1"><p>Read on with a Plus account.</p>'
        '<div><a class="btn" href="/login">Log in</a></div>'
        '<div><a role="button" href="/plus">Subscribe</a></div></section>'
        '<p>See also <a class="btn-link" href="/a">one</a> and <a class="btn-link" href="/b">two</a>.</p>'
        "</article></body></html>"
    )
    drop_generic_chrome(root)
    text = " ".join(root.text_content().split())
    assert "Plus account" not in text and "Log in" not in text
    assert all(p in text for p in _PROSE)
    assert "See also one and two." in text  # a paragraph is no box, whatever its links' class


def test_words_after_an_html_comment_are_kept(pages: dict[str, RealPage]) -> None:
    """React writes `<!-- -->` inside sentences; given a tree, trafilatura dropped a comment
    with the words after it (AP's paragraph ended at "recovered from the pandemic")."""
    page = pages["us/APNews_2023_04_28.html.gz"]
    recall, _ = _recall_precision(_generic(page.body, page.url), _gold(page))
    assert recall > 0.99, recall  # before: 0.74
    paragraphs = "".join(f"<p>{p}</p>" for p in _PROSE[:3])
    tail = "<p>The ministry said <a href='/x'>on Monday</a><!-- -->, after a long delay, that it agreed.</p>"
    text = _generic(_page(f"<article><h1>H</h1>{paragraphs}{tail}{paragraphs}</article>"))
    assert "The ministry said on Monday, after a long delay, that it agreed." in text


# Found by a review: pages unlike the tuning half's, where a generic rule lost the article's
# text or took another's.


def test_a_brief_with_share_buttons_is_no_login_prompt() -> None:
    brief = (
        "<p>The Navy on Tuesday awarded a $1.2 billion contract for submarine materials.</p>"
        "<p>Work will be performed in Groton and completed by March 2027.</p>"
        '<a class="btn btn-share" href="https://facebook.com/share">Share</a>'
        '<a class="btn btn-share" href="https://x.com/share">Post</a>'
    )
    menu = "".join(f'<li><a href="/s{n}">Section {n}</a></li>' for n in range(20))
    text = _generic(
        _page(f"<nav><ul>{menu}</ul></nav><div class='brief'><h1>Award</h1>{brief}</div>")
    )
    assert "awarded a $1.2 billion contract" in text and "Section 3" not in text


def test_a_page_wide_form_is_measured_without_its_scripts() -> None:
    script = "<script>" + "var x = 'padding';" * 200 + "</script>"
    body = "".join(f"<p>{p}</p>" for p in _PROSE)
    text = _generic(
        _page(f'<form id="aspnetForm"><article><h1>H</h1>{body}</article></form>', head=script)
    )
    assert all(p in text for p in _PROSE)


def test_a_sign_up_box_is_read_by_its_structure_before_pruning() -> None:
    box = (
        '<div class="k9x"><p>Morning digest</p><p>Five minutes, every weekday.</p>'
        "<input type=email><button>Join</button></div>"
    )
    body = "".join(f"<p>{p}</p>" for p in _PROSE)
    text = _generic(
        _page(f"<article><h1>H</h1>{body[: len(body) // 2]}{box}{body[len(body) // 2 :]}</article>")
    )
    assert "Morning digest" not in text and "Five minutes" not in text


def test_teasers_sharing_the_body_class_outside_it_stay_out() -> None:
    side = "".join(
        f"<div class='txt'><p>Teaser {n}: a long blurb about another story that runs on for a "
        "while, with no link at all.</p></div>"
        for n in range(3)
    )
    half = len(_PROSE) // 2
    body = (
        "<div id='story'><h1>Brigade moves north</h1><div class='txt'>"
        + "".join(f"<p>{p}</p>" for p in _PROSE[:half])
        + "</div><div class='slot'>Advertisement</div><div class='txt'>"
        + "".join(f"<p>{p}</p>" for p in _PROSE[half:])
        + f"</div></div><div id='sidebar'>{side}</div>"
    )
    text = _generic(_page(body))
    assert all(p in text for p in _PROSE) and "Teaser" not in text


def test_complete_chunks_keeps_the_extractors_order() -> None:
    root = parse_document(
        _page(
            "<div class='main'><div class='txt'><p>"
            + _PROSE[0]
            + "</p><p>"
            + _PROSE[1]
            + "</p></div>"
            "<ul><li>First bullet of the order of battle, with its date.</li></ul>"
            "<div class='txt'><p>" + _PROSE[2] + "</p><p>" + _PROSE[3] + "</p></div></div>"
        ).encode()
    )
    kept = [_PROSE[0], _PROSE[1], "First bullet of the order of battle, with its date.", _PROSE[2]]
    assert complete_chunks(root, kept) == [*kept, _PROSE[3]]


def test_an_article_body_given_as_html_in_json_ld_is_read_as_text() -> None:
    body = "".join(f"<p>{p}</p>" for p in _PROSE)
    html = _page('<div id="root"><h1>H</h1><p>Loading…</p></div>', head=_ld(body))
    article = GenericParser().parse(parse_document(html.encode()), "https://news.example/a")
    assert article.text == "\n\n".join(_PROSE)


@pytest.mark.parametrize(
    "share",
    [
        "https://www.facebook.com/sharer?u=https://news.example/2025/nato-members-pledge",
        "https://news.example/2025/navy-holds-commanders-accountable?share=x",
        "https://plus.google.com/share?url=https://news.example/a",
    ],
)
def test_share_links_carrying_the_story_s_slug_are_no_login_prompt(share: str) -> None:
    brief = (
        "<p>The Navy on Tuesday awarded a $1.2 billion contract for submarine materials.</p>"
        f'<a class="btn" href="{share}">Share</a><a class="btn" href="{share}&x">Post</a>'
    )
    text = _generic(_page(f"<div class='brief'><h1>Award</h1>{brief}</div>"))
    assert "awarded a $1.2 billion contract" in text


def test_chunks_inside_a_page_wrapper_and_lines_split_by_br() -> None:
    side = "".join(
        f"<div class='txt'><p>Teaser {n}: a long blurb about another story that runs on for a "
        "while, with no link at all.</p></div>"
        for n in range(3)
    )
    half = len(_PROSE) // 2
    statement = "<p>First line of the statement.<br>Second line of the statement, signed.</p>"
    story = (
        "<div id='story'><h1>Brigade moves north</h1><div class='txt'>"
        + "".join(f"<p>{p}</p>" for p in _PROSE[:half])
        + statement
        + "</div><div class='slot'>Advertisement</div><div class='txt'>"
        + "".join(f"<p>{p}</p>" for p in _PROSE[half:])
        + "</div></div>"
    )
    text = _generic(
        _page(
            f"<div id='page'><div class='container'>{story}<aside id='sidebar'>{side}</aside></div></div>"
        )
    )
    assert all(p in text for p in _PROSE) and "Teaser" not in text
    assert text.count("First line of the statement.") == 1


def test_an_html_article_body_is_read_once_with_its_bare_text() -> None:
    body = (
        _PROSE[0]
        + "<br>"
        + _PROSE[1]
        + "<blockquote><p>"
        + _PROSE[2]
        + "</p></blockquote><ul><li><p>"
        + _PROSE[3]
        + "</p></li></ul>"
        + "".join(f"<p>{p}</p>" for p in _PROSE[4:])
    )
    html = _page('<div id="root"><h1>H</h1><p>Loading…</p></div>', head=_ld(body))
    article = GenericParser().parse(parse_document(html.encode()), "https://news.example/a")
    assert article.text == "\n\n".join(_PROSE)


def test_chunks_after_a_kept_paragraph_split_by_br_are_kept() -> None:
    """A third review: the paragraphs of a dropped chunk that came after a <br> paragraph the
    extractor kept line by line were filed under a block it never kept, and lost."""
    statement = "<p>First line of the statement.<br>Second line of the statement, signed.</p>"
    root = parse_document(
        _page(
            "<div id='story'><div class='txt'>"
            + "".join(f"<p>{p}</p>" for p in _PROSE[:4])
            + statement
            + "</div><div class='slot'>Ad</div><div class='txt'>"
            + "".join(f"<p>{p}</p>" for p in _PROSE[4:])
            + "</div></div>"
        ).encode()
    )
    lines = ["First line of the statement.", "Second line of the statement, signed."]
    assert complete_chunks(root, [*_PROSE[:4], *lines]) == [*_PROSE[:4], *lines, *_PROSE[4:]]


def test_a_broken_link_in_a_button_box_does_not_stop_the_parse() -> None:
    box = (
        '<div class="share"><a class="btn" href="http://[broken/x">Share</a>'
        '<a class="btn" href="/users/sign_in">Post</a></div>'
    )
    body = "".join(f"<p>{p}</p>" for p in _PROSE)
    assert all(p in _generic(_page(f"<article><h1>H</h1>{body}{box}</article>")) for p in _PROSE)
