"""The structural boilerplate layer (crawler.core.extraction.boilerplate): chrome found by
structure and vocabulary, never by one site's class names, and never a paragraph of the
article. The last test runs it over the tuning half of the real news pages beside the
repository."""

from __future__ import annotations

import pytest
from lxml import html

from crawler.core.extraction.boilerplate import (
    attribute_says_chrome,
    is_promo_text,
    strip_boilerplate,
)
from crawler.core.extraction.document import parse_document
from crawler.core.jobs.evaluation import tokens
from crawler.core.jobs.real_news import read_split
from tests.support.real_news import real_pages

PARAGRAPH = (
    "The Army awarded a contract on Tuesday for a new generation of tactical radios, the "
    "service said, after two years of field tests with units in Europe and the Pacific."
)


def _stripped(body: str) -> str:
    root = html.fragment_fromstring(f"<div>{body}</div>")
    strip_boilerplate(root)
    return " ".join(root.text_content().split())


def _paragraphs(n: int) -> str:
    return "".join(f"<p>{PARAGRAPH} ({i})</p>" for i in range(n))


def test_a_box_with_a_button_goes_under_any_class_name() -> None:
    box = (
        '<div class="zq-17"><p>Morning update</p><p>The day in five minutes.</p>'
        "<button>Go</button></div>"
    )
    got = _stripped(_paragraphs(2) + box + _paragraphs(1))
    assert got.count(PARAGRAPH) == 3 and "Morning update" not in got and "Go" not in got


def test_a_control_inside_a_sentence_takes_only_itself() -> None:
    """A stock quote's "add to watchlist" button sits inside a paragraph: the words stay."""
    body = (
        '<p>Investors in <span class="quote"><a href="/q">bitcoin</a><span>'
        "<button>+</button></span></span> are often told by friends to buy.</p>" + _paragraphs(2)
    )
    assert "Investors in bitcoin are often told by friends to buy." in _stripped(body)


def test_hidden_inputs_and_a_page_wide_form_leave_the_text() -> None:
    """An ASP.NET page wraps everything in one <form>; its hidden state inputs are no box."""
    body = f'<form id="aspnetForm"><input type="hidden" value="x">{_paragraphs(4)}</form>'
    assert _stripped(body).count(PARAGRAPH) == 4


@pytest.mark.parametrize(
    "attributes",
    [
        'class="InlineNewsletter"',
        'class="c-signupModule"',
        'data-module="brief-signup"',
        'class="ad"',
        'id="div-gpt-ad-top"',
        'class="related-posts"',
        'class="tin-lien-quan"',
        'class="box-xem-them"',
        'class="SocialShare__bar"',
        'class="article-tags"',
        'class="author-bio"',
        'aria-label="Related articles"',
        'role="navigation"',
        'class="readMoreLinks"',
    ],
)
def test_chrome_vocabulary(attributes: str) -> None:
    assert attribute_says_chrome(html.fragment_fromstring(f"<div {attributes}>x</div>"))


@pytest.mark.parametrize(
    "attributes",
    [
        'class="article-body"',
        'class="entry-content"',
        'class="text"',
        'class="content"',
        'class="head"',
        'class="shadow-box"',
        'class="download"',
        'class="LeadArt"',
        'class="lead"',
        'class="padded"',
        'class="tag-f16 category-air"',  # WordPress marks a post's wrappers with its tags
        'class="js-dynamic-advertorial bo-article-text"',  # a script's hook names nothing
        'id="ad6ed79d-88fd-4c8e-a27a-ff8349c9446f"',  # generated ids
        'id="block-id-n1AuAdJlVL"',
        'id="zendaya-promoted-dune-part-two-in-london-while-wearing-a-suit-1"',  # a slug
        'data-gtm-name="Article Body"',
        'data-src="https://cdn.example.com/ads/banner.jpg"',
    ],
)
def test_body_vocabulary_is_not_chrome(attributes: str) -> None:
    assert not attribute_says_chrome(html.fragment_fromstring(f"<div {attributes}>x</div>"))


def test_a_body_wrapper_named_like_chrome_stays() -> None:
    """Half the text or more, or a paragraph's worth of it, is never chrome by its name."""
    body = f'<div class="post-share-wrapper">{_paragraphs(6)}</div><div class="share">X</div>'
    got = _stripped(body)
    assert got.count(PARAGRAPH) == 6 and not got.endswith("X")
    wrapped = f'{_paragraphs(8)}<section class="with-rail-video-ad">{_paragraphs(6)}</section>'
    assert _stripped(wrapped).count(PARAGRAPH) == 14


