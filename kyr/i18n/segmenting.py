"""Where a line may break in scripts written without spaces between words (Thai, Lao,
Khmer, Burmese, Japanese): where ICU's line breaker allows a break and its dictionary-based word
breaker finds a word boundary, through icu4py.

Pango knows no dictionary for Lao or Khmer (and one for Thai only when built with libthai),
so it breaks such text between any two syllables, or not at all; it breaks Japanese between
any two characters (立ち入|り, くだ|さい). kyr finds the word boundaries here and marks them
in the HTML (see `kyr.i18n.catalogs`): each word is kept on one line and a zero-width space
offers the break between words.

ICU's Burmese dictionary cuts words a reader keeps whole: the negation from its verb (မ|ရှိ
"does not have"), a particle from its word (ဖုန်းဆက်|ရန် "to phone", သတင်းပို့|ပါ "report"),
a doubled word (မြန်|မြန် "quickly"), a loanword into syllables (အ|မေ|ရိ|ကန်). So a Burmese
line breaks at a space, or between two words of two syllables or more.

Chinese and Japanese break between characters: `keep_last_characters` keeps a message's
last two together, so no paragraph ends on one character and its full stop (默。)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

#: ISO 15924 codes of the scripts written without spaces between words, for which a
#: language segments by default (`segment` in locales/languages.toml can say otherwise).
UNSPACED_SCRIPTS = frozenset({"Thai", "Laoo", "Khmr", "Mymr", "Jpan"})

#: Scripts that break between any two characters (Chinese, Japanese): a message's last
#: two characters are kept on one line.
IDEOGRAPHIC_SCRIPTS = frozenset({"Hans", "Hant", "Jpan"})

#: Zero width space: a line-break opportunity that prints nothing.
ZWSP = "\u200b"

#: Word joiner: no line break on either side, prints nothing (ICU and Pango honour it).
WORD_JOINER = "\u2060"


def segmenter_version() -> str:
    """The installed icu4py's version (it bundles its own ICU and dictionaries)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("icu4py")
    except PackageNotFoundError:
        return "not installed"


def _line_locale(locale: str) -> str:
    """ICU's line-breaking locale: Japanese by the strict rules (kinsoku: no line starts
    with a small kana like ッ or a prolonged sound mark ー)."""
    return f"{locale}@lb=strict" if locale.split("-")[0] == "ja" else locale


def boundaries(text: str, locale: str) -> tuple[int, ...]:
    """Offsets in `text` (0 < offset < len(text)) where ICU allows a line break and finds
    a word boundary, in order. A break falls after any spaces, so a segment keeps its
    trailing space."""
    return _boundaries(text, locale)


def _offsets(segments_found: object) -> set[int]:
    offsets, offset = set(), 0
    for segment in segments_found:  # type: ignore[attr-defined]
        offset += len(segment)
        offsets.add(offset)
    return offsets


@lru_cache(maxsize=4096)
def _boundaries(text: str, locale: str) -> tuple[int, ...]:
    from icu4py.breakers import LineBreaker, WordBreaker

    breaks = _offsets(LineBreaker(text, _line_locale(locale)))
    words = _offsets(WordBreaker(text, locale))
    found = sorted(offset for offset in breaks & words if offset < len(text))
    if locale.split("-")[0] == "my":
        found = _burmese_breaks(text, found)
    if locale.split("-")[0] == "ja":  # hiragana belongs to the word before it
        found = [cut for cut in found if not _HIRAGANA.match(text[cut])]
    return tuple(found)


#: Hiragana: okurigana, particles and endings, which ICU's dictionary cuts (くだ|さい,
#: 歩|かない) and which stay with the word before them, so a Japanese line breaks only
#: before a kanji, katakana or Latin word, or after punctuation.
_HIRAGANA = re.compile("[\u3041-\u309f]")


#: A Burmese letter that starts a syllable: a consonant (U+1000-U+1021, U+103F), an
#: independent vowel (U+1023-U+102A) or the symbol ၎ (U+104E), unless a killer (asat
#: U+103A, maybe after a tone mark) or a stacking virama (U+1039) follows it, or a virama
#: precedes it (the second consonant of a stack).
_SYLLABLE = re.compile(
    r"(?<!\u1039)[\u1000-\u1021\u1023-\u102a\u103f\u104e](?![\u1037\u1038]*[\u103a\u1039])"
)


def syllables(text: str) -> int:
    """How many Burmese syllables `text` has."""
    return len(_SYLLABLE.findall(text))


def _burmese_breaks(text: str, found: list[int]) -> list[int]:
    """The breaks of `found` that fall after a space, or between two words of at least two
    syllables each (a one-syllable word is a particle, a negation, a doubled word's half
    or a syllable of a word ICU does not know)."""
    cuts = [0, *found, len(text)]
    kept = []
    for index, cut in enumerate(found):
        left, right = text[cuts[index] : cut], text[cut : cuts[index + 2]]
        if text[cut - 1].isspace() or (_whole_word(left) and _whole_word(right)):
            kept.append(cut)
    return kept


def _whole_word(word: str) -> bool:
    count = syllables(word)
    return count >= 2 or (count == 0 and bool(word.strip()))


def segments(text: str, locale: str) -> list[str]:
    """`text` cut at every line-break opportunity kyr keeps (the spaces stay attached)."""
    cuts = [0, *boundaries(text, locale), len(text)]
    return [text[start:end] for start, end in pairwise(cuts) if end > start]


def _is_letter(character: str) -> bool:
    """A character that counts on a line: not punctuation, a space, an invisible mark or
    a `*` emphasis marker."""
    return not (character == "*" or unicodedata.category(character)[0] in "PZC")


def keep_last_characters(text: str) -> str:
    """`text` with a word joiner before its last character (looking past closing
    punctuation and `**` markers): set in Chinese or Japanese, a last line holds at least
    two characters besides the punctuation. A space before the last character is left a
    break."""
    letters = [index for index, character in enumerate(text) if _is_letter(character)]
    if len(letters) < 2:
        return text
    before, last = letters[-2], letters[-1]
    if any(character.isspace() for character in text[before + 1 : last]):
        return text
    return text[:last] + WORD_JOINER + text[last:]
