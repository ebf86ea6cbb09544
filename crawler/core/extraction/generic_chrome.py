"""Chrome the generic extractor takes for text: posts embedded from social networks, and boxes
that ask the reader to log in, register or subscribe with links dressed as buttons.

An embedded post is a quotation of someone else's page (its text, its author's handle, its date
line), set in a <blockquote> the network's script turns into a card; publishers' gold texts leave
it out, and so does a reader. A call-to-action box holds little text beside two or three links
styled as buttons ("Log in", "Register for free"): the structural sign of a paywall or login
prompt, whatever its class is called.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import html

# The class names the networks' embed scripts look for: fixed by the networks, not by sites.
_EMBED_CLASSES = re.compile(
    r"\b(?:twitter-tweet|twitter-video|instagram-media|tiktok-embed|fb-post|fb-video|"
    r"bluesky-embed|threads-post|reddit-embed-bq|wp-embedded-content)\b"
)
_POST_LINK = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter\.com|x\.com)/\w+/status/|"
    r"^https?://(?:www\.)?instagram\.com/(?:p|reel)/|"
    r"^https?://(?:www\.)?tiktok\.com/@|"
    r"^https?://bsky\.app/profile/"
)
_BUTTON_LINK = re.compile(r"(?:^|[\s_-])(?:btn|button)(?:$|[\s_-])", re.IGNORECASE)
# Where a prompt's buttons lead (a whole segment of the link's path: a story's slug may hold
# "members" or "accountable"), or what they say: an account, a subscription.
_ACCOUNT_PATH = frozenset(
    [
        "login",
        "logon",
        "signin",
        "sign-in",
        "signup",
        "sign-up",
        "register",
        "registration",
        "registrierung",
        "regist",
        "subscribe",
        "subscription",
        "abo",
        "abonnement",
        "abonnieren",
        "account",
        "konto",
        "anmelden",
        "einloggen",
        "membership",
        "premium",
        "paywall",
        "checkout",
    ]
)
_ACCOUNT_TEXT = re.compile(
    r"\b(?:log ?in|sign ?in|sign ?up|register|subscribe|anmelden|einloggen|registrieren"
    r"|abonnieren|s'abonner|se connecter|iniciar sesión|suscríbete)\b|会員|ログイン|購読",
    re.IGNORECASE,
)


def _asks_for_account(link: html.HtmlElement) -> bool:
    try:
        path = urlsplit(link.get("href") or "").path.lower()
    except ValueError:  # a broken address ("http://[broken/x") asks for nothing
        path = ""
    # "/login.html", "/users/sign_in": a segment's name, without its extension.
    segments = (segment.split(".")[0].replace("_", "-") for segment in path.split("/"))
    if any(segment in _ACCOUNT_PATH for segment in segments):
        return True
    return _ACCOUNT_TEXT.search(link.text_content()) is not None


# A box with at most this much text besides its button links is a prompt, not a paragraph.
MAX_PROMPT_CHARACTERS = 400


def _is_embedded_post(element: html.HtmlElement) -> bool:
    if _EMBED_CLASSES.search(element.get("class") or ""):
        return True
    if element.tag != "blockquote":
        return False
    links = [a.get("href") or "" for a in element.iter("a")]
    return bool(links) and _POST_LINK.match(links[-1]) is not None


def _is_prompt(element: html.HtmlElement) -> bool:
    buttons = [
        a
        for a in element.iter("a")
        if _BUTTON_LINK.search(a.get("class") or "") or a.get("role") == "button"
    ]
    if len(buttons) < 2:
        return False
    # A prompt asks for an account: share buttons (two links dressed as buttons beside a short
    # brief) are no prompt, and a brief is the article.
    if not any(_asks_for_account(a) for a in buttons):
        return False
    return len(" ".join(element.text_content().split())) <= MAX_PROMPT_CHARACTERS


def drop_generic_chrome(root: html.HtmlElement) -> None:
    """Remove embedded social posts and button-link prompts from a page (mutates)."""
    for element in root.xpath("//blockquote|//*[@class]"):
        if element.getparent() is not None and _is_embedded_post(element):
            element.drop_tree()
    # The outermost box that is still a prompt (its text short): the whole box goes, with the
    # line that says why; an article around it has too much text to be one.
    prompts = [e for e in root.xpath("//div|//section|//aside") if _is_prompt(e)]
    chosen = set(prompts)
    for element in prompts:
        if not any(ancestor in chosen for ancestor in element.iterancestors()):
            element.drop_tree()
