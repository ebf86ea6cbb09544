"""Properties over any input (hypothesis): extraction takes any bytes and returns an article,
never an exception; the WARC writer round-trips any head and body through warcio byte for byte.
"""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator

from crawler.core.archive.records import CRLF, request_record, response_record
from crawler.core.archive.verify import verify_warc
from crawler.core.archive.writer import WarcWriter
from crawler.core.article import Article
from crawler.core.extraction.decode import BROWSER_CODECS, decode_html
from crawler.core.sites import REGISTRY, extract

QDND_ARTICLE = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-viet-812011"
URLS = st.sampled_from([QDND_ARTICLE, "https://example.com/news/2025/01/story", ""])
CONTENT_TYPES = st.sampled_from(
    [
        None,
        "text/html",
        "text/html; charset=utf-8",
        "text/html; charset=windows-1258",
        "text/html; charset=iso-8859-1",
        "text/html; charset=utf-7",
        "text/html; charset=utf-16",
        "text/html; charset=no-such-charset",
        "text/html; charset=base64",
        "text/html; charset=rot13",
        "text/html; charset=undefined",
        "text/html; charset=idna",
        "text/html; charset=punycode",
        "text/html; charset=unicode_escape",
        "text/html; charset=hz",
        "application/octet-stream",
        'text/html; charset="',
    ]
)
# Bytes that look like pages often enough to reach the parsers' inner paths: fragments of
# qdnd markup, entities, broken tags and encodings, glued at random, plus plain noise.
PIECES = [
    b"<html>",
    b"<head><meta charset='windows-1258'>",
    b'<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    b"<title>Qu\xc3\xa2n \xc4\x91\xe1\xbb\x99i</title>",
    b'<h1 class="post-title">',
    b'<div class="post-summary"><h2>Q\xc4\x90ND - ',
    b'<div itemprop="articleBody">',
    b'<table class="image"><tr><td>leftcenterrightdel</td></tr><tr><td><img src="/a.jpg">',
    b"</td></tr></table>",
    b"<p>",
    b"</p>",
    b"&nbsp;&agrave;&#7897;&#xZZ;&",
    b'<script type="application/ld+json">{"@type":"NewsArticle","headline":',
    b'"datePublished":"2025-13-45T99:99"}</script>',
    b"<![CDATA[",
    b"\x00\xff\xfe",
    b"\xe1\xbb",  # a UTF-8 sequence cut short
    b"<!--",
    b"</div>",
    b"</body></html>",
]
PAGES = st.one_of(
    st.binary(max_size=4000),
    st.lists(
        st.one_of(
            st.sampled_from(PIECES), st.binary(max_size=40), st.text(max_size=40).map(str.encode)
        ),
        max_size=60,
    ).map(b"".join),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=PAGES, url=URLS, content_type=CONTENT_TYPES)
@example(body=b"aleftcenterrightdel", url=QDND_ARTICLE, content_type=None)  # once kept whole
def test_extraction_takes_any_bytes(body: bytes, url: str, content_type: str | None) -> None:
    article = extract(body, url, content_type=content_type, fetched_at=datetime.now(UTC))
    assert isinstance(article, Article)
    for name in ("title", "summary", "text", "credit", "published", "modified"):
        value = getattr(article, name)
        assert isinstance(value, str)
        assert "leftcenterrightdel" not in value.lower().replace(" ", "")
    # Forced through the qdnd parsers too, whatever the URL says.
    forced = extract(body, url or QDND_ARTICLE, content_type=content_type, site=REGISTRY["qdnd"])
    assert isinstance(forced, Article)


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=3000), content_type=CONTENT_TYPES)
def test_decoding_takes_any_bytes(body: bytes, content_type: str | None) -> None:
    text, encoding = decode_html(body, content_type)
    assert isinstance(text, str)
    # Only what a browser would apply: no UTF-7 or unicode_escape (markup could hide in
    # them), no codec that fails on plain ASCII.
    assert encoding in BROWSER_CODECS


