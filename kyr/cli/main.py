"""The `kyr` command: its group, global options and `main()`; the commands live in
build_commands, setup_commands and language_commands."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from kyr import __version__, paths
from kyr.cli import build_commands, language_commands, setup_commands
from kyr.cli.environment import Environment, EnvironmentOption, running_in
from kyr.cli.failures import Group, as_kyr_error, fail
from kyr.cli.options import existing_folder, usage_message
from kyr.errors import ExitStatus, KyrError, one_line


@click.group(cls=Group, invoke_without_command=True, no_args_is_help=True)
@click.version_option(__version__, prog_name="kyr")
@click.option(
    "--info",
    is_flag=True,
    help="Print versions (kyr, Python, WeasyPrint, Pango, HarfBuzz) and where kyr's "
    "files are, then exit.",
)
@click.option(
    "--traceback",
    is_flag=True,
    help="Show the full error (a Python traceback) instead of one line.",
)
@click.option(
    "--templates",
    cls=EnvironmentOption,
    type=existing_folder,
    envvar="KYR_TEMPLATES",
    help="Your templates overlay: the files you changed, used instead of kyr's own of the "
    "same name [env: KYR_TEMPLATES].",
)
@click.option(
    "--locales",
    cls=EnvironmentOption,
    type=existing_folder,
    envvar="KYR_LOCALES",
    help="Your own catalogs folder (a copy of kyr's locales/) [env: KYR_LOCALES].",
)
@click.pass_context
def cli(
    ctx: click.Context,
    info: bool,
    traceback: bool,
    templates: Path | None,
    locales: Path | None,
) -> None:
    """Print-ready, multilingual know-your-rights cards, door slips and workplace signs."""
    ctx.obj = {"traceback": traceback}
    paths.forget_data()  # each run reads its folders afresh (a test may have edited them)
    ctx.with_resource(paths.using_data_dirs(templates, locales))  # for this run only
    if info:
        from kyr.cli.about import info_lines

        for line in info_lines():
            click.echo(line)
        ctx.exit()
    if ctx.invoked_subcommand is None:
        raise click.UsageError("Missing command.")


for _command in (
    build_commands.build, build_commands.proof, build_commands.verify, setup_commands.init,
    setup_commands.serve, build_commands.site, build_commands.manifest,
    language_commands.products, language_commands.languages, language_commands.i18n,
):
    cli.add_command(_command)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM stops kyr like Ctrl-C: `finally` blocks run, temporary files go."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None, env: Environment | None = None) -> None:
    """Run `kyr ARGV` (default: the process's arguments) in `env` (default: the process's
    folder, environment variables and streams), then exit with its status (SystemExit)."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with running_in(env or Environment()):
            _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> None:
    try:
        status = cli.main(args=argv, prog_name="kyr", standalone_mode=False)
    except click.UsageError as error:
        click.echo(f"kyr: error: {one_line(usage_message(error))}", err=True)
        sys.exit(int(ExitStatus.USAGE))
    except click.ClickException as error:
        error.message = one_line(error.message)  # type: ignore[misc]  # may hold an ESC
        error.show()
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("kyr: error: stopped (Ctrl-C)", err=True)
        sys.exit(int(ExitStatus.INTERRUPTED))
    except KeyboardInterrupt:  # outside a command, e.g. while parsing
        fail(as_kyr_error(KeyboardInterrupt()))
    except KyrError as error:  # raised outside a command, e.g. while parsing
        fail(error)
    sys.exit(status if isinstance(status, int) else 0)
