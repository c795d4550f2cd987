"""Reviews per string, tied to the words reviewed: `kyr i18n review` signs each string in
the `.po`, a changed English string (or translation) is a draft again, and the draft line
follows."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from kyr.i18n.catalogs import read_catalog, source_msgids
from kyr.i18n.reviews import current_review, english_digest, record_review, reviewed_msgids

from .conftest import copy_project, page_text, run_kyr

DRAFT = "DRAFT · Traducción preliminar"  # the card back's draft line in Spanish


def _catalog(project: Path, code: str = "es") -> Path:
    return project / "locales" / code / "LC_MESSAGES" / "messages.po"


def _build_card(project: Path, out: str) -> str:
    """The card back's text; the manifest's `reviewed` agrees with its draft line."""
    built = run_kyr("build", "--lang", "es", "--product", "card", "--out", out, cwd=project)
    assert built.returncode == 0, built.stderr
    back = page_text(project / out / "card-es-letter.pdf", 1)
    (entry,) = json.loads((project / out / "manifest.json").read_text())
    assert entry["reviewed"] is (DRAFT not in back)
    return back


def _languages_row(project: Path, code: str) -> list[str]:
    listed = run_kyr("languages", "--no-fit", cwd=project)
    assert listed.returncode == 0, listed.stderr
    return next(line.split() for line in listed.stdout.splitlines() if line.startswith(f"{code} "))


def test_review_signs_every_string_in_the_catalog_and_changes_nothing_else(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    before = _catalog(project).read_text(encoding="utf-8")
    reviewed = run_kyr(
        "i18n", "review", "es", "--by", "Ana Reyes", "--on", "2026-12-07", cwd=project
    )
    assert reviewed.returncode == 0, reviewed.stderr
    after = _catalog(project).read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line.startswith("# reviewed: ")]
    assert len(added) == len(reviewed_msgids(read_catalog(_catalog(project)))) > 50
    assert all(line.startswith("# reviewed: Ana Reyes 2026-12-07 en:") for line in added)
    unsigned = "\n".join(line for line in after.splitlines() if not line.startswith("# reviewed: "))
    assert unsigned + "\n" == before  # byte for byte, but for the review comments
    assert run_kyr("languages", "--no-fit", cwd=project).stdout.count("Ana Reyes (2026-12-07)") == 1


def test_a_reviewed_language_whose_english_changes_prints_the_draft_line_again(
    tmp_path,
) -> None:
    project = copy_project(tmp_path / "project")
    total = len(source_msgids())
    assert DRAFT in _build_card(project, "unreviewed")
    assert _languages_row(project, "es")[7] == f"0/{total}"
    reviewed = run_kyr(
        "i18n", "review", "es", "--by", "Ana Reyes", "--on", "2026-12-07", cwd=project
    )
    assert reviewed.returncode == 0, reviewed.stderr
    assert DRAFT not in _build_card(project, "reviewed")
    assert _languages_row(project, "es")[7:9] == [f"{total}/{total}", "Ana"]

    # The English heading changes; `kyr i18n update` carries the old translation (and
    # its review comment) to the new string, and a translator fills it in.
    card = project / "templates" / "_card.html"
    card.write_text(card.read_text().replace('_("Know your rights")', '_("Know your rights!")'))
    assert run_kyr("i18n", "extract", cwd=project).returncode == 0
    assert run_kyr("i18n", "update", cwd=project).returncode == 0
    catalog = read_catalog(_catalog(project))
    changed = catalog.get("Know your rights!")
    assert any(c.startswith("reviewed: Ana Reyes") for c in changed.user_comments)
    changed.flags.discard("fuzzy")
    changed.string = "¡Conozca sus derechos!"
    stream = BytesIO()
    write_po(stream, catalog, width=88)
    _catalog(project).write_bytes(stream.getvalue())

    back = _build_card(project, "changed")
    assert DRAFT in back
    # "Know your rights" prints elsewhere too: one string more, one not reviewed.
    assert _languages_row(project, "es")[7] == f"{total}/{total + 1}"
    again = run_kyr(
        "i18n", "review", "es", "--by", "Ana Reyes", "--string", "Know your rights!", cwd=project
    )
    assert again.returncode == 0, again.stderr
    assert f"{total + 1}/{total + 1} printed strings reviewed" in again.stdout
    assert DRAFT not in _build_card(project, "signed-again")


def test_a_review_recorded_against_old_english_or_an_edited_translation_does_not_count() -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Know your rights"\nmsgstr "Conozca sus derechos"\n'
    )
    catalog = read_po(BytesIO(po.encode()))
    message = catalog.get("Know your rights")
    record_review(message, "Ana Reyes", "2026-12-07")
    assert current_review(message) is not None
    message.string = "Conozca sus derechos."  # edited after the review
    assert current_review(message) is None
    message.string = "Conozca sus derechos"
    old = message.user_comments[0].replace(english_digest(message), "0123456789ab")
    message.user_comments = [old]  # as if signed for another English
    assert current_review(message) is None


def test_poedit_or_weblate_style_round_trip_keeps_the_review_comments(tmp_path) -> None:
    """Read and written again with Babel, as a tool that rewrites the whole file does,
    the catalog keeps every review, and every review still counts."""
    project = copy_project(tmp_path / "project")
    run_kyr(
        "i18n", "review", "es", "--by", "María José de la Fuente", "--on", "2026-12-07", cwd=project
    )
    path = _catalog(project)
    signed = reviewed_msgids(read_catalog(path))
    with path.open("rb") as stream:
        catalog = read_po(stream)
    written = {}
    for width in (60, 88):  # kyr writes at 88; at 60 each review wraps onto two lines
        stream = BytesIO()
        write_po(stream, catalog, width=width, include_previous=True)
        written[width] = stream.getvalue()
        path.write_bytes(written[width])
        assert reviewed_msgids(read_catalog(path)) == signed
    assert len(signed) == len(source_msgids())
    assert "\n# tr:" in written[60].decode() and "\n# tr:" not in written[88].decode()
    assert "# reviewed: María José de la Fuente 2026-12-07 en:" in written[88].decode()


def test_review_refuses_an_untranslated_or_unknown_string_and_writes_nothing(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    before = _catalog(project).read_bytes()
    unknown = run_kyr("i18n", "review", "es", "--by", "Ana", "--string", "Stay calm.", cwd=project)
    assert unknown.returncode != 0 and "no printed string" in unknown.stderr
    english = run_kyr("i18n", "review", "en", "--by", "Ana", cwd=project)
    assert english.returncode != 0 and "source text" in english.stderr
    assert _catalog(project).read_bytes() == before
