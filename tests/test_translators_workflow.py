"""The translator's side, end to end through the commands alone: no Python is edited."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from kyr import paths
from kyr.errors import ExitStatus
from kyr.i18n.catalogs import read_catalog, source_msgids
from kyr.i18n.languages import load_registry
from kyr.i18n.translators import catalog_bytes, extract_catalog, strip_creation_date

from .conftest import copy_project, page_text, run_kyr


def translate_catalog(po: Path, translate) -> None:
    """What a translator does in Poedit: fill in every msgstr and save."""
    with po.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.id:
            message.string = translate(message.id)
    with po.open("wb") as stream:
        write_po(stream, catalog, width=88)


def test_committed_template_catalog_matches_the_templates() -> None:
    expected = strip_creation_date(catalog_bytes(extract_catalog()))
    assert (paths.locales_dir() / "messages.pot").read_bytes() == expected, (
        "locales/messages.pot is stale: run `kyr i18n extract` and `kyr i18n update`"
    )


def test_every_catalog_has_exactly_the_template_strings() -> None:
    wanted = set(source_msgids())
    for language in load_registry().values():
        if language.is_source:
            continue
        catalog = read_catalog(language.catalog_path)
        ids = {m.id for m in catalog if m.id}
        assert ids == wanted, language.code


def test_registry_and_locales_folder_agree() -> None:
    folders = {p.parent.parent.name for p in paths.locales_dir().glob("*/LC_MESSAGES/messages.po")}
    registered = {lang.catalog_dir for lang in load_registry().values() if not lang.is_source}
    assert folders == registered


def test_at_least_twenty_languages_ship_complete() -> None:
    from kyr.build.fit_check import catalog_status

    languages = load_registry()
    assert len(languages) >= 20
    for language in languages.values():
        status = catalog_status(language)
        assert status.complete, language.code
        assert status.problems == [], language.code


def test_new_language_added_and_built_through_commands_alone(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    added = run_kyr(
        "i18n", "add", "hmn", "--name", "Hmong", "--autonym", "Hmoob", "--script", "Latn",
        cwd=project,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    po = project / "locales" / "hmn" / "LC_MESSAGES" / "messages.po"
    header = po.read_text()
    assert '"Language: hmn\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header

    refused = run_kyr("build", "--lang", "hmn", "--product", "card", "--out", "out", cwd=project)
    assert refused.returncode == ExitStatus.CATALOG
    assert "45 untranslated" in refused.stderr or "untranslated string(s)" in refused.stderr

    # A pseudo-translation: the start of the English, with whole **key words** and the
    # form numbers (I-94) kept.
    def pseudo(msgid: str) -> str:
        kept = [60, msgid.rfind("**") + 2] + [m.end() for m in re.finditer(r"I-\d+", msgid)]
        return "Hmoob: " + msgid[: max(kept)].strip()

    translate_catalog(po, pseudo)
    checked = run_kyr("i18n", "check", "hmn", "--no-fit", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    built = run_kyr("build", "--lang", "hmn", "--product", "card", "--out", "out", cwd=project)
    assert built.returncode == 0, built.stderr
    (entry,) = json.loads((project / "out" / "manifest.json").read_text())
    assert entry["lang"] == "hmn" and entry["reviewed"] is False
    front = page_text(project / "out" / "card-hmn-letter.pdf", 0)
    assert "Hmoob: Know your rights" in front

    listed = run_kyr("languages", "--no-fit", cwd=project)
    assert "hmn" in listed.stdout and "Hmoob (Hmong)" in listed.stdout


def test_review_removes_the_draft_line(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    before = run_kyr("build", "--lang", "es", "--product", "card", "--out", "a", cwd=project)
    assert before.returncode == 0, before.stderr
    assert "DRAFT · Traducción preliminar" in page_text(project / "a" / "card-es-letter.pdf", 1)

    reviewed = run_kyr(
        "i18n", "review", "es", "--by", "Ana Reyes", "--on", "2026-11-20", cwd=project
    )
    assert reviewed.returncode == 0, reviewed.stderr
    registry = (project / "locales" / "languages.toml").read_text()
    assert 'reviewed_by = "Ana Reyes"' in registry and 'reviewed_on = "2026-11-20"' in registry
    assert "# The languages kyr ships." in registry  # comments are kept

    after = run_kyr("build", "--lang", "es", "--product", "card", "--out", "b", cwd=project)
    assert after.returncode == 0, after.stderr
    back = page_text(project / "b" / "card-es-letter.pdf", 1)
    assert "DRAFT" not in back and "Traducción preliminar" not in back
    assert "General information, not legal advice." in back


def test_incomplete_catalog_is_refused_unless_allowed_then_falls_back_to_english(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    po = project / "locales" / "ar" / "LC_MESSAGES" / "messages.po"
    keep = read_catalog(po)
    translate_catalog(
        po, lambda msgid: "" if msgid == "Know your rights" else keep.get(msgid).string
    )
    refused = run_kyr("build", "--lang", "ar", "--product", "card", "--out", "out", cwd=project)
    assert refused.returncode == ExitStatus.CATALOG
    assert '1 untranslated string(s): "Know your rights"' in refused.stderr
    assert not (project / "out").exists()

    allowed = run_kyr(
        "build", "--lang", "ar", "--product", "card", "--out", "out", "--allow-incomplete",
        cwd=project,
    )  # fmt: skip
    assert allowed.returncode == 0, allowed.stderr
    front = page_text(project / "out" / "card-ar-letter.pdf", 0)
    assert "Know your rights" in front  # the English stands in, whole and left to right
    back = page_text(project / "out" / "card-ar-letter.pdf", 1)
    assert "DRAFT" in back.split()  # the back says the translation is a draft


def test_update_adds_a_new_template_string_to_every_catalog(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    template = project / "templates" / "_card.html"
    template.write_text(
        template.read_text().replace(
            '<h1>{{ _("Know your rights") }}</h1>',
            '<h1>{{ _("Know your rights") }}</h1><p>{{ _("Stay calm.") }}</p>',
        )
    )
    assert run_kyr("i18n", "extract", cwd=project).returncode == 0
    assert 'msgid "Stay calm."' in (project / "locales" / "messages.pot").read_text()
    assert run_kyr("i18n", "update", cwd=project).returncode == 0
    for po in (project / "locales").glob("*/LC_MESSAGES/messages.po"):
        catalog = read_catalog(po)
        assert catalog.get("Stay calm.") is not None, po
        assert catalog.get("Know your rights").string, po  # existing work is kept
    checked = run_kyr("i18n", "check", "es", "--no-fit", cwd=project)
    assert checked.returncode == ExitStatus.CATALOG
    assert "1 string(s) untranslated" in checked.stdout


def test_check_refuses_markup_and_wrong_numbers_in_a_translation(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    keep = read_catalog(po)

    def hostile(msgid: str) -> str:
        if msgid == "Know your rights":
            return 'Conozca <img src="file:///etc/passwd">'
        if msgid.startswith("for example DHS forms"):
            return keep.get(msgid).string.replace("I-205", "I-206")
        return keep.get(msgid).string

    translate_catalog(po, hostile)
    checked = run_kyr("i18n", "check", "es", "--no-fit", cwd=project)
    assert checked.returncode == ExitStatus.CATALOG
    assert "contains markup" in checked.stdout
    assert "numbers that the English does not have: 206" in checked.stdout
    assert "'I-205' must appear unchanged" in checked.stdout


@pytest.mark.parametrize(
    ("command"),
    [["build"], ["products"], ["languages"], ["proof"], ["i18n", "extract"], ["i18n", "add"],
     ["i18n", "update"], ["i18n", "check"], ["i18n", "review"], ["i18n", "readme"],
     ["i18n", "diff"], ["serve"], ["site"], ["init"], ["verify"]],
)  # fmt: skip
def test_every_command_has_help_and_is_in_the_readme(command) -> None:
    from click.testing import CliRunner

    from kyr.cli.main import cli

    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    readme = (paths.CHECKOUT / "README.md").read_text()
    assert f"kyr {' '.join(command)}" in readme


def _edit_catalog(project: Path, code: str, edit) -> Path:
    po = project / "locales" / code / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as stream:
        catalog = read_po(stream)
    edit(catalog)
    with po.open("wb") as stream:
        write_po(stream, catalog, width=88)
    return po


def test_a_translation_that_would_break_rendering_is_refused_by_build(tmp_path) -> None:
    project = copy_project(tmp_path / "project")

    def lone_percent(catalog) -> None:
        catalog.get("Hotline").string = "Línea 100% directa"

    _edit_catalog(project, "es", lone_percent)
    result = run_kyr("build", "--lang", "es", "--product", "card", "--out", "out", cwd=project)
    assert result.returncode == ExitStatus.CATALOG
    assert "a lone % sign" in result.stderr and "Traceback" not in result.stderr


def test_an_invalid_plural_rule_names_the_catalog(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    text = po.read_text()
    start = text.index('"Plural-Forms:')
    end = text.index("\n", start)
    po.write_text(text[:start] + '"Plural-Forms: nplurals=2; plural=(n != 1;\\n"' + text[end:])
    for command in (["build", "--lang", "es", "--product", "card"], ["i18n", "check", "es"]):
        result = run_kyr(*command, "--no-fit" if command[0] == "i18n" else "--out=out", cwd=project)
        assert result.returncode == ExitStatus.CATALOG, result.stderr
        assert "invalid Plural-Forms expression" in result.stderr
        assert "Traceback" not in result.stderr


def test_review_refuses_names_on_several_lines_and_impossible_dates(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    before = (project / "locales" / "languages.toml").read_text()
    for args in (["--by", "Ana\nReyes"], ["--by", "Ana", "--on", "2026-13-45"]):
        result = run_kyr("i18n", "review", "es", *args, cwd=project)
        assert result.returncode == ExitStatus.CATALOG, result.stderr
        assert "Traceback" not in result.stderr
    assert (project / "locales" / "languages.toml").read_text() == before


def test_review_finds_a_language_whose_code_line_has_a_comment(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    registry = project / "locales" / "languages.toml"
    registry.write_text(registry.read_text().replace('code = "es"', 'code = "es"  # Spanish'))
    result = run_kyr("i18n", "review", "es", "--by", "Ana Reyes", cwd=project)
    assert result.returncode == 0, result.stderr
    assert 'reviewed_by = "Ana Reyes"' in registry.read_text()


def test_the_holders_statement_translates_exactly_the_printed_statement() -> None:
    """The door slip's translated msgid is the English statement word for word, so a
    change to the legal wording can never leave translations describing the old text."""
    from kyr.content.context import STATEMENT

    assert STATEMENT in source_msgids()


def test_written_catalogs_do_not_change_with_babels_version(monkeypatch) -> None:
    import babel.messages.catalog

    before = catalog_bytes(extract_catalog())
    monkeypatch.setattr(babel.messages.catalog, "VERSION", "99.9.9")
    after = catalog_bytes(extract_catalog())
    assert b"99.9.9" not in after
    assert strip_creation_date(after) == strip_creation_date(before)
