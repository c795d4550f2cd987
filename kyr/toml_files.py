"""kyr's TOML files, read one way: the community configuration (the user's) and the two
registries (`templates/products.toml`, `locales/languages.toml`). A file's keys are
declared once, on the fields of the dataclass it loads into (`key()`: what TOML type,
whether required, which choices, what limit); `TomlFile.read` checks a table against
them, refuses unknown keys and words every problem as one line with the file, the line
and the key: `products.toml:12: product 'card', key 'trim': must be one of …`."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kyr.errors import KyrError
from kyr.files import FileProblem, read_file_text

#: A registry larger than this is not one (kyr's largest is 20 KB).
MAX_TOML_BYTES = 1024 * 1024

#: Makes the error of a file kind from (message, key, problem): the key and the problem
#: alone are for `kyr init` and the web form, which show a problem beside its answer.
Refusal = Callable[[str, str, str], KyrError]


def refusing_with(error: Callable[[str], KyrError]) -> Refusal:
    """The refusal of a file whose every problem is `error` with the whole message (the
    message names the key and the problem already)."""

    def refusal(message: str, _key: str, _problem: str) -> KyrError:
        return error(message)

    return refusal


@dataclass(frozen=True)
class Kind:
    """What TOML must give for a key, and how a wrong value is refused."""

    types: tuple[type, ...]
    wording: str  # "{type}" is replaced by the name of the type given
    items: tuple[type, ...] = ()  # a list's items

    def admits(self, value: Any) -> bool:
        if isinstance(value, bool) and bool not in self.types:
            return False
        if not isinstance(value, self.types):
            return False
        if isinstance(value, list) and self.items:
            return all(self.admits_item(item) for item in value)
        return True

    def admits_item(self, item: Any) -> bool:
        flag = isinstance(item, bool) and bool not in self.items
        return isinstance(item, self.items) and not flag


TEXT = Kind((str,), "must be a string, not {type}")
FLAG = Kind((bool,), "must be true or false")
WHOLE = Kind((int,), "must be a whole number, not {type}")
NUMBER = Kind((int, float), "must be a number, not {type}")
TEXTS = Kind((list,), "must be a list of strings", items=(str,))
TABLES = Kind((list,), "must be [[{name}]] tables", items=(dict,))


@dataclass(frozen=True)
class Key:
    """A key of a TOML table, declared on the field it loads into (`key()`)."""

    name: str = ""  # its dotted name in the file ("hotline.label"); "" = the field's name
    kind: Kind = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    #: Characters of a text, or items of a list; read by `check` and by the web form.
    limit: int | None = None
    #: Text is trimmed and put in Unicode's composed form (NFC) before any check.
    clean: Callable[[str], str] | None = None
    #: A further problem with the value, or None; given the value and this Key.
    check: Callable[[Any, Key], str | None] | None = None
    #: For TABLES: the dataclass whose keys each table has (`read` gives each's values).
    row: type | None = None


def key(default: Any = MISSING, **declared: Any) -> Any:
    """A dataclass field that is a TOML key: `key(False, kind=FLAG)`, `key(limit=60)`.
    Without a default, the key is required; a default must not be mutable (a tuple, not
    a list)."""
    declared.setdefault("required", default is MISSING)
    return field(default=default, metadata={"key": Key(**declared)})


def keys_of(cls: type) -> dict[str, Key]:
    """The TOML keys of dataclass `cls`, by field name, in declaration order."""
    declared = {item.name: item.metadata["key"] for item in fields(cls) if "key" in item.metadata}
    return {name: replace(spec, name=spec.name or name) for name, spec in declared.items()}


@dataclass(frozen=True)
class Place:
    """Where a table stands in its file, for line numbers and messages."""

    header: str = ""  # the table's header ("hotline", "card", "language"); "" = top
    index: int = 0  # which of the [[header]] tables
    named: str = ""  # what the table is, in messages: "product 'card'"
    prefix: str = ""  # before its keys in messages: "resources[1]."


def read_toml_file(
    path: Path, label: str, what: str, refusal: Refusal, max_bytes: int = MAX_TOML_BYTES
) -> tuple[bytes, TomlFile]:
    """The bytes of the TOML file at `path` (`what` it is, for messages) and the file
    parsed; `refusal` makes the error, "{label}: configuration not found" and the like."""
    data, text = read_toml_text(path, label, what, refusal, max_bytes)
    return data, TomlFile(text, label, refusal)


def read_toml_text(
    path: Path, label: str, what: str, refusal: Refusal, max_bytes: int = MAX_TOML_BYTES
) -> tuple[bytes, str]:
    """`read_toml_file` before parsing: the bytes and the text."""
    try:
        text = read_file_text(path, max_bytes, what)
    except FileProblem as problem:
        raise refusal(f"{label}: {problem}", "", "") from None
    return text.encode("utf-8"), text


def syntax_error_message(label: str, error: tomllib.TOMLDecodeError) -> str:
    """tomllib's complaint as kyr words every file's: `file:line: invalid TOML: reason
    (column N)`, the line where an editor shows it."""
    where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    reason = re.sub(r"\s*\(at .*?\)", "", str(error))
    if where is None:
        return f"{label}: invalid TOML: {reason}"
    line, column = where.groups()
    return f"{label}:{line}: invalid TOML: {reason} (column {column})"


class TomlFile:
    """One TOML file, parsed: its data, and how its problems are worded."""

    def __init__(self, text: str, label: str, refusal: Refusal) -> None:
        self.lines = text.splitlines()
        self.label = label
        self.refusal = refusal
        try:
            self.data: dict[str, Any] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise refusal(syntax_error_message(label, error), "", "") from None
        except RecursionError:  # tomllib recurses once per level of nesting
            raise refusal(f"{label}: invalid TOML: nested too deeply", "", "") from None

    def fail(self, place: Place, name: str, problem: str) -> KyrError:
        """The error for key `name` of the table at `place` ("" for the whole table)."""
        line = line_of(self.lines, place, name)
        where = f"{self.label}:{line}" if line else self.label
        full = f"{place.prefix}{name}" if name else ""
        about = [part for part in (place.named, f"key '{full}'" if full else "") if part]
        where = ": ".join([where, ", ".join(about)] if about else [where])
        return self.refusal(f"{where}: {problem}", full, problem)

    def fail_at(self, dotted: str, problem: str) -> KyrError:
        """The error for a key named in full: `qr.url`, `resources[1].phone`."""
        match = re.fullmatch(r"(?:([\w-]+)(?:\[(\d+)\])?\.)?([\w-]+)", dotted)
        assert match, dotted
        table, index, leaf = match.group(1) or "", int(match.group(2) or 0), match.group(3)
        prefix = dotted[: -len(leaf)]
        return self.fail(Place(table, index, "", prefix), leaf, problem)

    def missing(self, place: Place, name: str) -> KyrError:
        full = f"{place.prefix}{name}"
        if place.named:
            return self.fail(place, "", f"missing key '{full}'")
        return self.refusal(f"{self.label}: missing key '{full}'", "", "")

    def read(self, cls: type, table: Any, place: Place = Place()) -> dict[str, Any]:
        """The values of `table` for `cls`'s keys (the field's default when a key is
        left out), each checked as declared. A key may be in a sub-table
        (`name="hotline.label"`): the sub-table is checked for unknown keys too."""
        declared = keys_of(cls)
        if not isinstance(table, dict):
            raise self.fail(place, "", "must be a [table]")
        tables = self._tables(declared, table, place)
        values: dict[str, Any] = {}
        for name, spec in declared.items():
            outer, _, leaf = spec.name.rpartition(".")
            if outer and outer not in tables:
                if spec.required:
                    raise self.refusal(f"{self.label}: missing table '[{outer}]'", "", "")
                continue
            inner = Place(outer, 0, place.named, f"{outer}.") if outer else place
            values[name] = self._value(spec, (tables[outer] if outer else table), inner, leaf)
        return {name: value for name, value in values.items() if value is not MISSING}

    def _tables(self, declared: dict[str, Key], table: dict, place: Place) -> dict[str, dict]:
        """`table`'s sub-tables that keys are declared in, each checked for unknown keys."""
        known: dict[str, set[str]] = {"": set()}
        for spec in declared.values():
            outer, _, leaf = spec.name.rpartition(".")
            known[""].add(outer or leaf)
            known.setdefault(outer, set()).add(leaf)
        self.refuse_unknown(table, known[""], place)
        tables: dict[str, dict] = {}
        for outer in known.keys() - {""}:
            if outer in table:
                inner = table[outer]
                if not isinstance(inner, dict):
                    raise self.fail(place, outer, "must be a table")
                self.refuse_unknown(inner, known[outer], Place(outer, 0, place.named, f"{outer}."))
                tables[outer] = inner
        return tables

    def refuse_unknown(self, table: dict, known: set[str], place: Place) -> None:
        for name in table:
            if name not in known:
                raise self.fail(place, name, "unknown key (check its spelling)")

    def _value(self, spec: Key, table: dict, place: Place, name: str) -> Any:
        if name not in table:
            if spec.required:
                raise self.missing(place, name)
            return MISSING
        value = table[name]
        if not spec.kind.admits(value):
            wording = spec.kind.wording.format(type=type(value).__name__, name=name)
            raise self.fail(place, name, wording)
        if spec.clean and isinstance(value, str):
            value = spec.clean(value)
            if not value:  # an optional text left empty is as if left out
                if spec.required:
                    raise self.fail(place, name, "must not be empty")
                return MISSING
        if spec.choices and value not in spec.choices:
            raise self.fail(place, name, choice_problem(spec.choices, value))
        problem = spec.check(value, spec) if spec.check else None
        if problem:
            raise self.fail(place, name, problem)
        if spec.row is not None:
            full = f"{place.prefix}{name}"
            return tuple(
                self.read(spec.row, item, Place(name, index, place.named, f"{full}[{index}]."))
                for index, item in enumerate(value)
            )
        return tuple(value) if isinstance(value, list) else value


def choice_problem(choices: tuple[str, ...], value: Any) -> str:
    return f"must be one of {', '.join(choices)} (got {value!r})"


def line_of(lines: list[str], place: Place, name: str) -> int | None:
    """Best-effort line number of key `name` of the table at `place` (the table's header
    when `name` is "" or a sub-table), for error messages."""
    current, count = "", {"": 0}
    for number, line in enumerate(lines, start=1):
        stripped = line.split("#")[0].strip()
        header = re.fullmatch(r"\[\[?\s*([\w.\"'-]+)\s*\]\]?", stripped)
        if header:
            current = header.group(1).strip("\"'")
            count[current] = count.get(current, -1) + 1
            here = current == place.header and count[current] == place.index
            if (here and not name) or (not place.header and current == name):
                return number  # the table itself
            continue
        in_place = current == place.header and count[current] == place.index
        if in_place and name and re.match(rf"[\"']?{re.escape(name)}[\"']?\s*=", stripped):
            return number
    return None
