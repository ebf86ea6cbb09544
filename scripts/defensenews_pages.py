"""Build the defensenews.com fixture page (synthetic; see docs/outlets.md).

Verified on the live site: the URL pattern, the body <article> inside div[data-gtm-name="Article Body"]
read up to the ShareBar, the lead art wrapper with its figcaption, meta description and
keywords. From scrapers (dated): Heading__H1, Byline__Author, <time datetime> in UTC, the
in-body noise classes (InterstitialLink, newsletter-subscribe, the about-the-author box).
INFERRED: the hashed class suffixes, the rest of the page. The texts are SYNTHETIC.

Run: python scripts/defensenews_pages.py
"""

from __future__ import annotations

from html import escape

from fixture_pages import write_pages

ORIGIN = "https://www.defensenews.com"
PATH = "/air/2024/04/19/us-air-force-stages-dogfights-with-ai-flown-fighter-jet/"
TITLE = "US Air Force stages dogfights with AI-flown fighter jet"
PARAGRAPHS = (
    (
        "WASHINGTON — The U.S. Air Force has flown an artificial intelligence-piloted fighter jet "
        "against a human pilot in a series of within-visual-range dogfights, officials said."
    ),
    "The tests took place at Edwards Air Force Base, California, using a modified F-16.",
    "Safety pilots were on board but did not touch the controls during the engagements.",
    "The service wants uncrewed collaborative combat aircraft flying by the end of the decade.",
)
CAPTION = (
    "The X-62A VISTA flies over Edwards Air Force Base, Calif., in 2023. "
    "(Kyle Brasier/U.S. Air Force)"
)


def page() -> bytes:
    p1, p2, p3, p4 = PARAGRAPHS
    body = (
        f'<p class="body-paragraph">{escape(p1)}</p>'
        f'<p class="body-paragraph">{escape(p2)}</p>'
        '<div class="mco-body-item mco-body-type-interstitial_link"><a class="InterstitialLink'
        '__Link-sc-1a2b" href="/air/2024/04/10/a-b-c/">Air Force picks vendors for drone wingmen'
        "</a></div>"
        f'<p class="body-paragraph">{escape(p3)}</p>'
        '<div class="newsletter-subscribe"><h3>Get the Air newsletter</h3><p>Sign up for the '
        'latest news on air power.</p><form><input type="email"><button>Sign up</button></form>'
        "</div>"
        f'<p class="body-paragraph">{escape(p4)}</p>'
        '<div class="ShareBar__Wrapper-sc-9k8j"><button>Facebook</button><button>X</button>'
        "<button>Email</button></div>"
        '<div class="m-aboutAuthor"><p>Stephen Losey is the air warfare reporter for Defense '
        "News.</p></div>"
    )
    img = "https://www.defensenews.com/resizer/abc=/1024x0/filters:format(jpg)/cloudfront-us-east-1.images.arcpublishing.com/archetype/X62A.jpg"
    markup = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(TITLE)}</title>"
        '<meta name="description" content="An AI-flown F-16 took on a human pilot in '
        'dogfights over Edwards Air Force Base.">'
        '<meta name="keywords" content="Air,artificial intelligence,F-16">'
        f'<meta property="og:title" content="{escape(TITLE)}">'
        f'<meta property="og:image" content="{img}">'
        f'<link rel="canonical" href="{ORIGIN}{PATH}"></head><body>'
        '<header class="Header__Wrapper-sc-1x2y"><a href="/">Defense News</a><nav>'
        '<a href="/air/">Air</a> <a href="/land/">Land</a> <a href="/naval/">Naval</a></nav>'
        "</header><main>"
        '<div class="ArticleHeader__Wrapper-sc-1dhqito-0">'
        '<h1 class="Heading__H1-sc-1gzi9-0">' + escape(TITLE) + "</h1>"
        '<div class="Byline__Wrapper-sc-7f1"><span class="Byline__By">By </span>'
        '<span class="Byline__Author-sc-7f2"><a href="/author/stephen-losey/">Stephen Losey</a>'
        "</span></div>"
        '<time datetime="2024-04-19T18:05:12Z">Apr 19, 2024, 02:05 PM</time>'
        '<div class="ArticleHeader__LeadArtWrapper-sc-1dhqito-5"><figure><picture>'
        f'<img src="{img}" alt="X-62A"></picture>'
        f'<figcaption class="a-caption">{escape(CAPTION)}</figcaption></figure></div></div>'
        f'<div data-gtm-name="Article Body"><article class="default__ArticleBody-sc-1mncpzl-2 '
        f'o-articleBody c-articleBody articleBody">{body}</article></div>'
        '<section class="RelatedStories"><h2>More In Air</h2><a href="/air/2024/04/18/x/">'
        "Next-gen tanker delayed</a></section></main>"
        "<footer><p>© 2024 Sightline Media Group</p></footer></body></html>"
    )
    return markup.encode("utf-8")


def main() -> None:
    write_pages("defensenews", [("2024_share-bar-and-promos", ORIGIN + PATH, page())])


if __name__ == "__main__":
    main()
