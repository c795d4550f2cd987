"""The README's CLI reference is the CLI's own `--help`, for every command and subcommand
(as sqlite-utils checks its cog-generated reference): `make readme-cli` rewrites it."""

from __future__ import annotations

import importlib.util

from kyr import paths

from .conftest import run_kyr


def _reference():
    path = paths.CHECKOUT / "scripts" / "cli_reference.py"
    spec = importlib.util.spec_from_file_location("cli_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_command_and_subcommand_has_its_help_in_the_readme() -> None:
    reference = _reference()
    commands = [" ".join(("kyr", *path)) for path in reference.command_paths()]
    assert {"kyr", "kyr build", "kyr manifest merge", "kyr i18n add"} <= set(commands)
    readme = (paths.CHECKOUT / "README.md").read_text(encoding="utf-8")
    documented = reference.documented(readme)
    assert sorted(set(commands) - set(documented)) == [], "add a <!-- help:… --> block"
    assert len(documented) == len(set(documented)), "one block per command"


def test_the_readme_shows_each_commands_help_as_it_is() -> None:
    reference = _reference()
    readme = (paths.CHECKOUT / "README.md").read_text(encoding="utf-8")
    assert reference.with_reference(readme) == readme, "run `make readme-cli`"


def test_the_reference_is_what_kyr_help_prints_on_a_wide_terminal(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # click wraps help to at most 78 columns
    reference = _reference()
    for path in (("build",), ("i18n", "add"), ("manifest", "merge")):
        printed = run_kyr(*path, "--help")
        assert printed.returncode == 0, printed.stderr
        assert printed.stdout == reference.help_text(path) + "\n"
