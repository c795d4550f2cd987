"""The community configuration: a TOML file with a network's own hotline, QR link and
resources. Loading validates every key against documented limits and reports problems as
file, line and key. Anything that loads builds every product in every shipped language."""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kyr.config.links import is_example_host, printed_host, printed_link, url_problem
from kyr.config.phones import Phone, PhoneProblem, example_number, known_country, parse_phone
from kyr.errors import ConfigError
from kyr.files import FileProblem, read_regular
from kyr.geometry import PAPER_SIZES

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
MAX_FILE_BYTES = 64 * 1024

#: Characters a printed text may not contain: controls, invisible format characters
#: (zero-width space, word joiner, bidi overrides), private-use and unassigned ones.
#: ZWNJ and ZWJ stay: Persian and Indic names need them.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
_ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})


@dataclass(frozen=True)
class Resource:
    name: str
    phone: Phone | None = None
    url: str = ""


@dataclass(frozen=True)
class Community:
    name: str
    paper: str
    languages: tuple[str, ...]
    hotline: Phone
    hotline_label: str
    qr_url: str
    qr_label: str = ""
    resources: tuple[Resource, ...] = ()
    sample: bool = False
    country: str = "US"
    #: How far to move every back page of a duplex sheet (x right, y down, in mm, as seen
    #: on the back), to make up for a printer that shifts the second side.
    back_offset_mm: tuple[float, float] = (0.0, 0.0)
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


_SCHEMA: dict[str, set[str]] = {
    "": {
        "name", "paper", "country", "languages", "sample", "hotline", "qr", "resources", "print",
    },
    "print": {"back_offset_mm"},
    "hotline": {"number", "label"},
    "qr": {"url", "label"},
    "resources": {"name", "phone", "url"},
}


def load_community(path: Path) -> Community:
    """Read and validate a community configuration file."""
    label = str(path)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise ConfigError(f"{label}: configuration file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{label}: a folder, not a configuration file") from None
    except OSError as error:
        raise ConfigError(f"{label}: cannot read configuration: {error.strerror}") from None
    except FileProblem as problem:
        if "larger" in str(problem):
            raise ConfigError(f"{label}: too large for a configuration (over 64 KiB)") from None
        raise ConfigError(f"{label}: cannot be a configuration: {problem}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{label}: not UTF-8 text (byte {error.start})") from None
    community = parse_community(text, label)
    return replace(community, source_name=path.name, source_sha256=hashlib.sha256(data).hexdigest())


def parse_community(text: str, label: str = "<config>") -> Community:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{label}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{label}: invalid TOML: nested too deeply") from None
    return _Validator(data, text, label).community()


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


