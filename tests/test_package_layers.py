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


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
Function = ast.FunctionDef | ast.AsyncFunctionDef


def _functions(node: ast.AST, prefix: str = "") -> list[tuple[str, Function]]:
    """Every function and method in `node`, nested ones too, by qualified name."""
    found: list[tuple[str, Function]] = []
    for child in ast.iter_child_nodes(node):
        name = f"{prefix}{getattr(child, 'name', '')}"
        if isinstance(child, Function):
            found.append((name, child))
            found += _functions(child, f"{name}.")
        elif isinstance(child, ast.ClassDef):
            found += _functions(child, f"{name}.")
        else:
            found += _functions(child, prefix)
    return found


def _lines(node: ast.stmt) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


def _too_long() -> dict[str, int]:
    """Each module over MAX_MODULE_LINES and function over MAX_FUNCTION_LINES, with its
    length in lines."""
    found = {}
    for module in module_names():
        text = module_file(module).read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            found[module] = len(text.splitlines())
        for name, function in _functions(ast.parse(text)):
            if _lines(function) > MAX_FUNCTION_LINES:
                found[f"{module}:{name}"] = _lines(function)
    return found


def test_no_module_over_400_lines_and_no_function_over_60() -> None:
    assert _too_long() == {}, "split these by job, as kyr/config/wizard.py was (lines)"


def test_the_size_check_sees_functions_methods_and_nested_functions() -> None:
    tree = ast.parse(
        "def outer():\n    def inner():\n        pass\n\n"
        "class Box:\n    async def open(self):\n        pass\n"
    )
    assert {name: _lines(node) for name, node in _functions(tree)} == {
        "outer": 3, "outer.inner": 2, "Box.open": 2,
    }  # fmt: skip
