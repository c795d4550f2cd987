"""A catalog entry is what it claims to be: an entry with plural forms for a string the
templates use in the singular is refused (it would print English on a "complete"
catalog), and no string may pile combining marks over the lines around it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kyr import paths
from kyr.errors import ExitStatus
from kyr.i18n.catalogs import source_msgids
from kyr.i18n.string_checks import stacked_marks, string_problems

from .conftest import error_lines, run_kyr

SINGULAR = 'msgid "Hotline"\nmsgstr "Línea directa"\n'
AS_PLURAL = (
    'msgid "Hotline"\nmsgid_plural "Hotlines"\n'
    'msgstr[0] "Línea directa"\nmsgstr[1] "Líneas directas"\n'
)


@pytest.fixture()
def locales(tmp_path) -> Path:
    folder = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), folder)
    return folder


def edit_spanish(locales: Path, old: str, new: str) -> None:
    po = locales / "es" / "LC_MESSAGES" / "messages.po"
    text = po.read_text()
    assert old in text
    po.write_text(text.replace(old, new, 1))


def test_plural_forms_on_a_singular_string_are_refused(locales, tmp_path) -> None:
    edit_spanish(locales, SINGULAR, AS_PLURAL)
    built = run_kyr("--locales", str(locales), "build", "--product", "card", "--lang", "es",
                    "--out", str(tmp_path / "out"))  # fmt: skip
    assert built.returncode == ExitStatus.CATALOG
    (line,) = error_lines(built.stderr)
    assert "messages.po:" in line and "has plural forms" in line and '"Hotline"' in line
    assert not (tmp_path / "out").exists()

    checked = run_kyr("--locales", str(locales), "i18n", "check", "es", "--no-fit")
    assert checked.returncode == ExitStatus.CATALOG
    total = len(source_msgids())
    said = checked.stdout
    assert f"{total - 1}/{total} translated" in said or "has plural forms" in said


def test_a_pile_of_combining_marks_is_refused(locales, tmp_path) -> None:
    edit_spanish(locales, SINGULAR, 'msgid "Hotline"\nmsgstr "Línea' + "\u0301" * 300 + '"\n')
    built = run_kyr("--locales", str(locales), "build", "--product", "card", "--lang", "es",
                    "--out", str(tmp_path / "out"))  # fmt: skip
    assert built.returncode == ExitStatus.CATALOG
    assert "combining marks on one letter" in built.stderr


@pytest.mark.parametrize(
    "text",
    ["Tiếng Việt", "Tie\u0302\u0301ng Vie\u0323\u0302t",  # composed and decomposed
     "ဖုန်းဆက်ရန်", "สิทธิ์ของคุณ", "अपने अधिकार जानें", "ਆਪਣੇ ਅਧਿਕਾਰ"],
)  # fmt: skip
def test_real_scripts_carry_their_marks(text) -> None:
    assert stacked_marks(text) is None


def test_marks_are_limited_per_letter_and_per_string() -> None:
    assert "5 combining marks on one letter" in (stacked_marks("a" + "\u0301" * 5) or "")
    piled = "a" + "\u0301" * 4 + "b" + "\u0301" * 3 + "c"  # 4 a letter at most, 7 in all
    assert "7 combining marks for 3 letters" in (stacked_marks(piled) or "")
    assert any("combining" in p for p in string_problems("Hotline", "L" + "\u0301" * 300))
