"""README's "How kyr works" table names every module of the package once, in the layer
its subpackage is (core for the modules at the top), so a newcomer finds each file."""

from __future__ import annotations

import re
from collections import Counter

from kyr import paths

from .import_graph import SUBPACKAGES, module_file, module_names


def _table_rows() -> list[tuple[str, list[str]]]:
    text = (paths.CHECKOUT / "README.md").read_text(encoding="utf-8")
    section = text.split("## How kyr works")[1].split("\n## ")[0]
    rows = re.findall(r"^\| (\w+) \| (.+?) \| .+ \|$", section, flags=re.M)
    return [(layer, re.findall(r"`(kyr/[\w/]+\.py)`", files)) for layer, files in rows]


def _modules_with_code() -> set[str]:
    """Every module file but the subpackages' `__init__.py` (a docstring each)."""
    return {
        module_file(name).relative_to(paths.CHECKOUT).as_posix()
        for name in module_names()
        if name not in SUBPACKAGES and name != "__init__"
    }


def test_the_readme_lists_every_module_once() -> None:
    listed = Counter(path for _, files in _table_rows() for path in files)
    assert [path for path, count in listed.items() if count > 1] == []
    assert _modules_with_code() - set(listed) == set(), "add them to README's module table"
    assert set(listed) - _modules_with_code() == set(), "README names modules that are gone"


def test_each_module_stands_in_its_own_layer() -> None:
    for layer, files in _table_rows():
        for path in files:
            parts = path.split("/")
            assert layer == (parts[1] if len(parts) > 2 else "core"), path
