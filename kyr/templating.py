"""The Jinja2 environment: autoescaping on (a translation can never inject markup), the
i18n extension wired to a language's catalog, undefined names an error."""

from __future__ import annotations

import jinja2

from kyr import paths
from kyr.catalogs import Translations
from kyr.content import PieceContext
from kyr.errors import RenderError
from kyr.links import link_segments


@paths.data_cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.globals["link_segments"] = link_segments
    return env


def render_html(template: str, translations: Translations, **variables: PieceContext) -> str:
    env = environment()
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translations.gettext, translations.ngettext, newstyle=True
    )
    try:
        return env.get_template(template).render(**variables)
    except jinja2.TemplateSyntaxError as error:
        where = paths.display(paths.templates_dir() / str(error.name))
        raise RenderError(f"{where}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise RenderError(f"{paths.display(paths.templates_dir() / template)}: {error}") from None