_TOKEN = st.text(
    alphabet=st.sampled_from(
        "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    ),
    min_size=1,
    max_size=20,
)
# Field values: any bytes but CR and LF (obs-text included), no edge whitespace.
_VALUE = st.binary(max_size=60).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b"").strip())
# Names the writer rewrites on purpose (README: what the WARC changes) are left to other tests.
_REWRITTEN = {"transfer-encoding", "content-length", "content-encoding"}
HEADERS = st.lists(
    st.tuples(_TOKEN.filter(lambda name: name.lower() not in _REWRITTEN), _VALUE), max_size=12
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    status=st.integers(min_value=100, max_value=599),
    headers=HEADERS,
    body=st.binary(max_size=5000),
    path=st.text(max_size=30).map(lambda text: text.encode("utf-8").hex()),
)
def test_warc_records_round_trip_through_warcio(
    tmp_path: Path, status: int, headers: list[tuple[str, bytes]], body: bytes, path: str
) -> None:
    head = CRLF.join(
        [
            f"HTTP/1.1 {status} Whatever".encode(),
            *(name.encode() + b": " + value for name, value in headers),
        ]
    )
    url = f"http://127.0.0.1/{path}"
    date = datetime(2026, 11, 24, 9, 0, 0, 123456, tzinfo=UTC)
    response = response_record(url=url, head=head, body=body, date=date)
    request = request_record(
        url=url,
        head=b"GET /" + path.encode() + b" HTTP/1.1" + CRLF + b"Host: 127.0.0.1",
        body=b"",
        date=date,
        concurrent_to=response.record_id,
    )
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per example: tmp_path is shared
    writer = WarcWriter(folder, "prop")
    refs = writer.write([response, request])
    writer.close()
    warc = next(folder.glob("*.warc.gz"))
    data = warc.read_bytes()

    # Byte for byte: the block as read raw, the payload as read parsed, at the offsets written.
    raw = next(iter(ArchiveIterator(io.BytesIO(data[refs[0].offset :]), no_record_parse=True)))
    assert raw.rec_headers.get_header("WARC-Record-ID") == response.record_id
    assert raw.raw_stream.read() == head + CRLF + CRLF + body
    parsed = next(iter(ArchiveIterator(io.BytesIO(data[refs[0].offset :]))))
    assert parsed.rec_type == "response"
    assert parsed.http_headers.get_statuscode() == str(status)
    assert parsed.content_stream().read() == body
    assert len(parsed.http_headers.headers) == len(headers)
    records = list(ArchiveIterator(io.BytesIO(data)))
    assert [r.rec_type for r in records] == ["warcinfo", "response", "request"]
    count, problems, _ = verify_warc(warc, warc.name)  # digests, gzip members
    assert (count, problems) == (3, [])


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    url=st.one_of(
        st.text(max_size=400),
        st.lists(
            st.sampled_from(
                [
                    "..",
                    "%2e%2e",
                    "%2F",
                    "%5C",
                    "/",
                    "\\",
                    "CON",
                    "nul.txt",
                    "aux",
                    "~",
                    "\x00",
                    "Quân đội",
                    "ﬀ",
                    "𝔮𝔡𝔫𝔡",
                    "a" * 300,
                    "?",
                    "#",
                    ":",
                    "C:",
                ]
            ),
            max_size=12,
        ).map(lambda parts: "https://www.qdnd.vn/" + "".join(parts)),
    ),
    site=st.text(max_size=40),
    published=st.one_of(st.text(max_size=30), st.just("2025-01-15T10:05:00+07:00")),
)
def test_no_url_leaves_the_output_folder(
    tmp_path: Path, url: str, site: str, published: str
) -> None:
    from crawler.core.catalog.paths import OutputLayout

    root = tmp_path / "output"
    stem = OutputLayout(root).article(site, published, url)
    relative = stem.relative_to(root)  # raises if outside
    assert relative.parts[0] == "articles" and ".." not in relative.parts
    for part in relative.parts:
        assert part and len(part.encode("utf-8")) <= 120
        assert all(char in "abcdefghijklmnopqrstuvwxyz0123456789-" for char in part)
    # A file can be made there: no reserved name, no byte the file system refuses.
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".txt").write_text("x", encoding="utf-8")
