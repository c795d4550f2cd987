"""The package is a pipeline of layers: each subpackage says in its docstring what it may
import ("May import: core, fonts, i18n."), and its modules import nothing else. Core is
the modules at the top level; only `launch` and `__main__` start the command."""

from __future__ import annotations

import ast
import re

from .import_graph import SUBPACKAGES, imports_of, module_file, module_names

ENTRY = {"launch", "__main__"}


def _layer(module: str) -> str:
    if module in ENTRY:
        return "entry"
    return module.split(".")[0] if module.split(".")[0] in SUBPACKAGES else "core"


def _may_import(package: str) -> set[str]:
    docstring = ast.get_docstring(ast.parse(module_file(package).read_text())) or ""
    found = re.search(r"May import: ([a-z0-9, ]+)\.", docstring)
    assert found, f"kyr/{package}/__init__.py: the docstring says what it may import"
    return {name.strip() for name in found.group(1).split(",")} | {package}


def test_every_subpackage_says_what_it_owns_and_what_it_may_import() -> None:
    for package in SUBPACKAGES:
        assert _may_import(package) - {package} <= {"core", *SUBPACKAGES}


def test_subpackages_hold_no_code_in_their_init() -> None:
    for package in SUBPACKAGES:
        body = ast.parse(module_file(package).read_text()).body
        assert len(body) == 1 and isinstance(body[0], ast.Expr), package


def test_no_module_imports_a_layer_above_its_own() -> None:
    allowed = {package: _may_import(package) for package in SUBPACKAGES}
    allowed["core"] = {"core"}
    wrong = [
        f"{module} imports {target}"
        for module in module_names()
        if _layer(module) != "entry"
        for target in imports_of(module)
        if _layer(target) not in allowed[_layer(module)]
    ]
    assert wrong == []


def test_the_layers_are_a_pipeline_with_no_cycle_between_them() -> None:
    allowed = {package: _may_import(package) - {package} for package in SUBPACKAGES}
    for package, below in allowed.items():
        assert all(package not in allowed.get(lower, set()) for lower in below), package


def test_kyr_modules_import_each_other_without_cycles() -> None:
    graph = {module: imports_of(module) for module in module_names()}

    def reaches(start: str, goal: str, seen: frozenset[str]) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in graph.get(start, ())
        )

    assert [name for name in graph if reaches(name, name, frozenset({name}))] == []


def test_one_class_of_each_name_in_the_package() -> None:
    seen: dict[str, str] = {}
    twice = []
    for module in module_names():
        for node in ast.parse(module_file(module).read_text()).body:
            if isinstance(node, ast.ClassDef):
                if node.name in seen:
                    twice.append(f"{node.name}: {seen[node.name]} and {module}")
                seen[node.name] = module
    assert twice == []
