"""The Jinja2 environment: templates are data, not code. They render in Jinja's
immutable sandbox (no attribute starting with "_", no function internals, nothing that
changes a list or dict), load only regular files inside the templates folders (a
network's overlay first, then kyr's own: `{% include %}` and `{% extends %}` look in both
the same way), and are
compiled again rather than loaded from a cache file that anyone else could have written.
Autoescaping is on (a translation can never inject markup), the i18n extension is wired
to a language's catalog, and an undefined name is an error."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.bccache
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from kyr import paths
from kyr.errors import RenderError
from kyr.files import (
    FileProblem,
    MissingFile,
    is_private_folder,
    name_inside,
    private_regular_file,
    read_file_text,
)
from kyr.i18n.catalogs import Translations

#: The folder of compiled templates inside kyr's cache: named for the sandbox, so that
#: code compiled by an older kyr outside it is never loaded.
BYTECODE_FOLDER = "templates-sandboxed"

_T = TypeVar("_T")


#: Limits on what a template's arithmetic may build: enough for any layout, far below what
#: would stall a build ("a" * 10**9, 9**9**9).
MAX_REPEAT = 10_000
MAX_EXPONENT = 64
#: How long one template may render (kyr's own take milliseconds): loops within loops
#: could otherwise keep a build busy for ever.
RENDER_SECONDS = 20.0


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with sizes bounded: no repetition of a text or list
    more than MAX_REPEAT times, no power above MAX_EXPONENT (the sandbox itself bounds
    `range`)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):  # type: ignore[no-untyped-def]
        if operator == "**" and not (
            isinstance(right, (int, float))
            and abs(right) <= MAX_EXPONENT
            and (not isinstance(left, int) or abs(left).bit_length() * abs(right) <= 4096)
        ):
            raise SecurityError(f"a power above {MAX_EXPONENT} is not allowed in a template")
        if operator == "*":
            counts = [v for v in (left, right) if isinstance(v, int)]
            sized = any(isinstance(v, (str, list, tuple)) for v in (left, right))
            if sized and counts and abs(counts[0]) > MAX_REPEAT:
                raise SecurityError(f"repeating more than {MAX_REPEAT} times is not allowed")
        return super().call_binop(context, operator, left, right)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop a render that takes longer than `seconds` (main thread only, where signals
    can be set; elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def stop(number: int, frame: object) -> None:
        raise TemplateTooSlow(f"took over {seconds:g} s to render (a loop within a loop?)")

    previous = signal.signal(signal.SIGALRM, stop)
    outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:  # someone else's timer was running: it goes on where it was
            left = max(outer - (time.monotonic() - start), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, interval)


class TemplateTooSlow(Exception):
    pass


class FolderLoader(jinja2.BaseLoader):
    """Templates from one folder: regular files inside it only (no absolute or ".."
    names, no links that lead out, no FIFOs), each at most paths.MAX_TEMPLATE_BYTES."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            path = name_inside(self.root, template)
            source = read_file_text(path, paths.MAX_TEMPLATE_BYTES, "template")
        except MissingFile:
            raise jinja2.TemplateNotFound(template) from None
        except FileProblem as problem:
            raise jinja2.TemplateError(f"template {template!r}: {problem}") from None
        mtime = os.stat(path).st_mtime_ns

        def uptodate() -> bool:
            try:
                return os.stat(path).st_mtime_ns == mtime
            except OSError:
                return False

        return source, str(path), uptodate

    def list_templates(self) -> list[str]:
        found = []
        for folder, _, files in os.walk(self.root):  # does not follow links to folders
            for name in files:
                path = Path(folder) / name
                if not path.is_symlink() and path.is_file():
                    found.append(path.relative_to(self.root).as_posix())
        return sorted(found)


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates kept in kyr's private cache folder (keyed by each
    template's source), so a new process does not compile them again (a tenth of a
    second). Compiled code is code: a file is loaded only when it is a regular file of
    this user that nobody else can write, in a folder of the same kind. A folder that
    cannot be written only costs the time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = Path(self.directory) / self._get_cache_filename(bucket)
        if not (_private_folder(Path(self.directory)) and private_regular_file(path)):
            return
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(mode=0o700, parents=True, exist_ok=True)
            if _private_folder(Path(self.directory)):
                super().dump_bytecode(bucket)
        except OSError:
            pass


