"""The command line: parses arguments and calls the library. Nothing else lives here."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from kyr import __version__, paths
from kyr.errors import ExitStatus, KyrError, one_line
from kyr.geometry import PAPER_SIZES

MAX_JOBS = 64


def _fail(error: KyrError) -> None:
    click.echo(f"kyr: error: {error}", err=True)
    sys.exit(int(error.status))


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
    """click's Choice, saying the choices plainly: "'legal' is not one of letter, a4"."""

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if value in self.choices:
            return value
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


def _as_kyr_error(error: BaseException) -> KyrError:
    """Any failure as one line with an exit code (the full error: `kyr --traceback`)."""
    if isinstance(error, KyrError):
        return error
    if isinstance(error, KeyboardInterrupt):
        return KyrError("stopped (Ctrl-C or SIGTERM)", ExitStatus.INTERRUPTED)
    if isinstance(error, MemoryError):
        return KyrError("out of memory", ExitStatus.ERROR)
    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename else ""
        return KyrError(f"{error.strerror or error}{where}", ExitStatus.ERROR)
    return KyrError(
        f"internal error: {type(error).__name__}: {error} (run `kyr --traceback ...` to see "
        "where, and please report it)",
        ExitStatus.ERROR,
    )


class _Group(click.Group):
    """Turns every failure into one line on stderr and its exit code: no tracebacks,
    unless `kyr --traceback` asked for them."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BaseException as error:
            if (ctx.find_root().obj or {}).get("traceback"):
                raise
            _fail(_as_kyr_error(error))


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    show_default="./kyr.toml if there is one, else the shipped sample",
    help="Community configuration (TOML).",
)
out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default="./output in the current folder",
    help="Folder for the PDFs and manifest.json.",
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
    help="Language, a BCP 47 tag such as es, ar, zh-Hans (repeatable; "
    "default: the configuration's languages).",
)
paper_option = click.option(
    "--paper",
    type=OneOf(list(PAPER_SIZES)),
    help="Paper (default: the configuration's).",
)
jobs_option = click.option(
    "--jobs",
    type=Range(0, MAX_JOBS),
    default=0,
    show_default="0: one per core when the build is big enough",
    help="Worker processes to render in.",
)
target_option = click.option(
    "--for",
    "target",
    type=OneOf(["home", "print-shop"]),
    default="home",
    show_default=True,
    help="home: tagged PDFs for office and home printers. print-shop: PDF/X-4 in CMYK "
    "(FOGRA39 output intent), files named *-print-shop.pdf.",
)


_folder = click.Path(path_type=Path, file_okay=False, exists=True)


@click.group(cls=_Group, invoke_without_command=True, no_args_is_help=True)
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
    type=_folder,
    envvar="KYR_TEMPLATES",
    help="Your own templates folder (a copy of kyr's with your changes) [env: KYR_TEMPLATES].",
)
@click.option(
    "--locales",
    type=_folder,
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
    paths.use_data_dirs(templates, locales)
    ctx.call_on_close(paths.use_data_dirs)  # back to kyr's own folders afterwards
    if info:
        from kyr.cli.about import info_lines

        for line in info_lines():
            click.echo(line)
        ctx.exit()
    if ctx.invoked_subcommand is None:
        raise click.UsageError("Missing command.")


@cli.command()
@click.option(
    "--config",
    "config_paths",
    multiple=True,
    type=click.Path(path_type=Path),
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
    help="Build only the I-th of N equal shares of the pieces (for N machines; join "
    "their folders with `kyr manifest merge`).",
)
def build(
    config_paths: tuple[Path, ...],
    products: tuple[str, ...],
    langs: tuple[str, ...],
    paper: str | None,
    out_dir: Path,
    allow_incomplete: bool,
    jobs: int,
    target: str,
    mix: tuple[tuple[str, int], ...],
    force: bool,
    shard: str | None,
) -> None:
    """Render PDFs for the selected products and languages."""
    _build(
        config_paths, products, langs, paper, out_dir, allow_incomplete, jobs, target, mix,
        force, shard,
    )  # fmt: skip


def _parse_mix(values: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    mix = []
    for value in values:
        code, _, count = value.partition("=")
        if not code.strip() or not count.strip().isdigit():
            raise click.BadParameter(f"{value!r}: expected CODE=N, e.g. es=4", param_hint="--mix")
        mix.append((code.strip(), int(count)))
    return tuple(mix)


@cli.command()
@config_option
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="CODE",
    help="Language to include (repeatable; default: every shipped language).",
)
@click.option("--paper", type=OneOf(["letter", "a4"]), default="letter", show_default=True)
@out_option
@incomplete_option
def proof(
    config_path: Path | None,
    langs: tuple[str, ...],
    paper: str,
    out_dir: Path,
    allow_incomplete: bool,
) -> None:
    """Render one review PDF: every language's card front and back and door-slip text."""
    from kyr.i18n.languages import load_registry

    codes = langs or tuple(load_registry())
    configs = (config_path,) if config_path else ()
    _build(configs, ("proof",), codes, paper, out_dir, allow_incomplete, jobs=1, force=True)


