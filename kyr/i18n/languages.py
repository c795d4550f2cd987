"""The language registry (`locales/languages.toml`), completed with CLDR data from Babel.

Reading CLDR for forty languages takes a quarter of a second, so the completed registry
is remembered in kyr's cache folder, keyed by the file's contents and Babel's version."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import babel
from babel import Locale, UnknownLocaleError

from kyr import paths
from kyr.cache_files import read_json, write_json
from kyr.choices import Direction
from kyr.errors import CatalogError, UnknownNameError
from kyr.i18n.segmenting import IDEOGRAPHIC_SCRIPTS, UNSPACED_SCRIPTS
from kyr.toml_files import (
    FLAG,
    NUMBER,
    TEXTS,
    Key,
    Place,
    TomlFile,
    key,
    read_toml_text,
    refusing_with,
)

SOURCE_LANGUAGE = "en"
#: The completed registry is a few hundred bytes a language.
MAX_REGISTRY_CACHE_BYTES = 4 * 1024 * 1024

#: A language code: a BCP 47 tag.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _line_height(value: float, spec: Key) -> str | None:
    return None if 1.0 <= value <= 3.0 else "must be a number 1.0 to 3.0"


def _fonts(value: list[str], spec: Key) -> str | None:
    return None if value else "must list font families"


@dataclass(frozen=True, kw_only=True)
class Language:
    """A language, as its [[language]] table in languages.toml declares it (the file's
    header explains each key), completed with CLDR's names and direction."""

    code: str = key()
    english_name: str = key()  # CLDR's when left out
    autonym: str = key()  # CLDR's when left out
    direction: str = key(choices=tuple(Direction))  # CLDR's when left out
    script: str = key()
    fonts: tuple[str, ...] = key(kind=TEXTS, check=_fonts)
    reviewed_by: str = key("")
    reviewed_on: str = key("")
    fallback: str = key(SOURCE_LANGUAGE)  # language whose text stands in for a missing string
    keep_words: bool = key(False, kind=FLAG)  # break lines only at spaces (Korean)
    line_height: float | None = key(None, kind=NUMBER, check=_line_height)  # (Nastaliq)
    #: Break lines only at dictionary word boundaries (Thai, Khmer, Japanese); the default
    #: is true for the scripts written without spaces.
    segment: bool = key(False, kind=FLAG)

    @property
    def ideographic(self) -> bool:
        """Chinese or Japanese: lines break between characters, and a message's last two
        are kept together."""
        return self.script in IDEOGRAPHIC_SCRIPTS

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    @property
    def font_stack(self) -> str:
        """A CSS font-family list for this language; Noto Sans always ends it."""
        return font_stack(self.fonts)

    @property
    def catalog_dir(self) -> str:
        """Folder name under locales/: gettext style, zh-Hans -> zh_Hans."""
        return catalog_dir(self.code)

    @property
    def catalog_path(self) -> Path:
        return paths.locales_dir() / self.catalog_dir / "LC_MESSAGES" / "messages.po"


def font_stack(families: tuple[str, ...]) -> str:
    """A CSS font-family list; Noto Sans always ends it, for digits and Latin."""
    ordered = list(dict.fromkeys([*families, "Noto Sans"]))
    return ", ".join(f'"{family}"' for family in ordered)


def catalog_dir(code: str) -> str:
    return code.replace("-", "_")


def _cldr_locale(code: str) -> Locale | None:
    try:
        return Locale.parse(catalog_dir(code))
    except (UnknownLocaleError, ValueError):
        return None


#: What CLDR gives for a language that its table leaves out.
_FROM_CLDR: dict[str, Callable[[Locale], str | None]] = {
    "english_name": lambda cldr: cldr.get_display_name("en"),
    "autonym": lambda cldr: cldr.get_display_name(cldr),
    "direction": lambda cldr: cldr.text_direction,
}


def _language_from_row(file: TomlFile, index: int, row: Any) -> Language:
    place = Place("language", index)
    code = row.get("code") if isinstance(row, dict) else None
    if not isinstance(code, str) or not code:
        raise file.fail(place, "", "a [[language]] table has no 'code'")
    place = Place("language", index, named=f"language '{code}'")
    if not LANGUAGE_CODE.fullmatch(code):
        raise file.fail(place, "code", "is not a BCP 47 tag like es or zh-Hant")
    cldr = _cldr_locale(code)
    completed = {
        name: row.get(name) or (given(cldr) if cldr else None)
        for name, given in _FROM_CLDR.items()
    }
    missing = [name for name, value in completed.items() if not value]
    if missing:
        raise file.fail(place, "", f"CLDR does not know it, so set {', '.join(missing)}")
    values = file.read(Language, {**row, **completed}, place)
    script = values["script"]
    if "segment" not in values:
        values["segment"] = script in UNSPACED_SCRIPTS
    if values.get("keep_words") and values["segment"]:
        raise file.fail(
            place,
            "",
            "keep_words (break at spaces only) and segment (break at dictionary word "
            "boundaries) exclude each other",
        )
    return Language(**values)


