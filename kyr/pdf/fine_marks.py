"""Fine marks in print-shop files: black text overprints, and small text and thin rules
print in at most two inks. A step of the print-shop pass (kyr/pdf/print_shop.py), run on
each content stream after its colours are CMYK.

**Black overprints.** Text and thin rules in pure black (0 0 0 1) are painted under an
ExtGState with overprint on (/OP true /op true /OPM 1): the black ink is printed on top of
what lies beneath (the statement's tint, a red rule) instead of leaving a hole in the other
plates. A hole must meet the black exactly; on a press it never quite does, and a white
halo shows round every letter. Everything else (fills, images, tints, white, colours) keeps
knocking out, so a white box over a tint stays white. Registration-colour crop marks are a
separation, not black ink, and are left alone.

**At most two inks under 12 pt.** Each ink is a separate plate, and plates land up to
0.1 mm apart. On large type that shows nowhere; on 7 pt numerals or a 0.85 pt rule a third
ink, and a black one above all, leaves a visible fringe. So text under 12 pt and rules or
strokes under 1 pt thick, when their colour has three or four inks, print in two:
- the brand red (0 90 85 30 in large type and fills, where its depth shows) as 0 100 100 0,
  magenta and yellow solid: the darkest red two inks make, the one a print designer picks for
  red type on coated stock, and solids hold their colour on press where screened tints
  shift. It reads a little brighter than the large red; without black or cyan no red is
  darker, and a yellow fringe is invisible where a black one is not;
- any other colour (none in kyr's templates today) keeps its two strongest inks.
Pure black and greys are one ink already.

Sizes are measured as printed: font size and line width through the text and
transformation matrices, the thickness of a filled rule from its rectangles."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

#: Below this size (points) text prints in at most two inks.
SMALL_TEXT_PT = 12.0
#: Rules and strokes thinner than this (points) print in at most two inks.
THIN_RULE_PT = 1.0
#: The brand red's mix for small text and thin rules (see the module's docstring).
FINE_RED_CMYK = (0.0, 1.0, 1.0, 0.0)
BLACK = (0.0, 0.0, 0.0, 1.0)
OVERPRINT = "/KyrOverprint"
KNOCKOUT = "/KyrKnockout"

Matrix = tuple[float, float, float, float, float, float]
#: The two-ink mix chosen for a colour of three or four inks (brand red: FINE_RED_CMYK).
Mixes = Mapping[tuple[float, ...], tuple[float, ...]]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
_PATH_CONSTRUCTION = {"m", "l", "c", "v", "y", "h", "re", "W", "W*"}
_STROKING = {"S", "s", "B", "B*", "b", "b*"}
_FILLING = {"f", "F", "f*", "B", "B*", "b", "b*"}
_IMAGES = {"Do", "sh", "INLINE IMAGE"}


def multiply(first: Matrix, second: Matrix) -> Matrix:
    """`first` applied, then `second` (PDF's row-vector convention)."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = second
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)  # fmt: skip


def scale(matrix: Matrix) -> float:
    """How much `matrix` enlarges a length (the root of its area factor)."""
    return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))


def ink_count(values: tuple[float, ...]) -> int:
    return sum(1 for value in values if value > 0)


def two_inks(values: tuple[float, ...], mixes: Mixes) -> tuple[float, ...]:
    """`values` (CMYK) in at most two inks: as `mixes` says (the fine red for the brand
    red), else its two strongest inks."""
    if ink_count(values) <= 2:
        return values
    if values in mixes:
        return mixes[values]
    kept = sorted(range(4), key=lambda index: -values[index])[:2]
    return tuple(value if index in kept else 0.0 for index, value in enumerate(values))


def rule_thickness(path: list[tuple[str, list[float]]], matrix: Matrix) -> float:
    """How thick a filled path is on the page: the thinner side of a rectangle, the
    widest gap between two nested rectangles (a border drawn even-odd), or the thinner
    side of the path's bounding box."""
    rectangles = [operands for name, operands in path if name == "re"]
    if rectangles and len(rectangles) == len(path):
        if len(rectangles) == 2:
            (x, y, w, h), (X, Y, W, H) = rectangles
            gaps = (abs(X - x), abs(Y - y), abs(X + W - x - w), abs(Y + H - y - h))
            return max(gaps) * scale(matrix)
        return min(min(abs(w), abs(h)) for _, _, w, h in rectangles) * scale(matrix)
    points = [operands[i : i + 2] for _, operands in path for i in range(0, len(operands), 2)]
    if not points:
        return math.inf
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(max(xs) - min(xs), max(ys) - min(ys)) * scale(matrix)


class _State:
    """The graphics state the pass follows: what the stream asks for and what is in
    effect after the instructions the pass inserted."""

    def __init__(self, mixes: Mixes) -> None:
        self.mixes = mixes
        self.ctm = IDENTITY
        self.text_matrix = IDENTITY
        self.font_size = 0.0
        self.render_mode = 0
        self.line_width = 1.0
        self.colour: dict[bool, tuple[float, ...] | None] = {False: None, True: None}
        self.in_effect: dict[bool, tuple[float, ...] | None] = {False: None, True: None}
        self.overprint = False
        self.switched = False  # whether an overprint state was ever set

    def copy(self) -> _State:
        twin = _State(self.mixes)
        twin.__dict__.update(self.__dict__)
        twin.colour, twin.in_effect = dict(self.colour), dict(self.in_effect)
        return twin