def _say_using(config: Path, name: str | None = None) -> None:
    from kyr.config.choice import using_line

    click.echo(f"kyr: {using_line(config, name)}", err=True)


def _build(
    config_paths: tuple[Path, ...],
    products: tuple[str, ...],
    langs: tuple[str, ...],
    paper: str | None,
    out_dir: Path,
    allow_incomplete: bool,
    jobs: int,
    target: str = "home",
    mix: tuple[tuple[str, int], ...] = (),
    force: bool = False,
    shard: str | None = None,
) -> None:
    from kyr.build.networks import build_networks
    from kyr.build.plan import check_names
    from kyr.build.shards import parse_shard
    from kyr.config.choice import chosen_configs
    from kyr.progress import Progress
    from kyr.render.html_to_pdf import fast_subsetting_available

    check_names(products, langs + tuple(code for code, _ in mix))  # quick, before WeasyPrint
    share = parse_shard(shard) if shard is not None else None
    progress = Progress("rendering")

    def on_start(to_render: int, unchanged: int) -> None:
        if to_render and not fast_subsetting_available():
            click.echo(
                "kyr: warning: libharfbuzz-subset0 is missing; rendering is about ten "
                "times slower (install it, or run `make setup`)",
                err=True,
            )
        progress.start(to_render)

    progress.wrap(
        lambda: build_networks(
            chosen_configs(config_paths), out_dir, products, langs, paper,
            progress=click.echo, allow_incomplete=allow_incomplete, jobs=jobs, target=target,
            mix=mix, force=force, shard=share, on_start=on_start,
            on_rendered=lambda r: progress.advance(f"{r.piece.label}: {r.pages} pages, "
                                                   f"{r.font_size}pt"),
            on_loaded=lambda config, community: _say_using(config, community.name),
        )
    )  # fmt: skip


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
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


@cli.command()
@click.argument(
    "file", type=click.Path(path_type=Path, dir_okay=False), default="kyr.toml", required=False
)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option(
    "--fresh",
    is_flag=True,
    help="Ask afresh, without offering the answers kept from an unfinished `kyr init`.",
)
def init(file: Path, force: bool, fresh: bool) -> None:
    """Write a community configuration FILE (default kyr.toml, which the other commands
    use when run in its folder) by answering questions."""
    from kyr.config.wizard import run_init

    def ask(question: str, default: str | None) -> str:
        with _line_ended_on_abort():
            return click.prompt(question, default=default, show_default=bool(default))

    def confirm(question: str, default: bool) -> bool:
        with _line_ended_on_abort():
            return click.confirm(question, default=default)

    try:
        run_init(file, force, prompt=ask, confirm=confirm, echo=click.echo,
                 note=lambda line: click.echo(f"kyr: {line}", err=True), fresh=fresh)  # fmt: skip
    except click.Abort:  # Ctrl-C or end of input while asking
        raise KyrError(f"init stopped; nothing written to {file}", ExitStatus.INTERRUPTED) from None