def test_words_inside_a_sentence_stay() -> None:
    body = f"<p>{PARAGRAPH} The ministry, <em>see also</em> its annex, agreed.</p>"
    assert "see also its annex" in _stripped(_paragraphs(2) + body)
    label = '<div class="x"><strong>Read more:</strong></div>'  # a box's line, not a sentence's
    assert "Read more" not in _stripped(_paragraphs(2) + label)


def test_links_lists_go_a_paragraph_with_a_link_stays() -> None:
    links = "".join(
        f'<li><a href="/s{i}">Story number {i} about the war</a></li>' for i in range(4)
    )
    linked = f'<p>The report, <a href="/r">published Monday</a>, {PARAGRAPH}</p>'
    got = _stripped(_paragraphs(2) + f"<ul>{links}</ul>" + linked)
    assert "Story number" not in got and "published Monday" in got


def test_a_list_of_points_with_a_link_is_text() -> None:
    points = "".join(f"<li>{PARAGRAPH[:80]} point {i}</li>" for i in range(4))
    body = f'<ul>{points}<li>See the <a href="/doc">report</a>.</li></ul>'
    assert _stripped(_paragraphs(2) + body).count("point") == 4


@pytest.mark.parametrize(
    "line",
    [
        "Get the Early Bird Brief",
        "Sign up for our newsletter",
        "The most comprehensive morning news on defense, delivered to your inbox.",
        "Read more: Army tests new radio",
        "Related: Navy picks a frigate",
        "Xem thêm: Quân đội tăng cường huấn luyện",
        "Tin liên quan",
        "Đăng ký nhận bản tin Quân đội",
        "Follow us on Twitter",
    ],
)
def test_promo_lines(line: str) -> None:
    assert is_promo_text(line)
    assert line not in _stripped(_paragraphs(2) + f"<p>{line}</p>")


@pytest.mark.parametrize(
    "line",
    [
        PARAGRAPH,
        "Related research shows the radios fail in cold weather.",
        "The ministry's newsletter, published weekly, reported the test.",
        "Xem xét lại kế hoạch huấn luyện năm 2025 của đơn vị.",
        "Read the full report here.",
        "The troops get a brief rest before the next patrol.",
        "Veterans can sign up for the program in a brief online form.",
        "Follow the money on this one, the senator said.",
        "Hồ sơ đăng ký tin học văn phòng được nộp trước ngày 15.",
    ],
)
def test_body_lines_are_no_promo(line: str) -> None:
    assert not is_promo_text(line)
    assert line in _stripped(_paragraphs(2) + f"<p>{line}</p>")


def test_a_related_box_led_by_its_label() -> None:
    box = (
        '<div class="k1"><p><strong>Tin liên quan</strong></p>'
        '<p><a href="/a">Sư đoàn 312 huấn luyện</a></p><p><a href="/b">Lữ đoàn 147 diễn tập</a></p>'
        "</div>"
    )
    got = _stripped(_paragraphs(2) + box)
    assert got.count(PARAGRAPH) == 2 and "Sư đoàn" not in got and "Tin liên quan" not in got


# The share of gold body tokens a whole-page strip may remove, over the tuning half of the
# real pages (the held-out half is for scoring only: crawler.core.jobs.real_news). What is
# left is chrome some publishers' gold keeps ("Related", "Trending" link modules inside the
# article, a "Read more:" line), not body text.
MAX_GOLD_LOSS = 0.003


def test_real_pages_keep_their_body() -> None:
    tuning = {name for name, half in read_split().items() if half == "tuning"}
    kept = present = pages = 0
    worst: list[tuple[int, str]] = []
    for page in (page for page in real_pages() if page.gold["file"] in tuning):
        body = parse_document(page.body).find("body")
        assert body is not None
        gold = tokens("\n".join(page.gold["paragraphs"]))
        before = sum((gold & tokens(body.text_content())).values())
        strip_boilerplate(body)
        after = sum((gold & tokens(body.text_content())).values())
        present, kept, pages = present + before, kept + after, pages + 1
        worst.append((before - after, page.gold["file"]))
    assert pages == len(tuning) == 126
    lost = (present - kept) / present
    assert lost < MAX_GOLD_LOSS, (lost, sorted(worst, reverse=True)[:5])
    # No one page loses a paragraph's worth.
    assert max(worst)[0] < 100, sorted(worst, reverse=True)[:5]
