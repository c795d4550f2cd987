"""The language registry (`locales/languages.toml`), completed with CLDR data from Babel.

Reading CLDR for forty languages takes a quarter of a second, so the completed registry
is remembered in kyr's cache folder, keyed by the file's contents and Babel's version."""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import babel
from babel import Locale, UnknownLocaleError

from kyr import paths
from kyr.cache_files import read_json, write_json
from kyr.choices import Direction
from kyr.errors import ConfigError, UnknownNameError
from kyr.i18n.segmenting import UNSPACED_SCRIPTS
from kyr.toml_files import load_toml

SOURCE_LANGUAGE = "en"
#: The completed registry is a few hundred bytes a language.
MAX_REGISTRY_CACHE_BYTES = 4 * 1024 * 1024

#: Every key a [[language]] table may have (the header of languages.toml explains them).
KEYS = frozenset(
    {
        "code",
        "english_name",
        "autonym",
        "direction",
        "script",
        "fonts",
        "reviewed_by",
        "reviewed_on",
        "fallback",
        "keep_words",
        "segment",
        "line_height",
    }
)


@dataclass(frozen=True)
class Language:
    code: str
    english_name: str
    autonym: str
    direction: str
    script: str
    fonts: tuple[str, ...]
    reviewed_by: str = ""
    reviewed_on: str = ""
    fallback: str = "en"  # language whose text stands in for a missing string
    keep_words: bool = False  # break lines only at spaces (Korean), not between syllables
    line_height: float | None = None  # taller lines for scripts that need them (Nastaliq)
    segment: bool = False  # break lines only at dictionary word boundaries (Thai, Khmer)

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewed_by)

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


def _language_from_row(row: dict, label: str) -> Language:
    code = row.get("code")
    if not isinstance(code, str) or not code:
        raise ConfigError(f"{label}: a [[language]] table has no 'code'")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", code):
        raise ConfigError(f"{label}: language code '{code}' is not a BCP 47 tag like es or zh-Hant")
    unknown = sorted(set(row) - KEYS)
    if unknown:
        raise ConfigError(
            f"{label}: language '{code}': unknown key(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(KEYS))})"
        )
    cldr = _cldr_locale(code)
    english = row.get("english_name") or (cldr.get_display_name("en") if cldr else None)
    autonym = row.get("autonym") or (cldr.get_display_name(cldr) if cldr else None)
    direction = row.get("direction") or (cldr.text_direction if cldr else None)
    missing = [
        key
        for key, value in (
            ("english_name", english),
            ("autonym", autonym),
            ("direction", direction),
        )
        if not value
    ]
    if missing:
        raise ConfigError(
            f"{label}: language '{code}': CLDR does not know it, so set {', '.join(missing)}"
        )
    if direction not in tuple(Direction):
        raise ConfigError(f"{label}: language '{code}': direction must be 'ltr' or 'rtl'")
    line_height = row.get("line_height")
    if line_height is not None and not (
        isinstance(line_height, (int, float)) and 1.0 <= line_height <= 3.0
    ):
        raise ConfigError(f"{label}: language '{code}': line_height must be a number 1.0 to 3.0")
    fonts = row.get("fonts")
    if not isinstance(fonts, list) or not fonts:
        raise ConfigError(f"{label}: language '{code}': 'fonts' must list font families")
    script = row.get("script")
    if not isinstance(script, str) or not script:
        raise ConfigError(f"{label}: language '{code}': missing 'script'")
    keep_words = row.get("keep_words", False)
    segment = row.get("segment", script in UNSPACED_SCRIPTS)
    for key, flag in (("keep_words", keep_words), ("segment", segment)):
        if not isinstance(flag, bool):
            raise ConfigError(f"{label}: language '{code}': {key} must be true or false")
    if keep_words and segment:
        raise ConfigError(
            f"{label}: language '{code}': keep_words (break at spaces only) and segment "
            "(break at dictionary word boundaries) exclude each other"
        )
    return Language(
        code=code,
        english_name=str(english),
        autonym=str(autonym),
        direction=direction,
        script=script,
        fonts=tuple(fonts),
        reviewed_by=row.get("reviewed_by", ""),
        reviewed_on=row.get("reviewed_on", ""),
        fallback=row.get("fallback", SOURCE_LANGUAGE),
        keep_words=keep_words,
        line_height=row.get("line_height"),
        segment=segment,
    )


def registry_path() -> Path:
    return paths.locales_dir() / "languages.toml"


def _completed_rows(path: Path) -> list[Language]:
    """The file's languages completed with CLDR, from the cache when it has them."""
    try:
        raw = path.read_bytes()
    except OSError:
        raw = b""
    key = hashlib.sha256(raw + babel.__version__.encode()).hexdigest()[:24]
    cached = paths.cache_dir() / f"languages-{key}.json"
    rows = read_json(cached, MAX_REGISTRY_CACHE_BYTES)
    with contextlib.suppress(TypeError, KeyError, AttributeError):
        if isinstance(rows, list):
            return [Language(**{**row, "fonts": tuple(row["fonts"])}) for row in rows]
    data = load_toml(path)
    languages = [_language_from_row(row, str(path)) for row in data.get("language", [])]
    write_json(cached, [asdict(language) for language in languages])
    return languages


@paths.data_cache
def load_registry(path: Path | None = None) -> dict[str, Language]:
    """All registered languages by code, in file order."""
    path = path or registry_path()
    languages: dict[str, Language] = {}
    for language in _completed_rows(path):
        if language.code in languages:
            raise ConfigError(f"{path}: language '{language.code}' is listed twice")
        languages[language.code] = language
    for language in languages.values():
        seen = [language.code]
        current = language
        while current.code != SOURCE_LANGUAGE:
            if current.fallback not in languages:
                raise ConfigError(
                    f"{path}: language '{current.code}': fallback '{current.fallback}' "
                    "is not a registered language"
                )
            if current.fallback in seen:
                chain = " -> ".join([*seen, current.fallback])
                raise ConfigError(f"{path}: fallbacks go round in a circle: {chain}")
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
