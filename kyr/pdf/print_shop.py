"""PDFs for print shops (`kyr build --for print-shop`): PDF/X-4 with a CMYK output intent
(coated offset, FOGRA39), every colour given in CMYK: text, lines and the QR code in
black ink only, the brand red as one stated CMYK mix (two inks in small type), crop marks
in registration colour (the /All separation, kyr/pdf/registration.py); black text
overprints (kyr/pdf/fine_marks.py).

WeasyPrint writes the PDF/X-4 file (`pdf_variant="pdf/x-4"`, tagged); a step of the
post-render pass (kyr/pdf/finish.py) then turns the colour operators and images into CMYK
and gray, adds the output intent and replaces what WeasyPrint makes up per run (dates, a
random DocumentID) with values derived from the content, so a print-shop PDF is
byte-reproducible like any other.

Why a pass over the content streams and not a stylesheet: the templates set some twenty
colours in as many rules, the sheets and crop marks draw their own, and WeasyPrint turns
the 1-bit QR image into an RGB one. The pass catches all of them, and a new template
colour cannot slip through as RGB."""

from __future__ import annotations

import hashlib
import re
import uuid
import zlib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from kyr import CONTENT_VERSION, paths
from kyr.choices import Target
from kyr.pdf.fine_marks import FINE_RED_CMYK, fine_marks, overprint_states
from kyr.pdf.registration import RESOURCE as REGISTRATION_RESOURCE
from kyr.pdf.registration import is_registration, separation_all

#: `kyr build --for` choices: office and home printers (sRGB, tagged PDF/UA-1), or print
#: shops (PDF/X-4, CMYK).
TARGETS = tuple(Target)
VARIANT = "pdf/x-4"
SUFFIX = "-print-shop"

#: The output condition (ICC registry name) and the profile kyr embeds for it.
CONDITION = "FOGRA39"
CONDITION_INFO = (
    "Coated FOGRA39 (ISO 12647-2:2004/Amd 1, offset, paper type 1 or 2); profile generated "
    "by kyr from the FOGRA39L characterization data (assets/icc/LICENSE.txt)"
)
PROFILE = "icc/FOGRA39L-kyr.icc"

Cmyk = tuple[float, float, float, float]
#: The red of the templates (#b3131b) as print shops get it in large type and fills
#: (FINE_RED_CMYK in small type and thin rules: kyr/pdf/fine_marks.py says why).
BRAND_RED_RGB = (0xB3, 0x13, 0x1B)
BRAND_RED_CMYK: Cmyk = (0.0, 0.9, 0.85, 0.3)
#: Greys this dark or darker (#333 and below: the text) print as solid black ink: small
#: type screened into dots reads worse than solid black.
SOLID_BLACK_BELOW = 0.21


def output_name(filename: str) -> str:
    """`card-es-letter.pdf` -> `card-es-letter-print-shop.pdf`."""
    return filename.removesuffix(".pdf") + SUFFIX + ".pdf"


def cmyk_for_rgb(red: float, green: float, blue: float) -> Cmyk:
    """The CMYK kyr prints an RGB colour (0..1 channels) in: greys in black ink only,
    the brand red as stated, anything else by the naive formula (light tints only)."""
    if (round(red * 255), round(green * 255), round(blue * 255)) == BRAND_RED_RGB:
        return BRAND_RED_CMYK
    if abs(red - green) < 0.004 and abs(green - blue) < 0.004:
        grey = (red + green + blue) / 3
        return (0.0, 0.0, 0.0, 1.0 if grey < SOLID_BLACK_BELOW else round(1 - grey, 4))
    black = 1 - max(red, green, blue)
    if black >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return tuple(  # type: ignore[return-value]
        round(value, 4)
        for value in (
            (1 - red - black) / (1 - black),
            (1 - green - black) / (1 - black),
            (1 - blue - black) / (1 - black),
            black,
        )
    )


_RGB_TO_CMYK = {"rg": "k", "RG": "K"}
_GRAY_TO_CMYK = {"g": "k", "G": "K"}
_SET_SPACE = {"cs": False, "CS": True}  # operator: stroking?
_SET_COLOUR = {"sc": False, "scn": False, "SC": True, "SCN": True}


def _cmyk_operands(values: Cmyk) -> list[Decimal]:
    return [Decimal(f"{value:.4f}").normalize() for value in values]


def _set_cmyk(values: Cmyk, stroke: bool) -> list[tuple[list[Any], Any]]:
    """Instructions setting `values`: `c m y k k`, or the /All separation at full tint
    for the registration stand-in (kyr/pdf/registration.py)."""
    import pikepdf

    if is_registration(values):
        return [
            ([pikepdf.Name(REGISTRATION_RESOURCE)], pikepdf.Operator("CS" if stroke else "cs")),
            ([1], pikepdf.Operator("SCN" if stroke else "scn")),
        ]
    return [(_cmyk_operands(values), pikepdf.Operator("K" if stroke else "k"))]


