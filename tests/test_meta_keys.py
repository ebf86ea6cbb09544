"""Every request.meta key is named through crawler.runtime.meta, never written as a literal.

A key written as a string in two modules is a typo away from a silent no-op (the reader gets
None, and nothing fails); named once, a typo is an import error. The scan reads the source:
meta[...], meta.get/pop/setdefault(...), `"key" in meta`, and meta={...} / meta = {...}
with a string key, wherever the dict is some object's `meta` or a name `meta`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from crawler.runtime import meta

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    path.relative_to(ROOT).as_posix()
    for path in (ROOT / "crawler").rglob("*.py")
    if path != ROOT / "crawler" / "runtime" / "meta.py"
)


def _is_meta(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "meta") or (
        isinstance(node, ast.Name) and node.id == "meta"
    )


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _dict_keys(node: ast.AST | None) -> list[str]:
    if not isinstance(node, ast.Dict):
        return []
    return [key for key in (_text(k) for k in node.keys) if key is not None]


def literal_meta_keys(source: str) -> list[tuple[int, str]]:
    """(line, key) of every string literal used as a request.meta key."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        keys: list[str] = []
        if isinstance(node, ast.Subscript) and _is_meta(node.value):
            keys = [k for k in [_text(node.slice)] if k]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "pop", "setdefault")
            and _is_meta(node.func.value)
            and node.args
        ):
            keys = [k for k in [_text(node.args[0])] if k]
        elif isinstance(node, ast.Compare) and any(_is_meta(c) for c in node.comparators):
            keys = [k for k in [_text(node.left)] if k]
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "meta":
                    keys += _dict_keys(keyword.value)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_is_meta(target) for target in targets):
                keys = _dict_keys(node.value)
        found += [(getattr(node, "lineno", 0), key) for key in keys]
    return found


@pytest.mark.parametrize("path", SOURCES)
def test_no_literal_meta_key(path: str) -> None:
    found = literal_meta_keys((ROOT / path).read_text(encoding="utf-8"))
    assert not found, f"{path}: write these keys as crawler.runtime.meta constants: {found}"


def test_the_scan_finds_each_form() -> None:
    """The scan itself: each way of writing a literal key is caught, a constant is not."""
    source = """
request.meta["kind"] = 1
response.meta.get("coverage")
retry.meta.pop("revalidating", None)
if "revalidating" in request.meta: pass
Request(url, meta={"kind": "listing", PAGE: 2})
meta = {"listed_by": []}
meta.get("page", 1)
request.meta[meta.KIND] = 1
Request(url, meta={meta.KIND: "article"})
headers.get("kind")
"""
    found = sorted(literal_meta_keys(source))
    assert found == [
        (2, "kind"),
        (3, "coverage"),
        (4, "revalidating"),
        (5, "revalidating"),
        (6, "kind"),
        (7, "listed_by"),
        (8, "page"),
    ]


def test_every_declared_key_is_distinct() -> None:
    names = [name for name in dir(meta) if name.isupper() and name != "OWN_KEYS"]
    values = [getattr(meta, name) for name in names]
    assert len(set(values)) == len(values)
    assert set(values) >= meta.OWN_KEYS
