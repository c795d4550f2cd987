"""Edits to the language registry keep every other line as it was."""

from __future__ import annotations

import tomllib

import pytest

from kyr.i18n.registry_edits import append_language, set_language_fields

REGISTRY = """# The languages kyr ships.

[[language]]
code = "es"
script = "Latn"
fonts = ["Noto Sans"]
reviewed_by = ""
reviewed_on = ""

[[language]]
code = "ar"
script = "Arab"
fonts = ["Noto Naskh Arabic", "Noto Sans"]
"""


def test_setting_review_fields_changes_only_that_language() -> None:
    edited = set_language_fields(REGISTRY, "es", {"reviewed_by": 'Ana "A." Reyes'})
    data = tomllib.loads(edited)
    assert data["language"][0]["reviewed_by"] == 'Ana "A." Reyes'
    assert data["language"][0]["fonts"] == ["Noto Sans"]
    assert data["language"][1] == tomllib.loads(REGISTRY)["language"][1]
    assert edited.startswith("# The languages kyr ships.")


def test_missing_field_is_added_to_the_languages_table() -> None:
    edited = set_language_fields(
        REGISTRY, "ar", {"reviewed_by": "Omar", "reviewed_on": "2026-11-01"}
    )
    arabic = tomllib.loads(edited)["language"][1]
    assert arabic["reviewed_by"] == "Omar" and arabic["reviewed_on"] == "2026-11-01"


def test_unknown_code_is_reported() -> None:
    with pytest.raises(KeyError):
        set_language_fields(REGISTRY, "xx", {"reviewed_by": "x"})


def test_appended_language_parses() -> None:
    edited = append_language(REGISTRY, {"code": "hmn", "fonts": ["Noto Sans"], "script": "Latn"})
    assert tomllib.loads(edited)["language"][2] == {
        "code": "hmn",
        "fonts": ["Noto Sans"],
        "script": "Latn",
    }
