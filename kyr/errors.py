"""One error type for everything a user can get wrong, with named exit codes."""

from __future__ import annotations

import unicodedata
from enum import IntEnum, unique


@unique
class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # unexpected failure inside kyr
    USAGE = 2  # bad command line (click's own code)
    CONFIG = 3  # the community configuration (the user's file) is missing or invalid
    CATALOG = 4  # the locales folder: a catalog or languages.toml is malformed or incomplete
    UNKNOWN = 5  # unknown product, language or paper
    RENDER = 6  # rendering failed: missing glyph, text that does not fit, fetch refused
    ENVIRONMENT = 7  # a system library or asset kyr needs is missing
    OUTPUT = 8  # the output folder cannot be written, or holds an unfinished build
    TEMPLATES = 9  # the templates folder: products.toml is malformed or invalid
    INTERRUPTED = 130  # Ctrl-C, SIGTERM, or end of input at a question
    PIPE_CLOSED = 141  # the reader of the output stopped (`kyr languages | head`), as SIGPIPE


#: Shown by name rather than escaped as \xNN: invisible, and easy to miss in a message.
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def one_line(text: str) -> str:
    """`text` safe to print on one terminal line: control characters as escapes (`\\n`,
    `\\x1b`), invisible format and separator characters as `U+FEFF`."""
    out = []
    for char in text:
        if char in _NAMED:
            out.append(_NAMED[char])
        elif unicodedata.category(char) in _UNSAFE_CATEGORIES:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0xA0 else f"U+{code:04X}")
        else:
            out.append(char)
    return "".join(out)


class KyrError(Exception):
    """A problem the user can fix. `str(error)` is one line saying what and where; each
    kind of error below gives its exit status (`status`) as a class attribute.

    Picklable with its message and status, so it crosses from a worker process intact."""

    status: ExitStatus = ExitStatus.ERROR

    def __init__(self, message: str, status: ExitStatus | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return one_line(self.message)

    def __reduce__(self):  # type: ignore[override]
        return (_rebuild, (type(self), self.message, int(self.status)))


def _rebuild(kind: type[KyrError], message: str, status: int) -> KyrError:
    """Unpickle any KyrError subclass whatever its constructor takes."""
    error = kind.__new__(kind)
    KyrError.__init__(error, message, ExitStatus(status))
    return error


class ConfigError(KyrError):
    """The community configuration (the user's file) is refused. When the problem is one
    key's, `key` names it (`qr.label`, `resources[1].phone`) and `problem` is the message
    without file, line and key: what `kyr init` and `kyr serve`'s form show beside that
    answer."""

    status = ExitStatus.CONFIG
    key: str = ""
    _problem: str = ""

    def __init__(self, message: str, key: str = "", problem: str = "") -> None:
        super().__init__(message)
        self.key = key
        self._problem = problem

    @property
    def problem(self) -> str:
        return one_line(self._problem or self.message)


class CommandLineError(KyrError):
    """An option's value that the command line cannot use (exit 2, like click's own)."""

    status = ExitStatus.USAGE


class CatalogError(KyrError):
    """The locales folder is refused: a catalog, or the language registry
    (`languages.toml`)."""

    status = ExitStatus.CATALOG


class TemplatesError(KyrError):
    """The templates folder's product registry (`products.toml`) is refused."""

    status = ExitStatus.TEMPLATES


class UnknownNameError(KyrError):
    """An unknown product, language or paper name (exit 5)."""

    status = ExitStatus.UNKNOWN


class RenderError(KyrError):
    status = ExitStatus.RENDER


class OutputError(KyrError):
    """The output folder cannot be written (read-only, full, a folder in the way)."""

    status = ExitStatus.OUTPUT
