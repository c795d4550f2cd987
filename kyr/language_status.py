"""How complete, checked and printable each language is: what `kyr languages` and
`kyr i18n check` report."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kyr import __version__, paths
from kyr.catalogs import read_catalog, source_msgids
from kyr.config import Community
from kyr.errors import KyrError
from kyr.languages import Language
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
    fit_failures: list[str] | None = None  # None: not checked

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else int(100 * self.translated / self.total)

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    @property
    def fits(self) -> bool | None:
        return None if self.fit_failures is None else not self.fit_failures


def catalog_status(language: Language, msgids: list[str] | None = None) -> LanguageStatus:
    """Completeness and string-level QA of a language's catalog."""
    msgids = source_msgids() if msgids is None else msgids
    if language.is_source:
        return LanguageStatus(language, len(msgids), len(msgids))
    catalog = read_catalog(language.catalog_path)
    label = f"locales/{language.catalog_dir}/LC_MESSAGES/messages.po"
    status = LanguageStatus(language, len(msgids), 0)
    wanted = set(msgids)
    for message in catalog:
        msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
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
        for text in strings:
            status.problems += [
                f'{where}: {p}: "{msgid[:50]}"' for p in string_problems(msgid, text)
            ]
            status.warnings += [
                f'{where}: {w}: "{msgid[:50]}"' for w in string_warnings(msgid, text)
            ]
    return status


def _fingerprint(language: Language) -> str:
    """Everything a fit result depends on: templates, catalog, registry, fonts, kyr."""
    digest = hashlib.sha256(__version__.encode())
    files = [*sorted(paths.TEMPLATES.iterdir()), paths.LOCALES / "languages.toml"]
    if not language.is_source:
        files.append(language.catalog_path)
    files += sorted(paths.FONTS.glob("*.[ot]tf"))
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            stat = path.stat()
            digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(language.code.encode())
    return digest.hexdigest()


def _cache_path() -> Path:
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(tempfile.gettempdir(), "kyr-cache")
    return Path(home) / "kyr" / "fit-results.json"


def fit_failures(language: Language, community: Community, renderer=None) -> list[str]:
    """Render every product on letter and a4 in `language`; the ones that do not fit.
    Results are cached by the files they depend on, so a second look is instant."""
    from kyr.build import Builder, Piece, language_groups
    from kyr.products import public_products

    cache_file = _cache_path()
    try:
        cache = json.loads(cache_file.read_text())
    except (OSError, ValueError):
        cache = {}
    key = _fingerprint(language)
    if key in cache:
        return list(cache[key])
    builder = Builder(community, renderer)
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
