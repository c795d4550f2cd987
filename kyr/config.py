"""The community configuration: a TOML file with a network's own hotline, QR link and
resources. Loading validates every key and reports problems as file, line and key."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kyr.errors import ConfigError
from kyr.geometry import PAPER_SIZES

PAPERS = tuple(PAPER_SIZES)
MAX_RESOURCES = 3
#: A QR code of version 4 (33 modules, error correction M) holds 62 bytes; at 20 mm its
#: modules are 0.49 mm, still decodable from a 150 dpi print. Longer URLs need smaller
#: modules, so they are refused rather than printed unreadable.
MAX_QR_BYTES = 62
_PHONE = re.compile(r"^\+?[0-9][0-9 ().\-]{2,24}[0-9]$")
# Numbers reserved for fiction (555-0100 to 555-0199) and the example domains (RFC 2606).
_FICTIONAL_PHONE = re.compile(r"555[ .\-]?01[0-9]{2}\b")
_EXAMPLE_HOST = re.compile(r"(^|\.)example\.(org|com|net)$|\.example$")


@dataclass(frozen=True)
class Resource:
    name: str
    phone: str = ""
    url: str = ""


@dataclass(frozen=True)
class Community:
    name: str
    paper: str
    languages: tuple[str, ...]
    hotline_number: str
    hotline_label: str
    qr_url: str
    resources: tuple[Resource, ...] = ()
    sample: bool = False

    @property
    def qr_text(self) -> str:
        """The QR's destination as people read it under the code."""
        return url_text(self.qr_url)


_SCHEMA: dict[str, set[str]] = {
    "": {"name", "paper", "languages", "sample", "hotline", "qr", "resources"},
    "hotline": {"number", "label"},
    "qr": {"url"},
    "resources": {"name", "phone", "url"},
}


def load_community(path: Path) -> Community:
    """Read and validate a community configuration file."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{label}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{label}: cannot read configuration: {error}") from None
    return parse_community(text, label)


def parse_community(text: str, label: str = "<config>") -> Community:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{label}: invalid TOML: {error}") from None
    return _Validator(data, text, label).community()


class _Validator:
    def __init__(self, data: dict[str, Any], text: str, label: str) -> None:
        self.data = data
        self.lines = text.splitlines()
        self.label = label

    def fail(self, key: str, problem: str) -> ConfigError:
        line = self._line_of(key)
        where = f"{self.label}:{line}" if line else self.label
        return ConfigError(f"{where}: key '{key}': {problem}")

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

    def text(self, table: dict[str, Any], key: str, prefix: str, required: bool = True) -> str:
        value = table.get(key)
        full = f"{prefix}{key}"
        if value is None:
            if required:
                raise ConfigError(f"{self.label}: missing key '{full}'")
            return ""
        if not isinstance(value, str):
            raise self.fail(full, f"must be a string, not {type(value).__name__}")
        value = value.strip()
        if required and not value:
            raise self.fail(full, "must not be empty")
        if any(ord(c) < 32 for c in value):
            raise self.fail(full, "must be on one line")
        return value

    def table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            raise ConfigError(f"{self.label}: missing table '[{key}]'")
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def phone(self, table: dict[str, Any], key: str, prefix: str, required: bool) -> str:
        value = self.text(table, key, prefix, required)
        if value and not _PHONE.match(value):
            raise self.fail(f"{prefix}{key}", f"not a phone number: {value!r}")
        return value

    def url(self, table: dict[str, Any], key: str, prefix: str, required: bool) -> str:
        value = self.text(table, key, prefix, required)
        if value:
            problem = url_problem(value)
            if problem:
                raise self.fail(f"{prefix}{key}", problem)
        return value

    def community(self) -> Community:
        data = self.data
        self.check_keys(data, "", "")
        name = self.text(data, "name", "")
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
        hotline_label = self.text(hotline, "label", "hotline.", required=False)

        qr = self.table("qr")
        self.check_keys(qr, "qr", "qr.")
        qr_url = self.url(qr, "url", "qr.", required=True)
        if len(qr_url.encode("utf-8")) > MAX_QR_BYTES:
            raise self.fail(
                "qr.url",
                "too long for a QR code that scans reliably at 20 mm "
                f"({len(qr_url.encode('utf-8'))} bytes; at most {MAX_QR_BYTES}: use a short link)",
            )

        resources = self._resources()
        community = Community(
            name=name,
            paper=paper,
            languages=tuple(code.strip() for code in languages),
            hotline_number=number,
            hotline_label=hotline_label or "Rapid response hotline",
            qr_url=qr_url,
            resources=resources,
            sample=sample,
        )
        if looks_fictional(community):
            community = Community(**{**community.__dict__, "sample": True})
        return community

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
            resources.append(
                Resource(
                    name=self.text(item, "name", prefix),
                    phone=self.phone(item, "phone", prefix, required=False),
                    url=self.url(item, "url", prefix, required=False),
                )
            )
        return tuple(resources)


def url_text(url: str) -> str:
    """A URL as people read it in print: no scheme, no trailing slash."""
    return url.removeprefix("tel:").removeprefix("https://").rstrip("/")


def url_problem(url: str) -> str | None:
    """Why a QR or resource URL is unacceptable, or None if it is fine."""
    if url.startswith("tel:"):
        number = url[4:]
        if not re.fullmatch(r"\+?[0-9][0-9\-.]{2,24}", number):
            return (
                f"a tel: URL needs a phone number without spaces, e.g. tel:+15550100 (got {url!r})"
            )
        return None
    if not url.startswith("https:"):
        return f"must start with https: or tel: (got {url!r})"
    try:
        parts = urlsplit(url)
    except ValueError as error:
        return f"not a valid URL ({error}): {url!r}"
    if not parts.hostname or "." not in parts.hostname:
        return f"not a complete https: URL (got {url!r})"
    if parts.username or parts.password:
        return f"must not contain a user name or password (got {url!r})"
    if any(c.isspace() for c in url):
        return f"must not contain spaces (got {url!r})"
    return None


def looks_fictional(community: Community) -> bool:
    """True when any printed detail is a reserved fictional number or example domain."""
    numbers = [community.hotline_number] + [r.phone for r in community.resources]
    urls = [community.qr_url] + [r.url for r in community.resources]
    if any(_FICTIONAL_PHONE.search(re.sub(r"[()]", "", n)) for n in numbers if n):
        return True
    if community.qr_url.startswith("tel:") and _FICTIONAL_PHONE.search(community.qr_url):
        return True
    hosts = [urlsplit(u).hostname or "" for u in urls if u.startswith("https:")]  # validated
    return any(_EXAMPLE_HOST.search(host) for host in hosts)
