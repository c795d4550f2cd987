"""Reading the project's TOML data files (registries), with errors that name the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kyr.errors import ConfigError


def load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