def _private_folder(path: Path) -> bool:
    """`path` and kyr's cache folder above it are folders of this user that nobody else
    can write (checked without changing anything)."""
    return is_private_folder(path) and is_private_folder(path.parent)


class OverlayLoader(jinja2.ChoiceLoader):
    """Templates from several folders, first match wins (a network's overlay, then kyr's
    own). Only a template missing from a folder is looked for in the next: one the
    overlay holds but may not be read (a link out of it, a FIFO) stops the render."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__([FolderLoader(root) for root in roots])


def _sandbox(**options: Any) -> Sandbox:
    """A sandbox on the templates folders in use (kyr's, then an overlay's), with their
    compiled templates cached, undefined names an error and gettext's `_()`."""
    return Sandbox(
        loader=OverlayLoader(paths.templates_dirs()),
        bytecode_cache=_TemplateCache(str(paths.cache_dir() / BYTECODE_FOLDER)),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        **options,
    )


@paths.data_cache
def environment() -> jinja2.Environment:
    return _sandbox(autoescape=True, trim_blocks=False, lstrip_blocks=False)


@paths.data_cache
def text_environment() -> jinja2.Environment:
    """The same sandbox and folders for text (the messages to paste): no autoescaping,
    no HTML; a template escapes what the network wrote where its format needs it (the
    `md` filter, for Markdown)."""
    env = _sandbox(autoescape=False, keep_trailing_newline=True)
    env.filters["md"] = markdown_escaped
    return env


#: Characters that would start Markdown formatting (emphasis, links, code, HTML, tables).
_MARKDOWN_SPECIAL = "\\`*_[]<>#|~"


def markdown_escaped(text: str) -> str:
    """`text` as literal Markdown: each character that could format escaped."""
    return "".join("\\" + char if char in _MARKDOWN_SPECIAL else char for char in str(text))


def render_text(template: str, gettext: Callable[[str], str], **variables: object) -> str:
    """A text template rendered with `gettext` giving each message's text."""
    env = text_environment()
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, lambda one, many, n: gettext(one if n == 1 else many), newstyle=True
    )
    return _rendered(env, template, variables)


def render_html(template: str, translations: Translations, **variables: object) -> str:
    env = environment()
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translations.gettext, translations.ngettext, newstyle=True
    )
    return _rendered(env, template, variables)


def _rendered(env: jinja2.Environment, template: str, variables: Mapping[str, object]) -> str:
    return _guarded(template, lambda: env.get_template(template).render(**variables))


def template_names(template: str, **variables: object) -> dict[str, object]:
    """The names a template sets at its top level (`{% set name = ... %}`), rendered in
    the text sandbox with `variables` (which must give `_` when it translates): words
    a template holds as data, such as kyr.content.product_words' names of products."""
    env = text_environment()
    module = _guarded(template, lambda: env.get_template(template).make_module(dict(variables)))
    return {name: value for name, value in vars(module).items() if not name.startswith("_")}


def _guarded(template: str, run: Callable[[], _T]) -> _T:
    """`run()` (a render of `template`) within the time limit, its errors a RenderError
    naming the template's file and line."""
    try:
        with _time_limit(RENDER_SECONDS):
            return run()
    except jinja2.TemplateSyntaxError as error:
        where = _template_path(str(error.filename or error.name))
        raise RenderError(f"{where}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise RenderError(f"{_where(error, template)}: {error}") from None
    except RenderError:
        raise
    except Exception as error:  # {{ 1/0 }}, a filter given the wrong type: the template's
        raise RenderError(f"{_where(error, template)}: {type(error).__name__}: {error}") from None


def _template_path(name: str) -> str:
    """A template's file as users see it: the overlay's or kyr's own."""
    if Path(name).is_absolute():
        return paths.display(Path(name))
    try:
        return paths.display(paths.template_file(name))
    except FileProblem:
        return name


def _where(error: BaseException, template: str) -> str:
    """The template file and line an error was raised at (Jinja rewrites the traceback
    to name them), else the template asked for."""
    roots = [root.resolve() for root in paths.templates_dirs()]
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and any(map(path.is_relative_to, roots)) and frame.lineno:
            return f"{paths.display(path)}:{frame.lineno}"
    return _template_path(template)


def compile_templates() -> None:
    """Compile every template now (a worker server does, so its workers need not)."""
    env = environment()
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
