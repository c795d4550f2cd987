"""Left-to-right runs inside right-to-left text: the Latin letters and codes a translation
keeps ("(U.S. District Court)", "I-205", "ICE"), found so that kyr can isolate them when it
renders the string. Translators write plain text and never mark them.

WeasyPrint lays out each line on its own, so a neutral character at a line's edge (the
dot of "U.S." before a line break) takes the paragraph's direction and moves to the
wrong end; a multi-word run cut by a line break reads in two halves. An isolated run is
set as one left-to-right box (`.ltr-run`, templates/_base.html): whole on one line,
its brackets and dots where they belong."""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

#: Bidi classes a left-to-right run may go on through once it has begun: letters, digits,
#: number separators and terminators, marks, spaces and other neutrals. A right-to-left
#: letter (R, AL) or an Arabic digit (AN) ends it.
_WITHIN = frozenset({"L", "EN", "ES", "ET", "CS", "NSM", "WS", "ON", "BN"})
#: What a run may end with: a letter or digit (trailing spaces and punctuation belong to
#: the right-to-left sentence around it), or the dot of an abbreviation such as "U.S.".
_ENDS = frozenset({"L", "EN"})
_ABBREVIATION = re.compile(r"(?:\b\w\.){2,}$")
_PAIRS = {"(": ")", "[": "]", "«": "»", "“": "”", '"': '"'}
#: Emphasis markers (kyr.i18n.catalogs.EMPHASIS) are not part of a run.
_STOP = "*"


def _is_strong_ltr(char: str) -> bool:
    return unicodedata.bidirectional(char) == "L"


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of `text`'s left-to-right runs: each begins at a strong
    left-to-right letter and ends at its last letter or digit before a right-to-left
    letter, with an abbreviation's final dot and the brackets that enclose it exactly."""
    runs = []
    index = 0
    while index < len(text):
        if not _is_strong_ltr(text[index]):
            index += 1
            continue
        start = end = index
        while end < len(text) and text[end] != _STOP:
            if unicodedata.bidirectional(text[end]) not in _WITHIN:
                break
            end += 1
        while end > start and unicodedata.bidirectional(text[end - 1]) not in _ENDS:
            end -= 1
        if end < len(text) and text[end] == "." and _ABBREVIATION.search(text[start : end + 1]):
            end += 1
        opening = text[start - 1] if start > 0 else ""
        if opening in _PAIRS and text[end : end + 1] == _PAIRS[opening]:
            start, end = start - 1, end + 1
        runs.append((start, end))
        index = end
    return runs


def isolate_ltr_runs(text: str) -> Markup:
    """`text` escaped, each left-to-right run in a `<span class="ltr-run" dir="ltr">`."""
    pieces = []
    last = 0
    for start, end in ltr_runs(text):
        pieces.append(escape(text[last:start]))
        pieces.append(Markup('<span class="ltr-run" dir="ltr">%s</span>') % text[start:end])
        last = end
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)
