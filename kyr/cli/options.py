"""The options several commands share, and the one-line wording of a command-line
mistake."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import fields
from enum import StrEnum
from pathlib import Path
from typing import Any

import click

from kyr.build.request import BuildRequest
from kyr.choices import Paper, Target
from kyr.cli.environment import WorkingPath

MAX_JOBS = 64


def usage_message(error: click.UsageError) -> str:
    """A command-line mistake as one line, the option first and where to read more last:
    "--paper: 'legal' is not one of letter, a4, tabloid, a3 (see `kyr build --help`)"."""
    message = error.format_message().rstrip(".")  # with click's "Did you mean …?"
    if isinstance(error, click.BadParameter):
        message = error.message.rstrip(".")
        param = error.param
        hint = error.param_hint
        if hint is None and param is not None:
            hint = " / ".join(param.opts) if param.opts else param.human_readable_name
        if isinstance(hint, (list, tuple)):
            hint = " / ".join(hint)
        if hint:
            message = f"{str(hint).strip(chr(39))}: {message}"
    command = error.ctx.command_path if error.ctx is not None else "kyr"
    return f"{message} (see `{command} --help`)"


class OneOf(click.Choice):
    """click's Choice of an enum's members (`OneOf(Paper)`, or some of them), typed as
    their values and given as the member; saying the choices plainly: "'legal' is not one
    of letter, a4"."""

    def __init__(self, members: Iterable[StrEnum]) -> None:
        self.members = {member.value: member for member in members}
        super().__init__(list(self.members))

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if value in self.members:
            return self.members[value]
        self.fail(f"{value!r} is not one of {', '.join(map(str, self.choices))}", param, ctx)


class Range(click.IntRange):
    """click's IntRange, saying the range plainly: "100 is not from 0 to 64"."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a whole number", param, ctx)
        if not self.min <= number <= self.max:  # type: ignore[operator]
            self.fail(f"{number} is not from {self.min} to {self.max}", param, ctx)
        return number


config_option = click.option(
    "--config",
    "config_path",
    type=WorkingPath(path_type=Path, dir_okay=False),
    default=None,
    show_default="./kyr.toml if there is one, else the shipped sample",
    help="Community configuration (TOML).",
)
#: `kyr serve`'s: without a file, the page opens with empty fields (the sample is a button).
serve_config_option = click.option(
    "--config",
    "config_path",
    type=WorkingPath(path_type=Path, dir_okay=False),
    default=None,
    show_default="./kyr.toml if there is one, else empty fields",
    help="Community configuration (TOML) to fill the form in with.",
)
out_option = click.option(
    "--out",
    "out_dir",
    type=WorkingPath(path_type=Path, file_okay=False),
    default=BuildRequest.out_dir,
    show_default="./output in the current folder",
    help="Folder for the PDFs and manifest.json.",
)


def required_out_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--out FOLDER`, to be given: where a command writes, `help` saying what."""
    return click.option(
        "--out",
        "out_dir",
        type=WorkingPath(path_type=Path, file_okay=False),
        required=True,
        help=help,
    )


incomplete_option = click.option(
    "--allow-incomplete",
    is_flag=True,
    help="Build languages with untranslated strings: those print in English, "
    "and every piece carries the draft line.",
)


product_option = click.option(
    "--product",
    "products",
    multiple=True,
    metavar="ID",
    help="Product (repeatable; default: all that come on the paper). See `kyr products`.",
)
lang_option = click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="Language, a BCP 47 tag such as es, ar, zh-Hans, or `all` for every shipped "
    "language (repeatable; default: the configuration's languages).",
)
paper_option = click.option(
    "--paper",
    type=OneOf(Paper),
    help="Paper (default: the configuration's).",
)
jobs_option = click.option(
    "--jobs",
    type=Range(0, MAX_JOBS),
    default=BuildRequest.jobs,
    show_default="0: one per core when the build is big enough",
    help="Worker processes to render in.",
)
uniform_option = click.option(
    "--uniform",
    is_flag=True,
    help="Set every sign of a product and paper in one type size, the smallest any of "
    "them needs, so a set looks alike (by default each sign is as large as its own "
    "text allows).",
)
target_option = click.option(
    "--for",
    "target",
    type=OneOf(Target),
    default=BuildRequest.target.value,
    show_default=True,
    help="home: tagged PDFs for office and home printers. print-shop: PDF/X-4 in CMYK "
    "(FOGRA39 output intent), files named *-print-shop.pdf.",
)


#: A command's parameters that are a BuildRequest's fields: by name, and `langs`.
_REQUEST_FIELDS = {field.name: field.name for field in fields(BuildRequest)} | {
    "langs": "languages"
}


def request_from_options(command: Callable[..., None]) -> Callable[..., None]:
    """Hand `command` the build options click parsed (`--product`, `--lang`, `--paper`,
    `--out`, `--for`, `--jobs`, …, whichever it has) as one `request: BuildRequest`; the
    options it lacks keep the request's defaults. Its other parameters pass as they are."""

    @functools.wraps(command)
    def with_request(**options: Any) -> None:
        names = [name for name in options if name in _REQUEST_FIELDS]
        chosen = {_REQUEST_FIELDS[name]: options.pop(name) for name in names}
        command(request=BuildRequest(**chosen), **options)

    return with_request


existing_folder = WorkingPath(path_type=Path, file_okay=False, exists=True)
