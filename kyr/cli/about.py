"""What runs: kyr's and its libraries' versions and where its files are (`kyr --info`).
The same versions key the fit cache, so an upgrade of any of them invalidates it."""

from __future__ import annotations

import platform
import sys
from functools import cache

from kyr import CONTENT_VERSION, __version__, paths
from kyr.errors import KyrError
from kyr.i18n import span_languages
from kyr.i18n.segmenting import segmenter_version

# The names WeasyPrint's own ffi tries for HarfBuzz (weasyprint/text/ffi.py).
_HARFBUZZ_NAMES = (
    "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0",
    "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll",
)  # fmt: skip


def _harfbuzz_version() -> str:
    """WeasyPrint's ffi declares no version string for HarfBuzz: ask the library itself
    (already loaded by WeasyPrint, so this opens the same one)."""
    import cffi

    ffi = cffi.FFI()
    ffi.cdef("const char *hb_version_string (void);")
    for name in _HARFBUZZ_NAMES:
        try:
            library = ffi.dlopen(name)
        except OSError:
            continue
        return ffi.string(library.hb_version_string()).decode()
    return "unknown"


@cache
def library_versions() -> dict[str, str]:
    """kyr, WeasyPrint, Pango, HarfBuzz, pydyf and icu4py versions (imports WeasyPrint)."""
    from kyr.render.html_to_pdf import weasyprint

    versions = {"kyr": __version__}
    module = weasyprint()
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.text.ffi import pango  # type: ignore[import-untyped]

    number = pango.pango_version()  # 15012 -> 1.50.12
    versions["WeasyPrint"] = module.__version__
    versions["Pango"] = f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    versions["HarfBuzz"] = _harfbuzz_version()
    versions["pydyf"] = pydyf.__version__
    versions["icu4py"] = segmenter_version()  # its ICU dictionaries decide Thai line breaks
    return versions


def info_lines() -> list[str]:
    """What `kyr --info` prints: versions, then where kyr's files are."""
    lines = [
        f"kyr version: {__version__}",
        f"Content version: {CONTENT_VERSION}",
        f"Python version: {sys.version.split()[0]}",
        f"Platform: {platform.platform()}",
    ]
    try:
        from kyr.render.html_to_pdf import fast_subsetting_available

        versions = library_versions()
        lines += [f"{name} version: {versions[name]}" for name in versions if name != "kyr"]
        fast = fast_subsetting_available()
        lines.append("Fast font subsetting: " + ("yes (libharfbuzz-subset)" if fast else "no"))
        tagged = "yes" if span_languages.installed() else "no (WeasyPrint version not checked)"
        lines.append(f"Language tags on parts in another language: {tagged}")
    except KyrError as error:  # Pango missing: still say where everything is
        lines.append(f"WeasyPrint: cannot load ({error})")
    source = "checkout" if paths.running_from_checkout() else "installed package"
    lines += [
        f"Data: {paths.data_root()} ({source})",
        f"Templates: {_templates_line()}; rendered in Jinja's sandbox: "
        "templates are data and cannot run code or read files outside their folders",
        f"Locales: {paths.locales_dir()}",
        f"Fonts: {paths.fonts_dir()}",
        f"Sample configuration: {paths.sample_config()}",
        f"Fit cache: {paths.fit_cache_file()}",
    ]
    return lines


def _templates_line() -> str:
    """kyr's own templates, or the overlay and what it falls back to."""
    own = paths.own_templates_dir()
    overlay = paths.templates_overlay()
    if overlay is None:
        return f"{own} (kyr's own)"
    return f"{overlay} (overlay: its files replace kyr's own), then {own} (kyr's own)"
