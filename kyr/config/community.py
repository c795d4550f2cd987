"""The community configuration: a TOML file with a network's own hotline, QR link and
resources. Its keys are declared once, on the fields of `Community` and `Resource`, with
their documented limits; loading checks each (kyr.toml_files) and reports problems as
file, line and key. Anything that loads builds every product in every shipped language."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kyr.choices import Paper
from kyr.config.links import is_example_host, printed_host, printed_link, url_problem
from kyr.config.phones import Phone, PhoneProblem, example_number, known_country, parse_phone
from kyr.errors import ConfigError
from kyr.geometry import PAPER_SIZES
from kyr.toml_files import FLAG, TABLES, Key, Kind, TomlFile, key, keys_of, read_toml_file

PAPERS = tuple(PAPER_SIZES)

# The limits (README: configuration reference). Every product is tested at all of them
# at once, in every shipped language.
MAX_NAME = 60  # characters: the network's name
MAX_LABEL = 60  # characters: the hotline's label
MAX_BACK_OFFSET_MM = 10.0  # printers drift 1 to 4 mm between sides; more is a typo
MAX_RESOURCES = 3
MAX_RESOURCE_NAME = 60  # characters
MAX_RESOURCE_LINK = 150  # bytes: a resource's whole link
MAX_QR_BYTES = 150  # QR version 8 at error correction M holds 152 bytes
MAX_QR_TEXT = 63  # characters: a label printed under the QR code instead of the link
#: Characters of a link's domain name as printed (no "www."), as long as a DNS label may
#: be. What prints for a link (under a QR code or for a resource) shortens down to the
#: domain name when a product lacks room (kyr.config.links), so this is what every product must
#: hold: broken between characters at worst, or on a line of the piece's width.
MAX_HOST = 63
#: What a resource is, when the file says (`kind`): the workplace plan prints the legal aid.
RESOURCE_KINDS = ("legal-aid", "bail-fund", "mutual-aid", "other")
#: Words in a resource's name that make it the legal aid when no resource has a `kind`.
_LEGAL_WORDS = re.compile(
    r"\b(legal|lawyers?|attorneys?|abogad[oa]s?|asesor[ií]a jur[ií]dica)\b", re.IGNORECASE
)
MAX_FILE_BYTES = 64 * 1024

#: Characters a printed text may not contain: controls, invisible format characters
#: (zero-width space, word joiner, bidi overrides), private-use and unassigned ones.
#: ZWNJ and ZWJ stay: Persian and Indic names need them.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
_ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})


def text_problem(value: str, limit: int | None = None) -> str | None:
    """Why a printed text is unacceptable (an invisible or control character, too long),
    or None. Shared by the configuration file and `kyr init`."""
    for char in value:
        if unicodedata.category(char) in _REFUSED_CATEGORIES and char not in _ALLOWED_FORMAT:
            name = unicodedata.name(char, "a control character")
            return f"contains an invisible or control character (U+{ord(char):04X} {name})"
    if limit is not None and len(value) > limit:
        return f"is {len(value)} characters long; at most {limit} fit on every product"
    from kyr.fonts.glyphs import characters_without_glyph

    missing = characters_without_glyph(value)
    if missing:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:3])
        return f"has characters kyr's fonts cannot print: {shown}"
    return None


def phone_problem(value: str, country: str) -> str | None:
    try:
        parse_phone(value, country)
    except PhoneProblem as problem:
        return f"{problem}: {value!r} (write it as on a flyer, e.g. {example_number(country)})"
    return None


def qr_url_problem(url: str, label: str = "", country: str = "US") -> str | None:
    """Why `url` cannot go in the QR code, or None."""
    if url.startswith("tel:"):
        return phone_problem(url[4:], country)
    problem = url_problem(url)
    if problem:
        return problem
    size = len(url.encode("utf-8"))
    if size > MAX_QR_BYTES:
        return (
            f"is {size} bytes; at most {MAX_QR_BYTES} fit a QR code that phones read "
            "from print (use a shorter link)"
        )
    if not label:
        return host_problem(url, "under the QR code", "set qr.label to print instead")
    return None


def host_problem(url: str, where: str, remedy: str) -> str | None:
    """Why `url`'s domain name is too long to print `where`, or None. Whatever else is
    long in a link prints in a shorter form when a product lacks room (kyr.config.links)."""
    host = printed_host(url)
    if len(host) > MAX_HOST:
        return (
            f"has a domain name of {len(host)} characters; at most {MAX_HOST} print "
            f"{where} ({remedy})"
        )
    return None


def resource_url_problem(url: str) -> str | None:
    problem = url_problem(url)
    if problem:
        return problem
    size = len(url.encode("utf-8"))
    if size > MAX_RESOURCE_LINK:
        return f"is {size} bytes; at most {MAX_RESOURCE_LINK} print (use a shorter link)"
    return host_problem(url, "on the card", "use a shorter link")


# -- the keys, declared once: what each field of the file must be --


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def _printed(value: str, spec: Key) -> str | None:
    return text_problem(value, spec.limit)


def _country(value: str, spec: Key) -> str | None:
    if known_country(value):
        return _printed(value, spec)
    return f"not an ISO 3166 country code like US or MX: {value!r}"


def _codes(value: list[str], spec: Key) -> str | None:
    return None if value and all(code.strip() for code in value) else CODES.wording


def _resource_url(value: str, spec: Key) -> str | None:
    return _printed(value, spec) or resource_url_problem(value)


def _count(value: list, spec: Key) -> str | None:
    if spec.limit is not None and len(value) > spec.limit:
        return f"at most {spec.limit} resources fit (got {len(value)})"
    return None


def _offset(value: list[float], spec: Key) -> str | None:
    limit = spec.limit or 0
    fits = len(value) == 2 and all(math.isfinite(v) and abs(v) <= limit for v in value)
    return None if fits else OFFSET.wording


PRINTED = {"clean": _clean, "check": _printed}
CODES = Kind((list,), 'must be a non-empty list of codes, e.g. ["en", "es"]', items=(str,))
OFFSET = Kind(
    (list,),
    f"must be [x, y] in millimetres, each from -{MAX_BACK_OFFSET_MM:g} to "
    f"{MAX_BACK_OFFSET_MM:g} (e.g. [1.5, -0.5])",
    items=(int, float),
)
DEFAULT_HOTLINE_LABEL = "Rapid response hotline"


@dataclass(frozen=True, kw_only=True)
class Resource:
    """A `[[resources]]` table: each field is a key of it, declared with its limit."""

    name: str = key(limit=MAX_RESOURCE_NAME, **PRINTED)
    phone: Phone | None = key(None, **PRINTED)  # the text; the loader parses it
    url: str = key("", clean=_clean, check=_resource_url)
    kind: str = key("", clean=_clean, choices=RESOURCE_KINDS)


def legal_aid(resources: tuple[Resource, ...]) -> Resource | None:
    """The resource the workplace plan prints as its lawyer or legal aid: the first whose
    `kind` is "legal-aid"; when no resource has a kind, the first whose name says legal
    aid, a lawyer or an attorney ("Centro Legal de la Raza"); else None (a blank)."""
    marked = [r for r in resources if r.kind == "legal-aid"]
    if marked or any(r.kind for r in resources):
        return marked[0] if marked else None
    return next((r for r in resources if _LEGAL_WORDS.search(r.name)), None)


@dataclass(frozen=True, kw_only=True)
class Community:
    """A network's configuration: each field is a key of the file (`key()`: its name in
    the file, type, default and limit), but the last two, which say where it came from."""

    name: str = key(limit=MAX_NAME, **PRINTED)
    paper: str = key(Paper.LETTER, clean=_clean, choices=PAPERS)
    languages: tuple[str, ...] = key(kind=CODES, check=_codes)
    hotline: Phone = key(name="hotline.number", **PRINTED)  # the text; the loader parses it
    hotline_label: str = key(
        DEFAULT_HOTLINE_LABEL, name="hotline.label", limit=MAX_LABEL, **PRINTED
    )
    qr_url: str = key(name="qr.url", **PRINTED)
    qr_label: str = key("", name="qr.label", limit=MAX_QR_TEXT, **PRINTED)
    resources: tuple[Resource, ...] = key(
        (), kind=TABLES, row=Resource, limit=MAX_RESOURCES, check=_count
    )
    sample: bool = key(False, kind=FLAG)
    country: str = key("US", clean=_clean, check=_country)
    #: How far to move every back page of a duplex sheet (x right, y down, in mm, as seen
    #: on the back), to make up for a printer that shifts the second side.
    back_offset_mm: tuple[float, float] = key(
        (0.0, 0.0), name="print.back_offset_mm", kind=OFFSET, limit=MAX_BACK_OFFSET_MM,
        check=_offset,
    )  # fmt: skip
    #: Where it came from, for the manifest: the file's name and its sha256.
    source_name: str = ""
    source_sha256: str = ""

    @property
    def hotline_number(self) -> str:
        """The hotline as printed: "(510) 241-4011", or "+52 55 1234 5678" abroad."""
        return self.hotline.printed

    @property
    def qr_text(self) -> str:
        """What prints under the QR code given room: the label, or the link's short form
        (a product with less room prints its domain name: kyr.content.context.PieceContext)."""
        if self.qr_label:
            return self.qr_label
        if self.qr_url.startswith("tel:"):
            return self.hotline_number if self.qr_url[4:] == self.hotline.e164 else self.qr_url[4:]
        return printed_link(self.qr_url)


def limit_of(name: str, table: type = Community) -> int:
    """The declared limit of key `name` (a field of `table`): the web form's fields use it."""
    limit = keys_of(table)[name].limit
    assert limit is not None, name
    return limit


