"""Pinned fonts: fontconfig is pointed at `assets/fonts` only, so no font of the machine
can ever stand in for a missing glyph (that shows as a `.notdef` warning instead)."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from functools import cache
from pathlib import Path

from kyr import paths
from kyr.errors import ExitStatus, KyrError

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


def private_folder(path: Path) -> Path:
    """`path` created with mode 0700, refused unless it is a real folder of ours that
    nobody else can write: another user must not be able to plant links in it."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(path)
    except OSError as error:
        raise KyrError(f"cannot make {path}: {error.strerror}", ExitStatus.ENVIRONMENT) from None
    owner = os.getuid() if hasattr(os, "getuid") else info.st_uid
    if stat.S_ISDIR(info.st_mode) and info.st_uid == owner and info.st_mode & 0o022:
        os.chmod(path, 0o700)  # ours, made by an older kyr or a loose umask
        info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != owner or info.st_mode & 0o022:
        raise KyrError(
            f"{path} is not a private folder of this user (a link, another owner, or "
            "writable by others); remove it",
            ExitStatus.ENVIRONMENT,
        )
    return path


def pin_fonts(font_dir: Path | None = None) -> Path:
    """Write a fontconfig file listing only `font_dir` and point FONTCONFIG_FILE at it.
    It lives in kyr's per-user cache folder (`~/.cache/kyr`, `$XDG_CACHE_HOME/kyr`),
    never in a shared one such as /tmp.

    Must run before WeasyPrint is imported: it loads fontconfig at import time."""
    font_dir = font_dir or paths.fonts_dir()
    key = hashlib.sha256(str(font_dir).encode()).hexdigest()[:12]
    try:
        private_folder(paths.cache_dir())
        home = private_folder(paths.cache_dir() / f"fontconfig-{key}")
    except KyrError:
        if paths.cache_dir().exists():
            raise  # someone else's or unsafe: say so rather than work around it
        home = Path(tempfile.mkdtemp(prefix="kyr-fontconfig-"))  # no home (a container)
    conf = home / "fonts.conf"
    xml = fontconfig_xml(font_dir, home / "cache")
    if not conf.is_file() or conf.is_symlink() or conf.read_text() != xml:
        handle, name = tempfile.mkstemp(prefix=".fonts.", suffix=".tmp", dir=home)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(xml)
            os.replace(name, conf)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
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
