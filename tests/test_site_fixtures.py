"""Every outlet per layout era, field by field: expected JSON beside each HTML page, as fundus
does.

crawler/core/sites/fixtures/<outlet>/<name>.html.gz holds a page as served (bytes, its own charset);
<name>.json the fields a correct extraction gives, with "url" and "content_type" to replay it.
Every parser version of every outlet must have at least one fixture, and no expected value may
be empty by accident.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from crawler.core.extraction.blocked import block_page
from crawler.core.sites import REGISTRY, extract
from crawler.core.sites.base import drifted
from crawler.core.sites.table import FIXTURE_ROOT
from tests.support.checks import plain_artifact_check
from tests.support.cli import run_cli

FIXTURES = FIXTURE_ROOT / "qdnd"
ALL = sorted(FIXTURE_ROOT.glob("*/*.json"))
# A CDN's refusal page as an outlet serves it (war.gov's Akamai 403): the block it is, no fields.
BLOCKED = [path for path in ALL if "blocked" in json.loads(path.read_text(encoding="utf-8"))]
CASES = [path for path in ALL if path not in BLOCKED]
# Not compared field by field: how to replay the page, and the parser (checked first).
REPLAY = {"url", "content_type", "parser", "may_be_empty", "may_drift"}
# Empty is a legitimate expectation for these (a 2020 page has no dateModified, some no credit).
MAY_BE_EMPTY = {"modified", "credit", "authors", "summary", "images"}  # wire copy has no photo


def _expected(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _got(case: Path) -> dict[str, Any]:
    expected = _expected(case)
    body = gzip.decompress(case.with_suffix(".html.gz").read_bytes())
    return extract(body, expected["url"], content_type=expected.get("content_type")).to_dict()


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_fields(case: Path) -> None:
    expected, got = _expected(case), _got(case)
    assert got["parser"] == expected["parser"]
    fields = [key for key in expected if key not in REPLAY]
    assert {"title", "text", "published", "images"} <= set(fields)
    # A fixture may name more, with its reason beside it (a date the site is known to get wrong).
    allowed = MAY_BE_EMPTY | set(expected.get("may_be_empty", {}))
    for field in fields:
        if field not in allowed:
            assert expected[field], f"{case.stem}: empty expected {field}"
        assert got[field] == expected[field], f"{case.stem}: {field} differs"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_no_artifact_in_any_field(case: Path) -> None:
    assert not plain_artifact_check(json.dumps(_got(case), ensure_ascii=False))


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_fixture_pages_do_not_drift(case: Path) -> None:
    """Pages built to the outlet's selectors get every field from them (crawler.extensions.drift), save
    the fallbacks a fixture names with its reason."""
    expected = _expected(case)
    body = gzip.decompress(case.with_suffix(".html.gz").read_bytes())
    sources = extract(body, expected["url"], content_type=expected.get("content_type")).sources
    assert set(drifted(sources)) == set(expected.get("may_drift", {})), sources


@pytest.mark.parametrize("case", BLOCKED, ids=_id)
def test_block_page_is_named_not_parsed(case: Path, tmp_path: Path) -> None:
    expected = _expected(case)
    body = gzip.decompress(case.with_suffix(".html.gz").read_bytes())
    assert str(block_page(body, expected.get("server", ""))) == expected["blocked"]
    # Saved and handed to `defnews extract`: one line naming the block, status 1, no JSON.
    page = tmp_path / "page.html"
    page.write_bytes(body)
    done = run_cli("extract", str(page), "--url", expected["url"])
    assert done.returncode == 1 and not done.stdout
    assert done.stderr == f"defnews: {page}: not an article but {expected['blocked']}\n"


def test_an_outlet_has_a_refusal_fixture() -> None:
    assert {case.parent.name for case in BLOCKED} >= {"dod"}


def test_every_parser_version_has_a_fixture() -> None:
    versions = {v().name for site in REGISTRY.values() for v in site.parser.versions}
    covered = {_expected(case)["parser"] for case in CASES}
    assert versions <= covered, f"no fixture for {sorted(versions - covered)}"


def test_seed_page_gives_the_seed_without_debris() -> None:
    """The user's seed is what a naive scraper made of this page; ours is that minus the debris."""
    seed = (
        Path(__file__).parent.parent / "crawler" / "demo" / "data" / "seed-711953.txt"
    ).read_text(encoding="utf-8")
    case = FIXTURES / "2022_seed_711953.json"
    got = _got(case)
    captions = {image["caption"] for image in got["images"]}
    naive = [" ".join(block.replace("\u00a0", " ").split()) for block in seed.split("\n\n")]
    kept = [
        block
        for block in naive
        if block and not block.startswith("leftcenterrightdel") and block != got["credit"]
    ]
    assert got["text"].split("\n\n") == kept
    assert captions == {
        "Thượng tướng Lê Huy Vịnh phát biểu chỉ đạo tại hội nghị.",
        "Quang cảnh hội nghị.",
        "Các địa biểu dự hội nghị.",
    }


def _demo_cases() -> list[Any]:
    from crawler.demo.site import build_site

    site = build_site()
    return [pytest.param(site, article, id=str(article.article_id)) for article in site.articles]


@pytest.mark.parametrize(("site", "gold"), _demo_cases())
def test_every_sample_page_matches_its_gold(site: Any, gold: Any) -> None:
    """Every page of the bundled sample, all eras and encodings, against the gold its builder knows."""
    resource = site.resources[gold.path]
    got = extract(resource.body, gold.url, content_type=resource.content_type)
    assert got.parser == f"qdnd/{gold.era}"
    assert got.title == gold.title
    assert got.summary == gold.summary
    assert got.text == gold.text
    assert got.credit == gold.credit
    assert got.authors == list(gold.authors)
    assert got.published == gold.published
    assert got.modified == gold.modified
    assert got.section == list(gold.section)
    assert got.tags == list(gold.tags)
    assert [(i.url, i.caption, i.credit) for i in got.images] == [
        (i.url, i.caption, i.credit) for i in gold.images
    ]
