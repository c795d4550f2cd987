"""The file `kyr init` writes: a commented configuration like the shipped sample, holding
the answers exactly as typed, loaded as kyr will load it before it is written (in one
step: a temporary file beside it, then a rename)."""

from __future__ import annotations

from pathlib import Path

from kyr.config.answers import Answers
from kyr.config.community import (
    MAX_LABEL,
    MAX_NAME,
    MAX_QR_BYTES,
    MAX_QR_TEXT,
    MAX_RESOURCE_LINK,
    MAX_RESOURCE_NAME,
    MAX_RESOURCES,
    RESOURCE_KINDS,
    Community,
    parse_community,
)
from kyr.errors import ExitStatus, KyrError

_ESCAPES = {
    '"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"
}  # fmt: skip


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: quote, backslash and every control character
    escaped (TOML 1.0 allows none of U+0000 to U+001F or U+007F raw); the rest as is."""
    escaped = "".join(
        _ESCAPES.get(char)
        or (f"\\u{ord(char):04X}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
        for char in value
    )
    return f'"{escaped}"'


def config_toml(answers: Answers) -> str:
    """A commented configuration file holding `answers`, ready to build."""
    return "\n".join([*_network_lines(answers), *_resource_lines(answers)]) + "\n"


def _network_lines(answers: Answers) -> list[str]:
    """The file's header, the network's keys and its [hotline] and [qr] tables."""
    q = toml_string
    languages = ", ".join(q(code) for code in answers.languages)
    return [
        "# Community configuration for kyr, written by `kyr init`.",
        "# Every text below prints as written on every product, in every language.",
        "# Edit it freely (the limits are checked each time kyr reads it), then build with",
        "#   kyr build                       in this folder, when the file is kyr.toml",
        "#   kyr build --config <this file>  from anywhere",
        "",
        f"# The network's name: at most {MAX_NAME} characters.",
        f"name = {q(answers.name)}",
        "# ISO 3166 country code: how phone numbers are read, and printed (national form at",
        "# home, +country code otherwise).",
        f"country = {q(answers.country)}",
        "# The default paper: letter | a4 (signs also: tabloid | a3).",
        f"paper = {q(answers.paper)}",
        "# The languages `kyr build` makes by default (`kyr languages` lists them all).",
        f"languages = [{languages}]",
        "",
        "[hotline]",
        "# As you would write it on a flyer.",
        f"number = {q(answers.hotline)}",
        f"# Printed in English beside the number: at most {MAX_LABEL} characters.",
        f"label = {q(answers.hotline_label)}",
        "",
        "[qr]",
        f"# https:// or tel: only, at most {MAX_QR_BYTES} bytes.",
        f"url = {q(answers.qr_url)}",
        f"# What prints under the QR code instead of the link: at most {MAX_QR_TEXT} characters.",
        f"label = {q(answers.qr_label)}" if answers.qr_label else '# label = ""',
    ]


def _resource_lines(answers: Answers) -> list[str]:
    """What the [[resources]] tables are, then one for each resource."""
    q = toml_string
    lines = [
        "",
        f"# Up to {MAX_RESOURCES} resources print on the card's back, each a [[resources]] table:",
        f"# a name (at most {MAX_RESOURCE_NAME} characters), and optionally a phone and an",
        f"# https:// link (at most {MAX_RESOURCE_LINK} bytes; where room is short, a shorter form",
        "# of it prints: README, configuration reference). An optional kind says what it is",
        f"# ({', '.join(RESOURCE_KINDS)}): the workplace plan prints the legal aid.",
    ]
    for resource in answers.resources:
        lines += ["", "[[resources]]", f"name = {q(resource.name)}"]
        if resource.kind:
            lines.append(f"kind = {q(resource.kind)}")
        if resource.phone:
            lines.append(f"phone = {q(resource.phone)}")
        if resource.url:
            lines.append(f"url = {q(resource.url)}")
    return lines


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any question, a FILE that exists (unless `force`) or is a folder."""
    if path.is_dir():
        raise KyrError(f"{path} is a folder; name the file to write", ExitStatus.USAGE)
    if path.exists() and not force:
        raise KyrError(f"{path} already exists; use --force to replace it", ExitStatus.USAGE)


def write_config(path: Path, answers: Answers, force: bool) -> Community:
    """Write the file in one step (temporary file beside it, then rename), after loading
    the text as kyr will: what is written is always ready to build."""
    from kyr.files import write_files_atomically

    text = config_toml(answers)
    community = parse_community(text, str(path))  # failing here is a bug in kyr init
    check_target(path, force)  # again: the file may have appeared while the questions ran
    write_files_atomically({path: text.encode("utf-8")})
    return community
