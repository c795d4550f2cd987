"""The translator's side: extract the template catalog from the templates, and create
or update each language's `.po` from it."""

from __future__ import annotations

import contextlib
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po

from kyr import CONTENT_VERSION, paths
from kyr.choices import Direction
from kyr.errors import CatalogError
from kyr.files import FileProblem, read_file
from kyr.i18n.catalogs import (
    plural_rule,
    template_catalog_path,
    web_catalog_path,
    web_template_catalog_path,
)

if TYPE_CHECKING:
    from babel import Locale

COMMENT_TAGS = ["TRANSLATORS:"]


@contextlib.contextmanager
def _templates_in_use() -> Iterator[Path]:
    """One folder holding the templates in use: kyr's own, or with a `--templates`
    overlay, kyr's own with the overlay's files in their place (copied to a temporary
    folder, each read as a bounded regular file inside its folder)."""
    if paths.templates_overlay() is None:
        yield paths.templates_dir()
        return
    with tempfile.TemporaryDirectory(prefix="kyr-templates-") as folder:
        for name in paths.template_files():
            try:
                data = read_file(paths.template_file(name), paths.MAX_TEMPLATE_BYTES, "template")
            except FileProblem as problem:
                raise CatalogError(f"templates: {name}: {problem}") from None
            (Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / name).write_bytes(data)
        yield Path(folder)


def extract_catalog(templates: Path | None = None) -> Catalog:
    """Every translatable string in the templates (by default those in use, an overlay's
    files in place of kyr's), with translator notes and locations."""
    if templates is None:
        with _templates_in_use() as folder:
            return extract_catalog(folder)
    mapping = paths.babel_mapping()
    catalog = Catalog(
        project="kyr",
        version=CONTENT_VERSION,
        msgid_bugs_address="",
        copyright_holder="kyr contributors",
        charset="utf-8",
    )
    with mapping.open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream, filename=str(mapping))
    try:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(templates),
            method_map=method_map,
            options_map=options_map,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            catalog.add(
                message, None, [(filename, lineno)], auto_comments=comments, context=context
            )
    except Exception as error:  # a template with a syntax error: name it, never skip it
        raise CatalogError(f"templates: cannot extract strings: {error}") from None
    return catalog


#: Babel writes its own version into every header ("Generated-By: Babel 2.18.0"); kyr
#: writes its name instead, so that a Babel release changes no tracked catalog.
_GENERATED_BY = re.compile(rb'^"Generated-By: [^"\n]*\\n"$', re.MULTILINE)
GENERATED_BY = b'"Generated-By: kyr i18n\\n"'


def catalog_bytes(catalog: Catalog, **options) -> bytes:
    stream = BytesIO()
    options = {"width": 88, "omit_header": False, "sort_output": False, **options}
    write_po(stream, catalog, **options)
    return _GENERATED_BY.sub(lambda _: GENERATED_BY, stream.getvalue(), count=1)


def strip_creation_date(data: bytes) -> bytes:
    """Drop the POT-Creation-Date line so that re-extracting unchanged templates changes
    nothing in git."""
    lines = data.split(b"\n")
    return b"\n".join(line for line in lines if not line.startswith(b'"POT-Creation-Date:'))


def write_template_catalog(target: Path | None = None) -> Catalog:
    from kyr.files import write_files_atomically

    catalog = extract_catalog()
    data = strip_creation_date(catalog_bytes(catalog))
    write_files_atomically({target or template_catalog_path(): data})
    return catalog


#: The page's Python modules with strings for the web catalog (marked `N_`).
WEB_MODULES = ("form_errors.py",)


def extract_web_catalog() -> Catalog:
    """The strings of `kyr serve`'s page and `kyr site`'s index (the `web` domain): its
    templates' and those its Python modules mark (WEB_MODULES)."""
    from babel.messages.extract import extract_from_file

    catalog = extract_catalog(paths.WEB_TEMPLATES)
    for name in WEB_MODULES:
        path = paths.WEB_TEMPLATES.parent / name
        for lineno, message, comments, context in extract_from_file(
            "python", str(path), keywords={"N_": None}, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):  # fmt: skip
            catalog.add(message, None, [(f"../{name}", lineno)], auto_comments=comments,
                        context=context)  # fmt: skip
    return catalog


def write_web_template_catalog() -> Catalog:
    """`locales/web.pot`, from kyr's own web templates."""
    from kyr.files import write_files_atomically

    catalog = extract_web_catalog()
    data = strip_creation_date(catalog_bytes(catalog))
    write_files_atomically({web_template_catalog_path(): data})
    return catalog


