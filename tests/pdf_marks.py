"""What a print-shop PDF paints, read from its content streams (pages and the forms they
place, through their matrices): each text-showing operator and each painted path, with its
size on the page in points, its CMYK colour and whether overprint is on. The tests of
kyr/pdf/fine_marks.py read PDFs with this, not with the module itself."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pikepdf

TEXT = {"Tj", "TJ", "'", '"'}
STROKE = {"S", "s"}
FILL = {"f", "F", "f*"}


@dataclass(frozen=True)
class Mark:
    kind: str  # "text", "stroke" or "fill"
    size: float  # font size, line width or the thinner side, in points
    colour: tuple[float, ...] | None  # CMYK, or None (another colour space)
    overprint: bool


def _times(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)  # fmt: skip


def _scale(m) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def _thickness(path: list[list[float]], ctm) -> float:
    """The thinner side of a lone rectangle, the widest gap of two nested ones, else the
    thinner side of the bounding box; in points."""
    if len(path) == 2 and all(len(p) == 4 for p in path):
        (x, y, w, h), (X, Y, W, H) = path
        return max(abs(X - x), abs(Y - y), abs(X + W - x - w), abs(Y + H - y - h)) * _scale(ctm)
    points = []
    for operands in path:
        if len(operands) == 4 and len(path) == 1:
            x, y, w, h = operands
            points += [(x, y), (x + w, y + h)]
        else:
            points += [tuple(operands[i : i + 2]) for i in range(0, len(operands) - 1, 2)]
    if not points:
        return math.inf
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(max(xs) - min(xs), max(ys) - min(ys)) * _scale(ctm)


def _walk(owner, resources, ctm, marks: list[Mark]) -> None:
    state = {"ctm": ctm, "tm": (1, 0, 0, 1, 0, 0), "size": 0.0, "w": 1.0,
             "fill": None, "stroke": None, "op": False, "OP": False}  # fmt: skip
    saved, path = [], []
    states = resources.get("/ExtGState", {})
    for operands, operator in pikepdf.parse_content_stream(owner):
        name = str(operator)
        values = [float(v) for v in operands if isinstance(v, (int, float, Decimal))]
        if name == "q":
            saved.append(dict(state))
        elif name == "Q":
            state = saved.pop()
        elif name == "cm":
            state["ctm"] = _times(values, state["ctm"])
        elif name == "BT":
            state["tm"] = (1, 0, 0, 1, 0, 0)
        elif name == "Tm":
            state["tm"] = tuple(values)
        elif name == "Tf":
            state["size"] = values[0]
        elif name == "w":
            state["w"] = values[0]
        elif name in ("k", "K"):
            state["fill" if name == "k" else "stroke"] = tuple(values)
        elif name in ("cs", "CS", "scn", "SCN", "g", "G", "rg", "RG"):
            state["fill" if name.islower() else "stroke"] = None
        elif name == "gs":
            extgstate = states[operands[0]]
            state["op"] = bool(extgstate.get("/op", extgstate.get("/OP", state["op"])))
            state["OP"] = bool(extgstate.get("/OP", state["OP"]))
        elif name in ("m", "l", "c", "v", "y", "re"):
            path.append(values)
        elif name in TEXT:
            size = state["size"] * _scale(_times(state["tm"], state["ctm"]))
            marks.append(Mark("text", size, state["fill"], state["op"]))
        elif name in STROKE | FILL:
            if name in STROKE:
                width = state["w"] * _scale(state["ctm"])
                marks.append(Mark("stroke", width, state["stroke"], state["OP"]))
            else:
                thickness = _thickness(path, state["ctm"])
                marks.append(Mark("fill", thickness, state["fill"], state["op"]))
        elif name == "Do":
            xobject = resources["/XObject"][operands[0]]
            if xobject.Subtype == pikepdf.Name.Form:
                matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                inner = xobject.get("/Resources", pikepdf.Dictionary())
                _walk(xobject, inner, _times(matrix, state["ctm"]), marks)
        if name in ("n", "Tj", "TJ") or name in STROKE | FILL:
            path = []


def painted_marks(path: Path) -> list[Mark]:
    """Every text and path painted in the PDF at `path`, page by page."""
    marks: list[Mark] = []
    with pikepdf.open(path) as document:
        for page in document.pages:
            _walk(page, page.resources, (1, 0, 0, 1, 0, 0), marks)
    return marks


def inks(colour: tuple[float, ...] | None) -> int:
    return 0 if colour is None else sum(1 for value in colour if value > 0)


BLACK = (0.0, 0.0, 0.0, 1.0)


def knocked_out_black_text(marks: list[Mark]) -> list[Mark]:
    return [m for m in marks if m.kind == "text" and m.colour == BLACK and not m.overprint]


def small_marks_in_many_inks(marks: list[Mark]) -> list[Mark]:
    """Text under 12 pt, strokes and filled rules under 1 pt, in three or four inks."""
    limit = {"text": 12.0, "stroke": 1.0, "fill": 1.0}
    return [m for m in marks if m.size < limit[m.kind] and inks(m.colour) > 2]