def _sets_cmyk(instruction: Any, stroke: bool) -> bool:
    """Whether `instruction` sets a (fill or stroke) colour of four components."""
    name = str(instruction.operator)
    return name in _SET_COLOUR and _SET_COLOUR[name] == stroke and len(instruction.operands) == 4


def cmyk_content(stream: Any) -> tuple[bytes, bool]:
    """The content stream with every RGB, gray and `/DeviceCMYK cs` colour set as
    `k`/`K`, registration as the /All separation; and whether registration is used."""
    import pikepdf

    instructions, registration = cmyk_instructions(stream)
    return pikepdf.unparse_content_stream(instructions), registration


def cmyk_instructions(stream: Any) -> tuple[list[tuple[list[Any], Any]], bool]:
    """`cmyk_content`, as the list of (operands, operator) instructions."""
    import pikepdf

    source = list(pikepdf.parse_content_stream(stream))
    instructions: list[Any] = []
    in_cmyk = {False: False, True: False}  # fill, stroke: colour space is DeviceCMYK
    saved: list[dict[bool, bool]] = []
    registration = False
    for index, instruction in enumerate(source):
        operands, operator = instruction.operands, instruction.operator
        name = str(operator)
        stroke = name.isupper()
        colour: Cmyk | None = None
        if name in _RGB_TO_CMYK:
            colour = cmyk_for_rgb(*(float(value) for value in operands))
        elif name in _GRAY_TO_CMYK:
            colour = cmyk_for_rgb(*(float(operands[0]),) * 3)
        elif name in ("k", "K") or (name in _SET_COLOUR and in_cmyk[stroke]):
            colour = tuple(float(value) for value in operands)  # type: ignore[assignment]
        elif name in _SET_SPACE and operands[0] == pikepdf.Name.DeviceCMYK:
            in_cmyk[stroke] = True
            following = source[index + 1] if index + 1 < len(source) else None
            if following is not None and _sets_cmyk(following, stroke):
                continue  # the colour comes next: set it then
            colour = (0.0, 0.0, 0.0, 1.0)  # the colour space's initial colour
        if colour is not None:
            in_cmyk[stroke] = not is_registration(colour)
            registration |= is_registration(colour)
            instructions += _set_cmyk(colour, stroke)
            continue
        if name in _SET_SPACE:  # another colour space, passed through
            in_cmyk[stroke] = False
        elif name == "q":
            saved.append(dict(in_cmyk))
        elif name == "Q" and saved:
            in_cmyk = saved.pop()
        instructions.append((operands, operator))
    return instructions, registration


def _add_registration(resources: Any, document: Any, shared: dict[str, Any]) -> None:
    import pikepdf

    if "space" not in shared:
        shared["space"] = separation_all(document)
    if "/ColorSpace" not in resources:
        resources.ColorSpace = pikepdf.Dictionary()
    resources.ColorSpace[REGISTRATION_RESOURCE] = shared["space"]


def _add_overprint(resources: Any, document: Any, shared: dict[str, Any]) -> None:
    import pikepdf

    if "overprint" not in shared:
        shared["overprint"] = overprint_states(document)
    if "/ExtGState" not in resources:
        resources.ExtGState = pikepdf.Dictionary()
    for name, state in shared["overprint"].items():
        resources.ExtGState[name] = state


def _recode_image(image: Any) -> None:
    """An RGB image in gray (the QR code: black ink only; 1 bit a pixel when it is only
    black and white), or in CMYK if it has colour."""
    import pikepdf

    picture = pikepdf.PdfImage(image).as_pil_image().convert("RGB")
    red, green, blue = picture.split()
    if red.tobytes() == green.tobytes() == blue.tobytes():
        converted = picture.convert("L")
        if set(converted.tobytes()) <= {0, 255}:
            converted = converted.point(lambda value: 255 if value else 0, "1")
        space = pikepdf.Name.DeviceGray
    else:
        converted = picture.convert("CMYK")
        space = pikepdf.Name.DeviceCMYK
    image.write(zlib.compress(converted.tobytes(), 9), filter=pikepdf.Name.FlateDecode)
    image.ColorSpace = space
    image.BitsPerComponent = 1 if converted.mode == "1" else 8
    for key in ("/DecodeParms", "/Decode"):
        if key in image:
            del image[key]


