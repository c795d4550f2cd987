""""Did you mean …?" for a name the user mistyped: a language asked for by its English
name or autonym ("spanish", "español" → es), or a near miss of a code or product id."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping

#: How alike a mistyped name and a known one must be (difflib's ratio) to be suggested.
CUTOFF = 0.75


def _folded(text: str) -> str:
    """Case, accents and spacing folded: "Español" and "espanol" meet."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("_", "-")


def closest(asked: str, names: Mapping[str, str] | Iterable[str]) -> str | None:
    """What `asked` most likely meant: the target of the name it equals once folded, else
    of the closest name, else None. `names` maps each name (a code, an English name, an
    autonym) to what it stands for; a plain list stands for itself."""
    table = dict(names) if isinstance(names, Mapping) else {name: name for name in names}
    folded: dict[str, str] = {}
    for name, target in table.items():
        folded.setdefault(_folded(name), target)
    wanted = _folded(asked)
    if wanted in folded:
        return folded[wanted]
    match = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=CUTOFF)
    return folded[match[0]] if match else None