def _settings(state: _State, want: dict[bool, tuple[float, ...] | None], overprint: bool) -> list:
    """The instructions that put `want` (fill, stroke colours) and `overprint` in effect."""
    import pikepdf

    inserted: list[tuple[list[Any], Any]] = []
    for stroke, colour in want.items():
        if colour is not None and colour != state.in_effect[stroke]:
            operands = [Decimal(f"{value:.4f}").normalize() for value in colour]
            inserted.append((operands, pikepdf.Operator("K" if stroke else "k")))
            state.in_effect[stroke] = colour
    if overprint != state.overprint:
        state_name = pikepdf.Name(OVERPRINT if overprint else KNOCKOUT)
        inserted.append(([state_name], pikepdf.Operator("gs")))
        state.overprint = state.switched = overprint
    return inserted


def _text_settings(state: _State) -> list:
    size = state.font_size * scale(multiply(state.text_matrix, state.ctm))
    fill = state.colour[False]
    small = size < SMALL_TEXT_PT
    want = {False: two_inks(fill, state.mixes) if fill is not None and small else fill, True: None}
    filled = state.render_mode in (0, 2, 4, 6)
    return _settings(state, want, filled and fill == BLACK)


def _paint_settings(state: _State, name: str, path: list[tuple[str, list[float]]]) -> list:
    want: dict[bool, tuple[float, ...] | None] = {False: None, True: None}
    black = True
    if name in _STROKING:
        colour = state.colour[True]
        thin = state.line_width * scale(state.ctm) < THIN_RULE_PT
        want[True] = two_inks(colour, state.mixes) if colour is not None and thin else colour
        black = black and thin and colour == BLACK
    if name in _FILLING:
        colour = state.colour[False]
        thin = rule_thickness(path, state.ctm) < THIN_RULE_PT
        want[False] = two_inks(colour, state.mixes) if colour is not None and thin else colour
        black = black and thin and colour == BLACK
    return _settings(state, want, black)


def fine_marks(instructions: list[tuple[list[Any], Any]], mixes: Mixes) -> tuple[list, bool]:
    """`instructions` (a content stream in CMYK) with black text and thin black rules
    overprinting and small text and thin rules in at most two inks (`mixes`, else the two
    strongest); and whether the overprint states (OVERPRINT, KNOCKOUT) are used."""
    state, saved = _State(mixes), list[_State]()
    out: list[tuple[list[Any], Any]] = []
    path: list[tuple[str, list[float]]] = []
    path_start, used = 0, False
    for operands, operator in instructions:
        name = str(operator)
        if name in _PATH_CONSTRUCTION:
            if not path:
                path_start = len(out)
            if name not in ("W", "W*", "h"):
                path.append((name, [float(value) for value in operands]))
        elif name in _TEXT_SHOWING:
            out += _text_settings(state)
        elif name in _STROKING | _FILLING:
            out[path_start:path_start] = _paint_settings(state, name, path)
        elif name in _IMAGES and state.overprint:
            out += _settings(state, {False: None, True: None}, False)
        _follow(state, saved, name, operands)
        if name not in _PATH_CONSTRUCTION:
            path = []
        out.append((operands, operator))
        used = used or state.switched
    return out, used


def _follow(state: _State, saved: list[_State], name: str, operands: Any) -> None:
    """`state` after the instruction `name operands`."""
    if name == "q":
        saved.append(state.copy())
    elif name == "Q" and saved:
        state.__dict__.update(saved.pop().__dict__)
    elif name == "cm":
        state.ctm = multiply(tuple(float(v) for v in operands), state.ctm)  # type: ignore[arg-type]
    elif name == "BT":
        state.text_matrix = IDENTITY
    elif name == "Tm":
        state.text_matrix = tuple(float(v) for v in operands)  # type: ignore[assignment]
    elif name == "Tf":
        state.font_size = float(operands[1])
    elif name == "Tr":
        state.render_mode = int(operands[0])
    elif name == "w":
        state.line_width = float(operands[0])
    elif name in ("k", "K"):
        colour = tuple(float(v) for v in operands)
        state.colour[name == "K"] = state.in_effect[name == "K"] = colour
    elif name in ("cs", "CS", "sc", "SC", "scn", "SCN", "g", "G", "rg", "RG"):
        stroke = name.isupper()
        state.colour[stroke] = state.in_effect[stroke] = None


def overprint_states(document: Any) -> dict[str, Any]:
    """The two ExtGStates the pass switches between, indirect, once per document."""
    import pikepdf

    return {
        OVERPRINT: document.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, OP=True, op=True, OPM=1)
        ),
        KNOCKOUT: document.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, OP=False, op=False, OPM=0)
        ),
    }
