"""The interface's templates and translations.

The page's strings are gettext messages in their own domain, `web`: the template
catalog `locales/web.pot` (`kyr i18n extract` writes it from `kyr/web/templates/`) and
one `locales/<code>/LC_MESSAGES/web.po` per interface language, beside the printed
products' `messages.po`, translated with the same tools (Poedit, Weblate). A language
without a `web.po` is printed in, but the page around it stays in English. The fonts are
kyr's own, served by the page itself: nothing is loaded from elsewhere."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from kyr import paths
from kyr.choices import Direction
from kyr.i18n.catalogs import web_catalog_path
from kyr.i18n.languages import SOURCE_LANGUAGE, Language, font_stack, load_registry

TEMPLATES = paths.WEB_TEMPLATES
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class Interface:
    """The page's language: its code, direction and gettext."""

    code: str
    direction: str
    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]


@paths.data_cache
def interface_languages() -> dict[str, Language]:
    """Languages the page itself can be shown in: English and those with a `web.po`."""
    registry = load_registry()
    return {
        code: language
        for code, language in registry.items()
        if code == SOURCE_LANGUAGE or web_catalog_path(code).is_file()
    }


@paths.data_cache
def interface(code: str) -> Interface:
    """The page's strings in `code` (English for a language without a `web.po`);
    untranslated and fuzzy entries show in English."""
    from kyr.i18n.catalogs import read_catalog, translations_from_catalog

    language = interface_languages().get(code) or load_registry()[SOURCE_LANGUAGE]
    if language.is_source:
        return Interface(
            SOURCE_LANGUAGE, Direction.LTR, lambda s: s, lambda s, p, n: s if n == 1 else p
        )
    path = web_catalog_path(language.code)
    catalog = translations_from_catalog(read_catalog(path), language.code, label=str(path))

    def gettext(message: str) -> str:
        return catalog.messages.get(message) or message

    def ngettext(singular: str, plural: str, n: int) -> str:
        forms = catalog.plurals.get(singular)
        index = catalog.plural_rule(n) if forms else -1  # type: ignore[operator]
        if forms and 0 <= index < len(forms) and forms[index]:
            return forms[index]
        return singular if n == 1 else plural

    return Interface(language.code, language.direction, gettext, ngettext)


def negotiate(asked: str | None, accept_language: str) -> str:
    """The interface language: `?ui=CODE` if the page has it, else the first of the
    browser's Accept-Language that it has, else English."""
    available = interface_languages()
    by_lower = {code.lower(): code for code in available}
    candidates = [asked or ""] + [
        part.split(";")[0].strip() for part in accept_language.split(",") if part.strip()
    ]
    for candidate in candidates:
        tag = candidate.replace("_", "-").lower()
        while tag:
            if tag in by_lower:
                return by_lower[tag]
            tag = tag.rpartition("-")[0]
    return SOURCE_LANGUAGE


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )


def render_page(template: str, ui: Interface, **variables: object) -> str:
    """A template of the interface, its strings in `ui`'s language. Rendered under a
    lock-free copy of the environment per call: requests run concurrently."""
    env = environment().overlay()
    env.install_gettext_callables(ui.gettext, ui.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env.get_template(template).render(ui=ui, **variables)


# -- fonts --


@paths.data_cache
def font_files() -> dict[str, dict[str, str]]:
    """kyr's bundled fonts by family, then weight ("normal", "bold"): file names."""
    from fontTools.ttLib import TTFont

    families: dict[str, dict[str, str]] = {}
    for path in sorted(paths.fonts_dir().iterdir()):
        if path.suffix not in (".ttf", ".otf"):
            continue
        with TTFont(path, lazy=True) as font:
            names = font["name"]
            family = str(names.getDebugName(16) or names.getDebugName(1))
            style = str(names.getDebugName(17) or names.getDebugName(2)).lower()
        if style in ("regular", "bold"):
            families.setdefault(family, {})["bold" if style == "bold" else "normal"] = path.name
    return families


def script_class(language: Language) -> str:
    return f"script-{language.script}"


@paths.data_cache
def fonts_css() -> str:
    """@font-face rules for kyr's fonts (a browser loads only those its text needs) and a
    class per script giving that script's font stack, from the language registry."""
    rules = []
    for family, weights in font_files().items():
        for weight, name in sorted(weights.items()):
            rules.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'font-display: swap; src: url("/fonts/{name}"); }}'
            )
    stacks: dict[str, str] = {}
    for language in load_registry().values():
        stacks.setdefault(script_class(language), font_stack(language.fonts))
    for name, stack in stacks.items():
        rules.append(f".{name} {{ font-family: {stack}, sans-serif; }}")
    return "\n".join(rules) + "\n"
