"""locales/weblate.json, the Weblate components a network can create on kyr's catalogs,
names the files kyr ships, in Weblate's own field names, as the translator's guide says."""

from __future__ import annotations

import json
import re
from fnmatch import fnmatch

import pytest

from kyr import paths
from kyr.i18n.languages import load_registry

ROOT = paths.CHECKOUT
COMPONENTS = json.loads((ROOT / "locales" / "weblate.json").read_text(encoding="utf-8"))
#: The component fields of Weblate's API that the file uses (a typo is not one of them).
WEBLATE_FIELDS = {
    "name", "slug", "vcs", "repo", "branch", "file_format", "filemask", "template",
    "new_base", "new_lang", "language_code_style", "language_regex", "check_flags",
    "enforced_checks",
}  # fmt: skip
#: Check ids of Weblate's that the file enforces, and the flags it sets.
WEBLATE_CHECKS = {"md-syntax", "python_format", "zero-width-space", "begin_space", "end_space"}
WEBLATE_FLAGS = {"", "md-text"}


def by_slug(slug: str) -> dict:
    return next(component for component in COMPONENTS if component["slug"] == slug)


def test_the_components_use_weblate_field_names_and_checks() -> None:
    assert [component["slug"] for component in COMPONENTS] == ["messages", "web"]
    for component in COMPONENTS:
        assert set(component) <= WEBLATE_FIELDS, component["slug"]
        assert component["file_format"] == "po"
        assert component["template"] == ""  # bilingual: the English is the msgid
        assert set(component["enforced_checks"]) <= WEBLATE_CHECKS
        assert component["check_flags"] in WEBLATE_FLAGS


@pytest.mark.parametrize("slug", ["messages", "web"])
def test_each_file_mask_matches_exactly_the_shipped_catalogs_of_its_domain(slug: str) -> None:
    component = by_slug(slug)
    shipped = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "locales").glob(f"*/LC_MESSAGES/{slug}.po")
    }
    matched = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "locales").rglob("*.po")
        if fnmatch(path.relative_to(ROOT).as_posix(), component["filemask"])
    }
    assert shipped and matched == shipped
    assert (ROOT / component["new_base"]).is_file()
    assert component["new_base"] == f"locales/{slug}.pot"


def test_language_folders_are_posix_codes_and_pass_the_language_filter() -> None:
    component = by_slug("messages")
    assert component["language_code_style"] == "posix"
    for code, language in load_registry().items():
        if language.is_source:
            continue
        folder = language.catalog_dir
        assert (ROOT / "locales" / folder / "LC_MESSAGES" / "messages.po").is_file(), code
        assert "-" not in folder  # POSIX style: zh_Hans, not zh-Hans
        assert re.match(component["language_regex"], folder), code
        assert fnmatch(f"locales/{folder}/LC_MESSAGES/messages.po", component["filemask"])


def test_the_translators_guide_gives_the_same_configuration() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = readme[readme.index("### Running Weblate on the catalogs") :]
    for component in COMPONENTS:
        for field in ("filemask", "new_base", "language_code_style"):
            assert f"`{component[field]}`" in guide, (component["slug"], field)
        for check in component["enforced_checks"]:
            assert f"`{check}`" in guide
