"""The fit check's cache (`~/.cache/kyr/fit-results.json`): results per language, keyed
by a hash of the contents of everything a layout depends on. Written atomically; holds
only the current inputs' results (anything else is dropped on the next write)."""

from __future__ import annotations

from kyr import paths
from kyr.cache_files import read_json, write_json
from kyr.config import Community
from kyr.input_digest import catalogs_digest, code_digest, digest_of, printed_config
from kyr.languages import Language

#: Bigger than any real cache (20 languages, a few lines each): anything over is garbage.
MAX_CACHE_BYTES = 4 * 1024 * 1024


def shared_key() -> str:
    """What every language's result depends on: kyr's code and data and the libraries'
    versions (`kyr.input_digest.code_digest`, computed without WeasyPrint)."""
    return code_digest()


def language_key(language: Language, community: Community) -> str:
    """What one language's result depends on besides `shared_key`: its catalog and its
    fallbacks' catalogs, and the community configuration laid out."""
    return digest_of(language.code, catalogs_digest([language]), printed_config(community))


def _read() -> dict:
    data = read_json(paths.fit_cache_file(), MAX_CACHE_BYTES)
    return data if isinstance(data, dict) else {}


def cached_failures(shared: str, code: str, key: str) -> list[str] | None:
    """The cached result for these keys, or None (also for a cache file of any other shape)."""
    data = _read()
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


def store_failures(shared: str, code: str, key: str, failures: list[str]) -> None:
    """Record a language's result, dropping whatever was cached for other inputs. A cache
    that cannot be written only costs time."""
    data = _read()
    kept = data.get("languages") if data.get("key") == shared else None
    languages = dict(kept) if isinstance(kept, dict) else {}
    languages[code] = {"key": key, "failures": failures}
    write_json(paths.fit_cache_file(), {"key": shared, "languages": languages})
