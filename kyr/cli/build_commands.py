"""Commands that write PDFs: `kyr build`, `kyr proof`, `kyr site`, and the checks on
what they wrote: `kyr verify`, `kyr manifest merge`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kyr.build.request import BuildEvents, BuildRequest, Shard
from kyr.choices import Paper
from kyr.cli.environment import WorkingPath
from kyr.cli.failures import Group
from kyr.cli.options import (
    OneOf,
    config_option,
    existing_folder,
    incomplete_option,
    jobs_option,
    lang_option,
    out_option,
    paper_option,
    product_option,
    request_from_options,
    required_out_option,
    target_option,
    uniform_option,
)
from kyr.errors import ExitStatus, KyrError

if TYPE_CHECKING:
    from kyr.content.pieces import Rendered


@click.command()
@click.option(
    "--config",
    "config_paths",
    multiple=True,
    type=WorkingPath(path_type=Path),
    show_default="./kyr.toml if there is one, else the shipped sample",
    help="Community configuration (TOML), or a folder of them. Repeatable: each network "
    "builds into OUT/<file name>/ with its own manifest.",
)
@product_option
@lang_option
@paper_option
@out_option
@incomplete_option
@jobs_option
@target_option
@uniform_option
@click.option(
    "--mix",
    "mix",
    multiple=True,
    metavar="CODE=N",
    callback=lambda ctx, param, value: _parse_mix(value),
    help="One sheet of cards in several languages: N cards in language CODE (repeatable; "
    "the counts fill the sheet: 10 on card-sheet, 5 on card-foldover).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Render every piece, even those whose PDF is already in the folder from the "
    "same inputs (by default they are left as they are).",
)
@click.option(
    "--shard",
    metavar="I/N",
    callback=lambda ctx, param, value: _parse_shard(value),
    help="Build only the I-th of N equal shares of the pieces (for N machines; join "
    "their folders with `kyr manifest merge`).",
)
@request_from_options
def build(request: BuildRequest, config_paths: tuple[Path, ...]) -> None:
    """Render PDFs for the selected products and languages."""
    _build(config_paths, request)


def _parse_mix(values: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    mix = []
    for value in values:
        code, _, count = value.partition("=")
        if not code.strip() or not count.strip().isdigit():
            raise click.BadParameter(f"{value!r}: expected CODE=N, e.g. es=4", param_hint="--mix")
        mix.append((code.strip(), int(count)))
    return tuple(mix)


def _parse_shard(value: str | None) -> Shard | None:
    from kyr.build.shards import parse_shard

    return parse_shard(value) if value is not None else None


@click.command()
@config_option
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="Language to include (repeatable; default: every shipped language).",
)
@click.option(
    "--paper", type=OneOf((Paper.LETTER, Paper.A4)), default=Paper.LETTER.value, show_default=True
)
@out_option
@incomplete_option
@request_from_options
def proof(request: BuildRequest, config_path: Path | None) -> None:
    """Render one review PDF: every language's card front and back and door-slip text."""
    from kyr.i18n.languages import load_registry

    codes = request.languages or tuple(load_registry())
    proof = replace(request, products=("proof",), languages=codes, jobs=1, force=True)
    _build((config_path,) if config_path else (), proof)


def _say_using(config: Path, name: str | None = None) -> None:
    from kyr.config.choice import using_line

    click.echo(f"kyr: {using_line(config, name)}", err=True)


