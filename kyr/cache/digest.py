"""Content hashes of everything that decides what kyr prints, computed without WeasyPrint:
the basis of the size cache (a piece is laid out once) and of skipping unchanged outputs.

- `code_digest()`: kyr's code, templates, registries, fonts, colour profiles and the
  versions of the libraries that lay out and write PDFs (Python packages by their
  metadata, Pango and HarfBuzz asked directly), once per process.
- `catalogs_digest(languages)`: the languages' catalogs and their fallbacks'.
- `registry_rows(language)`: what the languages registry says about a language, its
  fallbacks and English.
- `printed_config(community)`: the configuration's fields that print (not the language
  list, default paper or file name).
- `layout_libraries()` and `layout_digest()`: the narrower set that decides whether a
  piece fits, the key of the fit check's results (shipped with kyr in
  `locales/fit-results.json`, so it must not change with every edit of kyr's code)."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path
from stat import S_ISREG
from typing import Any

from kyr import CONTENT_VERSION, __version__, paths
from kyr.config.community import Community
from kyr.files import READ_PATHS
from kyr.i18n.languages import SOURCE_LANGUAGE, Language, get_language, registry_path

#: Python packages whose version can change a PDF's bytes (layout, shaping, writing,
#: imposition, QR codes, segmentation, phone formatting, catalogs).
OUTPUT_PACKAGES = (
    "weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "pillow",
    "pikepdf", "qrcode", "icu4py", "phonenumbers", "babel", "jinja2", "markupsafe",
)  # fmt: skip
#: Configuration fields that do not print: which languages and paper to build by default,
#: and where the file came from.
UNPRINTED_FIELDS = frozenset({"languages", "paper", "source_name", "source_sha256"})
#: Libraries whose version can move a line break: HTML and CSS parsing, layout and
#: shaping (WeasyPrint, Pango and HarfBuzz, asked directly), kyr's text measuring
#: (fontTools), word breaking (ICU), phone formatting, catalogs and templates.
LAYOUT_PACKAGES = (
    "weasyprint", "tinycss2", "cssselect2", "tinyhtml5", "fonttools", "icu4py",
    "phonenumbers", "babel", "jinja2", "markupsafe",
)  # fmt: skip
#: kyr's modules whose code decides whether a piece fits or what the check says about it:
#: what is printed (the configuration's printed forms of links and numbers too), how it
#: is laid out, the size search, the check itself. The others the check runs
#: (`NOT_LAYOUT_MODULES`) act after layout (imposition, print-shop files), word a build's
#: messages or suggestions, find or read files (what they read is keyed by its content)
#: or keep caches. tests/test_fit_results.py fails when a module the check imports is in
#: neither list.
LAYOUT_MODULES = (
    "__init__", "build.fit_check", "build.plan", "choices", "config.community", "config.links",
    "config.phones", "content.context", "content.phone_type", "content.pieces",
    "content.print_rules", "content.products", "content.qr", "content.templating", "errors",
    "fonts.glyphs",
    "fonts.pinned", "fonts.text_width", "geometry", "i18n.bidi", "i18n.catalog_checks",
    "i18n.catalogs", "i18n.languages", "i18n.policy", "i18n.reviews", "i18n.segmenting",
    "i18n.span_languages", "i18n.string_checks", "render.cffi_arrays", "render.fetcher",
    "render.fit", "render.fitter", "render.html_to_pdf", "render.size_search", "toml_files",
)  # fmt: skip
NOT_LAYOUT_MODULES = (
    "build.images", "build.pool", "build.request", "build.workers", "cache.digest",
    "cache.fit_results", "cache.sizes", "cache_files", "files", "paths", "pdf.finish",
    "pdf.impose", "pdf.fine_marks", "pdf.print_shop", "pdf.printer_hints", "pdf.raster",
    "pdf.registration",
    "render.cap_targets", "render.columns", "render.fit_report", "render.spread", "suggest",
)  # fmt: skip


def module_file(name: str) -> Path:
    """The file of kyr's module `name`: "render.fit", "render" (a subpackage's
    `__init__.py`) or "__init__" (the package's own)."""
    path = paths.PACKAGE.joinpath(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


_PANGO_NAMES = ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll")
_HARFBUZZ_NAMES = ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")


def _system_library(names: Iterable[str], ask: str, restype: Any) -> str:
    for name in names:
        try:
            function = getattr(ctypes.CDLL(name), ask)
        except (OSError, AttributeError):
            continue
        function.restype = restype
        value = function()
        return value.decode() if isinstance(value, bytes) else str(value)
    return "unknown"


@cache
def runtime_versions() -> dict[str, str]:
    """kyr's, Python's and the output libraries' versions, without importing any of them."""
    versions = {"kyr": __version__, "content": CONTENT_VERSION, "python": sys.version[:7]}
    for package in OUTPUT_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    versions["pango"] = _system_library(_PANGO_NAMES, "pango_version", ctypes.c_int)
    versions["harfbuzz"] = _system_library(_HARFBUZZ_NAMES, "hb_version_string", ctypes.c_char_p)
    return versions


def layout_libraries() -> dict[str, str]:
    """The versions of `LAYOUT_PACKAGES`, Pango and HarfBuzz, and Python's (major.minor)."""
    versions = runtime_versions()
    names = (*LAYOUT_PACKAGES, "pango", "harfbuzz")
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    return {"python": python, **{name: versions[name] for name in names}}


#: The files `_code_digest` hashes, while it does.
_hashing: list[str] | None = None


@cache
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    """A file's sha256 ("absent" when it is not there), computed once per version of it."""
    READ_PATHS.add(os.path.abspath(path))
    if _hashing is not None:
        _hashing.append(os.path.abspath(path))
    try:
        info = path.stat()
    except OSError:
        return "absent"
    if not S_ISREG(info.st_mode):  # a FIFO or device: whoever reads it refuses it
        return "not a regular file"
    return _file_digest(path, info.st_size, info.st_mtime_ns)


def _digest_files(digest: Any, files: Iterable[Path], root: Path) -> None:
    for path in files:
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        digest.update(f"{name}:{file_digest(path)}\n".encode())


def _digest_templates(digest: Any) -> None:
    """The templates as rendering reads them: a `--templates` overlay's files in place
    of kyr's own of the same name, and the rest of kyr's."""
    for name, path in paths.template_files().items():
        digest.update(f"{name}:{file_digest(path)}\n".encode())


def _files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else []


def code_digest() -> str:
    """What every piece depends on: library versions, kyr's code, the templates and
    products registry, the languages registry, messages.pot, fonts and colour profiles.
    Computed once per data folders; every call notes the files it rests on as read
    (kyr.files.READ_PATHS), as a first call does."""
    digest, files = _code_digest()
    READ_PATHS.update(files)
    return digest


@paths.data_cache
def _code_digest() -> tuple[str, tuple[str, ...]]:
    global _hashing
    _hashing = []
    try:
        digest = hashlib.sha256(json.dumps(runtime_versions(), sort_keys=True).encode())
        package = paths.PACKAGE
        _digest_files(digest, sorted(package.rglob("*.py")), package)
        _digest_templates(digest)
        locales = paths.locales_dir()
        _digest_files(digest, [registry_path(), locales / "messages.pot"], locales)
        assets = paths.assets_dir()
        _digest_files(digest, [p for p in _files_under(assets) if p.suffix != ".md"], assets)
        return digest.hexdigest(), tuple(_hashing)
    finally:
        _hashing = None


@paths.data_cache
def layout_digest() -> str:
    """What every fit result depends on besides a language's catalogs, its registry rows
    and the printed configuration: `layout_libraries()`, kyr's `LAYOUT_MODULES`, the
    templates and products registry, messages.pot and the fonts. Unlike `code_digest`,
    an edit of the CLI, the web page or a cache leaves it alone, and so does a language
    added to the registry or marked reviewed (that language's key changes)."""
    digest = hashlib.sha256(json.dumps(layout_libraries(), sort_keys=True).encode())
    _digest_files(digest, [module_file(name) for name in LAYOUT_MODULES], paths.PACKAGE)
    _digest_templates(digest)
    locales = paths.locales_dir()
    _digest_files(digest, [locales / "messages.pot"], locales)
    fonts = paths.fonts_dir()
    _digest_files(digest, [p for p in _files_under(fonts) if p.suffix in (".ttf", ".otf")], fonts)
    return digest.hexdigest()


def _chain(language: Language) -> list[Language]:
    chain = [language]
    while not chain[-1].is_source:  # the registry refuses fallbacks in a circle
        chain.append(get_language(chain[-1].fallback))
    return chain


def registry_rows(language: Language) -> list[dict[str, Any]]:
    """The registry's rows for `language`, its fallbacks and English (the card's back and
    a sign's English are printed with it): fonts, direction, line breaking, review."""
    steps = dict.fromkeys([*_chain(language), get_language(SOURCE_LANGUAGE)])
    return [asdict(step) for step in steps]


def catalogs_digest(languages: Iterable[Language]) -> str:
    """The catalogs `languages` print from, their fallbacks' included."""
    digest = hashlib.sha256()
    for language in languages:
        for step in _chain(language):
            where = "source" if step.is_source else file_digest(step.catalog_path)
            digest.update(f"{step.code}:{where}\n".encode())
    return digest.hexdigest()


def printed_config(community: Community, layout_only: bool = False) -> str:
    """The configuration's printed fields as canonical JSON; `layout_only` leaves out
    the duplex offset too (applied to the finished PDF, it changes no type size)."""
    unprinted = UNPRINTED_FIELDS | ({"back_offset_mm"} if layout_only else set())
    fields = {k: v for k, v in asdict(community).items() if k not in unprinted}
    return json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)


def digest_of(*parts: object) -> str:
    """sha256 of `parts` as canonical JSON."""
    return hashlib.sha256(
        json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()
