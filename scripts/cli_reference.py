"""The README's CLI reference comes from the CLI (as sqlite-utils' does, with cog): under
each command's section, a folded block holds that command's `--help`, between
`<!-- help:kyr COMMAND -->` and `<!-- help:end -->`. This script rewrites every block
(`make readme-cli`); tests/test_cli_reference.py fails when one differs from the
command's `--help`, or when a command has no block.

    .venv/bin/python scripts/cli_reference.py           # rewrite README.md's blocks
    .venv/bin/python scripts/cli_reference.py --check   # exit 1 when one is out of date"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

README = Path(__file__).resolve().parent.parent / "README.md"
#: The width --help is wrapped to in the README: what click uses on any terminal of 80
#: columns or more (its maximum, 80, less 2).
WIDTH = 78
BLOCK = re.compile(r"(<!-- help:(kyr[a-z0-9 -]*) -->\n)(.*?)(<!-- help:end -->)", re.DOTALL)


def command_paths(
    command: click.Command | None = None, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every command and subcommand of `kyr`, as its words: (), ("build",), ("i18n", "add")."""
    if command is None:
        from kyr.cli.main import cli

        command = cli
    yield path
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from command_paths(command.commands[name], (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    """What `kyr PATH --help` prints, wrapped to WIDTH columns."""
    from kyr.cli.main import cli

    command: click.Command = cli
    context = click.Context(cli, info_name="kyr", terminal_width=WIDTH)
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
        context = click.Context(command, info_name=name, parent=context)
    return command.get_help(context)


def block(name: str) -> str:
    """The Markdown between the markers for command `name` ("kyr i18n add")."""
    text = help_text(tuple(name.split()[1:]))
    return (
        f"<details><summary><code>{name} --help</code></summary>\n\n"
        f"```\n{text}\n```\n\n</details>\n"
    )


def documented(readme: str) -> list[str]:
    """The commands that have a block in `readme`, in order."""
    return [match.group(2) for match in BLOCK.finditer(readme)]


def with_reference(readme: str) -> str:
    """`readme` with every block rewritten from its command's `--help`."""
    return BLOCK.sub(lambda m: m.group(1) + block(m.group(2)) + m.group(4), readme)


def main(argv: list[str]) -> int:
    readme = README.read_text(encoding="utf-8")
    refreshed = with_reference(readme)
    missing = {" ".join(("kyr", *path)) for path in command_paths()} - set(documented(readme))
    if missing:
        print(f"README.md: no <!-- help:… --> block for {', '.join(sorted(missing))}")
    if "--check" in argv:
        return int(refreshed != readme or bool(missing))
    if refreshed != readme:
        README.write_text(refreshed, encoding="utf-8")
        print("updated the CLI reference in README.md")
    return int(bool(missing))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
