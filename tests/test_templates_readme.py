"""templates/README.md is a designer's reference: it names every variable, context field,
print-rule macro, custom property and registry key the code gives the templates, and
nothing that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kyr import paths
from kyr.content.context import PageSize, PieceContext, PrintedResource
from kyr.content.products import Product
from kyr.geometry import PAPER_SIZES, CardSize, SheetLayout, custom_properties
from kyr.i18n.languages import Language
from kyr.toml_files import keys_of

README = paths.CHECKOUT / "templates" / "README.md"


def readme() -> str:
    return README.read_text(encoding="utf-8")


def public_names(cls: type) -> set[str]:
    names = set(getattr(cls, "__dataclass_fields__", ())) | set(dir(cls))
    return {name for name in names if not name.startswith("_")}


def documented(prefix: str) -> set[str]:
    """Names documented as `prefix.name` (or `prefix.name(…)`) in the README's tables."""
    return set(re.findall(rf"`{re.escape(prefix)}\.([a-z_]+)", readme()))


@pytest.mark.parametrize(
    ("prefix", "cls"),
    [("c", PieceContext), ("r", PrintedResource), ("lang", Language), ("c.card", CardSize),
     ("c.page", PageSize), ("c.sheet", SheetLayout)],
)  # fmt: skip
def test_every_field_a_template_can_read_is_documented_and_nothing_else(prefix, cls) -> None:
    assert documented(prefix) == public_names(cls)


def test_the_variables_kyr_renders_templates_with_are_documented() -> None:
    source = "\n".join(path.read_text() for path in (paths.PACKAGE / "render").glob("*.py"))
    variables = set(re.findall(r"render_html\([^\n]*?, ([a-z]+)=\w+\)", source))
    assert variables == {"c", "b"}
    for name in variables:
        assert f"**`{name}`**" in readme()


def test_every_template_is_documented() -> None:
    templates = {path.name for path in paths.own_templates_dir().glob("*.html")}
    assert templates <= set(re.findall(r"`([a-z_-]+\.html)`", readme()))


def test_every_print_rule_macro_is_documented() -> None:
    rules = (paths.own_templates_dir() / "_print_rules.html").read_text()
    macros = set(re.findall(r"{% macro ([a-z_]+)\(", rules))
    rows = set(re.findall(r"^\| `([a-z_]+)\(", readme(), re.MULTILINE))
    assert macros == rows


def _declared_properties() -> set[str]:
    """Custom properties kyr sets on the root, and those the templates set themselves."""
    from_kyr = {f"--{name}" for paper in PAPER_SIZES for name in custom_properties(paper, 1, 1)}
    texts = [path.read_text() for path in paths.own_templates_dir().glob("*.[ch][st]*")]
    from_templates = {m for text in texts for m in re.findall(r"(--[a-z][a-z-]*)\s*:", text)}
    return from_kyr | from_templates


def test_every_custom_property_is_documented_and_every_documented_one_exists() -> None:
    table = readme().split("## Custom properties")[1].split("\n## ")[0]
    listed = set(re.findall(r"`(--[a-z-]+)`", table))
    assert listed == _declared_properties()


def test_every_custom_property_a_stylesheet_reads_is_set() -> None:
    texts = [path.read_text() for path in paths.own_templates_dir().glob("*.[ch][st]*")]
    read = {name for text in texts for name in re.findall(r"var\((--[a-z-]+)\)", text)}
    assert read <= _declared_properties()


def test_every_products_toml_key_is_documented() -> None:
    table = readme().split("## products.toml")[1].split("\n## ")[0]
    listed = set(re.findall(r"`([a-z_]+)`", table))
    assert {spec.name for spec in keys_of(Product).values()} <= listed


def _style_attributes() -> list[tuple[Path, str]]:
    return [
        (path, style)
        for path in sorted(paths.own_templates_dir().glob("*.html"))
        for style in re.findall(r'style="([^"]*)"', path.read_text())
    ]


def test_a_style_attribute_holds_no_layout_number_only_custom_properties_and_fonts() -> None:
    """Sizes live in the stylesheets; a style attribute hands them a value kyr computed
    for this piece (`--phone-pt: {{ … }}pt`) or a language's font stack."""
    assert _style_attributes()
    for path, style in _style_attributes():
        for declaration in filter(None, (d.strip() for d in style.split(";"))):
            name, _, value = declaration.partition(":")
            assert name.startswith("--") or name == "font-family", (path.name, declaration)
            assert not re.search(r"\d", re.sub(r"{{.*?}}", "", value)), (path.name, declaration)
