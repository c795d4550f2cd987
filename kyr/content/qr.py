"""QR codes as tiny 1-bit PNGs (one pixel per module, quiet zone included), drawn
crisp with `image-rendering: pixelated`. Measured faster to lay out than an SVG path."""

from __future__ import annotations

import base64
import zlib
from functools import cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules, the minimum the QR standard asks for


@cache
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules for `data` (error correction M), quiet zone included."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    body = kind + payload
    return len(payload).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")


def matrix_png(matrix: tuple[tuple[bool, ...], ...]) -> bytes:
    """A deterministic 1-bit greyscale PNG, dark modules black."""
    size = len(matrix)
    rows = bytearray()
    for row in matrix:
        rows.append(0)  # filter: none
        bits = 0
        count = 0
        for dark in row:
            bits = (bits << 1) | (0 if dark else 1)
            count += 1
            if count == 8:
                rows.append(bits)
                bits = count = 0
        if count:
            rows.append(bits << (8 - count))
    header = size.to_bytes(4, "big") * 2 + bytes([1, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


@cache
def qr_data_uri(data: str) -> str:
    png = matrix_png(qr_matrix(data))
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def quiet_zone_mm(data: str, symbol_mm: float) -> float:
    """The quiet zone's width in mm when the code for `data` is printed with its symbol
    (the square of modules, quiet zone left out) `symbol_mm` wide."""
    modules = len(qr_matrix(data)) - 2 * QUIET_ZONE
    return round(symbol_mm * QUIET_ZONE / modules, 2)