SCRIPT_FONTS: dict[str, tuple[str, ...]] = {
    "Latn": ("Noto Sans",),
    "Cyrl": ("Noto Sans",),
    "Grek": ("Noto Sans",),
    "Arab": ("Noto Naskh Arabic", "Noto Sans"),
    "Hans": ("Noto Sans CJK SC", "Noto Sans"),
    "Hant": ("Noto Sans CJK TC", "Noto Sans"),
    "Kore": ("Noto Sans CJK KR", "Noto Sans"),
    "Jpan": ("Noto Sans CJK JP", "Noto Sans"),
    "Deva": ("Noto Sans Devanagari", "Noto Sans"),
    "Guru": ("Noto Sans Gurmukhi", "Noto Sans"),
    "Ethi": ("Noto Sans Ethiopic", "Noto Sans"),
    "Beng": ("Noto Sans Bengali", "Noto Sans"),
    "Mymr": ("Noto Sans Myanmar", "Noto Sans"),
    "Khmr": ("Noto Sans Khmer", "Noto Sans"),
    "Thai": ("Noto Sans Thai", "Noto Sans"),
    "Laoo": ("Noto Sans Lao", "Noto Sans"),
    "Armn": ("Noto Sans Armenian", "Noto Sans"),
    "Geor": ("Noto Sans Georgian", "Noto Sans"),
    "Taml": ("Noto Sans Tamil", "Noto Sans"),
    "Telu": ("Noto Sans Telugu", "Noto Sans"),
    "Gujr": ("Noto Sans Gujarati", "Noto Sans"),
}
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


def _likely_script(code: str) -> str | None:
    from babel.core import get_global

    parts = code.replace("-", "_").split("_")
    if len(parts) > 1 and len(parts[1]) == 4:
        return parts[1].title()
    likely = get_global("likely_subtags").get(parts[0])
    if likely:
        for part in likely.split("_")[1:]:
            if len(part) == 4:
                return part
    return None


def _plural_forms(code: str) -> str:
    from babel import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        return str(get_plural(code.replace("-", "_")))
    except (UnknownLocaleError, ValueError, KeyError):
        return DEFAULT_PLURAL_FORMS


def new_catalog_bytes(code: str, plural_forms: str, language_name: str) -> bytes:
    """A fresh catalog for `code` from the template, with every msgid untranslated. The
    header is written by kyr so that codes CLDR does not know (hmn, mxt) work too."""
    from kyr.i18n.catalogs import read_catalog

    template = read_catalog(template_catalog_path())
    header = (
        "# Translation of kyr's printed materials.\n"
        "# This file is distributed under the same license as the kyr project.\n"
        'msgid ""\n'
        'msgstr ""\n'
        f'"Project-Id-Version: kyr {CONTENT_VERSION}\\n"\n'
        f'"Language: {code.replace("-", "_")}\\n"\n'
        f'"Language-Team: {language_name}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=utf-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {plural_forms}\\n"\n'
    )
    template.header_comment = ""
    body = catalog_bytes(template, omit_header=True)
    return (header + "\n").encode("utf-8") + body


def add_language(
    code: str,
    english_name: str | None = None,
    autonym: str | None = None,
    direction: str | None = None,
    script: str | None = None,
    fonts: tuple[str, ...] = (),
    plural_forms: str | None = None,
    fallback: str | None = None,
) -> Path:
    """Start a translation: `locales/<dir>/LC_MESSAGES/messages.po` from the template and
    a row in the language registry. Refuses a language that already exists."""
    from kyr.files import write_files_atomically
    from kyr.i18n import registry_edits as registry_file
    from kyr.i18n.languages import load_registry, registry_path

    if not re.fullmatch(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2}|-[0-9]{3})?", code):
        raise CatalogError(f"'{code}' is not a BCP 47 tag like es, hmn, zh-Hant or pt-BR")
    registry = load_registry()
    registry_file_path = registry_path()
    target = _new_catalog_path(code, registry, registry_file_path.name)
    cldr = _cldr_locale(code)
    english_name = english_name or (cldr.get_display_name("en") if cldr else None)
    if not english_name:
        raise CatalogError(f"CLDR does not know '{code}': give its name with --name")
    english_name = _one_line(english_name, "--name")
    row = _registry_row(code, cldr, english_name, autonym, direction, script, fonts)
    if fallback:
        if fallback not in registry:
            raise CatalogError(f"fallback '{fallback}' is not a registered language")
        row["fallback"] = fallback
    plural_forms = _checked_plural_forms(plural_forms or _plural_forms(code))
    po = new_catalog_bytes(code, plural_forms, english_name)
    registry_text = registry_file.append_language(
        registry_file_path.read_text(encoding="utf-8"), row
    )
    _check_registry_text(registry_text)
    write_files_atomically({target: po, registry_file_path: registry_text.encode("utf-8")})
    load_registry.cache_clear()  # type: ignore[attr-defined]
    return target


