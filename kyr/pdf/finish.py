"""The post-render pass: WeasyPrint's PDF opened once with pikepdf, every step (crop
marks, imposition, back shift, print-shop conversion, printer hints) applied to the open
document in turn, and the result saved once, deterministically: same input, same bytes.

A step is a function that changes the open `pikepdf.Pdf` in place; nothing is serialized
between steps. (Imposition, too, works on the document WeasyPrint wrote, the sheet's own
page: the cards are added to it as form XObjects.)"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

#: A step of the pass: changes the open document (a `pikepdf.Pdf`) in place.
Step = Callable[[Any], None]


def save(document: Any) -> bytes:
    """`document`'s bytes, as kyr writes every PDF: the /ID derived from the content (no
    random or dated identifier), new streams compressed, WeasyPrint's object streams kept."""
    output = BytesIO()
    document.save(output, deterministic_id=True, compress_streams=True)
    return output.getvalue()


def finish(pdf: bytes, steps: Iterable[Step]) -> bytes:
    """`pdf` (WeasyPrint's bytes) opened once, `steps` applied in order, saved once."""
    import pikepdf

    with pikepdf.open(BytesIO(pdf)) as document:
        for step in steps:
            step(document)
        return save(document)
