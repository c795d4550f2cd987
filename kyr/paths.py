"""Where kyr's files live, decided in this one module and looked up at call time.

kyr's data (templates, catalogs, fonts, the sample configuration) is found in one of two
places: the top-level folders of a checkout when kyr runs from one (`make setup`'s
editable install, `python -m kyr` inside the checkout), or the copy packed into the
wheel under `kyr/_data/` (pip, pipx, the container). A network can point kyr at its own
catalogs folder (`kyr --locales DIR`), and at a templates overlay (`kyr --templates DIR`):
a folder holding only the files it changes, each replacing kyr's own file of that name,
the rest coming from kyr's own templates (as mkdocs' `custom_dir`). Rendering may read
nothing outside the templates folders and the assets folder in use.

The folders chosen travel with the run, not in module state: `using_data_dirs` sets them
for one `kyr` run (a `contextvars` variable, so a thread or a test elsewhere keeps its
own), and functions that cache what they read from them use `data_cache`, a cache per
folders: what was read from one folder is never served for another, so choosing
folders clears nothing. `forget_data` empties those caches when a run should read its
folders afresh (each `kyr` run does: a test may have edited them between two runs)."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import NamedTuple, TypeVar

from kyr.errors import ExitStatus, KyrError
from kyr.files import name_inside

PACKAGE = Path(__file__).resolve().parent
#: The folder above the package: a checkout's root when kyr runs from one.
CHECKOUT = PACKAGE.parent
#: kyr's data inside an installed wheel (see setup.py).
PACKAGED = PACKAGE / "_data"
#: The local web page's own templates (`kyr serve`, `kyr site`), inside the package.
WEB_TEMPLATES = PACKAGE / "web" / "templates"
#: A file of a templates folder larger than this is not one (kyr's largest is 12 KB).
MAX_TEMPLATE_BYTES = 512 * 1024



class DataDirs(NamedTuple):
    """A network's own templates and/or catalogs folder (None: kyr's own)."""

    templates: Path | None = None
    locales: Path | None = None


#: kyr's own templates and catalogs.
OWN_DATA = DataDirs()
_data_dirs: ContextVar[DataDirs] = ContextVar("kyr_data_dirs", default=OWN_DATA)
_cache_clears: list[Callable[[], None]] = []
#: The folder relative paths are read against (`working_folder`).
_working: ContextVar[Path] = ContextVar("kyr_working_folder", default=Path())

F = TypeVar("F", bound=Callable)


def is_data_root(root: Path) -> bool:
    """True when `root` holds kyr's data folders (a checkout, or the packaged copy)."""
    return (root / "templates" / "products.toml").is_file() and (
        root / "locales" / "languages.toml"
    ).is_file()


@functools.cache
def data_root() -> Path:
    """The copy packed into the wheel when kyr is installed from one, else the checkout
    kyr runs from. The packaged copy is looked at first so that an installed kyr never
    takes whatever lies beside it in site-packages for its data; an editable install
    and a checkout have no `kyr/_data`."""
    for root in (PACKAGED, CHECKOUT):
        if is_data_root(root):
            return root
    raise KyrError(
        f"kyr's data (templates, locales) is missing from {PACKAGED}: reinstall kyr",
        ExitStatus.ENVIRONMENT,
    )


def running_from_checkout() -> bool:
    return data_root() == CHECKOUT


def own_templates_dir() -> Path:
    """kyr's own templates: every product's template, stylesheet and registry."""
    return data_root() / "templates"


def templates_overlay() -> Path | None:
    """The network's templates overlay (`--templates DIR`), or None."""
    return data_dirs().templates


def templates_dirs() -> tuple[Path, ...]:
    """The folders a template, stylesheet or image is looked up in, first match wins:
    the overlay, then kyr's own."""
    overlay = data_dirs().templates
    return (overlay, own_templates_dir()) if overlay else (own_templates_dir(),)


def templates_dir() -> Path:
    """The first folder templates are looked up in: the overlay, else kyr's own."""
    return templates_dirs()[0]


def template_file(name: str, folders: tuple[Path, ...] | None = None) -> Path:
    """The file `name` ("/"-separated) of the templates in use, resolved: the overlay's
    when it has one, else kyr's own (which may not exist either). FileProblem for a name
    that is absolute or climbs out with "..", or that is, in a folder looked at, a link
    leading out of it: a link out of the overlay is refused, never skipped."""
    folders = folders or templates_dirs()
    for folder in folders:
        path = name_inside(folder, name)
        if path.exists():
            return path
    return path


def template_files() -> dict[str, Path]:
    """Every file of the templates in use, by name ("/"-separated, sorted): the overlay's
    where it has one, else kyr's own. What rendering can read, for the caches' digests."""
    files: dict[str, Path] = {}
    for folder in reversed(templates_dirs()):
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    files[path.relative_to(folder).as_posix()] = path
    return dict(sorted(files.items()))


def locales_dir() -> Path:
    return data_dirs().locales or data_root() / "locales"


def assets_dir() -> Path:
    return data_root() / "assets"


def fonts_dir() -> Path:
    return assets_dir() / "fonts"


def sample_config() -> Path:
    return data_root() / "examples" / "sample-community.toml"


def babel_mapping() -> Path:
    """The extraction mapping; plain `pybabel extract -F babel.cfg` reads the same file."""
    return data_root() / "babel.cfg"


