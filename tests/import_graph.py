"""kyr's import graph, read from the source (every import, at the top or inside a
function): module names are dotted and relative to the package ("render.fit"; the
package's own `__init__.py` is "__init__", a subpackage's is its name, "render")."""

from __future__ import annotations

import ast
from functools import cache

from kyr import paths
from kyr.cache.digest import module_file


def module_names() -> list[str]:
    names = []
    for path in sorted(paths.PACKAGE.rglob("*.py")):
        parts = path.relative_to(paths.PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        names.append(".".join(parts))
    return names




@cache
def imports_of(name: str) -> frozenset[str]:
    """The kyr modules `name` imports; `from kyr.render import fit` is "render.fit",
    `from kyr.render.fit import Overflow` is "render.fit" too."""
    known = set(module_names())
    found: set[str] = set()
    for node in ast.walk(ast.parse(module_file(name).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module != "kyr" and not node.module.startswith("kyr."):
                continue
            base = node.module.removeprefix("kyr").removeprefix(".")
            for alias in node.names:
                sub = f"{base}.{alias.name}" if base else alias.name
                found.add(sub if sub in known else (base or "__init__"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("kyr."):
                    found.add(alias.name.removeprefix("kyr."))
    return frozenset(found - {name})


SUBPACKAGES = tuple(
    sorted(p.parent.name for p in paths.PACKAGE.glob("*/__init__.py"))
)
