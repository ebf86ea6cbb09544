"""Outlets register themselves: one module each, its key written once, and a profile that
forgets its zone (or clashes with another) fails at registration instead of parsing wrong."""

from __future__ import annotations

import ast
import re
from datetime import UTC
from pathlib import Path

import pytest

from crawler.core.sites import PROFILES, REGISTRY, UnknownSite, get_site
from crawler.core.sites.base import ArticleParser, Site, SiteParser
from crawler.core.sites.registry import OUTLETS_FOLDER, RegistrationError, register
from crawler.core.sites.selectors import SelectorParser
from crawler.core.sites.table import FIXTURE_ROOT


def _site(key: str, *versions: type[ArticleParser], domain: str = "") -> Site:
    return Site(
        key=key,
        name=key,
        origin=f"https://{domain or key + '.example'}",
        domains=(domain or f"{key}.example",),
        language="en",
        parser=SiteParser(*versions),
        article_pattern=re.compile(r"^/a/\d+$"),
    )


def test_a_parser_that_declares_no_zone_fails_at_registration() -> None:
    class Forgetful(SelectorParser):
        version = "1"

    with pytest.raises(
        RegistrationError, match=r"forgetful: parser Forgetful declares no TIMEZONE"
    ):
        register(_site("forgetful", Forgetful), into={})
    with pytest.raises(TypeError, match="declares no TIMEZONE"):
        Forgetful().zone  # noqa: B018 - run unregistered, it still refuses to guess


def test_a_zone_declared_unknown_or_known_registers() -> None:
    class Unknown(SelectorParser):
        version = "1"
        TIMEZONE = None

    class Utc(SelectorParser):
        version = "1"
        TIMEZONE = UTC

    registry: dict[str, Site] = {}
    register(_site("unknown-zone", Unknown), into=registry)
    register(_site("utc-zone", Utc), into=registry)
    assert Unknown.site == "unknown-zone" and Unknown().name == "unknown-zone/1"
    assert Unknown().zone is None and Utc().zone is UTC
    assert set(registry) == {"unknown-zone", "utc-zone"}


def test_clashes_and_bad_keys_fail_at_registration() -> None:
    class One(SelectorParser):
        version = "1"
        TIMEZONE = None

    class Two(SelectorParser):
        version = "1"
        TIMEZONE = None

    registry: dict[str, Site] = {}
    register(_site("one", One), into=registry)
    with pytest.raises(RegistrationError, match="two outlets register the key 'one'"):
        register(_site("one", Two, domain="other.example"), into=registry)
    with pytest.raises(RegistrationError, match=r"two and one both claim \['one.example'\]"):
        register(_site("two", Two, domain="one.example"), into=registry)
    with pytest.raises(RegistrationError, match="parser One belongs to one"):
        register(_site("three", One), into=registry)
    with pytest.raises(RegistrationError, match="is not"):
        register(_site("Bad Key", Two), into=registry)
    with pytest.raises(ValueError, match="at least one version"):
        SiteParser()


def test_every_outlet_module_registers_one_site_and_writes_its_key_once() -> None:
    modules = sorted(p for p in OUTLETS_FOLDER.glob("*.py") if p.name != "__init__.py")
    assert len(modules) == len(REGISTRY) == len(PROFILES)
    for path in modules:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
        keys = [key for key in REGISTRY if key in strings]
        assert len(keys) == 1, f"{path.name} names {keys}"
        assert strings.count(keys[0]) == 1, f"{path.name} writes {keys[0]!r} more than once"
        # No parser class names its site: registration tells it.
        assigned = {
            target.id
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            for statement in node.body
            if isinstance(statement, ast.Assign)
            for target in statement.targets
            if isinstance(target, ast.Name)
        }
        assert "site" not in assigned, path.name


def test_every_registered_outlet_has_its_fixture_folder_and_the_api_is_kept() -> None:
    for key, site in REGISTRY.items():
        assert get_site(key) is site
        assert (FIXTURE_ROOT / key).is_dir(), f"no fixture folder for {key}"
        assert all(version.site == key for version in site.parser.versions)
    with pytest.raises(UnknownSite, match="unknown site 'nope'"):
        get_site("nope")


def test_no_module_cites_a_file_outside_the_repository() -> None:
    root = Path(__file__).parent.parent
    for folder in ("crawler", "scripts", "tests"):
        for path in (root / folder).rglob("*.py"):
            if path.name == Path(__file__).name:
                continue
            assert "SITES.md" not in path.read_text(encoding="utf-8"), path


def test_the_documented_example_outlet_registers_and_parses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """docs/adding-an-outlet.md's module, run as written (into a registry of its own)."""
    from crawler.core.sites import extract
    from crawler.core.sites import registry as registry_module

    doc = Path(__file__).parent.parent / "docs" / "adding-an-outlet.md"
    (code,) = re.findall(r"```python\n(.*?)```", doc.read_text(encoding="utf-8"), re.DOTALL)
    own: dict[str, Site] = {}
    monkeypatch.setattr(registry_module, "register", lambda site: register(site, into=own))
    namespace: dict[str, object] = {"__name__": "example_outlet"}
    exec(compile(code, str(doc), "exec"), namespace)  # noqa: S102 - our own documentation
    site = own["example"]
    page = (
        '<html><body><h1 class="entry-title">Title</h1>'
        '<meta property="article:published_time" content="2025-03-04T10:00:00">'
        '<div class="entry-content"><p>One paragraph of the story.</p></div></body></html>'
    )
    article = extract(page.encode(), "https://example.com/2025/03/a-story/", site=site)
    assert article.parser == "example/2024" and article.title == "Title"
    assert article.published == "2025-03-04T10:00:00-05:00"  # its declared zone
    assert "example" not in REGISTRY
