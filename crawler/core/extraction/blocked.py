"""Pages a CDN serves instead of the article when it refuses the client (Akamai's "Access
Denied", Cloudflare's challenge, Imperva's incident page). They are archived like any answer,
but they are never an article, and a crawl says plainly that the site refused it, with the
CDN's reference for the site's webmaster, instead of a bare "HTTP 403".

No Scrapy here: the spider, `defnews extract` and the fixtures call the same check.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Block pages are small: the signatures are near the top, and a real article that merely
# quotes one of these phrases is long enough never to be read this far as a block page.
HEAD_BYTES = 16_384
MAX_BLOCK_PAGE = 64_000


@dataclass(frozen=True)
class Block:
    cdn: str  # "Akamai"
    what: str  # "Access Denied"
    reference: str = ""  # the CDN's incident reference, for a webmaster

    def __str__(self) -> str:
        ref = f" (reference {self.reference})" if self.reference else ""
        return f"{self.what} from {self.cdn}{ref}"


_AKAMAI_TITLE = re.compile(r"<title>\s*Access Denied\s*</title>", re.IGNORECASE)
_AKAMAI_REF = re.compile(r"Reference\s*#\s*([0-9a-f.]+)", re.IGNORECASE)
# Only the challenge page itself: Cloudflare's bot detection also injects a script from
# /cdn-cgi/challenge-platform/ into ordinary pages, which are articles.
_CLOUDFLARE = re.compile(
    r"<title>\s*(?:Attention Required! \| Cloudflare|Just a moment\.\.\.)\s*</title>"
    r"|window\._cf_chl_opt|/cdn-cgi/challenge-platform/\S*/orchestrate/chl_page"
    r"|cf-browser-verification",
    re.IGNORECASE,
)
_CLOUDFLARE_DENIED = re.compile(  # error 1020: the site's firewall rule refused us
    r"<title>\s*Access denied \|[^<]*used Cloudflare to restrict access\s*</title>", re.IGNORECASE
)
_CLOUDFLARE_RAY = re.compile(r"Cloudflare Ray ID:\s*(?:<[^>]+>\s*)*([0-9a-f]+)", re.IGNORECASE)
# Imperva's refusal names its incident; its bare sensor script runs on ordinary pages too,
# so it counts only on a page too small to be an article.
_IMPERVA = re.compile(r"Incapsula incident ID:?\s*([0-9-]+)", re.IGNORECASE)
_IMPERVA_FRAME = re.compile(r"_Incapsula_Resource", re.IGNORECASE)
TINY = 4_096


def block_page(body: bytes | str, server: str = "") -> Block | None:
    """The CDN block page this body is, if it is one. server: the Server header, if known."""
    if len(body) > MAX_BLOCK_PAGE:
        return None
    head = body[:HEAD_BYTES]
    # Akamai writes its page with entities (Reference&#32;&#35;18&#46;…): unescape first.
    text = html.unescape(head.decode("latin-1") if isinstance(head, bytes) else head)
    if _AKAMAI_TITLE.search(text) and (
        (ref := _AKAMAI_REF.search(text))
        or "errors.edgesuite.net" in text
        or "akamai" in server.lower()
    ):
        return Block("Akamai", "Access Denied", ref.group(1).rstrip(".") if ref else "")
    ray = _CLOUDFLARE_RAY.search(text)
    if _CLOUDFLARE_DENIED.search(text):
        return Block("Cloudflare", "Access denied", ray.group(1) if ray else "")
    if _CLOUDFLARE.search(text):
        return Block("Cloudflare", "a browser challenge", ray.group(1) if ray else "")
    if imperva := _IMPERVA.search(text):
        return Block("Imperva", "a blocked-request page", imperva.group(1))
    if len(body) < TINY and _IMPERVA_FRAME.search(text):
        return Block("Imperva", "a blocked-request page")
    return None
