"""`kyr i18n packet LANG`: the review packet of a language, written in one step into a
folder: `packet-LANG.pdf` and `packet-LANG.html` (instructions, the reviewer's legal
checklist, then each printed string with where it prints; see `kyr.i18n.packet` for
what it says) and `packet-LANG-answers.toml`, the answer sheet `kyr i18n review LANG
--from` reads. The PDF is rendered by kyr's own renderer (pinned fonts, the restricted
fetcher, the language's font stack); the crops are PNGs inside the page. Same catalogs,
same bytes."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from kyr import CONTENT_VERSION, __version__, paths
from kyr.errors import CatalogError
from kyr.i18n.packet import (
    CHECKLIST,
    INSTRUCTIONS,
    LEGAL_TERMS,
    Packet,
    PacketEntry,
    ReviewState,
    answers_toml,
    drafter_notes,
    packet_entries,
)

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: REVIEW-NOTES.md is a few hundred KB at most.
MAX_NOTES_BYTES = 2 * 1024 * 1024


def packet_names(code: str) -> tuple[str, str, str]:
    """The packet's files: the PDF, the HTML page and the answer sheet."""
    return f"packet-{code}.pdf", f"packet-{code}.html", f"packet-{code}-answers.toml"


def make_packet(code: str) -> tuple[Packet, dict[str, tuple[str, ...]]]:
    """The packet of language `code`, and the products' templates (for the crops)."""
    from kyr.build.packet_crops import packet_products, products_by_template
    from kyr.i18n.catalogs import read_catalog, template_catalog_path
    from kyr.i18n.languages import get_language

    language = get_language(code)
    if language.is_source:
        raise CatalogError(f"'{code}' is the source text: there is no translation to review")
    products = packet_products()
    templates = products_by_template(products)
    entries = packet_entries(
        read_catalog(template_catalog_path()),
        read_catalog(language.catalog_path),
        templates,
        tuple(product.id for product in products),
    )
    packet = Packet(language, CONTENT_VERSION, entries, drafter_notes(_review_notes(), code))
    return packet, templates


def _review_notes() -> str:
    from kyr.files import FileProblem, read_file_text

    path = paths.locales_dir() / "REVIEW-NOTES.md"
    try:
        return read_file_text(path, MAX_NOTES_BYTES, "review notes") if path.is_file() else ""
    except FileProblem:
        return ""


def _drawable(text: str) -> str:
    """`text` with the characters no bundled font draws (an arrow, an emoji in a
    drafter's note) as "?": the renderer refuses a missing glyph."""
    from kyr.fonts.glyphs import characters_without_glyph

    for char in characters_without_glyph(text):
        text = text.replace(char, "?")
    return text


def _emphasis(text: str) -> Markup:
    """`**key words**` as the page prints them: bold."""
    return Markup(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", str(escape(text))))


def _marked(text: str, terms: tuple[str, ...]) -> Markup:
    html = str(_emphasis(text))
    for term in terms:
        html = re.sub(rf"(?i)\b({re.escape(term)}\w*)", r"<mark>\1</mark>", html)
    return Markup(html)


def _state_line(entry: PacketEntry) -> str:
    if entry.state == ReviewState.CHANGED:
        return f"Changed since {entry.reviewed_by} reviewed it ({entry.reviewed_on}): review again"
    if entry.state == ReviewState.UNTRANSLATED:
        return "Not translated"
    if entry.state == ReviewState.REVIEWED:
        return f"Reviewed by {entry.reviewed_by} ({entry.reviewed_on})"
    return "Draft: not reviewed"


def _groups(packet: Packet) -> list[tuple[str, list[PacketEntry]]]:
    """The entries to review under the first product that prints each, in product order."""
    from kyr.content.products import get_product

    groups: dict[str, list[PacketEntry]] = {}
    for entry in packet.to_review:
        groups.setdefault(entry.products[0] if entry.products else "", []).append(entry)
    order = {product: index for index, product in enumerate(_product_order(packet))}
    titled = []
    for product in sorted(groups, key=lambda p: order.get(p, len(order))):
        title = get_product(product).title if product else "Other strings"
        titled.append((f"{product}: {title}" if product else title, groups[product]))
    return titled


def _product_order(packet: Packet) -> list[str]:
    return list(dict.fromkeys(p for entry in packet.entries for p in entry.products))


def packet_html(packet: Packet, where: dict) -> str:
    """The packet's page: the PDF's source, and on screen a form that downloads the
    filled-in answer sheet (offline JavaScript)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )  # fmt: skip
    return env.get_template("packet.html").render(
        packet=packet,
        language=packet.language,
        kyr_version=__version__,
        css=Markup((TEMPLATES / "packet.css").read_text(encoding="utf-8")),
        instructions=INSTRUCTIONS,
        checklist=CHECKLIST,
        legal_terms=LEGAL_TERMS,
        groups=_groups(packet),
        where=where,
        state_line=_state_line,
        emphasis=_emphasis,
        marked=_marked,
        png=lambda data: base64.b64encode(data).decode("ascii"),
        answers=answers_toml(packet),
        answers_name=packet_names(packet.language.code)[2],
    )


def render_packet(code: str) -> dict[str, bytes]:
    """The packet's files by name: the PDF, the HTML page, the answer sheet."""
    from dataclasses import replace

    from kyr.build.packet_crops import Pages, packet_products, render_products, where_printed
    from kyr.render.html_to_pdf import Renderer

    packet, _ = make_packet(code)
    packet = replace(packet, drafter_notes=_drawable(packet.drafter_notes),
                     entries=tuple(_drawable_entry(e) for e in packet.entries))  # fmt: skip
    pages = Pages(render_products(code, packet_products()))
    try:
        where = where_printed(packet.to_review, pages)
    finally:
        pages.close()
    packet = replace(packet, entries=tuple(_printed_on(e, where) for e in packet.entries))
    html = packet_html(packet, where)
    renderer = Renderer()
    pdf = renderer.pdf(renderer.layout(html, [], f"packet-{code}"), f"packet-{code}")
    pdf_name, html_name, answers_name = packet_names(code)
    return {
        pdf_name: pdf,
        html_name: html.encode("utf-8"),
        answers_name: answers_toml(packet).encode("utf-8"),
    }


def _printed_on(entry: PacketEntry, where: dict) -> PacketEntry:
    """`entry` with the products it was found printed on, when it was: a template's
    references also name the products that import one of its macros and print another."""
    from dataclasses import replace

    place = where.get(entry.number)
    return replace(entry, products=place.products) if place and place.products else entry


def _drawable_entry(entry: PacketEntry) -> PacketEntry:
    from dataclasses import replace

    return replace(
        entry,
        back_translation=_drawable(entry.back_translation),
        notes=tuple(_drawable(note) for note in entry.notes),
        context=tuple(_drawable(line) for line in entry.context),
    )


def write_packet(code: str, out_dir: Path) -> list[Path]:
    """Write `code`'s packet into `out_dir` (all three files, or none)."""
    from kyr.files import write_files_atomically

    files = {out_dir / name: data for name, data in render_packet(code).items()}
    write_files_atomically(files)
    return list(files)
