"""What translators of the new scripts rely on: bundled fonts for each script, the
registry keys that choose line breaking, fallbacks, the glyph check, `kyr languages` and
the README's language list kept equal to the registry."""

from __future__ import annotations

import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from kyr import paths
from kyr.errors import CatalogError, ConfigError, ExitStatus
from kyr.fonts.glyphs import missing_characters
from kyr.fonts.pinned import files_for_families
from kyr.i18n.catalogs import source_msgids
from kyr.i18n.language_list import END, START, language_list, readme_path, with_language_list
from kyr.i18n.languages import load_registry
from tests.conftest import copy_project, run_kyr

#: Family -> Unicode block of the script it is bundled for.
SCRIPT_FONTS = {
    "Noto Sans Thai": (0x0E00, 0x0E7F),
    "Noto Sans Lao": (0x0E80, 0x0EFF),
    "Noto Sans Armenian": (0x0530, 0x058F),
    "Noto Sans Georgian": (0x10A0, 0x10FF),
    "Noto Sans Tamil": (0x0B80, 0x0BFF),
    "Noto Sans Telugu": (0x0C00, 0x0C7F),
    "Noto Sans Gujarati": (0x0A80, 0x0AFF),
}
#: Letters the 2020 Noto faces lack and modern Lao and Telugu do not use: Lao's Pali and
#: Sanskrit letters (Unicode 12), Telugu's nukta and nakaara pollu (Unicode 14).
NOT_USED = set("\u0e86\u0e89\u0e8c\u0e8e\u0e8f\u0e90\u0e91\u0e92\u0e93\u0e98\u0ea0\u0ea8")
NOT_USED |= set("\u0ea9\u0eac\u0eba\u0c3c\u0c5d")

HEAD = '[[language]]\ncode = "en"\nscript = "Latn"\nfonts = ["Noto Sans"]\n\n'


@pytest.mark.parametrize("family", SCRIPT_FONTS)
def test_each_new_script_has_a_bundled_font_covering_its_alphabet(family) -> None:
    files = files_for_families((family,))
    assert len(files) == 2, f"{family}: Regular and Bold expected in assets/fonts"
    first, last = SCRIPT_FONTS[family]
    block = [chr(c) for c in range(first, last + 1) if unicodedata.category(chr(c)) != "Cn"]
    missing = set(missing_characters("".join(block), files)) - NOT_USED
    assert not missing, f"{family} lacks {' '.join(f'U+{ord(c):04X}' for c in missing)}"


def _registry(tmp_path, rows: str):
    path = tmp_path / "languages.toml"
    path.write_text(HEAD + rows)
    return load_registry.__wrapped__(path)


@pytest.mark.parametrize("script", ["Thai", "Laoo", "Khmr", "Mymr", "Jpan"])
def test_scripts_without_spaces_segment_by_default(tmp_path, script) -> None:
    row = f'[[language]]\ncode = "th"\nscript = "{script}"\nfonts = ["X"]\n'
    registry = _registry(tmp_path, row)
    assert registry["th"].segment and not registry["th"].keep_words


def test_chinese_and_spaced_scripts_keep_the_usual_line_breaking(tmp_path) -> None:
    rows = '[[language]]\ncode = "zh-Hans"\nscript = "Hans"\nfonts = ["Noto Sans CJK SC"]\n'
    chinese = _registry(tmp_path, rows)["zh-Hans"]
    assert not chinese.segment and chinese.ideographic
    assert not load_registry()["en"].segment and not load_registry()["en"].ideographic


def test_segment_can_be_set_and_must_be_true_or_false(tmp_path) -> None:
    rows = '[[language]]\ncode = "ja"\nscript = "Jpan"\nsegment = true\nfonts = ["X"]\n'
    assert _registry(tmp_path, rows)["ja"].segment
    with pytest.raises(CatalogError, match=r":9: language 'ja', key 'segment': must be true or"):
        _registry(tmp_path, rows.replace("segment = true", 'segment = "yes"'))


def test_keep_words_and_segment_exclude_each_other(tmp_path) -> None:
    rows = '[[language]]\ncode = "th"\nscript = "Thai"\nkeep_words = true\nfonts = ["X"]\n'
    with pytest.raises(CatalogError, match="exclude each other"):
        _registry(tmp_path, rows)


