"""The fit check's cache (`~/.cache/kyr/fit-results.json`): results per language, keyed
by a hash of the contents of everything a layout depends on. Written atomically; holds
only the current inputs' results (anything else is dropped on the next write)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from functools import cache
from pathlib import Path

from kyr import paths
from kyr.about import library_versions
from kyr.catalogs import template_catalog_path
from kyr.config import Community
from kyr.languages import Language, get_language, registry_path

#: Bigger than any real cache (20 languages, a few lines each): anything over is garbage.
MAX_CACHE_BYTES = 4 * 1024 * 1024


@cache
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hash_files(digest, files: Iterable[Path]) -> None:
    for path in files:
        if path.is_file():
            stat = path.stat()
            digest.update(
                f"{path.name}:{_file_digest(path, stat.st_size, stat.st_mtime_ns)}\n".encode()
            )
        else:
            digest.update(f"{path.name}:absent\n".encode())


def shared_key() -> str:
    """What every language's result depends on: library versions, kyr's code, the
    templates, the language registry, messages.pot, the sample configuration and fonts."""
    digest = hashlib.sha256(json.dumps(library_versions(), sort_keys=True).encode())
    _hash_files(digest, sorted(Path(__file__).parent.glob("*.py")))
    _hash_files(digest, sorted(p for p in paths.templates_dir().rglob("*") if p.is_file()))
    _hash_files(digest, [registry_path(), template_catalog_path(), paths.sample_config()])
    _hash_files(digest, sorted(paths.fonts_dir().glob("*.[ot]tf")))
    return digest.hexdigest()


def language_key(language: Language, community: Community) -> str:
    """What one language's result depends on besides `shared_key`: its catalog and its
    fallbacks' catalogs, and the community configuration laid out."""
    digest = hashlib.sha256(language.code.encode())
    digest.update(json.dumps(asdict(community), sort_keys=True, default=str).encode())
    chain = [language]
    while not chain[-1].is_source:  # the registry refuses fallbacks in a circle
        chain.append(get_language(chain[-1].fallback))
    _hash_files(digest, [lang.catalog_path for lang in chain if not lang.is_source])
    return digest.hexdigest()


def _read() -> dict:
    try:
        with paths.fit_cache_file().open("rb") as stream:
            data = json.loads(stream.read(MAX_CACHE_BYTES + 1))
    except (OSError, ValueError, RecursionError):
        return {}
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
    target = paths.fit_cache_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".fit-results.", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump({"key": shared, "languages": languages}, stream)
            os.replace(name, target)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    except OSError:
        pass