@contextlib.contextmanager
def _line_ended_on_abort() -> Iterator[None]:
    """Ctrl-C or end of input at a question: what follows starts on a line of its own."""
    try:
        yield
    except click.Abort:
        click.echo(err=True)
        raise


@cli.command()
@config_option
@click.option(
    "--port",
    type=Range(0, 65535),
    default=8765,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port). The page is served to this computer only.",
)
def serve(config_path: Path | None, port: int) -> None:
    """Serve a web page for making PDFs without the command line, on 127.0.0.1 only:
    a form prefilled from --config (its errors shown beside their fields), a live
    preview, downloads and Save settings."""
    from kyr.config.choice import chosen_config
    from kyr.web.server import serve as run_server

    run_server(chosen_config(config_path), port, echo=click.echo,
               note=lambda line: click.echo(f"kyr: {line}", err=True))  # fmt: skip


@cli.command()
@config_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for the site: index.html, thumbnails, the PDFs and manifest.json.",
)
@product_option
@lang_option
@paper_option
@incomplete_option
@jobs_option
@target_option
def site(
    config_path: Path | None,
    out_dir: Path,
    products: tuple[str, ...],
    langs: tuple[str, ...],
    paper: str | None,
    allow_incomplete: bool,
    jobs: int,
    target: str,
) -> None:
    """Write a static download page: index.html with a section per language, thumbnails,
    the PDFs and manifest.json, ready to upload to any web host."""
    from kyr.build.plan import check_names
    from kyr.config.choice import chosen_config
    from kyr.config.community import load_community
    from kyr.web.site import build_site

    check_names(products, langs)
    config = chosen_config(config_path)
    community = load_community(config)
    _say_using(config, community.name)
    build_site(community, out_dir, products, langs, paper, allow_incomplete=allow_incomplete,
               jobs=jobs, target=target, progress=click.echo)  # fmt: skip


@cli.group(cls=_Group)
def manifest() -> None:
    """Work with output folders' manifests."""


@manifest.command("merge")
@click.argument("folders", nargs=-1, required=True, type=_folder)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder to join the shards into.",
)
def merge(folders: tuple[Path, ...], out_dir: Path) -> None:
    """Join the folders of a build made in shards (`kyr build --shard I/N`), checking
    that every PDF is there exactly once and unaltered."""
    from kyr.build.merge import merge_shards

    count = merge_shards(folders, out_dir)
    click.echo(f"merged {len(folders)} shards: {count} PDFs in {out_dir}")


@cli.command()
def products() -> None:
    """List the products with their sizes."""
    from kyr.cli.listings import product_lines

    for line in product_lines():
        click.echo(line)


@cli.command()
@click.option("--no-fit", is_flag=True, help="Skip rendering every product to check fit.")
def languages(no_fit: bool) -> None:
    """List the shipped languages: translated, reviewed, and whether every product fits."""
    from kyr.cli.listings import language_table

    for line in language_table(check_fit=not no_fit, progress=_fit_progress()):
        click.echo(line)


def _fit_progress() -> tuple:
    """The fit check's progress on stderr (stdout is the report): a bar on a terminal,
    else a line per language laid out."""
    from kyr.progress import Progress

    progress = Progress("fit check", line_stream=sys.stderr)
    return progress.start, progress.advance


@cli.group(cls=_Group)
def i18n() -> None:
    """Translator's commands: extract, add, update, check and review catalogs, and the
    README's language list.

    They work on a checkout's locales/ folder (found from the current folder upward),
    or on the one given with `kyr --locales DIR i18n ...`."""


@i18n.command()
def extract() -> None:
    """Regenerate locales/messages.pot from the templates (and locales/web.pot from
    the kyr serve page's)."""
    paths.use_translation_dirs()
    from kyr.i18n.catalogs import template_catalog_path, web_template_catalog_path
    from kyr.i18n.translators import write_template_catalog, write_web_template_catalog

    catalog = write_template_catalog()
    target = paths.display(template_catalog_path())
    click.echo(f"wrote {target} ({len(catalog)} strings)")
    web = write_web_template_catalog()
    click.echo(f"wrote {paths.display(web_template_catalog_path())} ({len(web)} strings: "
               "the kyr serve page)")  # fmt: skip