def test_an_unknown_registry_key_is_refused_by_name(tmp_path) -> None:
    rows = '[[language]]\ncode = "th"\nscript = "Thai"\nsegments = true\nfonts = ["X"]\n'
    with pytest.raises(CatalogError, match=r":9: language 'th', key 'segments': unknown key"):
        _registry(tmp_path, rows)


def test_a_misspelt_language_table_is_refused_not_left_out(tmp_path) -> None:
    rows = '[[languages]]\ncode = "th"\nscript = "Thai"\nfonts = ["X"]\n'
    with pytest.raises(CatalogError, match=r":6: key 'languages': unknown key"):
        _registry(tmp_path, rows)


def test_a_broken_language_registry_is_a_catalog_error_like_a_broken_catalog(tmp_path) -> None:
    rows = '[[language]]\ncode = "th"\nscript = "Thai"\nfonts = "Noto Sans Thai"\n'
    with pytest.raises(CatalogError, match=r"key 'fonts': must be a list of strings") as error:
        _registry(tmp_path, rows)
    assert error.value.status == ExitStatus.CATALOG


def _without(locales: Path, *codes: str) -> None:
    """Take languages out of a copy of the catalogs, so a test can add them afresh."""
    registry = locales / "languages.toml"
    text = registry.read_text(encoding="utf-8")
    for code in codes:
        text = re.sub(
            rf'\n\[\[language\]\]\ncode = "{code}"\n(?:(?!\[\[language\]\]).*\n?)*', "\n", text
        )
        shutil.rmtree(locales / code.replace("-", "_"), ignore_errors=True)
    registry.write_text(text, encoding="utf-8")


