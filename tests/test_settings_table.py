"""Settings: every default in crawler/settings.py, every setting in docs/settings.md.

Every setting name the code reads (settings.get/getbool/getint/getfloat/getlist/getdict/
getpriority/set, settings["..."]) is either Scrapy's own or defnews' with a default in
crawler/settings.py; each of defnews' settings has a row in docs/settings.md, and so has each
Scrapy setting whose default crawler/settings.py changes; every row names a real setting. A
crawler built without crawler/settings.py (a test's get_crawler, a script) still reads the
defaults, and --set values keep their names and types.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.settings import default_settings
from scrapy.utils.test import get_crawler

import crawler.settings as project
from crawler.runtime.defaults import (
    changed_scrapy_defaults,
    output_dir,
    own_defaults,
    settings_of,
    with_defaults,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "settings.md"
GETTERS = {"get", "getbool", "getint", "getfloat", "getlist", "getdict", "getpriority", "set"}
NAME = re.compile(r"^[A-Z][A-Z0-9_]{3,}$")  # not a regex group named "H" (`s.get("H")`)


def _is_settings(node: ast.AST) -> bool:
    """`settings`, `x.settings`, `s` (a short name for them) or settings_of(...)."""
    if isinstance(node, ast.Name):
        return node.id in ("settings", "s")
    if isinstance(node, ast.Attribute):
        return node.attr == "settings"
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "settings_of"
    )


def read_names(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        key: ast.AST | None = None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in GETTERS
            and _is_settings(node.func.value)
            and node.args
        ):
            key = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_settings(node.value):
            key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and NAME.match(key.value):
            names.add(key.value)
    return names


def names_read() -> dict[str, set[str]]:
    """Setting name -> the modules that read it, over all of crawler/."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "crawler").rglob("*.py"):
        for name in read_names(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    return found


def table_rows() -> dict[str, list[str]]:
    """Setting name -> the row's cells, for every table row of docs/settings.md."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells and (match := re.fullmatch(r"`([A-Z0-9_]+)`", cells[0])):
            rows[match.group(1)] = cells
    return rows


def test_the_scan_finds_settings_reads() -> None:
    source = """
a = crawler.settings.getint("DRIFT_MIN_ARTICLES")
b = settings_of(crawler).getbool("REDIRECT_LOOPS_ENABLED")
c = settings["EXTENSIONS"]
d = s.get("USER_AGENT")
e = headers.get("ETAG_VALUE")
f = self.state.settings.getfloat("OUTPUT_CHECK_SECONDS")
"""
    assert read_names(source) == {
        "DRIFT_MIN_ARTICLES",
        "REDIRECT_LOOPS_ENABLED",
        "EXTENSIONS",
        "USER_AGENT",
        "OUTPUT_CHECK_SECONDS",
    }


def test_every_setting_read_has_a_default() -> None:
    """Scrapy's own settings have Scrapy's defaults; defnews' must have one in settings.py."""
    own = own_defaults()
    missing = {
        name: sorted(where)
        for name, where in names_read().items()
        if name not in own and not hasattr(default_settings, name)
    }
    assert not missing, f"no default in crawler/settings.py: {missing}"


def test_every_setting_of_defnews_has_a_row_and_every_row_is_a_setting() -> None:
    rows = table_rows()
    documented = set(rows)
    assert set(own_defaults()) - documented == set(), "add them to docs/settings.md"
    assert set(changed_scrapy_defaults()) - documented == set(), "add them to docs/settings.md"
    invented = {
        name for name in rows if name not in own_defaults() and not hasattr(default_settings, name)
    }
    assert not invented, f"docs/settings.md names settings that do not exist: {invented}"


def test_each_row_gives_the_default_of_settings_py() -> None:
    """The default column says what crawler/settings.py holds (the one place it is set)."""
    rows = table_rows()
    for name, value in {**own_defaults(), **changed_scrapy_defaults()}.items():
        cell = rows[name][1]
        assert repr(value) in cell or str(value) in cell or cell.startswith("see"), (name, cell)


def test_every_module_reading_a_setting_of_defnews_is_named_in_its_row() -> None:
    rows = table_rows()
    unnamed = {
        name: module
        for name, where in names_read().items()
        if name in own_defaults()
        for module in (path.removesuffix(".py").replace("/", ".") for path in sorted(where))
        if module not in rows[name][-1]
    }
    assert not unnamed, f"docs/settings.md's 'Read by' lacks: {unnamed}"


def test_the_settings_module_is_a_leaf() -> None:
    """crawler/settings.py holds values only: everything may read it, it reads nothing of
    ours (tests/test_layers gives it a node of its own on that ground)."""
    tree = ast.parse((ROOT / "crawler" / "settings.py").read_text(encoding="utf-8"))
    imports = [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
    ]
    assert imports == []


def test_a_crawler_without_the_settings_module_reads_the_defaults() -> None:
    bare = get_crawler(Spider, {"DRIFT_THRESHOLD": 0.9})
    assert "DRIFT_MIN_ARTICLES" not in bare.settings  # Scrapy's get_crawler: no project module
    settings = settings_of(bare)
    assert settings.getint("DRIFT_MIN_ARTICLES") == project.DRIFT_MIN_ARTICLES == 5
    assert settings.getbool("TEXT_FILES_ENABLED") is True
    assert settings.getint("DISK_RESERVE_BYTES") == 1024 * 1024
    assert settings.getfloat("DRIFT_THRESHOLD") == 0.9  # what was set wins
    assert output_dir(settings) == Path("output")


def test_the_add_on_sets_the_missing_defaults_under_what_was_set() -> None:
    crawler = get_crawler(
        Spider, {"ADDONS": {"crawler.addon.ArchiveAddon": 0}, "DRIFT_MIN_ARTICLES": 7}
    )
    assert crawler.settings.getint("DRIFT_MIN_ARTICLES") == 7
    assert crawler.settings.getfloat("OUTPUT_CHECK_SECONDS") == 2.0
    assert crawler.settings.getbool("RUN_REPORT_ENABLED") is True
    # Nothing missing any more: the crawler's own settings object, not a copy.
    assert with_defaults(crawler.settings) is crawler.settings


def test_an_empty_output_dir_is_the_default_folder() -> None:
    crawler = get_crawler(Spider, {"OUTPUT_DIR": ""})
    assert output_dir(settings_of(crawler)) == Path(project.OUTPUT_DIR)


@pytest.mark.parametrize(
    ("name", "given", "expected"),
    [
        ("DRIFT_MIN_ARTICLES", "2", 2),
        ("DRIFT_THRESHOLD", "0.25", 0.25),
        ("TEXT_FILES_ENABLED", "false", False),
        ("RUN_REPORT_ENABLED", "0", False),
        ("OUTPUT_CHECK_SECONDS", "0.5", 0.5),
        ("DISK_RESERVE_BYTES", "4096", 4096),
        ("CLUSTER_HEARTBEAT_S", "3", 3.0),
        ("CLUSTER_HOST_DELAY", "0.2", "0.2"),  # no type to take (None): read with getfloat
    ],
)
def test_set_values_keep_their_names_and_types(
    name: str, given: str, expected: object, tmp_path: Path
) -> None:
    from crawler.cli.launch import build_settings

    settings = build_settings(tmp_path, {name: given})
    assert settings[name] == expected
    assert settings.getpriority(name) == 40  # cmdline: above the project's defaults
