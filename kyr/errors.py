"""One error type for everything a user can get wrong, with named exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # unexpected failure inside kyr
    USAGE = 2  # bad command line (click's own code)
    CONFIG = 3  # community configuration is missing, malformed or invalid
    CATALOG = 4  # a translation catalog is malformed or incomplete
    UNKNOWN = 5  # unknown product, language or paper
    RENDER = 6  # rendering failed: missing glyph, text that does not fit, fetch refused
    ENVIRONMENT = 7  # a system library or asset kyr needs is missing
    INTERRUPTED = 130  # Ctrl-C or end of input at a question: nothing was written


class KyrError(Exception):
    """A problem the user can fix. `str(error)` is one line saying what and where."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message


class ConfigError(KyrError):
    def __init__(self, message: str) -> None:
        super().__init__(message, ExitStatus.CONFIG)


class CatalogError(KyrError):
    def __init__(self, message: str) -> None:
        super().__init__(message, ExitStatus.CATALOG)


class UnknownError(KyrError):
    def __init__(self, message: str) -> None:
        super().__init__(message, ExitStatus.UNKNOWN)


class RenderError(KyrError):
    def __init__(self, message: str) -> None:
        super().__init__(message, ExitStatus.RENDER)
