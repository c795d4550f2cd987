"""Edits to `locales/languages.toml` that keep its comments and layout: the registry is
a file translators and reviewers read, so kyr changes only the lines it must."""

from __future__ import annotations

import json
import re

_BLOCK = re.compile(r"^\[\[language\]\].*?(?=^\[\[language\]\]|\Z)", re.MULTILINE | re.DOTALL)


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def _format(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_format(item) for item in value) + "]"
    return str(value)


def language_block(fields: dict[str, object]) -> str:
    """A `[[language]]` table with `fields`, in the given order."""
    lines = ["[[language]]"] + [f"{key} = {_format(value)}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def append_language(text: str, fields: dict[str, object]) -> str:
    return text.rstrip("\n") + "\n\n" + language_block(fields)


def set_language_fields(text: str, code: str, fields: dict[str, object]) -> str:
    """Set `fields` in the `[[language]]` table whose code is `code`."""
    for match in _BLOCK.finditer(text):
        block = match.group(0)
        if not re.search(rf'^code\s*=\s*"{re.escape(code)}"\s*(#.*)?$', block, re.MULTILINE):
            continue
        for key, value in fields.items():
            line = f"{key} = {_format(value)}"
            pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.MULTILINE)
            found = pattern.search(block)
            if found:
                start, end = found.span()
                block = block[:start] + line + block[end:]
            else:
                body = block.rstrip("\n")
                block = body + "\n" + line + "\n" + block[len(body) + 1 :]
        return text[: match.start()] + block + text[match.end() :]
    raise KeyError(code)
