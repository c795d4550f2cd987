"""The README's list of languages, generated from `locales/languages.toml` so the two
never disagree: `kyr i18n readme` rewrites the marked block, and a test fails when it
is out of date."""

from __future__ import annotations

from pathlib import Path

from kyr import paths
from kyr.errors import ConfigError
from kyr.i18n.catalogs import source_msgids
from kyr.i18n.languages import Language, load_registry
from kyr.i18n.reviews import review_status

START = "<!-- languages:start (generated from locales/languages.toml: run `kyr i18n readme`) -->"
END = "<!-- languages:end -->"


def _breaks(language: Language) -> str:
    if language.segment:
        return "between words (ICU dictionary)"
    return "at spaces only" if language.keep_words else "usual rules"


def language_list(languages: list[Language]) -> str:
    """The Markdown between the markers: a sentence and a table, one row per language."""
    printed = source_msgids()
    done = {language.code: review_status(language, printed).complete for language in languages}
    waiting = sum(not reviewed for reviewed in done.values())
    lines = [
        f"The {len(languages)} shipped languages ({waiting} awaiting review by a native "
        "speaker):",
        "",
        "| Language | Code | Script | Direction | Fonts | Line breaks | Fallback | Reviewed |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for language in languages:
        reviewed = (language.reviewed_by or "yes") if done[language.code] else "not yet"
        fallback = "" if language.is_source else f"`{language.fallback}`"
        lines.append(
            f"| {language.english_name} ({language.autonym}) | `{language.code}` "
            f"| {language.script} | {language.direction} | {', '.join(language.fonts)} "
            f"| {_breaks(language)} | {fallback} | {reviewed} |"
        )
    return "\n".join(lines)


def readme_path() -> Path:
    """The README of the checkout whose locales/ kyr uses."""
    return paths.locales_dir().parent / "README.md"


def with_language_list(readme: str, languages: list[Language], label: str = "README.md") -> str:
    """`readme` with the text between the markers replaced by the generated list."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ConfigError(f"{label}: no '{START}' ... '{END}' block for the language list")
    head = readme[: start + len(START)]
    return head + "\n" + language_list(languages) + "\n" + readme[end:]


def update_readme(path: Path | None = None, only_if_marked: bool = False) -> bool:
    """Rewrite the README's language list from the registry; True if it changed. With
    `only_if_marked`, a README without the markers (or none) is left alone."""
    path = path or readme_path()
    if only_if_marked and (not path.is_file() or END not in path.read_text(encoding="utf-8")):
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{paths.display(path)}: cannot read: {error.strerror}") from None
    updated = with_language_list(text, list(load_registry().values()), paths.display(path))
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True
