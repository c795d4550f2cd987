"""The README documents every `kyr build` option and the `[print]` configuration key."""

from __future__ import annotations

import pytest

from kyr import paths
from kyr.cli.build_commands import build, site
from kyr.cli.setup_commands import serve


def test_every_build_option_is_in_the_readme() -> None:
    readme = (paths.CHECKOUT / "README.md").read_text()
    options = [name for param in build.params for name in param.opts if name.startswith("--")]
    assert "--for" in options and "--mix" in options
    assert [option for option in options if f"`{option}" not in readme] == []


def test_the_back_offset_key_and_the_print_shop_section_are_in_the_readme() -> None:
    readme = (paths.CHECKOUT / "README.md").read_text()
    assert "back_offset_mm = [" in readme and "`print.back_offset_mm`" in readme
    assert "**Print shops.**" in readme and "`duplex-test`" in readme


@pytest.mark.parametrize("command", [serve, site], ids=["serve", "site"])
def test_every_serve_and_site_option_is_in_the_readme(command) -> None:
    readme = (paths.CHECKOUT / "README.md").read_text()
    section = readme.split(f"### `kyr {command.name}`")[1].split("\n### ")[0]
    options = [name for param in command.params for name in param.opts if name.startswith("--")]
    assert [option for option in options if f"`{option}" not in section] == []
