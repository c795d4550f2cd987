"""The product registry is data checked like user input: a typo, a missing template or
stylesheet, or a reference to a product that does not exist is one line naming the file,
its line, the product and the key (exit 9, the templates folder's), and sizes come from
the registry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kyr import paths
from kyr.cli.listings import product_size
from kyr.cli.main import cli
from kyr.content.products import load_products, public_products
from kyr.errors import ExitStatus, KyrError

STICKER = """
[sticker]
title = "A sticker"
template = "sticker.html"
styles = ["sticker.css"]
papers = ["letter"]
min_pt = 8.0
max_pt = 12.0
"""


def registry(tmp_path: Path, text: str, files: tuple[str, ...] = ("sticker.html", "sticker.css")):
    for name in files:
        (tmp_path / name).write_text("", encoding="utf-8")
    path = tmp_path / "products.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_well_formed_entry_is_a_product(tmp_path) -> None:
    (product,) = load_products(registry(tmp_path, STICKER)).values()
    assert product.bounds("letter") == (8.0, 12.0)
    assert (product.trim, product.orientation) == ("page", "portrait")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('papers = ["letter"]', 'papers = ["letter"]\ncrop_mark = true'),
            "key 'crop_mark': unknown",
        ),
        (("sticker.css", "stiker.css"), "key 'styles': no file 'stiker.css'"),
        (("sticker.html", "stickers.html"), "key 'template': no file 'stickers.html'"),
        (("max_pt = 12.0", 'max_pt = 12.0\nback_fit = "back"'), "key 'back_fit': names no product"),
        (("max_pt = 12.0", 'max_pt = 12.0\ntrim = "poster"'), "key 'trim': must be one of"),
        (("min_pt = 8.0", 'min_pt = "8"'), "key 'min_pt': must be a number, or a table"),
        (("max_pt = 12.0", "max_pt = 12.0\ninternal = 1"), "key 'internal': must be true or"),
        (('styles = ["sticker.css"]', "styles = [1]"), "key 'styles': must be a list of strings"),
        (('papers = ["letter"]', 'papers = ["legal"]'), "key 'papers': must list papers"),
        (("min_pt = 8.0", "min_pt = 14.0"), "key 'min_pt': must be above 0 and at most max_pt"),
        (("max_pt = 12.0", "max_pt = 12.0\nstep_pt = 0"), "key 'step_pt': must be from 0.01 to 1"),
    ],
)
def test_a_broken_entry_is_one_line_naming_file_line_product_and_key(
    tmp_path, change, message
) -> None:
    old, new = change
    text = STICKER.replace(f'"{old}"', f'"{new}"') if old.endswith((".css", ".html")) else None
    text = text or STICKER.replace(old, new)
    with pytest.raises(KyrError) as error:
        load_products(registry(tmp_path, text))
    assert error.value.status == ExitStatus.TEMPLATES
    line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(message[5:8]))
    expected = rf"products.toml:{line}: product 'sticker', {re.escape(message)}"
    assert re.search(expected, str(error.value))
    assert "\n" not in str(error.value)


def test_a_registry_that_is_not_toml_is_a_templates_error(tmp_path) -> None:
    with pytest.raises(KyrError) as error:
        load_products(registry(tmp_path, STICKER + "[broken"))
    assert error.value.status == ExitStatus.TEMPLATES
    assert "products.toml: invalid TOML" in str(error.value)


def test_per_paper_type_sizes_are_read_from_a_table(tmp_path) -> None:
    text = STICKER.replace('papers = ["letter"]', 'papers = ["letter", "tabloid"]').replace(
        "min_pt = 8.0", "min_pt = { letter = 8.0, tabloid = 10.0 }"
    )
    (product,) = load_products(registry(tmp_path, text)).values()
    assert product.bounds("letter") == (8.0, 12.0)
    assert product.bounds("tabloid") == (10.0, 12.0)


def test_a_broken_registry_stops_kyr_products_with_exit_9(tmp_path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), templates)
    products = templates / "products.toml"
    products.write_text(products.read_text().replace("crop_marks = true", "crop_mark = true", 1))
    result = CliRunner().invoke(cli, ["--templates", str(templates), "products"])
    assert result.exit_code == ExitStatus.TEMPLATES == 9
    assert "product 'card', key 'crop_mark': unknown key" in result.output


def test_sizes_in_the_product_list_come_from_the_registry() -> None:
    products = public_products()
    assert product_size(products["report-card"], "letter").startswith("88.9 x 50.8 mm (3.5 x 2 in)")
    assert product_size(products["sign-public"], "a4") == "a4 landscape, 297 x 210 mm"
    assert product_size(products["sticker-sheet"], "letter").endswith(
        "9 stickers of 63.5 x 63.5 mm"
    )
    assert product_size(products["flyer"], "letter") == "letter portrait, 215.9 x 279.4 mm"


def test_every_public_product_is_listed_with_every_paper_it_comes_on() -> None:
    result = CliRunner().invoke(cli, ["products"])
    assert result.exit_code == 0
    for product in public_products().values():
        assert product.id in result.output
        assert all(paper in result.output for paper in product.papers)
