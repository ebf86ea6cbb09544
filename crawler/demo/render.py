"""Render one article spec into its served page, in the layout and encoding of its era."""

from __future__ import annotations

import dataclasses
import zlib

from crawler.demo import pages
from crawler.demo.encoding import e, slugify, to_cp1258
from crawler.demo.model import DemoArticle, Resource, html_resource, lead_image
from crawler.demo.spec import ORIGIN, SECTIONS, Spec, iso
from crawler.demo.views import ArticleView, Link


def render_article(
    spec: Spec, gold: DemoArticle, related: tuple[Link, ...], most_read: tuple[Link, ...]
) -> Resource:
    image = lead_image(gold)
    view = ArticleView(
        url=gold.url,
        title=spec.title,
        description=spec.summary,
        keywords=", ".join(spec.tags),
        image=image,
        charset="windows-1258" if spec.encoding == "windows-1258" else "utf-8",
        json_ld=_json_ld(spec, gold.url, image),
        crumbs=tuple(Link(ORIGIN + path, name) for name, path in SECTIONS[spec.section]),
        date_html=_date_html(spec),
        summary_html=_summary_html(spec),
        body_html=spec.body,
        tags=tuple(_tag_link(tag) for tag in spec.tags),
        related=related,
        most_read=most_read,
        comments=_COMMENTS[: spec.article_id % 4],
    )
    return dataclasses.replace(
        _encoded(spec, pages.article_page(view)), modified=spec.last_modified
    )


def _encoded(spec: Spec, page: str) -> Resource:
    if spec.encoding == "windows-1258":
        return Resource(200, "text/html; charset=windows-1258", to_cp1258(page))
    if spec.encoding == "utf-8-mislabelled":
        return Resource(200, "text/html; charset=iso-8859-1", page.encode("utf-8"))
    return html_resource(page)


def linkable_specs(specs: list[Spec]) -> list[Spec]:
    """Articles other pages may link to: found by two or more sources and not disallowed.

    Exclusive articles (one discovery source) must be reachable through that source only.
    """
    return [spec for spec in specs if len(spec.discovery) > 1 and not spec.disallowed]


def most_read_links(specs: list[Spec]) -> tuple[Link, ...]:
    """The home and listing pages' "most read" box: the first ten linkable articles."""
    return tuple(spec.link for spec in linkable_specs(specs)[:10])


def link_boxes(spec: Spec, linkable: list[Spec]) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    """(related, most read) links for one article page, rotating deterministically."""
    others = [other for other in linkable if other.article_id != spec.article_id]
    start = spec.article_id % len(others)
    rotated = others[start:] + others[:start]
    same_section = [other for other in rotated if other.section == spec.section]
    related = tuple(other.link for other in (same_section or rotated)[:4])
    most_read = tuple(other.link for other in rotated[:10])
    return related, most_read


def _tag_link(name: str) -> Link:
    # Tag ids are made up but stable: the real site's ids for the seed's tags are unknown too.
    tag_id = zlib.crc32(name.encode("utf-8")) % 1900 + 100
    return Link(f"{ORIGIN}/tag/{slugify(name)}-{tag_id}.html", name)


_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def _date_html(spec: Spec) -> str:
    stamp = spec.published.strftime("%d/%m/%Y - %H:%M")
    if spec.era == "2025":
        return f'<div class="post-date">{_WEEKDAYS[spec.published.weekday()]}, {stamp}</div>'
    if spec.era == "2021":
        return f'<span class="post-subinfo"><span>{stamp}</span></span>'
    return f'<span class="post-subinfo">{stamp}</span>'


def _summary_html(spec: Spec) -> str:
    if spec.era == "2020":
        return f"<h2>{e(spec.dateline + spec.summary)}</h2>"
    return f'<p class="logo-online">{e(spec.summary)}</p>'


def _json_ld(spec: Spec, url: str, image: str) -> str:
    if spec.era == "2020":  # the 2020 layout had no structured data
        return ""
    return pages.json_ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": spec.title,
            "description": spec.summary,
            "image": [image],
            "datePublished": iso(spec.published),
            "dateModified": iso(spec.modified),
            "publisher": {
                "@type": "Organization",
                "name": "Báo Quân đội nhân dân",
                "logo": {
                    "@type": "ImageObject",
                    "url": f"{ORIGIN}/App_Themes/qdnd/images/logo.png",
                },
            },
        }
    )


# SYNTHETIC reader comments for the comment block (boilerplate an extractor must drop).
_COMMENTS = (
    (
        "Trần Văn Hùng",
        "Bài viết rất ý nghĩa, chúc các đồng chí mạnh khỏe, hoàn thành tốt nhiệm vụ.",
    ),
    ("Nguyễn Thị Lan", "Tự hào về Bộ đội Cụ Hồ. Cảm ơn Báo Quân đội nhân dân đã đưa tin kịp thời."),
    ("Lê Minh Đức", "Mong báo có thêm nhiều bài viết về đời sống của cán bộ, chiến sĩ ở cơ sở."),
)
