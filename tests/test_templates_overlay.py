"""`kyr --templates DIR` is an overlay, as mkdocs' `custom_dir`: the folder holds only the
files a network changed, each replacing kyr's own file of that name, and the rest comes
from kyr's own templates. Templates, stylesheets, images and products.toml are looked up
the same way; the caches' digests cover the merged set; a link out of the overlay is
refused as one out of kyr's own folder would be."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from kyr import paths
from kyr.errors import ExitStatus

from .conftest import error_lines, page_text, run_kyr

HEADING = '<h1>{{ _("Know your rights") }}</h1>'


@pytest.fixture
def overlay(tmp_path):
    """An empty overlay folder; later tests get kyr's own templates back."""
    folder = tmp_path / "overlay"
    folder.mkdir()
    yield folder
    paths.use_data_dirs()


def own(name: str) -> Path:
    return paths.own_templates_dir() / name


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(out: Path, *options: str, products: tuple[str, ...] = ()):
    """`kyr OPTIONS build` in English on letter: `products`, else every one."""
    chosen = [arg for product in products for arg in ("--product", product)]
    return run_kyr(*options, "build", *chosen, "--lang", "en", "--paper", "letter",
                   "--out", str(out))  # fmt: skip


def test_an_overlay_holding_only_card_css_changes_the_card_and_nothing_else(
    overlay, tmp_path
) -> None:
    css = own("card.css").read_text()
    (overlay / "card.css").write_text(css + "\n.card-front h1 { color: #0b5394; }\n")
    products = ("card", "door-slip")
    mine = build(tmp_path / "mine", "--templates", str(overlay), products=products)
    kyrs = build(tmp_path / "kyrs", products=products)
    assert mine.returncode == 0 and kyrs.returncode == 0, mine.stderr + kyrs.stderr
    for name, changed in (("card-en-letter.pdf", True), ("door-slip-en-letter.pdf", False)):
        ours, theirs = tmp_path / "mine" / name, tmp_path / "kyrs" / name
        assert (sha256(ours) != sha256(theirs)) == changed, name


def test_an_overlay_with_one_template_builds_every_product_from_kyrs_others(
    overlay, tmp_path
) -> None:
    card = own("_card.html").read_text()
    assert HEADING in card
    (overlay / "_card.html").write_text(card.replace(HEADING, "<h1>Know your rights!</h1>"))
    result = build(tmp_path / "out", "--templates", str(overlay))
    assert result.returncode == 0, result.stderr
    built = {path.name for path in (tmp_path / "out").glob("*.pdf")}
    assert {"card-en-letter.pdf", "flyer-en-letter.pdf", "sticker-sheet-en-letter.pdf"} <= built
    assert "Know your rights!" in page_text(tmp_path / "out" / "card-en-letter.pdf", 0)
    assert "Know your rights!" not in page_text(tmp_path / "out" / "flyer-en-letter.pdf", 0)


@pytest.mark.parametrize(
    ("name", "status"),
    [("card.css", ExitStatus.TEMPLATES), ("_card.html", ExitStatus.RENDER),
     ("products.toml", ExitStatus.TEMPLATES)],
)  # fmt: skip
def test_a_link_in_the_overlay_leading_out_of_it_is_refused(overlay, tmp_path, name, status):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    (overlay / name).symlink_to(secret)
    result = run_kyr("--templates", str(overlay), "build", "--product", "card", "--lang", "en",
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == status, result.stdout + result.stderr
    (line,) = error_lines(result.stderr)
    assert name in line and "leads out" in line
    assert "TOP-SECRET" not in result.stdout + result.stderr


def test_an_image_or_stylesheet_is_fetched_through_the_overlay(overlay) -> None:
    from kyr.render.fetcher import FetchRefused, overlaid

    (overlay / "logo.svg").write_text("<svg/>")
    (overlay / "out.svg").symlink_to(own("card.css"))
    folders = (overlay, paths.own_templates_dir())
    assert overlaid(own("logo.svg").as_uri(), folders) == (overlay / "logo.svg").as_uri()
    assert overlaid((overlay / "card.css").as_uri(), folders) == own("card.css").as_uri()
    with pytest.raises(FetchRefused, match="leads out"):
        overlaid(own("out.svg").as_uri(), folders)


def test_products_toml_comes_from_the_overlay_and_names_kyrs_templates(overlay) -> None:
    from kyr.content.products import load_products

    registry = own("products.toml").read_text()
    (overlay / "products.toml").write_text(
        registry.replace('title = "Wallet rights card', 'title = "Riverside card', 1)
    )
    paths.use_data_dirs(templates=overlay)
    assert load_products()["card"].title.startswith("Riverside card")


def test_the_layout_digest_covers_the_merged_templates(overlay) -> None:
    from kyr.cache.digest import code_digest, layout_digest

    kyrs = layout_digest(), code_digest()
    shutil.copy(own("card.css"), overlay)
    paths.use_data_dirs(templates=overlay)
    assert (layout_digest(), code_digest()) == kyrs  # the same files: the same fit results
    (overlay / "card.css").write_text(own("card.css").read_text() + "\n/* changed */\n")
    paths.use_data_dirs(templates=overlay)
    assert layout_digest() != kyrs[0] and code_digest() != kyrs[1]


def test_kyr_info_names_the_overlay_and_kyrs_own_templates(overlay) -> None:
    (overlay / "card.css").write_text("")
    result = run_kyr("--templates", str(overlay), "--info")
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("Templates:")]
    assert line.startswith(f"Templates: {overlay.resolve()} (overlay")
    assert f"then {paths.own_templates_dir()} (kyr's own)" in line


def test_a_folder_holding_no_template_is_not_an_overlay(overlay) -> None:
    (overlay / "notes.txt").write_text("")
    result = run_kyr("--templates", str(overlay), "products")
    assert result.returncode == ExitStatus.ENVIRONMENT
    assert "not a kyr templates folder" in result.stderr


def test_a_syntax_error_in_an_overlay_template_names_its_file_and_line(overlay, tmp_path):
    card = own("_card.html").read_text()
    (overlay / "_card.html").write_text(card.replace(HEADING, "{# never closed", 1))
    result = run_kyr("--templates", str(overlay), "build", "--product", "card", "--lang", "en",
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == ExitStatus.RENDER, result.stderr
    (line,) = error_lines(result.stderr)
    assert re.search(rf"{re.escape(str(overlay.resolve() / '_card.html'))}:\d+: ", line)


def test_strings_are_extracted_from_kyrs_templates_with_the_overlays_in_their_place(overlay):
    from kyr.i18n.translators import extract_catalog

    own_ids = {message.id for message in extract_catalog() if message.id}
    card = own("_card.html").read_text()
    (overlay / "_card.html").write_text(card + '\n{{ _("Riverside walk-in hours") }}\n')
    paths.use_data_dirs(templates=overlay)
    extracted = extract_catalog()
    ids = {message.id for message in extracted if message.id}
    assert ids == own_ids | {"Riverside walk-in hours"}
    locations = extracted["Riverside walk-in hours"].locations
    assert [name for name, _ in locations] == ["_card.html"]
