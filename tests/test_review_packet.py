"""The review packet (`kyr i18n packet LANG`) and what comes back from it (`kyr i18n
review LANG --from FILE`): a scripted reviewer works through a Spanish packet, and a
stale or malformed answer sheet is refused without touching the catalog."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from kyr.build.packet_crops import comparable
from kyr.i18n.catalogs import read_catalog
from kyr.i18n.packet import drafter_comments, drafter_notes, legal_terms, search_text
from kyr.i18n.reviews import current_review
from kyr.i18n.translators import catalog_bytes

from .conftest import copy_project, error_lines, open_pdf, page_text, run_kyr
from .test_string_reviews import DRAFT

FILES = ("packet-es.pdf", "packet-es.html", "packet-es-answers.toml")


def _catalog(project: Path, code: str = "es") -> Path:
    return project / "locales" / code / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module")
def packet(tmp_path_factory) -> Path:
    """The Spanish packet of an untouched project copy: its folder."""
    project = copy_project(tmp_path_factory.mktemp("packet") / "project")
    catalog = read_catalog(_catalog(project))  # the drafter's comments, as Poedit keeps them
    catalog.get("Know your rights").user_comments = [
        "back-translation: Know your rights (formal you)",
        "note: usted, as on every card",
    ]
    _catalog(project).write_bytes(catalog_bytes(catalog, include_previous=True))
    made = run_kyr("i18n", "packet", "es", "--out", "packet", cwd=project)
    assert made.returncode == 0, made.stderr
    return project / "packet"


def _pdf_text(path: Path) -> str:
    return "\n".join(page_text(path, index) for index in range(len(open_pdf(path))))


def _answers(packet: Path, corrections: dict[str, str], ok: bool = True) -> str:
    """The answer sheet as a reviewer fills it in: every string ok (or not), and the
    given English strings corrected."""
    text = (packet / "packet-es-answers.toml").read_text(encoding="utf-8")
    if ok:
        text = text.replace("ok = false", "ok = true")
    for english, correction in corrections.items():
        entry = re.escape(f"english = {json.dumps(english)}")
        answer = f"correction = {json.dumps(correction)}"
        text, count = re.subn(
            rf"({entry}\n(?:.*\n)*?)correction = \"\"",
            lambda found, answer=answer: found.group(1) + answer,
            text,
            count=1,
        )
        assert count == 1, english
    return text


def _languages_row(project: Path, code: str) -> list[str]:
    listed = run_kyr("languages", "--no-fit", cwd=project)
    assert listed.returncode == 0, listed.stderr
    return next(line.split() for line in listed.stdout.splitlines() if line.startswith(f"{code} "))


def test_packet_starts_with_the_checklist_and_shows_each_string_with_its_translation(
    packet,
) -> None:
    text = _pdf_text(packet / "packet-es.pdf")
    first = page_text(packet / "packet-es.pdf", 0)
    assert "The reviewer's legal checklist" in first
    assert "signed by a judge" in first and "I-205" in first
    assert "Legal terms to watch" in first
    catalog = read_catalog(_catalog(packet.parent))
    for english in ("Know your rights", "Hotline"):
        assert english in text
        assert catalog.get(english).string in text
    assert text.count("Correct as written") >= 70  # a box per string to review
    assert "Know your rights (formal you)" in text and "usted, as on every card" in text
    html = (packet / "packet-es.html").read_text(encoding="utf-8")
    assert 'lang="es"' in html and "data:image/png;base64," in html
    # the page's own download button writes the same answer sheet, filled in
    sheet = re.search(r'<script type="application/json" id="answers">(.*?)</script>', html)
    assert json.loads(sheet.group(1)) == (packet / "packet-es-answers.toml").read_text()


def test_answer_sheet_has_a_table_per_printed_string_with_its_digests(packet) -> None:
    sheet = tomllib.loads((packet / "packet-es-answers.toml").read_text(encoding="utf-8"))
    template = read_catalog(packet.parent / "locales" / "messages.pot")
    assert sheet["language"] == "es"
    assert [entry["english"] for entry in sheet["string"]] == [m.id for m in template if m.id]
    entry = next(e for e in sheet["string"] if e["english"] == "Know your rights")
    assert re.fullmatch(r"[0-9a-f]{12}", entry["english_digest"])
    assert entry["ok"] is False and entry["correction"] == ""


def test_the_same_catalogs_make_the_same_packet_bytes(packet) -> None:
    again = run_kyr("i18n", "packet", "es", "--out", "again", cwd=packet.parent)
    assert again.returncode == 0, again.stderr
    for name in FILES:
        assert (packet.parent / "again" / name).read_bytes() == (packet / name).read_bytes()


def test_a_scripted_reviewer_marks_the_language_reviewed_and_the_draft_line_goes(
    tmp_path, packet
) -> None:
    project = copy_project(tmp_path / "project")
    answers = tmp_path / "packet-es-answers.toml"
    answers.write_text(_answers(packet, {"Know your rights": "¡Conozca sus derechos!"}))
    built = run_kyr("build", "--lang", "es", "--product", "card", "--out", "before", cwd=project)
    assert built.returncode == 0, built.stderr
    assert DRAFT in page_text(project / "before" / "card-es-letter.pdf", 1)

    reviewed = run_kyr(
        "i18n", "review", "es", "--by", "Ana Reyes", "--on", "2026-12-07",
        "--from", str(answers), cwd=project,
    )  # fmt: skip
    assert reviewed.returncode == 0, reviewed.stderr
    assert "every printed string is reviewed" in reviewed.stdout
    corrected = read_catalog(_catalog(project)).get("Know your rights")
    assert corrected.string == "¡Conozca sus derechos!"
    assert current_review(corrected).by == "Ana Reyes"
    row = _languages_row(project, "es")
    assert row[7].split("/")[0] == row[7].split("/")[1] and "Ana" in row

    built = run_kyr("build", "--lang", "es", "--product", "card", "--out", "after", cwd=project)
    assert built.returncode == 0, built.stderr
    assert DRAFT not in page_text(project / "after" / "card-es-letter.pdf", 1)
    assert "¡Conozca sus derechos!" in page_text(project / "after" / "card-es-letter.pdf", 0)

    # A new packet has nothing left to review: every string is listed once, compactly.
    again = run_kyr("i18n", "packet", "es", "--out", "again", cwd=project)
    assert again.returncode == 0, again.stderr
    text = _pdf_text(project / "again" / "packet-es.pdf")
    assert "Already reviewed, unchanged since" in text and "Correct as written" not in text
    assert "¡Conozca sus derechos!" in text
    assert re.search(r"· 0 strings to review, \d+ already reviewed", text)


def test_answers_for_a_translation_changed_since_the_packet_are_refused_whole(
    tmp_path, packet
) -> None:
    project = copy_project(tmp_path / "project")
    po = _catalog(project)
    text = po.read_text(encoding="utf-8")
    catalog = read_catalog(po)
    hotline = catalog.get("Hotline").string
    po.write_text(text.replace(f'msgstr "{hotline}"', 'msgstr "Teléfono de ayuda"', 1))
    before = po.read_bytes()
    answers = tmp_path / "packet-es-answers.toml"
    answers.write_text(_answers(packet, {}))
    refused = run_kyr("i18n", "review", "es", "--by", "Ana", "--from", str(answers), cwd=project)
    assert refused.returncode != 0
    (line,) = error_lines(refused.stderr)
    assert "packet-es-answers.toml" in line and '"Hotline"' in line
    assert "translation_digest" in line and "changed" in line
    assert po.read_bytes() == before
    assert "Traceback" not in refused.stderr


def test_answers_for_english_that_changed_are_refused_naming_the_entry(
    tmp_path, packet
) -> None:
    project = copy_project(tmp_path / "project")
    before = _catalog(project).read_bytes()
    answers = tmp_path / "packet-es-answers.toml"
    sheet = _answers(packet, {})
    digest = re.search(r'english_digest = "([0-9a-f]{12})"', sheet).group(1)
    answers.write_text(sheet.replace(digest, "0123456789ab", 1))
    refused = run_kyr("i18n", "review", "es", "--by", "Ana", "--from", str(answers), cwd=project)
    assert refused.returncode != 0
    (line,) = error_lines(refused.stderr)
    assert "entry 1, english_digest" in line and "make a new packet" in line
    assert _catalog(project).read_bytes() == before


def test_a_malformed_answer_sheet_gives_one_line_with_file_and_line(tmp_path, packet) -> None:
    project = copy_project(tmp_path / "project")
    before = _catalog(project).read_bytes()
    lines = _answers(packet, {}).splitlines()
    broken = next(i for i, line in enumerate(lines) if line == "ok = true")
    lines[broken] = "ok = yes"
    answers = tmp_path / "packet-es-answers.toml"
    answers.write_text("\n".join(lines) + "\n")
    refused = run_kyr("i18n", "review", "es", "--by", "Ana", "--from", str(answers), cwd=project)
    assert refused.returncode != 0
    (line,) = error_lines(refused.stderr)
    assert f"packet-es-answers.toml:{broken + 1}: invalid TOML" in line
    assert _catalog(project).read_bytes() == before


def test_an_answer_sheet_nested_too_deeply_is_refused_in_one_line(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    before = _catalog(project).read_bytes()
    answers = tmp_path / "deep-answers.toml"
    answers.write_text("a = " + "[" * 3000 + "]" * 3000 + "\n")
    refused = run_kyr("i18n", "review", "es", "--by", "Ana", "--from", str(answers), cwd=project)
    assert refused.returncode != 0
    (line,) = error_lines(refused.stderr)
    assert "deep-answers.toml: invalid TOML: nested too deeply" in line
    assert _catalog(project).read_bytes() == before


def test_an_answer_sheet_with_a_wrong_key_or_nothing_answered_is_refused(tmp_path, packet) -> None:
    project = copy_project(tmp_path / "project")
    answers = tmp_path / "packet-es-answers.toml"
    answers.write_text(_answers(packet, {}, ok=False))
    nothing = run_kyr("i18n", "review", "es", "--by", "Ana", "--from", str(answers), cwd=project)
    assert nothing.returncode != 0 and "nothing to record" in nothing.stderr
    answers.write_text(_answers(packet, {}).replace("\ncorrection =", "\ncorection =", 1))
    typo = run_kyr("i18n", "review", "es", "--by", "Ana", "--from", str(answers), cwd=project)
    (line,) = error_lines(typo.stderr)
    assert "entry 1: unknown key 'corection'" in line


def test_an_edited_catalog_is_taken_as_reviewed_with_its_changes_copied_in(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    edited = tmp_path / "es-edited.po"
    text = _catalog(project).read_text(encoding="utf-8")
    hotline = read_catalog(_catalog(project)).get("Hotline").string
    edited.write_text(text.replace(f'msgstr "{hotline}"', 'msgstr "Teléfono de ayuda"', 1))
    reviewed = run_kyr(
        "i18n", "review", "es", "--by", "Ana Reyes", "--from", str(edited), cwd=project
    )
    assert reviewed.returncode == 0, reviewed.stderr
    catalog = read_catalog(_catalog(project))
    assert catalog.get("Hotline").string == "Teléfono de ayuda"
    assert current_review(catalog.get("Hotline")).by == "Ana Reyes"
    assert "every printed string is reviewed" in reviewed.stdout


def test_drafter_comments_are_read_with_the_lines_a_tool_wrapped_them_onto() -> None:
    comments = [
        "back-translation: Do not open the door if an immigration",
        "agent knocks.",
        "note: imperative, informal",
        "reviewed: Ana Reyes 2026-12-07 en:0123456789ab tr:0123456789ab",
    ]
    found = drafter_comments(comments)
    assert found["back_translation"] == ["Do not open the door if an immigration agent knocks."]
    assert found["notes"] == ["imperative, informal"]


def test_a_languages_drafter_notes_are_found_by_the_code_in_their_heading() -> None:
    notes = (
        "### Reviewer notes\n#### es (Spanish)\nusted throughout\n#### Russian (ru)\n"
        "Cyrillic\n### Next batch\n#### gu: Gujarati\nshort\n\n---\n\n### Older\n"
    )
    assert drafter_notes(notes, "es") == "es (Spanish)\nusted throughout"
    assert drafter_notes(notes, "ru") == "Russian (ru)\nCyrillic"
    assert drafter_notes(notes, "gu") == "gu: Gujarati\nshort"  # not the separator
    assert drafter_notes(notes, "ta") == ""


def test_legal_terms_are_flagged_where_a_word_starts_with_them() -> None:
    assert legal_terms("A warrant signed by a judge") == ("warrant", "judge", "sign")
    assert legal_terms("You have the right to remain silent.") == ("remain silent",)
    assert legal_terms("Design your plan") == ()


def test_a_string_is_found_on_a_page_whatever_its_line_breaks_and_vowel_marks() -> None:
    printed, where = comparable("لا تفتح\r\nالباب")
    assert comparable("لا تَفتح الباب")[0] == printed
    assert where[0] == 0 and len(where) == len(printed)
    assert search_text("**DO NOT OPEN THE DOOR** if an immigration agent is knocking.") == (
        "DO NOT OPEN THE DOOR if"
    )
