"""The Jinja2 environment: autoescaping on (a translation can never inject markup), the
i18n extension wired to a language's catalog, undefined names an error."""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.bccache

from kyr import paths
from kyr.catalogs import Translations
from kyr.content import PieceContext
from kyr.errors import RenderError


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates kept in kyr's cache folder (keyed by each template's
    source), so a new process does not compile them again (a tenth of a second). A
    folder that cannot be written only costs that time."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


@paths.data_cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.templates_dir()),
        bytecode_cache=_TemplateCache(str(paths.cache_dir() / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=False,
        lstrip_blocks=False,
    )
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


def compile_templates() -> None:
    """Compile every template now (a worker server does, so its workers need not)."""
    env = environment()
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
