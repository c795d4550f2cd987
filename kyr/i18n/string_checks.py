"""Quality checks on one translated string: pure functions, one problem per line."""

from __future__ import annotations

import re
import unicodedata

_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")
_MARKUP = re.compile(r"<[a-zA-Z/!]|&[a-zA-Z#][a-zA-Z0-9]*;")
#: `%%` (a literal percent) and placeholders, taken out before looking for a lone `%`.
_PERCENT_TOKENS = re.compile(r"%%|%\([a-z_]+\)[sd]")
_PHONE_OR_URL = re.compile(r"https?://\S+|tel:\S+|\+?\d[\d ()\-]{6,}\d")
_FORM_NUMBER = re.compile(r"\b[A-Z]-\d+\b")


def _digits(text: str) -> list[str]:
    """Runs of digits in any script, as ASCII (Arabic-Indic ٤ counts as 4)."""
    runs: list[str] = []
    current = ""
    for char in text:
        value = unicodedata.digit(char, None)
        if value is not None:
            current += str(value)
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


#: Invisible characters a translation may hold: zero-width non-joiner and joiner (Persian,
#: Indic scripts), the left-to-right, right-to-left and Arabic letter marks (a translator's
#: way to place a number or Latin word in right-to-left text), and the soft hyphen.
#: Every other format character is refused, bidi overrides and isolates above all
#: (U+202A-U+202E, U+2066-U+2069): they reorder text so that it prints reversed.
ALLOWED_INVISIBLE = frozenset("\u200c\u200d\u200e\u200f\u061c\u00ad")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def invisible_characters(text: str) -> list[str]:
    """Control, bidi-control and other invisible characters in `text`, as `U+202E NAME`."""
    found = []
    for char in dict.fromkeys(text):
        if unicodedata.category(char) in _REFUSED_CATEGORIES and char not in ALLOWED_INVISIBLE:
            found.append(f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}")
    return found


#: Combining marks (Mn, Me) one letter may carry: the shipped catalogs need 3 at most
#: (Burmese), Vietnamese written decomposed 2. A pile of them draws far outside its line.
MAX_MARKS_PER_LETTER = 4
#: Combining marks a string may have for each letter or digit (Burmese needs 1.2).
MAX_MARKS_PER_BASE = 2


def stacked_marks(text: str) -> str | None:
    """Why `text` has more combining marks than any script needs, or None."""
    run = longest = marks = bases = 0
    for char in text:
        category = unicodedata.category(char)
        if category in ("Mn", "Me"):
            run += 1
            marks += 1
            longest = max(longest, run)
        else:
            run = 0
            bases += category[0] in "LN"
    if longest > MAX_MARKS_PER_LETTER:
        return (
            f"{longest} combining marks on one letter (at most {MAX_MARKS_PER_LETTER}); "
            "they would print over the lines around it"
        )
    if marks > MAX_MARKS_PER_BASE * max(bases, 1):
        return f"{marks} combining marks for {bases} letters (at most {MAX_MARKS_PER_BASE} each)"
    return None


def string_warnings(msgid: str, msgstr: str) -> list[str]:
    """What a reviewer should look at, without refusing the translation: numbers of the
    English that the translation may have written as words (Fifth, Quinta, 第五)."""
    missing = list(_digits(msgid))
    for run in _digits(msgstr):
        if run in missing:
            missing.remove(run)
    if missing:
        return [f"check that the numbers {', '.join(missing)} are kept (as digits or words)"]
    return []


def string_problems(msgid: str, msgstr: str) -> list[str]:
    """Why `msgstr` is not a safe translation of `msgid` (empty list: fine)."""
    problems = []
    invisible = invisible_characters(msgstr)
    if invisible:
        problems.append(
            f"contains a control or invisible character ({', '.join(invisible)}); "
            "only the LRM, RLM and ALM marks, ZWNJ, ZWJ and soft hyphens may be used"
        )
    stacked = stacked_marks(msgstr)
    if stacked:
        problems.append(stacked)
    if sorted(_PLACEHOLDER.findall(msgid)) != sorted(_PLACEHOLDER.findall(msgstr)):
        problems.append("placeholders differ from the English")
    if _MARKUP.search(msgstr) and not _MARKUP.search(msgid):
        problems.append("contains markup (<...> or &...;); write plain text")
    if msgstr.count("**") % 2:
        problems.append("an unpaired ** (key words are marked **like this**)")
    elif msgid.count("**") != msgstr.count("**"):
        problems.append(
            f"mark the key words with ** as the English does ({msgid.count('**') // 2} times)"
        )
    if "%" in _PERCENT_TOKENS.sub("", msgstr):
        problems.append("a lone % sign; write %% for a literal percent")
    expected = list(_digits(msgid))
    extra = []
    for run in _digits(msgstr):
        if run in expected:
            expected.remove(run)
        else:
            extra.append(run)
    if extra:
        problems.append(f"numbers that the English does not have: {', '.join(extra)}")
    for token in _PHONE_OR_URL.findall(msgid) + _FORM_NUMBER.findall(msgid):
        if token not in msgstr:
            problems.append(f"'{token}' must appear unchanged")
    if msgid.strip() and msgstr != msgstr.strip():
        problems.append("leading or trailing spaces")
    return problems
