"""The command line: parses arguments and calls the library. Nothing else lives here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kyr import __version__, paths
from kyr.errors import ExitStatus, KyrError


def _fail(error: KyrError) -> None:
    click.echo(f"kyr: error: {error}", err=True)
    sys.exit(int(error.status))


class _Group(click.Group):
    """Turns every KyrError into one line on stderr and its exit code: no tracebacks."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KyrError as error:
            _fail(error)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="kyr")
def cli() -> None:
    """Print-ready, multilingual know-your-rights cards, door slips and workplace signs."""


@cli.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=paths.SAMPLE_CONFIG,
    show_default="the shipped sample",
    help="Community configuration (TOML).",
)
@click.option(
    "--product",
    "products",
    multiple=True,
    metavar="ID",
    help="Product to build (repeatable; default: all). See `kyr products`.",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="Language, a BCP 47 tag such as es, ar, zh-Hans (repeatable; "
    "default: the configuration's languages).",
)
@click.option(
    "--paper",
    type=click.Choice(["letter", "a4", "tabloid", "a3"]),
    help="Paper (default: the configuration's).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=paths.DEFAULT_OUTPUT,
    show_default="output/",
    help="Folder for the PDFs and manifest.json.",
)
def build(
    config_path: Path,
    products: tuple[str, ...],
    langs: tuple[str, ...],
    paper: str | None,
    out_dir: Path,
) -> None:
    """Render PDFs for the selected products and languages."""
    from kyr.build import build as run_build
    from kyr.config import load_community
    from kyr.render import fast_subsetting_available

    community = load_community(config_path)
    if not fast_subsetting_available():
        click.echo(
            "kyr: warning: libharfbuzz-subset0 is missing; rendering is about ten "
            "times slower (install it, or run `make setup`)",
            err=True,
        )
    run_build(community, out_dir, products, langs, paper, progress=click.echo)


@cli.command()
def products() -> None:
    """List the products with their sizes."""
    from kyr.catalog_listing import product_lines

    for line in product_lines():
        click.echo(line)


@cli.command()
def languages() -> None:
    """List the shipped languages."""
    from kyr.catalog_listing import language_lines

    for line in language_lines():
        click.echo(line)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="kyr", standalone_mode=True)
    except KyrError as error:  # raised outside a command, e.g. while parsing
        _fail(error)
    sys.exit(ExitStatus.OK)
