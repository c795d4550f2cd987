"""Pinned fonts: fontconfig is pointed at `assets/fonts` only, so no font of the machine
can ever stand in for a missing glyph (that shows as a `.notdef` warning instead)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

from kyr import paths

FONT_SUFFIXES = (".ttf", ".otf")


def fontconfig_xml(font_dir: Path, cache_dir: Path) -> str:
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{font_dir}</dir>\n"
        f"  <cachedir>{cache_dir}</cachedir>\n"
        "</fontconfig>\n"
    )


def pin_fonts(font_dir: Path | None = None) -> Path:
    """Write a fontconfig file listing only `font_dir` and point FONTCONFIG_FILE at it.

    Must run before WeasyPrint is imported: it loads fontconfig at import time."""
    font_dir = font_dir or paths.fonts_dir()
    key = hashlib.sha256(str(font_dir).encode()).hexdigest()[:12]
    home = Path(tempfile.gettempdir()) / f"kyr-fontconfig-{key}"
    home.mkdir(parents=True, exist_ok=True)
    conf = home / "fonts.conf"
    xml = fontconfig_xml(font_dir, home / "cache")
    if not conf.exists() or conf.read_text() != xml:
        temporary = conf.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(xml)
        temporary.replace(conf)
    os.environ["FONTCONFIG_FILE"] = str(conf)
    os.environ.pop("FONTCONFIG_PATH", None)
    return conf


def font_files(font_dir: Path | None = None) -> dict[str, list[Path]]:
    """Bundled font files by family name (from each font's name table)."""
    return _font_files(font_dir or paths.fonts_dir())


@cache
def _font_files(font_dir: Path) -> dict[str, list[Path]]:
    from fontTools.ttLib import TTFont

    families: dict[str, list[Path]] = {}
    for path in sorted(font_dir.iterdir()) if font_dir.is_dir() else []:
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        with TTFont(path, lazy=True) as font:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1)
        families.setdefault(str(family), []).append(path)
    return families


def files_for_families(families: tuple[str, ...], font_dir: Path | None = None) -> list[Path]:
    available = font_files(font_dir or paths.fonts_dir())
    return [path for family in families for path in available.get(family, [])]
