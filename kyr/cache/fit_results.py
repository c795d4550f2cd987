"""The fit check's results per language, keyed by a hash of the contents of everything a
layout depends on, in two files of one shape:

- the user's cache (`~/.cache/kyr/fit-results.json`), written atomically, holding only the
  current inputs' results (anything else is dropped on the next write);
- the results shipped with kyr (`locales/fit-results.json`, packed into the wheel), made
  by `scripts/refresh_fit_results.py` for kyr's own catalogs and the sample
  configuration, so that a fresh install's first `kyr languages` lays nothing out. A
  shipped result counts only while its keys match: a catalog the user changed, other
  templates or other layout libraries are checked again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kyr import paths
from kyr.cache.digest import (
    catalogs_digest,
    digest_of,
    layout_digest,
    layout_libraries,
    printed_config,
    registry_rows,
)
from kyr.cache_files import read_json, write_json
from kyr.config.community import Community
from kyr.i18n.languages import Language

#: Bigger than any real cache (40 languages, a few lines each): anything over is garbage.
MAX_CACHE_BYTES = 4 * 1024 * 1024
SHIPPED_NAME = "fit-results.json"
#: What the shipped file says about itself (a reader of the JSON finds its maker).
SHIPPED_ABOUT = (
    "kyr's fit check (kyr languages) for kyr's own catalogs and the sample configuration; "
    "made by scripts/refresh_fit_results.py, valid while the keys match"
)


def shared_key() -> str:
    """What every language's result depends on: the layout libraries' versions, kyr's
    layout code, templates, products registry and fonts
    (`kyr.cache.digest.layout_digest`, computed without WeasyPrint)."""
    return layout_digest()


def language_key(language: Language, community: Community) -> str:
    """What one language's result depends on besides `shared_key`: its catalog and its
    fallbacks' catalogs, its, its fallbacks' and English's rows in the languages registry,
    and the community configuration laid out."""
    return digest_of(
        language.code,
        catalogs_digest([language]),
        registry_rows(language),
        printed_config(community),
    )


def shipped_file() -> Path:
    """The results shipped with kyr: in the checkout's locales/, or the wheel's copy."""
    return paths.data_root() / "locales" / SHIPPED_NAME


def _read(path: Path) -> dict:
    data = read_json(path, MAX_CACHE_BYTES)
    return data if isinstance(data, dict) else {}


def _failures_in(data: dict, shared: str, code: str, key: str) -> list[str] | None:
    languages = data.get("languages")
    if data.get("key") != shared or not isinstance(languages, dict):
        return None
    entry = languages.get(code)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    result = entry.get("failures")
    if isinstance(result, list) and all(isinstance(line, str) for line in result):
        return result
    return None


def cached_failures(shared: str, code: str, key: str) -> list[str] | None:
    """The user's cached result for these keys, or None (also for a file of any other shape)."""
    return _failures_in(_read(paths.fit_cache_file()), shared, code, key)


def shipped_failures(shared: str, code: str, key: str) -> list[str] | None:
    """The shipped result for these keys, or None."""
    return _failures_in(_read(shipped_file()), shared, code, key)


def store_failures(shared: str, code: str, key: str, failures: list[str]) -> None:
    """Record a language's result, dropping whatever was cached for other inputs. A cache
    that cannot be written only costs time."""
    data = _read(paths.fit_cache_file())
    kept = data.get("languages") if data.get("key") == shared else None
    languages = dict(kept) if isinstance(kept, dict) else {}
    languages[code] = {"key": key, "failures": failures}
    write_json(paths.fit_cache_file(), {"key": shared, "languages": languages})


def shipped_results(
    shared: str, keys: dict[str, str], results: dict[str, list[str]]
) -> dict[str, Any]:
    """The shipped file's content: per language its key and failures, with the layout
    libraries' versions they were made with (what `tests/test_fit_results.py` compares)."""
    return {
        "about": SHIPPED_ABOUT,
        "libraries": layout_libraries(),
        "key": shared,
        "languages": {
            code: {"key": keys[code], "failures": results[code]} for code in sorted(results)
        },
    }


def read_shipped() -> dict:
    """The shipped file as it is ({} when missing or malformed)."""
    return _read(shipped_file())