def data_dirs() -> DataDirs:
    """The folders in use (None: kyr's own), to pass to worker processes."""
    return _data_dirs.get()


@contextlib.contextmanager
def using_data_dirs(
    templates: Path | None = None, locales: Path | None = None
) -> Iterator[DataDirs]:
    """Use a network's own templates and/or catalogs folder instead of kyr's (None: kyr's
    own) for the duration of the block (one `kyr` run), then the ones before."""
    token = _data_dirs.set(checked_data_dirs(templates, locales))
    try:
        yield _data_dirs.get()
    finally:
        _data_dirs.reset(token)


#: What makes a folder a templates overlay: it holds one of these (at any depth).
_TEMPLATE_SUFFIXES = (".html", ".css", ".toml")


def _is_templates_overlay(folder: Path) -> bool:
    for _, _, files in os.walk(folder):  # does not follow links to folders
        if any(name.endswith(_TEMPLATE_SUFFIXES) for name in files):
            return True
    return False


def use_data_dirs(templates: Path | None = None, locales: Path | None = None) -> None:
    """Use these folders from now on in this context, read afresh (`forget_data`): a
    worker process (for its life), a test, or a command that finds its folders itself
    (`use_translation_dirs`, inside the run's `using_data_dirs`, which puts the run's
    folders back afterwards)."""
    _data_dirs.set(checked_data_dirs(templates, locales))
    forget_data()


def checked_data_dirs(templates: Path | None, locales: Path | None) -> DataDirs:
    """The folders, resolved, once each is found to hold what kyr reads (a catalogs
    folder its languages.toml, an overlay a template, stylesheet or products.toml)."""
    if templates is not None and not _is_templates_overlay(templates):
        raise KyrError(
            f"{templates}: not a kyr templates folder (no template, stylesheet or "
            "products.toml in it)",
            ExitStatus.ENVIRONMENT,
        )
    if locales is not None and not (locales / "languages.toml").is_file():
        raise KyrError(
            f"{locales}: not a kyr locales folder (no languages.toml in it)",
            ExitStatus.ENVIRONMENT,
        )
    return DataDirs(
        templates.resolve() if templates else None, locales.resolve() if locales else None
    )


def data_cache(function: F) -> F:
    """`functools.cache` per data folders (`data_dirs`): a result read from one folder is
    never served for another. `cache_clear` empties it for every folder."""

    @functools.cache
    def cached(dirs: DataDirs, *args: object, **kwargs: object) -> object:
        return function(*args, **kwargs)

    @functools.wraps(function)
    def per_folders(*args: object, **kwargs: object) -> object:
        return cached(data_dirs(), *args, **kwargs)

    per_folders.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    _cache_clears.append(cached.cache_clear)
    return per_folders  # type: ignore[return-value]


def forget_data() -> None:
    """Empty every `data_cache`: the next reads see the folders as they are now."""
    for clear in _cache_clears:
        clear()


def find_checkout(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a `locales/languages.toml`."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / "locales" / "languages.toml").is_file():
            return folder
    return None


def use_translation_dirs(cwd: Path | None = None) -> Path:
    """The catalogs folder the translator's commands edit: `--locales DIR`, the checkout
    kyr runs from, or a checkout found from the current folder upward (whose templates
    are then used too, unless `--templates` chose others). Never the installed copy."""
    if data_dirs().locales is not None:
        return locales_dir()
    if running_from_checkout():
        return locales_dir()
    found = find_checkout(cwd or working_folder())
    if found is None or found == PACKAGED:
        raise KyrError(
            "kyr i18n edits a checkout's locales/ folder: run it inside a kyr checkout, "
            "or give `kyr --locales DIR i18n …`",
            ExitStatus.ENVIRONMENT,
        )
    templates = data_dirs().templates
    if templates is None and (found / "templates" / "products.toml").is_file():
        templates = found / "templates"
    use_data_dirs(templates, found / "locales")
    return locales_dir()


def working_folder() -> Path:
    """The folder relative paths on the command line are read against: `Path()`, the
    process's current folder, unless a caller of `kyr.cli.main.main` gave its own (a
    test's folder), so that nothing needs `os.chdir`."""
    return _working.get()


@contextlib.contextmanager
def working_in(folder: Path) -> Iterator[None]:
    """Read relative paths against `folder` for the duration of the block."""
    token = _working.set(folder)
    try:
        yield
    finally:
        _working.reset(token)


def display(path: Path) -> str:
    """A path as users see it in messages: relative to the checkout or the working
    folder when inside one of them, else in full."""
    bases = [CHECKOUT] if running_from_checkout() else []
    for base in (*bases, working_folder().resolve()):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


def cache_dir() -> Path:
    """kyr's per-user cache: $XDG_CACHE_HOME/kyr, else ~/.cache/kyr."""
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "kyr"


def fit_cache_file() -> Path:
    """Where the fit check keeps its results."""
    return cache_dir() / "fit-results.json"


def init_answers_file(target: Path) -> Path:
    """Where `kyr init` keeps the answers for `target` when it could not write it: one
    file per target, named by a hash of its absolute path."""
    import hashlib

    digest = hashlib.sha256(str(target.resolve()).encode("utf-8", "surrogateescape"))
    return cache_dir() / f"init-answers-{digest.hexdigest()[:16]}.json"
