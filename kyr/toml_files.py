"""Reading the project's TOML data files (registries), with errors that name the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kyr.errors import ConfigError
from kyr.files import FileProblem, read_text

#: A registry larger than this is not one (kyr's largest is 20 KB).
MAX_TOML_BYTES = 1024 * 1024


def load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_text(path, MAX_TOML_BYTES))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except FileProblem as problem:
        raise ConfigError(f"{path}: cannot be read: {problem}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