def registry_path() -> Path:
    return paths.locales_dir() / "languages.toml"


_refusal = refusing_with(CatalogError)


def _completed_rows(path: Path) -> list[Language]:
    """The file's languages completed with CLDR, from the cache when it has them."""
    raw, text = read_toml_text(path, str(path), "language registry", _refusal)
    key = hashlib.sha256(raw + babel.__version__.encode()).hexdigest()[:24]
    cached = paths.cache_dir() / f"languages-{key}.json"
    rows = read_json(cached, MAX_REGISTRY_CACHE_BYTES)
    with contextlib.suppress(TypeError, KeyError, AttributeError):
        if isinstance(rows, list):
            return [Language(**{**row, "fonts": tuple(row["fonts"])}) for row in rows]
    file = TomlFile(text, str(path), _refusal)
    file.refuse_unknown(file.data, {"language"}, Place())  # a misspelt [[languages]]
    tables = file.data.get("language", [])
    if not isinstance(tables, list):
        raise file.fail(Place(), "language", "must be [[language]] tables")
    languages = [_language_from_row(file, index, row) for index, row in enumerate(tables)]
    write_json(cached, [asdict(language) for language in languages])
    return languages


@paths.data_cache
def load_registry(path: Path | None = None) -> dict[str, Language]:
    """All registered languages by code, in file order."""
    path = path or registry_path()
    languages: dict[str, Language] = {}
    for language in _completed_rows(path):
        if language.code in languages:
            raise CatalogError(f"{path}: language '{language.code}' is listed twice")
        languages[language.code] = language
    for language in languages.values():
        seen = [language.code]
        current = language
        while current.code != SOURCE_LANGUAGE:
            if current.fallback not in languages:
                raise CatalogError(
                    f"{path}: language '{current.code}': fallback '{current.fallback}' "
                    "is not a registered language"
                )
            if current.fallback in seen:
                chain = " -> ".join([*seen, current.fallback])
                raise CatalogError(f"{path}: fallbacks go round in a circle: {chain}")
            seen.append(current.fallback)
            current = languages[current.fallback]
    return languages


def get_language(code: str, registry: dict[str, Language] | None = None) -> Language:
    """The registered language for a BCP 47 tag, matched case-insensitively."""
    registry = load_registry() if registry is None else registry
    wanted = code.strip().replace("_", "-").lower()
    for language in registry.values():
        if language.code.lower() == wanted:
            return language
    known = ", ".join(registry)
    guess = suggested_language(code, registry)
    hint = f": did you mean {guess.code} ({guess.english_name})?" if guess else ""
    raise UnknownNameError(f"unknown language '{code}'{hint} (shipped: {known})")


#: What `--lang all` stands for: every shipped language.
ALL_LANGUAGES = "all"


def selected_languages(
    codes: tuple[str, ...], registry: dict[str, Language] | None = None
) -> tuple[Language, ...]:
    """The languages `codes` name, once each, in the order given; `all` stands for every
    registered language, in the registry's order."""
    registry = load_registry() if registry is None else registry
    chosen: dict[str, Language] = {}
    for code in codes:
        if code.strip().lower() == ALL_LANGUAGES:
            chosen.update((language.code, language) for language in registry.values())
        else:
            language = get_language(code, registry)
            chosen[language.code] = language
    return tuple(chosen.values())


def suggested_language(asked: str, registry: dict[str, Language]) -> Language | None:
    """The language `asked` probably meant: by its English name ("spanish", also the first
    word of "Chinese (Simplified)"), its autonym ("español") or a near miss of a code."""
    names: dict[str, str] = {}
    for language in registry.values():
        for name in (language.code, language.english_name, language.autonym):
            names.setdefault(name, language.code)
        names.setdefault(language.english_name.split(" (")[0], language.code)
        names.setdefault(language.autonym.split(" ")[0], language.code)
    from kyr.suggest import closest

    code = closest(asked, names)
    if code is None and "-" in asked.replace("_", "-"):  # a region kyr has no catalog for
        code = _by_likely_script(asked, registry) or closest(
            asked.replace("_", "-").split("-")[0], names
        )
    return registry[code] if code else None


def _by_likely_script(asked: str, registry: dict[str, Language]) -> str | None:
    """A language-region tag's registered language-script code, by CLDR's likely subtags
    ("zh-TW" → zh-Hant, "zh-CN" → zh-Hans)."""
    from babel.core import get_global

    language, _, region = asked.replace("_", "-").partition("-")
    likely = get_global("likely_subtags")
    full = likely.get(f"{language.lower()}_{region.upper()}") or likely.get(
        f"und_{region.upper()}"
    )
    if not full or not full.startswith(f"{language.lower()}_"):
        return None
    script = full.split("_")[1]
    wanted = f"{language}-{script}".lower()
    return next((code for code in registry if code.lower() == wanted), None)
