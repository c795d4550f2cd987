"""Rendering reads only the project's own files, escapes translations, never uses the
machine's fonts, and gives the same bytes for the same inputs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kyr import paths
from kyr.build.run import build
from kyr.content.context import piece_context
from kyr.content.templating import render_html
from kyr.errors import RenderError
from kyr.i18n.catalogs import Translations
from kyr.i18n.languages import get_language
from kyr.render.fetcher import refusal


def test_fetcher_allows_project_assets_and_data_uris() -> None:
    assert refusal((paths.fonts_dir() / "OFL.txt").as_uri()) is None
    assert refusal((paths.templates_dir() / "card.css").as_uri()) is None
    assert refusal("data:image/png;base64,AAAA") is None


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        (paths.CHECKOUT / "pyproject.toml").as_uri(),
        (paths.templates_dir() / ".." / ".." / "etc" / "passwd").as_uri(),
        "https://example.org/tracker.png",
        "http://127.0.0.1/",
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_everything_else(url) -> None:
    assert refusal(url) is not None


def test_a_stylesheet_pulling_a_local_file_stops_the_render(renderer) -> None:
    html = '<html><body><img src="file:///etc/passwd"><p>x</p></body></html>'
    with pytest.raises(RenderError, match="refused to read 'file:///etc/passwd'"):
        renderer.layout(html, [], "hostile test")


def test_an_attachment_link_cannot_pull_a_local_file(renderer) -> None:
    html = (
        '<html><head><link rel="attachment" href="file:///etc/passwd"></head><body>x</body></html>'
    )
    with pytest.raises(RenderError, match="refused"):
        renderer.pdf(renderer.layout(html, [], "hostile test"), "hostile test")


def test_translated_markup_prints_as_text(sample) -> None:
    hostile = '<img src="file:///etc/passwd">'
    translations = Translations({"Know your rights": hostile}, {}, lambda n: 0, "es")
    context = piece_context(sample, (get_language("es"),), "letter", 7.0, title="t")
    html = render_html("card.html", translations, c=context)
    assert hostile not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html


def test_a_character_no_bundled_font_has_is_an_error_not_tofu(renderer) -> None:
    html = "<html><body style=\"font-family: 'Noto Sans'\">Egyptian 𓀀</body></html>"
    with pytest.raises(RenderError, match="missing glyph"):
        renderer.pdf(renderer.layout(html, [], "glyph test"), "glyph test")


def test_fontconfig_sees_only_the_bundled_fonts(renderer) -> None:
    import os

    conf = Path(os.environ["FONTCONFIG_FILE"]).read_text()
    assert f"<dir>{paths.fonts_dir()}</dir>" in conf
    assert "<include" not in conf and "/usr/share/fonts" not in conf


def test_two_builds_are_byte_identical(tmp_path, renderer, sample) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    products = ("card", "card-sheet")
    build(sample, first, products, ("ar", "zh-Hans"), "letter", renderer=renderer)
    build(sample, second, products, ("ar", "zh-Hans"), "letter", renderer=renderer)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_fresh_process_gives_the_same_bytes(tmp_path, renderer, sample) -> None:
    here = tmp_path / "here"
    build(sample, here, ("card",), ("es",), "a4", renderer=renderer)
    there = tmp_path / "there"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kyr",
            "build",
            "--product",
            "card",
            "--lang",
            "es",
            "--paper",
            "a4",
            "--out",
            str(there),
        ],
        check=True,
        capture_output=True,
    )
    assert (here / "card-es-a4.pdf").read_bytes() == (there / "card-es-a4.pdf").read_bytes()


def test_worker_processes_give_the_same_bytes_as_one_process(tmp_path, renderer, sample) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    products, languages = ("card", "card-sheet"), ("es", "zh-Hans")
    build(sample, serial, products, languages, "letter", renderer=renderer, jobs=1)
    build(sample, parallel, products, languages, "letter", jobs=2)
    for name in sorted(p.name for p in serial.iterdir()):
        assert (serial / name).read_bytes() == (parallel / name).read_bytes(), name


def test_a_failure_in_a_worker_is_one_clean_line_and_writes_nothing(tmp_path) -> None:
    from babel.messages.pofile import read_po, write_po

    from kyr.errors import ExitStatus

    from .conftest import copy_project, error_lines, run_kyr

    project = copy_project(tmp_path / "project")
    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as stream:
        catalog = read_po(stream)
    catalog.get("Know your rights").string = ("Conozca sus derechos " * 40).strip()  # no fit
    with po.open("wb") as stream:
        write_po(stream, catalog)
    result = run_kyr(
        "build", "--lang", "en", "--lang", "es", "--product", "card", "--product", "door-slip",
        "--jobs", "2", "--out", "out", cwd=project,
    )  # fmt: skip
    assert result.returncode == ExitStatus.RENDER, result.stderr
    assert len(error_lines(result.stderr)) == 1 and "Traceback" not in result.stderr
    assert "card (es, letter): the Spanish translation does not fit: " in result.stderr
    assert re.search(r'messages\.po:\d+: msgid "Know your rights"', result.stderr)
    assert not (project / "out").exists()


def test_build_says_when_fast_font_subsetting_is_missing(tmp_path, renderer, monkeypatch) -> None:
    from click.testing import CliRunner

    import kyr.render.html_to_pdf
    from kyr.cli.main import cli

    monkeypatch.setattr(kyr.render.html_to_pdf, "fast_subsetting_available", lambda: False)
    result = CliRunner().invoke(
        cli, ["build", "--product", "door-slip", "--lang", "en", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "libharfbuzz-subset0 is missing" in result.stderr
    assert (tmp_path / "door-slip-en-letter.pdf").exists()
