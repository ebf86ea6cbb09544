"""Figures anywhere in a body become images with caption and credit (the template's credit
element split off the caption), and the figure right above a body is its lead picture
(crawler.core.extraction.figures, body.extract_body)."""

from __future__ import annotations

import json

import pytest
from lxml import html

from crawler.core.article import Image
from crawler.core.extraction.body import extract_body, take_image_tables
from crawler.core.extraction.figures import clean_credit, lead_figure
from tests.support.real_news import ROOT as REAL_NEWS

BASE = "https://news.example.com/a/1"
CAPTION = "Soldiers board a CH-47 Chinook at Fort Liberty, N.C., on May 2, 2026."


def _images(body: str) -> list[Image]:
    return extract_body(html.fragment_fromstring(f"<div>{body}</div>"), BASE).images


@pytest.mark.parametrize(
    ("marked", "credit"),
    [
        ('<span class="credit">(Sgt. A/U.S. Army)</span>', "Sgt. A/U.S. Army"),
        ('<span class="photoCredit">Photo: Jane Roe</span>', "Jane Roe"),
        ('<em class="image-byline">Photo by Jane Roe/AP</em>', "Jane Roe/AP"),
        ('<small itemprop="copyrightHolder">Reuters</small>', "Reuters"),
        ('<span class="copyright">© Getty Images</span>', "Getty Images"),
        ('<span class="source">Ảnh: QUANG HÙNG</span>', "QUANG HÙNG"),
    ],
)
def test_a_credit_element_is_the_images_credit(marked: str, credit: str) -> None:
    body = (
        f'<div class="m"><div class="m2"><figure><img src="/p.jpg"><figcaption>{CAPTION} '
        f"{marked}</figcaption></figure></div></div><p>Text.</p>"
    )
    assert _images(body) == [
        Image(url="https://news.example.com/p.jpg", caption=CAPTION, credit=credit)
    ]


def test_a_caption_without_a_credit_element_keeps_its_text_rules() -> None:
    """No element names the credit: the caption's own closing parenthesis still does."""
    body = (
        f'<figure><img src="/p.jpg"><figcaption>{CAPTION} (Sgt. A/U.S. Army)</figcaption></figure>'
    )
    assert _images(body)[0].credit == "Sgt. A/U.S. Army"
    plain = '<figure><img src="/p.jpg"><figcaption>A quiet morning in Hanoi</figcaption></figure>'
    assert _images(plain)[0] == Image(
        url="https://news.example.com/p.jpg", caption="A quiet morning in Hanoi", credit=""
    )


def test_a_wrapper_named_source_is_not_the_credit() -> None:
    """ "image-source" around the picture names the picture, not its photographer."""
    body = (
        '<figure><div class="image-source"><img src="/p.jpg"></div>'
        f"<figcaption>{CAPTION}</figcaption></figure>"
    )
    assert _images(body) == [Image(url="https://news.example.com/p.jpg", caption=CAPTION)]


def test_take_image_tables_splits_the_credit_element() -> None:
    doc = html.document_fromstring(
        f'<html><body><figure><img src="/p.jpg"><figcaption>{CAPTION} <span class="credit">'
        "AFP</span></figcaption></figure><p>Text.</p></body></html>"
    )
    assert take_image_tables(doc, BASE) == [
        Image(url="https://news.example.com/p.jpg", caption=CAPTION, credit="AFP")
    ]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("(Kyle Brasier/U.S. Air Force)", "Kyle Brasier/U.S. Air Force"),
        ("Photo: Jane Roe.", "Jane Roe"),
        ("Photos courtesy of NATO", "NATO"),
        ("Ảnh: TTXVN", "TTXVN"),
        ("Photographer Jane Roe", "Photographer Jane Roe"),  # no label: a word of the credit
    ],
)
def test_clean_credit(raw: str, clean: str) -> None:
    assert clean_credit(raw) == clean


LEAD = '<figure class="x"><img src="/lead.jpg"><figcaption>Lead</figcaption></figure>'


@pytest.mark.parametrize(
    "page",
    [
        f"<article><h1>T</h1>{LEAD}<div id='body'><p>Text.</p></div></article>",  # sibling
        f"<article><header><h1>T</h1><div>{LEAD}</div></header><div id='body'></div></article>",
        f"<article>{LEAD}<div class='w'><div id='body'><p>Text.</p></div></div></article>",
    ],
)
def test_the_figure_above_the_body_is_its_lead(page: str) -> None:
    doc = html.document_fromstring(f"<html><body>{page}</body></html>")
    found = lead_figure(doc.get_element_by_id("body"))
    assert found is not None and found.xpath(".//img/@src") == ["/lead.jpg"]


@pytest.mark.parametrize(
    "above",
    [
        '<div class="byline"><figure><img src="/me.jpg"></figure>By Jane Roe</div>',
        '<figure class="author-avatar"><img src="/me.jpg"></figure>',
        '<figure><img src="/icon.png" width="48" height="48"></figure>',
    ],
)
def test_no_portrait_or_icon_as_lead(above: str) -> None:
    page = f"<article><h1>T</h1>{above}<div id='body'><p>Text.</p></div></article>"
    doc = html.document_fromstring(f"<html><body>{page}</body></html>")
    assert lead_figure(doc.get_element_by_id("body")) is None


def test_no_lead_past_text() -> None:
    """A figure above a block of other text belongs to that text, not to the body."""
    other = "<p>" + "Another story entirely. " * 30 + "</p>"
    page = f"<article>{LEAD}<section>{other}</section><div id='body'><p>Text.</p></div></article>"
    doc = html.document_fromstring(f"<html><body>{page}</body></html>")
    assert lead_figure(doc.get_element_by_id("body")) is None


def test_real_qdnd_bodies_keep_their_images_and_captions() -> None:
    """The figure code on real 2025 qdnd.vn bodies: every picture an image, the credit the
    site writes in a caption ("Ảnh: ANH TUẤN") split off it."""
    articles = json.loads((REAL_NEWS.parent / "qdnd-2025-bodies.json").read_text("utf-8"))
    credited = 0
    for article in articles["articles"]:
        root = html.fragment_fromstring(article["body_html"])
        pictures = len(root.xpath(".//img"))
        images = extract_body(root, "https://www.qdnd.vn/a-1").images
        assert len(images) == pictures
        assert not any("Ảnh:" in image.caption for image in images)
        credited += sum(bool(image.credit) for image in images)
    assert credited >= 5


@pytest.mark.parametrize("kind", ["caption-credit", "image-source-caption", "author-photo-caption"])
def test_a_caption_named_like_a_credit_stays_the_caption(kind: str) -> None:
    """Found by a review: a <figcaption> whose own class holds a credit word is the caption,
    whole; a credit is an element inside it."""
    from crawler.core.extraction.figures import take_credit

    figure = html.fragment_fromstring(
        f'<figure><img src="/a.jpg"><figcaption class="{kind}">Troops cross the river at '
        "dawn.</figcaption></figure>"
    )
    assert take_credit(figure) == ""
    assert "Troops cross the river" in figure.text_content()
