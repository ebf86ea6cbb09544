"""The attention chart as inline SVG, drawn on the server: bars per day or week, one colour per
outlet side by side. No script and no outside library: the page works offline, and the numbers
are in a table below it for anyone who cannot see it.

The SVG has a viewBox and no fixed width, so it shrinks to a phone's width without scrolling;
each bar has a <title> (its outlet, day and count) that browsers show on hover.
"""

from __future__ import annotations

from lxml import etree

from crawler.core.follow.attention import Attention

SVG = "http://www.w3.org/2000/svg"
# Told apart by people with the common colour-vision deficiencies (Okabe and Ito's palette).
COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000")
WIDTH, HEIGHT = 600, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 50
LABELS = 5  # dates written under the axis, at most
# The chart scales with the page (on a phone to about 0.6): big enough to read there.
FONT = 17


def colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def _add(parent: etree._Element, name: str, text: str = "", **attributes: object) -> etree._Element:
    element = etree.SubElement(
        parent,
        f"{{{SVG}}}{name}",
        {k.rstrip("_").replace("_", "-"): str(v) for k, v in attributes.items()},
    )
    if text:
        element.text = text
    return element


def svg(found: Attention) -> str:
    """The chart's markup (an <svg> element), escaped by lxml: outlet keys and dates are text."""
    root = etree.Element(
        f"{{{SVG}}}svg",
        {
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "role": "img",
            "class": "attention-chart",
        },
        nsmap={None: SVG},  # type: ignore[dict-item]  # None: the default namespace
    )
    _add(root, "title", f"Articles matching {found.query!r} per {found.by}, per outlet")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    peak = max(found.peak, 1)
    _axes(root, found, peak, plot_w, plot_h)
    if not found.buckets:
        return str(etree.tostring(root, encoding="unicode"))
    slot = plot_w / len(found.buckets)
    bar = max(slot * 0.8 / max(len(found.sites), 1), 0.5)
    for b, bucket in enumerate(found.buckets):
        for s, site in enumerate(found.sites):
            n = found.count(bucket, site)
            if not n:
                continue
            height = plot_h * n / peak
            x = LEFT + b * slot + slot * 0.1 + s * bar
            rect = _add(
                root,
                "rect",
                x=f"{x:.2f}",
                y=f"{TOP + plot_h - height:.2f}",
                width=f"{bar:.2f}",
                height=f"{height:.2f}",
                fill=colour(s),
                class_="bar",
                data_site=site,
                data_bucket=bucket,
                data_count=n,
            )
            _add(rect, "title", f"{site}, {_bucket_words(found.by, bucket)}: {n}")
    step = max(1, -(-len(found.buckets) // LABELS))
    for b in range(0, len(found.buckets), step):
        x = LEFT + b * slot + slot / 2
        _add(
            root,
            "text",
            found.buckets[b],
            x=f"{x:.1f}",
            y=HEIGHT - BOTTOM + 20,
            text_anchor="middle",
            font_size=FONT,
            fill="#444",
        )
    return str(etree.tostring(root, encoding="unicode"))


def _axes(root: etree._Element, found: Attention, peak: int, plot_w: int, plot_h: int) -> None:
    base = TOP + plot_h
    _add(root, "line", x1=LEFT, y1=base, x2=LEFT + plot_w, y2=base, stroke="#888")
    _add(root, "line", x1=LEFT, y1=TOP, x2=LEFT, y2=base, stroke="#888")
    for value in sorted({0, peak // 2, peak}):
        y = base - plot_h * value / peak
        _add(
            root,
            "text",
            str(value),
            x=LEFT - 6,
            y=f"{y + 4:.1f}",
            text_anchor="end",
            font_size=FONT,
            fill="#444",
        )
        if value:
            _add(
                root,
                "line",
                x1=LEFT,
                y1=f"{y:.1f}",
                x2=LEFT + plot_w,
                y2=f"{y:.1f}",
                stroke="#ddd",
                stroke_dasharray="3 3",
            )
    if found.buckets:
        first, last = found.buckets[0], found.buckets[-1]
        span = first if first == last else f"{first} to {last}"
        _add(
            root,
            "text",
            f"{'days' if found.by == 'day' else 'weeks from Monday'} (each outlet's own), {span}",
            x=LEFT + plot_w / 2,
            y=HEIGHT - 6,
            text_anchor="middle",
            font_size=FONT,
            fill="#444",
        )


def _bucket_words(by: str, bucket: str) -> str:
    return bucket if by == "day" else f"week of {bucket}"
