"""Fitted type sizes remembered across runs (`$XDG_CACHE_HOME/kyr/sizes.json`), keyed by a
hash of everything that decides them (`fit_key`), so a repeat build lays each piece out
once, at its known size, and gets the bytes a cold fit gives. Only the parent process
writes the file (atomically, merged with what is there); a cache that cannot be read or
written only costs time."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from kyr import paths
from kyr.cache.digest import catalogs_digest, code_digest, digest_of, printed_config
from kyr.cache_files import read_json, write_json
from kyr.choices import Target
from kyr.config.community import Community
from kyr.i18n.languages import Language

#: About 100 bytes an entry: room for a national catalog's sizes, and a bound on reading.
MAX_ENTRIES = 50_000
MAX_BYTES = 8 * 1024 * 1024

Sizes = dict[str, float]


def cache_file() -> Path:
    return paths.cache_dir() / "sizes.json"


def fit_key(
    product_id: str,
    paper: str,
    languages: Sequence[Language],
    community: Community,
    english_stands_in: bool,
    target: str = Target.HOME,
) -> str:
    """What decides a piece's fitted size: kyr and its data (`code_digest`), the product,
    paper and languages, their catalogs, whether English stands in for missing strings
    (--allow-incomplete on an incomplete catalog), the printed configuration and the
    target (a print shop's files add a stylesheet)."""
    return digest_of(
        "fit",
        code_digest(),
        product_id,
        paper,
        [language.code for language in languages],
        catalogs_digest(languages),
        printed_config(community, layout_only=True),
        english_stands_in,
        target,
    )


def load_sizes() -> Sizes:
    """The remembered sizes; {} for a missing, unreadable or malformed file."""
    data = read_json(cache_file(), MAX_BYTES)
    if not isinstance(data, dict):
        return {}
    return {
        key: float(value)
        for key, value in data.items()
        if isinstance(key, str)
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
    }


def store_sizes(found: Sizes) -> None:
    """Add `found` to the file (the newest kept when it grows past MAX_ENTRIES)."""
    if not found:
        return
    sizes = load_sizes()
    for key in found:
        sizes.pop(key, None)
    sizes.update(found)
    if len(sizes) > MAX_ENTRIES:
        sizes = dict(list(sizes.items())[-MAX_ENTRIES:])
    write_json(cache_file(), sizes)
