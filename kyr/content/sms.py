"""How many SMS segments a text takes (3GPP TS 23.038, GSM 03.38): pure counting.

A text made only of the GSM 7-bit default alphabet and its extension table is sent in
septets, an extension character costing two (escape + character): 160 in one message,
153 per segment when concatenated (the user data header takes 7). Any other character
sends the whole text in UCS-2: 70 UTF-16 code units in one message, 67 per segment."""

from __future__ import annotations

from dataclasses import dataclass

#: The GSM 7-bit default alphabet (basic character set), in code order.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
) - {"\x1b"}
#: The extension table: each is sent as escape + character, two septets.
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM_7BIT = "GSM-7"
UCS2 = "UCS-2"


@dataclass(frozen=True)
class SmsCount:
    """What a text costs to send: its encoding, its length in that encoding's units
    (septets, or UTF-16 code units) and its segments."""

    encoding: str
    units: int
    segments: int

    @property
    def summary(self) -> str:
        plural = "s" * (self.segments != 1)
        return f"{self.segments} SMS segment{plural}, {self.encoding}"


def gsm_costs(text: str) -> list[int] | None:
    """Each character's cost in GSM 7-bit septets (2 for the extension table's escape and
    character), or None when `text` needs UCS-2."""
    costs = []
    for char in text:
        if char in GSM_BASIC:
            costs.append(1)
        elif char in GSM_EXTENSION:
            costs.append(2)
        else:
            return None
    return costs


def septets(text: str) -> int | None:
    """`text`'s length in GSM 7-bit septets, or None when it needs UCS-2."""
    costs = gsm_costs(text)
    return None if costs is None else sum(costs)


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _segments(costs: list[int], single: int, per_part: int) -> int:
    """Segments for characters costing `costs` units each: one when all fit `single`,
    else filled in turn up to `per_part`, a character never split between two (an
    extension character's escape and itself, a surrogate pair's halves)."""
    if sum(costs) <= single:
        return 1
    segments, room = 1, per_part
    for cost in costs:
        if cost > room:
            segments, room = segments + 1, per_part
        room -= cost
    return segments


def sms_count(text: str) -> SmsCount:
    """The encoding a phone picks for `text` and how many segments it sends."""
    gsm = gsm_costs(text)
    if gsm is not None:
        return SmsCount(GSM_7BIT, sum(gsm), _segments(gsm, 160, 153))
    costs = [utf16_units(char) for char in text]
    return SmsCount(UCS2, sum(costs), _segments(costs, 70, 67))
