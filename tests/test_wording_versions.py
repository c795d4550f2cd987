"""The English of each content version (locales/versions/*.pot), `kyr i18n diff` between
two of them, and the wording changelog (locales/CHANGES.md) generated from them."""

from __future__ import annotations

from pathlib import Path

from kyr import CONTENT_VERSION, paths
from kyr.errors import ExitStatus
from kyr.i18n import versions

from .conftest import copy_project, run_kyr

FIXTURES = Path(__file__).parent / "fixtures" / "versions"
STALE = "run `kyr i18n extract` (it writes the snapshot and locales/CHANGES.md) and commit them"


def test_diff_lists_added_changed_and_removed_strings_with_their_templates() -> None:
    found = versions.diff_versions("1.0", "1.1", FIXTURES)
    assert [string.text for string in found.added] == [
        "The government does not pay for a lawyer in immigration court."
    ]
    assert [(change.old.text, change.new.text) for change in found.changed] == [
        ("Your rights", "Know your rights"),  # the same translator note
        (
            "Do not open the door if an immigration agent is knocking.",
            "**DO NOT OPEN THE DOOR** if an immigration agent is knocking.",
        ),  # mostly the same words
    ]
    assert [string.text for string in found.removed] == ["Public areas:"]
    assert found.changed[1].new.files == ("_card.html", "_door_slip.html")


def test_a_string_whose_templates_moved_is_not_a_change_of_wording() -> None:
    found = versions.diff_versions("1.0", "1.1", FIXTURES)
    listed = [s.text for s in found.added + found.removed] + [c.new.text for c in found.changed]
    assert "Hotline" not in listed
    assert "Do not sign anything." not in listed


def test_a_sentence_added_to_a_line_makes_it_changed_however_long_the_addition() -> None:
    old = versions.Wording("Agents may enter public areas, like any member of the public.", "", ())
    new = versions.Wording(old.text + " That does not give them the power to stop anyone.", "", ())
    unrelated = versions.Wording("Public areas:", "", ())
    changes, removed, added = versions.pair_changes([old, unrelated], [new])
    assert changes == [versions.Change(old, new)]
    assert removed == [unrelated] and added == []


def test_diff_prints_one_line_a_string_and_markdown_for_the_changelog() -> None:
    found = versions.diff_versions("1.0", "1.1", FIXTURES)
    assert versions.text_lines(found) == [
        "1.0 → 1.1: 1 added, 2 changed, 1 removed",
        '+ "The government does not pay for a lawyer in immigration court."  [_card.html]',
        '~ "Your rights" → "Know your rights"  [_card.html]',
        '~ "Do not open the door if an immigration agent is knocking." → '
        '"**DO NOT OPEN THE DOOR** if an immigration agent is knocking."  '
        "[_card.html, _door_slip.html]",
        '- "Public areas:"  [workplace-plan.html]',
    ]
    markdown = "\n".join(versions.markdown_lines(found))
    assert markdown.startswith("## 1.1 (from 1.0)\n\n1 added, 2 changed, 1 removed.")
    assert "- `Your rights`\n  → `Know your rights` (_card.html)" in markdown
    assert "### Removed\n\n- `Public areas:` (workplace-plan.html)" in markdown


def test_versions_sort_by_their_numbers() -> None:
    ordered = sorted(["2026.12.1", "2026.9", "2026.12", "2026.11"], key=versions.version_key)
    assert ordered == ["2026.9", "2026.11", "2026.12", "2026.12.1"]


def test_kyr_i18n_diff_compares_the_shipped_versions() -> None:
    run = run_kyr("i18n", "diff", "2026.11", "2026.12")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("2026.11 → 2026.12: ")
    assert (
        '~ "Do not sign anything without first speaking to a lawyer. You have the right to '
        'speak with a lawyer." → "**DO NOT SIGN** anything without first speaking to a lawyer. '
        'You have the right to speak with a lawyer."  [_guidance.html]'
    ) in lines
    assert '+ "This area is open to the public."  [_sign_public.html]' in lines


def test_kyr_i18n_diff_without_versions_shows_what_the_current_version_changed() -> None:
    known = versions.known_versions()
    previous = known[known.index(CONTENT_VERSION) - 1]
    run = run_kyr("i18n", "diff", "--format", "markdown")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"## {CONTENT_VERSION} (from {previous})\n")


def test_an_unknown_version_is_refused_naming_the_known_ones() -> None:
    run = run_kyr("i18n", "diff", "2026.10", "2026.12")
    assert run.returncode == ExitStatus.UNKNOWN
    known = ", ".join(versions.known_versions())
    assert f"unknown content version '2026.10' (known: {known})" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_the_current_content_version_has_its_snapshot_and_it_is_the_template() -> None:
    snapshot = versions.snapshot_path(CONTENT_VERSION, paths.CHECKOUT / "locales" / "versions")
    template = paths.CHECKOUT / "locales" / "messages.pot"
    assert snapshot.is_file(), f"{snapshot.name} is missing: {STALE}"
    assert snapshot.read_bytes() == template.read_bytes(), f"{snapshot.name} is stale: {STALE}"


def test_the_shipped_changelog_is_generated_from_the_snapshots() -> None:
    shipped = (paths.CHECKOUT / "locales" / "CHANGES.md").read_text(encoding="utf-8")
    assert shipped == versions.changelog(paths.CHECKOUT / "locales" / "versions"), (
        f"locales/CHANGES.md is stale: {STALE}"
    )
    assert run_kyr("i18n", "diff", "--changelog").stdout == shipped


def test_extract_writes_the_new_versions_snapshot_and_its_changelog_entry(
    tmp_path, monkeypatch
) -> None:
    project = copy_project(tmp_path / "project")
    monkeypatch.setattr(versions, "CONTENT_VERSION", "2099.1")
    assert run_kyr("i18n", "extract", cwd=project).returncode == 0
    locales = project / "locales"
    assert (locales / "versions" / "2099.1.pot").read_bytes() == (
        locales / "messages.pot"
    ).read_bytes()
    assert "## 2099.1 (from " in (locales / "CHANGES.md").read_text(encoding="utf-8")


def test_one_version_is_compared_with_the_one_before_it() -> None:
    first, second = versions.known_versions()[:2]
    assert run_kyr("i18n", "diff", second).stdout == run_kyr("i18n", "diff", first, second).stdout
    run = run_kyr("i18n", "diff", first)
    assert run.returncode == 0
    assert run.stdout.startswith(f"{first} is the first recorded content version: nothing to")
