"""Build the war.gov / defense.gov fixture pages (synthetic; see docs/outlets.md).

Seen in an old capture of a defense.gov article and in scrapers (not in a current page):
article.adetail with schema.org microdata, aside.meta holding <time> with the AP-style date
and the byline or "Press Operations", h1.maintitle, div.body, the breadcrumb container, image
blocks div.media-inline (.mtitle, .caption, .credit from the site's stylesheet), media.defense
.gov image URLs with a VIRIN. INFERRED: the byline's exact markup, the tag links, the rest of
the page. The texts are SYNTHETIC.

The second page is Akamai's refusal exactly as its edge writes it (entities and all), the page
war.gov sends a datacenter address with status 403: its expected JSON names the block, not
fields (tests/test_site_fixtures.py).

Run: python scripts/dod_pages.py
"""

from __future__ import annotations

from html import escape

from fixture_pages import write_pages

ORIGIN = "https://www.war.gov"
STORY = "/News/News-Stories/Article/Article/4012345/hegseth-meets-philippine-counterpart-on-maritime-security/"
TITLE = "Hegseth Meets Philippine Counterpart on Maritime Security"
PARAGRAPHS = (
    (
        "WASHINGTON — Defense Secretary Pete Hegseth met with his Philippine counterpart at the "
        "Pentagon today to discuss maritime security in the South China Sea."
    ),
    (
        "The two leaders agreed to expand joint patrols and to speed up work on new sites under "
        "the Enhanced Defense Cooperation Agreement."
    ),
    (
        "The United States will also help the Philippines modernize its coastal defense, "
        "officials said."
    ),
    "The secretary said the alliance remains ironclad.",
)
CAPTION = "Defense Secretary Pete Hegseth hosts an honor cordon at the Pentagon, Nov. 21, 2024."
CREDIT = "Navy Petty Officer 1st Class Alexander Kubitza, DOD"
SUBSCRIBE = "Choose which War.gov products you want delivered to your inbox."


def story() -> bytes:
    first, second, *rest = PARAGRAPHS
    figure = (
        '<div class="media-inline media-inline-right media-inline-medium">'
        '<div class="image-wrapper"><img src="https://media.defense.gov/2024/Nov/21/2003589951/'
        '825/780/0/241121-D-PM193-1022.JPG" alt="Two men shake hands."></div>'
        '<div class="minfo"><div class="mtitle">Honor Cordon</div>'
        f'<div class="caption">{escape(CAPTION)}</div>'
        f'<div class="credit">Photo By: {escape(CREDIT)}</div>'
        '<a class="virin" href="/Multimedia/Photos/igphoto/2003589951/">VIRIN: '
        "241121-D-PM193-1022</a></div></div>"
    )
    body = f"<p>{escape(first)}</p>{figure}<p>{escape(second)}</p>" + "".join(
        f"<p>{escape(p)}</p>" for p in rest
    )
    markup = (
        '<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">'
        f"<title>{escape(TITLE)} &gt; U.S. Department of War &gt; Story</title>"
        '<meta id="MetaDescription" name="DESCRIPTION" content="Defense Secretary Pete Hegseth '
        'met with his Philippine counterpart to discuss maritime security.">'
        f'<meta property="og:title" content="{escape(TITLE)}">'
        '<meta property="og:image" content="https://media.defense.gov/2024/Nov/21/2003589951/'
        '825/780/0/241121-D-PM193-1022.JPG">'
        '<meta property="og:site_name" content="U.S. Department of War">'
        f'<link rel="canonical" href="{ORIGIN}{STORY}"></head><body>'
        '<header class="skin-header"><a href="/">U.S. Department of War</a><nav><a href="/News/">'
        'News</a> <a href="/Spotlights/">Spotlights</a> <a href="/About/">About</a></nav>'
        "</header>"
        '<div class="skin-breadcrumb-container"><a href="/">Home</a> <a href="/News/">News</a> '
        '<a href="/News/News-Stories/">News Stories</a></div>'
        '<div class="DnnModule DnnModule-ArticleCSViewArticle"><div class="DNNModuleContent '
        'ModArticleCSViewArticleC">'
        '<article class="dgov-card article-detail adetail" itemscope '
        'itemtype="http://schema.org/NewsArticle"><div class="row">'
        '<div class="col-lg-3 visible-lg"><aside class="meta"><ul>'
        '<li><time pubdate datetime="Nov. 22, 2024">Nov. 22, 2024</time></li>'
        "<li>By Jim Garamone , DOD News</li></ul></aside></div>"
        f'<div class="col-lg-9"><h1 class="maintitle">{escape(TITLE)}</h1>'
        f'<div class="body" itemprop="articleBody">{body}</div>'
        '<div class="tags"><a href="/News/Tag/215492/philippines/">Philippines</a> '
        '<a href="/News/Tag/215501/maritime-security/">Maritime Security</a></div>'
        "</div></div></article></div></div>"
        f'<div class="subscribe"><p>{SUBSCRIBE}</p><a href="/Subscribe/">Subscribe</a></div>'
        '<footer class="footer"><p>U.S. Department of War, 1000 Defense Pentagon, Washington, '
        "DC</p></footer></body></html>"
    )
    return markup.encode("utf-8")


def access_denied() -> bytes:
    """Akamai's page, entities as its edge writes them (the quoted URL is always http://)."""
    quoted = ("http://www.war.gov" + STORY).replace(":", "&#58;").replace("/", "&#47;")
    quoted = quoted.replace(".", "&#46;")
    return (
        "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \n"
        f'You don\'t have permission to access "{quoted}" on this server.<P>\n'
        "Reference&#32;&#35;18&#46;9d37d517&#46;1732268400&#46;1b195610\n"
        "<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;9d37d517&#46;1732268400"
        "&#46;1b195610</P>\n</BODY>\n</HTML>\n"
    ).encode("ascii")


def main() -> None:
    write_pages(
        "dod",
        (
            ("2024_news-story_4012345", ORIGIN + STORY, story()),
            ("403_access-denied", ORIGIN + STORY, access_denied()),
        ),
    )


if __name__ == "__main__":
    main()
