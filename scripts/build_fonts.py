#!/usr/bin/env python3
"""Regenerate assets/fonts/ from the Debian packages fonts-noto-core and fonts-noto-cjk.

Non-CJK faces are copied byte for byte. The CJK faces are pulled out of the Noto Sans CJK
collections and subset to a common character set plus every character of the msgstrs of
the catalogs whose language (or a language falling back to it) lists that face in its
`fonts` in locales/languages.toml: the Japanese face follows the ja catalog, the Korean
face the ko catalog. Re-run this after those translations change:

    .venv/bin/python scripts/build_fonts.py

The output is deterministic: the same Debian files and catalogs give byte-identical fonts.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "assets" / "fonts"
LOCALES = ROOT / "locales"

NOTO_CORE = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
CORE_PACKAGE = "fonts-noto-core"
CJK_PACKAGE = "fonts-noto-cjk"
OFL_SOURCE = Path("/usr/share/doc/fonts-noto-cjk/copyright")
WEIGHTS = ("Regular", "Bold")
FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".otc"}


@dataclass(frozen=True)
class CoreFamily:
    """A family copied unchanged from fonts-noto-core."""

    stem: str  # file name before "-Regular.ttf"
    covers: str


@dataclass(frozen=True)
class CjkFace:
    """One face of the Noto Sans CJK collection, subset to `common` plus catalog text."""

    tag: str  # "sc", "tc", "kr", "jp": file name part and family suffix
    common_name: str


CORE_FAMILIES = (
    CoreFamily("NotoSans", "Latin (incl. Vietnamese), Cyrillic, Greek"),
    CoreFamily("NotoNaskhArabic", "Arabic script: Arabic, Persian, Pashto"),
    CoreFamily("NotoNastaliqUrdu", "Urdu (Nastaliq style)"),
    CoreFamily("NotoSansDevanagari", "Devanagari: Hindi, Nepali, Marathi"),
    CoreFamily("NotoSansGurmukhi", "Gurmukhi: Punjabi"),
    CoreFamily("NotoSansEthiopic", "Ethiopic: Amharic, Tigrinya"),
    CoreFamily("NotoSansBengali", "Bengali: Bengali, Assamese"),
    CoreFamily("NotoSansMyanmar", "Myanmar: Burmese"),
    CoreFamily("NotoSansKhmer", "Khmer"),
    CoreFamily("NotoSansThai", "Thai"),
    CoreFamily("NotoSansLao", "Lao"),
    CoreFamily("NotoSansArmenian", "Armenian"),
    CoreFamily("NotoSansGeorgian", "Georgian"),
    CoreFamily("NotoSansTamil", "Tamil"),
    CoreFamily("NotoSansTelugu", "Telugu"),
    CoreFamily("NotoSansGujarati", "Gujarati"),
)

CJK_FACES = (
    CjkFace("sc", "GB2312 level-1 hanzi (3755) and GB2312 symbol rows"),
    CjkFace("tc", "Big5 level-1 frequently used hanzi (5401) and Big5 symbols"),
    CjkFace("kr", "KS X 1001 Hangul syllables (2350), symbol rows and compatibility jamo"),
    CjkFace("jp", "JIS X 0208 level-1 kanji (2965), kana and symbol rows"),
)

# Pashto letters beyond the Arabic/Persian alphabet; checked in the Arabic face.
PASHTO_LETTERS = "ټډړږښګڼېۍځڅ"

# Subsetter settings, fixed so the output does not depend on fontTools defaults drifting.
SUBSET_OPTIONS = {
    "layout_features": ["*"],
    "layout_scripts": ["*"],
    "name_IDs": ["*"],
    "name_languages": ["*"],
    "name_legacy": True,
    "notdef_glyph": True,
    "notdef_outline": True,
    "hinting": True,
    "desubroutinize": False,
    "glyph_names": True,
    "legacy_kern": True,
    "symbol_cmap": True,
    "prune_unicode_ranges": True,
    "recalc_bounds": False,
    "recalc_timestamp": False,
    "drop_tables": ["JSTF", "DSIG", "EBDT", "EBLC", "EBSC", "PCLT", "LTSH"],
}


def _range(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


SHARED_RANGES = (
    _range(0x0020, 0x007E)  # ASCII
    | _range(0x00A0, 0x00FF)  # Latin-1 Supplement
    | _range(0x2000, 0x206F)  # General Punctuation
    | _range(0x3000, 0x303F)  # CJK Symbols and Punctuation
    | _range(0xFF00, 0xFFEF)  # Halfwidth and Fullwidth Forms
)


def _decode_double_byte(
    codec: str, leads: Iterable[int], trails: Iterable[int], last: int | None = None
) -> set[int]:
    """Code points of every valid two-byte code `lead trail` in `codec` (up to `last`)."""
    trails = list(trails)
    found: set[int] = set()
    for lead in leads:
        for trail in trails:
            if last is not None and (lead << 8 | trail) > last:
                return found
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.add(ord(text))
    return found


def common_codepoints(tag: str) -> set[int]:
    """The fixed character set each CJK subset must cover (without catalog text)."""
    euc_trails = range(0xA1, 0xFF)
    if tag == "sc":
        hanzi = _decode_double_byte("gb2312", range(0xB0, 0xD8), euc_trails)
        symbols = _decode_double_byte("gb2312", range(0xA1, 0xAA), euc_trails)
        return SHARED_RANGES | hanzi | symbols
    if tag == "tc":
        big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
        hanzi = _decode_double_byte("big5", range(0xA4, 0xC7), big5_trails, last=0xC67E)
        symbols = _decode_double_byte("big5", range(0xA1, 0xA4), big5_trails, last=0xA3BF)
        return SHARED_RANGES | hanzi | symbols
    if tag == "kr":
        hangul = _decode_double_byte("euc_kr", range(0xB0, 0xC9), euc_trails)
        symbols = _decode_double_byte("euc_kr", range(0xA1, 0xAD), euc_trails)
        return SHARED_RANGES | hangul | symbols | _range(0x3130, 0x318F)
    if tag == "jp":
        kanji = _decode_double_byte("euc_jp", range(0xB0, 0xD0), euc_trails)
        symbols = _decode_double_byte("euc_jp", range(0xA1, 0xA9), euc_trails)
        kana = _range(0x3040, 0x30FF) | _range(0x31F0, 0x31FF)
        return SHARED_RANGES | kanji | symbols | kana
    raise ValueError(f"unknown CJK face {tag!r}")


def catalog_files() -> list[Path]:
    return sorted(LOCALES.glob("**/*.po"))


def face_catalogs(tag: str) -> list[Path]:
    """The catalogs whose text is set in CJK face `tag`: those of the languages that list
    it in their `fonts`, and of the languages those fall back to."""
    with (LOCALES / "languages.toml").open("rb") as handle:
        rows = tomllib.load(handle).get("language", [])
    by_code = {row["code"]: row for row in rows}
    codes: list[str] = []
    for row in rows:
        code = row["code"] if cjk_family(tag) in row.get("fonts", []) else None
        while code in by_code and code not in codes:
            codes.append(code)
            code = by_code[code].get("fallback", "en")
    found = [LOCALES / code.replace("-", "_") / "LC_MESSAGES" / "messages.po" for code in codes]
    return sorted(path for path in found if path.exists())


def catalog_characters(paths: Iterable[Path] | None = None) -> set[int]:
    """Every code point in any msgstr of `paths` (default: locales/**/*.po)."""
    found: set[int] = set()
    for path in catalog_files() if paths is None else paths:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:  # the header entry
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                found.update(ord(ch) for ch in text or "")
    return found


def package_version(package: str) -> str:
    try:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def cjk_source(weight: str) -> Path:
    return NOTO_CJK / f"NotoSansCJK-{weight}.ttc"


def cjk_face_index(collection: Path, family: str) -> int:
    """Index of the face whose family name (name ID 1) is `family` in a .ttc."""
    faces = TTCollection(collection, lazy=True)
    try:
        for index, font in enumerate(faces.fonts):
            if font["name"].getDebugName(1) == family:
                return index
    finally:
        faces.close()
    raise SystemExit(f"build_fonts: no face {family!r} in {collection}")


def cjk_family(tag: str) -> str:
    return f"Noto Sans CJK {tag.upper()}"


def subset_cjk(source: Path, index: int, unicodes: set[int]) -> bytes:
    font = TTFont(source, fontNumber=index, recalcTimestamp=False, recalcBBoxes=False)
    created, modified = font["head"].created, font["head"].modified
    options = subset.Options(**SUBSET_OPTIONS)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    # Keep the upstream timestamps so the output depends on nothing but the inputs.
    font["head"].created, font["head"].modified = created, modified
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    font.close()
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def ofl_text(copyrights: Iterable[str]) -> str:
    """The SIL OFL 1.1, as shipped in the fonts-noto-cjk copyright file."""
    lines = OFL_SOURCE.read_text(encoding="utf-8").splitlines()
    # The stand-alone license paragraph: the "License:" line followed by indented text.
    starts = [
        i + 1
        for i, line in enumerate(lines[:-1])
        if line == "License: SIL-1.1" and lines[i + 1].startswith(" ")
    ]
    if not starts:
        raise SystemExit(f"build_fonts: no OFL 1.1 text found in {OFL_SOURCE}")
    start = starts[0]
    body: list[str] = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    if not any("SIL OPEN FONT LICENSE Version 1.1" in line for line in body):
        raise SystemExit(f"build_fonts: no OFL 1.1 text found in {OFL_SOURCE}")
    header = [*sorted(set(copyrights)), ""]
    header += [
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.",
        "This license is copied below, and is also available with a FAQ at:",
        "https://openfontlicense.org",
        "",
    ]
    return "\n".join(header + body).rstrip() + "\n"


@dataclass(frozen=True)
class Built:
    path: Path
    family: str
    package: str
    source: str
    covers: str


def build_core() -> Iterator[Built]:
    for family in CORE_FAMILIES:
        for weight in WEIGHTS:
            source = NOTO_CORE / f"{family.stem}-{weight}.ttf"
            if not source.exists():
                print(f"build_fonts: missing {source}; no {weight} for {family.stem}")
                continue
            target = OUT / source.name
            write_if_changed(target, source.read_bytes())
            yield Built(target, family_name(target), CORE_PACKAGE, str(source), family.covers)


def build_cjk() -> Iterator[Built]:
    for face in CJK_FACES:
        catalogs = face_catalogs(face.tag)
        unicodes = common_codepoints(face.tag) | catalog_characters(catalogs)
        names = ", ".join(path.parent.parent.name for path in catalogs) or "none"
        for weight in WEIGHTS:
            source = cjk_source(weight)
            index = cjk_face_index(source, cjk_family(face.tag))
            target = OUT / f"NotoSansCJK{face.tag}-{weight}.otf"
            print(f"build_fonts: subsetting {target.name} ...", flush=True)
            write_if_changed(target, subset_cjk(source, index, unicodes))
            covers = (
                f"{face.common_name}; ASCII, Latin-1, punctuation, full-width forms; "
                f"the text of catalogs: {names}"
            )
            yield Built(
                target, family_name(target), CJK_PACKAGE, f"{source} (face {index})", covers
            )


def family_name(path: Path) -> str:
    font = TTFont(path, lazy=True)
    try:
        return font["name"].getDebugName(1) or "?"
    finally:
        font.close()


def cmap_of(path: Path) -> set[int]:
    font = TTFont(path, lazy=True)
    try:
        found: set[int] = set()
        for table in font["cmap"].tables:
            if table.isUnicode():
                found.update(table.cmap)
        return found
    finally:
        font.close()


def verify(built: list[Built], catalog: set[int]) -> list[str]:
    """Check the coverage promises; return problems (empty when all is well)."""
    problems: list[str] = []
    for item in built:
        match = re.fullmatch(r"NotoSansCJK(\w\w)-\w+\.otf", item.path.name)
        if match:
            tag = match.group(1)
            if item.family != cjk_family(tag):
                problems.append(f"{item.path.name}: family is {item.family!r}")
            # Characters the full upstream face lacks cannot be in the subset either.
            source = cjk_source(item.path.stem.split("-")[1])
            upstream = cmap_of_face(source, cjk_face_index(source, cjk_family(tag)))
            wanted = common_codepoints(tag) & upstream
            missing = wanted - cmap_of(item.path)
            if missing:
                sample = "".join(chr(c) for c in sorted(missing)[:20])
                problems.append(f"{item.path.name}: {len(missing)} common chars missing: {sample}")
        if item.path.name.startswith("NotoNaskhArabic"):
            absent = [ch for ch in PASHTO_LETTERS if ord(ch) not in cmap_of(item.path)]
            if absent:
                problems.append(f"{item.path.name}: Pashto letters missing: {''.join(absent)}")
    covered: set[int] = set()
    for item in built:
        covered |= cmap_of(item.path)
    uncovered = sorted(
        c for c in catalog - covered if not chr(c).isspace() and not _is_format(chr(c))
    )
    if uncovered:
        text = " ".join(f"U+{c:04X}" for c in uncovered[:40])
        print(f"build_fonts: warning: catalog characters no bundled font maps: {text}")
    return problems


def _is_format(ch: str) -> bool:
    return unicodedata.category(ch) in {"Cc", "Cf"} or 0xFE00 <= ord(ch) <= 0xFE0F


def cmap_of_face(collection: Path, index: int) -> set[int]:
    font = TTFont(collection, fontNumber=index, lazy=True)
    try:
        return set(font.getBestCmap())
    finally:
        font.close()


def readme(built: list[Built], catalogs: list[Path]) -> str:
    versions = {pkg: package_version(pkg) for pkg in (CORE_PACKAGE, CJK_PACKAGE)}
    lines = [
        "# Bundled fonts",
        "",
        "Generated by `scripts/build_fonts.py` from the Debian packages",
        f"`{CORE_PACKAGE}` {versions[CORE_PACKAGE]} and `{CJK_PACKAGE}` {versions[CJK_PACKAGE]}.",
        "Do not edit these files by hand. Licensed under the SIL Open Font License 1.1,",
        "see `OFL.txt`.",
        "",
        "| File | Family | Package | Size | SHA-256 (first 16) | Covers |",
        "| --- | --- | --- | ---: | --- | --- |",
    ]
    for item in built:
        data = item.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:16]
        lines.append(
            f"| `{item.path.name}` | {item.family} | `{item.package}` {versions[item.package]} "
            f"| {len(data) / 1024:,.0f} KiB | `{digest}` | {item.covers} |"
        )
    total = sum(item.path.stat().st_size for item in built)
    lines += [
        "",
        f"Total: {total / 1024 / 1024:.1f} MiB.",
        "",
        "The `Noto*` `.ttf` files are unmodified copies of the Debian files. The",
        "`NotoSansCJK*.otf` files are single faces taken from `NotoSansCJK-Regular.ttc` and",
        "`NotoSansCJK-Bold.ttc`, subset with fontTools (all OpenType layout features such as",
        "`locl` and `vert` kept, all names kept, upstream `head` timestamps kept) to:",
        "",
        "- ASCII, Latin-1, General Punctuation, CJK Symbols and Punctuation, Halfwidth and",
        "  Fullwidth Forms;",
        "- the common set named in the table;",
        "- every character of every `msgstr` in the catalogs of the languages whose `fonts`",
        "  (in `locales/languages.toml`) list the face, and of the languages they fall back",
        f"  to (named in the table; {len(catalogs)} catalog(s) in `locales/` at the last build).",
        "",
        "## Regenerating",
        "",
        "Install `fonts-noto-core` and `fonts-noto-cjk`, then run",
        "",
        "    .venv/bin/python scripts/build_fonts.py",
        "",
        "Re-run it whenever a Chinese, Japanese or Korean catalog changes (or a language",
        "starts using a CJK face) so the subsets keep covering the text.",
        "The build is deterministic: the same Debian files and catalogs give byte-identical",
        "output.",
    ]
    return "\n".join(lines) + "\n"


def remove_stale(keep: set[Path]) -> None:
    for path in sorted(OUT.iterdir()):
        if path.suffix.lower() in FONT_SUFFIXES and path not in keep:
            print(f"build_fonts: removing stale {path.name}")
            path.unlink()


def main() -> int:
    for required in (NOTO_CORE, cjk_source("Regular"), cjk_source("Bold"), OFL_SOURCE):
        if not required.exists():
            print(
                f"build_fonts: {required} not found; install {CORE_PACKAGE} and {CJK_PACKAGE}",
                file=sys.stderr,
            )
            return 1
    OUT.mkdir(parents=True, exist_ok=True)
    catalogs = catalog_files()
    catalog = catalog_characters()
    built = [*build_core(), *build_cjk()]
    remove_stale({item.path for item in built})

    copyrights = []
    for item in built:
        font = TTFont(item.path, lazy=True)
        copyrights.append(font["name"].getDebugName(0) or "")
        font.close()
    write_if_changed(OUT / "OFL.txt", ofl_text(c for c in copyrights if c).encode())
    write_if_changed(OUT / "README.md", readme(built, catalogs).encode())

    problems = verify(built, catalog)
    total = 0
    for item in built:
        size = item.path.stat().st_size
        total += size
        print(f"{item.path.name:36} {size / 1024:8,.0f} KiB  {item.family}")
    print(f"{'total':36} {total / 1024 / 1024:8.1f} MiB")
    for problem in problems:
        print(f"build_fonts: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