class _Validator:
    def __init__(self, data: dict[str, Any], text: str, label: str) -> None:
        self.data = data
        self.lines = text.splitlines()
        self.label = label
        self.country = "US"

    def fail(self, key: str, problem: str) -> ConfigError:
        line = self._line_of(key)
        where = f"{self.label}:{line}" if line else self.label
        return ConfigError(f"{where}: key '{key}': {problem}", key, problem)

    def _line_of(self, key: str) -> int | None:
        """Best-effort line number of a key such as `paper`, `qr.url` or
        `resources[1].phone` (the second [[resources]] table), for error messages."""
        match = re.fullmatch(r"(?:(\w+)(?:\[(\d+)\])?\.)?(\w+)", key)
        if not match:
            return None
        table, index, leaf = match.group(1) or "", int(match.group(2) or 0), match.group(3)
        current, count = "", {"": 0}
        for number, line in enumerate(self.lines, start=1):
            stripped = line.split("#")[0].strip()
            header = re.fullmatch(r"\[\[?\s*([\w.]+)\s*\]\]?", stripped)
            if header:
                current = header.group(1)
                count[current] = count.get(current, -1) + 1
                if not table and current == leaf:
                    return number  # the key is a table itself
                continue
            in_place = current == table and count[current] == index
            if in_place and re.match(rf"{leaf}\s*=", stripped):
                return number
        return None

    def check_keys(self, table: dict[str, Any], schema: str, prefix: str) -> None:
        for key in table:
            if key not in _SCHEMA[schema]:
                raise self.fail(f"{prefix}{key}", "unknown key (check its spelling)")

    def text(
        self,
        table: dict[str, Any],
        key: str,
        prefix: str,
        required: bool = True,
        limit: int | None = None,
    ) -> str:
        value = table.get(key)
        full = f"{prefix}{key}"
        if value is None:
            if required:
                raise ConfigError(f"{self.label}: missing key '{full}'")
            return ""
        if not isinstance(value, str):
            raise self.fail(full, f"must be a string, not {type(value).__name__}")
        value = unicodedata.normalize("NFC", value.strip())
        if required and not value:
            raise self.fail(full, "must not be empty")
        problem = text_problem(value, limit)
        if problem:
            raise self.fail(full, problem)
        return value

    def table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            raise ConfigError(f"{self.label}: missing table '[{key}]'")
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def phone(self, table: dict[str, Any], key: str, prefix: str, required: bool) -> Phone | None:
        value = self.text(table, key, prefix, required)
        if not value:
            return None
        problem = phone_problem(value, self.country)
        if problem:
            raise self.fail(f"{prefix}{key}", problem)
        return parse_phone(value, self.country)

    def community(self) -> Community:
        data = self.data
        self.check_keys(data, "", "")
        country = self.text(data, "country", "", required=False) or "US"
        if not known_country(country):
            raise self.fail("country", f"not an ISO 3166 country code like US or MX: {country!r}")
        self.country = country
        name = self.text(data, "name", "", limit=MAX_NAME)
        paper = self.text(data, "paper", "", required=False) or "letter"
        if paper not in PAPERS:
            raise self.fail("paper", f"must be one of {', '.join(PAPERS)} (got {paper!r})")
        languages = data.get("languages")
        if languages is None:
            raise ConfigError(f"{self.label}: missing key 'languages'")
        if (
            not isinstance(languages, list)
            or not languages
            or not all(isinstance(code, str) and code.strip() for code in languages)
        ):
            raise self.fail("languages", 'must be a non-empty list of codes, e.g. ["en", "es"]')
        sample = data.get("sample", False)
        if not isinstance(sample, bool):
            raise self.fail("sample", "must be true or false")

        hotline = self.table("hotline")
        self.check_keys(hotline, "hotline", "hotline.")
        number = self.phone(hotline, "number", "hotline.", required=True)
        assert number is not None
        hotline_label = self.text(hotline, "label", "hotline.", required=False, limit=MAX_LABEL)

        qr = self.table("qr")
        self.check_keys(qr, "qr", "qr.")
        qr_label = self.text(qr, "label", "qr.", required=False, limit=MAX_QR_TEXT)
        qr_url = self.text(qr, "url", "qr.")
        problem = qr_url_problem(qr_url, qr_label, country)
        if problem:
            raise self.fail("qr.url", problem)
        if qr_url.startswith("tel:"):
            qr_url = parse_phone(qr_url[4:], country).tel

        community = Community(
            name=name,
            paper=paper,
            languages=tuple(code.strip() for code in languages),
            hotline=number,
            hotline_label=hotline_label or "Rapid response hotline",
            qr_url=qr_url,
            qr_label=qr_label,
            resources=self._resources(),
            sample=sample,
            country=country,
            back_offset_mm=self._back_offset(),
        )
        if looks_fictional(community):
            community = replace(community, sample=True)
        return community

    def _back_offset(self) -> tuple[float, float]:
        """`[print] back_offset_mm = [x, y]`: each within MAX_BACK_OFFSET_MM."""
        printing = self.data.get("print", {})
        if not isinstance(printing, dict):
            raise self.fail("print", "must be a table")
        self.check_keys(printing, "print", "print.")
        value = printing.get("back_offset_mm", [0, 0])
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
            or not all(math.isfinite(v) and abs(v) <= MAX_BACK_OFFSET_MM for v in value)
        ):
            raise self.fail(
                "print.back_offset_mm",
                f"must be [x, y] in millimetres, each from -{MAX_BACK_OFFSET_MM:g} to "
                f"{MAX_BACK_OFFSET_MM:g} (e.g. [1.5, -0.5])",
            )
        return (float(value[0]), float(value[1]))

    def _resources(self) -> tuple[Resource, ...]:
        raw = self.data.get("resources", [])
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            raise self.fail("resources", "must be [[resources]] tables")
        if len(raw) > MAX_RESOURCES:
            raise self.fail("resources", f"at most {MAX_RESOURCES} resources fit (got {len(raw)})")
        resources = []
        for index, item in enumerate(raw):
            prefix = f"resources[{index}]."
            self.check_keys(item, "resources", prefix)
            url = self.text(item, "url", prefix, required=False)
            problem = resource_url_problem(url) if url else None
            if problem:
                raise self.fail(f"{prefix}url", problem)
            resources.append(
                Resource(
                    name=self.text(item, "name", prefix, limit=MAX_RESOURCE_NAME),
                    phone=self.phone(item, "phone", prefix, required=False),
                    url=url,
                )
            )
        return tuple(resources)


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
