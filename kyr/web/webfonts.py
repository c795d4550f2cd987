"""The site's own web fonts (`kyr site`): kyr's bundled Noto fonts, cut down with
fontTools to exactly the characters its pages show and written as WOFF2, so that every
script reads on a phone or computer that has none of its fonts.

    OUT/fonts/fonts.css      an @font-face per face (with its unicode-range) and a class
                             per script giving that script's font stack
    OUT/fonts/*.woff2        the faces: a regular one from the pages' text, a bold one
                             from the text of their headings and bold words
    OUT/fonts/OFL.txt        the fonts' licence, which goes with them

The bytes are the same on every run with the same text: fontTools keeps the fonts' own
`head.modified` (no timestamp is recalculated) and Brotli is deterministic."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kyr import paths
from kyr.i18n.languages import Language, font_stack

FOLDER = "fonts"
STYLESHEET = "fonts.css"
LICENCE = "OFL.txt"
#: Elements whose text the site's stylesheet sets in bold.
BOLD_ELEMENTS = frozenset({"h1", "h2", "h3", "h4", "strong", "b", "th"})
#: Elements whose text is never drawn.
HIDDEN_ELEMENTS = frozenset({"style", "script", "title"})
#: Attributes whose text a browser may draw: an image's alt text when it cannot load
#: it, the copy button's words that the page's script puts on it.
DRAWN_ATTRIBUTES = ("alt", "data-copy", "data-copied")
#: Name records kept: the fonts' names, copyright and licence (OFL asks for them).
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


@dataclass
class PageText:
    """The characters pages draw: all of them, and those drawn in bold."""

    regular: set[str] = field(default_factory=set)
    bold: set[str] = field(default_factory=set)


class _TextCollector(HTMLParser):
    def __init__(self, text: PageText) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.bold = 0
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.bold += tag in BOLD_ELEMENTS
        self.hidden += tag in HIDDEN_ELEMENTS
        for name, value in attrs:
            if name in DRAWN_ATTRIBUTES and value:
                self.text.regular.update(value)

    def handle_endtag(self, tag: str) -> None:
        self.bold -= tag in BOLD_ELEMENTS and self.bold > 0
        self.hidden -= tag in HIDDEN_ELEMENTS and self.hidden > 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            (self.text.bold if self.bold else self.text.regular).update(data)


def page_text(pages: Iterable[str]) -> PageText:
    """The characters `pages` (HTML) draw, whitespace aside."""
    text = PageText()
    for page in pages:
        collector = _TextCollector(text)
        collector.feed(page)
        collector.close()
    for chars in (text.regular, text.bold):
        chars.difference_update(" \t\r\n")
    return text


@dataclass(frozen=True)
class Face:
    family: str
    weight: str  # "normal" or "bold"
    file: str  # in FOLDER
    codepoints: tuple[int, ...]


def families(languages: Iterable[Language]) -> list[str]:
    """The families the pages' languages use, Noto Sans (the page's own) first."""
    return list(dict.fromkeys(["Noto Sans", *(f for lang in languages for f in lang.fonts)]))


def subset_faces(names: list[str], text: PageText) -> dict[Face, bytes]:
    """Each family's faces cut to the characters of `text` it has (a face none of whose
    characters the pages draw is left out); a family without a bold face draws bold
    text from its regular one (the browser thickens it)."""
    from kyr.web.ui import font_files

    bundled = font_files()
    faces: dict[Face, bytes] = {}
    for family in names:
        files = bundled.get(family, {})
        for weight, name in sorted(files.items()):
            wanted = text.bold if weight == "bold" else text.regular
            if weight == "normal" and "bold" not in files:
                wanted = text.regular | text.bold
            face = _subset(family, weight, name, wanted)
            if face is not None:
                faces[face[0]] = face[1]
    return faces


def _subset(family: str, weight: str, name: str, chars: set[str]) -> tuple[Face, bytes] | None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with TTFont(paths.fonts_dir() / name, recalcTimestamp=False) as font:
        codepoints = sorted(set(map(ord, chars)) & set(font.getBestCmap()))
        if not codepoints:
            return None
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]  # shaping: joining forms, conjuncts, marks
        options.name_IDs = list(NAME_IDS)
        options.hinting = False
        options.desubroutinize = True
        options.recalc_timestamp = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        font.flavor = "woff2"
        stream = io.BytesIO()
        font.save(stream, reorderTables=True)
    file = name.rsplit(".", 1)[0] + ".woff2"
    return Face(family, weight, file, tuple(codepoints)), stream.getvalue()


def unicode_range(codepoints: tuple[int, ...]) -> str:
    """`codepoints` (sorted) as a CSS unicode-range: runs joined (`U+41-5A, U+61`)."""
    runs: list[list[int]] = []
    for point in codepoints:
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ", ".join(
        f"U+{first:X}" if first == last else f"U+{first:X}-{last:X}" for first, last in runs
    )


def fonts_css(faces: Iterable[Face], languages: Iterable[Language]) -> str:
    """The stylesheet: each face, then a class per script and a selector per language
    with its font stack."""
    from kyr.web.ui import script_class

    rules = [
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-display: swap; src: url("{face.file}") format("woff2"); '
        f"unicode-range: {unicode_range(face.codepoints)}; }}"
        for face in faces
    ]
    languages = list(languages)
    stacks = {f".{script_class(lang)}": font_stack(lang.fonts) for lang in languages}
    # Any element marked with a language gets that language's stack (the statement in
    # English inside an Arabic page, a product named in English), after the classes.
    stacks.update({f'[lang="{lang.code}"]': font_stack(lang.fonts) for lang in languages})
    rules += [f"{where} {{ font-family: {stack}, sans-serif; }}" for where, stack in stacks.items()]
    return "\n".join(rules) + "\n"


def font_folder(pages: Iterable[str], languages: list[Language]) -> dict[str, bytes]:
    """The fonts folder's files (by name) for `pages` in `languages`."""
    faces = subset_faces(families(languages), page_text(pages))
    files = {face.file: data for face, data in faces.items()}
    files[STYLESHEET] = fonts_css(faces, languages).encode("utf-8")
    files[LICENCE] = (paths.fonts_dir() / LICENCE).read_bytes()
    return files