def _convert_resources(
    owner: Any, document: Any, done: set[tuple[int, int]], shared: dict[str, Any]
) -> None:
    """Convert the content of `owner` (a page or form XObject) and of the forms and images
    it uses, each object once."""
    import pikepdf

    if isinstance(owner, pikepdf.Page):
        owner.contents_coalesce()
    instructions, registration = cmyk_instructions(owner)
    instructions, overprint = fine_marks(instructions, {BRAND_RED_CMYK: FINE_RED_CMYK})
    content = pikepdf.unparse_content_stream(instructions)
    if isinstance(owner, pikepdf.Page):
        owner.Contents.write(content)
        resources = owner.resources
    else:
        owner.write(content)
        resources = owner.get("/Resources")
        if resources is None:
            resources = owner.Resources = pikepdf.Dictionary()
    if registration:
        _add_registration(resources, document, shared)
    if overprint:
        _add_overprint(resources, document, shared)
    for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
        key = xobject.objgen
        if key in done:
            continue
        done.add(key)
        if xobject.Subtype == pikepdf.Name.Form:
            _convert_resources(xobject, document, done, shared)
        elif xobject.Subtype == pikepdf.Name.Image and xobject.get("/ColorSpace") in (
            pikepdf.Name.DeviceRGB,
        ):
            _recode_image(xobject)


def fixed_date() -> tuple[str, str]:
    """(XMP date, PDF date) every print-shop PDF carries: the first day of the content
    version, so a rebuild of the same content gives the same bytes."""
    year, month = CONTENT_VERSION.split(".")[:2]
    return f"{year}-{month}-01T00:00:00+00:00", f"D:{year}{month}01000000+00'00'"


def _set_identity(document: Any, document_id: str) -> None:
    import pikepdf

    xmp_date, pdf_date = fixed_date()
    xmp = document.Root.Metadata.read_bytes().decode("utf-8")
    for tag in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        xmp = re.sub(f"<{tag}>[^<]*</{tag}>", f"<{tag}>{xmp_date}</{tag}>", xmp)
    xmp = re.sub(
        "<xmpMM:DocumentID>[^<]*</xmpMM:DocumentID>",
        f"<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>",
        xmp,
    )
    document.Root.Metadata.write(xmp.encode("utf-8"))
    document.docinfo[pikepdf.Name.CreationDate] = pdf_date
    document.docinfo[pikepdf.Name.ModDate] = pdf_date


@cache
def _compressed_profile(path: Path) -> bytes:
    """The ICC profile at `path`, Flate-compressed once per process: the bytes qpdf would
    write (zlib's default level), without compressing 150 KB again for every PDF."""
    return zlib.compress(path.read_bytes())


def _output_intent(document: Any) -> Any:
    import pikepdf

    profile = pikepdf.Stream(document, b"")
    profile.write(
        _compressed_profile(paths.assets_dir() / PROFILE), filter=pikepdf.Name.FlateDecode
    )
    profile[pikepdf.Name.N] = 4
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(CONDITION),
        OutputCondition=pikepdf.String(CONDITION_INFO),
        Info=pikepdf.String(CONDITION_INFO),
        RegistryName=pikepdf.String("http://www.color.org"),
        DestOutputProfile=document.make_indirect(profile),
    )


def content_digest(document: Any) -> bytes:
    """A SHA-256 of the open `document`'s objects (each as pikepdf holds it, with each
    stream's data), taken without saving it: the same content gives the same digest, in
    any process. The file's own bookkeeping is left out: cross-reference streams (the
    random /ID WeasyPrint gave a PDF/X) and object streams (their objects count, each as
    it is now, not as it was read)."""
    import pikepdf

    digest = hashlib.sha256()
    for obj in document.objects:
        if isinstance(obj, pikepdf.Stream):
            if obj.stream_dict.get("/Type") in (pikepdf.Name.XRef, pikepdf.Name.ObjStm):
                continue
            digest.update(obj.stream_dict.unparse())
            digest.update(obj.read_raw_bytes())
        else:
            digest.update(obj.unparse())
    return digest.digest()


def to_print_shop(document: Any) -> None:
    """A PDF/X-4 document from WeasyPrint (possibly imposed) made what kyr gives print
    shops: CMYK and gray only, the FOGRA39 output intent, dates and IDs from the content."""
    import pikepdf

    done: set[tuple[int, int]] = set()
    shared: dict[str, Any] = {}  # the /All separation, once made
    for page in document.pages:
        _convert_resources(page, document, done, shared)
    document.Root.OutputIntents = pikepdf.Array([_output_intent(document)])
    # WeasyPrint's /ID for PDF/X is random; without one, qpdf derives both from content.
    if "/ID" in document.trailer:
        del document.trailer["/ID"]
    _set_identity(document, "xmp.did:00000000-0000-0000-0000-000000000000")
    digest = content_digest(document)
    _set_identity(document, f"xmp.did:{uuid.UUID(bytes=digest[:16], version=4)}")