def _new_catalog_path(code: str, registry: Mapping[str, object], registry_name: str) -> Path:
    """Where `code`'s new catalog goes; refused when the language or its file exists."""
    from kyr.i18n.languages import catalog_dir

    if code in registry:
        raise CatalogError(f"language '{code}' already exists in {registry_name}")
    target = paths.locales_dir() / catalog_dir(code) / "LC_MESSAGES" / "messages.po"
    if target.exists():
        raise CatalogError(f"{paths.display(target)} already exists")
    return target


def _cldr_locale(code: str) -> Locale | None:
    """What CLDR knows of `code`, or None (hmn, mxt and other codes it does not know)."""
    from babel import Locale, UnknownLocaleError

    from kyr.i18n.languages import catalog_dir

    try:
        return Locale.parse(catalog_dir(code))
    except (UnknownLocaleError, ValueError):
        return None


def _registry_row(
    code: str,
    cldr: Locale | None,
    english_name: str,
    autonym: str | None,
    direction: str | None,
    script: str | None,
    fonts: tuple[str, ...],
) -> dict[str, object]:
    """The language's registry row: what CLDR knows is left out, what it does not is
    written (or guessed: the script's direction and bundled fonts)."""
    autonym = _one_line(autonym, "--autonym") if autonym else None
    script = script or _likely_script(code)
    if not script:
        raise CatalogError(f"cannot tell the script of '{code}': give it with --script (ISO 15924)")
    fonts = fonts or SCRIPT_FONTS.get(script, ())
    if not fonts:
        raise CatalogError(
            f"no bundled font for script '{script}': add one to assets/fonts and give --font"
        )
    row: dict[str, object] = {"code": code}
    if not cldr or english_name != cldr.get_display_name("en"):
        row["english_name"] = english_name
    if autonym or not cldr:
        row["autonym"] = autonym or english_name
    if direction or not cldr:
        written_rtl = script in ("Arab", "Hebr", "Thaa")
        row["direction"] = direction or (Direction.RTL if written_rtl else Direction.LTR)
    row.update({"script": script, "fonts": list(fonts), "reviewed_by": "", "reviewed_on": ""})
    return row


def _checked_plural_forms(plural_forms: str) -> str:
    """`plural_forms` as a catalog header says it, its expression checked as kyr reads it."""
    expression = re.search(r"plural=([^;]+);?\s*$", plural_forms)
    if not re.match(r"\s*nplurals=\d+;", plural_forms) or not expression:
        raise CatalogError("--plural-forms must look like 'nplurals=2; plural=(n != 1);'")
    plural_rule(expression.group(1), "--plural-forms")
    return plural_forms


def update_catalogs() -> list[Path]:
    """Merge the template catalog into every language's catalog (new strings added
    untranslated, changed ones marked fuzzy, removed ones kept as obsolete)."""
    from kyr.files import write_files_atomically
    from kyr.i18n.catalogs import read_catalog
    from kyr.i18n.languages import load_registry

    template = read_catalog(template_catalog_path())
    files: dict[Path, bytes] = {}
    for language in load_registry().values():
        if language.is_source:
            continue
        catalog = read_catalog(language.catalog_path)
        catalog.update(template, update_header_comment=False)
        files[language.catalog_path] = catalog_bytes(catalog, include_previous=True)
    files.update(_updated_web_catalogs())
    write_files_atomically(files)
    return list(files)


def _updated_web_catalogs() -> dict[Path, bytes]:
    """The page's catalogs (`web.po`, for the languages that have one) merged with
    `web.pot`, as `update_catalogs` does for the printed strings."""
    from kyr.i18n.catalogs import read_catalog
    from kyr.i18n.languages import load_registry

    if not web_template_catalog_path().is_file():
        return {}
    template = read_catalog(web_template_catalog_path())
    files = {}
    for code in load_registry():
        path = web_catalog_path(code)
        if path.is_file():
            catalog = read_catalog(path)
            catalog.update(template, update_header_comment=False)
            files[path] = catalog_bytes(catalog, include_previous=True)
    return files


def _one_line(value: str, option: str) -> str:
    value = value.strip()
    if not value or any(unicodedata.category(char)[0] == "C" for char in value):
        raise CatalogError(f"{option} must be one line of text (got {value!r})")
    return value


def _check_registry_text(text: str) -> None:
    """Never write a registry that kyr itself could not read back."""
    import tomllib

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:  # pragma: no cover - a bug in registry_file
        raise CatalogError(f"refusing to write an unreadable languages.toml: {error}") from None

