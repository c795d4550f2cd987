"""Fixed-size C array types for WeasyPrint's cffi without parsing C each time.

WeasyPrint subsets every font with `ffi.new(f"hb_codepoint_t[{n}]")`, a new `n` for
nearly every font of every PDF, and cffi parses each new type string with pycparser
against WeasyPrint's whole cdef: about 9 ms each, 10 to 20 % of a warm card's time.
cffi keeps parsed types in a dict by their string; this gives that dict a
`__missing__` that builds `T[n]` from the already parsed `T *` (cffi's own
`new_array_type`, as its parser would). Anything else is parsed as before. Applied
only where the dict is as expected (cffi 1.x/2.x), else left alone: only time is lost."""

from __future__ import annotations

import re
from typing import Any

_ARRAY = re.compile(r"([A-Za-z_]\w*)\[(\d{1,7})\]")


class ArrayTypes(dict):
    """cffi's parsed-type cache, able to make `T[n]` types without the parser."""

    def __init__(self, ffi: Any, parsed: dict) -> None:
        super().__init__(parsed)
        self._ffi = ffi

    def __missing__(self, key: object) -> tuple[Any, bool]:
        match = _ARRAY.fullmatch(key) if isinstance(key, str) else None
        if match is None:
            raise KeyError(key)
        pointer = self._ffi._typeof(f"{match[1]} *")
        value = (self._ffi._backend.new_array_type(pointer, int(match[2])), False)
        self[key] = value
        return value


def install(ffi: Any) -> bool:
    """Give `ffi` the array-making cache; True when it was applied."""
    parsed = getattr(ffi, "_parsed_types", None)
    backend = getattr(ffi, "_backend", None)
    if isinstance(parsed, ArrayTypes):
        return True
    if type(parsed) is not dict or not hasattr(backend, "new_array_type"):
        return False
    ffi._parsed_types = ArrayTypes(ffi, parsed)
    return True
