"""Where WeasyPrint broke the lines of a laid-out document, checked against ICU's word
boundaries: reusable for any document, from a fixture paragraph to a real card."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from kyr.i18n.segmenting import WORD_JOINER, ZWSP, boundaries

#: Layout rounding, in CSS px.
SLACK = 0.5


@dataclass(frozen=True)
class Paragraph:
    """The lines of one block container, as laid out."""

    lang: str
    lines: tuple[str, ...]
    overflowing: tuple[str, ...]  # lines wider than their block
    source: str = ""  # the block's text as written, spaces included

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _text_of(line: Any, text_box: type) -> str:
    texts = [box.text for box in line.descendants() if isinstance(box, text_box)]
    return "".join(texts).replace(ZWSP, "").replace(WORD_JOINER, "")


def paragraphs(document: Any) -> list[Paragraph]:
    """Every block's lines in a WeasyPrint Document (kyr's `Renderer.layout`)."""
    from weasyprint.formatting_structure import boxes

    found: list[Paragraph] = []
    for page in document.pages:
        for block in page._page_box.descendants(placeholders=True):
            lines = [child for child in block.children if isinstance(child, boxes.LineBox)]
            if not isinstance(block, boxes.BlockContainerBox) or not lines:
                continue
            right = block.content_box_x() + block.width + SLACK
            texts, wide = [], []
            for line in lines:
                text = _text_of(line, boxes.TextBox)
                texts.append(text)
                ends = [box.position_x + box.width for box in line.descendants()]
                if max(ends, default=0) > right:
                    wide.append(text)
            source = (
                "".join(block.element.itertext()).replace(ZWSP, "").replace(WORD_JOINER, "")
                if block.element is not None
                else ""
            )
            lang = str(block.style["lang"] or "")
            found.append(Paragraph(lang, tuple(texts), tuple(wide), source))
    return found


def _squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _unbreakable(line: str, language: str) -> bool:
    """A line that is one word (plus spaces): only overflowing is possible for it."""
    return not boundaries(line.strip(), language)


def line_break_problems(document: Any, language: str) -> list[str]:
    """Lines of `language` text (by the `lang` of their block) that end where ICU finds
    no line-break opportunity, or stick out of their block although they could break."""
    problems: list[str] = []
    checked = 0
    for paragraph in paragraphs(document):
        if paragraph.lang.split("-")[0] != language.split("-")[0]:
            continue
        checked += 1
        text = paragraph.text
        allowed = set(boundaries(text, language))
        # The source as it lays out: a run of spaces and newlines is one space.
        source = _squashed(paragraph.source)
        offset = 0
        for line, following in pairwise(paragraph.lines):
            offset += len(line)
            # WeasyPrint drops the space a line breaks at: look for it in the source text.
            at_space = bool(
                re.search(
                    re.escape(_squashed(line[-6:])) + r"\s+" + re.escape(_squashed(following[:6])),
                    source,
                )
            )
            if not (
                line[-1:].isspace() or following[:1].isspace() or at_space or offset in allowed
            ):
                problems.append(f"{language}: line broken inside a word: {line!r} | {following!r}")
        for line in paragraph.overflowing:
            if not _unbreakable(line, language):
                problems.append(f"{language}: line overflows its box: {line!r}")
    if not checked:
        problems.append(f"{language}: no text in this language was laid out")
    return problems


def assert_breaks_on_word_boundaries(document: Any, language: str) -> None:
    """Every line break of `language` text in `document` falls on an ICU word boundary,
    and no line overflows its box where it could have broken."""
    problems = line_break_problems(document, language)
    assert not problems, "\n".join(problems)


def _letters(line: str) -> int:
    """Characters of `line` that are not punctuation, spaces or invisible marks."""
    return sum(1 for character in line if unicodedata.category(character)[0] not in "PZC")


def lone_last_characters(document: Any, language: str) -> list[str]:
    """Paragraphs of `language` text (by the `lang` of their block) whose last line holds
    a single character besides punctuation (默。), although the line above could give it
    one: Chinese and Japanese break between any two characters."""
    problems: list[str] = []
    for paragraph in paragraphs(document):
        if paragraph.lang.split("-")[0] != language.split("-")[0] or len(paragraph.lines) < 2:
            continue
        last, above = paragraph.lines[-1], paragraph.lines[-2]
        if _letters(last) == 1 and _letters(above) >= 2:
            problems.append(f"{language}: a paragraph ends on one character: {above!r} | {last!r}")
    return problems


def _ideographic(character: str) -> bool:
    """A Han character or a kana: where Chinese and Japanese lines break."""
    return unicodedata.name(character, "").startswith(("CJK UNIFIED", "HIRAGANA", "KATAKANA"))


def printed_lines(path: Any) -> list[str]:
    """The lines of text a PDF prints, page by page, as its text layer gives them."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    lines: list[str] = []
    for page in document:
        lines += page.get_textpage().get_text_range().replace("\r\n", "\n").split("\n")
    return lines


def printed_line_problems(path: Any, language: str) -> list[str]:
    """From a PDF's own text: Chinese or Japanese lines that break where `language` allows
    no break (Japanese: inside a word, by ICU's boundaries), or a line that is one character
    and its punctuation after a line that could have given it one. Only breaks between two
    Han or kana characters are judged (a Latin line's dropped space is not in the text)."""
    problems: list[str] = []
    for line, following in pairwise(printed_lines(path)):
        if not (line and following and _ideographic(line[-1])):
            continue
        if not (_ideographic(following[0]) or _letters(following[:1]) == 0):
            continue
        if _letters(following) == 1 and _letters(line) >= 2:
            problems.append(f"{language}: a paragraph ends on one character: {following!r}")
        if language.split("-")[0] == "ja":
            tail, head = line[-8:], following[:8]
            if len(tail) not in boundaries(tail + head, language):
                problems.append(f"{language}: line broken inside a word: {line!r} | {following!r}")
    return problems