# -- loading --


def load_community(path: Path) -> Community:
    """Read and validate a community configuration file."""
    data, file = read_community_file(path)
    community = _community(file)
    return replace(community, source_name=path.name, source_sha256=hashlib.sha256(data).hexdigest())


def read_community_file(path: Path) -> tuple[bytes, TomlFile]:
    """The configuration file's bytes and TOML, unchecked (ConfigError when it cannot be
    read or is not TOML)."""
    return read_toml_file(path, str(path), "configuration", ConfigError, MAX_FILE_BYTES)


def parse_community(text: str, label: str = "<config>") -> Community:
    return _community(TomlFile(text, label, ConfigError))


def _community(file: TomlFile) -> Community:
    """The file's values, checked as declared, then what needs the country or other keys:
    phone numbers, the QR link (its label may stand in for a long domain name)."""
    values: dict[str, Any] = file.read(Community, file.data)
    country = values.get("country", "US")
    values["hotline"] = _phone(file, values["hotline"], "hotline.number", country)
    values["languages"] = tuple(code.strip() for code in values["languages"])
    qr_url = values["qr_url"]
    problem = qr_url_problem(qr_url, values.get("qr_label", ""), country)
    if problem:
        raise file.fail_at("qr.url", problem)
    if qr_url.startswith("tel:"):
        values["qr_url"] = parse_phone(qr_url[4:], country).tel
    resources = []
    for index, row in enumerate(values.get("resources", ())):
        phone = row.get("phone")
        if phone is not None:
            row = {**row, "phone": _phone(file, phone, f"resources[{index}].phone", country)}
        resources.append(Resource(**row))
    values["resources"] = tuple(resources)
    if "back_offset_mm" in values:
        values["back_offset_mm"] = tuple(float(v) for v in values["back_offset_mm"])
    community = Community(**values)
    if looks_fictional(community):
        community = replace(community, sample=True)
    return community


def _phone(file: TomlFile, value: str, dotted: str, country: str) -> Phone:
    problem = phone_problem(value, country)
    if problem:
        raise file.fail_at(dotted, problem)
    return parse_phone(value, country)


def looks_fictional(community: Community) -> bool:
    """True when any printed detail is a number reserved for fiction (555-0100 to 0199,
    however it is spaced) or an example domain (however it is disguised)."""
    phones = [community.hotline] + [r.phone for r in community.resources if r.phone]
    if any(phone.fictional for phone in phones):
        return True
    if community.qr_url.startswith("tel:") and parse_phone(community.qr_url[4:], "US").fictional:
        return True
    urls = [community.qr_url] + [r.url for r in community.resources if r.url]
    hosts = [urlsplit(url).hostname or "" for url in urls if url.startswith("https:")]
    return any(is_example_host(host) for host in hosts)
