"""The translator's side: extract the template catalog from the templates, and create
or update each language's `.po` from it."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from kyr import CONTENT_VERSION, paths
from kyr.catalogs import TEMPLATE_CATALOG
from kyr.errors import CatalogError

METHOD_MAP = [("**.html", "jinja2.ext:babel_extract")]
OPTIONS_MAP = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}}
COMMENT_TAGS = ["TRANSLATORS:"]


def extract_catalog(templates: Path = paths.TEMPLATES) -> Catalog:
    """Every translatable string in the templates, with translator notes and locations."""
    catalog = Catalog(
        project="kyr",
        version=CONTENT_VERSION,
        msgid_bugs_address="",
        copyright_holder="kyr contributors",
        charset="utf-8",
    )
    try:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(templates),
            method_map=METHOD_MAP,
            options_map=OPTIONS_MAP,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            catalog.add(
                message, None, [(filename, lineno)], auto_comments=comments, context=context
            )
    except Exception as error:  # a template with a syntax error: name it, never skip it
        raise CatalogError(f"templates: cannot extract strings: {error}") from None
    return catalog


def catalog_bytes(catalog: Catalog, **options) -> bytes:
    stream = BytesIO()
    write_po(stream, catalog, width=88, omit_header=False, sort_output=False, **options)
    return stream.getvalue()


def strip_creation_date(data: bytes) -> bytes:
    """Drop the POT-Creation-Date line so that re-extracting unchanged templates changes
    nothing in git."""
    lines = data.split(b"\n")
    return b"\n".join(line for line in lines if not line.startswith(b'"POT-Creation-Date:'))


def write_template_catalog(target: Path = TEMPLATE_CATALOG) -> Catalog:
    from kyr.output import write_files_atomically

    catalog = extract_catalog()
    write_files_atomically({target: strip_creation_date(catalog_bytes(catalog))})
    return catalog
