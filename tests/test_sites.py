"""`defnews sites`: the outlets table comes from the registry, and README's copy is current."""

from __future__ import annotations

import json
import re
from pathlib import Path

from crawler.core.sites import REGISTRY
from crawler.core.sites.table import FIXTURE_ROOT, markdown
from tests.support.cli import run_cli

README = Path(__file__).parent.parent / "README.md"


def test_readme_carries_the_current_table() -> None:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- sites:begin[^>]*-->\n(.*?)<!-- sites:end -->", text, re.DOTALL)
    assert found, "README has no sites block"
    assert found.group(1) == markdown(), "README's outlets table is stale: defnews sites --markdown"


def test_sites_lists_every_profile_with_its_fixtures() -> None:
    result = run_cli("sites", "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["key"] for row in rows] == sorted(REGISTRY)
    for row in rows:
        site = REGISTRY[row["key"]]
        assert row["domains"] == ", ".join(site.domains)
        pages = sorted(
            p.name.removesuffix(".html.gz") for p in (FIXTURE_ROOT / row["key"]).glob("*.html.gz")
        )
        expected = sorted(p.stem for p in (FIXTURE_ROOT / row["key"]).glob("*.json"))
        assert pages == expected and row["fixtures"] == len(expected) > 0
        versions = {version().name for version in site.parser.versions}
        assert set(row["parsers"].split(", ")) == versions
    table = run_cli("sites")
    assert table.returncode == 0 and table.stdout.startswith("KEY ")
    assert "qdnd/2021" in table.stdout
