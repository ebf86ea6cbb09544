"""Build the army.mil fixture page (synthetic; see docs/outlets.md).

Verified on the live site: the URL pattern, the body in div.ql-editor; as page text, a caption keeping
its own "(U.S. Army photo by X)" then the site's "(Photo Credit: X)" and "VIEW ORIGINAL", and
bylines "By <rank> <name>, <unit>". INFERRED: all other markup (title, date, byline and tag
elements, the lead photo block, menus, related stories). The texts are SYNTHETIC.

Run: python scripts/army_pages.py
"""

from __future__ import annotations

from html import escape

from fixture_pages import write_pages

ORIGIN = "https://www.army.mil"
PATH = "/article/281234/soldiers_test_new_counter_drone_system_at_yuma"
TITLE = "Soldiers test new counter-drone system at Yuma"
PARAGRAPHS = (
    (
        "YUMA PROVING GROUND, Ariz. — Soldiers from the 1st Armored Division tested a new "
        "counter-drone system here this month, firing at swarms of small targets."
    ),
    "The system pairs a radar with a short-range interceptor mounted on a Stryker vehicle.",
    "“It gives the platoon its own shield against drones,” said the project's lead engineer.",
    "The Army plans to field the first systems to units next year.",
)
LEAD_CAPTION = (
    "Soldiers prepare a counter-drone interceptor for a test flight at Yuma Proving Ground, "
    "Ariz., Nov. 14, 2024 (U.S. Army photo by Mark Schauer, Yuma Proving Ground Public Affairs)"
)
LEAD_CREDIT = "Mark Schauer, Yuma Proving Ground Public Affairs"
INLINE_CAPTION = "A Stryker vehicle carries the radar during the test."
INLINE_CREDIT = "Sgt. Jane Roe, 1st Armored Division"


def photo(src: str, caption: str, credit: str) -> str:
    return (
        f'<div class="photo-wrapper"><img src="{src}" alt=""><div class="caption">'
        f'<p>{escape(caption)}</p><span class="photo-credit">(Photo Credit: {escape(credit)})'
        f'</span><a class="view-original" href="{src}">VIEW ORIGINAL</a></div></div>'
    )


def page() -> bytes:
    p1, p2, p3, p4 = PARAGRAPHS
    images = "https://api.army.mil/e2/c/images/2024/11/20/"
    body = (
        f"<p>{escape(p1)}</p><p>{escape(p2)}</p>"
        + photo(images + "a1b2c3d4/size0-full.jpg", INLINE_CAPTION, INLINE_CREDIT)
        + f"<p>{escape(p3)}</p><p>{escape(p4)}</p>"
    )
    markup = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(TITLE)} | Article | The United States Army</title>"
        '<meta name="description" content="Soldiers tested a new counter-drone system at Yuma '
        'Proving Ground.">'
        f'<meta property="og:title" content="{escape(TITLE)}">'
        f'<meta property="og:image" content="{images}9f8e7d6c/size0-full.jpg">'
        f'<link rel="canonical" href="{ORIGIN}{PATH}"></head><body>'
        '<header class="army-header"><a href="/">U.S. Army</a><nav><a href="/news">News</a> '
        '<a href="/about">About</a> <a href="/careers">Careers</a></nav></header>'
        '<main><div class="article-header">'
        f'<h1 class="article-title">{escape(TITLE)}</h1>'
        '<div class="article-byline">By Mark Schauer, Yuma Proving Ground Public Affairs</div>'
        '<div class="article-date">November 20, 2024</div></div>'
        '<div class="lead-photo">'
        + photo(images + "9f8e7d6c/size0-full.jpg", LEAD_CAPTION, LEAD_CREDIT)
        + "</div>"
        f'<div class="article-body"><div class="ql-editor">{body}</div></div>'
        '<div class="article-tags"><a href="/search?tag=counter-drone">counter-drone</a> '
        '<a href="/search?tag=Yuma+Proving+Ground">Yuma Proving Ground</a></div>'
        '<div class="related-articles"><h2>Related Links</h2><a href="/article/281000/">'
        "Army fields new radar</a></div></main>"
        "<footer><p>The United States Army | Army.mil</p></footer></body></html>"
    )
    return markup.encode("utf-8")


def main() -> None:
    write_pages("army", [("2024_lead-photo-credits_281234", ORIGIN + PATH, page())])


if __name__ == "__main__":
    main()
