"""How complete, checked and printable each language is: what `kyr languages` and
`kyr i18n check` report."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kyr import paths
from kyr.about import library_versions
from kyr.catalogs import display_path, message_id, plural_rule, read_catalog, source_msgids
from kyr.config import Community
from kyr.errors import KyrError
from kyr.fonts import files_for_families
from kyr.glyphs import missing_characters
from kyr.languages import Language, registry_path
from kyr.qa import string_problems, string_warnings

FIT_PAPERS = ("letter", "a4")


@dataclass
class LanguageStatus:
    language: Language
    total: int
    translated: int
    fuzzy: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.translated / self.total)

    @property
    def complete(self) -> bool:
        return self.translated == self.total


def catalog_status(
    language: Language, msgids: list[str] | None = None, glyphs: bool = True
) -> LanguageStatus:
    """Completeness and QA of a language's catalog: each string's checks, the catalog's
    plural rule, and (with `glyphs`) whether the language's fonts have a glyph for every
    character. A build skips the glyph check: the renderer refuses a missing glyph."""
    msgids = source_msgids() if msgids is None else msgids
    if language.is_source:
        return LanguageStatus(language, len(msgids), len(msgids))
    catalog = read_catalog(language.catalog_path)
    label = display_path(language.catalog_path)
    plural_rule(catalog.plural_expr, label)
    status = LanguageStatus(language, len(msgids), 0)
    wanted = set(msgids)
    printed = []
    for message in catalog:
        msgid = message_id(message)
        if not msgid or msgid not in wanted:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if message.fuzzy:
            status.fuzzy += 1
            continue
        if not all(strings):
            continue
        status.translated += 1
        where = f"{label}:{message.lineno}"
        quoted = f'"{msgid[:50]}"'
        for text in strings:
            printed.append(text)
            status.problems += [f"{where}: {p}: {quoted}" for p in string_problems(msgid, text)]
            status.warnings += [f"{where}: {w}: {quoted}" for w in string_warnings(msgid, text)]
    missing = glyphs and missing_characters("".join(printed), files_for_families(language.fonts))
    if missing:
        fonts = ", ".join(language.fonts)
        status.problems.append(f"{label}: no glyph in {fonts} for: {' '.join(missing)}")
    return status


def _fingerprint(language: Language) -> str:
    """Everything a fit result depends on: the versions of kyr, WeasyPrint, Pango,
    HarfBuzz and pydyf, kyr's code, templates, catalog, registry, sample configuration
    and fonts (by size and time of change)."""
    digest = hashlib.sha256(json.dumps(library_versions(), sort_keys=True).encode())
    files = [
        *sorted(Path(__file__).parent.glob("*.py")),
        *sorted(paths.templates_dir().iterdir()),
        registry_path(),
        paths.sample_config(),
        *sorted(paths.fonts_dir().glob("*.[ot]tf")),
    ]
    if not language.is_source:
        files.append(language.catalog_path)
    for path in files:
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(language.code.encode())
    return digest.hexdigest()


def fit_failures(language: Language, community: Community, renderers=None) -> list[str]:
    """Lay out every product on letter and a4 in `language`; the ones that do not fit.
    Missing strings count as English here: completeness is reported on its own. Results
    are cached by the files they depend on, so a second look is instant. `renderers`
    gives a shared renderer on demand (none is made for a cached result)."""
    from kyr.build import Builder, Piece, language_groups
    from kyr.products import public_products

    cache_file = paths.fit_cache_file()
    try:
        cache = json.loads(cache_file.read_text())
    except (OSError, ValueError):
        cache = {}
    key = _fingerprint(language)
    if key in cache:
        return list(cache[key])
    renderer = renderers.renderer() if renderers is not None else None
    builder = Builder(community, renderer, allow_incomplete=True)
    failures = []
    for product in public_products().values():
        for paper in FIT_PAPERS:
            if paper not in product.papers:
                continue
            for group in language_groups(product, (language,)):
                try:
                    builder.fit(Piece(product, group, paper))
                except KyrError as error:
                    failures.append(str(error))
    cache[key] = failures
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cache))
    except OSError:
        pass  # a cache that cannot be written only costs time
    return failures