def _build(config_paths: tuple[Path, ...], request: BuildRequest) -> None:
    """Build every configuration named (`kyr build --config`, repeatable) as `request`
    says, with a progress bar. A command that found nothing to do, given again with
    nothing changed, prints what it printed then (kyr.cache.noop_builds)."""
    from kyr.cache import noop_builds

    remembered = not (request.force or request.shard)
    key = noop_builds.command_key("build", config_paths, request) if remembered else ""
    lines = noop_builds.replay(key) if key else None
    if lines is not None:
        for stream, text in lines:
            click.echo(text, err=stream == "err")
        return

    noop_builds.start_reading()
    from kyr.build.networks import build_networks, remember_noop
    from kyr.build.plan import check_names
    from kyr.config.choice import chosen_configs
    from kyr.progress import Progress
    from kyr.render.html_to_pdf import fast_subsetting_available

    mixed = tuple(code for code, _ in request.mix)
    check_names(request.products, request.languages + mixed)  # quick, before WeasyPrint
    progress = Progress("rendering")

    def on_start(to_render: int, unchanged: int) -> None:
        if to_render and not fast_subsetting_available():
            click.echo(
                "kyr: warning: libharfbuzz-subset0 is missing; rendering is about ten "
                "times slower (install it, or run `make setup`)",
                err=True,
            )
        progress.start(to_render)

    def on_rendered(r: Rendered) -> None:
        short = f"; {r.note}" if r.note else ""
        if r.files and r.piece.product.is_image:  # a PNG and its alt text: its type size
            progress.advance(f"{r.piece.label}: image and alt text, {r.font_size}pt{short}")
            return
        if r.files:  # a message: text files, no pages (the note: how the SMS is sent)
            progress.advance(f"{r.piece.label}: {len(r.files)} files{short}")
            return
        pages = f"{r.pages} page{'s' * (r.pages != 1)}"
        progress.advance(f"{r.piece.label}: {pages}, {r.font_size}pt{short}")

    events = BuildEvents(
        progress=click.echo,
        on_start=on_start,
        on_rendered=on_rendered,
        on_loaded=lambda config, community: _say_using(config, community.name),
    )
    configs = chosen_configs(config_paths)
    progress.wrap(lambda: build_networks(configs, request, events))
    if key:  # what running it again would print, to say at once next time
        remember_noop(key, configs, request, _noop_events)


def _noop_events(lines: list[list[str]]) -> BuildEvents:
    """Events that note what a build with nothing to render prints, as `_build` does."""
    from kyr.config.choice import using_line

    return BuildEvents(
        progress=lambda line: lines.append(["out", line]),
        on_loaded=lambda config, community: lines.append(
            ["err", f"kyr: {using_line(config, community.name)}"]
        ),
    )


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=WorkingPath(path_type=Path, file_okay=False, exists=True),
    default=Path("output"),
    show_default="./output in the current folder",
    help="Output folder to check.",
)
@click.option("--repair", is_flag=True, help="Finish an interrupted build's renames.")
def verify(out_dir: Path, repair: bool) -> None:
    """Check an output folder: no interrupted build, every PDF as its manifest says."""
    from kyr.output.folder import finish_interrupted, folder_lock, output_problems

    if repair:
        with folder_lock(out_dir):
            for name in finish_interrupted(out_dir):
                click.echo(f"finished {out_dir / name}")
    problems = output_problems(out_dir)
    if problems:
        raise KyrError(
            f"{problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""),
            ExitStatus.OUTPUT,
        )
    click.echo(f"{out_dir}: every file is as its manifest says")


@click.command()
@config_option
@required_out_option(
    "Folder for the site: index.html, a page per language, its fonts, thumbnails, the PDFs "
    "and manifest.json."
)
@product_option
@lang_option
@paper_option
@incomplete_option
@jobs_option
@target_option
@request_from_options
def site(request: BuildRequest, config_path: Path | None) -> None:
    """Write a static site: index.html, a page per language with the rights as text (and
    in large print), the pages' own fonts, thumbnails, the PDFs and manifest.json, ready
    to upload to any web host."""
    from kyr.build.plan import check_names
    from kyr.config.choice import chosen_config
    from kyr.config.community import load_community
    from kyr.web.site import build_site

    check_names(request.products, request.languages)
    config = chosen_config(config_path)
    community = load_community(config)
    _say_using(config, community.name)
    build_site(community, request, progress=click.echo)


@click.group(cls=Group)
def manifest() -> None:
    """Work with output folders' manifests."""


@manifest.command("merge")
@click.argument("folders", nargs=-1, required=True, type=existing_folder)
@required_out_option("Folder to join the shards into.")
def merge(folders: tuple[Path, ...], out_dir: Path) -> None:
    """Join the folders of a build made in shards (`kyr build --shard I/N`), checking
    that every PDF is there exactly once and unaltered."""
    from kyr.build.merge import merge_shards
    from kyr.output.manifest import files_count

    names = merge_shards(folders, out_dir)
    click.echo(f"merged {len(folders)} shards: {files_count(names)} in {out_dir}")
