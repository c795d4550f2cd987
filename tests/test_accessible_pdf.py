"""PDFs are tagged (PDF/UA-1 as WeasyPrint writes it): a structure tree, the document's
language and a title in it, and the QR code described by the link it holds. Checked with
`pdfua` (a machine-checkable subset of PDF/UA-1) and by reading the PDF."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest

from kyr.build.run import build
from kyr.content.context import STATEMENT
from kyr.i18n.span_languages import installed

from .tagged_languages import language_parts


def _pdfua(path: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "pdfua"), "check", str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def _figures(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/S") == pikepdf.Name.Figure:
            found.append(node)
        node = node.get("/K")
    if isinstance(node, pikepdf.Array):
        for child in node:
            found += _figures(child)
    elif isinstance(node, pikepdf.Dictionary):
        found += _figures(node)
    return found


@pytest.mark.parametrize(
    "name", ["letter/card-ar-letter.pdf", "letter/card-zh-Hans-letter.pdf", "a4/card-en-a4.pdf"]
)
def test_a_card_passes_the_pdfua_checks(card_build, name) -> None:
    result = _pdfua(card_build / name)
    assert result.returncode == 0, result.stdout


def test_a_duplex_sheet_passes_the_pdfua_checks(card_build) -> None:
    result = _pdfua(card_build / "letter" / "card-sheet-es-letter.pdf")
    assert result.returncode == 0, result.stdout


def test_a_card_is_tagged_with_its_language_and_a_title_in_it(card_build) -> None:
    pdf = (card_build / "letter" / "card-ar-letter.pdf").read_bytes()
    with pikepdf.open(BytesIO(pdf)) as document:
        assert document.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "ar"
        assert str(document.docinfo.Title).startswith("اعرف حقوقك")
        assert document.Root.ViewerPreferences.DisplayDocTitle is True


def test_the_qr_code_is_a_figure_described_by_its_link(card_build, sample) -> None:
    pdf = (card_build / "letter" / "card-es-letter.pdf").read_bytes()
    with pikepdf.open(BytesIO(pdf)) as document:
        figures = _figures(document.Root.StructTreeRoot)
    assert [str(figure.Alt) for figure in figures] == [sample.qr_url]


def test_the_card_copies_on_a_sheet_are_artifacts(card_build) -> None:
    pdf = (card_build / "a4" / "card-sheet-ar-a4.pdf").read_bytes()
    with pikepdf.open(BytesIO(pdf)) as document:
        for page in document.pages:
            artifact, placed = False, 0
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BMC" and operands[0] == pikepdf.Name.Artifact:
                    artifact = True
                elif str(operator) == "EMC":
                    artifact = False
                elif str(operator) == "Do" and str(operands[0]).startswith("/KyrCard"):
                    assert artifact
                    placed += 1
            assert placed == 10


@pytest.fixture(scope="module")
def sign_build(tmp_path_factory, renderer, sample) -> Path:
    """Two three-language signs: English, Spanish, Arabic; English, Arabic, Chinese."""
    out = tmp_path_factory.mktemp("signs")
    build(sample, out, ("sign-private",), ("es", "ar"), "letter", renderer=renderer)
    build(sample, out, ("sign-private",), ("ar", "zh-Hans"), "letter", renderer=renderer)
    return out


def _scripts(text: str) -> set[str]:
    """The scripts of the letters in `text`: {"LATIN"}, {"ARABIC"}, {"CJK"}."""
    return {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()}


def _squashed(text: str) -> str:
    return "".join(text.split())


def test_span_languages_are_wired_into_weasyprint(renderer) -> None:
    assert installed()


@pytest.mark.parametrize(
    ("languages", "scripts"),
    [
        (["en", "es", "ar"], ["LATIN", "LATIN", "ARABIC"]),
        (["en", "ar", "zh-Hans"], ["LATIN", "ARABIC", "CJK"]),
    ],
)
def test_each_language_block_of_a_sign_is_tagged_with_its_language(
    sign_build, languages, scripts
) -> None:
    name = f"sign-private-{'+'.join(languages)}-letter.pdf"
    with pikepdf.open(sign_build / name) as document:
        assert str(document.Root.Lang) == "en"
    blocks = [
        part
        for part in language_parts(sign_build / name)
        if part.role == "Div" and "SAMPLE" not in _squashed(part.text)  # not the watermark
    ]
    assert [block.lang for block in blocks] == languages
    assert _squashed(blocks[0].text).startswith("PRIVATEAREA")
    assert [_scripts(block.text) for block in blocks] == [{script} for script in scripts]
    assert len({block.text for block in blocks}) == 3


def test_the_english_statement_on_a_spanish_card_is_tagged_english(card_build) -> None:
    path = card_build / "letter" / "card-es-letter.pdf"
    with pikepdf.open(path) as document:
        assert str(document.Root.Lang) == "es"
    (front, *_) = language_parts(path, 0)
    assert (front.lang, front.role) == ("es", "Div")
    assert "Conozca sus derechos" in front.text
    statement = [
        part for part in language_parts(path, 1) if _squashed(STATEMENT) in _squashed(part.text)
    ]
    assert [part.lang for part in statement] == ["en"]


def test_a_part_in_the_documents_language_inside_another_switches_back(renderer, tmp_path) -> None:
    html = (
        '<html lang="es"><body style="font-family: Noto Sans"><p>Diga en inglés:</p>'
        '<div lang="en">I do not consent. <span lang="es">No firme nada.</span></div>'
        "</body></html>"
    )
    path = tmp_path / "nested.pdf"
    path.write_bytes(renderer.pdf(renderer.layout(html, [], "nested"), "nested"))
    parts = [(part.role, part.lang, part.text) for part in language_parts(path)]
    assert parts == [
        ("Div", "en", "I do not consent. No firme nada."),
        ("Span", "es", "No firme nada."),
    ]


def test_a_three_language_sign_passes_the_pdfua_checks(sign_build) -> None:
    result = _pdfua(sign_build / "sign-private-en+es+ar-letter.pdf")
    assert result.returncode == 0, result.stdout