def _locales_with_new_languages(tmp_path):
    """A copy of the catalogs with Dari (falling back to Persian) and a Thai row whose
    catalog holds Thai text but whose fonts forget Noto Sans Thai."""
    mine = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), mine)
    _without(mine, "prs", "th")
    for code, source in (("prs", "fa"), ("th", "es")):
        folder = mine / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        text = (mine / source / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
        if code == "th":
            text = text.replace('msgstr "Conozca sus derechos', 'msgstr "รู้สิทธิของคุณ', 1)
            assert "รู้สิทธิ" in text
        (folder / "messages.po").write_text(text, encoding="utf-8")
    registry = mine / "languages.toml"
    registry.write_text(
        registry.read_text(encoding="utf-8")
        + '\n[[language]]\ncode = "prs"\nenglish_name = "Dari"\nautonym = "دری"\n'
        'direction = "rtl"\nscript = "Arab"\nfallback = "fa"\n'
        'fonts = ["Noto Naskh Arabic", "Noto Sans"]\nreviewed_by = "Ahmad Z."\n'
        'reviewed_on = "2026-11-20"\n'
        '\n[[language]]\ncode = "th"\nscript = "Thai"\nfonts = ["Noto Sans"]\n',
        encoding="utf-8",
    )
    return mine


def test_kyr_languages_shows_script_direction_fallback_breaking_and_reviewer(tmp_path) -> None:
    mine = _locales_with_new_languages(tmp_path)
    try:
        listed = run_kyr("--locales", str(mine), "languages", "--no-fit")
    finally:
        paths.use_data_dirs()
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split()[:5] == ["code", "script", "dir", "fallback", "breaks"]
    by_code = {row.split()[0]: row.split() for row in rows}
    assert by_code["prs"][:4] == ["prs", "Arab", "rtl", "fa"]
    # The registry names a reviewer, but no string of the catalog is signed: not reviewed.
    total = len(source_msgids())
    assert by_code["prs"][7] == f"0/{total}" and "Ahmad" not in " ".join(by_code["prs"])
    assert by_code["th"][:6] == ["th", "Thai", "ltr", "en", "words", "(ICU)"]
    assert by_code["ko"][4] == "spaces"
    assert by_code["en"][3] == "-"


def test_i18n_check_names_characters_the_languages_fonts_lack(tmp_path) -> None:
    mine = _locales_with_new_languages(tmp_path)
    try:
        checked = run_kyr("--locales", str(mine), "i18n", "check", "th", "--no-fit")
    finally:
        paths.use_data_dirs()
    assert checked.returncode != 0
    assert "no glyph in Noto Sans for: ข ค ง ณ ท ธ ร ส อ ิ ุ ู ้" in checked.stdout, checked.stdout


def test_readme_language_list_matches_the_registry() -> None:
    readme = readme_path().read_text(encoding="utf-8")
    expected = with_language_list(readme, list(load_registry().values()))
    assert readme == expected, (
        "README.md's language list differs from locales/languages.toml: "
        "run `.venv/bin/kyr i18n readme` and commit README.md"
    )


def test_readme_language_list_names_every_language_once() -> None:
    registry = load_registry()
    text = language_list(list(registry.values()))
    assert text.startswith(f"The {len(registry)} shipped languages")
    for code in registry:
        rows = [line for line in text.splitlines() if line.startswith("| ")]
        assert sum(line.split(" | ")[1] == f"`{code}`" for line in rows) == 1


def test_i18n_readme_rewrites_only_the_marked_block(tmp_path) -> None:
    from kyr.i18n.language_list import update_readme

    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{START}\nstale\n{END}\n\nAfter.\n", encoding="utf-8")
    assert update_readme(readme) is True
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\n") and text.endswith(f"{END}\n\nAfter.\n")
    assert "stale" not in text and "| `so` |" in text
    assert update_readme(readme) is False
    with pytest.raises(ConfigError, match="no '<!-- languages:start"):
        with_language_list("# no markers\n", [])


def test_i18n_add_picks_the_bundled_font_for_each_new_script(tmp_path) -> None:
    from kyr.i18n.translators import SCRIPT_FONTS

    bundled = {family for families in SCRIPT_FONTS.values() for family in families}
    assert set(SCRIPT_FONTS) >= {"Thai", "Laoo", "Armn", "Geor", "Taml", "Telu", "Gujr"}
    for family in bundled:
        assert len(files_for_families((family,))) == 2, family
    project = copy_project(tmp_path / "project")
    _without(project / "locales", "th")
    added = run_kyr("i18n", "add", "th", cwd=project)
    assert added.returncode == 0, added.stderr
    registry = (project / "locales" / "languages.toml").read_text(encoding="utf-8")
    assert 'code = "th"\nscript = "Thai"\nfonts = ["Noto Sans Thai", "Noto Sans"]' in registry


def test_i18n_add_records_a_fallback_such_as_persian_for_dari(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    _without(project / "locales", "prs")
    added = run_kyr(
        "i18n", "add", "prs", "--name", "Dari", "--autonym", "دری", "--direction", "rtl",
        "--script", "Arab", "--fallback", "fa", cwd=project,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    registry = (project / "locales" / "languages.toml").read_text(encoding="utf-8")
    assert 'fallback = "fa"' in registry.split('code = "prs"')[1]
    refused = run_kyr("i18n", "add", "hmn", "--name", "Hmong", "--fallback", "xx", cwd=project)
    assert refused.returncode != 0 and "fallback 'xx'" in refused.stderr


def test_the_japanese_font_is_subset_with_the_japanese_catalog_once_it_lands(
    tmp_path, monkeypatch
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_fonts", paths.CHECKOUT / "scripts" / "build_fonts.py"
    )
    assert spec and spec.loader
    build_fonts = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_fonts", build_fonts)  # for its dataclasses
    spec.loader.exec_module(build_fonts)
    locales = tmp_path / "locales"
    (locales / "ja" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "ja" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hotline"\nmsgstr "相談窓口 鬱"\n',
        encoding="utf-8",
    )
    (locales / "languages.toml").write_text(
        HEAD + '[[language]]\ncode = "ja"\nscript = "Jpan"\n'
        'fonts = ["Noto Sans CJK JP", "Noto Sans"]\n\n'
        '[[language]]\ncode = "th"\nscript = "Thai"\nfonts = ["Noto Sans Thai"]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(build_fonts, "LOCALES", locales)
    (ja,) = build_fonts.face_catalogs("jp")
    assert ja.parent.parent.name == "ja"
    assert build_fonts.face_catalogs("kr") == []
    assert ord("鬱") in build_fonts.catalog_characters([ja])  # JIS level 2: not in the base set
    assert ord("鬱") not in build_fonts.common_codepoints("jp")
