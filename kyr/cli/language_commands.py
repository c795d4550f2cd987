"""Commands about languages and products: `kyr products`, `kyr languages` and the
translator's `kyr i18n …`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kyr import paths
from kyr.choices import Direction
from kyr.cli.environment import WorkingPath
from kyr.cli.failures import Group
from kyr.cli.options import (
    OneOf,
)
from kyr.errors import ExitStatus


@click.command()
def products() -> None:
    """List the products with their sizes."""
    from kyr.cli.listings import product_lines

    for line in product_lines():
        click.echo(line)


@click.command()
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


@click.group(cls=Group)
def i18n() -> None:
    """Translator's commands: extract, add, update, check and review catalogs, review
    packets, the wording's changes between content versions, and the README's language
    list.

    They work on a checkout's locales/ folder (found from the current folder upward),
    or on the one given with `kyr --locales DIR i18n ...`."""


@i18n.command()
def extract() -> None:
    """Regenerate locales/messages.pot from the templates (and locales/web.pot from
    the kyr serve page's), the current content version's copy in locales/versions/
    and the wording changelog locales/CHANGES.md."""
    paths.use_translation_dirs()
    from kyr.i18n.catalogs import template_catalog_path, web_template_catalog_path
    from kyr.i18n.translators import write_template_catalog, write_web_template_catalog

    catalog = write_template_catalog()
    target = paths.display(template_catalog_path())
    click.echo(f"wrote {target} ({len(catalog)} strings)")
    web = write_web_template_catalog()
    click.echo(f"wrote {paths.display(web_template_catalog_path())} ({len(web)} strings: "
               "the kyr serve page)")  # fmt: skip
    from kyr.i18n.versions import write_current_snapshot

    snapshot, changes = write_current_snapshot()
    click.echo(f"wrote {paths.display(snapshot)} (this content version's English) "
               f"and {paths.display(changes)}")  # fmt: skip


@i18n.command()
@click.argument("code")
@click.option("--name", help="English name (needed when CLDR does not know the code).")
@click.option("--autonym", help="The language's name for itself.")
@click.option("--direction", type=OneOf(Direction), help="Text direction.")
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
@click.option(
    "--string", "strings", multiple=True, metavar="MSGID",
    help="Review only this English string (repeatable; default: every translated one).",
)  # fmt: skip
@click.option(
    "--from", "answers", type=WorkingPath(path_type=Path, dir_okay=False, exists=True),
    metavar="FILE",
    help="Record a review packet's answers (packet-CODE-answers.toml: ok strings, "
    "corrections), or every translated string of an edited CODE .po (changes copied in).",
)  # fmt: skip
def review(
    code: str, reviewer: str, date: str | None, strings: tuple[str, ...], answers: Path | None
) -> None:
    """Record that a native speaker read CODE's translations against the current English."""
    paths.use_translation_dirs()
    import datetime

    from kyr.i18n.reviewing import record_answers, record_reviews

    date = date or datetime.date.today().isoformat()
    if answers is not None and strings:
        raise click.UsageError("--from and --string cannot be used together")
    if answers is not None:
        done = record_answers(code, reviewer, date, answers)
    else:
        done = record_reviews(code, reviewer, date, strings)
    _refresh_language_list()
    status = done.status
    click.echo(
        f"{code}: {done.signed} string(s) reviewed by {reviewer}; "
        f"{status.reviewed}/{status.total} printed strings reviewed"
    )
    if status.complete:
        click.echo(f"{code}: every printed string is reviewed; the draft line no longer prints")


@i18n.command()
@click.argument("code")
@click.option(
    "--out", "out_dir", type=WorkingPath(path_type=Path, file_okay=False), default=Path("."),
    show_default="the current folder", help="Folder to write the packet in.",
)  # fmt: skip
def packet(code: str, out_dir: Path) -> None:
    """Write CODE's review packet for a bilingual volunteer: packet-CODE.pdf and .html
    (the legal checklist, then each printed string with its English, translation, notes
    and where it prints) and packet-CODE-answers.toml to fill in for `review --from`."""
    paths.use_translation_dirs()
    from kyr.build.packet import write_packet

    for path in write_packet(code, out_dir):
        click.echo(f"wrote {paths.display(path)}")


@i18n.command()
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "markdown"]), default="text",
    help="text: one line a string; markdown: a section of the changelog.",
)  # fmt: skip
@click.option("--changelog", is_flag=True, help="Print the whole wording changelog (CHANGES.md).")
def diff(old: str | None, new: str | None, output_format: str, changelog: bool) -> None:
    """List the English strings added, changed and removed between content versions OLD
    and NEW (default: the current version and the one before)."""
    from kyr import CONTENT_VERSION
    from kyr.i18n import versions

    if changelog:
        click.echo(versions.changelog(), nl=False)
        return
    new = new or (CONTENT_VERSION if old is None else None)
    if new is None:  # one version given: what changed up to it
        old, new = versions.previous_version(old or ""), old
    elif old is None:
        old = versions.previous_version(new)
    if old is None or new is None:
        click.echo(f"{new} is the first recorded content version: nothing to compare it with")
        return
    found = versions.diff_versions(old, new)
    markdown = output_format == "markdown"
    lines = versions.markdown_lines(found) if markdown else versions.text_lines(found)
    for line in lines:
        click.echo(line)


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