@i18n.command()
@click.argument("code")
@click.option("--name", help="English name (needed when CLDR does not know the code).")
@click.option("--autonym", help="The language's name for itself.")
@click.option("--direction", type=OneOf(["ltr", "rtl"]), help="Text direction.")
@click.option("--script", help="ISO 15924 script code, e.g. Latn, Arab, Deva.")
@click.option("--font", "fonts", multiple=True, help="Font family in assets/fonts (repeatable).")
@click.option("--plural-forms", help='Plural-Forms header, e.g. "nplurals=1; plural=0;".')
@click.option("--fallback", help="Language standing in for missing strings (fa for Dari).")
def add(
    code: str,
    name: str | None,
    autonym: str | None,
    direction: str | None,
    script: str | None,
    fonts: tuple[str, ...],
    plural_forms: str | None,
    fallback: str | None,
) -> None:
    """Start a new language CODE: its catalog and its row in locales/languages.toml."""
    paths.use_translation_dirs()
    from kyr.i18n.translators import add_language

    path = add_language(code, name, autonym, direction, script, fonts, plural_forms, fallback)
    _refresh_language_list()
    click.echo(f"wrote {paths.display(path)}; translate it in Poedit or Weblate")


@i18n.command()
def update() -> None:
    """Merge new and changed strings from messages.pot into every catalog."""
    paths.use_translation_dirs()
    from kyr.i18n.translators import update_catalogs

    for path in update_catalogs():
        click.echo(f"updated {paths.display(path)}")


@i18n.command()
@click.argument("codes", nargs=-1)
@click.option("--no-fit", is_flag=True, help="Skip rendering every product.")
@click.option("--notes", is_flag=True, help="List notes for reviewers (numbers written as words).")
def check(codes: tuple[str, ...], no_fit: bool, notes: bool) -> None:
    """Check catalogs (all, or CODES): completeness, placeholders, numbers, markup, fit."""
    paths.use_translation_dirs()
    from kyr.cli.listings import check_report

    lines, ok = check_report(codes, check_fit=not no_fit, notes=notes, progress=_fit_progress())
    for line in lines:
        click.echo(line)
    if not ok:
        sys.exit(int(ExitStatus.CATALOG))


@i18n.command()
@click.argument("code")
@click.option("--by", "reviewer", required=True, help="Name of the native-speaker reviewer.")
@click.option("--on", "date", help="Date of the review, YYYY-MM-DD (default: today).")
def review(code: str, reviewer: str, date: str | None) -> None:
    """Mark CODE's translation as reviewed by a native speaker."""
    paths.use_translation_dirs()
    import datetime

    from kyr.i18n.translators import mark_reviewed

    mark_reviewed(code, reviewer, date or datetime.date.today().isoformat())
    _refresh_language_list()
    click.echo(f"{code}: reviewed by {reviewer}; the draft line no longer prints")


def _refresh_language_list() -> None:
    """Keep the README's language list true after the registry changed."""
    from kyr.i18n.language_list import readme_path, update_readme

    if update_readme(only_if_marked=True):
        click.echo(f"updated the language list in {paths.display(readme_path())}")


@i18n.command()
def readme() -> None:
    """Regenerate the README's language list from locales/languages.toml."""
    paths.use_translation_dirs()
    from kyr.i18n.language_list import readme_path, update_readme

    changed = update_readme()
    state = "updated" if changed else "already up to date:"
    click.echo(f"{state} the language list in {paths.display(readme_path())}")


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM stops kyr like Ctrl-C: `finally` blocks run, temporary files go."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
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
        _fail(_as_kyr_error(KeyboardInterrupt()))
    except KyrError as error:  # raised outside a command, e.g. while parsing
        _fail(error)
    sys.exit(status if isinstance(status, int) else 0)
